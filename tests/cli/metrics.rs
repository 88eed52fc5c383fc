//! The metric vocabulary (issue 16, item 3), on both backends: a figure whose base or
//! breakdown the ledger does not know is refused with a "did you mean" and nothing
//! written, unless `--new-metric` records it; `metric add` and `metric list`; the
//! vocabulary travels with an export; `verify` names a raw change of its entries; and
//! extraction says which proposals need a new name.

use serde_json::Value;

use crate::{claim, claim_with, seeded, TestEnv};

/// The names of one part in `metric list --format json`, in order.
fn names(env: &TestEnv, part: &str) -> Vec<String> {
    let v = env.json(&["metric", "list"]);
    v["metrics"]
        .as_array()
        .expect("metrics array")
        .iter()
        .filter(|m| m["part"] == part)
        .map(|m| m["name"].as_str().expect("name").to_string())
        .collect()
}

/// The entry of `metric list --format json` for one name of one part.
fn listed(env: &TestEnv, part: &str, name: &str) -> Value {
    let v = env.json(&["metric", "list"]);
    v["metrics"]
        .as_array()
        .expect("metrics array")
        .iter()
        .find(|m| m["part"] == part && m["name"] == name)
        .cloned()
        .unwrap_or_else(|| panic!("{part} {name} is not listed: {v}"))
}

fn add_claim_args<'a>(figures: &[&'a str], extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "claim",
        "add",
        "--article",
        "atme-nl",
        "--incident",
        "atme-raid",
        "--source",
        "SOHR",
        "--text",
        "a claim",
    ];
    for f in figures {
        args.extend(["--figure", f]);
    }
    args.extend(extra);
    args
}

#[test]
fn an_unknown_metric_is_refused_with_a_suggestion_and_nothing_written() {
    let env = seeded();
    let before = env.snapshot();
    let cases: [(&[&str], &str); 5] = [
        (
            &["killed=12", "kiled=12"],
            "unknown metric 'kiled' in --figure kiled=12: did you mean 'killed'? Add it with `crosscheck metric add kiled --description …`, or pass --new-metric to record it as it is",
        ),
        (&["dead=12"], "unknown metric 'dead' in --figure dead=12: did you mean 'killed'?"),
        (
            &["killed.childern=4"],
            "unknown breakdown 'childern' in --figure killed.childern=4: did you mean 'children'? Add it with `crosscheck metric add .childern --description …`",
        ),
        (&["children=4"], "'children' is a breakdown: give it after a base"),
        (&["killed.children.girls=2"], "unknown breakdown 'girls'"),
    ];
    for (figures, expected) in cases {
        let line = env.fail(&add_claim_args(figures, &[]), 2);
        assert!(line.contains(expected), "{figures:?}: {line}");
        assert!(line.contains("--new-metric"), "{figures:?}: {line}");
    }
    assert_eq!(env.snapshot(), before, "a refused figure wrote something");
    assert_eq!(env.sql_count("claim"), 0);
    assert_eq!(env.sql_count("record WHERE kind = 'metric'"), 0);
}

#[test]
fn any_known_base_combines_with_any_known_breakdown() {
    let env = seeded();
    claim(
        &env,
        "SOHR",
        &[
            "injured.children=9",
            "casualties.civilians~40",
            "killed.civilians.women=3",
            "in_need=12000",
        ],
    );
    assert_eq!(env.sql_count("figure"), 4);
    assert_eq!(env.sql_count("record WHERE kind = 'metric'"), 0);
}

#[test]
fn new_metric_records_the_names_and_the_vocabulary_lists_them() {
    let env = seeded();
    let out = env.run(&add_claim_args(
        &["evacuated=300", "evacuated.elderly=40", "killed.elderly=2"],
        &["--new-metric"],
    ));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("added the base 'evacuated' to the vocabulary")
            && out.stderr.contains("added the breakdown '.elderly'"),
        "{}",
        out.stderr
    );
    // Each name once, however many figures use it.
    assert_eq!(env.sql_count("record WHERE kind = 'metric'"), 2);
    // A part the figure grammar takes but no vocabulary name could be.
    let line = env.fail(&add_claim_args(&["killed.2nd=1"], &["--new-metric"]), 2);
    assert!(line.contains("'2nd' is not a metric name"), "{line}");
    assert_eq!(env.sql_count("claim"), 1);
    let evacuated = listed(&env, "base", "evacuated");
    assert_eq!(
        evacuated["description"], "added with claim 1",
        "{evacuated}"
    );
    assert_eq!(evacuated["unit"], "people");
    assert_eq!(evacuated["built_in"], false);
    assert_eq!(evacuated["added_by"], "tester");
    assert!(names(&env, "breakdown").contains(&"elderly".to_string()));
    // Known now: the next claim needs no flag.
    claim(&env, "Syrian Civil Defence", &["evacuated.elderly=35"]);
    assert_eq!(env.sql_count("record WHERE kind = 'metric'"), 2);
    assert_eq!(env.json(&["verify"])["ok"], true);
}

#[test]
fn metric_add_and_list() {
    let env = TestEnv::new();
    let built_in = names(&env, "base");
    assert_eq!(built_in[0], "killed");
    for base in ["injured", "displaced", "crowd", "in_need", "population"] {
        assert!(built_in.contains(&base.to_string()), "{base}: {built_in:?}");
    }
    let out = env.ok(&[
        "metric",
        "add",
        "evacuated",
        "--description",
        "people moved out of harm's way",
    ]);
    assert!(
        out.contains("added the base 'evacuated' (people): people moved out of harm's way"),
        "{out}"
    );
    env.ok(&[
        "metric",
        "add",
        ".elderly",
        "--description",
        "people aged 65 or over",
    ]);
    env.ok(&[
        "metric",
        "add",
        "infants",
        "--breakdown",
        "--description",
        "children under one",
    ]);
    env.ok(&[
        "metric",
        "add",
        "aid_pledged",
        "--description",
        "aid pledged",
        "--unit",
        "usd",
    ]);
    assert_eq!(env.sql_count("record WHERE kind = 'metric'"), 4);
    // The same again is refused; another description of a known name is recorded and wins.
    let line = env.fail(
        &[
            "metric",
            "add",
            "evacuated",
            "--description",
            "people moved out of harm's way",
        ],
        2,
    );
    assert!(line.contains("already in the vocabulary"), "{line}");
    let line = env.fail(
        &["metric", "add", "killed", "--description", "people killed"],
        2,
    );
    assert!(line.contains("already in the vocabulary"), "{line}");
    let out = env.ok(&[
        "metric",
        "add",
        "killed",
        "--description",
        "people who died by violence",
    ]);
    assert!(out.contains("redescribed the base 'killed'"), "{out}");
    assert_eq!(env.sql_count("record WHERE kind = 'metric'"), 5);

    let killed = listed(&env, "base", "killed");
    assert_eq!(killed["description"], "people who died by violence");
    assert_eq!(killed["built_in"], true);
    assert_eq!(killed["added_by"], "tester");
    let injured = listed(&env, "base", "injured");
    assert_eq!(injured["added_by"], Value::Null);
    assert_eq!(listed(&env, "base", "aid_pledged")["unit"], "usd");
    assert_eq!(listed(&env, "breakdown", "infants")["built_in"], false);
    // Added names come after the built-in ones, in the order they were added.
    let bases = names(&env, "base");
    assert_eq!(bases[bases.len() - 2..], ["evacuated", "aid_pledged"]);

    let table = env.ok(&["metric", "list"]);
    let row = crate::table_row(&table, "elderly");
    assert_eq!(row[1..4], ["breakdown", "people", "aged"], "{row:?}");
    assert!(table.contains("built-in"), "{table}");
    let (header, rows) = env.csv(&["metric", "list"]);
    assert_eq!(header, ["name", "part", "description", "unit", "added"]);
    let aid = rows
        .iter()
        .find(|r| r[0] == "aid_pledged")
        .expect("aid row");
    assert_eq!(aid[1..4], ["base", "aid pledged", "usd"]);
    assert!(aid[4].starts_with("tester, "), "{aid:?}");
}

#[test]
fn bad_metric_names_descriptions_and_units_are_refused() {
    let env = TestEnv::new();
    let cases: [(&[&str], &str); 7] = [
        (
            &["Killed!", "--description", "x"],
            "'Killed!' is not a metric name",
        ),
        (&["", "--description", "x"], "the metric name is empty"),
        (&[".", "--description", "x"], "the metric name is empty"),
        (
            &["killed.elderly", "--description", "x"],
            "has more than one part",
        ),
        (
            &["elderly", "--description", "  "],
            "--description: the description is empty",
        ),
        (&["elderly", "--description", "a\nb"], "more than one line"),
        (
            &["aid", "--description", "aid", "--unit", "US dollars"],
            "--unit: 'US dollars' is not a unit",
        ),
    ];
    for (args, expected) in cases {
        let mut all = vec!["metric", "add"];
        all.extend(args);
        let line = env.fail(&all, 2);
        assert!(line.contains(expected), "{args:?}: {line}");
    }
    assert_eq!(env.sql_count("record WHERE kind = 'metric'"), 0);
}

#[test]
fn an_export_carries_the_vocabulary_into_the_ledger_it_is_imported_into() {
    let env = seeded();
    env.ok(&[
        "metric",
        "add",
        "evacuated",
        "--description",
        "people moved out",
    ]);
    claim_with(&env, "SOHR", &["killed.elderly=2"], &["--new-metric"]);
    let file = env.dir().join("ledger.jsonl");
    env.ok(&["export", "-o", file.to_str().expect("path")]);

    let other = TestEnv::empty();
    other.ok(&["import", file.to_str().expect("path")]);
    assert_eq!(
        listed(&other, "base", "evacuated")["description"],
        "people moved out"
    );
    assert_eq!(
        listed(&other, "breakdown", "elderly")["description"],
        "added with claim 1"
    );
    assert_eq!(other.json(&["verify"])["ok"], true);
    // The imported names are known there.
    claim(&other, "SOHR", &["evacuated.elderly=12"]);
}

#[test]
fn verify_names_a_raw_change_of_a_metric_entry() {
    let env = TestEnv::new();
    env.ok(&[
        "metric",
        "add",
        "aid_pledged",
        "--description",
        "aid pledged",
        "--unit",
        "usd",
    ]);
    env.ok(&[
        "metric",
        "add",
        "evacuated",
        "--description",
        "people moved out",
    ]);
    let seq = env.sql_one("SELECT seq FROM record WHERE kind = 'metric' AND data LIKE '%usd%'");
    crate::record::tamper(
        &env,
        "UPDATE record SET data = replace(data, 'usd', 'eur') WHERE kind = 'metric' AND data LIKE '%usd%'",
    );
    let out = env.run(&["verify"]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains(&format!(
            "ledger entry {seq} (metric) does not match its hash"
        )),
        "{}",
        out.stderr
    );
}

/// An English article whose second sentence breaks a toll down by nationality: the
/// extractor proposes `killed.nepalis` and `killed.british`, which no vocabulary has.
fn article_with_new_breakdowns() -> TestEnv {
    let env = TestEnv::new();
    let path = env.file(
        "body.txt",
        b"At least 80 people were killed in the attack, the health ministry said on Monday. Among the dead were nine Nepalis and four Britons, the ministry said.",
    );
    env.ok(&[
        "article",
        "add",
        "--title",
        "T",
        "--slug",
        "t",
        "--lang",
        "en",
        "--file",
        path.to_str().expect("path"),
    ]);
    env
}

#[test]
fn extraction_says_which_proposals_need_a_new_metric_and_accept_asks_for_it() {
    let env = article_with_new_breakdowns();
    let proposals = env.json(&["extract", "t"]);
    let figures: Vec<&Value> = proposals
        .as_array()
        .expect("proposals")
        .iter()
        .flat_map(|p| p["figures"].as_array().expect("figures"))
        .collect();
    let unknown = |metric: &str| {
        figures
            .iter()
            .find(|f| f["metric"] == metric)
            .unwrap_or_else(|| panic!("no {metric} proposed: {proposals}"))["unknown_metric"]
            .clone()
    };
    assert_eq!(unknown("killed"), serde_json::json!([]));
    assert_eq!(unknown("killed.nepalis"), serde_json::json!([".nepalis"]));
    let table = env.ok(&["extract", "t"]);
    assert!(
        table.contains("not in the vocabulary: .nepalis") && table.contains("--new-metric"),
        "{table}"
    );

    let before = env.snapshot();
    let line = env.fail(&["extract", "t", "--accept"], 2);
    assert!(
        line.contains("unknown breakdown 'nepalis' in the figure killed.nepalis=9")
            && line.contains("--new-metric"),
        "{line}"
    );
    assert_eq!(env.snapshot(), before, "a refused accept wrote something");

    env.ok(&["extract", "t", "--accept", "--new-metric"]);
    assert_eq!(env.sql_count("claim"), 2);
    assert_eq!(
        names(&env, "breakdown")[names(&env, "breakdown").len() - 2..],
        ["nepalis", "british"]
    );
    let needs_accept = env.run(&["extract", "t", "--new-metric"]);
    assert_eq!(needs_accept.code, 2, "{}", needs_accept.stderr);
}

#[test]
fn a_report_describes_each_metric_with_the_desks_words_and_unit() {
    let env = seeded();
    env.ok(&[
        "metric",
        "add",
        "killed",
        "--description",
        "people who died by violence",
    ]);
    env.ok(&[
        "metric",
        "add",
        "aid_pledged",
        "--description",
        "aid pledged",
        "--unit",
        "usd",
    ]);
    claim(
        &env,
        "SOHR",
        &["killed=13", "killed.children=4", "aid_pledged=50000"],
    );
    let md = env.ok(&["report", "atme-raid"]);
    for expected in [
        // The desk's own description wins over the report's word for a built-in name.
        "People who died by violence: children (`killed.children`)",
        "- `killed.children`: people who died by violence: children, counted in people",
        // A name the report's tables lack takes the vocabulary's description and unit.
        "- `aid_pledged`: aid pledged, counted in usd",
    ] {
        assert!(md.contains(expected), "{expected}\n{md}");
    }
    let nl = env.ok(&["report", "atme-raid", "--lang", "nl"]);
    assert!(nl.contains("geteld in usd"), "{nl}");
    let html = env.ok(&["report", "atme-raid", "--format", "html"]);
    assert!(
        html.contains("<dt><code>aid_pledged</code></dt><dd>aid pledged, counted in usd</dd>"),
        "{html}"
    );
}

#[test]
fn the_json_report_gives_each_metric_its_description_and_unit() {
    let env = seeded();
    env.ok(&[
        "metric",
        "add",
        "aid_pledged",
        "--description",
        "aid pledged",
        "--unit",
        "usd",
    ]);
    claim(&env, "SOHR", &["killed.children=4", "aid_pledged=50000"]);
    let v = env.json(&["report", "atme-raid"]);
    let metric = |name: &str| {
        v["comparison"]["metrics"]
            .as_array()
            .expect("comparison metrics")
            .iter()
            .find(|m| m["metric"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no {name}: {v}"))
    };
    assert_eq!(
        metric("killed.children")["description"],
        "people killed: children"
    );
    assert_eq!(metric("killed.children")["unit"], "people");
    assert_eq!(metric("aid_pledged")["unit"], "usd");
}
