//! The seed page's parts, one reusable component per file. Each side widget is a
//! `<section data-widget="{slug}">` with an `<h2>`; an empty widget renders nothing (no empty box).

pub mod article_body;
pub mod article_header;
pub mod article_tags;
pub mod breadcrumb;
pub mod channel_bar;
pub mod channel_picks;
pub mod channel_tagline;
pub mod comments;
pub mod guess_you_like;
pub mod hot_ranking;
pub mod hot_reading;
pub mod live;
pub mod neighbourhood;
pub mod parts;
pub mod picture_highlights;
pub mod recommended;
pub mod related;

use crate::i18n::{lang_now, widget_title};
use leptos::prelude::*;
use model::{ArticleSummary, WidgetKind, WidgetSet};

/// The widgets the article page shows, fetched in one request.
pub const ARTICLE_WIDGETS: [WidgetKind; 8] = WidgetKind::ALL;

/// The items of one kind in a widget set (empty when the server left it out).
pub fn items_of(set: &WidgetSet, kind: WidgetKind) -> Vec<ArticleSummary> {
    set.widgets
        .iter()
        .find(|w| w.kind == kind)
        .map(|w| w.items.clone())
        .unwrap_or_default()
}

/// The frame every side widget shares: a section with its slug and a heading; nothing when `empty`.
#[component]
pub fn WidgetSection(kind: WidgetKind, empty: bool, children: Children) -> impl IntoView {
    let lang = lang_now();
    (!empty).then(|| {
        let id = format!("w-{}", kind.slug());
        let labelled = id.clone();
        view! {
            <section class="widget" data-widget=kind.slug() aria-labelledby=labelled>
                <h2 class="widget-title" id=id>{widget_title(kind, lang)}</h2>
                {children()}
            </section>
        }
    })
}

/// A plain list of title links (频道推荐, 乡里乡亲, 猜你喜欢).
#[component]
pub fn TitleList(items: Vec<ArticleSummary>) -> impl IntoView {
    view! {
        <ul class="title-list">
            {items
                .into_iter()
                .map(|i| view! { <li><a href=crate::routes::article(i.id) rel="noopener">{i.title}</a></li> })
                .collect_view()}
        </ul>
    }
}
