-- The moderation queue and the count of comments pending (see server/migrations/sqlite/V6__pending.sql).
CREATE INDEX comments_pending ON comments(created_ns, id) WHERE status = 'pending';
