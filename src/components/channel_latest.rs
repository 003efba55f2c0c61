//! A channel's latest few articles under a heading linking to the channel (home and place pages).

use crate::api;
use crate::components::{
    article_list::ArticleList, error_box::ErrorBox, img::Img, loading::Loading, time::Time,
};
use crate::i18n::use_lang;
use leptos::prelude::*;

#[component]
pub fn ChannelLatest(
    slug: String,
    name: String,
    limit: u32,
    /// Shows the first entry as the lead story, big and with its image loaded at once.
    #[prop(optional)]
    lead: bool,
) -> impl IntoView {
    let lang = use_lang();
    let s = slug.clone();
    let res = LocalResource::new(move || {
        let s = s.clone();
        async move { api::channel_articles(&s, None, Some(limit)).await }
    });
    let heading_id = format!("ch-{slug}");
    let labelled = heading_id.clone();
    view! {
        <section class="block" aria-labelledby=labelled>
            <h2 class="block-title" id=heading_id>
                <a href=format!("/c/{slug}")>{name}</a>
            </h2>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match res.await {
                        Err(e) => view! { <ErrorBox error=e on_retry=move |_| res.refetch()/> }.into_any(),
                        Ok(page) if page.items.is_empty() => {
                            view! { <p class="empty">{move || lang.get().t().empty_list}</p> }.into_any()
                        }
                        Ok(page) => {
                            let mut items = page.items;
                            let lead_item = (lead && !items.is_empty()).then(|| items.remove(0));
                            view! {
                                {lead_item.map(|l| view! {
                                    <article class="lead">
                                        <a href=format!("/a/{}", l.id)>
                                            {l.image.map(|image| view! { <div class="lead-img"><Img image eager=true/></div> })}
                                            <span class="lead-kicker">{move || lang.get().t().lead_story}</span>
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
                    }
                })}
            </Suspense>
        </section>
    }
}
