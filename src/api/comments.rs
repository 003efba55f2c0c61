//! The comment requests: a page of a thread, an idempotent post, a report. URLs only from `model::paths`.

use super::{send_json, ApiError};
use gloo_net::http::Request;
use model::{paths, ArticleId, Comment, CommentId, CommentOrder, CommentPage, NewComment};

/// Comments (or replies) per page.
pub const PAGE_SIZE: u32 = 20;

/// One page of top-level comments, or of the replies to `parent`. Never cached: the reader must see
/// what was just posted.
pub async fn list(
    article: ArticleId,
    parent: Option<CommentId>,
    order: CommentOrder,
    cursor: Option<String>,
) -> Result<CommentPage, ApiError> {
    let url = paths::comments(article, parent, order, cursor.as_deref(), Some(PAGE_SIZE));
    let request = Request::get(&url)
        .build()
        .map_err(|e| ApiError::Network(e.to_string()))?;
    send_json(request).await
}

/// Posts a comment under an `Idempotency-Key`: the same key and body always answer with the same
/// comment, so retries and double taps create one.
pub async fn post(
    article: ArticleId,
    comment: &NewComment,
    key: &str,
) -> Result<Comment, ApiError> {
    let request = Request::post(&paths::post_comment(article))
        .header("Idempotency-Key", key)
        .json(comment)
        .map_err(|e| ApiError::Network(e.to_string()))?;
    send_json(request).await
}

/// Reports a comment to the moderators; the server answers `{"status":"received"}`.
pub async fn report(comment: CommentId) -> Result<(), ApiError> {
    let request = Request::post(&paths::report_comment(comment))
        .build()
        .map_err(|e| ApiError::Network(e.to_string()))?;
    send_json::<serde::de::IgnoredAny>(request)
        .await
        .map(|_| ())
}
