//! From the publish gate to the public record of a report: `lint` looks only at claims in
//! play and lets resolved conflicts pass; a finding the desk has weighed is acknowledged
//! by its name until a new figure changes it; `publish` records that a report went out
//! (refused while the gate is shut, unless forced); and the report shows its
//! publications, the acknowledgements and, after a publication, a Corrections section of
//! what changed in what had been published.

use serde_json::Value;

use crate::{assert_success, claim, seeded, Out, TestEnv};

/// Runs `lint ARGS --format json`: its exit code and the parsed document.
fn lint(env: &TestEnv, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["lint"];
    all.extend(args);
    all.extend(["--format", "json"]);
    let out = env.run(&all);
    let v: Value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("lint JSON ({e}): {}\n{}", out.stdout, out.stderr));
    (out.code, v)
}

/// The checks of lint's findings that still block (not acknowledged).
fn blocking(v: &Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["acknowledged"].is_null())
        .map(|f| f["check"].as_str().expect("check").to_string())
        .collect()
}

/// A verdict with its evidence, so that it blocks nothing by itself.
fn judge(env: &TestEnv, claim: i64, status: &str) {
    env.ok(&[
        "status",
        &claim.to_string(),
        status,
        "--note",
        &format!("judged {status}"),
        "--evidence",
        &format!("https://example.org/evidence/{claim}"),
    ]);
}

// Issue 14: `source add W --kind news_agency; claim add … --source W; status 1 retracted;
// lint` reported `no_origin` on the retracted claim for ever.
#[test]
fn no_origin_is_not_reported_on_a_retracted_claim() {
    let env = seeded();
    env.ok(&["source", "add", "W", "--kind", "news_agency"]);
    let relayed = claim(&env, "W", &["killed=10"]);
    env.ok(&["status", &relayed.to_string(), "retracted", "--note", "x"]);
    let kept = claim(&env, "SOHR", &["killed=13"]);
    judge(&env, kept, "verified");
    let (code, v) = lint(&env, &["atme-raid"]);
    assert_eq!((code, blocking(&v)), (0, vec![]), "{v}");
    assert_eq!(v["claims"], 1, "only the claim in play is checked: {v}");
}

// Issue 14: claim A killed=10 verified, claim B killed=500 judged false: lint reported
// `verified_figure_conflicts` for ever.
#[test]
fn a_conflict_whose_other_side_is_judged_false_does_not_block() {
    let env = seeded();
    let a = claim(&env, "SOHR", &["killed=10"]);
    let b = claim(&env, "White Helmets", &["killed=500"]);
    judge(&env, b, "false");
    judge(&env, a, "verified");
    let (code, v) = lint(&env, &["atme-raid"]);
    assert_eq!((code, blocking(&v)), (0, vec![]), "{v}");
    // Misleading resolves it as well; disputed does not.
    let env = seeded();
    let a = claim(&env, "SOHR", &["killed=10"]);
    let b = claim(&env, "White Helmets", &["killed=500"]);
    judge(&env, b, "misleading");
    judge(&env, a, "verified");
    assert_eq!(lint(&env, &["atme-raid"]).0, 0);
    let env = seeded();
    let a = claim(&env, "SOHR", &["killed=10"]);
    let b = claim(&env, "White Helmets", &["killed=500"]);
    judge(&env, b, "disputed");
    judge(&env, a, "verified");
    let (code, v) = lint(&env, &["atme-raid"]);
    assert_eq!(
        (code, blocking(&v)),
        (1, vec!["verified_figure_conflicts".to_string()])
    );
}

// Issue 14: lint on an incident with no claims said "ready to publish: 0 claims", exit 0.
#[test]
fn an_incident_with_no_claims_in_play_is_not_ready() {
    let env = seeded();
    let (code, v) = lint(&env, &["atme-raid"]);
    assert_eq!((code, blocking(&v)), (1, vec!["no_claims".to_string()]));
    assert_eq!(v["ready"], false);
    let out = env.run(&["lint", "atme-raid"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains("no claims in play"),
        "the finding says why: {}",
        out.stdout
    );
    assert!(!out.stdout.contains("ready to publish"), "{}", out.stdout);
    // Nothing to publish is not a finding to weigh.
    let line = env.fail(
        &[
            "lint",
            "atme-raid",
            "--ack",
            "no_claims:atme-raid",
            "--note",
            "x",
        ],
        2,
    );
    assert!(line.contains("cannot be acknowledged"), "{line}");
    // Its only claim retracted by its source: still nothing in play.
    let only = claim(&env, "SOHR", &["killed=13"]);
    env.ok(&["status", &only.to_string(), "retracted", "--note", "x"]);
    assert_eq!(blocking(&lint(&env, &["atme-raid"]).1), vec!["no_claims"]);
}

#[test]
fn conflicts_leave_out_resolved_ones_unless_all() {
    let env = seeded();
    let a = claim(&env, "SOHR", &["killed=10"]);
    let b = claim(&env, "White Helmets", &["killed=500"]);
    // Open: listed everywhere.
    let listed = env.json(&["conflicts"]);
    assert_eq!(listed[0]["metric"], "killed", "{listed}");
    assert_eq!(listed[0]["resolved"], false, "{listed}");
    judge(&env, b, "false");
    judge(&env, a, "verified");
    assert_eq!(env.json(&["conflicts"]), serde_json::json!([]));
    assert!(env.ok(&["conflicts"]).contains("No conflicts"));
    // With --all: there, and marked resolved in every format.
    let all = env.json(&["conflicts", "--all"]);
    assert_eq!(all.as_array().map(Vec::len), Some(1), "{all}");
    assert_eq!(
        (&all[0]["conflict"], &all[0]["resolved"]),
        (&Value::Bool(true), &Value::Bool(true))
    );
    let table = env.ok(&["conflicts", "--all"]);
    let row = crate::table_row(&table, "atme-raid");
    assert_eq!(row[2], "resolved", "{table}");
    assert!(
        table.contains("0 metrics to resolve, 1 resolved."),
        "{table}"
    );
    let (header, rows) = env.csv(&["conflicts", "--all"]);
    assert_eq!(rows.len(), 2);
    for r in &rows {
        assert_eq!(crate::col(&header, r, "resolved"), "true");
    }
    // compare still shows the conflict, and says it is resolved.
    let compared = env.json(&["compare", "atme-raid"]);
    assert_eq!(compared["metrics"][0]["resolved"], true, "{compared}");
    let table = env.ok(&["compare", "atme-raid"]);
    assert!(table.contains("1 conflict: killed (resolved)."), "{table}");
}

/// The names of lint's findings for `incident`, in order.
fn names(env: &TestEnv, incident: &str) -> Vec<String> {
    lint(env, &[incident]).1["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["name"].as_str().expect("name").to_string())
        .collect()
}

/// A verified figure the Civil Defence contradicts: one finding, named
/// `verified_figure_conflicts:atme-raid:killed:1,2`.
fn contested() -> TestEnv {
    let env = seeded();
    let a = claim(&env, "SOHR", &["killed=10"]);
    let _b = claim(&env, "White Helmets", &["killed=500"]);
    judge(&env, a, "verified");
    env
}

const CONTESTED: &str = "verified_figure_conflicts:atme-raid:killed:1,2";

#[test]
fn lint_names_each_finding_in_table_json_and_csv() {
    let env = contested();
    assert_eq!(names(&env, "atme-raid"), vec![CONTESTED]);
    let (code, v) = lint(&env, &["atme-raid"]);
    assert_eq!(code, 1);
    let f = &v["findings"][0];
    assert_eq!(f["check"], "verified_figure_conflicts");
    assert_eq!(f["metric"], "killed");
    assert_eq!(f["claims"], serde_json::json!([1, 2]));
    assert_eq!(f["claim"], 1, "the verified claim: {f}");
    let out = env.run(&["lint", "atme-raid"]);
    assert_eq!(out.code, 1);
    assert_eq!(crate::table_row(&out.stdout, CONTESTED)[1], "blocks");
    let out = env.run(&["lint", "atme-raid", "--format", "csv"]);
    let (header, rows) = crate::parse_csv(&out.stdout);
    assert_eq!(crate::col(&header, &rows[0], "finding"), CONTESTED);
}

#[test]
fn an_acknowledged_finding_passes_until_it_changes() {
    let env = contested();
    let out = env.ok(&[
        "lint",
        "atme-raid",
        "--ack",
        CONTESTED,
        "--note",
        "the Civil Defence's count is provisional",
    ]);
    assert!(out.contains(&format!("acknowledged {CONTESTED}")), "{out}");
    assert!(out.contains("atme-raid is ready to publish"), "{out}");
    // Listed, as acknowledged, and no longer blocking.
    let (code, v) = lint(&env, &["atme-raid"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["ready"], true);
    let ack = &v["findings"][0]["acknowledged"];
    assert_eq!(ack["who"], "tester");
    assert_eq!(ack["note"], "the Civil Defence's count is provisional");
    let table = env.ok(&["lint", "atme-raid"]);
    assert!(table.contains("1 finding acknowledged"), "{table}");
    assert_eq!(crate::table_row(&table, CONTESTED)[1], "acknowledged");
    // An entry in the ledger's chain about the incident, which verify vouches for.
    assert_eq!(
        env.sql_one("SELECT count(*) FROM record WHERE chain = 0 AND kind = 'acknowledgement' AND subject = 1"),
        "1"
    );
    env.ok(&["verify"]);
    // Acknowledging it again is refused: nothing to add.
    let line = env.fail(
        &["lint", "atme-raid", "--ack", CONTESTED, "--note", "again"],
        2,
    );
    assert!(line.contains("already acknowledged by tester"), "{line}");
    // Another origin joins the conflict: a new name, and it blocks again.
    claim(&env, "Pentagon", &["killed=480"]);
    let after = "verified_figure_conflicts:atme-raid:killed:1,2,3";
    assert_eq!(names(&env, "atme-raid"), vec![after]);
    let (code, v) = lint(&env, &["atme-raid"]);
    assert_eq!(
        (code, blocking(&v)),
        (1, vec!["verified_figure_conflicts".to_string()])
    );
}

#[test]
fn acknowledging_an_unknown_finding_lists_the_current_names() {
    let env = contested();
    let before = env.snapshot();
    let line = env.fail(
        &[
            "lint",
            "atme-raid",
            "--ack",
            "verified_figure_conflicts:atme-raid:killed:1",
            "--note",
            "x",
        ],
        2,
    );
    assert!(
        line.contains("no finding 'verified_figure_conflicts:atme-raid:killed:1'"),
        "{line}"
    );
    assert!(line.contains(CONTESTED), "the names to copy: {line}");
    assert_eq!(env.snapshot(), before, "nothing written");
    // --ack needs its incident and its note.
    let line = env.fail(&["lint", "--ack", CONTESTED, "--note", "x"], 2);
    assert!(line.contains("give the incident"), "{line}");
    env.fail(&["lint", "atme-raid", "--ack", CONTESTED], 2);
    let line = env.fail(
        &["lint", "atme-raid", "--ack", CONTESTED, "--note", "  "],
        2,
    );
    assert!(line.contains("--note"), "{line}");
    assert_eq!(env.snapshot(), before, "nothing written");
}

/// An incident ready to publish: one verified claim with its evidence.
fn ready() -> TestEnv {
    let env = seeded();
    let c = claim(&env, "SOHR", &["killed=13"]);
    judge(&env, c, "verified");
    env
}

const URL: &str = "https://checks.example.org/atme-raid";

#[test]
fn publish_records_the_url_the_time_and_the_head() {
    let env = ready();
    env.ok(&["lint", "atme-raid"]);
    let head_before = env.json(&["info"])["record"]["head"].clone();
    let v = env.json(&["publish", "atme-raid", "--url", URL]);
    assert_eq!(v["url"], URL);
    assert_eq!(v["published_at"], crate::NOW);
    assert_eq!(v["open_findings"], serde_json::json!([]));
    assert_eq!(
        v["head"]["hash"], head_before,
        "the head the report showed: {v}"
    );
    let entry = v["entry"].as_i64().expect("entry");
    let row = env.sql_rows(&format!(
        "SELECT kind, subject, who, at FROM record WHERE chain = 0 AND seq = {entry}"
    ));
    assert_eq!(
        row,
        vec![format!("\"publication\"|1|\"tester\"|\"{}\"", crate::NOW)]
    );
    let out = env.ok(&[
        "publish",
        "atme-raid",
        "--url",
        URL,
        "--at",
        "2022-02-05T09:30+01:00",
    ]);
    assert!(
        out.contains("recorded the publication of atme-raid"),
        "{out}"
    );
    assert!(out.contains("2022-02-05T08:30:00Z"), "stored in UTC: {out}");
    env.ok(&["verify"]);
}

#[test]
fn publish_is_refused_while_the_gate_is_shut_unless_forced() {
    let env = contested();
    let before = env.snapshot();
    let line = env.fail(&["publish", "atme-raid", "--url", URL], 1);
    assert!(line.contains("atme-raid is not ready to publish"), "{line}");
    assert!(line.contains(CONTESTED), "names the finding: {line}");
    assert!(line.contains("--force"), "{line}");
    assert_eq!(env.snapshot(), before, "nothing written");
    // The report went out anyway: recorded, with the open finding kept.
    let v = env.json(&["publish", "atme-raid", "--url", URL, "--force"]);
    assert_eq!(v["open_findings"], serde_json::json!([CONTESTED]));
    let data = env.sql_one("SELECT data FROM record WHERE chain = 0 AND kind = 'publication'");
    assert!(data.contains(CONTESTED), "{data}");
    // Acknowledged, it no longer stops publication.
    env.ok(&[
        "lint",
        "atme-raid",
        "--ack",
        CONTESTED,
        "--note",
        "provisional count",
    ]);
    let v = env.json(&["publish", "atme-raid", "--url", URL]);
    assert_eq!(v["open_findings"], serde_json::json!([]));
    env.ok(&["verify"]);
}

#[test]
fn publish_refuses_bad_input_and_writes_nothing() {
    let env = ready();
    let before = env.snapshot();
    for (args, says) in [
        (
            vec!["publish", "atme-raid", "--url", "javascript:alert(1)"],
            "not an http or https address",
        ),
        (
            vec!["publish", "atme-raid", "--url", "checks.example.org"],
            "not an http or https address",
        ),
        (
            vec!["publish", "nowhere", "--url", URL],
            "no incident 'nowhere'",
        ),
        (
            vec![
                "publish",
                "atme-raid",
                "--url",
                URL,
                "--at",
                "2022-02-06T00:00Z",
            ],
            "in the future",
        ),
        (
            vec!["publish", "atme-raid", "--url", URL, "--at", "2022-02-05"],
            "is a date",
        ),
        (
            vec!["publish", "atme-raid", "--url", URL, "--at", "yesterday"],
            "--at",
        ),
    ] {
        let line = env.fail(&args, 2);
        assert!(line.contains(says), "{args:?}: {line}");
    }
    assert_eq!(env.snapshot(), before, "nothing written");
}

#[test]
fn verify_names_a_raw_change_of_a_publication_or_an_acknowledgement() {
    for (kind, sql) in [
        (
            "publication",
            "UPDATE record SET data = replace(data, 'checks.example.org', 'elsewhere.example.org') WHERE kind = 'publication'",
        ),
        (
            "acknowledgement",
            "UPDATE record SET data = replace(data, 'provisional count', 'all settled') WHERE kind = 'acknowledgement'",
        ),
    ] {
        let env = contested();
        env.ok(&["lint", "atme-raid", "--ack", CONTESTED, "--note", "provisional count"]);
        env.ok(&["publish", "atme-raid", "--url", URL]);
        env.ok(&["verify"]);
        let seq = env.sql_one(&format!("SELECT seq FROM record WHERE kind = '{kind}'"));
        crate::record::tamper(&env, sql);
        let out = env.run(&["verify"]);
        assert_eq!(out.code, 1, "{kind}: {}{}", out.stdout, out.stderr);
        assert!(
            out.stderr.contains(&format!("ledger entry {seq} ({kind} of 1) does not match its hash")),
            "{kind}: {}",
            out.stderr
        );
    }
}

/// Runs the binary at another time than the suite's pinned one.
fn run_at(env: &TestEnv, when: &str, args: &[&str]) -> Out {
    let mut cmd = env.command(args);
    cmd.env("CROSSCHECK_NOW", when);
    TestEnv::run_command(cmd, None)
}

/// As [`run_at`], asserting success; returns stdout.
fn ok_at(env: &TestEnv, when: &str, args: &[&str]) -> String {
    let out = run_at(env, when, args);
    assert_success(args, &out);
    out.stdout
}

/// The sections of a Markdown report, by their `## ` headings, in order.
fn sections(markdown: &str) -> Vec<String> {
    markdown
        .lines()
        .filter_map(|l| l.strip_prefix("## "))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_report_lists_its_publications_and_the_acknowledged_findings() {
    let env = contested();
    // Before anything: neither publications nor corrections.
    let md = env.ok(&["report", "atme-raid"]);
    assert!(
        !sections(&md)
            .iter()
            .any(|s| s == "Publications" || s == "Corrections"),
        "{md}"
    );
    let v = env.json(&["report", "atme-raid"]);
    assert_eq!(v["publications"], serde_json::json!([]));
    assert_eq!(v["corrections"], Value::Null);
    assert_eq!(v["acknowledgements"], serde_json::json!([]));

    env.ok(&[
        "lint",
        "atme-raid",
        "--ack",
        CONTESTED,
        "--note",
        "the <Civil Defence> count is provisional",
    ]);
    let head = env.json(&["info"])["record"]["head"]
        .as_str()
        .expect("head")
        .to_string();
    ok_at(
        &env,
        "2022-02-05T13:00:00Z",
        &["publish", "atme-raid", "--url", URL],
    );

    let md = env.ok(&["report", "atme-raid"]);
    let s = sections(&md);
    assert_eq!(
        &s[s.len() - 3..],
        ["Publications", "Methodology", "Corrections"],
        "{md}"
    );
    assert!(
        md.contains(&format!(
            "| 5 February 2022, 13:00 UTC | <{URL}> | `{head}`"
        )),
        "{md}"
    );
    assert!(md.contains(&format!("- `{CONTESTED}`: acknowledged by tester on 5 February 2022, 12:00 UTC: the \\<Civil Defence\\> count is provisional")), "{md}");
    assert!(
        md.contains("Nothing has been corrected since publication."),
        "{md}"
    );

    let v = env.json(&["report", "atme-raid"]);
    assert_eq!(v["publications"][0]["url"], URL);
    assert_eq!(v["publications"][0]["published_at"], "2022-02-05T13:00:00Z");
    assert_eq!(v["publications"][0]["head"]["hash"], head.as_str());
    assert_eq!(v["acknowledgements"][0]["finding"], CONTESTED);
    assert_eq!(v["acknowledgements"][0]["who"], "tester");
    assert_eq!(v["corrections"], serde_json::json!([]));

    let html = env.ok(&["report", "atme-raid", "--format", "html"]);
    let doc = scraper::Html::parse_document(&html);
    let sel = |css: &str| scraper::Selector::parse(css).expect("selector");
    let table = doc
        .select(&sel("section#publications table"))
        .next()
        .unwrap_or_else(|| panic!("a publications table: {html}"));
    assert_eq!(table.select(&sel("caption")).count(), 1);
    assert_eq!(table.select(&sel("th[scope=row]")).count(), 1);
    assert!(table.html().contains(&format!("href=\"{URL}\"")));
    let footer: String = doc
        .select(&sel("footer#methodology"))
        .flat_map(|f| f.text())
        .collect();
    assert!(
        footer.contains(CONTESTED) && footer.contains("the <Civil Defence> count is provisional"),
        "{footer}"
    );
    assert!(!html.contains("<Civil Defence>"), "escaped");
    // A new figure changes the finding: the acknowledgement no longer stands, and the
    // methodology no longer lists it.
    claim(&env, "Pentagon", &["killed=480"]);
    let v = env.json(&["report", "atme-raid"]);
    assert_eq!(v["acknowledgements"], serde_json::json!([]));
    env.ok(&["verify"]);
}

#[test]
fn the_corrections_section_lists_only_what_changed_after_a_publication() {
    let env = seeded();
    let a = claim(&env, "SOHR", &["killed=13"]);
    let b = claim(&env, "White Helmets", &["killed=13"]);
    let twice = claim(&env, "Pentagon", &["killed.us_personnel=0"]);
    for c in [a, b, twice] {
        judge(&env, c, "verified");
    }
    let evidence = |claim: i64| {
        env.sql_one(&format!(
            "SELECT min(id) FROM evidence WHERE claim_id = {claim}"
        ))
    };
    let verdict = |claim: i64| {
        env.sql_one(&format!(
            "SELECT max(id) FROM status_change WHERE claim_id = {claim}"
        ))
    };
    // Fixed before the publication: history, not a public correction.
    ok_at(
        &env,
        "2022-02-05T12:30:00Z",
        &[
            "correct",
            &format!("evidence:{}", evidence(a)),
            "--url",
            "https://example.org/first-fix",
            "--why",
            "a draft link",
        ],
    );
    ok_at(
        &env,
        "2022-02-05T13:00:00Z",
        &["publish", "atme-raid", "--url", URL],
    );
    // After it: an address, a note, a withdrawal.
    ok_at(
        &env,
        "2022-02-06T09:00:00Z",
        &[
            "correct",
            &format!("evidence:{}", evidence(a)),
            "--url",
            "https://example.org/<right>",
            "--why",
            "the link pointed to the wrong list",
        ],
    );
    ok_at(
        &env,
        "2022-02-06T09:10:00Z",
        &[
            "correct",
            &format!("status:{}", verdict(b)),
            "--note",
            "counted from the Civil Defence list",
            "--why",
            "typo in the note",
        ],
    );
    // A correction to a claim withdrawn since stays listed: the log loses nothing.
    ok_at(
        &env,
        "2022-02-06T09:15:00Z",
        &[
            "correct",
            &format!("evidence:{}", evidence(twice)),
            "--stance",
            "context",
            "--why",
            "it is about another night",
        ],
    );
    ok_at(
        &env,
        "2022-02-06T09:20:00Z",
        &[
            "claim",
            "withdraw",
            &twice.to_string(),
            "--note",
            "recorded twice by mistake",
        ],
    );
    // Added after the publication and fixed since: never published.
    let late = claim(&env, "SOHR", &["killed.children=4"]);
    ok_at(
        &env,
        "2022-02-06T09:30:00Z",
        &[
            "evidence",
            "add",
            &late.to_string(),
            "--url",
            "https://example.org/late",
            "--context",
        ],
    );
    ok_at(
        &env,
        "2022-02-06T09:40:00Z",
        &[
            "correct",
            &format!("evidence:{}", evidence(late)),
            "--stance",
            "supports",
            "--why",
            "it names them",
        ],
    );

    let v = env.json(&["report", "atme-raid"]);
    let kinds: Vec<(&str, i64)> = v["corrections"]
        .as_array()
        .unwrap_or_else(|| panic!("corrections: {v}"))
        .iter()
        .map(|c| {
            (
                c["kind"].as_str().expect("kind"),
                c["claim"].as_i64().expect("claim"),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("evidence_url", a),
            ("note", b),
            ("evidence_stance", twice),
            ("withdrawal", twice)
        ],
        "{v}"
    );
    assert_eq!(v["corrections"][2]["value"], "context");
    let first = &v["corrections"][0];
    assert_eq!(first["value"], "https://example.org/<right>");
    assert_eq!(first["at"], "2022-02-06T09:00:00Z");
    assert_eq!(first["note"], "the link pointed to the wrong list");
    assert_eq!(v["corrections"][3]["note"], "recorded twice by mistake");

    let md = env.ok(&["report", "atme-raid"]);
    let corrections = &md[md.find("## Corrections").expect("a Corrections section")..];
    assert_eq!(
        sections(corrections),
        ["Corrections"],
        "it ends the report: {md}"
    );
    assert_eq!(
        corrections
            .lines()
            .filter(|l| l.starts_with("| 6 February"))
            .count(),
        4,
        "{corrections}"
    );
    assert!(
        corrections.contains("corrected to https://example.org/\\<right\\>"),
        "not a link, escaped: {corrections}"
    );
    assert!(
        !corrections.contains("first-fix") && !corrections.contains("late"),
        "{corrections}"
    );
    assert!(
        corrections.contains(&format!("Claim {twice} was withdrawn")),
        "{corrections}"
    );

    let html = env.ok(&["report", "atme-raid", "--format", "html", "--lang", "nl"]);
    let doc = scraper::Html::parse_document(&html);
    let sel = |css: &str| scraper::Selector::parse(css).expect("selector");
    let rows: Vec<String> = doc
        .select(&sel("section#corrections tbody tr"))
        .map(|r| r.value().attr("data-kind").unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        rows,
        ["evidence_url", "note", "evidence_stance", "withdrawal"]
    );
    let section = doc
        .select(&sel("section#corrections"))
        .next()
        .expect("section");
    assert_eq!(
        section
            .select(&sel("h2"))
            .next()
            .map(|h| h.text().collect::<String>()),
        Some("Correcties".to_string())
    );
    assert_eq!(section.select(&sel("caption")).count(), 1);
    assert!(
        section.html().contains("&lt;right&gt;"),
        "escaped: {}",
        section.html()
    );
}

#[test]
fn acknowledgements_and_publications_survive_export_import_and_copy() {
    let env = contested();
    env.ok(&[
        "lint",
        "atme-raid",
        "--ack",
        CONTESTED,
        "--note",
        "provisional count",
    ]);
    env.ok(&["publish", "atme-raid", "--url", URL]);
    let report = env.json(&["report", "atme-raid"]);
    for format in ["jsonl", "csv"] {
        let text = env.ok(&["export", "--format", format]);
        let target = TestEnv::new();
        let file = target.file(&format!("ledger.{format}"), text.as_bytes());
        target.ok(&["import", file.to_str().expect("UTF-8")]);
        target.ok(&["verify"]);
        assert_eq!(
            lint(&target, &["atme-raid"]).0,
            0,
            "{format}: the acknowledgement holds"
        );
        let copied = target.json(&["report", "atme-raid"]);
        assert_eq!(copied["publications"], report["publications"], "{format}");
        assert_eq!(
            copied["acknowledgements"], report["acknowledgements"],
            "{format}"
        );
    }
    let target = TestEnv::empty_sqlite();
    let to = target.db.to_str().expect("UTF-8 path").to_string();
    let from = env.db.to_str().expect("UTF-8 path").to_string();
    env.ok(&["copy", "--from", &from, "--to", &to]);
    target.ok(&["verify"]);
    assert_eq!(
        target.json(&["report", "atme-raid"])["publications"],
        report["publications"]
    );
}

#[test]
fn under_a_pinned_clock_the_record_orders_a_correction_and_a_publication() {
    // Every command at the same second: what was written before the publication's entry
    // is not a correction, what after is.
    let env = ready();
    let evidence = env.sql_one("SELECT min(id) FROM evidence");
    let row = format!("evidence:{evidence}");
    env.ok(&[
        "correct",
        &row,
        "--url",
        "https://example.org/before",
        "--why",
        "before",
    ]);
    env.ok(&["publish", "atme-raid", "--url", URL]);
    env.ok(&[
        "correct",
        &row,
        "--url",
        "https://example.org/after",
        "--why",
        "after",
    ]);
    let v = env.json(&["report", "atme-raid"]);
    let notes: Vec<&str> = v["corrections"]
        .as_array()
        .unwrap_or_else(|| panic!("{v}"))
        .iter()
        .map(|c| c["note"].as_str().expect("note"))
        .collect();
    assert_eq!(notes, ["after"], "{v}");
}

#[test]
fn the_reports_summary_tells_a_resolved_conflict_from_an_open_one() {
    let env = seeded();
    let a = claim(&env, "SOHR", &["killed=10"]);
    let b = claim(&env, "White Helmets", &["killed=500"]);
    let open = env.ok(&["report", "atme-raid"]);
    assert!(open.contains("Sources conflict on"), "{open}");
    judge(&env, b, "false");
    judge(&env, a, "verified");
    let resolved = env.ok(&["report", "atme-raid"]);
    assert!(!resolved.contains("Sources conflict on"), "{resolved}");
    assert!(!resolved.contains("do not conflict"), "{resolved}");
    assert!(
        resolved.contains("Resolved: the conflict on"),
        "the summary says the conflict is resolved: {resolved}"
    );
}
