//! `lint`: the publish gate. Lists what should stop an incident's report from going out
//! (a verdict resting on no evidence, a verified figure another origin contradicts, a
//! claim whose only known origin is the outlet that carried it, a breakdown that does not
//! add up, claims crediting one of two sources whose names are one to a reader) and exits
//! 1 while anything is listed, so a newsroom's CI can run it.

use std::collections::HashMap;

use anyhow::{anyhow, Result};

use super::{compare, resolve, Ctx};
use crate::cli::LintArgs;
use crate::model::{Incident, SourceKind, Status, Tolerance};
use crate::render::views::lint::{self, Finding};
use crate::store::ClaimFilter;

pub(super) fn run(ctx: &Ctx, args: LintArgs) -> Result<()> {
    let mut store = ctx.open()?;
    let (scope, claims, findings) = store.read(|l| {
        let incidents: Vec<Incident> = match &args.incident {
            Some(key) => vec![resolve::incident(l, key)?],
            None => l.list_incidents()?.into_iter().map(|i| i.incident).collect(),
        };
        let kinds: HashMap<i64, SourceKind> = l
            .list_sources(None)?
            .into_iter()
            .map(|s| (s.source.id, s.source.kind))
            .collect();
        let twins = super::source::twins(l)?;
        let mut findings = Vec::new();
        let mut checked = 0;
        for incident in &incidents {
            let claims = l.list_claims(&ClaimFilter {
                incident_id: Some(incident.id),
                ..ClaimFilter::default()
            })?;
            checked += claims.len();
            let at = |claim: Option<i64>, check: &'static str, detail: String| Finding {
                incident: incident.slug.clone(),
                claim,
                check,
                detail,
            };
            for c in &claims {
                if c.status.is_verdict() && l.evidence(c.id)?.is_empty() {
                    findings.push(at(
                        Some(c.id),
                        "verdict_without_evidence",
                        format!(
                            "claim {} is {} but rests on no evidence; add some with `crosscheck evidence add {} --url URL --supports|--contradicts|--context`",
                            c.id, c.status, c.id
                        ),
                    ));
                }
                let kind = kinds.get(&c.source_id).copied();
                if matches!(kind, Some(SourceKind::Outlet | SourceKind::NewsAgency)) && c.via_id.is_none() {
                    findings.push(at(
                        Some(c.id),
                        "no_origin",
                        format!(
                            "claim {} is attributed to {} ({}), which only relayed it: name who said it (--source) with the outlet as --via",
                            c.id,
                            c.source_name,
                            kind.map_or("", SourceKind::as_str)
                        ),
                    ));
                }
            }
            let comparison =
                compare::comparison(l, incident, None, Tolerance::DEFAULT, false)?;
            for m in &comparison.metrics {
                let latest: Vec<_> = m.figures.iter().filter(|f| f.latest).collect();
                for f in latest.iter().filter(|f| f.record.status == Status::Verified) {
                    for other in latest.iter().filter(|o| {
                        o.record.origin_id != f.record.origin_id && !o.interval.overlaps(&f.interval)
                    }) {
                        findings.push(at(
                            Some(f.record.claim_id),
                            "verified_figure_conflicts",
                            format!(
                                "claim {} is verified with {}={}, but {} gives {} (claim {})",
                                f.record.claim_id,
                                m.metric,
                                f.record.figure.stated(),
                                other.record.origin,
                                other.record.figure.stated(),
                                other.record.claim_id
                            ),
                        ));
                    }
                }
            }
            for t in &twins {
                let credits = |id: i64| id == t.source_id || id == t.twin_id;
                let crediting: Vec<String> = claims
                    .iter()
                    .filter(|c| credits(c.source_id) || c.via_id.is_some_and(credits))
                    .map(|c| c.id.to_string())
                    .collect();
                if crediting.is_empty() {
                    continue;
                }
                findings.push(at(
                    None,
                    "twin_sources",
                    format!(
                        "{} {} credit{} sources {} '{}' and {} '{}', which a reader cannot tell apart ({}: {}); if they are one source, `crosscheck source merge {} {}`",
                        if crediting.len() == 1 { "claim" } else { "claims" },
                        crediting.join(", "),
                        if crediting.len() == 1 { "s" } else { "" },
                        t.source_id,
                        t.source_matched,
                        t.twin_id,
                        t.twin_matched,
                        t.relation.replace('_', " "),
                        t.difference,
                        t.twin_id,
                        t.source_id
                    ),
                ));
            }
            findings.extend(super::review::unreviewed(l, incident.id, &incident.slug)?);
            for x in &comparison.inconsistencies {
                findings.push(at(
                    None,
                    "inconsistent_breakdown",
                    format!("{}: {}", x.origin, x.detail),
                ));
            }
        }
        let scope = match &args.incident {
            Some(_) => incidents
                .first()
                .map_or_else(String::new, |i| i.slug.clone()),
            None => "the ledger".to_string(),
        };
        Ok((scope, checked, findings))
    })?;
    ctx.emit(lint::lint(&scope, claims, &findings))?;
    if findings.is_empty() {
        return Ok(());
    }
    Err(anyhow!(
        "{} problem{} {scope} from being published",
        findings.len(),
        if findings.len() == 1 {
            " stops"
        } else {
            "s stop"
        }
    ))
}
