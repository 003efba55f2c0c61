//! Feeds and sitemaps for readers' feed apps and search engines: Atom and RSS 2.0 of the site and of each
//! channel, tag and author, the sitemap index with a sitemap per month of publication and one of the pages, the Google
//! News sitemap and robots.txt. All read from the store (any instance answers alike) and are answered
//! with an ETag, Last-Modified and 304s like the rest of the public reads (`answer.rs`).

mod answer;
mod atom;
mod feed;
mod html;
mod news;
mod robots;
mod rss;
mod sitemap;
mod xml;

use crate::api::Seg;
use crate::meta::base_url;
use crate::{plain, State};
use axum::extract::State as S;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use model::ListingKind;

pub use sitemap::{month as month_sitemap, month_path};

/// How many articles a feed carries.
pub const FEED_ARTICLES: u32 = 20;

pub fn router() -> Router<State> {
    Router::new()
        .route("/feed.xml", get(site_atom))
        .route("/rss.xml", get(site_rss))
        .route("/c/{slug}/feed.xml", get(channel_atom))
        .route("/c/{slug}/rss.xml", get(channel_rss))
        .route("/t/{tag}/feed.xml", get(tag_atom))
        .route("/t/{tag}/rss.xml", get(tag_rss))
        .route("/u/{name}/feed.xml", get(author_atom))
        .route("/u/{name}/rss.xml", get(author_rss))
        .route("/sitemap.xml", get(sitemap::index))
        .route("/sitemap-pages.xml", get(sitemap::pages))
        .route("/sitemap-news.xml", get(news::sitemap))
        .route("/robots.txt", get(robots::robots))
}

async fn site_atom(S(s): S<State>, headers: HeaderMap) -> Response {
    feed::answer(&s, &headers, feed::Of::Site, feed::Format::Atom).await
}

async fn site_rss(S(s): S<State>, headers: HeaderMap) -> Response {
    feed::answer(&s, &headers, feed::Of::Site, feed::Format::Rss).await
}

async fn channel_atom(S(s): S<State>, Seg(slug): Seg, headers: HeaderMap) -> Response {
    feed::answer(&s, &headers, feed::Of::Channel(slug), feed::Format::Atom).await
}

async fn channel_rss(S(s): S<State>, Seg(slug): Seg, headers: HeaderMap) -> Response {
    feed::answer(&s, &headers, feed::Of::Channel(slug), feed::Format::Rss).await
}

async fn tag_atom(S(s): S<State>, Seg(tag): Seg, headers: HeaderMap) -> Response {
    let of = feed::Of::Listing(ListingKind::Tag, tag);
    feed::answer(&s, &headers, of, feed::Format::Atom).await
}

async fn tag_rss(S(s): S<State>, Seg(tag): Seg, headers: HeaderMap) -> Response {
    let of = feed::Of::Listing(ListingKind::Tag, tag);
    feed::answer(&s, &headers, of, feed::Format::Rss).await
}

async fn author_atom(S(s): S<State>, Seg(name): Seg, headers: HeaderMap) -> Response {
    let of = feed::Of::Listing(ListingKind::Author, name);
    feed::answer(&s, &headers, of, feed::Format::Atom).await
}

async fn author_rss(S(s): S<State>, Seg(name): Seg, headers: HeaderMap) -> Response {
    let of = feed::Of::Listing(ListingKind::Author, name);
    feed::answer(&s, &headers, of, feed::Format::Rss).await
}

/// Where absolute addresses start: `--public-url`, else the address the server is bound to (as crawler
/// meta and oEmbed do), else, on a wildcard bind, the request's `Host` when it is a plain host[:port]
/// (feeds and sitemaps must name absolute addresses). Empty when none of these is known.
fn base(s: &State, headers: &HeaderMap) -> String {
    let b = base_url(s.config.public_url.as_deref(), s.bound);
    if !b.is_empty() {
        return b;
    }
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.len() <= 255
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .map(|h| format!("http://{h}"))
        .unwrap_or_default()
}

/// What non-API addresses answer for something that is not there.
fn not_found() -> Response {
    plain(StatusCode::NOT_FOUND, "not found\n")
}

/// A store failure, answered as the rest of the server answers it (a busy database is a 503).
fn failed(e: crate::error::AppError) -> Response {
    e.into_response()
}
