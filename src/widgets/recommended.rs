//! 新闻推荐: an editor's pick from the article's channel, with image and excerpt.

use super::WidgetSection;
use crate::components::img::Img;
use leptos::prelude::*;
use model::{ArticleSummary, WidgetKind};

/// The seed shows one pick; two keep the box short on a phone.
const SHOWN: usize = 2;

#[component]
pub fn Recommended(items: Vec<ArticleSummary>) -> impl IntoView {
    let empty = items.is_empty();
    view! {
        <WidgetSection kind=WidgetKind::Recommended empty>
            <ul class="rec-list">
                {items
                    .into_iter()
                    .take(SHOWN)
                    .map(|i| {
                        view! {
                            <li class="rec">
                                <a href=crate::routes::article(i.id)>
                                    {i.image.map(|image| view! { <div class="rec-img"><Img image/></div> })}
                                    <span class="rec-title">{i.title}</span>
                                </a>
                                <p class="rec-excerpt">{i.excerpt}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </WidgetSection>
    }
}
