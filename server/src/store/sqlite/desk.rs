//! SQLite: the desk's queue of pending comments, its verdicts (with their audit lines) and counts.

use super::{immediate, note, Sqlite};
use crate::error::AppResult;
use crate::keys::Keys;
use crate::store::rows::{nanos, rfc3339};
use crate::store::{
    no_such_comment, not_pending, AuditEntry, DeskCounts, QueueItem, QueueParent, Verdict,
};
use rusqlite::{params, OptionalExtension};

impl Sqlite {
    pub async fn queue(&self, limit: u32) -> AppResult<Vec<QueueItem>> {
        self.read(move |c| {
            let mut st = c.prepare_cached(
                "SELECT c.id, c.article_id, a.title, c.author, c.text, c.created_at,
                        p.id, p.author, p.text
                 FROM comments c JOIN articles a ON a.id = c.article_id
                 LEFT JOIN comments p ON p.id = c.parent_id AND c.parent_id <> 0
                 WHERE c.status = 'pending' ORDER BY c.created_ns, c.id LIMIT ?1",
            )?;
            let rows = st.query_map([limit], |r| {
                let parent = match r.get::<_, Option<i64>>(6)? {
                    Some(id) => Some(QueueParent {
                        id,
                        author: r.get(7)?,
                        text: r.get(8)?,
                    }),
                    None => None,
                };
                Ok(QueueItem {
                    id: r.get(0)?,
                    article: r.get(1)?,
                    article_title: r.get(2)?,
                    author: r.get(3)?,
                    text: r.get(4)?,
                    created_at: r.get(5)?,
                    parent,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await
    }

    pub async fn moderate(&self, id: i64, verdict: Verdict, actor: &str) -> AppResult<i64> {
        let actor = actor.to_owned();
        self.write(move |c| {
            let tx = immediate(c)?;
            let (article, status): (i64, String) = tx
                .query_row(
                    "SELECT article_id, status FROM comments WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
                .ok_or_else(no_such_comment)?;
            if status != "pending" {
                return Err(not_pending(&status));
            }
            tx.execute(
                "UPDATE comments SET status = ?2 WHERE id = ?1",
                params![id, verdict.status()],
            )?;
            if verdict == Verdict::Approve {
                tx.execute(
                    "UPDATE articles SET comment_count = comment_count + 1 WHERE id = ?1",
                    [article],
                )?;
                note(&tx, &Keys::default().with(Keys::article(article)))?;
            }
            let now = time::OffsetDateTime::now_utc();
            tx.execute(
                "INSERT INTO audit (at, at_ns, actor, action, target, before, after)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    rfc3339(now)?,
                    nanos(now),
                    actor,
                    verdict.action(),
                    format!("comment:{id}"),
                    serde_json::json!({ "status": status }).to_string(),
                    serde_json::json!({ "status": verdict.status() }).to_string(),
                ],
            )?;
            tx.commit()?;
            Ok(article)
        })
        .await
    }

    pub async fn audit(&self, limit: u32) -> AppResult<Vec<AuditEntry>> {
        self.read(move |c| {
            let mut st = c.prepare_cached(
                "SELECT at, actor, action, target, before, after FROM audit
                 ORDER BY at_ns DESC, id DESC LIMIT ?1",
            )?;
            let json = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
            let rows = st.query_map([limit], |r| {
                Ok(AuditEntry {
                    at: r.get(0)?,
                    actor: r.get(1)?,
                    action: r.get(2)?,
                    target: r.get(3)?,
                    before: json(r.get(4)?),
                    after: json(r.get(5)?),
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await
    }

    pub async fn desk_counts(&self, day_start_ns: i64) -> AppResult<DeskCounts> {
        self.read(move |c| {
            Ok(c.query_row(
                "SELECT (SELECT count(*) FROM comments WHERE status = 'pending'),
                        (SELECT count(DISTINCT r.comment_id) FROM reports r
                           JOIN comments c ON c.id = r.comment_id WHERE c.status = 'published'),
                        (SELECT count(*) FROM comments WHERE created_ns >= ?1)",
                [day_start_ns],
                |r| {
                    Ok(DeskCounts {
                        pending: r.get(0)?,
                        reported: r.get(1)?,
                        today: r.get(2)?,
                    })
                },
            )?)
        })
        .await
    }
}
