//! `lint`, the publish gate: each kind of problem is listed and makes it exit 1; a clean
//! incident gets exit 0 and one line.

use crate::{claim, claim_with, seeded, TestEnv};

fn checks(env: &TestEnv, args: &[&str]) -> (i32, Vec<String>) {
    let mut all = vec!["lint"];
    all.extend(args);
    all.extend(["--format", "json"]);
    let out = env.run(&all);
    let v: serde_json::Value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("lint JSON ({e}): {}\n{}", out.stdout, out.stderr));
    let found = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["check"].as_str().expect("check").to_string())
        .collect();
    (out.code, found)
}

#[test]
fn a_clean_incident_passes_with_one_line() {
    let env = seeded();
    claim(&env, "SOHR", &["killed=13"]);
    env.ok(&[
        "status",
        "1",
        "verified",
        "--note",
        "counted",
        "--evidence",
        "https://example.org/list",
    ]);
    let out = env.ok(&["lint", "atme-raid"]);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("atme-raid is ready to publish"), "{out}");
    assert_eq!(checks(&env, &[]), (0, vec![]));
}

#[test]
fn the_demo_is_not_ready_a_verdict_lacks_evidence() {
    let env = TestEnv::empty();
    env.ok(&["demo"]);
    let out = env.run(&["lint", "atme-raid"]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("verdict_without_evidence"),
        "{}",
        out.stdout
    );
    assert_eq!(out.stderr.lines().count(), 1);
    assert!(
        out.stderr.contains("stops atme-raid from being published"),
        "{}",
        out.stderr
    );
}

#[test]
fn each_problem_is_found() {
    let env = seeded();
    // A verdict without evidence.
    claim(&env, "Pentagon", &[]);
    env.ok(&["status", "1", "unverifiable", "--note", "nothing to check"]);
    // A verified figure another origin contradicts.
    claim(&env, "SOHR", &["killed.children=4"]);
    claim(&env, "White Helmets", &["killed.children=6"]);
    env.ok(&[
        "status",
        "2",
        "verified",
        "--note",
        "ok",
        "--evidence",
        "https://example.org/a",
    ]);
    // Relayed with no origin: an agency recorded as the source.
    env.ok(&["source", "add", "Reuters", "--kind", "news_agency"]);
    claim(&env, "Reuters", &[]);
    // A breakdown that does not add up.
    claim(&env, "Pentagon", &["killed=3", "killed.children>=5"]);
    let (code, found) = checks(&env, &["atme-raid"]);
    assert_eq!(code, 1);
    for check in [
        "verdict_without_evidence",
        "verified_figure_conflicts",
        "no_origin",
        "inconsistent_breakdown",
    ] {
        assert!(found.iter().any(|f| f == check), "{check} not in {found:?}");
    }
    // "local sources told Reuters" names an origin: not a problem.
    let env = seeded();
    claim_with(&env, "local sources", &[], &["--via", "Reuters"]);
    assert_eq!(checks(&env, &[]), (0, vec![]));
}

#[test]
fn lint_refuses_an_unknown_incident() {
    let env = seeded();
    env.fail(&["lint", "nowhere"], 2);
}
