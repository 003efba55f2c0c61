//! The desk's hand on live articles: post an update, mark an article live or not. Editors, moderators
//! and admins, with the session's CSRF token; each change and its audit line are one transaction.

use super::accounts::Role;
use super::moderation::{private_json, Desk};
use crate::api::live::{checked, idempotency_key, post_update, set_live};
use crate::error::{AppError, AppResult};
use crate::State;
use axum::body::Bytes;
use axum::extract::{Path, State as S};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};

const ROLES: &[Role] = &[Role::Editor, Role::Moderator, Role::Admin];

/// `POST /api/v1/desk/articles/{id}/live` with a `NewLiveUpdate` (optionally an `Idempotency-Key`) → 201
/// and the `LiveUpdate` (200 and the same one for a retry with the key).
pub async fn post(
    S(s): S<State>,
    desk: Desk,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    desk.may(ROLES)?;
    desk.csrf(&headers)?;
    let id = crate::api::parse_id(&id).ok_or_else(crate::store::article_not_found)?;
    let key = idempotency_key(&headers)?;
    let update = checked(&s, &headers, &body)?;
    let (status, posted) = post_update(&s, id, update, key, &desk.0.name).await?;
    let mut res = private_json(posted).into_response();
    *res.status_mut() = status;
    Ok(res)
}

/// `POST /api/v1/desk/articles/{id}/live/{on|off}` → `{"id", "live"}`.
pub async fn mark(
    S(s): S<State>,
    desk: Desk,
    Path((id, state)): Path<(String, String)>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let live = match state.as_str() {
        "on" => true,
        "off" => false,
        _ => return Err(AppError::not_found("没有这个操作 (no such action)")),
    };
    desk.may(ROLES)?;
    desk.csrf(&headers)?;
    let id = crate::api::parse_id(&id).ok_or_else(crate::store::article_not_found)?;
    set_live(&s, id, live, &desk.0.name).await?;
    Ok(private_json(serde_json::json!({ "id": id, "live": live })))
}
