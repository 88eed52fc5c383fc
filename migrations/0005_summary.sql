-- Schema version 5: the comparison kept current by every write. Derived data: each
-- origin's latest figure in play per (incident, metric) and each (incident, metric)'s
-- conflict and inconsistency at the default tolerance, as src/model/compare.rs decides
-- them. The program rewrites an incident's rows in the transaction of every write that
-- can change them (src/store/rules/summary.rs) and fills the tables after this
-- migration; `verify` checks them against a full recomputation. No foreign keys: a
-- merged source is deleted in the same transaction that rewrites its rows.

-- One row per origin with a figure in play: the claim whose figure counts, and the
-- origin's column in the incident's comparison (by its first claim there).
CREATE TABLE summary_figure (
    incident_id  INTEGER NOT NULL,
    metric       TEXT NOT NULL,
    origin_id    INTEGER NOT NULL,
    claim_id     INTEGER NOT NULL,
    origin_rank  INTEGER NOT NULL,
    PRIMARY KEY (incident_id, metric, origin_id)
) STRICT, WITHOUT ROWID;

-- One row per (incident, metric) with a figure in play.
CREATE TABLE summary_metric (
    incident_id   INTEGER NOT NULL,
    metric        TEXT NOT NULL,
    conflict      INTEGER NOT NULL CHECK (conflict IN (0, 1)),
    resolved      INTEGER NOT NULL CHECK (resolved IN (0, 1)),
    inconsistent  INTEGER NOT NULL CHECK (inconsistent IN (0, 1)),
    spread        INTEGER,
    PRIMARY KEY (incident_id, metric)
) STRICT, WITHOUT ROWID;

-- What `conflicts` reads: only the rows with a finding.
CREATE INDEX summary_findings ON summary_metric (incident_id, metric)
    WHERE conflict = 1 OR inconsistent = 1;
