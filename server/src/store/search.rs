//! Search, what both backends share: the plain text an article is searched by, the query a handler asks
//! for, and the order results come in.
//!
//! Results are ordered by a total key — tier (0: a word of the query is in the title, 1: the body alone
//! matched), then newest first, then id — so pages follow each other by keyset cursors with neither
//! duplicates nor gaps, on both stores alike.

use model::{ArticleSummary, Block};

pub use model::search::MAX_TOTAL;

pub use model::search::text_of;

/// The search text of a stored body (JSON blocks); empty when it cannot be read.
pub fn text_of_json(body: &str) -> String {
    serde_json::from_str::<Vec<Block>>(body)
        .map(|b| text_of(&b))
        .unwrap_or_default()
}

/// Where a result stands in the order (see the module's comment).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SearchKey {
    pub tier: i64,
    pub published_ns: i64,
    pub id: i64,
}

/// A validated search.
#[derive(Clone, Debug)]
pub struct SearchQuery {
    /// Each must occur (case-insensitive) in the title or the body.
    pub terms: Vec<String>,
    pub channel: Option<String>,
    /// `published_ns >= from`.
    pub from_ns: Option<i64>,
    /// `published_ns < until`.
    pub until_ns: Option<i64>,
    /// Results strictly after this one.
    pub after: Option<SearchKey>,
    pub limit: u32,
}

/// One result: the list item, the body's text (for its snippet) and its key.
pub struct Found {
    pub summary: ArticleSummary,
    pub text: String,
    pub key: SearchKey,
}

/// A term as a LIKE pattern matching it anywhere (`\` escapes LIKE's own wildcards).
pub fn like_pattern(term: &str) -> String {
    let mut p = String::with_capacity(term.len() + 2);
    p.push('%');
    for c in term.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_words_not_addresses() {
        let blocks: Vec<Block> = serde_json::from_str(
            r#"[{"type":"heading","level":2,"text":"资阳"},{"type":"paragraph","text":"文明城市"},
                {"type":"list","ordered":false,"items":["一","二"]},
                {"type":"embed","url":"https://example.com/x","caption":"地图"}]"#,
        )
        .unwrap();
        assert_eq!(text_of(&blocks), "资阳\n文明城市\n一\n二\n地图");
        assert_eq!(text_of_json("not json"), "");
        assert_eq!(like_pattern("5%_a\\"), "%5\\%\\_a\\\\%");
    }
}
