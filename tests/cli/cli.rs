//! The command tree, from `src/cli.rs`: every command's `--help` works and shows an
//! example, and `--version` answers.

use crate::TestEnv;

/// Every leaf command in `src/cli.rs`.
const LEAVES: &[&[&str]] = &[
    &["init"],
    &["article", "add"],
    &["article", "list"],
    &["article", "show"],
    &["source", "add"],
    &["source", "list"],
    &["source", "show"],
    &["source", "edit"],
    &["source", "alias"],
    &["source", "merge"],
    &["incident", "add"],
    &["incident", "list"],
    &["incident", "show"],
    &["claim", "add"],
    &["claim", "list"],
    &["claim", "show"],
    &["status"],
    &["evidence", "add"],
    &["history"],
    &["compare"],
    &["conflicts"],
    &["verify"],
    &["backup"],
    &["demo"],
];

/// The command groups, which only hold subcommands.
const GROUPS: &[&[&str]] = &[
    &["article"],
    &["source"],
    &["incident"],
    &["claim"],
    &["evidence"],
];

fn help(env: &TestEnv, command: &[&str]) -> String {
    let mut args: Vec<&str> = command.to_vec();
    args.push("--help");
    let out = env.run(&args);
    assert_eq!(out.code, 0, "{args:?}: {out:?}");
    assert!(out.stderr.is_empty(), "{args:?}: {}", out.stderr);
    out.stdout
}

#[test]
fn every_command_help_exits_0_and_shows_an_example() {
    let env = TestEnv::empty();
    let top = help(&env, &[]);
    assert!(top.contains("Example"), "{top}");
    for command in LEAVES {
        let text = help(&env, command);
        assert!(
            text.contains("Example"),
            "{command:?} --help has an example:\n{text}"
        );
        assert!(
            text.contains(&format!("crosscheck {}", command[0]))
                || text.contains("crosscheck --db"),
            "{command:?}: the example runs the command:\n{text}"
        );
    }
    assert!(!env.db.exists(), "--help opens no database");
}

#[test]
fn every_command_group_help_exits_0_and_lists_its_subcommands() {
    let env = TestEnv::empty();
    for group in GROUPS {
        let text = help(&env, group);
        for leaf in LEAVES.iter().filter(|l| l.len() == 2 && l[0] == group[0]) {
            assert!(
                text.contains(leaf[1]),
                "{group:?} lists {}:\n{text}",
                leaf[1]
            );
        }
    }
}

#[test]
fn every_command_group_help_shows_an_example() {
    let env = TestEnv::empty();
    for group in GROUPS {
        let text = help(&env, group);
        assert!(
            text.contains("Example"),
            "{group:?} --help has an example:\n{text}"
        );
    }
}

#[test]
fn top_level_help_lists_every_command() {
    let env = TestEnv::empty();
    let top = help(&env, &[]);
    for name in [
        "init",
        "article",
        "source",
        "incident",
        "claim",
        "status",
        "evidence",
        "history",
        "compare",
        "conflicts",
        "verify",
        "backup",
        "demo",
    ] {
        assert!(
            top.lines().any(|l| l.trim_start().starts_with(name)),
            "{name} listed:\n{top}"
        );
    }
}

#[test]
fn version_is_printed() {
    let env = TestEnv::empty();
    let out = env.run(&["--version"]);
    assert_eq!(out.code, 0);
    assert!(out.stdout.starts_with("crosscheck "), "{}", out.stdout);
    // `--version` alone is answered before clap; with another option clap answers it:
    // the same line.
    let clap = env.run(&["--version", "--color", "never"]);
    assert_eq!(clap.code, 0);
    assert_eq!(out.stdout, clap.stdout);
    assert_eq!(env.run(&["-V"]).stdout, clap.stdout);
}

#[test]
fn claim_add_help_shows_the_figure_grammar() {
    let env = TestEnv::empty();
    let text = help(&env, &["claim", "add"]);
    for form in [
        "METRIC=N",
        "METRIC>=N",
        "METRIC>N",
        "METRIC<=N",
        "METRIC~N",
        "METRIC=LOW..HIGH",
    ] {
        assert!(text.contains(form), "{form}:\n{text}");
    }
}
