//! What crosscheck guarantees under pressure: colleagues writing at once, tampering with
//! the file behind its back, backups taken while others write, old and new schemas, and
//! hostile input. Each test would fail if its guarantee broke.

use std::thread;

use crate::{seeded, seeded_on, Backend, TestEnv};

fn add_claim(env: &TestEnv, text: &str) -> crate::Out {
    env.run(&[
        "claim",
        "add",
        "--article",
        "atme-nl",
        "--incident",
        "atme-raid",
        "--source",
        "SOHR",
        "--text",
        text,
        "--figure",
        "killed=13",
    ])
}

#[test]
fn four_processes_writing_at_once_lose_nothing() {
    let env = seeded();
    let before = env.sql_count("claim");
    const WRITERS: usize = 4;
    const CLAIMS_EACH: usize = 125; // each followed by a status change: 250 commands a writer
    thread::scope(|scope| {
        for w in 0..WRITERS {
            let env = &env;
            scope.spawn(move || {
                for i in 0..CLAIMS_EACH {
                    let out = add_claim(env, &format!("writer {w} claim {i}"));
                    assert_eq!(out.code, 0, "claim add failed: {}", out.stderr);
                    let id = out
                        .stdout
                        .split_whitespace()
                        .nth(2)
                        .expect("'recorded claim N' on stdout")
                        .to_string();
                    let out = env.run(&["status", &id, "in_progress"]);
                    assert_eq!(out.code, 0, "status failed: {}", out.stderr);
                    assert!(!out.stderr.contains("locked"), "{}", out.stderr);
                }
            });
        }
    });
    let written = (WRITERS * CLAIMS_EACH) as i64;
    assert_eq!(env.sql_count("claim"), before + written);
    assert_eq!(
        env.sql_one("SELECT count(*) FROM claim WHERE status = 'in_progress'"),
        written.to_string()
    );
    // Every claim has exactly its creation row and one change, in order.
    assert_eq!(
        env.sql_count("status_change"),
        2 * (before + written) - before
    );
    env.ok(&["verify"]);
}

#[test]
fn a_writer_locked_out_past_the_timeout_fails_cleanly_and_writes_nothing() {
    let env = seeded_on(Backend::sqlite_only(
        "SQLite's file lock and busy timeout; on PostgreSQL writers lock rows, see postgres::two_status_changes_on_one_claim_at_once_one_wins_the_other_is_told",
    ));
    let before = env.snapshot();
    let holder = env.conn();
    holder
        .execute_batch("BEGIN IMMEDIATE")
        .expect("take the write lock");
    let mut cmd = env.command(&[
        "claim",
        "add",
        "--article",
        "atme-nl",
        "--source",
        "SOHR",
        "--text",
        "locked out",
    ]);
    cmd.env("CROSSCHECK_BUSY_TIMEOUT_MS", "200");
    let out = TestEnv::run_command(cmd, None);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("locked by another process"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stderr.lines().count(), 1);
    holder.execute_batch("ROLLBACK").expect("release");
    assert_eq!(env.snapshot(), before);
}

/// Runs raw SQL as someone with another tool would, triggers dropped first.
fn tamper(env: &TestEnv, sql: &str) {
    let conn = env.conn();
    conn.execute_batch(
        "DROP TRIGGER status_change_no_update; DROP TRIGGER status_change_no_delete;
         DROP TRIGGER evidence_no_update; DROP TRIGGER evidence_no_delete;
         DROP TRIGGER claim_content_fixed; DROP TRIGGER claim_text_fixed; DROP TRIGGER figure_content_fixed;
         DROP TRIGGER claim_status_follows_history; DROP TRIGGER status_change_starts_from_current;",
    )
    .expect("drop the triggers");
    conn.execute_batch(sql).expect("tamper");
}

fn demo_env(backend: Backend) -> TestEnv {
    let env = TestEnv::empty_on(backend);
    env.ok(&["demo"]);
    env.ok(&["verify"]);
    env
}

#[test]
fn verify_names_the_row_that_was_tampered_with() {
    let sqlite = Backend::sqlite_only(
        "tampers through sqlite3; see postgres::verify_names_the_row_tampered_with_on_the_server",
    );
    // (what was done, the SQL, what verify must name)
    let cases: &[(&str, &str, &str)] = &[
        ("a note rewritten", "UPDATE status_change SET note = 'nothing to see' WHERE id = 5", "status_change row 5"),
        ("who acted changed", "UPDATE status_change SET who = 'someone else' WHERE id = 12", "status_change row 12"),
        ("a verdict changed", "UPDATE status_change SET to_status = 'verified' WHERE id = 13; UPDATE claim SET status = 'verified' WHERE id = 2", "status_change row 13"),
        ("a history row deleted", "DELETE FROM status_change WHERE id = 7", "status_change row 7 is missing"),
        ("a history row slipped in", "INSERT INTO status_change (id, claim_id, from_status, to_status, who, at, note, hash, version) VALUES (19, 8, 'unverified', 'verified', 'x', '2022-02-04T00:00:00Z', 'ok', printf('%064d', 0), 2); UPDATE claim SET status = 'verified' WHERE id = 8", "status_change row 19"),
        ("a version-1 row slipped in", "INSERT INTO status_change (id, claim_id, from_status, to_status, who, at, note, hash) VALUES (19, 8, 'unverified', 'verified', 'x', '2022-02-04T00:00:00Z', 'ok', printf('%064d', 0)); UPDATE claim SET status = 'verified' WHERE id = 8", "status_change row 19 (claim 8) is hashed by version 1"),
        ("a claim's text rewritten", "UPDATE claim SET text = 'Twenty dead' WHERE id = 1", "claim 1: text does not match"),
        ("a figure changed", "UPDATE figure SET value = 5, low = 5, high = 5 WHERE claim_id = 2 AND metric = 'killed.children'", "claim 2"),
        ("evidence url changed", "UPDATE evidence SET url = 'https://example.org/other' WHERE id = 1", "evidence row 1"),
        ("evidence deleted", "DELETE FROM evidence WHERE id = 2", "evidence row 2 is missing"),
        ("a status set around the history", "UPDATE claim SET status = 'false' WHERE id = 9", "claim 9 has a status that its history does not end in"),
    ];
    for (what, sql, named) in cases {
        let env = demo_env(sqlite);
        tamper(&env, sql);
        let out = env.run(&["verify"]);
        assert_eq!(
            out.code, 1,
            "{what}: verify should fail\n{}{}",
            out.stdout, out.stderr
        );
        assert!(
            out.stderr.contains(named),
            "{what}: expected '{named}' in: {}",
            out.stderr
        );
        assert!(out.stdout.contains("FAILED"), "{what}: {}", out.stdout);
    }
}

#[test]
fn verify_runs_sqlites_own_checks() {
    let env = demo_env(Backend::sqlite_only(
        "PRAGMA integrity_check and foreign_key_check",
    ));
    let conn = env.conn();
    conn.execute_batch("PRAGMA foreign_keys = OFF; INSERT INTO source_alias (alias_key, alias, source_id) VALUES ('ghost', 'Ghost', 999);")
        .expect("dangling alias");
    let out = env.run(&["verify"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains("foreign_key_check") || out.stderr.contains("foreign_key_check"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_backup_taken_while_others_write_is_consistent() {
    let sqlite = Backend::sqlite_only(
        "backup writes an SQLite file; a server is backed up by its own tools, see postgres::backup_points_to_pg_dump_and_copy",
    );
    let env = seeded_on(sqlite);
    let backup = env.dir().join("copy.db");
    thread::scope(|scope| {
        let writer = scope.spawn(|| {
            for i in 0..40 {
                let out = add_claim(&env, &format!("during backup {i}"));
                assert_eq!(out.code, 0, "{}", out.stderr);
            }
        });
        thread::sleep(std::time::Duration::from_millis(50));
        env.ok(&["backup", backup.to_str().expect("UTF-8 path")]);
        writer.join().expect("writer");
    });
    let copy = TestEnv::empty_on(sqlite);
    std::fs::copy(&backup, &copy.db).expect("copy the backup");
    copy.ok(&["verify"]);
    let copied = copy.sql_count("claim");
    assert!(copied <= env.sql_count("claim"));
    assert_eq!(
        copy.sql_count("figure"),
        copied,
        "each claim has its one figure in the copy"
    );
    // A backup never overwrites.
    let line = env.fail(&["backup", backup.to_str().expect("UTF-8 path")], 2);
    assert!(line.contains("already exists"), "{line}");
}

#[test]
fn a_ledger_made_from_the_released_v1_schema_opens_with_its_rows() {
    let sqlite = Backend::sqlite_only(
        "the SQLite schema's history; the PostgreSQL schema starts at version 1",
    );
    let env = TestEnv::empty_on(sqlite);
    let conn = rusqlite::Connection::open(&env.db).expect("create");
    conn.execute_batch(include_str!("../fixtures/schema-v1.sql"))
        .expect("v1 schema");
    conn.execute_batch("PRAGMA user_version = 1; INSERT INTO incident (slug, title, title_key, created_at) VALUES ('old-case', 'Old case', 'old case', '2022-01-01T00:00:00Z');")
        .expect("v1 row");
    drop(conn);
    let out = env.ok(&["incident", "list"]);
    assert!(out.contains("old-case"), "{out}");
    // The fixture and the current schema.sql define the same tables, indexes and triggers.
    let fresh = TestEnv::new_on(sqlite);
    let schema = "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name";
    assert_eq!(env.sql_rows(schema), fresh.sql_rows(schema));
}

#[test]
fn a_ledger_from_a_newer_crosscheck_is_refused_untouched() {
    let env = TestEnv::new_on(Backend::sqlite_only(
        "PRAGMA user_version; see errors::newer_schema_version_is_refused_with_exit_1_and_left_alone",
    ));
    env.conn()
        .execute_batch("PRAGMA user_version = 7")
        .expect("bump");
    let before = env.snapshot();
    let line = env.fail(&["claim", "list"], 1);
    assert!(
        line.contains("newer") && line.contains("upgrade crosscheck"),
        "{line}"
    );
    assert_eq!(env.snapshot(), before);
}

#[test]
fn hostile_text_is_stored_exactly() {
    let env = seeded_on(Backend::sqlite_only(
        "reads back through rusqlite; see postgres::hostile_text_is_stored_exactly_on_the_server",
    ));
    let nasty = "'); DROP TABLE claim; -- \u{202e}evil\u{202c} \"quotes\" & <b>tags</b> \\ %s %n";
    let out = env.run(&[
        "claim",
        "add",
        "--article",
        "atme-nl",
        "--source",
        "SOHR",
        "--text",
        nasty,
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        env.conn()
            .query_row("SELECT text FROM claim ORDER BY id DESC LIMIT 1", [], |r| r
                .get::<_, String>(0))
            .expect("text"),
        nasty
    );
    // On a terminal table the bidi override is shown, not obeyed.
    let table = env.ok(&["claim", "list"]);
    assert!(table.contains("\\u{202e}evil"), "{table}");

    // NUL bytes and a 9 MB line in an article's text (the limit is 10 MB) are kept byte
    // for byte.
    let mut body = "a\0b\u{200f} ".repeat(3).into_bytes();
    body.extend(std::iter::repeat_n(b'x', 9 * 1024 * 1024));
    let path = env.file("big.txt", &body);
    env.ok(&[
        "article",
        "add",
        "--title",
        "Big",
        "--slug",
        "big",
        "--file",
        path.to_str().expect("path"),
    ]);
    let stored: Vec<u8> = env
        .conn()
        .query_row(
            "SELECT CAST(body AS BLOB) FROM article WHERE slug = 'big'",
            [],
            |r| r.get(0),
        )
        .expect("body");
    assert!(
        stored == body,
        "the body came back different ({} bytes vs {})",
        stored.len(),
        body.len()
    );
}

#[test]
fn an_unreadable_article_file_is_an_environment_failure() {
    let env = seeded();
    let before = env.snapshot();
    let dir = env.dir().to_str().expect("path").to_string();
    let line = env.fail(&["article", "add", "--title", "X", "--file", &dir], 1);
    assert!(line.contains("cannot read the article text"), "{line}");
    assert_eq!(env.snapshot(), before);
}

/// A small tmpfs mounted for one test and unmounted after it; `None`, with the reason
/// printed, where this process may not mount one (not root).
struct SmallDisk {
    path: std::path::PathBuf,
}

impl SmallDisk {
    fn mount(env: &TestEnv, size: &str) -> Option<SmallDisk> {
        let path = env.dir().join("small");
        std::fs::create_dir_all(&path).expect("mount point");
        let out = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&path)
            .output();
        match out {
            Ok(o) if o.status.success() => Some(SmallDisk { path }),
            Ok(o) => {
                eprintln!(
                    "skipped: cannot mount a tmpfs here: {}",
                    String::from_utf8_lossy(&o.stderr).trim()
                );
                None
            }
            Err(e) => {
                eprintln!("skipped: cannot run mount: {e}");
                None
            }
        }
    }

    fn remount_read_only(&self) {
        let ok = std::process::Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.path)
            .status()
            .expect("remount")
            .success();
        assert!(ok, "remount read-only");
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.path)
            .status();
    }
}

fn run_on(env: &TestEnv, db: &std::path::Path, args: &[&str]) -> crate::Out {
    let mut cmd = env.command(args);
    cmd.env("CROSSCHECK_DB", db);
    TestEnv::run_command(cmd, None)
}

#[test]
fn a_full_disk_gives_one_clear_line_and_writes_nothing() {
    let env = TestEnv::empty();
    // Room for an empty ledger (schema version 4) and its write-ahead log, not for the
    // 1 MiB article below.
    let Some(disk) = SmallDisk::mount(&env, "800k") else {
        return;
    };
    let db = disk.path.join("ledger.db");
    assert_eq!(run_on(&env, &db, &["init"]).code, 0);
    assert_eq!(
        run_on(&env, &db, &["incident", "add", "kept", "--title", "Kept"]).code,
        0
    );
    let big = env.file("big.txt", &vec![b'x'; 1024 * 1024]);
    let out = run_on(
        &env,
        &db,
        &[
            "article",
            "add",
            "--title",
            "Too big",
            "--file",
            big.to_str().expect("path"),
        ],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("disk is full") && out.stderr.contains("nothing was written"),
        "{}",
        out.stderr
    );
    let listed = run_on(&env, &db, &["article", "list", "--format", "json"]);
    assert_eq!(listed.stdout.trim(), "[]", "{}", listed.stderr);
    let incidents = run_on(&env, &db, &["incident", "list"]);
    assert!(incidents.stdout.contains("kept"));
    assert_eq!(run_on(&env, &db, &["verify"]).code, 0);
}

#[test]
fn a_read_only_disk_gives_one_clear_line() {
    let env = TestEnv::empty();
    let Some(disk) = SmallDisk::mount(&env, "2m") else {
        return;
    };
    let db = disk.path.join("ledger.db");
    assert_eq!(run_on(&env, &db, &["init"]).code, 0);
    assert_eq!(
        run_on(&env, &db, &["incident", "add", "kept", "--title", "Kept"]).code,
        0
    );
    disk.remount_read_only();
    let out = run_on(&env, &db, &["incident", "add", "lost", "--title", "Lost"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("read-only") || out.stderr.contains("cannot be opened"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_ledger_on_a_read_only_disk_can_still_be_read_and_says_so_once() {
    let env = TestEnv::empty();
    let Some(disk) = SmallDisk::mount(&env, "2m") else {
        return;
    };
    let db = disk.path.join("ledger.db");
    assert_eq!(run_on(&env, &db, &["init"]).code, 0);
    assert_eq!(
        run_on(&env, &db, &["incident", "add", "kept", "--title", "Kept"]).code,
        0
    );
    disk.remount_read_only();
    // Reading works: lists, verify, and the backup the write error suggests.
    for args in [
        vec!["incident", "list"],
        vec!["verify"],
        vec!["claim", "list", "--format", "json"],
    ] {
        let out = run_on(&env, &db, &args);
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        assert_eq!(out.stderr.lines().count(), 1, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains("opened read-only"), "{}", out.stderr);
    }
    assert!(run_on(&env, &db, &["incident", "list"])
        .stdout
        .contains("kept"));
    let copy = env.dir().join("copy.db");
    let out = run_on(&env, &db, &["backup", copy.to_str().expect("path")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(run_on(&env, &copy, &["verify"]).code, 0);
    // A write says why in its one error line, and no notice besides.
    let out = run_on(&env, &db, &["incident", "add", "lost", "--title", "Lost"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(out.stderr.contains("read-only here"), "{}", out.stderr);
    assert!(out.stderr.contains("crosscheck backup"), "{}", out.stderr);
}

/// A JSON Lines export of `claims` claims with two figures and a history row each: big
/// enough that importing it takes a while, so a kill lands in the middle. Its history
/// rows carry their hashes, as an export's do (import refuses a row without one).
fn big_export(claims: usize) -> String {
    use crosscheck::model::chain::{link, ChangeContent, ClaimContent, GENESIS};
    use crosscheck::model::{Figure, Status};
    let at = "2022-02-05T12:00:00Z";
    let mut out = String::new();
    for s in 1..=5 {
        out.push_str(&format!(
            "{{\"record\":\"source\",\"id\":{s},\"name\":\"Source {s}\",\"kind\":\"ngo\",\"created_at\":\"{at}\"}}\n"
        ));
    }
    out.push_str(&format!("{{\"record\":\"article\",\"id\":1,\"slug\":\"a\",\"title\":\"A\",\"created_at\":\"{at}\"}}\n"));
    out.push_str(&format!("{{\"record\":\"incident\",\"id\":1,\"slug\":\"i\",\"title\":\"I\",\"created_at\":\"{at}\"}}\n"));
    let mut previous = GENESIS.to_string();
    for c in 1..=claims {
        let s = c % 5 + 1;
        let specs = [
            format!("killed={}", 10 + c % 9),
            format!("killed.children>={}", c % 4),
        ];
        let figures: Vec<Figure> = specs
            .iter()
            .map(|f| Figure::parse(f).expect("a figure"))
            .collect();
        let text = format!("claim {c}");
        let digest = ClaimContent {
            article_id: 1,
            incident_id: Some(1),
            text: &text,
            quote: None,
            quote_span: None,
            translation: None,
            as_of: at,
            figures: &figures,
        }
        .digest();
        let change = ChangeContent {
            id: c as i64,
            claim_id: c as i64,
            from: None,
            to: Status::Unverified,
            who: "t",
            at,
            note: Some("recorded"),
            claim_digest: Some(&digest),
        };
        let hash = link(&previous, &change.canonical());
        out.push_str(&format!(
            "{{\"record\":\"claim\",\"id\":{c},\"article_id\":1,\"incident_id\":1,\"source_id\":{s},\"text\":\"{text}\",\"as_of\":\"{at}\",\"created_at\":\"{at}\",\"created_by\":\"t\"}}\n\
             {{\"record\":\"figure\",\"id\":{},\"claim_id\":{c},\"figure\":\"{}\"}}\n\
             {{\"record\":\"figure\",\"id\":{},\"claim_id\":{c},\"figure\":\"{}\"}}\n\
             {{\"record\":\"status_change\",\"id\":{c},\"claim_id\":{c},\"to_status\":\"unverified\",\"who\":\"t\",\"at\":\"{at}\",\"note\":\"recorded\",\"hash\":\"{hash}\"}}\n",
            2 * c - 1,
            specs[0],
            2 * c,
            specs[1],
        ));
        previous = hash;
    }
    out
}

#[test]
fn an_import_killed_at_any_point_leaves_the_ledger_as_it_was() {
    const CLAIMS: usize = 20_000;
    let env = TestEnv::new_on(Backend::sqlite_only(
        "kills the process between SQLite writes; see postgres::an_import_that_fails_leaves_the_server_ledger_as_it_was",
    ));
    let file = env.file("big.jsonl", big_export(CLAIMS).as_bytes());
    let file = file.to_str().expect("path").to_string();
    let mut survived = 0;
    for delay_ms in [20u64, 80, 200, 400, 700, 1000] {
        let mut cmd = env.command(&["import", &file]);
        cmd.stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        let mut child = cmd.spawn().expect("start the import");
        thread::sleep(std::time::Duration::from_millis(delay_ms));
        let finished = child.try_wait().expect("poll").is_some();
        if !finished {
            // SIGKILL: no destructor, no rollback, nothing of ours runs.
            child.kill().expect("kill the import");
            survived += 1;
        }
        child.wait().expect("reap");
        let conn = env.conn();
        let claims: i64 = conn
            .query_row("SELECT count(*) FROM claim", [], |r| r.get(0))
            .expect("count");
        if finished {
            assert_eq!(claims, CLAIMS as i64, "a finished import wrote everything");
            break;
        }
        assert_eq!(
            claims, 0,
            "killed after {delay_ms} ms, yet {claims} claims were left"
        );
        assert_eq!(env.sql_count("figure"), 0);
        assert_eq!(env.sql_count("source"), 0);
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("check");
        assert_eq!(check, "ok");
        let dangling: i64 = conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .expect("fk check");
        assert_eq!(dangling, 0);
    }
    assert!(
        survived >= 2,
        "the kills should land mid-import at least twice (got {survived})"
    );
    // The ledger is usable after all that: the same import now completes.
    env.ok(&["import", &file]);
    assert_eq!(env.sql_count("claim"), CLAIMS as i64);
    env.ok(&["verify"]);
}

mod import_properties {
    use proptest::prelude::*;

    use crate::TestEnv;

    /// The demo's export, made once: a real ledger's every kind of row.
    fn demo_export() -> &'static str {
        static EXPORT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        EXPORT.get_or_init(|| {
            let env = TestEnv::empty();
            env.ok(&["demo"]);
            env.ok(&["export", "--format", "jsonl"])
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

        /// One line of a good export damaged anyhow: the import either still succeeds
        /// (the damage was harmless) or is refused with one line naming the line, and
        /// writes nothing at all.
        #[test]
        fn a_damaged_export_is_imported_whole_or_not_at_all(
            line in 0usize..60,
            cut in 0usize..400,
            junk in "[\\PC\"{}:,]{0,12}",
        ) {
            let export = demo_export();
            let mut lines: Vec<String> = export.lines().map(str::to_string).collect();
            let line = line % lines.len();
            let target = &mut lines[line];
            let cut = target.char_indices().map(|(i, _)| i).nth(cut % target.chars().count().max(1)).unwrap_or(0);
            target.insert_str(cut, &junk);
            let env = TestEnv::new();
            let file = env.file("damaged.jsonl", (lines.join("\n") + "\n").as_bytes());
            let out = env.run(&["import", file.to_str().expect("path")]);
            if out.code == 0 {
                env.ok(&["verify"]);
            } else {
                prop_assert_eq!(out.code, 2, "{}", out.stderr);
                prop_assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
                // The damage is named where it shows: on its own line, on a later row
                // that refers to it, or, once every row is in, by the record's check,
                // which names the row and field that no longer match their entry.
                if out.stderr.contains("the imported record does not verify (") {
                    for table in ["source", "article", "incident", "claim", "figure", "status_change", "evidence", "record"] {
                        prop_assert_eq!(env.sql_count(table), 0, "{} has rows", table);
                    }
                    return Ok(());
                }
                let named: usize = out
                    .stderr
                    .split("line ")
                    .nth(1)
                    .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(0);
                prop_assert!(named > line, "damage on line {} but: {}", line + 1, out.stderr);
                for table in ["source", "article", "incident", "claim", "figure", "status_change", "evidence"] {
                    prop_assert_eq!(env.sql_count(table), 0, "{} has rows", table);
                }
            }
        }
    }
}
