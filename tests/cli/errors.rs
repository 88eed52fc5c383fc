//! Bad input to every command: exit 2, one line on stderr naming the input, nothing
//! written. Environment failures (a missing file, a newer schema): exit 1. No panics.

use crate::{claim, claim_with, seeded, TestEnv};

/// A ledger with a claim (1, SOHR, in progress) and a verdict (2, verified).
fn ledger() -> TestEnv {
    let env = seeded();
    claim(&env, "SOHR", &["killed=13", "killed.children=4"]);
    claim_with(&env, "White Helmets", &["killed=13"], &["--via", "Reuters"]);
    env.ok(&["status", "1", "in_progress"]);
    env.ok(&["status", "2", "verified", "--note", "ok"]);
    env
}

/// (arguments, a piece of the message that names the bad input)
const USER_MISTAKES: &[(&[&str], &str)] = &[
    // article
    (&["article", "add", "--title", "  "], "title"),
    (
        &["article", "add", "--title", "X", "--lang", "not a lang"],
        "'not a lang'",
    ),
    (&["article", "add", "--title", "X", "--lang", "e"], "'e'"),
    (
        &[
            "article",
            "add",
            "--title",
            "X",
            "--published",
            "03-02-2022",
        ],
        "'03-02-2022'",
    ),
    (
        &[
            "article",
            "add",
            "--title",
            "X",
            "--published",
            "2022-02-30",
        ],
        "'2022-02-30'",
    ),
    (
        &[
            "article",
            "add",
            "--title",
            "X",
            "--url",
            "example.org/atme",
        ],
        "'example.org/atme'",
    ),
    (
        &["article", "add", "--title", "X", "--slug", "Bad Slug"],
        "'Bad Slug'",
    ),
    (
        &["article", "add", "--title", "X", "--slug", "2022"],
        "'2022'",
    ),
    (
        &["article", "add", "--title", "X", "--slug", "atme-nl"],
        "'atme-nl'",
    ),
    (&["article", "show", "no-such-article"], "'no-such-article'"),
    (&["article", "show", "99"], "'99'"),
    // source
    (&["source", "add", " "], "name"),
    (&["source", "add", "sohr"], "'sohr'"),
    (&["source", "add", "New One", "--kind", "robot"], "'robot'"),
    (&["source", "add", "New One", "--grade", "G"], "'G'"),
    (
        &["source", "add", "New One", "--alias", "White Helmets"],
        "'White Helmets'",
    ),
    (&["source", "show", "Pentagn"], "'Pentagn'"),
    (&["source", "show", "77"], "'77'"),
    (
        &["source", "edit", "Nobody Known", "--grade", "A"],
        "'Nobody Known'",
    ),
    (&["source", "edit", "SOHR", "--grade", "Z"], "'Z'"),
    (&["source", "edit", "SOHR", "--kind", "robot"], "'robot'"),
    (
        &["source", "alias", "Nobody Known", "Other"],
        "'Nobody Known'",
    ),
    (&["source", "alias", "SOHR", "pentagon"], "'pentagon'"),
    (&["source", "alias", "SOHR", "  "], "alias"),
    (
        &["source", "merge", "Nobody Known", "SOHR"],
        "'Nobody Known'",
    ),
    (
        &["source", "merge", "SOHR", "Nobody Known"],
        "'Nobody Known'",
    ),
    (
        &[
            "source",
            "merge",
            "SOHR",
            "syrian observatory for human rights",
        ],
        "same source",
    ),
    // incident
    (
        &["incident", "add", "Bad Slug", "--title", "X"],
        "'Bad Slug'",
    ),
    (
        &["incident", "add", "atme-raid", "--title", "X"],
        "'atme-raid'",
    ),
    (&["incident", "add", "new-one", "--title", " "], "title"),
    (
        &[
            "incident",
            "add",
            "new-one",
            "--title",
            "X",
            "--date",
            "yesterday",
        ],
        "'yesterday'",
    ),
    (
        &["incident", "show", "no-such-incident"],
        "'no-such-incident'",
    ),
    // claim
    (
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
        "'nope'",
    ),
    (
        &[
            "claim",
            "add",
            "--article",
            "atme-nl",
            "--source",
            "SOHR",
            "--text",
            " ",
        ],
        "--text",
    ),
    (
        &[
            "claim",
            "add",
            "--article",
            "atme-nl",
            "--source",
            " ",
            "--text",
            "x",
        ],
        "source",
    ),
    (
        &[
            "claim",
            "add",
            "--article",
            "atme-nl",
            "--source",
            "SOHR",
            "--text",
            "x",
            "--incident",
            "nope",
        ],
        "'nope'",
    ),
    (
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
            "killed<13",
        ],
        "'killed<13'",
    ),
    (
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
            "killed=1",
            "--figure",
            "killed=2",
        ],
        "killed",
    ),
    (
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
            "not in the text",
        ],
        "not in the text",
    ),
    (
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
            " ",
        ],
        "--quote",
    ),
    (
        &[
            "claim",
            "add",
            "--article",
            "atme-nl",
            "--source",
            "SOHR",
            "--text",
            "x",
            "--as-of",
            "tomorrow",
        ],
        "'tomorrow'",
    ),
    (
        &[
            "claim",
            "add",
            "--article",
            "atme-nl",
            "--source",
            "SOHR",
            "--text",
            "x",
            "--via",
            "sohr",
        ],
        "--via",
    ),
    (
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
        "'Syrian Observatory'",
    ),
    (&["claim", "list", "--status", "done"], "'done'"),
    (&["claim", "list", "--incident", "nope"], "'nope'"),
    (
        &["claim", "list", "--source", "Nobody Known"],
        "'Nobody Known'",
    ),
    (&["claim", "list", "--article", "nope"], "'nope'"),
    (&["claim", "show", "abc"], "'abc'"),
    (&["claim", "show", "99"], "99"),
    // status, evidence, history
    (&["status", "99", "in_progress"], "99"),
    (&["status", "abc", "in_progress"], "'abc'"),
    (&["status", "1", "done"], "'done'"),
    (&["status", "1", "verified"], "--note"),
    (&["status", "1", "in_progress"], "already in_progress"),
    (&["status", "1", "unverified", "--note", "x"], "unverified"),
    (&["status", "2", "false", "--note", "x"], "reopen"),
    (&["status", "2", "in_progress"], "--note"),
    (
        &[
            "status",
            "1",
            "verified",
            "--note",
            "x",
            "--evidence",
            "not a url",
        ],
        "'not a url'",
    ),
    (
        &[
            "evidence",
            "add",
            "99",
            "--url",
            "https://example.org",
            "--supports",
        ],
        "99",
    ),
    (
        &["evidence", "add", "1", "--url", "nope", "--supports"],
        "'nope'",
    ),
    (
        &[
            "evidence",
            "add",
            "1",
            "--url",
            "https://example.org/a b",
            "--supports",
        ],
        "'https://example.org/a b'",
    ),
    (&["history", "99"], "99"),
    (&["history", "x1"], "'x1'"),
    // compare, conflicts
    (&["compare", "no-such-incident"], "'no-such-incident'"),
    (&["compare", "atme-raid", "--tolerance", "abc"], "'abc'"),
    (&["compare", "atme-raid", "--tolerance", "101"], "'101'"),
    (&["compare", "atme-raid", "--tolerance", "1.234"], "'1.234'"),
    (&["compare", "atme-raid", "--metric", "Killed"], "'Killed'"),
    (
        &["compare", "atme-raid", "--metric", "injured"],
        "'injured'",
    ),
    (&["conflicts", "--tolerance", "ten"], "'ten'"),
    // backup never overwrites
    (&["backup", "atme.txt"], "atme.txt"),
];

#[test]
fn every_command_refuses_bad_input_with_exit_2_one_line_and_nothing_written() {
    let env = ledger();
    let before = env.snapshot();
    for (args, names) in USER_MISTAKES {
        let line = env.fail(args, 2);
        assert!(
            line.contains(names),
            "{args:?}: the message should name {names:?}: {line}"
        );
        assert_eq!(env.snapshot(), before, "{args:?} wrote to the database");
    }
}

#[test]
fn demo_refuses_an_existing_database_file() {
    let env = ledger();
    let before = env.snapshot();
    let db = env.db.to_str().expect("path").to_string();
    let line = env.fail(&["--db", &db, "demo"], 2);
    assert!(
        line.contains(&db) && line.contains("already exists"),
        "{line}"
    );
    assert_eq!(env.snapshot(), before);
}

#[test]
fn usage_errors_exit_2_and_name_the_missing_or_unknown_argument() {
    let env = ledger();
    let before = env.snapshot();
    for (args, names) in [
        (&["article", "add"][..], "--title"),
        (
            &["claim", "add", "--article", "atme-nl", "--text", "x"],
            "--source",
        ),
        (&["incident", "add", "x-y"], "--title"),
        (&["source", "edit", "SOHR"], "--kind"),
        (
            &["evidence", "add", "1", "--url", "https://example.org"],
            "--supports",
        ),
        (&["claim", "list", "--colour", "red"], "--colour"),
        (&["status", "1"], "STATUS"),
        (&["frobnicate"], "frobnicate"),
    ] {
        let out = env.run(args);
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
        assert!(
            out.stderr.contains(names),
            "{args:?} names {names}: {}",
            out.stderr
        );
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    }
    assert_eq!(env.snapshot(), before);
}

#[test]
fn usage_errors_are_one_line() {
    let env = ledger();
    env.fail(&["article", "add"], 2);
    env.fail(&["claim", "list", "--colour", "red"], 2);
}

/// Every command that opens the ledger, with valid arguments.
const OPENING: &[&[&str]] = &[
    &["article", "add", "--title", "X"],
    &["article", "list"],
    &["article", "show", "1"],
    &["source", "add", "X"],
    &["source", "list"],
    &["source", "show", "1"],
    &["source", "edit", "1", "--grade", "A"],
    &["source", "alias", "1", "Y"],
    &["source", "merge", "1", "2"],
    &["incident", "add", "x-y", "--title", "X"],
    &["incident", "list"],
    &["incident", "show", "1"],
    &[
        "claim",
        "add",
        "--article",
        "1",
        "--source",
        "X",
        "--text",
        "x",
    ],
    &["claim", "list"],
    &["claim", "show", "1"],
    &["status", "1", "in_progress"],
    &[
        "evidence",
        "add",
        "1",
        "--url",
        "https://example.org",
        "--supports",
    ],
    &["history", "1"],
    &["compare", "1"],
    &["conflicts"],
    &["verify"],
    &["backup", "copy.db"],
];

#[test]
fn missing_database_names_crosscheck_init_and_creates_no_file() {
    let env = TestEnv::empty();
    for args in OPENING {
        let out = env.run(args);
        assert_ne!(out.code, 0, "{args:?}");
        assert!(
            out.stderr.contains("crosscheck init"),
            "{args:?}: {}",
            out.stderr
        );
        assert!(
            out.stderr.contains(&env.ledger_name()),
            "names the ledger: {}",
            out.stderr
        );
        assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
        assert!(!env.db.exists(), "{args:?} created {}", env.db.display());
    }
}

#[test]
fn missing_database_is_refused_with_exit_2() {
    let env = TestEnv::empty();
    for args in OPENING {
        let line = env.fail(args, 2);
        assert!(line.contains("crosscheck init"), "{line}");
    }
}

#[test]
fn newer_schema_version_is_refused_with_exit_1_and_left_alone() {
    let env = ledger();
    env.sql_exec(if env.pg().is_some() {
        "UPDATE crosscheck_schema SET version = 99"
    } else {
        "PRAGMA user_version = 99"
    })
    .expect("set the schema version");
    let before = env.snapshot();
    let mut all: Vec<&[&str]> = OPENING.to_vec();
    all.push(&["init"]);
    for args in all {
        let line = env.fail(args, 1);
        assert!(
            line.contains("99") && line.contains("newer"),
            "{args:?}: {line}"
        );
        assert!(line.contains("upgrade crosscheck"), "{line}");
        assert_eq!(env.snapshot(), before, "{args:?}");
    }
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_not_overwritten() {
    let env = TestEnv::empty_sqlite();
    std::fs::write(&env.db, b"this is not a database\n").expect("write");
    for args in [
        &["init"][..],
        &["claim", "list"],
        &["article", "add", "--title", "X"],
    ] {
        let line = env.fail(args, 1);
        assert!(line.contains("not an SQLite database"), "{args:?}: {line}");
    }
    assert_eq!(
        std::fs::read(&env.db).expect("read"),
        b"this is not a database\n"
    );
}

#[test]
fn an_sqlite_file_of_another_program_is_refused_and_not_touched() {
    let env = TestEnv::empty_sqlite();
    {
        let conn = rusqlite::Connection::open(&env.db).expect("create");
        conn.execute_batch("CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('mine');")
            .expect("other schema");
    }
    let before = env.snapshot();
    for args in [&["init"][..], &["claim", "list"], &["source", "add", "X"]] {
        let line = env.fail(args, 1);
        assert!(
            line.contains("not a crosscheck database"),
            "{args:?}: {line}"
        );
        assert_eq!(env.snapshot(), before);
    }
}

#[test]
fn init_is_idempotent_and_sets_the_schema_version() {
    let env = TestEnv::new();
    assert_eq!(env.sql_one("PRAGMA user_version"), "6");
    if env.pg().is_none() {
        assert_eq!(env.sql_one("PRAGMA journal_mode"), r#""wal""#);
    }
    let before = env.snapshot();
    let out = env.ok(&["init"]);
    assert!(out.contains("already"), "{out}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn a_bad_clock_setting_is_an_environment_failure() {
    let env = ledger();
    let before = env.snapshot();
    let mut cmd = env.command(&["status", "1", "verified", "--note", "x"]);
    cmd.env("CROSSCHECK_NOW", "noon");
    let out = TestEnv::run_command(cmd, None);
    let line = crate::assert_failure(&["status"], &out, 1);
    assert!(line.contains("CROSSCHECK_NOW"), "{line}");
    assert_eq!(env.snapshot(), before);
}
