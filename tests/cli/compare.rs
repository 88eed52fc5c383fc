//! `compare` and `conflicts`: figures as intervals, conflicts between origins,
//! inconsistent breakdowns within one origin, latest figure by as_of.

use serde_json::Value;

use crate::{claim, claim_with, seeded, table_row, TestEnv};

/// The metric object named `metric` in a compare JSON document.
fn metric<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["metrics"]
        .as_array()
        .unwrap_or_else(|| panic!("metrics array: {v}"))
        .iter()
        .find(|m| m["metric"] == name)
        .unwrap_or_else(|| panic!("metric {name} in {v}"))
}

/// Compares two sources' figures for `killed` and returns (conflict, spread).
fn pair(a: &str, b: &str, extra: &[&str]) -> (bool, Value) {
    let env = seeded();
    claim(&env, "SOHR", &[a]);
    claim(&env, "White Helmets", &[b]);
    let mut args = vec!["compare", "atme-raid"];
    args.extend(extra);
    let v = env.json(&args);
    let m = metric(&v, "killed");
    (
        m["conflict"].as_bool().expect("conflict is a bool"),
        m["spread"].clone(),
    )
}

#[test]
fn exact_figures_conflict_only_when_different() {
    assert_eq!(pair("killed=13", "killed=13", &[]), (false, 0.into()));
    assert_eq!(pair("killed=13", "killed=15", &[]), (true, 2.into()));
}

#[test]
fn at_least_overlaps_anything_above_it() {
    assert_eq!(pair("killed>=13", "killed=13", &[]), (false, 0.into()));
    assert_eq!(pair("killed>=13", "killed=500", &[]), (false, 0.into()));
    assert_eq!(pair("killed>=13", "killed=12", &[]), (true, 1.into()));
}

#[test]
fn more_than_excludes_the_number_itself() {
    assert_eq!(pair("killed>13", "killed=13", &[]), (true, 1.into()));
    assert_eq!(pair("killed>13", "killed=14", &[]), (false, 0.into()));
}

#[test]
fn at_most_overlaps_anything_below_it() {
    assert_eq!(pair("killed<=10", "killed=0", &[]), (false, 0.into()));
    assert_eq!(pair("killed<=10", "killed=11", &[]), (true, 1.into()));
    assert_eq!(pair("killed<=10", "killed>10", &[]), (true, 1.into()));
}

#[test]
fn ranges_overlap_at_their_bounds() {
    assert_eq!(pair("killed=10..15", "killed=15", &[]), (false, 0.into()));
    assert_eq!(
        pair("killed=10..15", "killed=16..20", &[]),
        (true, 1.into())
    );
    assert_eq!(
        pair("killed=10..15", "killed=12..30", &[]),
        (false, 0.into())
    );
}

#[test]
fn approx_uses_ten_percent_by_default_and_tolerance_changes_the_outcome() {
    // ~20 at 10 % is 18..22: it reaches 22.
    assert_eq!(pair("killed~20", "killed=22", &[]), (false, 0.into()));
    assert_eq!(
        pair("killed~20", "killed=22", &["--tolerance", "10"]),
        (false, 0.into())
    );
    // At 5 % it is 19..21, at 0 % just 20: now 22 conflicts.
    assert_eq!(
        pair("killed~20", "killed=22", &["--tolerance", "5"]),
        (true, 1.into())
    );
    assert_eq!(
        pair("killed~20", "killed=22", &["--tolerance", "0"]),
        (true, 2.into())
    );
    // And a wider tolerance removes a default conflict.
    assert_eq!(pair("killed~20", "killed=24", &[]), (true, 2.into()));
    assert_eq!(
        pair("killed~20", "killed=24", &["--tolerance", "20"]),
        (false, 0.into())
    );
    assert_eq!(
        pair("killed~20", "killed=24", &["--tolerance", "12.5%"]),
        (true, 1.into())
    );
}

#[test]
fn approx_interval_in_json_follows_the_tolerance() {
    let env = seeded();
    claim(&env, "SOHR", &["killed~20"]);
    let v = env.json(&["compare", "atme-raid", "--tolerance", "25"]);
    let f = &metric(&v, "killed")["figures"][0];
    assert_eq!(
        (f["low"].clone(), f["high"].clone()),
        (15.into(), 25.into())
    );
    assert_eq!(f["qualifier"], "approx");
}

#[test]
fn conflicts_command_honours_tolerance() {
    let env = seeded();
    claim(&env, "SOHR", &["killed~20"]);
    claim(&env, "White Helmets", &["killed=22"]);
    assert_eq!(env.json(&["conflicts"]).as_array().map(Vec::len), Some(0));
    let v = env.json(&["conflicts", "--tolerance", "0"]);
    assert_eq!(v.as_array().map(Vec::len), Some(1), "{v}");
    assert_eq!(v[0]["metric"], "killed");
}

#[test]
fn compare_table_shows_metrics_down_origins_across_with_kinds_via_and_flags() {
    let env = seeded();
    claim(
        &env,
        "SOHR",
        &["killed=13", "killed.children=4", "killed.women=3"],
    );
    claim(
        &env,
        "White Helmets",
        &[
            "killed=13:documented",
            "killed.children=6:documented",
            "injured~40:estimated",
        ],
    );
    claim(&env, "Pentagon", &["killed.us_personnel=0:conceded"]);
    claim_with(
        &env,
        "local sources",
        &["killed>=10"],
        &["--via", "Reuters"],
    );
    let out = env.ok(&["compare", "atme-raid"]);
    let header = out
        .lines()
        .find(|l| l.trim_start().starts_with("metric"))
        .unwrap_or_else(|| panic!("a header row:\n{out}"));
    let positions: Vec<usize> = [
        "Syrian Observatory for Human Rights",
        "Syrian Civil Defence",
        "Pentagon",
        "local sources",
        "spread",
        "conflict",
        "inconsistent",
    ]
    .iter()
    .map(|h| {
        header
            .find(h)
            .unwrap_or_else(|| panic!("{h} in header: {header}"))
    })
    .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "origins across, in order: {header}"
    );
    assert!(
        !header.contains("Reuters"),
        "a relaying outlet is no column: {header}"
    );
    assert_eq!(
        table_row(&out, "killed"),
        [
            "killed",
            "13",
            "13",
            "documented",
            "-",
            ">=10",
            "via",
            "Reuters",
            "0",
            "no",
            "no"
        ]
    );
    assert_eq!(
        table_row(&out, "killed.children"),
        [
            "killed.children",
            "4",
            "6",
            "documented",
            "-",
            "-",
            "2",
            "YES",
            "no"
        ]
    );
    assert_eq!(
        table_row(&out, "injured"),
        [
            "injured",
            "-",
            "~40",
            "estimated",
            "-",
            "-",
            "-",
            "no",
            "no"
        ]
    );
    assert_eq!(
        table_row(&out, "killed.us_personnel"),
        [
            "killed.us_personnel",
            "-",
            "-",
            "0",
            "conceded",
            "-",
            "-",
            "no",
            "no"
        ]
    );
    assert!(out.contains("1 conflict: killed.children."), "{out}");
}

#[test]
fn a_figure_relayed_by_an_outlet_counts_once_for_its_origin() {
    let env = seeded();
    claim(&env, "SOHR", &["killed=13"]);
    claim_with(&env, "SOHR", &["killed=13"], &["--via", "Reuters"]);
    let v = env.json(&["compare", "atme-raid"]);
    let sources: Vec<&str> = v["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(sources, vec!["Syrian Observatory for Human Rights"]);
    let m = metric(&v, "killed");
    assert!(m["spread"].is_null(), "one origin has no spread: {m}");
    assert_eq!(m["figures"].as_array().map(Vec::len), Some(1));
    assert_eq!(m["figures"][0]["via"], "Reuters");
}

#[test]
fn a_child_above_its_parent_is_inconsistent() {
    let env = seeded();
    claim(&env, "SOHR", &["killed=13", "killed.children>=15"]);
    claim(&env, "White Helmets", &["killed=13", "killed.children=6"]);
    let v = env.json(&["compare", "atme-raid"]);
    assert_eq!(metric(&v, "killed")["inconsistent"], true);
    assert_eq!(metric(&v, "killed.children")["inconsistent"], true);
    let inconsistencies = v["inconsistencies"].as_array().expect("inconsistencies");
    assert_eq!(inconsistencies.len(), 1, "{v}");
    assert_eq!(
        inconsistencies[0]["source"],
        "Syrian Observatory for Human Rights"
    );
    let out = env.ok(&["compare", "atme-raid"]);
    assert_eq!(
        table_row(&out, "killed").last().map(String::as_str),
        Some("YES")
    );
    assert!(
        out.contains("Inconsistent: Syrian Observatory for Human Rights"),
        "{out}"
    );
}

#[test]
fn disjoint_parts_adding_up_past_the_total_are_inconsistent() {
    let env = seeded();
    // 6 + 4 + 5 = 15 > 13; civilians overlap the parts and do not count.
    claim(
        &env,
        "White Helmets",
        &[
            "killed=13",
            "killed.children=6",
            "killed.women=4",
            "killed.men=5",
            "killed.civilians=13",
        ],
    );
    let v = env.json(&["compare", "atme-raid"]);
    for m in ["killed", "killed.children", "killed.women", "killed.men"] {
        assert_eq!(metric(&v, m)["inconsistent"], true, "{m}");
    }
    assert_eq!(metric(&v, "killed.civilians")["inconsistent"], false);
    let detail = v["inconsistencies"][0]["detail"].as_str().expect("detail");
    assert!(detail.contains("15"), "{detail}");
}

#[test]
fn parts_within_the_total_or_from_different_sources_are_consistent() {
    let env = seeded();
    claim(
        &env,
        "SOHR",
        &[
            "killed=13",
            "killed.children=4",
            "killed.women=3",
            "killed.men=6",
        ],
    );
    claim(&env, "White Helmets", &["killed.children=8"]);
    let v = env.json(&["compare", "atme-raid"]);
    for m in v["metrics"].as_array().expect("metrics") {
        assert_eq!(m["inconsistent"], false, "{m}");
    }
    assert_eq!(v["inconsistencies"].as_array().map(Vec::len), Some(0));
}

#[test]
fn the_latest_figure_by_as_of_is_compared_and_all_versions_shows_earlier_ones() {
    let env = seeded();
    // The later figure is recorded first: order of recording must not decide.
    claim_with(
        &env,
        "SOHR",
        &["killed=13"],
        &["--as-of", "2022-02-04T09:00:00Z"],
    );
    claim_with(
        &env,
        "SOHR",
        &["killed=9"],
        &["--as-of", "2022-02-03T06:00:00Z"],
    );
    claim_with(
        &env,
        "White Helmets",
        &["killed=13"],
        &["--as-of", "2022-02-04"],
    );
    let v = env.json(&["compare", "atme-raid"]);
    let m = metric(&v, "killed");
    assert_eq!(m["conflict"], false, "9 is superseded: {m}");
    let figures = m["figures"].as_array().expect("figures");
    assert_eq!(figures.len(), 2);
    assert!(figures.iter().all(|f| f["latest"] == true));
    let sohr = figures
        .iter()
        .find(|f| f["source"] == "Syrian Observatory for Human Rights")
        .expect("SOHR");
    assert_eq!(sohr["low"], 13);
    assert_eq!(sohr["as_of"], "2022-02-04T09:00:00Z");

    let table = env.ok(&["compare", "atme-raid"]);
    assert!(!table.contains("earlier"), "{table}");

    let v = env.json(&["compare", "atme-raid", "--all-versions"]);
    let m = metric(&v, "killed");
    assert_eq!(
        m["conflict"], false,
        "earlier versions never make a conflict"
    );
    let earlier: Vec<&Value> = m["figures"]
        .as_array()
        .expect("figures")
        .iter()
        .filter(|f| f["latest"] == false)
        .collect();
    assert_eq!(earlier.len(), 1);
    assert_eq!(earlier[0]["low"], 9);
    assert_eq!(earlier[0]["as_of"], "2022-02-03T06:00:00Z");
    let table = env.ok(&["compare", "atme-raid", "--all-versions"]);
    assert!(
        table.contains("earlier: 9 (2022-02-03T06:00:00Z)"),
        "{table}"
    );
}

#[test]
fn a_retracted_claim_no_longer_counts() {
    let env = seeded();
    claim(&env, "SOHR", &["killed=13"]);
    let wrong = claim_with(
        &env,
        "White Helmets",
        &["killed=40"],
        &["--as-of", "2022-02-04"],
    );
    claim_with(
        &env,
        "White Helmets",
        &["killed=13"],
        &["--as-of", "2022-02-03"],
    );
    assert_eq!(
        metric(&env.json(&["compare", "atme-raid"]), "killed")["conflict"],
        true
    );
    env.ok(&[
        "status",
        &wrong.to_string(),
        "retracted",
        "--note",
        "corrected",
    ]);
    let v = env.json(&["compare", "atme-raid"]);
    assert_eq!(metric(&v, "killed")["conflict"], false, "{v}");
}

#[test]
fn compare_json_has_the_documented_fields() {
    let env = seeded();
    let id = claim_with(
        &env,
        "local sources",
        &["killed>=10"],
        &["--via", "Reuters"],
    );
    claim(&env, "SOHR", &["killed=13"]);
    let v = env.json(&["compare", "ATME-RAID"]);
    assert_eq!(v["incident"]["slug"], "atme-raid");
    let m = metric(&v, "killed");
    for key in ["metric", "conflict", "inconsistent", "spread", "figures"] {
        assert!(m.get(key).is_some(), "metric has {key}: {m}");
    }
    assert!(m["conflict"].is_boolean() && m["inconsistent"].is_boolean());
    assert_eq!(m["spread"], 0);
    let f = m["figures"]
        .as_array()
        .expect("figures")
        .iter()
        .find(|f| f["claim"] == id)
        .expect("the relayed figure");
    for key in [
        "claim",
        "source",
        "via",
        "low",
        "high",
        "qualifier",
        "status",
        "article",
        "as_of",
    ] {
        assert!(f.get(key).is_some(), "figure has {key}: {f}");
    }
    assert_eq!(f["source"], "local sources");
    assert_eq!(f["via"], "Reuters");
    assert_eq!(f["low"], 10);
    assert!(f["high"].is_null(), "unbounded high is null: {f}");
    assert_eq!(f["qualifier"], "at_least");
    assert_eq!(f["status"], "unverified");
    assert_eq!(f["article"], "atme-nl");
    assert_eq!(f["as_of"], "2022-02-03");
    let sohr = m["figures"]
        .as_array()
        .expect("figures")
        .iter()
        .find(|f| f["claim"] != id)
        .expect("SOHR figure");
    assert!(sohr["via"].is_null(), "no via is null: {sohr}");
    assert_eq!(sohr["high"], 13);
}

#[test]
fn compare_spread_is_null_for_a_single_source() {
    let env = seeded();
    claim(&env, "Pentagon", &["killed.us_personnel=0"]);
    let v = env.json(&["compare", "atme-raid"]);
    assert!(metric(&v, "killed.us_personnel")["spread"].is_null());
    let out = env.ok(&["compare", "atme-raid"]);
    assert_eq!(
        table_row(&out, "killed.us_personnel"),
        ["killed.us_personnel", "0", "-", "no", "no"]
    );
}

#[test]
fn compare_metric_narrows_to_the_metric_and_its_parts() {
    let env = seeded();
    claim(
        &env,
        "SOHR",
        &["killed=13", "killed.children=4", "injured=20"],
    );
    claim(&env, "Pentagon", &["injured=3"]);
    let v = env.json(&["compare", "atme-raid", "--metric", "killed"]);
    let names: Vec<&str> = v["metrics"]
        .as_array()
        .expect("metrics")
        .iter()
        .filter_map(|m| m["metric"].as_str())
        .collect();
    assert_eq!(names, vec!["killed", "killed.children"]);
    assert_eq!(
        v["sources"].as_array().map(Vec::len),
        Some(1),
        "only origins with figures shown"
    );
    let before = env.snapshot();
    let line = env.fail(&["compare", "atme-raid", "--metric", "missing"], 2);
    assert!(
        line.contains("'missing'") && line.contains("injured"),
        "{line}"
    );
    assert_eq!(env.snapshot(), before);
}

#[test]
fn compare_of_an_incident_without_figures_says_so() {
    let env = seeded();
    let out = env.ok(&["compare", "atme-raid"]);
    assert!(out.contains("No figures recorded for atme-raid"), "{out}");
    let v = env.json(&["compare", "atme-raid"]);
    assert_eq!(v["metrics"].as_array().map(Vec::len), Some(0));
}

#[test]
fn conflicts_lists_conflicting_and_inconsistent_metrics_across_incidents() {
    let env = seeded();
    env.ok(&[
        "incident",
        "add",
        "idlib-strikes",
        "--title",
        "Strikes north of Idlib",
        "--date",
        "2022-02-04",
    ]);
    env.ok(&[
        "incident",
        "add",
        "quiet-night",
        "--title",
        "Quiet night",
        "--date",
        "2022-02-01",
    ]);
    // atme-raid: children conflict; killed agrees.
    claim(&env, "SOHR", &["killed=13", "killed.children=4"]);
    claim(&env, "White Helmets", &["killed=13", "killed.children=6"]);
    // idlib-strikes: one source's breakdown does not add up; no conflict.
    claim_with(
        &env,
        "Pentagon",
        &["killed=5", "killed.women=3", "killed.men=3"],
        &["--incident", "idlib-strikes"],
    );
    // quiet-night: agreement, so nothing listed.
    claim_with(&env, "SOHR", &["killed=1"], &["--incident", "quiet-night"]);
    claim_with(
        &env,
        "White Helmets",
        &["killed~1"],
        &["--incident", "quiet-night"],
    );

    let v = env.json(&["conflicts"]);
    let mut found: Vec<(String, String, bool, bool)> = v
        .as_array()
        .expect("array")
        .iter()
        .map(|m| {
            (
                m["incident"].as_str().expect("incident").to_string(),
                m["metric"].as_str().expect("metric").to_string(),
                m["conflict"].as_bool().expect("bool"),
                m["inconsistent"].as_bool().expect("bool"),
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        vec![
            ("atme-raid".into(), "killed.children".into(), true, false),
            ("idlib-strikes".into(), "killed".into(), false, true),
            ("idlib-strikes".into(), "killed.men".into(), false, true),
            ("idlib-strikes".into(), "killed.women".into(), false, true),
        ]
    );
    let out = env.ok(&["conflicts"]);
    assert!(!out.contains("quiet-night"), "{out}");
    let row = out
        .lines()
        .find(|l| l.contains("atme-raid") && l.contains("killed.children"))
        .unwrap_or_else(|| panic!("atme-raid row:\n{out}"));
    assert!(row.contains("YES"), "{row}");
}

#[test]
fn conflicts_on_a_clean_ledger_says_nothing_to_resolve() {
    let env = TestEnv::new();
    let out = env.ok(&["conflicts"]);
    assert!(out.contains("No conflicts"), "{out}");
    assert_eq!(env.json(&["conflicts"]), serde_json::json!([]));
}
