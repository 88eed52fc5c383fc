//! The comparison's summary (schema versions 5 and 6): kept current by every write that
//! changes an origin's latest figure in play or what the comparison shows of it (status,
//! relay), read by `conflicts` and `compare` at the default tolerance, checked by
//! `verify`, filled by the migration from every earlier version.

use serde_json::Value;

use crate::record::old_ledger;
use crate::{claim, seeded, TestEnv};

/// The summary's rows for `metric` of atme-raid: (conflict, resolved, inconsistent,
/// spread) and the latest claims by origin name, or None when there is no row.
fn row(env: &TestEnv, metric: &str) -> Option<(String, Vec<String>)> {
    let flags = env.sql_rows(&format!(
        "SELECT conflict || ',' || resolved || ',' || inconsistent || ',' || COALESCE(CAST(spread AS TEXT), '-')
         FROM summary_metric m JOIN incident i ON i.id = m.incident_id
         WHERE i.slug = 'atme-raid' AND m.metric = '{metric}'"
    ));
    let latest = env.sql_rows(&format!(
        "SELECT s.name || ':' || CAST(m.claim_id AS TEXT)
         FROM summary_figure m JOIN incident i ON i.id = m.incident_id
         JOIN source s ON s.id = m.origin_id
         WHERE i.slug = 'atme-raid' AND m.metric = '{metric}' ORDER BY m.origin_rank"
    ));
    // sql_rows quotes a text value.
    let bare = |t: &String| t.trim_matches('"').to_string();
    flags
        .first()
        .map(|f| (bare(f), latest.iter().map(bare).collect()))
}

/// That `verify` passes, which includes the summary against a recomputation.
fn verifies(env: &TestEnv) {
    let v = env.json(&["verify"]);
    assert_eq!(v["ok"], true, "{v}");
}

/// The metrics of a compare document, which carry no tolerance of their own.
fn metrics(env: &TestEnv, extra: &[&str]) -> Value {
    let mut args = vec!["compare", "atme-raid"];
    args.extend(extra);
    env.json(&args)["metrics"].clone()
}

const SOHR: &str = "Syrian Observatory for Human Rights";
const CD: &str = "Syrian Civil Defence";

#[test]
fn the_summary_follows_add_correct_withdraw_retraction_and_reopening() {
    let env = seeded();
    let a = claim(&env, "SOHR", &["killed=13"]);
    assert_eq!(
        row(&env, "killed"),
        Some(("0,0,0,-".to_string(), vec![format!("{SOHR}:{a}")]))
    );
    let b = claim(&env, "White Helmets", &["killed=40"]);
    assert_eq!(
        row(&env, "killed"),
        Some((
            "1,0,0,27".to_string(),
            vec![format!("{SOHR}:{a}"), format!("{CD}:{b}")]
        ))
    );
    verifies(&env);
    // A correction: the new version counts, the superseded one no longer.
    let out = env.json(&[
        "claim",
        "correct",
        &b.to_string(),
        "--figure",
        "killed=13",
        "--note",
        "misread",
    ]);
    let b2 = out["id"].as_i64().expect("new version's id");
    assert_eq!(
        row(&env, "killed"),
        Some((
            "0,0,0,0".to_string(),
            vec![format!("{SOHR}:{a}"), format!("{CD}:{b2}")]
        ))
    );
    verifies(&env);
    // Withdrawn: no figure of that origin is in play.
    env.ok(&[
        "claim",
        "withdraw",
        &b2.to_string(),
        "--note",
        "recorded twice",
    ]);
    assert_eq!(
        row(&env, "killed"),
        Some(("0,0,0,-".to_string(), vec![format!("{SOHR}:{a}")]))
    );
    // Retracted, then reopened.
    let c = claim(&env, "Pentagon", &["killed=2"]);
    assert_eq!(row(&env, "killed").expect("row").0, "1,0,0,11");
    env.ok(&[
        "status",
        &c.to_string(),
        "retracted",
        "--note",
        "withdrawn by DoD",
    ]);
    assert_eq!(row(&env, "killed").expect("row").0, "0,0,0,-");
    env.ok(&[
        "status",
        &c.to_string(),
        "in_progress",
        "--note",
        "reopened",
    ]);
    assert_eq!(row(&env, "killed").expect("row").0, "1,0,0,11");
    // Judged false: the conflict is resolved, and the summary's copy of the claim's
    // status follows (compare and conflicts print it from there).
    env.ok(&["status", &c.to_string(), "false", "--note", "no such toll"]);
    assert_eq!(row(&env, "killed").expect("row").0, "1,1,0,11");
    assert_eq!(
        env.sql_rows(&format!(
            "SELECT status FROM summary_figure WHERE claim_id = {c}"
        )),
        ["\"false\""]
    );
    let shown = env.json(&["compare", "atme-raid"]).to_string();
    assert!(shown.contains("\"false\""), "{shown}");
    verifies(&env);
    // Retracting the only figure leaves no row at all.
    env.ok(&["status", &a.to_string(), "retracted", "--note", "gone"]);
    env.ok(&["status", &c.to_string(), "retracted", "--note", "gone"]);
    assert_eq!(row(&env, "killed"), None);
    verifies(&env);
}

#[test]
fn a_merge_moves_the_summary_to_the_surviving_origin() {
    let env = seeded();
    env.ok(&["source", "add", "Witte Helmen"]);
    let a = claim(&env, "Witte Helmen", &["killed=9"]);
    let b = claim(&env, "White Helmets", &["killed=13"]);
    assert_eq!(row(&env, "killed").expect("row").0, "1,0,0,4");
    env.ok(&["source", "merge", "Witte Helmen", CD]);
    // One origin now: its latest figure (by as_of, then id) is the only one.
    let (flags, latest) = row(&env, "killed").expect("row");
    assert_eq!(flags, "0,0,0,-");
    assert_eq!(latest, [format!("{CD}:{}", a.max(b))]);
    verifies(&env);
}

#[test]
fn a_merge_re_credits_the_relay_the_summary_shows() {
    let env = seeded();
    env.ok(&["source", "add", "Witte Helmen"]);
    let relayed = crate::claim_with(&env, "SOHR", &["killed=13"], &["--via", "Witte Helmen"]);
    claim(&env, "Pentagon", &["killed=2"]);
    let via = |env: &TestEnv| {
        env.sql_rows(&format!(
            "SELECT s.name FROM summary_figure m JOIN source s ON s.id = m.via_id
             WHERE m.claim_id = {relayed}"
        ))
    };
    assert_eq!(via(&env), ["\"Witte Helmen\""]);
    // The relay is merged away: the claim's figures are relayed by the survivor now, in
    // the summary as in the claim, and conflicts names it as the scan does.
    env.ok(&["source", "merge", "Witte Helmen", CD]);
    assert_eq!(via(&env), [format!("\"{CD}\"")]);
    verifies(&env);
    let listed = env.ok(&["conflicts", "--format", "json"]);
    assert!(listed.contains(CD), "{listed}");
    assert_eq!(
        listed,
        env.ok(&["conflicts", "--format", "json", "--tolerance", "5"])
    );
    // A source merged into the one it relayed: the claim is simply its own.
    env.ok(&["source", "merge", CD, "SOHR"]);
    assert!(via(&env).is_empty(), "{:?}", via(&env));
    verifies(&env);
}

#[test]
fn breakdowns_that_do_not_add_up_are_kept_as_inconsistent() {
    let env = seeded();
    claim(&env, "SOHR", &["killed=13", "killed.children=15"]);
    assert_eq!(row(&env, "killed").expect("row").0, "0,0,1,-");
    assert_eq!(row(&env, "killed.children").expect("row").0, "0,0,1,-");
    let conflicts = env.json(&["conflicts"]);
    assert_eq!(conflicts.as_array().expect("array").len(), 2, "{conflicts}");
}

#[test]
fn conflicts_and_compare_agree_with_the_scan() {
    let env = seeded();
    // Exact figures only, so that every tolerance gives the same intervals: the default
    // reads the summary (JSON and CSV written as they are read), 5 % scans.
    let same = |env: &TestEnv| {
        for format in ["json", "csv", "table"] {
            for all in [&[][..], &["--all"][..]] {
                let mut summary = vec!["conflicts", "--format", format];
                summary.extend(all);
                let mut scan = summary.clone();
                scan.extend(["--tolerance", "5"]);
                assert_eq!(env.ok(&summary), env.ok(&scan), "{format} {all:?}");
            }
        }
    };
    same(&env);
    claim(&env, "SOHR", &["killed=13"]);
    same(&env);
    claim(
        &env,
        "SOHR",
        &["killed=13", "killed.children=4", "killed.women=3"],
    );
    claim(&env, "White Helmets", &["killed=13", "killed.children=6"]);
    claim(&env, "Pentagon", &["killed=2", "killed.children=9"]);
    let wrong = claim(&env, "Pentagon", &["injured=5"]);
    claim(&env, "SOHR", &["injured=50"]);
    env.ok(&["status", &wrong.to_string(), "false", "--note", "x"]);
    env.ok(&["incident", "add", "elsewhere", "--title", "Elsewhere"]);
    crate::claim_with(&env, "SOHR", &["killed=1"], &["--incident", "elsewhere"]);
    crate::claim_with(
        &env,
        "Pentagon",
        &["killed=7"],
        &["--incident", "elsewhere"],
    );
    assert_eq!(metrics(&env, &[]), metrics(&env, &["--tolerance", "5"]));
    same(&env);
    // Resolved conflicts: listed with --all only.
    let open = env.json(&["conflicts"]);
    let all = env.json(&["conflicts", "--all"]);
    let names = |v: &Value| -> Vec<String> {
        v.as_array()
            .expect("array")
            .iter()
            .map(|c| format!("{}/{}", c["incident"], c["metric"]))
            .collect()
    };
    assert!(
        !names(&open).iter().any(|n| n.contains("injured")),
        "{open}"
    );
    assert!(names(&all).iter().any(|n| n.contains("injured")), "{all}");
    assert!(
        names(&open).iter().any(|n| n.contains("elsewhere")),
        "{open}"
    );
}

#[test]
fn import_and_copy_build_the_summary() {
    let env = TestEnv::empty();
    env.ok(&["demo"]);
    let expected = env.sql_rows(
        "SELECT incident_id || ' ' || metric || ' ' || conflict || resolved || inconsistent
         FROM summary_metric ORDER BY 1",
    );
    assert!(!expected.is_empty());
    let text = env.ok(&["export", "--format", "jsonl"]);
    let target = TestEnv::new();
    let file = target.file("ledger.jsonl", text.as_bytes());
    target.ok(&["import", file.to_str().expect("UTF-8")]);
    let imported = target.sql_rows(
        "SELECT incident_id || ' ' || metric || ' ' || conflict || resolved || inconsistent
         FROM summary_metric ORDER BY 1",
    );
    assert_eq!(imported, expected);
    verifies(&target);
    assert_eq!(target.ok(&["conflicts"]), env.ok(&["conflicts"]));

    let copy = TestEnv::empty_sqlite();
    let from = env.db.to_str().expect("path").to_string();
    let to = copy.db.to_str().expect("path").to_string();
    env.ok(&["copy", "--from", &from, "--to", &to]);
    verifies(&copy);
    assert_eq!(copy.ok(&["conflicts"]), env.ok(&["conflicts"]));
}

#[test]
fn verify_names_a_summary_row_changed_or_removed_behind_its_back() {
    let env = seeded();
    claim(&env, "SOHR", &["killed=13"]);
    claim(&env, "White Helmets", &["killed=40"]);
    claim(&env, "SOHR", &["injured=3"]);
    verifies(&env);
    env.sql_exec("UPDATE summary_metric SET conflict = 0, spread = 0 WHERE metric = 'killed'")
        .expect("tamper");
    env.sql_exec("DELETE FROM summary_figure WHERE metric = 'injured'")
        .expect("tamper");
    let out = env.run(&["verify"]);
    assert_ne!(out.code, 0, "{}", out.stdout);
    let all = format!("{}{}", out.stdout, out.stderr);
    assert!(
        all.contains("summary: incident atme-raid, metric killed: conflict no")
            && all.contains("but recomputed conflict yes"),
        "{all}"
    );
    assert!(
        all.contains("summary: incident atme-raid, metric injured:"),
        "{all}"
    );
}

#[test]
fn verify_names_a_figure_copied_into_the_summary_and_changed_behind_its_back() {
    let env = seeded();
    let a = claim(&env, "SOHR", &["killed=13"]);
    claim(&env, "White Helmets", &["killed=40"]);
    verifies(&env);
    env.sql_exec(&format!(
        "UPDATE summary_figure SET value = 14, article = 'elsewhere' WHERE claim_id = {a}"
    ))
    .expect("tamper");
    let out = env.run(&["verify"]);
    assert_ne!(out.code, 0, "{}", out.stdout);
    let all = format!("{}{}", out.stdout, out.stderr);
    assert!(
        all.contains("summary: incident atme-raid, metric killed:")
            && all.contains("(killed=14, as of")
            && all.contains("article elsewhere)")
            && all.contains("but recomputed")
            && all.contains("(killed=13, as of"),
        "{all}"
    );
    // The next write to the incident puts the row right, as the recomputation says.
    claim(&env, "Pentagon", &["killed=2"]);
    verifies(&env);
}

#[test]
fn every_earlier_version_migrates_to_a_summary_that_verifies() {
    for version in [1, 2, 3, 4, 5] {
        // A version-5 ledger's summary rows are in the old, narrow shape; the migration
        // makes them anew.
        let stale = if version == 5 {
            "INSERT INTO summary_figure (incident_id, metric, origin_id, claim_id, origin_rank)
             VALUES (1, 'killed', 1, 1, 0);"
        } else {
            ""
        };
        let env = old_ledger(version, stale);
        let out = env.ok(&["migrate"]);
        assert!(
            out.contains(&format!("from schema version {version} to 6")),
            "version {version}: {out}"
        );
        verifies(&env);
        // The demo's findings, as the scan finds them at the default tolerance.
        let rows = env.sql_rows(
            "SELECT i.slug || ' ' || m.metric FROM summary_metric m
             JOIN incident i ON i.id = m.incident_id
             WHERE m.conflict = 1 OR m.inconsistent = 1 ORDER BY 1",
        );
        assert!(!rows.is_empty(), "version {version}");
        let listed = env.json(&["conflicts", "--all"]);
        assert_eq!(
            listed.as_array().expect("array").len(),
            rows.len(),
            "version {version}: {listed}"
        );
    }
}

#[test]
fn a_desk_keeps_its_grants_on_the_summary_through_the_migration_to_version_6() {
    if !crate::on_postgres() {
        eprintln!("skipped: a desk's grants exist only on PostgreSQL");
        return;
    }
    // A role granted what a desk's writers hold on the summary at version 5.
    let role = "crosscheck_summary_grantee";
    crate::pg_ensure_role(role, "NOLOGIN");
    let env = old_ledger(
        5,
        &format!("GRANT INSERT, DELETE, SELECT ON summary_figure, summary_metric TO {role};"),
    );
    env.ok(&["migrate"]);
    for privilege in ["INSERT", "DELETE", "SELECT"] {
        assert_eq!(
            env.sql_one(&format!(
                "SELECT CASE WHEN has_table_privilege('{role}', 'summary_figure', '{privilege}') THEN 1 ELSE 0 END"
            )),
            "1",
            "{privilege}"
        );
    }
    verifies(&env);
    assert!(env.sql_count("summary_figure") > 0);
}

#[test]
fn an_incident_whose_every_row_moves_is_rewritten_in_one_write() {
    // 25 origins with 120 figures each: withdrawing the first origin's claim moves every
    // other origin one column left, 2,880 rows rewritten in the withdrawal's transaction
    // (in one statement they passed SQLite's limits and the withdrawal failed).
    let env = seeded();
    let figures: Vec<String> = (1..=120).map(|m| format!("m{m}={m}")).collect();
    let figures: Vec<&str> = figures.iter().map(String::as_str).collect();
    let claims: Vec<i64> = (1..=25)
        .map(|s| {
            crate::claim_with(
                &env,
                &format!("Outlet {s}"),
                &figures,
                &["--new-source", "--new-metric"],
            )
        })
        .collect();
    assert_eq!(env.sql_count("summary_figure"), 3000);
    env.ok(&[
        "claim",
        "withdraw",
        &claims[0].to_string(),
        "--note",
        "recorded twice",
    ]);
    assert_eq!(env.sql_count("summary_figure"), 2880);
    assert_eq!(
        env.sql_one("SELECT min(origin_rank) || '-' || max(origin_rank) FROM summary_figure"),
        "\"0-23\""
    );
    verifies(&env);
}
