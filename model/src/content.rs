//! The demo-content file format (`content/`): what the server imports on first start and the generator writes.

use crate::{Block, Image, SafeUrl, Site};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// `content/site.json`: the site and its navigation tree.
pub type ContentSite = Site;

/// One file in `content/articles/`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContentArticle {
    pub id: u64,
    /// Slug of a channel in `site.json`.
    pub channel: String,
    pub title: String,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub published_at: OffsetDateTime,
    #[serde(default)]
    pub origin_url: Option<SafeUrl>,
    #[serde(default)]
    pub lead_image: Option<Image>,
    pub excerpt: String,
    pub body: Vec<Block>,
    /// The writer's name (shown as 作者).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The last correction or update after publication.
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub updated_at: Option<OffsetDateTime>,
    /// Editors' pick for 新闻推荐 in its channel.
    #[serde(default)]
    pub recommended: bool,
    /// Views recorded for the demo, counted as of import time (drives 热点排行 and 热点阅读).
    #[serde(default)]
    pub views: u64,
    #[serde(default)]
    pub comments: Vec<ContentComment>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContentComment {
    pub author: String,
    pub text: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(default)]
    pub replies: Vec<ContentComment>,
}

/// What the publishing API did with an article (`PUT`/`DELETE /api/v1/admin/articles/{id}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    pub id: u64,
    pub status: PublishStatus,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PublishStatus {
    /// New to the site (or published again after being taken down).
    Created,
    Updated,
    /// Taken down: its page and API answer 410.
    Gone,
}
