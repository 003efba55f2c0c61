//! The article's title (the page's only h1) and its line of 来源, time and origin link.

use crate::components::time::Time;
use crate::i18n::lang_now;
use leptos::prelude::*;
use leptos::tachys::html::attribute::custom::custom_attribute;
use model::Article;

#[component]
pub fn ArticleHeader(article: Article) -> impl IntoView {
    let lang = lang_now();
    let t = lang.t();
    // `elementtiming`: the browser reports when the headline is painted (Element Timing), which is what
    // scripts/bench.sh measures and what field monitoring can read.
    view! {
        <header class="article-header">
            <h1 class="article-title" data-testid="article-title" {..custom_attribute("elementtiming", "headline")}>
                {article.title}
            </h1>
            <p class="article-meta">
                {article.source.map(|s| {
                    view! {
                        <span class="article-source" data-testid="article-source">
                            {t.source}
                            {s}
                        </span>
                    }
                })}
                {article.author.map(|a| {
                    let href = model::ListingKind::Author.page(&a);
                    view! {
                        <span class="article-author" data-testid="article-author">
                            {t.author}
                            <a href=href>{a}</a>
                        </span>
                    }
                })}
                <Time at=article.published_at testid="article-time"/>
                {article.updated_at.map(|u| {
                    view! {
                        <span class="article-updated" data-testid="article-updated">
                            {t.updated}
                            " "
                            <Time at=u/>
                        </span>
                    }
                })}
                {article.origin_url.map(|u| {
                    view! {
                        <a class="article-origin" data-testid="article-origin" href=u.as_str().to_owned() rel="noopener nofollow" target="_blank">
                            {u.as_str().to_owned()}
                        </a>
                    }
                })}
                <a class="article-comment-count" data-testid="article-comment-count" href="#comments">
                    {lang.c().count_link.replace("{n}", &article.comment_count.to_string())}
                </a>
            </p>
        </header>
    }
}
