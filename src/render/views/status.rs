//! `status`, `evidence add` and `history`: a claim's verification as a time line of
//! status changes with the evidence given for each, and as JSON.

use serde::Serialize;

use super::{done, json, opt};
use crate::model::{Claim, Evidence, Stance, Status, StatusChange};
use crate::render::{Block, Cell, Output, Table, SCHEMA_VERSION};

/// A history entry in JSON.
#[derive(Serialize)]
pub(super) struct ChangeView<'a> {
    id: i64,
    from: Option<&'static str>,
    to: &'static str,
    who: &'a str,
    at: &'a str,
    note: Option<&'a str>,
}

impl ChangeView<'_> {
    /// The entry of one status change.
    pub(super) fn new(s: &StatusChange) -> ChangeView<'_> {
        ChangeView {
            id: s.id,
            from: s.from.map(|f| f.as_str()),
            to: s.to.as_str(),
            who: &s.who,
            at: &s.at,
            note: s.note.as_deref(),
        }
    }
}

/// Evidence in JSON.
#[derive(Serialize)]
pub(super) struct EvidenceView<'a> {
    id: i64,
    url: &'a str,
    stance: &'static str,
    note: Option<&'a str>,
    status_change: Option<i64>,
    who: &'a str,
    at: &'a str,
}

impl EvidenceView<'_> {
    /// The entry of one piece of evidence.
    pub(super) fn new(e: &Evidence) -> EvidenceView<'_> {
        EvidenceView {
            id: e.id,
            url: &e.url,
            stance: e.stance.as_str(),
            note: e.note.as_deref(),
            status_change: e.status_change_id,
            who: &e.who,
            at: &e.at,
        }
    }
}

/// A status change as `status` confirms it.
#[derive(Serialize)]
pub struct Changed<'a> {
    /// The claim.
    pub claim: i64,
    /// Its status before.
    pub from: Status,
    /// Its status now.
    pub to: Status,
    /// Who changed it.
    pub who: &'a str,
    /// When.
    pub at: &'a str,
}

/// The confirmation of `status`.
pub fn changed(c: &Changed<'_>) -> Output {
    done(format!("claim {}: {} → {}", c.claim, c.from, c.to), c)
}

/// The confirmation of `status` on several claims: a line each, a JSON array.
pub fn changed_many(changes: &[Changed<'_>]) -> Output {
    let lines: Vec<String> = changes
        .iter()
        .map(|c| format!("claim {}: {} → {}", c.claim, c.from, c.to))
        .collect();
    done(lines.join("\n"), changes)
}

/// Evidence as `evidence add` confirms it.
#[derive(Serialize)]
pub struct Attached<'a> {
    /// The evidence's id.
    pub id: i64,
    /// The claim it is attached to.
    pub claim: i64,
    /// Where it is.
    pub url: &'a str,
    /// Whether it supports, contradicts or gives context.
    pub stance: Stance,
    /// The note as given.
    pub note: Option<&'a str>,
    /// Who attached it.
    pub who: &'a str,
    /// When.
    pub at: &'a str,
}

/// The confirmation of `evidence add`.
pub fn attached(a: &Attached<'_>) -> Output {
    done(
        format!(
            "evidence {} ({}) attached to claim {}",
            a.id, a.stance, a.claim
        ),
        a,
    )
}

/// The time line of a claim: status changes in time order, each piece of evidence given
/// with a change right under it.
pub(super) fn history_blocks(history: &[StatusChange], evidence: &[Evidence]) -> Vec<Block> {
    let mut rows: Vec<((String, i64, i64), Vec<Cell>)> = Vec::new();
    for s in history {
        let change = match s.from {
            Some(from) => format!("{from} → {}", s.to),
            None => format!("recorded as {}", s.to),
        };
        let row = vec![
            s.at.clone().into(),
            s.who.clone().into(),
            change.into(),
            opt(&s.note).into(),
        ];
        rows.push(((s.at.clone(), s.id, 0), row));
    }
    for e in evidence {
        let key = match e
            .status_change_id
            .and_then(|id| history.iter().find(|s| s.id == id))
        {
            Some(s) => (s.at.clone(), s.id, e.id),
            None => (e.at.clone(), i64::MAX, e.id),
        };
        let note = match &e.note {
            Some(n) => format!("{} — {n}", e.url),
            None => e.url.clone(),
        };
        let row = vec![
            e.at.clone().into(),
            e.who.clone().into(),
            format!("evidence ({})", e.stance).into(),
            note.into(),
        ];
        rows.push((key, row));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let mut t = Table::new(&["when", "who", "change", "note"]).nowrap(&[0]);
    for (_, row) in rows {
        t.push(row);
    }
    vec![Block::Table(t)]
}

/// `history` in JSON.
#[derive(Serialize)]
struct HistoryView<'a> {
    schema_version: u32,
    claim: i64,
    status: &'static str,
    history: Vec<ChangeView<'a>>,
    evidence: Vec<EvidenceView<'a>>,
}

/// `history`.
pub fn history(c: &Claim, history: &[StatusChange], evidence: &[Evidence]) -> Output {
    let mut blocks = vec![Block::Heading(format!(
        "claim {} ({}): {}",
        c.id, c.status, c.text
    ))];
    blocks.extend(history_blocks(history, evidence));
    let mut csv = Table::new(&[
        "claim", "kind", "id", "at", "who", "from", "to", "stance", "url", "note",
    ]);
    for s in history {
        csv.push(vec![
            c.id.to_string().into(),
            "status".into(),
            s.id.to_string().into(),
            s.at.clone().into(),
            s.who.clone().into(),
            s.from.map(|f| f.as_str()).unwrap_or("").into(),
            s.to.as_str().into(),
            "".into(),
            "".into(),
            s.note.clone().unwrap_or_default().into(),
        ]);
    }
    for e in evidence {
        csv.push(vec![
            c.id.to_string().into(),
            "evidence".into(),
            e.id.to_string().into(),
            e.at.clone().into(),
            e.who.clone().into(),
            "".into(),
            "".into(),
            e.stance.as_str().into(),
            e.url.clone().into(),
            e.note.clone().unwrap_or_default().into(),
        ]);
    }
    Output {
        json: json(HistoryView {
            schema_version: SCHEMA_VERSION,
            claim: c.id,
            status: c.status.as_str(),
            history: history.iter().map(ChangeView::new).collect(),
            evidence: evidence.iter().map(EvidenceView::new).collect(),
        }),
        blocks,
        csv,
    }
}
