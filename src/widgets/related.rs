//! 相关新闻: same channel, nearest in time; title and date.

use super::WidgetSection;
use crate::i18n::absolute;
use leptos::prelude::*;
use model::{ArticleSummary, WidgetKind};

#[component]
pub fn Related(items: Vec<ArticleSummary>) -> impl IntoView {
    let empty = items.is_empty();
    view! {
        <WidgetSection kind=WidgetKind::Related empty>
            <ul class="title-list dated">
                {items
                    .into_iter()
                    .map(|i| {
                        let date = absolute(i.published_at);
                        view! {
                            <li>
                                <a href=crate::routes::article(i.id)>{i.title}</a>
                                <time datetime=crate::i18n::rfc3339(i.published_at)>{date}</time>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </WidgetSection>
    }
}
