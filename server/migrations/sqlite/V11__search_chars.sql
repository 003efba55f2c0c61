-- Search, words of one or two characters (issue 26): V8's trigram index cannot find them, and scanning
-- every title and text for them took 20–30 ms on 20,000 articles. `article_chars` is a second FTS5 index
-- over the same two columns, written with a space between every two characters so that `unicode61`
-- makes each character a token: a short word is then a phrase of one or two tokens. It finds a few rows
-- too many (it skips punctuation between characters, folds case), which the store checks against the
-- text. It is contentless (the text stays in `articles`) and kept by triggers on `articles` like V8's
-- index, so every write path keeps it; the articles already stored are indexed here, and those whose
-- `search_text` the store fills in when it opens reach it through the update trigger.
--
-- `article_chars_text` writes the two columns spaced, counting with `search_digits` (0–9999): a chunk of
-- 100 characters per row of the first, one character of it per row of the second. Each `substr` walks
-- its text from the start, so a character is taken from its chunk, never from the whole text (33,000
-- characters: 0.2 s, where one `substr` per character of the text took 15 s); `LIMIT -1` keeps SQLite
-- from folding the chunks into the outer query, which would cut them again for every character. Texts
-- are indexed up to 1,000,000 characters.
CREATE TABLE search_digits (n INTEGER PRIMARY KEY);
WITH RECURSIVE d(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM d WHERE n < 9999)
INSERT INTO search_digits (n) SELECT n FROM d;
CREATE VIEW article_chars_text (id, title, search_text) AS
SELECT a.id,
    (SELECT group_concat(substr(c.s, l.n + 1, 1), ' ' ORDER BY c.h, l.n)
       FROM (SELECT h.n AS h, substr(a.title, h.n * 100 + 1, 100) AS s FROM search_digits h
              WHERE h.n <= (length(a.title) - 1) / 100 LIMIT -1) c
       JOIN search_digits l ON l.n < length(c.s) AND l.n < 100),
    (SELECT group_concat(substr(c.s, l.n + 1, 1), ' ' ORDER BY c.h, l.n)
       FROM (SELECT h.n AS h, substr(a.search_text, h.n * 100 + 1, 100) AS s FROM search_digits h
              WHERE h.n <= (length(a.search_text) - 1) / 100 LIMIT -1) c
       JOIN search_digits l ON l.n < length(c.s) AND l.n < 100)
FROM articles a;
CREATE VIRTUAL TABLE article_chars USING fts5(
    title, search_text, content = '', contentless_delete = 1, tokenize = 'unicode61'
);
CREATE TRIGGER article_chars_insert AFTER INSERT ON articles BEGIN
    INSERT INTO article_chars (rowid, title, search_text)
        SELECT id, title, search_text FROM article_chars_text WHERE id = new.id;
END;
CREATE TRIGGER article_chars_delete AFTER DELETE ON articles BEGIN
    DELETE FROM article_chars WHERE rowid = old.id;
END;
CREATE TRIGGER article_chars_update AFTER UPDATE OF title, search_text ON articles BEGIN
    DELETE FROM article_chars WHERE rowid = old.id;
    INSERT INTO article_chars (rowid, title, search_text)
        SELECT id, title, search_text FROM article_chars_text WHERE id = new.id;
END;
INSERT INTO article_chars (rowid, title, search_text) SELECT id, title, search_text FROM article_chars_text;
