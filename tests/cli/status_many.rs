//! `status` on several claims at once, by ids or by an incident selection: one
//! transaction, so all of them move or none does.

use crate::{claim_with, seeded, TestEnv};

/// A seeded ledger with three claims about atme-raid and one about another incident.
fn three_claims() -> (TestEnv, [i64; 4]) {
    let env = seeded();
    let a = claim_with(&env, "SOHR", &["killed=13"], &[]);
    let b = claim_with(&env, "White Helmets", &["killed=13"], &[]);
    let c = claim_with(&env, "Pentagon", &["killed.us_personnel=0"], &[]);
    env.ok(&[
        "incident",
        "add",
        "elsewhere",
        "--title",
        "Another incident",
    ]);
    let d = claim_with(&env, "SOHR", &[], &["--incident", "elsewhere"]);
    (env, [a, b, c, d])
}

fn status_of(env: &TestEnv, id: i64) -> String {
    // The harness shows text cells quoted.
    env.sql_one(&format!("SELECT status FROM claim WHERE id = {id}"))
        .trim_matches('"')
        .to_string()
}

#[test]
fn several_ids_move_together_with_one_history_row_each() {
    let (env, [a, b, c, _]) = three_claims();
    let v = env.json(&["status", &a.to_string(), &c.to_string(), "in_progress"]);
    let moved: Vec<i64> = v
        .as_array()
        .expect("an array for several claims")
        .iter()
        .map(|o| o["claim"].as_i64().expect("claim"))
        .collect();
    assert_eq!(moved, vec![a, c]);
    assert_eq!(v[0]["from"], "unverified");
    assert_eq!(v[1]["to"], "in_progress");
    assert_eq!(status_of(&env, a), "in_progress");
    assert_eq!(status_of(&env, b), "unverified");
    assert_eq!(status_of(&env, c), "in_progress");
    let rows = env.sql_one(&format!(
        "SELECT count(*) FROM status_change WHERE to_status = 'in_progress' AND claim_id IN ({a}, {c})"
    ));
    assert_eq!(rows, "2");
    env.ok(&["verify"]);
}

#[test]
fn one_claim_that_cannot_move_stops_them_all() {
    let (env, [a, b, _, _]) = three_claims();
    env.ok(&[
        "status",
        &b.to_string(),
        "retracted",
        "--note",
        "withdrawn by the source",
    ]);
    let before = env.snapshot();
    // Reopening a retracted claim needs a note: b cannot move, so a does not either.
    let line = env.fail(
        &["status", &a.to_string(), &b.to_string(), "in_progress"],
        2,
    );
    assert!(line.contains(&format!("claim {b}")), "{line}");
    assert_eq!(env.snapshot(), before);
    assert_eq!(status_of(&env, a), "unverified");
}

#[test]
fn an_incident_selection_moves_its_claims_in_one_status() {
    let (env, [a, b, c, d]) = three_claims();
    env.ok(&["status", &b.to_string(), "in_progress"]);
    let out = env.ok(&[
        "status",
        "--incident",
        "atme-raid",
        "--status",
        "unverified",
        "in_progress",
    ]);
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        vec![
            format!("claim {a}: unverified → in_progress"),
            format!("claim {c}: unverified → in_progress"),
        ]
    );
    assert_eq!(status_of(&env, d), "unverified", "not about the incident");
    // A selection answers with an array even when it holds one claim.
    let v = env.json(&["status", "--incident", "elsewhere", "in_progress"]);
    assert_eq!(v.as_array().map(Vec::len), Some(1), "{v}");
    assert_eq!(v[0]["claim"], d, "{v}");
}

#[test]
fn one_claim_by_id_still_answers_with_one_object() {
    let (env, [a, ..]) = three_claims();
    let v = env.json(&["status", &a.to_string(), "in_progress"]);
    assert_eq!(v["claim"], a, "{v}");
}

#[test]
fn selections_that_make_no_sense_are_refused_and_nothing_written() {
    let (env, [a, ..]) = three_claims();
    let before = env.snapshot();
    let cases: Vec<(Vec<String>, &str)> = vec![
        (vec!["in_progress".into()], "which claims?"),
        (
            vec![a.to_string(), a.to_string(), "in_progress".into()],
            "named twice",
        ),
        (
            vec![
                "--incident".into(),
                "atme-raid".into(),
                a.to_string(),
                "in_progress".into(),
            ],
            "not both",
        ),
        (
            vec![
                "--incident".into(),
                "atme-raid".into(),
                "--status".into(),
                "verified".into(),
                "in_progress".into(),
            ],
            "no claim about atme-raid has status verified",
        ),
        (
            vec![
                "--status".into(),
                "verified".into(),
                a.to_string(),
                "in_progress".into(),
            ],
            "--incident",
        ),
        (
            vec!["--incident".into(), "nowhere".into(), "in_progress".into()],
            "nowhere",
        ),
    ];
    for (args, expected) in cases {
        let mut all = vec!["status"];
        all.extend(args.iter().map(String::as_str));
        let line = env.fail(&all, 2);
        assert!(line.contains(expected), "{all:?}: {line}");
        assert_eq!(env.snapshot(), before, "{all:?} wrote something");
    }
}
