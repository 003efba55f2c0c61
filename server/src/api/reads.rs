//! Read endpoints: site, channel pages, articles, related and the widgets.

use super::{invalid_cursor, parse_id, Params, Seg};
use crate::articles;
use crate::cache::Cached;
use crate::client::Client;
use crate::error::{AppError, AppResult};
use crate::respond::{json_cached, not_modified, to_cached, Cache};
use crate::widgets::{self, Context, Window};
use crate::{AppState, State};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State as S};
use axum::http::HeaderMap;
use axum::response::Response;
use model::{Page, Widget, WidgetKind, WidgetSet};
use std::collections::HashMap;
use std::sync::Arc;

type Q = Result<Query<HashMap<String, String>>, QueryRejection>;

fn article_not_found() -> AppError {
    AppError::not_found("文章不存在 (no such article)")
}

pub async fn site(S(s): S<State>, headers: HeaderMap) -> Response {
    json_cached(&headers, &s.site_json, Cache::Public)
}

/// The cached answer under `key`, or `build`'s (computed on a read-only connection and cached).
async fn cached<T, F>(s: &State, key: String, build: F) -> AppResult<Arc<Cached>>
where
    T: serde::Serialize + Send + 'static,
    F: FnOnce(&rusqlite::Connection) -> AppResult<T> + Send + 'static,
{
    if let Some(hit) = s.cache.get(&key) {
        return Ok(hit);
    }
    let value = s.db.read(build).await?;
    let c = to_cached(&value)?;
    s.cache.insert(key, c.clone());
    Ok(c)
}

/// One widget; kinds that do not depend on the article come from (or go to) the shared-widget cache.
fn build_widget(
    s: &AppState,
    c: &rusqlite::Connection,
    kind: WidgetKind,
    ctx: &Context,
    limit: u32,
    window: Window,
) -> AppResult<Widget> {
    let Some(shared) = widgets::shared_key(c, kind, ctx, window)? else {
        return widgets::build(&s.site, c, kind, ctx, limit, window);
    };
    let key = format!("{shared}:{limit}");
    let list = match s.widgets.get(&key) {
        Some(hit) => hit,
        None => {
            // One spare item, so that taking the article out still leaves `limit`.
            let w = widgets::build(&s.site, c, kind, &ctx.unexcluded(), limit + 1, window)?;
            let w = Arc::new(w);
            s.widgets.insert(key, w.clone());
            w
        }
    };
    Ok(widgets::from_shared(&list, ctx, limit))
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
    let key = format!("{scope}:{after:?}:{limit}");
    let st = s.clone();
    let page = cached(&s, key, move |c| {
        // One extra row tells whether there is a next page.
        let mut rows = articles::channel_page(&st.site, c, &slug, after, limit + 1)?;
        let next_cursor = if rows.len() > limit as usize {
            rows.truncate(limit as usize);
            rows.last()
                .map(|(a, t)| st.cursors.encode(&scope, *t, a.id.0 as i64))
        } else {
            None
        };
        Ok(Page {
            items: rows.into_iter().map(|(a, _)| a).collect(),
            next_cursor,
        })
    })
    .await?;
    Ok(json_cached(&headers, &page, Cache::Public))
}

pub async fn article(
    S(s): S<State>,
    Client(reader): Client,
    Seg(id): Seg,
    headers: HeaderMap,
) -> AppResult<Response> {
    let id = parse_id(&id).ok_or_else(article_not_found)?;
    let key = article_key(id);
    let body = match s.cache.get(&key) {
        Some(hit) => hit,
        None => {
            let st = s.clone();
            let article =
                s.db.read(move |c| articles::article(&st.site, c, id))
                    .await?
                    .ok_or_else(article_not_found)?;
            let c = to_cached(&article)?;
            s.cache.insert(key, c.clone());
            c
        }
    };
    // A revalidation (304) is the reader's cached copy, not a new read.
    if !not_modified(&headers, &body) {
        s.views.record(reader, id);
    }
    Ok(json_cached(&headers, &body, Cache::Public))
}

/// The cache key of an article (a new comment changes its count and drops it).
pub fn article_key(id: i64) -> String {
    format!("article:{id}")
}

/// A syntactically valid `article=` (or path) id; unknown ones are found out by [`context`].
fn article_param(raw: Option<&str>) -> AppResult<Option<i64>> {
    raw.map(|r| parse_id(r).ok_or_else(article_not_found))
        .transpose()
}

/// Resolves an article id into a widget context; an unknown article is a 404.
fn context(c: &rusqlite::Connection, article: Option<i64>) -> AppResult<Context> {
    let Some(id) = article else {
        return Ok(Context { article: None });
    };
    let channel = articles::channel_of(c, id)?.ok_or_else(article_not_found)?;
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
    let article = article_param(Some(&id))?;
    let limit = widget_limit(&params, WidgetKind::Related)?;
    let st = s.clone();
    let key = format!("widget:related:{article:?}:{limit}");
    let w = cached(&s, key, move |c| {
        let ctx = context(c, article)?;
        build_widget(&st, c, WidgetKind::Related, &ctx, limit, Window::Week)
    })
    .await?;
    Ok(json_cached(&headers, &w, Cache::Public))
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
    let article = article_param(params.get("article"))?;
    let st = s.clone();
    let key = format!("widget:{}:{article:?}:{limit}:{window:?}", kind.slug());
    let w = cached(&s, key, move |c| {
        let ctx = context(c, article)?;
        build_widget(&st, c, kind, &ctx, limit, window)
    })
    .await?;
    Ok(json_cached(&headers, &w, Cache::Public))
}

pub async fn widget_set(S(s): S<State>, q: Q, headers: HeaderMap) -> AppResult<Response> {
    let params = Params::from(q)?;
    let raw = params.get("kinds").ok_or_else(|| {
        AppError::bad_request("缺少 kinds 参数 (kinds is required, e.g. kinds=related,hot-ranking)")
    })?;
    // Each kind is a query (some scan a table): at most one of each, and never more names than kinds.
    if raw.split(',').count() > WidgetKind::ALL.len() {
        return Err(AppError::bad_request(format!(
            "kinds 太多 (at most {} kinds)",
            WidgetKind::ALL.len()
        )));
    }
    let mut kinds: Vec<WidgetKind> = Vec::with_capacity(WidgetKind::ALL.len());
    for k in raw.split(',') {
        let kind = WidgetKind::from_slug(k.trim()).ok_or_else(|| {
            AppError::bad_request(format!("没有这种栏目 (unknown widget kind {k:?})"))
        })?;
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    let limit = match params.get("limit") {
        None => None,
        Some(_) => Some(params.limit(1)?),
    };
    let window = window(&params)?;
    let article = article_param(params.get("article"))?;
    let names: Vec<&str> = kinds.iter().map(|k| k.slug()).collect();
    let key = format!(
        "widgets:{}:{article:?}:{limit:?}:{window:?}",
        names.join(",")
    );
    let st = s.clone();
    let set = cached(&s, key, move |c| {
        let ctx = context(c, article)?;
        let widgets = kinds
            .into_iter()
            .map(|k| {
                build_widget(
                    &st,
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
    Ok(json_cached(&headers, &set, Cache::Public))
}
