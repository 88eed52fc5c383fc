-- Search (schema version 2): PostgreSQL's own full-text search over the words of claims,
-- articles and notes, the same hits as SQLite's FTS5. The 'simple' configuration lowercases
-- without stemming, whatever the language, as unicode61 does. Accents are folded by
-- translate() over the accented Latin letters of Dutch, English, German, French and their
-- neighbours, because the `unaccent` extension needs a role that may create extensions.
-- The words are a column the server generates from the row itself, so every way a row
-- arrives (INSERT, COPY, a migration) indexes it; crosscheck never writes or exports it.
CREATE FUNCTION crosscheck_fold(words TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN translate(words, 'ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖòóôõöÙÚÛÜùúûüÝýÿŸĀāĂăĄąĆćČčĎďĒēĖėĘęĚěĞğĪīĮįİıĶķĹĺĻļĽľŁłŃńŅņŇňŌōŐőŔŕŘřŚśŞşŠšŢţŤťŪūŮůŰűŲųŹźŻżŽžØøĐđ', 'AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOoooooUUUUuuuuYyyYAaAaAaCcCcDdEeEeEeEeGgIiIiIiKkLlLlLlLlNnNnNnOoOoRrRrSsSsSsTtTtUuUuUuUuZzZzZzOoDd');
CREATE FUNCTION crosscheck_search_vector(a TEXT, b TEXT, c TEXT) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN to_tsvector('simple'::regconfig, translate(coalesce(a, '') || ' ' || coalesce(b, '') || ' ' || coalesce(c, ''),
    'ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖòóôõöÙÚÛÜùúûüÝýÿŸĀāĂăĄąĆćČčĎďĒēĖėĘęĚěĞğĪīĮįİıĶķĹĺĻļĽľŁłŃńŅņŇňŌōŐőŔŕŘřŚśŞşŠšŢţŤťŪūŮůŰűŲųŹźŻżŽžØøĐđ', 'AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOoooooUUUUuuuuYyyYAaAaAaCcCcDdEeEeEeEeGgIiIiIiKkLlLlLlLlNnNnNnOoOoRrRrSsSsSsTtTtUuUuUuUuZzZzZzOoDd'));
-- The words of each row, kept by the server in a generated column (so that ranking reads
-- them rather than parsing every matching row again), and indexed.
ALTER TABLE claim ADD COLUMN words tsvector
    GENERATED ALWAYS AS (crosscheck_search_vector(text, quote, translation)) STORED;
ALTER TABLE article ADD COLUMN words tsvector
    GENERATED ALWAYS AS (crosscheck_search_vector(title, body, NULL)) STORED;
ALTER TABLE status_change ADD COLUMN words tsvector
    GENERATED ALWAYS AS (crosscheck_search_vector(note, NULL, NULL)) STORED;
ALTER TABLE evidence ADD COLUMN words tsvector
    GENERATED ALWAYS AS (crosscheck_search_vector(note, NULL, NULL)) STORED;
CREATE INDEX claim_search ON claim USING gin (words);
CREATE INDEX article_search ON article USING gin (words);
CREATE INDEX status_change_search ON status_change USING gin (words) WHERE note IS NOT NULL;
CREATE INDEX evidence_search ON evidence USING gin (words) WHERE note IS NOT NULL;
