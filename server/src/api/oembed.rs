//! `GET /api/v1/oembed?url=…&maxwidth=…&maxheight=…` (https://oembed.com, JSON only): for a page of this
//! site, a `rich` answer whose html is the iframe of the matching partner widget. An article page
//! (`/a/{id}`) gives its comment thread, a channel page (`/c/{slug}`) its latest headlines, and an
//! `/embed/{kind}?…` address that widget. Every bad parameter is a 400 JSON error; a page that does not
//! exist (unknown article or channel) is a 404.

use super::reads::article_gone;
use super::{parse_id, Params};
use crate::error::{AppError, AppResult};
use crate::meta::{base_url, escape_html};
use crate::respond::{json_read, Cache, Keys};
use crate::State;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State as S};
use axum::http::HeaderMap;
use axum::response::Response;
use model::embed::{Embed, EmbedKind, OEmbed};
use std::collections::HashMap;

/// Widest iframe offered; a smaller `maxwidth` narrows it.
const WIDTH: u32 = 420;
/// How long a consumer may keep the answer (seconds): the widget itself stays live.
const CACHE_AGE: u32 = 86_400;
/// Largest `maxwidth`/`maxheight` taken as given.
const MAX_SIZE: u32 = 10_000;

fn size(params: &Params, key: &'static str) -> AppResult<Option<u32>> {
    match params.get(key) {
        None => Ok(None),
        Some(v) => v
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=MAX_SIZE).contains(n))
            .map(Some)
            .ok_or_else(|| {
                AppError::bad_request(format!(
                    "{key} 必须是 1–{MAX_SIZE} 的整数 ({key} must be an integer in 1..={MAX_SIZE})"
                ))
            }),
    }
}

fn not_embeddable() -> AppError {
    AppError::bad_request(
        "url 不是本站可嵌入的页面 (url must be an article /a/{id}, a channel /c/{slug} or an /embed/{kind} address of this site)",
    )
}

/// The path and query of `url` if it is an address of this site (`base`).
fn local_part<'a>(url: &'a str, base: &str) -> AppResult<&'a str> {
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(AppError::bad_request(
            "url 必须是 http(s) 网址 (url must be an absolute http(s) URL)",
        ));
    }
    let rest = match url.strip_prefix(base) {
        Some(r) if r.is_empty() || r.starts_with('/') || r.starts_with('?') => r,
        _ => {
            return Err(AppError::bad_request(format!(
                "url 不是本站的网址 (url must be on {base})"
            )))
        }
    };
    // The fragment never reaches a server; drop it.
    Ok(rest.split('#').next().unwrap_or(""))
}

pub async fn oembed(
    S(s): S<State>,
    q: Result<Query<HashMap<String, String>>, QueryRejection>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let params = Params::from(q)?;
    if params.get("format").is_some_and(|f| f != "json") {
        return Err(AppError::bad_request("只提供 JSON (format must be json)"));
    }
    let url = params.get("url").ok_or_else(|| {
        AppError::bad_request("缺少 url 参数 (url is required, e.g. url=https://site/a/1001)")
    })?;
    let maxwidth = size(&params, "maxwidth")?;
    let maxheight = size(&params, "maxheight")?;
    let base = base_url(s.config.public_url.as_deref(), s.bound);
    // Bound to every address without --public-url, this server does not know its own address: it
    // would take any site's URL for its own and answer root-relative addresses, which a consumer's page
    // would resolve on its own site. It refuses instead.
    if base.is_empty() {
        return Err(AppError::not_found(
            "oEmbed 需要本站的公开地址 (oEmbed needs the site's public address: start the server with --public-url)",
        ));
    }
    let local = local_part(url, &base)?;
    let (path, query) = local.split_once('?').unwrap_or((local, ""));
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let embed = match segments.as_slice() {
        ["a", id] => {
            let id = parse_id(id).ok_or_else(not_embeddable)?;
            Embed::parse(EmbedKind::Comments.slug(), &format!("article={id}"))
        }
        ["c", slug] => Embed::parse(
            EmbedKind::Latest.slug(),
            &format!("channel={}", model::paths::encode(slug)),
        ),
        ["embed", kind] => Embed::parse(kind, query),
        _ => return Err(not_embeddable()),
    }
    .map_err(|e| AppError::bad_request(format!("url: {}", e.message)))?;
    // What the widget shows must exist.
    let site = s.site();
    if let Some(slug) = &embed.channel {
        if site.channel(slug).is_none() {
            return Err(AppError::not_found(format!(
                "频道不存在 (no channel {slug:?})"
            )));
        }
    }
    let mut title = format!("{} · {}", embed_title(embed.kind), site.name);
    if let Some(a) = embed.article {
        let id = i64::try_from(a.0).map_err(|_| not_embeddable())?;
        let Some(article) = s.store.article(site.clone(), id).await? else {
            return Err(match s.store.article_state(id).await? {
                crate::store::ArticleState::Gone => article_gone(),
                _ => crate::store::article_not_found(),
            });
        };
        title = format!("{} · {}", embed_title(embed.kind), article.title);
    }
    let width = maxwidth.map_or(WIDTH, |w| w.min(WIDTH));
    let height = maxheight.map_or(embed.height(), |h| h.min(embed.height()));
    let src = format!("{base}{}", embed.path());
    // The iframe reads at its fixed size as it is; the loader next to it (where the consumer keeps
    // scripts) adopts it and sizes it to its content, never past a maxheight the consumer gave.
    let cap = maxheight.map_or(String::new(), |h| {
        format!(" data-difang-max-height=\"{h}\"")
    });
    // The iframe's color-scheme is the widget's: where the consumer drops the loader, Chromium would
    // otherwise paint an opaque backdrop round a widget of the other scheme (square corners).
    let html = format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"{width}\" height=\"{height}\" loading=\"lazy\" \
         style=\"border:0;max-width:100%;color-scheme:{}\" data-difang-frame{cap}></iframe>\
         <script async src=\"{}\"></script>",
        escape_html(&src),
        escape_html(&title),
        embed.theme.color_scheme(),
        escape_html(&format!("{base}/embed.js")),
    );
    let answer = OEmbed {
        kind: "rich".to_owned(),
        version: "1.0".to_owned(),
        title,
        provider_name: site.name.clone(),
        provider_url: format!("{base}/"),
        cache_age: CACHE_AGE,
        width,
        height,
        html,
    };
    let keys = match embed.article {
        Some(a) => Keys::site().with(Keys::article(a.0 as i64)),
        None => Keys::site(),
    };
    Ok(json_read(&headers, &answer, Cache::Content, &keys))
}

fn embed_title(kind: EmbedKind) -> &'static str {
    match kind {
        EmbedKind::HotRanking => "热点排行",
        EmbedKind::Latest => "最新头条",
        EmbedKind::PictureHighlights => "图文看点",
        EmbedKind::Comments => "评论",
    }
}
