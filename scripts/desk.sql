-- Sets up a desk on a PostgreSQL server: one login role per fact-checker, a writer group,
-- and a read-only role for reporting. Run it as a superuser (or a role with CREATEROLE
-- and CREATEDB), once, with psql:
--
--   psql -v ON_ERROR_STOP=1 -d postgres -f scripts/desk.sql
--
-- then, as the ledger's owner, create the schema:
--
--   crosscheck --db postgresql://crosscheck_admin@HOST/desk init
--   psql -d desk -c 'SELECT crosscheck_desk_grants()'   -- once init has made the tables
--
-- Fact-checkers then work with `--db postgresql://m_haddad@HOST/desk` (a password in
-- PGPASSWORD or ~/.pgpass, never on the command line), and the history names the role
-- that wrote each row. Change the example names and passwords before you run it.

-- The owner of the ledger: runs init, import, copy and migrations. Only it may write
-- history rows that name someone else (a copied ledger's).
CREATE ROLE crosscheck_admin LOGIN PASSWORD 'change-me-admin';

-- Those who record claims, move them through verification and attach evidence.
CREATE ROLE crosscheck_writer NOLOGIN;
-- Those who only read: compare, conflicts, report, lint, export, verify.
CREATE ROLE crosscheck_reader NOLOGIN;
GRANT crosscheck_reader TO crosscheck_writer;

-- One login role per fact-checker (examples).
CREATE ROLE m_haddad LOGIN PASSWORD 'change-me-1' IN ROLE crosscheck_writer;
CREATE ROLE j_devries LOGIN PASSWORD 'change-me-2' IN ROLE crosscheck_writer;
-- The reporting account: reads everything, writes nothing.
CREATE ROLE desk_reports LOGIN PASSWORD 'change-me-3' IN ROLE crosscheck_reader;

CREATE DATABASE desk OWNER crosscheck_admin;

\connect desk

-- Nobody but the owner creates objects in the ledger's schema.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO crosscheck_reader;
GRANT CONNECT ON DATABASE desk TO crosscheck_reader;

-- The grants, as a function the owner runs after `crosscheck init` (and after each
-- migration): tables made later are covered too.
CREATE FUNCTION crosscheck_desk_grants() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    GRANT SELECT ON ALL TABLES IN SCHEMA public TO crosscheck_reader;
    -- Writers add rows everywhere; they update only sources (edit, merge), claims (merge
    -- re-points them; triggers keep their content fixed), figures (merge) and aliases;
    -- they delete only a merged source. History and evidence refuse UPDATE and DELETE in
    -- their triggers whoever asks.
    GRANT INSERT ON source, source_alias, article, incident, claim, figure, status_change,
        evidence TO crosscheck_writer;
    GRANT UPDATE ON source, source_alias, claim, figure TO crosscheck_writer;
    GRANT DELETE ON source TO crosscheck_writer;
    GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO crosscheck_writer;
    -- Moving a claim locks its row (SELECT ... FOR NO KEY UPDATE), which the UPDATE
    -- grant on claim covers; extending a hash chain takes an advisory lock, which needs
    -- no grant.
END
$$;
ALTER FUNCTION crosscheck_desk_grants() OWNER TO crosscheck_admin;
