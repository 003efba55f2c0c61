//! Surrogate keys: what an answer shows, and so what a write changed. Shared caches file answers under
//! them (the `Surrogate-Key` header, `respond.rs`), this server's caches too (`cache.rs`,
//! `page_cache.rs`), and every write notes the keys it changed in the store's change log, which each
//! instance reads every second (`AppState::catch_up`) and `purge.rs` sends to the CDN.
//!
//! `site` — everything that shows the site tree (every answer); `lists` — widgets and the pages made of
//! lists; `a:{id}` — an article, its page and its comments; `c:{slug}` — a channel's lists and page.

/// The surrogate keys of an answer, or those a write changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Keys(pub Vec<String>);

pub const SITE: &str = "site";
pub const LISTS: &str = "lists";

impl Keys {
    pub fn of(keys: &[&str]) -> Keys {
        Keys(keys.iter().map(|k| (*k).to_owned()).collect())
    }
    pub fn site() -> Keys {
        Keys::of(&[SITE])
    }
    pub fn article(id: i64) -> String {
        format!("a:{id}")
    }
    pub fn channel(slug: &str) -> String {
        format!("c:{slug}")
    }
    pub fn with(mut self, key: String) -> Keys {
        self.0.push(key);
        self
    }
    /// True when the whole site changed (its tree).
    pub fn is_site(&self) -> bool {
        self.0.iter().any(|k| k == SITE)
    }
    /// As stored and sent: space-separated.
    pub fn joined(&self) -> String {
        self.0.join(" ")
    }
    pub fn parse(s: &str) -> Keys {
        Keys(s.split_whitespace().map(str::to_owned).collect())
    }
}
