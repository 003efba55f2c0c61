//! In-memory cache of successful API answers, keyed by URL, so back/forward re-renders without refetching.
//! It also starts from the answers the server inlined in the page it sent (`seed`), so the app's first
//! render draws the server's first screen again without a request; a failure inlined there (a 404) is
//! taken once, by that first render.

use std::cell::RefCell;
use std::collections::HashMap;

/// How long an answer stays fresh: long enough for back/forward, short enough for news.
const TTL_MS: f64 = 5.0 * 60.0 * 1000.0;
/// Bounded so a long session cannot grow memory without end.
const MAX_ENTRIES: usize = 200;

thread_local! {
    static CACHE: RefCell<HashMap<String, (f64, String)>> = RefCell::new(HashMap::new());
    static FAILED: RefCell<HashMap<String, u16>> = RefCell::new(HashMap::new());
    // Rendering on the server: the URLs a render wanted and was not given (`ssr.rs` fetches them).
    static MISSED: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn now() -> f64 {
    crate::browser::now_ms()
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

/// The status of a failed answer the server inlined for `url`, once.
pub(super) fn take_failure(url: &str) -> Option<u16> {
    FAILED.with(|f| f.borrow_mut().remove(url))
}

/// Starts the cache from answers the server already has: `(url, Ok(body))` or `(url, Err(status))`.
pub fn seed(answers: impl IntoIterator<Item = (String, Result<String, u16>)>) {
    for (url, answer) in answers {
        match answer {
            Ok(text) => store(&url, text),
            Err(status) => FAILED.with(|f| {
                f.borrow_mut().insert(url, status);
            }),
        }
    }
}

/// Notes that a render wanted `url` and the cache did not have it (on the server only).
pub(super) fn missed(url: &str) {
    MISSED.with(|m| {
        let mut m = m.borrow_mut();
        if !m.iter().any(|u| u == url) {
            m.push(url.to_owned());
        }
    });
}

/// The URLs wanted since the last call, and not in the cache.
pub fn take_missed() -> Vec<String> {
    MISSED.with(|m| std::mem::take(&mut *m.borrow_mut()))
}

pub fn clear_cache() {
    CACHE.with(|c| c.borrow_mut().clear());
    FAILED.with(|f| f.borrow_mut().clear());
    MISSED.with(|m| m.borrow_mut().clear());
}
