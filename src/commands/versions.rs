//! `claim correct` and `claim withdraw`: our own entry errors put right without editing
//! anything. A correction records a new version of the claim, checked exactly as `claim
//! add` checks a claim, and supersedes the old one; a withdrawal closes a claim that
//! should never have been recorded. Both are terminal and distinct from `retracted`
//! (the source withdrew the claim), and each is one transaction.

use anyhow::Result;

use super::claim::{prepare, ClaimInput, Prepared};
use super::{metric, resolve, Ctx};
use crate::cli::{ClaimCorrectArgs, ClaimWithdrawArgs};
use crate::clock;
use crate::error::user;
use crate::model::version::VersionFields;
use crate::model::{is_single_line, Claim, Figure, Status};
use crate::render::views;
use crate::store::{Acting, Ledger, NewClaim, NewStatusChange, VersionRows};

/// The why of a correction or withdrawal: one line, not empty, as the history prints it.
fn why(note: &str) -> Result<&str> {
    let note = note.trim();
    if note.is_empty() {
        return Err(user(
            "--note is empty; say why, e.g. --note \"the figure was misread\"",
        ));
    }
    if !is_single_line(note) {
        return Err(user(format!(
            "--note {note:?} contains a line break or control character; give it as one line, as the history prints it"
        )));
    }
    Ok(note)
}

/// Refuses a claim that is already one of our entry errors, naming what to do instead.
fn refuse_closed(ledger: &mut dyn Ledger, claim: &Claim, verb: &str) -> Result<()> {
    match claim.status {
        Status::Superseded => {
            let latest = ledger
                .claim_versions(claim.key)?
                .last()
                .map_or(claim.id, |c| c.id);
            Err(user(format!(
                "claim {} is superseded by a corrected version; {verb} its latest version {latest} instead (`crosscheck claim show {latest}`)",
                claim.id
            )))
        }
        Status::Withdrawn => Err(user(format!(
            "claim {} is withdrawn, closed for good; record the claim anew with `crosscheck claim add`",
            claim.id
        ))),
        _ => Ok(()),
    }
}

/// What a correction wrote, for the answer.
struct Corrected {
    claim: Claim,
    old: Claim,
    version: usize,
    changed: Vec<&'static str>,
    notices: Vec<String>,
}

pub(super) fn correct(ctx: &Ctx, args: ClaimCorrectArgs) -> Result<()> {
    let note = why(&args.note)?.to_string();
    let figures = args
        .figures
        .iter()
        .map(|spec| Figure::parse(spec))
        .collect::<Result<Vec<_>, _>>()?;
    let as_of = match &args.as_of {
        Some(t) => Some(clock::parse_when(t).map_err(|e| user(format!("--as-of: {e}")))?),
        None => None,
    };
    let now = clock::now_text()?;
    let mut store = ctx.open()?;
    let who = ctx.who(&store)?;
    let done = store.write_retrying(|l| {
        let old = resolve::claim(l, &args.claim)?;
        refuse_closed(l, &old, "correct")?;
        let copied_figures = figures.is_empty();
        let input = ClaimInput {
            // Ids name the article, source and incident as surely as their names do.
            article: old.article_id.to_string(),
            source: args
                .source
                .clone()
                .unwrap_or_else(|| old.source_id.to_string()),
            via: match args.via.as_deref().map(str::trim) {
                Some(v) if v.eq_ignore_ascii_case("none") => None,
                Some(v) => Some(v.to_string()),
                None => old.via_id.map(|id| id.to_string()),
            },
            incident: args
                .incident
                .clone()
                .or_else(|| old.incident_id.map(|id| id.to_string())),
            text: args.text.clone().unwrap_or_else(|| old.text.clone()),
            quote: args.quote.clone().or_else(|| old.quote.clone()),
            translation: args
                .translation
                .clone()
                .or_else(|| old.translation.clone()),
            figures: if copied_figures {
                old.figures.iter().map(|f| f.figure.clone()).collect()
            } else {
                figures.clone()
            },
            as_of: as_of.clone().or_else(|| Some(old.as_of.clone())),
            new_source: args.new_source,
            // Figures copied as they stand are not checked against the vocabulary
            // again: an older ledger's claim may carry a metric it lacks.
            new_metric: args.new_metric || copied_figures,
        };
        let Prepared {
            claim: mut new,
            missing,
            mut notices,
            ..
        } = prepare(l, &input, &who, &now)?;
        let changed = new_fields(&new).changed_from(&VersionFields::of(&old));
        if changed.is_empty() {
            return Err(user(format!(
                "nothing to correct: the options give claim {} as it stands; give what changes (--text, --quote, --translation, --figure, --source, --via, --incident, --as-of)",
                old.id
            )));
        }
        new.claim_key = Some(old.key);
        new.supersedes = Some(old.id);
        let id = l.insert_claim(&new)?;
        if !copied_figures {
            let by = Acting {
                who: &who,
                at: &now,
            };
            notices.extend(metric::record_missing(l, &missing, id, by)?);
        }
        l.close_claim(&NewStatusChange {
            claim_id: old.id,
            from: old.status,
            to: Status::Superseded,
            who: who.clone(),
            at: now.clone(),
            note: Some(note.clone()),
            internal: false,
        })?;
        let claim = resolve::claim(l, &id.to_string())?;
        let version = l.claim_versions(claim.key)?.len();
        Ok(Corrected {
            claim,
            old,
            version,
            changed,
            notices,
        })
    })?;
    for notice in &done.notices {
        ctx.notice(notice);
    }
    ctx.notice(&format!(
        "claim {} starts over as unverified: its checks stay in the history of claim {}",
        done.claim.id, done.old.id
    ));
    ctx.emit(views::claim::corrected(&views::claim::CorrectedClaim {
        claim: &done.claim,
        supersedes: done.old.id,
        version: done.version,
        changed: &done.changed,
        note: &note,
    }))
}

/// A prepared claim's fields, to compare with the version it corrects.
fn new_fields(c: &NewClaim) -> VersionFields<'_> {
    VersionFields {
        text: &c.text,
        quote: c.quote.as_deref(),
        translation: c.translation.as_deref(),
        source_id: c.source_id,
        via_id: c.via_id,
        incident_id: c.incident_id,
        as_of: &c.as_of,
        figures: c.figures.iter().map(Figure::spec).collect(),
    }
}

pub(super) fn withdraw(ctx: &Ctx, args: ClaimWithdrawArgs) -> Result<()> {
    let note = why(&args.note)?.to_string();
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
    let withdrawn = store.write_retrying(|l| {
        let mut withdrawn = Vec::with_capacity(args.claims.len());
        for key in &args.claims {
            let claim = resolve::claim(l, key)?;
            refuse_closed(l, &claim, "withdraw")?;
            l.close_claim(&NewStatusChange {
                claim_id: claim.id,
                from: claim.status,
                to: Status::Withdrawn,
                who: who.clone(),
                at: now.clone(),
                note: Some(note.clone()),
                internal: false,
            })?;
            withdrawn.push((claim.status, claim.id));
        }
        Ok(withdrawn)
    })?;
    let changes: Vec<views::status::Changed<'_>> = withdrawn
        .iter()
        .map(|&(from, claim)| views::status::Changed {
            claim,
            from,
            to: Status::Withdrawn,
            who: &who,
            at: &now,
        })
        .collect();
    // As `status` answers: one claim with one object, several with an array.
    match changes.as_slice() {
        [single] => ctx.emit(views::status::changed(single)),
        _ => ctx.emit(views::status::changed_many(&changes)),
    }
}

/// A version's time line, for the views.
pub(super) fn timeline(v: &VersionRows) -> views::status::Timeline<'_> {
    views::status::Timeline {
        history: &v.history,
        evidence: &v.evidence,
        corrections: &v.corrections,
        erasures: &v.erasures,
        credits: &v.credits,
        reviews: &v.reviews,
        assignments: &v.assignments,
    }
}

/// The claim `key` names, and every version of it, oldest first, each with its history.
pub(super) fn versions_of(ledger: &mut dyn Ledger, key: &str) -> Result<(Claim, Vec<VersionRows>)> {
    let id = resolve::claim_id(key)?;
    let versions = ledger
        .claim_with_versions(id)?
        .ok_or_else(|| resolve::no_claim(id))?;
    let claim = versions
        .iter()
        .find(|v| v.claim.id == id)
        .map(|v| v.claim.clone())
        .ok_or_else(|| resolve::no_claim(id))?;
    Ok((claim, versions))
}

/// The versions as `claim show` lists them: what each changed from the one before, and
/// why it was superseded or withdrawn (its closing note, as last corrected).
pub(super) fn summaries(rows: &[VersionRows]) -> Vec<views::claim::VersionSummary<'_>> {
    rows.iter()
        .enumerate()
        .map(|(i, v)| views::claim::VersionSummary {
            version: i + 1,
            claim: &v.claim,
            changed: match i.checked_sub(1).map(|p| &rows[p].claim) {
                Some(earlier) => {
                    VersionFields::of(&v.claim).changed_from(&VersionFields::of(earlier))
                }
                None => Vec::new(),
            },
            note: v
                .history
                .last()
                .filter(|s| s.to.is_entry_error())
                .and_then(|s| s.note.as_deref()),
        })
        .collect()
}
