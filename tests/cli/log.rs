//! `log`: every change across the ledger, newest first, filtered by time, person and
//! incident; `history --since`.

use crate::{claim_with, seeded, TestEnv};

/// Runs `args` with the clock pinned at `at`.
fn at(env: &TestEnv, when: &str, args: &[&str]) {
    let mut cmd = env.command(args);
    cmd.env("CROSSCHECK_NOW", when);
    let out = TestEnv::run_command(cmd, None);
    assert_eq!(out.code, 0, "{args:?}: {out:?}");
}

/// A ledger where things happened on three days.
fn three_days() -> (TestEnv, i64, i64) {
    let env = seeded();
    env.ok(&[
        "incident",
        "add",
        "elsewhere",
        "--title",
        "Another incident",
    ]);
    let a = claim_with(&env, "SOHR", &["killed=13"], &[]);
    let b = claim_with(&env, "Pentagon", &[], &["--incident", "elsewhere"]);
    at(
        &env,
        "2022-02-06T09:00:00Z",
        &["status", &a.to_string(), "in_progress"],
    );
    at(
        &env,
        "2022-02-07T10:00:00Z",
        &[
            "evidence",
            "add",
            &a.to_string(),
            "--url",
            "https://example.org/list",
            "--supports",
        ],
    );
    at(
        &env,
        "2022-02-07T11:00:00Z",
        &["status", &b.to_string(), "in_progress"],
    );
    (env, a, b)
}

#[test]
fn the_log_lists_every_change_newest_first() {
    let (env, a, b) = three_days();
    let v = env.json(&["log"]);
    let rows = v.as_array().expect("array");
    let kinds: Vec<(&str, i64)> = rows
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().expect("kind"),
                r["claim"].as_i64().expect("claim"),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("status", b),
            ("evidence", a),
            ("status", a),
            ("recorded", b),
            ("recorded", a),
        ]
    );
    assert_eq!(rows[0]["from"], "unverified");
    assert_eq!(rows[0]["to"], "in_progress");
    assert_eq!(rows[0]["incident"], "elsewhere");
    assert_eq!(rows[1]["url"], "https://example.org/list");
    assert_eq!(rows[1]["stance"], "supports");
    assert_eq!(rows[4]["who"], "tester");
}

#[test]
fn since_who_incident_and_limit_narrow_it() {
    let (env, a, b) = three_days();
    // The clock of this run is NOW (2022-02-05T12:00Z); 2022-02-07 is a date.
    let since: Vec<i64> = env
        .json(&["log", "--since", "2022-02-07"])
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r["claim"].as_i64().expect("claim"))
        .collect();
    assert_eq!(since, vec![b, a]);
    let mut cmd = env.command(&["log", "--since", "24h", "--format", "json"]);
    cmd.env("CROSSCHECK_NOW", "2022-02-07T10:30:00Z");
    let out = TestEnv::run_command(cmd, None);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(v.as_array().map(Vec::len), Some(2), "{v}");
    let about_a = env.json(&["log", "--incident", "atme-raid"]);
    assert!(about_a
        .as_array()
        .expect("array")
        .iter()
        .all(|r| r["claim"] == a));
    assert_eq!(
        env.json(&["log", "--limit", "1"]).as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(env.json(&["log", "--who", "nobody"]), serde_json::json!([]));
    assert_eq!(env.ok(&["log", "--who", "nobody"]).trim(), "no changes");
    assert_eq!(
        env.json(&["log", "--who", "tester"])
            .as_array()
            .map(Vec::len),
        Some(5)
    );
}

#[test]
fn history_since_keeps_the_recent_steps() {
    let (env, a, _) = three_days();
    let v = env.json(&["history", &a.to_string(), "--since", "2022-02-06T12:00Z"]);
    let text = v.to_string();
    assert!(text.contains("https://example.org/list"), "{v}");
    assert!(!text.contains("\"to\":\"in_progress\""), "{v}");
}

#[test]
fn bad_filters_are_refused_with_one_line() {
    let (env, _, _) = three_days();
    for (args, says) in [
        (vec!["log", "--since", "yesterday"], "--since 'yesterday'"),
        (vec!["log", "--since", "2023-13"], "--since '2023-13'"),
        (
            vec!["log", "--incident", "nowhere"],
            "no incident 'nowhere'",
        ),
        (vec!["log", "--limit", "0"], "--limit 0"),
        (vec!["history", "1", "--since", "soon"], "--since 'soon'"),
    ] {
        let line = env.fail(&args, 2);
        assert!(line.contains(says), "{args:?}: {line}");
    }
}

/// Issue 17: `log` and `claim list` write their rows as they read them. The documents
/// are whole in every format, and a command refused before its first row (an unknown
/// incident) prints its error alone, not a header or half an array.
#[test]
fn streamed_listings_are_whole_documents_and_refusals_print_nothing_else() {
    let (env, _, _) = three_days();
    for args in [&["log"][..], &["claim", "list"][..]] {
        let mut json_args = vec!["--format", "json"];
        json_args.extend_from_slice(args);
        let text = env.ok(&json_args);
        let rows: serde_json::Value = serde_json::from_str(&text).expect("one JSON array");
        assert!(rows.as_array().is_some_and(|a| !a.is_empty()), "{text}");
        let mut csv_args = vec!["--format", "csv"];
        csv_args.extend_from_slice(args);
        let csv = env.ok(&csv_args);
        assert_eq!(csv.lines().count(), rows.as_array().map_or(0, Vec::len) + 1);
    }
    for format in ["json", "csv", "table"] {
        for args in [
            &["log", "--incident", "nowhere"][..],
            &["claim", "list", "--incident", "nowhere"][..],
        ] {
            let mut all = vec!["--format", format];
            all.extend_from_slice(args);
            let out = env.run(&all);
            assert_eq!(out.code, 2, "{all:?}: {out:?}");
            assert_eq!(out.stdout, "", "{all:?}");
        }
    }
    let out = env.ok(&["--format", "json", "log", "--since", "2030-01-01"]);
    assert_eq!(out.trim(), "[]");
}
