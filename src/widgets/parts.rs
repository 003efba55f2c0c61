//! The article page's widget groups — below the article, and the sidebar — as split points: their code
//! (and the widget request) loads when the reader scrolls near them, not with the article.

use crate::api::{ApiError, Fetched};
use crate::components::error_box::ErrorBox;
use crate::lazy::split_point;
use crate::widgets::{
    channel_picks::ChannelPicks, channel_tagline::ChannelTagline, guess_you_like::GuessYouLike,
    hot_ranking::HotRanking, hot_reading::HotReading, items_of, neighbourhood::Neighbourhood,
    picture_highlights::PictureHighlights, recommended::Recommended, related::Related,
};
use leptos::prelude::*;
use model::{ArticleId, WidgetKind, WidgetSet};

split_point!(
    /// 新闻推荐, the channel tagline, 相关新闻 and 猜你喜欢, in the seed page's order.
    widgets: fn below_article(widgets: Resource<Fetched>, id: ArticleId, tagline: Signal<String>) {
        view! {
            {widget_part(widgets, &[WidgetKind::Recommended], true, id)}
            {move || view! { <ChannelTagline text=tagline.get()/> }}
            {widget_part(widgets, &[WidgetKind::Related, WidgetKind::GuessYouLike], false, id)}
        }
        .into_any()
    }
);

split_point!(
    /// 频道推荐, 热点阅读, 图文看点, 乡里乡亲 and 热点排行 (a sidebar from 1024 px, else after the comments).
    widgets: fn sidebar(widgets: Resource<Fetched>, id: ArticleId) {
        widget_part(
            widgets,
            &[
                WidgetKind::ChannelPicks,
                WidgetKind::HotReading,
                WidgetKind::PictureHighlights,
                WidgetKind::Neighbourhood,
                WidgetKind::HotRanking,
            ],
            false,
            id,
        )
        .into_any()
    }
);

/// One widget set, shown in three places so the phone order matches the seed page (under `Suspense`,
/// with nothing shown while it loads); only the first place shows an error (with retry), the others
/// stay empty.
fn widget_part(
    widgets: Resource<Fetched>,
    kinds: &'static [WidgetKind],
    show_error: bool,
    id: ArticleId,
) -> impl IntoView {
    let part = move || {
        Suspend::new(async move {
            match widgets.await.and_then(|b| b.decode::<WidgetSet>()) {
                Ok(set) => kinds
                    .iter()
                    .map(|k| widget(*k, &set, id))
                    .collect_view()
                    .into_any(),
                Err(e) if show_error && e != ApiError::Aborted => {
                    view! { <ErrorBox error=e on_retry=move |_| widgets.refetch()/> }.into_any()
                }
                Err(_) => ().into_any(),
            }
        })
    };
    view! { <Suspense fallback=|| ()>{part}</Suspense> }
}

fn widget(kind: WidgetKind, set: &WidgetSet, current: ArticleId) -> AnyView {
    let items = items_of(set, kind);
    match kind {
        WidgetKind::Recommended => view! { <Recommended items/> }.into_any(),
        WidgetKind::Related => view! { <Related items/> }.into_any(),
        WidgetKind::GuessYouLike => view! { <GuessYouLike items current=current/> }.into_any(),
        WidgetKind::ChannelPicks => view! { <ChannelPicks items/> }.into_any(),
        WidgetKind::HotReading => view! { <HotReading items/> }.into_any(),
        WidgetKind::PictureHighlights => view! { <PictureHighlights items/> }.into_any(),
        WidgetKind::Neighbourhood => view! { <Neighbourhood items/> }.into_any(),
        WidgetKind::HotRanking => view! { <HotRanking items/> }.into_any(),
    }
}
