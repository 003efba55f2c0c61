//! The site header: the site's name (link home), reader controls, and the channel bar of the city the
//! drawn page belongs to, its channel marked. Where the page belongs is read from the drawn route and the
//! data it was drawn from (the site; for an article, the article, from the cache): pages set nothing.

use super::offline::{OfflineSlot, Slot};
use crate::api;
use crate::i18n::lang_now;
use crate::routes::Route;
use crate::staged::later;
use crate::state::{
    prefs::{Prefs, Theme, FONT_MAX},
    site::SiteRes,
    Drawn,
};
use crate::widgets::channel_bar::ChannelBar;
use leptos::prelude::*;
use leptos_router::components::A;
use model::{paths, ChannelRef, Site};
use serde::Deserialize;

/// The city (slug) whose channels the bar shows and the current channel, for the drawn route;
/// `article_channel` is the drawn article's channel once known.
fn place_of(
    route: &Route,
    article_channel: Option<String>,
    site: &Site,
) -> (Option<String>, Option<String>) {
    let channel = match route {
        Route::Channel(slug) => Some(slug.clone()),
        Route::Article(_) => article_channel,
        Route::Place(slug) => {
            return match site.regions.iter().find(|r| r.slug == *slug) {
                Some(region) => (region.cities.first().map(|c| c.slug.clone()), None),
                None => (Some(slug.clone()), None),
            };
        }
        Route::Home | Route::Listing(..) | Route::Saved | Route::Search | Route::NotFound => None,
    };
    match channel.as_deref().and_then(|slug| site.channel(slug)) {
        Some((_, city, _)) => (Some(city.slug.clone()), channel),
        None => (None, None),
    }
}

/// What the header reads of an article: its channel (not the rest, the body least of all).
#[derive(Deserialize)]
struct ChannelOf {
    channel: ChannelRef,
}

#[component]
pub fn Header() -> impl IntoView {
    let site = expect_context::<SiteRes>();
    let Drawn(drawn) = expect_context::<Drawn>();
    let name = move || match site.get() {
        Some(s) => s.name,
        _ => "地方网".to_owned(),
    };
    let article_channel = article_channel(drawn);
    let place = Memo::new(move |_| {
        let s = site.get()?;
        let (city, channel) = place_of(&drawn.get(), article_channel.get(), &s);
        Some((s, city, channel))
    });
    let bar = move || {
        let (s, city, channel) = place.get()?;
        let c = city
            .as_deref()
            .and_then(|slug| s.city(slug))
            .map(|(_, c)| c)
            .or_else(|| s.home_city())?;
        Some(view! { <ChannelBar channels=c.channels.clone() current=channel/> })
    };
    view! {
        <header class="site-header">
            <div class="header-row">
                <A href="/" attr:class="site-name" attr:data-testid="site-name" exact=true>{name}</A>
                <div class="controls">
                    // In a task of their own when the app takes over the server's page (`staged`).
                    {later(move || view! { <ReaderControls/> }.into_any())}
                </div>
            </div>
            <div class="bar-row">
                <div class="bar-slot">{later(move || bar.into_any())}</div>
                <SearchBox/>
            </div>
        </header>
    }
}

/// The drawn article's channel (slug), `None` on other pages. An article's channel comes with the
/// article: the page drew it from the cache, so this is answered from there too (joined if still under
/// way); the task belongs to the drawn article.
fn article_channel(drawn: RwSignal<Route>) -> RwSignal<Option<String>> {
    let article = Memo::new(move |_| match drawn.get() {
        Route::Article(id) => Some(id),
        _ => None,
    });
    // At once when the article is in the cache (the first screen the server sent, a prepared page),
    // so the first render already shows the right city's bar.
    let cached_channel = |id| {
        api::cached_text(&paths::article(id))
            .and_then(|text| crate::json::from_str::<ChannelOf>(&text).ok())
            .map(|a| a.channel.slug)
    };
    let article_channel = RwSignal::new(article.get_untracked().and_then(cached_channel));
    Effect::new(move |first: Option<()>| {
        let Some(id) = article.get() else {
            article_channel.set(None);
            return;
        };
        // Known already from the cache (the first render read it there): not read a second time.
        if first.is_none() && article_channel.get_untracked().is_some() {
            return;
        }
        leptos::task::spawn_local_scoped_with_cancellation(async move {
            let article = api::get_json::<ChannelOf>(&paths::article(id)).await;
            article_channel.try_set(article.ok().map(|a| a.channel.slug));
        });
    });
    article_channel
}

/// The reader's controls: install (once offered), text size, theme and language.
#[component]
fn ReaderControls() -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    let lang = lang_now();
    let t = lang.t();
    view! {
        // First: it appears once the reader has read something, and the row is right-aligned, so the
        // controls after it keep their place (no layout shift).
        {use_context::<crate::offline::Offline>().map(|off| view! { <OfflineSlot off which=Slot::Install/> })}
        <button type="button" class="ctl" data-testid="font-dec" aria-label=format!("A− {}", t.font_dec)
            disabled=move || prefs.font.get() == 0 on:click=move |_| prefs.change_font(-1)>
            "A−"
        </button>
        <button type="button" class="ctl" data-testid="font-inc" aria-label=format!("A+ {}", t.font_inc)
            disabled=move || { prefs.font.get() >= FONT_MAX } on:click=move |_| prefs.change_font(1)>
            "A+"
        </button>
        <button
            type="button"
            class="ctl"
            data-testid="theme-toggle"
            aria-label=move || {
                let t = lang.t();
                if prefs.theme.get() == Theme::Dark { t.theme_to_light } else { t.theme_to_dark }
            }
            on:click=move |_| prefs.toggle_theme()
        >
            // Both glyphs, the stylesheet showing the one for <html data-theme>: the inline script in
            // index.html sets that before the first paint, so the server's page (which cannot know the
            // reader's theme) shows the right one.
            <span class="to-dark" aria-hidden="true">"☾"</span>
            <span class="to-light" aria-hidden="true">"☀"</span>
        </button>
        <button
            type="button"
            class="ctl"
            data-testid="lang-toggle"
            aria-label=format!("{} {}", t.lang_switch, t.lang_switch_label)
            on:click=move |_| {
                prefs.toggle_lang();
                crate::offline::forget_pages();
            }
        >
            {t.lang_switch}
        </button>
    }
}

/// The header's search box: a GET form to `/search` (so it works before the app has loaded, and
/// without JavaScript); in the app its submission is the router's navigation. On a phone only its
/// button shows, which opens the search page with its own box.
#[component]
fn SearchBox() -> impl IntoView {
    let t = lang_now().t();
    let navigate = leptos_router::hooks::use_navigate();
    let nav = use_context::<crate::routing::Navigation>();
    let input = NodeRef::<leptos::html::Input>::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = input.get_untracked().map(|i| i.value()).unwrap_or_default();
        let to = crate::routes::search(q.trim(), None, None, None, None);
        match nav {
            Some(nav) => nav.go(to, navigate.clone()),
            None => navigate(&to, Default::default()),
        }
    };
    view! {
        <form class="site-search" role="search" action=crate::routes::SEARCH method="get" on:submit=on_submit>
            <input
                name="q"
                type="search"
                node_ref=input
                aria-label=t.search_label
                placeholder=t.search_label
                enterkeyhint="search"
                data-testid="header-search-input"
            />
            <button type="submit" class="ctl" aria-label=t.search data-testid="header-search">
                <span class="magnifier" aria-hidden="true"></span>
            </button>
        </form>
    }
}
