//! `status`, `evidence add` and `history`: a claim's verification, step by step, each
//! step a new row in an append-only history, never an edit.

use anyhow::Result;

use super::article::check_url;
use super::{resolve, Ctx};
use crate::cli::{EvidenceCommand, HistoryArgs, StatusArgs};
use crate::clock;
use crate::error::user;
use crate::model::{Stance, Status};
use crate::render::views;
use crate::store::{Ledger, NewEvidence, NewStatusChange};

/// A status change as typed.
pub(super) struct Change<'a> {
    pub claim: &'a str,
    pub to: Status,
    pub note: Option<&'a str>,
    pub evidence: &'a [String],
}

pub(super) fn change(ctx: &Ctx, args: StatusArgs) -> Result<()> {
    let to = super::claim::parse_status(&args.status)?;
    for url in &args.evidence {
        check_url(url.trim(), "--evidence")?;
    }
    let now = clock::now_text()?;
    let mut store = ctx.open()?;
    let who = ctx.who(&store)?;
    let (from, claim_id) = store.write_retrying(|l| {
        apply(
            l,
            &Change {
                claim: &args.claim,
                to,
                note: args.note.as_deref(),
                evidence: &args.evidence,
            },
            &who,
            &now,
        )
    })?;
    ctx.emit(views::status::changed(&views::status::Changed {
        claim: claim_id,
        from,
        to,
        who: &who,
        at: &now,
    }))
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
        })?;
    }
    Ok((claim.status, claim.id))
}

pub(super) fn evidence(ctx: &Ctx, cmd: EvidenceCommand) -> Result<()> {
    let EvidenceCommand::Add(args) = cmd;
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
pub(super) fn add_evidence(
    ledger: &mut dyn Ledger,
    claim: &str,
    url: &str,
    stance: Stance,
    note: Option<&str>,
    who: &str,
    now: &str,
) -> Result<(i64, i64)> {
    let claim = resolve::claim(ledger, claim)?;
    if url.is_empty() {
        return Err(user("--url is empty; give where the evidence is"));
    }
    let id = ledger.insert_evidence(&NewEvidence {
        claim_id: claim.id,
        status_change_id: None,
        url: url.to_string(),
        stance,
        note: note
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string),
        who: who.to_string(),
        at: now.to_string(),
    })?;
    Ok((id, claim.id))
}

pub(super) fn history(ctx: &Ctx, args: HistoryArgs) -> Result<()> {
    let mut store = ctx.open()?;
    let (claim, history, evidence) = store.read(|l| {
        let claim = resolve::claim(l, &args.claim)?;
        Ok((
            claim.clone(),
            l.status_history(claim.id)?,
            l.evidence(claim.id)?,
        ))
    })?;
    ctx.emit(views::status::history(&claim, &history, &evidence))
}
