//! What the Atom and RSS documents of the site, a channel, a tag or an author say: the newest articles and the feed's own
//! title, pages and time; `atom.rs` and `rss.rs` each write it in their format.

use super::answer::{answer as respond, Doc, ATOM, RSS};
use super::{atom, base, failed, not_found, rss, FEED_ARTICLES};
use crate::error::AppError;
use crate::respond::Keys;
use crate::State;
use axum::http::HeaderMap;
use axum::response::Response;
use model::listing::valid_name;
use model::{Article, ListingKind};
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

/// What a feed follows.
pub enum Of {
    Site,
    Channel(String),
    /// A tag's or an author's articles.
    Listing(ListingKind, String),
}

/// The feed of the site, a channel, a tag or an author; an unknown channel, or a tag or author no
/// article carries, is a 404.
pub async fn answer(s: &State, headers: &HeaderMap, of: Of, format: Format) -> Response {
    let site = s.site();
    let base = base(s, headers);
    let file = match format {
        Format::Atom => "feed.xml",
        Format::Rss => "rss.xml",
    };
    let all = || Keys::of(&[crate::keys::SITE, crate::keys::LISTS]);
    let (title, description, page_url, self_url, keys) = match &of {
        Of::Site => (
            site.name.clone(),
            site.description.clone(),
            format!("{base}/"),
            format!("{base}/{file}"),
            all(),
        ),
        Of::Channel(slug) => {
            let Some((_, city, ch)) = site.channel(slug) else {
                return not_found();
            };
            let page = format!("{base}/c/{}", model::paths::encode(slug));
            (
                format!("{} - {} - {}", ch.name, city.name, site.name),
                ch.tagline.clone(),
                page.clone(),
                format!("{page}/{file}"),
                all().with(Keys::channel(slug)),
            )
        }
        Of::Listing(kind, name) => {
            if !valid_name(name) {
                return not_found();
            }
            let page = format!("{base}{}", kind.page(name));
            let what = match kind {
                ListingKind::Tag => format!("标签：{name}"),
                ListingKind::Author => format!("作者：{name}"),
            };
            (
                format!("{what} - {}", site.name),
                String::new(),
                page.clone(),
                format!("{page}/{file}"),
                // Any write may add an article to a tag or take one away: each notes `lists`.
                all(),
            )
        }
    };
    let listing = matches!(of, Of::Listing(..));
    let found = match of {
        Of::Site => s.store.feed(site.clone(), None, FEED_ARTICLES).await,
        Of::Channel(slug) => s.store.feed(site.clone(), Some(slug), FEED_ARTICLES).await,
        Of::Listing(kind, name) => {
            s.store
                .listing_feed(site.clone(), kind, name, FEED_ARTICLES)
                .await
        }
    };
    let articles = match found {
        // A tag or an author is known by its articles alone: none, no feed.
        Ok(a) if a.is_empty() && listing => return not_found(),
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
