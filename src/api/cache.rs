//! In-memory cache of successful API answers, keyed by URL, so back/forward re-renders without refetching.

use std::cell::RefCell;
use std::collections::HashMap;

/// How long an answer stays fresh: long enough for back/forward, short enough for news.
const TTL_MS: f64 = 5.0 * 60.0 * 1000.0;
/// Bounded so a long session cannot grow memory without end.
const MAX_ENTRIES: usize = 200;

thread_local! {
    static CACHE: RefCell<HashMap<String, (f64, String)>> = RefCell::new(HashMap::new());
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// The body stored for `url`, if it is still fresh.
pub fn cached_text(url: &str) -> Option<String> {
    CACHE.with(|c| {
        let c = c.borrow();
        c.get(url)
            .filter(|(at, _)| now() - at < TTL_MS)
            .map(|(_, t)| t.clone())
    })
}

pub(super) fn store(url: &str, text: String) {
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        let t = now();
        if c.len() >= MAX_ENTRIES {
            c.retain(|_, (at, _)| t - *at < TTL_MS);
            if c.len() >= MAX_ENTRIES {
                c.clear();
            }
        }
        c.insert(url.to_owned(), (t, text));
    });
}

pub(super) fn forget(url: &str) {
    CACHE.with(|c| c.borrow_mut().remove(url));
}

pub fn clear_cache() {
    CACHE.with(|c| c.borrow_mut().clear());
}
