//! SQLite: live updates (see `store/live.rs`). One writer numbers them in the order they commit.

use super::desk::audit_line;
use super::{immediate, note, Sqlite};
use crate::error::AppResult;
use crate::keys::Keys;
use crate::store::live::{live_update, no_such_update, replay, LivePosted, LiveRow, LIVE_COLUMNS};
use crate::store::rows::{nanos, rfc3339};
use crate::store::{article_not_found, AuditLine};
use model::{LiveUpdate, NewLiveUpdate};
use rusqlite::{params, OptionalExtension, Row};

fn row(r: &Row) -> rusqlite::Result<LiveRow> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

fn flag(c: &rusqlite::Connection, article: i64) -> AppResult<Option<bool>> {
    Ok(c.prepare_cached("SELECT live FROM articles WHERE id = ?1")?
        .query_row([article], |r| r.get(0))
        .optional()?)
}

impl Sqlite {
    pub async fn live_post(
        &self,
        article: i64,
        update: NewLiveUpdate,
        key: Option<String>,
        actor: &str,
    ) -> AppResult<LivePosted> {
        let actor = actor.to_owned();
        self.write(move |c| {
            let tx = immediate(c)?;
            let was_live = flag(&tx, article)?.ok_or_else(article_not_found)?;
            if let Some(k) = &key {
                let earlier = tx
                    .query_row(
                        &format!(
                            "SELECT {LIVE_COLUMNS} FROM live_updates WHERE article_id = ?1 AND idem_key = ?2"
                        ),
                        params![article, k],
                        row,
                    )
                    .optional()?;
                if let Some(earlier) = earlier {
                    return replay(earlier, &update);
                }
            }
            let now = time::OffsetDateTime::now_utc();
            let image = update.image.as_ref().map(serde_json::to_string).transpose()?;
            tx.execute(
                "INSERT INTO live_updates (article_id, at, at_ns, text, image, idem_key)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![article, rfc3339(now)?, nanos(now), update.text, image, key],
            )?;
            let id = tx.last_insert_rowid();
            if !was_live {
                tx.execute("UPDATE articles SET live = 1 WHERE id = ?1", [article])?;
            }
            let stored = tx.query_row(
                &format!("SELECT {LIVE_COLUMNS} FROM live_updates WHERE id = ?1"),
                [id],
                row,
            )?;
            note(&tx, &Keys::default().with(Keys::article(article)))?;
            audit_line(
                &tx,
                AuditLine {
                    actor: &actor,
                    action: "live_post",
                    target: format!("article:{article}"),
                    before: serde_json::json!({ "live": was_live }),
                    after: serde_json::json!({ "live": true, "update": id, "text": update.text }),
                },
            )?;
            tx.commit()?;
            Ok(LivePosted {
                update: live_update(stored)?,
                created: true,
            })
        })
        .await
    }

    pub async fn live_delete(&self, article: i64, update: i64, actor: &str) -> AppResult<()> {
        let actor = actor.to_owned();
        self.write(move |c| {
            let tx = immediate(c)?;
            let text: String = tx
                .query_row(
                    "SELECT text FROM live_updates WHERE id = ?1 AND article_id = ?2",
                    params![update, article],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(no_such_update)?;
            tx.execute("DELETE FROM live_updates WHERE id = ?1", [update])?;
            tx.execute(
                "INSERT INTO live_removals (article_id, update_id) VALUES (?1, ?2)",
                params![article, update],
            )?;
            note(&tx, &Keys::default().with(Keys::article(article)))?;
            audit_line(
                &tx,
                AuditLine {
                    actor: &actor,
                    action: "live_delete",
                    target: format!("live:{update}"),
                    before: serde_json::json!({ "article": article, "text": text }),
                    after: serde_json::json!(null),
                },
            )?;
            tx.commit()?;
            Ok(())
        })
        .await
    }

    pub async fn live_flag(&self, article: i64) -> AppResult<Option<bool>> {
        self.read(move |c| flag(c, article)).await
    }

    pub async fn live_updates(
        &self,
        article: i64,
        since: i64,
        limit: u32,
    ) -> AppResult<(Vec<LiveUpdate>, i64)> {
        self.read(move |c| {
            let rows = c
                .prepare_cached(&format!(
                    "SELECT {LIVE_COLUMNS} FROM live_updates WHERE article_id = ?1 AND id > ?2
                     ORDER BY id DESC LIMIT ?3"
                ))?
                .query_map(params![article, since, limit], row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let last: i64 = c
                .prepare_cached(
                    "SELECT coalesce(max(id), 0) FROM live_updates WHERE article_id = ?1",
                )?
                .query_row([article], |r| r.get(0))?;
            Ok((
                rows.into_iter()
                    .map(live_update)
                    .collect::<AppResult<_>>()?,
                last,
            ))
        })
        .await
    }

    pub async fn live_after(&self, seq: i64, limit: u32) -> AppResult<Vec<LiveUpdate>> {
        self.read(move |c| {
            c.prepare_cached(&format!(
                "SELECT {LIVE_COLUMNS} FROM live_updates WHERE id > ?1 ORDER BY id LIMIT ?2"
            ))?
            .query_map(params![seq, limit], row)?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .map(live_update)
            .collect()
        })
        .await
    }

    pub async fn live_ended(&self, articles: Vec<i64>) -> AppResult<Vec<i64>> {
        let list = serde_json::to_string(&articles)?;
        self.read(move |c| {
            Ok(c.prepare_cached(
                "SELECT w.value FROM json_each(?1) w
                 WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = w.value AND a.live = 1)",
            )?
            .query_map([list], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?)
        })
        .await
    }

    pub async fn live_removals_after(
        &self,
        seq: i64,
        limit: u32,
    ) -> AppResult<Vec<(i64, i64, i64)>> {
        self.read(move |c| {
            Ok(c.prepare_cached(
                "SELECT seq, article_id, update_id FROM live_removals WHERE seq > ?1
                 ORDER BY seq LIMIT ?2",
            )?
            .query_map(params![seq, limit], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .await
    }

    pub async fn live_removals_newest(&self) -> AppResult<i64> {
        self.read(|c| {
            Ok(
                c.prepare_cached("SELECT coalesce(max(seq), 0) FROM live_removals")?
                    .query_row([], |r| r.get(0))?,
            )
        })
        .await
    }

    pub async fn live_newest(&self) -> AppResult<i64> {
        self.read(|c| {
            Ok(
                c.prepare_cached("SELECT coalesce(max(id), 0) FROM live_updates")?
                    .query_row([], |r| r.get(0))?,
            )
        })
        .await
    }
}
