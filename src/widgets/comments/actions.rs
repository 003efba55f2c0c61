//! A comment's actions: reply (opens the form below it), report, and show/hide its replies.

use super::state::ItemStatus;
use super::thread::{load_more, Node, ThreadCtx};
use crate::api;
use crate::i18n::use_lang;
use crate::state::toast::Toast;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Whether the comment may be answered: published, and the thread not closed by the desk.
fn may_reply(ctx: ThreadCtx, node: Node) -> bool {
    node.status.with(|s| *s == ItemStatus::Published) && !ctx.closed.get()
}

/// Whether the reply form below the comment is open (one at a time in a thread).
pub fn reply_open(ctx: ThreadCtx, node: Node) -> bool {
    ctx.reply_open.get() == Some(node.data.with(|c| c.id)) && may_reply(ctx, node)
}

#[component]
pub fn CommentActions(node: Node) -> impl IntoView {
    let ctx = expect_context::<ThreadCtx>();
    let lang = use_lang();
    let data = node.data;
    let branch = node.replies;
    let on_reply = move |_| {
        let id = data.with_untracked(|c| c.id);
        if ctx.reply_open.get_untracked() == Some(id) {
            ctx.reply_open.set(None);
            return;
        }
        ctx.reply_open.set(Some(id));
        if !branch.loaded.get_untracked() && data.with_untracked(|c| c.reply_count) > 0 {
            load_more(ctx, branch, Some(node));
        }
        branch.expanded.set(true);
    };
    let on_report = move |_| {
        let id = data.with_untracked(|c| c.id);
        let toast = use_context::<Toast>();
        spawn_local(async move {
            let t = lang.get_untracked().c();
            let done = api::comments::report(id).await.is_ok();
            if let Some(toast) = toast {
                toast.show(if done { t.reported } else { t.report_failed });
            }
        });
    };
    view! {
        <div class="comment-actions">
            <Show when=move || may_reply(ctx, node)>
                <button type="button" class="link-btn" data-testid="comment-reply"
                    aria-expanded=move || reply_open(ctx, node).to_string() on:click=on_reply>
                    {move || lang.get().c().reply}
                </button>
            </Show>
            <Show when=move || node.status.with(|s| *s == ItemStatus::Published)>
                <button type="button" class="link-btn" data-testid="comment-report" on:click=on_report>
                    {move || lang.get().c().report}
                </button>
            </Show>
            <RepliesToggle node/>
        </div>
    }
}

/// Shows or hides the comment's replies (loading their first page the first time); drawn only when it
/// has any.
#[component]
fn RepliesToggle(node: Node) -> impl IntoView {
    let ctx = expect_context::<ThreadCtx>();
    let lang = use_lang();
    let branch = node.replies;
    // Direct replies: the server's count, or those shown here (a reply just written).
    let reply_count = move || {
        node.data
            .with(|c| c.reply_count)
            .max(branch.items.with(|v| v.len() as u32))
    };
    let on_toggle = move |_| {
        if !branch.expanded.get_untracked() && !branch.loaded.get_untracked() {
            load_more(ctx, branch, Some(node));
        }
        branch.expanded.update(|e| *e = !*e);
    };
    move || {
        let n = reply_count();
        (n > 0).then(|| {
            view! {
                <button type="button" class="link-btn comment-toggle" data-testid="comment-toggle"
                    aria-expanded=move || branch.expanded.get().to_string()
                    on:click=on_toggle>
                    {move || {
                        let t = lang.get().c();
                        if branch.expanded.get() { t.hide_replies.to_owned() } else { t.show_replies.replace("{n}", &n.to_string()) }
                    }}
                </button>
            }
        })
    }
}
