-- Schema version 6: the summary's figure rows carry what `conflicts` and `compare` show
-- of each figure, so that they read the summary alone and not, row by row, the figure,
-- its claim and its article. The copies are the figure's own (never changed once
-- written), its claim's status and relay (changed by a status change and by a merge of
-- sources, which rewrite the incident's rows in the same transaction) and its article's
-- slug (never changed). Derived data, as in version 5: emptied here, filled by the
-- program after this migration in the same transaction; `verify` checks every column.
-- The table is altered, not made anew, so that a desk's grants on it stay; it is
-- truncated (in the migration's transaction, by the owner) rather than deleted from, so
-- that no dead rows are left for vacuum.

TRUNCATE summary_figure;

ALTER TABLE summary_figure
    ADD COLUMN qualifier   TEXT NOT NULL,
    ADD COLUMN strict      BIGINT NOT NULL,
    ADD COLUMN value       BIGINT NOT NULL,
    ADD COLUMN value_high  BIGINT,
    ADD COLUMN kind        TEXT NOT NULL,
    ADD COLUMN as_of       TEXT COLLATE "C" NOT NULL,
    ADD COLUMN status      TEXT NOT NULL,
    ADD COLUMN via_id      BIGINT,
    ADD COLUMN article     TEXT COLLATE "C" NOT NULL;
