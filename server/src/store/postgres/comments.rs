//! PostgreSQL: comment threads, the post transaction (idempotency across instances, parent check, rate
//! limit, moderation) and reports.

use super::Postgres;
use crate::error::{AppError, AppResult};
use crate::keys::Keys;
use crate::store::rows::{
    idempotency_ttl_ns, nanos, now_rfc3339, request_hash, rfc3339, CommentRow,
    COMMENT_SELECT as SELECT, LISTED,
};
use crate::store::trail::CHAIN;
use crate::store::{bad_parent, comments_closed, replay, Admit, NewPost, Posted};
use deadpool_postgres::GenericClient;
use model::{Comment, CommentOrder};
use tokio_postgres::Row;

pub(super) fn comment_row(row: &Row) -> CommentRow {
    CommentRow {
        id: row.get(0),
        article_id: row.get(1),
        parent_id: row.get(2),
        reply_to: row.get(3),
        author: row.get(4),
        text: row.get(5),
        created_at: row.get(6),
        status: row.get(7),
        created_ns: row.get(8),
        reply_count: row.get(9),
    }
}

async fn published(c: &impl GenericClient, article: Option<i64>, id: i64) -> AppResult<bool> {
    Ok(match article {
        Some(a) => {
            c.query_opt(
                "SELECT 1 FROM comments WHERE id = $1 AND article_id = $2 AND status = 'published'",
                &[&id, &a],
            )
            .await?
        }
        None => {
            c.query_opt(
                "SELECT 1 FROM comments WHERE id = $1 AND status = 'published'",
                &[&id],
            )
            .await?
        }
    }
    .is_some())
}

impl Postgres {
    pub async fn comment_published(&self, article: Option<i64>, id: i64) -> AppResult<bool> {
        published(&self.conn().await?, article, id).await
    }

    pub async fn comments(
        &self,
        article: i64,
        parent: i64,
        order: CommentOrder,
        after: Option<(i64, i64)>,
        limit: u32,
    ) -> AppResult<(Vec<(Comment, i64)>, u32)> {
        let (cmp, dir) = match order {
            CommentOrder::Newest => ("<", "DESC"),
            CommentOrder::Oldest => (">", "ASC"),
        };
        let limit = i64::from(limit);
        let c = self.conn().await?;
        let rows = match after {
            None => {
                let stmt = c
                    .prepare_cached(&format!(
                        "{SELECT} WHERE c.article_id = $1 AND c.parent_id = $2 AND c.status IN {LISTED}
                         ORDER BY c.created_ns {dir}, c.id {dir} LIMIT $3"
                    ))
                    .await?;
                c.query(&stmt, &[&article, &parent, &limit]).await?
            }
            Some((t, id)) => {
                let stmt = c
                    .prepare_cached(&format!(
                        "{SELECT} WHERE c.article_id = $1 AND c.parent_id = $2 AND c.status IN {LISTED}
                           AND (c.created_ns, c.id) {cmp} ($3, $4)
                         ORDER BY c.created_ns {dir}, c.id {dir} LIMIT $5"
                    ))
                    .await?;
                c.query(&stmt, &[&article, &parent, &t, &id, &limit])
                    .await?
            }
        };
        let total: i64 = c
            .query_one(
                "SELECT COUNT(*) FROM comments WHERE article_id = $1 AND parent_id = $2 AND status = 'published'",
                &[&article, &parent],
            )
            .await?
            .get(0);
        let items = rows
            .iter()
            .map(|r| comment_row(r).into_comment())
            .collect::<AppResult<Vec<_>>>()?;
        Ok((items, total.clamp(0, u32::MAX as i64) as u32))
    }

    pub async fn article_thread(&self, article: i64) -> AppResult<(u32, bool)> {
        let row = self
            .conn()
            .await?
            .query_one(
                "SELECT (SELECT COUNT(*) FROM comments WHERE article_id = $1 AND status = 'published'),
                        coalesce((SELECT comments_open FROM articles WHERE id = $1), TRUE)",
                &[&article],
            )
            .await?;
        let total: i64 = row.get(0);
        Ok((total.clamp(0, u32::MAX as i64) as u32, row.get(1)))
    }

    pub async fn comment_listed(&self, article: i64, id: i64) -> AppResult<bool> {
        Ok(self
            .conn()
            .await?
            .query_opt(
                &format!(
                    "SELECT 1 FROM comments WHERE id = $1 AND article_id = $2 AND status IN {LISTED}"
                ),
                &[&id, &article],
            )
            .await?
            .is_some())
    }

    /// The rows of comment `id` and of its parents, up to `depth` levels up (see `store/trail.rs`).
    pub async fn comment_chain_rows(&self, id: i64, depth: i64) -> AppResult<Vec<CommentRow>> {
        let c = self.conn().await?;
        let chain = CHAIN.replace("{P1}", "$1").replace("{P2}", "$2");
        let stmt = c
            .prepare_cached(&format!(
                "{chain}{SELECT} WHERE c.id IN (SELECT id FROM chain)"
            ))
            .await?;
        Ok(c.query(&stmt, &[&id, &depth])
            .await?
            .iter()
            .map(comment_row)
            .collect())
    }

    pub async fn post_comment(&self, post: NewPost, admit: Admit) -> AppResult<Posted> {
        let mut c = self.conn().await?;
        let tx = c.transaction().await?;
        // One post per (article, key) at a time across every instance: a retry sent to another instance
        // waits for the first to commit, then finds its answer.
        tx.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
            &[&format!("comment:{}:{}", post.article, post.key)],
        )
        .await?;
        let hash = request_hash(&post);
        let now = time::OffsetDateTime::now_utc();
        let earlier = tx
            .query_opt(
                "SELECT request_hash, status, body FROM idempotency
                 WHERE article_id = $1 AND key = $2 AND created_ns >= $3",
                &[
                    &post.article,
                    &post.key,
                    &(nanos(now) - idempotency_ttl_ns()),
                ],
            )
            .await?;
        if let Some(r) = earlier {
            return replay(&hash, r.get(0), i64::from(r.get::<_, i32>(1)), r.get(2));
        }
        let open: bool = tx
            .query_opt(
                "SELECT comments_open FROM articles WHERE id = $1",
                &[&post.article],
            )
            .await?
            .is_none_or(|r| r.get(0));
        if !open && !post.by_desk {
            return Err(comments_closed());
        }
        if let Some(p) = post.parent {
            if !published(&tx, Some(post.article), p).await? {
                return Err(bad_parent());
            }
        }
        admit().map_err(AppError::rate_limited)?;
        let status = if post.moderation {
            "pending"
        } else {
            "published"
        };
        let id: i64 = tx
            .query_one(
                "INSERT INTO comments (article_id, parent_id, author, text, created_at, created_ns, status, client)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                &[
                    &post.article,
                    &post.parent.unwrap_or(0),
                    &post.author,
                    &post.text,
                    &rfc3339(now)?,
                    &nanos(now),
                    &status,
                    &post.client,
                ],
            )
            .await?
            .get(0);
        if !post.moderation {
            tx.execute(
                "UPDATE articles SET comment_count = comment_count + 1 WHERE id = $1",
                &[&post.article],
            )
            .await?;
            // Its thread and count changed (a comment held for moderation changes neither).
            super::note(&tx, &Keys::default().with(Keys::article(post.article))).await?;
        }
        let row = tx
            .query_one(&format!("{SELECT} WHERE c.id = $1"), &[&id])
            .await?;
        let (comment, _) = comment_row(&row).into_comment()?;
        let body = serde_json::to_vec(&comment)?;
        tx.execute(
            // An expired row with this key may still be there until the next prune.
            "INSERT INTO idempotency (article_id, key, request_hash, status, body, created_ns)
             VALUES ($1, $2, $3, 201, $4, $5)
             ON CONFLICT (article_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash,
               status = EXCLUDED.status, body = EXCLUDED.body, created_ns = EXCLUDED.created_ns",
            &[
                &post.article,
                &post.key,
                &hash,
                &String::from_utf8_lossy(&body).into_owned(),
                &nanos(now),
            ],
        )
        .await?;
        tx.commit().await?;
        Ok(Posted { status: 201, body })
    }

    pub async fn report(
        &self,
        comment: i64,
        reason: Option<String>,
        client: String,
    ) -> AppResult<()> {
        let now = now_rfc3339()?;
        self.conn()
            .await?
            .execute(
                "INSERT INTO reports (comment_id, reason, client, created_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (comment_id, client) DO NOTHING",
                &[&comment, &reason, &client, &now],
            )
            .await?;
        Ok(())
    }
}
