//! The publishing API (`/api/v1/admin/…`), for a CMS other than WordPress or a newsroom's own tools:
//! put an article (the `content/` article JSON), take one down (410 afterwards), put the site tree.
//! Every request needs a bearer token (`difang-server token add`); the site tree needs an admin token.
//! Each change is one transaction, and this server's caches are dropped at once (other instances and
//! CDNs follow within their TTLs: see `refresh` and the purge).

use super::{parse_id, Seg};
use crate::auth::{Authorized, Role};
use crate::error::{AppError, AppResult};
use crate::respond::json_write;
use crate::sources::import::{media_allowed, media_urls, validate_article, validate_site};
use crate::store::{article_not_found, ArticleState, Change, Manager};
use crate::State;
use axum::body::Bytes;
use axum::extract::State as S;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use model::content::{ContentArticle, PublishStatus, Published};
use model::{ErrorCode, Site};

/// Largest article or site accepted: a long article with many blocks, far below what would hurt.
pub const MAX_BODY: usize = 2 * 1024 * 1024;

pub(super) fn json_body<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    body: &Bytes,
) -> AppResult<T> {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(';').next().unwrap_or("").trim() == "application/json");
    if !json {
        return Err(AppError::new(
            ErrorCode::UnsupportedMediaType,
            "请求内容必须是 JSON (Content-Type must be application/json)",
        ));
    }
    serde_json::from_slice(body)
        .map_err(|e| AppError::bad_request(format!("请求内容不是有效的 JSON ({e})")))
}

fn managed_elsewhere(id: i64, owner: Manager) -> AppError {
    AppError::new(
        ErrorCode::Conflict,
        format!(
            "文章 {id} 由 {} 管理 (article {id} is managed by {}; change it there)",
            owner.as_str(),
            owner.as_str()
        ),
    )
}

fn answer(status: StatusCode, id: i64, what: PublishStatus) -> AppResult<Response> {
    let body = serde_json::to_vec(&Published {
        id: id as u64,
        status: what,
    })?;
    Ok(json_write(status, body))
}

/// `PUT /api/v1/admin/articles/{id}`: 201 for a new article, 200 for a replaced one.
pub async fn put_article(
    S(s): S<State>,
    who: Authorized,
    Seg(id): Seg,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    who.require(Role::Publisher)?;
    let id = parse_id(&id).ok_or_else(article_not_found)?;
    let article: ContentArticle = json_body(&headers, &body)?;
    if article.id != id as u64 {
        return Err(AppError::validation(
            "id",
            format!(
                "正文里的 id 与地址不同 (body id {} is not {id})",
                article.id
            ),
        ));
    }
    validate_article(&s.site(), &article).map_err(AppError::bad_request)?;
    // Pages only load media from origins their CSP names: anything else would show as a broken image.
    let mut origins = s.config.media_origins();
    origins.extend(
        s.config
            .public_url
            .as_deref()
            .and_then(crate::cli::origin_of),
    );
    if let Some(u) = media_urls(&article)
        .into_iter()
        .find(|u| !media_allowed(u, &origins))
    {
        return Err(AppError::validation(
            "body",
            format!(
                "图片或视频的网站不在允许之列 ({u} is on an origin pages may not load media from; start the server with --media-origins listing it)"
            ),
        ));
    }
    let mut change = Change::new(Manager::Api);
    change.upserts.push(article);
    let applied = s.store.apply(change).await?;
    if let Some((_, owner)) = applied.refused.first() {
        return Err(managed_elsewhere(id, *owner));
    }
    s.published(&applied, false).await?;
    tracing::info!(id, token = %who.name, "article published");
    if applied.inserted.is_empty() {
        answer(StatusCode::OK, id, PublishStatus::Updated)
    } else {
        answer(StatusCode::CREATED, id, PublishStatus::Created)
    }
}

/// `DELETE /api/v1/admin/articles/{id}`: takes the article down; its page and API answer 410 after.
/// Taking down what is already gone answers the same.
pub async fn delete_article(S(s): S<State>, who: Authorized, Seg(id): Seg) -> AppResult<Response> {
    who.require(Role::Publisher)?;
    let id = parse_id(&id).ok_or_else(article_not_found)?;
    match s.store.article_state(id).await? {
        ArticleState::Unknown => return Err(article_not_found()),
        ArticleState::Gone => return answer(StatusCode::OK, id, PublishStatus::Gone),
        ArticleState::Live(_) => {}
    }
    let mut change = Change::new(Manager::Api);
    change.removals.push(id);
    let applied = s.store.apply(change).await?;
    if let Some((_, owner)) = applied.refused.first() {
        return Err(managed_elsewhere(id, *owner));
    }
    s.published(&applied, false).await?;
    tracing::info!(id, token = %who.name, "article taken down");
    answer(StatusCode::OK, id, PublishStatus::Gone)
}

/// `PUT /api/v1/admin/site`: the places and channels. A channel that still has articles cannot go.
pub async fn put_site(
    S(s): S<State>,
    who: Authorized,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    who.require(Role::Admin)?;
    let site: Site = json_body(&headers, &body)?;
    validate_site(&site).map_err(AppError::bad_request)?;
    check_channels_kept(&s, &site).await?;
    let mut change = Change::new(Manager::Api);
    change.site = Some(site);
    let applied = s.store.apply(change).await?;
    s.published(&applied, true).await?;
    tracing::info!(token = %who.name, "site tree replaced");
    Ok(json_write(StatusCode::OK, s.site_json().body.to_vec()))
}

/// 409 if `site` drops a channel that has published articles.
pub async fn check_channels_kept(s: &State, site: &Site) -> AppResult<()> {
    let orphaned: Vec<String> = s
        .store
        .channels_in_use(None)
        .await?
        .into_iter()
        .filter(|ch| site.channel(ch).is_none())
        .collect();
    if orphaned.is_empty() {
        Ok(())
    } else {
        Err(AppError::new(
            ErrorCode::Conflict,
            format!(
                "这些频道还有文章,不能删除 (channels still have articles: {})",
                orphaned.join(", ")
            ),
        ))
    }
}
