//! `-o FILE` of `report` and `export`: never the ledger, never an existing file without
//! `--force`, and never half a file. Regression tests for the data loss where
//! `report atme-raid -o LEDGER` replaced the ledger with Markdown and `export -o LEDGER`
//! truncated it to 0 bytes.

use std::path::Path;

use crate::TestEnv;

/// A demo ledger in an SQLite file (the bytes of the file are what is at stake here),
/// and its path as text.
fn demo_file() -> (TestEnv, String) {
    let env = TestEnv::empty_sqlite();
    let db = env.dir().join("o.db");
    let db = db.to_str().expect("path").to_string();
    env.ok(&["--db", &db, "demo"]);
    (env, db)
}

fn bytes(path: impl AsRef<Path>) -> Vec<u8> {
    std::fs::read(path).expect("read file")
}

#[test]
fn report_onto_the_ledger_is_refused_and_the_ledger_kept() {
    let (env, db) = demo_file();
    let before = bytes(&db);
    for args in [
        vec!["--db", &db, "report", "atme-raid", "-o", &db],
        vec!["--db", &db, "report", "atme-raid", "-o", &db, "--force"],
        vec!["--db", &db, "export", "-o", &db],
        vec!["--db", &db, "export", "-o", &db, "--force"],
        vec![
            "--db", &db, "--format", "csv", "export", "-o", &db, "--force",
        ],
    ] {
        let out = env.run(&args);
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
        assert!(
            out.stderr.contains("would overwrite the ledger"),
            "{args:?}: {}",
            out.stderr
        );
        assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
        assert_eq!(bytes(&db), before, "{args:?} changed the ledger");
    }
    env.ok(&["--db", &db, "verify"]);
}

#[test]
fn the_ledger_under_another_name_is_still_the_ledger() {
    let (env, db) = demo_file();
    let before = bytes(&db);
    // A relative path from the ledger's folder, a symlink and a hard link all name it.
    let link = env.dir().join("link.md");
    std::os::unix::fs::symlink(&db, &link).expect("symlink");
    let hard = env.dir().join("hard.json");
    std::fs::hard_link(&db, &hard).expect("hard link");
    for target in ["./o.db", "link.md", "hard.json", "o.db-wal"] {
        let out = env.run(&["--db", &db, "report", "atme-raid", "-o", target, "--force"]);
        if target == "o.db-wal" && !env.dir().join(target).exists() {
            // No WAL file left after the demo: writing a file of that name is harmless.
            continue;
        }
        assert_eq!(out.code, 2, "{target}: {out:?}");
        assert!(
            out.stderr.contains("would overwrite the ledger"),
            "{target}: {}",
            out.stderr
        );
    }
    assert_eq!(bytes(&db), before);
}

#[test]
fn an_existing_file_is_replaced_only_with_force() {
    let (env, db) = demo_file();
    let notes = env.file("notes.md", b"my notes\n");
    let out = env.run(&["--db", &db, "report", "atme-raid", "-o", "notes.md"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("already exists"), "{}", out.stderr);
    assert!(out.stderr.contains("--force"), "{}", out.stderr);
    assert_eq!(bytes(&notes), b"my notes\n");
    let out = env.run(&["--db", &db, "export", "-o", "notes.md"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(bytes(&notes), b"my notes\n");

    env.ok(&[
        "--db",
        &db,
        "report",
        "atme-raid",
        "-o",
        "notes.md",
        "--force",
    ]);
    let report = String::from_utf8(bytes(&notes)).expect("utf-8");
    assert!(
        report.contains("atme-raid") || report.contains("Atmé"),
        "{report}"
    );
    env.ok(&["--db", &db, "export", "-o", "notes.md", "--force"]);
    let export = String::from_utf8(bytes(&notes)).expect("utf-8");
    assert!(export.lines().count() > 10, "{export}");
    assert!(export.starts_with('{'), "{export}");
}

#[test]
fn force_needs_an_output_file() {
    let (env, db) = demo_file();
    let out = env.run(&["--db", &db, "report", "atme-raid", "--force"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("--output"), "{}", out.stderr);
}

#[test]
fn a_new_output_file_is_written_whole_and_readable_by_others() {
    use std::os::unix::fs::PermissionsExt;
    let (env, db) = demo_file();
    env.ok(&[
        "--db",
        &db,
        "report",
        "atme-raid",
        "--format",
        "html",
        "-o",
        "r.html",
    ]);
    let html = String::from_utf8(bytes(env.dir().join("r.html"))).expect("utf-8");
    assert!(html.trim_end().ends_with("</html>"), "{html}");
    let mode = std::fs::metadata(env.dir().join("r.html"))
        .expect("stat")
        .permissions()
        .mode();
    // The temporary file it was written to was private (0600); the report is not.
    assert_eq!(mode & 0o044, 0o044 & !umask_bits(), "mode {mode:o}");
    // Nothing but the ledger, its journal files and the report is left in the folder.
    let leftovers: Vec<String> = std::fs::read_dir(env.dir())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".crosscheck-output-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn an_output_into_a_missing_folder_fails_cleanly() {
    let (env, db) = demo_file();
    let out = env.run(&["--db", &db, "report", "atme-raid", "-o", "no/such/dir/r.md"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("no folder no/such/dir"),
        "{}",
        out.stderr
    );
    assert!(!env.dir().join("no").exists());
}

/// The umask's group and other read bits, read the way a shell sees them.
fn umask_bits() -> u32 {
    let out = std::process::Command::new("sh")
        .args(["-c", "umask"])
        .output()
        .expect("sh");
    let text = String::from_utf8_lossy(&out.stdout);
    u32::from_str_radix(text.trim(), 8).expect("octal umask")
}
