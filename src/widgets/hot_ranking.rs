//! 热点排行: ranked 1..N by views in an ordered list.

use super::WidgetSection;
use leptos::prelude::*;
use model::{ArticleSummary, WidgetKind};

#[component]
pub fn HotRanking(items: Vec<ArticleSummary>) -> impl IntoView {
    let empty = items.is_empty();
    view! {
        <WidgetSection kind=WidgetKind::HotRanking empty>
            <ol class="ranking">
                {items
                    .into_iter()
                    .map(|i| view! { <li><a href=crate::routes::article(i.id) rel="noopener">{i.title}</a></li> })
                    .collect_view()}
            </ol>
        </WidgetSection>
    }
}
