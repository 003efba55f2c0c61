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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
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
