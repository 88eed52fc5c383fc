//! `compare` and `conflicts`: the comparison table (metrics down, origins across, the
//! conflicts marked), the ledger's open conflicts, and their JSON and one-row-per-figure
//! CSV.

use std::io::{self, Write};

use serde::Serialize;

use super::{group_digits, grouped, json, yes_no};
use crate::model::compare::{Compared, Comparison, MetricRow};
use crate::model::{FigureKind, Incident, Tolerance};
use crate::render::{
    for_terminal, Block, Cell, Format, Listing, Output, Style, Table, SCHEMA_VERSION,
};

/// A compared figure in JSON.
#[derive(Serialize)]
struct ComparedView<'a> {
    claim: i64,
    source: &'a str,
    via: Option<&'a str>,
    low: i64,
    high: Option<i64>,
    qualifier: &'static str,
    kind: &'static str,
    stated: String,
    status: &'static str,
    article: &'a str,
    as_of: &'a str,
    latest: bool,
}

impl ComparedView<'_> {
    fn new(c: &Compared) -> ComparedView<'_> {
        ComparedView {
            claim: c.record.claim_id,
            source: &c.record.origin,
            via: c.record.via.as_deref(),
            low: c.interval.low,
            high: c.interval.high,
            qualifier: c.record.figure.qualifier.as_str(),
            kind: c.record.figure.kind.as_str(),
            stated: c.record.figure.stated(),
            status: c.record.status.as_str(),
            article: &c.record.article,
            as_of: &c.record.as_of,
            latest: c.latest,
        }
    }
}

/// A metric row in JSON.
#[derive(Serialize)]
struct MetricView<'a> {
    metric: &'a str,
    conflict: bool,
    resolved: bool,
    inconsistent: bool,
    spread: Option<i64>,
    figures: Vec<ComparedView<'a>>,
}

impl MetricView<'_> {
    fn new(m: &MetricRow) -> MetricView<'_> {
        MetricView {
            metric: &m.metric,
            conflict: m.conflict,
            resolved: m.resolved,
            inconsistent: m.inconsistent,
            spread: m.spread,
            figures: m.figures.iter().map(ComparedView::new).collect(),
        }
    }
}

/// The incident a comparison is about, in JSON.
#[derive(Serialize)]
struct IncidentRef<'a> {
    id: i64,
    slug: &'a str,
    title: &'a str,
    date: Option<&'a str>,
    place: Option<&'a str>,
}

/// An inconsistent breakdown in JSON.
#[derive(Serialize)]
struct InconsistencyView<'a> {
    source: &'a str,
    metric: &'a str,
    detail: &'a str,
}

/// `compare` in JSON.
#[derive(Serialize)]
pub(super) struct ComparisonView<'a> {
    schema_version: u32,
    incident: IncidentRef<'a>,
    /// The tolerance of `~N`, as text (`10`, `2.5`).
    tolerance_percent: String,
    sources: Vec<&'a str>,
    metrics: Vec<MetricView<'a>>,
    inconsistencies: Vec<InconsistencyView<'a>>,
}

impl ComparisonView<'_> {
    /// The JSON of `compare`.
    pub(super) fn new<'a>(
        incident: &'a Incident,
        comparison: &'a Comparison,
        tolerance: Tolerance,
    ) -> ComparisonView<'a> {
        ComparisonView {
            schema_version: SCHEMA_VERSION,
            incident: IncidentRef {
                id: incident.id,
                slug: &incident.slug,
                title: &incident.title,
                date: incident.date.as_deref(),
                place: incident.place.as_deref(),
            },
            tolerance_percent: tolerance.to_string().trim_end_matches('%').to_string(),
            sources: comparison.origins.iter().map(|o| o.name.as_str()).collect(),
            metrics: comparison.metrics.iter().map(MetricView::new).collect(),
            inconsistencies: comparison
                .inconsistencies
                .iter()
                .map(|i| InconsistencyView {
                    source: &i.origin,
                    metric: &i.metric,
                    detail: &i.detail,
                })
                .collect(),
        }
    }
}

/// A metric row of `conflicts` in JSON: as in `compare`, with its incident.
#[derive(Serialize)]
struct ConflictView<'a> {
    #[serde(flatten)]
    metric: MetricView<'a>,
    incident: &'a str,
}

/// A figure as a comparison cell shows it: `13`, `~280,000 estimated`, `4 via Reuters`.
fn cell_text(c: &Compared) -> String {
    let mut text = group_digits(&c.record.figure.stated());
    if c.record.figure.kind != FigureKind::Reported {
        text.push(' ');
        text.push_str(c.record.figure.kind.as_str());
    }
    if let Some(via) = &c.record.via {
        text.push_str(" via ");
        text.push_str(via);
    }
    text
}

/// What one origin gave for one metric: its latest figure, and its earlier ones when
/// they are shown; `-` when it gave none.
fn origin_cell(m: &MetricRow, origin_id: i64) -> String {
    let mut mine = m.figures.iter().filter(|f| f.record.origin_id == origin_id);
    let mut text = String::new();
    if let Some(latest) = mine.clone().find(|f| f.latest) {
        text = cell_text(latest);
    }
    let earlier: Vec<String> = mine
        .by_ref()
        .filter(|f| !f.latest)
        .map(|f| format!("{} ({})", cell_text(f), f.record.as_of))
        .collect();
    if !earlier.is_empty() {
        if text.is_empty() {
            text.push('-');
        }
        text.push_str(&format!("\nearlier: {}", earlier.join("; ")));
    }
    if text.is_empty() {
        text.push('-');
    }
    text
}

fn spread_text(m: &MetricRow) -> String {
    m.spread.map_or("-".to_string(), grouped)
}

/// The comparison as printed: metrics down, origins across.
fn metrics_down(comparison: &Comparison) -> Table {
    let mut headers: Vec<&str> = vec!["metric"];
    headers.extend(comparison.origins.iter().map(|o| o.name.as_str()));
    headers.extend(["spread", "conflict", "inconsistent"]);
    let mut table = Table::new(&headers).nowrap(&[0]);
    for m in &comparison.metrics {
        let mut row: Vec<Cell> = vec![Cell::alert(m.metric.clone(), m.conflict || m.inconsistent)];
        for origin in &comparison.origins {
            row.push(origin_cell(m, origin.id).into());
        }
        row.push(spread_text(m).into());
        row.push(yes_no(m.conflict));
        row.push(yes_no(m.inconsistent));
        table.push(row);
    }
    table
}

/// The comparison turned: origins down, `metrics` across, then a row each for the
/// spread, the conflict and the inconsistency. An origin with no figure for any of
/// these metrics is left out.
fn origins_down(comparison: &Comparison, metrics: &[&MetricRow]) -> Table {
    let mut headers: Vec<&str> = vec!["source"];
    headers.extend(metrics.iter().map(|m| m.metric.as_str()));
    let mut table = Table::new(&headers);
    for origin in &comparison.origins {
        if !metrics
            .iter()
            .any(|m| m.figures.iter().any(|f| f.record.origin_id == origin.id))
        {
            continue;
        }
        let mut row: Vec<Cell> = vec![origin.name.clone().into()];
        row.extend(
            metrics
                .iter()
                .map(|m| Cell::from(origin_cell(m, origin.id))),
        );
        table.push(row);
    }
    let mut spread: Vec<Cell> = vec!["spread".into()];
    spread.extend(metrics.iter().map(|m| Cell::from(spread_text(m))));
    table.push(spread);
    let mut conflict: Vec<Cell> = vec!["conflict".into()];
    conflict.extend(metrics.iter().map(|m| yes_no(m.conflict)));
    table.push(conflict);
    let mut inconsistent: Vec<Cell> = vec!["inconsistent".into()];
    inconsistent.extend(metrics.iter().map(|m| yes_no(m.inconsistent)));
    table.push(inconsistent);
    table
}

/// `compare`: the table, a summary under it, and one CSV row per figure. The table has
/// metrics down and origins across; when that is wider than the terminal, or when
/// `transpose` asks, it turns (origins down), and when even that is too wide, it shows
/// one small table per metric.
pub fn compare(
    incident: &Incident,
    comparison: &Comparison,
    tolerance: Tolerance,
    transpose: bool,
) -> Output {
    let mut blocks = vec![Block::Heading(format!(
        "{} — {}{}",
        incident.slug,
        incident.title,
        incident
            .date
            .as_ref()
            .map(|d| format!(" ({d})"))
            .unwrap_or_default()
    ))];
    if comparison.metrics.is_empty() {
        blocks.push(Block::Text(format!(
            "No figures recorded for {} yet; add claims with --figure, e.g. `crosscheck claim add --incident {} … --figure killed=13`.",
            incident.slug, incident.slug
        )));
    } else {
        let all: Vec<&MetricRow> = comparison.metrics.iter().collect();
        let turned = vec![Block::Table(origins_down(comparison, &all))];
        let per_metric: Vec<Block> = comparison
            .metrics
            .iter()
            .map(|m| Block::Table(origins_down(comparison, &[m])))
            .collect();
        let mut choices = Vec::new();
        if !transpose {
            choices.push(vec![Block::Table(metrics_down(comparison))]);
        }
        choices.extend([turned, per_metric]);
        blocks.push(Block::Fitting(choices));
        blocks.push(Block::Text(summary(comparison, tolerance)));
    }
    let mut csv = figure_csv();
    for m in &comparison.metrics {
        for f in &m.figures {
            csv.push(figure_csv_row(&incident.slug, m, f));
        }
    }
    Output {
        json: json(ComparisonView::new(incident, comparison, tolerance)),
        blocks,
        csv,
    }
}

/// The CSV of `compare` and `conflicts`: one row per figure.
fn figure_csv() -> Table {
    Table::new(&[
        "incident",
        "metric",
        "source",
        "via",
        "stated",
        "low",
        "high",
        "qualifier",
        "kind",
        "status",
        "claim",
        "article",
        "as_of",
        "latest",
        "spread",
        "conflict",
        "inconsistent",
        "resolved",
    ])
}

fn figure_csv_row(incident: &str, m: &MetricRow, f: &Compared) -> Vec<Cell> {
    vec![
        incident.into(),
        m.metric.clone().into(),
        f.record.origin.clone().into(),
        f.record.via.clone().unwrap_or_default().into(),
        f.record.figure.stated().into(),
        f.interval.low.to_string().into(),
        f.interval
            .high
            .map(|h| h.to_string())
            .unwrap_or_default()
            .into(),
        f.record.figure.qualifier.as_str().into(),
        f.record.figure.kind.as_str().into(),
        f.record.status.as_str().into(),
        f.record.claim_id.to_string().into(),
        f.record.article.clone().into(),
        f.record.as_of.clone().into(),
        f.latest.to_string().into(),
        m.spread.map(|s| s.to_string()).unwrap_or_default().into(),
        m.conflict.to_string().into(),
        m.inconsistent.to_string().into(),
        m.resolved.to_string().into(),
    ]
}

fn summary(c: &Comparison, tolerance: Tolerance) -> String {
    // A resolved conflict is still a conflict of the sources' figures; it says so.
    let conflicts: Vec<String> = c
        .metrics
        .iter()
        .filter(|m| m.conflict)
        .map(|m| {
            if m.resolved {
                format!("{} (resolved)", m.metric)
            } else {
                m.metric.clone()
            }
        })
        .collect();
    let mut lines = vec![match conflicts.len() {
        0 => "No conflicts: every source's figures overlap.".to_string(),
        1 => format!("1 conflict: {}.", conflicts[0]),
        n => format!("{n} conflicts: {}.", conflicts.join(", ")),
    }];
    for i in &c.inconsistencies {
        lines.push(format!("Inconsistent: {} gives {}.", i.origin, i.detail));
    }
    lines.push(format!(
        "Each source's latest figure counts; ~N spans ±{tolerance}. Sources are origins: a figure relayed by an outlet counts once, for whoever gave it."
    ));
    lines.join("\n")
}

/// One incident's findings for `conflicts`.
pub struct IncidentFindings<'a> {
    /// The incident.
    pub incident: &'a Incident,
    /// Its comparison.
    pub comparison: &'a Comparison,
}

/// The metrics of one incident that `conflicts` lists: those still open (a conflict
/// not resolved, or a breakdown that does not add up); with `all`, resolved conflicts
/// too.
fn listed<'a>(f: &'a IncidentFindings<'_>, all: bool) -> impl Iterator<Item = &'a MetricRow> {
    f.comparison
        .metrics
        .iter()
        .filter(move |m| m.is_open() || (all && m.conflict))
}

/// A metric's row in the table of `conflicts`.
fn conflict_row(incident: &str, m: &MetricRow) -> Vec<Cell> {
    let figures: Vec<String> = m
        .figures
        .iter()
        .filter(|c| c.latest)
        .map(|c| format!("{}: {}", c.record.origin, cell_text(c)))
        .collect();
    let conflict = if m.resolved {
        Cell::alert("resolved", false)
    } else {
        yes_no(m.conflict)
    };
    vec![
        incident.into(),
        m.metric.clone().into(),
        conflict,
        yes_no(m.inconsistent),
        spread_text(m).into(),
        figures.join("; ").into(),
    ]
}

fn conflicts_table() -> Table {
    Table::new(&[
        "incident",
        "metric",
        "conflict",
        "inconsistent",
        "spread",
        "figures",
    ])
}

/// What `conflicts` prints when nothing is listed.
const NO_CONFLICTS: &str = "No conflicts or inconsistent breakdowns in the ledger.";

/// The line under the table of `conflicts`: how many metrics are open, and resolved.
fn conflicts_count(listed: usize, resolved: usize) -> String {
    let open = listed - resolved;
    let mut line = format!(
        "{open} metric{} to resolve",
        if open == 1 { "" } else { "s" }
    );
    if resolved > 0 {
        line.push_str(&format!(", {resolved} resolved"));
    }
    line.push('.');
    line
}

/// `conflicts`: the metrics still open (a conflict not resolved, or a breakdown that
/// does not add up); with `all`, resolved conflicts too, marked `resolved`. All of it at
/// once, as it was written before [`ConflictsList`]: what the streamed text is held to.
#[cfg(test)]
fn conflicts(found: &[IncidentFindings<'_>], all: bool) -> Output {
    let mut table = conflicts_table();
    let mut csv = figure_csv();
    let mut docs = Vec::new();
    let mut resolved = 0;
    for f in found {
        for m in listed(f, all) {
            if m.resolved {
                resolved += 1;
            }
            table.push(conflict_row(&f.incident.slug, m));
            for c in &m.figures {
                csv.push(figure_csv_row(&f.incident.slug, m, c));
            }
            docs.push(ConflictView {
                metric: MetricView::new(m),
                incident: &f.incident.slug,
            });
        }
    }
    let blocks = if table.rows.is_empty() {
        vec![Block::Text(NO_CONFLICTS.to_string())]
    } else {
        let line = conflicts_count(table.rows.len(), resolved);
        vec![Block::Table(table), Block::Text(line)]
    };
    Output {
        json: json(docs),
        blocks,
        csv,
    }
}

/// `conflicts`, written as each incident's findings are read (see [`Listing`]): only
/// one incident's comparison is held, whatever the ledger's size, and the text is byte
/// for byte what [`conflicts`] gives for all of them.
pub struct ConflictsList<W: Write> {
    listing: Listing<W>,
    all: bool,
    /// Metrics listed, and of them, resolved.
    listed: usize,
    resolved: usize,
}

impl<W: Write> ConflictsList<W> {
    /// `conflicts` (with `all`: resolved conflicts too) in `format` to `out`.
    pub fn new(out: W, format: Format, style: Style, all: bool) -> io::Result<ConflictsList<W>> {
        let csv = figure_csv();
        let headers: Vec<&str> = csv.headers.iter().map(String::as_str).collect();
        Ok(ConflictsList {
            listing: Listing::new(
                out,
                format,
                style,
                conflicts_table(),
                &headers,
                Some(NO_CONFLICTS),
            )?,
            all,
            listed: 0,
            resolved: 0,
        })
    }

    /// One incident's findings, in the listing's format only.
    pub fn push(&mut self, f: &IncidentFindings<'_>) -> io::Result<()> {
        let slug = &f.incident.slug;
        for m in listed(f, self.all) {
            self.listed += 1;
            if m.resolved {
                self.resolved += 1;
            }
            match self.listing.format() {
                Format::Json => self.listing.json(&ConflictView {
                    metric: MetricView::new(m),
                    incident: slug,
                })?,
                Format::Csv => {
                    for c in &m.figures {
                        self.listing.csv(&figure_csv_row(slug, m, c))?;
                    }
                }
                Format::Table => self.listing.row(conflict_row(slug, m))?,
            }
        }
        Ok(())
    }

    /// Writes what is left: a table's count of metrics under it.
    pub fn finish(self) -> io::Result<W> {
        let format = self.listing.format();
        let mut out = self.listing.finish()?;
        if format == Format::Table && self.listed > 0 {
            let line = conflicts_count(self.listed, self.resolved);
            writeln!(out)?;
            writeln!(out, "{}", for_terminal(&line))?;
            out.flush()?;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::compare::FigureRecord;
    use crate::model::{Figure, Status};
    use crate::render::write;

    fn incident(id: i64, slug: &str) -> Incident {
        Incident {
            id,
            slug: slug.to_string(),
            title: format!("Incident {id}"),
            date: None,
            place: None,
            created_at: "2026-11-27T10:00:00Z".to_string(),
        }
    }

    fn rec(claim: i64, origin: &str, spec: &str, status: Status) -> FigureRecord {
        FigureRecord {
            claim_id: claim,
            origin_id: claim,
            origin: origin.to_string(),
            via: (claim % 2 == 0).then(|| "Reuters".to_string()),
            figure: Figure::parse(spec).expect("valid spec"),
            status,
            article: "a".into(),
            as_of: "2022-02-03T10:00:00Z".into(),
        }
    }

    /// Written incident by incident, pass by pass, every format reads byte for byte as
    /// the whole output: nothing listed, open conflicts and inconsistencies, and a
    /// resolved conflict with and without `--all`, at widths that fit and that wrap.
    #[test]
    fn a_streamed_conflict_list_writes_what_the_whole_list_writes() {
        let atme = incident(1, "raid-in-atme");
        let derna = incident(2, "derna-floods");
        let open = Comparison::build(
            vec![
                rec(1, "Syrian Observatory", "killed=13", Status::Unverified),
                rec(2, "Pentagon", "killed<=2", Status::Unverified),
                rec(3, "Civil Defence", "killed.children=16", Status::Unverified),
                rec(3, "Civil Defence", "killed=13", Status::Unverified),
            ],
            Tolerance::DEFAULT,
            false,
        );
        let resolved = Comparison::build(
            vec![
                rec(4, "Red Crescent", "killed=11300", Status::Verified),
                rec(5, "Mayor \u{202e}of Derna", "killed~20000", Status::False),
            ],
            Tolerance::DEFAULT,
            false,
        );
        let cases: Vec<Vec<(&Incident, &Comparison)>> = vec![
            vec![],
            vec![(&atme, &open)],
            vec![(&atme, &open), (&derna, &resolved)],
        ];
        for found in &cases {
            let found: Vec<IncidentFindings<'_>> = found
                .iter()
                .map(|(incident, comparison)| IncidentFindings {
                    incident,
                    comparison,
                })
                .collect();
            for all in [false, true] {
                for format in [Format::Json, Format::Csv, Format::Table] {
                    for width in [40, 100, 300] {
                        let style = Style {
                            color: false,
                            tty: false,
                            width: Some(width),
                        };
                        let mut expected = Vec::new();
                        write(&mut expected, &conflicts(&found, all), format, style)
                            .expect("write");
                        let text = String::from_utf8_lossy(&expected);
                        assert_eq!(text.contains("raid-in-atme"), !found.is_empty(), "{text}");
                        if all && found.len() == 2 {
                            assert!(text.contains("derna-floods"), "{text}");
                        }
                        let mut list =
                            ConflictsList::new(Vec::new(), format, style, all).expect("new");
                        for f in &found {
                            list.push(f).expect("push");
                        }
                        let streamed = list.finish().expect("finish");
                        assert_eq!(
                            String::from_utf8(streamed).expect("UTF-8"),
                            String::from_utf8(expected).expect("UTF-8"),
                            "{format:?} at width {width}, all {all}, {} incidents",
                            found.len()
                        );
                    }
                }
            }
        }
    }
}
