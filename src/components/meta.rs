//! Per-page <title>, description, canonical link, Open Graph tags and JSON-LD, written into <head>.
//!
//! A few DOM calls instead of leptos_meta: the app only ever needs one set of head tags at a time (the
//! current page's), and dropping leptos_meta's reactive head machinery saves wasm on every route.

use leptos::prelude::*;

/// Marks the tags this module owns, so the next page can replace them.
const OWNED: &str = "data-app-meta";

/// The page's absolute URL for `path`, on the serving origin.
pub fn absolute_url(path: &str) -> String {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    if path.starts_with("http://") || path.starts_with("https://") {
        path.to_owned()
    } else {
        format!("{origin}{path}")
    }
}

/// One page's head: replaces whatever the previous page (or the server, `data-ssr-meta`) put there.
#[derive(Default)]
pub struct Head {
    pub title: String,
    pub description: String,
    /// App path of the page (made absolute for canonical and og:url); `None` for pages with no URL of
    /// their own, such as the 404 page.
    pub path: Option<String>,
    pub article: bool,
    pub image: Option<String>,
    pub noindex: bool,
    /// A JSON-LD document, already serialised.
    pub json_ld: Option<String>,
}

impl Head {
    /// Writes the tags into <head>. Text goes in as attribute values and text content, never as markup.
    pub fn apply(&self) {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Some(head) = doc.head() else {
            return;
        };
        let selector = format!("[{OWNED}],[data-ssr-meta]");
        while let Ok(Some(el)) = head.query_selector(&selector) {
            el.remove();
        }
        // After the removal: the server's <title> is one of the tags removed.
        doc.set_title(&self.title);
        let add = |tag: &str, attrs: &[(&str, &str)], text: Option<&str>| {
            let Ok(el) = doc.create_element(tag) else {
                return;
            };
            let _ = el.set_attribute(OWNED, "");
            for (name, value) in attrs {
                let _ = el.set_attribute(name, value);
            }
            if text.is_some() {
                el.set_text_content(text);
            }
            let _ = head.append_child(&el);
        };
        let meta = |key: &str, name: &str, content: &str| {
            add("meta", &[(key, name), ("content", content)], None)
        };
        let description: String = self.description.chars().take(200).collect();
        if !description.is_empty() {
            meta("name", "description", &description);
        }
        if self.noindex {
            meta("name", "robots", "noindex");
        }
        if let Some(path) = &self.path {
            let url = absolute_url(path);
            add("link", &[("rel", "canonical"), ("href", &url)], None);
            meta("property", "og:title", &self.title);
            meta("property", "og:description", &description);
            meta("property", "og:url", &url);
            let kind = if self.article { "article" } else { "website" };
            meta("property", "og:type", kind);
            if let Some(image) = &self.image {
                meta("property", "og:image", &absolute_url(image));
            }
        }
        if let Some(ld) = &self.json_ld {
            add("script", &[("type", "application/ld+json")], Some(ld));
        }
    }
}

/// Applies `head` when the page renders; a component so pages can place it in their view.
#[component]
pub fn PageMeta(
    title: String,
    description: String,
    path: String,
    #[prop(optional)] article: bool,
    #[prop(default = None)] image: Option<String>,
    #[prop(default = None)] json_ld: Option<String>,
) -> impl IntoView {
    Head {
        title,
        description,
        path: Some(path),
        article,
        image,
        json_ld,
        noindex: false,
    }
    .apply();
}
