//! `lint`: the publish gate. Lists what should stop an incident's report from going out
//! (nothing in play to publish, a verdict resting on no evidence, a verified figure
//! another origin's figure still contradicts, a claim whose only known origin is the
//! outlet that carried it, a breakdown that does not add up, claims crediting one of two
//! sources whose names are one to a reader) and exits 1 while anything is listed, so a
//! newsroom's CI can run it. Only claims in play are looked at: a claim its source
//! retracted, or one of our own entry errors (withdrawn, superseded), is not published as
//! standing and stops nothing.
//!
//! Each finding has a name (its check, incident, metric and claims); `lint INCIDENT --ack
//! NAME --note WHY` records that the desk weighed it and lets it pass. A change to what
//! the finding is about (another claim joining a conflict) changes its name, so the
//! acknowledgement no longer matches and the finding blocks again.
//!
//! Each check below adds [`Finding`]s to one list; another check is one more block.

use std::collections::HashMap;

use std::io::Write;

use anyhow::{anyhow, Context, Result};

use super::{resolve, Ctx};
use crate::cli::LintArgs;
use crate::clock;
use crate::error::user;
use crate::model::compare::{conflict_stands, Comparison};
use crate::model::publication::AcknowledgementData;
use crate::model::{is_single_line, Incident, SourceKind, Status, Tolerance};
use crate::render::spool::Spool;
use crate::render::views::lint::{self, Acknowledged, Finding};
use crate::render::views::source::Twins;
use crate::store::{Acting, ClaimFilter, Ledger};

/// What every incident's checks need from the whole ledger, read once.
pub(super) struct Ledgerwide {
    kinds: HashMap<i64, SourceKind>,
    twins: Vec<Twins>,
}

impl Ledgerwide {
    /// Reads it.
    pub(super) fn read(l: &mut dyn Ledger) -> Result<Ledgerwide> {
        Ok(Ledgerwide {
            kinds: l
                .list_sources(None)?
                .into_iter()
                .map(|s| (s.source.id, s.source.kind))
                .collect(),
            twins: super::source::twins(l)?,
        })
    }
}

/// The publish gate on one incident: how many claims in play were checked, and every
/// finding, those the desk acknowledged marked so.
pub(super) fn check_incident(
    l: &mut dyn Ledger,
    incident: &Incident,
    ledger: &Ledgerwide,
) -> Result<(usize, Vec<Finding>)> {
    let mut claims = l.list_claims(&ClaimFilter {
        incident_id: Some(incident.id),
        ..ClaimFilter::default()
    })?;
    claims.retain(|c| c.status.in_play());
    let slug = incident.slug.as_str();
    let mut findings = Vec::new();
    if claims.is_empty() {
        findings.push(Finding::new(
            "no_claims",
            slug,
            None,
            Vec::new(),
            format!(
                "{slug} has no claims in play (none recorded, or all retracted, withdrawn or superseded): there is nothing to publish; record one with `crosscheck claim add --incident {slug} …`"
            ),
        ));
    }
    for c in &claims {
        if c.status.is_verdict() && l.evidence(c.id)?.is_empty() {
            findings.push(Finding::new(
                "verdict_without_evidence",
                slug,
                None,
                vec![c.id],
                format!(
                    "claim {} is {} but rests on no evidence; add some with `crosscheck evidence add {} --url URL --supports|--contradicts|--context`",
                    c.id, c.status, c.id
                ),
            ));
        }
        let kind = ledger.kinds.get(&c.source_id).copied();
        if matches!(kind, Some(SourceKind::Outlet | SourceKind::NewsAgency)) && c.via_id.is_none() {
            findings.push(Finding::new(
                "no_origin",
                slug,
                None,
                vec![c.id],
                format!(
                    "claim {} is attributed to {} ({}), which only relayed it: name who said it (--source) with the outlet as --via",
                    c.id,
                    c.source_name,
                    kind.map_or("", SourceKind::as_str)
                ),
            ));
        }
    }
    findings.extend(super::review::unreviewed(l, incident.id, slug)?);
    // Only figures of claims in play are compared.
    let records = l
        .incident_figures(incident.id)?
        .into_iter()
        .filter(|r| r.status.in_play())
        .collect();
    let comparison = Comparison::build(records, Tolerance::DEFAULT, false);
    for m in &comparison.metrics {
        let latest: Vec<_> = m.figures.iter().filter(|f| f.latest).collect();
        let mut involved: Vec<i64> = Vec::new();
        let mut verified: Vec<i64> = Vec::new();
        let mut said: Vec<String> = Vec::new();
        for f in latest
            .iter()
            .filter(|f| f.record.status == Status::Verified)
        {
            // A figure judged false or misleading no longer stands against it: that
            // conflict is resolved.
            let against: Vec<String> = latest
                .iter()
                .filter(|o| conflict_stands(f, o))
                .map(|o| {
                    involved.push(o.record.claim_id);
                    format!(
                        "{} gives {} (claim {})",
                        o.record.origin,
                        o.record.figure.stated(),
                        o.record.claim_id
                    )
                })
                .collect();
            if against.is_empty() {
                continue;
            }
            involved.push(f.record.claim_id);
            verified.push(f.record.claim_id);
            said.push(format!(
                "claim {} is verified with {}={}, but {}",
                f.record.claim_id,
                m.metric,
                f.record.figure.stated(),
                against.join(", ")
            ));
        }
        if said.is_empty() {
            continue;
        }
        let mut finding = Finding::new(
            "verified_figure_conflicts",
            slug,
            Some(&m.metric),
            sorted(involved),
            format!(
                "{}; judge the other side (false or misleading resolves the conflict), or acknowledge it",
                said.join("; ")
            ),
        );
        finding.claim = verified.first().copied();
        findings.push(finding);
    }
    for t in &ledger.twins {
        let credits = |id: i64| id == t.source_id || id == t.twin_id;
        let crediting: Vec<i64> = claims
            .iter()
            .filter(|c| credits(c.source_id) || c.via_id.is_some_and(credits))
            .map(|c| c.id)
            .collect();
        if crediting.is_empty() {
            continue;
        }
        let listed: Vec<String> = crediting.iter().map(i64::to_string).collect();
        let detail = format!(
            "{} {} credit{} sources {} '{}' and {} '{}', which a reader cannot tell apart ({}: {}); if they are one source, `crosscheck source merge {} {}`",
            if crediting.len() == 1 { "claim" } else { "claims" },
            listed.join(", "),
            if crediting.len() == 1 { "s" } else { "" },
            t.source_id,
            t.source_matched,
            t.twin_id,
            t.twin_matched,
            t.relation.replace('_', " "),
            t.difference,
            t.twin_id,
            t.source_id
        );
        let about = format!("sources-{}-{}", t.source_id, t.twin_id);
        let mut finding = Finding::new("twin_sources", slug, None, crediting, detail).about(&about);
        finding.claim = None;
        findings.push(finding);
    }
    for x in &comparison.inconsistencies {
        let mut finding = Finding::new(
            "inconsistent_breakdown",
            slug,
            Some(&x.metric),
            x.claims.clone(),
            format!("{}: {}", x.origin, x.detail),
        );
        finding.claim = None;
        findings.push(finding);
    }
    // An acknowledgement lets through the finding of its very name, as it stands now.
    for ack in l.acknowledgements(incident.id)? {
        for f in findings.iter_mut().filter(|f| f.name == ack.data.finding) {
            f.acknowledged = Some(Acknowledged {
                who: ack.who.clone(),
                at: ack.at.clone(),
                note: ack.data.note.clone(),
            });
        }
    }
    Ok((claims.len(), findings))
}

fn sorted(mut ids: Vec<i64>) -> Vec<i64> {
    ids.sort_unstable();
    ids.dedup();
    ids
}

pub(super) fn run(ctx: &Ctx, args: LintArgs) -> Result<()> {
    if let Some(finding) = &args.ack {
        return acknowledge(ctx, &args, finding);
    }
    let mut store = ctx.open()?;
    // One incident at a time: its findings go to a spool on disk, so that memory holds
    // one incident's claims and figures however large the ledger; the output, whose head
    // says whether anything blocks, is written from the spool once every incident is
    // checked.
    let mut spool: Spool<Finding> = Spool::new();
    let (scope, tally) = store.read(|l| {
        let (scope, ids) = match &args.incident {
            Some(key) => {
                let incident = resolve::incident(l, key)?;
                (incident.slug, vec![incident.id])
            }
            None => ("the ledger".to_string(), l.incident_ids()?),
        };
        let ledger = Ledgerwide::read(l)?;
        let mut tally = lint::Tally::default();
        for id in ids {
            let incident = l
                .find_incident(&id.to_string())?
                .ok_or_else(|| anyhow!("incident {id} is gone from the ledger"))?;
            let (claims, found) = check_incident(l, &incident, &ledger)?;
            tally.claims += claims;
            for f in found {
                tally.add(&f);
                spool.push(f).context("cannot write to a temporary file")?;
            }
        }
        Ok((scope, tally))
    })?;
    let out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut out = lint::write_lint(out, ctx.format(), ctx.style, &scope, tally, &mut |each| {
        spool.replay(each)
    })?;
    out.flush()?;
    if tally.blocking == 0 {
        return Ok(());
    }
    let blocking = tally.blocking;
    Err(anyhow!(
        "{blocking} problem{} {scope} from being published",
        if blocking == 1 { " stops" } else { "s stop" }
    ))
}

/// `lint INCIDENT --ack FINDING --note WHY`: records that the desk weighed the finding
/// of that name, as it stands now, and lets it pass.
fn acknowledge(ctx: &Ctx, args: &LintArgs, finding: &str) -> Result<()> {
    let finding = finding.trim();
    let Some(key) = &args.incident else {
        return Err(user(format!(
            "--ack names a finding of one incident: give the incident, as in `crosscheck lint INCIDENT --ack {finding} --note \"…\"`"
        )));
    };
    let note = args.note.as_deref().map(str::trim).unwrap_or_default();
    if note.is_empty() {
        return Err(user(
            "--ack needs --note saying why the finding may pass; it is published in the report's methodology",
        ));
    }
    if !is_single_line(note) {
        return Err(user(
            "--note contains a line break or control character; write it as one line",
        ));
    }
    let now = clock::now_text()?;
    let mut store = ctx.open()?;
    let who = ctx.who(&store)?;
    let (slug, after) = store.write(|l| {
        let incident = resolve::incident(l, key)?;
        let ledger = Ledgerwide::read(l)?;
        let (_, findings) = check_incident(l, &incident, &ledger)?;
        let Some(found) = findings.iter().find(|f| f.name == finding) else {
            let names: Vec<&str> = findings.iter().map(|f| f.name.as_str()).collect();
            return Err(user(format!(
                "{} has no finding '{finding}' (a new figure may have changed its name); its findings now: {}",
                incident.slug,
                if names.is_empty() {
                    "none".to_string()
                } else {
                    names.join(", ")
                }
            )));
        };
        if found.check == "no_claims" {
            return Err(user(format!(
                "{finding} cannot be acknowledged: with no claims in play there is no report to publish"
            )));
        }
        if found.check == "unreviewed_verdict" {
            return Err(user(format!(
                "{finding} cannot be acknowledged: review is required, so the verdict needs a second person's `crosscheck review approve` (or `crosscheck config set review off`, the owner's decision)"
            )));
        }
        if let Some(a) = &found.acknowledged {
            return Err(user(format!(
                "{finding} was already acknowledged by {} at {}: {}",
                a.who, a.at, a.note
            )));
        }
        l.acknowledge(
            incident.id,
            &AcknowledgementData {
                finding: finding.to_string(),
                note: note.to_string(),
            },
            Acting {
                who: &who,
                at: &now,
            },
        )?;
        let (_, after) = check_incident(l, &incident, &ledger)?;
        Ok((incident.slug, after))
    })?;
    ctx.emit(lint::acknowledged(&slug, finding, note, &after))
}
