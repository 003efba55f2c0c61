//! PostgreSQL: tag and author listings (see `store/tags.rs`). A tag's page is a range scan of
//! `article_tags_tag_time` joined to its articles; an author's, of `articles_author_time` (V8).

use super::articles::{summary_row, COLS};
use super::feeds::{article_row, ARTICLE_COLS};
use super::Postgres;
use crate::error::AppResult;
use crate::store::rows::ArticleRow;
use crate::store::tags::Listed;
use deadpool_postgres::GenericClient;
use model::{ListingKind, Site};
use std::sync::Arc;

/// The rows of a listing, the condition that picks them (`$1` is the tag or author), the sort key's
/// columns and the count's query.
fn source(kind: ListingKind) -> (&'static str, &'static str, &'static str, &'static str) {
    match kind {
        ListingKind::Tag => (
            "article_tags t JOIN articles a ON a.id = t.article_id",
            "t.tag = $1",
            "t.published_ns, t.article_id",
            "SELECT COUNT(*) FROM article_tags WHERE tag = $1",
        ),
        ListingKind::Author => (
            "articles a",
            "a.author = $1",
            "a.published_ns, a.id",
            "SELECT COUNT(*) FROM articles WHERE author = $1",
        ),
    }
}

fn total(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Postgres {
    pub async fn listing_page(
        &self,
        site: Arc<Site>,
        kind: ListingKind,
        name: String,
        after: Option<(i64, i64)>,
        limit: u32,
    ) -> AppResult<Listed> {
        let mut c = self.conn().await?;
        let (from, cond, key, count) = source(kind);
        let order = key.replace(", ", " DESC, ");
        let limit = i64::from(limit);
        // The page and the count in one snapshot: they agree.
        let tx = c
            .build_transaction()
            .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .await?;
        let rows = match after {
            None => {
                let stmt = tx
                    .prepare_cached(&format!(
                        "SELECT {COLS}, a.published_ns FROM {from} WHERE {cond}
                         ORDER BY {order} DESC LIMIT $2"
                    ))
                    .await?;
                tx.query(&stmt, &[&name, &limit]).await?
            }
            Some((t, id)) => {
                let stmt = tx
                    .prepare_cached(&format!(
                        "SELECT {COLS}, a.published_ns FROM {from} WHERE {cond} AND ({key}) < ($2, $3)
                         ORDER BY {order} DESC LIMIT $4"
                    ))
                    .await?;
                tx.query(&stmt, &[&name, &t, &id, &limit]).await?
            }
        };
        let stmt = tx.prepare_cached(count).await?;
        let n: i64 = tx.query_one(&stmt, &[&name]).await?.get(0);
        tx.commit().await?;
        let rows = rows
            .iter()
            .map(|r| {
                let mut s = summary_row(r);
                s.views = None;
                Ok((s.into_summary(&site)?, r.get::<_, i64>(8)))
            })
            .collect::<AppResult<Vec<_>>>()?;
        Ok(Listed {
            rows,
            total: total(n),
        })
    }

    pub async fn listing_count(&self, kind: ListingKind, name: String) -> AppResult<u32> {
        let c = self.conn().await?;
        let stmt = c.prepare_cached(source(kind).3).await?;
        let n: i64 = c.query_one(&stmt, &[&name]).await?.get(0);
        Ok(total(n))
    }

    pub async fn listing_feed_rows(
        &self,
        kind: ListingKind,
        name: String,
        limit: u32,
    ) -> AppResult<Vec<ArticleRow>> {
        let c = self.conn().await?;
        let (from, cond, key, _) = source(kind);
        let order = key.replace(", ", " DESC, ");
        // `ARTICLE_COLS` names no column of `article_tags`, so it reads the article's alone.
        let stmt = c
            .prepare_cached(&format!(
                "SELECT {ARTICLE_COLS} FROM {from} WHERE {cond} ORDER BY {order} DESC LIMIT $2"
            ))
            .await?;
        let rows = c.query(&stmt, &[&name, &i64::from(limit)]).await?;
        Ok(rows.iter().map(article_row).collect())
    }
}
