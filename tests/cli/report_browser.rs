//! The HTML report as its readers meet it: an incident with 15 sources, a Dutch and an
//! Arabic article and a seven-digit figure, checked in the HTML (lang and dir, grouped
//! numbers, header cells with their scope), then in headless Chromium at 375 and 1280 px
//! (axe-core with every rule, nothing sticking out of the page) and printed to PDF
//! (every source and every column of the comparison in the PDF's text).
//!
//! The browser part needs Debian's chromium, node with tests/browser's packages
//! (`npm ci` there) and pdftotext (poppler-utils). Without them it says what it
//! skipped; with CI=1 or CROSSCHECK_REQUIRE_BROWSER=1 (as `.ci/run` sets) it fails.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use scraper::{Html, Selector};

use crate::TestEnv;

const DUTCH_TEXT: &str = "Volgens de monitor kwamen dertien mensen om het leven.";
const ARABIC_TEXT: &str = "قال المرصد إن ثلاثة عشر شخصا قتلوا في الغارة.";
const ARABIC_QUOTE: &str = "ثلاثة عشر شخصا قتلوا";

/// The 15 origins: the three of the founding example and twelve with long names.
fn source_names() -> Vec<String> {
    let mut names = vec![
        "Syrian Observatory for Human Rights".to_string(),
        "Syrian Civil Defence".to_string(),
        "Pentagon".to_string(),
    ];
    names.extend((4..=15).map(|i| format!("Regional Monitoring Group {i} of the North-West")));
    names
}

/// A ledger holding the incident the issue audits: 15 sources, Dutch and Arabic
/// articles, a displacement figure of 1,234,567, conflicts, a verdict with evidence.
fn many_sources() -> TestEnv {
    let env = TestEnv::new();
    env.ok(&[
        "article",
        "add",
        "--title",
        "Amerikaanse raid in Atmé",
        "--slug",
        "atme-nl",
        "--outlet",
        "De Avondkrant",
        "--lang",
        "nl",
        "--published",
        "2022-02-03",
        "--url",
        "https://example.org/nl/atme",
    ]);
    let body = env.file("ar.txt", format!("{ARABIC_TEXT}\n").as_bytes());
    env.ok(&[
        "article",
        "add",
        "--title",
        "غارة أمريكية في أطمة",
        "--slug",
        "atme-ar",
        "--outlet",
        "الصحيفة",
        "--lang",
        "ar",
        "--published",
        "2022-02-04T08:15:00Z",
        "--url",
        "https://example.org/ar/atme",
        "--file",
        body.to_str().expect("UTF-8 path"),
    ]);
    env.ok(&[
        "incident",
        "add",
        "atme-raid",
        "--title",
        "US raid in Atmé",
        "--date",
        "2022-02-03",
        "--place",
        "Atmé, Idlib, Syria",
    ]);
    for (i, name) in source_names().iter().enumerate() {
        env.ok(&["source", "add", name, "--kind", "ngo", "--grade", "C"]);
        let killed = format!("killed={}", 10 + i);
        let children = format!("killed.children={}", 2 + i % 4);
        let displaced = format!(
            "displaced=1234567..{}:estimated",
            1_234_567 + 1000 * (i + 1)
        );
        let mut args = vec![
            "claim",
            "add",
            "--incident",
            "atme-raid",
            "--source",
            name,
            "--figure",
            &killed,
            "--figure",
            &children,
            "--figure",
            &displaced,
        ];
        if i % 2 == 0 {
            args.extend(["--article", "atme-nl", "--text", DUTCH_TEXT]);
        } else {
            args.extend([
                "--article",
                "atme-ar",
                "--text",
                ARABIC_TEXT,
                "--quote",
                ARABIC_QUOTE,
            ]);
        }
        env.ok(&args);
    }
    env.ok(&["status", "1", "in_progress"]);
    env.ok(&[
        "status",
        "1",
        "verified",
        "--note",
        "The names of the dead were checked against the burial list.",
        "--evidence",
        "https://example.org/evidence/burial-list",
    ]);
    env
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e:?}"))
}

fn write_report(env: &TestEnv, extra: &[&str]) -> (PathBuf, String) {
    let path = env.dir().join("report.html");
    let mut args = vec![
        "report",
        "atme-raid",
        "--format",
        "html",
        "--force",
        "-o",
        path.to_str().expect("UTF-8"),
    ];
    args.extend(extra);
    env.ok(&args);
    let html = std::fs::read_to_string(&path).expect("report written");
    (path, html)
}

#[test]
fn html_report_marks_languages_groups_numbers_and_scopes_headers() {
    let env = many_sources();
    let (_, html) = write_report(&env, &[]);
    let doc = Html::parse_document(&html);
    assert_eq!(doc.select(&sel("html[lang=en]")).count(), 1);
    assert_eq!(doc.select(&sel("main")).count(), 1, "one main landmark");
    // Every claim text, quote and headline carries its article's language; Arabic is
    // laid out right to left.
    let texts: Vec<_> = doc.select(&sel("p.claim-text")).collect();
    assert_eq!(texts.len(), 15);
    for p in &texts {
        let text: String = p.text().collect();
        let (lang, dir) = (p.value().attr("lang"), p.value().attr("dir"));
        if text == ARABIC_TEXT {
            assert_eq!((lang, dir), (Some("ar"), Some("rtl")), "{}", p.html());
        } else {
            assert_eq!((lang, dir), (Some("nl"), None), "{}", p.html());
        }
    }
    assert_eq!(
        doc.select(&sel("blockquote.quote[lang=ar][dir=rtl]"))
            .count(),
        7
    );
    assert_eq!(
        doc.select(&sel("#articles cite[lang=ar][dir=rtl]")).count(),
        1
    );
    assert_eq!(doc.select(&sel("#articles cite[lang=nl]")).count(), 1);
    // Grouped numbers, in the tables, the charts and the prose; never the raw digits.
    assert!(!html.contains("1234567"), "ungrouped figure in the HTML");
    let comparison: String = doc
        .select(&sel("table.comparison"))
        .flat_map(|t| t.text())
        .collect();
    assert!(
        comparison.contains("1,234,567–1,235,567 estimated"),
        "{comparison}"
    );
    let axis: Vec<String> = doc
        .select(&sel("figure.chart[data-metric=displaced] svg text"))
        .map(|t| t.text().collect())
        .collect();
    assert!(axis.iter().any(|t| t == "1,500,000"), "{axis:?}");
    // Semantic tables: a caption each, every header cell with its scope, a row header
    // in every body row.
    for table in doc.select(&sel("table")) {
        assert_eq!(table.select(&sel("caption")).count(), 1, "{}", table.html());
        for th in table.select(&sel("th")) {
            assert!(
                matches!(th.value().attr("scope"), Some("col" | "row")),
                "{}",
                th.html()
            );
        }
        for row in table.select(&sel("tbody tr")) {
            assert_eq!(
                row.select(&sel("th[scope=row]")).count(),
                1,
                "{}",
                row.html()
            );
        }
    }
    let wide = doc
        .select(&sel("table.comparison"))
        .next()
        .expect("the comparison");
    assert_eq!(wide.select(&sel("thead th[scope=col]")).count(), 1 + 15 + 3);
    // The wide comparison turns on a phone and in print: one block per metric, each
    // chart named and followed by the table of its values.
    assert_eq!(
        doc.select(&sel(".scroll.turns table.comparison")).count(),
        1
    );
    for region in doc.select(&sel(".scroll")) {
        assert_eq!(region.value().attr("tabindex"), Some("0"));
        assert!(region.value().attr("aria-labelledby").is_some());
    }
    assert_eq!(doc.select(&sel("figure.chart")).count(), 3);
    for chart in doc.select(&sel("figure.chart")) {
        assert!(chart.select(&sel("svg[role=img][aria-label]")).count() == 1);
        assert_eq!(chart.select(&sel("table.values tbody tr")).count(), 15);
    }
    let caption: String = doc
        .select(&sel("figure.chart[data-metric=killed] p"))
        .flat_map(|p| p.text())
        .collect();
    assert!(
        caption.contains("conflicts with at least one other source"),
        "{caption}"
    );
}

#[test]
fn report_speaks_dutch_with_lang_nl() {
    let env = many_sources();
    let (_, html) = write_report(&env, &["--lang", "nl"]);
    let doc = Html::parse_document(&html);
    // Dates keep a day with its month and a time with its zone: no-break spaces.
    let html = html.replace("&nbsp;", " ");
    assert_eq!(doc.select(&sel("html[lang=nl]")).count(), 1);
    let heading: String = doc.select(&sel("h1")).flat_map(|h| h.text()).collect();
    assert_eq!(heading, "Verificatierapport: US raid in Atmé");
    for words in [
        "Geraadpleegde artikelen",
        "Zo lees je de cijfers",
        "Bevestigd (1)",
        "niet gecontroleerd",
        "1.234.567–1.235.567 geschat",
        "niet-gouvernementele organisatie",
        "4 februari 2022, 08:15 UTC",
    ] {
        assert!(html.contains(words), "{words:?} missing");
    }
    // Claim texts stay as recorded.
    assert!(html.contains(DUTCH_TEXT) && html.contains(ARABIC_TEXT));
    let md = env.ok(&["report", "atme-raid", "--lang", "nl"]);
    assert!(md.contains("# Verificatierapport: US raid in Atmé"), "{md}");
    assert!(md.contains("1.234.567"), "{md}");
    let line = env.fail(&["report", "atme-raid", "--lang", "fr"], 2);
    assert!(
        line.contains("--lang 'fr'") && line.contains("en (English), nl (Dutch)"),
        "{line}"
    );
}

#[test]
fn markdown_report_turns_a_wide_comparison_and_keeps_every_source() {
    let env = many_sources();
    let md = env.ok(&["report", "atme-raid"]);
    assert!(md.contains("How to read the figures"), "{md}");
    assert!(!md.contains("1234567"), "{md}");
    for name in source_names() {
        // Each source once per metric block, with its figure.
        assert!(md.matches(&format!("| {name} |")).count() >= 3, "{name}");
    }
    assert!(md.contains("### Displaced\n"), "{md}");
    assert!(
        md.contains("spread: 0 · conflict: no · inconsistent: no"),
        "{md}"
    );
}

/// Whether a missing browser, axe-core or pdftotext fails the run instead of skipping.
fn browser_required() -> bool {
    ["CI", "CROSSCHECK_REQUIRE_BROWSER"]
        .iter()
        .any(|v| std::env::var(v).is_ok_and(|v| !v.is_empty() && v != "0" && v != "false"))
}

/// What the audit cannot run without, if anything is missing.
fn missing_tools(browser_dir: &Path) -> Option<String> {
    if !Path::new("/usr/bin/chromium").exists() {
        return Some("chromium (/usr/bin/chromium) is not installed".into());
    }
    let works = |cmd: &str, arg: &str| {
        Command::new(cmd)
            .arg(arg)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if !works("node", "--version") {
        return Some("node is not installed".into());
    }
    for package in ["axe-core", "playwright-core"] {
        if !browser_dir.join("node_modules").join(package).exists() {
            return Some(format!(
                "{package} is not installed (run `npm ci` in {})",
                browser_dir.display()
            ));
        }
    }
    if !works("pdftotext", "-v") {
        return Some("pdftotext (poppler-utils) is not installed".into());
    }
    None
}

/// Text as pdftotext gives it, with every run of white space one space.
fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(out.status.success(), "pdftotext: {out:?}");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn html_report_passes_axe_at_phone_and_desktop_widths_and_prints_whole() {
    let browser_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    if let Some(missing) = missing_tools(&browser_dir) {
        assert!(
            !browser_required(),
            "the browser audit cannot run: {missing} (CI=1 or CROSSCHECK_REQUIRE_BROWSER=1 requires it)"
        );
        // Straight to the terminal: the test harness would swallow a println! of a
        // passing test, and a skip must be seen.
        let _ = writeln!(
            std::io::stderr(),
            "skipped the browser audit of the HTML report: {missing}"
        );
        return;
    }
    let env = many_sources();
    let (report, _) = write_report(&env, &[]);
    let out_dir = env.dir().join("audit");
    std::fs::create_dir_all(&out_dir).expect("audit folder");
    let mut child = Command::new("node")
        .arg(browser_dir.join("audit.mjs"))
        .arg(&report)
        .arg(&out_dir)
        .current_dir(&browser_dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start node");
    let started = Instant::now();
    while child.try_wait().expect("wait for node").is_none() {
        if started.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the browser audit did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = child.wait_with_output().expect("node's output");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the browser audit failed: {}\n{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result: serde_json::Value = serde_json::from_str(stdout.trim()).expect("audit JSON");
    for width in ["375", "1280"] {
        let at = &result["widths"][width];
        assert!(
            at["rules"].as_u64().is_some_and(|n| n > 90),
            "axe ran every rule: {at}"
        );
        assert_eq!(
            at["violations"].as_array().map(Vec::len),
            Some(0),
            "axe-core {} at {width} px: {:#}",
            result["axe_version"],
            at["violations"]
        );
        assert_eq!(
            at["scroll_width"], at["client_width"],
            "page wider than {width} px: {at}"
        );
        assert_eq!(at["cut"].as_array().map(Vec::len), Some(0), "{at}");
        assert!(
            at["smallest_text_px"].as_f64().is_some_and(|px| px >= 11.0),
            "text too small to read at {width} px: {at}"
        );
    }
    // On a phone the wide comparison turns into its blocks; on a desktop it is shown.
    assert_eq!(result["widths"]["375"]["wide_table_shown"], false);
    assert_eq!(result["widths"]["1280"]["wide_table_shown"], true);
    // On paper: every source and every column of the comparison, nothing cut.
    let text = pdf_text(Path::new(result["pdf"].as_str().expect("PDF path")));
    for name in source_names() {
        assert!(text.contains(&name), "{name} missing from the PDF");
    }
    for column in [
        "spread",
        "conflict",
        "inconsistent",
        "Killed: children",
        "Displaced",
    ] {
        assert!(text.contains(column), "{column} missing from the PDF");
    }
    assert!(
        text.contains("1,234,567"),
        "grouped figure missing from the PDF"
    );
    // The first page says when the report was made and where the ledger stood.
    let first = {
        let out = Command::new("pdftotext")
            .args(["-l", "1", "-enc", "UTF-8"])
            .arg(result["pdf"].as_str().expect("PDF path"))
            .arg("-")
            .output()
            .expect("run pdftotext");
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert!(
        first.contains("Generated 5 February 2022, 12:00 UTC") && first.contains("Ledger head"),
        "{first}"
    );
}
