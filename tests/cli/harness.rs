//! The harness's own guarantees about backends: a test declared SQLite-only gets an
//! SQLite file on either backend, a test that reaches for the SQLite file on a PostgreSQL
//! ledger fails loudly instead of testing nothing, and the server-side test each
//! declaration points to ("see postgres::NAME") exists, so a rename cannot quietly leave
//! a guarantee checked on one backend only.

use std::path::Path;

use crate::{on_postgres, Backend, TestEnv};

#[test]
fn a_sqlite_only_ledger_is_a_file_even_on_postgres() {
    let env = TestEnv::new_on(Backend::sqlite_only(
        "the harness's own check that the declaration gives an SQLite file",
    ));
    assert!(env.pg().is_none());
    assert!(env.db.is_file(), "{} is a file", env.db.display());
    assert_eq!(env.sql_one("PRAGMA user_version"), "6");
    assert_eq!(
        env.conn()
            .query_row("SELECT count(*) FROM claim", [], |r| r.get::<_, i64>(0))
            .expect("count through rusqlite"),
        0
    );
}

#[test]
fn reaching_for_the_sqlite_file_of_a_postgres_ledger_fails_loudly() {
    let env = TestEnv::new();
    let opened = std::panic::catch_unwind(|| env.conn());
    if on_postgres() {
        let err = opened.expect_err("conn() on a PostgreSQL ledger must panic");
        let message = err
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| err.downcast_ref::<&str>().copied())
            .unwrap_or_default();
        assert!(message.contains("Backend::sqlite_only"), "{message}");
    } else {
        assert!(opened.is_ok(), "conn() opens an SQLite ledger");
    }
}

/// The string literal that starts `text` (after blanks), unescaped enough to read.
fn literal(text: &str) -> Option<String> {
    let rest = text.trim_start().strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => out.push(chars.next()?),
            other => out.push(other),
        }
    }
    None
}

#[test]
fn every_sqlite_only_declaration_points_to_a_test_that_exists() {
    // Spelled in two halves so that this file's own code is not taken for a declaration.
    const CALL: &str = concat!("Backend::", "sqlite_only(");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli");
    let mut declarations = 0;
    let mut references = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/cli") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read a test file");
        let file = path.file_name().unwrap_or_default().to_string_lossy();
        for (at, _) in text.match_indices(CALL) {
            let after = &text[at + CALL.len()..];
            // The definition itself takes a parameter, not a literal.
            if after.starts_with("reason") {
                continue;
            }
            let reason = literal(after)
                .unwrap_or_else(|| panic!("{file}: Backend::sqlite_only takes a literal reason"));
            assert!(
                reason.trim().len() >= 10,
                "{file}: say why the test needs SQLite: {reason:?}"
            );
            declarations += 1;
            for (see, _) in reason.match_indices("see ") {
                let named: String = reason[see + 4..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                let Some((module, test)) = named.split_once("::") else {
                    panic!("{file}: 'see {named}' should name a test as module::name");
                };
                let target = dir.join(format!("{module}.rs"));
                let source = std::fs::read_to_string(&target)
                    .unwrap_or_else(|e| panic!("{file}: see {named}: no {module}.rs ({e})"));
                assert!(
                    source.contains(&format!("fn {test}(")),
                    "{file}: the reason points to {named}, which does not exist (renamed?)"
                );
                references += 1;
            }
        }
    }
    assert!(
        declarations >= 10 && references >= 5,
        "the scan found {declarations} declarations and {references} references: is it reading the tests?"
    );
}
