//! Comments: the thread's shape, the post body, and the validation rules both the app and server enforce.

use crate::ArticleId;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CommentId(pub u64);

impl std::fmt::Display for CommentId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommentStatus {
    Published,
    /// Held for pre-moderation: returned only to the poster, never listed.
    Pending,
    /// Hidden or removed by a moderator: listed as a tombstone (empty author and text) so its replies
    /// keep their place; drawn as 该评论已被删除.
    Removed,
}

/// One comment. `text` is plain text: the app shows it as text nodes, never as HTML.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comment {
    pub id: CommentId,
    pub article_id: ArticleId,
    #[serde(default)]
    pub parent_id: Option<CommentId>,
    /// The author of the parent comment, for "回复 @name" when a reply is shown flat.
    #[serde(default)]
    pub reply_to: Option<String>,
    pub author: String,
    pub text: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    pub status: CommentStatus,
    /// Number of direct replies.
    pub reply_count: u32,
}

/// Sort order of a comment list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommentOrder {
    #[default]
    Newest,
    Oldest,
}

/// A page of comments: top-level ones, or the replies to one comment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommentPage {
    pub items: Vec<Comment>,
    #[serde(default)]
    pub next_cursor: Option<String>,
    /// Published comments in the whole list (all pages).
    pub total: u32,
    /// Published comments of the whole article, at all levels: what a thread's heading counts. Only in
    /// top-level lists (no `parent`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article_total: Option<u32>,
    /// The desk closed the article's comments: the thread is shown, posting is refused
    /// (`comments_closed`). Only in top-level lists; absent when open.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub closed: bool,
}

/// One comment as a link to it finds it (`GET /api/v1/comments/{id}`): the comment, its article, and the
/// comments above it, so an app can open the thread down to it when it is not among the pages shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommentTrail {
    pub article_id: ArticleId,
    /// A published comment (a hidden, removed or held one is a 404).
    pub comment: Comment,
    /// Its parents, the top-level comment first and its direct parent last (empty for a top-level
    /// comment). A parent the desk hid or removed is a tombstone, as in a list.
    pub ancestors: Vec<Comment>,
}

impl CommentTrail {
    /// The comments from the top-level one down to the linked one, each the parent of the next.
    pub fn path(&self) -> impl Iterator<Item = &Comment> {
        self.ancestors.iter().chain(std::iter::once(&self.comment))
    }

    /// True if each comment's parent is the one before it, the first is top-level, and all are of the
    /// article: what an app checks before it opens the thread along it.
    pub fn is_chain(&self) -> bool {
        let mut parent = None;
        for c in self.path() {
            if c.parent_id != parent || c.article_id != self.article_id {
                return false;
            }
            parent = Some(c.id);
        }
        true
    }
}

/// The body of `POST /api/v1/articles/{id}/comments`. The request also carries an `Idempotency-Key`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewComment {
    pub author: String,
    pub text: String,
    #[serde(default)]
    pub parent_id: Option<CommentId>,
}

/// Length limits, counted in Unicode scalar values (characters), after trimming.
pub const AUTHOR_MAX_CHARS: usize = 40;
pub const TEXT_MAX_CHARS: usize = 2000;
/// Idempotency keys are 8–100 characters of `[A-Za-z0-9_-]`.
pub const IDEMPOTENCY_KEY_CHARS: std::ops::RangeInclusive<usize> = 8..=100;

/// A rule a [`NewComment`] broke; `field` is the JSON field name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

/// Removes control characters (keeping line breaks in `text`), normalises `\r\n`, and trims.
pub fn clean(input: &str, keep_newlines: bool) -> String {
    let unified = input.replace("\r\n", "\n").replace('\r', "\n");
    let kept: String = unified
        .chars()
        .filter(|&c| (keep_newlines && c == '\n') || !(c.is_control() || is_invisible_format(c)))
        .collect();
    if keep_newlines {
        // At most two consecutive blank lines survive, so a post cannot be a wall of emptiness.
        let mut out = String::with_capacity(kept.len());
        let mut run = 0;
        for c in kept.trim().chars() {
            run = if c == '\n' { run + 1 } else { 0 };
            if run <= 2 {
                out.push(c);
            }
        }
        out
    } else {
        kept.trim().to_owned()
    }
}

/// Bidi overrides and zero-width characters that would let a name impersonate another or hide text.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

impl NewComment {
    /// Cleans and checks the comment; returns the cleaned comment the server stores.
    pub fn validate(&self) -> Result<NewComment, FieldError> {
        let author = clean(&self.author, false);
        let text = clean(&self.text, true);
        check_len("author", &author, AUTHOR_MAX_CHARS, "昵称")?;
        check_len("text", &text, TEXT_MAX_CHARS, "评论")?;
        Ok(NewComment {
            author,
            text,
            parent_id: self.parent_id,
        })
    }
}

fn check_len(field: &'static str, value: &str, max: usize, label: &str) -> Result<(), FieldError> {
    let n = value.chars().count();
    if n == 0 {
        Err(FieldError {
            field,
            message: format!("{label}不能为空 ({field} is required)"),
        })
    } else if n > max {
        Err(FieldError {
            field,
            message: format!(
                "{label}最多{max}个字,现有{n}个 ({field} is {n} characters; at most {max})"
            ),
        })
    } else {
        Ok(())
    }
}

/// True if `key` is an acceptable `Idempotency-Key`.
pub fn valid_idempotency_key(key: &str) -> bool {
    IDEMPOTENCY_KEY_CHARS.contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(author: &str, text: &str) -> NewComment {
        NewComment {
            author: author.into(),
            text: text.into(),
            parent_id: None,
        }
    }

    #[test]
    fn counts_characters_not_bytes() {
        let forty_cjk = "资".repeat(40);
        assert!(post(&forty_cjk, "好").validate().is_ok());
        let err = post(&"资".repeat(41), "好").validate().unwrap_err();
        assert_eq!(err.field, "author");
        let emoji_text = "😀".repeat(2000);
        assert!(post("a", &emoji_text).validate().is_ok());
        assert_eq!(
            post("a", &"😀".repeat(2001)).validate().unwrap_err().field,
            "text"
        );
    }

    #[test]
    fn trims_and_strips_control_characters() {
        let ok = post(
            "  张三\u{0007}\u{202E} ",
            " 第一行\r\n第二行\u{0000}\n\n\n\n\n末行 ",
        )
        .validate()
        .unwrap();
        assert_eq!(ok.author, "张三");
        assert_eq!(ok.text, "第一行\n第二行\n\n末行");
    }

    #[test]
    fn empty_after_trimming_is_refused() {
        assert_eq!(post(" \t ", "x").validate().unwrap_err().field, "author");
        assert_eq!(
            post("x", "\u{200B}\n \n").validate().unwrap_err().field,
            "text"
        );
    }

    #[test]
    fn idempotency_keys() {
        assert!(valid_idempotency_key("abc-DEF_12345"));
        assert!(!valid_idempotency_key("short"));
        assert!(!valid_idempotency_key("has space in it"));
        assert!(!valid_idempotency_key(&"a".repeat(101)));
    }

    fn comment(id: u64, parent: Option<u64>) -> Comment {
        Comment {
            id: CommentId(id),
            article_id: ArticleId(1),
            parent_id: parent.map(CommentId),
            reply_to: None,
            author: "a".into(),
            text: "t".into(),
            created_at: OffsetDateTime::UNIX_EPOCH,
            status: CommentStatus::Published,
            reply_count: 0,
        }
    }

    #[test]
    fn a_trail_is_a_chain_from_the_top() {
        let trail = |ancestors: Vec<Comment>, c: Comment| CommentTrail {
            article_id: ArticleId(1),
            comment: c,
            ancestors,
        };
        assert!(trail(vec![], comment(5, None)).is_chain());
        let deep = trail(
            vec![comment(1, None), comment(2, Some(1))],
            comment(3, Some(2)),
        );
        assert!(deep.is_chain());
        assert_eq!(deep.path().map(|c| c.id.0).collect::<Vec<_>>(), [1, 2, 3]);
        assert!(
            !trail(vec![], comment(3, Some(2))).is_chain(),
            "not from the top"
        );
        assert!(
            !trail(vec![comment(1, None)], comment(3, Some(2))).is_chain(),
            "a gap"
        );
        let mut other = comment(3, Some(1));
        other.article_id = ArticleId(2);
        assert!(
            !trail(vec![comment(1, None)], other).is_chain(),
            "another article"
        );
    }
}
