//! The SQLite database: opening (WAL), migrations by `PRAGMA user_version`, and the blocking-call bridge.
//!
//! One connection behind a mutex, used from `spawn_blocking`. SQLite serialises writers anyway, every read
//! is an indexed lookup of well under a millisecond, and one connection keeps "same key twice → one row"
//! trivially atomic; a reference server does not need a pool.

use crate::error::{AppError, AppResult};
use rusqlite::{Connection, OptionalExtension};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Migrations in order; `user_version` counts how many have run.
const MIGRATIONS: &[&str] = &[r#"
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
"#];

pub struct Db {
    conn: Mutex<Connection>,
}

impl Db {
    /// Opens (creating) the database file and runs pending migrations.
    pub fn open(path: &Path) -> Result<Db, String> {
        let conn =
            Connection::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        Self::setup(conn).map_err(|e| format!("cannot prepare {}: {e}", path.display()))
    }

    fn setup(mut conn: Connection) -> rusqlite::Result<Db> {
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
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
        Ok(Db {
            conn: Mutex::new(conn),
        })
    }

    /// Runs `f` with the connection on the blocking pool.
    pub async fn call<T, F>(self: &Arc<Self>, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> AppResult<T> + Send + 'static,
    {
        let db = Arc::clone(self);
        tokio::task::spawn_blocking(move || db.with(f)).await?
    }

    /// Runs `f` with the connection on this thread (startup, import, tests).
    pub fn with<T>(&self, f: impl FnOnce(&mut Connection) -> AppResult<T>) -> AppResult<T> {
        // A panic while holding the lock cannot leave a half-done transaction (it rolls back on drop).
        let mut conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut conn)
    }
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
