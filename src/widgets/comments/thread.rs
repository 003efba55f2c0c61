//! The thread's state (keyed nodes, paged branches) and its lists: pages are appended, never re-rendered.

use super::draft;
use super::item::CommentItem;
use super::state::{outcome, Failure, ItemStatus, Outcome};
use crate::api::{self, ApiError};
use crate::components::error_box::ErrorBox;
use crate::i18n::use_lang;
use crate::offline::{self, outbox};
use leptos::prelude::*;
use leptos::task::spawn_local;
use model::{ArticleId, Comment, CommentId, CommentOrder, CommentPage, NewComment};
use std::sync::atomic::{AtomicU64, Ordering};

/// `<For>` keys of comments not (yet) from the server start here; server comments use their id.
const LOCAL_KEYS: u64 = 1 << 62;
static NEXT_LOCAL: AtomicU64 = AtomicU64::new(LOCAL_KEYS);

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

    fn contains(&self, id: CommentId) -> bool {
        self.items
            .with_untracked(|v| v.iter().any(|n| n.id() == id))
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
            owner: StoredValue::new_local(Owner::current()),
        }
    }

    /// Creates nodes under the thread's owner (also from async code), so they go when the section goes.
    fn node(&self, key: u64, depth: usize, comment: Comment, status: ItemStatus) -> Node {
        match self.owner.try_get_value().flatten() {
            Some(o) => o.with(|| Node::new(key, depth, comment, status)),
            None => Node::new(key, depth, comment, status),
        }
    }

    fn alive(&self) -> bool {
        !self.top.items.is_disposed()
    }
}

/// How many top-level comments a link to one further down loads at most to find it.
const LINK_SEARCH_MAX: usize = 500;

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
    let more = page.next_cursor.is_some();
    branch.cursor.set(page.next_cursor);
    branch.loaded.set(true);
    // A link to a top-level comment further down the thread (#comments-N): the next page is loaded,
    // and the next, until it is there (a bounded number of comments: a link to one that is gone, or a
    // reply, stops there).
    if let Some(linked) = crate::lazy::linked_comment().filter(|_| parent.is_none() && more) {
        let shown = branch.items.with_untracked(Vec::len);
        if !branch.contains(CommentId(linked)) && shown < LINK_SEARCH_MAX {
            load_more(ctx, branch, None);
        }
    }
    // A link to one of these comments (#comments-N) can be followed now: its slot scrolls to it.
    crate::lazy::relayout();
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
    let node = ctx.node(
        NEXT_LOCAL.fetch_add(1, Ordering::Relaxed),
        depth,
        comment,
        ItemStatus::Sending,
    );
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
        let node = ctx.node(
            NEXT_LOCAL.fetch_add(1, Ordering::Relaxed),
            0,
            comment,
            ItemStatus::Queued,
        );
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
