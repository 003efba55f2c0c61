//! The app's own URLs (`/`, `/c/{slug}`, `/a/{id}`, `/p/{slug}`, `/t/{tag}`, `/u/{author}`, `/saved`, `/search`) in one place: built here, and read back
//! into a `Route` here, from the router's params (the route table is in src/app.rs) or from a path.

use leptos_router::params::ParamsMap;
use model::{paths::encode, ArticleId, ListingKind};
use percent_encoding::percent_decode_str;

pub const SAVED: &str = "/saved";
pub const SEARCH: &str = "/search";

pub fn article(id: ArticleId) -> String {
    format!("/a/{id}")
}

pub fn channel(slug: &str) -> String {
    format!("/c/{}", encode(slug))
}

/// The search page for a search: the content API's search parameters (`model::paths::search`) on
/// `/search`, so the page's address and its API request say the same.
pub fn search(
    q: &str,
    channel: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
    cursor: Option<&str>,
) -> String {
    let api = model::paths::search(q, channel, from, to, cursor, None);
    let query = api.split_once('?').map_or("", |(_, q)| q);
    format!("{SEARCH}?{query}")
}

/// A region or city page.
pub fn place(slug: &str) -> String {
    format!("/p/{}", encode(slug))
}

/// The page an address names, with its parameters decoded and checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    Channel(String),
    Article(ArticleId),
    Place(String),
    /// A tag's or an author's articles (its name, decoded).
    Listing(ListingKind, String),
    /// The articles readable offline.
    Saved,
    /// Search: its query is in the address's query string, read by the page.
    Search,
    NotFound,
}

impl Route {
    /// Matches a path (no query or fragment; one trailing slash is allowed). A segment that does not
    /// decode, an id that is not a number and an unknown shape are all `NotFound`. The router matches
    /// with its own table; this is for addresses outside it (the page drawn at start, tests).
    pub fn parse(path: &str) -> Route {
        let path = match path.strip_suffix('/') {
            Some(p) if !p.is_empty() => p,
            _ => path,
        };
        let mut parts = path.strip_prefix('/').unwrap_or(path).split('/');
        match (parts.next(), parts.next(), parts.next()) {
            (Some(""), None, None) => Route::Home,
            (Some("a"), Some(id), None) => Route::article_id(id),
            (Some("c"), Some(slug), None) => Route::slug(slug, Route::Channel),
            (Some("p"), Some(slug), None) => Route::slug(slug, Route::Place),
            (Some("t"), Some(tag), None) => Route::slug(tag, Route::tag_of),
            (Some("u"), Some(name), None) => Route::slug(name, Route::author_of),
            (Some("saved"), None, None) => Route::Saved,
            (Some("search"), None, None) => Route::Search,
            _ => Route::NotFound,
        }
    }

    /// `/` in the route table.
    pub fn home(_: &ParamsMap) -> Route {
        Route::Home
    }

    /// `/saved` in the route table.
    pub fn saved(_: &ParamsMap) -> Route {
        Route::Saved
    }

    /// `/search` in the route table.
    pub fn search(_: &ParamsMap) -> Route {
        Route::Search
    }

    /// `/a/:id` in the route table.
    pub fn article(params: &ParamsMap) -> Route {
        params
            .get_str("id")
            .map_or(Route::NotFound, Route::article_id)
    }

    /// `/c/:slug` in the route table.
    pub fn channel(params: &ParamsMap) -> Route {
        params
            .get_str("slug")
            .map_or(Route::NotFound, |s| Route::slug(s, Route::Channel))
    }

    /// `/p/:slug` in the route table.
    pub fn place(params: &ParamsMap) -> Route {
        params
            .get_str("slug")
            .map_or(Route::NotFound, |s| Route::slug(s, Route::Place))
    }

    /// `/t/:name` in the route table.
    pub fn tag(params: &ParamsMap) -> Route {
        params
            .get_str("name")
            .map_or(Route::NotFound, |s| Route::slug(s, Route::tag_of))
    }

    /// `/u/:name` in the route table.
    pub fn author(params: &ParamsMap) -> Route {
        params
            .get_str("name")
            .map_or(Route::NotFound, |s| Route::slug(s, Route::author_of))
    }

    fn tag_of(name: String) -> Route {
        Route::Listing(ListingKind::Tag, name)
    }

    fn author_of(name: String) -> Route {
        Route::Listing(ListingKind::Author, name)
    }

    fn article_id(id: &str) -> Route {
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
            return Route::NotFound;
        }
        id.parse()
            .map_or(Route::NotFound, |id| Route::Article(ArticleId(id)))
    }

    fn slug(segment: &str, route: fn(String) -> Route) -> Route {
        // percent-encoding passes a `%` without two hex digits through; the app's URLs never have one.
        let mut escapes = segment.split('%').skip(1);
        if escapes.any(|e| {
            !e.get(..2)
                .is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
        }) {
            return Route::NotFound;
        }
        match percent_decode_str(segment).decode_utf8() {
            Ok(s) if !s.is_empty() => route(s.into_owned()),
            _ => Route::NotFound,
        }
    }
}
