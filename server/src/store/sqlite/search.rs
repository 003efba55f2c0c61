//! SQLite: search over the FTS5 trigram index `article_search` (V8), with LIKE for words shorter than its
//! three characters, and the filling of `search_text` for articles stored before the index existed.

use super::Sqlite;
use crate::error::AppResult;
use crate::store::rows::SummaryRow;
use crate::store::search::{like_pattern, text_of_json, Found, SearchKey, SearchQuery, MAX_TOTAL};
use model::Site;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};
use std::sync::Arc;

/// Fills `search_text` where it is missing (articles stored before V8), in one transaction.
pub(super) fn backfill(conn: &mut Connection) -> rusqlite::Result<usize> {
    let tx = conn.transaction()?;
    let rows: Vec<(i64, String)> = tx
        .prepare("SELECT id, body FROM articles WHERE search_text IS NULL")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    {
        let mut set = tx.prepare("UPDATE articles SET search_text = ?2 WHERE id = ?1")?;
        for (id, body) in &rows {
            set.execute(rusqlite::params![id, text_of_json(body)])?;
        }
    }
    tx.commit()?;
    Ok(rows.len())
}

/// An FTS5 phrase matching `term` literally (quotes doubled).
fn phrase(term: &str) -> String {
    format!("\"{}\"", term.replace('"', "\"\""))
}

/// The WHERE clause every result meets (without the cursor), and its arguments.
fn filter(q: &SearchQuery) -> (String, Vec<Value>) {
    let mut sql = String::from("1 = 1");
    let mut args: Vec<Value> = Vec::new();
    // Words of three characters or more go to the trigram index (one phrase each, all of them required).
    let long: Vec<String> = q
        .terms
        .iter()
        .filter(|t| t.chars().count() >= 3)
        .map(|t| phrase(t))
        .collect();
    if !long.is_empty() {
        sql.push_str(
            " AND a.id IN (SELECT rowid FROM article_search WHERE article_search MATCH ?)",
        );
        args.push(long.join(" ").into());
    }
    // Shorter ones are too short for it: a scan of the same columns, with instr (a byte search, several
    // times faster than LIKE's character walk) when case cannot matter, as in Chinese.
    for t in q.terms.iter().filter(|t| t.chars().count() < 3) {
        if t.chars().any(|c| c.is_ascii_alphabetic()) {
            sql.push_str(
                " AND (a.title LIKE ? ESCAPE '\\' OR coalesce(a.search_text, '') LIKE ? ESCAPE '\\')",
            );
            let p = like_pattern(t);
            args.push(p.clone().into());
            args.push(p.into());
        } else {
            sql.push_str(
                " AND (instr(a.title, ?) > 0 OR instr(coalesce(a.search_text, ''), ?) > 0)",
            );
            args.push(t.clone().into());
            args.push(t.clone().into());
        }
    }
    if let Some(ch) = &q.channel {
        sql.push_str(" AND a.channel = ?");
        args.push(ch.clone().into());
    }
    if let Some(from) = q.from_ns {
        sql.push_str(" AND a.published_ns >= ?");
        args.push(from.into());
    }
    if let Some(until) = q.until_ns {
        sql.push_str(" AND a.published_ns < ?");
        args.push(until.into());
    }
    (sql, args)
}

/// `0` when a word is in the title, else `1`, as SQL, and its arguments.
fn tier(q: &SearchQuery) -> (String, Vec<Value>) {
    let likes = vec!["a.title LIKE ? ESCAPE '\\'"; q.terms.len()].join(" OR ");
    let args = q.terms.iter().map(|t| like_pattern(t).into()).collect();
    (format!("CASE WHEN {likes} THEN 0 ELSE 1 END"), args)
}

fn search(site: &Site, c: &Connection, q: &SearchQuery) -> AppResult<(Vec<Found>, u32)> {
    let (cond, cond_args) = filter(q);
    let (tier, mut args) = tier(q);
    args.extend(cond_args.iter().cloned());
    let mut after = String::new();
    if let Some(k) = q.after {
        after.push_str(
            " WHERE tier > ? OR (tier = ? AND (published_ns < ? OR (published_ns = ? AND id < ?)))",
        );
        args.extend([k.tier, k.tier, k.published_ns, k.published_ns, k.id].map(Value::from));
    }
    args.push(i64::from(q.limit).into());
    // The order is found on narrow rows (id, time, tier); the page's rows, with their text, after it.
    let sql = format!(
        "SELECT a.id, a.channel, a.title, a.source, a.published_at, a.excerpt, a.lead_image,
                a.comment_count, coalesce(a.search_text, ''), a.published_ns, k.tier, k.total
         FROM (
           SELECT id, published_ns, tier, total FROM (
             SELECT a.id, a.published_ns, {tier} AS tier, count(*) OVER () AS total
             FROM articles a WHERE {cond}
           ){after}
           ORDER BY tier, published_ns DESC, id DESC LIMIT ?
         ) k JOIN articles a ON a.id = k.id
         ORDER BY k.tier, k.published_ns DESC, k.id DESC"
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params_from_iter(args), |r| {
            Ok((
                SummaryRow {
                    id: r.get(0)?,
                    channel: r.get(1)?,
                    title: r.get(2)?,
                    source: r.get(3)?,
                    published_at: r.get(4)?,
                    excerpt: r.get(5)?,
                    lead_image: r.get(6)?,
                    comment_count: r.get(7)?,
                    views: None,
                },
                r.get::<_, String>(8)?,
                SearchKey {
                    published_ns: r.get(9)?,
                    tier: r.get(10)?,
                    id: r.get(0)?,
                },
                r.get::<_, i64>(11)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    // Every result was counted on the way (the window's count, before the cursor): a separate count only
    // for a page past the end.
    let total = match (rows.first(), q.after) {
        (Some(r), _) => r.3,
        (None, None) => 0,
        (None, Some(_)) => c
            .prepare_cached(&format!("SELECT count(*) FROM articles a WHERE {cond}"))?
            .query_row(params_from_iter(cond_args.iter()), |r| r.get(0))?,
    };
    let found = rows
        .into_iter()
        .map(|(row, text, key, _)| {
            Ok(Found {
                summary: row.into_summary(site)?,
                text,
                key,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    // Reported to the bound (see `model::search::MAX_TOTAL`), as PostgreSQL does.
    Ok((found, total.clamp(0, i64::from(MAX_TOTAL)) as u32))
}

impl Sqlite {
    pub async fn search(&self, site: Arc<Site>, q: SearchQuery) -> AppResult<(Vec<Found>, u32)> {
        self.read(move |c| search(&site, c, &q)).await
    }
}
