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

/// Issue 14: `source merge`, `source edit`, `article edit` and `incident edit` are
/// recorded in the ledger's chain, and `log` lists them beside the claims' history.
#[test]
fn the_log_lists_edits_of_sources_articles_and_incidents_and_merges() {
    let (env, a, _) = three_days();
    env.ok(&["source", "add", "Observatorium"]);
    let c = claim_with(&env, "Observatorium", &["killed=12"], &[]);
    at(
        &env,
        "2022-02-08T08:00:00Z",
        &["source", "merge", "Observatorium", "SOHR"],
    );
    at(
        &env,
        "2022-02-08T09:00:00Z",
        &["source", "edit", "Pentagon", "--grade", "B"],
    );
    at(
        &env,
        "2022-02-08T10:00:00Z",
        &[
            "article",
            "edit",
            "atme-nl",
            "--title",
            "Raid in Atmé",
            "--url",
            "",
        ],
    );
    at(
        &env,
        "2022-02-08T11:00:00Z",
        &["incident", "edit", "atme-raid", "--place", "Atmé"],
    );
    let v = env.json(&["log", "--since", "2022-02-08"]);
    let rows = v.as_array().expect("array");
    let kinds: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().expect("kind"),
                r["target"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("incident_edit", "incident:1"),
            ("article_edit", "article:1"),
            ("source_edit", "source:3"),
            ("merge", "source:1"),
        ],
        "{v}"
    );
    assert!(rows.iter().all(|r| r["claim"].is_null()), "{v}");
    assert_eq!(rows[0]["incident"], "atme-raid");
    assert_eq!(rows[1]["field"], "title, url");
    assert_eq!(
        rows[1]["set"],
        serde_json::json!({"title": "Raid in Atmé", "url": null})
    );
    assert_eq!(rows[3]["set"]["name"], "Observatorium");
    let table = env.ok(&["log", "--since", "2022-02-08"]);
    assert!(
        table.contains("article:1 edited: title = \"Raid in Atmé\", url cleared"),
        "{table}"
    );
    assert!(
        table.contains("('Observatorium') merged into source:1"),
        "{table}"
    );
    // --incident keeps that incident's edits and leaves the rest of the ledger out.
    let about: Vec<String> = env
        .json(&["log", "--incident", "atme-raid"])
        .as_array()
        .expect("array")
        .iter()
        .map(|r| format!("{}:{}", r["kind"].as_str().expect("kind"), r["claim"]))
        .collect();
    assert_eq!(
        about,
        [
            "incident_edit:null".to_string(),
            format!("evidence:{a}"),
            format!("status:{a}"),
            format!("recorded:{c}"),
            format!("recorded:{a}"),
        ]
    );
    // --limit counts them with the rest; --who narrows them too.
    let newest = env.json(&["log", "--limit", "2"]);
    assert_eq!(newest[1]["kind"], "article_edit", "{newest}");
    assert_eq!(env.json(&["log", "--who", "nobody"]), serde_json::json!([]));
}

/// Issue 14: a merge re-credits each claim it moves by an entry in the claim's chain;
/// `history` (and `claim show`) now show it, where before the claim's history did not
/// say that its source had changed.
#[test]
fn history_shows_the_merge_that_re_credited_a_claim() {
    let env = seeded();
    env.ok(&["source", "add", "Observatorium"]);
    env.ok(&["source", "add", "Reuters", "--kind", "news_agency"]);
    let c = claim_with(&env, "Observatorium", &["killed=12"], &["--via", "Reuters"]);
    at(
        &env,
        "2022-02-08T08:00:00Z",
        &["source", "merge", "Observatorium", "SOHR"],
    );
    let id = c.to_string();
    let v = env.json(&["history", &id]);
    let credits = v["credits"].as_array().expect("credits");
    assert_eq!(credits.len(), 1, "{v}");
    assert_eq!(credits[0]["source"], "Syrian Observatory for Human Rights");
    assert_eq!(credits[0]["via"], "Reuters");
    assert_eq!(credits[0]["at"], "2022-02-08T08:00:00Z");
    assert!(
        credits[0]["why"]
            .as_str()
            .is_some_and(|w| w.contains("merged into source 1")),
        "{v}"
    );
    let table = env.ok(&["history", &id]);
    assert!(
        table.contains("credited to Syrian Observatory for Human Rights (1) via Reuters"),
        "{table}"
    );
    let show = env.ok(&["claim", "show", &id]);
    assert!(show.contains("credited to Syrian Observatory"), "{show}");
    // --since leaves it out when it is older.
    let later = env.json(&["history", &id, "--since", "2022-02-09"]);
    assert_eq!(later["credits"], serde_json::json!([]));
    // A claim never re-credited has none.
    let other = claim_with(&env, "Pentagon", &[], &[]);
    assert_eq!(
        env.json(&["history", &other.to_string()])["credits"],
        serde_json::json!([])
    );
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

/// A table keeps its rows in a temporary file while it measures its columns; where none
/// can be made (a temporary folder that does not exist), it holds them in memory and
/// prints the same table.
#[test]
fn tables_are_the_same_when_no_temporary_file_can_be_made() {
    let (env, _, b) = three_days();
    // A verdict without evidence, so that lint lists a finding.
    env.ok(&["status", &b.to_string(), "verified", "--note", "seen"]);
    for args in [&["log"][..], &["claim", "list"][..], &["lint"][..]] {
        let mut all = vec!["--format", "table"];
        all.extend_from_slice(args);
        let spooled = env.run(&all);
        let mut cmd = env.command(&all);
        cmd.env("TMPDIR", env.dir().join("no-such-folder"));
        let held = TestEnv::run_command(cmd, None);
        assert!(spooled.stdout.lines().count() > 1, "{all:?}: {spooled:?}");
        assert_eq!(held.stdout, spooled.stdout, "{all:?}");
        assert_eq!(held.code, spooled.code, "{all:?}: {held:?}");
    }
}
