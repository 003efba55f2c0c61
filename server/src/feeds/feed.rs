//! What the Atom and RSS documents of the site or a channel say: the newest articles and the feed's own
//! title, pages and time; `atom.rs` and `rss.rs` each write it in their format.

use super::answer::{answer as respond, Doc, ATOM, RSS};
use super::{atom, base, failed, not_found, rss, FEED_ARTICLES};
use crate::error::AppError;
use crate::respond::Keys;
use crate::State;
use axum::http::HeaderMap;
use axum::response::Response;
use model::Article;
use time::OffsetDateTime;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Atom,
    Rss,
}

/// One feed, ready to be written.
pub struct Feed {
    pub title: String,
    pub description: String,
    pub language: String,
    /// Where the feed is (`…/feed.xml` or `…/rss.xml`), absolute.
    pub self_url: String,
    /// The page it follows (the home or the channel page), absolute.
    pub page_url: String,
    /// The latest change of its articles; `None` when it has none.
    pub updated: Option<OffsetDateTime>,
    pub articles: Vec<Article>,
    /// The site's origin, for the articles' addresses.
    pub base: String,
    /// Each article's whole text too (`--feed-full-text`).
    pub full_text: bool,
    /// Named as the author when an article names nobody: the site.
    pub publisher: String,
}

impl Feed {
    pub fn article_url(&self, a: &Article) -> String {
        format!("{}/a/{}", self.base, a.id)
    }
}

/// When an article last changed.
pub fn modified(a: &Article) -> OffsetDateTime {
    a.updated_at
        .map_or(a.published_at, |u| u.max(a.published_at))
}

/// Who wrote it: the writer, else the source (资阳日报), else the site.
pub fn author<'a>(feed: &'a Feed, a: &'a Article) -> &'a str {
    a.author
        .as_deref()
        .or(a.source.as_deref())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or(&feed.publisher)
}

/// The feed of the site (`channel` none) or of a channel; an unknown channel is a 404.
pub async fn answer(
    s: &State,
    headers: &HeaderMap,
    channel: Option<String>,
    format: Format,
) -> Response {
    let site = s.site();
    let base = base(s, headers);
    let file = match format {
        Format::Atom => "feed.xml",
        Format::Rss => "rss.xml",
    };
    let (title, description, page_url, self_url, keys) = match &channel {
        None => (
            site.name.clone(),
            site.description.clone(),
            format!("{base}/"),
            format!("{base}/{file}"),
            Keys::of(&[crate::keys::SITE, crate::keys::LISTS]),
        ),
        Some(slug) => {
            let Some((_, city, ch)) = site.channel(slug) else {
                return not_found();
            };
            let page = format!("{base}/c/{}", model::paths::encode(slug));
            (
                format!("{} - {} - {}", ch.name, city.name, site.name),
                ch.tagline.clone(),
                page.clone(),
                format!("{page}/{file}"),
                Keys::of(&[crate::keys::SITE, crate::keys::LISTS]).with(Keys::channel(slug)),
            )
        }
    };
    let articles = match s.store.feed(site.clone(), channel, FEED_ARTICLES).await {
        Ok(a) => a,
        Err(e) => return failed(e),
    };
    let feed = Feed {
        description: if description.trim().is_empty() {
            title.clone()
        } else {
            description
        },
        title,
        language: site.language.clone(),
        self_url,
        page_url,
        updated: articles.iter().map(modified).max(),
        articles,
        base,
        full_text: s.config.feed_full_text,
        publisher: site.name.clone(),
    };
    let written: Result<Vec<u8>, AppError> = match format {
        Format::Atom => atom::write(&feed),
        Format::Rss => rss::write(&feed),
    };
    match written {
        Ok(body) => respond(
            headers,
            Doc {
                body,
                content_type: if format == Format::Atom { ATOM } else { RSS },
                modified: feed.updated,
                keys,
            },
        ),
        Err(e) => failed(e),
    }
}
