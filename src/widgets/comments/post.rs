//! Posting: a comment shown at once and sent with its idempotency key, queued in the outbox offline,
//! settled by the server's answer (published, held, refused, failed with a retry).

use super::draft;
use super::state::{outcome, Failure, ItemStatus, Outcome};
use super::thread::{next_local_key, Branch, Node, ThreadCtx};
use crate::api::{self, ApiError};
use crate::offline::{self, outbox};
use leptos::prelude::*;
use leptos::task::spawn_local;
use model::{Comment, CommentId, NewComment};

/// The form's handles a post reports back to (they may be gone: a closed reply form).
#[derive(Clone, Copy)]
pub struct FormHandles {
    pub text: RwSignal<String>,
    pub error: RwSignal<Option<String>>,
    pub sending: RwSignal<bool>,
}

/// One submission of a draft: the cleaned body and its idempotency key.
#[derive(Clone)]
pub struct Submission {
    pub body: NewComment,
    pub key: String,
    pub draft_key: String,
    pub target: Branch,
    pub parent: Option<Node>,
    pub form: FormHandles,
}

/// The time now, for a comment shown before the server has dated it.
fn now() -> time::OffsetDateTime {
    time::OffsetDateTime::from_unix_timestamp_nanos(crate::browser::now_ms() as i128 * 1_000_000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
}

/// Shows a just-submitted comment at once with `data-status="sending"`, then sends it.
pub fn insert_and_send(ctx: ThreadCtx, sub: Submission) -> Node {
    let now = now();
    let comment = Comment {
        id: CommentId(0),
        article_id: ctx.article,
        parent_id: sub.body.parent_id,
        reply_to: sub
            .parent
            .map(|p| p.data.with_untracked(|c| c.author.clone())),
        author: sub.body.author.clone(),
        text: sub.body.text.clone(),
        created_at: now,
        status: model::CommentStatus::Published,
        reply_count: 0,
    };
    let depth = sub.parent.map_or(0, |p| p.depth + 1);
    let node = ctx.node(next_local_key(), depth, comment, ItemStatus::Sending);
    if sub.parent.is_some() {
        // A reply goes under its parent, after the replies shown; the top level shows the newest first.
        sub.target.items.update(|v| v.push(node));
        sub.target.expanded.set(true);
    } else {
        sub.target.items.update(|v| v.insert(0, node));
    }
    send(ctx, node, sub);
    node
}

/// Posts (or re-posts, with the same key) the submission behind `node` and settles its status. Offline
/// (or when the network fails and the browser says it is offline) the post goes to the outbox instead.
pub fn send(ctx: ThreadCtx, node: Node, sub: Submission) {
    if node.status.get_untracked() == ItemStatus::Sending && node.post.with_value(Option::is_some) {
        return;
    }
    node.post.set_value(Some(sub.clone()));
    if !offline::is_online() {
        queue(ctx, node, &sub);
        return;
    }
    node.status.set(ItemStatus::Sending);
    sub.form.sending.try_set(true);
    spawn_local(async move {
        let result = api::comments::post(ctx.article, &sub.body, &sub.key).await;
        // Closed since the thread was loaded: the form goes as on the next load (the draft stays).
        if let Err(ApiError::Http { error: Some(e), .. }) = &result {
            if e.error.code == model::ErrorCode::CommentsClosed {
                ctx.closed.try_set(true);
            }
        }
        match outcome(result) {
            Outcome::Failed(Failure::Network) if !offline::is_online() => queue(ctx, node, &sub),
            outcome => settle(ctx, node, &sub, outcome),
        }
        sub.form.sending.try_set(false);
    });
}

/// Puts the post in the outbox with its key (the outbox now keeps the words, so the draft goes) and
/// shows it as 待发送.
fn queue(ctx: ThreadCtx, node: Node, sub: &Submission) {
    outbox::add(outbox::Queued {
        article: ctx.article.0,
        key: sub.key.clone(),
        body: sub.body.clone(),
    });
    draft::clear(&sub.draft_key);
    if ctx.alive() {
        node.status.set(ItemStatus::Queued);
    }
    sub.form.sending.try_set(false);
    sub.form.text.try_set(String::new());
    sub.form.error.try_set(None);
    if sub.parent.is_some() {
        ctx.reply_open.try_set(None);
    }
}

/// Shows this browser's queued top-level comments on the article (written offline, maybe before a
/// reload) as 待发送 at the top of the thread.
pub fn show_queued(ctx: ThreadCtx) {
    for q in outbox::queued_for(ctx.article) {
        if q.body.parent_id.is_some() {
            continue; // sent all the same; a reply shows under its parent once published
        }
        let sub = Submission {
            body: q.body,
            key: q.key,
            draft_key: draft::key(ctx.article, None),
            target: ctx.top,
            parent: None,
            form: FormHandles {
                text: RwSignal::new(String::new()),
                error: RwSignal::new(None),
                sending: RwSignal::new(false),
            },
        };
        let now = now();
        let comment = Comment {
            id: CommentId(0),
            article_id: ctx.article,
            parent_id: None,
            reply_to: None,
            author: sub.body.author.clone(),
            text: sub.body.text.clone(),
            created_at: now,
            status: model::CommentStatus::Published,
            reply_count: 0,
        };
        let node = ctx.node(next_local_key(), 0, comment, ItemStatus::Queued);
        node.post.set_value(Some(sub));
        ctx.top.items.update(|v| v.insert(0, node));
    }
}

/// The outbox sent the comment queued under `key`: its row takes the server's comment.
pub fn delivered(ctx: ThreadCtx, key: &str, comment: &Comment) {
    let mut branches = vec![ctx.top];
    while let Some(branch) = branches.pop() {
        let nodes = branch.items.get_untracked();
        for node in nodes {
            branches.push(node.replies);
            let queued = node.status.get_untracked() == ItemStatus::Queued
                && node
                    .post
                    .with_value(|p| p.as_ref().is_some_and(|s| s.key == key));
            if let (true, Some(sub)) = (queued, node.post.get_value()) {
                settle(ctx, node, &sub, Outcome::Accepted(comment.clone()));
                return;
            }
        }
    }
}

fn settle(ctx: ThreadCtx, node: Node, sub: &Submission, outcome: Outcome) {
    match outcome {
        Outcome::Accepted(c) => {
            draft::clear(&sub.draft_key);
            draft::remember_name(&c.author);
            if !ctx.alive() {
                return;
            }
            let status = ItemStatus::of(&c);
            if status == ItemStatus::Pending {
                draft::add_pending(ctx.article, &c);
            } else {
                ctx.total.update(|n| *n += 1);
                if let Some(p) = sub.parent {
                    p.data.update(|c| c.reply_count += 1);
                }
            }
            // A page of the thread that came after the server took the post (the outbox sends queued
            // comments while the thread loads) already shows it: the local row goes, or it shows twice.
            if sub.target.contains(c.id) {
                sub.target.items.update(|v| v.retain(|n| n.key != node.key));
            } else {
                node.data.set(c);
                node.status.set(status);
                node.post.set_value(None);
            }
            sub.form.text.try_set(String::new());
            sub.form.error.try_set(None);
            if sub.parent.is_some() {
                ctx.reply_open.set(None);
            }
        }
        Outcome::Invalid { message, .. } => {
            if ctx.alive() {
                sub.target.items.update(|v| v.retain(|n| n.key != node.key));
            }
            sub.form.error.try_set(Some(message));
        }
        Outcome::Failed(f) => {
            if ctx.alive() {
                node.status.set(ItemStatus::Failed(f));
            }
        }
    }
}
