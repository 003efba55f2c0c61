//! A page's head: <title>, description, canonical link, Open Graph tags and JSON-LD, through leptos_meta.
//! The tags belong to the page that renders them and go with it; parts never render head tags. The
//! server renders the same components (`ssr.rs`) and writes their tags into the page it sends: there is
//! no second copy of a page's head, and the page the app takes over keeps the server's tags as its own.

use leptos::prelude::*;
use leptos_meta::{Link, Meta, Script, Title};

/// The origin canonical and Open Graph URLs are written with on the server (`--public-url`, else the
/// bound address; empty on a wildcard bind: root-relative URLs), never the request's Host header.
#[derive(Clone, Debug)]
pub struct PublicOrigin(pub String);

/// The page's absolute URL for `path`: on the public origin on the server, on the serving origin in the
/// browser.
pub fn absolute_url(path: &str) -> String {
    if path.starts_with("http://") || path.starts_with("https://") {
        return path.to_owned();
    }
    #[cfg(not(target_arch = "wasm32"))]
    let origin = use_context::<PublicOrigin>().map(|o| o.0);
    #[cfg(target_arch = "wasm32")]
    let origin = crate::browser::window().and_then(|w| w.location().origin().ok());
    format!("{}{path}", origin.unwrap_or_default())
}

/// The text for leptos_meta's `<Title>`. On the server leptos_meta writes it into `<title>` as it is, not
/// escaped (docs/upstream/leptos-meta-title-escaping.md): a headline with `</title>` in it would end the
/// element there and put the rest in the page as markup. So there it goes in escaped; the browser sets
/// the document's title from the text itself.
fn title_text(title: String) -> String {
    #[cfg(feature = "ssr")]
    return html_escape::encode_quoted_attribute(&title).into_owned();
    #[cfg(not(feature = "ssr"))]
    title
}

/// Removes the tags the server wrote into the page it sent (`data-ssr-meta`), as a page's own tags go in
/// (in the same task): two canonical links must never be there at once. The `<title>` stays: leptos_meta
/// sets the document's title, which changes that element's text, so a tab never loses its title.
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

/// Whether the page titled `title` keeps the server's tags as its own: when the app takes over the page
/// the server drew (`staged`: only a page the server drew, and so wrote the head of), the server rendered
/// these very components for it, so its tags are this page's already (checked by the title). They stay,
/// nothing is drawn again, and they go with the page as leptos_meta's own go with theirs. Else they are
/// removed, and the page draws its own.
fn keeps_server_tags(title: &str) -> bool {
    let keep = crate::staged::taking_over()
        && crate::browser::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.title() == title);
    if keep {
        on_cleanup(drop_server_tags);
    } else {
        drop_server_tags();
    }
    keep
}

/// The head of a page with an address of its own. Text goes in as attribute values and text content,
/// never as markup.
#[component]
pub fn PageMeta(
    title: String,
    description: String,
    path: String,
    #[prop(default = None)] image: Option<String>,
    /// A JSON-LD document, already serialised (with `<` escaped).
    #[prop(default = None)]
    json_ld: Option<String>,
    /// An article's page: when it was published (RFC 3339).
    #[prop(default = None)]
    published: Option<String>,
) -> impl IntoView {
    // The hydration variant leaves the server's head as it is (its tags are not hydrated yet).
    if cfg!(difang_hydrate) {
        return ().into_any();
    }
    if keeps_server_tags(&title) {
        return ().into_any();
    }
    let description: String = description.chars().take(200).collect();
    let url = absolute_url(&path);
    let kind = if published.is_some() {
        "article"
    } else {
        "website"
    };
    let image = image.map(|i| absolute_url(&i));
    #[cfg(not(target_arch = "wasm32"))]
    let crawlers = crawler_tags(&title, &path, image.is_some(), published);
    let tags = view! {
        <Title text=title_text(title.clone())/>
        {(!description.is_empty()).then(|| view! { <Meta name="description" content=description.clone()/> })}
        <Link rel="canonical" href=url.clone()/>
        <Meta property="og:title" content=title/>
        <Meta property="og:description" content=description/>
        <Meta property="og:url" content=url/>
        <Meta property="og:type" content=kind/>
        {image.map(|i| view! { <Meta property="og:image" content=i/> })}
        {json_ld.map(|ld| view! { <Script type_="application/ld+json">{ld}</Script> })}
    };
    // Marked, and with the tags only crawlers read, on the server; as they are in the browser.
    #[cfg(not(target_arch = "wasm32"))]
    return (server_marked(tags), crawlers).into_any();
    #[cfg(target_arch = "wasm32")]
    tags.into_any()
}

/// On the server, marks each of `tags` `data-ssr-meta` (leptos_meta's `<Title>` takes no attributes);
/// the browser's are left as they are, with no code for it in the wasm.
#[cfg(not(target_arch = "wasm32"))]
fn server_marked<V: leptos::tachys::view::add_attr::AddAnyAttr>(tags: V) -> impl IntoView
where
    V::Output<leptos::tachys::html::attribute::custom::CustomAttr<&'static str, bool>>: IntoView,
{
    tags.add_any_attr(leptos::tachys::html::attribute::custom::custom_attribute(
        "data-ssr-meta",
        true,
    ))
}

#[cfg(target_arch = "wasm32")]
fn server_marked<V: IntoView>(tags: V) -> V {
    tags
}

/// Tags that only crawlers and link previews read (the site's name, the card, the publication time,
/// oEmbed discovery): written into the page the server sends, and not compiled into the app.
#[cfg(not(target_arch = "wasm32"))]
fn crawler_tags(title: &str, path: &str, image: bool, published: Option<String>) -> AnyView {
    let site = use_context::<crate::state::site::SiteRes>()
        .and_then(|s| s.get())
        .map(|s| s.name);
    let card = if image {
        "summary_large_image"
    } else {
        "summary"
    };
    // What a partner can embed (an article, a channel) links its oEmbed; that needs an absolute page URL:
    // none on a wildcard bind without `--public-url`.
    let url = absolute_url(path);
    let embeddable = published.is_some() || path.starts_with("/c/");
    let oembed = (embeddable && url.starts_with("http"))
        .then(|| absolute_url(&model::paths::oembed(&url, None, None)));
    server_marked(view! {
        {site.map(|s| view! { <Meta property="og:site_name" content=s/> })}
        <Meta name="twitter:card" content=card/>
        {published.map(|p| view! { <Meta property="article:published_time" content=p/> })}
        {oembed.map(|o| view! {
            <Link rel="alternate" type_="application/json+oembed" href=o title=title.to_owned()/>
        })}
    })
    .into_any()
}

/// The head of a page with no address of its own (the 404 page, search results): a title, and no
/// indexing.
#[component]
pub fn NoIndexMeta(title: String) -> impl IntoView {
    if cfg!(difang_hydrate) {
        return ().into_any();
    }
    if keeps_server_tags(&title) {
        return ().into_any();
    }
    server_marked(view! {
        <Title text=title_text(title)/>
        <Meta name="robots" content="noindex"/>
    })
    .into_any()
}
