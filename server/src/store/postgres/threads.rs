//! PostgreSQL: the desk's hand on readers' threads — hiding, restoring and removing a comment readers
//! see, closing and opening an article's comments, and the lists the desk picks them from.

use super::desk::{audit_line, desk_comment};
use super::{note, Postgres};
use crate::error::AppResult;
use crate::keys::Keys;
use crate::store::rows::{CommentRow, COMMENT_SELECT};
use crate::store::{
    article_not_found, no_such_comment, AuditLine, DeskArticle, DeskComment, Takedown,
    DESK_COMMENT_COLUMNS,
};
use deadpool_postgres::GenericClient;

impl Postgres {
    pub async fn take_down(&self, id: i64, how: Takedown, actor: &str) -> AppResult<i64> {
        let mut c = self.conn().await?;
        let tx = c.transaction().await?;
        // Row lock: two moderators acting at once on two instances, one acts, the other gets a 409.
        let row = tx
            .query_opt(
                "SELECT article_id, status, author, text FROM comments WHERE id = $1 FOR UPDATE",
                &[&id],
            )
            .await?
            .ok_or_else(no_such_comment)?;
        let (article, status, author, text): (i64, String, String, String) =
            (row.get(0), row.get(1), row.get(2), row.get(3));
        how.check(&status)?;
        if how == Takedown::Remove {
            tx.execute(
                "UPDATE comments SET status = 'removed', author = '', text = '' WHERE id = $1",
                &[&id],
            )
            .await?;
            // The stored answer to its post (kept a day for retries) held the words too.
            let row = tx
                .query_one(&format!("{COMMENT_SELECT} WHERE c.id = $1"), &[&id])
                .await?;
            let tombstone = serde_json::to_string(
                &CommentRow::into_comment(super::comments::comment_row(&row))?.0,
            )?;
            tx.execute(
                "UPDATE idempotency SET body = $1 WHERE article_id = $2 AND body LIKE $3",
                &[&tombstone, &article, &format!("{{\"id\":{id},%")],
            )
            .await?;
        } else {
            tx.execute(
                "UPDATE comments SET status = $2 WHERE id = $1",
                &[&id, &how.status()],
            )
            .await?;
        }
        tx.execute(
            "UPDATE articles SET comment_count = greatest(comment_count + $2, 0) WHERE id = $1",
            &[&article, &how.count_change(&status)],
        )
        .await?;
        // Whatever was reported is settled by the moderator's decision.
        tx.execute("DELETE FROM reports WHERE comment_id = $1", &[&id])
            .await?;
        note(&tx, &Keys::default().with(Keys::article(article))).await?;
        audit_line(
            &tx,
            AuditLine {
                actor,
                action: how.action(),
                target: format!("comment:{id}"),
                before: serde_json::json!({ "status": status, "author": author, "text": text }),
                after: serde_json::json!({ "status": how.status() }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(article)
    }

    pub async fn desk_articles(
        &self,
        q: Option<String>,
        limit: u32,
    ) -> AppResult<Vec<DeskArticle>> {
        let rows = self
            .conn()
            .await?
            .query(
                "SELECT id, title, published_at, comment_count, comments_open, live FROM articles
                 WHERE $1::TEXT IS NULL OR strpos(title, $1) > 0
                 ORDER BY published_ns DESC, id DESC LIMIT $2",
                &[&q, &i64::from(limit)],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| DeskArticle {
                id: r.get(0),
                title: r.get(1),
                published_at: r.get(2),
                comments: r.get(3),
                comments_open: r.get(4),
                live: r.get(5),
            })
            .collect())
    }

    pub async fn desk_comments(&self, article: i64, limit: u32) -> AppResult<Vec<DeskComment>> {
        let c = self.conn().await?;
        c.query_opt("SELECT 1 FROM articles WHERE id = $1", &[&article])
            .await?
            .ok_or_else(article_not_found)?;
        let rows = c
            .query(
                &format!(
                    "SELECT {DESK_COMMENT_COLUMNS} FROM comments c JOIN articles a ON a.id = c.article_id
                     WHERE c.article_id = $1 AND c.status IN ('published', 'hidden')
                     ORDER BY c.created_ns DESC, c.id DESC LIMIT $2"
                ),
                &[&article, &i64::from(limit)],
            )
            .await?;
        Ok(rows.iter().map(desk_comment).collect())
    }
}
