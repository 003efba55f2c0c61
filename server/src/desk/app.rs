//! The desk's screens (`/desk`, `/desk/reports`, `/desk/articles`, `/desk/audit`): the page of its own
//! wasm (`desk.html`, built into `dist/desk/`), handed only to a logged-in account; anyone else is sent
//! to the login form. Its files are served from `/desk/…` like the app's; what it shows comes from
//! `/api/v1/desk/…`.

use super::login::see_other;
use super::session;
use crate::error::{AppError, AppResult};
use crate::State;
use axum::extract::State as S;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};

/// The screens the desk's router draws; each address loads the same page.
pub const SCREENS: [&str; 4] = ["/desk", "/desk/reports", "/desk/articles", "/desk/audit"];

pub async fn screen(S(state): S<State>, headers: HeaderMap) -> AppResult<Response> {
    if session::current(&state, &headers).await?.is_none() {
        return Ok(see_other("/desk/login"));
    }
    let page = state.config.dist_dir.join("desk").join("index.html");
    let html = tokio::fs::read_to_string(&page).await.map_err(|e| {
        tracing::error!(page = %page.display(), "the desk's page: {e}");
        AppError::new(
            model::ErrorCode::Unavailable,
            "编辑台尚未构建 (the desk is not built: run scripts/build.sh)",
        )
    })?;
    let mut res = html.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}
