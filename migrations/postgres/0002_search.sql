-- Search (schema version 2): PostgreSQL's own full-text search over the words of claims,
-- articles and notes, the same hits as SQLite's FTS5. The 'simple' configuration lowercases
-- without stemming, whatever the language, as unicode61 does. Accents are folded by
-- translate() over the accented Latin letters of Dutch, English, German, French and their
-- neighbours, because the `unaccent` extension needs a role that may create extensions.
-- The indexes are on expressions of the rows themselves, so every way a row arrives
-- (INSERT, COPY, a migration) indexes it, and nothing derived is stored or exported.
CREATE FUNCTION crosscheck_fold(words TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN translate(words, 'ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖòóôõöÙÚÛÜùúûüÝýÿŸĀāĂăĄąĆćČčĎďĒēĖėĘęĚěĞğĪīĮįİıĶķĹĺĻļĽľŁłŃńŅņŇňŌōŐőŔŕŘřŚśŞşŠšŢţŤťŪūŮůŰűŲųŹźŻżŽžØøĐđ', 'AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOoooooUUUUuuuuYyyYAaAaAaCcCcDdEeEeEeEeGgIiIiIiKkLlLlLlLlNnNnNnOoOoRrRrSsSsSsTtTtUuUuUuUuZzZzZzOoDd');
CREATE FUNCTION crosscheck_search_vector(a TEXT, b TEXT, c TEXT) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN to_tsvector('simple'::regconfig, translate(coalesce(a, '') || ' ' || coalesce(b, '') || ' ' || coalesce(c, ''),
    'ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖòóôõöÙÚÛÜùúûüÝýÿŸĀāĂăĄąĆćČčĎďĒēĖėĘęĚěĞğĪīĮįİıĶķĹĺĻļĽľŁłŃńŅņŇňŌōŐőŔŕŘřŚśŞşŠšŢţŤťŪūŮůŰűŲųŹźŻżŽžØøĐđ', 'AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOoooooUUUUuuuuYyyYAaAaAaCcCcDdEeEeEeEeGgIiIiIiKkLlLlLlLlNnNnNnOoOoRrRrSsSsSsTtTtUuUuUuUuZzZzZzOoDd'));
CREATE INDEX claim_search ON claim USING gin (crosscheck_search_vector(text, quote, translation));
CREATE INDEX article_search ON article USING gin (crosscheck_search_vector(title, body, NULL));
CREATE INDEX status_change_search ON status_change USING gin (crosscheck_search_vector(note, NULL, NULL)) WHERE note IS NOT NULL;
CREATE INDEX evidence_search ON evidence USING gin (crosscheck_search_vector(note, NULL, NULL)) WHERE note IS NOT NULL;
