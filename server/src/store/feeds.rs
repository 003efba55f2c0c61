//! What feeds and sitemaps read: the newest articles whole, articles by time of publication, and the
//! months that have any (each backend's SQL is in its own `feeds.rs`).

use super::rows::{from_nanos, ArticleRow};
use super::Store;
use crate::error::{AppError, AppResult};
use model::{Article, ListingKind, Site};
use std::collections::BTreeMap;
use std::sync::Arc;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// An article as a sitemap lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    pub id: i64,
    pub title: String,
    pub published_at: OffsetDateTime,
    pub updated_at: Option<OffsetDateTime>,
}

impl Listed {
    /// When it last changed.
    pub fn modified(&self) -> OffsetDateTime {
        self.updated_at
            .map_or(self.published_at, |u| u.max(self.published_at))
    }
}

/// The columns of a [`Listed`], as stored: id, title, published_at, updated_at.
pub type ListedRow = (i64, String, String, Option<String>);

/// A month of publication (UTC) and what a sitemap index says of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Month {
    /// `YYYY-MM`.
    pub key: String,
    pub articles: i64,
    /// The latest publication or update of its articles.
    pub modified: OffsetDateTime,
}

fn time(s: &str) -> AppResult<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339)
        .map_err(|e| AppError::Internal(format!("stored time {s:?}: {e}")))
}

fn listed((id, title, published_at, updated_at): ListedRow) -> AppResult<Listed> {
    Ok(Listed {
        id,
        title,
        published_at: time(&published_at)?,
        updated_at: updated_at.as_deref().map(time).transpose()?,
    })
}

/// The query behind [`Store::listing_names`], the same on both stores but for `limit`'s placeholder.
/// Rows of `article_tags` and `articles` are published articles (taken-down ones are deleted).
pub fn names_sql(kind: ListingKind, limit: &str) -> String {
    match kind {
        ListingKind::Tag => format!(
            "SELECT tag, MAX(published_ns) AS newest FROM article_tags
             GROUP BY tag ORDER BY newest DESC, tag LIMIT {limit}"
        ),
        ListingKind::Author => format!(
            "SELECT author, MAX(published_ns) AS newest FROM articles
             WHERE author IS NOT NULL AND author <> ''
             GROUP BY author ORDER BY newest DESC, author LIMIT {limit}"
        ),
    }
}

/// `YYYY-MM` of UTC Unix nanoseconds, as the backends' SQL writes it.
fn month_of(ns: i64) -> String {
    let t = from_nanos(ns);
    format!("{:04}-{:02}", t.year(), u8::from(t.month()))
}

impl Store {
    /// The newest `limit` articles, whole, of one channel or of all; newest first.
    pub async fn feed(
        &self,
        site: Arc<Site>,
        channel: Option<String>,
        limit: u32,
    ) -> AppResult<Vec<Article>> {
        let rows: Vec<ArticleRow> = backend!(self.feed_rows(channel, limit))?;
        rows.into_iter().map(|r| r.into_article(&site)).collect()
    }

    /// Articles published in `[from_ns, until_ns)` (UTC Unix nanoseconds), newest first, at most `limit`.
    pub async fn published_between(
        &self,
        from_ns: i64,
        until_ns: i64,
        limit: u32,
    ) -> AppResult<Vec<Listed>> {
        let rows: Vec<ListedRow> = backend!(self.listed_rows(from_ns, until_ns, limit))?;
        rows.into_iter().map(listed).collect()
    }

    /// The tags (or authors) that published articles carry, with their newest article's publication,
    /// the most recent first, at most `limit`: the tag and author pages a sitemap lists.
    pub async fn listing_names(
        &self,
        kind: ListingKind,
        limit: u32,
    ) -> AppResult<Vec<(String, OffsetDateTime)>> {
        let rows: Vec<(String, i64)> = backend!(self.listing_name_rows(kind, limit))?;
        Ok(rows
            .into_iter()
            .map(|(name, newest)| (name, from_nanos(newest)))
            .collect())
    }

    /// Every month (UTC) with articles published in it, newest first.
    pub async fn months(&self) -> AppResult<Vec<Month>> {
        // (month, articles, newest publication) by the SQL; updates are few, so their times (stored
        // with the offset they came with, not comparable as text) are compared here.
        let counts: Vec<(String, i64, i64)> = backend!(self.month_rows())?;
        let updates: Vec<(i64, String)> = backend!(self.update_rows())?;
        let mut months: BTreeMap<String, Month> = counts
            .into_iter()
            .map(|(key, articles, newest)| {
                let m = Month {
                    key: key.clone(),
                    articles,
                    modified: from_nanos(newest),
                };
                (key, m)
            })
            .collect();
        for (published_ns, updated_at) in updates {
            let updated = time(&updated_at)?;
            if let Some(m) = months.get_mut(&month_of(published_ns)) {
                m.modified = m.modified.max(updated);
            }
        }
        Ok(months.into_values().rev().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_utc() {
        // 2017-06-30T20:00:00-08:00 is 2017-07-01 in UTC.
        let t = OffsetDateTime::parse("2017-06-30T20:00:00-08:00", &Rfc3339).unwrap();
        assert_eq!(month_of(super::super::rows::nanos(t)), "2017-07");
    }
}
