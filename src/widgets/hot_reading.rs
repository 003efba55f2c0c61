//! 热点阅读: the most read, with excerpts.

use super::WidgetSection;
use leptos::prelude::*;
use model::{ArticleSummary, WidgetKind};

#[component]
pub fn HotReading(items: Vec<ArticleSummary>) -> impl IntoView {
    let empty = items.is_empty();
    view! {
        <WidgetSection kind=WidgetKind::HotReading empty>
            <ul class="excerpt-list">
                {items
                    .into_iter()
                    .map(|i| {
                        view! {
                            <li>
                                <a href=crate::routes::article(i.id)>{i.title}</a>
                                <p class="excerpt">{i.excerpt}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </WidgetSection>
    }
}
