//! 频道推荐: picks from other channels.

use super::{TitleList, WidgetSection};
use leptos::prelude::*;
use model::{ArticleSummary, WidgetKind};

#[component]
pub fn ChannelPicks(items: Vec<ArticleSummary>) -> impl IntoView {
    let empty = items.is_empty();
    view! {
        <WidgetSection kind=WidgetKind::ChannelPicks empty>
            <TitleList items/>
        </WidgetSection>
    }
}
