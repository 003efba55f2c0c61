-- The change log (see server/migrations/sqlite/V3__changes.sql).
CREATE TABLE changes (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    keys TEXT NOT NULL,
    created_ns BIGINT NOT NULL
);
CREATE INDEX changes_age ON changes(created_ns);
