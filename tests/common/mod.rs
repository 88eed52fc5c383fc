//! Corpus loading and scoring shared by `tests/extract_corpus.rs` and
//! `examples/extract_eval.rs`, so the test and the printed report can never
//! disagree about what counts as a match.

#![allow(dead_code)]

use crosscheck::extract::{extract_with, Figure, Options};
use serde::Deserialize;

/// One labelled passage of `tests/fixtures/extract/corpus.jsonl`.
#[derive(Debug, Deserialize)]
pub struct Passage {
    pub id: String,
    pub lang: String,
    pub text: String,
    /// Run with vague magnitudes proposed (`extract --vague`).
    #[serde(default)]
    pub vague: bool,
    pub expected: Vec<Expected>,
}

/// One expected figure.
#[derive(Debug, Clone, Deserialize)]
pub struct Expected {
    pub metric: String,
    pub low: u64,
    pub high: Option<u64>,
    pub qualifier: String,
    pub source: Option<String>,
    pub via: Option<String>,
}

/// A figure produced by the extractor with the attribution of its candidate.
#[derive(Debug, Clone)]
pub struct Produced {
    pub figure: Figure,
    pub source: Option<String>,
    pub via: Option<String>,
}

/// The corpus, read relative to the crate root.
pub fn load() -> Vec<Passage> {
    load_from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/extract/corpus.jsonl"
    ))
}

/// A corpus in the same JSON-lines format from any path.
pub fn load_from(path: &str) -> Vec<Passage> {
    let raw = std::fs::read_to_string(path).expect("corpus file readable");
    raw.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("corpus line is valid JSON"))
        .collect()
}

/// Runs the extractor on a passage and flattens figures with their attribution.
pub fn produce(p: &Passage) -> Vec<Produced> {
    let opts = Options {
        vague: p.vague,
        published: None,
    };
    extract_with(&p.text, &p.lang, &opts)
        .expect("corpus language supported")
        .into_iter()
        .flat_map(|c| {
            let (s, v) = (c.source.clone(), c.via.clone());
            c.figures.into_iter().map(move |f| Produced {
                figure: f,
                source: s.clone(),
                via: v.clone(),
            })
        })
        .collect()
}

/// Case-insensitive source comparison after stripping leading articles.
pub fn norm_source(s: &Option<String>) -> String {
    let Some(s) = s else { return "<none>".into() };
    let mut words: Vec<String> = s.split_whitespace().map(|w| w.to_lowercase()).collect();
    while words.len() > 1
        && ["the", "a", "an", "de", "het", "een", "'t"].contains(&words[0].as_str())
    {
        words.remove(0);
    }
    words.join(" ")
}

/// The fields scored by the evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Value,
    Qualifier,
    Metric,
    Source,
    Via,
    ValueMetric,
    Full,
}

impl Field {
    pub const ALL: [Field; 7] = [
        Field::Value,
        Field::Qualifier,
        Field::Metric,
        Field::Source,
        Field::Via,
        Field::ValueMetric,
        Field::Full,
    ];
    pub fn name(self) -> &'static str {
        match self {
            Field::Value => "value",
            Field::Qualifier => "qualifier",
            Field::Metric => "metric",
            Field::Source => "source",
            Field::Via => "via",
            Field::ValueMetric => "value+metric",
            Field::Full => "all fields",
        }
    }
}

fn key_expected(e: &Expected, f: Field) -> String {
    let v = format!("{}..{:?}", e.low, e.high);
    let s = norm_source(&e.source);
    let via = norm_source(&e.via);
    match f {
        Field::Value => v,
        Field::Qualifier => e.qualifier.clone(),
        Field::Metric => e.metric.clone(),
        Field::Source => s,
        Field::Via => via,
        Field::ValueMetric => format!("{} {v}", e.metric),
        Field::Full => format!("{} {v} {} {s} {via}", e.metric, e.qualifier),
    }
}

fn key_produced(p: &Produced, f: Field) -> String {
    let e = Expected {
        metric: p.figure.metric.clone(),
        low: p.figure.low,
        high: p.figure.high,
        qualifier: p.figure.qualifier.as_str().to_string(),
        source: p.source.clone(),
        via: p.via.clone(),
    };
    key_expected(&e, f)
}

/// (true positives, produced, expected) for one field on one passage, as a
/// multiset match: each expected key can be matched by one produced key.
pub fn score(expected: &[Expected], produced: &[Produced], f: Field) -> (usize, usize, usize) {
    let mut pool: Vec<String> = expected.iter().map(|e| key_expected(e, f)).collect();
    let mut tp = 0;
    for p in produced {
        let k = key_produced(p, f);
        if let Some(i) = pool.iter().position(|x| *x == k) {
            pool.swap_remove(i);
            tp += 1;
        }
    }
    (tp, produced.len(), expected.len())
}

/// Keys (full) of expected figures not produced, and of produced figures not expected.
pub fn diff(expected: &[Expected], produced: &[Produced]) -> (Vec<String>, Vec<String>) {
    let mut pool: Vec<String> = expected
        .iter()
        .map(|e| key_expected(e, Field::Full))
        .collect();
    let mut extra = Vec::new();
    for p in produced {
        let k = key_produced(p, Field::Full);
        match pool.iter().position(|x| *x == k) {
            Some(i) => {
                pool.swap_remove(i);
            }
            None => extra.push(k),
        }
    }
    (pool, extra)
}
