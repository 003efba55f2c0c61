//! SQLite: the desk's queue of pending comments, its verdicts and an article's flags (with their audit
//! lines) and counts.

use super::{immediate, note, Sqlite};
use crate::error::AppResult;
use crate::keys::Keys;
use crate::store::rows::{nanos, rfc3339};
use crate::store::{
    article_not_found, no_address, no_such_comment, not_pending, ArticleFlag, AuditEntry,
    AuditLine, Block, DeskComment, DeskCounts, QueueItem, QueueParent, ReportGroup, Verdict,
    DESK_COMMENT_COLUMNS, DESK_COMMENT_END as END,
};
use rusqlite::{params, Connection, OptionalExtension, Row};

/// The [`DeskComment`] in a row's first columns ([`DESK_COMMENT_COLUMNS`]).
pub(super) fn desk_comment(r: &Row) -> rusqlite::Result<DeskComment> {
    Ok(DeskComment {
        id: r.get(0)?,
        article: r.get(1)?,
        article_title: r.get(2)?,
        author: r.get(3)?,
        text: r.get(4)?,
        created_at: r.get(5)?,
        status: r.get(6)?,
    })
}

/// Notes a desk action in the audit log, inside the action's transaction.
pub(super) fn audit_line(c: &Connection, line: AuditLine) -> AppResult<()> {
    let now = time::OffsetDateTime::now_utc();
    c.execute(
        "INSERT INTO audit (at, at_ns, actor, action, target, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            rfc3339(now)?,
            nanos(now),
            line.actor,
            line.action,
            line.target,
            line.before.to_string(),
            line.after.to_string()
        ],
    )?;
    Ok(())
}

impl Sqlite {
    pub async fn queue(&self, limit: u32) -> AppResult<Vec<QueueItem>> {
        self.read(move |c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT {DESK_COMMENT_COLUMNS}, p.id, p.author, p.text
                 FROM comments c JOIN articles a ON a.id = c.article_id
                 LEFT JOIN comments p ON p.id = c.parent_id AND c.parent_id <> 0
                 WHERE c.status = 'pending' ORDER BY c.created_ns, c.id LIMIT ?1"
            ))?;
            let rows = st.query_map([limit], |r| {
                let parent = match r.get::<_, Option<i64>>(END)? {
                    Some(id) => Some(QueueParent {
                        id,
                        author: r.get(END + 1)?,
                        text: r.get(END + 2)?,
                    }),
                    None => None,
                };
                Ok(QueueItem {
                    comment: desk_comment(r)?,
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
            audit_line(
                &tx,
                AuditLine {
                    actor: &actor,
                    action: verdict.action(),
                    target: format!("comment:{id}"),
                    before: serde_json::json!({ "status": status }),
                    after: serde_json::json!({ "status": verdict.status() }),
                },
            )?;
            tx.commit()?;
            Ok(article)
        })
        .await
    }

    /// Sets one of an article's flags: the change log and an audit line as `actor`, in one
    /// transaction. Returns its value before; 404 for no such article.
    pub async fn set_article_flag(
        &self,
        article: i64,
        flag: ArticleFlag,
        on: bool,
        actor: &str,
    ) -> AppResult<bool> {
        let actor = actor.to_owned();
        let column = flag.column();
        self.write(move |c| {
            let tx = immediate(c)?;
            let before: bool = tx
                .prepare_cached(&format!("SELECT {column} FROM articles WHERE id = ?1"))?
                .query_row([article], |r| r.get(0))
                .optional()?
                .ok_or_else(article_not_found)?;
            tx.execute(
                &format!("UPDATE articles SET {column} = ?2 WHERE id = ?1"),
                params![article, on],
            )?;
            note(&tx, &Keys::default().with(Keys::article(article)))?;
            audit_line(
                &tx,
                AuditLine {
                    actor: &actor,
                    action: flag.action(on),
                    target: format!("article:{article}"),
                    before: serde_json::json!({ column: before }),
                    after: serde_json::json!({ column: on }),
                },
            )?;
            tx.commit()?;
            Ok(before)
        })
        .await
    }

    pub async fn reports(&self, limit: u32) -> AppResult<Vec<ReportGroup>> {
        self.read(move |c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT {DESK_COMMENT_COLUMNS}, count(*), json_group_array(r.reason)
                 FROM reports r JOIN comments c ON c.id = r.comment_id
                 JOIN articles a ON a.id = c.article_id
                 WHERE c.status = 'published'
                 GROUP BY c.id ORDER BY count(*) DESC, max(r.id) DESC LIMIT ?1"
            ))?;
            let rows = st.query_map([limit], |r| {
                let reasons: String = r.get(END + 1)?;
                Ok(ReportGroup {
                    comment: desk_comment(r)?,
                    count: r.get(END)?,
                    reasons: given_reasons(&reasons),
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await
    }

    pub async fn dismiss_reports(&self, id: i64, actor: &str) -> AppResult<i64> {
        let actor = actor.to_owned();
        self.write(move |c| {
            let tx = immediate(c)?;
            tx.query_row("SELECT 1 FROM comments WHERE id = ?1", [id], |_| Ok(()))
                .optional()?
                .ok_or_else(no_such_comment)?;
            let n = tx.execute("DELETE FROM reports WHERE comment_id = ?1", [id])? as i64;
            audit_line(
                &tx,
                AuditLine {
                    actor: &actor,
                    action: "dismiss",
                    target: format!("comment:{id}"),
                    before: serde_json::json!({ "reports": n }),
                    after: serde_json::json!({ "reports": 0 }),
                },
            )?;
            tx.commit()?;
            Ok(n)
        })
        .await
    }

    pub async fn block(&self, id: i64, until_ns: i64, actor: &str) -> AppResult<Block> {
        let actor = actor.to_owned();
        let until = crate::store::rows::rfc3339(crate::store::rows::from_nanos(until_ns))?;
        self.write(move |c| {
            let tx = immediate(c)?;
            let client: Option<String> = tx
                .query_row("SELECT client FROM comments WHERE id = ?1", [id], |r| r.get(0))
                .optional()?
                .ok_or_else(no_such_comment)?;
            let client = client.filter(|c| !c.is_empty()).ok_or_else(no_address)?;
            let before: Option<String> = tx
                .query_row("SELECT until FROM blocks WHERE client = ?1", [&client], |r| r.get(0))
                .optional()?;
            tx.execute(
                "INSERT INTO blocks (client, until_ns, until, by, comment_id) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(client) DO UPDATE SET until_ns = excluded.until_ns, until = excluded.until,
                   by = excluded.by, comment_id = excluded.comment_id",
                params![client, until_ns, until, actor, id],
            )?;
            audit_line(
                &tx,
                AuditLine {
                    actor: &actor,
                    action: "block",
                    target: format!("address:{client}"),
                    before: serde_json::json!({ "blocked_until": before }),
                    after: serde_json::json!({ "blocked_until": until, "comment": id }),
                },
            )?;
            tx.commit()?;
            Ok(Block {
                address: client,
                until,
            })
        })
        .await
    }

    pub async fn blocked(&self, client: &str, now_ns: i64) -> AppResult<Option<String>> {
        let client = client.to_owned();
        self.read(move |c| {
            Ok(c.query_row(
                "SELECT until FROM blocks WHERE client = ?1 AND until_ns > ?2",
                params![client, now_ns],
                |r| r.get(0),
            )
            .optional()?)
        })
        .await
    }

    pub async fn audit_add(&self, line: AuditLine<'_>) -> AppResult<()> {
        let (actor, action) = (line.actor.to_owned(), line.action.to_owned());
        let (target, before, after) = (line.target, line.before, line.after);
        self.write(move |c| {
            audit_line(
                c,
                AuditLine {
                    actor: &actor,
                    action: &action,
                    target,
                    before,
                    after,
                },
            )
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

/// The reasons of a group's reports (a JSON array with nulls for reports without one).
fn given_reasons(json: &str) -> Vec<String> {
    serde_json::from_str::<Vec<Option<String>>>(json)
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect()
}
