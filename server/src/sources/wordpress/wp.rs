//! The parts of WordPress's REST answers the sync reads (`wp/v2`), leniently: a missing field is empty,
//! an id nothing was found for (a private image, a hidden author) is left out.

use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;

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
    /// The writer's user id, the featured image's attachment id (0: none) and the tag ids.
    pub author: u64,
    pub featured_media: u64,
    pub tags: Vec<u64>,
}

/// `{"id", "name"}` of a user or a tag.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Named {
    pub id: u64,
    pub name: String,
}

/// What posts name by id (writers, tags, featured and unsized images), read in one request per kind
/// for a page of posts: WordPress's `_embed` would cost it five times the posts themselves.
#[derive(Clone, Debug, Default)]
pub struct Refs {
    pub authors: HashMap<u64, String>,
    pub tags: HashMap<u64, String>,
    pub media: HashMap<u64, WpMedia>,
}

impl Refs {
    pub fn author(&self, post: &WpPost) -> Option<&str> {
        self.authors
            .get(&post.author)
            .map(String::as_str)
            .filter(|a| !a.is_empty())
    }

    /// The names of the post's tags, in WordPress's order.
    pub fn tag_names(&self, post: &WpPost) -> Vec<&str> {
        post.tags
            .iter()
            .filter_map(|id| self.tags.get(id))
            .map(String::as_str)
            .filter(|t| !t.is_empty())
            .collect()
    }

    /// The featured image, when WordPress lets it be read.
    pub fn featured(&self, post: &WpPost) -> Option<&WpMedia> {
        self.media.get(&post.featured_media)
    }
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
