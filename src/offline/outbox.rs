//! Comments written offline: queued in localStorage with their idempotency key, shown as 待发送, and
//! sent when the network is back — on `online`, and when the app starts, so also after the app was
//! closed in between. The server keeps one comment per key, so a queued post that also went out some
//! other way is still one comment.

use super::{is_online, Offline};
use crate::api::{self, ApiError};
use leptos::prelude::*;
use model::{ArticleId, Comment, NewComment};
use serde::{Deserialize, Serialize};

pub const KEY: &str = "difang.outbox";
/// Comment drafts are stored under this prefix (widgets/comments/draft.rs).
const DRAFT_PREFIX: &str = "difang.draft.";

/// A comment waiting for the network.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Queued {
    pub article: u64,
    /// Its `Idempotency-Key`, the same on every attempt.
    pub key: String,
    pub body: NewComment,
}

pub fn load() -> Vec<Queued> {
    crate::state::prefs::storage_get(KEY)
        .and_then(|s| crate::json::from_str(&s).ok())
        .unwrap_or_default()
}

fn store(list: &[Queued]) {
    if let Ok(s) = crate::json::to_string(&list) {
        crate::state::prefs::storage_set(KEY, &s);
    }
}

/// True when comments wait (read without decoding them).
pub fn has_queued() -> bool {
    crate::state::prefs::storage_get(KEY).is_some_and(|s| s.trim() != "[]" && !s.trim().is_empty())
}

/// Queues a comment (once per key).
pub fn add(q: Queued) {
    let mut list = load();
    list.retain(|e| e.key != q.key);
    list.push(q);
    store(&list);
}

fn remove(key: &str) {
    let mut list = load();
    list.retain(|e| e.key != key);
    store(&list);
}

/// The comments queued for `article`.
pub fn queued_for(article: ArticleId) -> Vec<Queued> {
    load()
        .into_iter()
        .filter(|q| q.article == article.0)
        .collect()
}

/// True when a comment draft holds words not sent yet: the page must not reload under it.
pub fn unsent_draft() -> bool {
    let Some(s) = crate::browser::window().and_then(|w| w.local_storage().ok().flatten()) else {
        return false;
    };
    let n = s.length().unwrap_or(0);
    (0..n).filter_map(|i| s.key(i).ok().flatten()).any(|k| {
        k.starts_with(DRAFT_PREFIX)
            && s.get_item(&k).ok().flatten().is_some_and(|v| {
                crate::json::from_str::<DraftText>(&v).is_ok_and(|d| !d.text.trim().is_empty())
            })
    })
}

#[derive(Deserialize)]
struct DraftText {
    #[serde(default)]
    text: String,
}

/// Where the comments the outbox got through are kept a while (the newest few), for a thread drawn now
/// to show them in place of its 待发送 rows; `SENT_EVENT` on window says there is a new one.
pub const SENT_KEY: &str = "difang.outbox.sent";
pub const SENT_EVENT: &str = "difang-outbox-sent";

/// A comment the outbox sent: its key and the server's comment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sent {
    pub key: String,
    pub comment: Comment,
}

pub fn sent() -> Vec<Sent> {
    crate::state::prefs::storage_get(SENT_KEY)
        .and_then(|s| crate::json::from_str(&s).ok())
        .unwrap_or_default()
}

fn announce(key: &str, comment: Comment) {
    let mut list = sent();
    list.insert(
        0,
        Sent {
            key: key.to_owned(),
            comment,
        },
    );
    list.truncate(20);
    if let Ok(s) = crate::json::to_string(&list) {
        crate::state::prefs::storage_set(SENT_KEY, &s);
    }
    if let (Some(w), Ok(e)) = (crate::browser::window(), web_sys::Event::new(SENT_EVENT)) {
        let _ = w.dispatch_event(&e);
    }
}

/// Sends the queue, oldest first, while the network answers. A comment the server turns down for good
/// (a rule it breaks) leaves the queue; a network failure or a 429/5xx stops the round, kept for the
/// next. What went through is announced (`SENT_EVENT`) for the thread that shows it.
pub fn flush(off: Offline) {
    if !is_online() || off.handles.with_value(|h| h.flushing) || !has_queued() {
        return;
    }
    off.handles.update_value(|h| h.flushing = true);
    leptos::task::spawn_local(async move {
        for q in load() {
            let result = api::comments::post(ArticleId(q.article), &q.body, &q.key).await;
            match result {
                Ok(c) => {
                    remove(&q.key);
                    announce(&q.key, c);
                }
                Err(ApiError::Http { status, .. }) if status == 429 || status >= 500 => break,
                Err(ApiError::Network(_) | ApiError::Timeout | ApiError::Aborted) => break,
                Err(_) => remove(&q.key),
            }
        }
        off.handles.try_update_value(|h| h.flushing = false);
    });
}
