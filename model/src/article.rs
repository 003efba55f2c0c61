//! Articles: the full article with structured body blocks, list summaries, images and cursor pages.

use crate::{ChannelRef, Crumb, SafeUrl};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Numeric article id, as in `/api/v1/articles/{id}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ArticleId(pub u64);

impl std::fmt::Display for ArticleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// An image with its intrinsic size, so the page reserves its box before it loads (no layout shift).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Image {
    pub url: SafeUrl,
    pub width: u32,
    pub height: u32,
    /// Text alternative; empty only for decorative images.
    pub alt: String,
}

/// One block of an article body. Bodies are data, never HTML: the app renders each block as text nodes.
/// On the wire: an object whose `type` names the kind (`{"type":"heading","level":2,"text":"…"}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", try_from = "WireBlock")]
pub enum Block {
    /// A section heading; `level` 2 or 3 (the title is the page's only level 1).
    Heading {
        level: u8,
        text: String,
    },
    Paragraph {
        text: String,
    },
    Image {
        image: Image,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        caption: Option<String>,
    },
    Quote {
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cite: Option<String>,
    },
    List {
        ordered: bool,
        items: Vec<String>,
    },
    /// A table of plain-text cells; `head` is the header row (empty when the table has none).
    Table {
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        head: Vec<String>,
        rows: Vec<Vec<String>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        caption: Option<String>,
    },
    /// Several images shown together, each with its own caption.
    Gallery {
        images: Vec<Figure>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        caption: Option<String>,
    },
    /// A video file the browser plays itself (`<video controls>`, never autoplaying). Its box is
    /// `width`×`height` when known, else 16:9.
    Video {
        url: SafeUrl,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        poster: Option<SafeUrl>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        width: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        height: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        caption: Option<String>,
    },
    /// Content that lives on another site (a YouTube video, a post on a social network, a map, or
    /// anything a CMS could not give as data): shown as a link card to it, never framed or run.
    Embed {
        url: SafeUrl,
        /// Who serves it, e.g. `YouTube`; absent when unknown.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        provider: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        caption: Option<String>,
    },
}

/// One image of a gallery.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub image: Image,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
}

/// The same object read flat, then checked: a derived internally tagged enum makes serde buffer every
/// block before decoding it, which costs the wasm app about 12 KB of code for this one type.
#[derive(Deserialize)]
struct WireBlock {
    #[serde(rename = "type")]
    kind: BlockKind,
    level: Option<u8>,
    text: Option<String>,
    image: Option<Image>,
    caption: Option<String>,
    cite: Option<String>,
    ordered: Option<bool>,
    items: Option<Vec<String>>,
    head: Option<Vec<String>>,
    rows: Option<Vec<Vec<String>>>,
    images: Option<Vec<Figure>>,
    url: Option<SafeUrl>,
    poster: Option<SafeUrl>,
    width: Option<u32>,
    height: Option<u32>,
    provider: Option<String>,
}

#[derive(Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum BlockKind {
    Heading,
    Paragraph,
    Image,
    Quote,
    List,
    Table,
    Gallery,
    Video,
    Embed,
}

impl TryFrom<WireBlock> for Block {
    type Error = String;

    fn try_from(w: WireBlock) -> Result<Self, String> {
        fn need<T>(field: Option<T>, name: &str) -> Result<T, String> {
            field.ok_or_else(|| format!("missing field `{name}`"))
        }
        Ok(match w.kind {
            BlockKind::Heading => Block::Heading {
                level: need(w.level, "level")?,
                text: need(w.text, "text")?,
            },
            BlockKind::Paragraph => Block::Paragraph {
                text: need(w.text, "text")?,
            },
            BlockKind::Image => Block::Image {
                image: need(w.image, "image")?,
                caption: w.caption,
            },
            BlockKind::Quote => Block::Quote {
                text: need(w.text, "text")?,
                cite: w.cite,
            },
            BlockKind::List => Block::List {
                ordered: need(w.ordered, "ordered")?,
                items: need(w.items, "items")?,
            },
            BlockKind::Table => Block::Table {
                head: w.head.unwrap_or_default(),
                rows: need(w.rows, "rows")?,
                caption: w.caption,
            },
            BlockKind::Gallery => Block::Gallery {
                images: need(w.images, "images")?,
                caption: w.caption,
            },
            BlockKind::Video => Block::Video {
                url: need(w.url, "url")?,
                poster: w.poster,
                width: w.width,
                height: w.height,
                caption: w.caption,
            },
            BlockKind::Embed => Block::Embed {
                url: need(w.url, "url")?,
                provider: w.provider,
                caption: w.caption,
            },
        })
    }
}

/// A full article (`GET /api/v1/articles/{id}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: ArticleId,
    pub title: String,
    /// 来源, e.g. 资阳日报; absent when unknown.
    #[serde(default)]
    pub source: Option<String>,
    /// Publication time with its UTC offset (RFC 3339), e.g. `2017-06-16T07:32:00+08:00`.
    #[serde(with = "time::serde::rfc3339")]
    pub published_at: OffsetDateTime,
    /// Where the story first appeared.
    #[serde(default)]
    pub origin_url: Option<SafeUrl>,
    pub channel: ChannelRef,
    /// 地方网 > 四川 > 资阳市 > 资阳新闻.
    pub breadcrumb: Vec<Crumb>,
    #[serde(default)]
    pub lead_image: Option<Image>,
    /// One or two sentences for lists, `<meta name=description>` and link previews.
    pub excerpt: String,
    pub body: Vec<Block>,
    pub comment_count: u32,
    /// Who wrote it, when the source names a person (a CMS's author).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Subjects the newsroom tagged it with, in their order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// When it was last corrected or updated after publication; absent if never.
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub updated_at: Option<OffsetDateTime>,
    /// Followed live: its updates come from `paths::live` (poll) and `paths::live_stream` (SSE). Absent
    /// when false, so answers of articles that never went live keep their shape.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub live: bool,
}

/// An article as shown in lists and widgets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArticleSummary {
    pub id: ArticleId,
    pub title: String,
    pub channel: ChannelRef,
    #[serde(with = "time::serde::rfc3339")]
    pub published_at: OffsetDateTime,
    #[serde(default)]
    pub source: Option<String>,
    pub excerpt: String,
    #[serde(default)]
    pub image: Option<Image>,
    pub comment_count: u32,
    /// Views in the ranking window; only on 热点排行 (hot ranking) items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub views: Option<u64>,
}

/// One page of a cursor-paginated list. `next_cursor` is opaque; absent on the last page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    #[serde(default)]
    pub next_cursor: Option<String>,
}

impl Article {
    pub fn summary(&self) -> ArticleSummary {
        ArticleSummary {
            id: self.id,
            title: self.title.clone(),
            channel: self.channel.clone(),
            published_at: self.published_at,
            source: self.source.clone(),
            excerpt: self.excerpt.clone(),
            image: self.lead_image.clone(),
            comment_count: self.comment_count,
            views: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image_b() -> Image {
        Image {
            url: SafeUrl::parse("https://cms.example/b.jpg").unwrap(),
            width: 8,
            height: 6,
            alt: "b".into(),
        }
    }

    #[test]
    fn every_block_kind_round_trips_in_its_tagged_form() {
        let image = Image {
            url: SafeUrl::parse("/media/a.svg").unwrap(),
            width: 4,
            height: 3,
            alt: "a".into(),
        };
        let blocks = vec![
            Block::Heading {
                level: 2,
                text: "一、".into(),
            },
            Block::Paragraph { text: "p".into() },
            Block::Image {
                image,
                caption: Some("c".into()),
            },
            Block::Quote {
                text: "q".into(),
                cite: None,
            },
            Block::List {
                ordered: true,
                items: vec!["x".into()],
            },
            Block::Table {
                head: vec!["镇".into(), "人口".into()],
                rows: vec![vec!["雁江".into(), "1".into()]],
                caption: Some("t".into()),
            },
            Block::Gallery {
                images: vec![Figure {
                    image: image_b(),
                    caption: Some("g".into()),
                }],
                caption: None,
            },
            Block::Video {
                url: SafeUrl::parse("https://cms.example/v.mp4").unwrap(),
                poster: None,
                width: Some(640),
                height: Some(360),
                caption: None,
            },
            Block::Embed {
                url: SafeUrl::parse("https://www.youtube.com/watch?v=x").unwrap(),
                provider: Some("YouTube".into()),
                caption: None,
            },
        ];
        let json = serde_json::to_string(&blocks).unwrap();
        assert!(json.starts_with(r#"[{"type":"heading","level":2,"text":"一、"}"#));
        let back: Vec<Block> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, blocks);
    }

    #[test]
    fn a_block_missing_a_field_or_of_an_unknown_kind_is_refused() {
        let missing = serde_json::from_str::<Block>(r#"{"type":"heading","text":"t"}"#);
        assert!(missing.unwrap_err().to_string().contains("level"));
        assert!(serde_json::from_str::<Block>(r#"{"type":"html","text":"<b>"}"#).is_err());
        assert!(serde_json::from_str::<Block>(r#"{"text":"no type"}"#).is_err());
        // An embed or video must name an http(s) address: a script URL is refused with the block.
        assert!(
            serde_json::from_str::<Block>(r#"{"type":"embed","url":"javascript:alert(1)"}"#)
                .is_err()
        );
        assert!(serde_json::from_str::<Block>(r#"{"type":"video"}"#).is_err());
    }

    #[test]
    fn an_article_without_author_tags_or_update_keeps_its_old_shape() {
        let json = r#"{"id":1,"title":"t","published_at":"2017-06-16T07:32:00+08:00",
            "channel":{"slug":"c","name":"C"},"breadcrumb":[],"excerpt":"e","body":[],"comment_count":0}"#;
        let a: Article = serde_json::from_str(json).unwrap();
        assert_eq!(
            (a.author.as_deref(), a.tags.len(), a.updated_at),
            (None, 0, None)
        );
        let out = serde_json::to_string(&a).unwrap();
        for absent in ["author", "tags", "updated_at"] {
            assert!(!out.contains(absent), "{absent} in {out}");
        }
    }
}
