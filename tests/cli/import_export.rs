//! `export` and `import`: a round trip through CSV and JSON Lines rebuilds every table
//! row for row; a bad row stops the import with its line and column and writes nothing;
//! spreadsheet formulas are neutralised; other fact-checkers' ClaimReview is read.

use crate::{claim_with, parse_csv, seeded, Backend, TestEnv};

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
    assert_eq!(kinds.first().map(String::as_str), Some("format"));
    for kind in [
        "entry",
        "seal",
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
        line.contains("broken.csv line 3, column id: 'one' is not a whole number"),
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
    // The record names the row and the field that no longer match their entry.
    assert!(
        line.contains("does not verify (status_change row 12: note does not match entry"),
        "{line}"
    );
    assert!(line.contains("nothing was imported"), "{line}");
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

/// Issue 16, point 9: `import FILE --db new.db` makes the ledger it imports into, and
/// says so; a failed import into a ledger it made leaves nothing behind.
#[test]
fn import_creates_a_missing_ledger_and_a_failed_one_leaves_nothing() {
    let env = demo();
    let text = export(&env, "jsonl");
    let target = TestEnv::empty();
    let file = target.file("ledger.jsonl", text.as_bytes());
    let out = target.run(&["import", file.to_str().expect("UTF-8")]);
    crate::assert_success(&["import"], &out);
    let notice = out.stderr.trim();
    assert!(
        notice.starts_with("crosscheck: created an empty ledger at ") && !notice.contains('\n'),
        "{notice}"
    );
    if target.pg().is_none() {
        assert!(notice.ends_with("ledger.db"), "{notice}");
    }
    assert_eq!(target.snapshot(), env.snapshot());
    target.ok(&["verify"]);

    // A second import into the ledger it made is refused: it is not empty any more.
    let line = target.fail(&["import", file.to_str().expect("UTF-8")], 2);
    assert!(line.contains("is not empty"), "{line}");

    // A broken export into a missing ledger: refused, and no ledger is left behind.
    let broken = TestEnv::empty();
    let file = broken.file(
        "broken.jsonl",
        text.replacen("\"to_status\":\"verified\"", "\"to_status\":\"verfied\"", 1)
            .as_bytes(),
    );
    let line = broken.fail(&["import", file.to_str().expect("UTF-8")], 2);
    assert!(line.contains("column to_status"), "{line}");
    if broken.pg().is_none() {
        let left: Vec<_> = std::fs::read_dir(broken.dir())
            .expect("the folder")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|n| n.starts_with("ledger.db"))
            .collect();
        assert!(left.is_empty(), "a failed import left {left:?}");
    } else {
        assert_eq!(broken.sql_count("claim"), 0);
    }
}

/// A change to one exported row.
type RowChange = dyn Fn(&mut serde_json::Map<String, serde_json::Value>);

/// Edits the row of `record` with `id` (for aliases: `name`) in a JSON Lines export.
fn edit(
    text: &str,
    record: &str,
    key: &str,
    value: serde_json::Value,
    change: &RowChange,
) -> (String, usize) {
    let mut at = 0;
    let lines: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(n, l)| {
            let mut row: serde_json::Value = serde_json::from_str(l).expect("a JSON row");
            if row["record"] == record && row[key] == value {
                at = n + 1;
                change(row.as_object_mut().expect("an object"));
                serde_json::to_string(&row).expect("JSON")
            } else {
                l.to_string()
            }
        })
        .collect();
    assert!(at > 0, "no {record} row with {key} {value}");
    (lines.join("\n") + "\n", at)
}

fn set(
    field: &'static str,
    value: serde_json::Value,
) -> impl Fn(&mut serde_json::Map<String, serde_json::Value>) {
    move |row| {
        row.insert(field.to_string(), value.clone());
    }
}

fn remove(field: &'static str) -> impl Fn(&mut serde_json::Map<String, serde_json::Value>) {
    move |row| {
        row.remove(field);
    }
}

/// Issue 15, defect 2: an edited export whose edit the hashes do not cover, or whose
/// hashes were stripped, imported cleanly, even with a history the workflow forbids and
/// fields the command line refuses. Each is now refused at its line, with its rule, and
/// nothing is written.
#[test]
fn an_export_is_held_to_the_rules_of_the_command_line() {
    use serde_json::json;
    let env = demo();
    let text = export(&env, "jsonl");
    let reopened = {
        let env = seeded();
        let id = crate::claim(&env, "SOHR", &["killed=13"]).to_string();
        env.ok(&["status", &id, "retracted", "--note", "withdrawn"]);
        env.ok(&["status", &id, "in_progress", "--note", "reopened"]);
        env.ok(&["status", &id, "verified", "--note", "confirmed"]);
        export(&env, "jsonl")
    };
    type Edit = Box<dyn Fn(&str) -> (String, usize)>;
    let one = |record: &'static str, id: i64, change: Box<RowChange>| -> Edit {
        Box::new(move |t: &str| edit(t, record, "id", json!(id), &*change))
    };
    let cases: Vec<(&str, Edit, &str)> = vec![
        (
            "hashes stripped from a row onward",
            Box::new(|t: &str| {
                let mut first = 0;
                let lines: Vec<String> = t
                    .lines()
                    .enumerate()
                    .map(|(n, l)| {
                        let mut row: serde_json::Value = serde_json::from_str(l).expect("JSON");
                        if row["record"] == "status_change" && row["id"].as_i64() >= Some(11)
                            || first > 0 && row["record"] == "evidence"
                        {
                            if first == 0 {
                                first = n + 1;
                            }
                            row.as_object_mut().expect("object").remove("hash");
                        }
                        serde_json::to_string(&row).expect("JSON")
                    })
                    .collect();
                (lines.join("\n"), first)
            }),
            "column hash is empty",
        ),
        (
            "evidence without its hash",
            one("evidence", 1, Box::new(remove("hash"))),
            "column hash is empty",
        ),
        (
            "in_progress back to unverified",
            one(
                "status_change",
                14,
                Box::new(set("to_status", json!("unverified"))),
            ),
            "never returns to unverified",
        ),
        (
            "a verdict without a note",
            one("status_change", 12, Box::new(remove("note"))),
            "needs a note",
        ),
        (
            // A retraction, reopened and verified; the reopening deleted and the verdict
            // made to follow the retraction: the verdict's row is the first that differs.
            "retracted, then verified",
            Box::new(move |_: &str| {
                let lines: Vec<&str> = reopened
                    .lines()
                    .filter(|l| !l.contains("\"from_status\":\"retracted\""))
                    .collect();
                let text = lines.join("\n") + "\n";
                edit(
                    &text,
                    "status_change",
                    "to_status",
                    json!("verified"),
                    &set("from_status", json!("retracted")),
                )
            }),
            "cannot go from retracted to verified",
        ),
        (
            "a step from a status the claim does not hold",
            one(
                "status_change",
                12,
                Box::new(set("from_status", json!("unverified"))),
            ),
            "claim 1 is in_progress at this point",
        ),
        (
            "a claim recorded with a verdict",
            one(
                "status_change",
                1,
                Box::new(set("to_status", json!("verified"))),
            ),
            "a claim is recorded unverified",
        ),
        (
            "at: not a time",
            one(
                "status_change",
                11,
                Box::new(set("at", json!("not a time"))),
            ),
            "column at: 'not a time' is not a date or time",
        ),
        (
            "at: a date, not a moment",
            one("evidence", 1, Box::new(set("at", json!("2022-02-04")))),
            "column at: '2022-02-04' is a date",
        ),
        (
            "at: not in the stored form",
            one(
                "status_change",
                11,
                Box::new(set("at", json!("2022-02-03T17:00:00+01:00"))),
            ),
            "not in the form the ledger stores ('2022-02-03T16:00:00Z')",
        ),
        (
            "who: a control character",
            one("status_change", 11, Box::new(set("who", json!("\u{7}")))),
            "column who",
        ),
        (
            "who: a forged second line",
            one(
                "evidence",
                1,
                Box::new(set("who", json!("m.haddad\n2022-01-01 admin"))),
            ),
            "column who",
        ),
        (
            "created_by: a control character",
            one("claim", 1, Box::new(set("created_by", json!("a\u{1b}c")))),
            "column created_by",
        ),
        (
            "published_at: February 30",
            one(
                "article",
                1,
                Box::new(set("published_at", json!("2022-02-30"))),
            ),
            "column published_at: '2022-02-30' is not a date or time",
        ),
        (
            "as_of: month 13",
            one("claim", 2, Box::new(set("as_of", json!("2022-13")))),
            "column as_of",
        ),
        (
            "created_at: a date",
            one(
                "source",
                1,
                Box::new(set("created_at", json!("2022-02-03"))),
            ),
            "column created_at",
        ),
        (
            "body_sha256 set to zeros",
            one(
                "article",
                1,
                Box::new(set("body_sha256", json!("0".repeat(64)))),
            ),
            "column body_sha256 is not the SHA-256 of the body",
        ),
        (
            "a body edited",
            one(
                "article",
                2,
                Box::new(set("body", json!("Rescuers say forty died."))),
            ),
            "column body_sha256 is not the SHA-256 of the body",
        ),
        (
            "a body removed",
            one("article", 2, Box::new(remove("body"))),
            "column body is empty",
        ),
        (
            "a source name with a bell",
            one("source", 1, Box::new(set("name", json!("SOHR\u{7}")))),
            "column name",
        ),
        (
            "a source name with blanks around it",
            one("source", 1, Box::new(set("name", json!(" SOHR")))),
            "blanks around it",
        ),
        (
            "a title on two lines",
            one("incident", 1, Box::new(set("title", json!("Atmé\nraid")))),
            "column title",
        ),
        (
            "a slug the command line refuses",
            one("article", 1, Box::new(set("slug", json!("Atme NL")))),
            "column slug",
        ),
        (
            "a language that is no tag",
            one("article", 1, Box::new(set("lang", json!("dutch!")))),
            "column lang",
        ),
        (
            "an evidence address that is no URL",
            one("evidence", 1, Box::new(set("url", json!("see the video")))),
            "column url",
        ),
        (
            "a kind that does not exist",
            one("source", 1, Box::new(set("kind", json!("goverment")))),
            "column kind",
        ),
        (
            "a stance that does not exist",
            one("evidence", 1, Box::new(set("stance", json!("maybe")))),
            "column stance",
        ),
        (
            "an alias with a zero-width space",
            Box::new(|t: &str| {
                edit(
                    t,
                    "alias",
                    "name",
                    json!("DoD"),
                    &set("name", json!("Do\u{200b}D")),
                )
            }),
            "invisible character U+200B",
        ),
        (
            "an alias that names another source",
            Box::new(|t: &str| {
                edit(
                    t,
                    "alias",
                    "name",
                    json!("DoD"),
                    &set("name", json!("sohr")),
                )
            }),
            "the alias 'sohr' already names source 1",
        ),
    ];
    let target = TestEnv::new();
    let empty = target.snapshot();
    for (what, change, rule) in &cases {
        let (damaged, line) = change(&text);
        let file = target.file("damaged.jsonl", damaged.as_bytes());
        let message = target.fail(&["import", file.to_str().expect("UTF-8")], 2);
        assert!(
            message.contains(&format!("damaged.jsonl line {line}: ")),
            "{what}: expected line {line}: {message}"
        );
        assert!(
            message.contains(rule),
            "{what}: expected '{rule}': {message}"
        );
        assert!(
            message.ends_with("nothing was imported"),
            "{what}: {message}"
        );
        assert_eq!(target.snapshot(), empty, "{what}: the ledger changed");
    }
    // The same rules hold for CSV: one case read back through the CSV reader.
    let csv = export(&env, "csv").replacen("2022-02-03T09:30:00Z", "2022-02-30", 1);
    let file = target.file("damaged.csv", csv.as_bytes());
    let message = target.fail(&["import", file.to_str().expect("UTF-8")], 2);
    assert!(message.contains("column published_at"), "{message}");
    assert_eq!(target.snapshot(), empty);
}

/// Issue 15, defect 2, the rest: an edit in a field that no version-1 hash covered (who a
/// claim is credited to, who recorded it, a source's grade or kind, an article's title, an
/// incident's date, a figure's interval, an alias) imported cleanly with every hash intact.
/// The record's version 2 covers them: each is refused, naming the row and the field, and
/// nothing is written. On both backends.
#[test]
fn an_edit_in_any_field_the_record_covers_is_refused() {
    use serde_json::json;
    let env = demo();
    let text = export(&env, "jsonl");
    let one = |record: &'static str, id: i64, change: Box<RowChange>| {
        move |t: &str| edit(t, record, "id", json!(id), &*change).0
    };
    type Edit = Box<dyn Fn(&str) -> String>;
    let cases: Vec<(&str, Edit, &str)> = vec![
        (
            "a claim credited to another source",
            Box::new(one("claim", 3, Box::new(set("source_id", json!(3))))),
            "claim 3: its source_id is 3 but the record credits source 2",
        ),
        (
            "a claim given a relay",
            Box::new(one("claim", 3, Box::new(set("via_id", json!(4))))),
            "claim 3: its via_id is 4",
        ),
        (
            "who recorded a claim",
            Box::new(one(
                "claim",
                1,
                Box::new(set("created_by", json!("e.visser"))),
            )),
            "claim 1: created_by does not match",
        ),
        (
            "a claim moved to no incident",
            Box::new(one("claim", 2, Box::new(remove("incident_id")))),
            "claim 2: incident_id does not match",
        ),
        (
            "a source's grade",
            Box::new(one("source", 3, Box::new(set("grade", json!("A"))))),
            "source 3: its grade is \"A\" but the record says \"B\"",
        ),
        (
            "a source's kind",
            Box::new(one("source", 5, Box::new(set("kind", json!("official"))))),
            "source 5: its kind is \"official\"",
        ),
        (
            "an article's title",
            Box::new(one(
                "article",
                2,
                Box::new(set("title", json!("Forty dead in Atmé"))),
            )),
            "article 2: its title is",
        ),
        (
            "an incident's date",
            Box::new(one(
                "incident",
                1,
                Box::new(set("date", json!("2022-02-04"))),
            )),
            "incident 1: its date is \"2022-02-04\"",
        ),
        (
            "an alias added",
            Box::new(|t: &str| {
                t.replacen(
                    "{\"record\":\"alias\"",
                    "{\"record\":\"alias\",\"source_id\":3,\"name\":\"the Ministry\"}\n{\"record\":\"alias\"",
                    1,
                )
            }),
            "source 3: the alias 'the Ministry' is not in the record",
        ),
        (
            "a figure's value",
            Box::new(|t: &str| {
                t.replacen("\"figure\":\"killed=13\"", "\"figure\":\"killed=14\"", 1)
            }),
            "figures does not match",
        ),
        (
            "an entry's data",
            Box::new(|t: &str| t.replacen("\\\"grade\\\":\\\"B\\\"", "\\\"grade\\\":\\\"A\\\"", 1)),
            "does not match its hash",
        ),
    ];
    let target = TestEnv::new();
    let empty = target.snapshot();
    for (what, change, named) in &cases {
        let damaged = change(&text);
        assert_ne!(damaged, text, "{what}: the edit changed nothing");
        let file = target.file("edited.jsonl", damaged.as_bytes());
        let message = target.fail(&["import", file.to_str().expect("UTF-8")], 2);
        assert!(
            message.contains("the imported record does not verify ("),
            "{what}: {message}"
        );
        assert!(
            message.contains(named),
            "{what}: expected '{named}': {message}"
        );
        assert!(
            message.ends_with("nothing was imported"),
            "{what}: {message}"
        );
        assert_eq!(target.snapshot(), empty, "{what}: the ledger changed");
    }
}

/// Issue 15, defect 4: `import /dev/zero` grew past 10 GB. Input that is not text is
/// refused at its first NUL byte, a line or record past 61 MB (room for the largest
/// article an export writes) and a ClaimReview document past 16 MB once that much is
/// read; nothing is written.
#[test]
fn endless_or_binary_input_is_refused_and_nothing_is_written() {
    let target = TestEnv::new();
    let empty = target.snapshot();
    for device in ["/dev/zero", "/dev/urandom"] {
        let line = target.fail(&["import", device], 2);
        assert!(line.contains(device), "{line}");
        assert!(line.contains("nothing was imported"), "{line}");
    }
    let line = target.fail(&["import", "/dev/zero"], 2);
    assert!(
        line.contains("NUL byte at offset 0: it is not a text file"),
        "{line}"
    );

    // A NUL past the first rows, where the kind of file was already told.
    let mut text = export(&demo(), "jsonl").into_bytes();
    let at = text.len();
    text.extend_from_slice(b"\0\0\0");
    let file = target.file("late.jsonl", &text);
    let line = target.fail(&["import", file.to_str().expect("UTF-8")], 2);
    assert!(line.contains(&format!("NUL byte at offset {at}")), "{line}");

    let big = 61 * 1024 * 1024 + 10;
    let mut long = b"{\"record\":\"source\",\"name\":\"".to_vec();
    long.resize(big, b'x');
    let file = target.file("long.jsonl", &long);
    let line = target.fail(&["import", file.to_str().expect("UTF-8")], 2);
    assert!(
        line.contains("long.jsonl line 1 is longer than 61 MB"),
        "{line}"
    );

    let mut long = b"record,name\nsource,\"".to_vec();
    long.resize(big, b'x');
    long.extend_from_slice(b"\"\n");
    let file = target.file("long.csv", &long);
    let line = target.fail(&["import", file.to_str().expect("UTF-8")], 2);
    assert!(
        line.contains("long.csv line 2 starts a record longer than 61 MB"),
        "{line}"
    );
    // An endless record is stopped by the input, before it is read whole.
    long.truncate(big);
    long.resize(big + 1024 * 1024, b'x');
    let file = target.file("endless.csv", &long);
    let line = target.fail(&["import", file.to_str().expect("UTF-8")], 2);
    assert!(line.contains("has a record longer than 61 MB"), "{line}");

    let mut long = b"[".to_vec();
    long.resize(16 * 1024 * 1024 + 10, b' ');
    long.extend_from_slice(b"]");
    let file = target.file("long.json", &long);
    let line = target.fail(&["import", file.to_str().expect("UTF-8")], 2);
    assert!(
        line.contains("long.json is longer than 16 MB, the most one ClaimReview document may hold"),
        "{line}"
    );
    assert_eq!(target.snapshot(), empty);
}

/// Issue 15, defect 11: a JSON Lines file that starts with a byte-order mark was
/// refused; so was a ClaimReview document. CSV with one already imported.
#[test]
fn a_byte_order_mark_is_read_in_every_import() {
    let env = demo();
    for (format, name) in [("jsonl", "bom.jsonl"), ("csv", "bom.csv")] {
        let text = format!("\u{feff}{}", export(&env, format));
        let (copy, out) = import_into_new(&text, name);
        crate::assert_success(&["import", name], &out);
        assert_eq!(copy.snapshot(), env.snapshot(), "{format}");
    }
    // Told apart by its content too, without an extension.
    let text = format!("\u{feff}{}", export(&env, "jsonl"));
    let (copy, out) = import_into_new(&text, "export");
    crate::assert_success(&["import", "export"], &out);
    assert_eq!(copy.snapshot(), env.snapshot());

    let target = TestEnv::new();
    let file = target.file(
        "bom.json",
        "\u{feff}{\"@type\": \"ClaimReview\", \"claimReviewed\": \"Forty died\", \"reviewRating\": {\"alternateName\": \"False\"}}".as_bytes(),
    );
    let out = target.ok(&["import", file.to_str().expect("UTF-8")]);
    assert!(out.contains("1 claims"), "{out}");
}

/// What a ClaimReview feed brings in exports and imports again: a headline on two lines
/// and a language that is no tag are taken as the commands would take them; a claimant
/// with an invisible character and an address that is no URL refuse the file.
#[test]
fn claimreview_fields_are_held_to_the_rules_an_export_is_held_to() {
    let env = TestEnv::new();
    let file = env.file(
        "feed.json",
        br#"[{"@type": "ClaimReview", "url": "https://factcheck.example/1", "claimReviewed": "Forty died",
              "inLanguage": "English", "reviewRating": {"alternateName": "False"},
              "itemReviewed": {"author": {"name": "A.\tSpokesman"},
                "appearance": {"url": "https://news.example/forty", "headline": "Forty\n  died"}}}]"#,
    );
    env.ok(&["import", file.to_str().expect("UTF-8")]);
    assert_eq!(env.sql_one("SELECT title FROM article"), "\"Forty died\"");
    assert_eq!(env.sql_one("SELECT name FROM source"), "\"A. Spokesman\"");
    let (copy, out) = import_into_new(&export(&env, "jsonl"), "feed.jsonl");
    crate::assert_success(&["import", "feed.jsonl"], &out);
    assert_eq!(copy.snapshot(), env.snapshot());

    let before = env.snapshot();
    for (doc, expected) in [
        (
            r#"{"@type": "ClaimReview", "claimReviewed": "x", "itemReviewed": {"author": {"name": "A.\u200bSpokesman"}}}"#,
            "invisible character U+200B",
        ),
        (
            r#"{"@type": "ClaimReview", "claimReviewed": "x", "url": "factcheck example"}"#,
            "is not a URL",
        ),
        (
            r#"{"@type": "ClaimReview", "claimReviewed": "x", "itemReviewed": {"appearance": {"headline": "a\u0007b"}}}"#,
            "contains a control character",
        ),
    ] {
        let file = env.file("bad.json", doc.as_bytes());
        let line = env.fail(&["import", file.to_str().expect("UTF-8")], 2);
        assert!(line.contains("bad.json: ClaimReview 1: "), "{line}");
        assert!(line.contains(expected), "{line}");
    }
    assert_eq!(env.snapshot(), before);
}

/// A ClaimReview document is recorded review by review as it is parsed (so memory holds
/// one review at a time); a broken review or broken JSON after good ones still leaves
/// the ledger as it was.
#[test]
fn a_claimreview_document_broken_after_good_reviews_writes_nothing() {
    let env = TestEnv::new();
    let before = env.snapshot();
    let good = r#"{"@type": "ClaimReview", "url": "https://factcheck.example/1", "claimReviewed": "Forty died", "reviewRating": {"alternateName": "False"}}"#;
    for (doc, expected) in [
        (
            format!("[{good}, {good}, {{\"@type\": \"ClaimReview\"}}]"),
            "ClaimReview 3: claimReviewed is missing",
        ),
        (format!("[{good}, {good}, {{\"@type\": "), "line 1, column"),
        (format!("[{good}] trailing"), "trailing characters"),
    ] {
        let file = env.file("broken.json", doc.as_bytes());
        let line = env.fail(&["import", file.to_str().expect("UTF-8")], 2);
        assert!(line.contains(expected), "{line}");
        assert_eq!(env.snapshot(), before);
    }
}

/// Issue 14: importing the same ClaimReview file twice recorded every review twice. A
/// review already in the ledger (the same review address and claim text) is skipped, and
/// the summary says how many were.
#[test]
fn a_claimreview_already_in_the_ledger_is_skipped_and_counted() {
    let env = TestEnv::new();
    let doc = r#"[
      {"@type": "ClaimReview", "url": "https://factcheck.example/1", "claimReviewed": "Forty died",
       "reviewRating": {"alternateName": "False"}},
      {"@type": "ClaimReview", "url": "https://factcheck.example/2", "claimReviewed": "Forty died",
       "reviewRating": {"alternateName": "True"}},
      {"@type": "ClaimReview", "url": "https://factcheck.example/1", "claimReviewed": "Twelve died",
       "reviewRating": {"alternateName": "True"}}]"#;
    let file = env.file("reviews.json", doc.as_bytes());
    let path = file.to_str().expect("UTF-8");
    let first = env.ok(&["import", path]);
    assert!(first.contains("3 claims"), "{first}");
    assert!(!first.contains("skipped"), "{first}");
    let before = env.snapshot();
    let again = env.json(&["import", path]);
    assert_eq!(again["imported"]["claims"], 0, "{again}");
    assert_eq!(again["skipped"], 3, "{again}");
    assert_eq!(env.snapshot(), before);
    let line = env.ok(&["import", path]);
    assert!(
        line.contains("0 claims") && line.contains("3 reviews already in the ledger, skipped"),
        "{line}"
    );
    assert_eq!(env.sql_count("claim"), 3);
    assert_eq!(env.sql_count("evidence"), 3);

    // The same review twice in one file is recorded once; a new one beside it is recorded.
    let doc = r#"[
      {"@type": "ClaimReview", "url": "https://factcheck.example/3", "claimReviewed": "Nine died",
       "reviewRating": {"alternateName": "False"}},
      {"@type": "ClaimReview", "url": "https://factcheck.example/3", "claimReviewed": "Nine died",
       "reviewRating": {"alternateName": "False"}},
      {"@type": "ClaimReview", "url": "https://factcheck.example/2", "claimReviewed": "Forty died",
       "reviewRating": {"alternateName": "True"}}]"#;
    let file = env.file("more.json", doc.as_bytes());
    let out = env.json(&["import", file.to_str().expect("UTF-8")]);
    assert_eq!(out["imported"]["claims"], 1, "{out}");
    assert_eq!(out["skipped"], 2, "{out}");
    assert_eq!(
        env.sql_rows("SELECT text FROM claim ORDER BY id"),
        [
            "\"Forty died\"",
            "\"Forty died\"",
            "\"Twelve died\"",
            "\"Nine died\""
        ]
    );
    env.ok(&["verify"]);
}

/// Issue 17: an import sets the row triggers and the foreign keys aside while its rows
/// go in, and puts them back before it commits. The imported ledger has the schema a new
/// one has, trigger for trigger, and its history still refuses to be rewritten.
#[test]
fn an_imported_ledger_has_every_trigger_of_a_new_one_and_its_statuses() {
    let sqlite = Backend::sqlite_only("compares the SQLite schema, triggers included");
    let env = TestEnv::empty_on(sqlite);
    env.ok(&["demo"]);
    let text = export(&env, "jsonl");
    let copy = TestEnv::empty_on(sqlite);
    let file = copy.file("ledger.jsonl", text.as_bytes());
    copy.ok(&["import", file.to_str().expect("UTF-8")]);
    let fresh = TestEnv::new_on(sqlite);
    let schema = "SELECT type, name, sql FROM sqlite_master ORDER BY type, name";
    assert_eq!(copy.sql_rows(schema), fresh.sql_rows(schema));
    assert_eq!(
        copy.sql_rows("SELECT id, status FROM claim ORDER BY id"),
        env.sql_rows("SELECT id, status FROM claim ORDER BY id")
    );
    let verdict = copy.sql_one("SELECT id FROM claim WHERE status = 'verified' LIMIT 1");
    let refused = copy
        .sql_exec(&format!(
            "UPDATE claim SET status = 'false' WHERE id = {verdict}"
        ))
        .expect_err("the status follows the history only");
    assert!(
        refused.contains("only through its status history"),
        "{refused}"
    );
    copy.ok(&["status", &verdict, "in_progress", "--note", "reopened"]);
    assert_eq!(
        copy.sql_one(&format!("SELECT status FROM claim WHERE id = {verdict}")),
        "\"in_progress\""
    );
    let found = copy.ok(&["search", "Civil Defence"]);
    assert!(!found.trim().is_empty(), "the search index is rebuilt");
    copy.ok(&["verify"]);
}

/// Issue 17: with foreign keys checked once over the whole import, a row that names a
/// row the file does not hold is still refused, named, and nothing is written.
#[test]
fn a_row_naming_a_row_the_file_lacks_is_refused_after_the_rows() {
    let env = demo();
    let text = export(&env, "jsonl");
    let (text, _) = edit(
        &text,
        "alias",
        "source_id",
        serde_json::json!(1),
        &set("source_id", serde_json::json!(999)),
    );
    let target = TestEnv::new();
    let empty = target.snapshot();
    let file = target.file("dangling.jsonl", text.as_bytes());
    let line = target.fail(&["import", file.to_str().expect("UTF-8")], 2);
    // PostgreSQL keeps its foreign keys through the load and names the constraint.
    let expected = match target.pg() {
        None => "dangling.jsonl: alias row refers to a source that the file does not hold; nothing was imported",
        Some(_) => "(source_id)=(999) is not present in table \"source\"",
    };
    assert!(line.contains(expected), "{line}");
    assert_eq!(target.snapshot(), empty);
}
