//! `/`: the lead story, the latest of each channel of the home city and of the other cities, and trends.

use crate::api;
use crate::components::loaded::part_of;
use crate::components::{channel_latest::ChannelLatest, meta::PageMeta};
use crate::i18n::lang_now;
use crate::pages::page_of;
use crate::state::site::SiteRes;
use crate::widgets::{hot_ranking::HotRanking, items_of, picture_highlights::PictureHighlights};
use leptos::prelude::*;
use model::{paths, Site, WidgetKind, WidgetSet};

/// The trending widgets beside the home page's lists (the router fetches it before drawing the page).
pub fn trends_url() -> String {
    paths::widgets(
        &[WidgetKind::HotRanking, WidgetKind::PictureHighlights],
        None,
        Some(6),
    )
}

/// The site read through a `Resource` (`pages::page_of`): the placeholder until it is there (on the
/// server, the page is drawn with it), then the page, or the site's failure with a retry.
#[component]
pub fn HomePage() -> impl IntoView {
    let SiteRes(site) = expect_context();
    page_of(site, home)
}

/// The lists of the home city's channels and of the other cities, beside the trends.
fn home(site: Site) -> AnyView {
    let t = lang_now().t();
    let home = site.home_city().cloned();
    let home_slug = home.as_ref().map(|c| c.slug.clone()).unwrap_or_default();
    let others: Vec<(String, String, String)> = site
        .regions
        .iter()
        .flat_map(|r| r.cities.iter())
        .filter(|c| c.slug != home_slug)
        .filter_map(|c| {
            c.channels
                .first()
                .map(|ch| (c.name.clone(), ch.slug.clone(), ch.name.clone()))
        })
        .collect();
    view! {
        <PageMeta title=site.name.clone() description=site.description.clone() path="/".to_owned()/>
        <h1 class="visually-hidden">{site.name.clone()}</h1>
        <div class="two-col">
            <div class="col-main">
                {home.map(|c| {
                    c.channels
                        .into_iter()
                        .enumerate()
                        .map(|(i, ch)| view! { <ChannelLatest slug=ch.slug name=ch.name limit=5 lead=i == 0/> })
                        .collect_view()
                })}
                <h2 class="section-title">{t.more_cities}</h2>
                <div class="city-grid">
                    {others
                        .into_iter()
                        .map(|(city, slug, name)| view! { <ChannelLatest slug name=format!("{city} · {name}") limit=3/> })
                        .collect_view()}
                </div>
            </div>
            <aside class="col-side" aria-label=t.trending>
                <Trends/>
            </aside>
        </div>
    }
    .into_any()
}

/// The hot ranking and the picture highlights, from one answer (a part: its failure stays in the
/// aside).
#[component]
fn Trends() -> impl IntoView {
    part_of(api::resource(trends_url()), |set: WidgetSet| {
        view! {
            <HotRanking items=items_of(&set, WidgetKind::HotRanking)/>
            <PictureHighlights items=items_of(&set, WidgetKind::PictureHighlights)/>
        }
        .into_any()
    })
}
