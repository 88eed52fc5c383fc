//! `incident add | list | show`, looked up by id, slug or title case-insensitively.

use crate::{claim, claim_with, seeded, TestEnv};

#[test]
fn incident_add_records_slug_title_date_and_place() {
    let env = TestEnv::new();
    let v = env.json(&[
        "incident",
        "add",
        "atme-raid",
        "--title",
        "US raid in Atmé",
        "--date",
        "2022-02-03",
        "--place",
        "Atmé, Idlib, Syria",
    ]);
    assert_eq!(v["slug"], "atme-raid");
    assert_eq!(
        env.sql_rows("SELECT slug, title, date, place FROM incident"),
        vec![r#""atme-raid"|"US raid in Atmé"|"2022-02-03"|"Atmé, Idlib, Syria""#]
    );
}

#[test]
fn incident_date_with_offset_is_stored_in_utc() {
    let env = TestEnv::new();
    env.ok(&[
        "incident",
        "add",
        "night-raid",
        "--title",
        "Night raid",
        "--date",
        "2022-02-03T01:30:00+02:00",
    ]);
    assert_eq!(
        env.sql_one("SELECT date FROM incident"),
        r#""2022-02-02T23:30:00Z""#
    );
}

#[test]
fn incident_is_found_by_id_slug_and_title_case_insensitively() {
    let env = seeded();
    for key in [
        "1",
        "atme-raid",
        "ATME-RAID",
        "US raid in Atmé",
        "US RAID IN ATMÉ",
        "us raid in atmé",
    ] {
        let v = env.json(&["incident", "show", key]);
        assert_eq!(v["slug"], "atme-raid", "looked up as {key:?}");
    }
}

#[test]
fn incident_show_lists_its_claims_only() {
    let env = seeded();
    env.ok(&[
        "incident",
        "add",
        "idlib-strikes",
        "--title",
        "Strikes north of Idlib",
    ]);
    let a = claim(&env, "SOHR", &["killed=13"]);
    let b = claim_with(&env, "Pentagon", &[], &["--incident", "idlib-strikes"]);
    let v = env.json(&["incident", "show", "atme-raid"]);
    let text = v.to_string();
    assert_eq!(v["claims"], 1, "{text}");
    let ids: Vec<i64> = v["claim_ids"]
        .as_array()
        .unwrap_or_else(|| panic!("incident show JSON has claim_ids: {text}"))
        .iter()
        .filter_map(serde_json::Value::as_i64)
        .collect();
    assert_eq!(ids, vec![a], "{text}");
    let v = env.json(&["incident", "show", "idlib-strikes"]);
    let ids: Vec<i64> = v["claim_ids"]
        .as_array()
        .expect("claim_ids")
        .iter()
        .filter_map(serde_json::Value::as_i64)
        .collect();
    assert_eq!(ids, vec![b]);
}

#[test]
fn incident_list_is_latest_first_with_claim_counts() {
    let env = seeded();
    env.ok(&[
        "incident",
        "add",
        "later-strike",
        "--title",
        "Later strike",
        "--date",
        "2022-03-01",
    ]);
    claim(&env, "SOHR", &["killed=13"]);
    claim(&env, "Pentagon", &[]);
    let v = env.json(&["incident", "list"]);
    let list = v.as_array().expect("array");
    let slugs: Vec<&str> = list.iter().filter_map(|i| i["slug"].as_str()).collect();
    assert_eq!(slugs, vec!["later-strike", "atme-raid"]);
    assert_eq!(list[1]["claims"], 2);
    assert_eq!(list[0]["claims"], 0);
}

#[test]
fn duplicate_or_malformed_incident_slug_is_refused_and_nothing_written() {
    let env = seeded();
    let before = env.snapshot();
    let line = env.fail(&["incident", "add", "atme-raid", "--title", "Again"], 2);
    assert!(
        line.contains("atme-raid") && line.contains("already exists"),
        "{line}"
    );
    for bad in ["Atme Raid", "atme--raid", "atme-", "2022", "atmé"] {
        let line = env.fail(&["incident", "add", bad, "--title", "Bad"], 2);
        assert!(line.contains(bad), "names {bad:?}: {line}");
    }
    assert_eq!(env.snapshot(), before);
}

#[test]
fn incident_edit_changes_title_date_and_place_by_an_entry_and_the_record_still_verifies() {
    let env = seeded();
    claim(&env, "SOHR", &["killed=13"]);
    let v = env.json(&[
        "incident",
        "edit",
        "atme-raid",
        "--title",
        "US special-forces raid in Atmé",
        "--date",
        "2022-02-03T01:00+02:00",
        "--place",
        "",
    ]);
    assert_eq!(v["claims"], 1);
    assert_eq!(v["changed"], serde_json::json!(["title", "date", "place"]));
    assert_eq!(
        env.sql_rows("SELECT slug, title, date, place FROM incident"),
        [r#""atme-raid"|"US special-forces raid in Atmé"|"2022-02-02T23:00:00Z"|NULL"#]
    );
    assert_eq!(
        env.sql_one("SELECT count(*) FROM record WHERE kind = 'incident_edit' AND subject = 1"),
        "1"
    );
    env.ok(&["verify"]);
    env.ok(&[
        "incident",
        "edit",
        "us special-forces raid in atmé",
        "--place",
        "Atmé",
    ]);
    env.ok(&["verify"]);
    // The report and the comparison read the incident as edited.
    let report = env.ok(&["report", "atme-raid"]);
    assert!(
        report.contains("US special-forces raid in Atmé"),
        "{report}"
    );
    // A change made without an entry is named.
    env.sql_exec("UPDATE incident SET place = 'Elsewhere'")
        .expect("raw update");
    let out = env.run(&["verify"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(
        out.stderr
            .contains("incident 1: its place is \"Elsewhere\""),
        "{}",
        out.stderr
    );
}

#[test]
fn an_incident_edit_that_changes_nothing_or_is_malformed_is_refused_and_nothing_is_written() {
    let env = seeded();
    let before = env.snapshot();
    for (args, says) in [
        (
            vec![],
            "nothing to change in incident atme-raid: give --title, --date or --place",
        ),
        (vec!["--date", "2022-02-03"], "already has the values given"),
        (vec!["--title", ""], "the incident title is empty"),
        (vec!["--date", "2022-13"], "--date"),
        (vec!["--title", "a\u{7}b"], "incident title"),
    ] {
        let mut full = vec!["incident", "edit", "atme-raid"];
        full.extend(args.iter().copied());
        let line = env.fail(&full, 2);
        assert!(line.contains(says), "{full:?}: {line}");
        assert_eq!(line.lines().count(), 1, "{full:?}: {line}");
    }
    assert_eq!(env.snapshot(), before);
}
