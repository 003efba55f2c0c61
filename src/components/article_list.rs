//! Lists of article summaries: the channel/home list (`article-list`) with images, excerpt and time.

use crate::components::{img::Img, time::Time};
use leptos::prelude::*;
use model::ArticleSummary;

/// One list entry: a card linking to `/a/{id}`.
#[component]
pub fn ArticleItem(item: ArticleSummary, #[prop(optional)] show_channel: bool) -> impl IntoView {
    let href = crate::routes::article(item.id);
    let channel = show_channel.then(|| item.channel.name.clone());
    view! {
        <li class="card" data-testid="article-item">
            <a class="card-link" href=href>
                <div class="card-text">
                    <span class="card-title">{item.title}</span>
                    <p class="card-excerpt">{item.excerpt}</p>
                </div>
                {item.image.map(|image| view! { <div class="card-thumb"><Img image/></div> })}
            </a>
            <p class="card-meta">
                {channel.map(|c| view! { <span class="card-channel">{c}</span> })}
                {item.source.map(|s| view! { <span>{s}</span> })}
                <Time at=item.published_at/>
                {(item.comment_count > 0).then(|| {
                    let n = crate::i18n::use_lang().get_untracked().c().count_link.replace("{n}", &item.comment_count.to_string());
                    view! { <span class="card-comments">{n}</span> }
                })}
            </p>
        </li>
    }
}

#[component]
pub fn ArticleList(
    items: Vec<ArticleSummary>,
    #[prop(optional)] show_channel: bool,
) -> impl IntoView {
    view! {
        <ul class="article-list" data-testid="article-list">
            {items.into_iter().map(|item| view! { <ArticleItem item show_channel/> }).collect_view()}
        </ul>
    }
}
