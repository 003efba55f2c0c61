//! `/p/{slug}`: a region (四川) or a city (资阳市) with its channels' latest articles.

use crate::components::{channel_latest::ChannelLatest, meta::PageMeta};
use crate::pages::{not_found::NotFound, page_of};
use crate::state::site::SiteRes;
use leptos::prelude::*;
use model::Site;

/// The place, found in the site read through a `Resource` (`pages::page_of`): the placeholder until the
/// site is there, then the place, the 404 page for one the site does not have, or the site's failure
/// with a retry.
#[component]
pub fn PlacePage(slug: String) -> impl IntoView {
    let SiteRes(site) = expect_context();
    page_of(site, move |site| place(slug.clone(), site))
}

/// A region with its cities, or a city, with its channels' latest articles.
fn place(slug: String, site: Site) -> AnyView {
    let path = crate::routes::place(&slug);
    if let Some(region) = site.regions.iter().find(|r| r.slug == slug) {
        let title = format!("{} - {}", region.name, site.name);
        return view! {
            <PageMeta title description=site.description.clone() path/>
            <h1 class="page-title">{region.name.clone()}</h1>
            {region
                .cities
                .iter()
                .map(|c| {
                    view! {
                        <h2 class="section-title"><a href=crate::routes::place(&c.slug)>{c.name.clone()}</a></h2>
                        <div class="city-grid">
                            {c.channels
                                .iter()
                                .map(|ch| view! { <ChannelLatest slug=ch.slug.clone() name=ch.name.clone() limit=3/> })
                                .collect_view()}
                        </div>
                    }
                })
                .collect_view()}
        }
        .into_any();
    }
    if let Some((region, city)) = site.city(&slug) {
        let title = format!("{} - {}", city.name, site.name);
        return view! {
            <PageMeta title description=site.description.clone() path/>
            <p class="kicker"><a href=crate::routes::place(&region.slug)>{region.name.clone()}</a></p>
            <h1 class="page-title">{city.name.clone()}</h1>
            <div class="city-grid">
                {city
                    .channels
                    .iter()
                    .map(|ch| view! { <ChannelLatest slug=ch.slug.clone() name=ch.name.clone() limit=5/> })
                    .collect_view()}
            </div>
        }
        .into_any();
    }
    view! { <NotFound/> }.into_any()
}
