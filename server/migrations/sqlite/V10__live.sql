-- Live updates: an article may be followed live; its updates are numbered for the whole site in the
-- order they were written (one writer), so an instance's poller and a reader's resume read `id > N`.
ALTER TABLE articles ADD COLUMN live INTEGER NOT NULL DEFAULT 0;
CREATE TABLE live_updates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,   -- never reused, even after a delete
    article_id INTEGER NOT NULL,
    at TEXT NOT NULL,                       -- RFC 3339, UTC
    at_ns INTEGER NOT NULL,
    text TEXT NOT NULL,
    image TEXT,                             -- JSON model::Image
    idem_key TEXT                           -- the post's Idempotency-Key, when it sent one
);
CREATE INDEX live_updates_article ON live_updates(article_id, id);
CREATE UNIQUE INDEX live_updates_key ON live_updates(article_id, idem_key);
-- Deleted updates, numbered as they are deleted, so every instance's poller tells its open streams.
CREATE TABLE live_removals (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL,
    update_id INTEGER NOT NULL
);
