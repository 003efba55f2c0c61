-- Addresses a moderator barred from commenting until a time: keyed like the rate limit (an IPv4
-- address, or an IPv6 /64, as `comments.client` holds it).
CREATE TABLE blocks (
    client TEXT PRIMARY KEY,
    until_ns INTEGER NOT NULL,
    until TEXT NOT NULL,             -- RFC 3339, for the desk
    by TEXT NOT NULL,
    comment_id INTEGER NOT NULL      -- the comment it was blocked for
) WITHOUT ROWID;
