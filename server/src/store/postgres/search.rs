//! PostgreSQL: search with ILIKE over `title` and `search_text`, which the pg_trgm GIN indexes of V7 answer
//! for words of three characters or more, and the filling of `search_text` for articles stored before them.

use super::Postgres;
use crate::error::AppResult;
use crate::store::rows::SummaryRow;
use crate::store::search::{like_pattern, text_of_json, Found, SearchKey, SearchQuery, MAX_TOTAL};
use deadpool_postgres::GenericClient;
use model::Site;
use std::sync::Arc;
use tokio_postgres::types::ToSql;

/// Fills `search_text` where it is missing (articles stored before V7), in one transaction.
pub(super) async fn backfill(c: &mut tokio_postgres::Client) -> Result<u64, tokio_postgres::Error> {
    let tx = c.transaction().await?;
    let rows = tx
        .query(
            "SELECT id, body FROM articles WHERE search_text IS NULL",
            &[],
        )
        .await?;
    let set = tx
        .prepare("UPDATE articles SET search_text = $2 WHERE id = $1")
        .await?;
    for r in &rows {
        let (id, body): (i64, String) = (r.get(0), r.get(1));
        tx.execute(&set, &[&id, &text_of_json(&body)]).await?;
    }
    tx.commit().await?;
    Ok(rows.len() as u64)
}

/// A query's arguments, owned, numbered as they are pushed.
#[derive(Default)]
struct Args(Vec<Box<dyn ToSql + Sync + Send>>);

impl Args {
    /// Adds one and returns its placeholder.
    fn push(&mut self, v: impl ToSql + Sync + Send + 'static) -> String {
        self.0.push(Box::new(v));
        format!("${}", self.0.len())
    }
    fn refs(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.0
            .iter()
            .map(|b| b.as_ref() as &(dyn ToSql + Sync))
            .collect()
    }
}

/// The WHERE clause every result meets (without the cursor).
fn filter(q: &SearchQuery, args: &mut Args) -> String {
    let mut sql = String::from("TRUE");
    for t in &q.terms {
        let p = args.push(like_pattern(t));
        sql.push_str(&format!(
            " AND (a.title ILIKE {p} OR a.search_text ILIKE {p})"
        ));
    }
    if let Some(ch) = &q.channel {
        sql.push_str(&format!(" AND a.channel = {}", args.push(ch.clone())));
    }
    if let Some(from) = q.from_ns {
        sql.push_str(&format!(" AND a.published_ns >= {}", args.push(from)));
    }
    if let Some(until) = q.until_ns {
        sql.push_str(&format!(" AND a.published_ns < {}", args.push(until)));
    }
    sql
}

async fn search(
    site: &Site,
    c: &impl GenericClient,
    q: &SearchQuery,
) -> AppResult<(Vec<Found>, u32)> {
    let mut args = Args::default();
    let cond = filter(q, &mut args);
    let likes: Vec<String> = q
        .terms
        .iter()
        .map(|t| format!("a.title ILIKE {}", args.push(like_pattern(t))))
        .collect();
    let tier = format!("CASE WHEN {} THEN 0 ELSE 1 END", likes.join(" OR "));
    let mut after = String::new();
    if let Some(k) = q.after {
        let (t, p, i) = (
            args.push(k.tier),
            args.push(k.published_ns),
            args.push(k.id),
        );
        after = format!(
            " WHERE tier > {t} OR (tier = {t} AND (published_ns < {p} OR (published_ns = {p} AND id < {i})))"
        );
    }
    let limit = args.push(i64::from(q.limit));
    // The order is found on narrow rows (id, time, tier); the page's rows, with their text, after it.
    let sql = format!(
        "SELECT a.id, a.channel, a.title, a.source, a.published_at, a.excerpt, a.lead_image,
                a.comment_count, coalesce(a.search_text, ''), a.published_ns, k.tier, k.total
         FROM (
           SELECT id, published_ns, tier, total FROM (
             SELECT a.id, a.published_ns, ({tier})::BIGINT AS tier, count(*) OVER () AS total
             FROM articles a WHERE {cond}
           ) hits{after}
           ORDER BY tier, published_ns DESC, id DESC LIMIT {limit}
         ) k JOIN articles a ON a.id = k.id
         ORDER BY k.tier, k.published_ns DESC, k.id DESC"
    );
    let stmt = c.prepare_cached(&sql).await?;
    let rows = c.query(&stmt, &args.refs()).await?;
    // Every result was counted on the way (the window's count, before the cursor): a separate count only
    // for a page past the end.
    let total: i64 = match (rows.first(), q.after) {
        (Some(r), _) => r.get(11),
        (None, None) => 0,
        (None, Some(_)) => {
            let mut count_args = Args::default();
            let cond = filter(q, &mut count_args);
            let stmt = c
                .prepare_cached(&format!("SELECT count(*) FROM articles a WHERE {cond}"))
                .await?;
            c.query_one(&stmt, &count_args.refs()).await?.get(0)
        }
    };
    let found = rows
        .iter()
        .map(|r| {
            let row = SummaryRow {
                id: r.get(0),
                channel: r.get(1),
                title: r.get(2),
                source: r.get(3),
                published_at: r.get(4),
                excerpt: r.get(5),
                lead_image: r.get(6),
                comment_count: r.get(7),
                views: None,
            };
            Ok(Found {
                text: r.get(8),
                key: SearchKey {
                    id: r.get(0),
                    published_ns: r.get(9),
                    tier: r.get(10),
                },
                summary: row.into_summary(site)?,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    // Counted to the bound like SQLite's (see `model::search::MAX_TOTAL`).
    Ok((found, total.clamp(0, i64::from(MAX_TOTAL)) as u32))
}

impl Postgres {
    pub async fn search(&self, site: Arc<Site>, q: SearchQuery) -> AppResult<(Vec<Found>, u32)> {
        let c = self.conn().await?;
        search(&site, &c, &q).await
    }
}
