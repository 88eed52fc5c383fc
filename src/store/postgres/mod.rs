//! The PostgreSQL backend: the same ledger on a desk's shared server, with the schema of
//! `schema.postgres.sql`, the same triggers, the same hash chain and the same answers as
//! the SQLite file. What differs is who may write at once: SQLite queues writers on one
//! file lock, here writers run side by side and lock what they touch (the claim row they
//! move, the head of a hash chain while they extend it), so that two fact-checkers on two
//! claims do not wait for each other, and two on one claim do not both win. It gives the
//! ledger's rules (`rules.rs`) their primitives; its SQL is theirs, with `?N` placeholders
//! written `$N` when a statement is sent.

mod connection;
mod copy;
mod errors;
mod trace;

pub use connection::{is_postgres_url, redact};

use connection::{connect_client, parse_target, password_from_environment, scrub, Target};
use copy::Bulk;
use errors::{describe, explain, refused, sql_state};
use trace::Trace;

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};
use postgres::error::SqlState;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{IsNull, ToSql, Type};
use postgres::{Client, Row as PgRow, Statement};

use super::error::ErrorKind;
use super::primitives::{
    commit_or_roll_back, run_migrations, Chain, Dialect, EachRow, Primitives, ReadStreams, Row,
    Search, Stream, Table, Value,
};
use super::sqlite::busy_timeout;
use super::tls;
use super::{BackendKind, OpenMode, Opened, StoreError};
use crate::model::Status;

/// The schema version this build writes on PostgreSQL (`crosscheck_schema.version`).
pub const PG_SCHEMA_VERSION: i64 = 6;

/// The version `schema.postgres.sql` makes; a new ledger is brought on from there by the
/// migrations after it.
const PG_SCHEMA_BASE_VERSION: i64 = 2;

/// The current PostgreSQL schema, from `schema.postgres.sql`.
pub const PG_SCHEMA_SQL: &str = include_str!("../../../schema.postgres.sql");

/// Migrations from each released version to the next, in order: (version reached, SQL).
/// Never edit one that has been released; add a new one (as migrations/postgres/NNNN.sql).
const MIGRATIONS: &[(i64, &str)] = &[
    (
        2,
        include_str!("../../../migrations/postgres/0002_search.sql"),
    ),
    (
        3,
        include_str!("../../../migrations/postgres/0003_record.sql"),
    ),
    (
        4,
        include_str!("../../../migrations/postgres/0004_publication.sql"),
    ),
    (
        5,
        include_str!("../../../migrations/postgres/0005_summary.sql"),
    ),
    (
        6,
        include_str!("../../../migrations/postgres/0006_summary_rows.sql"),
    ),
];

/// The tables whose ids come from a sequence, which a load of rows with their own ids
/// moves past them at its end.
pub(super) const IDENTITY_TABLES: [&str; 10] = [
    "source",
    "article",
    "incident",
    "claim",
    "figure",
    "status_change",
    "evidence",
    "record",
    "correction",
    "erasure",
];

/// The PostgreSQL backend.
pub(super) struct Postgres {
    client: Client,
    /// The address as it may be shown.
    shown: String,
    /// `current_user`: who the history names.
    role: String,
    /// Statements by their text as the rules write it: how often each ran unprepared,
    /// or its preparation on this connection (see [`Postgres::plan`]).
    statements: HashMap<String, Prepared>,
    /// Rows of an import on their way to COPY.
    bulk: Option<Bulk>,
    /// Whether the bulk load under way set the row triggers aside (see copy.rs).
    triggers_aside: bool,
    /// The phases of the bulk load under way, when CROSSCHECK_TRACE_IMPORT=1.
    trace: Option<Trace>,
    /// How long a statement waits for another transaction's lock (`lock_timeout`).
    lock_wait: Duration,
}

/// How many times a statement runs unprepared before it is prepared (see
/// [`Postgres::plan`]).
const UNPREPARED_RUNS: u32 = 2;

/// A statement's state on one connection.
enum Prepared {
    /// Run unprepared this many times so far.
    No(u32),
    /// Prepared.
    Yes(Statement),
}

impl Postgres {
    pub(super) fn open(url: &str, mode: OpenMode) -> Result<(Postgres, Opened)> {
        let lock_wait = busy_timeout()?;
        let shown = redact(url);
        let mut target = parse_target(url)?;
        if target.config.get_password().is_none() {
            if let Some(p) = password_from_environment(&target.config) {
                target.config.password(p.as_str());
            }
        }
        Postgres::connect(target, &shown, mode, lock_wait).map_err(scrub)
    }

    fn connect(
        target: Target,
        shown: &str,
        mode: OpenMode,
        lock_wait: Duration,
    ) -> Result<(Postgres, Opened)> {
        let client = connect_client(&target)?.map_err(|e| {
            if let Some((problem, hint)) = tls::refusal(&e, target.root_cert.as_deref()) {
                return StoreError::with_kind(
                    ErrorKind::Environment,
                    format!(
                        "cannot connect to the PostgreSQL ledger at {shown}: {problem}; {hint}"
                    ),
                );
            }
            let (problem, hint, kind) = refusal_to_connect(&e, &target.config);
            StoreError::with_kind(
                kind,
                format!("cannot connect to the PostgreSQL ledger at {shown}: {problem}; {hint}"),
            )
        })?;
        let mut db = Postgres {
            client,
            shown: shown.to_string(),
            role: String::new(),
            statements: HashMap::new(),
            bulk: None,
            triggers_aside: false,
            trace: None,
            lock_wait,
        };
        // Who is acting and whether the database holds a ledger, in one round trip
        // (unprepared: each statement of the start is sent once).
        let first = db
            .client
            .query_typed(
                "SELECT current_user::text, to_regclass('crosscheck_schema') IS NOT NULL",
                &[],
            )
            .context("cannot read the database role")?;
        let first = first.first().context("the server returned no role")?;
        db.role = first.get(0);
        let opened = db.prepare_schema(mode, first.get(1))?;
        Ok((db, opened))
    }

    /// The role the server records as `who`.
    pub(super) fn role(&self) -> &str {
        &self.role
    }

    fn prepare_schema(&mut self, mode: OpenMode, has_ledger: bool) -> Result<Opened> {
        let path = PathBuf::from(&self.shown);
        if !has_ledger {
            let others: Vec<String> = self
                .client
                .query(
                    "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1 LIMIT 4",
                    &[],
                )
                .context("cannot read the database")?
                .iter()
                .map(|r| r.get(0))
                .collect();
            if !others.is_empty() {
                // `init` is refused here too: point at a database of its own.
                let mut named = others
                    .iter()
                    .take(3)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ");
                if others.len() > 3 {
                    named.push_str(", ...");
                }
                return Err(StoreError::with_kind(ErrorKind::Environment, format!(
                    "{} is not a crosscheck database: it holds other tables ({named}) and no ledger; give the ledger a database of its own (createdb NAME) and run init with --db naming that one",
                    self.shown
                )));
            }
            if mode != OpenMode::Create {
                return Err(StoreError::Missing(path).into());
            }
            self.client
                .batch_execute("BEGIN")
                .context("cannot start a transaction")?;
            let made = self
                .client
                .batch_execute(PG_SCHEMA_SQL)
                .context("cannot create the schema")
                .and_then(|()| self.run_migrations_from(PG_SCHEMA_BASE_VERSION));
            return commit_or_roll_back(self, made).map(|()| Opened::Created);
        }
        let version: i64 = match self
            .client
            .query_typed("SELECT version FROM crosscheck_schema", &[])
        {
            Ok(rows) => rows
                .first()
                .context("the ledger's schema table is empty")?
                .get(0),
            Err(e) if e.code() == Some(&SqlState::INSUFFICIENT_PRIVILEGE) => {
                return Err(StoreError::with_kind(ErrorKind::PermissionDenied, format!(
                    "the database role '{}' may not read the ledger at {} ({}); ask the ledger's owner to add it to the desk (`crosscheck desk add {}`)",
                    self.role, self.shown, describe(&e), self.role
                )));
            }
            Err(e) => return Err(anyhow::Error::new(e).context("cannot read the schema version")),
        };
        if version > PG_SCHEMA_VERSION {
            // Said the same way to every role: the desk's machines update crosscheck.
            return Err(StoreError::with_kind(ErrorKind::Environment, format!(
                "{}: this ledger is version {version}; update crosscheck: this one knows versions up to {PG_SCHEMA_VERSION} and leaves a newer ledger alone (upgrade crosscheck on every machine of the desk)",
                self.shown
            )));
        }
        if version == PG_SCHEMA_VERSION {
            return Ok(Opened::Existing);
        }
        // A shared ledger is brought forward by its owner, on purpose, once: never by a
        // writer's or reader's command that happens to come first.
        if mode != OpenMode::Migrate {
            return Err(StoreError::with_kind(ErrorKind::Environment, format!(
                "{}: this ledger is version {version} and this crosscheck works on version {PG_SCHEMA_VERSION}; nothing was changed: the ledger's owner brings it forward with `crosscheck migrate`",
                self.shown
            )));
        }
        let owner: Option<String> = self
            .client
            .query_one(
                "SELECT CASE WHEN pg_has_role(current_user, c.relowner, 'USAGE') THEN NULL
                             ELSE pg_get_userbyid(c.relowner)::text END
                 FROM pg_class c WHERE c.oid = 'crosscheck_schema'::regclass",
                &[],
            )
            .context("cannot read who owns the ledger")?
            .get(0);
        if let Some(owner) = owner {
            return Err(StoreError::with_kind(ErrorKind::PermissionDenied, format!(
                "only the ledger's owner brings it forward, and the database role '{}' is not '{owner}'; nothing was changed: connect as {owner} to run `crosscheck migrate`",
                self.role
            )));
        }
        let found = self.migrate()?;
        Ok(if found == PG_SCHEMA_VERSION {
            Opened::Existing
        } else {
            Opened::Migrated(found)
        })
    }

    fn run_migrations_from(&mut self, found: i64) -> Result<()> {
        run_migrations(MIGRATIONS, found, PG_SCHEMA_VERSION, |sql| {
            Ok(self.client.batch_execute(sql)?)
        })?;
        self.client
            .execute(
                "UPDATE crosscheck_schema SET version = $1",
                &[&PG_SCHEMA_VERSION],
            )
            .context("cannot record the schema version")?;
        Ok(())
    }

    /// Brings the schema forward under the schema table's lock and returns the version it
    /// found. When that is older, the transaction is left open: the rules add the entries
    /// that vouch for what the migration found, then commit (`Rules::complete_migration`).
    fn migrate(&mut self) -> Result<i64> {
        self.client
            .batch_execute(&format!(
                "BEGIN; SET LOCAL lock_timeout = '{}ms'; LOCK TABLE crosscheck_schema IN ACCESS EXCLUSIVE MODE",
                lock_timeout_ms(self.lock_wait)
            ))
            .context("cannot start the migration")?;
        let result = (|| {
            // Another process may have brought it forward while this one waited.
            let found: i64 = self
                .client
                .query_one("SELECT version FROM crosscheck_schema", &[])?
                .get(0);
            if found < PG_SCHEMA_VERSION {
                self.run_migrations_from(found)?;
            }
            Ok(found)
        })();
        match result {
            Ok(found) if found == PG_SCHEMA_VERSION => {
                commit_or_roll_back(self, Ok(())).map(|()| found)
            }
            Ok(found) => Ok(found),
            Err(err) => {
                let _ = self.rollback();
                Err(err)
            }
        }
    }

    /// How to run `sql` this time. A statement prepared on the server costs a round trip
    /// to prepare and one to run, where one sent with its values costs one in all; a
    /// command runs most of its statements once or twice, over a connection it opened
    /// for itself, and on a desk's server each round trip is a wait behind dozens of
    /// other fact-checkers' processes. So a statement goes unprepared until its third
    /// run, and is prepared then: a loop (an import's rows, a rebuild of the summary)
    /// pays one preparation and runs on a cached plan from there on.
    fn plan(&mut self, sql: &str) -> Result<Option<Statement>> {
        let prepared = match self.statements.get_mut(sql) {
            Some(Prepared::Yes(s)) => return Ok(Some(s.clone())),
            Some(Prepared::No(runs)) if *runs < UNPREPARED_RUNS => {
                *runs += 1;
                return Ok(None);
            }
            Some(Prepared::No(_)) => self.client.prepare(&dollar_placeholders(sql))?,
            None => {
                self.statements.insert(sql.to_string(), Prepared::No(1));
                return Ok(None);
            }
        };
        self.statements
            .insert(sql.to_string(), Prepared::Yes(prepared.clone()));
        Ok(Some(prepared))
    }

    /// After rows were written with their own ids, the id generators continue after them.
    fn settle_identities(&mut self) -> Result<()> {
        self.flush()?;
        let settle: Vec<String> = IDENTITY_TABLES
            .iter()
            .map(|t| {
                format!(
                    "SELECT setval(pg_get_serial_sequence('{t}', 'id'), max(id)) FROM {t} HAVING max(id) IS NOT NULL;"
                )
            })
            .collect();
        self.client.batch_execute(&settle.join("\n"))?;
        Ok(())
    }
}

impl Primitives for Postgres {
    const DIALECT: Dialect = Dialect {
        lock_row: " FOR NO KEY UPDATE",
        search: Search::Tsvector,
        next_change_id: "SELECT nextval(pg_get_serial_sequence('status_change', 'id'))",
        next_evidence_id: "SELECT nextval(pg_get_serial_sequence('evidence', 'id'))",
        write_together: true,
    };

    fn kind(&self) -> BackendKind {
        BackendKind::Postgres
    }

    fn execute(&mut self, sql: &str, params: &[Value<'_>]) -> Result<u64> {
        // Rows waiting for COPY go first: what follows may read or refer to them.
        self.flush()?;
        match self.plan(sql)? {
            Some(stmt) => {
                let params: Vec<&(dyn ToSql + Sync)> =
                    params.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
                Ok(self.client.execute(&stmt, &params)?)
            }
            None => {
                let params: Vec<(Unprepared<'_, '_>, Type)> = params
                    .iter()
                    .map(|v| (Unprepared(v), Type::UNKNOWN))
                    .collect();
                let params: Vec<(&(dyn ToSql + Sync), Type)> = params
                    .iter()
                    .map(|(v, t)| (v as &(dyn ToSql + Sync), t.clone()))
                    .collect();
                Ok(self
                    .client
                    .execute_typed(&dollar_placeholders(sql), &params)?)
            }
        }
    }

    fn query(&mut self, sql: &str, params: &[Value<'_>], each: &mut EachRow<'_>) -> Result<()> {
        self.flush()?;
        // Rows are read as the server sends them, not gathered first.
        let mut rows = match self.plan(sql)? {
            Some(stmt) => self.client.query_raw(&stmt, params.iter())?,
            None => self.client.query_typed_raw(
                &dollar_placeholders(sql),
                params.iter().map(|v| (Unprepared(v), Type::UNKNOWN)),
            )?,
        };
        while let Some(row) = rows.next()? {
            each(&row)?;
        }
        Ok(())
    }

    fn streams(&mut self, queries: &[&str], read: &mut ReadStreams<'_>) -> Result<()> {
        self.flush()?;
        let mut cursors = Vec::with_capacity(queries.len());
        for (i, sql) in queries.iter().enumerate() {
            cursors.push(Cursor::open(
                &mut self.client,
                format!("cc_stream_{i}"),
                sql,
            )?);
        }
        let client = RefCell::new(&mut self.client);
        let mut streams: Vec<Box<dyn Stream + '_>> = cursors
            .into_iter()
            .map(|cursor| {
                Box::new(CursorStream {
                    client: &client,
                    cursor,
                    current: None,
                }) as Box<dyn Stream + '_>
            })
            .collect();
        read(&mut streams)?;
        drop(streams);
        let names: Vec<String> = (0..queries.len())
            .map(|i| format!("CLOSE cc_stream_{i}"))
            .collect();
        client.borrow_mut().batch_execute(&names.join("; "))?;
        Ok(())
    }

    /// Reads under a lock that other writers of the chain wait for until this
    /// transaction ends (readers go on). An advisory lock, as LOCK TABLE would need an
    /// UPDATE grant that writers do not have; the primary key on the id is the second
    /// line of defence.
    fn lock_chain(&mut self, chain: Chain) -> Result<()> {
        let lock = match chain {
            Chain::Changes => "SELECT pg_advisory_xact_lock(7146285951090001)",
            Chain::Evidence => "SELECT pg_advisory_xact_lock(7146285951090002)",
            Chain::Ledger => "SELECT pg_advisory_xact_lock(7146285951090003)",
        };
        self.flush()?;
        self.client.batch_execute(lock)?;
        Ok(())
    }

    fn try_lock_chain(&mut self, chain: Chain) -> Result<bool> {
        let key: i64 = match chain {
            Chain::Changes => 7146285951090001,
            Chain::Evidence => 7146285951090002,
            Chain::Ledger => 7146285951090003,
        };
        self.flush()?;
        // Sent with its value, unprepared: one round trip (see `Postgres::plan`).
        let rows = self.client.query_typed(
            "SELECT pg_try_advisory_xact_lock($1)",
            &[(&key, Type::INT8)],
        )?;
        Ok(rows.first().is_some_and(|r| r.get(0)))
    }

    fn bulk_insert(&mut self, table: &'static Table, row: &[Value<'_>]) -> Result<()> {
        self.buffer(table, row)
    }

    fn insert_derived(&mut self, table: &'static Table, row: &[Value<'_>]) -> Result<()> {
        self.buffer(table, row)
    }

    fn begin_bulk_load(&mut self) -> Result<()> {
        self.begin(true)?;
        self.start_trace()?;
        self.set_triggers_aside()?;
        self.trace_phase("begin, triggers set aside");
        Ok(())
    }

    fn bulk_load_keeps_triggers(&self) -> bool {
        !self.triggers_aside
    }

    fn bulk_statuses(&mut self, moved: &mut dyn Iterator<Item = (i64, Status)>) -> Result<()> {
        self.set_statuses(moved)
    }

    fn end_bulk_load(&mut self) -> Result<()> {
        self.put_triggers_back()?;
        self.trace_phase("triggers back on");
        self.analyze_load()?;
        self.trace_phase("ANALYZE of the loaded tables");
        Ok(())
    }

    fn trace_phase(&mut self, name: &str) {
        if let Some(trace) = self.trace.as_mut() {
            trace.phase(name);
        }
    }

    fn begin(&mut self, write: bool) -> Result<()> {
        // A read sees one snapshot from its first statement on; a write works on the
        // latest committed rows and locks what it changes (see insert_status_change and
        // chain_head), so that writers on different claims run side by side.
        let begin = if write {
            "BEGIN ISOLATION LEVEL READ COMMITTED"
        } else {
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
        };
        // A lock held elsewhere (a psql session, a suspended laptop's transaction) ends
        // the wait after the busy timeout, as on SQLite. SET LOCAL, so that it lasts
        // this transaction only and holds behind a transaction-pooling proxy too. No
        // statement_timeout: it would cut a long import, copy or verify.
        self.client
            .batch_execute(&format!(
                "{begin}; SET LOCAL lock_timeout = '{}ms'",
                lock_timeout_ms(self.lock_wait)
            ))
            .context("cannot start a transaction")
    }

    fn commit(&mut self) -> Result<()> {
        self.trace_phase("record walk, import checks");
        if self.bulk.is_some() {
            self.settle_identities()
                .map_err(refused)
                .context("cannot finish the import")?;
            self.bulk = None;
            self.trace_phase("last rows, identities");
        }
        self.client
            .batch_execute("COMMIT")
            .context("cannot commit the transaction; nothing was written")?;
        self.trace_phase("commit");
        self.trace = None;
        Ok(())
    }

    fn rollback(&mut self) -> Result<()> {
        self.bulk = None;
        self.trace = None;
        // Set aside inside the transaction: the rollback puts them back.
        self.triggers_aside = false;
        self.client
            .batch_execute("ROLLBACK")
            .context("cannot roll back")
    }

    fn backup(&mut self, _target: &Path) -> Result<()> {
        Err(StoreError::refused(format!(
            "backup writes an SQLite file and {} is a PostgreSQL ledger: back the server up with its own tools (pg_dump, replication), or take an SQLite copy with `crosscheck copy --from URL --to FILE.db`",
            self.shown
        )))
    }

    fn explain(&self, err: anyhow::Error) -> anyhow::Error {
        explain(err, &self.role, self.lock_wait)
    }

    fn constraint_refusal(&self, err: &anyhow::Error) -> Option<String> {
        let is_constraint = sql_state(err).is_some_and(|c| c.code().starts_with("23"));
        is_constraint.then(|| {
            err.chain()
                .find_map(|e| e.downcast_ref::<postgres::Error>())
                .map_or_else(|| err.to_string(), describe)
        })
    }

    fn acting_role(&self) -> Option<&str> {
        Some(self.role())
    }

    fn is_transient(&self, err: &anyhow::Error) -> bool {
        sql_state(err).is_some_and(|c| {
            c == SqlState::T_R_SERIALIZATION_FAILURE || c == SqlState::T_R_DEADLOCK_DETECTED
        })
    }

    fn integrity_problems(&mut self) -> Result<Vec<String>> {
        // The server enforces foreign keys and checks at every write and keeps its own
        // pages whole; what can still be off is a constraint added NOT VALID, or a
        // trigger someone disabled.
        self.flush()?;
        let mut problems: Vec<String> = self
            .client
            .query(
                "SELECT conrelid::regclass::text || ': constraint ' || conname || ' is not validated'
                 FROM pg_constraint
                 WHERE NOT convalidated AND connamespace = current_schema()::regnamespace
                 ORDER BY 1",
                &[],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        problems.extend(
            self.client
                .query(
                    "SELECT t.tgrelid::regclass::text || ': trigger ' || t.tgname || ' is disabled'
                 FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                 WHERE NOT t.tgisinternal AND t.tgenabled = 'D'
                   AND c.relnamespace = current_schema()::regnamespace
                 ORDER BY 1",
                    &[],
                )?
                .iter()
                .map(|r| r.get::<_, String>(0)),
        );
        Ok(problems)
    }
}

/// A server-side cursor read a batch at a time, inside the open transaction.
struct Cursor {
    name: String,
    rows: VecDeque<PgRow>,
    done: bool,
}

impl Cursor {
    const BATCH: usize = 2000;

    fn open(client: &mut Client, name: String, sql: &str) -> Result<Cursor> {
        client.batch_execute(&format!("DECLARE {name} NO SCROLL CURSOR FOR {sql}"))?;
        Ok(Cursor {
            name,
            rows: VecDeque::new(),
            done: false,
        })
    }

    fn fill(&mut self, client: &mut Client) -> Result<()> {
        if self.rows.is_empty() && !self.done {
            let rows = client.query(&format!("FETCH {} FROM {}", Cursor::BATCH, self.name), &[])?;
            if rows.len() < Cursor::BATCH {
                self.done = true;
            }
            self.rows.extend(rows);
        }
        Ok(())
    }

    fn next(&mut self, client: &mut Client) -> Result<Option<PgRow>> {
        self.fill(client)?;
        Ok(self.rows.pop_front())
    }
}

/// One cursor of [`Primitives::streams`], sharing the connection with the others.
struct CursorStream<'c, 'a> {
    client: &'c RefCell<&'a mut Client>,
    cursor: Cursor,
    current: Option<PgRow>,
}

impl Stream for CursorStream<'_, '_> {
    fn next_row(&mut self) -> Result<Option<&dyn Row>> {
        let mut client = self.client.borrow_mut();
        self.current = self.cursor.next(&mut client)?;
        Ok(self.current.as_ref().map(|r| r as &dyn Row))
    }
}

/// Why the server could not be reached or refused the login, the hint that goes with
/// it, and whose the mistake is: a role, password or database named wrong is the user's
/// (exit 2), a server that cannot be reached is the environment's (1).
fn refusal_to_connect(
    e: &postgres::Error,
    config: &postgres::Config,
) -> (String, String, ErrorKind) {
    let user = config.get_user().unwrap_or_default();
    let code = e.as_db_error().map(|d| d.code().clone());
    if let Some(c) = code {
        if c == SqlState::INVALID_PASSWORD || c == SqlState::INVALID_AUTHORIZATION_SPECIFICATION {
            return (
                describe(e),
                "check the user and password (in the address, PGPASSWORD or ~/.pgpass)".to_string(),
                ErrorKind::PermissionDenied,
            );
        }
        if c == SqlState::INVALID_CATALOG_NAME {
            return (
                describe(e),
                "check the database name in the address (`psql -l` lists the server's databases), or create it with createdb and run `crosscheck init`".to_string(),
                ErrorKind::NotFound,
            );
        }
        if c == SqlState::INSUFFICIENT_PRIVILEGE {
            return (
                describe(e),
                format!("ask the server's administrator to let the role '{user}' connect to this database (GRANT CONNECT)"),
                ErrorKind::PermissionDenied,
            );
        }
    }
    let text = describe(e);
    if text.contains("password missing") {
        return (
            format!("the server asks the role '{user}' for a password and none was given"),
            "put it in ~/.pgpass (chmod 600) or PGPASSWORD; avoid writing it in the address, where the shell's history keeps it".to_string(),
            ErrorKind::PermissionDenied,
        );
    }
    let refused = std::iter::successors(std::error::Error::source(e), |s| s.source()).any(|s| {
        s.downcast_ref::<std::io::Error>().is_some_and(|io| {
            matches!(
                io.kind(),
                std::io::ErrorKind::ConnectionRefused | std::io::ErrorKind::NotFound
            )
        })
    });
    if refused {
        return (
            format!("nothing answers at {}", server_address(config)),
            "check that the server runs (pg_isready tells) and that the host and port are right"
                .to_string(),
            ErrorKind::Environment,
        );
    }
    (
        text,
        "check that the server runs and the address is right".to_string(),
        ErrorKind::Environment,
    )
}

/// Where the connection went, as `host:port` or the socket's folder and port.
fn server_address(config: &postgres::Config) -> String {
    let port = config.get_ports().first().copied().unwrap_or(5432);
    match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => format!("{h}:{port}"),
        Some(postgres::config::Host::Unix(dir)) => {
            format!("the socket {}/.s.PGSQL.{port}", dir.display())
        }
        None => format!("port {port}"),
    }
}

/// The wait in whole milliseconds, at least one: PostgreSQL reads 0 as "no limit", where
/// SQLite's 0 means "do not wait".
fn lock_timeout_ms(wait: Duration) -> u128 {
    wait.as_millis().max(1)
}

/// The statement with each `?N` written `$N`, as PostgreSQL numbers its parameters.
/// The ledger's SQL holds no `?` in a literal or an identifier.
fn dollar_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('$');
        } else {
            out.push(c);
        }
    }
    out
}

impl Row for PgRow {
    fn int(&self, column: usize) -> Result<Option<i64>> {
        // Every integer the ledger stores is BIGINT; a literal such as `SELECT 1` is
        // INTEGER.
        if *self.columns()[column].type_() == Type::INT4 {
            return Ok(self.try_get::<_, Option<i32>>(column)?.map(i64::from));
        }
        Ok(self.try_get(column)?)
    }

    fn text(&self, column: usize) -> Result<Option<String>> {
        Ok(self.try_get(column)?)
    }

    fn flag(&self, column: usize) -> Result<bool> {
        if *self.columns()[column].type_() == Type::BOOL {
            return Ok(self.try_get(column)?);
        }
        Ok(self.int(column)?.is_some_and(|i| i != 0))
    }
}

impl ToSql for Value<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match *self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) if *ty == Type::INT4 => i32::try_from(i)?.to_sql(ty, out),
            Value::Int(i) if *ty == Type::BOOL => (i != 0).to_sql(ty, out),
            Value::Int(i) => i.to_sql(ty, out),
            Value::Text(s) => s.to_sql(ty, out),
        }
    }

    // The server says what type each parameter has; a value goes to any of them and
    // `to_sql` converts (or fails with the server's type named).
    fn accepts(_ty: &Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

/// A parameter of a statement sent unprepared: its type is left for the server to
/// infer from the statement, as preparing it would, so the value goes as text, which
/// the server reads as a literal of whatever type it inferred (an integer, a boolean
/// from 0 or 1, text).
struct Unprepared<'v, 'a>(&'v Value<'a>);

impl std::fmt::Debug for Unprepared<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl ToSql for Unprepared<'_, '_> {
    fn to_sql(
        &self,
        _ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        use bytes::BufMut;
        match *self.0 {
            Value::Null => return Ok(IsNull::Yes),
            Value::Int(i) => out.put_slice(i.to_string().as_bytes()),
            Value::Text(s) => out.put_slice(s.as_bytes()),
        }
        Ok(IsNull::No)
    }

    fn accepts(_ty: &Type) -> bool {
        true
    }

    fn encode_format(&self, _ty: &Type) -> postgres::types::Format {
        postgres::types::Format::Text
    }

    postgres::types::to_sql_checked!();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_the_postgres_way() {
        assert_eq!(
            dollar_placeholders("SELECT a FROM t WHERE b = ?1 OR c = ?12"),
            "SELECT a FROM t WHERE b = $1 OR c = $12"
        );
    }

    #[test]
    fn the_schema_file_is_the_base_and_the_migrations_reach_the_version() {
        assert!(PG_SCHEMA_SQL.contains(&format!(
            "INSERT INTO crosscheck_schema (version) VALUES ({PG_SCHEMA_BASE_VERSION})"
        )));
        assert_eq!(MIGRATIONS.last().map(|m| m.0), Some(PG_SCHEMA_VERSION));
    }
}
