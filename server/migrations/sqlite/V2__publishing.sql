-- Content that changes while the site runs (publishing API, WordPress sync, import into a running
-- site): who manages each article, its author, tags and last update, the articles taken down (410),
-- and the publishing API's bearer tokens (stored as SHA-256 digests, never in clear).
ALTER TABLE articles ADD COLUMN author TEXT;
ALTER TABLE articles ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';   -- JSON array of strings
ALTER TABLE articles ADD COLUMN updated_at TEXT;                   -- RFC 3339, absent if never updated
ALTER TABLE articles ADD COLUMN managed_by TEXT NOT NULL DEFAULT 'content';  -- content | api | wordpress
CREATE INDEX articles_managed ON articles(managed_by, id);
CREATE TABLE gone (
    id INTEGER PRIMARY KEY,          -- the article id, answered 410 until it is published again
    gone_at TEXT NOT NULL
);
CREATE TABLE tokens (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,              -- publisher | admin
    digest TEXT NOT NULL UNIQUE,     -- hex SHA-256 of the token
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
);
