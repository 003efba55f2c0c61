//! SQLite: the desk's hand on readers' threads — hiding, restoring and removing a comment readers see,
//! closing and opening an article's comments, and the lists the desk picks them from.

use super::desk::{audit_line, desk_comment};
use super::{immediate, note, Sqlite};
use crate::error::AppResult;
use crate::keys::Keys;
use crate::store::rows::{CommentRow, COMMENT_SELECT};
use crate::store::{
    article_not_found, no_such_comment, AuditLine, DeskArticle, DeskComment, Takedown,
    DESK_COMMENT_COLUMNS,
};
use rusqlite::{params, OptionalExtension};

impl Sqlite {
    pub async fn take_down(&self, id: i64, how: Takedown, actor: &str) -> AppResult<i64> {
        let actor = actor.to_owned();
        self.write(move |c| {
            let tx = immediate(c)?;
            let (article, status, author, text): (i64, String, String, String) = tx
                .query_row(
                    "SELECT article_id, status, author, text FROM comments WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?
                .ok_or_else(no_such_comment)?;
            how.check(&status)?;
            if how == Takedown::Remove {
                tx.execute(
                    "UPDATE comments SET status = 'removed', author = '', text = '' WHERE id = ?1",
                    [id],
                )?;
                // The stored answer to its post (kept a day for retries) held the words too.
                let row =
                    tx.query_row(&format!("{COMMENT_SELECT} WHERE c.id = ?1"), [id], |r| {
                        super::comments::comment_row(r)
                    })?;
                let tombstone = serde_json::to_string(&CommentRow::into_comment(row)?.0)?;
                tx.execute(
                    "UPDATE idempotency SET body = ?1 WHERE article_id = ?2 AND body LIKE ?3",
                    params![tombstone, article, format!("{{\"id\":{id},%")],
                )?;
            } else {
                tx.execute(
                    "UPDATE comments SET status = ?2 WHERE id = ?1",
                    params![id, how.status()],
                )?;
            }
            tx.execute(
                "UPDATE articles SET comment_count = max(comment_count + ?2, 0) WHERE id = ?1",
                params![article, how.count_change(&status)],
            )?;
            // Whatever was reported is settled by the moderator's decision.
            tx.execute("DELETE FROM reports WHERE comment_id = ?1", [id])?;
            note(&tx, &Keys::default().with(Keys::article(article)))?;
            audit_line(
                &tx,
                AuditLine {
                    actor: &actor,
                    action: how.action(),
                    target: format!("comment:{id}"),
                    before: serde_json::json!({ "status": status, "author": author, "text": text }),
                    after: serde_json::json!({ "status": how.status() }),
                },
            )?;
            tx.commit()?;
            Ok(article)
        })
        .await
    }

    pub async fn desk_articles(
        &self,
        q: Option<String>,
        limit: u32,
    ) -> AppResult<Vec<DeskArticle>> {
        self.read(move |c| {
            let mut st = c.prepare_cached(
                "SELECT id, title, published_at, comment_count, comments_open, live FROM articles
                 WHERE ?1 IS NULL OR instr(title, ?1) > 0
                 ORDER BY published_ns DESC, id DESC LIMIT ?2",
            )?;
            let rows = st.query_map(params![q, limit], |r| {
                Ok(DeskArticle {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    published_at: r.get(2)?,
                    comments: r.get(3)?,
                    comments_open: r.get(4)?,
                    live: r.get(5)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await
    }

    pub async fn desk_comments(&self, article: i64, limit: u32) -> AppResult<Vec<DeskComment>> {
        self.read(move |c| {
            c.query_row("SELECT 1 FROM articles WHERE id = ?1", [article], |_| Ok(()))
                .optional()?
                .ok_or_else(article_not_found)?;
            let mut st = c.prepare_cached(&format!(
                "SELECT {DESK_COMMENT_COLUMNS} FROM comments c JOIN articles a ON a.id = c.article_id
                 WHERE c.article_id = ?1 AND c.status IN ('published', 'hidden')
                 ORDER BY c.created_ns DESC, c.id DESC LIMIT ?2"
            ))?;
            let rows = st.query_map(params![article, limit], desk_comment)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await
    }
}
