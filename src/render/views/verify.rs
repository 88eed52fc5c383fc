//! `verify` and `backup`: whether the ledger is whole (the database's own checks, both
//! hash chains with their heads, claims against their history) and the confirmation of
//! a backup.

use serde::Serialize;

use super::{counted, done, json};
use crate::render::{Block, Cell, Output, Table, SCHEMA_VERSION};

/// At most this many problems are listed under the table; the first is the one that
/// matters, and JSON and CSV have them all.
const MAX_LISTED: usize = 20;

/// One hash chain as `verify` walked it.
#[derive(Serialize)]
pub struct ChainCheck<'a> {
    /// Rows walked.
    pub rows: i64,
    /// The stored hash of the last row: the chain's head.
    pub head: &'a str,
    /// Whether every row linked.
    #[serde(skip)]
    pub ok: bool,
}

/// The record (version 2) as `verify` walked it.
#[derive(Serialize)]
pub struct RecordView<'a> {
    /// The ledger chain's last hash: the head to publish.
    pub head: &'a str,
    /// Entries in the ledger's chain.
    pub ledger_entries: i64,
    /// Checkpoints among them.
    pub checkpoints: i64,
    /// Claims walked.
    pub claims: i64,
    /// Entries in the claims' chains.
    pub claim_entries: i64,
    /// Claim entries that wait for the next checkpoint.
    pub unsealed: i64,
    /// Whether every entry and field held.
    #[serde(skip)]
    pub ok: bool,
}

/// What `verify` found.
pub struct Verified<'a> {
    /// What the database's own checks are called on this backend.
    pub own_checks: &'a str,
    /// Whether they passed.
    pub own_checks_ok: bool,
    /// The status history's chain.
    pub status_change: ChainCheck<'a>,
    /// The evidence chain.
    pub evidence: ChainCheck<'a>,
    /// The record's chains.
    pub record: RecordView<'a>,
    /// Whether every claim's status is where its history ends.
    pub statuses_ok: bool,
    /// Every problem, in order.
    pub problems: &'a [String],
    /// With `--head`: where the record holds the head asked about.
    pub head_found: Option<HeadFound<'a>>,
}

/// A head asked about with `verify --head`, as found in the record.
#[derive(Serialize)]
pub struct HeadFound<'a> {
    /// The whole hash.
    pub hash: &'a str,
    /// Every place that holds it (a version-1 head also appears where the migration
    /// carried it over).
    pub places: Vec<HeadPlace<'a>>,
}

/// One place in the record that holds a head.
#[derive(Serialize)]
pub struct HeadPlace<'a> {
    /// Which chain and entry, or which version-1 row.
    pub place: &'a str,
    /// When it was written.
    pub at: &'a str,
    /// What it vouches for.
    pub vouches_for: String,
}

/// `verify` in JSON.
#[derive(Serialize)]
struct VerifyView<'a> {
    schema_version: u32,
    ok: bool,
    problems: &'a [String],
    head: &'a str,
    record: &'a RecordView<'a>,
    status_change: &'a ChainCheck<'a>,
    evidence: &'a ChainCheck<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    head_found: Option<&'a HeadFound<'a>>,
}

/// The first 16 hex digits of a hash: enough to compare by eye; JSON has all 64.
fn short(hash: &str) -> &str {
    hash.get(..16).unwrap_or(hash)
}

/// `verify`.
pub fn verify(v: &Verified<'_>) -> Output {
    let mut table = Table::new(&["check", "result"]);
    let chain =
        |c: &ChainCheck<'_>| format!("{}, head {}", counted(c.rows, "row", "rows"), short(c.head));
    let r = &v.record;
    let waiting = if r.unsealed > 0 {
        format!(", {} waiting for the next checkpoint", r.unsealed)
    } else {
        String::new()
    };
    for (check, ok, detail) in [
        (v.own_checks, v.own_checks_ok, String::new()),
        (
            "the record: ledger chain",
            r.ok,
            format!(
                "{} ({}), head {}",
                counted(r.ledger_entries, "entry", "entries"),
                counted(r.checkpoints, "checkpoint", "checkpoints"),
                short(r.head)
            ),
        ),
        (
            "the record: claim chains",
            r.ok,
            format!(
                "{} in {}{waiting}",
                counted(r.claim_entries, "entry", "entries"),
                counted(r.claims, "claim", "claims"),
            ),
        ),
        (
            "version-1 status history chain",
            v.status_change.ok,
            chain(&v.status_change),
        ),
        (
            "version-1 evidence chain",
            v.evidence.ok,
            chain(&v.evidence),
        ),
        (
            "claim statuses follow their history",
            v.statuses_ok,
            String::new(),
        ),
    ] {
        let result = match (ok, detail.is_empty()) {
            (true, true) => "ok".to_string(),
            (true, false) => format!("ok: {detail}"),
            (false, _) => "FAILED".to_string(),
        };
        table.push(vec![check.into(), Cell::alert(result, !ok)]);
    }
    let mut blocks = vec![Block::Table(table)];
    if let Some(found) = &v.head_found {
        let mut lines = vec![format!("head {}:", found.hash)];
        for p in &found.places {
            lines.push(format!(
                "  {}, written {}: it vouches for {}",
                p.place, p.at, p.vouches_for
            ));
        }
        lines.push(if v.problems.is_empty() {
            "the record verifies: what the head vouches for is as it was".to_string()
        } else {
            "the record does NOT verify: see the problems below".to_string()
        });
        blocks.push(Block::Text(lines.join("\n")));
    }
    if !v.problems.is_empty() {
        let mut lines: Vec<String> = v.problems.iter().take(MAX_LISTED).cloned().collect();
        if v.problems.len() > MAX_LISTED {
            lines.push(format!("… and {} more", v.problems.len() - MAX_LISTED));
        }
        blocks.push(Block::Text(lines.join("\n")));
    }
    let mut csv = Table::new(&["problem"]);
    for p in v.problems {
        csv.push(vec![p.clone().into()]);
    }
    Output {
        json: json(VerifyView {
            schema_version: SCHEMA_VERSION,
            ok: v.problems.is_empty(),
            problems: v.problems,
            head: v.record.head,
            record: &v.record,
            status_change: &v.status_change,
            evidence: &v.evidence,
            head_found: v.head_found.as_ref(),
        }),
        blocks,
        csv,
    }
}

/// `backup` in JSON.
#[derive(Serialize)]
struct BackupView<'a> {
    db: &'a str,
    backup: &'a str,
    bytes: u64,
}

/// The confirmation of `backup`.
pub fn backed_up(db: &str, backup: &str, bytes: u64) -> Output {
    done(
        format!(
            "backed up {db} to {backup} ({})",
            counted(bytes as i64, "byte", "bytes")
        ),
        BackupView { db, backup, bytes },
    )
}
