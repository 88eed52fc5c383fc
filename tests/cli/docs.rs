//! `completions` and `man`: the scripts load in a bare shell and complete commands; the
//! pages render with `man`.

use std::process::Command;

use crate::TestEnv;

/// What bash's completion function offers for `words`, the last being completed.
fn bash_completes(script: &str, words: &[&str]) -> Vec<String> {
    let env = TestEnv::empty_sqlite();
    let path = env.file("crosscheck.bash", script.as_bytes());
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let line = words.join(" ");
    let program = format!(
        "source '{}' || exit 3
COMP_WORDS=({})
COMP_CWORD={}
COMP_LINE='{line}'
COMP_POINT=${{#COMP_LINE}}
_crosscheck crosscheck '{}' '{}'
printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        path.display(),
        quoted.join(" "),
        words.len() - 1,
        words[words.len() - 1],
        words[words.len().saturating_sub(2)],
    );
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &program])
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "bash: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(str::to_string)
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn the_bash_script_loads_and_completes_commands_and_subcommands() {
    let env = TestEnv::empty_sqlite();
    let script = env.ok(&["completions", "bash"]);
    assert_eq!(bash_completes(&script, &["crosscheck", "cl"]), ["claim"]);
    assert_eq!(
        bash_completes(&script, &["crosscheck", "claim", "a"]),
        ["add", "assign"]
    );
    let options = bash_completes(&script, &["crosscheck", "compare", "--"]);
    assert!(options.iter().any(|o| o == "--tolerance"), "{options:?}");
}

#[test]
fn every_shell_gets_a_script_naming_the_commands() {
    let env = TestEnv::empty_sqlite();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = env.ok(&["completions", shell]);
        assert!(script.contains("crosscheck"), "{shell}");
        assert!(script.contains("claim"), "{shell}");
        assert!(script.contains("tolerance"), "{shell}");
    }
    let out = env.run(&["completions", "tcsh"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(out.stderr.contains("tcsh"), "{}", out.stderr);
}

#[test]
fn the_main_man_page_renders_with_man() {
    let env = TestEnv::empty_sqlite();
    let page = env.ok(&["man"]);
    let path = env.file("crosscheck.1", page.as_bytes());
    let out = Command::new("man")
        .arg("-l")
        .arg(&path)
        .env("MANWIDTH", "80")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .output()
        .expect("man runs (man-db is on the base image)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("NAME"), "{text}");
    assert!(text.contains("crosscheck - Record the claims"), "{text}");
    assert!(text.contains("--db"), "{text}");
}

#[test]
fn man_dir_writes_one_page_per_command() {
    let env = TestEnv::empty_sqlite();
    let out = env.run(&["man", "--dir", "pages/man1"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stderr.contains("manual pages to pages/man1"),
        "{}",
        out.stderr
    );
    let dir = env.dir().join("pages/man1");
    for page in [
        "crosscheck.1",
        "crosscheck-claim.1",
        "crosscheck-claim-add.1",
        "crosscheck-compare.1",
        "crosscheck-source-merge.1",
    ] {
        assert!(dir.join(page).is_file(), "{page} missing");
    }
    let text = std::fs::read_to_string(dir.join("crosscheck-claim-add.1")).expect("page");
    assert!(text.contains("\\-\\-figure"), "{text}");
    // No ledger was needed, and none was made.
    assert!(!env.dir().join("crosscheck.db").exists());
}
