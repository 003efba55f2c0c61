//! The articles readable offline. The last [`RECENT_MAX`] opened: the service worker keeps their JSON
//! (`difang-articles`) and their images, which the page fetches once the article is shown. The saved
//! ones (离线保存): the app puts their JSON and images in the `difang-saved` cache, which nothing expires,
//! until the reader removes them. The two lists (for /saved, and to know what is there) are in
//! localStorage.

use crate::api;
use model::{paths, Article, ArticleId, Block};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

pub const RECENT_KEY: &str = "difang.offline.recent";
pub const SAVED_KEY: &str = "difang.offline.saved";
/// As many as the service worker's article cache keeps.
pub const RECENT_MAX: usize = 50;
/// The Cache Storage cache of saved articles; the service worker falls back to it.
pub const SAVED_CACHE: &str = "difang-saved";

/// An article in one of the lists.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub id: u64,
    pub title: String,
    /// The channel's name.
    pub channel: String,
    /// Unix milliseconds: when it was opened or saved.
    pub at: f64,
    /// Its images (same origin), kept with it.
    #[serde(default)]
    pub images: Vec<String>,
}

impl Entry {
    pub fn of(a: &Article) -> Entry {
        Entry {
            id: a.id.0,
            title: a.title.clone(),
            channel: a.channel.name.clone(),
            at: crate::browser::now_ms(),
            images: images(a),
        }
    }
}

/// The article's images from this origin (the lead image and those in its body).
pub fn images(a: &Article) -> Vec<String> {
    let body = a.body.iter().flat_map(|b| match b {
        Block::Image { image, .. } => vec![image],
        Block::Gallery { images, .. } => images.iter().map(|f| &f.image).collect(),
        _ => Vec::new(),
    });
    let mut urls: Vec<String> = a
        .lead_image
        .iter()
        .chain(body)
        .map(|i| i.url.as_str().to_owned())
        .filter(|u| u.starts_with('/') && !u.starts_with("//"))
        .collect();
    urls.dedup();
    urls
}

fn read(key: &str) -> Vec<Entry> {
    crate::state::prefs::storage_get(key)
        .and_then(|s| crate::json::from_str(&s).ok())
        .unwrap_or_default()
}

fn write(key: &str, list: &[Entry]) {
    if let Ok(s) = crate::json::to_string(&list) {
        crate::state::prefs::storage_set(key, &s);
    }
}

/// Puts `entry` first, without an older entry of the same article, keeping at most `max`.
pub fn push(list: &mut Vec<Entry>, entry: Entry, max: usize) {
    list.retain(|e| e.id != entry.id);
    list.insert(0, entry);
    list.truncate(max);
}

pub fn recent() -> Vec<Entry> {
    read(RECENT_KEY)
}

pub fn saved() -> Vec<Entry> {
    read(SAVED_KEY)
}

fn controlled() -> bool {
    super::worker::container()
        .and_then(|c| c.controller())
        .is_some()
}

/// Records an opened article; under the service worker, fetches its images now (idle), so the worker
/// caches them even those below the fold that lazy loading never asked for.
pub fn opened(a: &Article) {
    let entry = Entry::of(a);
    let urls = entry.images.clone();
    let mut list = recent();
    push(&mut list, entry, RECENT_MAX);
    write(RECENT_KEY, &list);
    if !controlled() || urls.is_empty() {
        return;
    }
    leptos::task::spawn_local(async move {
        let Some(w) = crate::browser::window() else {
            return;
        };
        for url in urls {
            // Failures do not matter: the image is simply not there offline.
            let _ = JsFuture::from(w.fetch_with_str(&url)).await;
        }
    });
}

/// The worker has just taken control of this page (its first install): the articles opened before it
/// did (their JSON and images went past it) are fetched again through it, so they read offline too.
pub fn warm() {
    let urls: Vec<String> = recent()
        .into_iter()
        .take(5)
        .flat_map(|e| std::iter::once(paths::article(ArticleId(e.id))).chain(e.images))
        .collect();
    leptos::task::spawn_local(async move {
        let Some(w) = crate::browser::window() else {
            return;
        };
        for url in urls {
            let _ = JsFuture::from(w.fetch_with_str(&url)).await;
        }
    });
}

async fn cache() -> Option<web_sys::Cache> {
    let caches = crate::browser::window()?.caches().ok()?;
    let cache = JsFuture::from(caches.open(SAVED_CACHE)).await.ok()?;
    Some(cache.unchecked_into())
}

/// Keeps the article (its JSON, from the app's cache or the network, and its images) until removed.
/// Fails when the JSON cannot be had or stored; an image that cannot be fetched is left out.
pub async fn save(a: &Article) -> Result<Entry, ()> {
    let url = paths::article(a.id);
    let text = api::get_text(&url).await.map_err(|_| ())?;
    let cache = cache().await.ok_or(())?;
    let init = web_sys::ResponseInit::new();
    let headers = web_sys::Headers::new().map_err(|_| ())?;
    let _ = headers.set("Content-Type", "application/json");
    init.set_headers(&headers);
    let response =
        web_sys::Response::new_with_opt_str_and_init(Some(&text), &init).map_err(|_| ())?;
    JsFuture::from(cache.put_with_str(&url, &response))
        .await
        .map_err(|_| ())?;
    let entry = Entry::of(a);
    for image in &entry.images {
        let _ = JsFuture::from(cache.add_with_str(image)).await;
    }
    let mut list = saved();
    push(&mut list, entry.clone(), usize::MAX);
    write(SAVED_KEY, &list);
    Ok(entry)
}

/// Forgets a saved article and drops what was kept for it (images another saved article shows stay).
pub async fn remove(id: ArticleId) {
    let mut list = saved();
    let Some(gone) = list
        .iter()
        .position(|e| e.id == id.0)
        .map(|i| list.remove(i))
    else {
        return;
    };
    write(SAVED_KEY, &list);
    let Some(cache) = cache().await else {
        return;
    };
    let _ = JsFuture::from(cache.delete_with_str(&paths::article(id))).await;
    for image in gone.images {
        if !list.iter().any(|e| e.images.contains(&image)) {
            let _ = JsFuture::from(cache.delete_with_str(&image)).await;
        }
    }
}

/// Saves or removes the article: Ok(true) when it is now saved, Ok(false) when removed.
pub async fn toggle(a: Article) -> Result<bool, ()> {
    if is_saved(a.id) {
        remove(a.id).await;
        Ok(false)
    } else {
        save(&a).await?;
        Ok(true)
    }
}

pub fn is_saved(id: ArticleId) -> bool {
    saved().iter().any(|e| e.id == id.0)
}
