//! The desk's JSON (`/api/v1/desk/…`): what the server sends the moderators' screens and they read back.

use serde::{Deserialize, Serialize};

/// `GET /api/v1/desk/session`: who is logged in, and the token every state change must carry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskSession {
    pub name: String,
    /// `editor`, `moderator` or `admin`.
    pub role: String,
    /// Sent back as `X-CSRF-Token` on every `POST`.
    pub csrf: String,
}

impl DeskSession {
    /// Moderators and admins act on comments; editors only read the desk and close or open comments.
    pub fn moderates(&self) -> bool {
        matches!(self.role.as_str(), "moderator" | "admin")
    }
}

/// A list the desk shows: `{"items": […]}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Items<T> {
    pub items: Vec<T>,
}

/// A comment as the desk shows it: with its article's title.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskComment {
    pub id: i64,
    pub article: i64,
    pub article_title: String,
    pub author: String,
    pub text: String,
    pub created_at: String,
    /// `published`, `hidden`, `pending`, `rejected` or `removed` (what the desk may do to it).
    #[serde(default)]
    pub status: String,
}

/// An article as the desk lists it (`GET /api/v1/desk/articles`): to close or open its comments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskArticle {
    pub id: i64,
    pub title: String,
    /// RFC 3339, as published.
    pub published_at: String,
    /// Published comments at all levels.
    pub comments: i64,
    pub comments_open: bool,
    /// Followed live (its updates are posted from the desk or the publishing API).
    #[serde(default)]
    pub live: bool,
}

/// A comment waiting for a moderator, with the comment it answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItem {
    #[serde(flatten)]
    pub comment: DeskComment,
    /// The comment this one replies to: its author and text, for the thread's context.
    pub parent: Option<QueueParent>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueParent {
    pub id: i64,
    pub author: String,
    pub text: String,
}

/// A reported comment with its reports: how many, and the reasons given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportGroup {
    pub comment: DeskComment,
    pub count: i64,
    pub reasons: Vec<String>,
}

/// One line of the audit log: who did what to what, when, and the state before and after (any JSON).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// An address barred from commenting, as the desk set it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// An IPv4 address, or an IPv6 /64.
    pub address: String,
    pub until: String,
}

/// The desk's front counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskCounts {
    pub pending: i64,
    /// Published comments with at least one report.
    pub reported: i64,
    /// Comments posted since the start of the day (UTC+8, the site's day).
    pub today: i64,
}
