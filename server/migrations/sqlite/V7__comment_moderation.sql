-- Closing an article's comments (the desk: its thread stays readable, posts are refused) and a thread
-- index without the status, since readers now see hidden and removed comments as tombstones: the list
-- walks (article, parent) in time order and filters, instead of merging one range per status.
ALTER TABLE articles ADD COLUMN comments_open INTEGER NOT NULL DEFAULT 1;
CREATE INDEX comments_thread ON comments(article_id, parent_id, created_ns, id);
