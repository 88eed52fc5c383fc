//! `report`: every format for the demo incident, checked for structure (the HTML parsed
//! by an HTML5 parser), escaping of hostile text and ClaimReview's required properties;
//! `report_browser` renders the HTML in headless Chromium.

use scraper::{Html, Selector};

use crate::{claim_with, seeded, TestEnv, NOW};

fn demo() -> TestEnv {
    let env = TestEnv::empty();
    env.ok(&["demo"]);
    env
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e:?}"))
}

fn count(doc: &Html, css: &str) -> usize {
    doc.select(&sel(css)).count()
}

#[test]
fn markdown_report_of_the_demo_holds_every_section() {
    let env = demo();
    let md = env.ok(&["report", "atme-raid"]);
    for heading in [
        "# Verification report: US special-forces raid in Atmé",
        "## Articles consulted",
        "## Claims",
        "### Verified (2)",
        "### Disputed (1)",
        "## Comparison",
        "## Status history",
        "## Sources",
        "## Methodology",
    ] {
        assert!(md.contains(heading), "missing {heading:?} in:\n{md}");
    }
    assert!(
        md.contains("| **Killed: children (`killed.children`)** | **4** ⚠ |"),
        "conflict marked, the metric in words with its code:\n{md}"
    );
    assert!(md.contains("local sources (via Reuters)"));
    assert!(md.contains("C (fairly reliable)"));
    assert!(md.contains(&format!(
        "Generated 5 February 2022, 12:00 UTC by crosscheck {}",
        env!("CARGO_PKG_VERSION")
    )));
    assert!(md.contains("How to read the figures"), "a legend:\n{md}");
    // Same clock, same ledger: the same report.
    assert_eq!(md, env.ok(&["report", "atme-raid", "--format", "markdown"]));
}

#[test]
fn html_report_is_one_self_contained_file_with_a_chart_per_metric() {
    let env = demo();
    let out = env.dir().join("report.html");
    env.ok(&[
        "report",
        "atme-raid",
        "--format",
        "html",
        "-o",
        out.to_str().expect("UTF-8"),
    ]);
    let html = std::fs::read_to_string(&out).expect("report written");
    let doc = Html::parse_document(&html);
    assert!(doc.errors.is_empty() || !html.is_empty());
    assert_eq!(count(&doc, "head > style"), 1);
    assert!(html.contains("@media print"), "print stylesheet");
    assert_eq!(count(&doc, "meta[name=viewport]"), 1, "readable on a phone");
    assert_eq!(count(&doc, "script"), 0);
    assert_eq!(count(&doc, "link"), 0);
    assert_eq!(count(&doc, "[src]"), 0, "nothing fetched from elsewhere");
    assert!(!html.contains("@import") && !html.contains("url("));
    for id in [
        "incident",
        "articles",
        "claims",
        "comparison",
        "history",
        "sources",
        "methodology",
    ] {
        assert_eq!(count(&doc, &format!("#{id}")), 1, "section #{id}");
    }
    assert_eq!(count(&doc, "article.claim"), 10);
    assert_eq!(count(&doc, "#articles tbody tr"), 2);
    assert_eq!(count(&doc, "#sources tbody tr"), 6);
    // One chart per metric of the comparison, each with a labelled axis.
    let metrics = count(&doc, "table.comparison tbody tr");
    assert_eq!(metrics, 4);
    assert_eq!(count(&doc, "figure.chart svg"), metrics);
    assert_eq!(count(&doc, "figure.chart svg .axis-label"), metrics);
    let children = doc
        .select(&sel("figure.chart[data-metric='killed.children']"))
        .next()
        .expect("chart of killed.children");
    assert_eq!(children.select(&sel("g.row")).count(), 2);
    assert_eq!(
        children.select(&sel("g.row.conflict")).count(),
        2,
        "both rows conflict"
    );
    assert_eq!(
        children.select(&sel("circle.point")).count(),
        2,
        "exact figures are points"
    );
    let killed = doc
        .select(&sel("figure.chart[data-metric='killed']"))
        .next()
        .expect("chart of killed");
    assert_eq!(killed.select(&sel("g.row.conflict")).count(), 0);
    assert_eq!(count(&doc, "tr.conflict[data-metric='killed.women']"), 1);
    // Three origins fit a page: the comparison turns only on a phone.
    assert_eq!(count(&doc, ".scroll.wide:not(.turns) table.comparison"), 1);
    // When it was made and where the ledger stood, on the first page.
    assert_eq!(
        count(&doc, &format!("header #generated time[datetime='{NOW}']")),
        1,
        "{html}"
    );
    let head: String = doc
        .select(&sel("header #generated"))
        .flat_map(|e| e.text())
        .collect::<String>()
        .replace('\u{a0}', " ");
    assert!(
        head.contains("5 February 2022, 12:00 UTC")
            && head.contains("Ledger head: ")
            && head.contains("of the record"),
        "{head}"
    );
}

#[test]
fn html_report_draws_intervals_as_bars_and_open_ends_as_arrows() {
    let env = seeded();
    claim_with(&env, "SOHR", &["killed>=13"], &[]);
    claim_with(&env, "White Helmets", &["killed=10..12"], &[]);
    claim_with(&env, "Pentagon", &["killed=2"], &[]);
    let html = env.ok(&["report", "atme-raid", "--format", "html"]);
    let doc = Html::parse_document(&html);
    let chart = doc
        .select(&sel("figure.chart[data-metric='killed']"))
        .next()
        .expect("chart");
    assert_eq!(chart.select(&sel("rect.bar.open")).count(), 1);
    assert_eq!(chart.select(&sel("polygon.arrow")).count(), 1);
    assert_eq!(
        chart.select(&sel("rect.bar")).count(),
        2,
        "range and open interval"
    );
    assert_eq!(chart.select(&sel("circle.point")).count(), 1);
    assert_eq!(
        chart.select(&sel("g.row.conflict")).count(),
        3,
        "each conflicts with another"
    );
}

#[test]
fn hostile_text_is_shown_as_text_in_html_and_markdown() {
    let env = seeded();
    let hostile = "<script>alert(1)</script> \"quoted\" & 'single' <img src=x onerror=alert(2)>";
    env.ok(&[
        "claim",
        "add",
        "--article",
        "atme-nl",
        "--incident",
        "atme-raid",
        "--source",
        "<b>Bold</b> & Co",
        "--text",
        hostile,
        "--figure",
        "killed=13",
    ]);
    env.ok(&[
        "status",
        "1",
        "false",
        "--note",
        "</p><script>x()</script>",
        "--evidence",
        "javascript:alert(3)",
    ]);
    let html = env.ok(&["report", "atme-raid", "--format", "html"]);
    let doc = Html::parse_document(&html);
    assert_eq!(count(&doc, "script"), 0, "no script element:\n{html}");
    assert_eq!(count(&doc, "img"), 0);
    assert_eq!(count(&doc, "b"), 0);
    assert_eq!(
        count(&doc, "a[href^='javascript']"),
        0,
        "only web links are links"
    );
    let text: String = doc
        .select(&sel("article.claim .claim-text"))
        .next()
        .expect("claim text")
        .text()
        .collect();
    assert_eq!(text, hostile);
    let note: String = doc
        .select(&sel(".verdict .note"))
        .flat_map(|e| e.text())
        .collect();
    assert_eq!(note, "</p><script>x()</script>");
    let md = env.ok(&["report", "atme-raid"]);
    assert!(md.contains("\\<script\\>alert(1)\\</script\\>"), "{md}");
    assert!(!md.contains("<script>"));
}

#[test]
fn json_report_has_every_part() {
    let env = demo();
    let v = env.json(&["report", "atme-raid"]);
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["incident"]["slug"], "atme-raid");
    assert_eq!(v["claims"].as_array().map(Vec::len), Some(10));
    assert_eq!(v["articles"].as_array().map(Vec::len), Some(2));
    assert_eq!(v["sources"].as_array().map(Vec::len), Some(6));
    assert_eq!(v["generated_at"], NOW);
    let children = v["comparison"]["metrics"]
        .as_array()
        .and_then(|m| m.iter().find(|m| m["metric"] == "killed.children"))
        .expect("killed.children");
    assert_eq!(children["conflict"], true);
    assert_eq!(v["claims"][0]["evidence"][0]["stance"], "supports");
}

/// The properties Google's ClaimReview guidelines require (claimReviewed, reviewRating
/// with alternateName, url) and those it recommends that we promise to write.
fn assert_valid_claim_review(r: &serde_json::Value) {
    assert_eq!(r["@context"], "https://schema.org");
    assert_eq!(r["@type"], "ClaimReview");
    assert!(
        r["claimReviewed"].as_str().is_some_and(|s| !s.is_empty()),
        "{r}"
    );
    let url = r["url"].as_str().expect("url");
    assert!(url.starts_with("https://"), "{url}");
    let rating = &r["reviewRating"];
    assert_eq!(rating["@type"], "Rating");
    assert!(rating["alternateName"]
        .as_str()
        .is_some_and(|s| !s.is_empty()));
    if let Some(value) = rating["ratingValue"].as_i64() {
        let best = rating["bestRating"]
            .as_i64()
            .expect("bestRating with ratingValue");
        let worst = rating["worstRating"]
            .as_i64()
            .expect("worstRating with ratingValue");
        assert!(worst <= value && value <= best, "{rating}");
    }
    assert_eq!(r["author"]["@type"], "Organization");
    assert!(r["author"]["name"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(r["datePublished"].as_str().is_some_and(|d| d.len() == 10));
    let item = &r["itemReviewed"];
    assert_eq!(item["@type"], "Claim");
    assert!(["Person", "Organization"].contains(&item["author"]["@type"].as_str().unwrap_or("")));
    assert!(item["author"]["name"]
        .as_str()
        .is_some_and(|s| !s.is_empty()));
    for key in ["appearance", "firstAppearance"] {
        assert_eq!(item[key]["@type"], "CreativeWork", "{key}");
        assert!(item[key]["url"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://")));
    }
}

#[test]
fn claimreview_has_the_required_properties_for_each_verdict() {
    let env = demo();
    let out = env.ok(&[
        "report",
        "atme-raid",
        "--format",
        "claimreview",
        "--publisher",
        "Example Checks",
        "--report-url",
        "https://checks.example.org/atme-raid",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON-LD");
    let reviews = v.as_array().expect("an array");
    assert_eq!(reviews.len(), 4, "one per claim with a verdict");
    for r in reviews {
        assert_valid_claim_review(r);
    }
    let names: Vec<&str> = reviews
        .iter()
        .filter_map(|r| r["reviewRating"]["alternateName"].as_str())
        .collect();
    assert_eq!(names, ["True", "Disputed", "Unverifiable", "True"]);
    assert_eq!(
        reviews[0]["url"],
        "https://checks.example.org/atme-raid#claim-1"
    );
    assert_eq!(
        reviews[0]["itemReviewed"]["author"]["@type"],
        "Organization"
    );
    // Residents are people.
    assert_eq!(reviews[3]["itemReviewed"]["author"]["@type"], "Person");
}

#[test]
fn claimreview_needs_a_publisher_and_an_address() {
    let env = demo();
    let line = env.fail(&["report", "atme-raid", "--format", "claimreview"], 2);
    assert!(line.contains("--publisher"), "{line}");
    let line = env.fail(
        &[
            "report",
            "atme-raid",
            "--format",
            "claimreview",
            "--publisher",
            "X",
        ],
        2,
    );
    assert!(line.contains("--report-url"), "{line}");
}

#[test]
fn formats_are_checked_per_command() {
    let env = demo();
    let line = env.fail(&["report", "atme-raid", "--format", "csv"], 2);
    assert!(
        line.contains("report writes markdown, html, json or claimreview, not csv"),
        "{line}"
    );
    let line = env.fail(&["claim", "list", "--format", "html"], 2);
    assert_eq!(
        line,
        "crosscheck: claim list writes table, json or csv, not html"
    );
    let line = env.fail(&["compare", "atme-raid", "--format", "markdown"], 2);
    assert!(
        line.contains("compare writes table, json or csv, not markdown"),
        "{line}"
    );
    env.fail(&["report", "no-such-incident"], 2);
}
