//! The desk's requests: always fresh from the server (never the reader's answer cache), each with the
//! shared client's timeout and typed errors; state changes carry the session's CSRF token.

use crate::api::{send_json, ApiError, Method};
use model::desk::{
    AuditEntry, DeskArticle, DeskComment, DeskCounts, DeskSession, Items, QueueItem, ReportGroup,
};
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use serde::de::{DeserializeOwned, IgnoredAny};

const BASE: &str = "/api/v1/desk";

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    send_json(Method::GET, &format!("{BASE}{path}"), None, &[]).await
}

pub async fn session() -> Result<DeskSession, ApiError> {
    get("/session").await
}

pub async fn counts() -> Result<DeskCounts, ApiError> {
    get("/summary").await
}

pub async fn queue() -> Result<Vec<QueueItem>, ApiError> {
    get::<Items<_>>("/queue?limit=100").await.map(|i| i.items)
}

pub async fn reports() -> Result<Vec<ReportGroup>, ApiError> {
    get::<Items<_>>("/reports?limit=100").await.map(|i| i.items)
}

pub async fn audit() -> Result<Vec<AuditEntry>, ApiError> {
    get::<Items<_>>("/audit?limit=100").await.map(|i| i.items)
}

/// Newest articles first; `q` narrows them to titles containing it.
pub async fn articles(q: &str) -> Result<Vec<DeskArticle>, ApiError> {
    let q = utf8_percent_encode(q.trim(), NON_ALPHANUMERIC);
    get::<Items<_>>(&format!("/articles?limit=50&q={q}"))
        .await
        .map(|i| i.items)
}

/// An article's published and hidden comments, newest first.
pub async fn comments(article: i64) -> Result<Vec<DeskComment>, ApiError> {
    get::<Items<_>>(&format!("/comments?article={article}&limit=100"))
        .await
        .map(|i| i.items)
}

/// What the desk does to a comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    Approve,
    Reject,
    Dismiss,
    Hide,
    Restore,
    Remove,
    /// Its author's address, for 24 hours.
    Block,
}

impl Act {
    fn path(self) -> &'static str {
        match self {
            Act::Approve => "approve",
            Act::Reject => "reject",
            Act::Dismiss => "dismiss",
            Act::Hide => "hide",
            Act::Restore => "restore",
            Act::Remove => "remove",
            Act::Block => "block?hours=24",
        }
    }
}

/// `POST /api/v1/desk/comments/{id}/{action}`; `reply` goes with an approval as the desk's reply.
pub async fn act(csrf: &str, id: i64, act: Act, reply: Option<&str>) -> Result<(), ApiError> {
    let body = match reply {
        Some(text) => {
            Some(crate::json::to_string(&ReplyBody { reply: text }).map_err(ApiError::Decode)?)
        }
        None => None,
    };
    let url = format!("{BASE}/comments/{id}/{}", act.path());
    send_json::<IgnoredAny>(Method::POST, &url, body, &[("X-CSRF-Token", csrf)])
        .await
        .map(|_| ())
}

#[derive(serde::Serialize)]
struct ReplyBody<'a> {
    reply: &'a str,
}

/// Closes (`open == false`) or opens an article's comments.
pub async fn switch_comments(csrf: &str, article: i64, open: bool) -> Result<(), ApiError> {
    let verb = if open { "open" } else { "close" };
    let url = format!("{BASE}/articles/{article}/{verb}");
    send_json::<IgnoredAny>(Method::POST, &url, None, &[("X-CSRF-Token", csrf)])
        .await
        .map(|_| ())
}

/// A 401: the session ended (expired, logged out elsewhere, account disabled).
pub fn logged_out(e: &ApiError) -> bool {
    matches!(e, ApiError::Http { status: 401, .. })
}

/// Marks (`on`) or unmarks an article as followed live.
pub async fn switch_live(csrf: &str, article: i64, on: bool) -> Result<(), ApiError> {
    let verb = if on { "on" } else { "off" };
    let url = format!("{BASE}/articles/{article}/live/{verb}");
    send_json::<IgnoredAny>(Method::POST, &url, None, &[("X-CSRF-Token", csrf)])
        .await
        .map(|_| ())
}

/// Posts a live update of `article` (which marks it live). `key` makes a retry of the same post one
/// update, not two.
pub async fn post_live(csrf: &str, article: i64, text: &str, key: &str) -> Result<(), ApiError> {
    let body = model::NewLiveUpdate {
        text: text.to_owned(),
        image: None,
    };
    let body = crate::json::to_string(&body).map_err(ApiError::Decode)?;
    let url = format!("{BASE}/articles/{article}/live");
    send_json::<IgnoredAny>(
        Method::POST,
        &url,
        Some(body),
        &[("X-CSRF-Token", csrf), ("Idempotency-Key", key)],
    )
    .await
    .map(|_| ())
}
