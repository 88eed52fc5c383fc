//! Output a person reads at a glance: at any terminal width a number, a date, an id or a
//! URL stays on one line; a comparison too wide for the terminal turns; tables group
//! thousands while JSON and CSV keep plain numbers; counts agree with their nouns.

use crate::{claim_with, parse_csv, seeded, TestEnv};

const WIDTHS: [&str; 3] = ["60", "80", "120"];
const LONG_SLUG: &str = "derna-floods-after-the-dams-broke";
const URL: &str =
    "https://example.org/news/2022/02/03/us-special-forces-raid-in-atme-leaves-13-dead";

/// `args` run at a terminal `columns` wide.
fn at_width(env: &TestEnv, columns: &str, args: &[&str]) -> String {
    let mut cmd = env.command(args);
    cmd.env("COLUMNS", columns);
    let out = TestEnv::run_command(cmd, None);
    assert_eq!(out.code, 0, "{args:?} at {columns}: {}", out.stderr);
    out.stdout
}

/// A ledger whose figures run to millions, with a claim that cites a long URL.
fn big_numbers() -> TestEnv {
    let env = seeded();
    claim_with(&env, "SOHR", &["killed=11300", "displaced~1234567"], &[]);
    claim_with(
        &env,
        "White Helmets",
        &["killed=3283", "displaced=1100000"],
        &[],
    );
    claim_with(
        &env,
        "Pentagon",
        &["killed.us_personnel=0"],
        &["--as-of", "2022-02-03"],
    );
    env.ok(&[
        "incident",
        "add",
        LONG_SLUG,
        "--title",
        "Flooding after the dams broke above Derna, eastern Libya",
    ]);
    env.ok(&[
        "evidence",
        "add",
        "1",
        "--url",
        URL,
        "--supports",
        "--note",
        "counted 11300 names",
    ]);
    env
}

#[test]
fn numbers_dates_and_urls_never_split_across_lines() {
    let env = big_numbers();
    for columns in WIDTHS {
        let compare = at_width(&env, columns, &["compare", "atme-raid"]);
        for whole in [
            "11,300",
            "3,283",
            "~1,234,567",
            "1,100,000",
            "killed.us_personnel",
        ] {
            assert!(compare.contains(whole), "{whole} at {columns}:\n{compare}");
        }
        let list = at_width(&env, columns, &["claim", "list"]);
        for whole in [
            "killed=11300,",
            "displaced~1234567",
            "displaced=1100000",
            "atme-raid",
        ] {
            assert!(list.contains(whole), "{whole} at {columns}:\n{list}");
        }
        let show = at_width(&env, columns, &["claim", "show", "1"]);
        assert!(show.contains(URL), "URL at {columns}:\n{show}");
        let history = at_width(&env, columns, &["history", "1"]);
        let at = env.json(&["history", "1"])["history"][0]["at"].clone();
        let at = at
            .as_str()
            .unwrap_or_else(|| panic!("history JSON has no time: {at}"));
        assert!(history.contains(at), "time {at} at {columns}:\n{history}");
        assert!(history.contains(URL), "URL at {columns}:\n{history}");
        let articles = at_width(&env, columns, &["article", "list"]);
        assert!(articles.contains("2022-02-03"), "at {columns}:\n{articles}");
        let incidents = at_width(&env, columns, &["incident", "list"]);
        assert!(incidents.contains(LONG_SLUG), "at {columns}:\n{incidents}");
    }
}

#[test]
fn a_comparison_too_wide_for_the_terminal_turns() {
    let env = big_numbers();
    let wide = at_width(&env, "200", &["compare", "atme-raid"]);
    assert!(wide.lines().any(|l| l.starts_with("metric ")), "{wide}");
    let narrow = at_width(&env, "60", &["compare", "atme-raid"]);
    assert!(
        !narrow.lines().any(|l| l.starts_with("metric ")),
        "{narrow}"
    );
    assert!(narrow.lines().any(|l| l.starts_with("source ")), "{narrow}");
    for line in narrow.lines().filter(|l| !l.starts_with("Each source")) {
        assert!(
            line.chars().count() <= 60,
            "wider than 60: {line:?}\n{narrow}"
        );
    }
    let turned = at_width(&env, "200", &["compare", "atme-raid", "--transpose"]);
    let header = turned
        .lines()
        .find(|l| l.starts_with("source "))
        .unwrap_or_else(|| panic!("no turned header:\n{turned}"));
    assert!(
        header.contains("killed") && header.contains("displaced"),
        "{turned}"
    );
    assert!(turned.lines().any(|l| l.starts_with("spread ")), "{turned}");
}

#[test]
fn tables_group_thousands_and_json_and_csv_do_not() {
    let env = big_numbers();
    let table = env.ok(&["compare", "atme-raid"]);
    assert!(
        table.contains("11,300") && table.contains("~1,234,567"),
        "{table}"
    );
    let json = env.ok(&["compare", "atme-raid", "--format", "json"]);
    assert!(json.contains("11300") && !json.contains("11,300"), "{json}");
    let csv = env.ok(&["compare", "atme-raid", "--format", "csv"]);
    let (_, rows) = parse_csv(&csv);
    assert!(
        rows.iter().any(|r| r.contains(&"11300".to_string())),
        "{csv}"
    );
    assert!(!csv.contains("11,300"), "{csv}");
}

#[test]
fn confidence_is_printed_as_the_two_places_it_means() {
    let env = seeded();
    let out = env.ok(&["extract", "atme-nl", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("extract JSON");
    let proposals = v.as_array().expect("an array of proposals");
    assert!(!proposals.is_empty(), "{out}");
    for p in proposals {
        let shown = p["confidence"].to_string();
        let places = shown.split_once('.').map_or(0, |(_, f)| f.len());
        assert!(places <= 2, "confidence {shown} in {out}");
    }
}

#[test]
fn counts_agree_with_their_nouns() {
    let env = seeded();
    claim_with(&env, "SOHR", &["killed=13"], &[]);
    let line = env.ok(&["lint", "atme-raid"]);
    assert!(line.contains("1 claim checked"), "{line}");
    claim_with(&env, "SOHR", &["killed=13"], &["--as-of", "2022-02-04"]);
    let line = env.ok(&["lint", "atme-raid"]);
    assert!(line.contains("2 claims checked"), "{line}");
}
