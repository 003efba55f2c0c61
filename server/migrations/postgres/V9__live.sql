-- Live updates: an article may be followed live; its updates are numbered for the whole site. Posts take
-- one transaction-level advisory lock before their number, so numbers become visible in order and an
-- instance's poller (`id > N`) never skips one that committed late.
ALTER TABLE articles ADD COLUMN live BOOLEAN NOT NULL DEFAULT FALSE;
CREATE TABLE live_updates (
    id BIGSERIAL PRIMARY KEY,
    article_id BIGINT NOT NULL,
    at TEXT NOT NULL,                       -- RFC 3339, UTC
    at_ns BIGINT NOT NULL,
    text TEXT NOT NULL,
    image TEXT,                             -- JSON model::Image
    idem_key TEXT                           -- the post's Idempotency-Key, when it sent one
);
CREATE INDEX live_updates_article ON live_updates(article_id, id);
CREATE UNIQUE INDEX live_updates_key ON live_updates(article_id, idem_key);
-- Deleted updates, numbered as they are deleted (under the same lock), so every instance's poller tells
-- its open streams.
CREATE TABLE live_removals (
    seq BIGSERIAL PRIMARY KEY,
    article_id BIGINT NOT NULL,
    update_id BIGINT NOT NULL
);
