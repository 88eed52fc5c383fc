//! `compare` and `conflicts`: the figures sources disagree on, one incident at a time or
//! across the whole ledger. At the default tolerance both read the summary every write
//! keeps current (src/store/rules/summary.rs): `compare` its incident's rows, `conflicts`
//! only the rows with a finding, one incident at a time. Any other tolerance, or every
//! version, needs the figures themselves: the same rule over a scan.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::Result;

use super::{resolve, Ctx};
use crate::cli::{CompareArgs, ConflictsArgs};
use crate::error::user;
use crate::model::compare::{Comparison, FigureRecord};
use crate::model::figure::is_valid_metric;
use crate::model::{Incident, Tolerance};
use crate::render::views::compare::{self, IncidentFindings};
use crate::render::{self, Format};
use crate::store::Ledger;

fn tolerance(text: &str) -> Result<Tolerance> {
    Tolerance::parse(text).map_err(|e| user(format!("--tolerance: {e}")))
}

/// The comparison of one incident, optionally narrowed to one metric and its parts.
pub(super) fn comparison(
    ledger: &mut dyn Ledger,
    incident: &Incident,
    metric: Option<&str>,
    tolerance: Tolerance,
    all_versions: bool,
) -> Result<Comparison> {
    let mut comparison = if tolerance == Tolerance::DEFAULT && !all_versions {
        ledger.summary_comparison(incident.id)?
    } else {
        let records = ledger.incident_figures(incident.id)?;
        Comparison::build(records, tolerance, all_versions)
    };
    if let Some(metric) = metric {
        let within = |m: &str| {
            m == metric
                || m.strip_prefix(metric)
                    .is_some_and(|rest| rest.starts_with('.'))
        };
        let known: Vec<String> = comparison
            .metrics
            .iter()
            .map(|m| m.metric.clone())
            .collect();
        comparison.metrics.retain(|m| within(&m.metric));
        comparison.inconsistencies.retain(|i| within(&i.metric));
        if comparison.metrics.is_empty() {
            return Err(user(format!(
                "incident {} has no figures for metric '{metric}'; its metrics are: {}",
                incident.slug,
                if known.is_empty() {
                    "none yet".to_string()
                } else {
                    known.join(", ")
                }
            )));
        }
        let keep: Vec<i64> = comparison
            .metrics
            .iter()
            .flat_map(|m| m.figures.iter().map(|f| f.record.origin_id))
            .collect();
        comparison.origins.retain(|o| keep.contains(&o.id));
    }
    Ok(comparison)
}

pub(super) fn compare(ctx: &Ctx, args: CompareArgs) -> Result<()> {
    let tolerance = tolerance(&args.tolerance)?;
    let metric = args.metric.as_deref().map(str::trim);
    if let Some(m) = metric {
        if !is_valid_metric(m) {
            return Err(user(format!(
                "--metric '{m}' is not a metric name; write lowercase dotted words such as killed or killed.children"
            )));
        }
    }
    let mut store = ctx.open()?;
    let (incident, comparison) = store.read(|l| {
        let incident = resolve::incident(l, &args.incident)?;
        let comparison = comparison(l, &incident, metric, tolerance, args.all_versions)?;
        Ok((incident, comparison))
    })?;
    ctx.emit(compare::compare(
        &incident,
        &comparison,
        tolerance,
        args.transpose,
    ))
}

pub(super) fn conflicts(ctx: &Ctx, args: ConflictsArgs) -> Result<()> {
    let tolerance = tolerance(&args.tolerance)?;
    let mut store = ctx.open()?;
    if tolerance == Tolerance::DEFAULT && ctx.format() != Format::Table {
        return store.read(|l| stream_conflicts(ctx.format(), l, args.all));
    }
    if tolerance == Tolerance::DEFAULT {
        // A table's columns fit its widest cell: the rows are gathered first (only
        // those with a finding).
        let found = store.read(|l| {
            let mut found: Vec<(Incident, Comparison)> = Vec::new();
            l.each_summary_finding(args.all, &mut |incident, comparison| {
                found.push((incident, comparison));
                Ok(())
            })?;
            Ok(found)
        })?;
        let found: Vec<IncidentFindings<'_>> = found
            .iter()
            .map(|(incident, comparison)| IncidentFindings {
                incident,
                comparison,
            })
            .collect();
        return ctx.emit(compare::conflicts(&found, args.all));
    }
    let (incidents, comparisons) = store.read(|l| {
        let incidents: Vec<Incident> = l
            .list_incidents()?
            .into_iter()
            .map(|i| i.incident)
            .collect();
        let mut by_incident: BTreeMap<i64, Vec<FigureRecord>> = BTreeMap::new();
        for f in l.all_incident_figures()? {
            by_incident.entry(f.incident_id).or_default().push(f.record);
        }
        let comparisons: BTreeMap<i64, Comparison> = by_incident
            .into_iter()
            .map(|(id, records)| (id, Comparison::build(records, tolerance, false)))
            .filter(|(_, c)| {
                if args.all {
                    c.has_findings()
                } else {
                    c.has_open_findings()
                }
            })
            .collect();
        Ok((incidents, comparisons))
    })?;
    let mut found: Vec<IncidentFindings<'_>> = Vec::new();
    // Incidents in the order `incident list` shows them: latest first.
    for incident in &incidents {
        if let Some(comparison) = comparisons.get(&incident.id) {
            found.push(IncidentFindings {
                incident,
                comparison,
            });
        }
    }
    ctx.emit(compare::conflicts(&found, args.all))
}

/// `conflicts --format json` or `csv` at the default tolerance: each incident's findings
/// are written as the summary yields them, so only one incident is ever held. The output
/// is byte for byte what rendering them all at once gives.
fn stream_conflicts(format: Format, ledger: &mut dyn Ledger, all: bool) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut written = 0usize;
    if format == Format::Csv {
        render::write_csv_part(&mut out, &compare::conflicts(&[], all).csv, true)?;
    }
    ledger.each_summary_finding(all, &mut |incident, comparison| {
        let part = compare::conflicts(
            &[IncidentFindings {
                incident: &incident,
                comparison: &comparison,
            }],
            all,
        );
        if format == Format::Csv {
            render::write_csv_part(&mut out, &part.csv, false)?;
            return Ok(());
        }
        // The elements of one pretty-printed array, each indented as inside it.
        for doc in part.json.as_array().into_iter().flatten() {
            out.write_all(if written == 0 { b"[\n" } else { b",\n" })?;
            let text = render::json_text(doc);
            let indented: Vec<String> = text.lines().map(|l| format!("  {l}")).collect();
            out.write_all(indented.join("\n").as_bytes())?;
            written += 1;
        }
        Ok(())
    })?;
    if format == Format::Json {
        out.write_all(if written == 0 { b"[]\n" } else { b"\n]\n" })?;
    }
    out.flush()?;
    Ok(())
}
