//! `status`, `evidence add`, `history`: a claim worked to a verdict, every step a row in
//! an append-only history that SQLite itself refuses to change.

use crate::{claim, seeded_on, Backend, TestEnv};

/// A seeded ledger with one claim (id 1) by the Observatory.
fn one_claim() -> (TestEnv, String) {
    one_claim_on(Backend::Suite)
}

/// As [`one_claim`], on `backend`.
fn one_claim_on(backend: Backend) -> (TestEnv, String) {
    let env = seeded_on(backend);
    let id = claim(&env, "SOHR", &["killed.children=4"]);
    (env, id.to_string())
}

fn is_utc_rfc3339(text: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(text).is_ok() && text.ends_with('Z')
}

#[test]
fn a_claim_is_worked_from_unverified_to_a_verdict_with_history() {
    let (env, id) = one_claim_on(Backend::sqlite_only(
        "--by names someone else; on PostgreSQL who is the role, see postgres::desk_commands_set_up_writers_who_are_their_role_and_a_reader_who_only_reads",
    ));
    env.ok(&["status", &id, "in_progress"]);
    env.ok(&[
        "--by",
        "m.haddad",
        "status",
        &id,
        "disputed",
        "--note",
        "Civil Defence counts 6 children",
        "--evidence",
        "https://example.org/sy-cd",
    ]);
    assert_eq!(env.sql_one("SELECT status FROM claim"), r#""disputed""#);
    let v = env.json(&["history", &id]);
    assert_eq!(v["status"], "disputed");
    let history = v["history"].as_array().expect("history");
    let steps: Vec<(Option<&str>, &str)> = history
        .iter()
        .map(|h| (h["from"].as_str(), h["to"].as_str().expect("to")))
        .collect();
    assert_eq!(
        steps,
        vec![
            (None, "unverified"),
            (Some("unverified"), "in_progress"),
            (Some("in_progress"), "disputed"),
        ]
    );
    for h in history {
        let at = h["at"].as_str().expect("at");
        assert!(is_utc_rfc3339(at), "UTC RFC 3339: {at}");
        assert_eq!(at, crate::NOW);
    }
    assert_eq!(history[1]["who"], "tester");
    assert_eq!(history[2]["who"], "m.haddad", "--by names who acted");
    assert_eq!(history[2]["note"], "Civil Defence counts 6 children");
    let evidence = v["evidence"].as_array().expect("evidence");
    assert_eq!(evidence.len(), 1);
    assert_eq!(evidence[0]["url"], "https://example.org/sy-cd");
    assert_eq!(
        evidence[0]["stance"], "context",
        "evidence for a dispute is context"
    );
    assert_eq!(evidence[0]["status_change"], history[2]["id"]);
    assert_eq!(evidence[0]["who"], "m.haddad");
    let table = env.ok(&["history", &id]);
    for expected in [
        "recorded as unverified",
        "unverified → in_progress",
        "in_progress → disputed",
        "Civil Defence counts 6 children",
        "https://example.org/sy-cd",
        "m.haddad",
    ] {
        assert!(table.contains(expected), "{expected} in:\n{table}");
    }
}

#[test]
fn history_time_is_stored_in_utc_when_the_clock_has_an_offset() {
    let (env, id) = one_claim();
    let mut cmd = env.command(&["status", &id, "in_progress"]);
    cmd.env("CROSSCHECK_NOW", "2022-02-05T14:30:00+02:00");
    let out = TestEnv::run_command(cmd, None);
    crate::assert_success(&["status", "in_progress"], &out);
    assert_eq!(
        env.sql_one("SELECT at FROM status_change ORDER BY id DESC LIMIT 1"),
        r#""2022-02-05T12:30:00Z""#
    );
}

#[test]
fn every_history_row_has_who_and_utc_rfc3339_time() {
    let (env, id) = one_claim();
    env.ok(&[
        "status",
        &id,
        "verified",
        "--note",
        "matches the burial list",
    ]);
    env.ok(&[
        "evidence",
        "add",
        &id,
        "--url",
        "https://example.org/list",
        "--supports",
    ]);
    for row in
        env.sql_rows("SELECT who, at FROM status_change UNION ALL SELECT who, at FROM evidence")
    {
        let (who, at) = row.split_once('|').expect("two columns");
        assert_eq!(who, r#""tester""#);
        let at = at.trim_matches('"');
        assert!(is_utc_rfc3339(at), "{at}");
    }
}

#[test]
fn verdict_without_note_is_refused_and_nothing_written() {
    let (env, id) = one_claim();
    env.ok(&["status", &id, "in_progress"]);
    let before = env.snapshot();
    for verdict in [
        "verified",
        "false",
        "misleading",
        "disputed",
        "unverifiable",
        "retracted",
    ] {
        let line = env.fail(&["status", &id, verdict], 2);
        assert!(line.contains("--note"), "{verdict}: {line}");
        let line = env.fail(&["status", &id, verdict, "--note", "   "], 2);
        assert!(line.contains("--note"), "blank note for {verdict}: {line}");
    }
    assert_eq!(env.snapshot(), before);
}

#[test]
fn reopening_a_verdict_needs_a_note() {
    let (env, id) = one_claim();
    env.ok(&["status", &id, "false", "--note", "hospital list says 6"]);
    let before = env.snapshot();
    let line = env.fail(&["status", &id, "in_progress"], 2);
    assert!(
        line.contains("reopening") && line.contains("--note"),
        "{line}"
    );
    assert_eq!(env.snapshot(), before);
    env.ok(&["status", &id, "in_progress", "--note", "new list published"]);
    assert_eq!(
        env.sql_rows(
            "SELECT from_status, to_status, note FROM status_change ORDER BY id DESC LIMIT 1"
        ),
        vec![r#""false"|"in_progress"|"new list published""#]
    );
}

#[test]
fn a_second_verdict_needs_a_reopening_first() {
    let (env, id) = one_claim();
    env.ok(&["status", &id, "verified", "--note", "ok"]);
    let before = env.snapshot();
    let line = env.fail(&["status", &id, "false", "--note", "changed my mind"], 2);
    assert!(
        line.contains("verified") && line.contains("false"),
        "{line}"
    );
    let line = env.fail(&["status", &id, "verified", "--note", "again"], 2);
    assert!(line.contains("already verified"), "{line}");
    let line = env.fail(&["status", &id, "unverified", "--note", "back"], 2);
    assert!(line.contains("unverified"), "{line}");
    assert_eq!(env.snapshot(), before);
    env.ok(&["status", &id, "in_progress", "--note", "reopened"]);
    env.ok(&["status", &id, "false", "--note", "changed my mind"]);
    // recorded, verified, reopened, false.
    assert_eq!(env.sql_count("status_change"), 4);
}

#[test]
fn retraction_and_its_reopening_are_recorded() {
    let (env, id) = one_claim();
    env.ok(&[
        "status",
        &id,
        "retracted",
        "--note",
        "SOHR withdrew the count",
    ]);
    env.ok(&["status", &id, "in_progress", "--note", "SOHR restated it"]);
    assert_eq!(env.sql_one("SELECT status FROM claim"), r#""in_progress""#);
}

#[test]
fn evidence_add_records_stance_note_who_and_when() {
    let (env, id) = one_claim();
    let v = env.json(&[
        "evidence",
        "add",
        &id,
        "--url",
        "https://example.org/hospital-list",
        "--contradicts",
        "--note",
        "Hospital list names 6 children",
    ]);
    assert_eq!(v["stance"], "contradicts");
    env.ok(&[
        "evidence",
        "add",
        &id,
        "--url",
        "file:///docs/list.pdf",
        "--context",
    ]);
    assert_eq!(
        env.sql_rows(
            "SELECT url, stance, note, status_change_id, who, at FROM evidence ORDER BY id"
        ),
        vec![
            format!(
                r#""https://example.org/hospital-list"|"contradicts"|"Hospital list names 6 children"|NULL|"tester"|"{}""#,
                crate::NOW
            ),
            format!(
                r#""file:///docs/list.pdf"|"context"|NULL|NULL|"tester"|"{}""#,
                crate::NOW
            ),
        ]
    );
    assert_eq!(
        env.sql_one("SELECT status FROM claim"),
        r#""unverified""#,
        "evidence alone changes no status"
    );
    let out = env.ok(&["claim", "show", &id]);
    assert!(out.contains("Hospital list names 6 children"), "{out}");
}

#[test]
fn evidence_needs_exactly_one_stance() {
    let (env, id) = one_claim();
    let before = env.snapshot();
    let out = env.run(&["evidence", "add", &id, "--url", "https://example.org/x"]);
    assert_eq!(out.code, 2, "{out:?}");
    let out = env.run(&[
        "evidence",
        "add",
        &id,
        "--url",
        "https://example.org/x",
        "--supports",
        "--contradicts",
    ]);
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn missing_user_is_refused_with_exit_2() {
    let (env, id) = one_claim_on(Backend::sqlite_only(
        "no user given; on PostgreSQL who is the role",
    ));
    let before = env.snapshot();
    let mut cmd = env.command(&["status", &id, "in_progress"]);
    cmd.env_remove("CROSSCHECK_USER").env_remove("USER");
    let out = TestEnv::run_command(cmd, None);
    let line = crate::assert_failure(&["status", "in_progress"], &out, 2);
    assert!(
        line.contains("--by") && line.contains("CROSSCHECK_USER"),
        "{line}"
    );
    assert_eq!(env.snapshot(), before);
    // $USER is the last resort.
    let mut cmd = env.command(&["status", &id, "in_progress"]);
    cmd.env_remove("CROSSCHECK_USER").env("USER", "unixname");
    let out = TestEnv::run_command(cmd, None);
    crate::assert_success(&["status", "in_progress"], &out);
    assert_eq!(
        env.sql_one("SELECT who FROM status_change ORDER BY id DESC LIMIT 1"),
        r#""unixname""#
    );
}

// --- append-only, enforced by SQLite itself -------------------------------------------

fn worked_claim() -> TestEnv {
    let (env, id) = one_claim();
    env.ok(&[
        "status",
        &id,
        "verified",
        "--note",
        "ok",
        "--evidence",
        "https://example.org/a",
    ]);
    env.ok(&[
        "evidence",
        "add",
        &id,
        "--url",
        "https://example.org/b",
        "--supports",
    ]);
    env
}

fn raw_sql_is_refused(env: &TestEnv, sql: &str) {
    let before = env.snapshot();
    let err = env
        .sql_exec(sql)
        .expect_err(&format!("the database must refuse: {sql}"));
    assert!(
        err.contains("append-only"),
        "{sql}: the error names the rule: {err}"
    );
    assert_eq!(env.snapshot(), before, "{sql} changed nothing");
}

#[test]
fn update_of_status_history_fails_inside_sqlite() {
    let env = worked_claim();
    raw_sql_is_refused(&env, "UPDATE status_change SET note = 'rewritten'");
    raw_sql_is_refused(
        &env,
        "UPDATE status_change SET who = 'someone else' WHERE id = 1",
    );
}

#[test]
fn delete_of_status_history_fails_inside_sqlite() {
    let env = worked_claim();
    raw_sql_is_refused(&env, "DELETE FROM status_change");
    raw_sql_is_refused(&env, "DELETE FROM status_change WHERE id = 2");
}

#[test]
fn update_of_evidence_fails_inside_sqlite() {
    let env = worked_claim();
    raw_sql_is_refused(&env, "UPDATE evidence SET stance = 'contradicts'");
}

#[test]
fn delete_of_evidence_fails_inside_sqlite() {
    let env = worked_claim();
    raw_sql_is_refused(&env, "DELETE FROM evidence");
}

#[test]
fn claim_status_cannot_be_set_around_the_history() {
    let env = worked_claim();
    let before = env.snapshot();
    let err = env
        .sql_exec("UPDATE claim SET status = 'false'")
        .expect_err("status moves only through history");
    assert!(err.contains("status history"), "{err}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn empty_crosscheck_user_falls_back_to_user() {
    let (env, id) = one_claim_on(Backend::sqlite_only("$USER; on PostgreSQL who is the role"));
    let mut cmd = env.command(&["status", &id, "in_progress"]);
    cmd.env("CROSSCHECK_USER", "").env("USER", "unixname");
    let out = TestEnv::run_command(cmd, None);
    crate::assert_success(&["status", "in_progress"], &out);
    assert_eq!(
        env.sql_one("SELECT who FROM status_change ORDER BY id DESC LIMIT 1"),
        r#""unixname""#
    );
}
