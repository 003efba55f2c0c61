//! A link to one comment (`#comments-N`) that is not among those shown: the thread asks the server where
//! it is (`GET /api/v1/comments/N`, its parents from the top), finds or shows its top-level comment, and
//! opens the replies down to it, a page at a time; the comments slot (`lazy.rs`) then lands on it, below
//! the sticky header, and the comment is highlighted.

use super::state::ItemStatus;
use super::thread::{load_more, Branch, Node, ThreadCtx};
use crate::api;
use leptos::prelude::*;
use model::{Comment, CommentId, CommentTrail};

/// How many comments of one list (the top level, or one comment's replies) a link loads at most to find
/// its comment there; past that, the comment is shown first in the list instead.
const SEARCH_MAX: usize = 500;

/// Where following the link stands.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    /// Nothing asked yet (the first page decides whether the server must be asked).
    Start,
    /// The server was asked where the comment is.
    Asking(CommentId),
    /// Its path from the top-level comment down to it: opened as pages come.
    Opening(Vec<Comment>),
    /// There, or nowhere to go.
    Done,
}

/// The comment the address links to, and how far the thread has gone towards it.
#[derive(Clone, Copy)]
pub struct Link {
    /// The linked comment (highlighted when shown); `None` without a `#comments-N` in the address.
    pub target: RwSignal<Option<CommentId>>,
    step: StoredValue<Step>,
}

impl Default for Link {
    fn default() -> Self {
        Self::new()
    }
}

impl Link {
    pub fn new() -> Link {
        Link {
            target: RwSignal::new(crate::lazy::linked_comment().map(CommentId)),
            step: StoredValue::new(Step::Start),
        }
    }
}

/// Goes on after a page of the thread came in: on the first, asks the server unless the linked comment
/// is in it; later ones may hold the next comment on its path.
pub fn on_page(ctx: ThreadCtx) {
    let Some(step) = ctx.link.step.try_get_value() else {
        return;
    };
    match step {
        Step::Start if ctx.top.loaded.get_untracked() => match ctx.link.target.get_untracked() {
            Some(id) if !ctx.top.contains(id) => ask(ctx, id),
            _ => ctx.link.step.set_value(Step::Done),
        },
        Step::Opening(path) => open(ctx, &path),
        _ => {}
    }
}

/// The address now links to another comment (a link followed on this page): highlights it, and goes
/// to it unless it is a top-level comment already shown (the slot lands on that by itself).
pub fn follow(ctx: ThreadCtx) {
    let id = crate::lazy::linked_comment().map(CommentId);
    if ctx.link.target.try_get_untracked() == Some(id) {
        return;
    }
    ctx.link.target.try_set(id);
    let step = match id {
        // The first page decides, when it comes.
        Some(_) if !ctx.top.loaded.get_untracked() => Step::Start,
        Some(id) if !ctx.top.contains(id) => return ask(ctx, id),
        _ => Step::Done,
    };
    ctx.link.step.try_set_value(step);
}

/// Asks the server for the comment's path; an answer for a comment no longer linked is dropped.
fn ask(ctx: ThreadCtx, id: CommentId) {
    ctx.link.step.set_value(Step::Asking(id));
    ctx.spawn(async move {
        let answer = api::comments::trail(id).await;
        if !ctx.alive() || ctx.link.step.try_get_value() != Some(Step::Asking(id)) {
            return;
        }
        match answer {
            Ok(trail) if fits(ctx, &trail, id) => go(ctx, trail.path().cloned().collect()),
            // Gone, hidden, another article's, or the request failed: the thread stays as it is.
            _ => ctx.link.step.set_value(Step::Done),
        }
    });
}

/// Opens the thread along `path` (the top-level comment first, the linked one last), as far as the
/// pages shown allow; the rest follows as pages come.
pub fn go(ctx: ThreadCtx, path: Vec<Comment>) {
    ctx.link.step.set_value(Step::Opening(path.clone()));
    open(ctx, &path);
}

/// True if the server's answer is the linked comment's path in this article.
fn fits(ctx: ThreadCtx, trail: &CommentTrail, id: CommentId) -> bool {
    trail.is_chain() && trail.comment.id == id && trail.article_id == ctx.article
}

/// Walks the path from the top level: each comment found (or shown) has its replies opened; where one
/// is missing, the next page of its list is asked for and the walk goes on when it comes (`on_page`).
fn open(ctx: ThreadCtx, path: &[Comment]) {
    let mut branch = ctx.top;
    let mut parent: Option<Node> = None;
    for (depth, comment) in path.iter().enumerate() {
        let node = match branch.find(comment.id) {
            Some(node) => node,
            None if waits(branch) => return,
            None if more(branch) => return load_more(ctx, branch, parent),
            None => pin(ctx, branch, depth, comment),
        };
        if depth + 1 < path.len() && !node.replies.expanded.get_untracked() {
            node.replies.expanded.set(true);
        }
        branch = node.replies;
        parent = Some(node);
    }
    ctx.link.step.set_value(Step::Done);
    // Drawn: the slot lands on it.
    crate::lazy::relayout();
}

/// A list whose page is on its way, or failed (its retry button goes on from there).
fn waits(branch: Branch) -> bool {
    branch.loading.get_untracked() || branch.error.with_untracked(Option::is_some)
}

/// Whether the list may still hold the comment further on.
fn more(branch: Branch) -> bool {
    !branch.loaded.get_untracked()
        || (branch.cursor.with_untracked(Option::is_some)
            && branch.items.with_untracked(Vec::len) < SEARCH_MAX)
}

/// Shows a comment of the path its list did not bring (far down, or posted since the list was loaded)
/// first in the list; a page that brings it later does not show it twice.
fn pin(ctx: ThreadCtx, branch: Branch, depth: usize, comment: &Comment) -> Node {
    let node = ctx.node(
        comment.id.0,
        depth,
        comment.clone(),
        ItemStatus::of(comment),
    );
    branch.items.update(|v| v.insert(0, node));
    node
}
