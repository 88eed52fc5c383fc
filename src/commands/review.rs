//! `config`, `review approve | reject` and `claim assign`: how a desk divides its work.
//! A ledger setting (`review required`) makes every verdict wait for a second person;
//! a review approves or rejects the claim's current verdict (a rejection sends the claim
//! back to `in_progress` in the same transaction); an assignment says who works a claim.
//! Each is a recorded row with its entry in the record.

use anyhow::Result;

use super::{resolve, Ctx};
use crate::cli::{ClaimAssignArgs, ConfigCommand, ReviewCommand};
use crate::clock;
use crate::error::user;
use crate::model::review::{check_setting, may_review, Decision, REVIEW};
use crate::model::{is_single_line, Status};
use crate::render::views::{self, lint::Finding};
use crate::store::{Acting, ClaimFilter, Ledger, NewReview, NewStatusChange};

/// Whether the ledger requires a second person's approval of every verdict.
pub(super) fn required(ledger: &mut dyn Ledger) -> Result<bool> {
    Ok(ledger
        .settings()?
        .iter()
        .any(|s| s.name == REVIEW && s.value == "required"))
}

pub(super) fn config(ctx: &Ctx, cmd: ConfigCommand) -> Result<()> {
    match cmd {
        ConfigCommand::Show => {
            let mut store = ctx.open()?;
            let settings = store.read(|l| l.settings())?;
            ctx.emit(views::review::settings(&settings))
        }
        ConfigCommand::Get(args) => {
            let name = args.name.trim().to_lowercase();
            let mut store = ctx.open()?;
            let settings = store.read(|l| l.settings())?;
            let setting = settings.iter().find(|s| s.name == name).ok_or_else(|| {
                let names: Vec<&str> = settings.iter().map(|s| s.name.as_str()).collect();
                user(format!(
                    "there is no setting '{}'; the settings are {}",
                    args.name,
                    names.join(", ")
                ))
            })?;
            ctx.emit(views::review::setting(setting))
        }
        ConfigCommand::Set(args) => {
            let name = args.name.trim().to_lowercase();
            let value = args.value.trim().to_lowercase();
            check_setting(&name, &value)
                .map_err(|e| user(format!("{e}; e.g. `crosscheck config set review required`")))?;
            let now = clock::now_text()?;
            let mut store = ctx.open()?;
            let who = ctx.actor(&store)?;
            let before = store.write_retrying(|l| {
                let before = l
                    .settings()?
                    .into_iter()
                    .find(|s| s.name == name)
                    .map(|s| s.value)
                    .unwrap_or_default();
                if before != value {
                    l.set_setting(
                        &name,
                        &value,
                        Acting {
                            who: &who,
                            at: &now,
                        },
                    )?;
                }
                Ok(before)
            })?;
            ctx.emit(views::review::set(&name, &before, &value, &who, &now))
        }
    }
}

pub(super) fn review(ctx: &Ctx, cmd: ReviewCommand) -> Result<()> {
    let (claims, decision, note) = match cmd {
        ReviewCommand::Approve(args) => (args.claims, Decision::Approved, args.note),
        ReviewCommand::Reject(args) => (args.claims, Decision::Rejected, Some(args.note)),
    };
    let note = note.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
    if decision == Decision::Rejected && note.is_none() {
        return Err(user(
            "a rejection needs a note saying what the verdict lacks; give --note \"…\"",
        ));
    }
    for (i, word) in claims.iter().enumerate() {
        if claims[..i].contains(word) {
            return Err(user(format!(
                "claim {word} is named twice; name each claim once"
            )));
        }
    }
    let now = clock::now_text()?;
    let mut store = ctx.open()?;
    let who = ctx.who(&store)?;
    let done = store.write_retrying(|l| {
        let mut done = Vec::with_capacity(claims.len());
        for key in &claims {
            done.push(review_one(l, key, decision, note.as_deref(), &who, &now)?);
        }
        Ok(done)
    })?;
    ctx.emit(views::review::reviewed(&done))
}

/// Reviews the current verdict of one claim; refuses a claim without a verdict, a
/// verdict already reviewed and a verdict the reviewer set.
fn review_one(
    ledger: &mut dyn Ledger,
    key: &str,
    decision: Decision,
    note: Option<&str>,
    who: &str,
    now: &str,
) -> Result<views::review::Reviewed> {
    let claim = resolve::claim(ledger, key)?;
    let verdict = ledger
        .status_history(claim.id)?
        .pop()
        .filter(|s| s.to.is_verdict() && s.to == claim.status)
        .ok_or_else(|| {
            user(format!(
                "claim {} has no verdict to review (it is {}); a verdict is reviewed once someone sets it with `crosscheck status {} verified|false|misleading|disputed|unverifiable --note …`",
                claim.id, claim.status, claim.id
            ))
        })?;
    if let Some(earlier) = ledger
        .reviews(claim.id)?
        .into_iter()
        .find(|r| r.status_change_id == verdict.id)
    {
        return Err(user(format!(
            "claim {}'s verdict ({}) was already {} by {} at {}; a verdict is reviewed once",
            claim.id, verdict.to, earlier.decision, earlier.who, earlier.at
        )));
    }
    may_review(&verdict.who, who).map_err(|e| {
        user(format!(
            "claim {}: {e}; ask a colleague to review it",
            claim.id
        ))
    })?;
    ledger.insert_review(&NewReview {
        claim_id: claim.id,
        verdict: verdict.id,
        decision,
        note: note.map(str::to_string),
        who: who.to_string(),
        at: now.to_string(),
    })?;
    if decision == Decision::Rejected {
        let why = format!("verdict rejected in review: {}", note.unwrap_or_default());
        claim
            .status
            .check_transition(Status::InProgress, claim.id, true)?;
        ledger.insert_status_change(&NewStatusChange {
            claim_id: claim.id,
            from: claim.status,
            to: Status::InProgress,
            who: who.to_string(),
            at: now.to_string(),
            note: Some(why),
            internal: false,
        })?;
    }
    Ok(views::review::Reviewed {
        claim: claim.id,
        verdict: verdict.to,
        set_by: verdict.who,
        decision,
        who: who.to_string(),
        at: now.to_string(),
        status: match decision {
            Decision::Approved => claim.status,
            Decision::Rejected => Status::InProgress,
        },
    })
}

pub(super) fn assign(ctx: &Ctx, args: ClaimAssignArgs) -> Result<()> {
    let to = args.to.trim();
    if to.is_empty() {
        return Err(user(
            "--to is empty; give a name, `me` (you) or `none` (nobody)",
        ));
    }
    if !is_single_line(to) {
        return Err(user(format!(
            "--to {to:?} contains a line break or control character; give the name as one line"
        )));
    }
    for (i, word) in args.claims.iter().enumerate() {
        if args.claims[..i].contains(word) {
            return Err(user(format!(
                "claim {word} is named twice; name each claim once"
            )));
        }
    }
    let now = clock::now_text()?;
    let mut store = ctx.open()?;
    let who = ctx.who(&store)?;
    let assignee = assignee_named(to, &who);
    let assigned = store.write_retrying(|l| {
        let mut ids = Vec::with_capacity(args.claims.len());
        for key in &args.claims {
            let claim = resolve::claim(l, key)?;
            l.insert_assignment(
                claim.id,
                assignee.as_deref(),
                Acting {
                    who: &who,
                    at: &now,
                },
            )?;
            ids.push(claim.id);
        }
        Ok(ids)
    })?;
    ctx.emit(views::review::assigned(
        &assigned,
        assignee.as_deref(),
        &who,
        &now,
    ))
}

/// The name `--to` or `--assigned` stands for: `me` is who is acting, `none` nobody.
pub(super) fn assignee_named(word: &str, me: &str) -> Option<String> {
    match word.trim() {
        w if w.eq_ignore_ascii_case("me") => Some(me.to_string()),
        w if w.eq_ignore_ascii_case("none") => None,
        w => Some(w.to_string()),
    }
}

/// Lint's finding for review: with review required, each verdict in `incident` that
/// nobody has approved yet stops the report.
pub(super) fn unreviewed(
    ledger: &mut dyn Ledger,
    incident_id: i64,
    slug: &str,
) -> Result<Vec<Finding>> {
    if !required(ledger)? {
        return Ok(Vec::new());
    }
    let waiting = ledger.list_claims(&ClaimFilter {
        incident_id: Some(incident_id),
        awaiting_review: true,
        ..ClaimFilter::default()
    })?;
    Ok(waiting
        .iter()
        .map(|c| {
            Finding::new(
                "unreviewed_verdict",
                slug,
                None,
                vec![c.id],
                format!(
                    "claim {} is {} and waits for a second person's review (review is required); someone other than who set it runs `crosscheck review approve {}` or `crosscheck review reject {} --note …`",
                    c.id, c.status, c.id, c.id
                ),
            )
        })
        .collect())
}
