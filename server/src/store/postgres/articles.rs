//! PostgreSQL: articles, channel pages, the widgets' lists and view counts.

use super::Postgres;
use crate::error::AppResult;
use crate::store::rows::{ArticleRow, SummaryRow};
use crate::store::{ArticleState, Pick, GUESS_WINDOW};
use deadpool_postgres::GenericClient;
use model::{Article, ArticleSummary, Site};
use std::sync::Arc;
use tokio_postgres::types::ToSql;
use tokio_postgres::Row;

/// Columns every list query selects, in the order [`summary_row`] reads them.
pub(super) const COLS: &str =
    "a.id, a.channel, a.title, a.source, a.published_at, a.excerpt, a.lead_image, a.comment_count";

pub(super) fn summary_row(row: &Row) -> SummaryRow {
    SummaryRow {
        id: row.get(0),
        channel: row.get(1),
        title: row.get(2),
        source: row.get(3),
        published_at: row.get(4),
        excerpt: row.get(5),
        lead_image: row.get(6),
        comment_count: row.get(7),
        views: (row.len() > 8).then(|| row.get(8)),
    }
}

async fn summaries(
    site: &Site,
    c: &impl GenericClient,
    sql: &str,
    args: &[&(dyn ToSql + Sync)],
) -> AppResult<Vec<ArticleSummary>> {
    let stmt = c.prepare_cached(sql).await?;
    c.query(&stmt, args)
        .await?
        .iter()
        .map(|r| summary_row(r).into_summary(site))
        .collect()
}

async fn state(c: &impl GenericClient, id: i64) -> AppResult<ArticleState> {
    let row = c
        .query_opt(
            "SELECT channel FROM articles WHERE id = $1
             UNION ALL SELECT NULL FROM gone WHERE id = $1 LIMIT 1",
            &[&id],
        )
        .await?;
    Ok(match row.map(|r| r.get::<_, Option<String>>(0)) {
        Some(Some(channel)) => ArticleState::Live(channel),
        Some(None) => ArticleState::Gone,
        None => ArticleState::Unknown,
    })
}

/// One list; boxed because [`Pick::FirstNonEmpty`] recurses.
fn pick<'a>(
    site: &'a Site,
    c: &'a deadpool_postgres::Client,
    p: &'a Pick,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = AppResult<Vec<ArticleSummary>>> + Send + 'a>>
{
    Box::pin(async move {
        let lim = |n: &u32| i64::from(*n);
        match p {
            Pick::Newest {
                channels,
                exclude,
                limit,
            } => {
                summaries(
                    site,
                    c,
                    &format!(
                        "SELECT {COLS} FROM articles a WHERE a.channel = ANY($1) AND a.id != $2
                         ORDER BY a.published_ns DESC, a.id DESC LIMIT $3"
                    ),
                    &[channels, exclude, &lim(limit)],
                )
                .await
            }
            Pick::Recommended {
                channels,
                exclude,
                limit,
            } => {
                summaries(
                    site,
                    c,
                    &format!(
                        "SELECT {COLS} FROM articles a WHERE a.channel = ANY($1) AND a.id != $2
                           AND (a.recommended OR a.lead_image IS NOT NULL)
                         ORDER BY a.recommended DESC, a.published_ns DESC, a.id DESC LIMIT $3"
                    ),
                    &[channels, exclude, &lim(limit)],
                )
                .await
            }
            Pick::Related {
                article,
                channel,
                limit,
            } => {
                summaries(
                    site,
                    c,
                    &format!(
                        "SELECT {COLS} FROM articles a, (SELECT published_ns AS t FROM articles WHERE id = $2) me
                         WHERE a.channel = $1 AND a.id != $2
                         ORDER BY ABS(a.published_ns - me.t), a.published_ns DESC, a.id DESC LIMIT $3"
                    ),
                    &[channel, article, &lim(limit)],
                )
                .await
            }
            // Round-robin over channels among the newest articles (see the SQLite backend).
            Pick::Guess { exclude, limit } => {
                summaries(
                    site,
                    c,
                    &format!(
                        "SELECT {COLS} FROM (
                           SELECT w.*, ROW_NUMBER() OVER (PARTITION BY w.channel ORDER BY w.published_ns DESC, w.id DESC) AS rn
                           FROM (SELECT * FROM articles WHERE id != $1 ORDER BY published_ns DESC, id DESC LIMIT {GUESS_WINDOW}) w
                         ) a
                         ORDER BY a.rn, a.published_ns DESC, a.id DESC LIMIT $2"
                    ),
                    &[exclude, &lim(limit)],
                )
                .await
            }
            Pick::Pictures { exclude, limit } => {
                summaries(
                    site,
                    c,
                    &format!(
                        "SELECT {COLS} FROM articles a WHERE a.lead_image IS NOT NULL AND a.id != $1
                         ORDER BY a.published_ns DESC, a.id DESC LIMIT $2"
                    ),
                    &[exclude, &lim(limit)],
                )
                .await
            }
            Pick::HotReading { exclude, limit } => {
                summaries(
                    site,
                    c,
                    &format!(
                        "SELECT {COLS} FROM articles a
                         JOIN (SELECT article_id, SUM(views) AS total FROM article_views GROUP BY article_id) v
                           ON v.article_id = a.id
                         WHERE a.id != $1 ORDER BY v.total DESC, a.published_ns DESC, a.id DESC LIMIT $2"
                    ),
                    &[exclude, &lim(limit)],
                )
                .await
            }
            Pick::HotRanking { since_hour, limit } => {
                summaries(
                    site,
                    c,
                    &format!(
                        "SELECT {COLS}, v.total::bigint FROM articles a
                         JOIN (SELECT article_id, SUM(views) AS total FROM article_views WHERE hour >= $1 GROUP BY article_id) v
                           ON v.article_id = a.id
                         ORDER BY v.total DESC, a.published_ns DESC, a.id DESC LIMIT $2"
                    ),
                    &[since_hour, &lim(limit)],
                )
                .await
            }
            Pick::FirstNonEmpty(list) => {
                for p in list {
                    let found = pick(site, c, p).await?;
                    if !found.is_empty() {
                        return Ok(found);
                    }
                }
                Ok(Vec::new())
            }
        }
    })
}

impl Postgres {
    pub async fn article(&self, site: Arc<Site>, id: i64) -> AppResult<Option<Article>> {
        let c = self.conn().await?;
        let stmt = c
            .prepare_cached(
                "SELECT channel, title, source, published_at, origin_url, lead_image, excerpt, body,
                        comment_count, author, tags, updated_at
                 FROM articles WHERE id = $1",
            )
            .await?;
        let Some(r) = c.query_opt(&stmt, &[&id]).await? else {
            return Ok(None);
        };
        ArticleRow {
            id,
            channel: r.get(0),
            title: r.get(1),
            source: r.get(2),
            published_at: r.get(3),
            origin_url: r.get(4),
            lead_image: r.get(5),
            excerpt: r.get(6),
            body: r.get(7),
            comment_count: r.get(8),
            author: r.get(9),
            tags: r.get(10),
            updated_at: r.get(11),
        }
        .into_article(&site)
        .map(Some)
    }

    pub async fn article_state(&self, id: i64) -> AppResult<ArticleState> {
        state(&self.conn().await?, id).await
    }

    pub async fn article_state_for_write(&self, id: i64) -> AppResult<ArticleState> {
        self.article_state(id).await
    }

    pub async fn channel_page(
        &self,
        site: Arc<Site>,
        channel: String,
        after: Option<(i64, i64)>,
        limit: u32,
    ) -> AppResult<Vec<(ArticleSummary, i64)>> {
        let c = self.conn().await?;
        let limit = i64::from(limit);
        let rows = match after {
            None => {
                let stmt = c
                    .prepare_cached(&format!(
                        "SELECT {COLS}, a.published_ns FROM articles a WHERE a.channel = $1
                         ORDER BY a.published_ns DESC, a.id DESC LIMIT $2"
                    ))
                    .await?;
                c.query(&stmt, &[&channel, &limit]).await?
            }
            Some((t, id)) => {
                let stmt = c
                    .prepare_cached(&format!(
                        "SELECT {COLS}, a.published_ns FROM articles a
                         WHERE a.channel = $1 AND (a.published_ns, a.id) < ($2, $3)
                         ORDER BY a.published_ns DESC, a.id DESC LIMIT $4"
                    ))
                    .await?;
                c.query(&stmt, &[&channel, &t, &id, &limit]).await?
            }
        };
        rows.iter()
            .map(|r| {
                let mut s = summary_row(r);
                s.views = None;
                Ok((s.into_summary(&site)?, r.get::<_, i64>(8)))
            })
            .collect()
    }

    pub async fn picks(
        &self,
        site: Arc<Site>,
        picks: Vec<Pick>,
    ) -> AppResult<Vec<Vec<ArticleSummary>>> {
        if picks.is_empty() {
            return Ok(Vec::new());
        }
        let c = self.conn().await?;
        let mut out = Vec::with_capacity(picks.len());
        for p in &picks {
            out.push(pick(&site, &c, p).await?);
        }
        Ok(out)
    }

    pub async fn in_guess_window(&self, id: i64) -> AppResult<bool> {
        let c = self.conn().await?;
        let Some(t) = c
            .query_opt("SELECT published_ns FROM articles WHERE id = $1", &[&id])
            .await?
            .map(|r| r.get::<_, i64>(0))
        else {
            return Ok(false);
        };
        let newer: i64 = c
            .query_one(
                "SELECT COUNT(*) FROM (SELECT 1 FROM articles
                   WHERE published_ns > $1 OR (published_ns = $1 AND id > $2) LIMIT $3) n",
                &[&t, &id, &GUESS_WINDOW],
            )
            .await?
            .get(0);
        Ok(newer < GUESS_WINDOW)
    }

    /// One statement for the whole batch (arrays unnested): a flush is one round trip.
    pub async fn add_views(&self, batch: Vec<(i64, i64, i64)>) -> AppResult<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let (mut ids, mut hours, mut views) = (Vec::new(), Vec::new(), Vec::new());
        for (a, h, n) in batch {
            ids.push(a);
            hours.push(h);
            views.push(n);
        }
        self.conn()
            .await?
            .execute(
                "INSERT INTO article_views (article_id, hour, views)
                 SELECT * FROM UNNEST($1::bigint[], $2::bigint[], $3::bigint[])
                 ON CONFLICT (article_id, hour) DO UPDATE SET views = article_views.views + EXCLUDED.views",
                &[&ids, &hours, &views],
            )
            .await?;
        Ok(())
    }
}
