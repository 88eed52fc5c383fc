//! `extract`: proposals from an article's text, shown without writing, recorded with
//! `--accept` exactly once.

use crate::TestEnv;

/// Our own Dutch paraphrase of the Atmé report: figures with and without a source, a
/// breakdown in the next sentence, a negation, a year that is not a figure.
const DUTCH: &str = "Bij een Amerikaanse commando-actie in Atmé zijn dertien doden gevallen, \
stelt het Syrisch Observatorium voor de Mensenrechten. Onder de slachtoffers zouden vier \
kinderen en drie vrouwen zijn. Er zijn geen Amerikanen om het leven gekomen, luidde het in \
een mededeling van het Pentagon. De vorige grote raid was in oktober 2019.\n";

fn ledger_with_article(lang: &str, body: &str) -> TestEnv {
    let env = TestEnv::new();
    let path = env.file("body.txt", body.as_bytes());
    env.ok(&[
        "article",
        "add",
        "--title",
        "Raid",
        "--slug",
        "raid",
        "--lang",
        lang,
        "--outlet",
        "De Avondkrant",
        "--file",
        path.to_str().expect("path"),
    ]);
    env.ok(&["incident", "add", "atme-raid", "--title", "Raid in Atmé"]);
    env.ok(&[
        "source",
        "add",
        "Syrian Observatory for Human Rights",
        "--alias",
        "Syrisch Observatorium voor de Mensenrechten",
        "--kind",
        "ngo",
    ]);
    env.ok(&["source", "add", "Pentagon", "--kind", "military"]);
    env
}

fn specs(proposals: &serde_json::Value) -> Vec<String> {
    let mut all: Vec<String> = proposals
        .as_array()
        .expect("an array")
        .iter()
        .flat_map(|p| p["figures"].as_array().expect("figures").iter())
        .map(|f| f["spec"].as_str().expect("spec").to_string())
        .collect();
    all.sort();
    all
}

#[test]
fn a_dry_run_proposes_the_figures_and_writes_nothing() {
    let env = ledger_with_article("nl", DUTCH);
    let before = env.snapshot();
    let proposals = env.json(&["extract", "raid"]);
    assert_eq!(
        specs(&proposals),
        [
            "killed.children=4",
            "killed.us_personnel=0",
            "killed.women=3",
            "killed=13"
        ]
    );
    let first = &proposals[0];
    assert_eq!(
        first["source_match"],
        "known: Syrian Observatory for Human Rights"
    );
    // The offsets are characters into the body, as claims store them.
    let (start, end) = (
        first["quote_start"].as_i64().expect("start") as usize,
        first["quote_end"].as_i64().expect("end") as usize,
    );
    let quoted: String = DUTCH.chars().skip(start).take(end - start).collect();
    assert_eq!(quoted, first["quote"].as_str().expect("quote"));
    let table = env.ok(&["extract", "raid"]);
    assert!(table.contains("nothing was written"), "{table}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn accept_records_claims_once() {
    let env = ledger_with_article("nl", DUTCH);
    let out = env.ok(&["extract", "raid", "--incident", "atme-raid", "--accept"]);
    assert!(out.contains("recorded"), "{out}");
    let claims = env.sql_count("claim");
    assert!(claims >= 2, "{out}");
    assert_eq!(
        env.sql_rows("SELECT metric || '=' || value FROM figure ORDER BY metric"),
        [
            "\"killed=13\"",
            "\"killed.children=4\"",
            "\"killed.us_personnel=0\"",
            "\"killed.women=3\""
        ]
    );
    assert_eq!(
        env.sql_one(
            "SELECT s.name FROM figure f JOIN source s ON s.id = f.origin_id WHERE f.metric = 'killed'"
        ),
        "\"Syrian Observatory for Human Rights\""
    );
    assert_eq!(
        env.sql_one("SELECT count(*) FROM claim WHERE status <> 'unverified'"),
        "0"
    );
    // A second accept finds every quote recorded and writes nothing.
    let before = env.snapshot();
    let again = env.ok(&["extract", "raid", "--incident", "atme-raid", "--accept"]);
    assert!(again.contains("recorded 0 claims"), "{again}");
    assert_eq!(env.snapshot(), before);
    let compare = env.ok(&["compare", "atme-raid"]);
    assert!(compare.contains("killed.us_personnel"), "{compare}");
    env.ok(&["verify"]);
}

#[test]
fn an_unsupported_language_is_refused_by_name() {
    let env = ledger_with_article("es", "Trece muertos, según el Observatorio.\n");
    let before = env.snapshot();
    let line = env.fail(&["extract", "raid", "--accept"], 2);
    assert!(
        line.contains("not supported") && line.contains("'es'"),
        "{line}"
    );
    assert_eq!(env.snapshot(), before);
    // Told which language to read it as, it runs.
    env.ok(&["extract", "raid", "--lang", "en"]);
}

#[test]
fn an_article_without_text_is_refused() {
    let env = TestEnv::new();
    env.ok(&[
        "article", "add", "--title", "No text", "--slug", "bare", "--lang", "en",
    ]);
    let line = env.fail(&["extract", "bare"], 2);
    assert!(
        line.contains("no text") && line.contains("--file"),
        "{line}"
    );
}

#[test]
fn a_credit_resembling_a_known_source_is_refused_on_accept() {
    let env = TestEnv::new();
    let path = env.file(
        "body.txt",
        b"At least 12 people were killed, the Syrian Observatory said.\n",
    );
    env.ok(&[
        "article",
        "add",
        "--title",
        "T",
        "--slug",
        "t",
        "--lang",
        "en",
        "--file",
        path.to_str().expect("path"),
    ]);
    env.ok(&["source", "add", "Syrian Observatory for Human Rights"]);
    let before = env.snapshot();
    let line = env.fail(&["extract", "t", "--accept"], 2);
    assert!(
        line.contains("resembles") && line.contains("--new-source"),
        "{line}"
    );
    assert_eq!(env.snapshot(), before);
    env.ok(&["extract", "t", "--accept", "--new-source"]);
    assert_eq!(env.sql_count("claim"), 1);
}

/// Our own German report: police and organisers disagree, a vague crowd elsewhere.
const GERMAN: &str = "Laut Polizei kamen am Samstag rund 40.000 Menschen zu der Kundgebung, \
die Veranstalter sprachen von bis zu 70.000 Teilnehmern. In anderen Städten gingen \
Zehntausende auf die Straße.\n";

/// Our own French report, dated by a weekday and a relative day.
const FRENCH: &str = "Selon la préfecture, au moins 12 personnes ont été tuées jeudi. \
Hier, le ministère de la Santé a fait état de 48 blessés, dont 9 enfants.\n";

fn article_in(env: &TestEnv, slug: &str, lang: &str, body: &str, published: &str) {
    let path = env.file(&format!("{slug}.txt"), body.as_bytes());
    env.ok(&[
        "article",
        "add",
        "--title",
        slug,
        "--slug",
        slug,
        "--lang",
        lang,
        "--published",
        published,
        "--file",
        path.to_str().expect("path"),
    ]);
}

#[test]
fn german_and_french_are_read_in_the_articles_language() {
    let env = TestEnv::new();
    article_in(&env, "demo", "de", GERMAN, "2026-01-19");
    article_in(&env, "frappe", "fr-FR", FRENCH, "2026-03-13");
    let de = env.json(&["extract", "demo"]);
    assert_eq!(specs(&de), ["crowd<=70000", "crowd~40000"]);
    let sources: Vec<&str> = de
        .as_array()
        .expect("array")
        .iter()
        .map(|p| p["source"].as_str().unwrap_or("-"))
        .collect();
    assert_eq!(sources, ["Polizei", "Veranstalter"]);
    let fr = env.json(&["extract", "frappe"]);
    assert_eq!(
        specs(&fr),
        ["injured.children=9", "injured=48", "killed>=12"]
    );
    // The same text read as another language finds nothing it can trust.
    let as_en = env.json(&["extract", "frappe", "--lang", "en"]);
    assert!(specs(&as_en).len() < 3, "{as_en}");
}

#[test]
fn vague_magnitudes_only_on_request() {
    let env = TestEnv::new();
    article_in(&env, "demo", "de", GERMAN, "2026-01-19");
    let plain = specs(&env.json(&["extract", "demo"]));
    assert!(!plain.iter().any(|s| s.contains("..")), "{plain:?}");
    let vague = specs(&env.json(&["extract", "demo", "--vague"]));
    assert!(
        vague.contains(&"crowd=20000..99999".to_string()),
        "{vague:?}"
    );
}

#[test]
fn dates_in_the_text_set_as_of_and_accept_records_them() {
    let env = TestEnv::new();
    // 2026-03-13 is a Friday: "jeudi" is the 12th, "hier" too.
    article_in(&env, "frappe", "fr", FRENCH, "2026-03-13");
    let proposals = env.json(&["extract", "frappe"]);
    let as_of: Vec<&str> = proposals
        .as_array()
        .expect("array")
        .iter()
        .map(|p| p["as_of"].as_str().unwrap_or("-"))
        .collect();
    assert_eq!(as_of, ["2026-03-12", "2026-03-12"]);
    let table = env.ok(&["extract", "frappe"]);
    assert!(table.contains("as of 2026-03-12"), "{table}");
    env.ok(&["extract", "frappe", "--accept"]);
    assert_eq!(
        env.sql_rows("SELECT DISTINCT as_of FROM claim"),
        ["\"2026-03-12\""]
    );
}

#[test]
fn json_proposals_say_which_words_gave_each_part() {
    let env = TestEnv::new();
    article_in(&env, "frappe", "fr", FRENCH, "2026-03-13");
    let proposals = env.json(&["extract", "frappe"]);
    let first = &proposals[0];
    let chars: Vec<char> = FRENCH.chars().collect();
    let text_at = |span: &serde_json::Value| -> String {
        let (a, b) = (
            span["start"].as_u64().expect("start") as usize,
            span["end"].as_u64().expect("end") as usize,
        );
        let s: String = chars[a..b].iter().collect();
        assert_eq!(s, span["text"].as_str().expect("text"));
        s
    };
    let fig = &first["figures"][0];
    assert_eq!(text_at(&fig["why"]["number"]), "12");
    assert_eq!(text_at(&fig["why"]["metric"]), "tuées");
    assert_eq!(text_at(&fig["why"]["qualifier"]), "au moins");
    assert!(text_at(&first["why"]["source"]).contains("préfecture"));
    assert_eq!(text_at(&first["why"]["date"]), "jeudi");
}

/// Regression: two proposals read from one sentence (the police's and the organisers'
/// crowd) were recorded as one, the second "already recorded, skipped", because a
/// proposal counted as recorded when its sentence did.
#[test]
fn two_proposals_from_one_sentence_are_both_recorded() {
    let env = TestEnv::new();
    article_in(&env, "demo", "de", GERMAN, "2026-01-19");
    let proposals = env.json(&["extract", "demo"]);
    assert_eq!(proposals[0]["quote"], proposals[1]["quote"], "{proposals}");
    let out = env.ok(&["extract", "demo", "--accept"]);
    assert!(out.contains("recorded 2 claims"), "{out}");
    assert_eq!(
        env.sql_rows(
            "SELECT s.name || ' ' || f.metric || ' ' || f.value FROM figure f \
             JOIN claim c ON c.id = f.claim_id JOIN source s ON s.id = c.source_id ORDER BY f.value"
        ),
        ["\"Polizei crowd 40000\"", "\"Veranstalter crowd 70000\""]
    );
    // Run again, both are found recorded: by their sentence and their figures.
    let before = env.snapshot();
    let again = env.ok(&["extract", "demo", "--accept"]);
    assert!(
        again.contains("recorded 0 claims") && again.contains("2 already recorded"),
        "{again}"
    );
    assert_eq!(env.snapshot(), before);
    let dry = env.json(&["extract", "demo"]);
    assert_eq!(dry[0]["already_recorded"], true, "{dry}");
    assert_eq!(dry[1]["already_recorded"], true, "{dry}");
}

/// The claims recorded, as `source|via|figures` with the figures in the claim's order, by id.
fn recorded_claims(env: &TestEnv) -> Vec<String> {
    let mut claims: Vec<(i64, String)> = env
        .json(&["claim", "list"])
        .as_array()
        .expect("an array")
        .iter()
        .map(|c| {
            let figures: Vec<&str> = c["figures"]
                .as_array()
                .expect("figures")
                .iter()
                .map(|f| f["spec"].as_str().expect("spec"))
                .collect();
            (
                c["id"].as_i64().expect("id"),
                format!(
                    "{}|{}|{}",
                    c["source"].as_str().expect("source"),
                    c["via"].as_str().unwrap_or("-"),
                    figures.join(",")
                ),
            )
        })
        .collect();
    claims.sort();
    claims.into_iter().map(|(_, c)| c).collect()
}

#[test]
fn accept_by_number_records_only_the_proposals_the_dry_run_numbered_so() {
    let env = ledger_with_article("nl", DUTCH);
    let proposals = env.json(&["extract", "raid"]);
    let numbered: Vec<(u64, String)> = proposals
        .as_array()
        .expect("array")
        .iter()
        .map(|p| {
            (
                p["n"].as_u64().expect("n"),
                p["figures"][0]["spec"].as_str().expect("spec").to_string(),
            )
        })
        .collect();
    assert_eq!(
        numbered,
        [
            (1, "killed=13".to_string()),
            (2, "killed.children=4".to_string()),
            (3, "killed.us_personnel=0".to_string())
        ]
    );
    let table = env.ok(&["extract", "raid"]);
    assert!(
        table.lines().any(|l| l.starts_with("3  known: Pentagon")),
        "{table}"
    );
    let out = env.ok(&[
        "extract",
        "raid",
        "--incident",
        "atme-raid",
        "--accept",
        "1,3",
    ]);
    assert!(out.contains("recorded 2 claims"), "{out}");
    assert_eq!(
        recorded_claims(&env),
        [
            "Syrian Observatory for Human Rights|-|killed=13",
            "Pentagon|-|killed.us_personnel=0"
        ]
    );
    // The numbers hold after some are recorded: 2 is still the breakdown.
    let dry = env.json(&["extract", "raid"]);
    assert_eq!(dry[1]["n"], 2);
    assert_eq!(dry[1]["already_recorded"], false, "{dry}");
    assert_eq!(dry[2]["already_recorded"], true, "{dry}");
    let out = env.ok(&["extract", "raid", "--accept", "2,3"]);
    assert!(
        out.contains("recorded 1 claim ") && out.contains("1 already recorded"),
        "{out}"
    );
    assert_eq!(env.sql_count("claim"), 3);
    // Plain --accept still records all, and now finds all recorded.
    let out = env.ok(&["extract", "raid", "--accept"]);
    assert!(out.contains("recorded 0 claims"), "{out}");
    env.ok(&["verify"]);
}

#[test]
fn a_proposal_number_that_does_not_exist_is_refused_and_nothing_is_written() {
    let env = ledger_with_article("nl", DUTCH);
    let before = env.snapshot();
    let line = env.fail(&["extract", "raid", "--accept", "1,7"], 2);
    assert!(
        line.contains("no proposal 7") && line.contains("1 to 3"),
        "{line}"
    );
    assert_eq!(line.lines().count(), 1, "{line}");
    for bad in ["0", "1,x", "", "1,,2"] {
        let line = env.fail(&["extract", "raid", "--accept", bad], 2);
        assert!(line.contains("not a proposal number"), "{bad}: {line}");
    }
    assert_eq!(env.snapshot(), before);
}

#[test]
fn set_overrides_a_proposals_source_and_via_before_it_is_recorded() {
    let env = ledger_with_article("nl", DUTCH);
    env.ok(&["source", "add", "Reuters", "--kind", "news_agency"]);
    let out = env.run(&[
        "extract",
        "raid",
        "--accept",
        "1,2",
        "--set",
        "2:source=Pentagon",
        "--set",
        "2:via=reuters",
        "--set",
        "1:via=Local Radio Atmé",
    ]);
    crate::assert_success(&["extract", "--set"], &out);
    assert_eq!(
        recorded_claims(&env),
        [
            "Syrian Observatory for Human Rights|Local Radio Atmé|killed=13",
            "Pentagon|Reuters|killed.children=4,killed.women=3"
        ]
    );
    // A name the ledger does not know becomes a new source, as the text's credits do,
    // and stderr says so.
    assert!(
        out.stderr.contains("created source 'Local Radio Atmé'"),
        "{}",
        out.stderr
    );
    // The overridden proposal is found recorded by its sentence and figures.
    let again = env.ok(&["extract", "raid", "--accept", "2"]);
    assert!(again.contains("1 already recorded"), "{again}");
    env.ok(&["verify"]);
}

#[test]
fn a_bad_set_is_refused_with_one_line_and_nothing_is_written() {
    let env = ledger_with_article("nl", DUTCH);
    let before = env.snapshot();
    let cases: [(&[&str], &str); 7] = [
        (&["--accept", "--set", "2source=X"], "write N:source=NAME"),
        (&["--accept", "--set", "x:source=X"], "write N:source=NAME"),
        (&["--accept", "--set", "2:quote=X"], "unknown field 'quote'"),
        (&["--accept", "--set", "2:source="], "the name is empty"),
        (&["--accept", "--set", "9:source=Pentagon"], "no proposal 9"),
        (
            &["--accept", "1", "--set", "2:source=Pentagon"],
            "not among those accepted",
        ),
        // A name resembling a known one is a likely typo, as in the text's credits.
        (
            &["--accept", "--set", "3:source=Pentagn"],
            "resembles 'Pentagon'",
        ),
    ];
    for (extra, expected) in cases {
        let mut args = vec!["extract", "raid"];
        args.extend_from_slice(extra);
        let line = env.fail(&args, 2);
        assert!(line.contains(expected), "{args:?}: {line}");
        assert_eq!(line.lines().count(), 1, "{args:?}: {line}");
    }
    let line = env.fail(
        &[
            "extract", "raid", "--accept", "--set", "2:via=A", "--set", "2:via=B",
        ],
        2,
    );
    assert!(line.contains("already set"), "{line}");
    assert_eq!(env.snapshot(), before);
    // --new-source records the look-alike on purpose.
    env.ok(&[
        "extract",
        "raid",
        "--accept",
        "3",
        "--set",
        "3:source=Pentagn",
        "--new-source",
    ]);
    assert_eq!(recorded_claims(&env), ["Pentagn|-|killed.us_personnel=0"]);
}
