//! SQLite: search over two FTS5 indexes of title and `search_text` — `article_search` (V8, trigrams) for
//! words of three characters or more, `article_chars` (V11, every character a token) for shorter ones —
//! and the filling of `search_text` for articles stored before them.
//!
//! Every condition is also written as a test of one row (LIKE, or `instr` where case cannot matter), so a
//! search can start from either side: from the smallest of the indexes' sets of rows (read as a stream,
//! so counting stops at `MAX_TOTAL` + 1), or along the time index (channel and dates narrow it), which
//! gives the rows newest first and stops once the page is full. Few results are found through the
//! indexes and sorted; many are walked to, tier by tier; a filter narrower than the words is walked.

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

/// An FTS5 string matching `text` literally (quotes doubled).
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// Whether `article_chars` (`unicode61`, one character a token) can find a short word: it must hold a
/// character that tokenizer surely keeps as a token (a word of punctuation alone is no phrase at all).
/// Other short words are found by reading the rows.
fn chars_indexable(term: &str) -> bool {
    term.chars().any(|c| {
        c.is_ascii_alphanumeric()
            || matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}'
                | '\u{ac00}'..='\u{d7af}' | '\u{f900}'..='\u{faff}')
    })
}

/// A short word as a phrase of `article_chars`: its characters, one token each.
fn chars_phrase(term: &str) -> String {
    let spaced: Vec<String> = term.chars().map(String::from).collect();
    quoted(&spaced.join(" "))
}

/// SQL and its arguments.
#[derive(Clone, Default)]
struct Sql {
    sql: String,
    args: Vec<Value>,
}

impl Sql {
    fn new(sql: impl Into<String>, args: impl IntoIterator<Item = Value>) -> Sql {
        Sql {
            sql: sql.into(),
            args: args.into_iter().collect(),
        }
    }
    /// This and `other`, both.
    fn and(&self, other: &Sql) -> Sql {
        match (self.sql.is_empty(), other.sql.is_empty()) {
            (true, _) => other.clone(),
            (_, true) => self.clone(),
            _ => {
                let mut s = self.clone();
                s.sql = format!("{} AND {}", s.sql, other.sql);
                s.args.extend(other.args.iter().cloned());
                s
            }
        }
    }
}

/// Whether `column` holds `term` (LIKE folds ASCII case; `instr`, a byte search several times faster,
/// where nothing can differ in case, as in Chinese).
fn contains(column: &str, term: &str) -> Sql {
    if term.chars().any(|c| c.is_ascii_alphabetic()) {
        Sql::new(
            format!("{column} LIKE ? ESCAPE '\\'"),
            [like_pattern(term).into()],
        )
    } else {
        Sql::new(format!("instr({column}, ?) > 0"), [term.to_owned().into()])
    }
}

/// A word whose letters have cases beyond ASCII (Cyrillic, accented Latin): the trigram index folds
/// them and LIKE does not, so such a word is tested against the index itself.
fn folds_beyond_ascii(term: &str) -> bool {
    term.chars()
        .any(|c| !c.is_ascii() && (c.to_lowercase().ne([c]) || c.to_uppercase().ne([c])))
}

/// A set of rows from an index: `SELECT rowid AS id …` and its arguments.
type Set = Sql;

/// What a search asks, in both forms: `rows`, the test of one row every result meets (words and
/// filters); `title`, the test of tier 0 (a word in the title); `sets`, rows of the indexes that hold
/// every result; `titles`, rows that hold every result of tier 0, when every word has an index.
struct Plan {
    rows: Sql,
    title: Sql,
    sets: Vec<Set>,
    titles: Option<Set>,
    /// The time index to walk, narrowed by `range` (channel and dates).
    walk: &'static str,
    range: Sql,
}

impl Plan {
    fn new(q: &SearchQuery) -> Plan {
        let (long, short): (Vec<&String>, Vec<&String>) =
            q.terms.iter().partition(|t| t.chars().count() >= 3);
        let indexed: Vec<&String> = short
            .iter()
            .copied()
            .filter(|t| chars_indexable(t))
            .collect();
        let mut sets = Vec::new();
        let mut titles = Vec::new();
        if !long.is_empty() {
            let phrases: Vec<String> = long.iter().map(|t| quoted(t)).collect();
            let select = "SELECT rowid AS id FROM article_search WHERE article_search MATCH ?";
            sets.push(Set::new(select, [phrases.join(" ").into()]));
            titles.push(Set::new(
                select,
                [format!("title : ({})", phrases.join(" OR ")).into()],
            ));
        }
        if !indexed.is_empty() {
            let phrases: Vec<String> = indexed.iter().map(|t| chars_phrase(t)).collect();
            let select = "SELECT rowid AS id FROM article_chars WHERE article_chars MATCH ?";
            sets.push(Set::new(select, [phrases.join(" ").into()]));
            titles.push(Set::new(
                select,
                [format!("title : ({})", phrases.join(" OR ")).into()],
            ));
        }
        let mut rows = Sql::default();
        for t in &q.terms {
            let test = if t.chars().count() >= 3 && folds_beyond_ascii(t) {
                Sql::new(
                    "a.id IN (SELECT rowid FROM article_search WHERE article_search MATCH ?)",
                    [quoted(t).into()],
                )
            } else {
                let (a, b) = (
                    contains("a.title", t),
                    contains("coalesce(a.search_text, '')", t),
                );
                Sql {
                    sql: format!("({} OR {})", a.sql, b.sql),
                    args: a.args.into_iter().chain(b.args).collect(),
                }
            };
            rows = rows.and(&test);
        }
        let mut range = Sql::default();
        if let Some(ch) = &q.channel {
            range = range.and(&Sql::new("a.channel = ?", [ch.clone().into()]));
        }
        if let Some(from) = q.from_ns {
            range = range.and(&Sql::new("a.published_ns >= ?", [from.into()]));
        }
        if let Some(until) = q.until_ns {
            range = range.and(&Sql::new("a.published_ns < ?", [until.into()]));
        }
        let title = Sql::new(
            format!(
                "({})",
                vec!["a.title LIKE ? ESCAPE '\\'"; q.terms.len()].join(" OR ")
            ),
            q.terms.iter().map(|t| like_pattern(t).into()),
        );
        let titles = (indexed.len() == short.len()).then(|| {
            let (selects, args): (Vec<String>, Vec<Vec<Value>>) =
                titles.into_iter().map(|s| (s.sql, s.args)).unzip();
            Set::new(selects.join(" UNION "), args.into_iter().flatten())
        });
        Plan {
            rows: rows.and(&range),
            title,
            sets,
            titles,
            walk: if q.channel.is_some() {
                "articles a INDEXED BY articles_channel_time"
            } else {
                "articles a INDEXED BY articles_time"
            },
            range,
        }
    }
}

/// Where a query reads its rows from: a set of an index (then each row of it) or the time index.
fn from_set(set: &Set) -> Sql {
    Sql::new(
        format!("({}) f CROSS JOIN articles a ON a.id = f.id", set.sql),
        set.args.iter().cloned(),
    )
}

/// Rows of `from` meeting `cond`, counted up to `cap`.
fn count(c: &Connection, from: &Sql, cond: &Sql, cap: i64) -> AppResult<i64> {
    let cond = if cond.sql.is_empty() {
        Sql::new("1 = 1", [])
    } else {
        cond.clone()
    };
    let sql = format!(
        "SELECT count(*) FROM (SELECT 1 FROM {} WHERE {} LIMIT {cap})",
        from.sql, cond.sql
    );
    let args = from.args.iter().chain(cond.args.iter());
    Ok(c.prepare_cached(&sql)?
        .query_row(params_from_iter(args), |r| r.get(0))?)
}

type Row = (SummaryRow, String, SearchKey);

/// The first `limit` rows of `from` meeting `cond` after `after`, newest first, all of them `tier`.
fn page(
    c: &Connection,
    from: &Sql,
    cond: &Sql,
    tier: i64,
    after: Option<SearchKey>,
    limit: u32,
) -> AppResult<Vec<Row>> {
    let mut cond = cond.clone();
    if let Some(k) = after {
        cond = cond.and(&Sql::new(
            "(a.published_ns, a.id) < (?, ?)",
            [k.published_ns.into(), k.id.into()],
        ));
    }
    if cond.sql.is_empty() {
        cond.sql.push_str("1 = 1");
    }
    let sql = format!(
        "SELECT a.id, a.channel, a.title, a.source, a.published_at, a.excerpt, a.lead_image,
                a.comment_count, coalesce(a.search_text, ''), a.published_ns
         FROM {} WHERE {}
         ORDER BY a.published_ns DESC, a.id DESC LIMIT {limit}",
        from.sql, cond.sql
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let args = from.args.iter().chain(cond.args.iter());
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
                    tier,
                    id: r.get(0)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Past this many matches a result is "many": walked to rather than sorted.
const MANY: i64 = MAX_TOTAL as i64;

fn search(site: &Site, c: &Connection, q: &SearchQuery) -> AppResult<(Vec<Found>, u32)> {
    let p = Plan::new(q);
    let walk = Sql::new(p.walk, []);
    // The smallest set of an index leads; with filters, only one smaller than what they leave to walk.
    // Each set is counted only up to the best so far, so a large one costs little.
    let filtered = !p.range.sql.is_empty();
    let mut best = if filtered {
        count(c, &walk, &p.range, i64::MAX)?
    } else {
        4 * MANY
    };
    let mut lead = None;
    for set in &p.sets {
        let n = count(c, &from_set(set), &Sql::default(), best)?;
        if n < best || (lead.is_none() && !filtered) {
            best = n;
            lead = Some(from_set(set));
        }
    }
    let total = count(c, lead.as_ref().unwrap_or(&walk), &p.rows, MANY + 1)?;
    let not_title = Sql::new(format!("NOT {}", p.title.sql), p.title.args.clone());
    let mut rows: Vec<Row> = Vec::new();
    for tier in [0, 1] {
        if q.after.is_some_and(|k| k.tier > tier) || rows.len() >= q.limit as usize {
            continue;
        }
        let after = q.after.filter(|k| k.tier == tier);
        let need = q.limit - rows.len() as u32;
        let (from, cond) = match (&lead, tier) {
            // The walk is short: the filters leave few rows.
            (None, 0) => (walk.clone(), p.rows.and(&p.title)),
            (None, _) => (walk.clone(), p.rows.and(&not_title)),
            // Few results: sorted.
            (Some(lead), 0) if total <= MANY => (lead.clone(), p.rows.and(&p.title)),
            (Some(lead), _) if total <= MANY => (lead.clone(), p.rows.and(&not_title)),
            // Many results, in the titles too (else those are few, sorted).
            (Some(_), 0) => {
                let cond = p.rows.and(&p.title);
                match &p.titles {
                    Some(titles) => {
                        let from = from_set(titles);
                        match count(c, &from, &cond, MANY + 1)? {
                            0 => continue,
                            n if n <= MANY => (from, cond),
                            _ => (walk.clone(), cond),
                        }
                    }
                    None => (walk.clone(), cond),
                }
            }
            (Some(_), _) => (walk.clone(), p.rows.and(&not_title)),
        };
        rows.extend(page(c, &from, &cond, tier, after, need)?);
    }
    let found = rows
        .into_iter()
        .map(|(row, text, key)| {
            Ok(Found {
                summary: row.into_summary(site)?,
                text,
                key,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    // Reported to the bound (see `model::search::MAX_TOTAL`), as PostgreSQL does.
    Ok((found, total.min(MANY) as u32))
}

impl Sqlite {
    pub async fn search(&self, site: Arc<Site>, q: SearchQuery) -> AppResult<(Vec<Found>, u32)> {
        self.read(move |c| search(&site, c, &q)).await
    }
}
