//! `correct`, `erase` and `verify --head`: a note, an evidence URL or a stance put right
//! by a new row that every reader shows while the row corrected stays in the history; a
//! text erased with a dated marker in its place, gone from search, its digest kept so the
//! record still verifies; and a published head found again in the record. Each refusal
//! writes nothing.

use crate::{claim_with, seeded, table_row, TestEnv};

/// A claim by the Observatory, moved to in_progress with `note`; returns the claim's id
/// and the status change's.
fn claim_in_progress(env: &TestEnv, note: &str) -> (i64, i64) {
    let claim = claim_with(env, "SOHR", &["killed=13"], &[]);
    env.ok(&["status", &claim.to_string(), "in_progress", "--note", note]);
    let change: i64 = env
        .sql_one(&format!(
            "SELECT max(id) FROM status_change WHERE claim_id = {claim}"
        ))
        .parse()
        .expect("an id");
    (claim, change)
}

/// Attaches evidence to `claim`; returns its id.
fn evidence(env: &TestEnv, claim: i64, url: &str, note: &str) -> i64 {
    let v = env.json(&[
        "evidence",
        "add",
        &claim.to_string(),
        "--url",
        url,
        "--supports",
        "--note",
        note,
    ]);
    v["id"].as_i64().expect("an evidence id")
}

/// The claims `search` finds for `words`.
fn found(env: &TestEnv, words: &str) -> Vec<i64> {
    let v = env.json(&["search", words]);
    v["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter(|h| h["kind"] == "claim")
        .map(|h| h["id"].as_i64().expect("an id"))
        .collect()
}

/// The record verifies, as `verify` says with its exit code and JSON.
fn verifies(env: &TestEnv) {
    let v = env.json(&["verify"]);
    assert_eq!(v["ok"], true, "{v}");
}

#[test]
fn a_corrected_note_is_what_readers_see_and_the_earlier_stays_in_the_history() {
    let env = seeded();
    let (claim, change) = claim_in_progress(&env, "Civil Defense counts 6 childern");
    let row = format!("status:{change}");
    let out = env.ok(&[
        "correct",
        &row,
        "--note",
        "Civil Defence counts 6 children",
        "--why",
        "typos",
    ]);
    assert!(
        out.contains(&format!("corrected {row} of claim {claim}"))
            && out.contains(
                "\"Civil Defense counts 6 childern\" → \"Civil Defence counts 6 children\""
            )
            && out.contains("stays as it was in the history"),
        "{out}"
    );
    // The row itself is as it was written; the correction is a row of its own.
    assert_eq!(
        env.sql_one(&format!(
            "SELECT note FROM status_change WHERE id = {change}"
        )),
        "\"Civil Defense counts 6 childern\""
    );
    assert_eq!(env.sql_count("correction"), 1);

    let history = env.json(&["history", &claim.to_string()]);
    let shown = &history["history"][1];
    assert_eq!(shown["row"], row.as_str(), "{history}");
    assert_eq!(shown["note"], "Civil Defence counts 6 children");
    assert_eq!(shown["corrected"], serde_json::json!(["note"]));
    let correction = &history["corrections"][0];
    assert_eq!(correction["row"], "correction:1");
    assert_eq!(correction["corrects"], row.as_str());
    assert_eq!(correction["was"], "Civil Defense counts 6 childern");
    assert_eq!(correction["why"], "typos");
    assert_eq!(correction["who"], "tester");

    // The table lists the correction with the text it replaced.
    let table = env.ok(&["history", &claim.to_string()]);
    let line = table_row(&table, "correction:1").join(" ");
    assert!(
        line.contains(&format!("note of {row} corrected: typos"))
            && line.contains("was: Civil Defense counts 6 childern"),
        "{table}"
    );
    assert!(
        table_row(&table, &row)
            .join(" ")
            .contains("Civil Defence counts 6 children (corrected)"),
        "{table}"
    );

    // Every reader shows the corrected note.
    let shown = env.json(&["claim", "show", &claim.to_string()]);
    assert_eq!(
        shown["history"][1]["note"],
        "Civil Defence counts 6 children"
    );
    assert_eq!(
        shown["corrections"][0]["was"],
        "Civil Defense counts 6 childern"
    );
    let log = env.json(&["log", "--limit", "2"]);
    assert_eq!(log[0]["kind"], "correction", "{log}");
    assert_eq!(log[0]["note"], "Civil Defence counts 6 children");
    assert_eq!(log[1]["kind"], "status");
    assert_eq!(log[1]["note"], "Civil Defence counts 6 children");
    let report = env.ok(&["report", "atme-raid"]);
    assert!(
        report.contains("Civil Defence counts 6 children") && !report.contains("childern"),
        "{report}"
    );
    let json = env.ok(&["report", "atme-raid", "--format", "json"]);
    assert!(
        json.contains("Civil Defence counts 6 children") && !json.contains("childern"),
        "{json}"
    );
    verifies(&env);

    // Corrected again: the latest is shown, and each correction names what it replaced.
    env.ok(&[
        "correct",
        &row,
        "--note",
        "Civil Defence counts six children",
        "--why",
        "house style",
    ]);
    let history = env.json(&["history", &claim.to_string()]);
    assert_eq!(
        history["history"][1]["note"],
        "Civil Defence counts six children"
    );
    assert_eq!(
        history["corrections"][1]["was"],
        "Civil Defence counts 6 children"
    );
    verifies(&env);
}

#[test]
fn a_corrected_evidence_url_and_stance_show_everywhere_in_one_transaction() {
    let env = seeded();
    let (claim, _) = claim_in_progress(&env, "checking");
    let id = evidence(
        &env,
        claim,
        "https://example.org/draft-list",
        "names 13 dead",
    );
    let row = format!("evidence:{id}");
    let v = env.json(&[
        "correct",
        &row,
        "--url",
        "https://example.org/final-list",
        "--stance",
        "Contradicts",
        "--why",
        "the link pointed to a draft",
    ]);
    assert_eq!(v["claim"], claim);
    assert_eq!(v["row"], row.as_str());
    let fields: Vec<&str> = v["corrections"]
        .as_array()
        .expect("corrections")
        .iter()
        .map(|c| c["field"].as_str().expect("field"))
        .collect();
    assert_eq!(fields, ["url", "stance"], "{v}");
    assert_eq!(
        v["corrections"][0]["previous"],
        "https://example.org/draft-list"
    );
    assert_eq!(v["corrections"][1]["previous"], "supports");
    assert_eq!(env.sql_count("correction"), 2);

    let history = env.json(&["history", &claim.to_string()]);
    let e = &history["evidence"][0];
    assert_eq!(e["url"], "https://example.org/final-list", "{history}");
    assert_eq!(e["stance"], "contradicts");
    assert_eq!(e["note"], "names 13 dead");
    assert_eq!(e["corrected"], serde_json::json!(["url", "stance"]));
    let (header, rows) = env.csv(&["history", &claim.to_string()]);
    let corrections: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| crate::col(&header, r, "kind") == "correction")
        .collect();
    assert_eq!(corrections.len(), 2);
    assert_eq!(crate::col(&header, corrections[0], "target"), row);
    assert_eq!(
        crate::col(&header, corrections[0], "was"),
        "https://example.org/draft-list"
    );

    // log lists both corrections, newest first, and the evidence as corrected.
    let log = env.json(&["log", "--limit", "3"]);
    assert_eq!(log[0]["kind"], "correction", "{log}");
    assert_eq!(log[0]["target"], row.as_str());
    assert_eq!(log[0]["field"], "stance");
    assert_eq!(log[0]["stance"], "contradicts");
    assert_eq!(log[0]["why"], "the link pointed to a draft");
    assert_eq!(log[1]["field"], "url");
    assert_eq!(log[1]["url"], "https://example.org/final-list");
    assert_eq!(log[2]["kind"], "evidence");
    assert_eq!(log[2]["url"], "https://example.org/final-list");
    assert_eq!(log[2]["stance"], "contradicts");
    let table = env.ok(&["log", "--limit", "2"]);
    assert!(
        table.contains(&format!(
            "stance of {row} corrected to contradicts: the link pointed to a draft"
        )),
        "{table}"
    );
    let report = env.ok(&["report", "atme-raid"]);
    assert!(
        report.contains("https://example.org/final-list") && !report.contains("draft-list"),
        "{report}"
    );
    // The export keeps the rows as they were written, corrections aside.
    assert_eq!(
        env.sql_one(&format!("SELECT url FROM evidence WHERE id = {id}")),
        "\"https://example.org/draft-list\""
    );
    verifies(&env);

    // A URL that is not one refuses the whole command: the note given with it is not
    // corrected either.
    let before = env.snapshot();
    let line = env.fail(
        &[
            "correct",
            &row,
            "--note",
            "a better note",
            "--url",
            "example.org/x",
            "--why",
            "x",
        ],
        2,
    );
    assert!(
        line.contains("--url 'example.org/x' is not a URL"),
        "{line}"
    );
    assert_eq!(env.snapshot(), before);
}

#[test]
fn correct_refuses_what_it_cannot_do_in_one_line_and_writes_nothing() {
    let env = seeded();
    let (claim, change) = claim_in_progress(&env, "checking");
    let id = evidence(&env, claim, "https://example.org/list", "a list");
    let status = format!("status:{change}");
    let ev = format!("evidence:{id}");
    let before = env.snapshot();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["correct", "status:999", "--note", "x", "--why", "y"],
            "there is no status:999",
        ),
        (
            vec!["correct", "evidence:999", "--note", "x", "--why", "y"],
            "there is no evidence:999",
        ),
        (
            vec!["correct", "12", "--note", "x", "--why", "y"],
            "'12' names no row",
        ),
        (
            vec!["correct", "figure:1", "--note", "x", "--why", "y"],
            "'figure:1' names no row",
        ),
        (
            vec!["correct", "claim:1", "--note", "x", "--why", "y"],
            "claim:1 is a claim",
        ),
        (
            vec!["correct", "correction:1", "--note", "x", "--why", "y"],
            "correction:1 is a correction",
        ),
        (
            vec![
                "correct",
                &status,
                "--url",
                "https://example.org/x",
                "--why",
                "y",
            ],
            "has a note only; --url is for evidence:ID",
        ),
        (
            vec!["correct", &status, "--stance", "supports", "--why", "y"],
            "has a note only; --stance is for evidence:ID",
        ),
        (
            vec!["correct", &status, "--note", "x", "--why", "  "],
            "--why is empty",
        ),
        (
            vec!["correct", &status, "--note", "x", "--why", "one\ntwo"],
            "contains a line break or control character",
        ),
        (
            vec!["correct", &status, "--note", " ", "--why", "y"],
            "--note is empty",
        ),
        (
            vec!["correct", &status, "--note", "checking", "--why", "y"],
            "is already \"checking\"; nothing to correct",
        ),
        (
            vec!["correct", &ev, "--stance", "supports", "--why", "y"],
            "is already \"supports\"",
        ),
        (
            vec!["correct", &ev, "--stance", "maybe", "--why", "y"],
            "'maybe' is not a stance",
        ),
        (
            vec!["correct", &ev, "--url", "not a url", "--why", "y"],
            "is not a URL",
        ),
    ];
    for (args, expected) in cases {
        let line = env.fail(&args, 2);
        assert!(line.contains(expected), "{args:?}: {line}");
        assert_eq!(env.snapshot(), before, "{args:?} wrote something");
    }
}

#[test]
fn an_erased_quote_shows_its_marker_leaves_search_and_the_record_verifies() {
    let env = seeded();
    let claim = env.json(&[
        "claim",
        "add",
        "--article",
        "atme-nl",
        "--incident",
        "atme-raid",
        "--source",
        "Pentagon",
        "--text",
        "Spokesman Hadrianus Vermeulen called the mission a success",
        "--quote",
        "De missie was geslaagd",
    ])["id"]
        .as_i64()
        .expect("a claim id");
    assert_eq!(found(&env, "vermeulen"), [claim]);
    let v = env.json(&[
        "erase",
        &format!("claim:{claim}"),
        "text",
        "--reason",
        "court order 2026/114",
    ]);
    let marker = "[erased on 2022-02-05: court order 2026/114]";
    assert_eq!(v["marker"], marker, "{v}");
    assert_eq!(v["claim"], claim);
    assert_eq!(
        env.sql_one(&format!("SELECT text FROM claim WHERE id = {claim}")),
        format!("{marker:?}")
    );
    assert_eq!(env.sql_count("erasure"), 1);
    let digest = env.sql_one("SELECT digest FROM erasure");
    assert_eq!(digest.trim_matches('"').len(), 64, "{digest}");
    let shown = env.json(&["claim", "show", &claim.to_string()]);
    assert_eq!(shown["text"], marker);
    assert_eq!(shown["quote"], "De missie was geslaagd");
    let report = env.ok(&["report", "atme-raid"]);
    assert!(!report.contains("Vermeulen"), "{report}");
    // The erased words are no longer found, on SQLite (the index follows by trigger) and
    // on PostgreSQL (the generated column follows the row).
    assert_eq!(found(&env, "vermeulen"), [0_i64; 0]);
    // history and log say who erased what, when and why.
    let history = env.json(&["history", &claim.to_string()]);
    let erasure = &history["erasures"][0];
    assert_eq!(erasure["row"], "erasure:1", "{history}");
    assert_eq!(erasure["erases"], format!("claim:{claim}"));
    assert_eq!(erasure["field"], "text");
    assert_eq!(erasure["reason"], "court order 2026/114");
    assert_eq!(erasure["who"], "tester");
    let table = env.ok(&["history", &claim.to_string()]);
    assert!(
        table_row(&table, "erasure:1").join(" ").contains(&format!(
            "text of claim:{claim} erased court order 2026/114"
        )),
        "{table}"
    );
    let log = env.json(&["log", "--limit", "1"]);
    assert_eq!(log[0]["kind"], "erasure", "{log}");
    assert_eq!(log[0]["target"], format!("claim:{claim}"));
    assert_eq!(log[0]["field"], "text");
    assert_eq!(log[0]["why"], "court order 2026/114");
    verifies(&env);
    // Erased once is enough.
    let line = env.fail(
        &[
            "erase",
            &format!("claim:{claim}"),
            "text",
            "--reason",
            "again",
        ],
        2,
    );
    assert!(
        line.contains(&format!("the text of claim:{claim} is already erased")),
        "{line}"
    );
}

#[test]
fn an_erased_note_and_an_erased_correction_leave_search_and_verify() {
    let env = seeded();
    let (claim, change) = claim_in_progress(&env, "witness Zubaida Farouk confirmed the toll");
    assert_eq!(found(&env, "zubaida"), [claim]);
    env.ok(&[
        "correct",
        &format!("status:{change}"),
        "--note",
        "a witness (Zubaida Farouk) confirmed the toll",
        "--why",
        "clearer",
    ]);
    env.ok(&[
        "erase",
        &format!("status:{change}"),
        "note",
        "--reason",
        "the witness asked to be removed",
    ]);
    env.ok(&[
        "erase",
        "correction:1",
        "value",
        "--reason",
        "the witness asked to be removed",
    ]);
    let marker = "[erased on 2022-02-05: the witness asked to be removed]";
    let history = env.json(&["history", &claim.to_string()]);
    assert_eq!(history["history"][1]["note"], marker, "{history}");
    assert_eq!(history["corrections"][0]["value"], marker);
    assert_eq!(history["corrections"][0]["was"], marker);
    let table = env.ok(&["history", &claim.to_string()]);
    assert!(!table.contains("Zubaida"), "{table}");
    assert_eq!(found(&env, "zubaida"), [0_i64; 0]);
    verifies(&env);
}

#[test]
fn erase_refuses_figures_statuses_who_and_when_and_a_reason_that_repeats_the_text() {
    let env = seeded();
    let (claim, change) = claim_in_progress(&env, "named by Karim Aziz");
    let id = evidence(&env, claim, "https://example.org/list", "a list");
    env.ok(&[
        "correct",
        &format!("evidence:{id}"),
        "--stance",
        "context",
        "--why",
        "names no one",
    ]);
    let c = format!("claim:{claim}");
    let s = format!("status:{change}");
    let e = format!("evidence:{id}");
    let no_quote = format!("{c} has no quote to erase");
    let before = env.snapshot();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["erase", &c, "figures", "--reason", "r"],
            "'figures' of claim:",
        ),
        (
            vec!["erase", &c, "created_by", "--reason", "r"],
            "cannot be erased",
        ),
        (
            vec!["erase", &s, "to_status", "--reason", "r"],
            "cannot be erased",
        ),
        (
            vec!["erase", &s, "who", "--reason", "r"],
            "cannot be erased",
        ),
        (vec!["erase", &s, "at", "--reason", "r"], "cannot be erased"),
        (
            vec!["erase", &e, "stance", "--reason", "r"],
            "cannot be erased",
        ),
        (vec!["erase", &c, "quote", "--reason", "r"], &no_quote),
        (
            vec!["erase", &c, "translation", "--reason", "r"],
            "has no translation to erase",
        ),
        (
            vec!["erase", "status:999", "note", "--reason", "r"],
            "there is no status:999",
        ),
        (
            vec!["erase", "correction:99", "why", "--reason", "r"],
            "there is no correction:99",
        ),
        (
            vec!["erase", "claim:99", "quote", "--reason", "r"],
            "there is no claim:99",
        ),
        (
            vec!["erase", "figure:1", "metric", "--reason", "r"],
            "'figure:1' names no row",
        ),
        (
            vec!["erase", &s, "note", "--reason", " "],
            "--reason is empty",
        ),
        (
            vec!["erase", &s, "note", "--reason", "a\u{1b}[2Jb"],
            "line break or control character",
        ),
        (
            vec!["erase", &s, "note", "--reason", "NAMED BY KARIM AZIZ asked"],
            "the reason repeats the note it erases",
        ),
        (
            vec!["erase", "correction:1", "value", "--reason", "r"],
            "sets a stance, which names no one",
        ),
    ];
    for (args, expected) in cases {
        let line = env.fail(&args, 2);
        assert!(line.contains(expected), "{args:?}: {line}");
        assert_eq!(env.snapshot(), before, "{args:?} wrote something");
    }
}

#[test]
fn history_names_each_row_as_correct_and_erase_take_it() {
    let env = seeded();
    let (claim, change) = claim_in_progress(&env, "checking");
    let id = evidence(&env, claim, "https://example.org/list", "a list");
    let table = env.ok(&["history", &claim.to_string()]);
    assert_eq!(
        table.lines().nth(2).map(|l| l.split_whitespace().next()),
        Some(Some("row")),
        "{table}"
    );
    table_row(&table, &format!("status:{change}"));
    table_row(&table, &format!("evidence:{id}"));
    let (header, rows) = env.csv(&["history", &claim.to_string()]);
    let names: Vec<&str> = rows.iter().map(|r| crate::col(&header, r, "row")).collect();
    assert!(
        names.contains(&format!("status:{change}").as_str()),
        "{names:?}"
    );
    assert!(
        names.contains(&format!("evidence:{id}").as_str()),
        "{names:?}"
    );
    // The JSON fields as they were, with the row's name added.
    let v = env.json(&["history", &claim.to_string()]);
    for field in ["id", "from", "to", "who", "at", "note", "row", "corrected"] {
        assert!(v["history"][0].get(field).is_some(), "{field}: {v}");
    }
    for field in [
        "id",
        "url",
        "stance",
        "note",
        "status_change",
        "who",
        "at",
        "row",
        "corrected",
    ] {
        assert!(v["evidence"][0].get(field).is_some(), "{field}: {v}");
    }
    assert_eq!(v["corrections"], serde_json::json!([]));
    assert_eq!(v["erasures"], serde_json::json!([]));
}

/// The head `verify` prints now.
fn head(env: &TestEnv) -> String {
    env.json(&["verify"])["head"]
        .as_str()
        .expect("a head")
        .to_string()
}

#[test]
fn verify_head_finds_a_checkpoint_a_claim_entry_or_a_prefix_of_one() {
    let env = seeded();
    let (claim, _) = claim_in_progress(&env, "checking");
    let published = head(&env);
    // Later writes move the head on; the published one is still in the record.
    claim_in_progress(&env, "later");
    assert_ne!(head(&env), published);
    let out = env.ok(&["verify", "--head", &published]);
    assert!(
        out.contains(&format!("head {published}:"))
            && out.contains("(checkpoint)")
            && out.contains("everything recorded before it")
            && out.contains("the record verifies"),
        "{out}"
    );
    let v = env.json(&["verify", "--head", &published[..12].to_uppercase()]);
    assert_eq!(v["ok"], true);
    assert_eq!(v["head_found"]["hash"], published.as_str(), "{v}");
    assert!(
        v["head_found"]["places"][0]["place"]
            .as_str()
            .is_some_and(|p| p.starts_with("ledger entry ") && p.ends_with("(checkpoint)")),
        "{v}"
    );
    // Without --head the JSON is as it was.
    assert!(env.json(&["verify"]).get("head_found").is_none());

    let entry = env
        .sql_one(&format!(
            "SELECT hash FROM record WHERE chain = {claim} AND kind = 'status'"
        ))
        .trim_matches('"')
        .to_string();
    let v = env.json(&["verify", "--head", &entry]);
    let place = &v["head_found"]["places"][0];
    assert_eq!(
        place["place"],
        format!("entry 2 (status) of claim {claim}'s chain"),
        "{v}"
    );
    assert!(
        place["vouches_for"]
            .as_str()
            .is_some_and(|t| t.contains("sealed by ledger entry")),
        "{v}"
    );
}

#[test]
fn verify_head_refuses_a_hash_that_is_not_one_or_not_in_the_record() {
    let env = seeded();
    claim_in_progress(&env, "checking");
    let before = env.snapshot();
    for (head, expected) in [
        ("xyz", "is not a hash"),
        ("abc123", "is not a hash"),
        (&"a".repeat(65)[..], "is not a hash"),
        (
            "0123456789ab",
            "no entry of the record has the hash 0123456789ab",
        ),
        (&"f".repeat(64)[..], "no entry of the record has the hash"),
    ] {
        let line = env.fail(&["verify", "--head", head], 2);
        assert!(line.contains(expected), "{head}: {line}");
    }
    assert_eq!(env.snapshot(), before);
}

#[test]
fn verify_head_exits_1_when_the_record_no_longer_verifies() {
    let env = seeded();
    claim_in_progress(&env, "checking");
    let published = head(&env);
    // An entry slipped into the ledger's chain by hand, after the published head.
    env.sql_exec(&format!(
        "INSERT INTO record (chain, seq, kind, subject, who, at, data, hash)
         VALUES (0, (SELECT max(seq) + 1 FROM record WHERE chain = 0), 'source', NULL,
                 'mallory', '2022-02-05T12:00:00Z', '{{}}', '{}')",
        "a".repeat(64)
    ))
    .expect("slip an entry in");
    let out = env.run(&["verify", "--head", &published]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(
        out.stdout.contains(&format!("head {published}:")),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("does NOT verify"), "{}", out.stdout);
    assert!(out.stderr.contains("verification failed"), "{}", out.stderr);
}

#[test]
fn a_version_1_head_is_found_and_version_1_rows_are_corrected_and_erased() {
    use crosscheck::model::chain::{link, ChangeContent, ClaimContent, GENESIS};
    use crosscheck::model::Status;
    let env = TestEnv::empty();
    let pg = env.pg().is_some();
    let fixture = if pg {
        format!(
            "SET ROLE \"{}\";\n{}",
            crate::PG_ROLE,
            include_str!("../fixtures/schema-postgres-v1.sql")
        )
    } else {
        format!(
            "{}\nPRAGMA user_version = 1;",
            include_str!("../fixtures/schema-v1.sql")
        )
    };
    env.sql_exec(&fixture).expect("a version-1 ledger");
    let at = "2022-01-01T00:00:00Z";
    let text = "Omar Khatib says 13 died";
    let digest = ClaimContent {
        article_id: 1,
        incident_id: None,
        text,
        quote: None,
        quote_span: None,
        translation: None,
        as_of: at,
        figures: &[],
    }
    .digest();
    let created = link(
        GENESIS,
        &ChangeContent {
            id: 1,
            claim_id: 1,
            from: None,
            to: Status::Unverified,
            who: "tester",
            at,
            note: Some("recorded"),
            claim_digest: Some(&digest),
        }
        .canonical(),
    );
    let note = "asked Omar Khatib's family";
    let moved = link(
        &created,
        &ChangeContent {
            id: 2,
            claim_id: 1,
            from: Some(Status::Unverified),
            to: Status::InProgress,
            who: "tester",
            at,
            note: Some(note),
            claim_digest: None,
        }
        .canonical(),
    );
    let role = if pg {
        format!("SET ROLE \"{}\";", crate::PG_ROLE)
    } else {
        String::new()
    };
    env.sql_exec(&format!(
        "{role}
         INSERT INTO source (id, name, name_key, created_at) VALUES (1, 'SOHR', 'sohr', '{at}');
         INSERT INTO article (id, slug, title, title_key, created_at) VALUES (1, 'old', 'Old', 'old', '{at}');
         INSERT INTO claim (id, article_id, source_id, text, as_of, created_at, created_by, status)
             VALUES (1, 1, 1, '{text}', '{at}', '{at}', 'tester', 'in_progress');
         INSERT INTO status_change (id, claim_id, from_status, to_status, who, at, note, hash)
             VALUES (1, 1, NULL, 'unverified', 'tester', '{at}', 'recorded', '{created}');
         INSERT INTO status_change (id, claim_id, from_status, to_status, who, at, note, hash)
             VALUES (2, 1, 'unverified', 'in_progress', 'tester', '{at}', '{}', '{moved}');",
        note.replace('\'', "''")
    ))
    .expect("version-1 rows");
    if pg {
        env.ok(&["migrate"]);
    }
    verifies(&env);
    // The head a desk published before the migration.
    let v = env.json(&["verify", "--head", &moved]);
    let places: Vec<&str> = v["head_found"]["places"]
        .as_array()
        .expect("places")
        .iter()
        .map(|p| p["place"].as_str().expect("a place"))
        .collect();
    assert_eq!(
        places,
        [
            "version-1 status history row 2",
            "the version-1 status history head that ledger entry 1 (migration) carried over"
        ],
        "{v}"
    );
    // A version-1 row is corrected and erased like any other, and the record verifies.
    env.ok(&[
        "correct",
        "status:2",
        "--note",
        "asked the family",
        "--why",
        "no names in notes",
    ]);
    env.ok(&[
        "erase",
        "status:2",
        "note",
        "--reason",
        "a family's request",
    ]);
    env.ok(&["erase", "claim:1", "text", "--reason", "a family's request"]);
    let history = env.json(&["history", "1"]);
    assert_eq!(
        history["history"][1]["note"], "asked the family",
        "{history}"
    );
    assert_eq!(
        history["corrections"][0]["was"],
        "[erased on 2022-02-05: a family's request]"
    );
    verifies(&env);
    assert_eq!(env.json(&["verify", "--head", &moved])["ok"], true);
}

#[test]
fn verify_head_asks_for_more_digits_when_a_prefix_names_two_hashes() {
    let env = seeded();
    claim_in_progress(&env, "checking");
    let published = head(&env);
    // A second hash with the same first 12 digits, slipped in by hand.
    let twin = format!("{}{}", &published[..12], "0".repeat(52));
    env.sql_exec(&format!(
        "INSERT INTO record (chain, seq, kind, subject, who, at, data, hash)
         VALUES (0, (SELECT max(seq) + 1 FROM record WHERE chain = 0), 'source', NULL,
                 'mallory', '2022-02-05T12:00:00Z', '{{}}', '{twin}')"
    ))
    .expect("slip an entry in");
    let line = env.fail(&["verify", "--head", &published[..12]], 2);
    assert!(
        line.contains(&format!(
            "2 hashes in the record start with {}",
            &published[..12]
        )),
        "{line}"
    );
    // The whole hash still names one.
    let out = env.run(&["verify", "--head", &published]);
    assert_eq!(
        out.code, 1,
        "the slipped-in entry breaks the chain: {out:?}"
    );
    assert!(
        out.stdout.contains(&format!("head {published}:")),
        "{}",
        out.stdout
    );
}

#[test]
fn evidence_correct_is_correct_of_an_evidence_row_and_refuses_other_rows() {
    let env = seeded();
    let (claim, change) = claim_in_progress(&env, "checking the rescuers' list");
    let id = evidence(
        &env,
        claim,
        "https://example.org/draft-list",
        "the rescuers' list",
    );
    let out = env.ok(&[
        "evidence",
        "correct",
        &id.to_string(),
        "--url",
        "https://example.org/final-list",
        "--why",
        "the first link was a draft",
    ]);
    assert!(out.contains("https://example.org/final-list"), "{out}");
    assert_eq!(
        env.sql_rows("SELECT target, target_id, field, value FROM correction"),
        [format!(
            "\"evidence\"|{id}|\"url\"|\"https://example.org/final-list\""
        )]
    );
    let history = env.ok(&["history", &claim.to_string()]);
    assert!(
        history.contains("https://example.org/final-list"),
        "{history}"
    );
    verifies(&env);
    // A status change is not evidence: refused in one line, nothing written.
    let err = env.fail(
        &[
            "evidence",
            "correct",
            &format!("status:{change}"),
            "--note",
            "x",
            "--why",
            "y",
        ],
        2,
    );
    assert!(err.contains("is not a piece of evidence"), "{err}");
    assert_eq!(env.sql_count("correction"), 1);
}
