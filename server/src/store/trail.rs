//! A comment and the comments above it, for a link to one comment (`GET /api/v1/comments/{id}`): what
//! both backends share (each reads the chain with one recursive query in its own `comments.rs`).

use super::rows::CommentRow;
use super::Store;
use crate::error::AppResult;
use model::Comment;
use std::collections::HashMap;

/// The deepest a linked comment may be (levels above it); a deeper one is not found. Replies have no
/// depth limit, and the bound keeps a corrupt parent loop from running on.
pub const MAX_DEPTH: i64 = 1000;

/// The recursive part of the chain's query, the same on both stores: `{P1}` is the comment's id and
/// `{P2}` the depth bound (each backend puts its own placeholders in). The chain's rows are then read
/// with `rows::COMMENT_SELECT … WHERE c.id IN (SELECT id FROM chain)`.
pub const CHAIN: &str = "WITH RECURSIVE chain(id, parent_id, depth) AS (
        SELECT id, parent_id, CAST(0 AS BIGINT) FROM comments WHERE id = {P1}
        UNION ALL
        SELECT c.id, c.parent_id, chain.depth + 1 FROM comments c JOIN chain ON c.id = chain.parent_id
         WHERE chain.parent_id != 0 AND chain.depth < {P2}
    ) ";

/// A published comment, its article, and its parents from the top-level one down.
pub struct Trail {
    pub article: i64,
    pub comment: Comment,
    pub ancestors: Vec<Comment>,
}

impl Store {
    /// The comment `id` with its parents, if a reader may be shown it: itself published, every parent
    /// listed (published, or a tombstone) in the same article, the chain reaching the top level.
    pub async fn comment_trail(&self, id: i64) -> AppResult<Option<Trail>> {
        let rows: Vec<CommentRow> = backend!(self.comment_chain_rows(id, MAX_DEPTH))?;
        trail(id, rows)
    }
}

/// Orders the chain's rows from the top and checks them; `None` for anything a reader may not see.
fn trail(id: i64, rows: Vec<CommentRow>) -> AppResult<Option<Trail>> {
    let mut by_id: HashMap<i64, CommentRow> = rows.into_iter().map(|r| (r.id, r)).collect();
    let Some(target) = by_id.remove(&id).filter(|r| r.status == "published") else {
        return Ok(None);
    };
    let article = target.article_id;
    let mut parent = target.parent_id;
    let mut ancestors = Vec::new();
    while parent != 0 {
        // A parent missing (deeper than the bound) or not shown to readers: the link leads nowhere.
        let Some(row) = by_id.remove(&parent).filter(|r| {
            r.article_id == article
                && matches!(r.status.as_str(), "published" | "hidden" | "removed")
        }) else {
            return Ok(None);
        };
        parent = row.parent_id;
        ancestors.push(row.into_comment()?.0);
    }
    ancestors.reverse();
    Ok(Some(Trail {
        article,
        comment: target.into_comment()?.0,
        ancestors,
    }))
}
