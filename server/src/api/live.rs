//! Live updates over HTTP: the reader's feed (`GET …/live?since=N`, the poll) and stream
//! (`GET …/live/stream`, Server-Sent Events resumed by `Last-Event-ID`), and the publishing API's post,
//! live on/off and delete. The desk's routes (`desk/live.rs`) post through [`post_update`] too.

use super::{parse_id, Params, Seg};
use crate::auth::{Authorized, Role};
use crate::client::Client;
use crate::error::{AppError, AppResult};
use crate::keys::Keys;
use crate::live::Signal;
use crate::respond::{json_read, json_write, Cache};
use crate::store::{article_not_found, ArticleState};
use crate::State;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State as S};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use model::live::LIVE_FEED_MAX;
use model::{LiveUpdate, NewLiveUpdate};
use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;

/// A comment line on an idle stream this often, so proxies and phones keep the connection.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// How long a reader's EventSource waits before it reconnects.
const RETRY: Duration = Duration::from_secs(3);

/// 404 for an article never published, 410 for one taken down.
async fn missing(s: &State, id: i64) -> AppError {
    match s.store.article_state(id).await {
        Ok(ArticleState::Gone) => super::reads::article_gone(),
        Ok(_) => article_not_found(),
        Err(e) => e,
    }
}

/// A `since` or `Last-Event-ID`: a non-negative integer.
fn seq(field: &str, raw: &str) -> AppResult<i64> {
    raw.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| *n >= 0)
        .ok_or_else(|| {
            AppError::validation(
                field,
                format!("{field} 必须是非负整数 ({field} must be a non-negative integer)"),
            )
        })
}

/// `GET /api/v1/articles/{id}/live?since=N` → `LiveFeed`: the updates newer than `since`, newest first.
pub async fn feed(
    S(s): S<State>,
    Seg(id): Seg,
    q: Result<Query<HashMap<String, String>>, QueryRejection>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let id = parse_id(&id).ok_or_else(article_not_found)?;
    let since = Params::from(q)?
        .get("since")
        .map(|r| seq("since", r))
        .transpose()?
        .unwrap_or(0);
    let Some(feed) = s.store.live_feed(id, since, LIVE_FEED_MAX as u32).await? else {
        return Err(missing(&s, id).await);
    };
    let keys = Keys::default().with(Keys::article(id));
    Ok(json_read(&headers, &feed, Cache::Live, &keys))
}

/// What one stream holds between events.
struct Follow {
    s: State,
    article: u64,
    last: u64,
    pending: VecDeque<LiveUpdate>,
    rx: tokio::sync::broadcast::Receiver<Signal>,
    closing: tokio::sync::watch::Receiver<bool>,
    /// The article stopped being live: the `end` event was sent, the stream ends.
    ended: bool,
    _ticket: crate::live::Ticket,
}

/// What a stream sends next.
enum Next {
    Update(LiveUpdate),
    /// The article is no longer live.
    End,
    /// This update of the article was deleted.
    Remove(u64),
}

impl Follow {
    /// The article's updates after the last one sent, from the store, oldest first.
    async fn reread(&mut self) -> AppResult<()> {
        let feed = self
            .s
            .store
            .live_feed(self.article as i64, self.last as i64, LIVE_FEED_MAX as u32)
            .await?;
        self.pending
            .extend(feed.into_iter().flat_map(|f| f.updates.into_iter().rev()));
        Ok(())
    }

    /// The next event to send, or `None` when the stream is to end.
    async fn next(&mut self) -> Option<Next> {
        loop {
            if let Some(u) = self.pending.pop_front() {
                if u.id > self.last {
                    self.last = u.id;
                    return Some(Next::Update(u));
                }
                continue;
            }
            if *self.closing.borrow() || self.ended {
                return None;
            }
            tokio::select! {
                _ = self.closing.changed() => return None,
                got = self.rx.recv() => match got {
                    Ok(Signal::Update(u)) => {
                        if u.article.0 == self.article && u.id > self.last {
                            self.pending.push_back((*u).clone());
                        }
                    }
                    Ok(Signal::Removed { article, update }) => {
                        if article == self.article {
                            return Some(Next::Remove(update));
                        }
                    }
                    Ok(Signal::Ended(a)) => {
                        if a == self.article {
                            self.ended = true;
                            return Some(Next::End);
                        }
                    }
                    // Fell behind the broadcast: what it missed is in the store.
                    Err(RecvError::Lagged(_)) => {
                        if self.reread().await.is_err() {
                            // The reader reconnects with Last-Event-ID and loses nothing.
                            return None;
                        }
                    }
                    Err(RecvError::Closed) => return None,
                },
            }
        }
    }
}

fn event(next: &Next) -> Event {
    match next {
        Next::Update(u) => Event::default()
            .event("update")
            .id(u.id.to_string())
            .json_data(u)
            .unwrap_or_else(|_| Event::default().comment("unserialisable update")),
        Next::End => Event::default().event("end").data(r#"{"live":false}"#),
        Next::Remove(id) => Event::default()
            .event("remove")
            .data(format!(r#"{{"id":{id}}}"#)),
    }
}

/// `GET /api/v1/articles/{id}/live/stream`: `text/event-stream`, one `update` event per update after
/// `Last-Event-ID` (or `?since=`; without either, those posted from now on). 204 for an article that is
/// not live (EventSource then stops reconnecting).
pub async fn stream(
    S(s): S<State>,
    Seg(id): Seg,
    Client(reader): Client,
    q: Result<Query<HashMap<String, String>>, QueryRejection>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let id = parse_id(&id).ok_or_else(article_not_found)?;
    let resume = match headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.trim().is_empty())
    {
        Some(raw) => Some(seq("Last-Event-ID", raw)?),
        None => Params::from(q)?
            .get("since")
            .map(|r| seq("since", r))
            .transpose()?,
    };
    let Some(live) = s.store.live_flag(id).await? else {
        return Err(missing(&s, id).await);
    };
    if !live {
        let mut res = StatusCode::NO_CONTENT.into_response();
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        return Ok(res);
    }
    let ticket = s.live_hub.open(&reader.to_string(), id as u64)?;
    // Subscribed before the store is read: nothing posted in between is missed (repeats are skipped by
    // id).
    let rx = s.live_hub.subscribe();
    let closing = s.live_hub.closing();
    let mut follow = Follow {
        s: s.clone(),
        article: id as u64,
        last: 0,
        pending: VecDeque::new(),
        rx,
        closing,
        ended: false,
        _ticket: ticket,
    };
    match resume {
        Some(since) => {
            follow.last = since as u64;
            follow.reread().await?;
        }
        None => follow.last = s.store.live_newest().await?.max(0) as u64,
    }
    let first = futures::stream::once(async { Ok::<_, Infallible>(Event::default().retry(RETRY)) });
    let updates = futures::stream::unfold(follow, |mut f| async move {
        let next = f.next().await?;
        Some((Ok::<_, Infallible>(event(&next)), f))
    });
    let body = Sse::new(futures::StreamExt::chain(first, updates))
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE));
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    // nginx passes the events on as they come instead of buffering them.
    h.insert("x-accel-buffering", HeaderValue::from_static("no"));
    Ok(res)
}

/// The checked body of a post: the comment rules for its text, and an image from where pages may load
/// one (the CSP's `img-src`, as for articles).
pub fn checked(s: &State, headers: &HeaderMap, body: &Bytes) -> AppResult<NewLiveUpdate> {
    let raw: NewLiveUpdate = super::admin::json_body(headers, body)?;
    let update = raw
        .validate()
        .map_err(|e| AppError::validation(e.field, e.message))?;
    if let Some(image) = &update.image {
        let mut origins = s.config.media_origins();
        origins.extend(
            s.config
                .public_url
                .as_deref()
                .and_then(crate::cli::origin_of),
        );
        if !crate::sources::import::media_allowed(&image.url, &origins) {
            return Err(AppError::validation(
                "image",
                format!(
                    "图片的网站不在允许之列 ({} is on an origin pages may not load images from)",
                    image.url.as_str()
                ),
            ));
        }
    }
    Ok(update)
}

/// The optional `Idempotency-Key` of a post (the comment rules: 8–100 of `[A-Za-z0-9_-]`).
pub fn idempotency_key(headers: &HeaderMap) -> AppResult<Option<String>> {
    match headers.get("idempotency-key") {
        None => Ok(None),
        Some(v) => v
            .to_str()
            .ok()
            .filter(|k| model::comment::valid_idempotency_key(k))
            .map(|k| Some(k.to_owned()))
            .ok_or_else(|| {
                AppError::bad_request(
                    "Idempotency-Key 须为 8–100 个字母、数字、- 或 _ (Idempotency-Key must be 8–100 of [A-Za-z0-9_-])",
                )
            }),
    }
}

/// Posts an update to a published article (404 unknown, 410 taken down), marks it live, drops what the
/// caches hold of it and wakes this instance's poller. `201` for a new update, `200` for the one an
/// earlier post with the same `Idempotency-Key` made.
pub async fn post_update(
    s: &State,
    id: i64,
    update: NewLiveUpdate,
    key: Option<String>,
    actor: &str,
) -> AppResult<(StatusCode, LiveUpdate)> {
    super::reads::live_channel(s.store.article_state(id).await?)?;
    let posted = s.store.live_post(id, update, key, actor).await?;
    if !posted.created {
        return Ok((StatusCode::OK, posted.update));
    }
    s.wrote(&Keys::default().with(Keys::article(id))).await?;
    s.live_hub.poke();
    tracing::info!(article = id, update = posted.update.id, %actor, "live update posted");
    Ok((StatusCode::CREATED, posted.update))
}

/// Marks a published article live or not; drops what the caches hold of it.
pub async fn set_live(s: &State, id: i64, live: bool, actor: &str) -> AppResult<()> {
    super::reads::live_channel(s.store.article_state(id).await?)?;
    s.store.live_set(id, live, actor).await?;
    s.wrote(&Keys::default().with(Keys::article(id))).await?;
    tracing::info!(article = id, live, %actor, "live set");
    Ok(())
}

/// The answer to a change of the live mark.
pub fn live_mark(id: i64, live: bool) -> AppResult<Vec<u8>> {
    Ok(serde_json::to_vec(
        &serde_json::json!({ "id": id, "live": live }),
    )?)
}

/// `POST /api/v1/admin/articles/{id}/live` with a `NewLiveUpdate` (and optionally an `Idempotency-Key`)
/// → 201 and the `LiveUpdate` (200 and the same one for a retry with the key).
pub async fn admin_post(
    S(s): S<State>,
    who: Authorized,
    Seg(id): Seg,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    who.require(Role::Publisher)?;
    let id = parse_id(&id).ok_or_else(article_not_found)?;
    let key = idempotency_key(&headers)?;
    let update = checked(&s, &headers, &body)?;
    let (status, posted) = post_update(&s, id, update, key, &format!("api:{}", who.name)).await?;
    Ok(json_write(status, serde_json::to_vec(&posted)?))
}

#[derive(serde::Deserialize)]
struct Mark {
    live: bool,
}

/// `PUT /api/v1/admin/articles/{id}/live` with `{"live": true|false}` → `{"id", "live"}`.
pub async fn admin_mark(
    S(s): S<State>,
    who: Authorized,
    Seg(id): Seg,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    who.require(Role::Publisher)?;
    let id = parse_id(&id).ok_or_else(article_not_found)?;
    let Mark { live } = super::admin::json_body(&headers, &body)?;
    set_live(&s, id, live, &format!("api:{}", who.name)).await?;
    Ok(json_write(StatusCode::OK, live_mark(id, live)?))
}

/// `DELETE /api/v1/admin/articles/{id}/live/{update}` → `{"id": update, "article": id, "deleted": true}`.
/// Open streams get a `remove` event (on every instance, through the pollers).
pub async fn admin_delete(
    S(s): S<State>,
    who: Authorized,
    Path((id, update)): Path<(String, String)>,
) -> AppResult<Response> {
    who.require(Role::Publisher)?;
    let id = parse_id(&id).ok_or_else(article_not_found)?;
    let update = parse_id(&update).ok_or_else(crate::store::live::no_such_update)?;
    s.store
        .live_delete(id, update, &format!("api:{}", who.name))
        .await?;
    s.wrote(&Keys::default().with(Keys::article(id))).await?;
    s.live_hub.poke();
    let body = serde_json::json!({ "id": update, "article": id, "deleted": true });
    Ok(json_write(StatusCode::OK, serde_json::to_vec(&body)?))
}
