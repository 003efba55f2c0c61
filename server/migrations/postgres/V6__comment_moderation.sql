-- Closing an article's comments and the thread index with tombstones (see
-- server/migrations/sqlite/V7__comment_moderation.sql).
ALTER TABLE articles ADD COLUMN comments_open BOOLEAN NOT NULL DEFAULT TRUE;
CREATE INDEX comments_thread ON comments(article_id, parent_id, created_ns, id);
