//! `correct` and `erase`: putting the history right without editing it. A correction is
//! a new row that readers see in a field's place while the row it corrects stays; an
//! erasure replaces a text that must go by a dated marker and keeps the text's digest, so
//! that the record still verifies (see `model::record`).

use anyhow::Result;

use super::article::check_url;
use super::Ctx;
use crate::cli::{CorrectArgs, EraseArgs};
use crate::clock;
use crate::error::user;
use crate::model::row::{RowKind, RowRef};
use crate::model::{is_single_line, Stance};
use crate::render::views;
use crate::render::views::record::{Corrected, CorrectedField, Erasure};
use crate::store::{kind_of, CorrectionTarget, ErrorKind, Ledger, NewCorrection, NewErasure};

/// A why or a reason: one line, not empty, since the history prints it as one.
fn one_line<'a>(text: &'a str, flag: &str, what: &str) -> Result<&'a str> {
    let text = text.trim();
    if text.is_empty() {
        return Err(user(format!("{flag} is empty; {what}")));
    }
    if !is_single_line(text) {
        return Err(user(format!(
            "{flag} {text:?} contains a line break or control character; give it as one line, as the history prints it"
        )));
    }
    Ok(text)
}

pub(super) fn correct(ctx: &Ctx, args: CorrectArgs) -> Result<()> {
    let row = RowRef::parse(&args.row).map_err(user)?;
    let target = match row.kind {
        RowKind::Status => CorrectionTarget::StatusChange,
        RowKind::Evidence => CorrectionTarget::Evidence,
        RowKind::Claim => {
            return Err(user(format!(
                "{row} is a claim; `correct` puts right a status change's note (status:ID) or a piece of evidence's URL, stance or note (evidence:ID); a claim's text that must go is erased: `crosscheck erase {row} text --reason WHY`"
            )))
        }
        RowKind::Correction => {
            return Err(user(format!(
                "{row} is a correction; correct the row it corrects once more (status:ID or evidence:ID): the latest correction is the one shown"
            )))
        }
    };
    if target == CorrectionTarget::StatusChange {
        if let Some(flag) = [("--url", &args.url), ("--stance", &args.stance)]
            .into_iter()
            .find_map(|(flag, given)| given.as_ref().map(|_| flag))
        {
            return Err(user(format!(
                "{row} is a status change, which has a note only; {flag} is for evidence:ID"
            )));
        }
    }
    let why = one_line(
        &args.why,
        "--why",
        "say why the row is corrected: the history keeps it with the correction",
    )?
    .to_string();
    // The fields in the order a piece of evidence shows them.
    let mut fields: Vec<(&'static str, String)> = Vec::new();
    if let Some(url) = &args.url {
        let url = url.trim();
        check_url(url, "--url")?;
        fields.push(("url", url.to_string()));
    }
    if let Some(stance) = &args.stance {
        let stance = Stance::parse(&stance.trim().to_lowercase()).ok_or_else(|| {
            user(format!(
                "'{stance}' is not a stance; use supports, contradicts or context"
            ))
        })?;
        fields.push(("stance", stance.as_str().to_string()));
    }
    if let Some(note) = &args.note {
        let note = note.trim();
        if note.is_empty() {
            return Err(user(format!(
                "--note is empty; give the right note (a text that must go is erased: `crosscheck erase {row} note --reason WHY`)"
            )));
        }
        fields.push(("note", note.to_string()));
    }
    let now = clock::now_text()?;
    let mut store = ctx.open()?;
    let who = ctx.who(&store)?;
    let (claim, done) = store.write_retrying(|l| {
        let (claim, current) = current_fields(l, row)?;
        let mut done = Vec::with_capacity(fields.len());
        for (field, value) in &fields {
            let previous = current
                .iter()
                .find(|(f, _)| f == field)
                .and_then(|(_, v)| v.clone());
            if previous.as_deref() == Some(value.as_str()) {
                return Err(user(format!(
                    "the {field} of {row} is already {value:?}; nothing to correct"
                )));
            }
            let id = l.insert_correction(&NewCorrection {
                target,
                target_id: row.id,
                field,
                value: value.clone(),
                why: why.clone(),
                who: who.clone(),
                at: now.clone(),
            })?;
            done.push(CorrectedField {
                correction: id,
                row: format!("correction:{id}"),
                field,
                value: value.clone(),
                previous,
            });
        }
        Ok((claim, done))
    })?;
    ctx.emit(views::record::corrected(&Corrected {
        claim,
        row: row.to_string(),
        corrections: done,
        why: &why,
        who: &who,
        at: &now,
    }))
}

/// The claim a status change or piece of evidence belongs to, and its correctable fields
/// as readers see them now.
type Current = (i64, Vec<(&'static str, Option<String>)>);

/// The refusal of a row that is not there.
fn missing(row: RowRef) -> anyhow::Error {
    user(format!(
        "there is no {row}; the ROW column of `crosscheck history CLAIM` names each row"
    ))
}

fn current_fields(ledger: &mut dyn Ledger, row: RowRef) -> Result<Current> {
    let missing = || missing(row);
    match row.kind {
        RowKind::Status => {
            let s = ledger.find_status_change(row.id)?.ok_or_else(missing)?;
            Ok((s.claim_id, vec![("note", s.note)]))
        }
        _ => {
            let e = ledger.find_evidence(row.id)?.ok_or_else(missing)?;
            Ok((
                e.claim_id,
                vec![
                    ("url", Some(e.url)),
                    ("stance", Some(e.stance.as_str().to_string())),
                    ("note", e.note),
                ],
            ))
        }
    }
}

pub(super) fn erase(ctx: &Ctx, args: EraseArgs) -> Result<()> {
    let row = RowRef::parse(&args.row).map_err(user)?;
    let allowed = row.kind.erasable();
    let asked = args.field.trim().to_lowercase();
    let Some(field) = allowed.iter().copied().find(|f| *f == asked) else {
        return Err(user(format!(
            "'{}' of {row} cannot be erased: only free text that may name a person can ({} of {}); figures, statuses, who acted and when stay",
            args.field.trim(),
            allowed.join(", "),
            row.kind.noun()
        )));
    };
    let reason = one_line(
        &args.reason,
        "--reason",
        "say why the text is erased (it is shown in its place, so never the text itself)",
    )?
    .to_string();
    let now = clock::now_text()?;
    let mut store = ctx.open()?;
    let who = ctx.who(&store)?;
    let erased = store.write_retrying(|l| {
        l.erase(&NewErasure {
            table: row.kind.table(),
            row_id: row.id,
            field,
            reason: reason.clone(),
            who: who.clone(),
            at: now.clone(),
        })
        .map_err(|err| match kind_of(&err) {
            // The row named is missing (its claim exists whenever the row does).
            Some(ErrorKind::NotFound) => missing(row),
            _ => err,
        })
    })?;
    ctx.emit(views::record::erased(&Erasure {
        erasure: erased.id,
        claim: erased.claim_id,
        row: row.to_string(),
        field,
        marker: &erased.marker,
        reason: &reason,
        who: &who,
        at: &now,
    }))
}
