//! `compare` and `conflicts`: the figures sources disagree on, one incident at a time or
//! across the whole ledger. At the default tolerance both read the summary every write
//! keeps current (src/store/rules/summary.rs): `compare` its incident's rows, `conflicts`
//! only the rows with a finding, one incident at a time. Any other tolerance, or every
//! version, needs the figures themselves: the same rule over a scan.

use anyhow::Result;

use super::{resolve, Ctx};
use crate::cli::{CompareArgs, ConflictsArgs};
use crate::error::user;
use crate::model::compare::Comparison;
use crate::model::figure::is_valid_metric;
use crate::model::{Incident, Tolerance};
use crate::render::views::compare::{self, IncidentFindings};

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
    let (incident, comparison) = store.read_small(|l| {
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
    // Written as each incident's findings are read: one incident is held at a time.
    let out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut shown = compare::ConflictsList::new(out, ctx.format(), ctx.style, args.all)?;
    // At the default tolerance only the rows with a finding are read, each once (see
    // `Store::read_small`); another tolerance reads every figure.
    let read = |l: &mut dyn Ledger| -> Result<()> {
        let mut show = |incident: Incident, comparison: Comparison| -> Result<()> {
            Ok(shown.push(&IncidentFindings {
                incident: &incident,
                comparison: &comparison,
            })?)
        };
        if tolerance == Tolerance::DEFAULT {
            // The summary's rows with a finding, by the partial index.
            l.each_summary_finding(args.all, &mut show)?;
        } else {
            // Another tolerance: every incident's figures compared again.
            l.each_incident_figures(&mut |incident, records| {
                let comparison = Comparison::build(records, tolerance, false);
                let listed = if args.all {
                    comparison.has_findings()
                } else {
                    comparison.has_open_findings()
                };
                if listed {
                    show(incident, comparison)?;
                }
                Ok(())
            })?;
        }
        Ok(())
    };
    if tolerance == Tolerance::DEFAULT {
        store.read_small(read)?;
    } else {
        store.read(read)?;
    }
    shown.finish()?;
    Ok(())
}
