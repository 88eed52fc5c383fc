//! The SQLite backend: one file, opened with the same settings by every process, the
//! schema created from `schema.sql` and brought forward by the migrations. It gives the
//! ledger's rules (`rules.rs`) their primitives: statements prepared once per
//! connection, rows read in place, and a write transaction that is itself the lock on
//! the hash chains, since SQLite lets one writer in at a time.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context, Result};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::error::ErrorKind;
use super::primitives::{
    commit_or_roll_back, run_migrations, Chain, Dialect, EachRow, Primitives, ReadStreams, Row,
    Search, Stream, Table, Value,
};
use super::{BackendKind, OpenMode, Opened, StoreError, SCHEMA_SQL, SCHEMA_VERSION};

/// How long a writer waits for another process's transaction before giving up, unless
/// `CROSSCHECK_BUSY_TIMEOUT_MS` says otherwise. Long enough for a colleague's bulk import
/// of a few thousand claims; short enough that a stuck process is reported rather than
/// waited on for ever.
const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// How long a writer waits for a lock: SQLite's busy timeout, PostgreSQL's
/// `lock_timeout`. A value that is not a number of milliseconds is refused rather than
/// quietly replaced by the default, which would make a desk wait longer than it asked.
pub(super) fn busy_timeout() -> Result<Duration> {
    match std::env::var("CROSSCHECK_BUSY_TIMEOUT_MS") {
        Ok(ms) if !ms.trim().is_empty() => ms
            .trim()
            .parse::<u64>()
            .map(Duration::from_millis)
            .map_err(|_| {
                StoreError::refused(format!(
                    "CROSSCHECK_BUSY_TIMEOUT_MS={ms} is not a number of milliseconds; set it to how long a writer may wait for a lock (30000 is the default) or unset it"
                ))
            }),
        _ => Ok(DEFAULT_BUSY_TIMEOUT),
    }
}

/// Migrations from each released version to the next, in order: (version reached, SQL).
/// Never edit one that has been released; add a new one (as migrations/NNNN_what.sql).
const MIGRATIONS: &[(i64, &str)] = &[
    (2, include_str!("../../migrations/0002_search.sql")),
    (3, include_str!("../../migrations/0003_record.sql")),
    (4, include_str!("../../migrations/0004_publication.sql")),
    (5, include_str!("../../migrations/0005_summary.sql")),
    (6, include_str!("../../migrations/0006_summary_rows.sql")),
];

/// The version `schema.sql` makes; a new ledger is brought on from there by the
/// migrations after it, so that each change is written once.
const SCHEMA_BASE_VERSION: i64 = 2;

/// The search indexes (schema version 2), rebuilt in one pass after a bulk load.
const SEARCH_INDEXES: [&str; 4] = [
    "claim_search",
    "article_search",
    "status_change_search",
    "evidence_search",
];

/// The row triggers a bulk load into an empty ledger sets aside, inside its one
/// transaction (so a failed load puts them back with everything else), and makes again,
/// from their exact SQL, at its end. Each would run once per row; what stands in for
/// each while it is away:
///
/// - the search index's insert triggers (`*_search_insert`): the index is rebuilt in one
///   pass at the load's end, several times faster than row by row;
/// - `status_change_starts_from_current` (a history row starts from its claim's status,
///   a claim has one creation row): the replay follows each claim's status through its
///   history and refuses a step from any other status (`Replay::follow_workflow`), and a
///   second creation row finds its claim's digest already taken;
/// - `status_change_moves_claim` (the claim's status follows its history): the rules give
///   each claim the status its history ends in, once, at the load's end
///   (`Ledger::finish_import`), through `claim_status_follows_history`, which stays and
///   refuses any other; and the import's check (`claims_out_of_step`) compares every
///   claim with its history before anything commits;
/// - `figure_matches_claim` (a figure repeats its claim's incident, origin and as_of):
///   the rules write those three from the claim's row, never from the file, and the
///   record's walk compares every figure with its claim.
///
/// Foreign keys are set aside too (see [`Sqlite::begin_bulk_load`]); one
/// `foreign_key_check` over the whole load stands in for a lookup per reference per row.
const BULK_SET_ASIDE: [&str; 7] = [
    "claim_search_insert",
    "article_search_insert",
    "status_change_search_insert",
    "evidence_search_insert",
    "status_change_starts_from_current",
    "status_change_moves_claim",
    "figure_matches_claim",
];

/// A table's name as words: `status_change` as "status change", `source_alias` as
/// "alias".
fn words(table: &str) -> String {
    match table {
        "source_alias" => "alias".to_string(),
        other => other.replace('_', " "),
    }
}

/// The page cache (KiB) once a bulk load's rows are in, for reading them back.
const READ_BACK_CACHE_KIB: i64 = 16 * 1024;

/// The page cache (KiB) of a write transaction: see `prepare`.
const WRITE_CACHE_KIB: i64 = 64 * 1024;

/// The page cache (KiB) of a read transaction, a quarter of a write's. A command that
/// only reads walks its rows in index order or looks up a few, which the kernel's cache
/// serves as well; a full cache was most of its memory (`log` at 100,000 claims: 93 MB
/// with 64 MiB, 42 MB with 16 MiB, in the same time). SQLite's sorter (the time order of
/// `log`) keeps at most the cache's size in memory before it spills to a temporary
/// file. Below 16 MiB, `verify` and `export` got slower.
const READ_CACHE_KIB: i64 = 16 * 1024;

/// The page cache (KiB) of a read that looks up a few rows (`claim show`, `compare`,
/// `conflicts` from the summary) or walks every table once in order while another ledger
/// is written (`copy`'s source). Neither reads a page twice, so a page the cache keeps is
/// never used again, and each fresh one costs an allocation and a page fault, dearer than
/// reading it again from the kernel's cache: at 1,000,000 claims `conflicts` on a ledger
/// with few conflicts reads some 1,000 pages, in 9.0 ms with 16 MiB and 6.4 ms with
/// 512 KiB (and `conflicts` with 4,503 findings in 339 ms and 311 ms). `copy` with 16 MiB
/// here peaked at 100 MB at 100,000 claims, beside its target's 64 MiB.
const SMALL_READ_CACHE_KIB: i64 = 512;

/// What a bulk load in progress set aside.
struct BulkLoad {
    /// The triggers dropped, with their exact SQL, to be made again at the load's end.
    triggers: Vec<(String, String)>,
    /// Whether the rows have been checked and the triggers made again.
    ended: bool,
}

/// The SQLite backend.
pub(super) struct Sqlite {
    conn: Connection,
    path: PathBuf,
    /// Opened read-only because the file's folder or disk cannot be written.
    read_only: bool,
    /// How long a writer waits for another's lock.
    busy: Duration,
    /// During a bulk load: what it set aside (see [`BULK_SET_ASIDE`]).
    bulk: Option<BulkLoad>,
    /// Foreign keys are off for a bulk load's transaction, to be turned on again once it
    /// ends (the pragma cannot change inside a transaction).
    foreign_keys_paused: bool,
    /// Each bulk-loaded table's INSERT, made once rather than once per row.
    insert_sql: Vec<(&'static str, String)>,
}

/// Puts what the user can do first when SQLite reports a full disk or a read-only file.
pub(super) fn explain(err: anyhow::Error) -> anyhow::Error {
    match sqlite_code(&err) {
        Some(ErrorCode::DiskFull) => err.context(
            "the disk is full (or the database reached its size limit); nothing was written: free some space and run the command again",
        ),
        Some(ErrorCode::ReadOnly) => err.context(
            "the database is read-only here (a read-only file, folder or disk); nothing was written: use a writable copy (`crosscheck backup`) or fix the permissions",
        ),
        Some(ErrorCode::CannotOpen) => err.context(
            "the database file cannot be opened: check that its folder exists and is writable",
        ),
        _ => err,
    }
}

fn sqlite_code(err: &anyhow::Error) -> Option<ErrorCode> {
    err.chain()
        .find_map(|e| e.downcast_ref::<rusqlite::Error>())
        .and_then(|e| e.sqlite_error_code())
}

impl Sqlite {
    pub(super) fn open(path: &Path, mode: OpenMode) -> Result<(Sqlite, Opened)> {
        let busy = busy_timeout()?;
        let exists = path.exists();
        if !exists && mode != OpenMode::Create {
            return Err(StoreError::Missing(path.to_path_buf()).into());
        }
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if mode == OpenMode::Create {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let conn = Connection::open_with_flags(path, flags)
            .with_context(|| format!("cannot open database {}", path.display()))?;
        let mut db = Sqlite {
            conn,
            path: path.to_path_buf(),
            read_only: false,
            busy,
            bulk: None,
            foreign_keys_paused: false,
            insert_sql: Vec::new(),
        };
        let opened = match db.prepare(path, mode) {
            Ok(opened) => opened,
            // A ledger on a read-only mount, or in a folder this user cannot write: SQLite
            // cannot make the WAL's files beside it, so it opens nothing. Reading needs
            // none of that: open it read-only instead.
            Err(err)
                if mode == OpenMode::Existing
                    && matches!(
                        sqlite_code(&err),
                        Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly)
                    ) =>
            {
                return Sqlite::open_read_only(path, busy).map_err(|_| err);
            }
            Err(err) => {
                return Err(match sqlite_code(&err) {
                    Some(ErrorCode::NotADatabase) => {
                        StoreError::NotSqlite(path.to_path_buf()).into()
                    }
                    _ => err,
                })
            }
        };
        Ok((db, opened))
    }

    /// Opens an existing ledger for reading only. With no write-ahead log waiting beside
    /// it, the file is opened as immutable, which needs no lock files; with one, SQLite's
    /// read-only mode reads the log too.
    fn open_read_only(path: &Path, busy: Duration) -> Result<(Sqlite, Opened)> {
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        let pending = std::fs::metadata(PathBuf::from(wal)).is_ok_and(|m| m.len() > 0);
        let mut uri = String::from("file:");
        for c in path.to_string_lossy().chars() {
            match c {
                '?' | '#' | '%' => uri.push_str(&format!("%{:02X}", c as u32)),
                c => uri.push(c),
            }
        }
        uri.push_str(if pending { "?mode=ro" } else { "?immutable=1" });
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&uri, flags)
            .with_context(|| format!("cannot open database {} read-only", path.display()))?;
        let mut db = Sqlite {
            conn,
            path: path.to_path_buf(),
            read_only: true,
            busy,
            bulk: None,
            foreign_keys_paused: false,
            insert_sql: Vec::new(),
        };
        db.prepare(path, OpenMode::Existing)?;
        Ok((db, Opened::ReadOnly))
    }

    fn prepare(&mut self, path: &Path, mode: OpenMode) -> Result<Opened> {
        self.conn
            .busy_timeout(self.busy)
            .context("cannot set the busy timeout")?;
        // foreign_keys: the schema's REFERENCES are enforced only when asked, per connection.
        // synchronous=FULL: a committed claim survives a power cut, not just a crash;
        // every command commits once, so the cost is one fsync per command.
        // cache_size=-65536 (64 MiB, an upper bound, allocated only as pages are used):
        // SQLite's default 2 MiB makes a bulk import re-read and re-write its index pages
        // through the kernel; 64 MiB keeps them in memory and stays under the 100 MB
        // ceiling of a whole import.
        // soft_heap_limit=80 MiB (for the process): the sorter of a whole-ledger ORDER BY
        // (`log` sorts every history row by time) may take as much again as the cache
        // before it spills to disk; past the limit SQLite hands back clean cache pages
        // (`log --format json` at 1,000,000 claims: 139 MB peak without it, 117 MB with).
        self.conn
            .execute_batch(
                "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA cache_size = -65536;
                 PRAGMA soft_heap_limit = 83886080;",
            )
            .context("cannot configure the database connection")?;
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .context("cannot read the schema version")?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::Newer {
                path: path.to_path_buf(),
                found: version,
                known: SCHEMA_VERSION,
            }
            .into());
        }
        if version == SCHEMA_VERSION {
            return Ok(Opened::Existing);
        }
        if version == 0 {
            let tables: i64 = self
                .conn
                .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
                .context("cannot read the database")?;
            if tables > 0 || mode != OpenMode::Create {
                return Err(StoreError::NotLedger(path.to_path_buf()).into());
            }
            // WAL lets readers go on while a colleague writes; it is a property of the
            // file, so it is set once, when the file is made.
            self.conn
                .query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))
                .context("cannot switch the database to WAL")?;
            self.begin(true)?;
            let made = self
                .conn
                .execute_batch(SCHEMA_SQL)
                .context("cannot create the schema")
                .and_then(|()| {
                    run_migrations(MIGRATIONS, SCHEMA_BASE_VERSION, SCHEMA_VERSION, |sql| {
                        Ok(self.conn.execute_batch(sql)?)
                    })
                })
                .and_then(|()| self.check_widened())
                .and_then(|()| self.set_version(SCHEMA_VERSION));
            return commit_or_roll_back(self, made).map(|()| Opened::Created);
        }
        self.migrate(version)?;
        Ok(Opened::Migrated(version))
    }

    /// Starts a transaction with a page cache of `cache_kib`.
    fn begin_with(&mut self, write: bool, cache_kib: i64) -> Result<()> {
        if write && self.read_only {
            return Err(StoreError::with_kind(
                ErrorKind::Environment,
                format!(
                    "{} is read-only here (its folder or disk cannot be written); nothing was written: reading works, and writing needs a writable copy (`crosscheck backup COPY.db`) or a writable folder",
                    self.path.display()
                ),
            ));
        }
        // The page cache is sized for what the transaction does (see READ_CACHE_KIB),
        // in the same call as the BEGIN.
        let sql = format!(
            "PRAGMA cache_size = -{cache_kib}; BEGIN {}",
            if write { "IMMEDIATE" } else { "DEFERRED" }
        );
        self.conn.execute_batch(&sql).map_err(|err| {
            let busy = matches!(
                err.sqlite_error_code(),
                Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
            );
            let err = anyhow::Error::new(err);
            if busy {
                err.context(format!(
                    "the database stayed locked by another process for {:.1} s; try again when it has finished",
                    self.busy.as_secs_f64()
                ))
            } else {
                err.context("cannot start a transaction")
            }
        })
    }

    fn set_version(&self, version: i64) -> Result<()> {
        // PRAGMA takes no parameters; the value is our own integer constant.
        self.conn
            .execute_batch(&format!("PRAGMA user_version = {version}"))
            .context("cannot record the schema version")
    }

    /// Checks that version 4's widened CHECK lists (rewritten in the schema's text, see
    /// migrations/0004_publication.sql) took: a schema whose text differs from the one
    /// the migration expects would otherwise keep refusing the new statuses.
    fn check_widened(&self) -> Result<()> {
        for (table, word, times) in [
            ("claim", "'withdrawn'", 1),
            ("status_change", "'withdrawn'", 2),
            ("record", "'review'", 1),
        ] {
            let sql: String = self
                .conn
                .query_row(
                    "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1",
                    [table],
                    |r| r.get(0),
                )
                .with_context(|| format!("cannot read the schema of table {table}"))?;
            if sql.matches(word).count() != times {
                bail!(
                    "the migration to schema version 4 could not widen the CHECK constraints of table {table}: its schema is not one crosscheck made; nothing was changed"
                );
            }
        }
        Ok(())
    }

    /// Sets the row triggers of [`BULK_SET_ASIDE`] aside, at a bulk load's first row.
    fn set_triggers_aside(&mut self) -> Result<()> {
        let names = BULK_SET_ASIDE.map(|n| format!("'{n}'")).join(", ");
        let triggers = {
            let mut stmt = self.conn.prepare(&format!(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({names}) ORDER BY name"
            ))?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<Vec<(String, String)>>>()?
        };
        for (name, _) in &triggers {
            self.conn
                .execute_batch(&format!("DROP TRIGGER {name}"))
                .context("cannot prepare the ledger for the import")?;
        }
        self.bulk = Some(BulkLoad {
            triggers,
            ended: false,
        });
        Ok(())
    }

    /// Ends a bulk load: the references checked over the whole load, the search index
    /// rebuilt in one pass, the triggers made again as they were.
    fn finish_bulk_load(&mut self) -> Result<()> {
        let Some(bulk) = self.bulk.as_mut().filter(|b| !b.ended) else {
            return Ok(());
        };
        bulk.ended = true;
        let triggers = std::mem::take(&mut bulk.triggers);
        // The rows are in: what follows (the references, the search index, the import's
        // check of the whole record) reads them in order, which a large cache does not
        // speed up. Handing most of it back keeps a whole import under 100 MB, the
        // check's own state on top of the cache the load filled.
        self.conn
            .execute_batch(&format!("PRAGMA cache_size = -{READ_BACK_CACHE_KIB}"))
            .context("cannot size the page cache")?;
        if self.foreign_keys_paused {
            self.check_references()?;
        }
        for index in SEARCH_INDEXES {
            self.conn
                .execute_batch(&format!("INSERT INTO {index} ({index}) VALUES ('rebuild')"))
                .context("cannot build the search index")?;
        }
        for (_, sql) in &triggers {
            self.conn
                .execute_batch(sql)
                .context("cannot restore the ledger's triggers after the import")?;
        }
        Ok(())
    }

    /// What the foreign keys would have refused row by row, refused for the whole load:
    /// the first row that names a row the load does not hold.
    fn check_references(&mut self) -> Result<()> {
        let first = self
            .conn
            .query_row("PRAGMA foreign_key_check", [], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })
            .context("cannot check the imported rows' references")?;
        match first {
            None => Ok(()),
            Some((table, row, parent)) => {
                // Every table's rowid is its id but the aliases', keyed by name.
                let child = match (table.as_str(), row) {
                    ("source_alias", _) | (_, None) => format!("{} row", words(&table)),
                    (_, Some(id)) => format!("{} {id}", words(&table)),
                };
                let parent = words(&parent);
                let article = if parent.starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "an"
                } else {
                    "a"
                };
                Err(StoreError::refused(format!(
                    "{child} refers to {article} {parent} that the file does not hold"
                )))
            }
        }
    }

    /// Turns foreign keys on again after a bulk load's transaction ended.
    fn resume_foreign_keys(&mut self) -> Result<()> {
        self.bulk = None;
        if std::mem::take(&mut self.foreign_keys_paused) {
            self.conn
                .execute_batch("PRAGMA foreign_keys = ON")
                .context("cannot turn foreign keys on again")?;
        }
        Ok(())
    }

    /// Brings the schema forward in a write transaction that it leaves open: the rules
    /// add the entries that vouch for what the migration found, then commit
    /// (`Rules::complete_migration`).
    fn migrate(&mut self, from: i64) -> Result<()> {
        self.begin(true)?;
        let result = run_migrations(MIGRATIONS, from, SCHEMA_VERSION, |sql| {
            // A statement SQLite refuses to prepare comes back with the whole batch
            // quoted; its message alone is the news.
            self.conn.execute_batch(sql).map_err(|e| match e {
                rusqlite::Error::SqlInputError { msg, .. } => anyhow::anyhow!(msg),
                other => other.into(),
            })
        })
        .and_then(|()| self.check_widened())
        .and_then(|()| self.set_version(SCHEMA_VERSION));
        if result.is_err() {
            let _ = self.rollback();
        }
        result
    }
}

impl Primitives for Sqlite {
    const DIALECT: Dialect = Dialect {
        lock_row: "",
        search: Search::Fts5,
        next_change_id: "SELECT coalesce(max(id), 0) + 1 FROM status_change",
        next_evidence_id: "SELECT coalesce(max(id), 0) + 1 FROM evidence",
        write_together: false,
    };

    fn begin(&mut self, write: bool) -> Result<()> {
        self.begin_with(
            write,
            if write {
                WRITE_CACHE_KIB
            } else {
                READ_CACHE_KIB
            },
        )
    }

    fn begin_small(&mut self) -> Result<()> {
        self.begin_with(false, SMALL_READ_CACHE_KIB)
    }

    fn commit(&mut self) -> Result<()> {
        // A load whose end nobody asked for still ends checked and whole.
        self.finish_bulk_load()?;
        self.conn
            .execute_batch("COMMIT")
            .context("cannot commit the transaction; nothing was written")?;
        self.resume_foreign_keys()
    }

    fn rollback(&mut self) -> Result<()> {
        let rolled_back = self
            .conn
            .execute_batch("ROLLBACK")
            .context("cannot roll back");
        self.resume_foreign_keys()?;
        rolled_back
    }

    fn kind(&self) -> BackendKind {
        BackendKind::Sqlite
    }

    fn execute(&mut self, sql: &str, params: &[Value<'_>]) -> Result<u64> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        Ok(stmt.execute(rusqlite::params_from_iter(params))? as u64)
    }

    fn query(&mut self, sql: &str, params: &[Value<'_>], each: &mut EachRow<'_>) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
        while let Some(r) = rows.next()? {
            each(r)?;
        }
        Ok(())
    }

    fn streams(&mut self, queries: &[&str], read: &mut ReadStreams<'_>) -> Result<()> {
        // Statements outlive their rows: all are prepared before any is read.
        let mut statements = queries
            .iter()
            .map(|sql| self.conn.prepare(sql))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut streams: Vec<Box<dyn Stream + '_>> = Vec::with_capacity(statements.len());
        for stmt in &mut statements {
            streams.push(Box::new(SqliteStream(stmt.query([])?)));
        }
        read(&mut streams)
    }

    fn lock_chain(&mut self, _chain: Chain) -> Result<()> {
        // The write transaction (BEGIN IMMEDIATE) already keeps every other writer out.
        Ok(())
    }

    fn try_lock_chain(&mut self, _chain: Chain) -> Result<bool> {
        Ok(true)
    }

    fn bulk_insert(&mut self, table: &'static Table, row: &[Value<'_>]) -> Result<()> {
        if self.bulk.is_none() {
            self.set_triggers_aside()?;
        }
        let at = match self.insert_sql.iter().position(|(t, _)| *t == table.name) {
            Some(at) => at,
            None => {
                self.insert_sql.push((table.name, table.insert_sql()));
                self.insert_sql.len() - 1
            }
        };
        let mut stmt = self.conn.prepare_cached(&self.insert_sql[at].1)?;
        stmt.execute(rusqlite::params_from_iter(row))?;
        Ok(())
    }

    /// Turns foreign keys off for the load's transaction (the pragma is refused inside
    /// one), then begins it. One `foreign_key_check` at the load's end stands in for a
    /// lookup per reference per row; see [`BULK_SET_ASIDE`] for the triggers.
    fn begin_bulk_load(&mut self) -> Result<()> {
        self.conn
            .execute_batch("PRAGMA foreign_keys = OFF")
            .context("cannot prepare the ledger for the import")?;
        self.foreign_keys_paused = true;
        let begun = self.begin(true);
        if begun.is_err() {
            self.resume_foreign_keys()?;
        }
        begun
    }

    fn end_bulk_load(&mut self) -> Result<()> {
        self.finish_bulk_load()
    }

    fn constraint_refusal(&self, err: &anyhow::Error) -> Option<String> {
        let error = err
            .chain()
            .find_map(|e| e.downcast_ref::<rusqlite::Error>())?;
        (error.sqlite_error_code() == Some(ErrorCode::ConstraintViolation))
            .then(|| error.to_string())
    }

    fn explain(&self, err: anyhow::Error) -> anyhow::Error {
        explain(err)
    }

    fn files(&self) -> Vec<PathBuf> {
        ["", "-wal", "-shm"]
            .iter()
            .map(|suffix| {
                let mut name = self.path.clone().into_os_string();
                name.push(suffix);
                name.into()
            })
            .collect()
    }

    fn integrity_problems(&mut self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        for row in rows {
            let line = row?;
            if line != "ok" {
                problems.push(format!("integrity_check: {line}"));
            }
        }
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let rows = stmt.query_map([], |r| {
            Ok(format!(
                "foreign_key_check: {} row {} refers to a missing {}",
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?
                    .map_or("?".to_string(), |id| id.to_string()),
                r.get::<_, String>(2)?
            ))
        })?;
        for row in rows {
            problems.push(row?);
        }
        Ok(problems)
    }

    fn backup(&mut self, target: &Path) -> Result<()> {
        let name = target
            .file_name()
            .ok_or_else(|| anyhow::anyhow!("{} is not a file name", target.display()))?;
        let mut partial_name = name.to_os_string();
        partial_name.push(".partial");
        let partial = target.with_file_name(partial_name);
        let _ = std::fs::remove_file(&partial);
        let copied = (|| -> Result<()> {
            let mut copy = Connection::open(&partial)
                .with_context(|| format!("cannot create {}", partial.display()))?;
            {
                let backup = rusqlite::backup::Backup::new(&self.conn, &mut copy)
                    .context("cannot start the backup")?;
                // All pages in one step: the copy is one consistent snapshot. A writer
                // holding the lock makes the step busy; wait for it like any reader.
                let started = std::time::Instant::now();
                loop {
                    match backup.step(-1).context("the backup failed")? {
                        rusqlite::backup::StepResult::Done => break,
                        _ if started.elapsed() > self.busy => {
                            bail!(
                                "the database stayed locked for {} s; try the backup again",
                                self.busy.as_secs()
                            )
                        }
                        _ => std::thread::sleep(Duration::from_millis(20)),
                    }
                }
            }
            copy.query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))
                .context("cannot finish the backup file")?;
            Ok(())
        })();
        if let Err(err) = copied {
            let _ = std::fs::remove_file(&partial);
            return Err(err);
        }
        if target.exists() {
            let _ = std::fs::remove_file(&partial);
            bail!(
                "{} appeared while the backup was written; nothing was replaced",
                target.display()
            );
        }
        std::fs::rename(&partial, target)
            .with_context(|| format!("cannot move the backup into place at {}", target.display()))
    }
}

/// The rows of one statement, read as they come.
struct SqliteStream<'s>(rusqlite::Rows<'s>);

impl Stream for SqliteStream<'_> {
    fn next_row(&mut self) -> Result<Option<&dyn Row>> {
        Ok(self.0.next()?.map(|r| r as &dyn Row))
    }
}

impl Row for rusqlite::Row<'_> {
    fn int(&self, column: usize) -> Result<Option<i64>> {
        Ok(self.get(column)?)
    }

    fn text(&self, column: usize) -> Result<Option<String>> {
        Ok(self.get(column)?)
    }

    fn flag(&self, column: usize) -> Result<bool> {
        Ok(self.get(column)?)
    }
}

impl rusqlite::ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match *self {
            Value::Null => ValueRef::Null,
            Value::Int(i) => ValueRef::Integer(i),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
        }))
    }
}
