//! 猜你喜欢: the API's candidates ranked on the device from the reader's own history (never sent).

use super::{TitleList, WidgetSection};
use crate::history;
use leptos::prelude::*;
use model::{ArticleId, ArticleSummary, WidgetKind};

const SHOWN: usize = 8;

#[component]
pub fn GuessYouLike(
    items: Vec<ArticleSummary>,
    #[prop(optional)] current: Option<ArticleId>,
) -> impl IntoView {
    let mut ranked = history::rank(&items, &history::load(), current);
    // The API sends many candidates so the ranking has a choice; the reader sees the best few.
    ranked.truncate(SHOWN);
    let empty = ranked.is_empty();
    view! {
        <WidgetSection kind=WidgetKind::GuessYouLike empty>
            <TitleList items=ranked/>
        </WidgetSection>
    }
}
