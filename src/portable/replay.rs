//! The replay of exported rows into an empty ledger, so that it holds the same rows with
//! the same ids and the same hashes: what `import` does with an export file and `copy`
//! with another ledger, written once for both. Each row goes in through
//! `Ledger::import_row`; what the rows must satisfy between them (figures right after
//! their claim, a claim's creation row vouching for its content, every claim with a
//! history, every stored hash present and matching the recomputed one, every history
//! following the workflow that `status` enforces) is checked here.

use std::collections::HashMap;

use anyhow::Result;
use serde::Serialize;

use crate::error::user;
use crate::model::chain::ClaimContent;
use crate::model::{lookup_key, Figure, Status};
use crate::store::{Ledger, PortableClaim, PortableRow};

/// How many rows of each kind an import or a copy wrote. Its field names are part of
/// the JSON output of `import` and `copy`.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Sources.
    pub sources: u64,
    /// Articles.
    pub articles: u64,
    /// Incidents.
    pub incidents: u64,
    /// Claims.
    pub claims: u64,
    /// Figures.
    pub figures: u64,
    /// Rows of the status history.
    pub status_changes: u64,
    /// Pieces of evidence.
    pub evidence: u64,
    /// Corrections of notes, URLs and stances.
    pub corrections: u64,
    /// Erasures of texts.
    pub erasures: u64,
    /// Entries of the record.
    pub entries: u64,
    /// Ledger settings.
    pub settings: u64,
    /// Reviews of verdicts.
    pub reviews: u64,
    /// Assignments of claims.
    pub assignments: u64,
}

impl Counts {
    /// Counts the rows of a whole ledger, as its export would write them.
    pub fn of(ledger: &mut dyn Ledger) -> Result<Counts> {
        let mut counts = Counts::default();
        ledger.export_rows(&mut |row| {
            match row {
                PortableRow::Source(_) => counts.sources += 1,
                PortableRow::Article(_) => counts.articles += 1,
                PortableRow::Incident(_) => counts.incidents += 1,
                PortableRow::Claim(_) => counts.claims += 1,
                PortableRow::Figure { .. } => counts.figures += 1,
                PortableRow::Change(..) => counts.status_changes += 1,
                PortableRow::Evidence(..) => counts.evidence += 1,
                PortableRow::Correction(_) => counts.corrections += 1,
                PortableRow::Erasure(_) => counts.erasures += 1,
                PortableRow::Entry(_) => counts.entries += 1,
                PortableRow::Setting(_) => counts.settings += 1,
                PortableRow::Review(_) => counts.reviews += 1,
                PortableRow::Assignment(_) => counts.assignments += 1,
                PortableRow::Alias { .. } | PortableRow::Format(_) | PortableRow::Seal { .. } => {}
            }
            Ok(())
        })?;
        Ok(counts)
    }
}

/// Replays every row of `source` into `target`, ids and hashes kept and checked, as an
/// import of its export would; returns what was written.
pub fn replay_ledger(source: &mut dyn Ledger, target: &mut dyn Ledger) -> Result<Counts> {
    let mut replay = Replay::default();
    source.export_rows(&mut |row| replay.row(target, row))?;
    replay.finish(target)
}

/// Replays exported rows into the ledger, keeping the digest of each claim until its
/// creation row comes (normally the very next rows), so memory stays flat.
#[derive(Default)]
pub struct Replay {
    current: Option<(PortableClaim, Vec<Figure>)>,
    digests: HashMap<i64, String>,
    // Each claim's status as its history has brought it so far: a step is checked
    // against it as `status` checks a step against the claim's current status.
    statuses: StatusBook,
    // Every source name and alias so far, by the key lookups use, with its source: an
    // alias that already names a source would make `--source` ambiguous, and the
    // command line refuses it.
    names: HashMap<String, i64>,
    counts: Counts,
    /// The export's format: 1 until a format row says otherwise.
    format: Option<i64>,
    /// Whether any row came yet (a format row comes first or not at all).
    started: bool,
}

impl Replay {
    fn settle_claim(&mut self) {
        if let Some((c, figures)) = self.current.take() {
            let digest = ClaimContent {
                article_id: c.article_id,
                incident_id: c.incident_id,
                text: &c.text,
                quote: c.quote.as_deref(),
                quote_span: c.quote_span,
                translation: c.translation.as_deref(),
                as_of: &c.as_of,
                figures: &figures,
            }
            .digest();
            self.digests.insert(c.id, digest);
        }
    }

    /// Writes one row into `ledger`, refusing it when it breaks the export's order or
    /// its stored hash does not match.
    pub fn row(&mut self, ledger: &mut dyn Ledger, row: PortableRow) -> Result<()> {
        let first = !self.started;
        self.started = true;
        let format = self.format.unwrap_or(1);
        let of_record = |what: &str| -> Result<()> {
            if format < 2 {
                return Err(user(format!(
                    "a {what} row belongs to an export of format 2, and this file has no format row first saying so"
                )));
            }
            Ok(())
        };
        match &row {
            PortableRow::Format(version) => {
                if !first {
                    return Err(user(
                        "the format row comes first in an export, and this one comes later",
                    ));
                }
                self.format = Some(*version);
            }
            PortableRow::Correction(_) => {
                of_record("correction")?;
                ledger.import_row(&row, None)?;
                self.counts.corrections += 1;
            }
            PortableRow::Erasure(_) => {
                of_record("erasure")?;
                ledger.import_row(&row, None)?;
                self.counts.erasures += 1;
            }
            PortableRow::Entry(_) => {
                of_record("entry")?;
                ledger.import_row(&row, None)?;
                self.counts.entries += 1;
            }
            PortableRow::Seal { .. } => {
                of_record("seal")?;
                ledger.import_row(&row, None)?;
            }
            // Checked against the record with the whole of it before the import commits.
            PortableRow::Setting(_) => {
                of_record("setting")?;
                ledger.import_row(&row, None)?;
                self.counts.settings += 1;
            }
            PortableRow::Review(_) => {
                of_record("review")?;
                ledger.import_row(&row, None)?;
                self.counts.reviews += 1;
            }
            PortableRow::Assignment(_) => {
                of_record("assignment")?;
                ledger.import_row(&row, None)?;
                self.counts.assignments += 1;
            }
            PortableRow::Claim(c) => {
                self.settle_claim();
                ledger.import_row(&row, None)?;
                self.current = Some((c.clone(), Vec::new()));
                self.counts.claims += 1;
            }
            PortableRow::Figure {
                claim_id,
                figure,
                id,
            } => {
                match &mut self.current {
                    Some((c, figures)) if c.id == *claim_id => figures.push(figure.clone()),
                    _ => {
                        return Err(user(format!(
                            "figure {id} belongs to claim {claim_id}, but it does not follow that claim's row"
                        )))
                    }
                }
                ledger.import_row(&row, None)?;
                self.counts.figures += 1;
            }
            PortableRow::Change(c, expected) => {
                self.settle_claim();
                need_hash(&expected.hash)?;
                self.follow_workflow(c)?;
                let digest = match c.from {
                    Some(_) => None,
                    None => Some(self.digests.remove(&c.claim_id).ok_or_else(|| {
                        user(format!(
                            "status change {} records claim {}, whose row does not come before it",
                            c.id, c.claim_id
                        ))
                    })?),
                };
                if expected.version == 1 {
                    let hash = ledger.import_row(&row, digest.as_deref())?;
                    check_hash(&expected.hash, hash.as_deref())?;
                } else {
                    // Its claim's chain vouches for it: checked with the whole record
                    // before the import commits.
                    of_record("version-2 status_change")?;
                    ledger.import_row(&row, None)?;
                }
                self.counts.status_changes += 1;
            }
            PortableRow::Evidence(_, expected) => {
                need_hash(&expected.hash)?;
                if expected.version == 1 {
                    let hash = ledger.import_row(&row, None)?;
                    check_hash(&expected.hash, hash.as_deref())?;
                } else {
                    of_record("version-2 evidence")?;
                    ledger.import_row(&row, None)?;
                }
                self.counts.evidence += 1;
            }
            PortableRow::Source(s) => {
                self.names.insert(lookup_key(&s.name), s.id);
                ledger.import_row(&row, None)?;
                self.counts.sources += 1;
            }
            PortableRow::Article(_) => {
                ledger.import_row(&row, None)?;
                self.counts.articles += 1;
            }
            PortableRow::Incident(_) => {
                ledger.import_row(&row, None)?;
                self.counts.incidents += 1;
            }
            PortableRow::Alias { alias, source_id } => {
                if let Some(holder) = self.names.insert(lookup_key(alias), *source_id) {
                    return Err(user(format!(
                        "column name: the alias '{alias}' already names source {holder}; an alias must be unique"
                    )));
                }
                ledger.import_row(&row, None)?;
            }
        }
        Ok(())
    }

    /// Refuses a step of a claim's history that `status` would refuse: a first row
    /// other than the claim's recording as unverified, a step from a status the claim
    /// does not hold, and whatever [`Status::check_transition`] forbids (a verdict
    /// without a note, a closed claim given a new verdict without being reopened, a
    /// return to unverified).
    fn follow_workflow(&mut self, c: &crate::model::StatusChange) -> Result<()> {
        let Some(from) = c.from else {
            if c.to != Status::Unverified {
                return Err(user(format!(
                    "column to_status: the row that records claim {} has it {}, and a claim is recorded unverified",
                    c.claim_id, c.to
                )));
            }
            self.statuses.set(c.claim_id, Status::Unverified);
            return Ok(());
        };
        let Some(held) = self.statuses.get(c.claim_id) else {
            return Err(user(format!(
                "status change {} of claim {} comes before the row that records the claim",
                c.id, c.claim_id
            )));
        };
        if from != held {
            return Err(user(format!(
                "column from_status: claim {} is {held} at this point of its history, not {from}",
                c.claim_id
            )));
        }
        let has_note = c.note.as_deref().is_some_and(|n| !n.trim().is_empty());
        from.check_transition(c.to, c.claim_id, has_note)
            .or_else(|e| {
                // Superseded and withdrawn are `claim correct`'s and `claim withdraw`'s
                // steps, which `status` refuses: from any status not already one of
                // them, with a note.
                if c.to.is_entry_error() && !from.is_entry_error() && has_note {
                    Ok(())
                } else {
                    Err(e)
                }
            })
            .map_err(|e| user(format!("the workflow refuses this step: {e}")))?;
        self.statuses.set(c.claim_id, c.to);
        Ok(())
    }

    /// Checks that nothing is left hanging (a claim without its history), brings the
    /// rows of a format-1 export into the record as a migration would, and returns what
    /// was written. The caller then checks the whole record (`verify`'s walk) before it
    /// commits.
    pub fn finish(mut self, ledger: &mut dyn Ledger) -> Result<Counts> {
        self.settle_claim();
        if let Some(id) = self.digests.keys().min() {
            return Err(user(format!(
                "claim {id} has no history: every claim needs the status_change row that records it"
            )));
        }
        ledger.finish_import(&mut self.statuses.moved())?;
        if self.format.unwrap_or(1) == 1 && self.started {
            ledger.adopt_import(&crate::clock::now_text()?)?;
        }
        Ok(self.counts)
    }
}

/// An exported history or evidence row always carries its hash: one without it was
/// stripped, and recomputing it would vouch for whatever the file now says.
fn need_hash(expected: &str) -> Result<()> {
    if expected.is_empty() {
        return Err(user(
            "column hash is empty: every status_change and evidence row of an export carries its hash; the file was changed after export",
        ));
    }
    Ok(())
}

fn check_hash(expected: &str, computed: Option<&str>) -> Result<()> {
    match computed {
        Some(h) if !expected.is_empty() && h != expected => Err(user(
            "column hash: the row's hash does not match its content: the file was changed after export, or its rows were reordered",
        )),
        _ => Ok(()),
    }
}

/// Each claim's status so far, in a byte per claim: claim ids are dense (1, 2, 3, …), so
/// a list indexed by id holds a million claims in 1 MB, where a map would take some 40
/// and push a large import past its memory budget. An id far beyond the claims seen (a
/// hand-made file) goes to a map instead, so no id makes the list grow out of bounds.
#[derive(Default)]
struct StatusBook {
    dense: Vec<u8>,
    sparse: HashMap<i64, Status>,
    /// Rows recorded: the list grows to at most twice this (and [`StatusBook::REACH`]),
    /// so its size follows the file's, whatever ids the file holds.
    rows: usize,
}

impl StatusBook {
    /// How far past twice the rows recorded an id may be and still extend the list.
    const REACH: usize = 1 << 16;

    /// Every claim whose history has left it other than unverified, with where it
    /// stands: the dense ids in order, then the far ones in order.
    fn moved(&self) -> impl Iterator<Item = (i64, Status)> + '_ {
        let mut far: Vec<(i64, Status)> = self
            .sparse
            .iter()
            .map(|(&id, &s)| (id, s))
            .filter(|&(_, s)| s != Status::Unverified)
            .collect();
        far.sort_unstable_by_key(|&(id, _)| id);
        let dense = self.dense.iter().enumerate().filter_map(|(id, &b)| {
            let status = Status::ALL.get(usize::from(b).checked_sub(1)?).copied()?;
            (status != Status::Unverified).then_some((id as i64, status))
        });
        dense.chain(far)
    }

    fn get(&self, id: i64) -> Option<Status> {
        let dense = usize::try_from(id)
            .ok()
            .and_then(|i| self.dense.get(i))
            .copied()
            .filter(|&b| b != 0)
            .and_then(|b| Status::ALL.get(usize::from(b) - 1).copied());
        dense.or_else(|| self.sparse.get(&id).copied())
    }

    fn set(&mut self, id: i64, status: Status) {
        let index = Status::ALL.iter().position(|&s| s == status).unwrap_or(0);
        let byte = u8::try_from(index + 1).unwrap_or(u8::MAX);
        self.rows += 1;
        match usize::try_from(id) {
            Ok(i) if i < self.dense.len().max(2 * self.rows) + Self::REACH => {
                if i >= self.dense.len() {
                    self.dense.resize(i + 1, 0);
                }
                self.dense[i] = byte;
                // An id first seen far out may come within reach as rows grow: it is
                // kept in one place only.
                if !self.sparse.is_empty() {
                    self.sparse.remove(&id);
                }
            }
            _ => {
                self.sparse.insert(id, status);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_book_keeps_dense_and_far_ids() {
        let mut book = StatusBook::default();
        book.set(1, Status::Unverified);
        book.set(2, Status::Unverified);
        book.set(1, Status::Retracted);
        book.set(1 << 40, Status::Verified);
        book.set(-3, Status::InProgress);
        assert_eq!(book.get(1), Some(Status::Retracted));
        assert_eq!(book.get(2), Some(Status::Unverified));
        assert_eq!(book.get(3), None);
        assert_eq!(book.get(1 << 40), Some(Status::Verified));
        assert_eq!(book.get(-3), Some(Status::InProgress));
        assert!(book.dense.len() < 10, "far ids stay out of the list");
        assert_eq!(
            book.moved().collect::<Vec<_>>(),
            vec![
                (1, Status::Retracted),
                (-3, Status::InProgress),
                (1 << 40, Status::Verified)
            ]
        );
    }

    #[test]
    fn an_id_first_far_then_within_reach_is_kept_once() {
        let mut book = StatusBook::default();
        book.set(StatusBook::REACH as i64 + 10, Status::InProgress);
        for id in 1..=10 {
            book.set(id, Status::Unverified);
        }
        book.set(StatusBook::REACH as i64 + 10, Status::Verified);
        assert_eq!(
            book.moved().collect::<Vec<_>>(),
            vec![(StatusBook::REACH as i64 + 10, Status::Verified)]
        );
    }
}
