-- Search (`GET /api/v1/search`): the words of each article's body as plain text (`search_text`, one block
-- a line, written by the store with every upsert; NULL for articles stored before this version until the
-- store fills them in when it opens) and a full-text index over title and that text. FTS5's trigram
-- tokenizer indexes every three characters, so Chinese needs no spaces to match; the store falls back to
-- LIKE for words shorter than three characters. The index is an external-content table kept by triggers on
-- `articles`, so every write path (import, WordPress sync, publishing API, takedowns) keeps it; comment
-- counts and other columns change nothing in it.
ALTER TABLE articles ADD COLUMN search_text TEXT;
CREATE VIRTUAL TABLE article_search USING fts5(
    title, search_text, content = 'articles', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER article_search_insert AFTER INSERT ON articles BEGIN
    INSERT INTO article_search (rowid, title, search_text) VALUES (new.id, new.title, new.search_text);
END;
CREATE TRIGGER article_search_delete AFTER DELETE ON articles BEGIN
    INSERT INTO article_search (article_search, rowid, title, search_text)
        VALUES ('delete', old.id, old.title, old.search_text);
END;
CREATE TRIGGER article_search_update AFTER UPDATE OF title, search_text ON articles BEGIN
    INSERT INTO article_search (article_search, rowid, title, search_text)
        VALUES ('delete', old.id, old.title, old.search_text);
    INSERT INTO article_search (rowid, title, search_text) VALUES (new.id, new.title, new.search_text);
END;
INSERT INTO article_search (article_search) VALUES ('rebuild');
