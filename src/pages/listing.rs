//! `/t/{tag}` and `/u/{author}`: a tag's or an author's articles, newest first, paged as a channel's
//! (`channel::ChannelList`), with the page's feed for feed readers.

use crate::api;
use crate::components::meta::PageMeta;
use crate::i18n::{lang_now, Lang};
use crate::pages::channel::{ChannelList, Listed};
use crate::pages::page_of;
use leptos::prelude::*;
use model::{ArticleSummary, ListingKind, ListingPage as Listing, Page};

/// The URL of the list's first page.
pub fn first_url(kind: ListingKind, name: &str) -> String {
    Listed::Of(kind, name.to_owned()).url(None)
}

/// The page's heading, and how many articles it has.
fn words(kind: ListingKind, lang: Lang) -> (&'static str, &'static str) {
    match (kind, lang) {
        (ListingKind::Tag, Lang::Zh) => ("标签：", "共 {n} 篇文章"),
        (ListingKind::Author, Lang::Zh) => ("作者：", "共 {n} 篇文章"),
        (ListingKind::Tag, Lang::En) => ("Tag: ", "{n} stories"),
        (ListingKind::Author, Lang::En) => ("By ", "{n} stories"),
    }
}

/// The list read through a `Resource` (`pages::page_of`): the placeholder until its first page is
/// there (on the server, the page is drawn with it), then the page, or the page's failure with a retry.
#[component]
pub fn ListingPage(kind: ListingKind, name: String) -> impl IntoView {
    let lang = lang_now();
    page_of(api::resource(first_url(kind, &name)), move |page| {
        listing(kind, name.clone(), lang, page)
    })
}

/// The list's first page, under its heading and count, with the page's head tags.
fn listing(kind: ListingKind, name: String, lang: Lang, page: Listing) -> AnyView {
    let (prefix, count) = words(kind, lang);
    let heading = format!("{prefix}{}", page.name);
    let path = kind.page(&page.name);
    let site = crate::state::site::SiteRes::get(expect_context()).map(|s| s.name);
    let title = match site {
        Some(site) => format!("{heading} - {site}"),
        None => heading.clone(),
    };
    let total = count.replace("{n}", &page.total.to_string());
    let feed = kind.feed(&page.name);
    let list = Page::<ArticleSummary> {
        items: page.items,
        next_cursor: page.next_cursor,
    };
    view! {
        <PageMeta title description=total.clone() path/>
        <div class="channel-page listing-page" data-testid="listing-page">
            <h1 class="page-title">{heading}</h1>
            <p class="muted listing-meta">
                <span data-testid="listing-total">{total}</span>
                " · "
                <a href=feed rel="alternate" type="application/atom+xml" data-testid="listing-feed">"RSS / Atom"</a>
            </p>
            <ChannelList list=Listed::Of(kind, name) first=list/>
        </div>
    }
    .into_any()
}
