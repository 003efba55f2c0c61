-- The desk: accounts, their sessions and the audit log. Passwords are stored as argon2 hashes (PHC
-- strings), sessions as the SHA-256 digest of the cookie's value, never in clear. A disabled account keeps
-- its row (the audit log names it) and loses its sessions at once.
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,              -- editor | moderator | admin
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    disabled_at TEXT
);
CREATE TABLE sessions (
    digest TEXT PRIMARY KEY,         -- hex SHA-256 of the cookie's value
    user_id INTEGER NOT NULL,
    csrf TEXT NOT NULL,              -- the token every state-changing desk request must carry
    created_ns INTEGER NOT NULL,
    expires_ns INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expiry ON sessions(expires_ns);
-- Every desk action: who, what, on what, when, and the state before and after (JSON).
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,                -- RFC 3339
    at_ns INTEGER NOT NULL,
    actor TEXT NOT NULL,             -- the account's name
    action TEXT NOT NULL,            -- approve | reject | …
    target TEXT NOT NULL,            -- comment:42, article:7, …
    before TEXT,
    after TEXT
);
CREATE INDEX audit_time ON audit(at_ns);
