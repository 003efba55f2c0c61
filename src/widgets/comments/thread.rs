//! The thread's state (keyed nodes, paged branches) and its lists: pages are appended, never re-rendered.

use super::draft;
use super::item::CommentItem;
use super::link::{self, Link};
use super::post::Submission;
use super::state::ItemStatus;
use crate::api::{self, ApiError};
use crate::components::error_box::ErrorBox;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos::task::spawn_local;
use model::{ArticleId, Comment, CommentId, CommentOrder, CommentPage};
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};

/// `<For>` keys of comments not (yet) from the server start here; server comments use their id.
const LOCAL_KEYS: u64 = 1 << 62;
static NEXT_LOCAL: AtomicU64 = AtomicU64::new(LOCAL_KEYS);

/// A `<For>` key for a comment this browser shows before the server has it.
pub fn next_local_key() -> u64 {
    NEXT_LOCAL.fetch_add(1, Ordering::Relaxed)
}

/// One shown comment. All fields are arena handles, so a node is `Copy` and its row updates in place.
#[derive(Clone, Copy)]
pub struct Node {
    pub key: u64,
    pub depth: usize,
    pub data: RwSignal<Comment>,
    pub status: RwSignal<ItemStatus>,
    pub replies: Branch,
    /// The submission behind a local comment, kept for its retry button.
    pub post: StoredValue<Option<Submission>>,
}

impl Node {
    fn new(key: u64, depth: usize, comment: Comment, status: ItemStatus) -> Node {
        Node {
            key,
            depth,
            data: RwSignal::new(comment),
            status: RwSignal::new(status),
            replies: Branch::new(),
            post: StoredValue::new(None),
        }
    }

    pub fn id(&self) -> CommentId {
        self.data.with_untracked(|c| c.id)
    }
}

/// A list of comments (top level, or one comment's replies) and where its next page starts.
#[derive(Clone, Copy)]
pub struct Branch {
    pub items: RwSignal<Vec<Node>>,
    pub cursor: RwSignal<Option<String>>,
    pub loaded: RwSignal<bool>,
    pub loading: RwSignal<bool>,
    pub error: RwSignal<Option<ApiError>>,
    pub expanded: RwSignal<bool>,
    /// Bumped on reset, so an answer for the old order is dropped.
    generation: RwSignal<u32>,
}

impl Default for Branch {
    fn default() -> Self {
        Self::new()
    }
}

impl Branch {
    pub fn new() -> Branch {
        Branch {
            items: RwSignal::new(Vec::new()),
            cursor: RwSignal::new(None),
            loaded: RwSignal::new(false),
            loading: RwSignal::new(false),
            error: RwSignal::new(None),
            expanded: RwSignal::new(false),
            generation: RwSignal::new(0),
        }
    }

    pub fn contains(&self, id: CommentId) -> bool {
        self.find(id).is_some()
    }

    /// The shown comment `id` of this list, if it is there.
    pub fn find(&self, id: CommentId) -> Option<Node> {
        self.items
            .with_untracked(|v| v.iter().find(|n| n.id() == id).copied())
    }

    /// Forgets the server's pages (keeping this browser's own comments) before loading in another order.
    pub fn reset(&self) {
        self.generation.update(|g| *g += 1);
        self.items.update(|v| v.retain(|n| n.key >= LOCAL_KEYS));
        self.cursor.set(None);
        self.loaded.set(false);
        self.loading.set(false);
        self.error.set(None);
    }
}

/// The thread's shared state, provided as context.
#[derive(Clone, Copy)]
pub struct ThreadCtx {
    pub article: ArticleId,
    pub order: RwSignal<CommentOrder>,
    /// Published comments of the article (the heading's count).
    pub total: RwSignal<u32>,
    pub top: Branch,
    /// The comment whose reply form is open (one at a time).
    pub reply_open: RwSignal<Option<CommentId>>,
    /// The desk closed the article's comments: no form, no reply buttons (the thread is still shown).
    pub closed: RwSignal<bool>,
    /// The comment the address links to (`#comments-N`), followed and highlighted.
    pub link: Link,
    owner: StoredValue<Option<Owner>, LocalStorage>,
}

impl ThreadCtx {
    pub fn new(article: ArticleId, count: u32) -> ThreadCtx {
        ThreadCtx {
            article,
            order: RwSignal::new(CommentOrder::Newest),
            total: RwSignal::new(count),
            top: Branch::new(),
            reply_open: RwSignal::new(None),
            closed: RwSignal::new(false),
            link: Link::new(),
            owner: StoredValue::new_local(Owner::current()),
        }
    }

    /// Creates nodes under the thread's owner (also from async code), so they go when the section goes.
    pub fn node(&self, key: u64, depth: usize, comment: Comment, status: ItemStatus) -> Node {
        match self.owner.try_get_value().flatten() {
            Some(o) => o.with(|| Node::new(key, depth, comment, status)),
            None => Node::new(key, depth, comment, status),
        }
    }

    pub fn alive(&self) -> bool {
        !self.top.items.is_disposed()
    }

    /// Runs `task` as the thread's own: cancelled (its request aborted) when the thread goes.
    pub fn spawn(&self, task: impl Future<Output = ()> + 'static) {
        match self.owner.try_get_value().flatten() {
            Some(o) => o.with(|| leptos::task::spawn_local_scoped_with_cancellation(task)),
            None => spawn_local(task),
        }
    }
}

/// Loads the next page of `branch` (the top level, or the replies of `parent`) and appends it.
pub fn load_more(ctx: ThreadCtx, branch: Branch, parent: Option<Node>) {
    if branch.loading.get_untracked() {
        return;
    }
    branch.loading.set(true);
    branch.error.set(None);
    let generation = branch.generation.get_untracked();
    let cursor = branch.cursor.get_untracked();
    // Replies read as a conversation, oldest first; the top level follows the reader's choice.
    let order = if parent.is_some() {
        CommentOrder::Oldest
    } else {
        ctx.order.get_untracked()
    };
    let parent_id = parent.map(|p| p.id());
    spawn_local(async move {
        let result = api::comments::list(ctx.article, parent_id, order, cursor).await;
        if !ctx.alive() || branch.generation.try_get_untracked() != Some(generation) {
            return;
        }
        // Done before the page goes in: showing it may ask for the next one (a link further down).
        branch.loading.set(false);
        match result {
            Ok(page) => show_page(ctx, branch, parent, page),
            Err(e) => branch.error.set(Some(e)),
        }
    });
}

/// Appends a page the server sent to `branch` (the top level, or the replies of `parent`).
pub fn show_page(ctx: ThreadCtx, branch: Branch, parent: Option<Node>, page: CommentPage) {
    let parent_id = parent.map(|p| p.id());
    let depth = parent.map_or(0, |p| p.depth + 1);
    let ids: Vec<CommentId> = page.items.iter().map(|c| c.id).collect();
    draft::drop_pending(ctx.article, &ids);
    let mut nodes: Vec<Node> = Vec::new();
    if !branch.loaded.get_untracked() {
        // This browser's comments awaiting review, where they belong.
        for c in draft::pending(ctx.article) {
            if c.parent_id == parent_id && !branch.contains(c.id) {
                nodes.push(ctx.node(c.id.0, depth, c, ItemStatus::Pending));
            }
        }
    }
    for c in page.items {
        if !branch.contains(c.id) {
            let status = ItemStatus::of(&c);
            nodes.push(ctx.node(c.id.0, depth, c, status));
        }
    }
    branch.items.update(|v| v.extend(nodes));
    // The heading's count, fresher than the article's (and the comment widget's only one).
    if let Some(n) = page.article_total {
        ctx.total.set(n);
    }
    // Only a top-level list says whether the article's comments are closed.
    // (set on a change only: the form is redrawn when it changes, and would lose focus on every page)
    if parent.is_none() && ctx.closed.get_untracked() != page.closed {
        ctx.closed.set(page.closed);
    }
    branch.cursor.set(page.next_cursor);
    branch.loaded.set(true);
    // A link to a comment not shown yet (#comments-N) goes on towards it (`link.rs`): this page may
    // hold it or a comment above it.
    link::on_page(ctx);
    // A link to one of these comments can be followed now: its slot scrolls to it.
    crate::lazy::relayout();
}

/// A list of comments with its "more" button; `parent` is None for the top level.
pub fn branch_view(branch: Branch, parent: Option<Node>) -> AnyView {
    let ctx = expect_context::<ThreadCtx>();
    let lang = use_lang();
    let (more_id, more_text): (&'static str, fn(crate::i18n::Lang) -> &'static str) = match parent {
        Some(_) => ("more-replies", |l| l.c().more_replies),
        None => ("more-comments", |l| l.c().more_comments),
    };
    let list_class = if parent.is_some() {
        "comment-replies"
    } else {
        "comment-list"
    };
    view! {
        <ul class=list_class hidden=move || parent.is_some() && !branch.expanded.get()>
            <For each=move || branch.items.get() key=|n| n.key let:node>
                <CommentItem node/>
            </For>
        </ul>
        <div class="comment-more" hidden=move || parent.is_some() && !branch.expanded.get()>
            {move || branch.error.get().map(|e| view! { <ErrorBox error=e on_retry=move |_| load_more(ctx, branch, parent)/> })}
            {move || {
                let more = branch.loaded.get() && branch.cursor.with(Option::is_some) && branch.error.with(Option::is_none);
                more.then(|| {
                    view! {
                        <button type="button" class="btn comment-more-btn" data-testid=more_id
                            disabled=move || branch.loading.get()
                            on:click=move |_| load_more(ctx, branch, parent)>
                            {move || if branch.loading.get() { lang.get().t().loading } else { more_text(lang.get()) }}
                        </button>
                    }
                })
            }}
            {move || (branch.loading.get() && !branch.loaded.get()).then(|| view! { <p class="muted comment-loading">{move || lang.get().t().loading}</p> })}
        </div>
    }
    .into_any()
}
