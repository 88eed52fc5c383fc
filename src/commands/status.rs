//! `status`, `evidence add` and `history`: a claim's verification, step by step, each
//! step a new row in an append-only history, never an edit.

use anyhow::Result;

use super::article::check_url;
use super::{resolve, Ctx};
use crate::cli::{EvidenceAddArgs, HistoryArgs, StatusArgs};
use crate::clock;
use crate::error::user;
use crate::model::log::parse_since;
use crate::model::{Stance, Status};
use crate::render::views;
use crate::store::{ClaimFilter, Ledger, NewEvidence, NewStatusChange};

/// A status change as typed.
pub(super) struct Change<'a> {
    pub claim: &'a str,
    pub to: Status,
    pub note: Option<&'a str>,
    pub evidence: &'a [String],
    /// Whether the note is for the desk only.
    pub internal: bool,
}

pub(super) fn change(ctx: &Ctx, args: StatusArgs) -> Result<()> {
    let (status_word, claim_words) = args.words.split_last().ok_or_else(|| {
        user("give the claims and the new status: `crosscheck status 3 verified`")
    })?;
    if !status_word.is_empty() && status_word.chars().all(|c| c.is_ascii_digit()) {
        return Err(user(format!(
            "the new STATUS is missing after the claim ids: `crosscheck status {} STATUS`, STATUS one of {}",
            args.words.join(" "),
            Status::names()
        )));
    }
    let to = super::claim::parse_status(status_word)?;
    let current = args
        .current
        .as_deref()
        .map(super::claim::parse_status)
        .transpose()?;
    match (&args.incident, claim_words.is_empty()) {
        (Some(_), false) => {
            return Err(user(format!(
                "give claim ids or --incident, not both; e.g. `crosscheck status {} {to}` or `crosscheck status --incident {} {to}`",
                claim_words.join(" "),
                args.incident.as_deref().unwrap_or_default()
            )))
        }
        (None, true) => {
            return Err(user(format!(
                "which claims? give their ids before the status (`crosscheck status 3 4 {to}`) or select them with --incident I [--status S]"
            )))
        }
        _ => {}
    }
    for (i, word) in claim_words.iter().enumerate() {
        if claim_words[..i].contains(word) {
            return Err(user(format!(
                "claim {word} is named twice; name each claim once"
            )));
        }
    }
    for url in &args.evidence {
        check_url(url.trim(), "--evidence")?;
    }
    let now = clock::now_text()?;
    let mut store = ctx.open()?;
    let who = ctx.who(&store)?;
    let moved = store.write_retrying(|l| {
        let claims: Vec<String> = match &args.incident {
            Some(key) => selected(l, key, current)?,
            None => claim_words.to_vec(),
        };
        let mut moved = Vec::with_capacity(claims.len());
        for claim in &claims {
            moved.push(apply(
                l,
                &Change {
                    claim,
                    to,
                    note: args.note.as_deref(),
                    evidence: &args.evidence,
                    internal: args.internal,
                },
                &who,
                &now,
            )?);
        }
        Ok(moved)
    })?;
    let changes: Vec<views::status::Changed<'_>> = moved
        .iter()
        .map(|&(from, claim)| views::status::Changed {
            claim,
            from,
            to,
            who: &who,
            at: &now,
        })
        .collect();
    // One claim named by id answers with one object, as it always has; several, or a
    // selection, with an array of them.
    match (changes.as_slice(), &args.incident) {
        ([single], None) => ctx.emit(views::status::changed(single)),
        _ => ctx.emit(views::status::changed_many(&changes)),
    }
}

/// The ids of an incident's claims, those in status `current` only when given; refuses
/// an empty selection, which is almost always a typo.
fn selected(
    ledger: &mut dyn Ledger,
    incident: &str,
    current: Option<Status>,
) -> Result<Vec<String>> {
    let incident = resolve::incident(ledger, incident)?;
    let claims = ledger.list_claims(&ClaimFilter {
        incident_id: Some(incident.id),
        status: current,
        ..ClaimFilter::default()
    })?;
    if claims.is_empty() {
        return Err(user(match current {
            Some(status) => format!(
                "no claim about {} has status {status}; nothing changed (see `crosscheck claim list --incident {}`)",
                incident.slug, incident.slug
            ),
            None => format!("no claim is about {}; nothing changed", incident.slug),
        }));
    }
    Ok(claims.iter().map(|c| c.id.to_string()).collect())
}

/// Checks and records a status change with its evidence; returns the old status.
pub(super) fn apply(
    ledger: &mut dyn Ledger,
    change: &Change<'_>,
    who: &str,
    now: &str,
) -> Result<(Status, i64)> {
    let claim = resolve::claim(ledger, change.claim)?;
    let note = change.note.map(str::trim).filter(|n| !n.is_empty());
    claim
        .status
        .check_transition(change.to, claim.id, note.is_some())?;
    let change_id = ledger.insert_status_change(&NewStatusChange {
        claim_id: claim.id,
        from: claim.status,
        to: change.to,
        who: who.to_string(),
        at: now.to_string(),
        note: note.map(str::to_string),
        internal: change.internal && note.is_some(),
    })?;
    for url in change.evidence {
        let url = url.trim();
        check_url(url, "--evidence")?;
        ledger.insert_evidence(&NewEvidence {
            claim_id: claim.id,
            status_change_id: Some(change_id),
            url: url.to_string(),
            stance: Stance::for_status(change.to),
            note: None,
            who: who.to_string(),
            at: now.to_string(),
            internal: false,
        })?;
    }
    Ok((claim.status, claim.id))
}

pub(super) fn evidence(ctx: &Ctx, args: EvidenceAddArgs) -> Result<()> {
    let url = args.url.trim().to_string();
    check_url(&url, "--url")?;
    let stance = if args.supports {
        Stance::Supports
    } else if args.contradicts {
        Stance::Contradicts
    } else {
        Stance::Context
    };
    let now = clock::now_text()?;
    let mut store = ctx.open()?;
    let who = ctx.who(&store)?;
    let (id, claim_id) = store.write_retrying(|l| {
        add_evidence(
            l,
            &args.claim,
            &url,
            stance,
            args.note.as_deref(),
            args.internal,
            &who,
            &now,
        )
    })?;
    ctx.emit(views::status::attached(&views::status::Attached {
        id,
        claim: claim_id,
        url: &url,
        stance,
        note: args.note.as_deref(),
        who: &who,
        at: &now,
    }))
}

/// Records evidence on a claim; returns its id and the claim's.
#[allow(clippy::too_many_arguments)]
pub(super) fn add_evidence(
    ledger: &mut dyn Ledger,
    claim: &str,
    url: &str,
    stance: Stance,
    note: Option<&str>,
    internal: bool,
    who: &str,
    now: &str,
) -> Result<(i64, i64)> {
    let claim = resolve::claim(ledger, claim)?;
    if url.is_empty() {
        return Err(user("--url is empty; give where the evidence is"));
    }
    let note = note
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    if internal && note.is_none() {
        return Err(user(
            "--internal marks the note as the desk's own, and the note is empty; give --note \"…\"",
        ));
    }
    let id = ledger.insert_evidence(&NewEvidence {
        claim_id: claim.id,
        status_change_id: None,
        url: url.to_string(),
        stance,
        internal,
        note,
        who: who.to_string(),
        at: now.to_string(),
    })?;
    Ok((id, claim.id))
}

pub(super) fn history(ctx: &Ctx, args: HistoryArgs) -> Result<()> {
    let since = match &args.since {
        Some(text) => Some(parse_since(text, clock::now()?).map_err(user)?),
        None => None,
    };
    let mut store = ctx.open()?;
    let (claim, mut versions) = store.read(|l| super::versions::versions_of(l, &args.claim))?;
    // Stored times sort as text in time order, so "since" is a text comparison.
    if let Some(since) = &since {
        for v in &mut versions {
            v.history.retain(|s| s.at.as_str() >= since.as_str());
            v.evidence.retain(|e| e.at.as_str() >= since.as_str());
            v.corrections.retain(|c| c.at.as_str() >= since.as_str());
            v.erasures.retain(|x| x.at.as_str() >= since.as_str());
            v.credits.retain(|k| k.at.as_str() >= since.as_str());
            v.reviews.retain(|r| r.at.as_str() >= since.as_str());
            v.assignments.retain(|a| a.at.as_str() >= since.as_str());
        }
    }
    let timelines: Vec<views::status::VersionTimeline<'_>> = versions
        .iter()
        .enumerate()
        .map(|(i, v)| views::status::VersionTimeline {
            version: i + 1,
            claim: &v.claim,
            timeline: super::versions::timeline(v),
        })
        .collect();
    ctx.emit(views::status::history(&claim, &timelines))
}
