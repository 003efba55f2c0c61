//! Tag and author pages (`/t/{tag}`, `/u/{name}`): the answer of `GET /api/v1/tags/{tag}/articles` and
//! `GET /api/v1/authors/{name}/articles`, and the reader-facing addresses both sides build.
//!
//! A tag or an author is named by its own text (Chinese included), percent-encoded as one path segment:
//! there is no separate slug to keep in step with the newsroom's names.

use crate::paths::encode;
use crate::ArticleSummary;
use serde::{Deserialize, Serialize};

/// Most characters a tag or author name in an address may have (WordPress allows 200 for a tag); a
/// longer one names nothing.
pub const MAX_NAME_CHARS: usize = 200;

/// What a listing page lists the articles of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListingKind {
    /// Articles carrying the tag (`Article::tags`).
    Tag,
    /// Articles whose `Article::author` is this name.
    Author,
}

impl ListingKind {
    /// The reader's page of `name`: `/t/{tag}` or `/u/{name}`.
    pub fn page(self, name: &str) -> String {
        match self {
            ListingKind::Tag => format!("/t/{}", encode(name)),
            ListingKind::Author => format!("/u/{}", encode(name)),
        }
    }

    /// The Atom feed of `name`'s page (`{page}/feed.xml`; RSS 2.0 is `{page}/rss.xml`).
    pub fn feed(self, name: &str) -> String {
        format!("{}/feed.xml", self.page(name))
    }

    /// The RSS 2.0 feed of `name`'s page.
    pub fn rss(self, name: &str) -> String {
        format!("{}/rss.xml", self.page(name))
    }
}

/// True if `name` could name a tag or author: not blank, at most [`MAX_NAME_CHARS`], no control
/// characters. Anything else is answered 404 without a look in the store.
pub fn valid_name(name: &str) -> bool {
    !name.trim().is_empty()
        && name.chars().count() <= MAX_NAME_CHARS
        && !name.chars().any(char::is_control)
}

/// One page of a tag's or an author's articles, newest first, with what the page shows above its list.
/// `total` counts every article of the tag or author (all pages); `next_cursor` is opaque and absent on
/// the last page (paging as on a channel's page).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListingPage {
    pub kind: ListingKind,
    /// The tag or author, as the articles carry it (the page's heading).
    pub name: String,
    pub total: u32,
    pub items: Vec<ArticleSummary>,
    #[serde(default)]
    pub next_cursor: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_page_addresses() {
        assert_eq!(
            ListingKind::Tag.page("文明城市"),
            "/t/%E6%96%87%E6%98%8E%E5%9F%8E%E5%B8%82"
        );
        assert_eq!(ListingKind::Author.page("a/b c"), "/u/a%2Fb%20c");
        assert_eq!(ListingKind::Tag.feed("x"), "/t/x/feed.xml");
        assert_eq!(ListingKind::Author.rss("x"), "/u/x/rss.xml");
    }

    #[test]
    fn checks_names() {
        assert!(valid_name("资阳"));
        assert!(valid_name(&"资".repeat(MAX_NAME_CHARS)));
        assert!(!valid_name(&"资".repeat(MAX_NAME_CHARS + 1)));
        assert!(!valid_name(" "));
        assert!(!valid_name("a\u{0}b"));
    }

    #[test]
    fn reads_a_page() {
        let p: ListingPage =
            serde_json::from_str(r#"{"kind":"tag","name":"资阳","total":0,"items":[]}"#).unwrap();
        assert_eq!((p.kind, p.next_cursor), (ListingKind::Tag, None));
    }
}
