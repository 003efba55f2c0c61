//! PostgreSQL: the desk's queue of pending comments, its verdicts and an article's flags (with their
//! audit lines) and counts.

use super::{note, Postgres};
use crate::error::AppResult;
use crate::keys::Keys;
use crate::store::rows::{nanos, rfc3339};
use crate::store::{
    article_not_found, no_address, no_such_comment, not_pending, ArticleFlag, AuditEntry,
    AuditLine, Block, DeskComment, DeskCounts, QueueItem, QueueParent, ReportGroup, Verdict,
    DESK_COMMENT_COLUMNS, DESK_COMMENT_END as END,
};
use deadpool_postgres::GenericClient;

/// Notes a desk action in the audit log, inside the action's transaction.
pub(super) async fn audit_line(c: &impl GenericClient, line: AuditLine<'_>) -> AppResult<()> {
    let now = time::OffsetDateTime::now_utc();
    c.execute(
        "INSERT INTO audit (at, at_ns, actor, action, target, before, after)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[
            &rfc3339(now)?,
            &nanos(now),
            &line.actor,
            &line.action,
            &line.target,
            &line.before.to_string(),
            &line.after.to_string(),
        ],
    )
    .await?;
    Ok(())
}

/// The [`DeskComment`] in a row's first columns ([`DESK_COMMENT_COLUMNS`]).
pub(super) fn desk_comment(r: &tokio_postgres::Row) -> DeskComment {
    DeskComment {
        id: r.get(0),
        article: r.get(1),
        article_title: r.get(2),
        author: r.get(3),
        text: r.get(4),
        created_at: r.get(5),
        status: r.get(6),
    }
}

impl Postgres {
    pub async fn queue(&self, limit: u32) -> AppResult<Vec<QueueItem>> {
        let rows = self
            .conn()
            .await?
            .query(
                &format!(
                    "SELECT {DESK_COMMENT_COLUMNS}, p.id, p.author, p.text
                 FROM comments c JOIN articles a ON a.id = c.article_id
                 LEFT JOIN comments p ON p.id = c.parent_id AND c.parent_id <> 0
                 WHERE c.status = 'pending' ORDER BY c.created_ns, c.id LIMIT $1"
                ),
                &[&i64::from(limit)],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| QueueItem {
                comment: desk_comment(r),
                parent: r.get::<_, Option<i64>>(END).map(|id| QueueParent {
                    id,
                    author: r.get(END + 1),
                    text: r.get(END + 2),
                }),
            })
            .collect())
    }

    pub async fn moderate(&self, id: i64, verdict: Verdict, actor: &str) -> AppResult<i64> {
        let mut c = self.conn().await?;
        let tx = c.transaction().await?;
        // Row lock: two moderators deciding at once on two instances, one decides.
        let row = tx
            .query_opt(
                "SELECT article_id, status FROM comments WHERE id = $1 FOR UPDATE",
                &[&id],
            )
            .await?
            .ok_or_else(no_such_comment)?;
        let (article, status): (i64, String) = (row.get(0), row.get(1));
        if status != "pending" {
            return Err(not_pending(&status));
        }
        tx.execute(
            "UPDATE comments SET status = $2 WHERE id = $1",
            &[&id, &verdict.status()],
        )
        .await?;
        if verdict == Verdict::Approve {
            tx.execute(
                "UPDATE articles SET comment_count = comment_count + 1 WHERE id = $1",
                &[&article],
            )
            .await?;
            note(&tx, &Keys::default().with(Keys::article(article))).await?;
        }
        audit_line(
            &tx,
            AuditLine {
                actor,
                action: verdict.action(),
                target: format!("comment:{id}"),
                before: serde_json::json!({ "status": status }),
                after: serde_json::json!({ "status": verdict.status() }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(article)
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
        let column = flag.column();
        let mut c = self.conn().await?;
        let tx = c.transaction().await?;
        let before: bool = tx
            .query_opt(
                &format!("SELECT {column} FROM articles WHERE id = $1 FOR UPDATE"),
                &[&article],
            )
            .await?
            .ok_or_else(article_not_found)?
            .get(0);
        tx.execute(
            &format!("UPDATE articles SET {column} = $2 WHERE id = $1"),
            &[&article, &on],
        )
        .await?;
        note(&tx, &Keys::default().with(Keys::article(article))).await?;
        audit_line(
            &tx,
            AuditLine {
                actor,
                action: flag.action(on),
                target: format!("article:{article}"),
                before: serde_json::json!({ column: before }),
                after: serde_json::json!({ column: on }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(before)
    }

    pub async fn reports(&self, limit: u32) -> AppResult<Vec<ReportGroup>> {
        let rows = self
            .conn()
            .await?
            .query(
                &format!("SELECT {DESK_COMMENT_COLUMNS}, count(*), array_remove(array_agg(r.reason ORDER BY r.id), NULL)
                 FROM reports r JOIN comments c ON c.id = r.comment_id
                 JOIN articles a ON a.id = c.article_id
                 WHERE c.status = 'published'
                 GROUP BY c.id, a.title ORDER BY count(*) DESC, max(r.id) DESC LIMIT $1"),
                &[&i64::from(limit)],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| ReportGroup {
                comment: desk_comment(r),
                count: r.get(END),
                reasons: r.get(END + 1),
            })
            .collect())
    }

    pub async fn dismiss_reports(&self, id: i64, actor: &str) -> AppResult<i64> {
        let mut c = self.conn().await?;
        let tx = c.transaction().await?;
        tx.query_opt("SELECT 1 FROM comments WHERE id = $1 FOR UPDATE", &[&id])
            .await?
            .ok_or_else(no_such_comment)?;
        let n = tx
            .execute("DELETE FROM reports WHERE comment_id = $1", &[&id])
            .await? as i64;
        audit_line(
            &tx,
            AuditLine {
                actor,
                action: "dismiss",
                target: format!("comment:{id}"),
                before: serde_json::json!({ "reports": n }),
                after: serde_json::json!({ "reports": 0 }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(n)
    }

    pub async fn block(&self, id: i64, until_ns: i64, actor: &str) -> AppResult<Block> {
        let until = crate::store::rows::rfc3339(crate::store::rows::from_nanos(until_ns))?;
        let mut c = self.conn().await?;
        let tx = c.transaction().await?;
        let row = tx
            .query_opt("SELECT client FROM comments WHERE id = $1", &[&id])
            .await?
            .ok_or_else(no_such_comment)?;
        let client: String = row
            .get::<_, Option<String>>(0)
            .filter(|c| !c.is_empty())
            .ok_or_else(no_address)?;
        let before: Option<String> = tx
            .query_opt(
                "SELECT until FROM blocks WHERE client = $1 FOR UPDATE",
                &[&client],
            )
            .await?
            .map(|r| r.get(0));
        tx.execute(
            "INSERT INTO blocks (client, until_ns, until, by, comment_id) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (client) DO UPDATE SET until_ns = excluded.until_ns, until = excluded.until,
               by = excluded.by, comment_id = excluded.comment_id",
            &[&client, &until_ns, &until, &actor, &id],
        )
        .await?;
        audit_line(
            &tx,
            AuditLine {
                actor,
                action: "block",
                target: format!("address:{client}"),
                before: serde_json::json!({ "blocked_until": before }),
                after: serde_json::json!({ "blocked_until": until, "comment": id }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(Block {
            address: client,
            until,
        })
    }

    pub async fn blocked(&self, client: &str, now_ns: i64) -> AppResult<Option<String>> {
        let row = self
            .conn()
            .await?
            .query_opt(
                "SELECT until FROM blocks WHERE client = $1 AND until_ns > $2",
                &[&client, &now_ns],
            )
            .await?;
        Ok(row.map(|r| r.get(0)))
    }

    pub async fn audit_add(&self, line: AuditLine<'_>) -> AppResult<()> {
        audit_line(&self.conn().await?, line).await
    }

    pub async fn audit(&self, limit: u32) -> AppResult<Vec<AuditEntry>> {
        let rows = self
            .conn()
            .await?
            .query(
                "SELECT at, actor, action, target, before, after FROM audit
                 ORDER BY at_ns DESC, id DESC LIMIT $1",
                &[&i64::from(limit)],
            )
            .await?;
        let json = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
        Ok(rows
            .iter()
            .map(|r| AuditEntry {
                at: r.get(0),
                actor: r.get(1),
                action: r.get(2),
                target: r.get(3),
                before: json(r.get(4)),
                after: json(r.get(5)),
            })
            .collect())
    }

    pub async fn desk_counts(&self, day_start_ns: i64) -> AppResult<DeskCounts> {
        let r = self
            .conn()
            .await?
            .query_one(
                "SELECT (SELECT count(*) FROM comments WHERE status = 'pending'),
                        (SELECT count(DISTINCT r.comment_id) FROM reports r
                           JOIN comments c ON c.id = r.comment_id WHERE c.status = 'published'),
                        (SELECT count(*) FROM comments WHERE created_ns >= $1)",
                &[&day_start_ns],
            )
            .await?;
        Ok(DeskCounts {
            pending: r.get(0),
            reported: r.get(1),
            today: r.get(2),
        })
    }
}
