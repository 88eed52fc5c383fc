//! Who acted is one line of text: a name with a line break or a control character would
//! print a forged second line in `history`, so it is refused wherever it comes from.

use crate::{claim_with, seeded};

#[test]
fn a_by_with_a_line_break_is_refused_and_nothing_written() {
    let env = seeded();
    let id = claim_with(&env, "SOHR", &["killed=13"], &[]).to_string();
    let before = env.snapshot();
    for by in [
        "m.haddad\n2022-01-01 admin",
        "bell\u{7}",
        "esc\u{1b}[2J",
        "tab\there",
    ] {
        let out = env.run(&["--by", by, "status", &id, "in_progress"]);
        assert_eq!(out.code, 2, "{by:?}: {out:?}");
        assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
        assert!(out.stderr.contains("--by"), "{}", out.stderr);
        assert!(out.stderr.contains("control character"), "{}", out.stderr);
        assert!(
            !out.stderr.contains('\u{1b}'),
            "the escape is not echoed raw"
        );
    }
    assert_eq!(env.snapshot(), before);
}

#[test]
fn a_crosscheck_user_with_a_control_character_is_refused() {
    let env = seeded();
    let id = claim_with(&env, "SOHR", &["killed=13"], &[]).to_string();
    let before = env.snapshot();
    let mut cmd = env.command(&["status", &id, "in_progress"]);
    cmd.env("CROSSCHECK_USER", "a\u{7}b");
    let out = crate::TestEnv::run_command(cmd, None);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("CROSSCHECK_USER"), "{}", out.stderr);
    assert_eq!(env.snapshot(), before);
}
