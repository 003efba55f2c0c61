//! Read responses: JSON with a strong ETag (SHA-256 of the body), Cache-Control, and 304 on If-None-Match.

use crate::cache::Cached;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// How long shared caches may keep a read.
#[derive(Clone, Copy)]
pub enum Cache {
    /// `public, max-age=30`: site, lists, articles, widgets.
    Public,
    /// `no-cache`: comments, which must be revalidated so a reader sees their own post.
    Revalidate,
}

pub fn etag_of(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// The `If-None-Match` entry that matches `etag` (or `*`), as the client sent it. Weak validators compare
/// weakly (RFC 9110), and a tag the compression layer suffixed (`"…-br"`, `"…-gzip"`) matches its base.
fn matching(headers: &HeaderMap, etag: &str) -> Option<String> {
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

pub fn json_read<T: Serialize>(req: &HeaderMap, value: &T, cache: Cache) -> Response {
    match to_cached(value) {
        Ok(c) => json_cached(req, &c, cache),
        Err(e) => e.into_response(),
    }
}

/// True when the request's `If-None-Match` holds this answer's validator: the answer is a 304.
pub fn not_modified(req: &HeaderMap, cached: &Cached) -> bool {
    matching(req, &cached.etag).is_some()
}

/// A read answer from its serialised body: ETag, Cache-Control, Vary, and 304 on a matching validator.
pub fn json_cached(req: &HeaderMap, cached: &Cached, cache: Cache) -> Response {
    let etag = &cached.etag;
    let cache_value = match cache {
        Cache::Public => "public, max-age=30",
        Cache::Revalidate => "no-cache",
    };
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
        let mut r = (StatusCode::OK, cached.body.clone()).into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        r
    };
    let h = res.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache_value));
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
