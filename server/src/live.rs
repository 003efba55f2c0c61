//! Live updates' delivery to open streams: one poller per instance reads the updates written since its
//! last look (by any instance: they share the database) and broadcasts them to this instance's streams;
//! the caps on open streams, per instance and per client.
//!
//! Why a poller and not the posting instance's own broadcast: behind a balancer a reader's stream and an
//! editor's post land on different instances. The store is the one place both see, and an indexed
//! `id > N` read every [`POLL_EVERY`] costs next to nothing; a post on this instance wakes it at once.

use crate::error::AppError;
use crate::State;
use model::{ApiError, ErrorCode, LiveUpdate};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{broadcast, oneshot, watch, Notify, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinHandle;

/// How often the store is asked for updates other instances wrote.
pub const POLL_EVERY: Duration = Duration::from_millis(500);
/// Updates read per query (a burst bigger than that is read in several).
const BATCH: u32 = 500;
/// Updates a stream may fall behind by before it reads the store again instead (`Lagged`).
const CHANNEL: usize = 1024;

/// The streams an instance holds at most: `wanted`, but never more than three quarters of its
/// connections (a stream holds one for as long as it lasts; the rest are kept for other requests).
pub fn stream_cap(wanted: usize, max_connections: usize) -> usize {
    let room = (max_connections - max_connections / 4).max(1);
    if wanted > room {
        tracing::warn!(
            wanted,
            room,
            "--max-live-streams is above 3/4 of --max-connections; streams are capped at {room}"
        );
    }
    wanted.min(room)
}

/// What the poller tells the streams.
#[derive(Clone, Debug)]
pub enum Signal {
    /// A new update (of any article: each stream keeps its own).
    Update(Arc<LiveUpdate>),
    /// This article is no longer live (or was taken down): its streams say so and end.
    Ended(u64),
    /// An update was deleted: streams of its article tell the reader to drop it.
    Removed { article: u64, update: u64 },
}

/// How far the poller has read: the newest update id and the newest deletion's number.
#[derive(Clone, Copy, Debug)]
struct Seen {
    updates: i64,
    removals: i64,
}

/// Open streams counted by a key (a client, an article).
type Counts<K> = Arc<Mutex<HashMap<K, usize>>>;

fn count_up<K: std::hash::Hash + Eq>(counts: &Counts<K>, key: K) {
    *counts
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .entry(key)
        .or_default() += 1;
}

fn count_down<K: std::hash::Hash + Eq>(counts: &Counts<K>, key: &K) {
    let mut map = counts.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(n) = map.get_mut(key) {
        *n -= 1;
        if *n == 0 {
            map.remove(key);
        }
    }
}

/// What the streams of this instance share.
pub struct Hub {
    tx: broadcast::Sender<Signal>,
    wake: Notify,
    closing: watch::Sender<bool>,
    streams: Arc<Semaphore>,
    per_client: Counts<String>,
    /// The articles streams follow here, which the poller checks are still live.
    watched: Counts<u64>,
    max_per_client: usize,
}

/// An open stream's place under the caps; given back when the stream ends.
pub struct Ticket {
    _permit: OwnedSemaphorePermit,
    client: String,
    article: u64,
    per_client: Counts<String>,
    watched: Counts<u64>,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        count_down(&self.per_client, &self.client);
        count_down(&self.watched, &self.article);
    }
}

impl Hub {
    pub fn new(max_streams: usize, max_per_client: usize) -> Hub {
        Hub {
            tx: broadcast::channel(CHANNEL).0,
            wake: Notify::new(),
            closing: watch::channel(false).0,
            streams: Arc::new(Semaphore::new(max_streams)),
            per_client: Arc::default(),
            watched: Arc::default(),
            max_per_client: max_per_client.max(1),
        }
    }

    /// A place for one more stream of `client` following `article`: 503 when this instance holds its
    /// most, 429 when the client does (trusted proxies are counted as their forwarded clients).
    pub fn open(&self, client: &str, article: u64) -> Result<Ticket, AppError> {
        let Ok(permit) = self.streams.clone().try_acquire_owned() else {
            let mut e = ApiError::new(
                ErrorCode::Unavailable,
                "实时动态连接已满,请稍后再试 (too many live streams here; retry shortly or poll)",
            );
            e.error.retry_after = Some(10);
            return Err(AppError::Api(e));
        };
        let mut map = self.per_client.lock().unwrap_or_else(|e| e.into_inner());
        let n = map.entry(client.to_owned()).or_default();
        if *n >= self.max_per_client {
            let mut e = ApiError::new(
                ErrorCode::RateLimited,
                "打开的实时动态太多 (too many live streams from this client)",
            );
            e.error.retry_after = Some(10);
            return Err(AppError::Api(e));
        }
        *n += 1;
        drop(map);
        count_up(&self.watched, article);
        Ok(Ticket {
            _permit: permit,
            client: client.to_owned(),
            article,
            per_client: self.per_client.clone(),
            watched: self.watched.clone(),
        })
    }

    /// Updates (and ends) as the poller reads them, from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Signal> {
        self.tx.subscribe()
    }

    /// Turns true when the server stops: streams end, so shutdown does not wait on them.
    pub fn closing(&self) -> watch::Receiver<bool> {
        self.closing.subscribe()
    }

    /// Asks the poller to look now (after a post on this instance).
    pub fn poke(&self) {
        self.wake.notify_one();
    }

    /// Ends every stream.
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// The articles followed here now.
    fn watched(&self) -> Vec<i64> {
        self.watched
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .keys()
            .map(|&a| a as i64)
            .collect()
    }

    /// Streams open now.
    pub fn open_streams(&self) -> usize {
        self.per_client
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .values()
            .sum()
    }
}

pub struct Handle {
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

impl Handle {
    pub async fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.task.await;
    }
}

/// Starts this instance's poller.
pub fn start(state: State) -> Handle {
    let (stop, mut stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let hub = &state.live_hub;
        let mut tick = tokio::time::interval(POLL_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        // Streams read what came before they opened from the store; the poller starts at the newest.
        let mut last: Option<Seen> = None;
        let mut failing = false;
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = hub.wake.notified() => {}
                _ = &mut stopped => break,
            }
            let read = match last {
                None => newest(&state).await.map(|n| {
                    last = Some(n);
                }),
                Some(seen) => publish_after(&state, seen).await.map(|n| {
                    last = Some(n);
                }),
            };
            // Logged once per failure and once on recovery.
            match read {
                Ok(()) if failing => {
                    failing = false;
                    tracing::info!("live updates are read again");
                }
                Ok(()) => {}
                Err(e) if !failing => {
                    failing = true;
                    tracing::warn!(error = %e, "cannot read live updates; streams wait");
                }
                Err(_) => {}
            }
        }
        hub.close();
    });
    Handle { stop, task }
}

async fn newest(state: &State) -> Result<Seen, AppError> {
    Ok(Seen {
        updates: state.store.live_newest().await?,
        removals: state.store.live_removals_newest().await?,
    })
}

/// Broadcasts every update and deletion after `seen`; returns how far it got.
async fn publish_after(state: &State, seen: Seen) -> Result<Seen, AppError> {
    let mut seq = seen.updates;
    loop {
        let batch = state.store.live_after(seq, BATCH).await?;
        let full = batch.len() == BATCH as usize;
        for u in batch {
            seq = seq.max(u.id as i64);
            // No receiver (nobody reading live here) is not an error.
            let _ = state.live_hub.tx.send(Signal::Update(Arc::new(u)));
        }
        if !full {
            break;
        }
    }
    // Streams of an article unmarked (or taken down) on any instance end; one query for all of them.
    let watched = state.live_hub.watched();
    if !watched.is_empty() {
        for article in state.store.live_ended(watched).await? {
            let _ = state.live_hub.tx.send(Signal::Ended(article as u64));
        }
    }
    let mut removals = seen.removals;
    for (n, article, update) in state.store.live_removals_after(removals, BATCH).await? {
        removals = removals.max(n);
        let _ = state.live_hub.tx.send(Signal::Removed {
            article: article as u64,
            update: update as u64,
        });
    }
    Ok(Seen {
        updates: seq,
        removals,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_leave_a_quarter_of_the_connections() {
        assert_eq!(stream_cap(512, 1024), 512);
        assert_eq!(stream_cap(10_000, 1024), 768);
        assert_eq!(stream_cap(5, 1), 1);
    }

    #[test]
    fn caps_streams_per_instance_and_per_client() {
        let hub = Hub::new(3, 2);
        let a1 = hub.open("a", 1).unwrap();
        let _a2 = hub.open("a", 1).unwrap();
        assert!(hub.open("a", 1).is_err(), "a third from one client");
        let _b1 = hub.open("b", 2).unwrap();
        assert!(hub.open("c", 1).is_err(), "a fourth on the instance");
        assert_eq!(hub.open_streams(), 3);
        drop(a1);
        let c1 = hub.open("c", 3).unwrap();
        assert_eq!(hub.open_streams(), 3);
        let mut watched = hub.watched();
        watched.sort();
        assert_eq!(watched, [1, 2, 3]);
        drop(c1);
        assert_eq!(hub.watched().len(), 2);
    }
}
