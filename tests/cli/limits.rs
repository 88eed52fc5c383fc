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
    assert!(line.contains("longer than 16 MB"), "{line}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn an_article_text_one_byte_over_the_limit_is_refused_from_stdin_too() {
    let env = TestEnv::new();
    let before = env.snapshot();
    let over = vec![b'x'; 16 * 1024 * 1024 + 1];
    let out = env.run_stdin(&["article", "add", "--title", "Big", "--file", "-"], &over);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("standard input is longer than 16 MB"),
        "{}",
        out.stderr
    );
    assert_eq!(env.snapshot(), before);
    // At the limit it is kept.
    let out = env.run_stdin(
        &["article", "add", "--title", "Big", "--file", "-"],
        &over[..16 * 1024 * 1024],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
}
