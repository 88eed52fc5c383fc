//! One escaping rule for every output a person reads: a claim text that would rewrite a
//! terminal (backspaces over a figure, ESC c, ESC ( 0, a right-to-left override) is shown
//! as `\u{…}` escapes in tables, CSV listings, history, the Markdown and HTML reports and
//! JSON, and kept byte for byte by `export` and `import`.

use crate::{seeded, TestEnv};

/// Reads "13 dead" on paper, "40 dead" on a terminal; then a reset, the line-drawing
/// character set and a direction override.
const HOSTILE: &str = "13 dead\x08\x08\x0840 \x1bc \x1b(0 x\u{202e}y";

/// What must never reach a reader raw: controls other than newline and tab, and the
/// direction override used here.
fn raw_hidden(text: &str) -> Option<char> {
    text.chars()
        .find(|&c| (c.is_control() && c != '\n' && c != '\t') || c == '\u{202e}')
}

fn hostile_ledger() -> (TestEnv, String) {
    let env = seeded();
    let v = env.json(&[
        "claim",
        "add",
        "--article",
        "atme-nl",
        "--incident",
        "atme-raid",
        "--source",
        "SOHR",
        "--text",
        HOSTILE,
        "--figure",
        "killed=13",
    ]);
    let id = v["id"].to_string();
    env.ok(&["status", &id, "in_progress", "--note", HOSTILE]);
    (env, id)
}

#[test]
fn hostile_claim_text_reaches_no_output_raw() {
    let (env, id) = hostile_ledger();
    let outputs: Vec<(&str, Vec<&str>)> = vec![
        ("report markdown", vec!["report", "atme-raid"]),
        (
            "report html",
            vec!["report", "atme-raid", "--format", "html"],
        ),
        (
            "report json",
            vec!["report", "atme-raid", "--format", "json"],
        ),
        ("claim list", vec!["claim", "list"]),
        ("claim list csv", vec!["claim", "list", "--format", "csv"]),
        ("claim list json", vec!["claim", "list", "--format", "json"]),
        ("claim show", vec!["claim", "show", &id]),
        ("history", vec!["history", &id]),
        ("history csv", vec!["history", &id, "--format", "csv"]),
        ("history json", vec!["history", &id, "--format", "json"]),
    ];
    for (what, args) in outputs {
        let out = env.ok(&args);
        assert_eq!(raw_hidden(&out), None, "{what} carries it raw:\n{out:?}");
        if !what.ends_with("json") {
            assert!(
                out.contains(r"dead\u{0008}\u{0008}\u{0008}40 \u{001b}c \u{001b}(0 x\u{202e}y"),
                "{what} does not show it escaped:\n{out}"
            );
        }
    }
}

#[test]
fn json_escapes_it_and_reads_back_exactly() {
    let (env, id) = hostile_ledger();
    let out = env.ok(&["claim", "show", &id, "--format", "json"]);
    assert_eq!(raw_hidden(&out), None, "{out:?}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("claim JSON");
    assert_eq!(v["text"], HOSTILE, "{v}");
}

#[test]
fn export_keeps_it_exactly_and_import_brings_it_back() {
    let (env, id) = hostile_ledger();
    for format in ["jsonl", "csv"] {
        let text = env.ok(&["export", "--format", format]);
        assert!(
            text.contains("\x08\x08\x0840") || text.contains(r"\b\b\b40"),
            "{format} export changed the text:\n{text:?}"
        );
        let copy = TestEnv::new();
        let file = copy.file(&format!("ledger.{format}"), text.as_bytes());
        copy.ok(&["import", file.to_str().expect("UTF-8 path")]);
        let v = copy.json(&["claim", "show", &id]);
        assert_eq!(v["text"], HOSTILE, "{format} round trip: {v}");
        assert_eq!(copy.ok(&["export", "--format", format]), text, "{format}");
    }
}
