-- The schema as it stood before versioned migrations (PRAGMA user_version 2): a database created by
-- an earlier server is adopted at this version without running it (store/sqlite/mod.rs).
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
-- Idempotency keys belong to their article (the same key on another article is another post) and
-- carry their age for pruning.
CREATE TABLE idempotency (
    article_id INTEGER NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_ns INTEGER NOT NULL,
    PRIMARY KEY (article_id, key)
) WITHOUT ROWID;
CREATE INDEX idempotency_age ON idempotency(created_ns);
-- A reader's reports of one comment count once.
CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    comment_id INTEGER NOT NULL,
    reason TEXT,
    client TEXT,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX reports_once ON reports(comment_id, client);
