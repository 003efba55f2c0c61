//! Read answers kept in memory for their max-age: articles, channel pages and widgets are served from here
//! without touching SQLite, so a burst of widget requests (each a table scan) is paid once per 30 s.
//!
//! Keys are built from the validated request (never the raw query string), so `?a=1&b=2` and `?b=2&a=1`
//! share an entry and junk parameters cannot fill the cache. Concurrent misses of one key are one build:
//! the others wait for its answer (`get_or_build`), so a burst of readers of a new article, or of an
//! expired widget, reaches the database once.

use crate::respond::etag_of;
use axum::body::Bytes;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A serialised answer and its strong ETag.
pub struct Cached {
    pub body: Bytes,
    pub etag: String,
}

impl Cached {
    pub fn new(body: Vec<u8>) -> Arc<Cached> {
        let etag = etag_of(&body);
        Arc::new(Cached {
            body: Bytes::from(body),
            etag,
        })
    }
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

/// `None` inside when caching is off (time to live zero). `V` is a serialised answer ([`Cached`]) or a
/// part shared by many answers (a widget that does not depend on the article). quick_cache has no expiry:
/// each entry carries its own, and an expired one is a miss (and is replaced by the fresh answer).
pub struct ReadCache<V: Send + Sync + 'static = Cached> {
    ttl: Duration,
    entries: Option<quick_cache::sync::Cache<String, Entry<V>>>,
}

impl<V: Send + Sync + 'static> ReadCache<V> {
    pub fn new(ttl: Duration) -> Self {
        ReadCache {
            ttl,
            entries: (!ttl.is_zero()).then(|| quick_cache::sync::Cache::new(CAPACITY)),
        }
    }

    /// The fresh value under `key`, or `build`'s, which concurrent misses of `key` share. A failed build
    /// is not kept (the next waiter builds again).
    pub async fn get_or_build<E, Fut>(
        &self,
        key: &str,
        build: impl FnOnce() -> Fut,
    ) -> Result<Arc<V>, E>
    where
        Fut: std::future::Future<Output = Result<Arc<V>, E>>,
    {
        let Some(c) = &self.entries else {
            return build().await;
        };
        if let Some(e) = c.get(key) {
            if Instant::now() < e.until {
                return Ok(e.value);
            }
            c.remove(key);
        }
        let ttl = self.ttl;
        c.get_or_insert_async(key, async move {
            build().await.map(|value| Entry {
                until: Instant::now() + ttl,
                value,
            })
        })
        .await
        .map(|e| e.value)
    }

    pub fn get(&self, key: &str) -> Option<Arc<V>> {
        let e = self.entries.as_ref()?.get(key)?;
        (Instant::now() < e.until).then_some(e.value)
    }

    pub fn insert(&self, key: String, value: Arc<V>) {
        if let Some(c) = &self.entries {
            let until = Instant::now() + self.ttl;
            c.insert(key, Entry { until, value });
        }
    }

    pub fn invalidate(&self, key: &str) {
        if let Some(c) = &self.entries {
            c.remove(key);
        }
    }

    /// Drops every entry (the content changed).
    pub fn clear(&self) {
        if let Some(c) = &self.entries {
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
                        .get_or_build::<(), _>("widget:guess-you-like:Some(7)", || async {
                            builds.fetch_add(1, Ordering::Relaxed);
                            // Slow enough that every task misses while it builds.
                            tokio::time::sleep(Duration::from_millis(50)).await;
                            Ok(Cached::new(b"[]".to_vec()))
                        })
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
            .get_or_build::<&str, _>("other", || async { Err("busy") })
            .await;
        assert!(failed.is_err());
        let again = cache
            .get_or_build::<(), _>("other", || async { Ok(Cached::new(b"1".to_vec())) })
            .await
            .unwrap();
        assert_eq!(&again.body[..], b"1");
    }
}
