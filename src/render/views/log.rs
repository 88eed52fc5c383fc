//! `log`: every change across the ledger (corrections and erasures, edits of sources,
//! articles and incidents, and merges included), newest first, one line each, and as JSON
//! and CSV for scripts.

use std::io::{self, Write};

use super::json;
use crate::model::log::{LogEntry, LogKind};
use crate::render::{Block, Cell, Format, Listing, Output, Style, Table};

/// What a change did, in words: `recorded (unverified)`, `in_progress → verified`,
/// `evidence (contradicts) URL`, `note of status:12 corrected: WHY`, `quote of claim:3
/// erased: WHY`.
fn change(e: &LogEntry) -> String {
    let about = || {
        format!(
            "{} of {}",
            e.field.as_deref().unwrap_or("-"),
            e.target.as_deref().unwrap_or("-")
        )
    };
    let why = e.why.as_deref().unwrap_or("-");
    let target = e.target.as_deref().unwrap_or("-");
    match e.kind {
        LogKind::SourceEdit | LogKind::ArticleEdit | LogKind::IncidentEdit => {
            return format!("{target} edited: {}", set_fields(e.set.as_ref()));
        }
        LogKind::Merge => {
            let from = e.set.as_ref();
            let name = from
                .and_then(|s| s.get("name"))
                .and_then(|n| n.as_str())
                .unwrap_or("-");
            let id = from
                .and_then(|s| s.get("from"))
                .and_then(serde_json::Value::as_i64)
                .map_or_else(|| "-".to_string(), |id| id.to_string());
            return format!("source:{id} ('{name}') merged into {target}");
        }
        LogKind::Correction => {
            let value = match (&e.url, e.stance) {
                (Some(url), _) => format!(" to {url}"),
                (None, Some(stance)) => format!(" to {stance}"),
                (None, None) => String::new(),
            };
            return format!("{} corrected{value}: {why}", about());
        }
        LogKind::Erasure => return format!("{} erased: {why}", about()),
        _ => {}
    }
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

/// An edit's fields and new values: `title = "Raid in Atmé", url cleared`.
fn set_fields(set: Option<&serde_json::Value>) -> String {
    let Some(serde_json::Value::Object(map)) = set else {
        return "-".to_string();
    };
    map.iter()
        .map(|(field, value)| match value {
            serde_json::Value::Null => format!("{field} cleared"),
            serde_json::Value::String(s) => format!("{field} = {s:?}"),
            other => format!("{field} = {other}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `log`, written as the entries are read (see [`Listing`]).
pub struct LogList<W: Write>(Listing<W>);

impl<W: Write> LogList<W> {
    /// A log in `format` to `out`.
    pub fn new(out: W, format: Format, style: Style) -> io::Result<LogList<W>> {
        Listing::new(
            out,
            format,
            style,
            Table::new(TABLE),
            CSV,
            Some("no changes"),
        )
        .map(LogList)
    }

    /// One entry, in the listing's format only.
    pub fn push(&mut self, e: &LogEntry) -> io::Result<()> {
        match self.0.format() {
            Format::Json => self.0.json(e),
            Format::Csv => self.0.csv(&csv_row(e)),
            Format::Table => self.0.row(table_row(e)),
        }
    }

    /// Writes what is left.
    pub fn finish(self) -> io::Result<W> {
        self.0.finish()
    }
}

const TABLE: &[&str] = &["at", "who", "claim", "incident", "change", "note"];
const CSV: &[&str] = &[
    "at", "who", "kind", "claim", "incident", "from", "to", "stance", "url", "note", "id",
    "target", "field", "why", "set",
];

fn table_row(e: &LogEntry) -> Vec<Cell> {
    vec![
        e.at.clone().into(),
        e.who.clone().into(),
        e.claim.map_or_else(|| "-".into(), |c| c.to_string()).into(),
        e.incident.clone().unwrap_or_else(|| "-".into()).into(),
        change(e).into(),
        e.note.clone().unwrap_or_default().into(),
    ]
}

fn csv_row(e: &LogEntry) -> Vec<Cell> {
    vec![
        e.at.clone().into(),
        e.who.clone().into(),
        e.kind.as_str().into(),
        e.claim.map(|c| c.to_string()).unwrap_or_default().into(),
        e.incident.clone().unwrap_or_default().into(),
        e.from.map_or("", |s| s.as_str()).into(),
        e.to.map_or("", |s| s.as_str()).into(),
        e.stance.map_or("", |s| s.as_str()).into(),
        e.url.clone().unwrap_or_default().into(),
        e.note.clone().unwrap_or_default().into(),
        e.id.to_string().into(),
        e.target.clone().unwrap_or_default().into(),
        e.field.clone().unwrap_or_default().into(),
        e.why.clone().unwrap_or_default().into(),
        e.set
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default()
            .into(),
    ]
}

/// `log`, whole.
pub fn entries(entries: &[LogEntry]) -> Output {
    let mut table = Table::new(TABLE);
    let mut csv = Table::new(CSV);
    for e in entries {
        table.push(table_row(e));
        csv.push(csv_row(e));
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
