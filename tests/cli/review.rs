//! A desk's division of work (issue 14, items 4 to 6), on both backends: the `review`
//! setting, four-eyes review of verdicts and what it gates (lint, ClaimReview, the
//! report's words), assignment, internal notes kept out of every published format; each
//! in the record (a raw change is named by `verify`) and carried by export, import and
//! copy. On PostgreSQL the server itself refuses a review by the verdict's author and a
//! setting changed by a fact-checker.

use serde_json::Value;

use crate::postgres::{as_role, Desk};
use crate::record::tamper;
use crate::{
    assert_failure, assert_success, claim, on_postgres, pg_admin, pg_ensure_role, pg_url_for,
    seeded, Out, TestEnv, PG_ROLE,
};

/// The role a colleague acts as on PostgreSQL: a member of the ledger's owner role, so
/// that the tests of the rules above the backends run on both; the server's own
/// enforcement among desk members is `on_postgres_four_eyes_is_the_servers_own_rule`.
const PG_COLLEAGUE: &str = "cc_colleague";

/// Who the colleague is in the history: a declared name on SQLite, the role on a server.
fn colleague(env: &TestEnv) -> &'static str {
    if env.pg().is_some() {
        PG_COLLEAGUE
    } else {
        "m.haddad"
    }
}

/// Runs the binary as a second person: `--by m.haddad` on SQLite (names are declared),
/// the role cc_colleague on PostgreSQL (where the history records the role).
fn as_colleague(env: &TestEnv, args: &[&str]) -> Out {
    match env.pg() {
        Some(pg) => {
            pg_ensure_role(PG_COLLEAGUE, &format!("LOGIN IN ROLE {PG_ROLE}"));
            let url = pg_url_for(env.db.to_str().expect("address"), PG_COLLEAGUE, &pg.name);
            let mut cmd = env.command(args);
            cmd.env("CROSSCHECK_DB", url).env_remove("CROSSCHECK_USER");
            TestEnv::run_command(cmd, None)
        }
        None => {
            let mut all = vec!["--by", "m.haddad"];
            all.extend(args);
            env.run(&all)
        }
    }
}

fn colleague_ok(env: &TestEnv, args: &[&str]) -> String {
    let out = as_colleague(env, args);
    assert_success(args, &out);
    out.stdout
}

/// Two claims about atme-raid with verdicts set by the test's own user: claim A (the
/// Observatory, verified) and claim B (the Civil Defence, false), each with evidence.
fn two_verdicts(env: &TestEnv) -> (String, String) {
    let a = claim(env, "SOHR", &["killed=13"]).to_string();
    let b = claim(env, "White Helmets", &["killed=13"]).to_string();
    env.ok(&[
        "status",
        &a,
        "verified",
        "--note",
        "burial list",
        "--evidence",
        "https://example.org/list",
    ]);
    env.ok(&[
        "status",
        &b,
        "false",
        "--note",
        "double count",
        "--evidence",
        "https://example.org/count",
    ]);
    (a, b)
}

fn ids(v: &Value) -> Vec<i64> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(|c| c["id"].as_i64().expect("an id"))
        .collect()
}

fn claimreviews(env: &TestEnv) -> Vec<String> {
    let out = env.ok(&[
        "report",
        "atme-raid",
        "--format",
        "claimreview",
        "--publisher",
        "Example Checks",
        "--report-url",
        "https://checks.example.org/atme",
    ]);
    let v: Value = serde_json::from_str(&out).expect("JSON-LD");
    v.as_array()
        .expect("an array")
        .iter()
        .map(|r| r["url"].as_str().expect("url").to_string())
        .collect()
}

#[test]
fn with_review_required_a_verdict_waits_for_a_second_person_before_it_is_published() {
    let env = seeded();
    let (a, b) = two_verdicts(&env);
    let reviewer = colleague(&env);
    // Off by default: both verdicts are published, lint has nothing to say of review.
    assert_eq!(claimreviews(&env).len(), 2);
    env.ok(&["lint", "atme-raid"]);
    let set = env.json(&["config", "set", "review", "required"]);
    assert_eq!(set["was"], "off");
    assert_eq!(set["value"], "required");
    assert_eq!(env.ok(&["config", "get", "review"]).trim(), "required");

    let waiting = env.json(&["claim", "list", "--awaiting-review"]);
    assert_eq!(
        ids(&waiting),
        [a.parse::<i64>().expect("id"), b.parse().expect("id")]
    );
    let out = env.run(&["lint", "atme-raid", "--format", "json"]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let lint: Value = serde_json::from_str(&out.stdout).expect("lint JSON");
    let unreviewed: Vec<i64> = lint["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["check"] == "unreviewed_verdict")
        .map(|f| f["claim"].as_i64().expect("claim"))
        .collect();
    assert_eq!(unreviewed.len(), 2, "{lint}");
    assert!(claimreviews(&env).is_empty(), "nothing approved yet");
    let md = env.ok(&["report", "atme-raid"]);
    assert!(md.contains("(set by tester, awaiting review)"), "{md}");

    // The author may not approve; a colleague may.
    let before = env.snapshot();
    let line = env.fail(&["review", "approve", &a], 2);
    assert!(
        line.contains(
            "tester set this verdict, and a verdict is reviewed by someone other than who set it"
        ),
        "{line}"
    );
    assert_eq!(env.snapshot(), before, "nothing written");
    let approved = colleague_ok(&env, &["review", "approve", &a, "--format", "json"]);
    let approved: Value = serde_json::from_str(&approved).expect("JSON");
    assert_eq!(approved[0]["decision"], "approved");
    assert_eq!(approved[0]["set_by"], "tester");
    assert_eq!(approved[0]["who"], reviewer);
    // A rejection sends the claim back to in_progress, in the same transaction.
    let rejected = colleague_ok(
        &env,
        &[
            "review",
            "reject",
            &b,
            "--note",
            "the count is the agency's repeat",
        ],
    );
    assert!(
        rejected.contains("rejected by") && rejected.contains("back to in_progress"),
        "{rejected}"
    );
    let shown = env.json(&["claim", "show", &b]);
    assert_eq!(shown["status"], "in_progress");
    let history = shown["history"].as_array().expect("history");
    let last = history.last().expect("a step");
    assert_eq!(last["from"], "false");
    assert_eq!(last["to"], "in_progress");
    assert_eq!(last["who"], reviewer);
    assert_eq!(shown["reviews"][0]["decision"], "rejected");
    assert_eq!(
        shown["reviews"][0]["verdict"],
        history[history.len() - 2]["row"]
    );

    assert!(env
        .json(&["claim", "list", "--awaiting-review"])
        .as_array()
        .expect("array")
        .is_empty());
    env.ok(&["lint", "atme-raid"]);
    assert_eq!(
        claimreviews(&env),
        ["https://checks.example.org/atme#claim-".to_string() + &a]
    );
    // B's new verdict waits again.
    env.ok(&[
        "status",
        &b,
        "false",
        "--note",
        "double count, checked again",
    ]);
    assert_eq!(
        ids(&env.json(&["claim", "list", "--awaiting-review"])),
        [b.parse::<i64>().expect("id")]
    );
    assert_eq!(claimreviews(&env).len(), 1);
    let md = env.ok(&["report", "atme-raid"]);
    assert!(
        // Markdown escapes the role's underscore.
        md.contains(&format!(
            "(set by tester, reviewed by {})",
            reviewer.replace('_', "\\_")
        )),
        "{md}"
    );
    assert!(md.contains("(set by tester, awaiting review)"), "{md}");
    let html = env.ok(&["report", "atme-raid", "--format", "html"]);
    assert!(
        html.contains(&format!("set by tester, reviewed by {reviewer}")),
        "{html}"
    );
    let json: Value = serde_json::from_str(&env.ok(&["report", "atme-raid", "--format", "json"]))
        .expect("report JSON");
    let entry = |id: &str| {
        json["claims"]
            .as_array()
            .expect("claims")
            .iter()
            .find(|c| c["id"].as_i64() == id.parse().ok())
            .cloned()
            .expect("the claim")
    };
    assert_eq!(entry(&a)["verdict_by"], "tester");
    assert_eq!(entry(&a)["reviewed_by"], reviewer);
    assert_eq!(entry(&b)["reviewed_by"], Value::Null);

    // Switched off again (recorded too), unapproved verdicts are published again.
    env.ok(&["config", "set", "review", "off"]);
    assert_eq!(claimreviews(&env).len(), 2);
    assert_eq!(env.sql_count("setting"), 2);
    env.ok(&["verify"]);
}

#[test]
fn a_review_is_refused_without_a_verdict_a_second_time_and_without_a_note_to_reject() {
    let env = seeded();
    let (a, _) = two_verdicts(&env);
    let open = claim(&env, "Pentagon", &["killed.us_personnel=0"]).to_string();
    colleague_ok(&env, &["review", "approve", &a]);
    let before = env.snapshot();
    for (args, expected) in [
        (
            vec!["review", "approve", open.as_str()],
            format!("claim {open} has no verdict to review (it is unverified)"),
        ),
        (
            vec!["review", "approve", a.as_str()],
            format!(
                "claim {a}'s verdict (verified) was already approved by {}",
                colleague(&env)
            ),
        ),
        (
            vec!["review", "reject", a.as_str(), "--note", "  "],
            "a rejection needs a note".to_string(),
        ),
        (vec!["review", "approve", "99"], "no claim 99".to_string()),
        (
            vec!["review", "approve", a.as_str(), a.as_str()],
            format!("claim {a} is named twice"),
        ),
    ] {
        let out = as_colleague(&env, &args);
        let line = assert_failure(&args, &out, 2);
        assert!(line.contains(&expected), "{args:?}: {line}");
    }
    // One claim refused refuses them all: the transaction writes nothing.
    let args = ["review", "approve", a.as_str(), open.as_str()];
    assert_failure(&args, &as_colleague(&env, &args), 2);
    let out = env.run(&["review", "reject", &a]);
    assert_eq!(out.code, 2, "--note is required: {}", out.stderr);
    assert_eq!(env.snapshot(), before, "nothing written");
}

#[test]
fn config_names_the_valid_settings_and_values_and_records_each_change() {
    let env = TestEnv::new();
    let before = env.snapshot();
    let line = env.fail(&["config", "set", "review", "sometimes"], 2);
    assert!(
        line.contains("the setting review is off or required, not 'sometimes'"),
        "{line}"
    );
    let line = env.fail(&["config", "set", "colour", "red"], 2);
    assert!(
        line.contains("there is no setting 'colour'; the settings are review"),
        "{line}"
    );
    let line = env.fail(&["config", "get", "colour"], 2);
    assert!(line.contains("the settings are review"), "{line}");
    assert_eq!(env.snapshot(), before);

    let shown = env.json(&["config", "show"]);
    assert_eq!(shown["settings"][0]["name"], "review");
    assert_eq!(shown["settings"][0]["value"], "off");
    assert_eq!(shown["settings"][0]["set_by"], Value::Null);
    env.ok(&["config", "set", "Review", "REQUIRED"]);
    let again = env.ok(&["config", "set", "review", "required"]);
    assert!(
        again.contains("review is already required; nothing changed"),
        "{again}"
    );
    assert_eq!(env.sql_count("setting"), 1);
    let shown = env.json(&["config", "show"]);
    assert_eq!(shown["settings"][0]["value"], "required");
    assert_eq!(shown["settings"][0]["set_by"], "tester");
    assert_eq!(shown["settings"][0]["set_at"], crate::NOW);
    let table = env.ok(&["config", "show"]);
    assert!(
        table.contains("review  required  off, required  tester, 2022-02-05T12:00:00Z"),
        "{table}"
    );
    assert_eq!(
        env.sql_one("SELECT count(*) FROM record WHERE chain = 0 AND kind = 'setting'"),
        "1"
    );
    env.ok(&["verify"]);
}

#[test]
fn assignments_are_history_rows_and_claim_list_finds_claims_by_them() {
    let env = seeded();
    let a = claim(&env, "SOHR", &["killed=13"]).to_string();
    let b = claim(&env, "White Helmets", &["killed=13"]).to_string();
    let c = claim(&env, "Pentagon", &["killed.us_personnel=0"]).to_string();
    let done = env.json(&["claim", "assign", &a, &b, "--to", "me"]);
    assert_eq!(done["assignee"], "tester");
    env.ok(&["claim", "assign", &b, "--to", "a.okafor"]);
    env.ok(&["claim", "assign", &c, "--to", "a.okafor"]);
    env.ok(&["claim", "assign", &c, "--to", "none"]);
    let n = |s: &str| s.parse::<i64>().expect("an id");
    assert_eq!(
        ids(&env.json(&["claim", "list", "--assigned", "me"])),
        [n(&a)]
    );
    assert_eq!(
        ids(&env.json(&["claim", "list", "--assigned", "tester"])),
        [n(&a)]
    );
    assert_eq!(
        ids(&env.json(&["claim", "list", "--assigned", "a.okafor"])),
        [n(&b)]
    );
    assert_eq!(
        ids(&env.json(&["claim", "list", "--assigned", "none"])),
        [n(&c)]
    );
    assert_eq!(
        ids(&env.json(&[
            "claim",
            "list",
            "--assigned",
            "a.okafor",
            "--status",
            "verified"
        ])),
        Vec::<i64>::new()
    );
    let shown = env.json(&["claim", "show", &b]);
    assert_eq!(shown["assigned_to"], "a.okafor");
    assert_eq!(shown["assignments"].as_array().expect("array").len(), 2);
    assert!(env
        .ok(&["claim", "show", &b])
        .contains("assigned to  a.okafor"));
    assert_eq!(env.json(&["claim", "show", &c])["assigned_to"], Value::Null);
    let history = env.ok(&["history", &c]);
    assert!(history.contains("assigned to a.okafor"), "{history}");
    assert!(history.contains("unassigned"), "{history}");
    let before = env.snapshot();
    for (args, expected) in [
        (
            vec!["claim", "assign", a.as_str(), "--to", " "],
            "--to is empty",
        ),
        (vec!["claim", "assign", "77", "--to", "me"], "no claim 77"),
        (
            vec!["claim", "assign", a.as_str(), "--to", "a\nb"],
            "contains a line break",
        ),
    ] {
        let line = env.fail(&args, 2);
        assert!(line.contains(expected), "{args:?}: {line}");
    }
    assert_eq!(env.snapshot(), before);
    env.ok(&["verify"]);
}

#[test]
fn an_internal_note_stays_in_the_history_and_out_of_every_published_format() {
    let env = seeded();
    let a = claim(&env, "SOHR", &["killed=13"]).to_string();
    env.ok(&[
        "status",
        &a,
        "false",
        "--note",
        "SECRET-CALLER asked not to be named",
        "--internal",
        "--evidence",
        "https://example.org/call",
    ]);
    env.ok(&[
        "evidence",
        "add",
        &a,
        "--url",
        "https://example.org/notes",
        "--context",
        "--note",
        "SECRET-SOURCE spoke off the record",
        "--internal",
    ]);
    env.ok(&[
        "evidence",
        "add",
        &a,
        "--url",
        "https://example.org/list",
        "--contradicts",
        "--note",
        "the public list",
    ]);
    let history = env.ok(&["history", &a]);
    assert!(
        history.contains("SECRET-CALLER asked not to be named (internal)"),
        "{history}"
    );
    assert!(
        history.contains("SECRET-SOURCE spoke off the record (internal)"),
        "{history}"
    );
    let shown = env.json(&["history", &a]);
    assert_eq!(shown["history"][1]["internal"], true);
    assert_eq!(shown["history"][0]["internal"], false);
    assert_eq!(shown["evidence"][1]["internal"], true);
    assert_eq!(shown["evidence"][2]["internal"], false);
    let (header, rows) = env.csv(&["history", &a]);
    let flags: Vec<&str> = rows
        .iter()
        .map(|r| crate::col(&header, r, "internal"))
        .collect();
    assert_eq!(flags, ["", "1", "", "1", ""], "status rows, then evidence");
    for args in [
        vec!["report", "atme-raid"],
        vec!["report", "atme-raid", "--format", "html"],
        vec!["report", "atme-raid", "--format", "json"],
        vec![
            "report",
            "atme-raid",
            "--format",
            "claimreview",
            "--publisher",
            "Example Checks",
            "--report-url",
            "https://checks.example.org/atme",
        ],
    ] {
        let out = env.ok(&args);
        assert!(
            !out.contains("SECRET"),
            "{args:?} published an internal note:\n{out}"
        );
        // The verdict and the evidence themselves are still published.
        if args.contains(&"claimreview") {
            assert!(out.contains("\"alternateName\": \"False\""), "{out}");
        } else {
            assert!(out.contains("the public list"), "{args:?}:\n{out}");
        }
    }
    let before = env.snapshot();
    let out = env.run(&["status", &a, "in_progress", "--internal"]);
    assert_eq!(out.code, 2, "--internal needs --note: {}", out.stderr);
    let line = env.fail(
        &[
            "evidence",
            "add",
            &a,
            "--url",
            "https://example.org/x",
            "--context",
            "--note",
            " ",
            "--internal",
        ],
        2,
    );
    assert!(
        line.contains("--internal marks the note as the desk's own"),
        "{line}"
    );
    assert_eq!(env.snapshot(), before);
    env.ok(&["verify"]);
}

/// A ledger with everything this module adds: a setting, an approval, a rejection, an
/// assignment and internal notes on a status change and a piece of evidence.
fn desk_ledger() -> TestEnv {
    let env = seeded();
    let (a, b) = two_verdicts(&env);
    env.ok(&["config", "set", "review", "required"]);
    colleague_ok(
        &env,
        &["review", "approve", &a, "--note", "checked the list"],
    );
    colleague_ok(&env, &["review", "reject", &b, "--note", "one source only"]);
    env.ok(&["claim", "assign", &b, "--to", "a.okafor"]);
    env.ok(&[
        "status",
        &b,
        "misleading",
        "--note",
        "internal doubt",
        "--internal",
    ]);
    env.ok(&[
        "evidence",
        "add",
        &b,
        "--url",
        "https://example.org/call",
        "--context",
        "--note",
        "phoned",
        "--internal",
    ]);
    env.ok(&["verify"]);
    env
}

#[test]
fn export_import_and_copy_carry_settings_reviews_assignments_and_internal_flags() {
    let env = desk_ledger();
    let export = env.ok(&["export"]);
    for record in [
        "\"setting\"",
        "\"review\"",
        "\"assignment\"",
        "\"internal\":1",
    ] {
        assert!(export.contains(record), "the export lacks {record}");
    }
    let file = env.file("ledger.jsonl", export.as_bytes());
    let copy = TestEnv::empty();
    let imported = copy.json(&["import", file.to_str().expect("path")]);
    assert_eq!(imported["imported"]["settings"], 1, "{imported}");
    assert_eq!(imported["imported"]["reviews"], 2, "{imported}");
    assert_eq!(imported["imported"]["assignments"], 1, "{imported}");
    copy.ok(&["verify"]);
    assert_eq!(
        copy.ok(&["export"]),
        export,
        "export, import, export: the same rows"
    );
    assert_eq!(copy.ok(&["config", "get", "review"]).trim(), "required");
    let history = copy.ok(&["history", "2"]);
    assert!(history.contains("internal doubt (internal)"), "{history}");
    // CSV as well.
    let csv = env.ok(&["export", "--format", "csv"]);
    let file = env.file("ledger.csv", csv.as_bytes());
    let from_csv = TestEnv::empty();
    from_csv.ok(&["import", file.to_str().expect("path")]);
    assert_eq!(from_csv.ok(&["export"]), export);
    // And a copy to a file.
    let target = env.dir().join("copy.db");
    let target = target.to_str().expect("path");
    env.ok(&[
        "copy",
        "--from",
        env.db.to_str().expect("address"),
        "--to",
        target,
    ]);
    let out = env.run(&["--db", target, "export"]);
    assert_success(&["export"], &out);
    assert_eq!(out.stdout, export);
}

#[test]
fn verify_names_a_review_an_assignment_a_setting_or_an_internal_flag_changed_behind_its_back() {
    let cases: &[(&str, &str)] = &[
        ("UPDATE review SET decision = 'approved' WHERE id = 2", "review 2: decision"),
        ("UPDATE review SET who = 'tester' WHERE id = 1", "review 1: who"),
        ("UPDATE review SET note = 'fine' WHERE id = 1", "review 1: note"),
        ("DELETE FROM review WHERE id = 1", "review 1 is missing (deleted)"),
        ("UPDATE assignment SET assignee = 'tester' WHERE id = 1", "assignment 1: assignee"),
        (
            "INSERT INTO assignment (claim_id, assignee, who, at) VALUES (1, 'x', 'tester', '2022-02-05T12:00:00Z')",
            "assignment 2 (claim 1) has no entry in the record",
        ),
        ("UPDATE setting SET value = 'off' WHERE id = 1", "setting 1: its value is \"off\" but the record says \"required\""),
        ("DELETE FROM setting WHERE id = 1", "setting 1 is in the record but missing"),
        (
            "UPDATE status_change SET internal = 0 WHERE internal = 1",
            ": internal does not match entry",
        ),
        (
            "UPDATE evidence SET internal = 0 WHERE internal = 1",
            ": internal does not match entry",
        ),
        (
            "UPDATE evidence SET internal = 1 WHERE id = 1",
            "evidence row 1: internal does not match entry",
        ),
    ];
    for (sql, expected) in cases {
        let env = desk_ledger();
        tamper(&env, sql);
        let out = env.run(&["verify", "--format", "json"]);
        assert_eq!(out.code, 1, "{sql}: not caught\n{}", out.stdout);
        let v: Value = serde_json::from_str(&out.stdout).expect("JSON");
        let problems: Vec<&str> = v["problems"]
            .as_array()
            .expect("problems")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "{sql}: expected a problem with {expected:?}, got {problems:#?}"
        );
    }
}

#[test]
fn the_schemas_own_trigger_refuses_an_authors_review_written_by_hand() {
    let env = seeded();
    let (a, _) = two_verdicts(&env);
    // Bypassing the tool: the schema itself compares the names (on SQLite the declared
    // ones; on PostgreSQL the server's administrator writes here, and the trigger still
    // refuses).
    let err = env
        .sql_exec(&format!(
            "INSERT INTO review (claim_id, status_change_id, decision, who, at)
             SELECT {a}, max(id), 'approved', 'tester', '2022-02-05T12:00:00Z'
             FROM status_change WHERE claim_id = {a}"
        ))
        .expect_err("the author's own review");
    assert!(
        err.contains("a verdict is reviewed by someone other than who set it"),
        "{err}"
    );
    assert_eq!(env.sql_count("review"), 0);
}

#[test]
fn on_postgres_four_eyes_is_the_servers_own_rule_and_settings_are_the_owners() {
    if !on_postgres() {
        eprintln!(
            "skipped: runs only against PostgreSQL (scripts/with-postgres cargo test --test cli)"
        );
        return;
    }
    let env = TestEnv::empty_sqlite();
    let _desk = Desk::take();
    let mut server = pg_admin("postgres");
    for sql in [
        "CREATE ROLE crosscheck_admin LOGIN CREATEROLE",
        "CREATE DATABASE desk OWNER crosscheck_admin",
    ] {
        server.batch_execute(sql).expect("owner and database");
    }
    let owner = Desk::url("crosscheck_admin");
    for args in [&["init"][..], &["desk", "setup"]] {
        assert_success(args, &as_role(&env, &owner, args));
    }
    for (name, password) in [("m_haddad", "first-Pa55\n"), ("a_okafor", "second-Pa55\n")] {
        let args = ["desk", "add", name];
        let mut cmd = env.command(&args);
        cmd.env("CROSSCHECK_DB", &owner)
            .env_remove("CROSSCHECK_USER");
        assert_success(&args, &TestEnv::run_command(cmd, Some(password.as_bytes())));
    }
    let haddad = Desk::url("m_haddad");
    let okafor = Desk::url("a_okafor");
    for args in [
        &["incident", "add", "atme-raid", "--title", "US raid in Atmé"][..],
        &["article", "add", "--title", "Raid", "--slug", "atme-nl"],
        &["source", "add", "SOHR", "--kind", "ngo"],
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
            "13 dead",
            "--figure",
            "killed=13",
        ],
        &[
            "status",
            "1",
            "verified",
            "--note",
            "burial list",
            "--evidence",
            "https://example.org/list",
        ],
    ] {
        assert_success(args, &as_role(&env, &haddad, args));
    }
    // A fact-checker may not change a setting; the owner may.
    let args = ["config", "set", "review", "required"];
    let line = assert_failure(&args, &as_role(&env, &haddad, &args), 2);
    assert!(
        line.contains(
            "only the ledger's owner changes settings, here 'crosscheck_admin', not 'm_haddad'"
        ),
        "{line}"
    );
    assert_success(&args, &as_role(&env, &owner, &args));
    let shown = as_role(&env, &haddad, &["config", "show", "--format", "json"]);
    let shown: Value = serde_json::from_str(&shown.stdout).expect("JSON");
    assert_eq!(shown["settings"][0]["set_by"], "crosscheck_admin");

    // The verdict's author may not approve it, through the tool or around it.
    let args = ["review", "approve", "1"];
    let line = assert_failure(&args, &as_role(&env, &haddad, &args), 2);
    assert!(line.contains("m_haddad set this verdict"), "{line}");
    let mut as_haddad =
        ::postgres::Client::connect(&haddad, ::postgres::NoTls).expect("connect as m_haddad");
    let verdict: i64 = as_haddad
        .query_one("SELECT max(id) FROM status_change WHERE claim_id = 1", &[])
        .expect("the verdict")
        .get(0);
    let err = as_haddad
        .execute(
            "INSERT INTO review (claim_id, status_change_id, decision, who, at)
             VALUES (1, $1, 'approved', 'm_haddad', '2022-02-05T12:00:00Z')",
            &[&verdict],
        )
        .expect_err("the server refuses the author's review");
    assert!(
        crate::pg_error_text(&err)
            .contains("a verdict is reviewed by someone other than who set it"),
        "{err}"
    );
    // Nor may the author pass the review off as a colleague's.
    let err = as_haddad
        .execute(
            "INSERT INTO review (claim_id, status_change_id, decision, who, at)
             VALUES (1, $1, 'approved', 'a_okafor', '2022-02-05T12:00:00Z')",
            &[&verdict],
        )
        .expect_err("who is the role");
    assert!(
        crate::pg_error_text(&err).contains("who must be the database role"),
        "{err}"
    );
    // Nor change the setting by hand.
    let err = as_haddad
        .execute(
            "INSERT INTO setting (name, value, who, at) VALUES ('review', 'off', 'm_haddad', '2022-02-05T12:00:00Z')",
            &[],
        )
        .expect_err("the groups only read settings");
    assert!(
        crate::pg_error_text(&err).contains("permission denied"),
        "{err}"
    );

    // A colleague's approval is accepted and names her role.
    let args = ["review", "approve", "1", "--format", "json"];
    let out = as_role(&env, &okafor, &args);
    assert_success(&args, &out);
    let approved: Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(approved[0]["who"], "a_okafor");
    assert_eq!(approved[0]["set_by"], "m_haddad");
    let args = ["lint", "atme-raid"];
    assert_success(&args, &as_role(&env, &okafor, &args));
    let args = ["claim", "assign", "1", "--to", "me"];
    assert_success(&args, &as_role(&env, &okafor, &args));
    let shown = as_role(&env, &haddad, &["claim", "show", "1", "--format", "json"]);
    let shown: Value = serde_json::from_str(&shown.stdout).expect("JSON");
    assert_eq!(shown["assigned_to"], "a_okafor");
    assert_eq!(shown["assignments"][0]["who"], "a_okafor");
    assert_eq!(shown["reviews"][0]["who"], "a_okafor");
    let args = ["verify"];
    assert_success(&args, &as_role(&env, &owner, &args));
}

#[test]
fn the_readme_review_examples_run_as_written() {
    let env = crate::seeded_on(crate::Backend::sqlite_only(
        "the README's examples declare a colleague with --by; see review::on_postgres_four_eyes_is_the_servers_own_rule_and_settings_are_the_owners",
    ));
    // Claims 1 and 2 stay open; 3, 4 and 5 get verdicts by the test's own user.
    for source in ["SOHR", "White Helmets", "SOHR", "White Helmets", "Pentagon"] {
        claim(&env, source, &["killed=13"]);
    }
    for id in ["3", "4", "5"] {
        env.ok(&[
            "status",
            id,
            "verified",
            "--note",
            "checked",
            "--evidence",
            "https://example.org/list",
        ]);
    }
    let readme = include_str!("../../README.md");
    let at = readme.find("## Review (four eyes)").expect("the section");
    let rest = &readme[at..];
    let start = rest.find("```sh\n").expect("a sh block") + "```sh\n".len();
    let end = rest[start..].find("```").expect("the block ends");
    let script = &rest[start..start + end];
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_crosscheck"))
        .parent()
        .expect("binary folder")
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut bash = std::process::Command::new("bash");
    bash.args(["-euo", "pipefail", "-c", script])
        .current_dir(env.dir())
        .env("PATH", path)
        .env("CROSSCHECK_DB", &env.db)
        .env("CROSSCHECK_NOW", crate::NOW)
        .env("CROSSCHECK_USER", "tester")
        .env("NO_COLOR", "1");
    let out = TestEnv::run_command(bash, None);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert_eq!(
        env.sql_rows("SELECT claim_id, decision, who FROM review ORDER BY id"),
        [
            "3|\"approved\"|\"m.haddad\"",
            "4|\"approved\"|\"m.haddad\"",
            "5|\"rejected\"|\"m.haddad\""
        ]
    );
    assert_eq!(
        env.sql_one("SELECT status FROM claim WHERE id = 5"),
        "\"in_progress\""
    );
    env.ok(&["verify"]);
}
