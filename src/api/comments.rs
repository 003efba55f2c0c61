//! The comment requests: a page of a thread, an idempotent post, a report. URLs only from `model::paths`.

use super::{send_json, ApiError, Method};
use model::{
    paths, ArticleId, Comment, CommentId, CommentOrder, CommentPage, CommentTrail, NewComment,
};

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
    send_json(Method::GET, &url, None, &[]).await
}

/// One comment with the comments above it: where a link to a comment not shown yet leads. Not cached,
/// as a thread's pages are not.
pub async fn trail(comment: CommentId) -> Result<CommentTrail, ApiError> {
    send_json(Method::GET, &paths::comment(comment), None, &[]).await
}

/// Posts a comment under an `Idempotency-Key`: the same key and body always answer with the same
/// comment, so retries and double taps create one.
pub async fn post(
    article: ArticleId,
    comment: &NewComment,
    key: &str,
) -> Result<Comment, ApiError> {
    let body = crate::json::to_string(comment).map_err(ApiError::Decode)?;
    let headers = [("Idempotency-Key", key)];
    send_json(
        Method::POST,
        &paths::post_comment(article),
        Some(body),
        &headers,
    )
    .await
}

/// Reports a comment to the moderators; the server answers `{"status":"received"}`. The body is an
/// empty JSON object: the server takes POSTs with a JSON content type only (no plain-form reports).
pub async fn report(comment: CommentId) -> Result<(), ApiError> {
    let body = Some("{}".to_owned());
    send_json::<serde::de::IgnoredAny>(Method::POST, &paths::report_comment(comment), body, &[])
        .await
        .map(|_| ())
}
