//! A channel's latest few articles under a heading linking to the channel (home and place pages).

use crate::api;
use crate::components::loaded::part_of;
use crate::components::{article_list::ArticleList, img::Img, time::Time};
use crate::i18n::{lang_now, Texts};
use leptos::prelude::*;
use model::{paths, ArticleSummary, Page};

/// The heading, then the list read through a `Resource` (`loaded::part_of`).
#[component]
pub fn ChannelLatest(
    slug: String,
    name: String,
    limit: u32,
    /// Shows the first entry as the lead story, big and with its image loaded at once.
    #[prop(optional)]
    lead: bool,
) -> impl IntoView {
    let t = lang_now().t();
    let latest = api::resource(paths::channel_articles(&slug, None, Some(limit)));
    let heading_id = format!("ch-{slug}");
    let labelled = heading_id.clone();
    view! {
        <section class="block" aria-labelledby=labelled>
            <h2 class="block-title" id=heading_id>
                <a href=crate::routes::channel(&slug)>{name}</a>
            </h2>
            {part_of(latest, move |page| latest_list(page, lead, t))}
        </section>
    }
}

/// The articles, the first as the lead story when `lead`.
fn latest_list(page: Page<ArticleSummary>, lead: bool, t: &'static Texts) -> AnyView {
    if page.items.is_empty() {
        return view! { <p class="empty">{t.empty_list}</p> }.into_any();
    }
    let mut items = page.items;
    let lead_item = lead.then(|| items.remove(0));
    view! {
        {lead_item.map(|l| view! {
            <article class="lead">
                <a href=crate::routes::article(l.id)>
                    {l.image.map(|image| view! { <div class="lead-img"><Img image eager=true/></div> })}
                    <span class="lead-kicker">{t.lead_story}</span>
                    <span class="lead-title">{l.title}</span>
                </a>
                <p class="lead-excerpt">{l.excerpt}</p>
                <p class="card-meta"><Time at=l.published_at/></p>
            </article>
        })}
        <ArticleList items/>
    }
    .into_any()
}
