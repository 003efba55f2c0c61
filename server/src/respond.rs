//! Read responses: JSON with a strong ETag (SHA-256 of the body), Cache-Control, and 304 on If-None-Match.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sha2::{Digest, Sha256};

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

/// True if an `If-None-Match` header lists `etag` (or `*`); weak validators compare weakly, as RFC 9110 says.
fn matches(headers: &HeaderMap, etag: &str) -> bool {
    headers.get_all(header::IF_NONE_MATCH).iter().any(|v| {
        v.to_str().is_ok_and(|s| {
            s.split(',')
                .map(str::trim)
                .any(|t| t == "*" || t.strip_prefix("W/").unwrap_or(t) == etag)
        })
    })
}

pub fn json_read<T: Serialize>(req: &HeaderMap, value: &T, cache: Cache) -> Response {
    let body = match serde_json::to_vec(value) {
        Ok(b) => b,
        Err(e) => return crate::error::AppError::from(e).into_response(),
    };
    let etag = etag_of(&body);
    let cache_value = match cache {
        Cache::Public => "public, max-age=30",
        Cache::Revalidate => "no-cache",
    };
    let mut res = if matches(req, &etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = (StatusCode::OK, body).into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        r
    };
    let h = res.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache_value));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
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
