//! PostgreSQL: the desk's queue of pending comments, its verdicts (with their audit lines) and counts.

use super::{note, Postgres};
use crate::error::AppResult;
use crate::keys::Keys;
use crate::store::rows::{nanos, rfc3339};
use crate::store::{
    no_such_comment, not_pending, AuditEntry, DeskCounts, QueueItem, QueueParent, Verdict,
};

impl Postgres {
    pub async fn queue(&self, limit: u32) -> AppResult<Vec<QueueItem>> {
        let rows = self
            .conn()
            .await?
            .query(
                "SELECT c.id, c.article_id, a.title, c.author, c.text, c.created_at,
                        p.id, p.author, p.text
                 FROM comments c JOIN articles a ON a.id = c.article_id
                 LEFT JOIN comments p ON p.id = c.parent_id AND c.parent_id <> 0
                 WHERE c.status = 'pending' ORDER BY c.created_ns, c.id LIMIT $1",
                &[&i64::from(limit)],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| QueueItem {
                id: r.get(0),
                article: r.get(1),
                article_title: r.get(2),
                author: r.get(3),
                text: r.get(4),
                created_at: r.get(5),
                parent: r.get::<_, Option<i64>>(6).map(|id| QueueParent {
                    id,
                    author: r.get(7),
                    text: r.get(8),
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
        let now = time::OffsetDateTime::now_utc();
        tx.execute(
            "INSERT INTO audit (at, at_ns, actor, action, target, before, after)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[
                &rfc3339(now)?,
                &nanos(now),
                &actor,
                &verdict.action(),
                &format!("comment:{id}"),
                &serde_json::json!({ "status": status }).to_string(),
                &serde_json::json!({ "status": verdict.status() }).to_string(),
            ],
        )
        .await?;
        tx.commit().await?;
        Ok(article)
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
