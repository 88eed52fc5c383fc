//! Endless or enormous input is refused early with one clear line, rather than read until
//! memory runs out.

use crate::TestEnv;

#[test]
fn an_endless_article_file_is_refused_and_nothing_written() {
    let env = TestEnv::new();
    let before = env.snapshot();
    let line = env.fail(
        &["article", "add", "--title", "Zeros", "--file", "/dev/zero"],
        2,
    );
    assert!(line.contains("/dev/zero"), "{line}");
    assert!(line.contains("longer than 10 MB"), "{line}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn an_article_text_one_byte_over_the_limit_is_refused_from_stdin_too() {
    let env = TestEnv::new();
    let before = env.snapshot();
    let over = vec![b'x'; 10 * 1024 * 1024 + 1];
    let out = env.run_stdin(&["article", "add", "--title", "Big", "--file", "-"], &over);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("standard input is longer than 10 MB"),
        "{}",
        out.stderr
    );
    assert_eq!(env.snapshot(), before);
    // At the limit it is kept.
    let out = env.run_stdin(
        &["article", "add", "--title", "Big", "--file", "-"],
        &over[..10 * 1024 * 1024],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn the_largest_article_exports_and_imports_again() {
    // A text at the limit, all control characters: JSON writes each as six bytes, the
    // longest line an export can hold. Import must take back what export wrote.
    let env = TestEnv::new_on(crate::Backend::sqlite_only(
        "the size of one exported line does not depend on the backend",
    ));
    let body = vec![0x01_u8; 10 * 1024 * 1024];
    let out = env.run_stdin(&["article", "add", "--title", "Big", "--file", "-"], &body);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let export = env.dir().join("all.jsonl");
    env.ok(&["export", "-o", export.to_str().expect("path")]);
    assert!(std::fs::metadata(&export).expect("export").len() > 60 * 1024 * 1024);
    let copy = env.dir().join("copy.db");
    let mut cmd = env.command(&["import", export.to_str().expect("path")]);
    cmd.env("CROSSCHECK_DB", &copy);
    let out = TestEnv::run_command(cmd, None);
    assert_eq!(out.code, 0, "{}", out.stderr);
}
