//! `--format table|json|csv` on every list, show and compare command: JSON that parses
//! (an array for lists), CSV that the csv crate reads with a header row, and a table.

use crate::{claim, claim_with, col, seeded, TestEnv};

/// A ledger with something in every table: claims with figures, a via, a conflict, a
/// verdict with evidence.
fn full() -> TestEnv {
    let env = seeded();
    claim(&env, "SOHR", &["killed=13", "killed.children=4"]);
    claim(
        &env,
        "White Helmets",
        &["killed=13", "killed.children=6:documented"],
    );
    claim_with(
        &env,
        "local sources",
        &[],
        &["--via", "Reuters", "--quote", "één woordvoerder"],
    );
    env.ok(&[
        "status",
        "1",
        "disputed",
        "--note",
        "Civil Defence counts 6, with \"names\", commas",
        "--evidence",
        "https://example.org/cd",
    ]);
    env
}

/// Every reading command, with the kind of JSON it prints.
const READERS: &[(&[&str], bool)] = &[
    (&["article", "list"], true),
    (&["article", "show", "atme-nl"], false),
    (&["source", "list"], true),
    (&["source", "show", "SOHR"], false),
    (&["incident", "list"], true),
    (&["incident", "show", "atme-raid"], false),
    (&["claim", "list"], true),
    (&["claim", "show", "1"], false),
    (&["history", "1"], false),
    (&["compare", "atme-raid"], false),
    (&["conflicts"], true),
];

#[test]
fn every_reading_command_prints_json_arrays_for_lists_and_objects_for_shows() {
    let env = full();
    for (args, is_list) in READERS {
        let v = env.json(args);
        if *is_list {
            let list = v
                .as_array()
                .unwrap_or_else(|| panic!("{args:?}: an array: {v}"));
            assert!(!list.is_empty(), "{args:?} lists something");
        } else {
            assert!(v.is_object(), "{args:?}: an object: {v}");
        }
    }
}

#[test]
fn every_reading_command_prints_csv_with_a_header_row() {
    let env = full();
    for (args, _) in READERS {
        let (header, rows) = env.csv(args);
        assert!(header.len() >= 2, "{args:?} header: {header:?}");
        assert!(!rows.is_empty(), "{args:?} has rows");
        assert!(
            header
                .iter()
                .all(|h| !h.is_empty() && h == &h.to_lowercase()),
            "{args:?} header is lowercase names: {header:?}"
        );
    }
}

#[test]
fn every_reading_command_prints_a_table_by_default_and_with_format_table() {
    let env = full();
    for (args, _) in READERS {
        let default = env.ok(args);
        assert!(!default.trim().is_empty(), "{args:?}");
        assert!(
            serde_json::from_str::<serde_json::Value>(&default).is_err(),
            "{args:?} defaults to a table off a terminal, not JSON"
        );
        let mut explicit: Vec<&str> = args.to_vec();
        explicit.extend(["--format", "table"]);
        assert_eq!(env.ok(&explicit), default, "{args:?}");
    }
}

#[test]
fn format_is_accepted_before_the_command_too() {
    let env = full();
    let a = env.ok(&["--format", "json", "claim", "list"]);
    let b = env.ok(&["claim", "list", "--format", "json"]);
    assert_eq!(a, b);
}

#[test]
fn compare_csv_has_one_row_per_figure_with_interval_and_flags() {
    let env = full();
    let (header, rows) = env.csv(&["compare", "atme-raid"]);
    for name in [
        "incident",
        "metric",
        "source",
        "via",
        "low",
        "high",
        "qualifier",
        "kind",
        "status",
        "claim",
        "article",
        "as_of",
        "spread",
        "conflict",
        "inconsistent",
    ] {
        assert!(header.iter().any(|h| h == name), "{name} in {header:?}");
    }
    assert_eq!(rows.len(), 4, "{rows:?}");
    let children: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| col(&header, r, "metric") == "killed.children")
        .collect();
    assert_eq!(children.len(), 2);
    for r in &children {
        assert_eq!(col(&header, r, "conflict"), "true");
        assert_eq!(col(&header, r, "spread"), "2");
        assert_eq!(col(&header, r, "incident"), "atme-raid");
    }
    let cd = children
        .iter()
        .find(|r| col(&header, r, "source") == "Syrian Civil Defence")
        .expect("Civil Defence row");
    assert_eq!(col(&header, cd, "kind"), "documented");
    assert_eq!(col(&header, cd, "low"), "6");
    assert_eq!(col(&header, cd, "high"), "6");
}

#[test]
fn history_csv_quotes_notes_with_commas_and_quotes() {
    let env = full();
    let (header, rows) = env.csv(&["history", "1"]);
    let disputed = rows
        .iter()
        .find(|r| col(&header, r, "to") == "disputed")
        .expect("disputed row");
    assert_eq!(
        col(&header, disputed, "note"),
        "Civil Defence counts 6, with \"names\", commas"
    );
    assert!(rows
        .iter()
        .any(|r| col(&header, r, "url") == "https://example.org/cd"));
}

#[test]
fn claim_list_csv_carries_quote_offsets_and_figures() {
    let env = full();
    let (header, rows) = env.csv(&["claim", "list"]);
    assert_eq!(rows.len(), 3);
    let relayed = &rows[2];
    assert_eq!(col(&header, relayed, "via"), "Reuters");
    assert_eq!(col(&header, relayed, "quote"), "één woordvoerder");
    assert!(!col(&header, relayed, "quote_start").is_empty());
    assert_eq!(col(&header, &rows[0], "status"), "disputed");
    assert!(col(&header, &rows[0], "figures").contains("killed.children=4"));
}

#[test]
fn source_list_csv_and_json_agree() {
    let env = full();
    let (header, rows) = env.csv(&["source", "list"]);
    let v = env.json(&["source", "list"]);
    let list = v.as_array().expect("array");
    assert_eq!(rows.len(), list.len());
    for (row, json) in rows.iter().zip(list) {
        assert_eq!(
            col(&header, row, "name"),
            json["name"].as_str().expect("name")
        );
        assert_eq!(col(&header, row, "claims"), json["claims"].to_string());
    }
}

#[test]
fn bad_format_value_is_refused() {
    let env = full();
    let out = env.run(&["claim", "list", "--format", "xml"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("xml"), "{}", out.stderr);
    assert!(out.stdout.is_empty());
}

#[test]
fn csv_of_every_list_neutralises_formulas_and_keeps_numbers() {
    let env = seeded();
    let hyperlink = "=HYPERLINK(\"http://x\",\"y\")";
    env.ok(&["source", "add", "@SUM(1)", "--kind", "person"]);
    env.ok(&[
        "claim",
        "add",
        "--article",
        "atme-nl",
        "--incident",
        "atme-raid",
        "--source",
        "@SUM(1)",
        "--text",
        hyperlink,
        "--translation",
        "'already quoted",
        "--figure",
        "killed=13",
    ]);
    let text = env.ok(&["claim", "list", "--format", "csv"]);
    assert!(
        text.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
        "{text}"
    );
    let (header, rows) = crate::parse_csv(&text);
    let row = &rows[0];
    assert_eq!(col(&header, row, "text"), format!("'{hyperlink}"));
    assert_eq!(col(&header, row, "source"), "'@SUM(1)");
    assert_eq!(col(&header, row, "translation"), "''already quoted");
    assert_eq!(col(&header, row, "id"), "1", "numbers stay numbers");
    let (header, rows) = env.csv(&["source", "list"]);
    let sum = rows
        .iter()
        .find(|r| col(&header, r, "name") == "'@SUM(1)")
        .unwrap_or_else(|| panic!("no neutralised @SUM(1) in {rows:?}"));
    assert_eq!(col(&header, sum, "claims"), "1");
    for (args, column) in [
        (&["compare", "atme-raid"][..], "source"),
        (&["conflicts"][..], "source"),
        (&["claim", "show", "1"][..], "text"),
    ] {
        let (header, rows) = env.csv(args);
        for row in &rows {
            let cell = col(&header, row, column);
            assert!(!cell.starts_with(['=', '+', '-', '@']), "{args:?}: {cell}");
        }
    }

    // The round trip through export and import gives the text back exactly.
    let exported = env.ok(&["export", "--format", "csv"]);
    let copy = TestEnv::new();
    let file = copy.file("ledger.csv", exported.as_bytes());
    copy.ok(&["import", file.to_str().expect("UTF-8")]);
    let v = copy.json(&["claim", "show", "1"]);
    assert_eq!(v["text"], hyperlink);
    assert_eq!(v["source"], "@SUM(1)");
    assert_eq!(v["translation"], "'already quoted");
}
