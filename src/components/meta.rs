//! Per-page <title>, description, canonical link and Open Graph tags (leptos_meta owns the head).

use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};

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

#[component]
pub fn PageMeta(
    title: String,
    description: String,
    path: String,
    #[prop(optional)] article: bool,
    #[prop(default = None)] image: Option<String>,
) -> impl IntoView {
    let url = absolute_url(&path);
    let description: String = description.chars().take(200).collect();
    view! {
        <Title text=title.clone()/>
        <Meta name="description" content=description.clone()/>
        <Link rel="canonical" href=url.clone()/>
        <Meta property="og:title" content=title/>
        <Meta property="og:description" content=description/>
        <Meta property="og:url" content=url/>
        <Meta property="og:type" content=if article { "article" } else { "website" }/>
        {image.map(|i| view! { <Meta property="og:image" content=absolute_url(&i)/> })}
    }
}
