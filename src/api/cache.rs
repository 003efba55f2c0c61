//! The API answers a page holds, keyed by URL, so back/forward re-renders without refetching. They are a
//! value in context (`Answers`), never a global: one store for the app's page in the browser
//! (`hold_answers`), one per render on the server (`ssr.rs`), so two renders never share one. A store
//! starts from the answers the server inlined in the page it sent (`seed`), so the app's first render
//! draws the server's first screen again without a request; a failure inlined there (a 404) is taken
//! once, by that first render.

use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// How long an answer stays fresh: long enough for back/forward, short enough for news.
const TTL_MS: f64 = 5.0 * 60.0 * 1000.0;
/// Bounded so a long session cannot grow memory without end.
const MAX_ENTRIES: usize = 200;

#[derive(Default)]
struct Store {
    fresh: HashMap<String, (f64, String)>,
    failed: HashMap<String, u16>,
    // Rendering on the server: the URLs a render wanted and was not given (`ssr.rs` fetches them).
    missed: Vec<String>,
}

/// A store of answers, in the context of what reads through it.
#[derive(Clone, Default)]
pub struct Answers(Arc<Mutex<Store>>);

impl Answers {
    /// Provides a new, empty store to the current owner and everything below it.
    pub fn provide() -> Answers {
        let answers = Answers::default();
        provide_context(answers.clone());
        answers
    }

    /// The URLs wanted since the last call, and not in the store (on the server only).
    pub fn take_missed(&self) -> Vec<String> {
        self.0
            .lock()
            .map(|mut s| std::mem::take(&mut s.missed))
            .unwrap_or_default()
    }
}

/// Starts the page's store in the browser: under a root owner that is current from now on, so every
/// app or widget mounted after it, and every task it starts, reads through the same store.
pub fn hold_answers() {
    let root = Owner::new();
    root.set();
    Answers::provide();
    // The page's root lives as long as the page.
    std::mem::forget(root);
}

/// Runs `f` on the store in context; without one (a component drawn alone) nothing is kept.
fn with<R>(f: impl FnOnce(&mut Store) -> R) -> Option<R> {
    let answers = use_context::<Answers>()?;
    let mut store = answers.0.lock().ok()?;
    Some(f(&mut store))
}

fn now() -> f64 {
    crate::browser::now_ms()
}

/// The body stored for `url`, if it is still fresh.
pub fn cached_text(url: &str) -> Option<String> {
    with(|s| {
        s.fresh
            .get(url)
            .filter(|(at, _)| now() - at < TTL_MS)
            .map(|(_, t)| t.clone())
    })
    .flatten()
}

pub(super) fn store(url: &str, text: String) {
    with(|s| {
        let t = now();
        if s.fresh.len() >= MAX_ENTRIES {
            s.fresh.retain(|_, (at, _)| t - *at < TTL_MS);
            if s.fresh.len() >= MAX_ENTRIES {
                s.fresh.clear();
            }
        }
        s.fresh.insert(url.to_owned(), (t, text));
    });
}

pub(super) fn forget(url: &str) {
    with(|s| s.fresh.remove(url));
}

/// The status of a failed answer the server inlined for `url`, once.
pub(super) fn take_failure(url: &str) -> Option<u16> {
    with(|s| s.failed.remove(url)).flatten()
}

/// Fills the store from answers the server already has: `(url, Ok(body))` or `(url, Err(status))`.
pub fn seed(answers: impl IntoIterator<Item = (String, Result<String, u16>)>) {
    for (url, answer) in answers {
        match answer {
            Ok(text) => store(&url, text),
            Err(status) => {
                with(|s| s.failed.insert(url, status));
            }
        }
    }
}

/// Notes that a render wanted `url` and the store did not have it (on the server only).
#[cfg(not(target_arch = "wasm32"))]
pub(super) fn missed(url: &str) {
    with(|s| {
        if !s.missed.iter().any(|u| u == url) {
            s.missed.push(url.to_owned());
        }
    });
}
