-- Tag and author pages (see server/migrations/sqlite/V9__tags.sql): each article's tags as rows of
-- `article_tags` with the article's sort key copied in, so a tag's page is one range scan of
-- `article_tags_tag_time` in page order. A trigger on `articles` keeps it, so every write path (first
-- import, `import`, the publishing API, the WordPress sync, takedowns, which delete the row) keeps it too.
-- A tag is the exact text the article carries; blank ones and repeats are left out. Authors are a column
-- already: an index in page order answers their pages.
CREATE TABLE article_tags (
    article_id BIGINT NOT NULL,
    tag TEXT NOT NULL,
    published_ns BIGINT NOT NULL,    -- the article's, kept equal by the trigger below
    PRIMARY KEY (article_id, tag)
);
CREATE INDEX article_tags_tag_time ON article_tags (tag, published_ns, article_id);
CREATE INDEX articles_author_time ON articles (author, published_ns, id);

-- The tags of a stored `tags` value (JSON written by the store); anything but an array counts as none
-- rather than failing the article's write.
CREATE FUNCTION article_tag_values(tags TEXT) RETURNS SETOF TEXT LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    j JSONB;
BEGIN
    BEGIN
        j := tags::jsonb;
    EXCEPTION WHEN others THEN
        RETURN;
    END;
    IF jsonb_typeof(j) = 'array' THEN
        RETURN QUERY SELECT DISTINCT e #>> '{}' FROM jsonb_array_elements(j) AS e
            WHERE jsonb_typeof(e) = 'string' AND btrim(e #>> '{}') <> '';
    END IF;
END $$;

CREATE FUNCTION article_tags_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM article_tags WHERE article_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO article_tags (article_id, tag, published_ns)
            SELECT NEW.id, t, NEW.published_ns FROM article_tag_values(NEW.tags) AS t
            ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER article_tags_insert AFTER INSERT ON articles
    FOR EACH ROW EXECUTE FUNCTION article_tags_sync();
CREATE TRIGGER article_tags_update AFTER UPDATE OF tags, published_ns ON articles
    FOR EACH ROW EXECUTE FUNCTION article_tags_sync();
CREATE TRIGGER article_tags_delete AFTER DELETE ON articles
    FOR EACH ROW EXECUTE FUNCTION article_tags_sync();

-- The articles stored before this version.
INSERT INTO article_tags (article_id, tag, published_ns)
    SELECT a.id, t, a.published_ns FROM articles a, article_tag_values(a.tags) AS t
    ON CONFLICT DO NOTHING;
