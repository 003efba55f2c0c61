//! SQLite: what feeds and sitemaps read (see `store/feeds.rs`).

use super::Sqlite;
use crate::error::AppResult;
use crate::store::feeds::ListedRow;
use crate::store::rows::ArticleRow;
use model::ListingKind;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter};

/// The columns of a whole article, in the order [`ArticleRow`] is filled from.
pub(super) const ARTICLE_COLS: &str =
    "id, channel, title, source, published_at, origin_url, lead_image, excerpt,
    body, comment_count, author, tags, updated_at";

/// An [`ArticleRow`] from a row of [`ARTICLE_COLS`].
pub(super) fn article_row(r: &rusqlite::Row) -> rusqlite::Result<ArticleRow> {
    Ok(ArticleRow {
        id: r.get(0)?,
        channel: r.get(1)?,
        title: r.get(2)?,
        source: r.get(3)?,
        published_at: r.get(4)?,
        origin_url: r.get(5)?,
        lead_image: r.get(6)?,
        excerpt: r.get(7)?,
        body: r.get(8)?,
        comment_count: r.get(9)?,
        author: r.get(10)?,
        tags: r.get(11)?,
        updated_at: r.get(12)?,
    })
}

impl Sqlite {
    pub async fn feed_rows(
        &self,
        channel: Option<String>,
        limit: u32,
    ) -> AppResult<Vec<ArticleRow>> {
        self.read(move |c| {
            let (sql, args): (String, Vec<Value>) = match channel {
                Some(ch) => (
                    format!("SELECT {ARTICLE_COLS} FROM articles WHERE channel = ?1
                             ORDER BY published_ns DESC, id DESC LIMIT ?2"),
                    vec![ch.into(), i64::from(limit).into()],
                ),
                None => (
                    format!("SELECT {ARTICLE_COLS} FROM articles ORDER BY published_ns DESC, id DESC LIMIT ?1"),
                    vec![i64::from(limit).into()],
                ),
            };
            let mut stmt = c.prepare_cached(&sql)?;
            let rows = stmt
                .query_map(params_from_iter(args), article_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
        .await
    }

    pub async fn listed_rows(
        &self,
        from_ns: i64,
        until_ns: i64,
        limit: u32,
    ) -> AppResult<Vec<ListedRow>> {
        self.read(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT id, title, published_at, updated_at FROM articles
                 WHERE published_ns >= ?1 AND published_ns < ?2
                 ORDER BY published_ns DESC, id DESC LIMIT ?3",
            )?;
            let rows = stmt
                .query_map(params![from_ns, until_ns, i64::from(limit)], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
        .await
    }

    /// (tag or author, newest `published_ns`), the most recent first.
    pub async fn listing_name_rows(
        &self,
        kind: ListingKind,
        limit: u32,
    ) -> AppResult<Vec<(String, i64)>> {
        self.read(move |c| {
            let mut stmt = c.prepare_cached(&crate::store::feeds::names_sql(kind, "?1"))?;
            let rows = stmt
                .query_map([i64::from(limit)], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
        .await
    }

    /// (`YYYY-MM` in UTC, articles, newest `published_ns`) per month, oldest first.
    pub async fn month_rows(&self) -> AppResult<Vec<(String, i64, i64)>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT strftime('%Y-%m', published_ns / 1000000000, 'unixepoch') AS m,
                        COUNT(*), MAX(published_ns)
                 FROM articles GROUP BY m ORDER BY m",
            )?;
            let rows = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
        .await
    }

    /// (`published_ns`, `updated_at`) of the articles updated since publication.
    pub async fn update_rows(&self) -> AppResult<Vec<(i64, String)>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT published_ns, updated_at FROM articles WHERE updated_at IS NOT NULL",
            )?;
            let rows = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
        .await
    }
}
