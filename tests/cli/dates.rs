//! Dates as reporting gives them: a year, a month, a day, or a time with a zone; kept with
//! the precision given, ordered with it, and refused (never changed) when they cannot be
//! kept exactly.

use crate::{claim_with, seeded, TestEnv};

#[test]
fn partial_dates_are_kept_and_shown_as_given() {
    let env = TestEnv::new();
    env.ok(&[
        "article",
        "add",
        "--title",
        "Monthly",
        "--slug",
        "m",
        "--published",
        "2023-09",
    ]);
    env.ok(&[
        "incident", "add", "floods", "--title", "Floods", "--date", "2023",
    ]);
    let article = env.json(&["article", "show", "m"]);
    assert_eq!(article["published_at"], "2023-09", "{article}");
    let incident = env.json(&["incident", "show", "floods"]);
    assert_eq!(incident["date"], "2023", "{incident}");
    env.ok(&["source", "add", "Red Crescent", "--kind", "ngo"]);
    let claim = env.json(&[
        "claim",
        "add",
        "--article",
        "m",
        "--incident",
        "floods",
        "--source",
        "Red Crescent",
        "--text",
        "thousands missing",
    ]);
    assert_eq!(claim["as_of"], "2023-09", "the article's month: {claim}");
}

#[test]
fn a_month_is_not_later_than_a_day_inside_it() {
    let env = seeded();
    // The day's figure is recorded first, the month's second: the day still counts as the
    // latest, since a figure for "September" says nothing about after the 14th.
    claim_with(&env, "SOHR", &["killed=10"], &["--as-of", "2023-09-14"]);
    claim_with(&env, "SOHR", &["killed=20"], &["--as-of", "2023-09"]);
    let v = env.json(&["compare", "atme-raid", "--metric", "killed"]);
    let figures = v["metrics"][0]["figures"].as_array().expect("figures");
    let counted: Vec<&serde_json::Value> = figures
        .iter()
        .filter(|f| f["latest"].as_bool().unwrap_or(true))
        .collect();
    assert!(
        counted.iter().any(|f| f["low"] == 10),
        "the 2023-09-14 figure counts: {v}"
    );
    assert!(!counted.iter().any(|f| f["low"] == 20), "{v}");
}

#[test]
fn times_with_minutes_and_offsets_are_stored_in_utc() {
    let env = seeded();
    for (given, stored) in [
        ("2022-02-03T14:00Z", "2022-02-03T14:00:00Z"),
        ("2022-02-03T14:00+01:00", "2022-02-03T13:00:00Z"),
        ("2022-02-03 09:15:30-05:00", "2022-02-03T14:15:30Z"),
    ] {
        let id = claim_with(&env, "SOHR", &[], &["--as-of", given]);
        let shown = env.json(&["claim", "show", &id.to_string()]);
        assert_eq!(shown["as_of"], stored, "{given}");
    }
}

#[test]
fn dates_that_cannot_be_kept_exactly_are_refused_and_nothing_written() {
    let env = seeded();
    let before = env.snapshot();
    for (given, says) in [
        ("2023-13", "is not a date or time"),
        ("2023-02-30", "is not a date or time"),
        ("23-09", "is not a date or time"),
        ("2016-12-31T23:59:60Z", "second 60"),
        ("2022-02-03T14:00:05.5Z", "fraction of a second"),
    ] {
        let line = env.fail(
            &[
                "claim",
                "add",
                "--article",
                "atme-nl",
                "--source",
                "SOHR",
                "--text",
                "x",
                "--as-of",
                given,
            ],
            2,
        );
        assert!(line.contains(says), "{given}: {line}");
        assert!(line.contains("--as-of"), "{given}: {line}");
        let line = env.fail(&["article", "add", "--title", "T", "--published", given], 2);
        assert!(line.contains(says), "{given}: {line}");
    }
    assert_eq!(env.snapshot(), before);
}

#[test]
fn an_empty_crosscheck_now_means_the_real_clock() {
    let env = TestEnv::new();
    let mut cmd = env.command(&["source", "add", "Now Agency", "--format", "json"]);
    cmd.env("CROSSCHECK_NOW", "");
    let out = TestEnv::run_command(cmd, None);
    assert_eq!(out.code, 0, "{out:?}");
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    let created = v["created_at"].as_str().unwrap_or_default().to_string();
    assert!(created.len() == 20 && created.ends_with('Z'), "{v}");
    assert_ne!(created, crate::NOW, "the pin was not used");
}
