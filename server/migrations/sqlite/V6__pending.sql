-- The moderation queue (oldest first) and the count of comments pending, read by the desk and by every
-- /metrics scrape, without scanning every comment.
CREATE INDEX comments_pending ON comments(created_ns, id) WHERE status = 'pending';
