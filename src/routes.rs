//! The app's own URLs (`/`, `/c/{slug}`, `/a/{id}`, `/p/{slug}`) in one place: built here, and matched
//! here by `Route::parse` for the router (src/router.rs).

use model::{paths::encode, ArticleId};

pub fn article(id: ArticleId) -> String {
    format!("/a/{id}")
}

pub fn channel(slug: &str) -> String {
    format!("/c/{}", encode(slug))
}

/// A region or city page.
pub fn place(slug: &str) -> String {
    format!("/p/{}", encode(slug))
}

/// The page a path names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    Channel(String),
    Article(ArticleId),
    Place(String),
    NotFound,
}

impl Route {
    /// Matches a path (no query or fragment; one trailing slash is allowed). A segment that does not
    /// decode, an id that is not a number and an unknown shape are all `NotFound`.
    pub fn parse(path: &str) -> Route {
        let path = match path.strip_suffix('/') {
            Some(p) if !p.is_empty() => p,
            _ => path,
        };
        let mut parts = path.strip_prefix('/').unwrap_or(path).split('/');
        let route = match (parts.next(), parts.next(), parts.next()) {
            (Some(""), None, None) => Some(Route::Home),
            (Some("a"), Some(id), None) if id.bytes().all(|b| b.is_ascii_digit()) => {
                id.parse().ok().map(|id| Route::Article(ArticleId(id)))
            }
            (Some("c"), Some(slug), None) => decode(slug).map(Route::Channel),
            (Some("p"), Some(slug), None) => decode(slug).map(Route::Place),
            _ => None,
        };
        route.unwrap_or(Route::NotFound)
    }
}

/// Percent-decodes a path segment (the inverse of `encode`); `None` if empty or not valid UTF-8.
fn decode(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = segment.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok().filter(|s| !s.is_empty())
}
