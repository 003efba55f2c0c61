//! Read responses: JSON with a strong ETag (SHA-256 of the body), Cache-Control for browsers and shared
//! caches (a CDN, Varnish), the `Surrogate-Key`s a write purges them by, and 304 on If-None-Match.

use crate::cache::Cached;
pub use crate::keys::Keys;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// How long caches may keep a read. Browsers keep it for `max-age`; shared caches (a CDN, Varnish) for
/// `s-maxage`, may answer with a stale copy while they fetch a new one (`stale-while-revalidate`) or while
/// this server fails (`stale-if-error`), and drop it sooner when a write purges one of its keys
/// (`Surrogate-Key`, see `purge.rs`). Nothing here varies per reader: no answer carries a personal cookie.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cache {
    /// The site, channel pages, articles, oEmbed: changed by publishing and the sync, which purge them.
    Content,
    /// Widgets: moved by views too, which purge nothing, so shared caches keep them for a minute.
    Lists,
    /// Comment threads: browsers revalidate every time (a reader sees their own post at once: no
    /// stale-while-revalidate here, which browsers would honour too); shared caches keep them until a
    /// post purges them.
    Comments,
    /// An article's live feed (the poll): browsers revalidate every time (ETag: a poll with nothing new
    /// is a 304), shared caches keep it two seconds, so a crowd polling one article reaches this server
    /// about once every two seconds; a post purges it.
    Live,
    /// Pages (HTML): browsers revalidate (the service worker keeps its own copies); shared caches keep
    /// them as content.
    Page,
}

impl Cache {
    pub fn header(self) -> &'static str {
        match self {
            Cache::Content => {
                "public, max-age=30, s-maxage=300, stale-while-revalidate=60, stale-if-error=86400"
            }
            Cache::Lists => {
                "public, max-age=30, s-maxage=60, stale-while-revalidate=30, stale-if-error=86400"
            }
            Cache::Comments => "public, max-age=0, s-maxage=60, stale-if-error=3600",
            Cache::Live => "public, max-age=0, s-maxage=2, stale-if-error=60",
            Cache::Page => {
                "public, max-age=0, s-maxage=300, stale-while-revalidate=60, stale-if-error=86400"
            }
        }
    }
}

/// The header a shared cache files an answer under, so a write can purge every answer it changed
/// (`keys.rs`).
pub const SURROGATE_KEY: &str = "surrogate-key";

/// The `Surrogate-Key` value of `keys`.
pub fn keys_header(keys: &Keys) -> Option<HeaderValue> {
    HeaderValue::from_str(&keys.joined()).ok()
}

pub fn etag_of(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// The `If-None-Match` entry that matches `etag` (or `*`), as the client sent it. Weak validators compare
/// weakly (RFC 9110), and a tag the compression layer suffixed (`"…-br"`, `"…-gzip"`) matches its base.
pub fn matching(headers: &HeaderMap, etag: &str) -> Option<String> {
    let base = etag.trim_matches('"');
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|s| {
            s.split(',').map(str::trim).find_map(|t| {
                let inner = t.strip_prefix("W/").unwrap_or(t).trim_matches('"');
                let unsuffixed = inner
                    .strip_suffix("-br")
                    .or_else(|| inner.strip_suffix("-gzip"))
                    .unwrap_or(inner);
                (t == "*" || unsuffixed == base).then(|| t.to_owned())
            })
        })
}

/// Makes a strong ETag differ per content coding, as RFC 9110 requires: `"tag"` becomes `"tag-br"`.
/// Runs outside the compression layer; `json_read` accepts either form in `If-None-Match`.
pub async fn etag_per_encoding(mut res: Response) -> Response {
    let enc = res
        .headers()
        .get(header::CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let tag = res
        .headers()
        .get(header::ETAG)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    if let (Some(enc), Some(tag)) = (enc, tag) {
        if let Some(inner) = tag.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
            if let Ok(v) = HeaderValue::from_str(&format!("\"{inner}-{enc}\"")) {
                res.headers_mut().insert(header::ETAG, v);
            }
        }
    }
    res
}

/// Serialises `value` for a read answer (see [`json_cached`]).
pub fn to_cached<T: Serialize>(value: &T) -> Result<Arc<Cached>, crate::error::AppError> {
    Ok(Cached::new(serde_json::to_vec(value)?))
}

pub fn json_read<T: Serialize>(req: &HeaderMap, value: &T, cache: Cache, keys: &Keys) -> Response {
    match to_cached(value) {
        Ok(c) => json_cached(req, &c, cache, keys),
        Err(e) => e.into_response(),
    }
}

/// True when the request's `If-None-Match` holds the validator `etag`: the answer is a 304.
pub fn matches(req: &HeaderMap, etag: &str) -> bool {
    matching(req, etag).is_some()
}

/// `br` or `gzip` when the request's `Accept-Encoding` takes it (not with `q=0`), brotli first.
pub fn preferred_encoding(req: &axum::http::HeaderMap) -> Option<&'static str> {
    let accepted: Vec<String> = req
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|item| {
            let mut parts = item.split(';');
            let name = parts.next()?.trim().to_ascii_lowercase();
            let refused = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    == Some(0.0)
            });
            (!refused).then_some(name)
        })
        .collect();
    ["br", "gzip"]
        .into_iter()
        .find(|e| accepted.iter().any(|a| a == e))
}

/// A read answer from its serialised body: ETag, Cache-Control, Surrogate-Key, Vary, 304 on a
/// matching validator, compressed as the client accepts (once per answer: `Cached::encoded`).
pub fn json_cached(req: &HeaderMap, cached: &Cached, cache: Cache, keys: &Keys) -> Response {
    let etag = &cached.etag;
    let matched = matching(req, etag);
    let mut res = if let Some(sent) = &matched {
        let mut r = StatusCode::NOT_MODIFIED.into_response();
        // Echo the validator the client holds (it may carry an encoding suffix).
        if sent != "*" {
            if let Ok(v) = HeaderValue::from_str(sent.strip_prefix("W/").unwrap_or(sent)) {
                r.headers_mut().insert(header::ETAG, v);
            }
        }
        r
    } else {
        let encoding = preferred_encoding(req);
        let body = encoding.map_or_else(|| cached.body.clone(), |e| cached.encoded(e));
        let mut r = (StatusCode::OK, body).into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        if let Some(e) = encoding {
            r.headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static(e));
        }
        r
    };
    let h = res.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache.header()),
    );
    if let Some(k) = keys_header(keys) {
        h.insert(SURROGATE_KEY, k);
    }
    if !h.contains_key(header::ETAG) {
        if let Ok(v) = HeaderValue::from_str(etag) {
            h.insert(header::ETAG, v);
        }
    }
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    res
}

/// A JSON response for writes (no ETag, not cacheable).
pub fn json_write(status: StatusCode, body: Vec<u8>) -> Response {
    let mut r = (status, body).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}
