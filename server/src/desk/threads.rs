//! The desk's hand on readers' threads: the articles (to close or open their comments) and an article's
//! comments (to hide, restore or remove one). Lists need any desk role; closing and opening need an
//! editor, a moderator or an admin with the session's CSRF token.

use super::accounts::Role;
use super::moderation::{private_json, Desk, Limit};
use crate::error::{AppError, AppResult};
use crate::keys::Keys;
use crate::State;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State as S};
use axum::response::Response;
use model::desk::Items;
use serde::Deserialize;

/// The longest title search: a title is never longer.
const Q_MAX_CHARS: usize = 100;

#[derive(Deserialize)]
pub struct ArticleQuery {
    limit: Option<u32>,
    q: Option<String>,
}

fn bad_query(e: QueryRejection) -> AppError {
    AppError::bad_request(format!("查询参数无效 (bad query string: {e})"))
}

/// `GET /api/v1/desk/articles?limit=&q=` → the newest articles first, those whose title contains `q`.
pub async fn articles(
    S(s): S<State>,
    _desk: Desk,
    q: Result<Query<ArticleQuery>, QueryRejection>,
) -> AppResult<Response> {
    let Query(q) = q.map_err(bad_query)?;
    let limit = Limit { limit: q.limit }.get()?;
    let search = q.q.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
    if search
        .as_ref()
        .is_some_and(|t| t.chars().count() > Q_MAX_CHARS)
    {
        return Err(AppError::validation(
            "q",
            format!("q 最多{Q_MAX_CHARS}个字 (q is at most {Q_MAX_CHARS} characters)"),
        ));
    }
    Ok(private_json(Items {
        items: s.store.desk_articles(search, limit).await?,
    }))
}

#[derive(Deserialize)]
pub struct CommentQuery {
    limit: Option<u32>,
    article: Option<String>,
}

/// `GET /api/v1/desk/comments?article=ID&limit=` → the article's published and hidden comments, newest
/// first, each with its `status`.
pub async fn comments(
    S(s): S<State>,
    _desk: Desk,
    q: Result<Query<CommentQuery>, QueryRejection>,
) -> AppResult<Response> {
    let Query(q) = q.map_err(bad_query)?;
    let limit = Limit { limit: q.limit }.get()?;
    let article = q
        .article
        .as_deref()
        .and_then(crate::api::parse_id)
        .ok_or_else(|| {
            AppError::validation("article", "需要文章编号 (article must be an article id)")
        })?;
    Ok(private_json(Items {
        items: s.store.desk_comments(article, limit).await?,
    }))
}

/// `POST /api/v1/desk/articles/{id}/{close|open}`: readers may no longer post (the thread stays), or may
/// again. Answers `{"id", "comments_open"}`.
pub async fn set_open(
    S(s): S<State>,
    desk: Desk,
    Path((id, action)): Path<(String, String)>,
    headers: axum::http::HeaderMap,
) -> AppResult<Response> {
    let open = match action.as_str() {
        "open" => true,
        "close" => false,
        _ => return Err(AppError::not_found("没有这个操作 (no such action)")),
    };
    desk.may(&[Role::Editor, Role::Moderator, Role::Admin])?;
    desk.csrf(&headers)?;
    let id = crate::api::parse_id(&id).ok_or_else(crate::store::article_not_found)?;
    let who = &desk.0.name;
    tracing::info!(account = %who, article = id, %action, "desk");
    s.store.set_comments_open(id, open, who).await?;
    // Readers' next request says so (and a post is refused), here and on every instance.
    s.wrote(&Keys::default().with(Keys::article(id))).await?;
    Ok(private_json(
        serde_json::json!({ "id": id, "comments_open": open }),
    ))
}
