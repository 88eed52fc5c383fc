//! Names that look the same are one source or none: another Unicode form finds the known
//! source; a look-alike (another script's letter, an invisible character) is refused,
//! with the difference named, even with --new-source.

use crate::{claim_with, seeded};

const NFD_ATME: &str = "residents of Atme\u{301}";

#[test]
fn a_name_in_another_unicode_form_is_the_known_source() {
    let env = seeded();
    env.ok(&[
        "source",
        "add",
        "residents of Atm\u{e9}",
        "--kind",
        "witness",
    ]);
    let before = env.sql_one("SELECT count(*) FROM source");
    // Typed with a combining accent (as macOS and some web pages give it): found, not
    // refused with "did you mean" and not recorded twice.
    let id = claim_with(&env, NFD_ATME, &["killed=13"], &[]);
    let source = env.json(&["claim", "show", &id.to_string()]);
    assert_eq!(source["source"], "residents of Atm\u{e9}", "{source}");
    assert_eq!(env.sql_one("SELECT count(*) FROM source"), before);
    let shown = env.json(&["source", "show", NFD_ATME]);
    assert_eq!(shown["name"], "residents of Atm\u{e9}", "{shown}");
    let line = env.fail(&["source", "add", NFD_ATME], 2);
    assert!(line.contains("another Unicode form"), "{line}");
}

#[test]
fn a_look_alike_is_refused_even_with_new_source() {
    let env = seeded();
    let before = env.snapshot();
    let cyrillic = "P\u{0435}ntagon";
    let line = env.fail(&["source", "add", cyrillic], 2);
    assert!(line.contains("looks the same as 'Pentagon'"), "{line}");
    assert!(line.contains("U+0435"), "{line}");
    let line = env.fail(
        &[
            "claim",
            "add",
            "--article",
            "atme-nl",
            "--source",
            cyrillic,
            "--text",
            "x",
            "--new-source",
        ],
        2,
    );
    assert!(line.contains("looks the same as 'Pentagon'"), "{line}");
    let line = env.fail(&["source", "alias", "SOHR", "S\u{041E}HR"], 2);
    assert!(line.contains("looks the same as 'SOHR'"), "{line}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn invisible_characters_in_a_new_name_are_refused() {
    let env = seeded();
    let before = env.snapshot();
    for name in [
        "Reu\u{200B}ters",
        "\u{061C}Reuters",
        "Reuters\u{FEFF}",
        "AFP\u{202E}",
    ] {
        let line = env.fail(&["source", "add", name], 2);
        assert!(line.contains("invisible character U+"), "{name:?}: {line}");
        assert!(!line.contains('\u{202E}'), "shown escaped: {line:?}");
    }
    assert_eq!(env.snapshot(), before);
}
