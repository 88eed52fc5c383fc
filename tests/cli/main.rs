//! The integration suite: runs the real `crosscheck` binary against real databases.
//!
//! Every test gets its own [`TestEnv`]: a temporary folder, a ledger, and the binary run
//! with a pinned clock, user, colour and width, so that output is the same on every
//! machine. The ledger is an SQLite file in the folder, or, when CROSSCHECK_TEST_PG holds
//! the address of a PostgreSQL server (a superuser's, as `scripts/with-postgres` sets
//! it), a fresh database on that server, made for the test and dropped after it: the
//! whole suite runs on either backend, except the tests that declare in their own body,
//! with [`Backend::sqlite_only`], that they are about the SQLite file itself. The database
//! is inspected directly (rusqlite, or the postgres client), so that "stored", "nothing
//! written" and "refused by the database itself" are checked where they happen.

mod articles;
mod claims;
mod cli;
mod compare;
mod corrections;
mod dates;
mod demo;
mod desk;
mod desk_days;
mod docs;
mod errors;
mod escaping;
mod extract;
mod formats;
mod harness;
mod import_export;
mod incidents;
mod info;
mod limits;
mod lint;
mod log;
mod metrics;
mod migrate;
mod output;
mod postgres;
mod publish;
mod quotes;
mod reading;
mod readme;
mod record;
mod report;
mod report_browser;
mod review;
mod search;
mod snapshots;
mod sources;
mod status_many;
mod summary;
mod tls;
mod trust;
mod twin_listing;
mod twins;
mod versions;
mod who;
mod workflow;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};

use rusqlite::types::Value as SqlValue;
use rusqlite::Connection;

/// The pinned clock every test runs under.
pub const NOW: &str = "2022-02-05T12:00:00Z";

/// What one run of the binary produced.
#[derive(Debug)]
pub struct Out {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

/// The role the tests act as on PostgreSQL: the same name as CROSSCHECK_USER, so that
/// the history reads the same on both backends.
pub const PG_ROLE: &str = "tester";

/// The PostgreSQL server's superuser address, when the suite runs on PostgreSQL.
pub fn pg_admin_url() -> Option<String> {
    std::env::var("CROSSCHECK_TEST_PG")
        .ok()
        .filter(|u| !u.trim().is_empty())
}

/// Whether the suite runs on PostgreSQL.
pub fn on_postgres() -> bool {
    pg_admin_url().is_some()
}

/// Where a test's ledgers live. Every test runs on the suite's backend unless its own
/// body says otherwise with [`Backend::sqlite_only`], so that the declaration travels
/// with the test through any rename.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The backend the suite runs on: SQLite, or PostgreSQL under CROSSCHECK_TEST_PG.
    Suite,
    /// An SQLite file, whatever the suite runs on.
    Sqlite,
}

impl Backend {
    /// Declares, in the test's own body, that the test is about the SQLite file itself
    /// (its lock, its pragmas, its bytes, its schema's history): its ledgers are SQLite
    /// files even when the suite runs on PostgreSQL. `reason` says why and names the test
    /// that checks the same on a server as `see postgres::NAME` (a harness test checks
    /// that the named test exists); on PostgreSQL it is printed, so a run shows what
    /// stayed on SQLite.
    #[must_use = "make the test's ledgers with it: TestEnv::new_on, seeded_on, …"]
    pub fn sqlite_only(reason: &str) -> Backend {
        if on_postgres() {
            let thread = std::thread::current();
            let name = thread.name().unwrap_or("a test");
            eprintln!("{name}: runs on SQLite even on PostgreSQL: {reason}");
        }
        Backend::Sqlite
    }
}

/// On PostgreSQL, prints why a test does not apply there and returns true; the test
/// then returns. Keep the reasons few and real: SQLite files, pragmas, disks.
pub fn skip_on_postgres(reason: &str) -> bool {
    if on_postgres() {
        eprintln!("skipped on PostgreSQL: {reason}");
        return true;
    }
    false
}

/// `url` with its user part replaced by `user` and its database by `database`; the
/// host and parameters (a socket folder, sslmode) kept.
pub fn pg_url_for(url: &str, user: &str, database: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("a postgres:// address");
    let (authority_path, query) = match rest.split_once('?') {
        Some((a, q)) => (a, Some(q)),
        None => (rest, None),
    };
    let (authority, _) = authority_path
        .split_once('/')
        .unwrap_or((authority_path, ""));
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let mut out = format!("{scheme}://{user}@{host}/{database}");
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// A superuser connection to `database` on the test server.
pub fn pg_admin(database: &str) -> ::postgres::Client {
    let admin = pg_admin_url().expect("CROSSCHECK_TEST_PG");
    let user = admin
        .split_once("://")
        .and_then(|(_, r)| r.split_once('@'))
        .map_or("postgres", |(u, _)| {
            u.split(':').next().unwrap_or("postgres")
        })
        .to_string();
    let url = pg_url_for(&admin, &user, database);
    ::postgres::Client::connect(&url, ::postgres::NoTls)
        .unwrap_or_else(|e| panic!("cannot connect to the test server ({database}): {e}"))
}

/// Creates a role on the test server unless it exists (tests run in parallel).
pub fn pg_ensure_role(name: &str, options: &str) {
    let mut admin = pg_admin("postgres");
    let exists = admin
        .query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&name])
        .expect("look up role")
        .is_some();
    if !exists {
        if let Err(e) = admin.batch_execute(&format!("CREATE ROLE \"{name}\" {options}")) {
            let duplicate = e.code().is_some_and(|c| {
                *c == ::postgres::error::SqlState::DUPLICATE_OBJECT
                    || *c == ::postgres::error::SqlState::UNIQUE_VIOLATION
            });
            assert!(duplicate, "cannot create role {name}: {e}");
        }
    }
}

/// A database made for one test, dropped when the test ends.
pub struct PgDatabase {
    /// Its name.
    pub name: String,
}

impl PgDatabase {
    /// A new empty database on the test server, owned by `owner`.
    pub fn create(owner: &str) -> PgDatabase {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!(
            "cc_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            nanos
        );
        pg_admin("postgres")
            .batch_execute(&format!("CREATE DATABASE {name} OWNER \"{owner}\""))
            .unwrap_or_else(|e| panic!("cannot create database {name}: {e}"));
        PgDatabase { name }
    }

    /// Its address for `user`.
    pub fn url(&self, user: &str) -> String {
        pg_url_for(
            &pg_admin_url().expect("CROSSCHECK_TEST_PG"),
            user,
            &self.name,
        )
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        if let Err(e) = pg_admin("postgres").batch_execute(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        )) {
            eprintln!("could not drop test database {}: {e}", self.name);
        }
    }
}

/// A temporary folder with a ledger (an SQLite path or a PostgreSQL database), and the
/// binary run against it.
pub struct TestEnv {
    dir: tempfile::TempDir,
    /// The ledger: a file path, or on PostgreSQL the database's address.
    pub db: PathBuf,
    pg: Option<PgDatabase>,
}

impl Default for TestEnv {
    /// A folder with an empty ledger, as [`TestEnv::new`].
    fn default() -> TestEnv {
        TestEnv::new()
    }
}

impl TestEnv {
    /// A folder with no ledger in it yet (on PostgreSQL: an empty database).
    pub fn empty() -> TestEnv {
        TestEnv::empty_on(Backend::Suite)
    }

    /// A folder with no ledger in it yet, on `backend`.
    pub fn empty_on(backend: Backend) -> TestEnv {
        let dir = tempfile::Builder::new()
            .prefix("crosscheck-test-")
            .tempdir()
            .expect("temporary folder");
        if on_postgres() && backend == Backend::Suite {
            pg_ensure_role(PG_ROLE, "LOGIN");
            let pg = PgDatabase::create(PG_ROLE);
            let db = PathBuf::from(pg.url(PG_ROLE));
            return TestEnv {
                dir,
                db,
                pg: Some(pg),
            };
        }
        let db = dir.path().join("ledger.db");
        TestEnv { dir, db, pg: None }
    }

    /// A folder with no ledger, on SQLite whatever the suite runs on: for what only a
    /// file has (its bytes, a backup, a full disk) and for copies between backends.
    pub fn empty_sqlite() -> TestEnv {
        TestEnv::empty_on(Backend::Sqlite)
    }

    /// The PostgreSQL database of this test, if it runs on PostgreSQL.
    pub fn pg(&self) -> Option<&PgDatabase> {
        self.pg.as_ref()
    }

    /// How error messages name this ledger: the file name, or the database's name.
    pub fn ledger_name(&self) -> String {
        match &self.pg {
            Some(pg) => pg.name.clone(),
            None => "ledger.db".to_string(),
        }
    }

    /// A folder with an empty ledger made by `crosscheck init`.
    pub fn new() -> TestEnv {
        TestEnv::new_on(Backend::Suite)
    }

    /// A folder with an empty ledger made by `crosscheck init`, on `backend`.
    pub fn new_on(backend: Backend) -> TestEnv {
        let env = TestEnv::empty_on(backend);
        env.ok(&["init"]);
        env
    }

    /// The temporary folder.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file into the temporary folder and returns its path.
    pub fn file(&self, name: &str, contents: &[u8]) -> PathBuf {
        let path = self.dir().join(name);
        std::fs::write(&path, contents).expect("write fixture");
        path
    }

    /// The binary with the environment pinned. Callers may adjust it before running.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_crosscheck"));
        cmd.args(args)
            .current_dir(self.dir())
            .env("CROSSCHECK_DB", &self.db)
            .env("CROSSCHECK_NOW", NOW)
            .env("CROSSCHECK_USER", "tester")
            .env("NO_COLOR", "1")
            .env("COLUMNS", "200")
            .env("TMPDIR", self.dir())
            .env_remove("TERM")
            .stdin(Stdio::null());
        cmd
    }

    /// Runs a prepared command, feeding `stdin` when given.
    pub fn run_command(mut cmd: Command, stdin: Option<&[u8]>) -> Out {
        if stdin.is_some() {
            cmd.stdin(Stdio::piped());
        }
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("run crosscheck");
        if let Some(bytes) = stdin {
            let mut pipe = child.stdin.take().expect("stdin pipe");
            pipe.write_all(bytes).expect("write stdin");
        }
        let output = child.wait_with_output().expect("wait for crosscheck");
        Out {
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
            code: output
                .status
                .code()
                .expect("exited, not killed by a signal"),
        }
    }

    /// Runs the binary with `args`.
    pub fn run(&self, args: &[&str]) -> Out {
        TestEnv::run_command(self.command(args), None)
    }

    /// Runs the binary with `args` and `stdin` on standard input.
    pub fn run_stdin(&self, args: &[&str], stdin: &[u8]) -> Out {
        TestEnv::run_command(self.command(args), Some(stdin))
    }

    /// Runs the binary, asserts exit 0 and no panic; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_success(args, &out);
        out.stdout
    }

    /// Runs the binary, asserts exit `code` and exactly one line on stderr, starting with
    /// `crosscheck: `; returns that line.
    pub fn fail(&self, args: &[&str], code: i32) -> String {
        let out = self.run(args);
        assert_failure(args, &out, code)
    }

    /// Runs the binary with `--format json` added; asserts exit 0; parses stdout.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--format", "json"]);
        let stdout = self.ok(&all);
        serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("{all:?} printed invalid JSON ({e}):\n{stdout}"))
    }

    /// Runs the binary with `--format csv` added; asserts exit 0; parses stdout into a
    /// header and records.
    pub fn csv(&self, args: &[&str]) -> (Vec<String>, Vec<Vec<String>>) {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--format", "csv"]);
        let stdout = self.ok(&all);
        parse_csv(&stdout)
    }

    /// A connection to the SQLite ledger, read-write, foreign keys on, as a colleague's
    /// `sqlite3` shell would open it. SQLite only: on PostgreSQL use [`TestEnv::sql_exec`]
    /// and the other `sql_` helpers, or declare the test SQLite-only in its body.
    pub fn conn(&self) -> Connection {
        assert!(
            self.pg.is_none(),
            "TestEnv::conn() opens the SQLite file, but this test's ledger is on PostgreSQL: use sql_exec/sql_one, or make its ledgers with Backend::sqlite_only(reason)"
        );
        let conn = Connection::open(&self.db).expect("open the ledger with rusqlite");
        conn.execute_batch("PRAGMA foreign_keys = ON;")
            .expect("foreign keys on");
        conn
    }

    /// A superuser's connection to the PostgreSQL ledger, as a colleague's `psql` would
    /// open it.
    pub fn pg_conn(&self) -> ::postgres::Client {
        let pg = self.pg.as_ref().expect("this test runs on SQLite");
        pg_admin(&pg.name)
    }

    /// Runs raw SQL on the ledger, on either backend, as a colleague's `sqlite3` or
    /// `psql` would; the database's own error message on failure.
    pub fn sql_exec(&self, sql: &str) -> Result<(), String> {
        match &self.pg {
            Some(_) => self
                .pg_conn()
                .batch_execute(sql)
                .map_err(|e| pg_error_text(&e)),
            None => self.conn().execute_batch(sql).map_err(|e| e.to_string()),
        }
    }

    /// The number of rows in `table`.
    pub fn sql_count(&self, table: &str) -> i64 {
        self.sql_one(&format!("SELECT count(*) FROM {table}"))
            .parse()
            .unwrap_or_else(|e| panic!("count {table}: {e}"))
    }

    /// One value of a query, as a string (NULL as "NULL").
    pub fn sql_one(&self, sql: &str) -> String {
        if self.pg.is_some() {
            let rows = self.sql_rows(sql);
            let first = rows
                .first()
                .unwrap_or_else(|| panic!("{sql}: no row"))
                .clone();
            return first.split('|').next().unwrap_or_default().to_string();
        }
        self.conn()
            .query_row(sql, [], |r| r.get::<_, SqlValue>(0))
            .map(|v| value_text(&v))
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// Every row of a query, each row's columns joined by `|`. On PostgreSQL,
    /// `PRAGMA user_version` reads the schema version table instead.
    pub fn sql_rows(&self, sql: &str) -> Vec<String> {
        if self.pg.is_some() {
            let sql = if sql.trim() == "PRAGMA user_version" {
                "SELECT version FROM crosscheck_schema"
            } else {
                sql
            };
            let rows = self
                .pg_conn()
                .query(sql, &[])
                .unwrap_or_else(|e| panic!("{sql}: {}", pg_error_text(&e)));
            // The search index's generated `words` column (tsvector) is derived from the
            // row and has no SQLite twin: rows read the same on both backends without it.
            return rows
                .iter()
                .map(|r| {
                    (0..r.len())
                        .filter(|&i| r.columns()[i].type_() != &::postgres::types::Type::TS_VECTOR)
                        .map(|i| pg_value_text(r, i))
                        .collect::<Vec<_>>()
                        .join("|")
                })
                .collect();
        }
        let conn = self.conn();
        let mut stmt = conn.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let mut cols = Vec::with_capacity(n);
                for i in 0..n {
                    cols.push(value_text(&r.get::<_, SqlValue>(i)?));
                }
                Ok(cols.join("|"))
            })
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        rows.collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// The whole database as text: schema version, then every row of every table, in
    /// order. Equal snapshots before and after a command prove it wrote nothing.
    pub fn snapshot(&self) -> String {
        if self.pg.is_some() {
            let has_ledger =
                self.sql_one("SELECT to_regclass('crosscheck_schema') IS NOT NULL") == "1";
            let mut text = if has_ledger {
                format!("schema_version={}\n", self.sql_one("PRAGMA user_version"))
            } else {
                "<no ledger>\n".to_string()
            };
            let tables = self.sql_rows(
                "SELECT table_name::text FROM information_schema.tables
                 WHERE table_schema = 'public' ORDER BY 1",
            );
            for table in tables {
                text.push_str(&format!("== {table}\n"));
                // The name comes back quoted, as every text value does. Rows whose first
                // column ties (the summary's, by incident) are ordered by the whole row:
                // a heap keeps no order that a snapshot may rely on.
                for row in self.sql_rows(&format!("SELECT * FROM {table} t ORDER BY 1, t::text")) {
                    text.push_str(&row);
                    text.push('\n');
                }
            }
            return text;
        }
        if !self.db.exists() {
            return "<no database file>".to_string();
        }
        let mut text = format!("user_version={}\n", self.sql_one("PRAGMA user_version"));
        // The search index (claim_search and its FTS5 shadow tables, …) is derived from
        // the rows; its pages differ with how it was built. tests/cli/search.rs checks
        // what it finds.
        let tables = self.sql_rows(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             AND name NOT LIKE '%search%' ORDER BY name",
        );
        for table in tables {
            text.push_str(&format!("== {table}\n"));
            for row in self.sql_rows(&format!("SELECT * FROM {table} ORDER BY 1")) {
                text.push_str(&row);
                text.push('\n');
            }
        }
        text
    }
}

/// The server's message for an error, or the client's.
pub fn pg_error_text(e: &::postgres::Error) -> String {
    e.as_db_error()
        .map_or_else(|| e.to_string(), |d| d.message().to_string())
}

/// A PostgreSQL value as [`value_text`] writes SQLite's: integers bare, text quoted,
/// booleans as SQLite's 1 and 0.
fn pg_value_text(row: &::postgres::Row, i: usize) -> String {
    use ::postgres::types::Type;
    let ty = row.columns()[i].type_().clone();
    let text = if ty == Type::INT8 {
        row.get::<_, Option<i64>>(i).map(|v| v.to_string())
    } else if ty == Type::INT4 {
        row.get::<_, Option<i32>>(i).map(|v| v.to_string())
    } else if ty == Type::INT2 {
        row.get::<_, Option<i16>>(i).map(|v| v.to_string())
    } else if ty == Type::BOOL {
        row.get::<_, Option<bool>>(i)
            .map(|v| if v { "1" } else { "0" }.to_string())
    } else if ty == Type::FLOAT8 {
        row.get::<_, Option<f64>>(i).map(|v| v.to_string())
    } else if ty == Type::NUMERIC {
        return "<numeric>".to_string();
    } else {
        row.get::<_, Option<String>>(i).map(|v| format!("{v:?}"))
    };
    text.unwrap_or_else(|| "NULL".to_string())
}

fn value_text(v: &SqlValue) -> String {
    match v {
        SqlValue::Null => "NULL".to_string(),
        SqlValue::Integer(i) => i.to_string(),
        SqlValue::Real(f) => f.to_string(),
        SqlValue::Text(t) => format!("{t:?}"),
        SqlValue::Blob(b) => format!("blob{b:?}"),
    }
}

/// Asserts a run exited 0 without a panic.
pub fn assert_success(args: &[&str], out: &Out) {
    assert!(
        out.code == 0,
        "{args:?} exited {} (expected 0)\nstdout:\n{}\nstderr:\n{}",
        out.code,
        out.stdout,
        out.stderr
    );
    assert!(
        !out.stderr.contains("panicked"),
        "{args:?} panicked:\n{}",
        out.stderr
    );
}

/// Asserts a run failed with `code` and one `crosscheck: ` line on stderr; returns it.
pub fn assert_failure(args: &[&str], out: &Out, code: i32) -> String {
    assert!(
        out.code == code,
        "{args:?} exited {} (expected {code})\nstdout:\n{}\nstderr:\n{}",
        out.code,
        out.stdout,
        out.stderr
    );
    assert!(
        !out.stderr.contains("panicked"),
        "{args:?} panicked:\n{}",
        out.stderr
    );
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(
        lines.len(),
        1,
        "{args:?} should print exactly one line on stderr, printed:\n{}",
        out.stderr
    );
    assert!(
        lines[0].starts_with("crosscheck: "),
        "{args:?} stderr should start with 'crosscheck: ': {}",
        lines[0]
    );
    assert!(
        out.stdout.is_empty(),
        "{args:?} failed but printed on stdout:\n{}",
        out.stdout
    );
    lines[0].to_string()
}

/// Parses CSV text with the csv crate: header, then records.
pub fn parse_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap_or_else(|e| panic!("CSV header ({e}):\n{text}"))
        .iter()
        .map(str::to_string)
        .collect();
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| {
            r.unwrap_or_else(|e| panic!("CSV record ({e}):\n{text}"))
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect();
    for row in &rows {
        assert_eq!(row.len(), header.len(), "ragged CSV:\n{text}");
    }
    (header, rows)
}

/// The value of column `name` in a CSV record.
pub fn col<'a>(header: &[String], row: &'a [String], name: &str) -> &'a str {
    let i = header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no CSV column {name} in {header:?}"));
    &row[i]
}

/// The table line that starts with `first` (after leading spaces), whitespace-split.
pub fn table_row(table: &str, first: &str) -> Vec<String> {
    table
        .lines()
        .map(|l| l.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .find(|cells| cells.first().map(String::as_str) == Some(first))
        .unwrap_or_else(|| panic!("no row starting with {first:?} in:\n{table}"))
}

/// The body of the hand-recorded test article: Dutch, with curly quotes, accents and a
/// character outside the Basic Multilingual Plane, so byte and character offsets differ.
pub const BODY: &str = "Volgens het Syrisch Observatorium kwamen dertien mensen om het leven. \
“De missie was geslaagd”, zegt één woordvoerder van het ministerie 🇺🇸. \
Onder de doden zijn vier kinderen en drie vrouwen.\n";

/// A ledger with one article (`atme-nl`, body [`BODY`]), one incident (`atme-raid`) and
/// three sources: the Observatory (alias SOHR), the Civil Defence (alias White Helmets)
/// and the Pentagon (alias "Ministerie van Defensie").
pub fn seeded() -> TestEnv {
    seeded_on(Backend::Suite)
}

/// As [`seeded`], on `backend`.
pub fn seeded_on(backend: Backend) -> TestEnv {
    let env = TestEnv::new_on(backend);
    let body = env.file("atme.txt", BODY.as_bytes());
    env.ok(&[
        "article",
        "add",
        "--title",
        "Amerikaanse raid in Atmé",
        "--slug",
        "atme-nl",
        "--outlet",
        "De Avondkrant",
        "--lang",
        "nl",
        "--published",
        "2022-02-03",
        "--url",
        "https://example.org/atme",
        "--file",
        body.to_str().expect("UTF-8 path"),
    ]);
    env.ok(&[
        "incident",
        "add",
        "atme-raid",
        "--title",
        "US raid in Atmé",
        "--date",
        "2022-02-03",
        "--place",
        "Atmé, Idlib, Syria",
    ]);
    env.ok(&[
        "source",
        "add",
        "Syrian Observatory for Human Rights",
        "--alias",
        "SOHR",
        "--kind",
        "ngo",
        "--grade",
        "C",
    ]);
    env.ok(&[
        "source",
        "add",
        "Syrian Civil Defence",
        "--alias",
        "White Helmets",
        "--kind",
        "ngo",
        "--grade",
        "B",
    ]);
    env.ok(&[
        "source",
        "add",
        "Pentagon",
        "--alias",
        "Ministerie van Defensie",
        "--kind",
        "military",
    ]);
    env
}

/// Records a claim on `atme-nl` about `atme-raid` by `source` with `figures`; returns
/// its id.
pub fn claim(env: &TestEnv, source: &str, figures: &[&str]) -> i64 {
    claim_with(env, source, figures, &[])
}

/// As [`claim`], with extra arguments (`--as-of`, `--via`, `--incident` override, …).
pub fn claim_with(env: &TestEnv, source: &str, figures: &[&str], extra: &[&str]) -> i64 {
    let mut args: Vec<&str> = vec![
        "claim",
        "add",
        "--article",
        "atme-nl",
        "--source",
        source,
        "--text",
        "a claim",
    ];
    if !extra.contains(&"--incident") {
        args.extend(["--incident", "atme-raid"]);
    }
    for f in figures {
        args.extend(["--figure", f]);
    }
    args.extend(extra);
    let v = env.json(&args);
    v["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("claim add JSON has no id: {v}"))
}
