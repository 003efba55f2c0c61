//! The article's tags, after its body, each a link to its page (`/t/{tag}`).

use crate::i18n::lang_now;
use leptos::prelude::*;

#[component]
pub fn ArticleTags(tags: Vec<String>) -> impl IntoView {
    let t = lang_now().t();
    (!tags.is_empty()).then(|| {
        view! {
            <ul class="article-tags" data-testid="article-tags" aria-label=t.tags>
                {tags
                    .into_iter()
                    .map(|tag| {
                        let href = model::ListingKind::Tag.page(&tag);
                        view! { <li><a href=href>{tag}</a></li> }
                    })
                    .collect_view()}
            </ul>
        }
    })
}
