//! The README is part of the product: its walkthrough runs as written, and every command
//! the binary has is documented in it.

use std::process::Command;

use crate::TestEnv;

const README: &str = include_str!("../../README.md");

/// The first ```sh block after the heading that starts with `heading`.
fn shell_block(heading: &str) -> String {
    let at = README.find(heading).expect("README has the section");
    let rest = &README[at..];
    let start = rest.find("```sh\n").expect("a sh block") + "```sh\n".len();
    let end = rest[start..].find("```").expect("the block ends");
    rest[start..start + end].to_string()
}

#[test]
fn the_walkthrough_runs_as_written() {
    let env = TestEnv::empty();
    let script = shell_block("## Walkthrough");
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_crosscheck"))
        .parent()
        .expect("binary folder")
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut cmd = Command::new("bash");
    cmd.args(["-euo", "pipefail", "-c", &script])
        .current_dir(env.dir())
        .env("PATH", path)
        .env("CROSSCHECK_NOW", crate::NOW)
        .env("NO_COLOR", "1")
        .env_remove("CROSSCHECK_DB");
    let out = TestEnv::run_command(cmd, None);
    assert_eq!(
        out.code, 0,
        "walkthrough failed:\n{}\n{}",
        out.stdout, out.stderr
    );
    assert!(
        out.stdout
            .contains("2 conflicts: killed.children, killed.women."),
        "{}",
        out.stdout
    );
    assert!(
        out.stderr.contains("created source 'Example Wire'"),
        "{}",
        out.stderr
    );
    assert!(env.dir().join("walkthrough.db").exists());
}

#[test]
fn every_command_is_documented_in_the_readme() {
    let env = TestEnv::empty();
    let help = env.ok(&["--help"]);
    let commands: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(commands.len() >= 10, "{help}");
    for command in commands {
        assert!(
            README.contains(&format!("`{command} ")) || README.contains(&format!("`{command}`")),
            "README does not document `{command}`"
        );
    }
}

#[test]
fn the_metrics_examples_run_as_written() {
    let env = TestEnv::new();
    let script = shell_block("## Metrics");
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_crosscheck"))
        .parent()
        .expect("binary folder")
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut bash = Command::new("bash");
    bash.args(["-euo", "pipefail", "-c", &script])
        .current_dir(env.dir())
        .env("PATH", path)
        .env("CROSSCHECK_DB", &env.db)
        .env("CROSSCHECK_NOW", crate::NOW)
        .env("CROSSCHECK_USER", "tester")
        .env("NO_COLOR", "1");
    let out = TestEnv::run_command(bash, None);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert_eq!(env.sql_count("record WHERE kind = 'metric'"), 5);
}
