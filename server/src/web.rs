//! The built app: static files with the right cache headers, `/media/`, and the SPA fallback with meta.

use crate::error::AppError;
use crate::meta::base_url;
use crate::page_cache::Page;
use crate::respond::{Cache, Keys, SURROGATE_KEY};
use crate::store::ArticleState;
use crate::{api::parse_id, first_screen, plain, State};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::extract::{Request, State as S};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use tower::ServiceExt;
use tower_http::services::ServeDir;

/// `/media/*` from `{content_dir}/media`.
pub fn media_router(content_dir: &Path) -> Router<State> {
    Router::new()
        .nest_service("/media", ServeDir::new(content_dir.join("media")))
        .layer(axum::middleware::map_response(media_response))
}

async fn media_response(mut res: Response) -> Response {
    let status = res.status();
    if status.is_server_error() {
        // ServeDir answers 500 for any I/O error but "not found": a NUL byte, a name over 255 bytes, a
        // path through a file. None of those names a file we serve.
        return plain(StatusCode::NOT_FOUND, "not found\n");
    }
    if status.is_redirection() {
        // ServeDir's directory redirect is built from the path it saw, which the nesting stripped of
        // `/media`: put the prefix back.
        let location = res
            .headers()
            .get(header::LOCATION)
            .and_then(|l| l.to_str().ok())
            .filter(|l| l.starts_with('/'))
            .and_then(|l| HeaderValue::from_str(&format!("/media{l}")).ok());
        if let Some(l) = location {
            res.headers_mut().insert(header::LOCATION, l);
        }
    }
    if status.is_success() || status == StatusCode::NOT_MODIFIED {
        res.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=86400"),
        );
    }
    res
}

/// True for content-hashed names: `name-<hex>[_bg].(wasm|js|css)`, with 12 to 16 hex digits (Trunk
/// prints its 64-bit hash without leading zeros, so some names have fewer than 16).
pub fn is_hashed_asset(file: &str) -> bool {
    let Some((stem, ext)) = file.rsplit_once('.') else {
        return false;
    };
    if !matches!(ext, "wasm" | "js" | "css") {
        return false;
    }
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let Some((name, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    !name.is_empty()
        && (12..=16).contains(&hash.len())
        && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

fn cache_control(path: &str) -> &'static str {
    let file = path.rsplit('/').next().unwrap_or("");
    if is_hashed_asset(file) {
        "public, max-age=31536000, immutable"
    } else if matches!(file, "index.html" | "sw.js" | "manifest.webmanifest" | "") {
        "no-cache"
    } else {
        "public, max-age=3600"
    }
}

/// Everything outside `/api/v1`, `/healthz` and `/media/`.
pub async fn fallback(S(s): S<State>, req: Request) -> Response {
    let path = req.uri().path().to_owned();
    if path == "/api" || path.starts_with("/api/") {
        return AppError::not_found("没有这个接口 (no such API path)").into_response();
    }
    let address = req
        .uri()
        .path_and_query()
        .map_or(path.clone(), |pq| pq.as_str().to_owned());
    let asker = first_screen::Asker {
        peer: req.extensions().get::<ConnectInfo<SocketAddr>>().copied(),
        headers: req.headers().clone(),
    };
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n");
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    if let Some(month) = crate::feeds::month_path(&path) {
        return crate::feeds::month_sitemap(&s, month, req.headers()).await;
    }
    if let Some(status) = embed_status(&path) {
        return embed_page(&s, status, &address, &asker).await;
    }
    // The app's routes are never files: a page goes straight to its (kept) render, with no look in the
    // file system (a file operation is a trip to the blocking pool: it was most of a kept page's cost).
    if !is_route(&path) {
        let dir = ServeDir::new(&s.config.dist_dir)
            .precompressed_br()
            .precompressed_gzip()
            .append_index_html_on_directories(false);
        let Ok(res) = dir.oneshot(req).await;
        // Any I/O error (ServeDir's 500: a NUL byte, an over-long name, …) means there is no such file:
        // the app's 404 page answers, as for a missing one.
        if res.status() != StatusCode::NOT_FOUND && !res.status().is_server_error() {
            let mut res = res.map(Body::new);
            if res.status().is_success() || res.status() == StatusCode::NOT_MODIFIED {
                res.headers_mut().insert(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static(cache_control(&path)),
                );
            }
            return res;
        }
    }
    if path == "/search" {
        return search_page(&s, &address, &asker).await;
    }
    spa(&s, &path, &asker).await
}

/// The search page for its query (`address`: path and query), drawn each time and never kept: queries
/// are endless, and kept ones would push the site's pages out of the page cache.
async fn search_page(s: &State, address: &str, asker: &first_screen::Asker) -> Response {
    let lang = first_screen::chosen_lang(&asker.headers);
    match draw(s, address, asker, lang).await {
        Ok(page) | Err(Unkept::Page(page)) => page_response(&page, &asker.headers),
        Err(Unkept::Response(r)) => r,
    }
}

/// True for the app's own routes (`/`, `/a/…`, `/c/…`, `/p/…`, `/t/…` tags, `/u/…` authors, `/search`,
/// `/saved`), which name no file.
fn is_route(path: &str) -> bool {
    path == "/"
        || path == "/search"
        || path == "/saved"
        || ["/a/", "/c/", "/p/", "/t/", "/u/"]
            .iter()
            .any(|p| path.starts_with(p))
}

/// For the widgets' pages, the status to answer with: `/embed` (the partners' page) and a known
/// `/embed/{kind}` are 200; an unknown kind is a 404 whose page still shows the widget's error box in
/// the partner's frame. `None` for everything else (the widgets' own assets included).
fn embed_status(path: &str) -> Option<StatusCode> {
    if path == model::paths::EMBED || path == "/embed/" {
        return Some(StatusCode::OK);
    }
    // Only the widgets' own addresses: the desk's files (`/desk/…`, never framed either) are files.
    match crate::security::framing(path) {
        crate::security::Framing::SameOrigin | crate::security::Framing::Never => None,
        crate::security::Framing::Widget | crate::security::Framing::Posting => {
            let kind = path.trim_start_matches("/embed/").trim_end_matches('/');
            Some(if model::embed::EmbedKind::from_slug(kind).is_some() {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            })
        }
    }
}

/// A widget's page. A read-only widget is drawn here in full from the content API, into
/// `dist/widget/index.html` (built from widget.html: styles and `frame.js`, no wasm), so a partner's page
/// downloads a few KB for it. The comment widget and the partners' page get the widgets' wasm shell
/// (`dist/embed/index.html`, built from embed.html), which reads the address; so does a read-only
/// widget that cannot be drawn here (first screens off, or the server busy): its wasm draws it then.
async fn embed_page(
    s: &State,
    status: StatusCode,
    address: &str,
    asker: &first_screen::Asker,
) -> Response {
    if let Some(page) = difang::ssr::widget_page(address).filter(|_| s.config.first_screen) {
        if let Ok(shell) =
            tokio::fs::read_to_string(s.config.dist_dir.join("widget/index.html")).await
        {
            if let Some(html) = first_screen::render_widget(s, address, asker).await {
                return html_response(status, first_screen::inject_widget(&shell, &page, &html));
            }
        }
    }
    match tokio::fs::read_to_string(s.config.dist_dir.join("embed/index.html")).await {
        Ok(html) => html_response(status, html),
        Err(_) => not_built(),
    }
}

fn html_response(status: StatusCode, html: String) -> Response {
    let mut r = (status, html).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

fn not_built() -> Response {
    let mut r = (
        StatusCode::SERVICE_UNAVAILABLE,
        "<!doctype html><meta charset=utf-8><title>Difang</title><p>The app is not built yet: run <code>scripts/build.sh</code>. The API is up at <a href=\"/api/v1/site\">/api/v1/site</a>.</p>\n",
    )
        .into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// The app for a route: index.html with the crawler tags and the first screen drawn by the app's own
/// views; 200 for routes that exist, 404 (the app's 404 page) for anything else, 410 for an article
/// taken down. A drawn page is kept (`page_cache.rs`) until its time or a write's purge.
async fn spa(s: &State, path: &str, asker: &first_screen::Asker) -> Response {
    let lang = first_screen::chosen_lang(&asker.headers);
    let key = format!("{path}\u{0}{}", lang.map_or("", |l| l.tag()));
    match s
        .pages
        .get_or_draw(&key, || draw(s, path, asker, lang))
        .await
    {
        Ok(page) | Err(Unkept::Page(page)) => page_response(&page, &asker.headers),
        Err(Unkept::Response(r)) => r,
    }
}

/// What a page render gives that is not kept.
enum Unkept {
    /// Drawn without its first screen (the store was busy): answered, drawn again next time.
    Page(Arc<Page>),
    /// An error, or the app not built.
    Response(Response),
}

/// Draws the page at `address` (its path, and the query only the search page reads) in `lang`.
async fn draw(
    s: &State,
    address: &str,
    asker: &first_screen::Asker,
    lang: Option<difang::ssr::Lang>,
) -> Result<Arc<Page>, Unkept> {
    let index = match tokio::fs::read_to_string(s.config.dist_dir.join("index.html")).await {
        Ok(html) => html,
        Err(_) => return Err(Unkept::Response(not_built())),
    };
    let build = build_id(&index);
    let base = base_url(s.config.public_url.as_deref(), s.bound);
    let path = address.split('?').next().unwrap_or_default();
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let site = &s.site();
    let error = |e: crate::error::AppError| Unkept::Response(e.into_response());
    let status = match segments.as_slice() {
        [""] | ["search"] | ["saved"] => StatusCode::OK,
        ["c", slug] => match site.channel(slug) {
            Some(_) => StatusCode::OK,
            None => StatusCode::NOT_FOUND,
        },
        ["p", slug] => {
            let known = site.regions.iter().any(|r| r.slug == *slug) || site.city(slug).is_some();
            if known {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            }
        }
        // A tag or an author is there while an article carries it.
        [t @ ("t" | "u"), raw] => {
            let kind = if *t == "t" {
                model::ListingKind::Tag
            } else {
                model::ListingKind::Author
            };
            let name = percent_encoding::percent_decode_str(raw)
                .decode_utf8()
                .map(|n| n.into_owned())
                .unwrap_or_default();
            let total = if model::listing::valid_name(&name) {
                s.store
                    .listing_count(kind, name.clone())
                    .await
                    .map_err(error)?
            } else {
                0
            };
            match total {
                0 => StatusCode::NOT_FOUND,
                _ => StatusCode::OK,
            }
        }
        ["a", id] => match parse_id(id) {
            Some(id) => match s.store.article(site.clone(), id).await.map_err(error)? {
                Some(_) => StatusCode::OK,
                // Taken down: the page says so, and caches and the service worker drop it.
                None => match s.store.article_state(id).await.map_err(error)? {
                    ArticleState::Gone => StatusCode::GONE,
                    _ => StatusCode::NOT_FOUND,
                },
            },
            None => StatusCode::NOT_FOUND,
        },
        _ => StatusCode::NOT_FOUND,
    };
    let mut html = index;
    let mut drawn = true;
    // The page's head tags come from the app's own views (leptos_meta), for crawlers; so they are
    // rendered even when the first screen is left to the browser (`--no-first-screen`).
    if difang::ssr::draws(path) {
        let page = first_screen::render(s, address, asker, lang, &base).await;
        html = first_screen::inject_head(&html, &page.head);
        match page.screen.filter(|_| s.config.first_screen) {
            Some((app, answers)) => html = first_screen::inject(&html, &app, &answers),
            None => drawn = !s.config.first_screen && !page.head.is_empty(),
        }
    }
    if let Some(l) = lang.filter(|l| *l != difang::ssr::Lang::default()) {
        html = html.replacen(
            "<html lang=\"zh-CN\"",
            &format!("<html lang=\"{}\"", l.tag()),
            1,
        );
    }
    let page = Arc::new(Page::new(status, html, build, page_keys(&segments)));
    if drawn {
        Ok(page)
    } else {
        Err(Unkept::Page(page))
    }
}

/// The surrogate keys of a page: what it shows.
fn page_keys(segments: &[&str]) -> Keys {
    match segments {
        ["c", slug] => Keys::site().with(Keys::channel(slug)),
        ["a", id] => Keys::site().with(Keys::article(parse_id(id).unwrap_or(0))),
        [""] | ["p", _] | ["t", _] | ["u", _] => Keys::of(&["site", "lists"]),
        _ => Keys::site(),
    }
}

/// A page as sent: compressed as the client accepts (brotli, else gzip), or 304 when it has it already.
fn page_response(page: &Page, req: &axum::http::HeaderMap) -> Response {
    let (encoding, body) = match crate::respond::preferred_encoding(req) {
        Some("br") => (Some("br"), page.br.clone()),
        Some("gzip") => (Some("gzip"), page.gzip.clone()),
        _ => (None, page.html.clone()),
    };
    let mut r = if crate::respond::matches(req, &page.etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = (page.status, body).into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        if let Some(e) = encoding {
            r.headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static(e));
        }
        r
    };
    let h = r.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(Cache::Page.header()),
    );
    // The page is drawn in the language of the reader's cookie (a shared cache keys on that cookie
    // alone: deploy/varnish/difang.vcl).
    h.insert(
        header::VARY,
        HeaderValue::from_static("accept-encoding, cookie"),
    );
    if let Ok(v) = HeaderValue::from_str(&page.etag) {
        h.insert(header::ETAG, v);
    }
    if let Some(k) = crate::respond::keys_header(&page.keys) {
        h.insert(SURROGATE_KEY, k);
    }
    if let Ok(v) = HeaderValue::from_str(&page.build) {
        h.insert(BUILD_HEADER, v);
    }
    r
}

/// Names the build a page belongs to. The service worker keeps a page for later visits only when this
/// is its own build's (scripts/service-worker.mjs computes the same from the same file), because the
/// page names that build's hashed files and its precache holds only those.
pub const BUILD_HEADER: &str = "x-difang-build";

/// The first 32 hex digits of the SHA-256 of the built index.html (its ETag's digits).
pub fn build_id(index_html: &str) -> String {
    crate::respond::etag_of(index_html.as_bytes())
        .trim_matches('"')
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_trunk_hashes() {
        assert!(is_hashed_asset("difang-1a2b3c4d5e6f7a8b_bg.wasm"));
        assert!(is_hashed_asset("difang-1a2b3c4d5e6f7a8b.js"));
        assert!(is_hashed_asset("comments-bf02438d50d773e.css"));
        assert!(is_hashed_asset("style-0123456789abcdef.css"));
        assert!(!is_hashed_asset("sw.js"));
        assert!(!is_hashed_asset("difang-1a2b3c4d.js"));
        assert!(!is_hashed_asset("difang-1a2b3c4d5e6f7a8g.js"));
        assert!(!is_hashed_asset("-1a2b3c4d5e6f7a8b.js"));
    }
}
