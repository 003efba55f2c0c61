//! Pages (index.html with the first screen drawn in) kept after their first render, compressed once, and
//! dropped by the same surrogate keys shared caches are purged by (`purge.rs`) or when the content changes
//! (`AppState::refresh`). A page read from here costs a lookup, not a render.

use crate::cache::{CacheStats, TagIndex};
use crate::keys::Keys;
use axum::body::Bytes;
use axum::http::StatusCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Pages kept at once (a page is tens of KB, three times over with its compressed forms).
const CAPACITY: usize = 2_000;

/// A drawn page and its compressed forms.
pub struct Page {
    pub status: StatusCode,
    pub etag: String,
    /// The build the page names the files of (`x-difang-build`).
    pub build: String,
    pub keys: Keys,
    pub html: Bytes,
    pub br: Bytes,
    pub gzip: Bytes,
}

impl Page {
    pub fn new(status: StatusCode, html: String, build: String, keys: Keys) -> Page {
        let html = Bytes::from(html);
        Page {
            status,
            etag: crate::respond::etag_of(&html),
            build,
            keys,
            // Quality 9: a page is compressed once and sent many times.
            br: Bytes::from(crate::cache::brotli(&html, 9)),
            gzip: Bytes::from(crate::cache::gzip(&html)),
            html,
        }
    }
}

struct Entry {
    until: Instant,
    page: Arc<Page>,
}

/// `None` inside when caching is off (time to live zero).
pub struct PageCache {
    ttl: Duration,
    entries: Option<quick_cache::sync::Cache<String, Arc<Entry>>>,
    tags: TagIndex,
    stats: CacheStats,
}

impl PageCache {
    pub fn new(ttl: Duration) -> PageCache {
        PageCache {
            ttl,
            entries: (!ttl.is_zero()).then(|| quick_cache::sync::Cache::new(CAPACITY)),
            tags: TagIndex::default(),
            stats: CacheStats::default(),
        }
    }

    /// Counts lookups into `stats` (counters a metrics registry shows).
    pub fn counted(mut self, stats: CacheStats) -> Self {
        self.stats = stats;
        self
    }

    /// The kept page under `key`, or `draw`'s: concurrent misses of one page are one render. `draw`
    /// gives `Err` for what must not be kept (a page drawn without its first screen, an error), which
    /// is answered as it is.
    pub async fn get_or_draw<E, Fut>(
        &self,
        key: &str,
        draw: impl FnOnce() -> Fut,
    ) -> Result<Arc<Page>, E>
    where
        Fut: std::future::Future<Output = Result<Arc<Page>, E>>,
    {
        let Some(entries) = &self.entries else {
            self.stats.count(true);
            return draw().await;
        };
        if let Some(e) = entries.get(key) {
            if Instant::now() < e.until {
                self.stats.count(false);
                return Ok(e.page.clone());
            }
            entries.remove(key);
        }
        let ttl = self.ttl;
        let drawn = std::sync::atomic::AtomicBool::new(false);
        let drawn = &drawn;
        let entry = entries
            .get_or_insert_async(key, async move {
                drawn.store(true, std::sync::atomic::Ordering::Relaxed);
                let page = draw().await?;
                // Filed under its keys before it is in: a purge from now on finds it.
                if !self.tags.tag(key, &page.keys, CAPACITY * 8) {
                    entries.clear();
                }
                Ok(Arc::new(Entry {
                    until: Instant::now() + ttl,
                    page,
                }))
            })
            .await;
        self.stats
            .count(drawn.load(std::sync::atomic::Ordering::Relaxed));
        entry.map(|e| e.page.clone())
    }

    /// Drops every page carrying one of `keys`.
    pub fn purge(&self, keys: &Keys) {
        if let Some(entries) = &self.entries {
            for page in self.tags.take(keys) {
                entries.remove(&page);
            }
        }
    }

    pub fn clear(&self) {
        if let Some(entries) = &self.entries {
            self.tags.clear();
            entries.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(keys: &[&str]) -> Arc<Page> {
        Arc::new(Page::new(
            StatusCode::OK,
            "<!doctype html><p>地方网</p>".repeat(50),
            "b".into(),
            Keys::of(keys),
        ))
    }

    /// Draws (or finds) the page under `key`; true if it had to be drawn.
    async fn draws(c: &PageCache, key: &str, keys: &'static [&'static str]) -> bool {
        let drawn = std::sync::atomic::AtomicBool::new(false);
        c.get_or_draw::<(), _>(key, || async {
            drawn.store(true, std::sync::atomic::Ordering::Relaxed);
            Ok(page(keys))
        })
        .await
        .unwrap();
        drawn.load(std::sync::atomic::Ordering::Relaxed)
    }

    #[tokio::test]
    async fn pages_go_by_their_keys() {
        let c = PageCache::new(Duration::from_secs(30));
        assert!(draws(&c, "/a/1", &["site", "a:1"]).await);
        assert!(draws(&c, "/a/2", &["site", "a:2"]).await);
        assert!(draws(&c, "/c/x", &["site", "c:x"]).await);
        assert!(!draws(&c, "/a/1", &["site", "a:1"]).await, "kept");
        c.purge(&Keys::of(&["a:1"]));
        assert!(draws(&c, "/a/1", &["site", "a:1"]).await, "purged");
        assert!(!draws(&c, "/a/2", &["site", "a:2"]).await);
        c.purge(&Keys::site());
        assert!(draws(&c, "/a/2", &["site", "a:2"]).await);
        assert!(draws(&c, "/c/x", &["site", "c:x"]).await);
        let p = page(&[]);
        assert!(p.br.len() < p.html.len() / 4 && p.gzip.len() < p.html.len() / 4);
        let off = PageCache::new(Duration::ZERO);
        assert!(draws(&off, "/a/1", &[]).await && draws(&off, "/a/1", &[]).await);
    }

    #[tokio::test]
    async fn concurrent_misses_of_one_page_are_one_render() {
        let c = Arc::new(PageCache::new(Duration::from_secs(30)));
        let renders = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let tasks: Vec<_> = (0..20)
            .map(|_| {
                let (c, renders) = (c.clone(), renders.clone());
                tokio::spawn(async move {
                    c.get_or_draw::<(), _>("/a/9", || async {
                        renders.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        // Slow enough that every task asks while it draws.
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        Ok(page(&["a:9"]))
                    })
                    .await
                    .unwrap()
                })
            })
            .collect();
        for t in tasks {
            t.await.unwrap();
        }
        assert_eq!(renders.load(std::sync::atomic::Ordering::Relaxed), 1);
    }
}
