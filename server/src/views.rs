//! Article view counts, kept off the read path: counted in memory once per reader per article per hour,
//! written to the store in one batch by the maintenance task.
//!
//! A read never writes, so reads go on while the database is locked or the disk is full; a flush that
//! fails keeps its counts for the next one.

use crate::client::Reader;
use crate::error::AppResult;
use crate::store::Store;
use lru::LruCache;
use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::sync::Mutex;

/// (reader, article, hour) triples remembered for "once per hour"; beyond this the least recent are
/// forgotten (such a reader may count twice in that hour).
const SEEN_CAPACITY: usize = 100_000;

pub use crate::store::rows::current_hour;

pub struct Views {
    inner: Mutex<Inner>,
}

struct Inner {
    seen: LruCache<(Reader, i64, i64), ()>,
    /// (article, hour) → views not yet written.
    pending: HashMap<(i64, i64), i64>,
}

impl Default for Views {
    fn default() -> Self {
        Views {
            inner: Mutex::new(Inner {
                seen: LruCache::new(NonZeroUsize::new(SEEN_CAPACITY).unwrap_or(NonZeroUsize::MIN)),
                pending: HashMap::new(),
            }),
        }
    }
}

impl Views {
    /// True if `reader` was counted for `article` this hour already.
    pub fn counted(&self, reader: Reader, article: i64) -> bool {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.seen.contains(&(reader, article, current_hour()))
    }

    /// Counts a view of `article` by `reader` in this hour, unless this reader was already counted.
    /// Returns whether it counted.
    pub fn record(&self, reader: Reader, article: i64) -> bool {
        let hour = current_hour();
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if inner.seen.put((reader, article, hour), ()).is_some() {
            return false;
        }
        *inner.pending.entry((article, hour)).or_default() += 1;
        true
    }

    /// Writes the pending counts in one transaction; on failure they stay pending. Returns how many
    /// (article, hour) rows were written.
    pub async fn flush(&self, store: &Store) -> AppResult<usize> {
        let batch =
            std::mem::take(&mut self.inner.lock().unwrap_or_else(|e| e.into_inner()).pending);
        if batch.is_empty() {
            return Ok(0);
        }
        let rows: Vec<(i64, i64, i64)> = batch.iter().map(|(&(a, h), &n)| (a, h, n)).collect();
        match store.add_views(rows).await {
            Ok(()) => Ok(batch.len()),
            Err(e) => {
                let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
                for (k, n) in batch {
                    *inner.pending.entry(k).or_default() += n;
                }
                Err(e)
            }
        }
    }
}
