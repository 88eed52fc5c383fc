//! `article add | list | show`: bodies from a file or standard input, stored exactly,
//! fingerprinted with SHA-256, looked up by id, slug or title.

use sha2::{Digest, Sha256};

use crate::{seeded, TestEnv, BODY};

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn body_from_file_is_stored_exactly_with_the_sha256_of_the_file() {
    let env = TestEnv::new();
    // Arabic, Dutch accents, an emoji and a CRLF line end: all kept byte for byte.
    let text = "قال المرصد إن 13 شخصا قتلوا.\r\nÉén woordvoerder 🙂 zei niets.\n";
    let path = env.file("body.txt", text.as_bytes());
    let v = env.json(&[
        "article",
        "add",
        "--title",
        "Multilingual",
        "--lang",
        "ar",
        "--file",
        path.to_str().expect("path"),
    ]);
    let expected = sha256_hex(&std::fs::read(&path).expect("read fixture"));
    assert_eq!(v["body_sha256"], expected.as_str(), "JSON of article add");
    assert_eq!(
        env.sql_one("SELECT body_sha256 FROM article WHERE slug = 'multilingual'"),
        format!("{expected:?}")
    );
    let stored = env.sql_one("SELECT body FROM article WHERE slug = 'multilingual'");
    assert_eq!(
        stored,
        format!("{text:?}"),
        "the body is stored exactly as given"
    );
    let shown = env.json(&["article", "show", "multilingual"]);
    assert_eq!(shown["body"], text);
    assert_eq!(shown["body_sha256"], expected.as_str());
}

#[test]
fn body_from_stdin_with_dash_is_stored_with_its_sha256() {
    let env = TestEnv::new();
    let text = "Bewoners zeggen dat rond middernacht helikopters landden.\n";
    let out = env.run_stdin(
        &["article", "add", "--title", "Van stdin", "--file", "-"],
        text.as_bytes(),
    );
    crate::assert_success(&["article", "add", "--file", "-"], &out);
    let stored = env.sql_rows("SELECT body, body_sha256 FROM article WHERE slug = 'van-stdin'");
    assert_eq!(
        stored,
        vec![format!("{text:?}|{:?}", sha256_hex(text.as_bytes()))]
    );
}

#[test]
fn non_utf8_file_is_refused_with_exit_2_and_nothing_written() {
    let env = TestEnv::new();
    let path = env.file("latin1.txt", b"Atm\xe9 raid, caf\xe9\n");
    let before = env.snapshot();
    let line = env.fail(
        &[
            "article",
            "add",
            "--title",
            "Latin-1",
            "--file",
            path.to_str().expect("path"),
        ],
        2,
    );
    assert!(line.contains("not UTF-8"), "{line}");
    assert!(line.contains("latin1.txt"), "names the file: {line}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn non_utf8_stdin_is_refused_with_exit_2() {
    let env = TestEnv::new();
    let before = env.snapshot();
    let out = env.run_stdin(
        &["article", "add", "--title", "Bad", "--file", "-"],
        b"\xff\xfe bad",
    );
    let line = crate::assert_failure(&["article", "add", "--file", "-"], &out, 2);
    assert!(line.contains("standard input"), "{line}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn unreadable_file_is_an_environment_failure_exit_1() {
    let env = TestEnv::new();
    let before = env.snapshot();
    let line = env.fail(
        &[
            "article",
            "add",
            "--title",
            "Gone",
            "--file",
            "no-such-file.txt",
        ],
        1,
    );
    assert!(line.contains("no-such-file.txt"), "{line}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn article_without_body_has_no_sha256() {
    let env = TestEnv::new();
    env.ok(&[
        "article",
        "add",
        "--title",
        "Headline only",
        "--lang",
        "en-GB",
    ]);
    assert_eq!(
        env.sql_rows("SELECT slug, lang, body, body_sha256 FROM article"),
        vec![r#""headline-only"|"en-GB"|NULL|NULL"#]
    );
}

#[test]
fn slug_is_made_from_the_title_and_kept_unique() {
    let env = TestEnv::new();
    env.ok(&["article", "add", "--title", "Raid in Atmé!"]);
    env.ok(&["article", "add", "--title", "Raid in Atmé!"]);
    assert_eq!(
        env.sql_rows("SELECT slug FROM article ORDER BY id"),
        vec![r#""raid-in-atme""#, r#""raid-in-atme-2""#]
    );
}

#[test]
fn published_time_with_offset_is_stored_in_utc() {
    let env = TestEnv::new();
    env.ok(&[
        "article",
        "add",
        "--title",
        "Timed",
        "--published",
        "2022-02-03T14:00:00+01:00",
    ]);
    assert_eq!(
        env.sql_one("SELECT published_at FROM article"),
        r#""2022-02-03T13:00:00Z""#
    );
}

#[test]
fn article_is_found_by_id_slug_and_title_case_insensitively() {
    let env = seeded();
    for key in [
        "1",
        "atme-nl",
        "ATME-NL",
        "Amerikaanse raid in Atmé",
        "AMERIKAANSE RAID IN ATMÉ",
        "  amerikaanse   raid in atmé ",
    ] {
        let v = env.json(&["article", "show", key]);
        assert_eq!(v["slug"], "atme-nl", "looked up as {key:?}");
    }
}

#[test]
fn article_show_prints_body_and_fingerprint() {
    let env = seeded();
    let out = env.ok(&["article", "show", "atme-nl"]);
    assert!(out.contains("één woordvoerder"), "{out}");
    assert!(out.contains(&sha256_hex(BODY.as_bytes())), "{out}");
    assert!(out.contains("De Avondkrant"), "{out}");
}

#[test]
fn article_list_counts_claims_and_leaves_bodies_out() {
    let env = seeded();
    env.ok(&[
        "article",
        "add",
        "--title",
        "Second",
        "--published",
        "2022-02-04",
    ]);
    crate::claim(&env, "SOHR", &["killed=13"]);
    let v = env.json(&["article", "list"]);
    let list = v.as_array().expect("array");
    assert_eq!(list.len(), 2);
    // Newest publication first.
    assert_eq!(list[0]["slug"], "second");
    assert_eq!(list[1]["slug"], "atme-nl");
    assert_eq!(list[1]["claims"], 1);
    assert_eq!(list[0]["claims"], 0);
    assert!(list[1].get("body").is_none(), "list leaves bodies out");
    assert_eq!(list[1]["body_sha256"], sha256_hex(BODY.as_bytes()).as_str());
}

#[test]
fn article_edit_changes_the_metadata_by_an_entry_and_the_record_still_verifies() {
    let env = seeded();
    let sha = env.sql_one("SELECT body_sha256 FROM article WHERE slug = 'atme-nl'");
    let v = env.json(&[
        "article",
        "edit",
        "atme-nl",
        "--title",
        "Raid in Atmé: dertien doden",
        "--outlet",
        "De Ochtendkrant",
        "--published-at",
        "2022-02-03T09:30+01:00",
        "--url",
        "",
    ]);
    assert_eq!(v["title"], "Raid in Atmé: dertien doden");
    assert_eq!(
        v["changed"],
        serde_json::json!(["title", "outlet", "url", "published_at"])
    );
    assert_eq!(
        env.sql_rows("SELECT title, outlet, url, lang, published_at, body_sha256 FROM article"),
        [format!(
            "\"Raid in Atmé: dertien doden\"|\"De Ochtendkrant\"|NULL|\"nl\"|\"2022-02-03T08:30:00Z\"|{sha}"
        )]
    );
    // The edit is an entry of the ledger's chain holding the fields it set.
    let data: serde_json::Value = serde_json::from_str(
        env.sql_one("SELECT data FROM record WHERE kind = 'article_edit'")
            .trim_matches('"')
            .replace("\\\"", "\"")
            .as_str(),
    )
    .expect("entry data");
    assert_eq!(data["title"], "Raid in Atmé: dertien doden");
    assert_eq!(data["url"], serde_json::Value::Null);
    assert!(data.get("lang").is_none(), "{data}");
    // Found by its new title; its text and its digest stay.
    let shown = env.json(&["article", "show", "raid in atmé: dertien doden"]);
    assert_eq!(shown["slug"], "atme-nl");
    assert_eq!(shown["body"], BODY);
    env.ok(&["verify"]);
    // A second edit is folded over the first.
    env.ok(&[
        "article", "edit", "atme-nl", "--lang", "nl-NL", "--outlet", "",
    ]);
    env.ok(&["verify"]);
    assert_eq!(
        env.sql_rows("SELECT outlet, lang FROM article"),
        ["NULL|\"nl-NL\""]
    );
    // An export carries the edits: imported elsewhere, the record verifies.
    let export = env.ok(&["export"]);
    let copy = TestEnv::new();
    let file = copy.file("ledger.jsonl", export.as_bytes());
    copy.ok(&["import", file.to_str().expect("UTF-8")]);
    copy.ok(&["verify"]);
    assert_eq!(
        copy.sql_rows("SELECT title, lang FROM article"),
        ["\"Raid in Atmé: dertien doden\"|\"nl-NL\""]
    );
}

#[test]
fn a_raw_change_of_an_article_title_without_an_entry_is_reported_by_verify() {
    let env = seeded();
    env.ok(&["article", "edit", "atme-nl", "--title", "Raid in Atmé"]);
    env.sql_exec("UPDATE article SET title = 'Forged headline' WHERE slug = 'atme-nl'")
        .expect("raw update");
    let out = env.run(&["verify"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(
        out.stderr
            .contains("article 1: its title is \"Forged headline\"")
            && out.stderr.contains("the record says \"Raid in Atmé\""),
        "{}",
        out.stderr
    );
}

#[test]
fn an_article_edit_that_changes_nothing_or_is_malformed_is_refused_and_nothing_is_written() {
    let env = seeded();
    let before = env.snapshot();
    for (args, says) in [
        (vec![], "nothing to change in article atme-nl: give --title"),
        (
            vec!["--title", "Amerikaanse raid in Atmé", "--lang", "nl"],
            "already has the values given",
        ),
        (vec!["--title", "  "], "the article title is empty"),
        (vec!["--lang", "dutch!"], "--lang 'dutch!' is not a BCP-47"),
        (
            vec!["--url", "example org"],
            "--url 'example org' is not a URL",
        ),
        (vec!["--published", "2022-02-30"], "--published"),
        (vec!["--outlet", "a\nb"], "--outlet"),
    ] {
        let mut full = vec!["article", "edit", "atme-nl"];
        full.extend(args.iter().copied());
        let line = env.fail(&full, 2);
        assert!(line.contains(says), "{full:?}: {line}");
        assert_eq!(line.lines().count(), 1, "{full:?}: {line}");
    }
    let line = env.fail(&["article", "edit", "nowhere", "--title", "x"], 2);
    assert!(line.contains("nowhere"), "{line}");
    assert_eq!(env.snapshot(), before);
}
