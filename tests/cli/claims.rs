//! `claim add | list | show`: attribution, via, quotes checked against the body with
//! character offsets, figures parsed per the grammar, and the list filters.

use crate::{claim, claim_with, seeded, BODY};

fn char_offsets(body: &str, quote: &str) -> (i64, i64) {
    let byte = body.find(quote).expect("quote in body");
    let start = body[..byte].chars().count() as i64;
    (start, start + quote.chars().count() as i64)
}

#[test]
fn quote_offsets_are_stored_in_characters_for_a_multibyte_body() {
    let env = seeded();
    for quote in [
        "één woordvoerder",
        "ministerie 🇺🇸. Onder de doden",
        "“De missie was geslaagd”",
        "vier kinderen en drie vrouwen",
    ] {
        let id = claim_with(&env, "SOHR", &[], &["--quote", quote]);
        let offsets = env.sql_rows(&format!(
            "SELECT quote_start, quote_end FROM claim WHERE id = {id}"
        ));
        let (start, end) = char_offsets(BODY, quote);
        assert_eq!(offsets, vec![format!("{start}|{end}")], "{quote}");
        // substr counts characters (SQLite's and PostgreSQL's): the stored offsets cut
        // the quote out of the body.
        let cut = env.sql_one(&format!(
            "SELECT substr(a.body, CAST(c.quote_start + 1 AS INTEGER),
                           CAST(c.quote_end - c.quote_start AS INTEGER))
             FROM claim c JOIN article a ON a.id = c.article_id WHERE c.id = {id}"
        ));
        assert_eq!(cut, format!("{quote:?}"));
        let shown = env.json(&["claim", "show", &id.to_string()]);
        assert_eq!(shown["quote"], quote);
        assert_eq!(shown["quote_start"], start);
        assert_eq!(shown["quote_end"], end);
    }
    // The check is not vacuous: byte and character offsets differ in this body.
    let q = "ministerie 🇺🇸. Onder de doden";
    assert_ne!(
        BODY.find(q).map(|b| b as i64),
        Some(char_offsets(BODY, q).0)
    );
}

#[test]
fn quote_not_in_the_body_is_refused_with_exit_2_and_nothing_written() {
    let env = seeded();
    let before = env.snapshot();
    // Other words than the body's: refused, with the nearest passage offered.
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
            "--quote",
            "De missie was mislukt",
        ],
        2,
    );
    assert!(line.contains("--quote"), "{line}");
    assert!(line.contains("does not occur"), "{line}");
    assert!(line.contains("atme-nl"), "names the article: {line}");
    assert!(
        line.contains("did you mean \"De missie was geslaagd\"?"),
        "offers the nearest passage: {line}"
    );
    assert_eq!(env.snapshot(), before);
}

#[test]
fn failed_quote_check_does_not_leave_a_newly_created_source_behind() {
    let env = seeded();
    let before = env.snapshot();
    env.fail(
        &[
            "claim",
            "add",
            "--article",
            "atme-nl",
            "--source",
            "Bellingcat",
            "--via",
            "Reuters",
            "--text",
            "x",
            "--quote",
            "nowhere in the text",
        ],
        2,
    );
    assert_eq!(
        env.snapshot(),
        before,
        "the sources made on the way roll back"
    );
}

#[test]
fn quote_is_kept_without_offsets_when_the_article_has_no_body() {
    let env = seeded();
    env.ok(&["article", "add", "--title", "No body", "--slug", "no-body"]);
    env.ok(&[
        "claim",
        "add",
        "--article",
        "no-body",
        "--source",
        "SOHR",
        "--text",
        "x",
        "--quote",
        "anything at all",
    ]);
    assert_eq!(
        env.sql_rows("SELECT quote, quote_start, quote_end FROM claim"),
        vec![r#""anything at all"|NULL|NULL"#]
    );
}

#[test]
fn quote_occurring_twice_records_the_first_with_a_notice() {
    let env = seeded();
    let out = env.run(&[
        "claim",
        "add",
        "--article",
        "atme-nl",
        "--source",
        "SOHR",
        "--text",
        "x",
        "--quote",
        "het",
    ]);
    crate::assert_success(&["claim", "add", "--quote", "het"], &out);
    assert!(out.stderr.contains("occurs"), "{}", out.stderr);
    let (start, _) = char_offsets(BODY, "het");
    assert_eq!(
        env.sql_one("SELECT quote_start FROM claim"),
        start.to_string()
    );
}

#[test]
fn each_figure_form_is_stored_as_its_interval() {
    let env = seeded();
    let id = claim(
        &env,
        "SOHR",
        &[
            "killed=13",
            "killed.children>=4",
            "killed.women>3",
            "killed.men<=6:conceded",
            "injured~20:estimated",
            "missing=10..15:documented",
        ],
    );
    let rows = env.sql_rows(&format!(
        "SELECT metric, qualifier, strict, value, value_high, low, high, kind
         FROM figure WHERE claim_id = {id} ORDER BY metric"
    ));
    assert_eq!(
        rows,
        vec![
            r#""injured"|"approx"|0|20|NULL|18|22|"estimated""#,
            r#""killed"|"exact"|0|13|NULL|13|13|"reported""#,
            r#""killed.children"|"at_least"|0|4|NULL|4|NULL|"reported""#,
            r#""killed.men"|"at_most"|0|6|NULL|0|6|"conceded""#,
            r#""killed.women"|"at_least"|1|3|NULL|4|NULL|"reported""#,
            r#""missing"|"range"|0|10|15|10|15|"documented""#,
        ]
    );
    let v = env.json(&["claim", "show", &id.to_string()]);
    let figures = v["figures"].as_array().expect("figures");
    assert_eq!(figures.len(), 6);
    let women = figures
        .iter()
        .find(|f| f["metric"] == "killed.women")
        .expect("women");
    assert_eq!(women["low"], 4);
    assert!(women["high"].is_null(), "unbounded is null: {women}");
}

#[test]
fn a_value_of_ten_to_the_twelve_is_accepted() {
    let env = seeded();
    let id = claim(
        &env,
        "SOHR",
        &["crowd=1000000000000", "displaced~1000000000000"],
    );
    assert_eq!(
        env.sql_one(&format!(
            "SELECT value FROM figure WHERE claim_id = {id} AND metric = 'crowd'"
        )),
        "1000000000000"
    );
    assert_eq!(
        env.sql_rows(&format!(
            "SELECT low, high FROM figure WHERE claim_id = {id} AND metric = 'displaced'"
        )),
        vec!["900000000000|1100000000000"]
    );
    let out = env.ok(&["compare", "atme-raid"]);
    assert!(out.contains("1,000,000,000,000"), "{out}");
}

#[test]
fn malformed_figure_specs_are_refused_showing_the_grammar() {
    let env = seeded();
    let before = env.snapshot();
    for bad in [
        "killed",
        "killed13",
        "=13",
        "Killed=13",
        "killed=",
        "killed=-1",
        "killed=1.5",
        "killed=1,200",
        "killed=1_200",
        "killed<13",
        "killed==13",
        "killed=+13",
        "killed = 13",
        "killed=15..10",
        "killed>=1..5",
        "killed=1..",
        "killed=..5",
        "killed=13:guessed",
        "killed=13:",
        "killed.=13",
        ".killed=13",
        "killed..children=4",
        "killed=١٣",
        "killed=10000000000000000000",
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
                "--figure",
                bad,
            ],
            2,
        );
        assert!(line.contains(bad.trim()), "names the spec {bad:?}: {line}");
        assert!(
            line.contains("METRIC=N"),
            "shows the grammar for {bad:?}: {line}"
        );
        assert!(line.contains("METRIC=LOW..HIGH"), "{line}");
    }
    assert_eq!(env.snapshot(), before);
}

#[test]
fn the_same_metric_twice_in_one_claim_is_refused() {
    let env = seeded();
    let before = env.snapshot();
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
            "--figure",
            "killed=13",
            "--figure",
            "killed>=14",
        ],
        2,
    );
    assert!(line.contains("killed"), "{line}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn as_of_defaults_to_the_article_publication_and_converts_offsets_to_utc() {
    let env = seeded();
    let a = claim(&env, "SOHR", &["killed=13"]);
    let b = claim_with(
        &env,
        "SOHR",
        &["killed=15"],
        &["--as-of", "2022-02-04T10:00:00+02:00"],
    );
    assert_eq!(
        env.sql_one(&format!("SELECT as_of FROM claim WHERE id = {a}")),
        r#""2022-02-03""#
    );
    assert_eq!(
        env.sql_one(&format!("SELECT as_of FROM claim WHERE id = {b}")),
        r#""2022-02-04T08:00:00Z""#
    );
    // The figures repeat their claim's as_of, source and incident.
    assert_eq!(
        env.sql_one(&format!("SELECT as_of FROM figure WHERE claim_id = {b}")),
        r#""2022-02-04T08:00:00Z""#
    );
}

#[test]
fn claim_records_text_translation_via_who_and_when() {
    let env = seeded();
    let id = claim_with(
        &env,
        "local sources",
        &[],
        &[
            "--via",
            "Reuters",
            "--translation",
            "The target was a senior IS figure",
        ],
    );
    let v = env.json(&["claim", "show", &id.to_string()]);
    assert_eq!(v["source"], "local sources");
    assert_eq!(v["via"], "Reuters");
    assert_eq!(v["translation"], "The target was a senior IS figure");
    assert_eq!(v["article"], "atme-nl");
    assert_eq!(v["incident"], "atme-raid");
    assert_eq!(v["status"], "unverified");
    assert_eq!(v["created_by"], "tester");
    assert_eq!(v["created_at"], crate::NOW);
    let out = env.ok(&["claim", "show", &id.to_string()]);
    assert!(out.contains("Reuters"), "{out}");
}

#[test]
fn via_the_same_source_is_refused() {
    let env = seeded();
    let before = env.snapshot();
    let line = env.fail(
        &[
            "claim",
            "add",
            "--article",
            "atme-nl",
            "--source",
            "Pentagon",
            "--via",
            "ministerie van defensie",
            "--text",
            "x",
        ],
        2,
    );
    assert!(line.contains("--via"), "{line}");
    assert_eq!(env.snapshot(), before);
}

fn ids(v: &serde_json::Value) -> Vec<i64> {
    v.as_array()
        .expect("array")
        .iter()
        .filter_map(|c| c["id"].as_i64())
        .collect()
}

#[test]
fn claim_list_filters_by_incident_status_source_and_article() {
    let env = seeded();
    env.ok(&[
        "incident",
        "add",
        "idlib-strikes",
        "--title",
        "Strikes north of Idlib",
    ]);
    let a = claim(&env, "SOHR", &["killed=13"]);
    let b = claim(&env, "White Helmets", &["killed=13"]);
    let c = claim_with(&env, "Pentagon", &[], &["--incident", "idlib-strikes"]);
    let d = claim_with(&env, "local sources", &[], &["--via", "Reuters"]);
    env.ok(&["status", &b.to_string(), "in_progress"]);

    assert_eq!(ids(&env.json(&["claim", "list"])), vec![a, b, c, d]);
    assert_eq!(
        ids(&env.json(&["claim", "list", "--incident", "ATME-RAID"])),
        vec![a, b, d]
    );
    assert_eq!(
        ids(&env.json(&["claim", "list", "--incident", "Strikes north of Idlib"])),
        vec![c]
    );
    assert_eq!(
        ids(&env.json(&["claim", "list", "--status", "in_progress"])),
        vec![b]
    );
    assert_eq!(
        ids(&env.json(&["claim", "list", "--status", "In-Progress"])),
        vec![b]
    );
    assert_eq!(
        ids(&env.json(&[
            "claim",
            "list",
            "--status",
            "unverified",
            "--incident",
            "atme-raid"
        ])),
        vec![a, d]
    );
    assert_eq!(
        ids(&env.json(&["claim", "list", "--source", "white helmets"])),
        vec![b]
    );
    // A source filter matches the claims it made and those it relayed.
    assert_eq!(
        ids(&env.json(&["claim", "list", "--source", "reuters"])),
        vec![d]
    );
    assert_eq!(
        ids(&env.json(&["claim", "list", "--article", "atme-nl", "--source", "sohr"])),
        vec![a]
    );
    assert_eq!(
        ids(&env.json(&["claim", "list", "--status", "verified"])),
        Vec::<i64>::new()
    );
}

#[test]
fn claim_list_table_shows_figures_and_via() {
    let env = seeded();
    claim(&env, "SOHR", &["killed=13", "killed.children=4"]);
    claim_with(&env, "local sources", &[], &["--via", "Reuters"]);
    let out = env.ok(&["claim", "list"]);
    assert!(out.contains("killed=13"), "{out}");
    assert!(out.contains("killed.children=4"), "{out}");
    assert!(out.contains("local sources (via Reuters)"), "{out}");
}

#[test]
fn claim_needs_a_known_article_and_incident() {
    let env = seeded();
    let before = env.snapshot();
    let line = env.fail(
        &[
            "claim",
            "add",
            "--article",
            "nope",
            "--source",
            "SOHR",
            "--text",
            "x",
        ],
        2,
    );
    assert!(line.contains("'nope'"), "{line}");
    let line = env.fail(
        &[
            "claim",
            "add",
            "--article",
            "atme-nl",
            "--incident",
            "nowhere",
            "--source",
            "SOHR",
            "--text",
            "x",
        ],
        2,
    );
    assert!(line.contains("'nowhere'"), "{line}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn claim_without_incident_is_kept_out_of_comparisons() {
    let env = seeded();
    claim(&env, "SOHR", &["killed=13"]);
    env.ok(&[
        "claim",
        "add",
        "--article",
        "atme-nl",
        "--source",
        "White Helmets",
        "--text",
        "x",
        "--figure",
        "killed=99",
    ]);
    assert_eq!(
        env.sql_one("SELECT count(*) FROM figure WHERE incident_id IS NULL"),
        "1"
    );
    let v = env.json(&["compare", "atme-raid"]);
    assert_eq!(
        v["metrics"][0]["figures"].as_array().map(Vec::len),
        Some(1),
        "{v}"
    );
    assert_eq!(v["metrics"][0]["conflict"], false);
}

/// `claim add` shows the claim from what it wrote, without reading it back: what it
/// prints must be the claim as the ledger holds it, field for field, on both backends.
#[test]
fn claim_add_prints_the_claim_as_claim_show_reads_it() {
    let env = seeded();
    let added = env.json(&[
        "claim",
        "add",
        "--article",
        "atme-nl",
        "--incident",
        "atme-raid",
        "--source",
        "SOHR",
        "--via",
        "White Helmets",
        "--text",
        "Vier kinderen en drie vrouwen onder de doden",
        "--quote",
        "vier kinderen en drie vrouwen",
        "--translation",
        "Four children and three women among the dead",
        "--figure",
        "killed.children=4",
        "--figure",
        "killed>=13",
        "--figure",
        "killed.women~3:estimated",
        "--as-of",
        "2022-02-03T08:00:00Z",
    ]);
    let id = added["id"].as_i64().expect("id");
    let shown = env.json(&["claim", "show", &id.to_string()]);
    for field in [
        "id",
        "key",
        "status",
        "article",
        "incident",
        "source",
        "via",
        "text",
        "quote",
        "quote_start",
        "quote_end",
        "translation",
        "as_of",
        "figures",
        "created_at",
        "created_by",
    ] {
        assert_eq!(added[field], shown[field], "{field}");
    }
    // Not vacuous: the fields carry what was given, the relay and all three figures.
    assert_eq!(added["source"], "Syrian Observatory for Human Rights");
    assert_eq!(added["via"], "Syrian Civil Defence");
    assert_eq!(added["figures"].as_array().map(Vec::len), Some(3));
    assert_eq!(added["status"], "unverified");
}
