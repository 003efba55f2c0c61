//! The reader's unsent words in localStorage: per-article/per-reply drafts with the idempotency key of
//! their last submission, the remembered name, and this browser's comments awaiting review.

use model::{ArticleId, Comment, CommentId, NewComment};
use serde::{de::DeserializeOwned, Deserialize, Serialize};

const NAME_KEY: &str = "difang.comment.name";

/// What the form holds, saved as the reader types.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub author: String,
    pub text: String,
    /// The last submission of this draft: its cleaned body and the key it was sent with.
    #[serde(default)]
    pub sent: Option<Sent>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sent {
    pub key: String,
    pub body: NewComment,
}

impl Draft {
    /// The `Idempotency-Key` for sending `body`: the stored one when this very body was sent before (a
    /// retry, a double tap, a repeat after a lost response or a reload), a new one otherwise.
    pub fn key_for(&mut self, body: &NewComment) -> String {
        match &self.sent {
            Some(s) if s.body == *body => s.key.clone(),
            _ => {
                let key = new_key();
                self.sent = Some(Sent {
                    key: key.clone(),
                    body: body.clone(),
                });
                key
            }
        }
    }
}

/// `difang.draft.1001` for a new comment, `difang.draft.1001.r42` for a reply to comment 42.
pub fn key(article: ArticleId, parent: Option<CommentId>) -> String {
    match parent {
        Some(p) => format!("difang.draft.{article}.r{p}"),
        None => format!("difang.draft.{article}"),
    }
}

/// A fresh idempotency key: 26 characters of `[a-z0-9-]`, unique enough for one browser's posts.
pub fn new_key() -> String {
    let mut s = format!("c{:x}-", crate::browser::now_ms() as u64);
    while s.len() < 26 {
        let digit = (js_sys::Math::random() * 36.0) as u32 % 36;
        s.push(char::from_digit(digit, 36).unwrap_or('0'));
    }
    s
}

fn storage() -> Option<web_sys::Storage> {
    crate::browser::window()?.local_storage().ok()?
}

fn read<T: DeserializeOwned>(key: &str) -> Option<T> {
    crate::json::from_str(&storage()?.get_item(key).ok()??).ok()
}

fn write<T: Serialize>(key: &str, value: &T) {
    if let (Some(s), Ok(json)) = (storage(), crate::json::to_string(value)) {
        // A full storage must not break the form: the words are still on screen.
        let _ = s.set_item(key, &json);
    }
}

pub fn load(key: &str) -> Option<Draft> {
    read(key)
}

pub fn save(key: &str, draft: &Draft) {
    write(key, draft)
}

/// Called only once the server confirmed the comment.
pub fn clear(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

pub fn remembered_name() -> Option<String> {
    storage()?.get_item(NAME_KEY).ok()?
}

pub fn remember_name(name: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(NAME_KEY, name);
    }
}

fn pending_key(article: ArticleId) -> String {
    format!("difang.pending.{article}")
}

/// This browser's comments on `article` that wait for moderation (never listed by the server).
pub fn pending(article: ArticleId) -> Vec<Comment> {
    read(&pending_key(article)).unwrap_or_default()
}

pub fn add_pending(article: ArticleId, comment: &Comment) {
    let mut all = pending(article);
    if !all.iter().any(|c| c.id == comment.id) {
        all.push(comment.clone());
        write(&pending_key(article), &all);
    }
}

/// Forgets pending comments the server now lists as published.
pub fn drop_pending(article: ArticleId, published: &[CommentId]) {
    let all = pending(article);
    let kept: Vec<Comment> = all
        .iter()
        .filter(|c| !published.contains(&c.id))
        .cloned()
        .collect();
    if kept.len() != all.len() {
        write(&pending_key(article), &kept);
    }
}
