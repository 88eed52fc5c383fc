//! `migrate` and the schema version on a shared server: only the owner brings a ledger
//! forward, no other command does it on its own, and a ledger newer than the binary is
//! refused and left exactly as it was. The newer and older ledgers are simulated by
//! setting the stored version (99, 0), as this build has no other version to meet.

use crate::{assert_failure, pg_admin, pg_ensure_role, pg_url_for, Out, TestEnv};

fn set_version(env: &TestEnv, version: i64) {
    env.sql_exec(&if env.pg().is_some() {
        format!("UPDATE crosscheck_schema SET version = {version}")
    } else {
        format!("PRAGMA user_version = {version}")
    })
    .expect("set the schema version");
}

fn as_role(env: &TestEnv, url: &str, args: &[&str]) -> Out {
    let mut cmd = env.command(args);
    cmd.env("CROSSCHECK_DB", url).env_remove("CROSSCHECK_USER");
    TestEnv::run_command(cmd, None)
}

#[test]
fn migrate_on_a_ledger_at_the_current_version_changes_nothing() {
    let env = TestEnv::new();
    env.ok(&["source", "add", "Reuters"]);
    let before = env.snapshot();
    let out = env.ok(&["migrate"]);
    assert!(
        out.contains("is at schema version 6, the newest this crosscheck knows; nothing changed"),
        "{out}"
    );
    assert_eq!(env.snapshot(), before);
    let json = env.json(&["migrate"]);
    assert_eq!(json["schema_version"], 6);
}

#[test]
fn migrate_without_a_ledger_says_to_init() {
    let env = TestEnv::empty();
    let line = env.fail(&["migrate"], 2);
    assert!(line.contains("crosscheck init"), "{line}");
}

#[test]
fn an_older_crosscheck_meeting_a_newer_ledger_refuses_and_touches_nothing() {
    let env = TestEnv::new();
    env.ok(&["source", "add", "Reuters"]);
    set_version(&env, 99);
    let before = env.snapshot();
    for args in [
        &["migrate"][..],
        &["init"],
        &["info"],
        &["claim", "list"],
        &["source", "add", "AP"],
    ] {
        let line = env.fail(args, 1);
        if env.pg().is_some() {
            assert!(
                line.contains("this ledger is version 99; update crosscheck"),
                "{args:?}: {line}"
            );
        } else {
            assert!(
                line.contains("99") && line.contains("upgrade crosscheck"),
                "{line}"
            );
        }
        assert_eq!(env.snapshot(), before, "{args:?}");
    }
}

#[test]
fn only_the_owner_migrates_a_shared_ledger_and_no_other_command_does() {
    let env = TestEnv::new();
    let Some(pg) = env.pg() else {
        eprintln!(
            "skipped: runs only against PostgreSQL (scripts/with-postgres cargo test --test cli)"
        );
        return;
    };
    env.ok(&["source", "add", "Reuters"]);
    let writer = "cc_migrate_writer";
    pg_ensure_role(writer, "LOGIN");
    pg_admin(&pg.name)
        .batch_execute(&format!(
            "GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO {writer}"
        ))
        .expect("grant");
    let writer_url = pg_url_for(env.db.to_str().expect("address"), writer, &pg.name);
    // An older ledger: this build's own version is the only one it knows, so the stored
    // version is set back.
    set_version(&env, 0);
    let before = env.snapshot();
    for args in [&["source", "add", "AP"][..], &["claim", "list"], &["init"]] {
        for url in [env.db.to_str().expect("address"), writer_url.as_str()] {
            let line = assert_failure(args, &as_role(&env, url, args), 1);
            assert!(
                line.contains("this ledger is version 0 and this crosscheck works on version 6; nothing was changed: the ledger's owner brings it forward with `crosscheck migrate`"),
                "{args:?}: {line}"
            );
        }
    }
    let line = assert_failure(&["migrate"], &as_role(&env, &writer_url, &["migrate"]), 2);
    assert!(
        line.contains(&format!(
            "only the ledger's owner brings it forward, and the database role '{writer}' is not '{}'",
            crate::PG_ROLE
        )),
        "{line}"
    );
    assert_eq!(env.snapshot(), before);
    assert_eq!(env.sql_one("SELECT version FROM crosscheck_schema"), "0");
}
