//! Search (`GET /api/v1/search`): the answer's types, the query's rules and the highlighting both sides share.
//!
//! Highlights are structured spans, never HTML: the app draws `hit` spans as `<mark>` itself, so no markup
//! from an article (or a query) ever reaches `inner_html`.

use crate::{ArticleSummary, Block};
use serde::{Deserialize, Serialize};

/// Most characters a query may have, once trimmed.
pub const MAX_QUERY_CHARS: usize = 100;
/// Most words (whitespace-separated terms) a query may have; every one of them must match.
pub const MAX_TERMS: usize = 8;
/// The offset, in hours from UTC, of the site's days: `from` and `to` (`YYYY-MM-DD`) are days of the
/// site's own time (China Standard Time, +08:00), whatever the reader's.
pub const SITE_OFFSET_HOURS: i8 = 8;
/// About how many characters of body text a snippet shows around its first match.
pub const SNIPPET_CHARS: usize = 80;
/// Where a search stops counting: a `total` of this many means this many or more (the store stops at
/// them instead of finding every match of a common word; see `SearchPage`).
pub const MAX_TOTAL: u32 = 1000;

/// A piece of a highlighted text: `hit` pieces matched a word of the query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub text: String,
    #[serde(default)]
    pub hit: bool,
}

/// One article found: its list item, its title cut into spans, and a snippet of its body around the first
/// match (the start of its body when only the title matched).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub article: ArticleSummary,
    pub title: Vec<Span>,
    pub snippet: Vec<Span>,
}

/// One page of results: articles whose title matches come first, then those whose body alone matches,
/// each group newest first. `total` counts the results of the query (all pages) up to `MAX_TOTAL`: a
/// `total` of `MAX_TOTAL` means that many or more; `next_cursor` is opaque and absent on the last page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchPage {
    /// The query as searched (trimmed, spaces collapsed).
    pub query: String,
    pub total: u32,
    pub items: Vec<SearchHit>,
    #[serde(default)]
    pub next_cursor: Option<String>,
}

/// Why a query was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryError {
    Empty,
    TooLong,
    TooManyTerms,
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            QueryError::Empty => write!(f, "请输入搜索词 (q is required)"),
            QueryError::TooLong => write!(
                f,
                "搜索词最多 {MAX_QUERY_CHARS} 个字 (q may have at most {MAX_QUERY_CHARS} characters)"
            ),
            QueryError::TooManyTerms => write!(
                f,
                "搜索词最多 {MAX_TERMS} 个 (q may have at most {MAX_TERMS} words)"
            ),
        }
    }
}

/// A query's words: `q` trimmed, 1–[`MAX_QUERY_CHARS`] characters, split on whitespace, each word once.
/// Chinese needs no spaces (`文明城市` is one word, matched anywhere in a text).
pub fn terms(q: &str) -> Result<Vec<String>, QueryError> {
    let q = q.trim();
    if q.is_empty() {
        return Err(QueryError::Empty);
    }
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(QueryError::TooLong);
    }
    let mut out: Vec<String> = Vec::new();
    for w in q.split_whitespace() {
        if !out.iter().any(|t| fold(t) == fold(w)) {
            out.push(w.to_owned());
        }
    }
    if out.len() > MAX_TERMS {
        return Err(QueryError::TooManyTerms);
    }
    Ok(out)
}

/// One character case-folded to one (so positions in a folded text are those of the original).
fn fold_char(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

fn fold(s: &str) -> Vec<char> {
    s.chars().map(fold_char).collect()
}

/// The `[start, end)` character ranges where any of `terms` occurs in `text` (case-insensitive), in order,
/// never overlapping (the longest word wins where several start at one place).
fn matches(text: &[char], terms: &[Vec<char>]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let best = terms
            .iter()
            .filter(|t| !t.is_empty() && text[i..].starts_with(t))
            .map(Vec::len)
            .max();
        match best {
            Some(n) => {
                out.push((i, i + n));
                i += n;
            }
            None => i += 1,
        }
    }
    out
}

fn folded_terms(terms: &[String]) -> Vec<Vec<char>> {
    terms.iter().map(|t| fold(t)).collect()
}

/// Cuts `chars` into spans, marking `hits` (ranges within `chars`).
fn spans(chars: &[char], hits: &[(usize, usize)]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut at = 0;
    for &(s, e) in hits {
        if s > at {
            out.push(Span {
                text: chars[at..s].iter().collect(),
                hit: false,
            });
        }
        out.push(Span {
            text: chars[s..e].iter().collect(),
            hit: true,
        });
        at = e;
    }
    if at < chars.len() || out.is_empty() {
        out.push(Span {
            text: chars[at..].iter().collect(),
            hit: false,
        });
    }
    out
}

/// The words of an article's body a search looks at, one block a line: headings, paragraphs, quotes,
/// list items, table cells and captions (never URLs or image addresses).
pub fn text_of(blocks: &[Block]) -> String {
    let mut out: Vec<&str> = Vec::new();
    for b in blocks {
        match b {
            Block::Heading { text, .. } | Block::Paragraph { text } => out.push(text),
            Block::Quote { text, cite } => {
                out.push(text);
                out.extend(cite.as_deref());
            }
            Block::List { items, .. } => out.extend(items.iter().map(String::as_str)),
            Block::Table {
                head,
                rows,
                caption,
            } => {
                out.extend(head.iter().map(String::as_str));
                out.extend(rows.iter().flatten().map(String::as_str));
                out.extend(caption.as_deref());
            }
            Block::Gallery { images, caption } => {
                out.extend(images.iter().filter_map(|f| f.caption.as_deref()));
                out.extend(caption.as_deref());
            }
            Block::Image { caption, .. }
            | Block::Video { caption, .. }
            | Block::Embed { caption, .. } => out.extend(caption.as_deref()),
        }
    }
    out.retain(|s| !s.trim().is_empty());
    out.join("\n")
}

/// How an article matches a query when searched where the server is not (the app's saved articles,
/// offline): `None` unless every word is in its title or its text; else the same hit the server would
/// answer (title spans, snippet) and whether the title matched (such hits come first).
pub fn hit_of(article: ArticleSummary, text: &str, terms: &[String]) -> Option<(bool, SearchHit)> {
    let (title, body) = (fold(&article.title), fold(text));
    let has = |hay: &[char], t: &[char]| hay.windows(t.len().max(1)).any(|w| w == t);
    let words = folded_terms(terms);
    if words.is_empty() || !words.iter().all(|w| has(&title, w) || has(&body, w)) {
        return None;
    }
    let in_title = words.iter().any(|w| has(&title, w));
    Some((
        in_title,
        SearchHit {
            title: highlight(&article.title, terms),
            snippet: snippet(text, terms),
            article,
        },
    ))
}

/// `text` with every occurrence of `terms` marked.
pub fn highlight(text: &str, terms: &[String]) -> Vec<Span> {
    let chars: Vec<char> = text.chars().collect();
    let folded: Vec<char> = chars.iter().copied().map(fold_char).collect();
    spans(&chars, &matches(&folded, &folded_terms(terms)))
}

/// About [`SNIPPET_CHARS`] characters of `text` around its first match of `terms` (a quarter of them
/// before it), marked; `…` where it was cut. The start of `text` when nothing matches. Line breaks
/// (between a body's blocks) become spaces: a snippet is one run of text.
pub fn snippet(text: &str, terms: &[String]) -> Vec<Span> {
    let chars: Vec<char> = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let folded: Vec<char> = chars.iter().copied().map(fold_char).collect();
    let all = matches(&folded, &folded_terms(terms));
    let first = all.first().map_or(0, |m| m.0);
    let start = first.saturating_sub(SNIPPET_CHARS / 4);
    let end = (start + SNIPPET_CHARS).min(chars.len());
    let start = end.saturating_sub(SNIPPET_CHARS).min(start);
    let inside: Vec<(usize, usize)> = all
        .iter()
        .filter(|(s, e)| *s >= start && *e <= end)
        .map(|(s, e)| (s - start, e - start))
        .collect();
    let mut out = spans(&chars[start..end], &inside);
    if start > 0 {
        out.insert(
            0,
            Span {
                text: "…".into(),
                hit: false,
            },
        );
    }
    if end < chars.len() {
        out.push(Span {
            text: "…".into(),
            hit: false,
        });
    }
    merge(out)
}

/// Joins neighbouring spans of the same kind.
fn merge(list: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(list.len());
    for s in list {
        match out.last_mut() {
            Some(last) if last.hit == s.hit => last.text.push_str(&s.text),
            _ if s.text.is_empty() => {}
            _ => out.push(s),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hit_needs_every_word_in_the_title_or_the_text() {
        let summary = |title: &str| -> ArticleSummary {
            serde_json::from_value(serde_json::json!({
                "id": 1, "title": title, "excerpt": "", "channel": {"slug": "c", "name": "C"},
                "published_at": "2020-01-01T00:00:00Z", "comment_count": 0
            }))
            .unwrap()
        };
        let terms = terms("文明 城市").unwrap();
        let (in_title, hit) = hit_of(summary("创建文明"), "全国城市", &terms).unwrap();
        assert!(in_title);
        assert_eq!(
            hit.title[1],
            Span {
                text: "文明".into(),
                hit: true
            }
        );
        assert_eq!(
            hit.snippet[1],
            Span {
                text: "城市".into(),
                hit: true
            }
        );
        let (in_title, _) = hit_of(summary("标题"), "文明城市", &terms).unwrap();
        assert!(!in_title);
        assert!(hit_of(summary("文明"), "乡村", &terms).is_none());
        assert!(hit_of(summary("文明城市"), "", &[]).is_none());
    }

    fn t(q: &str) -> Vec<String> {
        terms(q).unwrap()
    }

    fn marked(spans: &[Span]) -> String {
        spans
            .iter()
            .map(|s| {
                if s.hit {
                    format!("[{}]", s.text)
                } else {
                    s.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn checks_queries() {
        assert_eq!(terms("  "), Err(QueryError::Empty));
        assert_eq!(terms(&"资".repeat(101)), Err(QueryError::TooLong));
        assert_eq!(t(&format!(" {} ", "资".repeat(100))).len(), 1);
        assert_eq!(t(" 资阳  文明 资阳 "), vec!["资阳", "文明"]);
        assert_eq!(t("Ziyang ziyang"), vec!["Ziyang"]);
        assert_eq!(terms("a b c d e f g h i"), Err(QueryError::TooManyTerms));
    }

    #[test]
    fn highlights_every_match() {
        assert_eq!(
            marked(&highlight(
                "资阳创建文明城市，资阳在行动",
                &t("资阳 文明城市")
            )),
            "[资阳]创建[文明城市]，[资阳]在行动"
        );
        assert_eq!(
            marked(&highlight("Hello World", &t("world"))),
            "Hello [World]"
        );
        assert_eq!(marked(&highlight("没有", &t("资阳"))), "没有");
        assert_eq!(
            highlight("", &t("x")),
            vec![Span {
                text: String::new(),
                hit: false
            }]
        );
    }

    #[test]
    fn snippets_around_the_first_match() {
        let text = format!("{}资阳{}", "甲".repeat(100), "乙".repeat(100));
        let s = marked(&snippet(&text, &t("资阳")));
        assert_eq!(s, format!("…{}[资阳]{}…", "甲".repeat(20), "乙".repeat(58)));
        let short = marked(&snippet("资阳\n新闻", &t("新闻")));
        assert_eq!(short, "资阳 [新闻]");
        let none = marked(&snippet(&"丙".repeat(90), &t("资阳")));
        assert_eq!(none, format!("{}…", "丙".repeat(80)));
        let end = marked(&snippet(&format!("{}资阳", "丁".repeat(100)), &t("资阳")));
        assert_eq!(end, format!("…{}[资阳]", "丁".repeat(78)));
    }
}
