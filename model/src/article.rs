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
}

#[derive(Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum BlockKind {
    Heading,
    Paragraph,
    Image,
    Quote,
    List,
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
    }
}
