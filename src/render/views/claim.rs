//! `claim add|list|show`: a claim as a row of a list (also under an article, a source or
//! an incident), as a page of fields with its figures and history, and as JSON.

use serde::Serialize;

use super::status::{
    history_blocks, AssignmentView, ChangeView, CorrectionView, ErasureView, EvidenceView,
    ReviewView, Timeline,
};
use super::{done, json, opt};
use crate::model::{Claim, ClaimFigure, Tolerance};
use std::io::{self, Write};

use crate::render::{Block, Cell, Format, Listing, Output, Style, Table, SCHEMA_VERSION};

/// A figure in JSON.
#[derive(Serialize)]
struct FigureView {
    metric: String,
    spec: String,
    stated: String,
    low: i64,
    high: Option<i64>,
    qualifier: &'static str,
    kind: &'static str,
}

impl FigureView {
    fn new(f: &ClaimFigure) -> FigureView {
        let interval = f.figure.interval(Tolerance::DEFAULT);
        FigureView {
            metric: f.figure.metric.clone(),
            spec: f.figure.spec(),
            stated: f.figure.stated(),
            low: interval.low,
            high: interval.high,
            qualifier: f.figure.qualifier.as_str(),
            kind: f.figure.kind.as_str(),
        }
    }
}

/// A claim in JSON.
#[derive(Serialize)]
struct ClaimView<'a> {
    id: i64,
    key: i64,
    status: &'static str,
    article: &'a str,
    incident: Option<&'a str>,
    source: &'a str,
    via: Option<&'a str>,
    text: &'a str,
    quote: Option<&'a str>,
    quote_start: Option<i64>,
    quote_end: Option<i64>,
    translation: Option<&'a str>,
    as_of: &'a str,
    figures: Vec<FigureView>,
    created_at: &'a str,
    created_by: &'a str,
}

impl ClaimView<'_> {
    fn new(c: &Claim) -> ClaimView<'_> {
        ClaimView {
            id: c.id,
            key: c.key,
            status: c.status.as_str(),
            article: &c.article_slug,
            incident: c.incident_slug.as_deref(),
            source: &c.source_name,
            via: c.via_name.as_deref(),
            text: &c.text,
            quote: c.quote.as_deref(),
            quote_start: c.quote_span.map(|s| s.0),
            quote_end: c.quote_span.map(|s| s.1),
            translation: c.translation.as_deref(),
            as_of: &c.as_of,
            figures: c.figures.iter().map(FigureView::new).collect(),
            created_at: &c.created_at,
            created_by: &c.created_by,
        }
    }
}

/// One version of a claim as `claim show` lists it.
pub struct VersionSummary<'a> {
    /// Its number, from 1.
    pub version: usize,
    /// The version.
    pub claim: &'a Claim,
    /// What differs from the version before it (nothing for the first).
    pub changed: Vec<&'static str>,
    /// Why it was superseded or withdrawn, when it was.
    pub note: Option<&'a str>,
}

/// A version in JSON.
#[derive(Serialize)]
struct VersionView<'a> {
    version: usize,
    claim: i64,
    status: &'static str,
    current: bool,
    created_at: &'a str,
    created_by: &'a str,
    changed: &'a [&'static str],
    note: Option<&'a str>,
}

/// The version that stands: the last one (in play, retracted or withdrawn).
fn current_of(versions: &[VersionSummary<'_>]) -> Option<i64> {
    versions.last().map(|v| v.claim.id)
}

/// `claim show` in JSON: the claim, its history and its evidence.
#[derive(Serialize)]
struct ClaimShown<'a> {
    #[serde(flatten)]
    claim: ClaimView<'a>,
    schema_version: u32,
    version: usize,
    current: Option<i64>,
    versions: Vec<VersionView<'a>>,
    history: Vec<ChangeView<'a>>,
    evidence: Vec<EvidenceView<'a>>,
    corrections: Vec<CorrectionView<'a>>,
    erasures: Vec<ErasureView<'a>>,
    assigned_to: Option<&'a str>,
    reviews: Vec<ReviewView<'a>>,
    assignments: Vec<AssignmentView<'a>>,
}

/// The figures of a claim as one short line: `killed=13, killed.children=4`.
fn figures_line(c: &Claim) -> String {
    c.figures
        .iter()
        .map(|f| f.figure.spec())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Who made a claim, and who relayed it.
fn source_with_via(c: &Claim) -> String {
    match &c.via_name {
        Some(via) => format!("{} (via {via})", c.source_name),
        None => c.source_name.clone(),
    }
}

/// The confirmation of `claim add`.
pub fn added(c: &Claim) -> Output {
    done(
        format!(
            "recorded claim {} ({}{})",
            c.id,
            c.source_name,
            if c.figures.is_empty() {
                String::new()
            } else {
                format!(": {}", figures_line(c))
            }
        ),
        ClaimView::new(c),
    )
}

/// A correction as `claim correct` answers it.
pub struct CorrectedClaim<'a> {
    /// The new version.
    pub claim: &'a Claim,
    /// The version it supersedes.
    pub supersedes: i64,
    /// Its number among the versions, from 1.
    pub version: usize,
    /// What differs from the version it supersedes.
    pub changed: &'a [&'static str],
    /// Why.
    pub note: &'a str,
}

/// `claim correct` in JSON: the new version, and what it replaced and why.
#[derive(Serialize)]
struct CorrectedView<'a> {
    #[serde(flatten)]
    claim: ClaimView<'a>,
    version: usize,
    supersedes: i64,
    changed: &'a [&'static str],
    note: &'a str,
}

/// The confirmation of `claim correct`.
pub fn corrected(c: &CorrectedClaim<'_>) -> Output {
    done(
        format!(
            "recorded claim {}, version {} of claim {} (changed: {}); claim {} is superseded",
            c.claim.id,
            c.version,
            c.claim.key,
            c.changed.join(", "),
            c.supersedes
        ),
        CorrectedView {
            claim: ClaimView::new(c.claim),
            version: c.version,
            supersedes: c.supersedes,
            changed: c.changed,
            note: c.note,
        },
    )
}

/// Claims as a table: the list, and the claims under an article, source or incident.
pub(super) fn claim_table(claims: &[Claim]) -> Table {
    let mut table = claim_table_head();
    for c in claims {
        table.push(claim_table_row(c));
    }
    table
}

fn claim_table_head() -> Table {
    Table::new(&["id", "status", "source", "incident", "figures", "text"]).nowrap(&[0, 1])
}

fn claim_table_row(c: &Claim) -> Vec<Cell> {
    vec![
        c.id.to_string().into(),
        c.status.as_str().into(),
        source_with_via(c).into(),
        opt(&c.incident_slug).into(),
        figures_line(c).into(),
        c.text.clone().into(),
    ]
}

const CLAIM_CSV: &[&str] = &[
    "id",
    "status",
    "article",
    "incident",
    "source",
    "via",
    "text",
    "quote",
    "quote_start",
    "quote_end",
    "translation",
    "as_of",
    "figures",
    "created_at",
    "created_by",
];

fn claim_csv(claims: &[Claim]) -> Table {
    let mut csv = Table::new(CLAIM_CSV);
    for c in claims {
        csv.push(claim_csv_row(c));
    }
    csv
}

fn claim_csv_row(c: &Claim) -> Vec<Cell> {
    let num = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    vec![
        c.id.to_string().into(),
        c.status.as_str().into(),
        c.article_slug.clone().into(),
        c.incident_slug.clone().unwrap_or_default().into(),
        c.source_name.clone().into(),
        c.via_name.clone().unwrap_or_default().into(),
        c.text.clone().into(),
        c.quote.clone().unwrap_or_default().into(),
        num(c.quote_span.map(|s| s.0)).into(),
        num(c.quote_span.map(|s| s.1)).into(),
        c.translation.clone().unwrap_or_default().into(),
        c.as_of.clone().into(),
        figures_line(c).into(),
        c.created_at.clone().into(),
        c.created_by.clone().into(),
    ]
}

/// `claim list`, written as the claims are read (see [`Listing`]).
pub struct ClaimList<W: Write>(Listing<W>);

impl<W: Write> ClaimList<W> {
    /// A list in `format` to `out`.
    pub fn new(out: W, format: Format, style: Style) -> io::Result<ClaimList<W>> {
        Listing::new(out, format, style, claim_table_head(), CLAIM_CSV, None).map(ClaimList)
    }

    /// One claim, in the listing's format only.
    pub fn push(&mut self, c: &Claim) -> io::Result<()> {
        match self.0.format() {
            Format::Json => self.0.json(&ClaimView::new(c)),
            Format::Csv => self.0.csv(&claim_csv_row(c)),
            Format::Table => self.0.row(claim_table_row(c)),
        }
    }

    /// Writes what is left.
    pub fn finish(self) -> io::Result<W> {
        self.0.finish()
    }
}

/// `claim list`, whole.
pub fn list(claims: &[Claim]) -> Output {
    Output {
        json: json(claims.iter().map(ClaimView::new).collect::<Vec<_>>()),
        blocks: vec![Block::Table(claim_table(claims))],
        csv: claim_csv(claims),
    }
}

fn interval_text(low: i64, high: Option<i64>) -> String {
    match high {
        Some(h) if h == low => format!("[{low}]"),
        Some(h) => format!("[{low}, {h}]"),
        None => format!("[{low}, ∞)"),
    }
}

/// `claim show`: the claim, and, when it has several versions, which one this is and a
/// table of them all.
pub fn show<'a>(c: &'a Claim, t: &Timeline<'a>, versions: &'a [VersionSummary<'a>]) -> Output {
    let version = versions
        .iter()
        .find(|v| v.claim.id == c.id)
        .map_or(1, |v| v.version);
    let current = current_of(versions);
    let mut fields = vec![("claim".to_string(), c.id.to_string())];
    if versions.len() > 1 {
        let standing = if current == Some(c.id) {
            "current".to_string()
        } else {
            format!("current: claim {}", current.unwrap_or(c.id))
        };
        fields.push((
            "version".to_string(),
            format!(
                "{version} of {} (claim key {}; {standing})",
                versions.len(),
                c.key
            ),
        ));
    }
    fields.extend([
        ("status".to_string(), c.status.as_str().to_string()),
        ("source".to_string(), source_with_via(c)),
        ("article".to_string(), c.article_slug.clone()),
        ("incident".to_string(), opt(&c.incident_slug)),
        ("as of".to_string(), c.as_of.clone()),
        ("text".to_string(), c.text.clone()),
    ]);
    if let Some(q) = &c.quote {
        let at = match c.quote_span {
            Some((s, e)) => format!(" (characters {s}-{e})"),
            None => String::new(),
        };
        fields.push(("quote".to_string(), format!("“{q}”{at}")));
    }
    if let Some(t) = &c.translation {
        fields.push(("translation".to_string(), t.clone()));
    }
    fields.push((
        "recorded".to_string(),
        format!("{} by {}", c.created_at, c.created_by),
    ));
    if let Some(name) = t.assignee() {
        fields.push(("assigned to".to_string(), name.to_string()));
    }
    let mut blocks = vec![Block::Fields(fields)];
    if !c.figures.is_empty() {
        let mut t = Table::new(&["metric", "figure", "interval", "qualifier", "kind"]).nowrap(&[0]);
        for f in &c.figures {
            let i = f.figure.interval(Tolerance::DEFAULT);
            t.push(vec![
                f.figure.metric.clone().into(),
                f.figure.stated().into(),
                interval_text(i.low, i.high).into(),
                f.figure.qualifier.as_str().into(),
                f.figure.kind.as_str().into(),
            ]);
        }
        blocks.push(Block::Table(t));
    }
    blocks.extend(history_blocks(t));
    if versions.len() > 1 {
        let mut table = Table::new(&["version", "claim", "status", "recorded", "changed", "note"])
            .nowrap(&[0, 1, 2]);
        for v in versions {
            let mark = if v.claim.id == c.id { " (this)" } else { "" };
            table.push(vec![
                format!("{}{mark}", v.version).into(),
                v.claim.id.to_string().into(),
                v.claim.status.as_str().into(),
                format!("{} by {}", v.claim.created_at, v.claim.created_by).into(),
                if v.changed.is_empty() {
                    "-".to_string()
                } else {
                    v.changed.join(", ")
                }
                .into(),
                v.note.unwrap_or("-").to_string().into(),
            ]);
        }
        blocks.push(Block::Heading("versions".to_string()));
        blocks.push(Block::Table(table));
    }
    Output {
        json: json(ClaimShown {
            claim: ClaimView::new(c),
            schema_version: SCHEMA_VERSION,
            version,
            current,
            versions: versions
                .iter()
                .map(|v| VersionView {
                    version: v.version,
                    claim: v.claim.id,
                    status: v.claim.status.as_str(),
                    current: current == Some(v.claim.id),
                    created_at: &v.claim.created_at,
                    created_by: &v.claim.created_by,
                    changed: &v.changed,
                    note: v.note,
                })
                .collect(),
            history: t.history_json(),
            evidence: t.evidence_json(),
            corrections: t.corrections_json(),
            erasures: t.erasures_json(),
            assigned_to: t.assignee(),
            reviews: t.reviews_json(),
            assignments: t.assignments_json(),
        }),
        blocks,
        csv: claim_csv(std::slice::from_ref(c)),
    }
}
