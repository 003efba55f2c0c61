-- Addresses barred from commenting until a time (see server/migrations/sqlite/V5__blocks.sql).
CREATE TABLE blocks (
    client TEXT PRIMARY KEY,
    until_ns BIGINT NOT NULL,
    until TEXT NOT NULL,
    by TEXT NOT NULL,
    comment_id BIGINT NOT NULL
);
