//! Article view counts, kept off the read path: counted in memory once per reader per article per hour,
//! written to `article_views` in one batch by the maintenance task.
//!
//! A read never writes, so reads go on while the database is locked or the disk is full; a flush that
//! fails keeps its counts for the next one.

use crate::client::Reader;
use crate::db::{immediate, Db};
use crate::error::AppResult;
use lru::LruCache;
use rusqlite::params;
use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::sync::Mutex;

/// (reader, article, hour) triples remembered for "once per hour"; beyond this the least recent are
/// forgotten (such a reader may count twice in that hour).
const SEEN_CAPACITY: usize = 100_000;

pub fn current_hour() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp() / 3600
}

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
    pub fn flush(&self, db: &Db) -> AppResult<usize> {
        let batch =
            std::mem::take(&mut self.inner.lock().unwrap_or_else(|e| e.into_inner()).pending);
        if batch.is_empty() {
            return Ok(0);
        }
        let written = db.with(|conn| {
            let tx = immediate(conn)?;
            {
                let mut stmt = tx.prepare_cached(
                    "INSERT INTO article_views (article_id, hour, views) VALUES (?1, ?2, ?3)
                     ON CONFLICT(article_id, hour) DO UPDATE SET views = views + excluded.views",
                )?;
                for ((article, hour), n) in &batch {
                    stmt.execute(params![article, hour, n])?;
                }
            }
            tx.commit()?;
            Ok(batch.len())
        });
        if written.is_err() {
            let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
            for (k, n) in batch {
                *inner.pending.entry(k).or_default() += n;
            }
        }
        written
    }
}
