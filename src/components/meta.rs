//! A page's head: <title>, description, canonical link, Open Graph tags and JSON-LD, through leptos_meta.
//! The tags belong to the page that renders them and go with it; parts never render head tags.

use leptos::prelude::*;
use leptos_meta::{Link, Meta, Script, Title};

/// The page's absolute URL for `path`, on the serving origin.
pub fn absolute_url(path: &str) -> String {
    let origin = crate::browser::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    if path.starts_with("http://") || path.starts_with("https://") {
        path.to_owned()
    } else {
        format!("{origin}{path}")
    }
}

/// Removes the crawler tags the server wrote into index.html (`data-ssr-meta`), as the first page's own
/// tags go in (in the same task): they say the same, two canonical links must never be there at once,
/// and a tab must not lose its title while the app draws over the server's page (`staged`).
fn drop_server_tags() {
    let Some(head) = crate::browser::window()
        .and_then(|w| w.document())
        .and_then(|d| d.head())
    else {
        return;
    };
    while let Ok(Some(el)) = head.query_selector("[data-ssr-meta]") {
        el.remove();
    }
}

/// The head of a page with an address of its own. Text goes in as attribute values and text content,
/// never as markup.
#[component]
pub fn PageMeta(
    title: String,
    description: String,
    path: String,
    #[prop(optional)] article: bool,
    #[prop(default = None)] image: Option<String>,
    /// A JSON-LD document, already serialised (with `<` escaped).
    #[prop(default = None)]
    json_ld: Option<String>,
) -> impl IntoView {
    // The hydration variant leaves the server's head as it is (its tags are not leptos_meta's yet).
    if cfg!(difang_hydrate) {
        return ().into_any();
    }
    drop_server_tags();
    let description: String = description.chars().take(200).collect();
    let url = absolute_url(&path);
    let kind = if article { "article" } else { "website" };
    view! {
        <Title text=title.clone()/>
        {(!description.is_empty()).then(|| view! { <Meta name="description" content=description.clone()/> })}
        <Link rel="canonical" href=url.clone()/>
        <Meta property="og:title" content=title/>
        <Meta property="og:description" content=description/>
        <Meta property="og:url" content=url/>
        <Meta property="og:type" content=kind/>
        {image.map(|i| view! { <Meta property="og:image" content=absolute_url(&i)/> })}
        {json_ld.map(|ld| view! { <Script type_="application/ld+json">{ld}</Script> })}
    }
    .into_any()
}

/// The head of a page with no address of its own (the 404 page): a title, and no indexing.
#[component]
pub fn NoIndexMeta(title: String) -> impl IntoView {
    if cfg!(difang_hydrate) {
        return ().into_any();
    }
    view! {
        <Title text=title/>
        <Meta name="robots" content="noindex"/>
    }
    .into_any()
}
