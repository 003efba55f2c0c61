//! One comment: name, time, text, status, and its actions (reply, report, show/hide replies, retry); a
//! comment the desk hid or removed is a tombstone (该评论已被删除) that keeps its replies.

use super::form::CommentForm;
use super::post::send;
use super::state::ItemStatus;
use super::text::{reply_label, shown_flat, CommentText};
use super::thread::{branch_view, load_more, Node, ThreadCtx};
use crate::api;
use crate::components::time::Time;
use crate::i18n::use_lang;
use crate::state::toast::Toast;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn CommentItem(node: Node) -> impl IntoView {
    let ctx = expect_context::<ThreadCtx>();
    let lang = use_lang();
    let data = node.data;
    let (author, text, reply_to) =
        data.with_untracked(|c| (c.author.clone(), c.text.clone(), c.reply_to.clone()));
    let label = move || reply_label(node.depth, reply_to.as_deref(), lang.get());
    let id_attr = move || data.with(|c| (c.id.0 != 0).then(|| c.id.to_string()));
    // Its own anchor: `#comments-N` (a link to it loads the thread at once and lands on it).
    let anchor = move || id_attr().map(|id| format!("comments-{id}"));
    // The comment the address links to, marked (and highlighted) once shown.
    let linked = move || {
        let id = data.with(|c| c.id);
        (id.0 != 0 && ctx.link.target.get() == Some(id)).then_some("true")
    };
    let status = move || node.status.with(|s| s.attr());
    let published = move || node.status.with(|s| *s == ItemStatus::Published);
    // The server sends a tombstone with no author or text; nothing of it is drawn but its place.
    let removed = node.status.with_untracked(|s| *s == ItemStatus::Removed);
    let may_reply = move || published() && !ctx.closed.get();
    let branch = node.replies;
    // Direct replies: the server's count, or those shown here (a reply just written).
    let reply_count = move || {
        data.with(|c| c.reply_count)
            .max(branch.items.with(|v| v.len() as u32))
    };
    let reply_open = move || ctx.reply_open.get() == Some(data.with(|c| c.id)) && may_reply();

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
    let on_toggle = move |_| {
        if !branch.expanded.get_untracked() && !branch.loaded.get_untracked() {
            load_more(ctx, branch, Some(node));
        }
        branch.expanded.update(|e| *e = !*e);
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
    let on_retry = move |_| {
        if let Some(sub) = node.post.get_value() {
            send(ctx, node, sub);
        }
    };

    let badge = move || {
        let t = lang.get().c();
        node.status
            .with(|s| match s {
                ItemStatus::Published | ItemStatus::Removed => None,
                ItemStatus::Pending => Some(t.pending),
                ItemStatus::Sending => Some(t.sending),
                ItemStatus::Queued => Some(t.queued),
                ItemStatus::Failed(_) => Some(t.failed),
            })
            .map(|b| view! { <span class="comment-badge">{b}</span> })
    };
    let failure = move || {
        node.status.with(|s| match s {
            ItemStatus::Failed(f) => Some(f.reason(lang.get())),
            _ => None,
        })
        .map(|reason| {
            view! {
                <p class="comment-failure" role="alert" data-testid="comment-failure">
                    <span>{reason}</span>
                    <button type="button" class="btn" data-testid="comment-retry" on:click=on_retry>
                        {move || lang.get().t().retry}
                    </button>
                </p>
            }
        })
    };
    let toggle = move || {
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
    };

    view! {
        <li class="comment" class:flat=shown_flat(node.depth) data-testid="comment" data-comment-id=id_attr id=anchor
            data-status=status data-depth=node.depth data-linked=linked>
            {if removed {
                view! {
                    <p class="comment-body muted" data-testid="comment-body">{move || lang.get().c().removed}</p>
                }.into_any()
            } else {
                view! {
                    <div class="comment-head">
                        <span class="comment-name" data-testid="comment-name">{author}</span>
                        {move || label().map(|l| view! { <span class="comment-reply-to">{l}</span> })}
                        {move || { let at = data.with(|c| c.created_at); view! { <Time at/> } }}
                        // The comment's own link, to share or copy.
                        <a class="comment-link" data-testid="comment-link" href=move || anchor().map(|a| format!("#{a}"))>
                            {move || lang.get().c().link}
                        </a>
                        {badge}
                    </div>
                    <p class="comment-body" data-testid="comment-body"><CommentText text/></p>
                }.into_any()
            }}
            {failure}
            <div class="comment-actions">
                <Show when=may_reply>
                    <button type="button" class="link-btn" data-testid="comment-reply"
                        aria-expanded=move || reply_open().to_string() on:click=on_reply>
                        {move || lang.get().c().reply}
                    </button>
                </Show>
                <Show when=published>
                    <button type="button" class="link-btn" data-testid="comment-report" on:click=on_report>
                        {move || lang.get().c().report}
                    </button>
                </Show>
                {toggle}
            </div>
            <Show when=reply_open>
                <CommentForm target=branch parent=node/>
            </Show>
            {branch_view(branch, Some(node))}
        </li>
    }
}
