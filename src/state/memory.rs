//! What the reader leaves behind on each page, kept for as long as the app runs (bounded), so back and
//! forward return to the same place: scroll positions, the extra pages of a list, the parts drawn.

use leptos::prelude::*;
use model::ArticleSummary;
use std::collections::{HashMap, HashSet};

/// At most this many pages are remembered; then the memory starts again (a long session stays small).
const MAX_PAGES: usize = 100;
/// A list's extra pages are shown again only this long after they were loaded (news moves on).
pub const LIST_KEEP_MS: f64 = 5.0 * 60.0 * 1000.0;

/// A list's pages loaded beyond the first.
#[derive(Clone)]
pub struct ListPages {
    pub at: f64,
    /// The first page's ids when the extra pages were loaded: if the first page changed, they are stale.
    pub first_ids: Vec<u64>,
    pub extra: Vec<ArticleSummary>,
    pub next: Option<String>,
}

/// Scroll restoration's bookkeeping (src/routing/scroll.rs).
#[derive(Clone, Default)]
pub struct ScrollBook {
    /// Positions by path and query.
    pub positions: HashMap<String, f64>,
    /// The address of the page drawn now.
    pub current: String,
    /// The address back/forward went to, until a page for it is drawn (or a link is followed).
    pub popped_to: Option<String>,
    /// Bumped to stop a restoration under way: it reached its place, or the reader took over.
    pub run: u64,
    /// The page drawn now was reached by back/forward and has a remembered position.
    pub returned: bool,
}

/// In context; every field is owned by the app's root, so nothing outlives the app or leaks between tests.
#[derive(Clone, Copy)]
pub struct Memory {
    pub scroll: StoredValue<ScrollBook>,
    pub lists: StoredValue<HashMap<String, ListPages>>,
    /// Parts drawn, by page address and slot class.
    parts: StoredValue<HashSet<(String, &'static str)>>,
}

impl Memory {
    pub fn new() -> Memory {
        Memory {
            scroll: StoredValue::new(ScrollBook::default()),
            lists: StoredValue::new(HashMap::new()),
            parts: StoredValue::new(HashSet::new()),
        }
    }

    /// Remembers that the part in slot `class` was drawn on the page at `page`.
    pub fn part_drawn(self, page: String, class: &'static str) {
        self.parts.try_update_value(|p| {
            if p.len() > MAX_PAGES * 4 {
                p.clear();
            }
            p.insert((page, class));
        });
    }

    /// Whether the part in slot `class` was drawn before on the page at `page`.
    pub fn part_was_drawn(self, page: &str, class: &'static str) -> bool {
        self.parts
            .try_with_value(|p| p.contains(&(page.to_owned(), class)))
            .unwrap_or(false)
    }

    /// Whether the page drawn now is being put back where the reader left it (back/forward): then
    /// nothing else (such as a `#fragment`) should scroll it.
    pub fn returned(self) -> bool {
        self.scroll.try_with_value(|b| b.returned).unwrap_or(false)
    }

    /// Keeps a list's extra pages under `key`.
    pub fn keep_list(self, key: String, pages: ListPages) {
        self.lists.try_update_value(|l| {
            if l.len() > MAX_PAGES {
                l.clear();
            }
            l.insert(key, pages);
        });
    }

    /// A list's extra pages, if they were loaded recently and after the same first page.
    pub fn list(self, key: &str, first_ids: &[u64], now: f64) -> Option<ListPages> {
        self.lists
            .try_with_value(|l| {
                l.get(key)
                    .filter(|s| now - s.at < LIST_KEEP_MS && s.first_ids == first_ids)
                    .cloned()
            })
            .flatten()
    }

    /// Saves the scroll position `y` of the page at `page`.
    pub fn save_scroll(self, page: String, y: f64) {
        self.scroll.try_update_value(|b| {
            if b.positions.len() > MAX_PAGES {
                b.positions.clear();
            }
            b.positions.insert(page, y);
        });
    }
}

impl Default for Memory {
    fn default() -> Self {
        Memory::new()
    }
}

/// The current page's address (path and query), as the browser shows it (on the server: the address
/// being rendered, `ssr.rs`).
pub fn here() -> String {
    match crate::browser::window() {
        Some(w) => {
            let l = w.location();
            l.pathname().unwrap_or_default() + &l.search().unwrap_or_default()
        }
        None => server_address(),
    }
}

#[cfg(feature = "ssr")]
fn server_address() -> String {
    use_context::<leptos_router::location::RequestUrl>()
        .map(|u| u.as_ref().to_owned())
        .unwrap_or_default()
}

#[cfg(not(feature = "ssr"))]
fn server_address() -> String {
    String::new()
}
