-- Schema version 2: full-text search (`crosscheck search`), FTS5 indexes over the words
-- of claims, articles and notes. Each is external-content (the words are read from the
-- table itself, so the index holds only its inverted lists) and kept current by a
-- trigger on insert: claims, articles and history rows are never rewritten in the
-- columns indexed here. unicode61 with remove_diacritics 2 folds case and accents, so
-- `atme` finds `Atmé`.
CREATE VIRTUAL TABLE claim_search USING fts5 (text, quote, translation,
    content = 'claim', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE article_search USING fts5 (title, body,
    content = 'article', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE status_change_search USING fts5 (note,
    content = 'status_change', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE evidence_search USING fts5 (note,
    content = 'evidence', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER claim_search_insert AFTER INSERT ON claim
BEGIN INSERT INTO claim_search (rowid, text, quote, translation) VALUES (NEW.id, NEW.text, NEW.quote, NEW.translation); END;
CREATE TRIGGER article_search_insert AFTER INSERT ON article
BEGIN INSERT INTO article_search (rowid, title, body) VALUES (NEW.id, NEW.title, NEW.body); END;
-- Articles are not rewritten by crosscheck, but nothing in the schema forbids it: the
-- index follows.
CREATE TRIGGER article_search_update AFTER UPDATE OF title, body ON article
BEGIN
    INSERT INTO article_search (article_search, rowid, title, body) VALUES ('delete', OLD.id, OLD.title, OLD.body);
    INSERT INTO article_search (rowid, title, body) VALUES (NEW.id, NEW.title, NEW.body);
END;
CREATE TRIGGER article_search_delete AFTER DELETE ON article
BEGIN INSERT INTO article_search (article_search, rowid, title, body) VALUES ('delete', OLD.id, OLD.title, OLD.body); END;
CREATE TRIGGER status_change_search_insert AFTER INSERT ON status_change WHEN NEW.note IS NOT NULL
BEGIN INSERT INTO status_change_search (rowid, note) VALUES (NEW.id, NEW.note); END;
CREATE TRIGGER evidence_search_insert AFTER INSERT ON evidence WHEN NEW.note IS NOT NULL
BEGIN INSERT INTO evidence_search (rowid, note) VALUES (NEW.id, NEW.note); END;

-- Index what the ledger already holds.
INSERT INTO claim_search (claim_search) VALUES ('rebuild');
INSERT INTO article_search (article_search) VALUES ('rebuild');
INSERT INTO status_change_search (status_change_search) VALUES ('rebuild');
INSERT INTO evidence_search (evidence_search) VALUES ('rebuild');
