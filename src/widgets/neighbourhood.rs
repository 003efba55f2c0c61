//! 乡里乡亲: stories from the neighbourhood (same region, other cities).

use super::{TitleList, WidgetSection};
use leptos::prelude::*;
use model::{ArticleSummary, WidgetKind};

#[component]
pub fn Neighbourhood(items: Vec<ArticleSummary>) -> impl IntoView {
    let empty = items.is_empty();
    view! {
        <WidgetSection kind=WidgetKind::Neighbourhood empty>
            <TitleList items/>
        </WidgetSection>
    }
}
