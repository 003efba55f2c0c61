//! Tag and author listings, what both backends share: the page a handler asks for and the feed's
//! articles (each backend's SQL is in its own `tags.rs`; `article_tags` is kept by triggers, V9/V8).
//!
//! Pages are newest first by the same `(published_ns, id)` key as a channel's, so the channel's keyset
//! cursors work unchanged.

use super::rows::ArticleRow;
use super::Store;
use crate::error::AppResult;
use model::{Article, ArticleSummary, ListingKind, Site};
use std::sync::Arc;

/// One page of a listing: its articles with their keys, and how many the tag or author has in all.
pub struct Listed {
    pub rows: Vec<(ArticleSummary, i64)>,
    pub total: u32,
}

impl Store {
    /// One page of the articles of a tag or an author, newest first, strictly after the
    /// `(published_ns, id)` key `after`, and the count of all of them (read together).
    pub async fn listing_page(
        &self,
        site: Arc<Site>,
        kind: ListingKind,
        name: String,
        after: Option<(i64, i64)>,
        limit: u32,
    ) -> AppResult<Listed> {
        backend!(self.listing_page(site, kind, name, after, limit))
    }

    /// How many articles a tag or an author has (0: nobody's page).
    pub async fn listing_count(&self, kind: ListingKind, name: String) -> AppResult<u32> {
        backend!(self.listing_count(kind, name))
    }

    /// The newest `limit` articles of a tag or an author, whole (for its feeds).
    pub async fn listing_feed(
        &self,
        site: Arc<Site>,
        kind: ListingKind,
        name: String,
        limit: u32,
    ) -> AppResult<Vec<Article>> {
        let rows: Vec<ArticleRow> = backend!(self.listing_feed_rows(kind, name, limit))?;
        rows.into_iter().map(|r| r.into_article(&site)).collect()
    }
}
