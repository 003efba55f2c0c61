//! 评论: the comments section of an article, with its count; the thread itself is built inside it.

use crate::i18n::use_lang;
use leptos::prelude::*;
use model::ArticleId;

#[component]
pub fn Comments(article: ArticleId, count: u32) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section id="comments" class="widget comments" data-widget="comments" data-article=article.0 aria-labelledby="comments-title">
            <h2 class="widget-title" id="comments-title">
                {move || lang.get().t().comments}
                <span class="count" data-testid="comment-count">{format!(" ({count})")}</span>
            </h2>
            {(count == 0).then(|| view! { <p class="muted">{move || lang.get().t().comments_empty}</p> })}
        </section>
    }
}
