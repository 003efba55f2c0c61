//! Per-reader (or per-key: a desk account's name) rate limits: N actions a minute on governor's keyed GCRA
//! limiter, counted in memory by each instance.
//!
//! A key may act N times at once, then once every 60/N s (N a minute however it is spread); a refusal
//! says in how many seconds the next action is allowed (`Retry-After`). Keys whose budget is whole again
//! are forgotten by [`RateLimiter::forget_idle`], which the maintenance task runs every few seconds, so
//! memory holds only the keys that acted in the last two minutes at most (governor forgets a key one
//! period after its budget is whole again).

use crate::client::Reader;
use governor::clock::{Clock, DefaultClock};
use governor::middleware::NoOpMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::Quota;
use std::hash::Hash;
use std::num::NonZeroU32;

pub struct RateLimiter<K: Hash + Eq + Clone = Reader, C: Clock = DefaultClock> {
    keyed: governor::RateLimiter<K, DefaultKeyedStateStore<K>, C, NoOpMiddleware<C::Instant>>,
    clock: C,
}

impl<K: Hash + Eq + Clone> RateLimiter<K> {
    pub fn new(per_minute: u32) -> Self {
        Self::with_clock(per_minute, DefaultClock::default())
    }
}

impl<K: Hash + Eq + Clone, C: Clock + Clone> RateLimiter<K, C> {
    fn with_clock(per_minute: u32, clock: C) -> Self {
        let quota = Quota::per_minute(NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN));
        RateLimiter {
            keyed: governor::RateLimiter::dashmap_with_clock(quota, clock.clone()),
            clock,
        }
    }

    /// Takes a slot for `key`, or says how many whole seconds (at least 1) until one frees up.
    pub fn acquire(&self, key: K) -> Result<(), u64> {
        self.keyed.check_key(&key).map_err(|not_until| {
            let wait = not_until.wait_time_from(self.clock.now());
            wait.as_secs_f64().ceil().max(1.0) as u64
        })
    }

    /// Forgets the keys whose budget is whole again (as if never seen): bounds memory to recent keys.
    pub fn forget_idle(&self) {
        self.keyed.retain_recent();
        self.keyed.shrink_to_fit();
    }

    /// Keys currently remembered.
    pub fn len(&self) -> usize {
        self.keyed.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keyed.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use governor::clock::FakeRelativeClock;
    use std::net::IpAddr;
    use std::time::Duration;

    fn reader(n: u32) -> Reader {
        Reader(IpAddr::from(n.to_be_bytes()))
    }

    #[test]
    fn n_at_once_then_one_every_sixtieth_of_n_per_reader() {
        let clock = FakeRelativeClock::default();
        let l = RateLimiter::with_clock(2, clock.clone());
        assert_eq!(l.acquire(reader(1)), Ok(()));
        clock.advance(Duration::from_secs(10));
        assert_eq!(l.acquire(reader(1)), Ok(()));
        // Two taken at 0 s and 10 s: one slot comes back every 30 s (60 s / 2), the first at 30 s.
        assert_eq!(l.acquire(reader(1)), Err(20));
        assert_eq!(l.acquire(reader(2)), Ok(()), "each reader has its own");
        clock.advance(Duration::from_millis(19_500));
        assert_eq!(l.acquire(reader(1)), Err(1), "rounded up, never 0");
        clock.advance(Duration::from_millis(500));
        assert_eq!(l.acquire(reader(1)), Ok(()));
        assert_eq!(l.acquire(reader(1)), Err(30));
    }

    #[test]
    fn idle_readers_are_forgotten() {
        let clock = FakeRelativeClock::default();
        let l = RateLimiter::with_clock(1, clock.clone());
        for n in 0..1000 {
            assert_eq!(l.acquire(reader(n)), Ok(()));
        }
        clock.advance(Duration::from_secs(30));
        assert_eq!(l.acquire(reader(5000)), Ok(()));
        l.forget_idle();
        assert_eq!(l.len(), 1001, "all still within their minute");
        // governor keeps a key one period past its last slot's end: 2 min here, 60 + 60/N s in general.
        clock.advance(Duration::from_secs(91));
        l.forget_idle();
        assert_eq!(l.len(), 1, "only the one that acted 91 s ago");
        assert_eq!(l.acquire(reader(0)), Ok(()));
        clock.advance(Duration::from_secs(30));
        l.forget_idle();
        assert_eq!(l.len(), 1, "reader 0 acted again; 5000 is forgotten");
    }
}
