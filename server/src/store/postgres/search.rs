//! PostgreSQL: search with LIKE/ILIKE over `title` and `search_text`, which the pg_trgm GIN indexes of V7
//! answer for words of three characters or more and the GIN index over the texts' one- and
//! two-character pieces (`grams`, V10–V11) for shorter ones, and the filling of `search_text` for articles
//! stored before them.
//!
//! A page is found without sorting every match: the total is counted only to `MAX_TOTAL` + 1, and when
//! there are more matches than that, each tier is read by walking the time index newest first and
//! stopping once the page is full; fewer are found through the indexes and sorted. The planner cannot
//! know which (its guess for `LIKE '%…%'` is blind), so each statement is told: `SET LOCAL` in the
//! search's own transaction, with plans made for each statement's values.

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

/// ILIKE lower-cases every text it reads; where no character of a word has a case (Chinese, digits)
/// LIKE finds the same rows, several times faster.
fn like_op(term: &str) -> &'static str {
    let caseless = term
        .chars()
        .all(|c| c.to_lowercase().eq([c]) && c.to_uppercase().eq([c]));
    if caseless {
        "LIKE"
    } else {
        "ILIKE"
    }
}

/// The conditions of a search: `all`, what every result meets; `title`, a word is in the title (tier 0).
/// `walk`: the statement reads along the time index, row by row (see `access`).
fn conditions(q: &SearchQuery, args: &mut Args, walk: bool) -> (String, String) {
    let mut all = String::from("TRUE");
    let mut title = Vec::new();
    for t in &q.terms {
        let op = like_op(t);
        let p = args.push(like_pattern(t));
        // Words shorter than three characters have no trigram: the pieces (`grams`, V10–V11) find
        // them (the separator they are cut on, U+0001, cannot be in a word they answer for), alone or
        // beside a pg_trgm index. Not on a walk along the time index, which tests each row it reads
        // and for which the LIKE is the cheaper test.
        if !walk && t.chars().count() < 3 && !t.contains('\u{1}') {
            let g = args.push(t.clone());
            all.push_str(&format!(" AND a.grams @> ARRAY[lower({g})]"));
        }
        all.push_str(&format!(
            " AND (a.title {op} {p} OR a.search_text {op} {p})"
        ));
        title.push(format!("a.title {op} {p}"));
    }
    if let Some(ch) = &q.channel {
        all.push_str(&format!(" AND a.channel = {}", args.push(ch.clone())));
    }
    if let Some(from) = q.from_ns {
        all.push_str(&format!(" AND a.published_ns >= {}", args.push(from)));
    }
    if let Some(until) = q.until_ns {
        all.push_str(&format!(" AND a.published_ns < {}", args.push(until)));
    }
    (all, format!("({})", title.join(" OR ")))
}

/// How the next statement reads `articles`: through the search indexes (bitmaps) or along an index in
/// the order asked for.
async fn access(c: &impl GenericClient, walk: bool) -> AppResult<()> {
    c.batch_execute(if walk {
        "SET LOCAL enable_bitmapscan = off; SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = on"
    } else {
        "SET LOCAL enable_bitmapscan = on; SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off"
    })
    .await?;
    Ok(())
}

/// Rows of `cond`, counted to `MAX_TOTAL` + 1.
async fn count(c: &impl GenericClient, q: &SearchQuery, cond: &str) -> AppResult<i64> {
    let mut args = Args::default();
    let (all, title) = conditions(q, &mut args, false);
    let cond = cond.replace("{all}", &all).replace("{title}", &title);
    access(c, false).await?;
    let stmt = c
        .prepare_cached(&format!(
            "SELECT count(*) FROM (SELECT 1 FROM articles a WHERE {cond} LIMIT {}) n",
            MAX_TOTAL + 1
        ))
        .await?;
    Ok(c.query_one(&stmt, &args.refs()).await?.get(0))
}

/// The first `limit` results of `tier` after `after`, newest first.
#[allow(clippy::too_many_arguments)]
async fn tier_page(
    site: &Site,
    c: &impl GenericClient,
    q: &SearchQuery,
    cond: &str,
    tier: i64,
    after: Option<SearchKey>,
    limit: u32,
    walk: bool,
) -> AppResult<Vec<Found>> {
    let mut args = Args::default();
    let (all, title) = conditions(q, &mut args, walk);
    let mut cond = cond.replace("{all}", &all).replace("{title}", &title);
    if let Some(k) = after {
        let (p, i) = (args.push(k.published_ns), args.push(k.id));
        cond.push_str(&format!(" AND (a.published_ns, a.id) < ({p}, {i})"));
    }
    let limit = args.push(i64::from(limit));
    access(c, walk).await?;
    let stmt = c
        .prepare_cached(&format!(
            "SELECT a.id, a.channel, a.title, a.source, a.published_at, a.excerpt, a.lead_image,
                    a.comment_count, coalesce(a.search_text, ''), a.published_ns
             FROM articles a WHERE {cond}
             ORDER BY a.published_ns DESC, a.id DESC LIMIT {limit}"
        ))
        .await?;
    c.query(&stmt, &args.refs())
        .await?
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
                    tier,
                },
                summary: row.into_summary(site)?,
            })
        })
        .collect()
}

async fn search(
    site: &Site,
    c: &impl GenericClient,
    q: &SearchQuery,
) -> AppResult<(Vec<Found>, u32)> {
    // Plans for the values at hand: a plan kept for any pattern would read the wrong way.
    c.batch_execute("SET LOCAL plan_cache_mode = force_custom_plan")
        .await?;
    let total = count(c, q, "{all}").await?;
    let many = total > i64::from(MAX_TOTAL);
    let mut found: Vec<Found> = Vec::new();
    for tier in [0, 1] {
        if q.after.is_some_and(|k| k.tier > tier) || found.len() >= q.limit as usize {
            continue;
        }
        let after = q.after.filter(|k| k.tier == tier);
        let need = q.limit - found.len() as u32;
        let (cond, walk) = if tier == 0 {
            let cond = "{all} AND {title}";
            (
                cond,
                many && count(c, q, cond).await? > i64::from(MAX_TOTAL),
            )
        } else {
            ("{all} AND NOT {title}", many)
        };
        found.extend(tier_page(site, c, q, cond, tier, after, need, walk).await?);
    }
    // Counted to the bound like SQLite's (see `model::search::MAX_TOTAL`).
    Ok((found, total.min(i64::from(MAX_TOTAL)) as u32))
}

impl Postgres {
    pub async fn search(&self, site: Arc<Site>, q: SearchQuery) -> AppResult<(Vec<Found>, u32)> {
        let mut c = self.conn().await?;
        // Read-only; its own transaction holds the `SET LOCAL`s.
        let tx = c.transaction().await?;
        let answer = search(&site, &tx, &q).await?;
        tx.commit().await?;
        Ok(answer)
    }
}
