//! `/c/{channel}`: the channel's tagline and its articles, with infinite scroll and a load-more button;
//! the list (`ChannelList`) also pages a tag's or an author's articles (`listing.rs`).

mod more;
mod paging;

use crate::api;
use crate::components::{article_list::ArticleItem, meta::PageMeta};
use crate::i18n::lang_now;
use crate::pages::{not_found::NotFound, page_of};
use crate::staged::later;
use crate::state::site::SiteRes;
use crate::widgets::channel_tagline::ChannelTagline;
use leptos::prelude::*;
use model::{paths, ArticleSummary, ListingKind, Page, Site};
use more::{load_when_near, ListEnd};
use paging::Paging;

/// The channel, found in the site, then its first page, each read through a `Resource`
/// (`pages::page_of`): the placeholder until they are there (on the server, the page is drawn with
/// them), then the page; the 404 page for a channel the site does not have; or the failure of either,
/// whose retry loads it again. Both requests are sent at once.
#[component]
pub fn ChannelPage(slug: String) -> impl IntoView {
    let SiteRes(site) = expect_context();
    let first = api::resource(paths::channel_articles(&slug, None, None));
    page_of(site, move |site: Site| {
        let Some((_, _, channel)) = site.channel(&slug) else {
            return view! { <NotFound/> }.into_any();
        };
        let (slug, name, tagline) = (slug.clone(), channel.name.clone(), channel.tagline.clone());
        let site_name = site.name.clone();
        page_of(first, move |page| {
            channel_page(
                slug.clone(),
                name.clone(),
                tagline.clone(),
                site_name.clone(),
                page,
            )
        })
    })
}

/// The channel's heading and tagline over its list, with the page's head tags.
fn channel_page(
    slug: String,
    name: String,
    tagline: String,
    site_name: String,
    page: Page<ArticleSummary>,
) -> AnyView {
    let title = format!("{name} - {site_name}");
    let (description, path) = (tagline.clone(), crate::routes::channel(&slug));
    // The head tags and the list each in a task of their own on the app's first render (`staged`).
    view! {
        {later(move || view! { <PageMeta title description path/> }.into_any())}
        <div class="channel-page">
            <h1 class="page-title">{name}</h1>
            <ChannelTagline text=tagline/>
            {later(move || view! { <ChannelList list=Listed::Channel(slug) first=page/> }.into_any())}
        </div>
    }
    .into_any()
}

/// What a paged list of articles lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Listed {
    /// A channel (its slug).
    Channel(String),
    /// A tag's or an author's articles.
    Of(ListingKind, String),
}

impl Listed {
    /// The URL of the list's page after `cursor` (the first page without one). Every such answer has
    /// the `items` and `next_cursor` of a `Page`.
    pub fn url(&self, cursor: Option<&str>) -> String {
        match self {
            Listed::Channel(slug) => paths::channel_articles(slug, cursor, None),
            Listed::Of(ListingKind::Tag, name) => paths::tag_articles(name, cursor, None),
            Listed::Of(ListingKind::Author, name) => paths::author_articles(name, cursor, None),
        }
    }

    /// Its key in the app's memory of loaded pages: a channel's slug, else its page's path (a slug has
    /// no `/`, so the two never meet).
    fn key(&self) -> String {
        match self {
            Listed::Channel(slug) => slug.clone(),
            Listed::Of(kind, name) => kind.page(name),
        }
    }
}

/// The list itself: first page plus pages loaded on demand (`paging.rs`), when the reader nears its end
/// or presses the button below it (`more.rs`). Coming back to it (back button) shows the pages loaded
/// before, from the app's memory.
#[component]
pub fn ChannelList(list: Listed, first: Page<ArticleSummary>) -> impl IntoView {
    let t = lang_now().t();
    let paging = Paging::new(list, first);
    let load_more = paging.loader();
    let sentinel = NodeRef::<leptos::html::Div>::new();
    load_when_near(sentinel, paging, load_more);
    let items = paging.items;
    view! {
        {move || {
            items
                .with(|v| v.is_empty())
                .then(|| view! { <p class="empty">{t.empty_list}</p> })
        }}
        <ul class="article-list" data-testid="article-list">
            <For each=move || items.get() key=|i| i.id children=move |item| view! { <ArticleItem item/> }/>
        </ul>
        <div class="list-end" node_ref=sentinel>
            <ListEnd paging load_more/>
        </div>
    }
}
