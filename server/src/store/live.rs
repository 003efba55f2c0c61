//! Live updates in the store: posting, deleting, marking an article live, an article's feed and the
//! site-wide `id > N` read each instance's poller makes (each backend's SQL is in its own `live.rs`).

use super::{ArticleFlag, Store};
use crate::error::{AppError, AppResult};
use model::{ArticleId, Image, LiveFeed, LiveUpdate, NewLiveUpdate};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// The columns of a [`LiveUpdate`], as stored: id, article_id, at, text, image.
pub type LiveRow = (i64, i64, String, String, Option<String>);

/// The columns every live read selects, in [`LiveRow`]'s order.
pub const LIVE_COLUMNS: &str = "id, article_id, at, text, image";

pub fn live_update((id, article, at, text, image): LiveRow) -> AppResult<LiveUpdate> {
    Ok(LiveUpdate {
        id: id.max(0) as u64,
        article: ArticleId(article.max(0) as u64),
        at: OffsetDateTime::parse(&at, &Rfc3339)
            .map_err(|e| AppError::Internal(format!("stored time {at:?}: {e}")))?,
        text,
        image: image
            .map(|s| serde_json::from_str::<Image>(&s))
            .transpose()?,
    })
}

/// What a post did: a new update, or the one an earlier post with the same `Idempotency-Key` made.
pub struct LivePosted {
    pub update: LiveUpdate,
    pub created: bool,
}

/// 409: the key was used for another update.
pub fn key_reused() -> AppError {
    AppError::new(
        model::ErrorCode::Conflict,
        "这个 Idempotency-Key 已用于另一条动态 (Idempotency-Key was used for a different update)",
    )
}

/// The stored update an earlier post with the same key made, if it is the same update; 409 if not.
pub fn replay(stored: LiveRow, update: &NewLiveUpdate) -> AppResult<LivePosted> {
    let stored = live_update(stored)?;
    if stored.text != update.text || stored.image != update.image {
        return Err(key_reused());
    }
    Ok(LivePosted {
        update: stored,
        created: false,
    })
}

/// No such update of this article.
pub fn no_such_update() -> AppError {
    AppError::not_found("没有这条动态 (no such live update)")
}

impl Store {
    /// Stores an update (already cleaned by `NewLiveUpdate::validate`), marks the article live, notes
    /// the article's key in the change log and `actor`'s audit line, in one transaction. With `key`, a
    /// post of the same update with the same key answers the first one's update (a retry through a
    /// balancer makes one update, not two); another update with that key is a 409. 404 for no such
    /// article.
    pub async fn live_post(
        &self,
        article: i64,
        update: NewLiveUpdate,
        key: Option<String>,
        actor: &str,
    ) -> AppResult<LivePosted> {
        backend!(self.live_post(article, update, key, actor))
    }

    /// Marks an article live or not (audited, noted); returns what it was. 404 for no such article.
    pub async fn live_set(&self, article: i64, live: bool, actor: &str) -> AppResult<bool> {
        backend!(self.set_article_flag(article, ArticleFlag::Live, live, actor))
    }

    /// Deletes one update of an article (audited, noted). 404 when the article has no such update.
    pub async fn live_delete(&self, article: i64, update: i64, actor: &str) -> AppResult<()> {
        backend!(self.live_delete(article, update, actor))
    }

    /// Whether an article is live, `None` for no such article.
    pub async fn live_flag(&self, article: i64) -> AppResult<Option<bool>> {
        backend!(self.live_flag(article))
    }

    /// An article's updates newer than `since`, newest first, at most `limit`; `None` for no such
    /// article.
    pub async fn live_feed(
        &self,
        article: i64,
        since: i64,
        limit: u32,
    ) -> AppResult<Option<LiveFeed>> {
        let Some(live) = self.live_flag(article).await? else {
            return Ok(None);
        };
        let (updates, last) = backend!(self.live_updates(article, since, limit))?;
        Ok(Some(LiveFeed {
            live,
            updates,
            last_id: last.max(0) as u64,
        }))
    }

    /// Every article's updates after `seq`, oldest first, at most `limit` (the poller's read).
    pub async fn live_after(&self, seq: i64, limit: u32) -> AppResult<Vec<LiveUpdate>> {
        backend!(self.live_after(seq, limit))
    }

    /// Of these articles, those not live (unmarked, taken down or unknown).
    pub async fn live_ended(&self, articles: Vec<i64>) -> AppResult<Vec<i64>> {
        backend!(self.live_ended(articles))
    }

    /// Deleted updates after `seq`, oldest first, at most `limit`: (seq, article, update).
    pub async fn live_removals_after(
        &self,
        seq: i64,
        limit: u32,
    ) -> AppResult<Vec<(i64, i64, i64)>> {
        backend!(self.live_removals_after(seq, limit))
    }

    /// The newest deletion's number (0 when none).
    pub async fn live_removals_newest(&self) -> AppResult<i64> {
        backend!(self.live_removals_newest())
    }

    /// The newest update's id (0 when none).
    pub async fn live_newest(&self) -> AppResult<i64> {
        backend!(self.live_newest())
    }
}
