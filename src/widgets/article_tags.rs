//! The article's tags, after its body: plain text (there are no tag pages to link to).

use crate::i18n::lang_now;
use leptos::prelude::*;

#[component]
pub fn ArticleTags(tags: Vec<String>) -> impl IntoView {
    let t = lang_now().t();
    (!tags.is_empty()).then(|| {
        view! {
            <ul class="article-tags" data-testid="article-tags" aria-label=t.tags>
                {tags.into_iter().map(|tag| view! { <li>{tag}</li> }).collect_view()}
            </ul>
        }
    })
}
