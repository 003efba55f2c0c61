//! SQLite: articles, channel pages, the widgets' lists and view counts.

use super::Sqlite;
use crate::error::AppResult;
use crate::store::rows::{ArticleRow, SummaryRow};
use crate::store::{ArticleState, Pick, GUESS_WINDOW};
use model::{Article, ArticleSummary, Site};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};
use std::sync::Arc;

/// Columns every list query selects, in the order [`summary_row`] reads them.
pub(super) const COLS: &str =
    "a.id, a.channel, a.title, a.source, a.published_at, a.excerpt, a.lead_image, a.comment_count";

pub(super) fn summary_row(row: &Row) -> rusqlite::Result<SummaryRow> {
    Ok(SummaryRow {
        id: row.get(0)?,
        channel: row.get(1)?,
        title: row.get(2)?,
        source: row.get(3)?,
        published_at: row.get(4)?,
        excerpt: row.get(5)?,
        lead_image: row.get(6)?,
        comment_count: row.get(7)?,
        views: None,
    })
}

/// Runs a query selecting [`COLS`] (and, when it selects one more, the views after them).
fn summaries(
    site: &Site,
    conn: &Connection,
    sql: &str,
    args: Vec<Value>,
) -> AppResult<Vec<ArticleSummary>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let with_views = stmt.column_count() > 8;
    let rows = stmt
        .query_map(params_from_iter(args), |row| {
            let mut s = summary_row(row)?;
            if with_views {
                s.views = Some(row.get(8)?);
            }
            Ok(s)
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(|r| r.into_summary(site)).collect()
}

fn state(conn: &Connection, id: i64) -> AppResult<ArticleState> {
    let channel: Option<String> = conn
        .prepare_cached("SELECT channel FROM articles WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    if let Some(ch) = channel {
        return Ok(ArticleState::Live(ch));
    }
    let gone = conn
        .prepare_cached("SELECT 1 FROM gone WHERE id = ?1")?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some();
    Ok(if gone {
        ArticleState::Gone
    } else {
        ArticleState::Unknown
    })
}

fn placeholders(n: usize) -> String {
    vec!["?"; n].join(",")
}

fn slugs(list: &[String]) -> Vec<Value> {
    list.iter().cloned().map(Value::from).collect()
}

fn pick(site: &Site, c: &Connection, p: &Pick) -> AppResult<Vec<ArticleSummary>> {
    let lim = |n: &u32| Value::from(*n as i64);
    match p {
        Pick::Newest {
            channels,
            exclude,
            limit,
        } => {
            if channels.is_empty() {
                return Ok(Vec::new());
            }
            let sql = format!(
                "SELECT {COLS} FROM articles a WHERE a.channel IN ({}) AND a.id != ?
                 ORDER BY a.published_ns DESC, a.id DESC LIMIT ?",
                placeholders(channels.len())
            );
            let mut args = slugs(channels);
            args.extend([Value::from(*exclude), lim(limit)]);
            summaries(site, c, &sql, args)
        }
        Pick::Recommended {
            channels,
            exclude,
            limit,
        } => {
            if channels.is_empty() {
                return Ok(Vec::new());
            }
            let sql = format!(
                "SELECT {COLS} FROM articles a WHERE a.channel IN ({}) AND a.id != ?
                   AND (a.recommended = 1 OR a.lead_image IS NOT NULL)
                 ORDER BY a.recommended DESC, a.published_ns DESC, a.id DESC LIMIT ?",
                placeholders(channels.len())
            );
            let mut args = slugs(channels);
            args.extend([Value::from(*exclude), lim(limit)]);
            summaries(site, c, &sql, args)
        }
        Pick::Related {
            article,
            channel,
            limit,
        } => summaries(
            site,
            c,
            &format!(
                "SELECT {COLS} FROM articles a, (SELECT published_ns AS t FROM articles WHERE id = ?2) me
                 WHERE a.channel = ?1 AND a.id != ?2
                 ORDER BY ABS(a.published_ns - me.t), a.published_ns DESC, a.id DESC LIMIT ?3"
            ),
            vec![channel.clone().into(), (*article).into(), lim(limit)],
        ),
        // Round-robin over channels (each channel's newest first, then each one's second, …) among the
        // newest 2,000 articles, so the app has candidates from every channel to rank.
        Pick::Guess { exclude, limit } => summaries(
            site,
            c,
            &format!(
                "SELECT {COLS} FROM (
                   SELECT *, ROW_NUMBER() OVER (PARTITION BY channel ORDER BY published_ns DESC, id DESC) AS rn
                   FROM (SELECT * FROM articles WHERE id != ? ORDER BY published_ns DESC, id DESC LIMIT {GUESS_WINDOW})
                 ) a
                 ORDER BY a.rn, a.published_ns DESC, a.id DESC LIMIT ?"
            ),
            vec![(*exclude).into(), lim(limit)],
        ),
        Pick::Pictures { exclude, limit } => summaries(
            site,
            c,
            &format!(
                "SELECT {COLS} FROM articles a WHERE a.lead_image IS NOT NULL AND a.id != ?
                 ORDER BY a.published_ns DESC, a.id DESC LIMIT ?"
            ),
            vec![(*exclude).into(), lim(limit)],
        ),
        Pick::HotReading { exclude, limit } => summaries(
            site,
            c,
            &format!(
                "SELECT {COLS} FROM articles a
                 JOIN (SELECT article_id, SUM(views) AS total FROM article_views GROUP BY article_id) v
                   ON v.article_id = a.id
                 WHERE a.id != ? ORDER BY v.total DESC, a.published_ns DESC, a.id DESC LIMIT ?"
            ),
            vec![(*exclude).into(), lim(limit)],
        ),
        Pick::HotRanking { since_hour, limit } => summaries(
            site,
            c,
            &format!(
                "SELECT {COLS}, v.total FROM articles a
                 JOIN (SELECT article_id, SUM(views) AS total FROM article_views WHERE hour >= ? GROUP BY article_id) v
                   ON v.article_id = a.id
                 ORDER BY v.total DESC, a.published_ns DESC, a.id DESC LIMIT ?"
            ),
            vec![(*since_hour).into(), lim(limit)],
        ),
        Pick::FirstNonEmpty(list) => {
            for p in list {
                let found = pick(site, c, p)?;
                if !found.is_empty() {
                    return Ok(found);
                }
            }
            Ok(Vec::new())
        }
    }
}

impl Sqlite {
    pub async fn article(&self, site: Arc<Site>, id: i64) -> AppResult<Option<Article>> {
        self.read(move |c| {
            let row = c
                .prepare_cached(
                    "SELECT channel, title, source, published_at, origin_url, lead_image, excerpt, body,
                            comment_count, author, tags, updated_at
                     FROM articles WHERE id = ?1",
                )?
                .query_row([id], |r| {
                    Ok(ArticleRow {
                        id,
                        channel: r.get(0)?,
                        title: r.get(1)?,
                        source: r.get(2)?,
                        published_at: r.get(3)?,
                        origin_url: r.get(4)?,
                        lead_image: r.get(5)?,
                        excerpt: r.get(6)?,
                        body: r.get(7)?,
                        comment_count: r.get(8)?,
                        author: r.get(9)?,
                        tags: r.get(10)?,
                        updated_at: r.get(11)?,
                    })
                })
                .optional()?;
            row.map(|r| r.into_article(&site)).transpose()
        })
        .await
    }

    pub async fn article_state(&self, id: i64) -> AppResult<ArticleState> {
        self.read(move |c| state(c, id)).await
    }

    pub async fn article_state_for_write(&self, id: i64) -> AppResult<ArticleState> {
        self.write(move |c| state(c, id)).await
    }

    pub async fn channel_page(
        &self,
        site: Arc<Site>,
        channel: String,
        after: Option<(i64, i64)>,
        limit: u32,
    ) -> AppResult<Vec<(ArticleSummary, i64)>> {
        self.read(move |c| {
            let (sql, args): (String, Vec<Value>) = match after {
                None => (
                    format!("SELECT {COLS}, a.published_ns FROM articles a WHERE a.channel = ?1 ORDER BY a.published_ns DESC, a.id DESC LIMIT ?2"),
                    vec![channel.into(), (limit as i64).into()],
                ),
                Some((t, id)) => (
                    format!(
                        "SELECT {COLS}, a.published_ns FROM articles a WHERE a.channel = ?1 AND (a.published_ns, a.id) < (?2, ?3)
                         ORDER BY a.published_ns DESC, a.id DESC LIMIT ?4"
                    ),
                    vec![channel.into(), t.into(), id.into(), (limit as i64).into()],
                ),
            };
            let mut stmt = c.prepare_cached(&sql)?;
            let rows = stmt
                .query_map(params_from_iter(args), |r| Ok((summary_row(r)?, r.get::<_, i64>(8)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows.into_iter()
                .map(|(s, key)| Ok((s.into_summary(&site)?, key)))
                .collect()
        })
        .await
    }

    pub async fn picks(
        &self,
        site: Arc<Site>,
        picks: Vec<Pick>,
    ) -> AppResult<Vec<Vec<ArticleSummary>>> {
        if picks.is_empty() {
            return Ok(Vec::new());
        }
        self.read(move |c| picks.iter().map(|p| pick(&site, c, p)).collect())
            .await
    }

    /// Two steps, so the count is a range scan of the `articles_time` index (a row value compared with
    /// a subquery is not).
    pub async fn in_guess_window(&self, id: i64) -> AppResult<bool> {
        self.read(move |c| {
            let Some(t) = c
                .prepare_cached("SELECT published_ns FROM articles WHERE id = ?1")?
                .query_row([id], |r| r.get::<_, i64>(0))
                .optional()?
            else {
                return Ok(false);
            };
            let newer: i64 = c
                .prepare_cached(
                    "SELECT COUNT(*) FROM (SELECT 1 FROM articles
                       WHERE published_ns > ?1 OR (published_ns = ?1 AND id > ?2) LIMIT ?3)",
                )?
                .query_row(params![t, id, GUESS_WINDOW], |r| r.get(0))?;
            Ok(newer < GUESS_WINDOW)
        })
        .await
    }

    pub async fn add_views(&self, batch: Vec<(i64, i64, i64)>) -> AppResult<()> {
        if batch.is_empty() {
            return Ok(());
        }
        self.write(move |c| {
            let tx = super::immediate(c)?;
            {
                let mut stmt = tx.prepare_cached(
                    "INSERT INTO article_views (article_id, hour, views) VALUES (?1, ?2, ?3)
                     ON CONFLICT(article_id, hour) DO UPDATE SET views = views + excluded.views",
                )?;
                for (article, hour, n) in &batch {
                    stmt.execute(params![article, hour, n])?;
                }
            }
            tx.commit()?;
            Ok(())
        })
        .await
    }
}
