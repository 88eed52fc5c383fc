-- crosscheck ledger schema, version 2 (PRAGMA user_version = 2): the base.
--
-- A new database is made from this file and then brought forward by every migration
-- after version 2 (migrations/0003_record.sql on: the record, version 2), so that each
-- change is written once. Released versions are never edited: a change is a new file
-- under migrations/ and a new version number. Connection settings
-- (foreign_keys, WAL, busy_timeout) are set per connection by the program, not here.

-- Who makes claims: an office, an organisation, a witness group.
CREATE TABLE source (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    name_key    TEXT NOT NULL UNIQUE,          -- lookup_key(name): trimmed, lowercased
    kind        TEXT NOT NULL DEFAULT 'other' CHECK (kind IN (
                    'government', 'military', 'ngo', 'news_agency', 'outlet', 'official',
                    'person', 'witness', 'anonymous', 'other')),
    grade       TEXT CHECK (grade IN ('A', 'B', 'C', 'D', 'E', 'F')),  -- Admiralty reliability
    notes       TEXT,
    created_at  TEXT NOT NULL
) STRICT;

-- Other names of a source. A key is unique across names and aliases (checked on write).
CREATE TABLE source_alias (
    alias_key   TEXT PRIMARY KEY,
    alias       TEXT NOT NULL CHECK (length(trim(alias)) > 0),
    source_id   INTEGER NOT NULL REFERENCES source (id)
) STRICT;
CREATE INDEX source_alias_source ON source_alias (source_id);

-- A published piece that reports claims.
CREATE TABLE article (
    id           INTEGER PRIMARY KEY,
    slug         TEXT NOT NULL UNIQUE CHECK (slug <> '' AND slug NOT GLOB '*[^a-z0-9-]*'),
    title        TEXT NOT NULL CHECK (length(trim(title)) > 0),
    title_key    TEXT NOT NULL,
    outlet       TEXT,
    url          TEXT,
    lang         TEXT,                          -- BCP-47
    published_at TEXT,                          -- YYYY-MM-DD or UTC RFC 3339
    body         TEXT,
    body_sha256  TEXT CHECK ((body IS NULL) = (body_sha256 IS NULL)),
    created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX article_title ON article (title_key);

-- The real-world event that claims are about.
CREATE TABLE incident (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE CHECK (slug <> '' AND slug NOT GLOB '*[^a-z0-9-]*'),
    title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
    title_key   TEXT NOT NULL,
    date        TEXT,
    place       TEXT,
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX incident_title ON incident (title_key);

-- One statement, attributed to one source (its origin), as one article reports it.
CREATE TABLE claim (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES article (id),
    incident_id  INTEGER REFERENCES incident (id),
    source_id    INTEGER NOT NULL REFERENCES source (id),
    via_id       INTEGER REFERENCES source (id),   -- the outlet that relays it
    text         TEXT NOT NULL CHECK (length(trim(text)) > 0),
    quote        TEXT,
    quote_start  INTEGER,                          -- character offsets into article.body,
    quote_end    INTEGER,                          -- end exclusive; NULL without a body
    translation  TEXT,
    as_of        TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'unverified' CHECK (status IN (
                     'unverified', 'in_progress', 'verified', 'false', 'misleading',
                     'disputed', 'unverifiable', 'retracted')),
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    CHECK ((quote_start IS NULL) = (quote_end IS NULL)),
    CHECK (quote_start IS NULL OR (quote IS NOT NULL AND 0 <= quote_start AND quote_start <= quote_end))
) STRICT;
CREATE INDEX claim_incident_status ON claim (incident_id, status);
CREATE INDEX claim_status ON claim (status);
CREATE INDEX claim_source ON claim (source_id);
CREATE INDEX claim_via ON claim (via_id);
CREATE INDEX claim_article ON claim (article_id);

-- A number inside a claim. incident_id, origin_id and as_of repeat the claim's so that
-- the comparison reads this narrow table alone, through figure_compare.
CREATE TABLE figure (
    id           INTEGER PRIMARY KEY,
    claim_id     INTEGER NOT NULL REFERENCES claim (id),
    incident_id  INTEGER REFERENCES incident (id),
    origin_id    INTEGER NOT NULL REFERENCES source (id),
    metric       TEXT NOT NULL CHECK (metric <> '' AND metric NOT GLOB '*[^a-z0-9_.]*'
                     AND metric NOT GLOB '.*' AND metric NOT GLOB '*.' AND metric NOT GLOB '*..*'),
    qualifier    TEXT NOT NULL CHECK (qualifier IN ('exact', 'at_least', 'at_most', 'approx', 'range')),
    strict       INTEGER NOT NULL DEFAULT 0 CHECK (strict IN (0, 1)),  -- 1 for '>N'
    value        INTEGER NOT NULL CHECK (value >= 0),
    value_high   INTEGER CHECK ((qualifier = 'range') = (value_high IS NOT NULL) AND (value_high IS NULL OR value_high >= value)),
    low          INTEGER NOT NULL CHECK (low >= 0),  -- the interval at the default 10 % tolerance
    high         INTEGER CHECK (high IS NULL OR high >= low),
    kind         TEXT NOT NULL DEFAULT 'reported' CHECK (kind IN ('reported', 'documented', 'estimated', 'conceded')),
    as_of        TEXT NOT NULL
) STRICT;
CREATE INDEX figure_compare ON figure (incident_id, metric, origin_id, as_of);
CREATE INDEX figure_claim ON figure (claim_id);

-- Every step of every claim's verification, append-only. The first row of a claim
-- (from_status NULL) records its creation, and its hash covers the claim's content.
CREATE TABLE status_change (
    id           INTEGER PRIMARY KEY,
    claim_id     INTEGER NOT NULL REFERENCES claim (id),
    from_status  TEXT CHECK (from_status IN (
                     'unverified', 'in_progress', 'verified', 'false', 'misleading',
                     'disputed', 'unverifiable', 'retracted')),
    to_status    TEXT NOT NULL CHECK (to_status IN (
                     'unverified', 'in_progress', 'verified', 'false', 'misleading',
                     'disputed', 'unverifiable', 'retracted')),
    who          TEXT NOT NULL CHECK (length(trim(who)) > 0),
    at           TEXT NOT NULL,
    note         TEXT,
    -- SHA-256(previous row's hash, this row's canonical content): see src/model/chain.rs
    hash         TEXT NOT NULL CHECK (length(hash) = 64)
) STRICT;
CREATE INDEX status_change_claim ON status_change (claim_id, id);

-- What a verdict rests on, append-only.
CREATE TABLE evidence (
    id                INTEGER PRIMARY KEY,
    claim_id          INTEGER NOT NULL REFERENCES claim (id),
    status_change_id  INTEGER REFERENCES status_change (id),
    url               TEXT NOT NULL CHECK (length(trim(url)) > 0),
    stance            TEXT NOT NULL CHECK (stance IN ('supports', 'contradicts', 'context')),
    note              TEXT,
    who               TEXT NOT NULL CHECK (length(trim(who)) > 0),
    at                TEXT NOT NULL,
    hash              TEXT NOT NULL CHECK (length(hash) = 64)  -- chained like status_change
) STRICT;
CREATE INDEX evidence_claim ON evidence (claim_id, id);

-- The history is never edited or deleted, whoever opens the file.
CREATE TRIGGER status_change_no_update BEFORE UPDATE ON status_change
BEGIN SELECT RAISE(ABORT, 'status history is append-only: its rows cannot be changed'); END;
CREATE TRIGGER status_change_no_delete BEFORE DELETE ON status_change
BEGIN SELECT RAISE(ABORT, 'status history is append-only: its rows cannot be deleted'); END;
CREATE TRIGGER evidence_no_update BEFORE UPDATE ON evidence
BEGIN SELECT RAISE(ABORT, 'evidence is append-only: its rows cannot be changed'); END;
CREATE TRIGGER evidence_no_delete BEFORE DELETE ON evidence
BEGIN SELECT RAISE(ABORT, 'evidence is append-only: its rows cannot be deleted'); END;

-- A history row starts from the claim's current status (or, the first, from nothing),
-- and the claim's status follows it; the status column moves in no other way.
CREATE TRIGGER status_change_starts_from_current BEFORE INSERT ON status_change
WHEN (NEW.from_status IS NULL AND EXISTS (SELECT 1 FROM status_change WHERE claim_id = NEW.claim_id))
  OR (NEW.from_status IS NOT NULL AND NEW.from_status IS NOT (SELECT status FROM claim WHERE id = NEW.claim_id))
BEGIN SELECT RAISE(ABORT, 'status change does not start from the claim''s current status'); END;
CREATE TRIGGER status_change_moves_claim AFTER INSERT ON status_change
BEGIN UPDATE claim SET status = NEW.to_status WHERE id = NEW.claim_id; END;
CREATE TRIGGER claim_status_follows_history BEFORE UPDATE OF status ON claim
WHEN NEW.status IS NOT (SELECT to_status FROM status_change WHERE claim_id = NEW.id ORDER BY id DESC LIMIT 1)
BEGIN SELECT RAISE(ABORT, 'a claim''s status changes only through its status history'); END;

-- Claims and their figures are the record of what was said: never deleted, and their
-- content never rewritten (merging sources re-points source_id, via_id and origin_id).
CREATE TRIGGER claim_no_delete BEFORE DELETE ON claim
BEGIN SELECT RAISE(ABORT, 'claims cannot be deleted; retract or judge them instead'); END;
CREATE TRIGGER claim_content_fixed BEFORE UPDATE OF article_id, incident_id, text, quote, quote_start,
    quote_end, translation, as_of, created_at, created_by ON claim
BEGIN SELECT RAISE(ABORT, 'a claim''s content cannot be changed; record a new claim instead'); END;
CREATE TRIGGER figure_no_delete BEFORE DELETE ON figure
BEGIN SELECT RAISE(ABORT, 'figures cannot be deleted'); END;
CREATE TRIGGER figure_content_fixed BEFORE UPDATE OF claim_id, incident_id, metric, qualifier, strict,
    value, value_high, low, high, kind, as_of ON figure
BEGIN SELECT RAISE(ABORT, 'a figure cannot be changed; record a new claim instead'); END;
CREATE TRIGGER figure_matches_claim BEFORE INSERT ON figure
WHEN NEW.incident_id IS NOT (SELECT incident_id FROM claim WHERE id = NEW.claim_id)
  OR NEW.origin_id IS NOT (SELECT source_id FROM claim WHERE id = NEW.claim_id)
  OR NEW.as_of IS NOT (SELECT as_of FROM claim WHERE id = NEW.claim_id)
BEGIN SELECT RAISE(ABORT, 'a figure must repeat its claim''s incident, source and as_of'); END;

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
