//! The API's URLs, in one place: the app builds requests with these and the server routes the same paths.

use crate::{embed::EmbedKind, ArticleId, CommentId, CommentOrder, WidgetKind};

pub const PREFIX: &str = "/api/v1";
/// Partner widgets are pages of the site (not API answers): `/embed/{kind}`, the partner page `/embed`.
pub const EMBED: &str = "/embed";
/// The partners' loader script.
pub const EMBED_LOADER: &str = "/embed.js";

/// A widget page, without parameters (see `model::embed::Embed::path`).
pub fn embed(kind: EmbedKind) -> String {
    format!("{EMBED}/{}", kind.slug())
}

/// The oEmbed endpoint (https://oembed.com) for a page of this site.
pub fn oembed(url: &str, maxwidth: Option<u32>, maxheight: Option<u32>) -> String {
    let mut q = Query::default();
    q.opt("url", Some(url));
    q.opt("maxwidth", maxwidth.map(|w| w.to_string()).as_deref());
    q.opt("maxheight", maxheight.map(|h| h.to_string()).as_deref());
    format!("{PREFIX}/oembed{}", q.finish())
}

pub fn site() -> String {
    format!("{PREFIX}/site")
}

pub fn channel_articles(channel: &str, cursor: Option<&str>, limit: Option<u32>) -> String {
    let mut q = Query::default();
    q.opt("cursor", cursor);
    q.opt("limit", limit.map(|l| l.to_string()).as_deref());
    format!(
        "{PREFIX}/channels/{}/articles{}",
        encode(channel),
        q.finish()
    )
}

/// One page of a tag's articles (`model::ListingPage`); the tag is its own text, percent-encoded.
pub fn tag_articles(tag: &str, cursor: Option<&str>, limit: Option<u32>) -> String {
    listing("tags", tag, cursor, limit)
}

/// One page of an author's articles (`model::ListingPage`); the name is its own text, percent-encoded.
pub fn author_articles(name: &str, cursor: Option<&str>, limit: Option<u32>) -> String {
    listing("authors", name, cursor, limit)
}

fn listing(what: &str, name: &str, cursor: Option<&str>, limit: Option<u32>) -> String {
    let mut q = Query::default();
    q.opt("cursor", cursor);
    q.opt("limit", limit.map(|l| l.to_string()).as_deref());
    format!("{PREFIX}/{what}/{}/articles{}", encode(name), q.finish())
}

/// Search (`q` is required; the others narrow it down or page on). `from` and `to` are `YYYY-MM-DD`.
pub fn search(
    q: &str,
    channel: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
    cursor: Option<&str>,
    limit: Option<u32>,
) -> String {
    let mut query = Query::default();
    query.opt("q", Some(q));
    query.opt("channel", channel);
    query.opt("from", from);
    query.opt("to", to);
    query.opt("cursor", cursor);
    query.opt("limit", limit.map(|l| l.to_string()).as_deref());
    format!("{PREFIX}/search{}", query.finish())
}

pub fn article(id: ArticleId) -> String {
    format!("{PREFIX}/articles/{id}")
}

/// Where a page that shows an article counts its view (a beacon: `POST`, no body).
pub fn article_view(id: ArticleId) -> String {
    format!("{PREFIX}/articles/{id}/view")
}

/// An article's live updates newer than `since` (the poll; all of them, up to a cap, without it).
pub fn live(id: ArticleId, since: Option<u64>) -> String {
    let mut q = Query::default();
    q.opt("since", since.map(|n| n.to_string()).as_deref());
    format!("{PREFIX}/articles/{id}/live{}", q.finish())
}

/// An article's live updates as Server-Sent Events (`text/event-stream`).
pub fn live_stream(id: ArticleId) -> String {
    format!("{PREFIX}/articles/{id}/live/stream")
}

/// The stream from after update `since` (the `last_id` of the feed the page loaded): a first connection
/// misses nothing posted in between. Reconnects resume by `Last-Event-ID` on their own.
pub fn live_stream_after(id: ArticleId, since: u64) -> String {
    format!("{PREFIX}/articles/{id}/live/stream?since={since}")
}

pub fn related(id: ArticleId) -> String {
    format!("{PREFIX}/articles/{id}/related")
}

/// Several widgets in one request; `article` gives them context (its channel, what to exclude).
pub fn widgets(kinds: &[WidgetKind], article: Option<ArticleId>, limit: Option<u32>) -> String {
    let kinds: Vec<&str> = kinds.iter().map(|k| k.slug()).collect();
    let mut q = Query::default();
    q.opt("kinds", Some(&kinds.join(",")));
    q.opt("article", article.map(|a| a.to_string()).as_deref());
    q.opt("limit", limit.map(|l| l.to_string()).as_deref());
    format!("{PREFIX}/widgets{}", q.finish())
}

pub fn widget(kind: WidgetKind, article: Option<ArticleId>) -> String {
    let mut q = Query::default();
    q.opt("article", article.map(|a| a.to_string()).as_deref());
    format!("{PREFIX}/widgets/{}{}", kind.slug(), q.finish())
}

/// Top-level comments of an article, or with `parent` the replies to one comment.
pub fn comments(
    article: ArticleId,
    parent: Option<CommentId>,
    order: CommentOrder,
    cursor: Option<&str>,
    limit: Option<u32>,
) -> String {
    let mut q = Query::default();
    q.opt("parent", parent.map(|p| p.to_string()).as_deref());
    q.opt(
        "order",
        Some(if order == CommentOrder::Oldest {
            "oldest"
        } else {
            "newest"
        }),
    );
    q.opt("cursor", cursor);
    q.opt("limit", limit.map(|l| l.to_string()).as_deref());
    format!("{PREFIX}/articles/{article}/comments{}", q.finish())
}

pub fn post_comment(article: ArticleId) -> String {
    format!("{PREFIX}/articles/{article}/comments")
}

/// One comment with the comments above it (`model::CommentTrail`): where a link to it is opened.
pub fn comment(comment: CommentId) -> String {
    format!("{PREFIX}/comments/{comment}")
}

pub fn report_comment(comment: CommentId) -> String {
    format!("{PREFIX}/comments/{comment}/report")
}

#[derive(Default)]
struct Query(String);

impl Query {
    fn opt(&mut self, key: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.0.push(if self.0.is_empty() { '?' } else { '&' });
            self.0.push_str(key);
            self.0.push('=');
            self.0.push_str(&encode(v));
        }
    }
    fn finish(self) -> String {
        self.0
    }
}

/// What `encode` leaves as it is: RFC 3986's unreserved characters, plus `,` (the `kinds` list separator,
/// which is legal in a path segment and a query value and keeps widget URLs readable).
pub const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b',');

/// Percent-encodes a path segment or a query value (everything outside [`SEGMENT`]'s kept characters).
pub fn encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, SEGMENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_paths() {
        assert_eq!(
            search("资阳 文明", Some("ziyang"), Some("2024-01-01"), None, None, Some(5)),
            "/api/v1/search?q=%E8%B5%84%E9%98%B3%20%E6%96%87%E6%98%8E&channel=ziyang&from=2024-01-01&limit=5"
        );
        assert_eq!(
            channel_articles("ziyang", None, None),
            "/api/v1/channels/ziyang/articles"
        );
        assert_eq!(
            channel_articles("zi yang", Some("a+b"), Some(5)),
            "/api/v1/channels/zi%20yang/articles?cursor=a%2Bb&limit=5"
        );
        assert_eq!(
            tag_articles("文明 城市", Some("a+b"), Some(5)),
            "/api/v1/tags/%E6%96%87%E6%98%8E%20%E5%9F%8E%E5%B8%82/articles?cursor=a%2Bb&limit=5"
        );
        assert_eq!(
            author_articles("张记者", None, None),
            "/api/v1/authors/%E5%BC%A0%E8%AE%B0%E8%80%85/articles"
        );
        assert_eq!(
            widgets(
                &[WidgetKind::HotRanking, WidgetKind::Related],
                Some(ArticleId(7)),
                None
            ),
            "/api/v1/widgets?kinds=hot-ranking,related&article=7"
        );
        assert_eq!(
            comments(
                ArticleId(1),
                Some(CommentId(2)),
                CommentOrder::Oldest,
                None,
                Some(10)
            ),
            "/api/v1/articles/1/comments?parent=2&order=oldest&limit=10"
        );
        assert_eq!(comment(CommentId(12)), "/api/v1/comments/12");
    }

    #[test]
    fn builds_live_paths() {
        assert_eq!(live(ArticleId(1001), None), "/api/v1/articles/1001/live");
        assert_eq!(
            live(ArticleId(1001), Some(42)),
            "/api/v1/articles/1001/live?since=42"
        );
        assert_eq!(
            live_stream(ArticleId(1001)),
            "/api/v1/articles/1001/live/stream"
        );
        assert_eq!(
            live_stream_after(ArticleId(1001), 42),
            "/api/v1/articles/1001/live/stream?since=42"
        );
    }

    #[test]
    fn encodes_all_but_unreserved_and_comma() {
        assert_eq!(encode("a-b_c.d~e,f"), "a-b_c.d~e,f");
        assert_eq!(
            encode("资阳 /?#&=+%"),
            "%E8%B5%84%E9%98%B3%20%2F%3F%23%26%3D%2B%25"
        );
    }
}
