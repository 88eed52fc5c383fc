//! Evaluation report for the extractor: precision and recall per field over
//! the labelled corpus, and the time to extract a ~5,000-word article.
//!
//! Run with `cargo run --release --example extract_eval`. Scoring is shared
//! with the corpus test (tests/common), so the numbers printed here are the
//! ones the test enforces. An optional argument names another corpus file in
//! the same format (e.g. a held-out set).

#[path = "../tests/common/mod.rs"]
mod common;

use common::{diff, load, load_from, produce, score, Field};
use crosscheck::extract::{extract_with, Options};
use std::time::Instant;

fn main() {
    let corpus = match std::env::args().nth(1) {
        Some(path) => load_from(&path),
        None => load(),
    };
    let count = |lang: &str| corpus.iter().filter(|p| p.lang == lang).count();
    let expected: usize = corpus.iter().map(|p| p.expected.len()).sum();
    println!(
        "corpus: {} passages ({} en, {} nl, {} de, {} fr), {} expected figures, {} passages expecting none",
        corpus.len(),
        count("en"),
        count("nl"),
        count("de"),
        count("fr"),
        expected,
        corpus.iter().filter(|p| p.expected.is_empty()).count()
    );
    let produced: Vec<_> = corpus.iter().map(produce).collect();

    println!(
        "\n{:<14} {:>9} {:>9} {:>6} {:>9} {:>9}",
        "field", "precision", "recall", "tp", "produced", "expected"
    );
    for f in Field::ALL {
        let (mut tp, mut pr, mut ex) = (0, 0, 0);
        for (p, got) in corpus.iter().zip(&produced) {
            let (t, a, b) = score(&p.expected, got, f);
            tp += t;
            pr += a;
            ex += b;
        }
        println!(
            "{:<14} {:>9.3} {:>9.3} {:>6} {:>9} {:>9}",
            f.name(),
            tp as f64 / pr.max(1) as f64,
            tp as f64 / ex.max(1) as f64,
            tp,
            pr,
            ex
        );
    }

    let mut shown = false;
    for (p, got) in corpus.iter().zip(&produced) {
        let (missing, extra) = diff(&p.expected, got);
        if !missing.is_empty() || !extra.is_empty() {
            if !shown {
                println!("\nmismatches:");
                shown = true;
            }
            println!("  {}: missing {missing:?} unexpected {extra:?}", p.id);
        }
    }

    // Dates in the text are resolved against a publication date, as `extract` does.
    let opts = Options {
        vague: false,
        published: chrono::NaiveDate::from_ymd_opt(2026, 3, 13),
    };
    for lang in ["en", "nl", "de", "fr"] {
        let mut article = String::new();
        let passages: Vec<&str> = corpus
            .iter()
            .filter(|p| p.lang == lang)
            .map(|p| p.text.as_str())
            .collect();
        'fill: loop {
            for t in &passages {
                article.push_str(t);
                article.push_str("\n\n");
                if article.split_whitespace().count() >= 5_000 {
                    break 'fill;
                }
            }
        }
        let words = article.split_whitespace().count();
        let mut times = Vec::with_capacity(50);
        let mut candidates = 0;
        for _ in 0..50 {
            let t0 = Instant::now();
            let c = extract_with(&article, lang, &opts).expect("supported");
            times.push(t0.elapsed().as_secs_f64() * 1000.0);
            candidates = c.len();
        }
        times.sort_by(f64::total_cmp);
        println!(
            "\ntiming ({lang}): {words} words, {} bytes, {candidates} candidates: median {:.3} ms, min {:.3} ms, max {:.3} ms over 50 runs",
            article.len(),
            times[times.len() / 2],
            times[0],
            times[times.len() - 1]
        );
    }
}
