//! Per-client rate limit for comment posts: at most N in any rolling minute, counted in memory.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);

pub struct RateLimiter {
    per_minute: u32,
    posts: Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
}

impl RateLimiter {
    pub fn new(per_minute: u32) -> Self {
        RateLimiter {
            per_minute,
            posts: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a slot for `client`, or says how many seconds until one frees up.
    pub fn acquire(&self, client: IpAddr) -> Result<(), u64> {
        let now = Instant::now();
        let mut map = self.posts.lock().unwrap_or_else(|e| e.into_inner());
        // Forget idle clients so the map does not grow without bound.
        if map.len() > 10_000 {
            map.retain(|_, q| q.back().is_some_and(|t| now.duration_since(*t) < WINDOW));
        }
        let q = map.entry(client).or_default();
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
}
