//! 评论: the article's comment thread — read (nested, paged, ordered), write (draft kept, sent once), report.

pub mod actions;
pub mod draft;
pub mod form;
pub mod item;
pub mod link;
pub mod post;
pub mod state;
pub mod text;
pub mod thread;

use crate::i18n::use_lang;
use crate::lazy::split_point;
use form::CommentForm;
use leptos::context::Provider;
use leptos::prelude::*;
use model::{ArticleId, CommentOrder};
use thread::{branch_view, load_more, ThreadCtx};

split_point!(
    /// The thread as a part of its own: its code loads when the reader scrolls near it.
    comments: fn thread_part(article: ArticleId, count: u32) {
        view! { <Comments article count/> }.into_any()
    }
);

#[component]
pub fn Comments(article: ArticleId, count: u32) -> impl IntoView {
    let ctx = ThreadCtx::new(article, count);
    post::show_queued(ctx);
    load_more(ctx, ctx.top, None);
    // Comments the outbox sent (the network came back) take their place in the thread.
    crate::browser::on_window(
        crate::offline::outbox::SENT_EVENT,
        move |_: web_sys::Event| {
            for s in crate::offline::outbox::sent() {
                post::delivered(ctx, &s.key, &s.comment);
            }
        },
    );
    // A link to another comment followed on this page (its own link, shared or copied).
    crate::browser::on_window("hashchange", move |_: web_sys::Event| link::follow(ctx));
    view! { <Thread ctx/> }
}

/// The section for a thread's state, however it was filled (the server's pages, or a test's).
#[component]
pub fn Thread(ctx: ThreadCtx) -> impl IntoView {
    let lang = use_lang();
    let article = ctx.article;
    let on_order = move |ev: leptos::ev::Event| {
        let order = if event_target_value(&ev) == "oldest" {
            CommentOrder::Oldest
        } else {
            CommentOrder::Newest
        };
        if order != ctx.order.get_untracked() {
            ctx.order.set(order);
            ctx.top.reset();
            load_more(ctx, ctx.top, None);
        }
    };
    let empty = move || {
        ctx.top.loaded.get()
            && ctx.top.items.with(Vec::is_empty)
            && ctx.top.error.with(Option::is_none)
    };
    // A <Provider>, not provide_context: the parts below are built when the thread is mounted (the
    // form only once the thread is known to be open), which may be under another owner than this call.
    view! {
        <Provider value=ctx>
        <section class="widget comments" data-widget="comments" data-article=article.0 aria-labelledby="comments-title">
            <div class="comments-head">
                <h2 class="widget-title" id="comments-title">
                    {move || lang.get().t().comments}
                    <span class="count" data-testid="comment-count">{move || format!(" ({})", ctx.total.get())}</span>
                </h2>
                <label class="comment-order">
                    <span>{move || lang.get().c().order_label}</span>
                    <select data-testid="comment-order" on:change=on_order>
                        <option value="newest" selected=move || ctx.order.get() == CommentOrder::Newest>{move || lang.get().c().newest}</option>
                        <option value="oldest" selected=move || ctx.order.get() == CommentOrder::Oldest>{move || lang.get().c().oldest}</option>
                    </select>
                </label>
            </div>
            // Closed by the desk: the thread stays, the form goes (its draft stays in storage).
            {move || if ctx.closed.get() {
                view! { <p class="muted comments-closed" data-testid="comments-closed">{move || lang.get().c().closed}</p> }.into_any()
            } else {
                view! { <CommentForm target=ctx.top/> }.into_any()
            }}
            {move || empty().then(|| view! { <p class="muted">{move || lang.get().t().comments_empty}</p> })}
            {branch_view(ctx.top, None)}
        </section>
        </Provider>
    }
}
