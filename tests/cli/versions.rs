//! Claim versions and "in play" (issue 14): `claim correct` records a new version and
//! supersedes the old one, `claim withdraw` closes a claim that should never have been
//! recorded, every version shares one claim key, and comparisons, conflicts, the claim
//! list and the report's body look only at claims in play. On both backends.

use serde_json::Value;

use crate::record::tamper;
use crate::{claim, seeded, TestEnv};

/// The JSON of `compare` for the seeded incident.
fn compared(env: &TestEnv) -> Value {
    env.json(&["compare", "atme-raid"])
}

/// The origins across the comparison, by name.
fn origins(env: &TestEnv) -> Vec<String> {
    compared(env)["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .map(|s| s.as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn compare_leaves_out_origins_whose_claims_are_all_retracted() {
    // The defect: `compare` kept a column for each source whose claims were all
    // retracted, empty from top to bottom.
    let env = seeded();
    claim(&env, "SOHR", &["killed=13"]);
    let wrong = claim(&env, "Pentagon", &["killed=40"]);
    env.ok(&[
        "status",
        &wrong.to_string(),
        "retracted",
        "--note",
        "the ministry withdrew it",
    ]);
    assert_eq!(
        origins(&env),
        ["Syrian Observatory for Human Rights"],
        "a source with no figure in play has no column"
    );
    let table = env.ok(&["compare", "atme-raid"]);
    assert!(!table.contains("Pentagon"), "{table}");
    let v = compared(&env);
    let figures = v["metrics"][0]["figures"].as_array().expect("figures");
    assert_eq!(figures.len(), 1, "{v}");
}

/// The status of claim `id`, as stored.
fn status_of(env: &TestEnv, id: i64) -> String {
    env.sql_one(&format!("SELECT status FROM claim WHERE id = {id}"))
        .trim_matches('"')
        .to_string()
}

#[test]
fn a_correction_records_a_new_version_and_supersedes_the_old_one() {
    let env = seeded();
    let first = env.json(&[
        "claim",
        "add",
        "--article",
        "atme-nl",
        "--incident",
        "atme-raid",
        "--source",
        "SOHR",
        "--text",
        "14 dead",
        "--quote",
        "dertien mensen",
        "--figure",
        "killed=14",
        "--figure",
        "killed.children=4",
    ]);
    let old = first["id"].as_i64().expect("id");
    env.ok(&["status", &old.to_string(), "in_progress"]);
    let out = env.run(&[
        "claim",
        "correct",
        &old.to_string(),
        "--text",
        "13 dead",
        "--figure",
        "killed=13",
        "--note",
        "misread the toll",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Its check starts over, and stderr says so in one line.
    let told: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(told.len(), 1, "{}", out.stderr);
    assert!(
        told[0].contains("starts over as unverified"),
        "{}",
        out.stderr
    );
    let v: Value = serde_json::from_str(&out.stdout).expect("JSON");
    let new = v["id"].as_i64().expect("id");
    assert_ne!(new, old);
    assert_eq!(v["key"], old);
    assert_eq!(v["version"], 2);
    assert_eq!(v["supersedes"], old);
    assert_eq!(v["status"], "unverified");
    assert_eq!(v["changed"], serde_json::json!(["text", "figures"]));
    // What was not given is copied; --figure replaced the whole set.
    assert_eq!(v["quote"], "dertien mensen");
    assert_eq!(v["source"], "Syrian Observatory for Human Rights");
    assert_eq!(v["incident"], "atme-raid");
    let specs: Vec<&str> = v["figures"]
        .as_array()
        .expect("figures")
        .iter()
        .filter_map(|f| f["spec"].as_str())
        .collect();
    assert_eq!(specs, ["killed=13"]);
    // The quote is found again in the article's text, as `claim add` finds it.
    assert_eq!(v["quote_start"], first["quote_start"]);
    assert_eq!(status_of(&env, old), "superseded");
    assert_eq!(
        env.sql_one(&format!("SELECT claim_key FROM claim WHERE id = {new}")),
        old.to_string()
    );
    // The old version's history ends in the superseding step, with the note.
    let history = env.json(&["history", &old.to_string()]);
    let last = history["history"]
        .as_array()
        .and_then(|h| h.last())
        .cloned()
        .expect("a history row");
    assert_eq!(last["from"], "in_progress");
    assert_eq!(last["to"], "superseded");
    assert_eq!(last["note"], "misread the toll");
    env.ok(&["verify"]);
}

#[test]
fn without_figures_a_correction_copies_them() {
    let env = seeded();
    let old = claim(&env, "SOHR", &["killed=13", "killed.women=3"]);
    let v = env.json(&[
        "claim",
        "correct",
        &old.to_string(),
        "--source",
        "White Helmets",
        "--note",
        "wrong origin",
    ]);
    assert_eq!(v["source"], "Syrian Civil Defence");
    assert_eq!(v["changed"], serde_json::json!(["source"]));
    let specs: Vec<&str> = v["figures"]
        .as_array()
        .expect("figures")
        .iter()
        .filter_map(|f| f["spec"].as_str())
        .collect();
    assert_eq!(specs, ["killed=13", "killed.women=3"]);
    // The figures follow their claim's origin.
    let new = v["id"].as_i64().expect("id");
    assert_eq!(
        env.sql_one(&format!(
            "SELECT COUNT(*) FROM figure WHERE claim_id = {new} AND origin_id = 2"
        )),
        "2"
    );
    env.ok(&["verify"]);
}

#[test]
fn a_correction_that_changes_nothing_or_of_a_closed_version_is_refused() {
    let env = seeded();
    let old = claim(&env, "SOHR", &["killed=13"]);
    let before = env.snapshot();
    let err = env.fail(&["claim", "correct", &old.to_string(), "--note", "x"], 2);
    assert!(err.contains("nothing to correct"), "{err}");
    let err = env.fail(
        &[
            "claim",
            "correct",
            &old.to_string(),
            "--figure",
            "killed=13",
            "--text",
            "a claim",
            "--note",
            "x",
        ],
        2,
    );
    assert!(err.contains("nothing to correct"), "{err}");
    // Bad input is refused as `claim add` refuses it, and nothing is written.
    let err = env.fail(
        &[
            "claim",
            "correct",
            &old.to_string(),
            "--figure",
            "killed=abc",
            "--note",
            "x",
        ],
        2,
    );
    assert!(err.contains("killed=abc"), "{err}");
    let err = env.fail(
        &[
            "claim",
            "correct",
            &old.to_string(),
            "--quote",
            "not in the article",
            "--note",
            "x",
        ],
        2,
    );
    assert!(err.contains("does not occur"), "{err}");
    let err = env.fail(
        &[
            "claim",
            "correct",
            &old.to_string(),
            "--incident",
            "no-such-incident",
            "--note",
            "x",
        ],
        2,
    );
    assert!(err.contains("no-such-incident"), "{err}");
    let err = env.fail(
        &[
            "claim",
            "correct",
            &old.to_string(),
            "--text",
            "y",
            "--note",
            " ",
        ],
        2,
    );
    assert!(err.contains("--note"), "{err}");
    assert_eq!(
        env.snapshot(),
        before,
        "a refused correction writes nothing"
    );

    let new = env.json(&[
        "claim",
        "correct",
        &old.to_string(),
        "--figure",
        "killed=12",
        "--note",
        "x",
    ])["id"]
        .as_i64()
        .expect("id");
    let err = env.fail(
        &[
            "claim",
            "correct",
            &old.to_string(),
            "--text",
            "z",
            "--note",
            "x",
        ],
        2,
    );
    assert!(
        err.contains(&format!("correct its latest version {new} instead")),
        "{err}"
    );
    env.ok(&[
        "claim",
        "withdraw",
        &new.to_string(),
        "--note",
        "not a claim",
    ]);
    let err = env.fail(
        &[
            "claim",
            "correct",
            &new.to_string(),
            "--text",
            "z",
            "--note",
            "x",
        ],
        2,
    );
    assert!(err.contains("withdrawn"), "{err}");
    let err = env.fail(&["claim", "withdraw", &new.to_string(), "--note", "x"], 2);
    assert!(err.contains("withdrawn"), "{err}");
    // `status` sets neither, and moves neither on.
    let err = env.fail(
        &["status", &new.to_string(), "in_progress", "--note", "x"],
        2,
    );
    assert!(err.contains("closed for good"), "{err}");
    let other = claim(&env, "Pentagon", &[]);
    let err = env.fail(
        &["status", &other.to_string(), "withdrawn", "--note", "x"],
        2,
    );
    assert!(err.contains("claim withdraw"), "{err}");
}

#[test]
fn withdraw_closes_several_claims_in_one_transaction() {
    let env = seeded();
    let a = claim(&env, "SOHR", &["killed=13"]);
    let b = claim(&env, "Pentagon", &["killed=40"]);
    let v = env.json(&[
        "claim",
        "withdraw",
        &a.to_string(),
        &b.to_string(),
        "--note",
        "extraction mistake",
    ]);
    assert_eq!(v.as_array().map(Vec::len), Some(2), "{v}");
    assert_eq!(v[0]["to"], "withdrawn");
    assert_eq!(status_of(&env, a), "withdrawn");
    assert_eq!(status_of(&env, b), "withdrawn");
    // One refused claim refuses them all.
    let c = claim(&env, "SOHR", &["killed=13"]);
    let before = env.snapshot();
    let err = env.fail(
        &["claim", "withdraw", &c.to_string(), "999", "--note", "x"],
        2,
    );
    assert!(err.contains("999"), "{err}");
    assert_eq!(env.snapshot(), before);
    let err = env.fail(&["claim", "withdraw", &c.to_string()], 2);
    assert!(err.contains("--note"), "{err}");
    env.ok(&["verify"]);
}

#[test]
fn claim_list_leaves_out_superseded_and_withdrawn_unless_asked() {
    let env = seeded();
    let old = claim(&env, "SOHR", &["killed=14"]);
    let gone = claim(&env, "Pentagon", &["killed=40"]);
    let new = env.json(&[
        "claim",
        "correct",
        &old.to_string(),
        "--figure",
        "killed=13",
        "--note",
        "misread",
    ])["id"]
        .as_i64()
        .expect("id");
    env.ok(&["claim", "withdraw", &gone.to_string(), "--note", "dup"]);
    let ids = |args: &[&str]| -> Vec<i64> {
        let mut all = vec!["claim", "list"];
        all.extend(args);
        env.json(&all)
            .as_array()
            .expect("array")
            .iter()
            .filter_map(|c| c["id"].as_i64())
            .collect()
    };
    assert_eq!(ids(&[]), [new]);
    assert_eq!(ids(&["--all-versions"]), [old, gone, new]);
    assert_eq!(ids(&["--status", "superseded"]), [old]);
    assert_eq!(ids(&["--status", "withdrawn"]), [gone]);
    // The counts of the incident, article and source lists are of the claims listed.
    assert_eq!(env.json(&["incident", "list"])[0]["claims"], 1);
    assert_eq!(env.json(&["article", "list"])[0]["claims"], 1);
    let sources = env.json(&["source", "list"]);
    let count = |name: &str| -> Value {
        sources
            .as_array()
            .expect("sources")
            .iter()
            .find(|s| s["name"] == name)
            .map(|s| s["claims"].clone())
            .expect("source listed")
    };
    assert_eq!(count("Syrian Observatory for Human Rights"), 1);
    assert_eq!(count("Pentagon"), 0);
}

#[test]
fn verify_names_a_raw_change_of_a_claim_key() {
    let env = seeded();
    let old = claim(&env, "SOHR", &["killed=14"]);
    let other = claim(&env, "Pentagon", &["killed=0"]);
    let new = env.json(&[
        "claim",
        "correct",
        &old.to_string(),
        "--figure",
        "killed=13",
        "--note",
        "misread",
    ])["id"]
        .as_i64()
        .expect("id");
    env.ok(&["verify"]);
    // A later version moved under another key, a first version given one, and a
    // version's key taken away: each named, row and field.
    for (sql, row) in [
        (
            format!("UPDATE claim SET claim_key = {other} WHERE id = {new}"),
            new,
        ),
        (
            format!("UPDATE claim SET claim_key = {old} WHERE id = {other}"),
            other,
        ),
        (
            format!("UPDATE claim SET claim_key = NULL WHERE id = {new}"),
            new,
        ),
    ] {
        let env = seeded();
        let old2 = claim(&env, "SOHR", &["killed=14"]);
        let other2 = claim(&env, "Pentagon", &["killed=0"]);
        let new2 = env.json(&[
            "claim",
            "correct",
            &old2.to_string(),
            "--figure",
            "killed=13",
            "--note",
            "misread",
        ])["id"]
            .as_i64()
            .expect("id");
        assert_eq!((old2, other2, new2), (old, other, new));
        tamper(&env, &sql);
        let out = env.run(&["verify"]);
        assert_eq!(out.code, 1, "{sql}: not caught\n{}", out.stdout);
        assert!(
            out.stderr.contains(&format!("claim {row}")) && out.stderr.contains("claim_key"),
            "{sql}: the problem should name claim {row} and its claim_key: {}",
            out.stderr
        );
    }
}

/// The demo ledger with claim 1 corrected and claim 2 withdrawn.
fn demo_with_versions() -> (TestEnv, i64) {
    let env = TestEnv::empty();
    env.ok(&["demo", "--db", env.db.to_str().expect("ledger address")]);
    let new = env.json(&[
        "claim",
        "correct",
        "1",
        "--figure",
        "killed=14",
        "--note",
        "misread the toll",
    ])["id"]
        .as_i64()
        .expect("id");
    env.ok(&["claim", "withdraw", "2", "--note", "recorded twice"]);
    (env, new)
}

#[test]
fn export_import_and_copy_carry_versions_and_their_history() {
    let (env, new) = demo_with_versions();
    let before = env.snapshot();
    for (format, name) in [("jsonl", "ledger.jsonl"), ("csv", "ledger.csv")] {
        let text = env.ok(&["export", "--format", format]);
        assert!(text.contains("claim_key"), "{format}");
        let target = TestEnv::new();
        let file = target.file(name, text.as_bytes());
        target.ok(&["import", file.to_str().expect("UTF-8")]);
        assert_eq!(target.snapshot(), before, "{format} round trip");
        target.ok(&["verify"]);
        assert_eq!(
            target.sql_one(&format!("SELECT claim_key FROM claim WHERE id = {new}")),
            "1"
        );
        assert_eq!(status_of(&target, 1), "superseded");
        assert_eq!(status_of(&target, 2), "withdrawn");
    }
    let copy = TestEnv::empty();
    let from = env.db.to_str().expect("ledger").to_string();
    let to = copy.db.to_str().expect("ledger").to_string();
    env.ok(&["copy", "--from", &from, "--to", &to]);
    assert_eq!(copy.snapshot(), before, "copy");
    copy.ok(&["verify"]);
}

#[test]
fn an_import_with_a_claim_key_changed_is_refused() {
    let (env, new) = demo_with_versions();
    let text = env.ok(&["export", "--format", "jsonl"]);
    let changed: String = text
        .lines()
        .map(|l| {
            if l.contains("\"record\":\"claim\"") && l.contains(&format!("\"id\":{new},")) {
                l.replace("\"claim_key\":1", "\"claim_key\":3")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_ne!(
        changed.trim(),
        text.trim(),
        "the key was found in the export"
    );
    let target = TestEnv::new();
    let file = target.file("ledger.jsonl", changed.as_bytes());
    let out = target.run(&["import", file.to_str().expect("UTF-8")]);
    assert_ne!(out.code, 0, "{}", out.stdout);
    assert!(out.stderr.contains("claim_key"), "{}", out.stderr);
    assert_eq!(target.sql_count("claim"), 0, "nothing written");
}

/// A ledger for the report: claim `kept` (SOHR, verified, then corrected and verified
/// again as claim `current`), a claim by "weekend" withdrawn, and a Pentagon claim
/// retracted by its source. Returns (kept, current, withdrawn, retracted).
fn reported() -> (TestEnv, i64, i64, i64, i64) {
    let env = seeded();
    let kept = claim(&env, "SOHR", &["killed=14"]);
    let k = kept.to_string();
    env.ok(&[
        "status",
        &k,
        "verified",
        "--note",
        "matches the hospital list",
        "--evidence",
        "https://e.org/list",
    ]);
    let current = env.json(&[
        "claim",
        "correct",
        &k,
        "--figure",
        "killed=13",
        "--text",
        "13 dead",
        "--note",
        "misread the toll",
    ])["id"]
        .as_i64()
        .expect("id");
    env.ok(&[
        "status",
        &current.to_string(),
        "verified",
        "--note",
        "matches the hospital list",
        "--evidence",
        "https://e.org/list",
    ]);
    let withdrawn = crate::claim_with(&env, "weekend", &["killed=90"], &["--new-source"]);
    env.ok(&[
        "claim",
        "withdraw",
        &withdrawn.to_string(),
        "--note",
        "a section name read as a source",
    ]);
    let retracted = claim(&env, "Pentagon", &["killed.us_personnel=1"]);
    env.ok(&[
        "status",
        &retracted.to_string(),
        "retracted",
        "--note",
        "the ministry withdrew it",
    ]);
    (env, kept, current, withdrawn, retracted)
}

#[test]
fn the_report_body_holds_claims_in_play_and_retracted_ones_under_the_claim_key() {
    let (env, kept, current, withdrawn, retracted) = reported();
    let v = env.json(&["report", "atme-raid"]);
    let claims: Vec<(i64, i64, String)> = v["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .map(|c| {
            (
                c["id"].as_i64().expect("id"),
                c["key"].as_i64().expect("key"),
                c["status"].as_str().expect("status").to_string(),
            )
        })
        .collect();
    assert_eq!(
        claims,
        [
            (current, kept, "verified".to_string()),
            (retracted, retracted, "retracted".to_string()),
        ],
        "withdrawn and superseded claims are left out; retracted ones stay"
    );
    let sources: Vec<&str> = v["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert!(
        !sources.contains(&"weekend"),
        "a withdrawn claim credits nobody: {sources:?}"
    );
    assert!(!v.to_string().contains("killed=90"), "{v}");

    let html = env.ok(&["report", "atme-raid", "--format", "html"]);
    assert!(
        html.contains(&format!("id=\"claim-{kept}\"")),
        "the key anchors it"
    );
    assert!(!html.contains(&format!("id=\"claim-{current}\"")));
    assert!(!html.contains(&format!("id=\"claim-{withdrawn}\"")));
    assert!(html.contains(&format!("href=\"#claim-{kept}\"")));
    assert!(html.contains("data-status=\"retracted\""));
    assert!(!html.contains("weekend"));
    assert!(!html.contains("data-status=\"superseded\""));

    let md = env.ok(&["report", "atme-raid", "--format", "markdown"]);
    assert!(
        md.contains(&format!("<a id=\"claim-{kept}\"></a>Claim {kept}: ")),
        "{md}"
    );
    assert!(!md.contains("weekend"), "{md}");
    assert!(!md.contains("misread the toll"), "{md}");

    let reviews = env.ok(&[
        "report",
        "atme-raid",
        "--format",
        "claimreview",
        "--publisher",
        "Example Checks",
        "--report-url",
        "https://checks.example.org/atme",
    ]);
    let reviews: Value = serde_json::from_str(&reviews).expect("JSON-LD");
    let urls: Vec<&str> = reviews
        .as_array()
        .expect("reviews")
        .iter()
        .filter_map(|r| r["url"].as_str())
        .collect();
    assert_eq!(
        urls,
        [format!("https://checks.example.org/atme#claim-{kept}")],
        "one review, of the version in play, at the claim key's anchor"
    );
}

#[test]
fn conflicts_and_search_look_at_claims_in_play() {
    let env = seeded();
    claim(&env, "SOHR", &["killed=13"]);
    let wrong = claim(&env, "White Helmets", &["killed=130"]);
    let v = env.json(&["conflicts"]);
    assert_eq!(v.as_array().map(Vec::len), Some(1), "{v}");
    env.ok(&[
        "claim",
        "correct",
        &wrong.to_string(),
        "--figure",
        "killed=13",
        "--note",
        "a zero too many",
    ]);
    let v = env.json(&["conflicts"]);
    assert_eq!(v.as_array().map(Vec::len), Some(0), "{v}");
    // Search finds a corrected claim once, as its version in play; the version it
    // replaced when its status is asked for.
    let found = |args: &[&str]| -> Vec<i64> {
        let mut all = vec!["search", "claim"];
        all.extend(args);
        env.json(&all)["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .filter(|h| h["kind"] == "claim")
            .filter_map(|h| h["id"].as_i64())
            .collect()
    };
    let hits = found(&[]);
    assert!(!hits.contains(&wrong), "{hits:?}");
    assert_eq!(hits.len(), 2, "{hits:?}");
    assert_eq!(found(&["--status", "superseded"]), [wrong]);
}

#[test]
fn claim_show_and_history_show_every_version() {
    let env = seeded();
    let first = claim(&env, "SOHR", &["killed=14"]);
    let second = env.json(&[
        "claim",
        "correct",
        &first.to_string(),
        "--figure",
        "killed=13",
        "--note",
        "misread the toll",
    ])["id"]
        .as_i64()
        .expect("id");
    let third = env.json(&[
        "claim",
        "correct",
        &second.to_string(),
        "--text",
        "thirteen dead",
        "--source",
        "Pentagon",
        "--note",
        "wrong origin",
    ])["id"]
        .as_i64()
        .expect("id");
    assert_eq!(
        env.json(&[
            "claim",
            "correct",
            &third.to_string(),
            "--text",
            "13",
            "--note",
            "x"
        ])["version"],
        4
    );
    let fourth = third + 1;
    env.ok(&[
        "claim",
        "withdraw",
        &fourth.to_string(),
        "--note",
        "never said",
    ]);

    // Any version shows them all, which one it is and which one stands.
    let v = env.json(&["claim", "show", &second.to_string()]);
    assert_eq!(v["key"], first);
    assert_eq!(v["version"], 2);
    assert_eq!(v["current"], fourth);
    let versions = v["versions"].as_array().expect("versions");
    let rows: Vec<(i64, &str, Value, Value)> = versions
        .iter()
        .map(|x| {
            (
                x["claim"].as_i64().expect("claim"),
                x["status"].as_str().expect("status"),
                x["changed"].clone(),
                x["note"].clone(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                first,
                "superseded",
                serde_json::json!([]),
                "misread the toll".into()
            ),
            (
                second,
                "superseded",
                serde_json::json!(["figures"]),
                "wrong origin".into()
            ),
            (
                third,
                "superseded",
                serde_json::json!(["text", "source"]),
                "x".into()
            ),
            (
                fourth,
                "withdrawn",
                serde_json::json!(["text"]),
                "never said".into()
            ),
        ]
    );
    let text = env.ok(&["claim", "show", &second.to_string()]);
    assert!(
        text.contains(&format!(
            "2 of 4 (claim key {first}; current: claim {fourth})"
        )),
        "{text}"
    );
    assert!(text.contains("wrong origin"), "{text}");
    // A claim never corrected shows no versions table.
    let single = claim(&env, "SOHR", &[]);
    let text = env.ok(&["claim", "show", &single.to_string()]);
    assert!(!text.contains("versions"), "{text}");

    // `history` of any version: every version's history, in order, labelled.
    let text = env.ok(&["history", &third.to_string()]);
    let headings: Vec<&str> = text.lines().filter(|l| l.starts_with("version ")).collect();
    assert_eq!(headings.len(), 4, "{text}");
    assert!(headings[0].starts_with(&format!("version 1 of 4: claim {first} (superseded)")));
    assert!(headings[3].starts_with(&format!("version 4 of 4: claim {fourth} (withdrawn)")));
    let v = env.json(&["history", &third.to_string()]);
    assert_eq!(v["claim"], third);
    assert_eq!(v["key"], first);
    let labelled: Vec<(i64, i64)> = v["versions"]
        .as_array()
        .expect("versions")
        .iter()
        .map(|x| {
            (
                x["version"].as_i64().expect("n"),
                x["claim"].as_i64().expect("id"),
            )
        })
        .collect();
    assert_eq!(labelled, [(1, first), (2, second), (3, third), (4, fourth)]);
    let last = &v["versions"][3]["history"];
    assert_eq!(
        last[last.as_array().expect("rows").len() - 1]["to"],
        "withdrawn"
    );
    // The CSV names each row's version by its claim.
    let (_, rows) = env.csv(&["history", &first.to_string()]);
    let claims: std::collections::BTreeSet<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(claims.len(), 4, "{rows:?}");
    env.ok(&["verify"]);
}
