//! What only the PostgreSQL backend has: roles and who acted, a desk's read-only role,
//! writers on one claim at once, passwords that must never be printed, and moving a desk
//! between a file and a server. These run when the suite runs on PostgreSQL
//! (CROSSCHECK_TEST_PG, as `scripts/with-postgres` sets it); on SQLite they say so and
//! return.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{
    assert_failure, assert_success, claim, on_postgres, pg_admin, pg_admin_url, pg_ensure_role,
    pg_url_for, seeded, Out, TestEnv,
};

/// Returns true (and says why) when the suite runs on SQLite.
fn needs_postgres() -> bool {
    if !on_postgres() {
        eprintln!(
            "skipped: runs only against PostgreSQL (scripts/with-postgres cargo test --test cli)"
        );
        return true;
    }
    false
}

/// The binary against `db`, as a fact-checker whose `who` comes from the role alone.
pub(crate) fn as_role(env: &TestEnv, db: &str, args: &[&str]) -> Out {
    let mut cmd = env.command(args);
    cmd.env("CROSSCHECK_DB", db).env_remove("CROSSCHECK_USER");
    TestEnv::run_command(cmd, None)
}

/// The desk `desk` commands make on the test server (roles are the server's, so one test
/// at a time holds it); dropped again afterwards.
pub(crate) struct Desk {
    _turn: std::sync::MutexGuard<'static, ()>,
}

/// Whose turn it is to use the desk's roles and database.
static DESK_TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());

const DESK_ROLES: &[&str] = &[
    "m_haddad",
    "a_okafor",
    "j_devries",
    "desk_reports",
    "crosscheck_writer",
    "crosscheck_reader",
    "crosscheck_admin",
];

impl Desk {
    /// Waits for the desk, then starts it from nothing.
    pub(crate) fn take() -> Desk {
        let turn = DESK_TURN
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Desk::clean();
        Desk { _turn: turn }
    }

    fn clean() {
        let mut admin = pg_admin("postgres");
        admin
            .batch_execute("DROP DATABASE IF EXISTS desk WITH (FORCE)")
            .expect("drop desk");
        for role in DESK_ROLES {
            admin
                .batch_execute(&format!("DROP ROLE IF EXISTS {role}"))
                .expect("drop role");
        }
    }

    /// What the server's administrator does first: an owner that may make roles, and
    /// its database.
    fn owner_and_database() {
        let mut server = pg_admin("postgres");
        for sql in [
            "CREATE ROLE crosscheck_admin LOGIN CREATEROLE",
            "CREATE DATABASE desk OWNER crosscheck_admin",
        ] {
            server.batch_execute(sql).expect("owner and database");
        }
    }

    pub(crate) fn url(user: &str) -> String {
        pg_url_for(&pg_admin_url().expect("server"), user, "desk")
    }
}

impl Drop for Desk {
    fn drop(&mut self) {
        Desk::clean();
    }
}

/// An incident, an article, two sources and a claim of each that disagree.
const TWO_CLAIMS: &[&[&str]] = &[
    &["incident", "add", "atme-raid", "--title", "US raid in Atmé"],
    &["article", "add", "--title", "Raid", "--slug", "atme-nl"],
    &["source", "add", "SOHR"],
    &["source", "add", "Civil Defence"],
    &[
        "claim",
        "add",
        "--article",
        "atme-nl",
        "--incident",
        "atme-raid",
        "--source",
        "SOHR",
        "--text",
        "4 children",
        "--figure",
        "killed.children=4",
    ],
    &[
        "claim",
        "add",
        "--article",
        "atme-nl",
        "--incident",
        "atme-raid",
        "--source",
        "Civil Defence",
        "--text",
        "6 children",
        "--figure",
        "killed.children=6",
    ],
];

#[test]
fn desk_commands_set_up_writers_who_are_their_role_and_a_reader_who_only_reads() {
    if needs_postgres() {
        return;
    }
    let env = TestEnv::empty_sqlite();
    let _desk = Desk::take();
    Desk::owner_and_database();
    // The owner does the rest with crosscheck; setup runs twice as well as once.
    let owner = Desk::url("crosscheck_admin");
    for args in [&["init"][..], &["desk", "setup"], &["desk", "setup"]] {
        assert_success(args, &as_role(&env, &owner, args));
    }
    for (args, password) in [
        (&["desk", "add", "m_haddad"][..], "first-Pa55\n"),
        (&["desk", "add", "j_devries"], "second-Pa55\n"),
        (&["desk", "add", "desk_reports", "--reader"], "third-Pa55\n"),
    ] {
        let mut cmd = env.command(args);
        cmd.env("CROSSCHECK_DB", &owner)
            .env_remove("CROSSCHECK_USER");
        let out = TestEnv::run_command(cmd, Some(password.as_bytes()));
        assert_success(args, &out);
        assert!(!out.stdout.contains("Pa55") && !out.stderr.contains("Pa55"));
    }
    let mut desk = pg_admin("desk");
    let stored: String = desk
        .query_one(
            "SELECT rolpassword FROM pg_authid WHERE rolname = 'm_haddad'",
            &[],
        )
        .expect("password")
        .get(0);
    assert!(stored.starts_with("SCRAM-SHA-256$"), "{stored}");

    // A writer records and judges claims; the history names the role.
    let writer = Desk::url("m_haddad");
    for args in TWO_CLAIMS.iter().copied().chain([
        &["status", "1", "in_progress"][..],
        &[
            "evidence",
            "add",
            "1",
            "--url",
            "https://example.org/list",
            "--context",
        ],
        &["article", "edit", "atme-nl", "--outlet", "De Avondkrant"],
        &["incident", "edit", "atme-raid", "--place", "Atmé"],
    ]) {
        assert_success(args, &as_role(&env, &writer, args));
    }
    let second = Desk::url("j_devries");
    let args = ["status", "2", "disputed", "--note", "Counts differ"];
    assert_success(&args, &as_role(&env, &second, &args));
    let who: Vec<String> = desk
        .query(
            "SELECT DISTINCT who FROM status_change UNION SELECT DISTINCT who FROM evidence ORDER BY 1",
            &[],
        )
        .expect("who")
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(who, ["j_devries", "m_haddad"]);

    // --by (or CROSSCHECK_USER) naming someone else is refused, not recorded.
    let args = ["--by", "j_devries", "status", "1", "false", "--note", "n"];
    let line = assert_failure(&args, &as_role(&env, &writer, &args), 2);
    assert!(
        line.contains("database role") && line.contains("m_haddad"),
        "{line}"
    );
    // ... and the server itself refuses a row that names another role.
    let mut as_writer =
        ::postgres::Client::connect(&writer, ::postgres::NoTls).expect("connect as m_haddad");
    let err = as_writer
        .batch_execute(
            "INSERT INTO evidence (id, claim_id, url, stance, who, at, hash)
             VALUES (99, 1, 'https://x.org', 'context', 'j_devries', 'now', repeat('0', 64))",
        )
        .expect_err("who must be the role");
    assert!(
        crate::pg_error_text(&err).contains("who must be the database role"),
        "{err}"
    );
    let err = as_writer
        .batch_execute("DELETE FROM status_change")
        .expect_err("history is append-only");
    assert!(
        crate::pg_error_text(&err).contains("permission denied")
            || crate::pg_error_text(&err).contains("append-only"),
        "{err}"
    );

    // The reporting role reads everything ...
    let reader = Desk::url("desk_reports");
    for args in [
        &["compare", "atme-raid"][..],
        &["conflicts"],
        &["report", "atme-raid"],
        &["claim", "list"],
        &["history", "1"],
        &["verify"],
    ] {
        let out = as_role(&env, &reader, args);
        assert_success(args, &out);
    }
    let conflicts = as_role(&env, &reader, &["conflicts"]).stdout;
    assert!(conflicts.contains("killed.children"), "{conflicts}");
    // ... and every write is refused with one clear line, nothing written.
    let before = snapshot(&mut desk);
    for args in [
        &["source", "add", "Pentagon"][..],
        &["incident", "add", "other", "--title", "Other"],
        &["article", "add", "--title", "Another"],
        &[
            "claim",
            "add",
            "--article",
            "atme-nl",
            "--source",
            "SOHR",
            "--text",
            "x",
        ],
        &["status", "1", "verified", "--note", "n"],
        &[
            "evidence",
            "add",
            "1",
            "--url",
            "https://example.org/x",
            "--supports",
        ],
        &["source", "alias", "SOHR", "Observatory"],
        &["source", "merge", "SOHR", "Civil Defence"],
        &["article", "edit", "atme-nl", "--title", "Another"],
        &["incident", "edit", "atme-raid", "--title", "Another"],
    ] {
        let line = assert_failure(args, &as_role(&env, &reader, args), 2);
        assert!(
            line.contains("'desk_reports' may not") && line.contains("crosscheck_writer"),
            "{args:?}: {line}"
        );
    }
    assert_eq!(snapshot(&mut desk), before);

    // The list: the owner, the writers, the reader, and when the history last names each.
    let list = as_role(&env, &owner, &["desk", "list", "--format", "csv"]).stdout;
    assert_eq!(
        list.lines().collect::<Vec<_>>(),
        [
            "role,group,login,last activity,entries",
            "crosscheck_admin,owner,yes,,0",
            "j_devries,writer,yes,2022-02-05T12:00:00Z,1",
            "m_haddad,writer,yes,2022-02-05T12:00:00Z,4",
            "desk_reports,reader,yes,,0",
        ]
    );
    // A fact-checker demoted to reader reads and no longer writes ...
    let args = ["desk", "add", "j_devries", "--reader"];
    assert_success(&args, &as_role(&env, &owner, &args));
    assert_success(
        &["claim", "list"],
        &as_role(&env, &second, &["claim", "list"]),
    );
    let args = ["status", "2", "false", "--note", "n"];
    assert_failure(&args, &as_role(&env, &second, &args), 2);
    // ... and one removed can no longer connect; the history keeps the name.
    let args = ["desk", "remove", "j_devries"];
    assert_success(&args, &as_role(&env, &owner, &args));
    let line = assert_failure(
        &["claim", "list"],
        &as_role(&env, &second, &["claim", "list"]),
        2,
    );
    assert!(line.contains("\"j_devries\" does not exist"), "{line}");
    assert_eq!(
        desk.query_one(
            "SELECT count(*) FROM status_change WHERE who = 'j_devries'",
            &[]
        )
        .expect("history")
        .get::<_, i64>(0),
        1
    );
    // Only the owner manages the desk.
    let args = ["desk", "remove", "m_haddad"];
    let line = assert_failure(&args, &as_role(&env, &writer, &args), 2);
    assert!(
        line.contains("managed by the ledger's owner 'crosscheck_admin', not by 'm_haddad'"),
        "{line}"
    );
}

#[test]
fn the_readme_desk_walkthrough_runs_as_written() {
    if needs_postgres() {
        return;
    }
    let env = TestEnv::empty_sqlite();
    let _desk = Desk::take();
    // The administrator's part (createuser, createdb), as the README's text block says.
    let mut server = pg_admin("postgres");
    for sql in [
        "CREATE ROLE crosscheck_admin LOGIN CREATEROLE",
        "CREATE DATABASE desk OWNER crosscheck_admin",
    ] {
        server.batch_execute(sql).expect("owner and database");
    }
    const README: &str = include_str!("../../README.md");
    let at = README
        .find("### Running a desk on PostgreSQL")
        .expect("the section");
    let rest = &README[at..];
    let start = rest.find("```sh\n").expect("a sh block") + "```sh\n".len();
    let end = rest[start..].find("```").expect("the block ends");
    // The README's server is the test server, reached over its socket.
    let example = "@db.example.org/desk?sslmode=verify-full";
    let url = Desk::url("crosscheck_admin");
    let here = url.trim_start_matches("postgresql://crosscheck_admin");
    let script = rest[start..start + end].replace(example, here);
    assert!(!script.contains("example.org"), "{script}");
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_crosscheck"))
        .parent()
        .expect("binary folder")
        .to_path_buf();
    let mut cmd = Command::new("bash");
    cmd.args(["-euo", "pipefail", "-c", &script])
        .current_dir(env.dir())
        .env(
            "PATH",
            format!(
                "{}:{}",
                bin_dir.display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .env("CROSSCHECK_NOW", crate::NOW)
        .env("NO_COLOR", "1")
        .env_remove("CROSSCHECK_DB")
        .env_remove("CROSSCHECK_USER");
    // One password a line, one line for each `desk add`.
    let out = TestEnv::run_command(cmd, Some(b"pw-m\npw-j\npw-a\npw-r\n"));
    assert_success(&["README walkthrough"], &out);
    for line in [
        "crosscheck_admin  owner ",
        "a_okafor          writer",
        "j_devries         writer",
        "m_haddad          writer",
        "desk_reports      reader",
        "acting role           crosscheck_admin",
        "backend               postgresql",
    ] {
        assert!(out.stdout.contains(line), "{line:?} in\n{}", out.stdout);
    }
    // Each member logs in with the password piped in for them.
    let verifiers: Vec<String> = server
        .query(
            "SELECT rolname::text FROM pg_authid
             WHERE rolname IN ('m_haddad', 'j_devries', 'a_okafor', 'desk_reports')
               AND rolpassword LIKE 'SCRAM-SHA-256$%' ORDER BY 1",
            &[],
        )
        .expect("roles")
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(
        verifiers,
        ["a_okafor", "desk_reports", "j_devries", "m_haddad"]
    );
}

fn snapshot(client: &mut ::postgres::Client) -> String {
    let mut text = String::new();
    for table in [
        "source",
        "source_alias",
        "article",
        "incident",
        "claim",
        "figure",
        "status_change",
        "evidence",
    ] {
        let rows = client
            .query(
                &format!("SELECT {table}::text FROM {table} ORDER BY 1"),
                &[],
            )
            .expect("snapshot");
        for r in rows {
            text.push_str(&r.get::<_, String>(0));
            text.push('\n');
        }
    }
    text
}

#[test]
fn two_status_changes_on_one_claim_at_once_one_wins_the_other_is_told() {
    if needs_postgres() {
        return;
    }
    let env = seeded();
    let id = claim(&env, "SOHR", &["killed.children=4"]).to_string();
    env.ok(&["status", &id, "in_progress"]);
    let database = env.pg().expect("on PostgreSQL").name.clone();

    // Hold the claim's row so that both commands read it, then queue for it.
    let mut holder = pg_admin(&database);
    let mut tx = holder.transaction().expect("begin");
    tx.query(
        "SELECT 1 FROM claim WHERE id = $1 FOR UPDATE",
        &[&id.parse::<i64>().expect("id")],
    )
    .expect("lock the claim");
    let spawn = |to: &str| {
        let mut cmd = env.command(&["status", &id, to, "--note", "judged"]);
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        cmd.spawn().expect("spawn")
    };
    let first = spawn("disputed");
    let second = spawn("verified");
    let mut watcher = pg_admin(&database);
    let started = Instant::now();
    loop {
        let waiting: i64 = watcher
            .query_one(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
                 AND wait_event_type = 'Lock' AND usename = 'tester'",
                &[],
            )
            .expect("pg_stat_activity")
            .get(0);
        if waiting == 2 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "both writers should queue for the claim"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    tx.commit().expect("release");
    let outs: Vec<Out> = [first, second]
        .into_iter()
        .map(|child| {
            let o = child.wait_with_output().expect("wait");
            Out {
                stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
                code: o.status.code().expect("exit code"),
            }
        })
        .collect();
    let won: Vec<&Out> = outs.iter().filter(|o| o.code == 0).collect();
    let lost: Vec<&Out> = outs.iter().filter(|o| o.code != 0).collect();
    assert_eq!((won.len(), lost.len()), (1, 1), "{outs:?}");
    let line = assert_failure(&["status"], lost[0], 2);
    let now = env.sql_one(&format!("SELECT status FROM claim WHERE id = {id}"));
    let now = now.trim_matches('"');
    assert_eq!(
        line,
        format!("crosscheck: claim {id} changed meanwhile (now {now}); run it again")
    );
    // Nothing lost, nothing half-written: three rows, the chain whole.
    assert_eq!(
        env.sql_one(&format!(
            "SELECT count(*) FROM status_change WHERE claim_id = {id}"
        )),
        "3"
    );
    env.ok(&["verify"]);
}

#[test]
fn a_wrong_password_is_refused_and_never_printed() {
    if needs_postgres() {
        return;
    }
    let env = TestEnv::new();
    let database = env.pg().expect("on PostgreSQL").name.clone();
    let group_exists = pg_admin("postgres")
        .query_opt(
            "SELECT 1 FROM pg_roles WHERE rolname = 'crosscheck_password_login'",
            &[],
        )
        .expect("roles")
        .is_some();
    assert!(
        group_exists,
        "the test server must ask crosscheck_password_login's members for a password: run under scripts/with-postgres"
    );
    pg_ensure_role(
        "cc_pw_user",
        "LOGIN PASSWORD 'right-Pa55' IN ROLE crosscheck_password_login",
    );
    env.sql_exec("GRANT SELECT ON ALL TABLES IN SCHEMA public TO cc_pw_user")
        .expect("grant");
    let base = pg_url_for(&pg_admin_url().expect("server"), "cc_pw_user", &database);
    let secret = "wr0ng-Secret-9137";
    let in_url = base.replacen("cc_pw_user@", &format!("cc_pw_user:{secret}@"), 1);
    let as_param = format!("{base}&password={secret}");
    for db in [&in_url, &as_param] {
        let out = as_role(&env, db, &["claim", "list"]);
        let line = assert_failure(&["claim", "list"], &out, 2);
        assert!(!out.stderr.contains(secret), "{}", out.stderr);
        assert!(!out.stdout.contains(secret), "{}", out.stdout);
        assert!(line.contains("password authentication failed"), "{line}");
        assert!(
            line.contains("***"),
            "the address is shown redacted: {line}"
        );
    }
    // From PGPASSWORD and from a password file: refused when wrong, never printed ...
    let mut cmd = env.command(&["claim", "list"]);
    cmd.env("CROSSCHECK_DB", &base).env("PGPASSWORD", secret);
    let out = TestEnv::run_command(cmd, None);
    assert_failure(&["claim", "list"], &out, 2);
    assert!(!out.stderr.contains(secret), "{}", out.stderr);
    // ... and used when right.
    let mut cmd = env.command(&["claim", "list"]);
    cmd.env("CROSSCHECK_DB", &base)
        .env("PGPASSWORD", "right-Pa55");
    assert_success(&["claim", "list"], &TestEnv::run_command(cmd, None));
    let pgpass = env.file(
        "pgpass",
        format!("*:*:{database}:cc_pw_user:right-Pa55\n").as_bytes(),
    );
    // Private, or it is ignored as libpq ignores it (see desk::a_password_file_…).
    std::fs::set_permissions(&pgpass, std::os::unix::fs::PermissionsExt::from_mode(0o600))
        .expect("chmod 600");
    let mut cmd = env.command(&["claim", "list"]);
    cmd.env("CROSSCHECK_DB", &base)
        .env_remove("PGPASSWORD")
        .env("PGPASSFILE", &pgpass);
    assert_success(&["claim", "list"], &TestEnv::run_command(cmd, None));
}

#[test]
fn copy_moves_a_ledger_from_sqlite_to_postgresql_and_back_with_its_chain() {
    if needs_postgres() {
        return;
    }
    let file = TestEnv::empty_sqlite();
    file.ok(&["demo", "--db", file.db.to_str().expect("path")]);
    let server = TestEnv::empty();
    let from = file.db.to_str().expect("path").to_string();
    let to = server.db.to_str().expect("url").to_string();
    let out = file.ok(&["copy", "--from", &from, "--to", &to]);
    assert!(out.contains("hash chains check out"), "{out}");
    server.ok(&["verify"]);
    assert_eq!(
        server.json(&["compare", "atme-raid"]),
        file.json(&["compare", "atme-raid"])
    );
    assert_eq!(server.ok(&["history", "2"]), file.ok(&["history", "2"]));
    assert_eq!(server.ok(&["export"]), file.ok(&["export"]));

    // A copy goes only into an empty ledger.
    let line = file.fail(&["copy", "--from", &from, "--to", &to], 2);
    assert!(line.contains("not empty"), "{line}");

    // And back, into a new file: the same ledger, row for row.
    let back = file.dir().join("back.db");
    let back = back.to_str().expect("path");
    file.ok(&["copy", "--from", &to, "--to", back]);
    file.ok(&["--db", back, "verify"]);
    assert_eq!(file.ok(&["--db", back, "export"]), file.ok(&["export"]));

    // The server's ids go on after the copied rows.
    let id = claim_on(&server);
    assert_eq!(id, 11, "the next claim after the demo's ten");
    server.ok(&["verify"]);
}

fn claim_on(env: &TestEnv) -> i64 {
    let v = env.json(&[
        "claim",
        "add",
        "--article",
        "atme-nl",
        "--source",
        "Pentagon",
        "--text",
        "later",
    ]);
    v["id"].as_i64().expect("id")
}

#[test]
fn verify_names_the_row_tampered_with_on_the_server() {
    if needs_postgres() {
        return;
    }
    let cases: &[(&str, &str)] = &[
        (
            "UPDATE status_change SET note = 'nothing to see' WHERE id = 5",
            "status_change row 5",
        ),
        (
            "UPDATE status_change SET who = 'someone else' WHERE id = 12",
            "status_change row 12",
        ),
        (
            "DELETE FROM status_change WHERE id = 7",
            "status_change row 7 is missing",
        ),
        (
            "UPDATE claim SET text = 'Twenty dead' WHERE id = 1",
            "claim 1: text does not match",
        ),
        (
            "UPDATE figure SET origin_id = 3 WHERE claim_id = 3",
            "figure 4 (claim 3): its origin_id does not match",
        ),
        (
            "UPDATE claim SET source_id = 3 WHERE id = 3; UPDATE figure SET origin_id = 3 WHERE claim_id = 3",
            "claim 3: its source_id is 3 but the record credits source 2",
        ),
        (
            "UPDATE source SET grade = 'A' WHERE id = 3",
            "source 3: its grade is \"A\"",
        ),
        (
            "UPDATE evidence SET url = 'https://example.org/other' WHERE id = 1",
            "evidence row 1",
        ),
        (
            "UPDATE claim SET status = 'false' WHERE id = 9",
            "claim 9 has a status that its history does not end in",
        ),
    ];
    for (sql, named) in cases {
        let env = TestEnv::empty();
        env.ok(&["demo", "--db", env.db.to_str().expect("url")]);
        env.ok(&["verify"]);
        // What someone with the owner's rights could do: switch the triggers off.
        env.sql_exec(&format!(
            "SET session_replication_role = replica; {sql}; SET session_replication_role = origin"
        ))
        .expect("tamper");
        let out = env.run(&["verify"]);
        assert_eq!(out.code, 1, "{sql}: {}{}", out.stdout, out.stderr);
        assert!(
            out.stderr.contains(named),
            "{sql}: expected {named}: {}",
            out.stderr
        );
    }
}

#[test]
fn the_servers_triggers_refuse_what_sqlites_refuse() {
    if needs_postgres() {
        return;
    }
    let env = seeded();
    let id = claim(&env, "SOHR", &["killed=13"]);
    env.ok(&["status", &id.to_string(), "in_progress"]);
    let before = env.snapshot();
    for (sql, says) in [
        ("UPDATE status_change SET note = 'x'", "append-only"),
        ("DELETE FROM status_change", "append-only"),
        ("TRUNCATE status_change CASCADE", "append-only"),
        ("DELETE FROM claim", "cannot be deleted"),
        ("UPDATE claim SET text = 'other'", "content cannot be changed"),
        ("UPDATE claim SET status = 'false'", "status history"),
        ("UPDATE figure SET value = 14", "figure cannot be changed"),
        ("DELETE FROM figure", "cannot be deleted"),
        ("INSERT INTO status_change (id, claim_id, from_status, to_status, who, at, hash) VALUES (99, 1, 'unverified', 'false', 'tester', 'now', repeat('0', 64))", "current status"),
    ] {
        let err = env.sql_exec(sql).expect_err(sql);
        assert!(err.contains(says), "{sql}: {err}");
    }
    assert_eq!(env.snapshot(), before);
}

#[test]
fn backup_points_to_pg_dump_and_copy() {
    if needs_postgres() {
        return;
    }
    let env = TestEnv::new();
    let line = env.fail(&["backup", "copy.db"], 2);
    assert!(
        line.contains("pg_dump") && line.contains("crosscheck copy"),
        "{line}"
    );
    assert!(!env.dir().join("copy.db").exists());
}

#[test]
fn an_import_that_fails_leaves_the_server_ledger_as_it_was() {
    if needs_postgres() {
        return;
    }
    let source = TestEnv::empty_sqlite();
    source.ok(&["demo", "--db", source.db.to_str().expect("path")]);
    let export = source.ok(&["export"]);
    // The last history row's hash no longer matches: found only at the end.
    let mut lines: Vec<String> = export.lines().map(str::to_string).collect();
    let last = lines
        .iter()
        .rposition(|l| l.contains("\"status_change\""))
        .expect("a history row");
    lines[last] = lines[last].replacen("\"who\":\"", "\"who\":\"not ", 1);
    let bad = source.file("bad.jsonl", lines.join("\n").as_bytes());
    let env = TestEnv::new();
    let before = env.snapshot();
    let out = env.run(&["import", bad.to_str().expect("path")]);
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(env.snapshot(), before, "nothing was imported");
    // The good file goes in whole, through COPY, and verifies.
    let good = source.file("good.jsonl", export.as_bytes());
    env.ok(&["import", good.to_str().expect("path")]);
    env.ok(&["verify"]);
    assert_eq!(env.ok(&["export"]), export);
}

/// The triggers an import disables while its rows go in (src/store/postgres/copy.rs)
/// are on again once it ends, whether it committed or not.
fn every_trigger_is_on(env: &TestEnv) {
    let off = env.sql_rows(
        "SELECT c.relname || '.' || t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
         WHERE NOT t.tgisinternal AND t.tgenabled <> 'O' ORDER BY 1",
    );
    assert!(off.is_empty(), "triggers left off: {off:?}");
    for (sql, says) in [
        ("UPDATE claim SET status = 'false'", "status history"),
        ("UPDATE claim SET text = 'other'", "content cannot be changed"),
        (
            "INSERT INTO figure (claim_id, incident_id, origin_id, metric, qualifier, value, low, high, as_of)
             SELECT id, incident_id, source_id, 'killed', 'exact', 1, 1, 1, 'not its as_of' FROM claim LIMIT 1",
            "repeat its claim",
        ),
        (
            "INSERT INTO status_change (id, claim_id, from_status, to_status, who, at, hash)
             SELECT 999, id, 'unverified', 'false', 'postgres', 'now', repeat('0', 64) FROM claim WHERE status <> 'unverified' LIMIT 1",
            "current status",
        ),
    ] {
        let err = env.sql_exec(sql).expect_err(sql);
        assert!(err.contains(says), "{sql}: {err}");
    }
}

#[test]
fn an_import_puts_the_triggers_it_set_aside_back_whether_it_commits_or_not() {
    if needs_postgres() {
        return;
    }
    let source = TestEnv::empty_sqlite();
    source.ok(&["demo", "--db", source.db.to_str().expect("path")]);
    let export = source.ok(&["export"]);
    let mut lines: Vec<String> = export.lines().map(str::to_string).collect();
    let last = lines
        .iter()
        .rposition(|l| l.contains("\"status_change\""))
        .expect("a history row");
    lines[last] = lines[last].replacen("\"who\":\"", "\"who\":\"not ", 1);
    let bad = source.file("bad.jsonl", lines.join("\n").as_bytes());
    let env = TestEnv::new();
    assert_eq!(env.run(&["import", bad.to_str().expect("path")]).code, 2);
    let good = source.file("good.jsonl", export.as_bytes());
    env.ok(&["import", good.to_str().expect("path")]);
    // Each claim has the status its history ends in, set at the load's end.
    assert_eq!(
        env.sql_rows("SELECT id, status FROM claim ORDER BY id"),
        source.sql_rows("SELECT id, status FROM claim ORDER BY id")
    );
    assert!(
        env.sql_count("claim WHERE status <> 'unverified'") > 0,
        "the demo moves some claims"
    );
    every_trigger_is_on(&env);
    env.ok(&["verify"]);
}

/// At 300,000 claims the import's own checks read the freshly loaded tables through
/// plans made without statistics (the rows were not committed, so autovacuum could not
/// analyze them), and took 268 s where the load took 41.
#[test]
fn an_import_analyzes_what_it_loaded_and_traces_its_phases_when_asked() {
    if needs_postgres() {
        return;
    }
    let source = TestEnv::empty_sqlite();
    source.ok(&["demo", "--db", source.db.to_str().expect("path")]);
    let export = source.file("demo.jsonl", source.ok(&["export"]).as_bytes());
    let export = export.to_str().expect("path");
    let env = TestEnv::new();
    let mut cmd = env.command(&["import", export]);
    cmd.env("CROSSCHECK_TRACE_IMPORT", "1");
    let out = TestEnv::run_command(cmd, None);
    assert_eq!(out.code, 0, "{out:?}");
    for phase in [
        "load: parse, check, COPY",
        "COPY claim",
        "ANALYZE of the loaded tables",
        "summary rebuild",
        "walk: claim chains",
        "commit",
    ] {
        assert!(
            out.stderr
                .lines()
                .any(|l| l.starts_with("import trace: ") && l.contains(phase)),
            "no trace of {phase}: {}",
            out.stderr
        );
    }
    // Analyzed by the import itself, not by autovacuum after it.
    assert_eq!(
        env.sql_rows(
            "SELECT relname::text FROM pg_stat_user_tables
             WHERE relname IN ('claim', 'figure', 'status_change', 'record') AND last_analyze IS NOT NULL
             ORDER BY 1"
        ),
        ["\"claim\"", "\"figure\"", "\"record\"", "\"status_change\""]
    );
    env.ok(&["verify"]);
    // Without the variable, an import says nothing of its phases.
    let quiet = TestEnv::new();
    let out = quiet.run(&["import", export]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(!out.stderr.contains("import trace"), "{}", out.stderr);
}

#[test]
fn a_database_of_another_program_is_refused_and_not_touched() {
    if needs_postgres() {
        return;
    }
    let env = TestEnv::empty();
    env.sql_exec("CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('mine')")
        .expect("other schema");
    let before = env.snapshot();
    for args in [&["init"][..], &["claim", "list"]] {
        // As with an SQLite file of another program: exit 1, and no suggestion of
        // `crosscheck init`, which is refused here too (see desk::a_database_holding_…).
        let line = env.fail(args, 1);
        assert!(
            line.contains("not a crosscheck database"),
            "{args:?}: {line}"
        );
    }
    assert_eq!(env.snapshot(), before);
}

#[test]
fn hostile_text_is_stored_exactly_on_the_server() {
    if needs_postgres() {
        return;
    }
    let env = seeded();
    let nasty =
        "'); DROP TABLE claim; -- \u{202e}evil\u{202c} \"quotes\" & <b>tags</b> \\ %s\t%n\r\nend";
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
        env.sql_one("SELECT text FROM claim ORDER BY id DESC LIMIT 1"),
        format!("{nasty:?}")
    );
    // PostgreSQL text holds no NUL character: such a body is refused, clearly.
    let path = env.file("nul.txt", b"a\0b");
    let line = env.fail(
        &[
            "article",
            "add",
            "--title",
            "Nul",
            "--file",
            path.to_str().expect("path"),
        ],
        2,
    );
    assert!(line.contains("NUL"), "{line}");
}

/// A PostgreSQL client program of the test server's version, or on the PATH.
fn pg_program(name: &str) -> String {
    let candidate = format!("/usr/lib/postgresql/15/bin/{name}");
    if std::path::Path::new(&candidate).exists() {
        return candidate;
    }
    name.to_string()
}

#[test]
fn pg_dump_and_pg_restore_keep_the_ledger_and_its_chain_heads() {
    if needs_postgres() {
        return;
    }
    let env = seeded();
    let id = claim(&env, "SOHR", &["killed.children=4"]).to_string();
    env.ok(&["status", &id, "in_progress"]);
    env.ok(&[
        "evidence",
        "add",
        &id,
        "--url",
        "https://example.org/e",
        "--context",
    ]);
    let before = env.json(&["info"]);
    let admin = pg_admin_url().expect("server");
    let source = pg_url_for(&admin, "postgres", &env.ledger_name());
    let dump = env.dir().join("desk.dump");
    let out = Command::new(pg_program("pg_dump"))
        .args(["-Fc", "-d", &source, "-f", dump.to_str().expect("path")])
        .output()
        .expect("run pg_dump");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let restored = crate::PgDatabase::create(crate::PG_ROLE);
    let target = pg_url_for(&admin, "postgres", &restored.name);
    let out = Command::new(pg_program("pg_restore"))
        .args(["-d", &target, dump.to_str().expect("path")])
        .output()
        .expect("run pg_restore");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let url = restored.url(crate::PG_ROLE);
    let after = as_role(&env, &url, &["--format", "json", "info"]);
    assert_success(&["info"], &after);
    let after: serde_json::Value = serde_json::from_str(&after.stdout).expect("json");
    for chain in ["status_change", "evidence"] {
        assert_eq!(after[chain], before[chain], "{chain}");
    }
    assert_success(&["verify"], &as_role(&env, &url, &["verify"]));
    assert_eq!(as_role(&env, &url, &["export"]).stdout, env.ok(&["export"]));
}

#[test]
fn an_import_by_a_role_that_does_not_own_the_tables_is_refused_or_keeps_every_trigger() {
    if needs_postgres() {
        return;
    }
    let env = TestEnv::empty_sqlite();
    let _desk = Desk::take();
    Desk::owner_and_database();
    let owner = Desk::url("crosscheck_admin");
    for args in [&["init"][..], &["desk", "setup"]] {
        assert_success(args, &as_role(&env, &owner, args));
    }
    let mut add = env.command(&["desk", "add", "m_haddad"]);
    add.env("CROSSCHECK_DB", &owner)
        .env_remove("CROSSCHECK_USER");
    assert_success(
        &["desk", "add"],
        &TestEnv::run_command(add, Some(b"first-Pa55\n")),
    );

    // A ledger kept on a laptop by the same fact-checker: every row names m_haddad.
    let laptop = |args: &[&str]| {
        let mut cmd = env.command(args);
        cmd.env("CROSSCHECK_USER", "m_haddad");
        let out = TestEnv::run_command(cmd, None);
        assert_success(args, &out);
        out.stdout
    };
    laptop(&["init"]);
    for args in TWO_CLAIMS.iter().copied().chain([
        &["status", "1", "in_progress"][..],
        &[
            "evidence",
            "add",
            "1",
            "--url",
            "https://example.org/list",
            "--context",
        ],
        &["status", "2", "disputed", "--note", "Counts differ"],
    ]) {
        laptop(args);
    }
    let export = laptop(&["export"]);
    let writer = Desk::url("m_haddad");
    let tables = "SELECT (SELECT count(*) FROM claim) || ' ' || (SELECT count(*) FROM figure)
                         || ' ' || (SELECT count(*) FROM status_change)";
    let mut desk = pg_admin("desk");
    let count = |desk: &mut ::postgres::Client| -> String {
        desk.query_one(tables, &[]).expect("counts").get(0)
    };

    // A writer of the desk may not move the id generators past the file's ids, so the
    // import is refused before it writes anything, in one line that says who may.
    let own = env.file("own.jsonl", export.as_bytes());
    let args = ["import", own.to_str().expect("path")];
    let refused = as_role(&env, &writer, &args);
    let line = assert_failure(&args, &refused, 2);
    assert!(
        line.contains("'m_haddad' may not import") && line.contains("ran `crosscheck init`"),
        "{line}"
    );
    assert_eq!(count(&mut desk), "0 0 0");
    // A copy of the same ledger gets as far as the end, and is refused there, naming
    // who may.
    let laptop_db = env.db.to_str().expect("path").to_string();
    let args = ["copy", "--from", &laptop_db, "--to", &writer];
    let line = assert_failure(&args, &as_role(&env, &writer, &args), 2);
    assert!(
        line.contains("move the id generators") && line.contains("ran `crosscheck init`"),
        "{line}"
    );
    assert_eq!(count(&mut desk), "0 0 0");

    // A role the server's administrator let set the sequences, without owning the
    // tables, imports with every trigger on: rows that name someone else are refused
    // by the trigger that keeps the history's `who` honest, and nothing is written.
    desk.batch_execute("GRANT UPDATE ON ALL SEQUENCES IN SCHEMA public TO m_haddad")
        .expect("grant");
    let someone_else = env.file(
        "someone-else.jsonl",
        export.replace("\"m_haddad\"", "\"j_devries\"").as_bytes(),
    );
    let args = ["import", someone_else.to_str().expect("path")];
    let refused = as_role(&env, &writer, &args);
    let line = assert_failure(&args, &refused, 2);
    assert!(line.contains("who must be the database role"), "{line}");
    assert_eq!(count(&mut desk), "0 0 0");

    // The writer's own rows go in with the triggers on (a role that does not own the
    // tables cannot set them aside) and verify.
    let args = ["import", own.to_str().expect("path")];
    assert_success(&args, &as_role(&env, &writer, &args));
    assert_eq!(count(&mut desk), "2 2 4");
    let off: i64 = desk
        .query_one(
            "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'O'",
            &[],
        )
        .expect("triggers")
        .get(0);
    assert_eq!(off, 0, "every trigger stays on");
    assert_success(&["verify"], &as_role(&env, &writer, &["verify"]));
    let statuses = as_role(&env, &writer, &["claim", "list", "--format", "csv"]);
    assert!(
        statuses.stdout.contains("in_progress") && statuses.stdout.contains("disputed"),
        "{}",
        statuses.stdout
    );
}
