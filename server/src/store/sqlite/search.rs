//! SQLite: search over the FTS5 trigram index `article_search` (V8), with LIKE for words shorter than its
//! three characters, and the filling of `search_text` for articles stored before the index existed.

use super::Sqlite;
use crate::error::AppResult;
use crate::store::rows::SummaryRow;
use crate::store::search::{
    like_pattern, page_of, text_of_json, Found, SearchKey, SearchQuery, MAX_TOTAL,
};
use model::Site;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};
use std::collections::HashMap;
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

/// Whether a word of the query is in the title, as SQL, and its arguments.
fn in_title(q: &SearchQuery) -> (String, Vec<Value>) {
    let likes = vec!["a.title LIKE ? ESCAPE '\\'"; q.terms.len()].join(" OR ");
    let args = q.terms.iter().map(|t| like_pattern(t).into()).collect();
    (format!("({likes})"), args)
}

/// The articles searched, newest first: by the time index unless a channel narrows them (its own index
/// serves that better). SQLite would otherwise take every match of the trigram index and sort them all
/// where the time index stops at the first few hundred.
fn source(q: &SearchQuery) -> &'static str {
    if q.channel.is_some() {
        "articles a"
    } else {
        "articles a INDEXED BY articles_time"
    }
}

/// Every result's key, newest first, up to `MAX_TOTAL + 1` of them: one pass that stops early for a common
/// word and is the whole answer (total and order) for the others.
fn candidates(c: &Connection, q: &SearchQuery) -> AppResult<Vec<SearchKey>> {
    let (cond, cond_args) = filter(q);
    let (title, mut args) = in_title(q);
    args.extend(cond_args);
    args.push(i64::from(MAX_TOTAL + 1).into());
    let sql = format!(
        "SELECT a.id, a.published_ns, CASE WHEN {title} THEN 0 ELSE 1 END FROM {} WHERE {cond}
         ORDER BY a.published_ns DESC, a.id DESC LIMIT ?",
        source(q)
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let keys = stmt
        .query_map(params_from_iter(args), |r| {
            Ok(SearchKey {
                id: r.get(0)?,
                published_ns: r.get(1)?,
                tier: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(keys)
}

/// The page's keys when there are too many results to sort them all: title matches, then body matches,
/// each newest first from the cursor, each query stopping at the page's end.
fn page_by_tier(c: &Connection, q: &SearchQuery) -> AppResult<Vec<SearchKey>> {
    let (cond, cond_args) = filter(q);
    let mut page = Vec::new();
    for tier in [0i64, 1] {
        let left = q.limit as usize - page.len();
        if left == 0 || q.after.is_some_and(|a| a.tier > tier) {
            continue;
        }
        // Arguments in the order of their placeholders: the filter's, then the title's.
        let (title, title_args) = in_title(q);
        let mut args = cond_args.clone();
        args.extend(title_args);
        // Title matches are few next to body ones: when every word is long enough, the trigram index's
        // title column finds them (a superset of LIKE's; the LIKE keeps the tier exact), instead of a walk
        // through every body match in time order that stops only at the page's end.
        let (not, from, long) = match tier {
            0 if q.terms.iter().all(|t| t.chars().count() >= 3) => {
                let any: Vec<String> = q.terms.iter().map(|t| phrase(t)).collect();
                args.push(format!("{{title}} : ({})", any.join(" OR ")).into());
                (
                    "",
                    "articles a",
                    " AND a.id IN (SELECT rowid FROM article_search WHERE article_search MATCH ?)",
                )
            }
            0 => ("", source(q), ""),
            _ => ("NOT ", source(q), ""),
        };
        let mut after = String::new();
        if let Some(k) = q.after.filter(|a| a.tier == tier) {
            after.push_str(" AND (a.published_ns < ? OR (a.published_ns = ? AND a.id < ?))");
            args.extend([k.published_ns, k.published_ns, k.id].map(Value::from));
        }
        args.push((left as i64).into());
        let sql = format!(
            "SELECT a.id, a.published_ns FROM {from} WHERE {cond} AND {not}{title}{long}{after}
             ORDER BY a.published_ns DESC, a.id DESC LIMIT ?"
        );
        let mut stmt = c.prepare_cached(&sql)?;
        let keys = stmt
            .query_map(params_from_iter(args), |r| {
                Ok(SearchKey {
                    id: r.get(0)?,
                    published_ns: r.get(1)?,
                    tier,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        page.extend(keys);
    }
    Ok(page)
}

fn search(site: &Site, c: &Connection, q: &SearchQuery) -> AppResult<(Vec<Found>, u32)> {
    let keys = candidates(c, q)?;
    let (page, total) = if keys.len() > MAX_TOTAL as usize {
        (page_by_tier(c, q)?, MAX_TOTAL)
    } else {
        let total = keys.len() as u32;
        (page_of(keys, q), total)
    };
    if page.is_empty() {
        return Ok((Vec::new(), total));
    }
    // The page's rows, with their text, by id.
    let marks = vec!["?"; page.len()].join(", ");
    let sql = format!(
        "SELECT id, channel, title, source, published_at, excerpt, lead_image, comment_count,
                coalesce(search_text, '')
         FROM articles WHERE id IN ({marks})"
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let mut rows: HashMap<i64, (SummaryRow, String)> = stmt
        .query_map(params_from_iter(page.iter().map(|k| k.id)), |r| {
            Ok((
                r.get(0)?,
                (
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
                ),
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let found = page
        .into_iter()
        .filter_map(|key| rows.remove(&key.id).map(|row| (key, row)))
        .map(|(key, (row, text))| {
            Ok(Found {
                summary: row.into_summary(site)?,
                text,
                key,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    Ok((found, total))
}

impl Sqlite {
    pub async fn search(&self, site: Arc<Site>, q: SearchQuery) -> AppResult<(Vec<Found>, u32)> {
        self.read(move |c| search(&site, c, &q)).await
    }
}
