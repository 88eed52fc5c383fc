//! Snapshot tests: what every command prints, in each format it offers (table, JSON,
//! CSV), pinned on the demo ledger, so that a change to a view shows up as a diff to
//! review rather than slipping through. The snapshots live in `tests/cli/snapshots/`.
//!
//! The same snapshots hold on SQLite and on PostgreSQL: the ledger is the same, the clock
//! and the user are pinned. Only what names the ledger itself (a temporary file or a
//! database made for the test) is replaced, by `[db]`, before comparing; where a backend
//! names its own checks differently, that line is replaced too, saying why below.
//!
//! A mismatch fails the test. To accept a reviewed change, run the tests with
//! `INSTA_UPDATE=always` and read every changed `.snap` file before committing; CI never
//! writes snapshots (`CI=true`, and `.ci/run` sets `INSTA_UPDATE=no`).

use crate::TestEnv;

/// The demo ledger (the Atmé raid: 6 sources, 2 articles, 10 claims), built by
/// `crosscheck demo` into the test's ledger, SQLite file or PostgreSQL database.
fn demo() -> TestEnv {
    let env = TestEnv::empty();
    env.ok(&["demo"]);
    env
}

/// `text` with the ledger's name, as this run prints it, replaced by `[db]`.
fn redact(env: &TestEnv, text: &str) -> String {
    let db = env.db.display().to_string();
    text.replace(&db, "[db]")
}

/// Every SHA-256 in hex as `[hash]`, for the report, which quotes the ledger's head: what
/// the hash chain covers is pinned by the export and verify snapshots, not by every
/// output that quotes where it stands.
fn redact_hashes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if matches!(c, '0'..='9' | 'a'..='f') {
            run.push(c);
            continue;
        }
        if run.len() == 64 {
            out.push_str("[hash]");
        } else {
            out.push_str(&run);
        }
        run.clear();
        out.push(c);
    }
    out.pop();
    out
}

/// Runs `args` in each of `formats` and checks each output against its snapshot,
/// named after the command and the format. `code` is the exit code expected.
fn pin(env: &TestEnv, name: &str, args: &[&str], formats: &[&str], code: i32) {
    for format in formats {
        let mut full: Vec<&str> = args.to_vec();
        full.extend(["--format", format]);
        let out = env.run(&full);
        assert_eq!(out.code, code, "{full:?}: {out:?}");
        let text = redact(env, &out.stdout);
        let text = if name == "report" {
            redact_hashes(&text)
        } else {
            text
        };
        insta::assert_snapshot!(format!("{name}.{format}"), text);
    }
}

const ALL: &[&str] = &["table", "json", "csv"];

#[test]
fn demo_output_is_pinned() {
    let env = TestEnv::empty();
    let out = env.run(&["demo"]);
    assert_eq!(out.code, 0, "{out:?}");
    insta::assert_snapshot!("demo.table", redact(&env, &out.stdout));
    for format in ["json", "csv"] {
        let env = TestEnv::empty();
        let out = env.run(&["demo", "--format", format]);
        assert_eq!(out.code, 0, "{out:?}");
        insta::assert_snapshot!(format!("demo.{format}"), redact(&env, &out.stdout));
    }
}

#[test]
fn article_output_is_pinned() {
    let env = demo();
    pin(&env, "article_list", &["article", "list"], ALL, 0);
    pin(
        &env,
        "article_show",
        &["article", "show", "atme-en"],
        ALL,
        0,
    );
}

#[test]
fn source_output_is_pinned() {
    let env = demo();
    pin(&env, "source_list", &["source", "list"], ALL, 0);
    pin(&env, "source_show", &["source", "show", "SOHR"], ALL, 0);
}

#[test]
fn incident_output_is_pinned() {
    let env = demo();
    pin(&env, "incident_list", &["incident", "list"], ALL, 0);
    pin(
        &env,
        "incident_show",
        &["incident", "show", "atme-raid"],
        ALL,
        0,
    );
}

#[test]
fn claim_output_is_pinned() {
    let env = demo();
    pin(&env, "claim_list", &["claim", "list"], ALL, 0);
    pin(&env, "claim_show", &["claim", "show", "3"], ALL, 0);
}

#[test]
fn history_output_is_pinned() {
    let env = demo();
    pin(&env, "history", &["history", "3"], ALL, 0);
}

#[test]
fn compare_and_conflicts_output_is_pinned() {
    let env = demo();
    pin(&env, "compare", &["compare", "atme-raid"], ALL, 0);
    pin(
        &env,
        "compare_all_versions",
        &["compare", "atme-raid", "--all-versions"],
        &["table"],
        0,
    );
    pin(&env, "conflicts", &["conflicts"], ALL, 0);
    pin(
        &env,
        "compare_transposed",
        &["compare", "atme-raid", "--transpose", "--all-versions"],
        &["table"],
        0,
    );
    // At 60 columns neither way round fits: one table per metric.
    let mut narrow = env.command(&["compare", "atme-raid"]);
    narrow.env("COLUMNS", "60");
    let out = TestEnv::run_command(narrow, None);
    assert_eq!(out.code, 0, "{out:?}");
    insta::assert_snapshot!("compare_at_60.table", redact(&env, &out.stdout));
}

#[test]
fn lint_output_is_pinned() {
    let env = demo();
    // The demo leaves a verdict without evidence: lint lists it and exits 1.
    pin(&env, "lint", &["lint", "atme-raid"], ALL, 1);
}

#[test]
fn verify_output_is_pinned() {
    let env = demo();
    for format in ALL {
        let out = env.run(&["verify", "--format", format]);
        assert_eq!(out.code, 0, "{out:?}");
        // Each backend runs its own checks and names them: SQLite's integrity and
        // foreign-key checks, PostgreSQL's constraints and triggers. Everything else,
        // the chain heads included, is the same on both.
        let text = redact(&env, &out.stdout)
            .replace("SQLite integrity and foreign keys", "[own checks]")
            .replace("PostgreSQL constraints and triggers", "[own checks]");
        // The names differ in length, so the table pads them differently.
        let text: String = text
            .lines()
            .map(|line| match line.strip_prefix("[own checks]") {
                Some(rest) => format!("[own checks]  {}\n", rest.trim_start()),
                None => format!("{line}\n"),
            })
            .collect();
        insta::assert_snapshot!(format!("verify.{format}"), text);
    }
}

#[test]
fn extract_output_is_pinned() {
    let env = demo();
    pin(&env, "extract", &["extract", "atme-en"], ALL, 0);
}

#[test]
fn report_output_is_pinned() {
    let env = demo();
    pin(
        &env,
        "report",
        &["report", "atme-raid"],
        &["markdown", "html", "json"],
        0,
    );
    pin(
        &env,
        "report",
        &[
            "report",
            "atme-raid",
            "--publisher",
            "Example Checks",
            "--report-url",
            "https://checks.example.org/atme-raid",
        ],
        &["claimreview"],
        0,
    );
}

#[test]
fn export_output_is_pinned() {
    let env = demo();
    pin(&env, "export", &["export"], &["jsonl", "csv"], 0);
}

/// Every write confirms in one line, or in JSON or CSV for scripts: each write is run
/// once per format, on its own input, in a fixed order.
#[test]
fn confirmations_are_pinned() {
    let env = demo();
    let confirm = |name: &str, args: &[&str], format: &str| {
        let mut full: Vec<&str> = args.to_vec();
        full.extend(["--format", format]);
        let out = env.run(&full);
        assert_eq!(out.code, 0, "{full:?}: {out:?}");
        insta::assert_snapshot!(format!("{name}.{format}"), redact(&env, &out.stdout));
    };
    for format in ALL {
        let article = format!("note-{format}");
        let source = format!("Desk {format}");
        let incident = format!("follow-up-{format}");
        confirm("init", &["init"], format);
        confirm(
            "article_add",
            &[
                "article",
                "add",
                "--title",
                "A note",
                "--slug",
                &article,
                "--outlet",
                "Example Wire (demo)",
                "--lang",
                "en",
                "--published",
                "2022-02-04",
            ],
            format,
        );
        confirm(
            "source_add",
            &[
                "source", "add", &source, "--kind", "official", "--grade", "B",
            ],
            format,
        );
        confirm(
            "source_edit",
            &["source", "edit", &source, "--notes", "Speaks for the desk."],
            format,
        );
        confirm(
            "source_alias",
            &["source", "alias", &source, &format!("{source} office")],
            format,
        );
        confirm(
            "incident_add",
            &[
                "incident",
                "add",
                &incident,
                "--title",
                "A follow-up",
                "--date",
                "2022-02-06",
            ],
            format,
        );
        confirm(
            "claim_add",
            &[
                "claim",
                "add",
                "--article",
                &article,
                "--incident",
                &incident,
                "--source",
                &source,
                "--text",
                "Two more were injured.",
                "--figure",
                "injured>=2",
            ],
            format,
        );
        // Claim 5 goes unverified → in_progress → verified → in_progress (reopened).
        let (to, note) = match *format {
            "table" => ("in_progress", "Looking at it."),
            "json" => ("verified", "The DoD statement says so."),
            _ => ("in_progress", "Reopened: a new report."),
        };
        confirm("status", &["status", "5", to, "--note", note], format);
        confirm(
            "evidence_add",
            &[
                "evidence",
                "add",
                "4",
                "--url",
                "https://example.org/dod-statement",
                "--context",
                "--note",
                "The statement itself.",
            ],
            format,
        );
    }
    // The first run records the proposals; the others find them all recorded.
    for format in ALL {
        confirm(
            "extract_accept",
            &["extract", "atme-en", "--accept"],
            format,
        );
    }
    // Merges come last: a merge deletes a source, and SQLite gives the highest id again
    // to the next row while PostgreSQL's sequence does not, so a source added after a
    // merge would get a different id on each backend.
    for format in ALL {
        let source = format!("Desk {format}");
        confirm("source_merge", &["source", "merge", &source, "DoD"], format);
    }
}

/// `import` confirms what it wrote, in each format, into a fresh ledger each time.
#[test]
fn import_confirmation_is_pinned() {
    let env = demo();
    let exported = env.ok(&["export"]);
    for format in ALL {
        let target = TestEnv::new();
        let file = target.file("ledger.jsonl", exported.as_bytes());
        let path = file.to_str().expect("UTF-8 path");
        let out = target.run(&["import", path, "--format", format]);
        assert_eq!(out.code, 0, "{out:?}");
        let text = redact(&target, &out.stdout).replace(path, "[file]");
        insta::assert_snapshot!(format!("import.{format}"), text);
    }
}

/// `copy` confirms what it copied and the history's head, in each format, into a new
/// SQLite file each time.
#[test]
fn copy_confirmation_is_pinned() {
    let env = demo();
    for format in ALL {
        let target = env.dir().join(format!("copy-{format}.db"));
        let to = target.to_str().expect("UTF-8 path");
        let db = env.db.display().to_string();
        let out = env.run(&["copy", "--from", &db, "--to", to, "--format", format]);
        assert_eq!(out.code, 0, "{out:?}");
        let text = redact(&env, &out.stdout).replace(to, "[copy]");
        insta::assert_snapshot!(format!("copy.{format}"), text);
    }
}

/// What a new, empty ledger shows: empty lists (`[]` in JSON, a header row in CSV), no
/// conflicts, nothing to stop publication, a comparison with no figures yet.
#[test]
fn empty_ledger_output_is_pinned() {
    let env = TestEnv::new();
    pin(&env, "empty_claim_list", &["claim", "list"], ALL, 0);
    pin(&env, "empty_source_list", &["source", "list"], ALL, 0);
    pin(&env, "empty_article_list", &["article", "list"], ALL, 0);
    pin(&env, "empty_incident_list", &["incident", "list"], ALL, 0);
    pin(&env, "empty_conflicts", &["conflicts"], ALL, 0);
    pin(&env, "empty_lint", &["lint"], ALL, 0);
    env.ok(&[
        "incident",
        "add",
        "quiet",
        "--title",
        "Nothing reported yet",
    ]);
    pin(&env, "empty_compare", &["compare", "quiet"], ALL, 0);
    pin(
        &env,
        "empty_incident_show",
        &["incident", "show", "quiet"],
        ALL,
        0,
    );
}
