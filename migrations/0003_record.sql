-- Schema version 3: the record, version 2 (see src/model/record.rs and the README's
-- "The record"). Every write adds an entry to a hash chain in `record`: one chain per
-- claim, one for the ledger. The rows written before (version 1) keep their hashes; the
-- program adds, in this migration's transaction, the entries that vouch for what it found.

-- Rows hashed by version 1 (their two ledger-wide chains) or by version 2 (their claim's
-- chain, through their entry in `record`, whose hash they repeat).
ALTER TABLE status_change ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version IN (1, 2));
ALTER TABLE evidence ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version IN (1, 2));

-- The chains. `chain` is 0 for the ledger's, else a claim's id; `subject` the row the
-- entry vouches for, in the table its kind names; `data` what only the entry holds (JSON).
CREATE TABLE record (
    id       INTEGER PRIMARY KEY,
    chain    INTEGER NOT NULL CHECK (chain >= 0),
    seq      INTEGER NOT NULL CHECK (seq >= 1),
    kind     TEXT NOT NULL CHECK (kind IN ('claim', 'adopt', 'status', 'evidence', 'credit',
                 'correction', 'erasure', 'source', 'source_edit', 'alias', 'merge', 'article',
                 'article_edit', 'incident', 'incident_edit', 'setting', 'metric', 'acknowledgement',
                 'publication', 'migration', 'checkpoint')),
    subject  INTEGER,
    who      TEXT NOT NULL CHECK (length(trim(who)) > 0),
    at       TEXT NOT NULL,
    data     TEXT,
    hash     TEXT NOT NULL CHECK (length(hash) = 64),
    UNIQUE (chain, seq)
) STRICT;
CREATE INDEX record_subject ON record (kind, subject);

-- Which checkpoint sealed each claim entry: NULL until one does.
CREATE TABLE seal (
    claim_id    INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    checkpoint  INTEGER,
    PRIMARY KEY (claim_id, seq)
) STRICT;
CREATE INDEX seal_pending ON seal (claim_id) WHERE checkpoint IS NULL;
CREATE INDEX seal_checkpoint ON seal (checkpoint, claim_id, seq);

-- A note, an evidence URL or a stance put right by a new row; the row it corrects stays.
CREATE TABLE correction (
    id         INTEGER PRIMARY KEY,
    claim_id   INTEGER NOT NULL REFERENCES claim (id),
    target     TEXT NOT NULL CHECK (target IN ('status_change', 'evidence')),
    target_id  INTEGER NOT NULL,
    field      TEXT NOT NULL CHECK (field IN ('note', 'url', 'stance')),
    value      TEXT,
    why        TEXT NOT NULL CHECK (length(trim(why)) > 0),
    who        TEXT NOT NULL CHECK (length(trim(who)) > 0),
    at         TEXT NOT NULL
) STRICT;
CREATE INDEX correction_target ON correction (target, target_id, field, id);
CREATE INDEX correction_claim ON correction (claim_id);

-- A text erased where it was stored (replaced by `marker`), its digest kept, so that the
-- chains still verify. `pinned` is the hash of the version-1 row the text was part of.
CREATE TABLE erasure (
    id         INTEGER PRIMARY KEY,
    claim_id   INTEGER NOT NULL REFERENCES claim (id),
    tbl        TEXT NOT NULL CHECK (tbl IN ('claim', 'status_change', 'evidence', 'correction')),
    row_id     INTEGER NOT NULL,
    field      TEXT NOT NULL CHECK (field IN ('text', 'quote', 'translation', 'note', 'url', 'value', 'why')),
    digest     TEXT NOT NULL CHECK (length(digest) = 64),
    marker     TEXT NOT NULL,
    reason     TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    pinned     TEXT CHECK (pinned IS NULL OR length(pinned) = 64),
    who        TEXT NOT NULL CHECK (length(trim(who)) > 0),
    at         TEXT NOT NULL
) STRICT;
CREATE INDEX erasure_field ON erasure (tbl, row_id, field, id);
CREATE INDEX erasure_claim ON erasure (claim_id);

-- The record is never edited or deleted; a seal is only ever set, once.
CREATE TRIGGER record_no_update BEFORE UPDATE ON record
BEGIN SELECT RAISE(ABORT, 'the record is append-only: its entries cannot be changed'); END;
CREATE TRIGGER record_no_delete BEFORE DELETE ON record
BEGIN SELECT RAISE(ABORT, 'the record is append-only: its entries cannot be deleted'); END;
CREATE TRIGGER seal_once BEFORE UPDATE ON seal
WHEN OLD.checkpoint IS NOT NULL OR NEW.claim_id IS NOT OLD.claim_id OR NEW.seq IS NOT OLD.seq
BEGIN SELECT RAISE(ABORT, 'a sealed entry stays sealed'); END;
CREATE TRIGGER seal_no_delete BEFORE DELETE ON seal
BEGIN SELECT RAISE(ABORT, 'a sealed entry stays sealed'); END;
CREATE TRIGGER erasure_no_update BEFORE UPDATE ON erasure
BEGIN SELECT RAISE(ABORT, 'erasures are append-only'); END;
CREATE TRIGGER erasure_no_delete BEFORE DELETE ON erasure
BEGIN SELECT RAISE(ABORT, 'erasures are append-only'); END;
CREATE TRIGGER correction_no_delete BEFORE DELETE ON correction
BEGIN SELECT RAISE(ABORT, 'corrections are append-only'); END;

-- A text changes in one way only: its erasure, recorded first, names the marker that
-- takes its place.
CREATE TRIGGER correction_no_update BEFORE UPDATE ON correction
WHEN NEW.id IS NOT OLD.id OR NEW.claim_id IS NOT OLD.claim_id OR NEW.target IS NOT OLD.target
  OR NEW.target_id IS NOT OLD.target_id OR NEW.field IS NOT OLD.field OR NEW.who IS NOT OLD.who
  OR NEW.at IS NOT OLD.at
  OR (NEW.value IS NOT OLD.value AND NEW.value IS NOT (SELECT marker FROM erasure
      WHERE tbl = 'correction' AND row_id = OLD.id AND field = 'value' ORDER BY id DESC LIMIT 1))
  OR (NEW.why IS NOT OLD.why AND NEW.why IS NOT (SELECT marker FROM erasure
      WHERE tbl = 'correction' AND row_id = OLD.id AND field = 'why' ORDER BY id DESC LIMIT 1))
BEGIN SELECT RAISE(ABORT, 'corrections are append-only: a text is changed only by its recorded erasure'); END;

DROP TRIGGER status_change_no_update;
CREATE TRIGGER status_change_no_update BEFORE UPDATE ON status_change
WHEN NEW.id IS NOT OLD.id OR NEW.claim_id IS NOT OLD.claim_id
  OR NEW.from_status IS NOT OLD.from_status OR NEW.to_status IS NOT OLD.to_status
  OR NEW.who IS NOT OLD.who OR NEW.at IS NOT OLD.at OR NEW.hash IS NOT OLD.hash
  OR NEW.version IS NOT OLD.version
  OR (NEW.note IS NOT OLD.note AND NEW.note IS NOT (SELECT marker FROM erasure
      WHERE tbl = 'status_change' AND row_id = OLD.id AND field = 'note' ORDER BY id DESC LIMIT 1))
BEGIN SELECT RAISE(ABORT, 'status history is append-only: its rows cannot be changed'); END;

DROP TRIGGER evidence_no_update;
CREATE TRIGGER evidence_no_update BEFORE UPDATE ON evidence
WHEN NEW.id IS NOT OLD.id OR NEW.claim_id IS NOT OLD.claim_id
  OR NEW.status_change_id IS NOT OLD.status_change_id OR NEW.stance IS NOT OLD.stance
  OR NEW.who IS NOT OLD.who OR NEW.at IS NOT OLD.at OR NEW.hash IS NOT OLD.hash
  OR NEW.version IS NOT OLD.version
  OR (NEW.note IS NOT OLD.note AND NEW.note IS NOT (SELECT marker FROM erasure
      WHERE tbl = 'evidence' AND row_id = OLD.id AND field = 'note' ORDER BY id DESC LIMIT 1))
  OR (NEW.url IS NOT OLD.url AND NEW.url IS NOT (SELECT marker FROM erasure
      WHERE tbl = 'evidence' AND row_id = OLD.id AND field = 'url' ORDER BY id DESC LIMIT 1))
BEGIN SELECT RAISE(ABORT, 'evidence is append-only: its rows cannot be changed'); END;

DROP TRIGGER claim_content_fixed;
CREATE TRIGGER claim_content_fixed BEFORE UPDATE OF article_id, incident_id, quote_start,
    quote_end, as_of, created_at, created_by ON claim
BEGIN SELECT RAISE(ABORT, 'a claim''s content cannot be changed; record a new claim instead'); END;
CREATE TRIGGER claim_text_fixed BEFORE UPDATE OF text, quote, translation ON claim
WHEN (NEW.text IS NOT OLD.text AND NEW.text IS NOT (SELECT marker FROM erasure
      WHERE tbl = 'claim' AND row_id = OLD.id AND field = 'text' ORDER BY id DESC LIMIT 1))
  OR (NEW.quote IS NOT OLD.quote AND NEW.quote IS NOT (SELECT marker FROM erasure
      WHERE tbl = 'claim' AND row_id = OLD.id AND field = 'quote' ORDER BY id DESC LIMIT 1))
  OR (NEW.translation IS NOT OLD.translation AND NEW.translation IS NOT (SELECT marker FROM erasure
      WHERE tbl = 'claim' AND row_id = OLD.id AND field = 'translation' ORDER BY id DESC LIMIT 1))
BEGIN SELECT RAISE(ABORT, 'a claim''s content cannot be changed; record a new claim instead'); END;

-- An erased text leaves the search index with it.
CREATE TRIGGER claim_search_update AFTER UPDATE OF text, quote, translation ON claim
BEGIN
    INSERT INTO claim_search (claim_search, rowid, text, quote, translation)
    VALUES ('delete', OLD.id, OLD.text, OLD.quote, OLD.translation);
    INSERT INTO claim_search (rowid, text, quote, translation)
    VALUES (NEW.id, NEW.text, NEW.quote, NEW.translation);
END;
CREATE TRIGGER status_change_search_update AFTER UPDATE OF note ON status_change
BEGIN
    INSERT INTO status_change_search (status_change_search, rowid, note)
    SELECT 'delete', OLD.id, OLD.note WHERE OLD.note IS NOT NULL;
    INSERT INTO status_change_search (rowid, note) SELECT NEW.id, NEW.note WHERE NEW.note IS NOT NULL;
END;
CREATE TRIGGER evidence_search_update AFTER UPDATE OF note ON evidence
BEGIN
    INSERT INTO evidence_search (evidence_search, rowid, note)
    SELECT 'delete', OLD.id, OLD.note WHERE OLD.note IS NOT NULL;
    INSERT INTO evidence_search (rowid, note) SELECT NEW.id, NEW.note WHERE NEW.note IS NOT NULL;
END;
