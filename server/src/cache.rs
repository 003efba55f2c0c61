//! Read answers kept in memory for their max-age: articles, channel pages and widgets are served from here
//! without touching SQLite, so a burst of widget requests (each a table scan) is paid once per 30 s.
//!
//! Keys are built from the validated request (never the raw query string), so `?a=1&b=2` and `?b=2&a=1`
//! share an entry and junk parameters cannot fill the cache. Concurrent misses of one key are one build:
//! the others wait for its answer (`get_or_build`), so a burst of readers of a new article, or of an
//! expired widget, reaches the database once.

use crate::keys::Keys;
use crate::respond::etag_of;
use axum::body::Bytes;
use prometheus_client::metrics::counter::Counter;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Which entries of a cache carry which surrogate key, so a write's keys drop exactly those.
#[derive(Default)]
pub struct TagIndex(Mutex<HashMap<String, HashSet<String>>>);

impl TagIndex {
    /// Files `entry` under `keys`. False when the index outgrew `limit` names (entries the cache
    /// evicted leave theirs here) and was emptied: the caller empties its cache too.
    pub fn tag(&self, entry: &str, keys: &Keys, limit: usize) -> bool {
        let mut m = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let fresh = m.values().map(HashSet::len).sum::<usize>() <= limit;
        if !fresh {
            m.clear();
        }
        for k in &keys.0 {
            m.entry(k.clone()).or_default().insert(entry.to_owned());
        }
        fresh
    }

    /// The entries filed under any of `keys`, no longer filed.
    pub fn take(&self, keys: &Keys) -> HashSet<String> {
        let mut m = self.0.lock().unwrap_or_else(|e| e.into_inner());
        keys.0
            .iter()
            .flat_map(|k| m.remove(k).unwrap_or_default())
            .collect()
    }

    pub fn clear(&self) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

/// A serialised answer, its strong ETag, and its compressed forms, each made the first time a client
/// asks for it and kept with the answer (compressing on every request was a kept answer's main cost for
/// browsers, which all ask for br or gzip).
pub struct Cached {
    pub body: Bytes,
    pub etag: String,
    br: std::sync::OnceLock<Bytes>,
    gzip: std::sync::OnceLock<Bytes>,
}

impl Cached {
    pub fn new(body: Vec<u8>) -> Arc<Cached> {
        let etag = etag_of(&body);
        Arc::new(Cached {
            body: Bytes::from(body),
            etag,
            br: Default::default(),
            gzip: Default::default(),
        })
    }

    /// The body in `encoding` (`br` or `gzip`; anything else: as it is).
    pub fn encoded(&self, encoding: &str) -> Bytes {
        match encoding {
            "br" => self
                .br
                .get_or_init(|| Bytes::from(brotli(&self.body, 5)))
                .clone(),
            "gzip" => self
                .gzip
                .get_or_init(|| Bytes::from(gzip(&self.body)))
                .clone(),
            _ => self.body.clone(),
        }
    }
}

/// `data` compressed with brotli at `quality` (0–11).
pub fn brotli(data: &[u8], quality: u32) -> Vec<u8> {
    use std::io::Write;
    let mut out = Vec::with_capacity(data.len() / 3);
    {
        let mut w = ::brotli::CompressorWriter::new(&mut out, 4096, quality, 22);
        let _ = w.write_all(data);
    }
    out
}

/// `data` compressed with gzip.
pub fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(
        Vec::with_capacity(data.len() / 3),
        flate2::Compression::default(),
    );
    let _ = gz.write_all(data);
    gz.finish().unwrap_or_default()
}

/// At most this many answers (a widget set is a few KB, an article tens of KB).
const CAPACITY: usize = 10_000;

/// A value and the moment it stops being fresh.
struct Entry<V> {
    until: Instant,
    value: Arc<V>,
}

impl<V> Clone for Entry<V> {
    fn clone(&self) -> Self {
        Entry {
            until: self.until,
            value: self.value.clone(),
        }
    }
}

/// Lookups answered from a cache and lookups that had to build (`/metrics`: the hit rate). A lookup
/// that waited for another's build counts as a hit: it did not build.
#[derive(Clone, Debug, Default)]
pub struct CacheStats {
    pub hits: Counter,
    pub misses: Counter,
}

impl CacheStats {
    /// Counts one lookup.
    pub fn count(&self, built: bool) {
        if built {
            self.misses.inc();
        } else {
            self.hits.inc();
        }
    }
}

/// `None` inside when caching is off (time to live zero). `V` is a serialised answer ([`Cached`]) or a
/// part shared by many answers (a widget that does not depend on the article). quick_cache has no expiry:
/// each entry carries its own, and an expired one is a miss (and is replaced by the fresh answer).
pub struct ReadCache<V: Send + Sync + 'static = Cached> {
    ttl: Duration,
    entries: Option<quick_cache::sync::Cache<String, Entry<V>>>,
    tags: TagIndex,
    stats: CacheStats,
}

impl<V: Send + Sync + 'static> ReadCache<V> {
    pub fn new(ttl: Duration) -> Self {
        ReadCache {
            ttl,
            entries: (!ttl.is_zero()).then(|| quick_cache::sync::Cache::new(CAPACITY)),
            tags: TagIndex::default(),
            stats: CacheStats::default(),
        }
    }

    /// Counts lookups into `stats` (counters a metrics registry shows).
    pub fn counted(mut self, stats: CacheStats) -> Self {
        self.stats = stats;
        self
    }

    /// The fresh value under `key`, or `build`'s, which concurrent misses of `key` share; kept under the
    /// surrogate `keys` of what it shows. A failed build is not kept (the next waiter builds again).
    pub async fn get_or_build<E, Fut>(
        &self,
        key: &str,
        keys: &Keys,
        build: impl FnOnce() -> Fut,
    ) -> Result<Arc<V>, E>
    where
        Fut: std::future::Future<Output = Result<Arc<V>, E>>,
    {
        let Some(c) = &self.entries else {
            self.stats.count(true);
            return build().await;
        };
        if let Some(e) = c.get(key) {
            if Instant::now() < e.until {
                self.stats.count(false);
                return Ok(e.value);
            }
            c.remove(key);
        }
        let ttl = self.ttl;
        let built = std::sync::atomic::AtomicBool::new(false);
        let built = &built;
        let entry = c
            .get_or_insert_async(key, async move {
                built.store(true, std::sync::atomic::Ordering::Relaxed);
                let value = build().await?;
                // Filed under its keys before it is in: a purge from now on finds it.
                if !self.tags.tag(key, keys, CAPACITY * 8) {
                    c.clear();
                }
                Ok(Entry {
                    until: Instant::now() + ttl,
                    value,
                })
            })
            .await;
        self.stats
            .count(built.load(std::sync::atomic::Ordering::Relaxed));
        entry.map(|e| e.value)
    }

    /// Drops every entry filed under one of `keys`.
    pub fn purge(&self, keys: &Keys) {
        if let Some(c) = &self.entries {
            for entry in self.tags.take(keys) {
                c.remove(&entry);
            }
        }
    }

    /// Drops every entry (the site tree changed).
    pub fn clear(&self) {
        if let Some(c) = &self.entries {
            self.tags.clear();
            c.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn concurrent_misses_of_one_key_are_one_build() {
        let cache: Arc<ReadCache> = Arc::new(ReadCache::new(Duration::from_secs(30)));
        let builds = Arc::new(AtomicUsize::new(0));
        let tasks: Vec<_> = (0..50)
            .map(|_| {
                let (cache, builds) = (cache.clone(), builds.clone());
                tokio::spawn(async move {
                    cache
                        .get_or_build::<(), _>(
                            "widget:guess-you-like:Some(7)",
                            &Keys::site(),
                            || async {
                                builds.fetch_add(1, Ordering::Relaxed);
                                // Slow enough that every task misses while it builds.
                                tokio::time::sleep(Duration::from_millis(50)).await;
                                Ok(Cached::new(b"[]".to_vec()))
                            },
                        )
                        .await
                        .unwrap()
                })
            })
            .collect();
        for t in tasks {
            assert_eq!(&t.await.unwrap().body[..], b"[]");
        }
        assert_eq!(builds.load(Ordering::Relaxed), 1);
        // A failed build is not kept: the next one builds again.
        let failed = cache
            .get_or_build::<&str, _>("other", &Keys::site(), || async { Err("busy") })
            .await;
        assert!(failed.is_err());
        let again = cache
            .get_or_build::<(), _>("other", &Keys::site(), || async {
                Ok(Cached::new(b"1".to_vec()))
            })
            .await
            .unwrap();
        assert_eq!(&again.body[..], b"1");
        // Dropped by one of its keys, not by another.
        cache.purge(&Keys::of(&["a:1"]));
        assert_eq!(builds.load(Ordering::Relaxed), 1);
        let kept = cache
            .get_or_build::<(), _>("widget:guess-you-like:Some(7)", &Keys::site(), || async {
                builds.fetch_add(1, Ordering::Relaxed);
                Ok(Cached::new(b"[]".to_vec()))
            })
            .await;
        assert!(kept.is_ok());
        assert_eq!(
            builds.load(Ordering::Relaxed),
            1,
            "a:1 is not one of its keys"
        );
        cache.purge(&Keys::site());
        cache
            .get_or_build::<(), _>("widget:guess-you-like:Some(7)", &Keys::site(), || async {
                builds.fetch_add(1, Ordering::Relaxed);
                Ok(Cached::new(b"[]".to_vec()))
            })
            .await
            .unwrap();
        assert_eq!(builds.load(Ordering::Relaxed), 2, "purged by site");
    }
}
