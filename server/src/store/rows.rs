//! What both backends share: rows read into `model` types, and the values an article is stored as.

use super::NewPost;
use crate::error::{AppError, AppResult};
use model::content::ContentArticle;
use model::{
    Article, ArticleId, ArticleSummary, Block, ChannelRef, Comment, CommentId, CommentStatus,
    Image, SafeUrl, Site,
};
use sha2::{Digest, Sha256};
use std::time::Duration;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// How long notes of the change log are kept: far longer than any server takes to read them.
pub const CHANGES_KEPT_NS: i64 = 3_600 * 1_000_000_000;
/// The `meta` key of the site tree (JSON `model::Site`).
pub const SITE: &str = "site";
/// The `meta` key set once the first content is in.
pub const IMPORTED: &str = "imported";

/// How long an idempotency key is remembered: a retry comes within seconds or minutes, never a day later.
pub const IDEMPOTENCY_TTL: Duration = Duration::from_secs(24 * 3600);

pub fn idempotency_ttl_ns() -> i64 {
    IDEMPOTENCY_TTL.as_nanos() as i64
}

/// UTC Unix nanoseconds of a time, the sort key of articles and comments.
pub fn nanos(t: OffsetDateTime) -> i64 {
    i64::try_from(t.unix_timestamp_nanos()).unwrap_or(i64::MAX)
}

/// The time of UTC Unix nanoseconds (the Unix epoch for a value out of range).
pub fn from_nanos(ns: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ns)).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

pub fn rfc3339(t: OffsetDateTime) -> AppResult<String> {
    t.format(&Rfc3339)
        .map_err(|e| AppError::Internal(e.to_string()))
}

pub fn now_rfc3339() -> AppResult<String> {
    rfc3339(OffsetDateTime::now_utc())
}

fn parse_time(s: &str) -> AppResult<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339)
        .map_err(|e| AppError::Internal(format!("stored time {s:?}: {e}")))
}

fn parse_image(s: Option<String>) -> AppResult<Option<Image>> {
    Ok(s.map(|s| serde_json::from_str(&s)).transpose()?)
}

fn count(n: i64) -> u32 {
    n.clamp(0, u32::MAX as i64) as u32
}

pub fn channel_ref(site: &Site, slug: &str) -> ChannelRef {
    let name = site
        .channel(slug)
        .map(|(_, _, c)| c.name.clone())
        .unwrap_or_else(|| slug.to_owned());
    ChannelRef {
        slug: slug.to_owned(),
        name,
    }
}

/// The columns of a list item, as stored.
pub struct SummaryRow {
    pub id: i64,
    pub channel: String,
    pub title: String,
    pub source: Option<String>,
    pub published_at: String,
    pub excerpt: String,
    pub lead_image: Option<String>,
    pub comment_count: i64,
    /// Only 热点排行 reads views.
    pub views: Option<i64>,
}

impl SummaryRow {
    pub fn into_summary(self, site: &Site) -> AppResult<ArticleSummary> {
        Ok(ArticleSummary {
            id: ArticleId(self.id as u64),
            title: self.title,
            channel: channel_ref(site, &self.channel),
            published_at: parse_time(&self.published_at)?,
            source: self.source,
            excerpt: self.excerpt,
            image: parse_image(self.lead_image)?,
            comment_count: count(self.comment_count),
            views: self.views.map(|v| v.max(0) as u64),
        })
    }
}

/// The columns of a whole article, as stored.
pub struct ArticleRow {
    pub id: i64,
    pub channel: String,
    pub title: String,
    pub source: Option<String>,
    pub published_at: String,
    pub origin_url: Option<String>,
    pub lead_image: Option<String>,
    pub excerpt: String,
    pub body: String,
    pub comment_count: i64,
    pub author: Option<String>,
    pub tags: String,
    pub updated_at: Option<String>,
}

impl ArticleRow {
    pub fn into_article(self, site: &Site) -> AppResult<Article> {
        let id = self.id;
        let internal = |e: String| AppError::Internal(format!("article {id}: {e}"));
        Ok(Article {
            id: ArticleId(id as u64),
            title: self.title,
            source: self.source,
            published_at: parse_time(&self.published_at)?,
            origin_url: self
                .origin_url
                .map(|u| SafeUrl::parse(&u))
                .transpose()
                .map_err(|e| internal(e.to_string()))?,
            breadcrumb: site.breadcrumb(&self.channel).unwrap_or_default(),
            channel: channel_ref(site, &self.channel),
            lead_image: parse_image(self.lead_image)?,
            excerpt: self.excerpt,
            body: serde_json::from_str::<Vec<Block>>(&self.body)
                .map_err(|e| internal(e.to_string()))?,
            comment_count: count(self.comment_count),
            author: self.author,
            tags: serde_json::from_str(&self.tags).map_err(|e| internal(e.to_string()))?,
            updated_at: self.updated_at.as_deref().map(parse_time).transpose()?,
            // Filled in by `Store::article` from the live updates' own table.
            live: false,
        })
    }
}

/// Reads a comment as a [`CommentRow`] wants it (columns in its order); the same SQL on both stores.
/// A hidden or removed parent names nobody (`reply_to` is null), and the replies counted are those a reader
/// is shown: published ones and tombstones.
pub const COMMENT_SELECT: &str =
    "SELECT c.id, c.article_id, c.parent_id,
        CASE WHEN p.status = 'published' THEN p.author END, c.author, c.text, c.created_at, c.status,
        c.created_ns,
        (SELECT COUNT(*) FROM comments r
          WHERE r.article_id = c.article_id AND r.parent_id = c.id
            AND r.status IN ('published', 'hidden', 'removed'))
    FROM comments c LEFT JOIN comments p ON p.id = c.parent_id AND c.parent_id != 0";

/// The statuses a reader's list shows (hidden and removed ones as tombstones), as SQL.
pub const LISTED: &str = "('published', 'hidden', 'removed')";

/// The columns of a comment, as stored, with the replied-to author and the number of published replies.
pub struct CommentRow {
    pub id: i64,
    pub article_id: i64,
    pub parent_id: i64,
    pub reply_to: Option<String>,
    pub author: String,
    pub text: String,
    pub created_at: String,
    pub status: String,
    pub created_ns: i64,
    pub reply_count: i64,
}

impl CommentRow {
    /// The comment and its sort key.
    /// A hidden or removed comment is a tombstone: status `removed`, no author, no text (a hidden
    /// comment's words are still stored, and must never reach a reader).
    pub fn into_comment(self) -> AppResult<(Comment, i64)> {
        let tombstone = matches!(self.status.as_str(), "hidden" | "removed");
        Ok((
            Comment {
                id: CommentId(self.id as u64),
                article_id: ArticleId(self.article_id as u64),
                parent_id: (self.parent_id != 0).then_some(CommentId(self.parent_id as u64)),
                reply_to: self.reply_to,
                author: if tombstone {
                    String::new()
                } else {
                    self.author
                },
                text: if tombstone { String::new() } else { self.text },
                created_at: parse_time(&self.created_at)?,
                status: match self.status.as_str() {
                    "pending" => CommentStatus::Pending,
                    _ if tombstone => CommentStatus::Removed,
                    _ => CommentStatus::Published,
                },
                reply_count: count(self.reply_count),
            },
            self.created_ns,
        ))
    }
}

/// The digest an idempotency key's first post is remembered by: the same key with another body is a 409.
pub fn request_hash(post: &NewPost) -> String {
    let mut h = Sha256::new();
    h.update(post.article.to_string());
    for part in [
        post.author.as_str(),
        post.text.as_str(),
        &post.parent.map(|p| p.to_string()).unwrap_or_default(),
    ] {
        h.update([0]);
        h.update(part.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// An article's values as its columns store them.
pub struct ArticleValues {
    pub published_at: String,
    pub published_ns: i64,
    pub origin_url: Option<String>,
    pub lead_image: Option<String>,
    pub body: String,
    pub tags: String,
    pub updated_at: Option<String>,
    /// The body's words as search reads them.
    pub search_text: String,
}

impl ArticleValues {
    pub fn of(a: &ContentArticle) -> AppResult<ArticleValues> {
        Ok(ArticleValues {
            published_at: rfc3339(a.published_at)?,
            published_ns: nanos(a.published_at),
            origin_url: a.origin_url.as_ref().map(|u| u.as_str().to_owned()),
            lead_image: a
                .lead_image
                .as_ref()
                .map(serde_json::to_string)
                .transpose()?,
            body: serde_json::to_string(&a.body)?,
            tags: serde_json::to_string(&a.tags)?,
            updated_at: a.updated_at.map(rfc3339).transpose()?,
            search_text: super::search::text_of(&a.body),
        })
    }
}

/// A demo comment ready to store.
pub struct FlatComment {
    /// Its parent's index in the same list (parents come first); `None` at the top level.
    pub parent: Option<usize>,
    pub author: String,
    pub text: String,
    pub created_at: String,
    pub created_ns: i64,
}

/// The demo comments of a content article, flattened parents first, cleaned as posts are.
pub fn flat_comments(a: &ContentArticle) -> AppResult<Vec<FlatComment>> {
    use model::comment::clean;
    use model::content::ContentComment;
    let mut out = Vec::new();
    let mut stack: Vec<(Option<usize>, &ContentComment)> =
        a.comments.iter().rev().map(|c| (None, c)).collect();
    while let Some((parent, c)) = stack.pop() {
        out.push(FlatComment {
            parent,
            author: clean(&c.author, false),
            text: clean(&c.text, true),
            created_at: rfc3339(c.created_at)?,
            created_ns: nanos(c.created_at),
        });
        let me = out.len() - 1;
        stack.extend(c.replies.iter().rev().map(|r| (Some(me), r)));
    }
    Ok(out)
}

/// The current Unix hour bucket of view counts.
pub fn current_hour() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp() / 3600
}
