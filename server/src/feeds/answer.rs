//! The HTTP answer of a feed, sitemap or robots.txt: its type, a strong ETag of the body, Last-Modified
//! (the latest change of the articles it lists), the public reads' Cache-Control and surrogate keys, and
//! 304 on a matching If-None-Match, or, when there is none, on an If-Modified-Since not older than it.

use crate::respond::{etag_of, keys_header, matching, Cache, Keys, SURROGATE_KEY};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::time::{Duration, SystemTime};
use time::OffsetDateTime;

pub const ATOM: &str = "application/atom+xml; charset=utf-8";
pub const RSS: &str = "application/rss+xml; charset=utf-8";
pub const XML: &str = "application/xml; charset=utf-8";
pub const TEXT: &str = "text/plain; charset=utf-8";

/// A document to answer with.
pub struct Doc {
    pub body: Vec<u8>,
    pub content_type: &'static str,
    /// The latest change of what it shows; `None` when that is not a matter of articles.
    pub modified: Option<OffsetDateTime>,
    pub keys: Keys,
}

/// Whole seconds since the epoch (HTTP dates have no fraction), never before it.
fn system_time(t: OffsetDateTime) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(u64::try_from(t.unix_timestamp()).unwrap_or(0))
}

fn unmodified_since(req: &HeaderMap, modified: Option<OffsetDateTime>) -> bool {
    let Some(modified) = modified else {
        return false;
    };
    req.get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok())
        .is_some_and(|since| system_time(modified) <= since)
}

pub fn answer(req: &HeaderMap, doc: Doc) -> Response {
    let etag = etag_of(&doc.body);
    // If-None-Match decides when it is sent (RFC 9110 §13.2.2); If-Modified-Since only without it.
    let fresh = if req.contains_key(header::IF_NONE_MATCH) {
        matching(req, &etag)
    } else {
        unmodified_since(req, doc.modified).then(|| etag.clone())
    };
    let mut res = match &fresh {
        Some(_) => StatusCode::NOT_MODIFIED.into_response(),
        None => {
            let mut r = (StatusCode::OK, doc.body).into_response();
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(doc.content_type),
            );
            r
        }
    };
    let h = res.headers_mut();
    // A 304 echoes the validator the client holds (the compression layer may have suffixed it).
    let tag = fresh
        .filter(|t| t != "*")
        .map(|t| t.strip_prefix("W/").unwrap_or(&t).to_owned())
        .unwrap_or(etag);
    if let Ok(v) = HeaderValue::from_str(&tag) {
        h.insert(header::ETAG, v);
    }
    if let Some(m) = doc.modified {
        if let Ok(v) = HeaderValue::from_str(&httpdate::fmt_http_date(system_time(m))) {
            h.insert(header::LAST_MODIFIED, v);
        }
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(Cache::Content.header()),
    );
    if let Some(k) = keys_header(&doc.keys) {
        h.insert(SURROGATE_KEY, k);
    }
    res
}
