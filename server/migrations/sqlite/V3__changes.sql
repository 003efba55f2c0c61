-- The change log: each write notes the surrogate keys it changed (keys.rs), and every server on the
-- database reads the new notes every second to drop what its caches hold of them. Its newest number is
-- the content version. Notes older than an hour are pruned (the newest is kept).
CREATE TABLE changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    keys TEXT NOT NULL,              -- space-separated surrogate keys
    created_ns INTEGER NOT NULL
);
CREATE INDEX changes_age ON changes(created_ns);
