//! Who acted is one line of text: a name with a line break or a control character would
//! print a forged second line in `history`, so it is refused wherever it comes from.

use crate::{claim_with, seeded, TestEnv};

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

/// Where nothing names who acts (no `--by`, `CROSSCHECK_USER` or `USER`, as in a script
/// run by cron or a scorer), adding an article, an incident or a source still works, as
/// before the record named who acted: its entry says `unknown` (on PostgreSQL, the role).
/// A claim's history still needs a name.
#[test]
fn ledger_rows_added_with_no_name_known_are_recorded_as_by_unknown() {
    let env = TestEnv::new();
    env.ok(&["init"]);
    let nameless = |args: &[&str]| {
        let mut cmd = env.command(args);
        cmd.env_remove("CROSSCHECK_USER").env_remove("USER");
        crate::TestEnv::run_command(cmd, None)
    };
    for args in [
        &["article", "add", "--title", "Raid", "--slug", "raid"][..],
        &["incident", "add", "raid", "--title", "Raid"],
        &["source", "add", "SOHR"],
    ] {
        let out = nameless(args);
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    }
    let expected = if env.pg().is_some() {
        crate::PG_ROLE
    } else {
        "unknown"
    };
    assert_eq!(
        env.sql_rows("SELECT DISTINCT who FROM record WHERE chain = 0"),
        [format!("{expected:?}")]
    );
    env.ok(&["verify"]);
    let refused = nameless(&[
        "claim",
        "add",
        "--article",
        "raid",
        "--source",
        "SOHR",
        "--text",
        "x",
    ]);
    if env.pg().is_none() {
        assert_eq!(refused.code, 2, "{}", refused.stderr);
        assert!(
            refused.stderr.contains("who is acting is unknown"),
            "{}",
            refused.stderr
        );
    }
}
