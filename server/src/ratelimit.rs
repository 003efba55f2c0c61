//! Per-reader (or per-key: a desk account's name) rate limit: at most N actions in any rolling minute,
//! counted in memory.
//!
//! Buckets live in an LRU map of fixed capacity: memory is bounded (capacity × N instants) and a flood of
//! new addresses evicts the least recently seen readers in O(1) instead of scanning the map. The limiter has
//! its own lock, never held across the database.

use crate::client::Reader;
use lru::LruCache;
use std::collections::VecDeque;
use std::hash::Hash;
use std::num::NonZeroUsize;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);

/// Readers remembered at once; the least recently seen beyond this are forgotten.
pub const DEFAULT_CAPACITY: usize = 65_536;

pub struct RateLimiter<K: Hash + Eq = Reader> {
    per_minute: u32,
    buckets: Mutex<LruCache<K, VecDeque<Instant>>>,
}

impl<K: Hash + Eq> RateLimiter<K> {
    pub fn new(per_minute: u32) -> Self {
        Self::with_capacity(per_minute, DEFAULT_CAPACITY)
    }

    pub fn with_capacity(per_minute: u32, capacity: usize) -> Self {
        RateLimiter {
            per_minute: per_minute.max(1),
            buckets: Mutex::new(LruCache::new(
                NonZeroUsize::new(capacity).unwrap_or(NonZeroUsize::MIN),
            )),
        }
    }

    /// Takes a slot for `reader`, or says how many seconds until one frees up.
    pub fn acquire(&self, reader: K) -> Result<(), u64> {
        self.acquire_at(reader, Instant::now())
    }

    fn acquire_at(&self, reader: K, now: Instant) -> Result<(), u64> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let q = buckets.get_or_insert_mut(reader, VecDeque::new);
        while q.front().is_some_and(|t| now.duration_since(*t) >= WINDOW) {
            q.pop_front();
        }
        if q.len() >= self.per_minute as usize {
            let oldest = q.front().copied().unwrap_or(now);
            let wait = WINDOW.saturating_sub(now.duration_since(oldest));
            return Err(wait.as_secs_f64().ceil().max(1.0) as u64);
        }
        q.push_back(now);
        Ok(())
    }

    /// Readers currently remembered.
    pub fn len(&self) -> usize {
        self.buckets.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::IpAddr;

    fn reader(n: u32) -> Reader {
        Reader(IpAddr::from(n.to_be_bytes()))
    }

    #[test]
    fn rolling_minute_per_reader() {
        let l = RateLimiter::new(2);
        let t0 = Instant::now();
        assert_eq!(l.acquire_at(reader(1), t0), Ok(()));
        assert_eq!(
            l.acquire_at(reader(1), t0 + Duration::from_secs(10)),
            Ok(())
        );
        assert_eq!(
            l.acquire_at(reader(1), t0 + Duration::from_secs(20)),
            Err(40)
        );
        assert_eq!(
            l.acquire_at(reader(2), t0 + Duration::from_secs(20)),
            Ok(())
        );
        assert_eq!(
            l.acquire_at(reader(1), t0 + Duration::from_secs(60)),
            Ok(())
        );
    }

    #[test]
    fn memory_is_bounded_by_evicting_the_least_recent() {
        let l = RateLimiter::with_capacity(1, 100);
        let t0 = Instant::now();
        assert_eq!(l.acquire_at(reader(0), t0), Ok(()));
        for n in 1..1000 {
            assert_eq!(l.acquire_at(reader(n), t0), Ok(()));
        }
        assert_eq!(l.len(), 100);
        // Reader 0 was evicted long ago, reader 999 is still remembered.
        assert_eq!(l.acquire_at(reader(0), t0), Ok(()));
        assert_eq!(l.acquire_at(reader(999), t0), Err(60));
    }
}
