//! Read answers kept in memory for their max-age: articles, channel pages and widgets are served from here
//! without touching SQLite, so a burst of widget requests (each a table scan) is paid once per 30 s.
//!
//! Keys are built from the validated request (never the raw query string), so `?a=1&b=2` and `?b=2&a=1`
//! share an entry and junk parameters cannot fill the cache.

use crate::respond::etag_of;
use axum::body::Bytes;
use std::sync::Arc;
use std::time::Duration;

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
const CAPACITY: u64 = 10_000;

/// `None` inside when caching is off (time to live zero). `V` is a serialised answer ([`Cached`]) or a
/// part shared by many answers (a widget that does not depend on the article).
pub struct ReadCache<V: Send + Sync + 'static = Cached>(Option<moka::sync::Cache<String, Arc<V>>>);

impl<V: Send + Sync + 'static> ReadCache<V> {
    pub fn new(ttl: Duration) -> Self {
        ReadCache((!ttl.is_zero()).then(|| {
            moka::sync::Cache::builder()
                .max_capacity(CAPACITY)
                .time_to_live(ttl)
                .build()
        }))
    }

    pub fn get(&self, key: &str) -> Option<Arc<V>> {
        self.0.as_ref()?.get(key)
    }

    pub fn insert(&self, key: String, value: Arc<V>) {
        if let Some(c) = &self.0 {
            c.insert(key, value);
        }
    }

    pub fn invalidate(&self, key: &str) {
        if let Some(c) = &self.0 {
            c.invalidate(key);
        }
    }
}
