-- Tag and author pages (`GET /api/v1/tags/{tag}/articles`, `/api/v1/authors/{name}/articles`, the tag
-- feeds): each article's tags as rows of `article_tags`, with the article's sort key copied in, so a tag's
-- page is one range scan of `article_tags_tag_time` in page order (no sort, no JSON read per article).
-- Triggers on `articles` keep it, as they keep the search index, so every write path (first import,
-- `import`, the publishing API, the WordPress sync, takedowns, which delete the row) keeps it too; comment
-- counts and other columns do not touch it. A tag is the exact text the article carries; blank ones and
-- repeats are left out. Authors are a column already: an index in page order answers their pages.
CREATE TABLE article_tags (
    article_id INTEGER NOT NULL,
    tag TEXT NOT NULL,
    published_ns INTEGER NOT NULL,   -- the article's, kept equal by the triggers below
    PRIMARY KEY (article_id, tag)
) WITHOUT ROWID;
CREATE INDEX article_tags_tag_time ON article_tags(tag, published_ns, article_id);
CREATE INDEX articles_author_time ON articles(author, published_ns, id);
-- `tags` is JSON written by the store; anything else (never expected) counts as no tags rather than
-- failing the article's write.
CREATE TRIGGER article_tags_insert AFTER INSERT ON articles BEGIN
    INSERT OR IGNORE INTO article_tags (article_id, tag, published_ns)
        SELECT new.id, value, new.published_ns
        FROM json_each(CASE WHEN json_valid(new.tags) THEN new.tags ELSE '[]' END)
        WHERE type = 'text' AND trim(value) <> '';
END;
CREATE TRIGGER article_tags_delete AFTER DELETE ON articles BEGIN
    DELETE FROM article_tags WHERE article_id = old.id;
END;
CREATE TRIGGER article_tags_update AFTER UPDATE OF tags, published_ns ON articles BEGIN
    DELETE FROM article_tags WHERE article_id = old.id;
    INSERT OR IGNORE INTO article_tags (article_id, tag, published_ns)
        SELECT new.id, value, new.published_ns
        FROM json_each(CASE WHEN json_valid(new.tags) THEN new.tags ELSE '[]' END)
        WHERE type = 'text' AND trim(value) <> '';
END;
-- The articles stored before this version.
INSERT OR IGNORE INTO article_tags (article_id, tag, published_ns)
    SELECT a.id, j.value, a.published_ns
    FROM articles a, json_each(CASE WHEN json_valid(a.tags) THEN a.tags ELSE '[]' END) j
    WHERE j.type = 'text' AND trim(j.value) <> '';
