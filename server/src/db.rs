//! The SQLite database: opening (WAL), migrations by `PRAGMA user_version`, and the blocking-call bridge.
//!
//! Reads run on a small r2d2 pool of read-only connections: in WAL mode a reader never waits for the
//! writer, so a slow widget query or a held write lock does not stall article reads. Writes go through the
//! one read-write connection behind a mutex (SQLite has one writer anyway) in `BEGIN IMMEDIATE`
//! transactions, so "same key twice → one row" stays atomic and a busy database fails at `BEGIN`, not
//! half-way. Both run on tokio's blocking pool.

use crate::error::{AppError, AppResult};
use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Migrations in order; `user_version` counts how many have run.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    title TEXT NOT NULL,
    source TEXT,
    published_at TEXT NOT NULL,      -- RFC 3339 with the offset it was written with
    published_ns INTEGER NOT NULL,   -- UTC Unix nanoseconds: the sort key
    origin_url TEXT,
    lead_image TEXT,                 -- JSON model::Image
    excerpt TEXT NOT NULL,
    body TEXT NOT NULL,              -- JSON Vec<model::Block>
    recommended INTEGER NOT NULL DEFAULT 0,
    comment_count INTEGER NOT NULL DEFAULT 0  -- published comments at all levels, kept with each insert
);
CREATE INDEX articles_channel_time ON articles(channel, published_ns, id);
CREATE INDEX articles_time ON articles(published_ns, id);
CREATE TABLE article_views (
    article_id INTEGER NOT NULL,
    hour INTEGER NOT NULL,           -- Unix hour bucket
    views INTEGER NOT NULL,
    PRIMARY KEY (article_id, hour)
) WITHOUT ROWID;
CREATE INDEX article_views_hour ON article_views(hour);
CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL,
    parent_id INTEGER NOT NULL DEFAULT 0,   -- 0 = top level
    author TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_ns INTEGER NOT NULL,
    status TEXT NOT NULL,                   -- published | pending
    client TEXT
);
CREATE INDEX comments_list ON comments(article_id, parent_id, status, created_ns, id);
CREATE TABLE idempotency (
    key TEXT PRIMARY KEY,
    request_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_ns INTEGER NOT NULL
);
CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    comment_id INTEGER NOT NULL,
    reason TEXT,
    client TEXT,
    created_at TEXT NOT NULL
);
"#,
    // Idempotency keys belong to their article (the same key on another article is another post) and carry
    // their age for pruning; a reader's reports of one comment count once.
    r#"
CREATE TABLE idempotency_scoped (
    article_id INTEGER NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_ns INTEGER NOT NULL,
    PRIMARY KEY (article_id, key)
) WITHOUT ROWID;
INSERT OR IGNORE INTO idempotency_scoped (article_id, key, request_hash, status, body, created_ns)
    SELECT COALESCE(json_extract(body, '$.article_id'), 0), key, request_hash, status, body, created_ns
    FROM idempotency;
DROP TABLE idempotency;
ALTER TABLE idempotency_scoped RENAME TO idempotency;
CREATE INDEX idempotency_age ON idempotency(created_ns);
DELETE FROM reports WHERE id NOT IN (SELECT MIN(id) FROM reports GROUP BY comment_id, client);
CREATE UNIQUE INDEX reports_once ON reports(comment_id, client);
"#,
];

/// How long a write waits for another process's write lock before the request answers 503.
const BUSY_TIMEOUT: Duration = Duration::from_secs(2);

pub struct Db {
    writer: Mutex<Connection>,
    readers: r2d2::Pool<SqliteConnectionManager>,
}

impl Db {
    /// Opens (creating) the database file, runs pending migrations and opens `readers` read-only connections.
    pub fn open_with(path: &Path, readers: u32) -> Result<Db, String> {
        let conn =
            Connection::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        let writer =
            Self::setup(conn).map_err(|e| format!("cannot prepare {}: {e}", path.display()))?;
        let manager = SqliteConnectionManager::file(path)
            .with_flags(OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .with_init(|c| c.busy_timeout(BUSY_TIMEOUT));
        let readers = r2d2::Pool::builder()
            .max_size(readers.max(1))
            // A reader waits this long for a free connection, then the request answers 503.
            .connection_timeout(Duration::from_secs(10))
            .build(manager)
            .map_err(|e| format!("cannot open readers of {}: {e}", path.display()))?;
        Ok(Db {
            writer: Mutex::new(writer),
            readers,
        })
    }

    /// `open_with` and as many readers as there are cores (at least 2).
    pub fn open(path: &Path) -> Result<Db, String> {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get() as u32);
        Self::open_with(path, cores.max(2))
    }

    fn setup(mut conn: Connection) -> rusqlite::Result<Connection> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let version: usize =
            conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))? as usize;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version) {
            let tx = conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(conn)
    }

    /// Runs `f` with a read-only connection on the blocking pool.
    pub async fn read<T, F>(self: &Arc<Self>, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> AppResult<T> + Send + 'static,
    {
        let db = Arc::clone(self);
        tokio::task::spawn_blocking(move || db.read_here(f)).await?
    }

    /// Runs `f` with a read-only connection on this thread.
    pub fn read_here<T>(&self, f: impl FnOnce(&Connection) -> AppResult<T>) -> AppResult<T> {
        let conn = self
            .readers
            .get()
            .map_err(|e| AppError::Busy(e.to_string()))?;
        f(&conn)
    }

    /// Runs `f` with the writer on the blocking pool.
    pub async fn write<T, F>(self: &Arc<Self>, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> AppResult<T> + Send + 'static,
    {
        let db = Arc::clone(self);
        tokio::task::spawn_blocking(move || db.with(f)).await?
    }

    /// Runs `f` with the writer on this thread (startup, import, maintenance, tests).
    pub fn with<T>(&self, f: impl FnOnce(&mut Connection) -> AppResult<T>) -> AppResult<T> {
        // A panic while holding the lock cannot leave a half-done transaction (it rolls back on drop).
        let mut conn = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut conn)
    }
}

/// Starts a write transaction that takes the write lock at once (`BEGIN IMMEDIATE`): a busy database is
/// refused before anything is read, and reads inside the transaction see what the write will change.
pub fn immediate(conn: &mut Connection) -> rusqlite::Result<rusqlite::Transaction<'_>> {
    conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
}

pub fn get_meta(conn: &Connection, key: &str) -> AppResult<Option<String>> {
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()
        .map_err(AppError::from)
}

pub fn set_meta(conn: &Connection, key: &str, value: &str) -> AppResult<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

/// UTC Unix nanoseconds of a time, the sort key of articles and comments.
pub fn nanos(t: time::OffsetDateTime) -> i64 {
    i64::try_from(t.unix_timestamp_nanos()).unwrap_or(i64::MAX)
}
