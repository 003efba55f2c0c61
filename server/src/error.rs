//! The server's one error type: every failure becomes `model::ApiError` JSON with its code's status.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use model::{ApiError, ErrorCode};

/// An error answered to the client. Internal failures are logged and sent as a bare `internal`.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    Api(ApiError),
    #[error("internal: {0}")]
    Internal(String),
    /// The database is locked by another writer, full, or out of connections: a 503 the client may retry.
    #[error("busy: {0}")]
    Busy(String),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError::Api(ApiError::new(code, message))
    }
    pub fn not_found(what: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, what)
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::BadRequest, message)
    }
    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        let mut e = ApiError::new(ErrorCode::Validation, message);
        e.error.field = Some(field.to_owned());
        AppError::Api(e)
    }
    pub fn rate_limited(retry_after: u64) -> Self {
        let mut e = ApiError::new(
            ErrorCode::RateLimited,
            format!(
                "评论太频繁,请{retry_after}秒后再试 (too many comments; retry in {retry_after} s)"
            ),
        );
        e.error.retry_after = Some(retry_after);
        AppError::Api(e)
    }
}

impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as E;
        match e.sqlite_error_code() {
            Some(E::DatabaseBusy | E::DatabaseLocked | E::DiskFull) => {
                AppError::Busy(format!("database: {e}"))
            }
            _ => AppError::Internal(format!("database: {e}")),
        }
    }
}

impl From<serde_json::Error> for AppError {
    fn from(e: serde_json::Error) -> Self {
        AppError::Internal(format!("json: {e}"))
    }
}

impl From<tokio::task::JoinError> for AppError {
    fn from(e: tokio::task::JoinError) -> Self {
        AppError::Internal(format!("task: {e}"))
    }
}

/// Builds the JSON error response for an `ApiError`, with `Retry-After` when it carries one.
pub fn api_error_response(err: &ApiError) -> Response {
    let status =
        StatusCode::from_u16(err.error.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_vec(err)
        .unwrap_or_else(|_| b"{\"error\":{\"code\":\"internal\",\"message\":\"error\"}}".to_vec());
    let mut res = (status, body).into_response();
    let headers = res.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if err.error.code == ErrorCode::Unauthorized {
        headers.insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"difang\""),
        );
    }
    if let Some(secs) = err.error.retry_after {
        if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
            headers.insert(header::RETRY_AFTER, v);
        }
    }
    res
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::Api(e) => api_error_response(&e),
            AppError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                api_error_response(&ApiError::new(
                    ErrorCode::Internal,
                    "服务器出错了 (internal server error)",
                ))
            }
            AppError::Busy(detail) => {
                tracing::warn!(%detail, "busy");
                let mut e = ApiError::new(
                    ErrorCode::Unavailable,
                    "服务器繁忙,请稍后再试 (the database is busy; retry shortly)",
                );
                e.error.retry_after = Some(2);
                api_error_response(&e)
            }
        }
    }
}

/// The error code an HTTP status maps to, for responses that were not built by this crate (rejections).
pub fn code_for_status(status: StatusCode) -> ErrorCode {
    match status.as_u16() {
        404 => ErrorCode::NotFound,
        405 => ErrorCode::MethodNotAllowed,
        409 => ErrorCode::Conflict,
        413 => ErrorCode::PayloadTooLarge,
        415 => ErrorCode::UnsupportedMediaType,
        429 => ErrorCode::RateLimited,
        503 => ErrorCode::Unavailable,
        400..=499 => ErrorCode::BadRequest,
        _ => ErrorCode::Internal,
    }
}
