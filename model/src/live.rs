//! Live updates: short timestamped posts (text, an optional image) on an article that follows a story as
//! it develops, read by polling (`LiveFeed`) or as Server-Sent Events (one `LiveUpdate` per event).

use crate::comment::{clean, FieldError};
use crate::{ArticleId, Image};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// The longest update, in characters after cleaning.
pub const LIVE_TEXT_MAX_CHARS: usize = 2000;
/// The longest image description.
pub const LIVE_ALT_MAX_CHARS: usize = 200;
/// The largest image side a page reserves room for.
pub const LIVE_IMAGE_MAX_SIDE: u32 = 10_000;
/// The most updates one feed answer carries (the newest ones).
pub const LIVE_FEED_MAX: usize = 100;

/// One update of a live article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LiveUpdate {
    /// Increases with every update of the site (across articles and instances): a reader resumes after
    /// the last one it saw (`?since=`, `Last-Event-ID`).
    pub id: u64,
    pub article: ArticleId,
    /// When it was posted (RFC 3339).
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
}

/// `GET /api/v1/articles/{id}/live?since=N`: whether the article is live, and its updates newer than
/// `since` (all when absent; at most [`LIVE_FEED_MAX`]), newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LiveFeed {
    pub live: bool,
    pub updates: Vec<LiveUpdate>,
    /// The newest update id of this article (0 when it has none): the next poll's `since`.
    pub last_id: u64,
}

/// The body of a post of an update (publishing API and desk).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewLiveUpdate {
    pub text: String,
    #[serde(default)]
    pub image: Option<Image>,
}

impl NewLiveUpdate {
    /// Cleans and checks the update (the comment rules for text: control and bidi characters removed,
    /// trimmed, counted in characters); returns what is stored.
    pub fn validate(&self) -> Result<NewLiveUpdate, FieldError> {
        let text = clean(&self.text, true);
        let n = text.chars().count();
        if n == 0 {
            return Err(FieldError {
                field: "text",
                message: "动态内容不能为空 (text is required)".into(),
            });
        }
        if n > LIVE_TEXT_MAX_CHARS {
            return Err(FieldError {
                field: "text",
                message: format!(
                    "动态最多{LIVE_TEXT_MAX_CHARS}个字,现有{n}个 (text is {n} characters; at most {LIVE_TEXT_MAX_CHARS})"
                ),
            });
        }
        let image = match &self.image {
            None => None,
            Some(i) => {
                let sides = 1..=LIVE_IMAGE_MAX_SIDE;
                if !sides.contains(&i.width) || !sides.contains(&i.height) {
                    return Err(FieldError {
                        field: "image",
                        message: format!(
                            "图片宽高须为 1–{LIVE_IMAGE_MAX_SIDE} (image width and height must be 1..={LIVE_IMAGE_MAX_SIDE})"
                        ),
                    });
                }
                let alt = clean(&i.alt, false);
                if alt.chars().count() > LIVE_ALT_MAX_CHARS {
                    return Err(FieldError {
                        field: "image",
                        message: format!(
                            "图片说明最多{LIVE_ALT_MAX_CHARS}个字 (image alt is at most {LIVE_ALT_MAX_CHARS} characters)"
                        ),
                    });
                }
                Some(Image { alt, ..i.clone() })
            }
        };
        Ok(NewLiveUpdate { text, image })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(text: &str) -> NewLiveUpdate {
        NewLiveUpdate {
            text: text.into(),
            image: None,
        }
    }

    #[test]
    fn cleans_and_bounds_the_text() {
        assert_eq!(
            post("  水位回落 \u{202E}").validate().unwrap().text,
            "水位回落"
        );
        assert_eq!(post(" \n ").validate().unwrap_err().field, "text");
        assert!(post(&"涨".repeat(LIVE_TEXT_MAX_CHARS)).validate().is_ok());
        assert_eq!(
            post(&"涨".repeat(LIVE_TEXT_MAX_CHARS + 1))
                .validate()
                .unwrap_err()
                .field,
            "text"
        );
    }

    #[test]
    fn checks_the_image() {
        let json =
            r#"{"text":"t","image":{"url":"javascript:alert(1)","width":1,"height":1,"alt":""}}"#;
        assert!(serde_json::from_str::<NewLiveUpdate>(json).is_err());
        let json = r#"{"text":"t","image":{"url":"/media/a.jpg","width":0,"height":1,"alt":""}}"#;
        let u: NewLiveUpdate = serde_json::from_str(json).unwrap();
        assert_eq!(u.validate().unwrap_err().field, "image");
    }

    #[test]
    fn an_update_without_image_leaves_it_out() {
        let u = LiveUpdate {
            id: 7,
            article: ArticleId(1001),
            at: OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap(),
            text: "t".into(),
            image: None,
        };
        let json = serde_json::to_string(&u).unwrap();
        assert_eq!(
            json,
            r#"{"id":7,"article":1001,"at":"2023-11-14T22:13:20Z","text":"t"}"#
        );
        assert_eq!(serde_json::from_str::<LiveUpdate>(&json).unwrap(), u);
    }
}
