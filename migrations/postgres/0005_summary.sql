-- Schema version 5: the comparison kept current by every write, in PostgreSQL's words;
-- the same tables as migrations/0005_summary.sql (see there why and how they are kept).

CREATE TABLE summary_figure (
    incident_id  BIGINT NOT NULL,
    metric       TEXT NOT NULL,
    origin_id    BIGINT NOT NULL,
    claim_id     BIGINT NOT NULL,
    origin_rank  BIGINT NOT NULL,
    PRIMARY KEY (incident_id, metric, origin_id)
);

CREATE TABLE summary_metric (
    incident_id   BIGINT NOT NULL,
    metric        TEXT NOT NULL,
    conflict      BIGINT NOT NULL CHECK (conflict IN (0, 1)),
    resolved      BIGINT NOT NULL CHECK (resolved IN (0, 1)),
    inconsistent  BIGINT NOT NULL CHECK (inconsistent IN (0, 1)),
    spread        BIGINT,
    PRIMARY KEY (incident_id, metric)
);

CREATE INDEX summary_findings ON summary_metric (incident_id, metric)
    WHERE conflict = 1 OR inconsistent = 1;

-- Every write that changes a comparison rewrites its rows, so a desk's writers delete and
-- insert here; readers read it.
DO $$ BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'crosscheck_writer')
       AND has_table_privilege('crosscheck_writer', 'claim', 'INSERT') THEN
        GRANT SELECT ON summary_figure, summary_metric TO crosscheck_reader;
        GRANT INSERT, DELETE ON summary_figure, summary_metric TO crosscheck_writer;
    END IF;
END $$;
