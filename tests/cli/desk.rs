//! A desk on PostgreSQL, safe by default: a writer that gives up on a lock held
//! elsewhere, the errors a desk meets each as one line with what to do, libpq's
//! environment variables and password file, and a password that never shows in a
//! message. Those that need a server run when the suite runs on PostgreSQL (and, for
//! logins with a password over TCP, on the TLS server of `scripts/with-postgres --tls`);
//! otherwise they say on stderr that they were skipped.

use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::tls::{password, tls_server, user_and_password, Ledger, PG_VARIABLES};
use crate::{
    assert_failure, assert_success, claim, on_postgres, pg_admin, pg_ensure_role, pg_url_for,
    seeded, Backend, Out, TestEnv,
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

/// The binary against `url`, with no libpq variable but `vars`, HOME its own folder.
fn run_at(env: &TestEnv, url: &str, args: &[&str], vars: &[(&str, &str)]) -> Out {
    let mut cmd = env.command(args);
    cmd.env("CROSSCHECK_DB", url)
        .env("HOME", env.dir())
        .env_remove("CROSSCHECK_USER");
    for name in PG_VARIABLES {
        cmd.env_remove(name);
    }
    for (name, value) in vars {
        cmd.env(name, value);
    }
    TestEnv::run_command(cmd, None)
}

// 2. Lock timeout.

#[test]
fn a_writer_gives_up_on_a_claim_locked_elsewhere_after_the_busy_timeout() {
    if needs_postgres() {
        return;
    }
    let env = seeded();
    let id = claim(&env, "SOHR", &["killed.children=4"]);
    let database = env.pg().expect("on PostgreSQL").name.clone();
    // Another connection (a psql session, a suspended laptop) holds the claim's row.
    let mut holder = pg_admin(&database);
    let mut tx = holder.transaction().expect("begin");
    tx.query("SELECT 1 FROM claim WHERE id = $1 FOR UPDATE", &[&id])
        .expect("lock the claim");
    let before = env.snapshot();
    let args = ["status", &id.to_string(), "in_progress"].map(str::to_string);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut cmd = env.command(&args);
    cmd.env("CROSSCHECK_BUSY_TIMEOUT_MS", "700")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let out = TestEnv::run_command(cmd, None);
    let waited = started.elapsed();
    let line = assert_failure(&args, &out, 1);
    assert!(
        line.contains("stayed locked by another connection for 0.7 s")
            && line.contains("nothing was written"),
        "{line}"
    );
    assert!(
        waited >= Duration::from_millis(700) && waited < Duration::from_secs(15),
        "waited {waited:?}"
    );
    tx.rollback().expect("release");
    assert_eq!(env.snapshot(), before, "nothing was written");
    // Once the lock is gone, the same command goes through.
    env.ok(&args);
}

#[test]
fn a_malformed_busy_timeout_is_refused_on_both_backends() {
    for backend in [Backend::Suite, Backend::Sqlite] {
        let env = TestEnv::new_on(backend);
        let before = env.snapshot();
        for args in [&["claim", "list"][..], &["source", "add", "Reuters"]] {
            let mut cmd = env.command(args);
            cmd.env("CROSSCHECK_BUSY_TIMEOUT_MS", "abc");
            let line = assert_failure(args, &TestEnv::run_command(cmd, None), 2);
            assert!(
                line.contains("CROSSCHECK_BUSY_TIMEOUT_MS=abc is not a number of milliseconds"),
                "{line}"
            );
        }
        assert_eq!(env.snapshot(), before);
    }
}

// 3. Errors a desk meets.

#[test]
fn a_role_that_lost_its_grants_is_told_to_ask_the_owner() {
    if needs_postgres() {
        return;
    }
    let env = seeded();
    let role = "cc_revoked_checker";
    pg_ensure_role(role, "LOGIN");
    let database = env.pg().expect("on PostgreSQL").name.clone();
    let mut owner = pg_admin(&database);
    owner
        .batch_execute(&format!(
            "SET ROLE tester; GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}; RESET ROLE"
        ))
        .expect("grant");
    let url = pg_url_for(env.db.to_str().expect("address"), role, &database);
    assert_success(
        &["claim", "list"],
        &run_at(&env, &url, &["claim", "list"], &[]),
    );
    owner
        .batch_execute(&format!(
            "SET ROLE tester; REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}; RESET ROLE"
        ))
        .expect("revoke");
    let out = run_at(&env, &url, &["claim", "list"], &[]);
    let line = assert_failure(&["claim", "list"], &out, 2);
    assert!(
        line.contains(&format!(
            "the database role '{role}' may not read the ledger"
        )) && line.contains("permission denied for table crosscheck_schema")
            && line.contains("ask the ledger's owner"),
        "{line}"
    );
    assert!(!line.contains("db error"), "{line}");
}

#[test]
fn a_missing_password_is_named_with_where_to_put_it() {
    let Some(server) = tls_server() else { return };
    let ledger = Ledger::new();
    let url = ledger.url(&server, "127.0.0.1", "sslmode=require");
    assert_success(&["init"], &ledger.run(&url, &["init"]));
    let user = user_and_password(&server.url)
        .split(':')
        .next()
        .expect("user")
        .to_string();
    let without = url.replacen(&user_and_password(&server.url), &user, 1);
    let out = ledger.run_with(&without, &["claim", "list"], &[]);
    let line = assert_failure(&["claim", "list"], &out, 2);
    assert!(
        line.contains(&format!(
            "the server asks the role '{user}' for a password and none was given"
        )) && line.contains("~/.pgpass")
            && line.contains("PGPASSWORD"),
        "{line}"
    );
    assert!(!line.contains("check that the server runs"), "{line}");
}

#[test]
fn a_database_holding_other_tables_does_not_suggest_init() {
    if needs_postgres() {
        return;
    }
    let env = TestEnv::empty();
    env.sql_exec("CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('mine')")
        .expect("other schema");
    let before = env.snapshot();
    for args in [&["init"][..], &["claim", "list"], &["source", "add", "X"]] {
        let line = env.fail(args, 1);
        assert!(
            line.contains("is not a crosscheck database: it holds other tables (notes)")
                && line.contains("a database of its own (createdb NAME)"),
            "{args:?}: {line}"
        );
        assert!(!line.contains("`crosscheck init`"), "{args:?}: {line}");
    }
    assert_eq!(env.snapshot(), before);
}

#[test]
fn a_server_that_is_down_is_named_by_host_and_port() {
    // Nothing listens on port 1: no server is needed to run this.
    let env = TestEnv::empty_sqlite();
    let out = run_at(
        &env,
        "postgresql://checker:pw@127.0.0.1:1/desk",
        &["claim", "list"],
        &[],
    );
    let line = assert_failure(&["claim", "list"], &out, 1);
    assert_eq!(
        line,
        "crosscheck: cannot connect to the PostgreSQL ledger at postgresql://checker:***@127.0.0.1:1/desk: nothing answers at 127.0.0.1:1; check that the server runs (pg_isready tells) and that the host and port are right"
    );
}

#[test]
fn a_wrong_database_name_is_named_with_how_to_list_them() {
    if needs_postgres() {
        return;
    }
    let env = TestEnv::new();
    let url = env
        .db
        .to_str()
        .expect("address")
        .replacen(&env.ledger_name(), "no_such_desk", 1);
    let out = run_at(&env, &url, &["claim", "list"], &[]);
    let line = assert_failure(&["claim", "list"], &out, 2);
    assert!(
        line.contains("database \"no_such_desk\" does not exist") && line.contains("psql -l"),
        "{line}"
    );
}

// 4. libpq's environment.

#[test]
fn pghost_pgport_pguser_and_pgdatabase_fill_in_what_the_address_leaves_out() {
    if needs_postgres() {
        return;
    }
    let env = TestEnv::new();
    env.ok(&["source", "add", "Reuters"]);
    let address = env.db.to_str().expect("address").to_string();
    let query = address.split_once('?').expect("socket parameters").1;
    let param = |name: &str| {
        query
            .split('&')
            .find_map(|p| p.strip_prefix(&format!("{name}=")))
            .map(str::to_string)
    };
    let host = param("host").unwrap_or_else(|| panic!("host in {address}"));
    // A socket-only server (scripts/with-postgres without --tls) leaves the port out of the
    // address: its socket is named for libpq's default port.
    let port = param("port").unwrap_or_else(|| "5432".to_string());
    let vars = [
        ("PGHOST", host.as_str()),
        ("PGPORT", port.as_str()),
        ("PGUSER", crate::PG_ROLE),
        ("PGDATABASE", &env.ledger_name()),
    ];
    let out = run_at(&env, "postgresql://", &["source", "list"], &vars);
    assert_success(&["source", "list"], &out);
    assert!(out.stdout.contains("Reuters"), "{}", out.stdout);
    // What the address says wins: another database in it is the one opened.
    let out = run_at(
        &env,
        &format!("postgresql:///no_such_desk?host={host}&port={port}"),
        &["source", "list"],
        &vars,
    );
    let line = assert_failure(&["source", "list"], &out, 2);
    assert!(line.contains("\"no_such_desk\" does not exist"), "{line}");
    let out = run_at(
        &env,
        "postgresql://",
        &["source", "list"],
        &[
            ("PGHOST", host.as_str()),
            ("PGPORT", "fifty"),
            ("PGUSER", crate::PG_ROLE),
        ],
    );
    let line = assert_failure(&["source", "list"], &out, 2);
    assert!(line.contains("PGPORT=fifty is not a port number"), "{line}");
}

#[test]
fn connections_are_named_crosscheck_unless_pgappname_or_the_address_says_otherwise() {
    if needs_postgres() {
        return;
    }
    let env = seeded();
    let database = env.ledger_name();
    let url = env.db.to_str().expect("address").to_string();
    // While a writer waits on a held claim, pg_stat_activity shows its name.
    let id = claim(&env, "SOHR", &["killed.children=4"]);
    let name_of_waiting_writer = |to: &[&str], vars: &[(&str, &str)]| -> String {
        let mut holder = pg_admin(&database);
        let mut tx = holder.transaction().expect("begin");
        tx.query("SELECT 1 FROM claim WHERE id = $1 FOR UPDATE", &[&id])
            .expect("lock");
        let id = id.to_string();
        let mut args = vec!["status", id.as_str()];
        args.extend_from_slice(to);
        let mut cmd = env.command(&args);
        cmd.env("CROSSCHECK_DB", &url)
            .env("CROSSCHECK_BUSY_TIMEOUT_MS", "20000");
        for name in PG_VARIABLES {
            cmd.env_remove(name);
        }
        for (name, value) in vars {
            cmd.env(name, value);
        }
        cmd.stdout(Stdio::null()).stderr(Stdio::null());
        let mut child = cmd.spawn().expect("spawn");
        let mut watcher = pg_admin(&database);
        let started = Instant::now();
        let name = loop {
            let row = watcher
                .query_opt(
                    "SELECT application_name FROM pg_stat_activity
                     WHERE datname = current_database() AND wait_event_type = 'Lock'",
                    &[],
                )
                .expect("pg_stat_activity");
            if let Some(row) = row {
                break row.get::<_, String>(0);
            }
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "no waiting writer"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        tx.rollback().expect("release");
        assert!(child.wait().expect("wait").success());
        name
    };
    assert_eq!(name_of_waiting_writer(&["in_progress"], &[]), "crosscheck");
    assert_eq!(
        name_of_waiting_writer(
            &["disputed", "--note", "counts differ"],
            &[("PGAPPNAME", "desk-laptop-3")]
        ),
        "desk-laptop-3"
    );
}

#[test]
fn a_password_file_others_can_read_is_ignored_with_a_warning() {
    let Some(server) = tls_server() else { return };
    let ledger = Ledger::new();
    let url = ledger.url(&server, "127.0.0.1", "sslmode=require");
    assert_success(&["init"], &ledger.run(&url, &["init"]));
    let user = user_and_password(&server.url)
        .split(':')
        .next()
        .expect("user")
        .to_string();
    let without = url.replacen(&user_and_password(&server.url), &user, 1);
    let env = TestEnv::empty_sqlite();
    let pgpass = env.file(
        "pgpass",
        format!("127.0.0.1:*:*:{user}:{}\n", password(&server.url)).as_bytes(),
    );
    let file = pgpass.to_str().expect("path");
    set_mode(&pgpass, 0o644);
    let out = run_at(&env, &without, &["claim", "list"], &[("PGPASSFILE", file)]);
    assert_eq!(out.code, 2, "{out:?}");
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{out:?}");
    assert_eq!(
        lines[0],
        format!("crosscheck: warning: the password file {file} is readable by others and is ignored, as libpq does; make it private with chmod 600 {file}")
    );
    assert!(
        lines[1].contains("for a password and none was given"),
        "{out:?}"
    );
    set_mode(&pgpass, 0o600);
    let out = run_at(&env, &without, &["claim", "list"], &[("PGPASSFILE", file)]);
    assert_success(&["claim", "list"], &out);
    assert!(out.stderr.is_empty(), "{out:?}");
    // ~/.pgpass, where PGPASSFILE is not set.
    std::fs::copy(&pgpass, env.dir().join(".pgpass")).expect("copy");
    set_mode(&env.dir().join(".pgpass"), 0o600);
    assert_success(
        &["claim", "list"],
        &run_at(&env, &without, &["claim", "list"], &[]),
    );
}

fn set_mode(path: &std::path::Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

#[test]
fn only_the_password_field_of_the_address_is_hidden() {
    // issue 15, item 7: the password's text elsewhere in the message stays.
    let env = TestEnv::empty_sqlite();
    for (url, shown) in [
        (
            "postgresql://u:server@127.0.0.1:1/x",
            "postgresql://u:***@127.0.0.1:1/x",
        ),
        (
            "postgresql://u:1@127.0.0.1:1/x",
            "postgresql://u:***@127.0.0.1:1/x",
        ),
    ] {
        let out = run_at(&env, url, &["claim", "list"], &[]);
        let line = assert_failure(&["claim", "list"], &out, 1);
        assert_eq!(
            line,
            format!("crosscheck: cannot connect to the PostgreSQL ledger at {shown}: nothing answers at 127.0.0.1:1; check that the server runs (pg_isready tells) and that the host and port are right")
        );
    }
}

// 6. `desk`.

#[test]
fn desk_commands_on_an_sqlite_file_are_refused() {
    let env = TestEnv::new_on(Backend::Sqlite);
    let before = env.snapshot();
    for args in [
        &["desk", "list"][..],
        &["desk", "setup"],
        &["desk", "remove", "m_haddad"],
    ] {
        let line = env.fail(args, 2);
        assert!(
            line.contains("an SQLite file has no roles"),
            "{args:?}: {line}"
        );
    }
    assert_eq!(env.snapshot(), before);
}

#[test]
fn a_desk_member_name_that_would_need_quoting_is_refused() {
    let env = TestEnv::new();
    for name in [
        "Robert\"; DROP ROLE x; --",
        "M_Haddad",
        "pg_monitor",
        "crosscheck_writer",
        "",
    ] {
        let line = env.fail(&["desk", "remove", name], 2);
        assert!(
            line.contains("is not a name for a desk member"),
            "{name}: {line}"
        );
    }
}
