//! SQLite: comment threads, the post transaction (idempotency, parent check, rate limit, moderation)
//! and reports.

use super::{immediate, Sqlite};
use crate::error::{AppError, AppResult};
use crate::keys::Keys;
use crate::store::rows::{
    idempotency_ttl_ns, nanos, now_rfc3339, request_hash, rfc3339, CommentRow,
    COMMENT_SELECT as SELECT, LISTED,
};
use crate::store::trail::CHAIN;
use crate::store::{bad_parent, comments_closed, replay, Admit, NewPost, Posted};
use model::{Comment, CommentOrder};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};

pub(super) fn comment_row(row: &Row) -> rusqlite::Result<CommentRow> {
    Ok(CommentRow {
        id: row.get(0)?,
        article_id: row.get(1)?,
        parent_id: row.get(2)?,
        reply_to: row.get(3)?,
        author: row.get(4)?,
        text: row.get(5)?,
        created_at: row.get(6)?,
        status: row.get(7)?,
        created_ns: row.get(8)?,
        reply_count: row.get(9)?,
    })
}

fn published(conn: &Connection, article: Option<i64>, id: i64) -> AppResult<bool> {
    Ok(match article {
        Some(a) => conn
            .prepare_cached(
                "SELECT 1 FROM comments WHERE id = ?1 AND article_id = ?2 AND status = 'published'",
            )?
            .query_row([id, a], |_| Ok(()))
            .optional()?,
        None => conn
            .prepare_cached("SELECT 1 FROM comments WHERE id = ?1 AND status = 'published'")?
            .query_row([id], |_| Ok(()))
            .optional()?,
    }
    .is_some())
}

impl Sqlite {
    pub async fn comment_published(&self, article: Option<i64>, id: i64) -> AppResult<bool> {
        self.read(move |c| published(c, article, id)).await
    }

    pub async fn comments(
        &self,
        article: i64,
        parent: i64,
        order: CommentOrder,
        after: Option<(i64, i64)>,
        limit: u32,
    ) -> AppResult<(Vec<(Comment, i64)>, u32)> {
        self.read(move |conn| {
            let (cmp, dir) = match order {
                CommentOrder::Newest => ("<", "DESC"),
                CommentOrder::Oldest => (">", "ASC"),
            };
            let mut args: Vec<Value> = vec![article.into(), parent.into()];
            let mut sql = format!(
                "{SELECT} WHERE c.article_id = ? AND c.parent_id = ? AND c.status IN {LISTED}"
            );
            if let Some((t, id)) = after {
                sql.push_str(&format!(" AND (c.created_ns, c.id) {cmp} (?, ?)"));
                args.extend([t.into(), id.into()]);
            }
            sql.push_str(&format!(" ORDER BY c.created_ns {dir}, c.id {dir} LIMIT ?"));
            args.push((limit as i64).into());
            let rows = conn
                .prepare_cached(&sql)?
                .query_map(params_from_iter(args), comment_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let total: i64 = conn
                .prepare_cached("SELECT COUNT(*) FROM comments WHERE article_id = ?1 AND parent_id = ?2 AND status = 'published'")?
                .query_row([article, parent], |r| r.get(0))?;
            let items = rows
                .into_iter()
                .map(CommentRow::into_comment)
                .collect::<AppResult<Vec<_>>>()?;
            Ok((items, total.clamp(0, u32::MAX as i64) as u32))
        })
        .await
    }

    pub async fn article_thread(&self, article: i64) -> AppResult<(u32, bool)> {
        self.read(move |c| {
            let (total, open): (i64, bool) = c
                .prepare_cached(
                    "SELECT (SELECT COUNT(*) FROM comments WHERE article_id = ?1 AND status = 'published'),
                            coalesce((SELECT comments_open FROM articles WHERE id = ?1), 1)",
                )?
                .query_row([article], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok((total.clamp(0, u32::MAX as i64) as u32, open))
        })
        .await
    }

    pub async fn comment_listed(&self, article: i64, id: i64) -> AppResult<bool> {
        self.read(move |c| {
            Ok(c.prepare_cached(&format!(
                "SELECT 1 FROM comments WHERE id = ?1 AND article_id = ?2 AND status IN {LISTED}"
            ))?
            .query_row([id, article], |_| Ok(()))
            .optional()?
            .is_some())
        })
        .await
    }

    /// The rows of comment `id` and of its parents, up to `depth` levels up (see `store/trail.rs`).
    pub async fn comment_chain_rows(&self, id: i64, depth: i64) -> AppResult<Vec<CommentRow>> {
        self.read(move |c| {
            let chain = CHAIN.replace("{P1}", "?1").replace("{P2}", "?2");
            Ok(c.prepare_cached(&format!(
                "{chain}{SELECT} WHERE c.id IN (SELECT id FROM chain)"
            ))?
            .query_map([id, depth], comment_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .await
    }

    pub async fn post_comment(&self, post: NewPost, admit: Admit) -> AppResult<Posted> {
        self.write(move |conn| {
            let tx = immediate(conn)?;
            let hash = request_hash(&post);
            let now = time::OffsetDateTime::now_utc();
            let earlier: Option<(String, i64, String)> = tx
                .prepare_cached(
                    "SELECT request_hash, status, body FROM idempotency
                     WHERE article_id = ?1 AND key = ?2 AND created_ns >= ?3",
                )?
                .query_row(
                    params![post.article, post.key, nanos(now) - idempotency_ttl_ns()],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            if let Some((earlier_hash, status, body)) = earlier {
                return replay(&hash, &earlier_hash, status, body);
            }
            let open: bool = tx
                .prepare_cached("SELECT comments_open FROM articles WHERE id = ?1")?
                .query_row([post.article], |r| r.get(0))
                .optional()?
                .unwrap_or(true);
            if !open && !post.by_desk {
                return Err(comments_closed());
            }
            if let Some(p) = post.parent {
                if !published(&tx, Some(post.article), p)? {
                    return Err(bad_parent());
                }
            }
            admit().map_err(AppError::rate_limited)?;
            let status = if post.moderation { "pending" } else { "published" };
            tx.execute(
                "INSERT INTO comments (article_id, parent_id, author, text, created_at, created_ns, status, client)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![post.article, post.parent.unwrap_or(0), post.author, post.text, rfc3339(now)?,
                        nanos(now), status, post.client],
            )?;
            let id = tx.last_insert_rowid();
            if !post.moderation {
                tx.execute(
                    "UPDATE articles SET comment_count = comment_count + 1 WHERE id = ?1",
                    [post.article],
                )?;
                // Its thread and count changed (a comment held for moderation changes neither).
                super::note(&tx, &Keys::default().with(Keys::article(post.article)))?;
            }
            let (comment, _) = tx
                .query_row(&format!("{SELECT} WHERE c.id = ?1"), [id], comment_row)?
                .into_comment()?;
            let body = serde_json::to_vec(&comment)?;
            tx.execute(
                // REPLACE: an expired row with this key may still be there until the next prune.
                "INSERT OR REPLACE INTO idempotency (article_id, key, request_hash, status, body, created_ns)
                 VALUES (?1, ?2, ?3, 201, ?4, ?5)",
                params![post.article, post.key, hash, String::from_utf8_lossy(&body), nanos(now)],
            )?;
            tx.commit()?;
            Ok(Posted { status: 201, body })
        })
        .await
    }

    pub async fn report(
        &self,
        comment: i64,
        reason: Option<String>,
        client: String,
    ) -> AppResult<()> {
        let now = now_rfc3339()?;
        self.write(move |c| {
            c.execute(
                "INSERT OR IGNORE INTO reports (comment_id, reason, client, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![comment, reason, client, now],
            )?;
            Ok(())
        })
        .await
    }
}
