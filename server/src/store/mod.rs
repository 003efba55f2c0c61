//! The repository the handlers call: every read and write of the content database, behind one type with
//! two backends, SQLite (embedded, the default) and PostgreSQL (several instances on one database).
//!
//! Handlers and sources never see SQL: they ask for an article, a page of a channel, the lists behind the
//! widgets ([`Pick`]), a comment thread, or hand over a [`Change`] to publish. Each backend keeps its own
//! SQL and its own versioned migrations (`server/migrations/{sqlite,postgres}`, run by refinery), and the
//! HTTP test suite runs against both. What the backends share (turning rows into `model` types, the
//! comment post's rules) lives in [`rows`] and here.

mod postgres;
pub mod rows;
pub mod search;
mod sqlite;

use crate::error::{AppError, AppResult};
use crate::keys::Keys;
use model::content::ContentArticle;
use model::{Article, ArticleSummary, Comment, CommentOrder, Site};
use std::sync::Arc;

pub use rows::nanos;
pub use sqlite::backup::{backup as backup_sqlite, Copied};

/// Buckets for the time to get a database connection: 50 µs to about 3 s.
pub fn wait_histogram() -> prometheus_client::metrics::histogram::Histogram {
    prometheus_client::metrics::histogram::Histogram::new(
        prometheus_client::metrics::histogram::exponential_buckets(0.00005, 2.0, 17),
    )
}

/// The SQLite database's file name in its data folder.
pub const SQLITE_FILE: &str = "difang.db";

/// Where the content lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Database {
    /// `difang.db` in this folder.
    Sqlite(std::path::PathBuf),
    /// A `postgres://` URL.
    Postgres(String),
}

#[derive(Clone)]
pub enum Store {
    Sqlite(sqlite::Sqlite),
    Postgres(postgres::Postgres),
}

/// Calls the same method on whichever backend this is.
macro_rules! backend {
    ($self:ident . $method:ident ( $($arg:expr),* )) => {
        match $self {
            Store::Sqlite(b) => b.$method($($arg),*).await,
            Store::Postgres(b) => b.$method($($arg),*).await,
        }
    };
}

// After the macro, which it uses.
pub mod feeds;
pub mod live;
pub mod tags;
pub mod trail;

/// What an article id stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArticleState {
    /// Published, in this channel.
    Live(String),
    /// Taken down (deleted, unpublished or trashed at its source): 410 until published again.
    Gone,
    Unknown,
}

/// A list of articles a widget shows; the widget rules (`widgets.rs`) say which, the store runs it.
/// Every list is newest first unless said otherwise, and leaves out the article `exclude`.
#[derive(Clone, Debug, PartialEq)]
pub enum Pick {
    Newest {
        channels: Vec<String>,
        exclude: i64,
        limit: u32,
    },
    /// Editors' picks first, then illustrated articles.
    Recommended {
        channels: Vec<String>,
        exclude: i64,
        limit: u32,
    },
    /// The channel's articles nearest in time to `article`.
    Related {
        article: i64,
        channel: String,
        limit: u32,
    },
    /// Round-robin over channels among the newest [`GUESS_WINDOW`] articles.
    Guess { exclude: i64, limit: u32 },
    /// Articles with a lead image.
    Pictures { exclude: i64, limit: u32 },
    /// Most viewed of all time.
    HotReading { exclude: i64, limit: u32 },
    /// Most viewed since an hour bucket, with their views.
    HotRanking { since_hour: i64, limit: u32 },
    /// The first of these lists that is not empty.
    FirstNonEmpty(Vec<Pick>),
}

/// Articles 猜你喜欢 picks from: the newest this many.
pub const GUESS_WINDOW: i64 = 2000;

/// A comment to store (already cleaned by `NewComment::validate`) and the request it came with.
#[derive(Clone, Debug)]
pub struct NewPost {
    pub article: i64,
    pub parent: Option<i64>,
    pub author: String,
    pub text: String,
    pub key: String,
    pub client: String,
    pub moderation: bool,
    /// The desk's own reply: posted even when the article's comments are closed.
    pub by_desk: bool,
}

/// Asked inside the post's transaction, after the idempotency and parent checks, whether the reader may
/// post now: `Err(seconds)` to wait.
pub type Admit = Box<dyn FnOnce() -> Result<(), u64> + Send>;

/// What a post produced: a fresh comment or the stored answer to an earlier post with the same key.
pub struct Posted {
    pub status: u16,
    pub body: Vec<u8>,
}

/// Who manages an article: a later change from another manager is refused, so the WordPress sync and
/// the publishing API never overwrite each other's articles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Manager {
    /// `content/` folders: the demo import and `difang-server import`.
    Content,
    /// The publishing API.
    Api,
    /// The WordPress sync.
    Wordpress,
}

impl Manager {
    pub fn as_str(self) -> &'static str {
        match self {
            Manager::Content => "content",
            Manager::Api => "api",
            Manager::Wordpress => "wordpress",
        }
    }
    pub fn parse(s: &str) -> Option<Manager> {
        [Manager::Content, Manager::Api, Manager::Wordpress]
            .into_iter()
            .find(|m| m.as_str() == s)
    }

    /// True if an article `owner` manages may be replaced or taken down by `self`: content folders are
    /// a starting point anyone may take over; the API and the sync each keep their own.
    pub fn may_replace(self, owner: Manager) -> bool {
        owner == Manager::Content || owner == self
    }
}

/// What one upsert did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Upserted {
    Inserted,
    /// Replaced; the channel it was in before.
    Updated(String),
    /// Already stored exactly so.
    Unchanged,
    /// Left alone: another manager owns it.
    Refused(Manager),
}

/// One batch of content changes, applied in one transaction: a reader sees all of it or none.
#[derive(Clone, Debug)]
pub struct Change {
    pub by: Manager,
    /// A new site tree (places and channels).
    pub site: Option<Site>,
    /// Articles to insert or replace. An article new to the site gets its demo comments and views;
    /// an existing one keeps its comments and views.
    pub upserts: Vec<ContentArticle>,
    /// Articles to take down (answered 410 afterwards).
    pub removals: Vec<i64>,
    /// Other keys to set in the same transaction (the sync's state).
    pub meta: Vec<(String, String)>,
}

impl Change {
    pub fn new(by: Manager) -> Change {
        Change {
            by,
            site: None,
            upserts: Vec::new(),
            removals: Vec::new(),
            meta: Vec::new(),
        }
    }
}

/// What a [`Change`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    pub inserted: Vec<i64>,
    pub updated: Vec<i64>,
    pub removed: Vec<i64>,
    /// Articles left alone because another manager owns them.
    pub refused: Vec<(i64, Manager)>,
    /// The channels whose lists changed (of articles put, moved or taken down).
    pub channels: std::collections::BTreeSet<String>,
}

impl Applied {
    /// Records what the upsert of article `id` into `channel` did.
    pub fn note_upsert(&mut self, id: i64, channel: &str, done: Upserted) {
        match done {
            Upserted::Inserted => self.inserted.push(id),
            Upserted::Updated(before) => {
                self.updated.push(id);
                self.channels.insert(before);
            }
            Upserted::Unchanged => return,
            Upserted::Refused(owner) => {
                self.refused.push((id, owner));
                return;
            }
        }
        self.channels.insert(channel.to_owned());
    }

    /// Whether `by` may take down article `id`, given its stored `(owner, channel)`: records a
    /// refusal, or the channel whose list will change. The caller deletes and then pushes `removed`.
    pub fn may_remove(&mut self, by: Manager, id: i64, stored: Option<(Manager, String)>) -> bool {
        match stored {
            Some((owner, _)) if !by.may_replace(owner) => {
                self.refused.push((id, owner));
                false
            }
            Some((_, channel)) => {
                self.channels.insert(channel);
                true
            }
            None => false,
        }
    }

    /// True if anything a reader sees changed.
    pub fn changed(&self) -> bool {
        !(self.inserted.is_empty() && self.updated.is_empty() && self.removed.is_empty())
    }

    /// What a change touched, for the change log and the caches: everything when the site tree
    /// changed; else every list, each article put or taken down and each channel whose list moved.
    /// `None` when nothing a reader sees changed.
    pub fn keys(&self, site_changed: bool) -> Option<Keys> {
        if site_changed {
            return Some(Keys::site());
        }
        if !self.changed() {
            return None;
        }
        let mut keys = Keys::of(&[crate::keys::LISTS]);
        for id in self
            .inserted
            .iter()
            .chain(&self.updated)
            .chain(&self.removed)
        {
            keys = keys.with(Keys::article(*id));
        }
        for ch in &self.channels {
            keys = keys.with(Keys::channel(ch));
        }
        Some(keys)
    }
}

/// A publishing-API token as listed (never its secret).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenInfo {
    pub name: String,
    pub role: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

/// The columns a [`DeskComment`] is read from (comments `c` joined with their article `a`), in order.
pub const DESK_COMMENT_COLUMNS: &str =
    "c.id, c.article_id, a.title, c.author, c.text, c.created_at, c.status";

/// The columns after [`DESK_COMMENT_COLUMNS`] start here.
pub const DESK_COMMENT_END: usize = 7;

pub use model::desk::{
    AuditEntry, Block, DeskArticle, DeskComment, DeskCounts, QueueItem, QueueParent, ReportGroup,
};

/// What a moderator does to a comment readers can see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Takedown {
    /// published → hidden: a tombstone for readers, its words kept (it can be restored).
    Hide,
    /// hidden → published.
    Restore,
    /// published or hidden → removed: its author and text are erased; there is no way back.
    Remove,
}

impl Takedown {
    pub fn parse(action: &str) -> Option<Takedown> {
        match action {
            "hide" => Some(Takedown::Hide),
            "restore" => Some(Takedown::Restore),
            "remove" => Some(Takedown::Remove),
            _ => None,
        }
    }
    pub fn action(self) -> &'static str {
        match self {
            Takedown::Hide => "hide",
            Takedown::Restore => "restore",
            Takedown::Remove => "remove",
        }
    }
    /// True if a comment with this status may be taken this way.
    pub fn allowed_from(self, status: &str) -> bool {
        match self {
            Takedown::Hide => status == "published",
            Takedown::Restore => status == "hidden",
            Takedown::Remove => matches!(status, "published" | "hidden"),
        }
    }
    /// The comment's status after it.
    pub fn status(self) -> &'static str {
        match self {
            Takedown::Hide => "hidden",
            Takedown::Restore => "published",
            Takedown::Remove => "removed",
        }
    }
    /// How the article's count of published comments moves, from `status`.
    pub fn count_change(self, status: &str) -> i64 {
        i64::from(self.status() == "published") - i64::from(status == "published")
    }

    /// 409 unless a comment with `status` may be taken this way.
    pub fn check(self, status: &str) -> AppResult<()> {
        if self.allowed_from(status) {
            Ok(())
        } else {
            Err(AppError::new(
                model::ErrorCode::Conflict,
                format!(
                    "这条评论的状态不允许此操作 (the comment is {status}; cannot {})",
                    self.action()
                ),
            ))
        }
    }
}

/// The answer to a post on an article whose comments the desk closed.
pub fn comments_closed() -> AppError {
    AppError::new(
        model::ErrorCode::CommentsClosed,
        "本文评论已关闭 (comments on this article are closed)",
    )
}

/// What a moderator decides about a pending comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Published: readers see it.
    Approve,
    /// Never shown.
    Reject,
}

impl Verdict {
    pub fn action(self) -> &'static str {
        match self {
            Verdict::Approve => "approve",
            Verdict::Reject => "reject",
        }
    }
    /// The comment's status after it.
    pub fn status(self) -> &'static str {
        match self {
            Verdict::Approve => "published",
            Verdict::Reject => "rejected",
        }
    }
}

/// An on/off column of an article the desk sets (audited, noted in the change log).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArticleFlag {
    /// `live`: the article is a live story.
    Live,
    /// `comments_open`: readers may post comments.
    CommentsOpen,
}

impl ArticleFlag {
    /// Its column in `articles`, also its key in the audit line's before and after.
    pub fn column(self) -> &'static str {
        match self {
            ArticleFlag::Live => "live",
            ArticleFlag::CommentsOpen => "comments_open",
        }
    }
    /// The audit line's action for setting it to `on`.
    pub fn action(self, on: bool) -> &'static str {
        match (self, on) {
            (ArticleFlag::Live, true) => "live_on",
            (ArticleFlag::Live, false) => "live_off",
            (ArticleFlag::CommentsOpen, true) => "open",
            (ArticleFlag::CommentsOpen, false) => "close",
        }
    }
}

/// A desk action for the audit log: who did what to what, and the state before and after.
pub struct AuditLine<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub target: String,
    pub before: serde_json::Value,
    pub after: serde_json::Value,
}

/// The not-found answer for a comment the desk cannot find.
pub fn no_such_comment() -> AppError {
    AppError::not_found("评论不存在 (no such comment)")
}

/// The answer when no address was kept for a comment (the demo content's, an import's).
pub fn no_address() -> AppError {
    AppError::new(
        model::ErrorCode::Conflict,
        "这条评论没有记录地址 (no address was kept for this comment)",
    )
}

/// The answer when a comment is no longer pending (another moderator was first).
pub fn not_pending(status: &str) -> AppError {
    AppError::new(
        model::ErrorCode::Conflict,
        format!("这条评论已处理 (the comment is {status}, not pending)"),
    )
}

/// A desk account as listed (never its password).
#[derive(Clone, Debug)]
pub struct UserInfo {
    pub name: String,
    pub role: String,
    pub created_at: String,
    pub disabled_at: Option<String>,
}

/// What a login checks: an enabled account's id, role and password hash.
#[derive(Clone, Debug)]
pub struct LoginInfo {
    pub id: i64,
    pub role: String,
    pub password_hash: String,
}

/// A session to store: the digest of its cookie's value, its account and CSRF token, its times.
#[derive(Clone, Debug)]
pub struct NewSession {
    pub digest: String,
    pub user: i64,
    pub csrf: String,
    pub created_ns: i64,
    pub expires_ns: i64,
}

/// A live session's account and CSRF token.
#[derive(Clone, Debug)]
pub struct SessionInfo {
    pub user: i64,
    pub name: String,
    pub role: String,
    pub csrf: String,
}

impl Store {
    /// Opens the database, creating it and running pending migrations.
    pub async fn open(db: &Database, readers: u32) -> Result<Store, String> {
        Ok(match db {
            Database::Sqlite(dir) => {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("cannot create data dir {}: {e}", dir.display()))?;
                let path = dir.join(SQLITE_FILE);
                let s = tokio::task::spawn_blocking(move || sqlite::Sqlite::open(&path, readers))
                    .await
                    .map_err(|e| e.to_string())??;
                Store::Sqlite(s)
            }
            Database::Postgres(url) => Store::Postgres(postgres::Postgres::open(url).await?),
        })
    }

    /// Time requests wait for a database connection (SQLite: a reader or the writer; PostgreSQL: the
    /// pool), as `/metrics` shows it.
    pub fn wait(&self) -> prometheus_client::metrics::histogram::Histogram {
        match self {
            Store::Sqlite(b) => b.wait(),
            Store::Postgres(b) => b.wait(),
        }
    }

    /// Comments waiting for a moderator.
    pub async fn pending_comments(&self) -> AppResult<i64> {
        backend!(self.pending_comments())
    }

    pub fn backend(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "sqlite",
            Store::Postgres(_) => "postgres",
        }
    }

    /// A stored setting (`meta` table).
    pub async fn meta(&self, key: &str) -> AppResult<Option<String>> {
        backend!(self.meta(key))
    }

    /// Stores `value` under `key` unless something is there already; returns what is stored. Instances
    /// starting together agree on one value (the cursor secret).
    pub async fn meta_or_insert(&self, key: &str, value: &str) -> AppResult<String> {
        backend!(self.meta_or_insert(key, value))
    }

    /// The newest note of the change log (0 when none): the content version.
    pub async fn content_version(&self) -> AppResult<i64> {
        backend!(self.content_version())
    }

    /// The notes of the change log after `seq`, oldest first: what each write changed (surrogate keys).
    /// Every write notes its keys in the same transaction as the write.
    pub async fn changes_after(&self, seq: i64) -> AppResult<Vec<(i64, Keys)>> {
        backend!(self.changes_after(seq))
    }

    /// On a database nobody has filled yet, imports `load()`'s content, once even if several instances
    /// start together. Returns how many articles it imported (`None`: the database was not empty).
    pub async fn import_if_empty(
        &self,
        load: impl FnOnce() -> Result<(Site, Vec<ContentArticle>), String> + Send + 'static,
    ) -> Result<Option<usize>, String> {
        backend!(self.import_if_empty(load))
    }

    pub async fn article(&self, site: Arc<Site>, id: i64) -> AppResult<Option<Article>> {
        let mut article = backend!(self.article(site, id))?;
        if let Some(a) = article.as_mut() {
            // Kept by the live updates' own code (`live.rs`), apart from the article's columns.
            a.live = self.live_flag(id).await?.unwrap_or(false);
        }
        Ok(article)
    }

    pub async fn article_state(&self, id: i64) -> AppResult<ArticleState> {
        backend!(self.article_state(id))
    }

    /// `article_state` read where writes go (for a post, so it does not queue behind slow reads).
    pub async fn article_state_for_write(&self, id: i64) -> AppResult<ArticleState> {
        backend!(self.article_state_for_write(id))
    }

    /// One page of a channel, newest first, strictly after the `(published_ns, id)` key `after`, each
    /// with its key.
    pub async fn channel_page(
        &self,
        site: Arc<Site>,
        channel: String,
        after: Option<(i64, i64)>,
        limit: u32,
    ) -> AppResult<Vec<(ArticleSummary, i64)>> {
        backend!(self.channel_page(site, channel, after, limit))
    }

    /// The lists asked for, in order, on one connection.
    pub async fn picks(
        &self,
        site: Arc<Site>,
        picks: Vec<Pick>,
    ) -> AppResult<Vec<Vec<ArticleSummary>>> {
        backend!(self.picks(site, picks))
    }

    /// One page of search results (published articles only: taken-down ones are deleted) and the
    /// query's total; see [`search`] for the order.
    pub async fn search(
        &self,
        site: Arc<Site>,
        q: search::SearchQuery,
    ) -> AppResult<(Vec<search::Found>, u32)> {
        backend!(self.search(site, q))
    }

    /// True if `id` is among the newest [`GUESS_WINDOW`] articles.
    pub async fn in_guess_window(&self, id: i64) -> AppResult<bool> {
        backend!(self.in_guess_window(id))
    }

    /// Adds counted views: `(article, hour bucket, views)`.
    pub async fn add_views(&self, batch: Vec<(i64, i64, i64)>) -> AppResult<()> {
        backend!(self.add_views(batch))
    }

    /// True if `id` is a published comment (of `article`, when given).
    pub async fn comment_published(&self, article: Option<i64>, id: i64) -> AppResult<bool> {
        backend!(self.comment_published(article, id))
    }

    /// One page of the published comments under `parent` (0 = top level), and the list's total.
    pub async fn comments(
        &self,
        article: i64,
        parent: i64,
        order: CommentOrder,
        after: Option<(i64, i64)>,
        limit: u32,
    ) -> AppResult<(Vec<(Comment, i64)>, u32)> {
        backend!(self.comments(article, parent, order, after, limit))
    }

    /// Published comments of `article` at all levels, and whether its comments are open.
    pub async fn article_thread(&self, article: i64) -> AppResult<(u32, bool)> {
        backend!(self.article_thread(article))
    }

    /// True if `id` is a comment of `article` a reader's list shows (published, or a tombstone).
    pub async fn comment_listed(&self, article: i64, id: i64) -> AppResult<bool> {
        backend!(self.comment_listed(article, id))
    }

    /// Stores a comment once per idempotency key of its article (keys expire after a day), in one
    /// transaction: the same key again gives the stored answer, with another body a 409.
    pub async fn post_comment(&self, post: NewPost, admit: Admit) -> AppResult<Posted> {
        backend!(self.post_comment(post, admit))
    }

    /// Files a report; a reader's second report of the same comment is not stored again.
    pub async fn report(
        &self,
        comment: i64,
        reason: Option<String>,
        client: String,
    ) -> AppResult<()> {
        backend!(self.report(comment, reason, client))
    }

    /// Periodic upkeep: forgets expired idempotency keys (when `prune`; returns how many) and lets the
    /// backend tidy up (SQLite checkpoints its WAL).
    pub async fn upkeep(&self, prune: bool) -> AppResult<usize> {
        backend!(self.upkeep(prune))
    }

    /// Applies a batch of content changes in one transaction and bumps the content version.
    pub async fn apply(&self, change: Change) -> AppResult<Applied> {
        backend!(self.apply(change))
    }

    /// As [`Store::apply`], for a large batch nobody waits on (a sync's run): SQLite writes it at a low
    /// priority so that readers keep the CPU; PostgreSQL writes in its own server, as for `apply`.
    pub async fn apply_in_background(&self, change: Change) -> AppResult<Applied> {
        match self {
            Store::Sqlite(s) => s.apply_in_background(change).await,
            Store::Postgres(p) => p.apply(change).await,
        }
    }

    /// The channels that have published articles (managed by anyone but `except`, when given).
    pub async fn channels_in_use(&self, except: Option<Manager>) -> AppResult<Vec<String>> {
        backend!(self.channels_in_use(except))
    }

    /// Who manages article `id`, if it is published.
    pub async fn manager_of(&self, id: i64) -> AppResult<Option<Manager>> {
        backend!(self.manager_of(id))
    }

    /// Ids of the published articles `by` manages.
    pub async fn managed_ids(&self, by: Manager) -> AppResult<Vec<i64>> {
        backend!(self.managed_ids(by))
    }

    pub async fn token_add(&self, name: &str, role: &str, digest: &str) -> AppResult<()> {
        backend!(self.token_add(name, role, digest))
    }

    pub async fn tokens(&self) -> AppResult<Vec<TokenInfo>> {
        backend!(self.tokens())
    }

    /// Revokes the token called `name`; false if there is none (or it was revoked already).
    pub async fn token_revoke(&self, name: &str) -> AppResult<bool> {
        backend!(self.token_revoke(name))
    }

    /// Adds a desk account (Conflict if the name is taken).
    pub async fn user_add(&self, name: &str, role: &str, hash: &str) -> AppResult<()> {
        backend!(self.user_add(name, role, hash))
    }

    pub async fn users(&self) -> AppResult<Vec<UserInfo>> {
        backend!(self.users())
    }

    /// Disables an account and ends its sessions; false if there is no such enabled account.
    pub async fn user_disable(&self, name: &str) -> AppResult<bool> {
        backend!(self.user_disable(name))
    }

    /// Sets an account's password hash and ends its sessions; false if there is no such account.
    pub async fn user_password(&self, name: &str, hash: &str) -> AppResult<bool> {
        backend!(self.user_password(name, hash))
    }

    /// The enabled account called `name`, for a login to check.
    pub async fn user_for_login(&self, name: &str) -> AppResult<Option<LoginInfo>> {
        backend!(self.user_for_login(name))
    }

    /// Stores a session by its digest (and drops expired ones).
    pub async fn session_add(&self, session: NewSession) -> AppResult<()> {
        backend!(self.session_add(session))
    }

    /// The live session with this digest, its account enabled.
    pub async fn session_find(&self, digest: &str, now_ns: i64) -> AppResult<Option<SessionInfo>> {
        backend!(self.session_find(digest, now_ns))
    }

    pub async fn session_delete(&self, digest: &str) -> AppResult<()> {
        backend!(self.session_delete(digest))
    }

    /// Pending comments, oldest first.
    pub async fn queue(&self, limit: u32) -> AppResult<Vec<QueueItem>> {
        backend!(self.queue(limit))
    }

    /// Approves or rejects a pending comment and notes it in the audit log as `actor`, in one
    /// transaction; returns the comment's article. 404 if there is no such comment, 409 if it is not
    /// pending.
    pub async fn moderate(&self, id: i64, verdict: Verdict, actor: &str) -> AppResult<i64> {
        backend!(self.moderate(id, verdict, actor))
    }

    /// Hides, restores or removes a comment readers can see, in one transaction: its status (a removed
    /// one's author and text erased, also in the stored answer to its post), the article's count, its
    /// reports dismissed, the change log and an audit line as `actor`. 404 for no such comment, 409
    /// when its status does not allow it. Returns the comment's article.
    pub async fn take_down(&self, id: i64, how: Takedown, actor: &str) -> AppResult<i64> {
        backend!(self.take_down(id, how, actor))
    }

    /// Opens or closes an article's comments, noted in the change log and the audit log; returns
    /// whether they were open before. 404 for no such article.
    pub async fn set_comments_open(
        &self,
        article: i64,
        open: bool,
        actor: &str,
    ) -> AppResult<bool> {
        backend!(self.set_article_flag(article, ArticleFlag::CommentsOpen, open, actor))
    }

    /// The newest articles first, those whose title contains `q` when given.
    pub async fn desk_articles(
        &self,
        q: Option<String>,
        limit: u32,
    ) -> AppResult<Vec<DeskArticle>> {
        backend!(self.desk_articles(q, limit))
    }

    /// An article's published and hidden comments, newest first. 404 for no such article.
    pub async fn desk_comments(&self, article: i64, limit: u32) -> AppResult<Vec<DeskComment>> {
        backend!(self.desk_comments(article, limit))
    }

    /// Published comments with reports, the most reported first.
    pub async fn reports(&self, limit: u32) -> AppResult<Vec<ReportGroup>> {
        backend!(self.reports(limit))
    }

    /// Drops a comment's reports (the moderator found nothing wrong), noted in the audit log; returns
    /// how many there were. 404 for no such comment.
    pub async fn dismiss_reports(&self, id: i64, actor: &str) -> AppResult<i64> {
        backend!(self.dismiss_reports(id, actor))
    }

    /// Bars the address comment `id` was posted from until `until_ns`, noted in the audit log. 404 for
    /// no such comment, 409 when no address was kept for it.
    pub async fn block(&self, id: i64, until_ns: i64, actor: &str) -> AppResult<Block> {
        backend!(self.block(id, until_ns, actor))
    }

    /// Until when `client` is barred from commenting, if it is now.
    pub async fn blocked(&self, client: &str, now_ns: i64) -> AppResult<Option<String>> {
        backend!(self.blocked(client, now_ns))
    }

    /// Notes a desk action that is not one of the store's own (those note theirs in their transaction).
    pub async fn audit_add(&self, line: AuditLine<'_>) -> AppResult<()> {
        backend!(self.audit_add(line))
    }

    /// The newest audit entries first.
    pub async fn audit(&self, limit: u32) -> AppResult<Vec<AuditEntry>> {
        backend!(self.audit(limit))
    }

    /// The desk's counts; `day_start_ns` is when today began.
    pub async fn desk_counts(&self, day_start_ns: i64) -> AppResult<DeskCounts> {
        backend!(self.desk_counts(day_start_ns))
    }

    /// The name and role of the live token with this digest, and notes its use.
    pub async fn token_find(&self, digest: &str) -> AppResult<Option<(String, String)>> {
        backend!(self.token_find(digest))
    }

    /// A lease on the job called `name` (the WordPress sync): among instances sharing a database, one at a
    /// time holds it.
    pub async fn lease(&self, name: &str) -> Lease {
        match self {
            // One process per SQLite file: always the one.
            Store::Sqlite(_) => Lease::Always,
            Store::Postgres(b) => Lease::Postgres(b.lease(name)),
        }
    }

    /// Runs SQL that means the same on both backends (no parameters): for tests that age a row or
    /// count one.
    #[doc(hidden)]
    pub async fn execute_for_test(&self, sql: &str) -> AppResult<u64> {
        backend!(self.execute_for_test(sql))
    }

    /// The rows of a query, each column as text (tests).
    #[doc(hidden)]
    pub async fn query_for_test(&self, sql: &str) -> AppResult<Vec<Vec<Option<String>>>> {
        backend!(self.query_for_test(sql))
    }
}

/// The stored answer to an earlier post with the same key, or a 409 if this one's body differs.
fn replay(hash: &str, earlier_hash: &str, status: i64, body: String) -> AppResult<Posted> {
    if earlier_hash != hash {
        return Err(AppError::new(
            model::ErrorCode::Conflict,
            "这个 Idempotency-Key 已用于另一条评论 (Idempotency-Key was already used with a different body)",
        ));
    }
    Ok(Posted {
        status: status as u16,
        body: body.into_bytes(),
    })
}

fn bad_parent() -> AppError {
    AppError::validation(
        "parent_id",
        "要回复的评论不存在 (parent_id is not a comment of this article)",
    )
}

/// See [`Store::lease`].
pub enum Lease {
    Always,
    Postgres(postgres::PgLease),
}

impl Lease {
    /// True while this instance holds the lease; takes it when it is free.
    pub async fn held(&mut self) -> bool {
        match self {
            Lease::Always => true,
            Lease::Postgres(l) => l.held().await,
        }
    }
}

/// The error for an article id that names nothing.
pub fn article_not_found() -> AppError {
    AppError::not_found("文章不存在 (no such article)")
}
