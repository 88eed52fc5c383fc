-- Schema version 4: from capture to publication (corrections of claims, withdrawal,
-- four-eyes review, assignment, internal notes). Acknowledged findings and publications
-- are ledger entries in `record` (kinds 'acknowledgement' and 'publication') and need no
-- table of their own.

-- Two statuses for our own entry errors, both terminal and set only by `claim correct`
-- (superseded: replaced by its corrected version) and `claim withdraw` (withdrawn: it
-- should never have been recorded); and two kinds of entry in the record. SQLite cannot
-- alter a CHECK constraint, and the tables cannot be rebuilt inside the migration's
-- transaction (their rows are referenced and may not be deleted). Widening a CHECK that
-- every existing row already satisfies is the one change SQLite's documentation allows
-- through `writable_schema` (https://sqlite.org/lang_altertable.html, section 7): the
-- rows on disk do not change, only the text the constraint is read from. The program
-- checks after this migration that every list was widened.
PRAGMA writable_schema = ON;
UPDATE sqlite_master
SET sql = replace(sql, '''unverifiable'', ''retracted'')',
                  '''unverifiable'', ''retracted'', ''superseded'', ''withdrawn'')')
WHERE type = 'table' AND name IN ('claim', 'status_change');
UPDATE sqlite_master
SET sql = replace(sql, '''publication'', ''migration'', ''checkpoint'')',
                  '''publication'', ''migration'', ''checkpoint'', ''assignment'', ''review'')')
WHERE type = 'table' AND name = 'record';
PRAGMA writable_schema = RESET;

-- Every version of a claim shares one key, the first version's id (NULL on a first
-- version: its key is its own id), so that report anchors and ClaimReview URLs survive
-- a correction.
ALTER TABLE claim ADD COLUMN claim_key INTEGER REFERENCES claim (id);
CREATE INDEX claim_versions ON claim (claim_key) WHERE claim_key IS NOT NULL;
DROP TRIGGER claim_content_fixed;
CREATE TRIGGER claim_content_fixed BEFORE UPDATE OF article_id, incident_id, quote_start,
    quote_end, as_of, created_at, created_by, claim_key ON claim
BEGIN SELECT RAISE(ABORT, 'a claim''s content cannot be changed; correct it with `crosscheck claim correct`'); END;

-- A note for the desk only: kept in the ledger and `history`, left out of every published
-- report format.
ALTER TABLE status_change ADD COLUMN internal INTEGER NOT NULL DEFAULT 0 CHECK (internal IN (0, 1));
ALTER TABLE evidence ADD COLUMN internal INTEGER NOT NULL DEFAULT 0 CHECK (internal IN (0, 1));
DROP TRIGGER status_change_no_update;
CREATE TRIGGER status_change_no_update BEFORE UPDATE ON status_change
WHEN NEW.id IS NOT OLD.id OR NEW.claim_id IS NOT OLD.claim_id
  OR NEW.from_status IS NOT OLD.from_status OR NEW.to_status IS NOT OLD.to_status
  OR NEW.who IS NOT OLD.who OR NEW.at IS NOT OLD.at OR NEW.hash IS NOT OLD.hash
  OR NEW.version IS NOT OLD.version OR NEW.internal IS NOT OLD.internal
  OR (NEW.note IS NOT OLD.note AND NEW.note IS NOT (SELECT marker FROM erasure
      WHERE tbl = 'status_change' AND row_id = OLD.id AND field = 'note' ORDER BY id DESC LIMIT 1))
BEGIN SELECT RAISE(ABORT, 'status history is append-only: its rows cannot be changed'); END;
DROP TRIGGER evidence_no_update;
CREATE TRIGGER evidence_no_update BEFORE UPDATE ON evidence
WHEN NEW.id IS NOT OLD.id OR NEW.claim_id IS NOT OLD.claim_id
  OR NEW.status_change_id IS NOT OLD.status_change_id OR NEW.stance IS NOT OLD.stance
  OR NEW.who IS NOT OLD.who OR NEW.at IS NOT OLD.at OR NEW.hash IS NOT OLD.hash
  OR NEW.version IS NOT OLD.version OR NEW.internal IS NOT OLD.internal
  OR (NEW.note IS NOT OLD.note AND NEW.note IS NOT (SELECT marker FROM erasure
      WHERE tbl = 'evidence' AND row_id = OLD.id AND field = 'note' ORDER BY id DESC LIMIT 1))
  OR (NEW.url IS NOT OLD.url AND NEW.url IS NOT (SELECT marker FROM erasure
      WHERE tbl = 'evidence' AND row_id = OLD.id AND field = 'url' ORDER BY id DESC LIMIT 1))
BEGIN SELECT RAISE(ABORT, 'evidence is append-only: its rows cannot be changed'); END;

-- Who works a claim. Each assignment is a history row; the latest one stands (NULL
-- assignee: nobody).
CREATE TABLE assignment (
    id        INTEGER PRIMARY KEY,
    claim_id  INTEGER NOT NULL REFERENCES claim (id),
    assignee  TEXT CHECK (assignee IS NULL OR length(trim(assignee)) > 0),
    who       TEXT NOT NULL CHECK (length(trim(who)) > 0),
    at        TEXT NOT NULL
) STRICT;
CREATE INDEX assignment_claim ON assignment (claim_id, id);
CREATE INDEX assignment_assignee ON assignment (assignee);

-- A second person's review of a verdict (four eyes): approved, or rejected (the claim
-- goes back to in_progress by its own status change). Nobody reviews their own verdict.
CREATE TABLE review (
    id                INTEGER PRIMARY KEY,
    claim_id          INTEGER NOT NULL REFERENCES claim (id),
    status_change_id  INTEGER NOT NULL REFERENCES status_change (id),
    decision          TEXT NOT NULL CHECK (decision IN ('approved', 'rejected')),
    note              TEXT,
    who               TEXT NOT NULL CHECK (length(trim(who)) > 0),
    at                TEXT NOT NULL
) STRICT;
CREATE INDEX review_claim ON review (claim_id, id);
CREATE INDEX review_verdict ON review (status_change_id);
CREATE TRIGGER review_not_own BEFORE INSERT ON review
WHEN NEW.who = (SELECT who FROM status_change WHERE id = NEW.status_change_id)
BEGIN SELECT RAISE(ABORT, 'a verdict is reviewed by someone other than who set it'); END;

-- Ledger-wide settings (`crosscheck config set`), append-only: the latest row of a name
-- stands.
CREATE TABLE setting (
    id     INTEGER PRIMARY KEY,
    name   TEXT NOT NULL CHECK (name IN ('review')),
    value  TEXT NOT NULL,
    who    TEXT NOT NULL CHECK (length(trim(who)) > 0),
    at     TEXT NOT NULL
) STRICT;
CREATE INDEX setting_name ON setting (name, id);

CREATE TRIGGER assignment_no_update BEFORE UPDATE ON assignment
BEGIN SELECT RAISE(ABORT, 'assignments are append-only: assign the claim again'); END;
CREATE TRIGGER assignment_no_delete BEFORE DELETE ON assignment
BEGIN SELECT RAISE(ABORT, 'assignments are append-only: assign the claim again'); END;
CREATE TRIGGER review_no_update BEFORE UPDATE ON review
BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
CREATE TRIGGER review_no_delete BEFORE DELETE ON review
BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
CREATE TRIGGER setting_no_update BEFORE UPDATE ON setting
BEGIN SELECT RAISE(ABORT, 'settings are append-only: set the value again'); END;
CREATE TRIGGER setting_no_delete BEFORE DELETE ON setting
BEGIN SELECT RAISE(ABORT, 'settings are append-only: set the value again'); END;
