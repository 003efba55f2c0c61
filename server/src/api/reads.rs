//! Read endpoints: site, channel pages, articles, related and the widgets.

use super::{invalid_cursor, parse_id, Params, Seg};
use crate::cache::Cached;
use crate::error::{AppError, AppResult};
use crate::respond::{json_cached, to_cached, Cache, Keys};
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
    json_cached(&headers, &s.site_json(), Cache::Content, &Keys::site())
}

/// The cached answer under `key`, or `build`'s (asked of the store once, however many ask at once),
/// kept under the surrogate `keys` of what it shows.
async fn cached<T, F, Fut>(s: &State, key: String, keys: &Keys, build: F) -> AppResult<Arc<Cached>>
where
    T: serde::Serialize,
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = AppResult<T>>,
{
    s.cache
        .get_or_build(&key, keys, || async { to_cached(&build().await?) })
        .await
}

/// How long every widget list is built: the most `limit` allows, and the spare a shared list keeps so
/// that taking its article out still leaves enough.
const FULL: u32 = *model::LIMIT_RANGE.end() + 1;

/// Widgets of `kinds` (each with its limit) around `ctx`. Each list is built once at its full length,
/// kept (`widgets` cache; concurrent misses share one query) and cut to the limit asked for, so no
/// `limit` is a query of its own; lists that do not depend on the article are shared by every article.
/// The kinds missing from the cache are asked of the store side by side.
async fn build_widgets(
    s: &State,
    kinds: &[(WidgetKind, u32)],
    ctx: &Context,
    window: Window,
) -> AppResult<Vec<Widget>> {
    let site = s.site();
    let in_guess_window = match &ctx.article {
        Some((id, _)) if kinds.iter().any(|(k, _)| *k == WidgetKind::GuessYouLike) => {
            s.store.in_guess_window(*id).await?
        }
        _ => false,
    };
    let one = |(kind, limit): (WidgetKind, u32)| {
        let site = site.clone();
        async move {
            let (key, around, shared) =
                match widgets::shared_key(kind, ctx, window, in_guess_window) {
                    Some(key) => (key, ctx.unexcluded(), true),
                    None => (
                        format!("{}:{:?}:{window:?}", kind.slug(), ctx.article),
                        ctx.clone(),
                        false,
                    ),
                };
            // A shared list names no article; an article's own list is dropped with the article too.
            let keys = list_keys(
                around
                    .article
                    .as_ref()
                    .map(|(id, _)| *id)
                    .filter(|id| *id > 0),
            );
            let full = s
                .widgets
                .get_or_build(&key, &keys, || async {
                    let pick = widgets::pick(&site, kind, &around, FULL, window);
                    let mut found = s.store.picks(site.clone(), vec![pick]).await?;
                    Ok::<_, AppError>(Arc::new(widgets::widget(
                        kind,
                        found.pop().unwrap_or_default(),
                    )))
                })
                .await?;
            Ok::<_, AppError>(if shared {
                widgets::from_shared(&full, ctx, limit)
            } else {
                widgets::cut(&full, limit)
            })
        }
    };
    futures::future::try_join_all(kinds.iter().copied().map(one)).await
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
    let keys = Keys::site().with(Keys::channel(&slug));
    let page = cached(&s, key, &keys, || async {
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
    Ok(json_cached(&headers, &page, Cache::Content, &keys))
}

pub async fn article(S(s): S<State>, Seg(id): Seg, headers: HeaderMap) -> AppResult<Response> {
    let id = parse_id(&id).ok_or_else(article_not_found)?;
    let keys = Keys::site().with(Keys::article(id));
    let body = cached(&s, article_key(id), &keys, || async {
        match s.store.article(s.site(), id).await? {
            Some(article) => Ok(article),
            None => Err(match s.store.article_state(id).await? {
                ArticleState::Gone => article_gone(),
                _ => article_not_found(),
            }),
        }
    })
    .await?;
    Ok(json_cached(&headers, &body, Cache::Content, &keys))
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

/// The keys of a widget answer: every list, and the article it is built around.
fn list_keys(article: Option<i64>) -> Keys {
    let keys = Keys::of(&["site", "lists"]);
    match article {
        Some(id) => keys.with(Keys::article(id)),
        None => keys,
    }
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
    let keys = list_keys(article);
    let w = cached(&s, key, &keys, || {
        one_widget(&s, WidgetKind::Related, limit, article, Window::Week)
    })
    .await?;
    Ok(json_cached(&headers, &w, Cache::Lists, &keys))
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
    let keys = list_keys(article);
    let w = cached(&s, key, &keys, || {
        one_widget(&s, kind, limit, article, window)
    })
    .await?;
    Ok(json_cached(&headers, &w, Cache::Lists, &keys))
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
    let keys = list_keys(article);
    let set = cached(&s, key, &keys, || async {
        let ctx = context(&s, article).await?;
        let kinds: Vec<(WidgetKind, u32)> = kinds
            .into_iter()
            .map(|k| (k, limit.unwrap_or(widgets::default_limit(k))))
            .collect();
        let widgets = build_widgets(&s, &kinds, &ctx, window).await?;
        Ok(WidgetSet { widgets })
    })
    .await?;
    Ok(json_cached(
        &headers,
        &set,
        Cache::Lists,
        &list_keys(article),
    ))
}
