//! The one error shape of the API: `{"error":{"code","message"}}` with a machine-readable code.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub error: ErrorBody,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: ErrorCode,
    /// Human-readable, safe to show to a reader.
    pub message: String,
    /// The request field at fault, for `validation` errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Seconds to wait, for `rate_limited` (also in the `Retry-After` header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

/// Every error code the API answers with. Unknown codes from a newer server decode as `Other`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 400: a malformed request (bad JSON, bad query string, bad header).
    BadRequest,
    /// 400: a `cursor` that this server did not issue.
    InvalidCursor,
    /// 400: a `limit` outside 1..=50.
    InvalidLimit,
    /// 400: a body field broke a rule; `field` names it.
    Validation,
    /// 401: no bearer token, or not a live one (publishing API).
    Unauthorized,
    /// 403: the token's role may not do this.
    Forbidden,
    /// 403: the article's comments are closed (the desk closed them); the thread can still be read.
    CommentsClosed,
    /// 404.
    NotFound,
    /// 405.
    MethodNotAllowed,
    /// 409: an `Idempotency-Key` reused with a different body.
    Conflict,
    /// 413.
    PayloadTooLarge,
    /// 410: an article that was taken down (deleted, unpublished or trashed at its source).
    Gone,
    /// 415.
    UnsupportedMediaType,
    /// 429: too many posts; see `retry_after`.
    RateLimited,
    /// 500: the server's fault; the message says nothing internal.
    Internal,
    /// 503.
    Unavailable,
    #[serde(other)]
    Other,
}

impl ErrorCode {
    /// The HTTP status this code is sent with.
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::BadRequest
            | ErrorCode::InvalidCursor
            | ErrorCode::InvalidLimit
            | ErrorCode::Validation => 400,
            ErrorCode::Unauthorized => 401,
            ErrorCode::Forbidden | ErrorCode::CommentsClosed => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::Conflict => 409,
            ErrorCode::Gone => 410,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::RateLimited => 429,
            ErrorCode::Internal | ErrorCode::Other => 500,
            ErrorCode::Unavailable => 503,
        }
    }
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            error: ErrorBody {
                code,
                message: message.into(),
                field: None,
                retry_after: None,
            },
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.error.message)
    }
}

impl std::error::Error for ApiError {}
