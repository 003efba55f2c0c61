//! The parts of WordPress's REST answers the sync reads (`wp/v2`), leniently: a missing field is empty,
//! an embed WordPress could not give (a private image: an error object) is skipped.

use serde::Deserialize;
use serde_json::Value;

/// The REST root's own answer.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct WpIndex {
    pub name: String,
    pub description: String,
    /// The site's address.
    pub home: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct WpCategory {
    pub id: u64,
    pub name: String,
    pub slug: String,
    pub parent: u64,
    pub description: String,
}

/// `{"rendered": "…"}`; `protected` on content behind a password.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Rendered {
    pub rendered: String,
    pub protected: bool,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct WpPost {
    pub id: u64,
    /// Site-local time of publication, without an offset (`2017-06-16T07:32:00`).
    pub date: String,
    /// The same in UTC, also without an offset.
    pub date_gmt: String,
    pub modified: String,
    pub modified_gmt: String,
    /// Its address on WordPress.
    pub link: String,
    pub sticky: bool,
    pub title: Rendered,
    pub excerpt: Rendered,
    pub content: Rendered,
    pub categories: Vec<u64>,
    /// Registered post meta (`source`, `source_url` from the companion plugin); `[]` when none is.
    pub meta: Value,
    #[serde(rename = "_embedded")]
    pub embedded: Embedded,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Embedded {
    pub author: Vec<Value>,
    #[serde(rename = "wp:featuredmedia")]
    pub featured_media: Vec<Value>,
    /// One list per taxonomy (categories, tags, …).
    #[serde(rename = "wp:term")]
    pub terms: Vec<Vec<Value>>,
}

impl WpPost {
    /// A string of the post's meta, trimmed; `None` when absent or empty.
    pub fn meta_str(&self, key: &str) -> Option<String> {
        self.meta
            .get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    }

    pub fn author_name(&self) -> Option<String> {
        self.embedded
            .author
            .first()
            .and_then(|a| a.get("name"))
            .and_then(Value::as_str)
            .map(str::to_owned)
    }

    /// The names of the post's tags, in WordPress's order.
    pub fn tag_names(&self) -> Vec<String> {
        self.embedded
            .terms
            .iter()
            .flatten()
            .filter(|t| t.get("taxonomy").and_then(Value::as_str) == Some("post_tag"))
            .filter_map(|t| t.get("name").and_then(Value::as_str))
            .map(str::to_owned)
            .collect()
    }

    /// The featured image, when WordPress embedded a readable one.
    pub fn featured(&self) -> Option<WpMedia> {
        self.embedded
            .featured_media
            .first()
            .filter(|m| m.get("code").is_none())
            .and_then(|m| serde_json::from_value(m.clone()).ok())
    }
}

/// An attachment.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct WpMedia {
    pub id: u64,
    pub source_url: String,
    pub alt_text: String,
    pub media_details: MediaDetails,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct MediaDetails {
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// Generated sizes by name (`large`, `medium_large`, …).
    pub sizes: std::collections::HashMap<String, MediaSize>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct MediaSize {
    pub source_url: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

impl WpMedia {
    pub fn size(&self) -> Option<(u32, u32)> {
        match (self.media_details.width, self.media_details.height) {
            (Some(w), Some(h)) if w > 0 && h > 0 => Some((w, h)),
            _ => None,
        }
    }

    /// The address and size to show it at: WordPress's `large` rendition when there is one (a phone
    /// needs no more), else the original.
    pub fn display(&self) -> (String, Option<(u32, u32)>) {
        if let Some(large) = self.media_details.sizes.get("large") {
            if let (Some(w), Some(h)) = (large.width, large.height) {
                if !large.source_url.is_empty() && w > 0 && h > 0 {
                    return (large.source_url.clone(), Some((w, h)));
                }
            }
        }
        (self.source_url.clone(), self.size())
    }
}
