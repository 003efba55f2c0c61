//! One comment: name, time, text, status, and its actions (reply, report, show/hide replies, retry); a
//! comment the desk hid or removed is a tombstone (该评论已被删除) that keeps its replies.

use super::actions::{reply_open, CommentActions};
use super::form::CommentForm;
use super::post::send;
use super::state::ItemStatus;
use super::text::{reply_label, shown_flat, CommentText};
use super::thread::{branch_view, Node, ThreadCtx};
use crate::components::time::Time;
use crate::i18n::use_lang;
use leptos::prelude::*;

#[component]
pub fn CommentItem(node: Node) -> impl IntoView {
    let ctx = expect_context::<ThreadCtx>();
    let lang = use_lang();
    let data = node.data;
    let id_attr = move || data.with(|c| (c.id.0 != 0).then(|| c.id.to_string()));
    // The comment the address links to, marked (and highlighted) once shown.
    let linked = move || {
        let id = data.with(|c| c.id);
        (id.0 != 0 && ctx.link.target.get() == Some(id)).then_some("true")
    };
    let status = move || node.status.with(|s| s.attr());
    // The server sends a tombstone with no author or text; nothing of it is drawn but its place.
    let removed = node.status.with_untracked(|s| *s == ItemStatus::Removed);
    let branch = node.replies;

    view! {
        <li class="comment" class:flat=shown_flat(node.depth) data-testid="comment" data-comment-id=id_attr id=move || anchor(node)
            data-status=status data-depth=node.depth data-linked=linked>
            {if removed {
                view! {
                    <p class="comment-body muted" data-testid="comment-body">{move || lang.get().c().removed}</p>
                }.into_any()
            } else {
                view! { <CommentContent node/> }.into_any()
            }}
            <CommentFailure node/>
            <CommentActions node/>
            <Show when=move || reply_open(ctx, node)>
                <CommentForm target=branch parent=node/>
            </Show>
            {branch_view(branch, Some(node))}
        </li>
    }
}

/// The comment's own anchor, `comments-N` (a link to it loads the thread at once and lands on it); none
/// before the server has given it an id.
fn anchor(node: Node) -> Option<String> {
    node.data
        .with(|c| (c.id.0 != 0).then(|| format!("comments-{}", c.id)))
}

/// Who wrote it, to whom, when, its link and its status badge; then its text.
#[component]
fn CommentContent(node: Node) -> impl IntoView {
    let lang = use_lang();
    let data = node.data;
    let (author, text, reply_to) =
        data.with_untracked(|c| (c.author.clone(), c.text.clone(), c.reply_to.clone()));
    let label = move || reply_label(node.depth, reply_to.as_deref(), lang.get());
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
    view! {
        <div class="comment-head">
            <span class="comment-name" data-testid="comment-name">{author}</span>
            {move || label().map(|l| view! { <span class="comment-reply-to">{l}</span> })}
            {move || { let at = data.with(|c| c.created_at); view! { <Time at/> } }}
            // The comment's own link, to share or copy.
            <a class="comment-link" data-testid="comment-link" href=move || anchor(node).map(|a| format!("#{a}"))>
                {move || lang.get().c().link}
            </a>
            {badge}
        </div>
        <p class="comment-body" data-testid="comment-body"><CommentText text/></p>
    }
}

/// Why a comment of the reader's could not be sent, with a button to send it again.
#[component]
fn CommentFailure(node: Node) -> impl IntoView {
    let ctx = expect_context::<ThreadCtx>();
    let lang = use_lang();
    let on_retry = move |_| {
        if let Some(sub) = node.post.get_value() {
            send(ctx, node, sub);
        }
    };
    move || {
        node.status
            .with(|s| match s {
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
    }
}
