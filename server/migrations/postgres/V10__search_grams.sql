-- Search, words of one or two characters (issue 26): pg_trgm (V7) has no trigram for them, so `LIKE
-- '%社区%'` read every row. `search_grams` cuts a text, lower-cased, into its characters and its pairs of
-- neighbouring characters, and a GIN index over those of each article's title and text (joined by a
-- line break, which no word holds) finds the rows holding a short word; LIKE/ILIKE then checks them as
-- before. It is built from the rows already stored, and follows every write by itself.
--
-- The pairs come from two passes of `regexp_replace` marking every second character (from the first and
-- from the second), with U+0001 as the mark: linear in the text's length, where taking each pair with
-- `substr` or a set-returning query was four times slower.
CREATE FUNCTION search_grams(t TEXT) RETURNS TEXT[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT regexp_split_to_array(lower(t), '')
        || string_to_array(regexp_replace(lower(t), '(..)', E'\\1\x01', 'g'), E'\x01')
        || string_to_array(regexp_replace(substr(lower(t), 2), '(..)', E'\\1\x01', 'g'), E'\x01')
$$;
CREATE INDEX articles_search_grams ON articles
    USING gin (search_grams(title || E'\n' || coalesce(search_text, '')));
