//! `export` and `import`: a round trip through CSV and JSON Lines rebuilds every table
//! row for row; a bad row stops the import with its line and column and writes nothing;
//! spreadsheet formulas are neutralised; other fact-checkers' ClaimReview is read.

use crate::{claim_with, parse_csv, seeded, TestEnv};

fn demo() -> TestEnv {
    let env = TestEnv::empty();
    env.ok(&["demo"]);
    env
}

fn export(env: &TestEnv, format: &str) -> String {
    env.ok(&["export", "--format", format])
}

fn import_into_new(text: &str, name: &str) -> (TestEnv, crate::Out) {
    let target = TestEnv::new();
    let file = target.file(name, text.as_bytes());
    let out = target.run(&["import", file.to_str().expect("UTF-8")]);
    (target, out)
}

#[test]
fn jsonl_and_csv_round_trips_reproduce_every_table() {
    let env = demo();
    let before = env.snapshot();
    for (format, name) in [("jsonl", "ledger.jsonl"), ("csv", "ledger.csv")] {
        let text = export(&env, format);
        let (copy, out) = import_into_new(&text, name);
        crate::assert_success(&["import", name], &out);
        assert_eq!(copy.snapshot(), before, "{format} round trip");
        copy.ok(&["verify"]);
        // And once more: the copy exports to the same file.
        assert_eq!(export(&copy, format), text, "{format} export is stable");
    }
}

#[test]
fn jsonl_lines_name_their_table() {
    let env = demo();
    let text = export(&env, "jsonl");
    let kinds: Vec<String> = text
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("one JSON object a line");
            v["record"].as_str().expect("record").to_string()
        })
        .collect();
    assert_eq!(kinds.first().map(String::as_str), Some("source"));
    for kind in [
        "source",
        "alias",
        "article",
        "incident",
        "claim",
        "figure",
        "status_change",
        "evidence",
    ] {
        assert!(kinds.iter().any(|k| k == kind), "no {kind} row");
    }
}

#[test]
fn csv_export_neutralises_formulas_and_import_restores_them() {
    let env = seeded();
    claim_with(
        &env,
        "=HYPERLINK(\"https://evil.example\")",
        &["killed=13"],
        &["--new-source", "--translation", "+31 says -13 @home"],
    );
    env.ok(&[
        "status",
        "1",
        "false",
        "--note=-5 is not a count",
        "--evidence",
        "https://example.org/e",
    ]);
    let text = export(&env, "csv");
    let (header, rows) = parse_csv(&text);
    for row in &rows {
        for (h, cell) in header.iter().zip(row) {
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "column {h} starts a formula: {cell}"
            );
        }
    }
    assert!(text.contains("'=HYPERLINK"), "{text}");
    let (copy, out) = import_into_new(&text, "ledger.csv");
    crate::assert_success(&["import"], &out);
    assert_eq!(copy.snapshot(), env.snapshot());
}

#[test]
fn a_bad_row_stops_the_import_naming_line_and_column_and_nothing_is_written() {
    let env = demo();
    let text = export(&env, "jsonl");
    let lines: Vec<&str> = text.lines().collect();
    let bad_at = lines
        .iter()
        .position(|l| l.contains("\"to_status\":\"verified\""))
        .expect("a verdict row");
    let mut broken: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    broken[bad_at] =
        broken[bad_at].replace("\"to_status\":\"verified\"", "\"to_status\":\"verfied\"");
    let target = TestEnv::new();
    let empty = target.snapshot();
    let file = target.file("broken.jsonl", broken.join("\n").as_bytes());
    let line = target.fail(&["import", file.to_str().expect("UTF-8")], 2);
    assert!(
        line.contains(&format!("broken.jsonl line {}", bad_at + 1)),
        "{line}"
    );
    assert!(line.contains("column to_status"), "{line}");
    assert!(line.contains("nothing was imported"), "{line}");
    assert_eq!(target.snapshot(), empty);

    // Not JSON at all: the parser's column.
    let file = target.file("garbage.jsonl", b"{\"record\":\"source\",\n");
    let line = target.fail(&["import", file.to_str().expect("UTF-8")], 2);
    assert!(line.contains("garbage.jsonl line 1, column"), "{line}");

    // CSV: a number column that holds no number.
    let csv = export(&env, "csv").replacen("\nsource,1,", "\nsource,one,", 1);
    let file = target.file("broken.csv", csv.as_bytes());
    let line = target.fail(&["import", file.to_str().expect("UTF-8")], 2);
    assert!(
        line.contains("broken.csv line 2, column id: 'one' is not a whole number"),
        "{line}"
    );
    assert_eq!(target.snapshot(), empty);
}

#[test]
fn an_edited_export_is_caught_by_its_hashes() {
    let env = demo();
    let text = export(&env, "jsonl").replacen(
        "The Civil Defence also counts 13 dead",
        "The Civil Defence also counts 14 dead",
        1,
    );
    let target = TestEnv::new();
    let file = target.file("edited.jsonl", text.as_bytes());
    let line = target.fail(&["import", file.to_str().expect("UTF-8")], 2);
    assert!(line.contains("column hash"), "{line}");
    assert_eq!(target.sql_count("claim"), 0);
}

#[test]
fn an_export_goes_only_into_an_empty_ledger() {
    let env = demo();
    let text = export(&env, "jsonl");
    let target = seeded();
    let before = target.snapshot();
    let file = target.file("ledger.jsonl", text.as_bytes());
    let line = target.fail(&["import", file.to_str().expect("UTF-8")], 2);
    assert!(line.contains("is not empty"), "{line}");
    assert_eq!(target.snapshot(), before);
}

#[test]
fn claimreview_from_other_fact_checkers_is_imported_with_its_verdicts() {
    let env = demo();
    let reviews = env.ok(&[
        "report",
        "atme-raid",
        "--format",
        "claimreview",
        "--publisher",
        "Example Checks",
        "--report-url",
        "https://checks.example.org/atme-raid",
    ]);
    let target = seeded();
    let file = target.file("reviews.json", reviews.as_bytes());
    let out = target.ok(&[
        "import",
        file.to_str().expect("UTF-8"),
        "--incident",
        "atme-raid",
    ]);
    assert!(out.contains("4 claims"), "{out}");
    let statuses = target.sql_rows("SELECT status FROM claim ORDER BY id");
    assert_eq!(
        statuses,
        [
            "\"verified\"",
            "\"disputed\"",
            "\"unverifiable\"",
            "\"verified\""
        ]
    );
    assert_eq!(target.sql_count("evidence"), 4);
    target.ok(&["verify"]);
    // The article is found again by its address, not recorded twice.
    assert_eq!(
        target.sql_one("SELECT count(*) FROM article WHERE url = 'https://example.org/avondkrant/2022/02/03/raid-atme'"),
        "1"
    );

    // A page's @graph, with another fact-checker's own rating words.
    let graph = r#"{"@context": "https://schema.org", "@graph": [
      {"@type": "WebPage", "name": "a page"},
      {"@type": "ClaimReview", "url": "https://factcheck.example/x", "claimReviewed": "Forty died",
       "author": {"@type": "Organization", "name": "Other Checks"},
       "reviewRating": {"@type": "Rating", "ratingValue": "1", "bestRating": "6", "worstRating": "1", "alternateName": "Pants on Fire"},
       "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A. Spokesman"},
         "appearance": {"@type": "CreativeWork", "url": "https://news.example/forty", "headline": "Forty died"}}}]}"#;
    let file = target.file("page.jsonld", graph.as_bytes());
    target.ok(&["import", file.to_str().expect("UTF-8")]);
    assert_eq!(
        target.sql_one("SELECT status FROM claim WHERE text = 'Forty died'"),
        "\"false\""
    );
    assert_eq!(
        target.sql_one("SELECT kind FROM source WHERE name = 'A. Spokesman'"),
        "\"person\""
    );

    // A review without claimReviewed stops the whole file.
    let before = target.snapshot();
    let file = target.file(
        "bad.json",
        br#"[{"@type": "ClaimReview", "reviewRating": {"alternateName": "False"}}]"#,
    );
    let line = target.fail(&["import", file.to_str().expect("UTF-8")], 2);
    assert!(
        line.contains("ClaimReview 1: claimReviewed is missing"),
        "{line}"
    );
    assert_eq!(target.snapshot(), before);
}

/// Issue 15, defect 3: ratings whose words contain "true", a "Not true" with a number,
/// and a ratingValue that is not a number were imported as verdicts they were not.
#[test]
fn claimreview_ratings_are_never_inverted() {
    let env = TestEnv::new();
    let review = |text: &str, rating: &str| {
        format!(
            r#"{{"@type": "ClaimReview", "url": "https://factcheck.example/{n}", "claimReviewed": "{text}",
              "author": {{"@type": "Organization", "name": "Other Checks"}}, "reviewRating": {rating},
              "itemReviewed": {{"@type": "Claim", "author": {{"@type": "Person", "name": "A. Spokesman"}}}}}}"#,
            n = text.replace(' ', "-")
        )
    };
    // (claim, rating, status expected, words the status note keeps, whether crosscheck
    // could not map the rating and says so)
    let cases: &[(&str, &str, &str, &str, bool)] = &[
        (
            "c1",
            r#"{"alternateName": "Not true"}"#,
            "false",
            "rated 'Not true'",
            false,
        ),
        (
            "c2",
            r#"{"alternateName": "Inaccurate"}"#,
            "false",
            "rated 'Inaccurate'",
            false,
        ),
        (
            "c3",
            r#"{"alternateName": "Not correct"}"#,
            "false",
            "rated 'Not correct'",
            false,
        ),
        (
            "c4",
            r#"{"alternateName": "Barely True"}"#,
            "false",
            "rated 'Barely True'",
            false,
        ),
        (
            "c5",
            r#"{"alternateName": "Unconfirmed"}"#,
            "unverifiable",
            "rated 'Unconfirmed'",
            false,
        ),
        (
            "c6",
            r#"{"alternateName": "Not verified"}"#,
            "unverifiable",
            "rated 'Not verified'",
            false,
        ),
        (
            "c7",
            r#"{"alternateName": "Not true", "ratingValue": 1, "worstRating": 1, "bestRating": 5}"#,
            "false",
            "rated 'Not true (1 of 1–5)'",
            false,
        ),
        (
            "c8",
            r#"{"ratingValue": "NaN", "worstRating": "1", "bestRating": "5"}"#,
            "unverifiable",
            "ratingValue 'NaN' is not a number",
            true,
        ),
        (
            "c9",
            r#"{"alternateName": "True", "ratingValue": 9, "worstRating": 1, "bestRating": 5}"#,
            "unverifiable",
            "ratingValue 9 is outside 1–5",
            true,
        ),
        (
            "c10",
            r#"{"alternateName": "Vier Pinocchios"}"#,
            "unverifiable",
            "rated 'Vier Pinocchios'",
            true,
        ),
        (
            "c11",
            r#"{"alternateName": "Niet waar"}"#,
            "false",
            "rated 'Niet waar'",
            false,
        ),
        (
            "c12",
            r#"{"alternateName": "Wahr"}"#,
            "verified",
            "rated 'Wahr'",
            false,
        ),
        (
            "c13",
            r#"{"alternateName": "Not true", "ratingValue": 5, "worstRating": 1, "bestRating": 5}"#,
            "unverifiable",
            "its words and its ratingValue disagree",
            true,
        ),
    ];
    let doc = format!(
        "[{}]",
        cases
            .iter()
            .map(|(text, rating, ..)| review(text, rating))
            .collect::<Vec<_>>()
            .join(",\n")
    );
    let file = env.file("ratings.json", doc.as_bytes());
    let out = env.ok(&["import", file.to_str().expect("UTF-8")]);
    assert!(out.contains(&format!("{} claims", cases.len())), "{out}");
    for (text, _, status, kept, unmapped) in cases {
        // Joined by a dash: sql_one reads the first of columns joined by '|'.
        let row = env.sql_one(&format!(
            "SELECT c.status || ' — ' || s.note FROM claim c JOIN status_change s ON s.claim_id = c.id AND s.from_status IS NOT NULL WHERE c.text = '{text}'"
        ));
        assert!(
            row.starts_with(&format!("\"{status} — ")),
            "{text}: expected {status}: {row}"
        );
        assert!(row.contains(kept), "{text}: the note keeps '{kept}': {row}");
        assert_eq!(
            row.contains("so it is recorded as unverifiable"),
            *unmapped,
            "{text}: {row}"
        );
    }
    assert_eq!(
        env.sql_one("SELECT count(*) FROM claim WHERE status = 'verified'"),
        "1",
        "only Wahr is verified"
    );
    env.ok(&["verify"]);
}
