//! Twins already in a ledger (two sources whose names are one name in another Unicode
//! form, or look alike), written behind crosscheck's back since the CLI refuses them: kept,
//! never merged, listed by `source list --twins` with how they differ, and a `lint`
//! finding while an incident's claims credit either.

use crate::{claim_with, col, parse_csv, seeded, TestEnv};

const NFC_ATME: &str = "residents of Atm\u{e9}";
const NFD_ATME: &str = "residents of Atme\u{301}";
const CYRILLIC_PENTAGON: &str = "P\u{0435}ntagon";

/// Writes a source row directly, as a colleague's `sqlite3` or `psql` (or an old
/// crosscheck) could have; returns its id.
fn raw_source(env: &TestEnv, name: &str) -> String {
    let key = name.to_lowercase();
    env.sql_exec(&format!(
        "INSERT INTO source (name, name_key, kind, created_at) VALUES ('{name}', '{key}', 'witness', '2022-02-03T00:00:00Z')"
    ))
    .unwrap_or_else(|e| panic!("insert {name:?}: {e}"));
    env.sql_one(&format!("SELECT id FROM source WHERE name_key = '{key}'"))
}

/// The seeded ledger with two twins written behind crosscheck's back.
fn with_twins() -> (TestEnv, String, String) {
    let env = seeded();
    env.ok(&["source", "add", NFC_ATME, "--kind", "witness"]);
    let nfd = raw_source(&env, NFD_ATME);
    let cyrillic = raw_source(&env, CYRILLIC_PENTAGON);
    (env, nfd, cyrillic)
}

#[test]
fn source_list_twins_names_each_pair_and_how_it_differs() {
    let (env, nfd, cyrillic) = with_twins();
    let sources = env.sql_count("source");
    let v = env.json(&["source", "list", "--twins"]);
    let pairs = v.as_array().unwrap_or_else(|| panic!("an array: {v}"));
    assert_eq!(pairs.len(), 2, "{v}");
    let atme = pairs
        .iter()
        .find(|p| p["twin_id"] == nfd.parse::<i64>().unwrap_or(-1))
        .unwrap_or_else(|| panic!("the NFD twin {nfd}: {v}"));
    assert_eq!(atme["source_name"], NFC_ATME, "{v}");
    assert_eq!(atme["twin_name"], NFD_ATME, "{v}");
    assert_eq!(atme["relation"], "same_name", "{v}");
    assert!(
        atme["difference"]
            .as_str()
            .is_some_and(|d| d.contains("another Unicode form")),
        "{v}"
    );
    let pentagon = pairs
        .iter()
        .find(|p| p["twin_id"] == cyrillic.parse::<i64>().unwrap_or(-1))
        .unwrap_or_else(|| panic!("the Cyrillic twin {cyrillic}: {v}"));
    assert_eq!(pentagon["source_name"], "Pentagon", "{v}");
    assert_eq!(pentagon["relation"], "look_alike", "{v}");
    assert!(
        pentagon["difference"]
            .as_str()
            .is_some_and(|d| d.contains("U+0435")),
        "{v}"
    );

    let table = env.ok(&["source", "list", "--twins"]);
    assert!(
        table.contains("look alike") && table.contains("U+0435"),
        "{table}"
    );
    assert!(table.contains("2 pairs to look at"), "{table}");
    let (header, rows) = parse_csv(&env.ok(&["source", "list", "--twins", "--format", "csv"]));
    assert_eq!(rows.len(), 2);
    assert!(rows
        .iter()
        .any(|r| col(&header, r, "relation") == "look_alike"));
    assert!(rows.iter().any(|r| col(&header, r, "twin_id") == nfd));
    // Kept: nothing merged by listing them.
    assert_eq!(env.sql_count("source"), sources);
}

#[test]
fn a_ledger_without_twins_says_so() {
    let env = seeded();
    let out = env.ok(&["source", "list", "--twins"]);
    assert!(out.contains("No twins"), "{out}");
    assert_eq!(
        env.json(&["source", "list", "--twins"]),
        serde_json::json!([])
    );
}

#[test]
fn lint_blocks_an_incident_whose_claims_credit_a_twin() {
    let (env, nfd, _) = with_twins();
    claim_with(&env, "SOHR", &["killed=13"], &[]);
    // Twins nobody credits stop nothing.
    env.ok(&["lint", "atme-raid"]);
    let claim = claim_with(&env, &nfd, &["killed=13"], &[]);
    let out = env.run(&["lint", "atme-raid", "--format", "json"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("lint JSON");
    let finding = v["findings"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["check"] == "twin_sources"))
        .unwrap_or_else(|| panic!("a twin_sources finding: {v}"));
    let detail = finding["detail"].as_str().unwrap_or_default();
    assert!(
        detail.contains(&format!("claim {claim} credits")),
        "{detail}"
    );
    assert!(detail.contains(&format!("source merge {nfd} ")), "{detail}");
    assert_eq!(v["ready"], false, "{v}");
}
