//! `log`: every change across the ledger, newest first, one line each, and as JSON and
//! CSV for scripts.

use super::json;
use crate::model::log::LogEntry;
use crate::render::{Block, Output, Table};

/// What a change did, in words: `recorded (unverified)`, `in_progress → verified`,
/// `evidence (contradicts) URL`.
fn change(e: &LogEntry) -> String {
    match (e.from, e.to, &e.url) {
        (_, _, Some(url)) => format!(
            "evidence ({}) {url}",
            e.stance.map_or("context", |s| s.as_str())
        ),
        (None, Some(to), None) => format!("recorded ({to})"),
        (Some(from), Some(to), None) => format!("{from} → {to}"),
        _ => e.kind.as_str().to_string(),
    }
}

/// `log`.
pub fn entries(entries: &[LogEntry]) -> Output {
    let mut table = Table::new(&["at", "who", "claim", "incident", "change", "note"]);
    let mut csv = Table::new(&[
        "at", "who", "kind", "claim", "incident", "from", "to", "stance", "url", "note", "id",
    ]);
    for e in entries {
        table.push(vec![
            e.at.clone().into(),
            e.who.clone().into(),
            e.claim.to_string().into(),
            e.incident.clone().unwrap_or_else(|| "-".into()).into(),
            change(e).into(),
            e.note.clone().unwrap_or_default().into(),
        ]);
        csv.push(vec![
            e.at.clone().into(),
            e.who.clone().into(),
            e.kind.as_str().into(),
            e.claim.to_string().into(),
            e.incident.clone().unwrap_or_default().into(),
            e.from.map_or("", |s| s.as_str()).into(),
            e.to.map_or("", |s| s.as_str()).into(),
            e.stance.map_or("", |s| s.as_str()).into(),
            e.url.clone().unwrap_or_default().into(),
            e.note.clone().unwrap_or_default().into(),
            e.id.to_string().into(),
        ]);
    }
    let blocks = if entries.is_empty() {
        vec![Block::Text("no changes".to_string())]
    } else {
        vec![Block::Table(table)]
    };
    Output {
        json: json(entries),
        blocks,
        csv,
    }
}
