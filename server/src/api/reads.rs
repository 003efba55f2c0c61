//! Read endpoints: site, channel pages, articles, related and the widgets.

use super::{invalid_cursor, parse_id, Params, Seg};
use crate::cache::Cached;
use crate::client::Client;
use crate::error::{AppError, AppResult};
use crate::respond::{json_cached, not_modified, to_cached, Cache};
use crate::store::{article_not_found, ArticleState};
use crate::widgets::{self, Context, Window};
use crate::State;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State as S};
use axum::http::HeaderMap;
use axum::response::Response;
use model::{Page, Widget, WidgetKind, WidgetSet};
use std::collections::HashMap;
use std::sync::Arc;

type Q = Result<Query<HashMap<String, String>>, QueryRejection>;

/// The error for an article that was taken down.
pub fn article_gone() -> AppError {
    AppError::new(
        model::ErrorCode::Gone,
        "文章已撤下 (this article was taken down)",
    )
}

/// The channel of a published article; a taken-down one is a 410, an unknown one a 404.
pub fn live_channel(state: ArticleState) -> AppResult<String> {
    match state {
        ArticleState::Live(channel) => Ok(channel),
        ArticleState::Gone => Err(article_gone()),
        ArticleState::Unknown => Err(article_not_found()),
    }
}

pub async fn site(S(s): S<State>, headers: HeaderMap) -> Response {
    json_cached(&headers, &s.site_json(), Cache::Public)
}

/// The cached answer under `key`, or `build`'s (asked of the store, then cached).
async fn cached<T, F, Fut>(s: &State, key: String, build: F) -> AppResult<Arc<Cached>>
where
    T: serde::Serialize,
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = AppResult<T>>,
{
    if let Some(hit) = s.cache.get(&key) {
        return Ok(hit);
    }
    let c = to_cached(&build().await?)?;
    s.cache.insert(key, c.clone());
    Ok(c)
}

/// Widgets of `kinds` (each with its limit) around `ctx`. Lists that do not depend on the article come
/// from (or go to) the shared-widget cache; the rest are asked of the store in one go.
async fn build_widgets(
    s: &State,
    kinds: &[(WidgetKind, u32)],
    ctx: &Context,
    window: Window,
) -> AppResult<Vec<Widget>> {
    enum Slot {
        Ready(Widget),
        Shared {
            key: String,
            kind: WidgetKind,
            limit: u32,
        },
        Own(WidgetKind),
    }
    let site = s.site();
    let in_guess_window = match &ctx.article {
        Some((id, _)) if kinds.iter().any(|(k, _)| *k == WidgetKind::GuessYouLike) => {
            s.store.in_guess_window(*id).await?
        }
        _ => false,
    };
    let mut slots = Vec::with_capacity(kinds.len());
    let mut picks = Vec::new();
    for &(kind, limit) in kinds {
        match widgets::shared_key(kind, ctx, window, in_guess_window) {
            Some(shared) => {
                let key = format!("{shared}:{limit}");
                if let Some(hit) = s.widgets.get(&key) {
                    slots.push(Slot::Ready(widgets::from_shared(&hit, ctx, limit)));
                } else {
                    // One spare item, so that taking the article out still leaves `limit`.
                    picks.push(widgets::pick(
                        &site,
                        kind,
                        &ctx.unexcluded(),
                        limit + 1,
                        window,
                    ));
                    slots.push(Slot::Shared { key, kind, limit });
                }
            }
            None => {
                picks.push(widgets::pick(&site, kind, ctx, limit, window));
                slots.push(Slot::Own(kind));
            }
        }
    }
    let mut found = s.store.picks(site, picks).await?.into_iter();
    Ok(slots
        .into_iter()
        .map(|slot| match slot {
            Slot::Ready(w) => w,
            Slot::Shared { key, kind, limit } => {
                let w = Arc::new(widgets::widget(kind, found.next().unwrap_or_default()));
                s.widgets.insert(key, w.clone());
                widgets::from_shared(&w, ctx, limit)
            }
            Slot::Own(kind) => widgets::widget(kind, found.next().unwrap_or_default()),
        })
        .collect())
}

pub async fn channel_articles(
    S(s): S<State>,
    Seg(slug): Seg,
    q: Q,
    headers: HeaderMap,
) -> AppResult<Response> {
    let params = Params::from(q)?;
    let site = s.site();
    if site.channel(&slug).is_none() {
        return Err(AppError::not_found("频道不存在 (no such channel)"));
    }
    let limit = params.limit(model::DEFAULT_LIMIT)?;
    let scope = format!("channel:{slug}");
    let after = match params.get("cursor") {
        None => None,
        Some(c) => Some(s.cursors.decode(&scope, c).ok_or_else(invalid_cursor)?),
    };
    let key = format!("{scope}:{after:?}:{limit}");
    let page = cached(&s, key, || async {
        // One extra row tells whether there is a next page.
        let mut rows = s.store.channel_page(site, slug, after, limit + 1).await?;
        let next_cursor = if rows.len() > limit as usize {
            rows.truncate(limit as usize);
            rows.last()
                .map(|(a, t)| s.cursors.encode(&scope, *t, a.id.0 as i64))
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
            let Some(article) = s.store.article(s.site(), id).await? else {
                return Err(match s.store.article_state(id).await? {
                    ArticleState::Gone => article_gone(),
                    _ => article_not_found(),
                });
            };
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

/// Resolves an article id into a widget context; an unknown article is a 404, a taken-down one a 410.
async fn context(s: &State, article: Option<i64>) -> AppResult<Context> {
    let Some(id) = article else {
        return Ok(Context { article: None });
    };
    let channel = live_channel(s.store.article_state(id).await?)?;
    Ok(Context {
        article: Some((id, channel)),
    })
}

/// One widget of `kind` around `article`.
async fn one_widget(
    s: &State,
    kind: WidgetKind,
    limit: u32,
    article: Option<i64>,
    window: Window,
) -> AppResult<Widget> {
    let ctx = context(s, article).await?;
    build_widgets(s, &[(kind, limit)], &ctx, window)
        .await?
        .pop()
        .ok_or_else(|| AppError::Internal("no widget was built".into()))
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
    let key = format!("widget:related:{article:?}:{limit}");
    let w = cached(&s, key, || {
        one_widget(&s, WidgetKind::Related, limit, article, Window::Week)
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
    let key = format!("widget:{}:{article:?}:{limit}:{window:?}", kind.slug());
    let w = cached(&s, key, || one_widget(&s, kind, limit, article, window)).await?;
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
    let set = cached(&s, key, || async {
        let ctx = context(&s, article).await?;
        let kinds: Vec<(WidgetKind, u32)> = kinds
            .into_iter()
            .map(|k| (k, limit.unwrap_or(widgets::default_limit(k))))
            .collect();
        let widgets = build_widgets(&s, &kinds, &ctx, window).await?;
        Ok(WidgetSet { widgets })
    })
    .await?;
    Ok(json_cached(&headers, &set, Cache::Public))
}
