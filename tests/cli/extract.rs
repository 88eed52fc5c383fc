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
