//! `verify` and `backup`: showing that the ledger is whole. `verify` recomputes the hash
//! chains and runs SQLite's own checks; `backup` takes a consistent copy while colleagues
//! go on writing.

use anyhow::{anyhow, Result};

use super::Ctx;
use crate::cli::{BackupArgs, VerifyArgs};
use crate::error::user;
use crate::model::chain::{link, ChangeContent, EvidenceContent, GENESIS};
use crate::model::record::{Kind, LEDGER_CHAIN};
use crate::render::views;
use crate::render::views::verify::{ChainCheck, HeadFound, HeadPlace, RecordView, Verified};
use crate::store::{BackendKind, ErasurePin, HashFound, Ledger, RecordCheck};

/// One chained table, walked in id order: ids must run 1, 2, 3… and each stored hash
/// must link the previous stored hash to the row's content. Checking against the
/// *stored* previous hash pins a problem to its row rather than to every row after it.
struct Chain {
    table: &'static str,
    rows: i64,
    expected_id: i64,
    previous: String,
    problems: Vec<String>,
}

impl Chain {
    fn new(table: &'static str) -> Chain {
        Chain {
            table,
            rows: 0,
            expected_id: 1,
            previous: GENESIS.to_string(),
            problems: Vec::new(),
        }
    }

    fn check(&mut self, id: i64, canonical: &str, stored: &str, what: &str) {
        if id > self.expected_id {
            self.problems.push(format!(
                "{} row {} is missing (deleted): the rows jump from {} to {id}",
                self.table,
                self.expected_id,
                self.expected_id - 1
            ));
        } else if link(&self.previous, canonical) != stored {
            self.problems.push(format!(
                "{} row {id} ({what}) does not match its hash: it was altered or inserted out of order",
                self.table
            ));
        }
        self.rows += 1;
        self.expected_id = id + 1;
        self.previous = stored.to_string();
    }

    /// Takes a row whose hash an erasure pinned, without recomputing it.
    fn pass(&mut self, id: i64, stored: &str) {
        self.rows += 1;
        self.expected_id = id + 1;
        self.previous = stored.to_string();
    }

    fn view(&self) -> ChainCheck<'_> {
        ChainCheck {
            rows: self.rows,
            head: &self.previous,
            ok: self.problems.is_empty(),
        }
    }
}

pub(super) struct Findings {
    integrity: Vec<String>,
    history: Chain,
    evidence: Chain,
    record: RecordCheck,
    out_of_step: Vec<i64>,
}

impl Findings {
    /// The record's head: the hash of the last entry of the ledger's chain (a
    /// checkpoint, as a rule), which vouches for everything sealed before it. A ledger
    /// that has none yet (nothing recorded) shows the genesis.
    pub(super) fn head(&self) -> &str {
        self.record.head.as_deref().unwrap_or(GENESIS)
    }

    pub(super) fn problems(&self) -> Vec<String> {
        let mut all = self.integrity.clone();
        // The record names the field that changed; a version-1 row's hash can only say
        // that its row (or, for a claim's first row, the claim) did. So, of a change that
        // both see (an adopted claim's text), the record's word comes first.
        all.extend(self.record.problems.iter().cloned());
        all.extend(self.history.problems.iter().cloned());
        all.extend(self.evidence.problems.iter().cloned());
        all.extend(self.out_of_step.iter().map(|id| {
            format!("claim {id} has a status that its history does not end in: it was changed outside crosscheck")
        }));
        all
    }
}

/// Whether a version-1 row that no longer recomputes is one whose text an erasure
/// replaced, and still has the hash the erasure kept.
fn pinned(
    pins: &[ErasurePin],
    table: &str,
    row_id: i64,
    claim_id: Option<i64>,
    stored: &str,
) -> bool {
    pins.iter().any(|p| {
        p.hash == stored
            && ((p.table == table && p.row_id == row_id)
                || (p.table == "claim" && Some(p.claim_id) == claim_id))
    })
}

pub(super) fn check(ledger: &mut dyn Ledger) -> Result<Findings> {
    let integrity = ledger.integrity_problems()?;
    check_with(ledger, integrity)
}

/// [`check`] without the database's own consistency check, for rows an import has just
/// written in its open transaction: the record, the version-1 chains and the claims'
/// statuses are all checked, but not the file's pages, which this transaction wrote
/// itself and which a changed export cannot reach (SQLite's `integrity_check` reads
/// every page of every table and index: 2 s of CPU per 100,000 claims imported).
pub(super) fn check_imported(ledger: &mut dyn Ledger) -> Result<Findings> {
    check_with(ledger, Vec::new())
}

fn check_with(ledger: &mut dyn Ledger, integrity: Vec<String>) -> Result<Findings> {
    let record = ledger.check_record()?;
    let pins = &record.pins;
    // A ledger that never held version-1 rows (none was migrated or imported) names each
    // such row as slipped in, rather than as a gap in a chain it never had.
    let never_v1 = record.v1.is_none();
    let slipped = |table: &str, id: i64, claim: i64| {
        format!(
            "{table} row {id} (claim {claim}) is hashed by version 1, yet this ledger never held version-1 rows: it was slipped in outside crosscheck"
        )
    };
    let mut history = Chain::new("status_change");
    ledger.each_status_change(&mut |c, hash, claim| {
        if never_v1 {
            history
                .problems
                .push(slipped("status_change", c.id, c.claim_id));
            history.pass(c.id, hash);
            return Ok(());
        }
        let digest = claim.map(|content| content.digest());
        let what = match (&c.from, &digest) {
            (None, None) => {
                history.problems.push(format!(
                    "status_change row {} records claim {}, which is missing (deleted)",
                    c.id, c.claim_id
                ));
                String::new()
            }
            (None, Some(_)) => format!("the record of claim {}: the claim or this row", c.claim_id),
            (Some(_), _) => format!("claim {}", c.claim_id),
        };
        let canonical = ChangeContent {
            id: c.id,
            claim_id: c.claim_id,
            from: c.from,
            to: c.to,
            who: &c.who,
            at: &c.at,
            note: c.note.as_deref(),
            claim_digest: digest.as_deref(),
        }
        .canonical();
        let creation = c.from.is_none().then_some(c.claim_id);
        if link(&history.previous, &canonical) != hash
            && pinned(pins, "status_change", c.id, creation, hash)
        {
            history.pass(c.id, hash);
        } else {
            history.check(c.id, &canonical, hash, &what);
        }
        Ok(())
    })?;
    let mut evidence = Chain::new("evidence");
    ledger.each_evidence(&mut |e, hash| {
        if never_v1 {
            evidence
                .problems
                .push(slipped("evidence", e.id, e.claim_id));
            evidence.pass(e.id, hash);
            return Ok(());
        }
        let canonical = EvidenceContent {
            id: e.id,
            claim_id: e.claim_id,
            status_change_id: e.status_change_id,
            url: &e.url,
            stance: e.stance,
            note: e.note.as_deref(),
            who: &e.who,
            at: &e.at,
        }
        .canonical();
        if link(&evidence.previous, &canonical) != hash
            && pinned(pins, "evidence", e.id, None, hash)
        {
            evidence.pass(e.id, hash);
        } else {
            evidence.check(e.id, &canonical, hash, &format!("claim {}", e.claim_id));
        }
        Ok(())
    })?;
    // The migration's entry names where the version-1 chains ended; nothing may have
    // been added to them, or taken from their end, since.
    let mut record = record;
    let v1_end = |name: &str, chain: &Chain| -> Option<String> {
        let pinned = record.v1.as_ref().and_then(|v| v.get(name).cloned());
        let (rows, head) = match &pinned {
            Some(p) => (
                p.get("rows")
                    .and_then(serde_json::Value::as_i64)
                    .unwrap_or(0),
                p.get("head").and_then(serde_json::Value::as_str),
            ),
            None => (0, None),
        };
        let head_now = (chain.rows > 0).then_some(chain.previous.as_str());
        (rows != chain.rows || head != head_now).then(|| match pinned {
            Some(_) => format!(
                "the version-1 {name} chain has {} rows and head {} now, but the migration recorded {rows} rows and head {}: rows were added, removed or changed outside crosscheck",
                chain.rows,
                head_now.unwrap_or("none"),
                head.unwrap_or("none")
            ),
            None => format!(
                "the ledger holds {} {name} rows hashed by version 1 but no migration that brought them: they were slipped in outside crosscheck",
                chain.rows
            ),
        })
    };
    // (Where the ledger never held version-1 rows, each one found is named on its own.)
    let ends: Vec<String> = if never_v1 {
        Vec::new()
    } else {
        [
            v1_end("status_change", &history),
            v1_end("evidence", &evidence),
        ]
        .into_iter()
        .flatten()
        .collect()
    };
    record.problems.extend(ends);
    Ok(Findings {
        integrity,
        history,
        evidence,
        record,
        out_of_step: ledger.claims_out_of_step()?,
    })
}

/// Reads `--head`: hex digits, the whole hash or a prefix long enough to name one.
fn head_prefix(text: &str) -> Result<String> {
    let hash = text.trim().to_ascii_lowercase();
    if !(12..=64).contains(&hash.len()) || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(user(format!(
            "--head '{}' is not a hash: give the 64 hex digits that verify or a report printed, or at least the first 12 of them",
            text.trim()
        )));
    }
    Ok(hash)
}

/// What an entry (or a version-1 row) that holds a published head vouches for.
fn vouches_for(found: &HashFound) -> String {
    match (found.kind, found.chain) {
        (Some(Kind::Checkpoint), _) => "every entry of the ledger's chain up to it and every claim entry it or an earlier checkpoint sealed: everything recorded before it".to_string(),
        (Some(Kind::Migration), _) => "the version-1 chain it ended, carried over into this record by the migration".to_string(),
        (Some(_), LEDGER_CHAIN) => "the ledger's chain up to it".to_string(),
        (Some(_), claim) => match found.sealed_by {
            Some(checkpoint) => format!(
                "claim {claim}'s chain up to it, sealed by ledger entry {checkpoint} (checkpoint)"
            ),
            None => format!(
                "claim {claim}'s chain up to it, not yet sealed by a checkpoint (the next write seals it)"
            ),
        },
        (None, _) => "its version-1 chain up to it".to_string(),
    }
}

pub(super) fn verify(ctx: &Ctx, args: VerifyArgs) -> Result<()> {
    let prefix = args.head.as_deref().map(head_prefix).transpose()?;
    let mut store = ctx.open()?;
    let (findings, found) = store.read(|l| {
        let found = match &prefix {
            Some(p) => Some(l.find_hash(p)?),
            None => None,
        };
        Ok((check(l)?, found))
    })?;
    let own_checks = match store.backend_kind() {
        BackendKind::Postgres => "PostgreSQL constraints and triggers",
        BackendKind::Sqlite => "SQLite integrity and foreign keys",
    };
    let problems = findings.problems();
    let mut head_found = None;
    if let (Some(prefix), Some(found)) = (&prefix, &found) {
        let mut hashes: Vec<&str> = found.iter().map(|f| f.hash.as_str()).collect();
        hashes.sort_unstable();
        hashes.dedup();
        match hashes.as_slice() {
            [hash] => {
                head_found = Some(HeadFound {
                    hash,
                    places: found
                        .iter()
                        .map(|f| HeadPlace {
                            place: &f.place,
                            at: &f.at,
                            vouches_for: vouches_for(f),
                        })
                        .collect(),
                })
            }
            [] if problems.is_empty() => {
                return Err(user(format!(
                    "no entry of the record has the hash {prefix}; check that it was copied whole and that this is the ledger that published it (the record verifies, head {})",
                    findings.head()
                )))
            }
            [] => {
                return Err(anyhow!(
                    "the head {prefix} is not in the record, and verification failed ({} problem{}); the first: {}",
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" },
                    problems[0]
                ))
            }
            many => {
                return Err(user(format!(
                    "{} hashes in the record start with {prefix}; give more of its digits",
                    many.len()
                )))
            }
        }
    }
    let r = &findings.record;
    ctx.emit(views::verify::verify(&Verified {
        own_checks,
        own_checks_ok: findings.integrity.is_empty(),
        status_change: findings.history.view(),
        evidence: findings.evidence.view(),
        record: RecordView {
            head: findings.head(),
            ledger_entries: r.ledger_entries,
            checkpoints: r.checkpoints,
            claims: r.claims,
            claim_entries: r.claim_entries,
            unsealed: r.unsealed,
            ok: r.problems.is_empty(),
        },
        statuses_ok: findings.out_of_step.is_empty(),
        problems: &problems,
        head_found,
    }))?;
    match problems.first() {
        None => Ok(()),
        Some(first) => Err(anyhow!(
            "verification failed ({} problem{}); the first: {first}",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" }
        )),
    }
}

pub(super) fn backup(ctx: &Ctx, args: BackupArgs) -> Result<()> {
    if args.file.exists() {
        return Err(user(format!(
            "{} already exists; a backup never overwrites, so give a new file name",
            args.file.display()
        )));
    }
    let mut store = ctx.open()?;
    store.backup(&args.file)?;
    let size = std::fs::metadata(&args.file).map(|m| m.len()).unwrap_or(0);
    ctx.emit(views::verify::backed_up(
        &ctx.db_path().display().to_string(),
        &args.file.display().to_string(),
        size,
    ))
}
