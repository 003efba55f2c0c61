//! The optimistic post's state machine, pure: sending → published / pending, or failed with a reason.

use crate::api::ApiError;
use crate::i18n::Lang;
use model::{Comment, CommentStatus, ErrorCode};

/// Where a shown comment stands; `data-status` on its `li`.
#[derive(Clone, Debug, PartialEq)]
pub enum ItemStatus {
    Published,
    /// Held for moderation: shown only in this browser.
    Pending,
    Sending,
    /// Written offline: in the outbox (crate::offline::outbox), sent when the network is back.
    Queued,
    Failed(Failure),
    /// Hidden or removed by a moderator: a tombstone (该评论已被删除) that keeps its replies.
    Removed,
}

impl ItemStatus {
    pub fn attr(&self) -> &'static str {
        match self {
            ItemStatus::Published => "published",
            ItemStatus::Pending => "pending",
            ItemStatus::Sending => "sending",
            ItemStatus::Queued => "queued",
            ItemStatus::Failed(_) => "failed",
            ItemStatus::Removed => "removed",
        }
    }

    pub fn of(c: &Comment) -> ItemStatus {
        match c.status {
            CommentStatus::Published => ItemStatus::Published,
            CommentStatus::Pending => ItemStatus::Pending,
            CommentStatus::Removed => ItemStatus::Removed,
        }
    }
}

/// Why a post did not go through; each can be retried with the same key.
#[derive(Clone, Debug, PartialEq)]
pub enum Failure {
    Network,
    /// 429: wait this many seconds.
    RetryAfter(u64),
    /// The server's own message (safe to show).
    Server(String),
}

impl Failure {
    pub fn reason(&self, lang: Lang) -> String {
        match self {
            Failure::Network => lang.c().failed_network.to_owned(),
            Failure::RetryAfter(n) => lang.c().retry_after.replace("{n}", &n.to_string()),
            Failure::Server(m) => m.clone(),
        }
    }
}

/// What to do with the answer to a post.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Replace the optimistic comment with the server's; clear the draft and the form.
    Accepted(Comment),
    /// A field broke a rule: drop the optimistic comment and explain in the form; retrying cannot help.
    Invalid { field: String, message: String },
    /// Keep the comment and the draft, show the reason and a retry button.
    Failed(Failure),
}

/// Seconds to wait after a 429 whose body gave none.
const DEFAULT_RETRY_AFTER: u64 = 30;

pub fn outcome(result: Result<Comment, ApiError>) -> Outcome {
    match result {
        Ok(c) => Outcome::Accepted(c),
        Err(ApiError::Http { status, error }) => match error {
            Some(e) if e.error.code == ErrorCode::Validation => Outcome::Invalid {
                field: e.error.field.unwrap_or_default(),
                message: e.error.message,
            },
            Some(e) if status == 429 || e.error.code == ErrorCode::RateLimited => Outcome::Failed(
                Failure::RetryAfter(e.error.retry_after.unwrap_or(DEFAULT_RETRY_AFTER)),
            ),
            None if status == 429 => Outcome::Failed(Failure::RetryAfter(DEFAULT_RETRY_AFTER)),
            Some(e) => Outcome::Failed(Failure::Server(e.error.message)),
            None => Outcome::Failed(Failure::Server(format!("HTTP {status}"))),
        },
        Err(ApiError::Network(_) | ApiError::Timeout | ApiError::Aborted) => {
            Outcome::Failed(Failure::Network)
        }
        // A 2xx we could not read: the post may have landed; the same key makes the retry safe.
        Err(e @ ApiError::Decode(_)) => Outcome::Failed(Failure::Server(e.detail())),
    }
}
