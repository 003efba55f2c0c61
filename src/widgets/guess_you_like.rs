//! 猜你喜欢: the API's candidates ranked on the device from the reader's own history (never sent).

use super::{TitleList, WidgetSection};
use crate::history;
use leptos::prelude::*;
use model::{ArticleId, ArticleSummary, WidgetKind};

#[component]
pub fn GuessYouLike(
    items: Vec<ArticleSummary>,
    #[prop(optional)] current: Option<ArticleId>,
) -> impl IntoView {
    let ranked = history::rank(&items, &history::load(), current);
    let empty = ranked.is_empty();
    view! {
        <WidgetSection kind=WidgetKind::GuessYouLike empty>
            <TitleList items=ranked/>
        </WidgetSection>
    }
}
