//! `extract`: the extractor's proposals for an article, each with how its credit meets
//! the ledger's sources, as a numbered table, JSON and CSV; and the confirmation of
//! `extract --accept`.

use serde::Serialize;

use super::{done, json};
use crate::render::{Block, Output, Table};

/// A figure the extractor read, in JSON.
#[derive(Debug, Clone, Serialize)]
pub struct ProposedFigure {
    /// The metric (`killed.children`).
    pub metric: String,
    /// The figure as a spec (`killed.children=4`).
    pub spec: String,
    /// Its interval's low end.
    pub low: u64,
    /// Its interval's high end, none when unbounded.
    pub high: Option<u64>,
    /// exact, at_least, at_most, approx or range.
    pub qualifier: &'static str,
    /// The number as the text wrote it (`dertien`).
    pub number_text: String,
    /// Which words gave the number, the metric and the qualifier.
    pub why: FigureWhy,
    /// The parts of the metric the ledger's vocabulary lacks (`.jordanians`): `--accept`
    /// records them only with `--new-metric`.
    pub unknown_metric: Vec<String>,
}

/// Words of the article, by character offsets into its text (end exclusive).
#[derive(Debug, Clone, Serialize)]
pub struct Span {
    /// The first character.
    pub start: i64,
    /// The end, exclusive.
    pub end: i64,
    /// The words.
    pub text: String,
}

/// Why a proposal credits whom it credits and is dated as it is.
#[derive(Debug, Clone, Serialize)]
pub struct ProposalWhy {
    /// The words that gave the source.
    pub source: Option<Span>,
    /// The words that gave the date.
    pub date: Option<Span>,
}

/// Why a figure reads as it does.
#[derive(Debug, Clone, Serialize)]
pub struct FigureWhy {
    /// The words that gave the number.
    pub number: Option<Span>,
    /// The words that gave the metric.
    pub metric: Option<Span>,
    /// The words that gave the qualifier.
    pub qualifier: Option<Span>,
}

/// One proposal as shown; its fields are the JSON document's.
#[derive(Debug, Clone, Serialize)]
pub struct Proposal {
    /// Its number, from 1, as `extract --accept 1,3` names it.
    pub n: usize,
    /// The sentence the figures were read from.
    pub quote: String,
    /// Its first character in the article text.
    pub quote_start: i64,
    /// Its end, exclusive.
    pub quote_end: i64,
    /// Who the text credits, as written.
    pub source: Option<String>,
    /// How that credit meets the ledger (`known: …`, `new: …`, `resembles …`), or
    /// `none credited: OUTLET`.
    pub source_match: String,
    /// Who the text says relayed it, as written.
    pub via: Option<String>,
    /// How the relaying outlet meets the ledger; in the table only.
    #[serde(skip)]
    pub via_match: Option<String>,
    /// The day the text dates the figures to; none: as of the article's publication.
    pub as_of: Option<String>,
    /// The figures.
    pub figures: Vec<ProposedFigure>,
    /// The extractor's confidence, 0 to 1, printed to two places (0.95, not the
    /// 0.9500000476837158 that an f32 widened to JSON's f64 would show).
    #[serde(serialize_with = "two_places")]
    pub confidence: f32,
    /// Whether the article already has a claim with this quote.
    pub already_recorded: bool,
    /// Which words gave the source and the date.
    pub why: ProposalWhy,
}

/// A confidence as JSON shows it: the two decimals it means.
fn two_places<S: serde::Serializer>(value: &f32, serializer: S) -> Result<S::Ok, S::Error> {
    let rounded: f64 = format!("{value:.2}").parse().unwrap_or(f64::NAN);
    serializer.serialize_f64(rounded)
}

/// `extract ARTICLE`: nothing is written; the proposals and how to record them.
pub fn proposals(article_slug: &str, proposals: &[Proposal]) -> Output {
    let mut table =
        Table::new(&["#", "source", "via", "figures", "confidence", "quote"]).nowrap(&[0]);
    let mut csv = Table::new(&[
        "n",
        "source",
        "source_match",
        "via",
        "figures",
        "confidence",
        "quote",
        "quote_start",
        "quote_end",
        "already_recorded",
    ]);
    for p in proposals {
        let figures: Vec<&str> = p.figures.iter().map(|f| f.spec.as_str()).collect();
        let marked: Vec<String> = p
            .figures
            .iter()
            .map(|f| match f.unknown_metric.as_slice() {
                [] => f.spec.clone(),
                parts => format!("{} (not in the vocabulary: {})", f.spec, parts.join(", ")),
            })
            .collect();
        // The table shows the day the text dates the figures to next to them.
        let dated = match &p.as_of {
            Some(d) => format!("{} (as of {d})", marked.join(", ")),
            None => marked.join(", "),
        };
        let mut quote = p.quote.clone();
        if p.already_recorded {
            quote.push_str(" [already recorded]");
        }
        table.push(vec![
            p.n.to_string().into(),
            p.source_match.clone().into(),
            p.via_match.clone().unwrap_or_else(|| "-".into()).into(),
            dated.into(),
            format!("{:.2}", p.confidence).into(),
            quote.into(),
        ]);
        csv.push(vec![
            p.n.to_string().into(),
            p.source.clone().unwrap_or_default().into(),
            p.source_match.clone().into(),
            p.via.clone().unwrap_or_default().into(),
            figures.join(", ").into(),
            format!("{:.2}", p.confidence).into(),
            p.quote.clone().into(),
            p.quote_start.to_string().into(),
            p.quote_end.to_string().into(),
            p.already_recorded.to_string().into(),
        ]);
    }
    let n = proposals.len();
    let summary = if n == 0 {
        format!("No figures found in article {article_slug}.")
    } else if n == 1 {
        format!(
            "1 proposal from article {article_slug}; nothing was written. Record it with `crosscheck extract {article_slug} --accept` (add --incident SLUG to tie it to an incident)."
        )
    } else {
        format!(
            "{n} proposals from article {article_slug}; nothing was written. Record them with `crosscheck extract {article_slug} --accept`, or some of them by number (--accept 1,3); add --incident SLUG to tie them to an incident."
        )
    };
    let unknown = proposals
        .iter()
        .flat_map(|p| &p.figures)
        .filter(|f| !f.unknown_metric.is_empty())
        .count();
    let mut blocks = Vec::new();
    if n > 0 {
        blocks.push(Block::Table(table));
    }
    blocks.push(Block::Text(summary));
    if unknown > 0 {
        blocks.push(Block::Text(format!(
            "{unknown} figure{} name{} a metric not in the vocabulary; --accept records {} only with --new-metric (or add the names first with `crosscheck metric add`).",
            if unknown == 1 { "" } else { "s" },
            if unknown == 1 { "s" } else { "" },
            if unknown == 1 { "it" } else { "them" },
        )));
    }
    Output {
        json: json(proposals),
        blocks,
        csv,
    }
}

/// `extract --accept` in JSON.
#[derive(Serialize)]
struct AcceptedView<'a> {
    article: &'a str,
    recorded: &'a [i64],
    skipped: usize,
}

/// The confirmation of `extract --accept`: the claims recorded and how many proposals
/// were already recorded.
pub fn accepted(article_slug: &str, recorded: &[i64], skipped: usize) -> Output {
    done(
        format!(
            "recorded {} claim{} from article {article_slug}{}",
            recorded.len(),
            if recorded.len() == 1 { "" } else { "s" },
            if skipped > 0 {
                format!("; {skipped} already recorded, skipped")
            } else {
                String::new()
            }
        ),
        AcceptedView {
            article: article_slug,
            recorded,
            skipped,
        },
    )
}
