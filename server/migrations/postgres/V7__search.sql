-- Search (`GET /api/v1/search`; see server/migrations/sqlite/V8__search.sql): the words of each article's
-- body as plain text (`search_text`, written by the store with every upsert; NULL for articles stored
-- before this version until the store fills them in when it opens), and pg_trgm GIN indexes over the
-- title and that text, which ILIKE '%word%' uses for words of three characters or more (Chinese needs no
-- spaces). Rows taken down are deleted, so the indexes follow every write path by themselves.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
ALTER TABLE articles ADD COLUMN search_text TEXT;
CREATE INDEX articles_search_title ON articles USING gin (title gin_trgm_ops);
CREATE INDEX articles_search_text ON articles USING gin (search_text gin_trgm_ops);
