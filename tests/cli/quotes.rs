//! `--quote` as people paste it: a quote that differs from the article's text only in
//! quotation marks, apostrophes, dashes or whitespace is found and recorded as the
//! article has it; one that is not there names the nearest passage.

use crate::{claim_with, TestEnv};

/// A ledger with one article whose text is typeset: curly quotes and apostrophes, an em
/// dash, a no-break space and a line break.
fn typeset() -> TestEnv {
    let env = TestEnv::new();
    let body = "Libya\u{2019}s eastern city of Derna \u{2014} \u{201C}a disaster beyond\u{A0}words\u{201D}, the\nmayor said.\n";
    let path = env.file("derna.txt", body.as_bytes());
    env.ok(&[
        "article",
        "add",
        "--title",
        "Derna",
        "--slug",
        "derna-en",
        "--lang",
        "en",
        "--file",
        path.to_str().expect("path"),
    ]);
    env.ok(&["source", "add", "Mayor of Derna", "--kind", "official"]);
    env
}

fn add_quote(env: &TestEnv, quote: &str) -> crate::Out {
    env.run(&[
        "claim",
        "add",
        "--article",
        "derna-en",
        "--source",
        "Mayor of Derna",
        "--text",
        "a disaster",
        "--quote",
        quote,
    ])
}

#[test]
fn a_quote_pasted_with_plain_typography_is_found_and_kept_as_the_article_has_it() {
    let env = typeset();
    let out = add_quote(
        &env,
        "Libya's eastern city of Derna - \"a disaster beyond words\", the mayor said",
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stderr
            .contains("only in quotation marks, dashes or spaces"),
        "{}",
        out.stderr
    );
    let expected = "Libya\u{2019}s eastern city of Derna \u{2014} \u{201C}a disaster beyond\u{A0}words\u{201D}, the\nmayor said";
    // The harness shows text cells in Rust's debug form.
    let rows = env.sql_rows("SELECT quote, quote_start, quote_end FROM claim");
    assert_eq!(
        rows,
        vec![format!("{expected:?}|0|{}", expected.chars().count())]
    );
}

#[test]
fn runs_of_whitespace_and_a_trailing_space_are_forgiven() {
    let env = typeset();
    let out = add_quote(&env, "  the   mayor said ");
    assert_eq!(out.code, 0, "{out:?}");
    let rows = env.sql_rows("SELECT quote FROM claim");
    assert_eq!(rows, vec![format!("{:?}", "the\nmayor said")]);
}

#[test]
fn an_exact_quote_is_recorded_without_a_notice() {
    let env = typeset();
    let out = add_quote(&env, "Derna \u{2014} \u{201C}a disaster");
    assert_eq!(out.code, 0, "{out:?}");
    assert!(!out.stderr.contains("quotation marks"), "{}", out.stderr);
}

#[test]
fn other_words_are_refused_with_the_nearest_passage() {
    let env = typeset();
    let before = env.snapshot();
    let out = add_quote(&env, "a catastrophe beyond words");
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("did you mean \"a disaster beyond\u{A0}words\"?"),
        "{}",
        out.stderr
    );
    // Nothing near enough: no suggestion at all, rather than a wild one.
    let out = add_quote(&env, "the harbour reopened on Sunday morning");
    assert_eq!(out.code, 2, "{out:?}");
    assert!(!out.stderr.contains("did you mean"), "{}", out.stderr);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn a_seeded_quote_with_straight_quotes_is_found() {
    // The seeded body has “De missie was geslaagd” in curly quotes.
    let env = crate::seeded();
    let id = claim_with(
        &env,
        "SOHR",
        &[],
        &["--quote", "\"De missie was geslaagd\""],
    );
    let rows = env.sql_rows(&format!("SELECT quote FROM claim WHERE id = {id}"));
    assert_eq!(
        rows,
        vec![format!("{:?}", "\u{201C}De missie was geslaagd\u{201D}")]
    );
}
