//! Read endpoints: site, channel pages, articles, related and the widgets.

use super::{invalid_cursor, parse_id, Params, Seg};
use crate::articles;
use crate::error::{AppError, AppResult};
use crate::respond::{json_read, Cache};
use crate::widgets::{self, Context, Window};
use crate::State;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State as S};
use axum::http::HeaderMap;
use axum::response::Response;
use model::{Page, WidgetKind, WidgetSet};
use std::collections::HashMap;

type Q = Result<Query<HashMap<String, String>>, QueryRejection>;

fn article_not_found() -> AppError {
    AppError::not_found("文章不存在 (no such article)")
}

pub async fn site(S(s): S<State>, headers: HeaderMap) -> Response {
    json_read(&headers, &*s.site, Cache::Public)
}

pub async fn channel_articles(
    S(s): S<State>,
    Seg(slug): Seg,
    q: Q,
    headers: HeaderMap,
) -> AppResult<Response> {
    let params = Params::from(q)?;
    if s.site.channel(&slug).is_none() {
        return Err(AppError::not_found("频道不存在 (no such channel)"));
    }
    let limit = params.limit(model::DEFAULT_LIMIT)?;
    let scope = format!("channel:{slug}");
    let after = match params.get("cursor") {
        None => None,
        Some(c) => Some(s.cursors.decode(&scope, c).ok_or_else(invalid_cursor)?),
    };
    let st = s.clone();
    // One extra row tells whether there is a next page.
    let mut rows =
        s.db.call(move |c| articles::channel_page(&st.site, c, &slug, after, limit + 1))
            .await?;
    let next_cursor = if rows.len() > limit as usize {
        rows.truncate(limit as usize);
        rows.last()
            .map(|(a, t)| s.cursors.encode(&scope, *t, a.id.0 as i64))
    } else {
        None
    };
    let page = Page {
        items: rows.into_iter().map(|(a, _)| a).collect(),
        next_cursor,
    };
    Ok(json_read(&headers, &page, Cache::Public))
}

pub async fn article(S(s): S<State>, Seg(id): Seg, headers: HeaderMap) -> AppResult<Response> {
    let id = parse_id(&id).ok_or_else(article_not_found)?;
    let st = s.clone();
    let article =
        s.db.call(move |c| {
            let a = articles::article(&st.site, c, id)?;
            if a.is_some() {
                // Counted before the ETag check: a revalidation is a read too.
                articles::record_view(c, id)?;
            }
            Ok(a)
        })
        .await?
        .ok_or_else(article_not_found)?;
    Ok(json_read(&headers, &article, Cache::Public))
}

/// Resolves `article=` (or a path id) into a widget context; unknown or malformed ids are 404.
async fn context(s: &State, article: Option<&str>) -> AppResult<Context> {
    let Some(raw) = article else {
        return Ok(Context { article: None });
    };
    let id = parse_id(raw).ok_or_else(article_not_found)?;
    let channel =
        s.db.call(move |c| articles::channel_of(c, id))
            .await?
            .ok_or_else(article_not_found)?;
    Ok(Context {
        article: Some((id, channel)),
    })
}

fn window(params: &Params) -> AppResult<Window> {
    match params.get("window") {
        None => Ok(Window::Week),
        Some(w) => Window::parse(w).ok_or_else(|| {
            AppError::bad_request(
                "window 只能是 24h、7d、30d 或 all (window must be 24h, 7d, 30d or all)",
            )
        }),
    }
}

/// `limit` for widgets: 1..=50, each kind's own default when absent.
fn widget_limit(params: &Params, kind: WidgetKind) -> AppResult<u32> {
    params.limit(widgets::default_limit(kind))
}

pub async fn related(
    S(s): S<State>,
    Seg(id): Seg,
    q: Q,
    headers: HeaderMap,
) -> AppResult<Response> {
    let params = Params::from(q)?;
    let ctx = context(&s, Some(&id)).await?;
    let limit = widget_limit(&params, WidgetKind::Related)?;
    let st = s.clone();
    let w = s
        .db
        .call(move |c| widgets::build(&st.site, c, WidgetKind::Related, &ctx, limit, Window::Week))
        .await?;
    Ok(json_read(&headers, &w, Cache::Public))
}

pub async fn widget_one(
    S(s): S<State>,
    Seg(kind): Seg,
    q: Q,
    headers: HeaderMap,
) -> AppResult<Response> {
    let params = Params::from(q)?;
    let kind = WidgetKind::from_slug(&kind)
        .ok_or_else(|| AppError::not_found(format!("没有这种栏目 (no widget kind {kind:?})")))?;
    let limit = widget_limit(&params, kind)?;
    let window = window(&params)?;
    let ctx = context(&s, params.get("article")).await?;
    let st = s.clone();
    let w =
        s.db.call(move |c| widgets::build(&st.site, c, kind, &ctx, limit, window))
            .await?;
    Ok(json_read(&headers, &w, Cache::Public))
}

pub async fn widget_set(S(s): S<State>, q: Q, headers: HeaderMap) -> AppResult<Response> {
    let params = Params::from(q)?;
    let raw = params.get("kinds").ok_or_else(|| {
        AppError::bad_request("缺少 kinds 参数 (kinds is required, e.g. kinds=related,hot-ranking)")
    })?;
    let kinds = raw
        .split(',')
        .map(|k| {
            WidgetKind::from_slug(k.trim()).ok_or_else(|| {
                AppError::bad_request(format!("没有这种栏目 (unknown widget kind {k:?})"))
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    if kinds.len() > WidgetKind::ALL.len() * 2 {
        return Err(AppError::bad_request("kinds 太多 (too many kinds)"));
    }
    let limit = match params.get("limit") {
        None => None,
        Some(_) => Some(params.limit(1)?),
    };
    let window = window(&params)?;
    let ctx = context(&s, params.get("article")).await?;
    let st = s.clone();
    let set =
        s.db.call(move |c| {
            let widgets = kinds
                .into_iter()
                .map(|k| {
                    widgets::build(
                        &st.site,
                        c,
                        k,
                        &ctx,
                        limit.unwrap_or(widgets::default_limit(k)),
                        window,
                    )
                })
                .collect::<AppResult<Vec<_>>>()?;
            Ok(WidgetSet { widgets })
        })
        .await?;
    Ok(json_read(&headers, &set, Cache::Public))
}
