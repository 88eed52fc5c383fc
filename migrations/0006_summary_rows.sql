-- Schema version 6: the summary's figure rows carry what `conflicts` and `compare` show
-- of each figure, so that they read the summary alone and not, row by row, the figure,
-- its claim and its article (four B-tree lookups a row: `conflicts` on a ledger of
-- 1,000,000 claims with few conflicts read 1,400 pages for 150 rows). The copies are
-- the figure's own (never changed once written), its claim's status and relay (changed
-- by a status change and by a merge of sources, which rewrite the incident's rows in
-- the same transaction) and its article's slug (never changed). Derived data, as in
-- version 5: the table is made anew here and the program fills it after this migration
-- in the same transaction; `verify` checks every column against a recomputation.

DROP TABLE summary_figure;

-- One row per origin with a figure in play: the claim whose figure counts, the origin's
-- column in the incident's comparison (by its first claim there), and that figure as
-- the comparison shows it.
CREATE TABLE summary_figure (
    incident_id  INTEGER NOT NULL,
    metric       TEXT NOT NULL,
    origin_id    INTEGER NOT NULL,
    claim_id     INTEGER NOT NULL,
    origin_rank  INTEGER NOT NULL,
    qualifier    TEXT NOT NULL,
    strict       INTEGER NOT NULL,
    value        INTEGER NOT NULL,
    value_high   INTEGER,
    kind         TEXT NOT NULL,
    as_of        TEXT NOT NULL,
    status       TEXT NOT NULL,
    via_id       INTEGER,
    article      TEXT NOT NULL,
    PRIMARY KEY (incident_id, metric, origin_id)
) STRICT, WITHOUT ROWID;
