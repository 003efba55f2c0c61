//! `/robots.txt`: everything may be crawled but the editors' desk and its API; the two sitemaps.

use super::answer::{answer, Doc, TEXT};
use super::base;
use crate::respond::Keys;
use crate::State;
use axum::extract::State as S;
use axum::http::HeaderMap;
use axum::response::Response;

pub fn text(base: &str) -> String {
    let mut t = String::from("User-agent: *\nAllow: /\nDisallow: /desk\nDisallow: /api/v1/desk\n");
    // Sitemap lines must be absolute: without a known origin there are none.
    if !base.is_empty() {
        t.push_str(&format!(
            "\nSitemap: {base}/sitemap.xml\nSitemap: {base}/sitemap-news.xml\n"
        ));
    }
    t
}

pub async fn robots(S(s): S<State>, headers: HeaderMap) -> Response {
    let body = text(&base(&s, &headers)).into_bytes();
    // Nothing here depends on the articles: no Last-Modified, the ETag alone validates.
    answer(
        &headers,
        Doc {
            body,
            content_type: TEXT,
            modified: None,
            keys: Keys::site(),
        },
    )
}
