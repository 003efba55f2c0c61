//! SQLite: tag and author listings (see `store/tags.rs`). A tag's page is a range scan of
//! `article_tags_tag_time` joined to its articles; an author's, of `articles_author_time` (V9).

use super::articles::{summary_row, COLS};
use super::feeds::{article_row, ARTICLE_COLS};
use super::Sqlite;
use crate::error::AppResult;
use crate::store::rows::ArticleRow;
use crate::store::tags::Listed;
use model::{ListingKind, Site};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};
use std::sync::Arc;

/// The rows of a listing and the condition that picks them, with the sort key's columns: `?1` is the
/// tag or author.
fn source(kind: ListingKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        ListingKind::Tag => (
            "article_tags t JOIN articles a ON a.id = t.article_id",
            "t.tag = ?1",
            "t.published_ns, t.article_id",
        ),
        ListingKind::Author => ("articles a", "a.author = ?1", "a.published_ns, a.id"),
    }
}

fn count(c: &Connection, kind: ListingKind, name: &str) -> AppResult<u32> {
    let sql = match kind {
        ListingKind::Tag => "SELECT COUNT(*) FROM article_tags WHERE tag = ?1",
        ListingKind::Author => "SELECT COUNT(*) FROM articles WHERE author = ?1",
    };
    let n: i64 = c.prepare_cached(sql)?.query_row([name], |r| r.get(0))?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

impl Sqlite {
    pub async fn listing_page(
        &self,
        site: Arc<Site>,
        kind: ListingKind,
        name: String,
        after: Option<(i64, i64)>,
        limit: u32,
    ) -> AppResult<Listed> {
        self.read(move |c| {
            let (from, cond, key) = source(kind);
            let order = key.replace(", ", " DESC, ");
            let (sql, args): (String, Vec<Value>) = match after {
                None => (
                    format!(
                        "SELECT {COLS}, a.published_ns FROM {from} WHERE {cond}
                         ORDER BY {order} DESC LIMIT ?2"
                    ),
                    vec![name.clone().into(), i64::from(limit).into()],
                ),
                Some((t, id)) => (
                    format!(
                        "SELECT {COLS}, a.published_ns FROM {from} WHERE {cond} AND ({key}) < (?2, ?3)
                         ORDER BY {order} DESC LIMIT ?4"
                    ),
                    vec![
                        name.clone().into(),
                        t.into(),
                        id.into(),
                        i64::from(limit).into(),
                    ],
                ),
            };
            // The page and the count on one read transaction: they agree.
            let tx = c.unchecked_transaction()?;
            let rows = tx
                .prepare_cached(&sql)?
                .query_map(params_from_iter(args), |r| {
                    Ok((summary_row(r)?, r.get::<_, i64>(8)?))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let total = count(&tx, kind, &name)?;
            tx.finish()?;
            let rows = rows
                .into_iter()
                .map(|(s, key)| Ok((s.into_summary(&site)?, key)))
                .collect::<AppResult<Vec<_>>>()?;
            Ok(Listed { rows, total })
        })
        .await
    }

    pub async fn listing_count(&self, kind: ListingKind, name: String) -> AppResult<u32> {
        self.read(move |c| count(c, kind, &name)).await
    }

    pub async fn listing_feed_rows(
        &self,
        kind: ListingKind,
        name: String,
        limit: u32,
    ) -> AppResult<Vec<ArticleRow>> {
        self.read(move |c| {
            let (from, cond, key) = source(kind);
            // `ARTICLE_COLS` names no column of `article_tags`, so it reads the article's alone.
            let sql = format!(
                "SELECT {ARTICLE_COLS} FROM {from} WHERE {cond} ORDER BY {order} DESC LIMIT ?2",
                order = key.replace(", ", " DESC, ")
            );
            let rows = c
                .prepare_cached(&sql)?
                .query_map(
                    params_from_iter([Value::from(name), i64::from(limit).into()]),
                    article_row,
                )?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::super::embedded::migrations::runner;
    use rusqlite::Connection;

    #[test]
    fn the_migration_lists_the_tags_of_articles_stored_before_it() {
        let mut c = Connection::open_in_memory().unwrap();
        runner()
            .set_target(refinery::Target::Version(8))
            .run(&mut c)
            .unwrap();
        c.execute_batch(
            r#"INSERT INTO articles (id, channel, title, published_at, published_ns, excerpt, body, tags)
               VALUES (1, 'c', 't', '2017-06-16T07:32:00+08:00', 10, 'e', '[]', '["资阳", "资阳", " ", "文明"]'),
                      (2, 'c', 't', '2017-06-17T07:32:00+08:00', 20, 'e', '[]', 'not json');"#,
        )
        .unwrap();
        runner().run(&mut c).unwrap();
        let rows: Vec<(i64, String, i64)> = c
            .prepare("SELECT article_id, tag, published_ns FROM article_tags ORDER BY tag")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            rows,
            [(1, "文明".to_owned(), 10), (1, "资阳".to_owned(), 10)],
            "each tag once, blank ones and unreadable lists left out"
        );
        // Kept from then on: a new publication time moves the rows with it.
        c.execute("UPDATE articles SET published_ns = 30 WHERE id = 1", [])
            .unwrap();
        let moved: i64 = c
            .query_row("SELECT MIN(published_ns) FROM article_tags", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(moved, 30);
    }
}
