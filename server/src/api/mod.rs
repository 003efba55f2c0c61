//! The `/api/v1` router and the request-parsing helpers its handlers share.

mod admin;
mod comments;
pub mod live;
mod oembed;
mod reads;
mod search;
mod tags;
mod trail;
mod views;

use crate::error::{AppError, AppResult};
use crate::State;
use axum::extract::rejection::QueryRejection;
use axum::extract::{DefaultBodyLimit, Query};
use axum::routing::{get, post, put};
use axum::Router;
use model::ErrorCode;
use std::collections::HashMap;

/// Largest accepted request body.
pub const MAX_BODY: usize = 16 * 1024;

pub fn router() -> Router<State> {
    Router::new()
        .route("/site", get(reads::site))
        .route("/channels/{slug}/articles", get(reads::channel_articles))
        .route("/articles/{id}", get(reads::article))
        .route("/articles/{id}/related", get(reads::related))
        .route("/articles/{id}/view", post(views::count))
        .route("/articles/{id}/live", get(live::feed))
        .route("/articles/{id}/live/stream", get(live::stream))
        .route(
            "/articles/{id}/comments",
            get(comments::list).post(comments::create),
        )
        .route("/comments/{id}", get(trail::comment))
        .route("/comments/{id}/report", post(comments::report))
        .route("/widgets", get(reads::widget_set))
        .route("/widgets/{kind}", get(reads::widget_one))
        .route("/oembed", get(oembed::oembed))
        .route("/search", get(search::search))
        .route("/tags/{tag}/articles", get(tags::tag_articles))
        .route("/authors/{name}/articles", get(tags::author_articles))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .merge(
            Router::new()
                .route(
                    "/admin/articles/{id}",
                    put(admin::put_article).delete(admin::delete_article),
                )
                .route("/admin/site", put(admin::put_site))
                .route(
                    "/admin/articles/{id}/live",
                    post(live::admin_post).put(live::admin_mark),
                )
                .route(
                    "/admin/articles/{id}/live/{update}",
                    axum::routing::delete(live::admin_delete),
                )
                .layer(DefaultBodyLimit::max(admin::MAX_BODY)),
        )
        .fallback(|| async { AppError::not_found("没有这个接口 (no such API path)") })
}

/// Query parameters; unknown ones are ignored. A malformed query string is a 400.
pub struct Params(HashMap<String, String>);

impl Params {
    pub fn from(q: Result<Query<HashMap<String, String>>, QueryRejection>) -> AppResult<Self> {
        q.map(|Query(m)| Params(m))
            .map_err(|e| AppError::bad_request(format!("查询参数有误 ({e})")))
    }
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
    pub fn limit(&self, default: u32) -> AppResult<u32> {
        match self.get("limit") {
            None => Ok(default),
            Some(s) => s
                .parse::<u32>()
                .ok()
                .filter(|n| model::LIMIT_RANGE.contains(n))
                .ok_or_else(|| {
                    AppError::new(
                        ErrorCode::InvalidLimit,
                        format!(
                            "limit 必须是 {}–{} 的整数 (limit must be an integer in {}..={})",
                            model::LIMIT_RANGE.start(),
                            model::LIMIT_RANGE.end(),
                            model::LIMIT_RANGE.start(),
                            model::LIMIT_RANGE.end()
                        ),
                    )
                }),
        }
    }
}

/// A positive decimal id that fits SQLite's integer, or `None`.
pub fn parse_id(s: &str) -> Option<i64> {
    if s.is_empty() || s.len() > 19 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<i64>().ok().filter(|&n| n > 0)
}

pub fn invalid_cursor() -> AppError {
    AppError::new(
        ErrorCode::InvalidCursor,
        "分页游标无效 (cursor was not issued by this server for this list)",
    )
}

/// The one path parameter of a route. A segment that is not valid UTF-8 once percent-decoded names nothing,
/// so it becomes an empty string (and a 404 in the handler) instead of axum's 400 rejection.
pub struct Seg(pub String);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Seg {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        let p = axum::extract::Path::<String>::from_request_parts(parts, state).await;
        Ok(Seg(p.map(|axum::extract::Path(p)| p).unwrap_or_default()))
    }
}
