//! `demo`: the Atmé raid case built in a fresh ledger, its comparison printed with the
//! two conflicts marked.

use crate::{table_row, TestEnv};

/// Runs the demo into `--db <tmp>/atme.db`; returns the environment, db path and stdout.
fn demo() -> (TestEnv, String, String) {
    let env = TestEnv::empty();
    let path = env.dir().join("atme.db");
    let db = path.to_str().expect("path").to_string();
    let out = env.ok(&["--db", &db, "demo"]);
    (env, db, out)
}

/// A connection-level query against the demo database.
fn rows(db: &str, sql: &str) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).expect("open demo db");
    let mut stmt = conn.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    let n = stmt.column_count();
    stmt.query_map([], |r| {
        let mut cols = Vec::new();
        for i in 0..n {
            let v: rusqlite::types::Value = r.get(i)?;
            cols.push(match v {
                rusqlite::types::Value::Null => "NULL".to_string(),
                rusqlite::types::Value::Integer(i) => i.to_string(),
                rusqlite::types::Value::Text(t) => t,
                other => format!("{other:?}"),
            });
        }
        Ok(cols.join("|"))
    })
    .expect("query")
    .collect::<Result<_, _>>()
    .expect("rows")
}

#[test]
fn demo_prints_the_comparison_with_the_two_conflicts_marked() {
    let (_env, db, out) = demo();
    assert!(out.contains(&db), "names the database: {out}");
    let children = table_row(&out, "killed.children");
    let women = table_row(&out, "killed.women");
    let killed = table_row(&out, "killed");
    let us = table_row(&out, "killed.us_personnel");
    // Columns: metric, Observatory, Civil Defence, Pentagon, spread, conflict, inconsistent.
    assert_eq!(children[1], "4", "{children:?}");
    assert_eq!(children[2], "6", "{children:?}");
    assert_eq!(children[children.len() - 2], "YES", "{children:?}");
    assert_eq!(women[1], "3", "{women:?}");
    assert_eq!(women[2], "4", "{women:?}");
    assert_eq!(women[women.len() - 2], "YES", "{women:?}");
    assert_eq!(killed[1], "13");
    assert_eq!(killed[2], "13");
    assert_eq!(killed[killed.len() - 2], "no", "{killed:?}");
    assert!(us.contains(&"0".to_string()), "{us:?}");
    assert_eq!(us[us.len() - 2], "no", "{us:?}");
    assert_eq!(
        out.matches("YES").count(),
        2,
        "exactly two conflicts marked:\n{out}"
    );
    let header = out
        .lines()
        .find(|l| l.trim_start().starts_with("metric"))
        .expect("header");
    for origin in [
        "Syrian Observatory for Human Rights",
        "Syrian Civil Defence",
        "Pentagon",
    ] {
        assert!(header.contains(origin), "{origin} in {header}");
    }
}

#[test]
fn demo_records_the_atme_case_in_the_file() {
    let (_env, db, _) = demo();
    let claims: i64 = rows(&db, "SELECT count(*) FROM claim")[0]
        .parse()
        .expect("count");
    assert!(claims >= 8, "at least 8 claims, found {claims}");
    let figures = rows(
        &db,
        "SELECT s.name, f.metric, f.qualifier, f.value FROM figure f JOIN source s ON s.id = f.origin_id
         ORDER BY s.name, f.metric",
    );
    for expected in [
        "Syrian Observatory for Human Rights|killed|exact|13",
        "Syrian Observatory for Human Rights|killed.children|exact|4",
        "Syrian Observatory for Human Rights|killed.women|exact|3",
        "Syrian Civil Defence|killed|exact|13",
        "Syrian Civil Defence|killed.children|exact|6",
        "Syrian Civil Defence|killed.women|exact|4",
        "Pentagon|killed.us_personnel|exact|0",
    ] {
        assert!(
            figures.iter().any(|f| f == expected),
            "{expected} in {figures:#?}"
        );
    }
    let names = rows(
        &db,
        "SELECT name FROM source UNION ALL SELECT alias FROM source_alias",
    );
    for name in [
        "Syrian Observatory for Human Rights",
        "Syrian Civil Defence",
        "White Helmets",
        "Pentagon",
        "US Department of Defense",
        "local sources",
        "Reuters",
    ] {
        assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
    }
    assert!(
        names.iter().any(|n| n.to_lowercase().contains("residents")),
        "residents in {names:?}"
    );
    assert_eq!(
        rows(
            &db,
            "SELECT count(*) FROM claim c JOIN source s ON s.id = c.source_id JOIN source v ON v.id = c.via_id
             WHERE s.name = 'local sources' AND v.name = 'Reuters'"
        ),
        vec!["1"],
        "local sources via Reuters"
    );
    assert!(
        !rows(
            &db,
            "SELECT id FROM article WHERE lang = 'nl' AND body IS NOT NULL"
        )
        .is_empty(),
        "a Dutch article with its text"
    );
    assert_eq!(rows(&db, "SELECT slug FROM incident"), vec!["atme-raid"]);
    // Quotes sit at their stored character offsets in the bodies.
    assert_eq!(
        rows(
            &db,
            "SELECT count(*) FROM claim c JOIN article a ON a.id = c.article_id
             WHERE c.quote IS NOT NULL
               AND substr(a.body, c.quote_start + 1, c.quote_end - c.quote_start) IS NOT c.quote"
        ),
        vec!["0"]
    );
}

#[test]
fn demo_claims_are_worked_to_verdicts_with_notes_and_evidence() {
    let (_env, db, _) = demo();
    let verdicts = rows(
        &db,
        "SELECT claim_id, to_status, note FROM status_change
         WHERE to_status IN ('verified', 'false', 'misleading', 'disputed', 'unverifiable')",
    );
    assert!(verdicts.len() >= 2, "{verdicts:?}");
    assert!(
        verdicts
            .iter()
            .all(|v| !v.ends_with("|NULL") && !v.ends_with('|')),
        "every verdict has a note: {verdicts:?}"
    );
    let evidence: i64 = rows(&db, "SELECT count(*) FROM evidence")[0]
        .parse()
        .expect("n");
    assert!(evidence >= 1);
    assert_eq!(
        rows(
            &db,
            "SELECT count(*) FROM claim c WHERE c.status <> 'unverified'
               AND c.status IS NOT (SELECT to_status FROM status_change s WHERE s.claim_id = c.id ORDER BY s.id DESC LIMIT 1)"
        ),
        vec!["0"],
        "each claim's status is its latest history row"
    );
}

#[test]
fn demo_database_works_with_the_other_commands() {
    let (env, db, _) = demo();
    let mut cmd = env.command(&["--db", &db, "compare", "atme-raid", "--format", "json"]);
    cmd.env_remove("CROSSCHECK_DB");
    let out = TestEnv::run_command(cmd, None);
    crate::assert_success(&["compare"], &out);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    let conflicts: Vec<&str> = v["metrics"]
        .as_array()
        .expect("metrics")
        .iter()
        .filter(|m| m["conflict"] == true)
        .filter_map(|m| m["metric"].as_str())
        .collect();
    assert_eq!(conflicts, vec!["killed.children", "killed.women"]);
    let out = env.ok(&["--db", &db, "conflicts"]);
    assert!(
        out.contains("killed.children") && out.contains("killed.women"),
        "{out}"
    );
}

#[test]
fn demo_refuses_an_existing_db_file() {
    let (env, db, _) = demo();
    let before = std::fs::metadata(&db).expect("db").len();
    let line = env.fail(&["--db", &db, "demo"], 2);
    assert!(line.contains("already exists"), "{line}");
    assert_eq!(std::fs::metadata(&db).expect("db").len(), before);
    // Any existing file, even an empty one.
    let other = env.file("empty.db", b"");
    let line = env.fail(&["--db", other.to_str().expect("path"), "demo"], 2);
    assert!(line.contains("empty.db"), "{line}");
    assert_eq!(std::fs::read(&other).expect("read"), b"");
}

#[test]
fn demo_without_db_builds_a_temporary_file_and_prints_its_path() {
    let env = TestEnv::empty();
    let mut cmd = env.command(&["demo"]);
    cmd.env_remove("CROSSCHECK_DB");
    let out = TestEnv::run_command(cmd, None);
    crate::assert_success(&["demo"], &out);
    let first = out.stdout.lines().next().expect("a first line");
    let path = first
        .split_whitespace()
        .find(|w| w.contains("atme.db") || w.ends_with(".db:") || w.ends_with(".db"))
        .unwrap_or_else(|| panic!("a path in {first:?}"))
        .trim_end_matches(':')
        .to_string();
    let path = std::path::PathBuf::from(path);
    assert!(path.is_absolute(), "{}", path.display());
    assert!(path.exists(), "{} exists", path.display());
    assert!(
        path.starts_with(env.dir()),
        "made under TMPDIR ({}): {}",
        env.dir().display(),
        path.display()
    );
    assert!(!env.db.exists(), "CROSSCHECK_DB's file is not used");
    assert!(
        !env.dir().join("crosscheck.db").exists(),
        "./crosscheck.db is not used"
    );
    let n: i64 = rows(path.to_str().expect("path"), "SELECT count(*) FROM claim")[0]
        .parse()
        .expect("n");
    assert!(n >= 8);
    assert_eq!(out.stdout.matches("YES").count(), 2, "{}", out.stdout);
}
