//! The integration suite: runs the real `crosscheck` binary against real SQLite files.
//!
//! Every test gets its own [`TestEnv`]: a temporary folder holding the ledger, and the
//! binary run with a pinned clock, user, colour and width, so that output is the same on
//! every machine. The database is inspected directly with rusqlite, so that "stored",
//! "nothing written" and "refused by SQLite itself" are checked where they happen.

mod articles;
mod claims;
mod cli;
mod compare;
mod demo;
mod errors;
mod extract;
mod formats;
mod import_export;
mod incidents;
mod lint;
mod readme;
mod report;
mod sources;
mod trust;
mod workflow;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

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

/// A temporary folder with a ledger path, and the binary run against it.
pub struct TestEnv {
    dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Default for TestEnv {
    /// A folder with an empty ledger, as [`TestEnv::new`].
    fn default() -> TestEnv {
        TestEnv::new()
    }
}

impl TestEnv {
    /// A folder with no ledger in it yet.
    pub fn empty() -> TestEnv {
        let dir = tempfile::Builder::new()
            .prefix("crosscheck-test-")
            .tempdir()
            .expect("temporary folder");
        let db = dir.path().join("ledger.db");
        TestEnv { dir, db }
    }

    /// A folder with an empty ledger made by `crosscheck init`.
    pub fn new() -> TestEnv {
        let env = TestEnv::empty();
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

    /// A connection to the ledger, read-write, foreign keys on, as a colleague's
    /// `sqlite3` shell would open it.
    pub fn conn(&self) -> Connection {
        let conn = Connection::open(&self.db).expect("open the ledger with rusqlite");
        conn.execute_batch("PRAGMA foreign_keys = ON;")
            .expect("foreign keys on");
        conn
    }

    /// The number of rows in `table`.
    pub fn sql_count(&self, table: &str) -> i64 {
        self.conn()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("count {table}: {e}"))
    }

    /// One value of a query, as a string (NULL as "NULL").
    pub fn sql_one(&self, sql: &str) -> String {
        self.conn()
            .query_row(sql, [], |r| r.get::<_, SqlValue>(0))
            .map(|v| value_text(&v))
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// Every row of a query, each row's columns joined by `|`.
    pub fn sql_rows(&self, sql: &str) -> Vec<String> {
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
        if !self.db.exists() {
            return "<no database file>".to_string();
        }
        let mut text = format!("user_version={}\n", self.sql_one("PRAGMA user_version"));
        let tables = self.sql_rows(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
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
    let env = TestEnv::new();
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
