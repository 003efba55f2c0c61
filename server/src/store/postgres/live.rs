//! PostgreSQL: live updates (see `store/live.rs`). A post takes one transaction-level advisory lock
//! before its number is drawn, so numbers commit in order and a poller reading `id > N` on any instance
//! never passes over one that committed late.

use super::desk::audit_line;
use super::{note, Postgres};
use crate::error::AppResult;
use crate::keys::Keys;
use crate::store::live::{live_update, no_such_update, replay, LivePosted, LiveRow, LIVE_COLUMNS};
use crate::store::rows::{nanos, rfc3339};
use crate::store::{article_not_found, AuditLine};
use deadpool_postgres::GenericClient;
use model::{LiveUpdate, NewLiveUpdate};
use tokio_postgres::Row;

/// The advisory lock that orders posts of live updates.
const POST_LOCK: &str = "difang:live_updates";

fn row(r: &Row) -> LiveRow {
    (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4))
}

async fn flag(c: &impl GenericClient, article: i64, lock: bool) -> AppResult<Option<bool>> {
    let sql = if lock {
        "SELECT live FROM articles WHERE id = $1 FOR UPDATE"
    } else {
        "SELECT live FROM articles WHERE id = $1"
    };
    Ok(c.query_opt(sql, &[&article]).await?.map(|r| r.get(0)))
}

impl Postgres {
    pub async fn live_post(
        &self,
        article: i64,
        update: NewLiveUpdate,
        key: Option<String>,
        actor: &str,
    ) -> AppResult<LivePosted> {
        let mut c = self.conn().await?;
        let tx = c.transaction().await?;
        tx.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
            &[&POST_LOCK],
        )
        .await?;
        let was_live = flag(&tx, article, true)
            .await?
            .ok_or_else(article_not_found)?;
        // Under the lock: a retry on another instance waits for the first post, then finds it.
        if let Some(k) = &key {
            let earlier = tx
                .query_opt(
                    &format!(
                        "SELECT {LIVE_COLUMNS} FROM live_updates WHERE article_id = $1 AND idem_key = $2"
                    ),
                    &[&article, k],
                )
                .await?;
            if let Some(earlier) = earlier {
                return replay(row(&earlier), &update);
            }
        }
        let now = time::OffsetDateTime::now_utc();
        let image = update
            .image
            .as_ref()
            .map(serde_json::to_string)
            .transpose()?;
        let stored = tx
            .query_one(
                &format!(
                    "INSERT INTO live_updates (article_id, at, at_ns, text, image, idem_key)
                     VALUES ($1, $2, $3, $4, $5, $6) RETURNING {LIVE_COLUMNS}"
                ),
                &[
                    &article,
                    &rfc3339(now)?,
                    &nanos(now),
                    &update.text,
                    &image,
                    &key,
                ],
            )
            .await?;
        let stored = row(&stored);
        if !was_live {
            tx.execute("UPDATE articles SET live = TRUE WHERE id = $1", &[&article])
                .await?;
        }
        note(&tx, &Keys::default().with(Keys::article(article))).await?;
        audit_line(
            &tx,
            AuditLine {
                actor,
                action: "live_post",
                target: format!("article:{article}"),
                before: serde_json::json!({ "live": was_live }),
                after: serde_json::json!({ "live": true, "update": stored.0, "text": update.text }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(LivePosted {
            update: live_update(stored)?,
            created: true,
        })
    }

    pub async fn live_delete(&self, article: i64, update: i64, actor: &str) -> AppResult<()> {
        let mut c = self.conn().await?;
        let tx = c.transaction().await?;
        // The posts' lock: deletion numbers commit in order too.
        tx.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
            &[&POST_LOCK],
        )
        .await?;
        let text: String = tx
            .query_opt(
                "DELETE FROM live_updates WHERE id = $1 AND article_id = $2 RETURNING text",
                &[&update, &article],
            )
            .await?
            .ok_or_else(no_such_update)?
            .get(0);
        tx.execute(
            "INSERT INTO live_removals (article_id, update_id) VALUES ($1, $2)",
            &[&article, &update],
        )
        .await?;
        note(&tx, &Keys::default().with(Keys::article(article))).await?;
        audit_line(
            &tx,
            AuditLine {
                actor,
                action: "live_delete",
                target: format!("live:{update}"),
                before: serde_json::json!({ "article": article, "text": text }),
                after: serde_json::json!(null),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn live_flag(&self, article: i64) -> AppResult<Option<bool>> {
        flag(&self.conn().await?, article, false).await
    }

    pub async fn live_updates(
        &self,
        article: i64,
        since: i64,
        limit: u32,
    ) -> AppResult<(Vec<LiveUpdate>, i64)> {
        let c = self.conn().await?;
        let rows = c
            .query(
                &format!(
                    "SELECT {LIVE_COLUMNS} FROM live_updates WHERE article_id = $1 AND id > $2
                     ORDER BY id DESC LIMIT $3"
                ),
                &[&article, &since, &i64::from(limit)],
            )
            .await?;
        let last: i64 = c
            .query_one(
                "SELECT coalesce(max(id), 0)::BIGINT FROM live_updates WHERE article_id = $1",
                &[&article],
            )
            .await?
            .get(0);
        Ok((
            rows.iter()
                .map(|r| live_update(row(r)))
                .collect::<AppResult<_>>()?,
            last,
        ))
    }

    pub async fn live_after(&self, seq: i64, limit: u32) -> AppResult<Vec<LiveUpdate>> {
        self.conn()
            .await?
            .query(
                &format!(
                    "SELECT {LIVE_COLUMNS} FROM live_updates WHERE id > $1 ORDER BY id LIMIT $2"
                ),
                &[&seq, &i64::from(limit)],
            )
            .await?
            .iter()
            .map(|r| live_update(row(r)))
            .collect()
    }

    pub async fn live_ended(&self, articles: Vec<i64>) -> AppResult<Vec<i64>> {
        Ok(self
            .conn()
            .await?
            .query(
                "SELECT w FROM unnest($1::BIGINT[]) w
                 WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = w AND a.live)",
                &[&articles],
            )
            .await?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }

    pub async fn live_removals_after(
        &self,
        seq: i64,
        limit: u32,
    ) -> AppResult<Vec<(i64, i64, i64)>> {
        Ok(self
            .conn()
            .await?
            .query(
                "SELECT seq, article_id, update_id FROM live_removals WHERE seq > $1
                 ORDER BY seq LIMIT $2",
                &[&seq, &i64::from(limit)],
            )
            .await?
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect())
    }

    pub async fn live_removals_newest(&self) -> AppResult<i64> {
        Ok(self
            .conn()
            .await?
            .query_one(
                "SELECT coalesce(max(seq), 0)::BIGINT FROM live_removals",
                &[],
            )
            .await?
            .get(0))
    }

    pub async fn live_newest(&self) -> AppResult<i64> {
        Ok(self
            .conn()
            .await?
            .query_one("SELECT coalesce(max(id), 0)::BIGINT FROM live_updates", &[])
            .await?
            .get(0))
    }
}
