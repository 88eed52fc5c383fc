//! `source add | list | show | edit | alias | merge`, and naming sources by id, name or
//! alias case-insensitively, with "did you mean" for near misses.

use crate::{claim, claim_with, seeded, TestEnv};

#[test]
fn source_is_found_by_id_name_and_alias_case_insensitively() {
    let env = seeded();
    for key in [
        "3",
        "Pentagon",
        "PENTAGON",
        "pentagon",
        "Ministerie van Defensie",
        "MINISTERIE VAN DEFENSIE",
        "ministerie   van defensie",
    ] {
        let v = env.json(&["source", "show", key]);
        assert_eq!(v["name"], "Pentagon", "looked up as {key:?}");
    }
}

#[test]
fn non_ascii_alias_is_found_with_unicode_case_folding() {
    let env = TestEnv::new();
    env.ok(&[
        "source",
        "add",
        "Ministère des Armées",
        "--alias",
        "État-major",
    ]);
    for key in ["MINISTÈRE DES ARMÉES", "ministère des armées", "ÉTAT-MAJOR"] {
        let v = env.json(&["source", "show", key]);
        assert_eq!(v["name"], "Ministère des Armées", "looked up as {key:?}");
    }
}

#[test]
fn claim_by_alias_is_attributed_to_the_one_source() {
    let env = seeded();
    claim(&env, "MINISTERIE VAN DEFENSIE", &["killed.us_personnel=0"]);
    claim(&env, "pentagon", &[]);
    assert_eq!(env.sql_count("source"), 3, "no source was created");
    assert_eq!(
        env.sql_rows("SELECT DISTINCT s.name FROM claim c JOIN source s ON s.id = c.source_id"),
        vec![r#""Pentagon""#]
    );
}

#[test]
fn near_source_name_is_refused_with_did_you_mean_and_nothing_written() {
    let env = seeded();
    let before = env.snapshot();
    let line = env.fail(
        &[
            "claim",
            "add",
            "--article",
            "atme-nl",
            "--source",
            "Syrian Observatory",
            "--text",
            "x",
        ],
        2,
    );
    assert!(
        line.contains("did you mean 'Syrian Observatory for Human Rights'?"),
        "{line}"
    );
    assert!(
        line.contains("--new-source"),
        "tells how to force it: {line}"
    );
    assert_eq!(env.snapshot(), before);
}

#[test]
fn near_alias_is_refused_with_did_you_mean_the_alias() {
    let env = seeded();
    let before = env.snapshot();
    let line = env.fail(
        &[
            "claim",
            "add",
            "--article",
            "atme-nl",
            "--source",
            "Pentagom",
            "--text",
            "x",
        ],
        2,
    );
    assert!(line.contains("did you mean 'Pentagon'?"), "{line}");
    let line = env.fail(
        &[
            "claim",
            "add",
            "--article",
            "atme-nl",
            "--source",
            "White Helmet",
            "--text",
            "x",
        ],
        2,
    );
    assert!(line.contains("did you mean 'White Helmets'?"), "{line}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn near_name_in_via_is_refused_too() {
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
            "--via",
            "Pentagom",
            "--text",
            "x",
        ],
        2,
    );
    assert!(line.contains("did you mean 'Pentagon'?"), "{line}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn new_source_flag_creates_a_near_name_anyway() {
    let env = seeded();
    let out = env.run(&[
        "claim",
        "add",
        "--article",
        "atme-nl",
        "--source",
        "Syrian Observatory",
        "--new-source",
        "--text",
        "x",
    ]);
    crate::assert_success(&["claim", "add", "--new-source"], &out);
    assert_eq!(env.sql_count("source"), 4);
    assert_eq!(
        env.sql_one("SELECT count(*) FROM source WHERE name = 'Syrian Observatory'"),
        "1"
    );
    assert!(
        out.stderr.contains("created source 'Syrian Observatory'"),
        "{}",
        out.stderr
    );
}

#[test]
fn unknown_dissimilar_source_is_created_with_a_notice_on_stderr() {
    let env = seeded();
    let out = env.run(&[
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
    ]);
    crate::assert_success(&["claim", "add", "--source", "Bellingcat"], &out);
    let notices: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(
        notices.len(),
        2,
        "one notice per created source: {}",
        out.stderr
    );
    assert!(
        notices[0].starts_with("crosscheck: created source 'Bellingcat'"),
        "{}",
        notices[0]
    );
    assert!(notices[1].contains("'Reuters'"), "{}", notices[1]);
    assert_eq!(
        env.sql_rows(
            "SELECT name, kind FROM source WHERE name IN ('Bellingcat', 'Reuters') ORDER BY name"
        ),
        vec![r#""Bellingcat"|"other""#, r#""Reuters"|"other""#]
    );
    assert!(!out.stdout.is_empty(), "the confirmation goes to stdout");
}

#[test]
fn known_source_gives_no_notice() {
    let env = seeded();
    let out = env.run(&[
        "claim",
        "add",
        "--article",
        "atme-nl",
        "--source",
        "sohr",
        "--text",
        "x",
    ]);
    crate::assert_success(&["claim", "add"], &out);
    assert_eq!(out.stderr, "");
}

#[test]
fn source_add_records_kind_grade_notes_and_aliases() {
    let env = TestEnv::new();
    let v = env.json(&[
        "source",
        "add",
        "Syrian Observatory for Human Rights",
        "--alias",
        "SOHR",
        "--alias",
        "Syrisch Observatorium voor de Mensenrechten",
        "--kind",
        "ngo",
        "--grade",
        "c",
        "--notes",
        "UK-based monitor",
    ]);
    assert_eq!(v["kind"], "ngo");
    assert_eq!(v["grade"], "C");
    assert_eq!(v["notes"], "UK-based monitor");
    assert_eq!(v["aliases"].as_array().map(Vec::len), Some(2));
    assert_eq!(env.sql_count("source_alias"), 2);
    assert_eq!(
        env.sql_one("SELECT created_at FROM source"),
        format!("{:?}", crate::NOW)
    );
}

#[test]
fn duplicate_source_name_or_alias_is_refused_and_nothing_written() {
    let env = seeded();
    let before = env.snapshot();
    let line = env.fail(&["source", "add", "PENTAGON"], 2);
    assert!(line.contains("already exists"), "{line}");
    // The new source would be inserted before its alias clashes: all of it rolls back.
    let line = env.fail(
        &["source", "add", "DoD", "--alias", "ministerie van defensie"],
        2,
    );
    assert!(line.contains("ministerie van defensie"), "{line}");
    let line = env.fail(&["source", "alias", "SOHR", "white helmets"], 2);
    assert!(line.contains("another source"), "{line}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn source_alias_adds_a_name_that_then_resolves() {
    let env = seeded();
    env.ok(&["source", "alias", "Pentagon", "US Department of Defense"]);
    let v = env.json(&["source", "show", "us department of defense"]);
    assert_eq!(v["name"], "Pentagon");
    let aliases: Vec<&str> = v["aliases"]
        .as_array()
        .expect("aliases")
        .iter()
        .filter_map(|a| a.as_str())
        .collect();
    assert!(aliases.contains(&"US Department of Defense"), "{aliases:?}");
}

#[test]
fn source_edit_changes_kind_grade_and_notes() {
    let env = seeded();
    env.ok(&[
        "source",
        "edit",
        "sohr",
        "--kind",
        "news-agency",
        "--grade",
        "b",
        "--notes",
        "monitor",
    ]);
    assert_eq!(
        env.sql_rows("SELECT kind, grade, notes FROM source WHERE name LIKE 'Syrian Obs%'"),
        vec![r#""news_agency"|"B"|"monitor""#]
    );
    env.ok(&["source", "edit", "sohr", "--grade", "none"]);
    assert_eq!(
        env.sql_rows("SELECT kind, grade, notes FROM source WHERE name LIKE 'Syrian Obs%'"),
        vec![r#""news_agency"|NULL|"monitor""#],
        "--grade none removes the grade and keeps the rest"
    );
    env.ok(&["source", "edit", "sohr", "--notes", ""]);
    assert_eq!(
        env.sql_one("SELECT notes FROM source WHERE name LIKE 'Syrian Obs%'"),
        "NULL"
    );
}

#[test]
fn source_merge_moves_claims_and_keeps_names_as_aliases() {
    let env = seeded();
    env.ok(&[
        "source",
        "add",
        "Witte Helmen",
        "--alias",
        "Syrische Civiele Verdediging",
    ]);
    let made = claim(&env, "Witte Helmen", &["killed.children=6"]);
    let relayed = claim_with(&env, "Bystanders", &[], &["--via", "Witte Helmen"]);
    env.ok(&["source", "merge", "witte helmen", "Syrian Civil Defence"]);
    assert_eq!(
        env.sql_one("SELECT count(*) FROM source WHERE name = 'Witte Helmen'"),
        "0",
        "the merged source is gone"
    );
    let cd = env.sql_one("SELECT id FROM source WHERE name = 'Syrian Civil Defence'");
    assert_eq!(
        env.sql_one(&format!("SELECT source_id FROM claim WHERE id = {made}")),
        cd
    );
    assert_eq!(
        env.sql_one(&format!("SELECT via_id FROM claim WHERE id = {relayed}")),
        cd
    );
    assert_eq!(
        env.sql_one(&format!(
            "SELECT origin_id FROM figure WHERE claim_id = {made}"
        )),
        cd,
        "figures follow their claim's origin"
    );
    for name in [
        "Witte Helmen",
        "syrische civiele verdediging",
        "White Helmets",
    ] {
        let v = env.json(&["source", "show", name]);
        assert_eq!(v["name"], "Syrian Civil Defence", "{name}");
    }
    let v = env.json(&["source", "show", "Syrian Civil Defence"]);
    assert_eq!(v["claims"], 1);
    assert_eq!(v["relayed"], 1);
}

#[test]
fn source_merge_into_itself_is_refused() {
    let env = seeded();
    let before = env.snapshot();
    let line = env.fail(
        &["source", "merge", "Pentagon", "ministerie van defensie"],
        2,
    );
    assert!(line.contains("already the same source"), "{line}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn source_list_counts_made_and_relayed_claims() {
    let env = seeded();
    claim(&env, "SOHR", &["killed=13"]);
    claim_with(&env, "local sources", &[], &["--via", "Reuters"]);
    let v = env.json(&["source", "list"]);
    let list = v.as_array().expect("array");
    let find = |name: &str| {
        list.iter()
            .find(|s| s["name"] == name)
            .unwrap_or_else(|| panic!("{name} listed: {v}"))
    };
    assert_eq!(find("Syrian Observatory for Human Rights")["claims"], 1);
    assert_eq!(find("Reuters")["claims"], 0);
    assert_eq!(find("Reuters")["relayed"], 1);
    assert_eq!(find("local sources")["claims"], 1);
}

#[test]
fn merge_never_leaves_a_claim_relayed_by_its_own_source() {
    let env = seeded();
    env.ok(&["source", "add", "DoD spokesperson"]);
    claim_with(
        &env,
        "DoD spokesperson",
        &["killed.us_personnel=0"],
        &["--via", "Pentagon"],
    );
    // `claim add` refuses --via equal to --source; a merge must not create that state either
    // (clear the via, or refuse the merge with exit 2).
    let out = env.run(&["source", "merge", "DoD spokesperson", "Pentagon"]);
    assert!(out.code == 0 || out.code == 2, "{out:?}");
    assert_eq!(
        env.sql_one("SELECT count(*) FROM claim WHERE via_id = source_id"),
        "0",
        "claim list shows: {}",
        env.ok(&["claim", "list"])
    );
}

#[test]
fn a_source_name_with_a_newline_gives_a_one_line_notice() {
    let env = seeded();
    let out = env.run(&[
        "claim",
        "add",
        "--article",
        "atme-nl",
        "--source",
        "Evil\nName",
        "--text",
        "x",
    ]);
    if out.code == 0 {
        assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
        assert_eq!(
            env.sql_one("SELECT count(*) FROM source WHERE name LIKE '%' || char(10) || '%'"),
            "0",
            "names are stored on one line"
        );
    } else {
        crate::assert_failure(&["claim", "add"], &out, 2);
    }
}
