//! The portable row format: what one row of an export looks like as a JSON line or a
//! CSV record, and how such a line becomes a [`PortableRow`] again. Its column names are
//! a public interface (listed in the README), so they are written down once, here, for
//! both formats and both directions. Pure: rows in, text out, and back; nothing here
//! touches a ledger, so `export`, `import` and anyone else reading these files agree.

use std::io::{BufRead, BufReader, Read, Write};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::input::{Refused, TextInput, MAX_LINE_BYTES, MAX_LINE_MB};
use crate::error::{is_user_mistake, user};
use crate::model::review::{Assignment, Decision, Review};
use crate::model::{
    Article, Evidence, Figure, Grade, Incident, Source, SourceKind, Stance, Status, StatusChange,
};
use crate::store::{
    Hashed, PortableClaim, PortableCorrection, PortableEntry, PortableErasure, PortableRow,
    PortableSetting,
};

/// One row of an export: the union of every table's columns, `record` saying which
/// table. Column names are a public interface, listed in the README.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    record: String,
    id: Option<i64>,
    source_id: Option<i64>,
    article_id: Option<i64>,
    incident_id: Option<i64>,
    claim_id: Option<i64>,
    via_id: Option<i64>,
    status_change_id: Option<i64>,
    name: Option<String>,
    kind: Option<String>,
    grade: Option<String>,
    slug: Option<String>,
    title: Option<String>,
    outlet: Option<String>,
    url: Option<String>,
    lang: Option<String>,
    published_at: Option<String>,
    date: Option<String>,
    place: Option<String>,
    text: Option<String>,
    quote: Option<String>,
    quote_start: Option<i64>,
    quote_end: Option<i64>,
    translation: Option<String>,
    as_of: Option<String>,
    figure: Option<String>,
    from_status: Option<String>,
    to_status: Option<String>,
    stance: Option<String>,
    who: Option<String>,
    at: Option<String>,
    note: Option<String>,
    body: Option<String>,
    body_sha256: Option<String>,
    hash: Option<String>,
    created_at: Option<String>,
    created_by: Option<String>,
    version: Option<i64>,
    target: Option<String>,
    target_id: Option<i64>,
    field: Option<String>,
    value: Option<String>,
    why: Option<String>,
    digest: Option<String>,
    marker: Option<String>,
    chain: Option<i64>,
    seq: Option<i64>,
    subject: Option<i64>,
    data: Option<String>,
    checkpoint: Option<i64>,
    internal: Option<i64>,
    claim_key: Option<i64>,
}

/// The CSV header, in this order.
pub const COLUMNS: &[&str] = &[
    "record",
    "id",
    "source_id",
    "article_id",
    "incident_id",
    "claim_id",
    "via_id",
    "status_change_id",
    "name",
    "kind",
    "grade",
    "slug",
    "title",
    "outlet",
    "url",
    "lang",
    "published_at",
    "date",
    "place",
    "text",
    "quote",
    "quote_start",
    "quote_end",
    "translation",
    "as_of",
    "figure",
    "from_status",
    "to_status",
    "stance",
    "who",
    "at",
    "note",
    "body",
    "body_sha256",
    "hash",
    "created_at",
    "created_by",
    "version",
    "target",
    "target_id",
    "field",
    "value",
    "why",
    "digest",
    "marker",
    "chain",
    "seq",
    "subject",
    "data",
    "checkpoint",
    "internal",
    "claim_key",
];

/// Columns that hold whole numbers.
const NUMERIC: &[&str] = &[
    "id",
    "source_id",
    "article_id",
    "incident_id",
    "claim_id",
    "via_id",
    "status_change_id",
    "quote_start",
    "quote_end",
    "version",
    "target_id",
    "chain",
    "seq",
    "subject",
    "checkpoint",
    "internal",
    "claim_key",
];

// The spreadsheet guard is render's, so that `--format csv` and `export` share it.
pub use crate::render::spreadsheet::{neutralise_formula, restore_formula};

fn line_of(row: PortableRow) -> Line {
    match row {
        PortableRow::Source(s) => Line {
            record: "source".into(),
            id: Some(s.id),
            name: Some(s.name),
            kind: Some(s.kind.as_str().into()),
            grade: s.grade.map(|g| g.as_str().into()),
            note: s.notes,
            created_at: Some(s.created_at),
            ..Line::default()
        },
        PortableRow::Alias { source_id, alias } => Line {
            record: "alias".into(),
            source_id: Some(source_id),
            name: Some(alias),
            ..Line::default()
        },
        PortableRow::Article(a) => Line {
            record: "article".into(),
            id: Some(a.id),
            slug: Some(a.slug),
            title: Some(a.title),
            outlet: a.outlet,
            url: a.url,
            lang: a.lang,
            published_at: a.published_at,
            body: a.body,
            body_sha256: a.body_sha256,
            created_at: Some(a.created_at),
            ..Line::default()
        },
        PortableRow::Incident(i) => Line {
            record: "incident".into(),
            id: Some(i.id),
            slug: Some(i.slug),
            title: Some(i.title),
            date: i.date,
            place: i.place,
            created_at: Some(i.created_at),
            ..Line::default()
        },
        PortableRow::Claim(c) => Line {
            record: "claim".into(),
            id: Some(c.id),
            article_id: Some(c.article_id),
            incident_id: c.incident_id,
            source_id: Some(c.source_id),
            via_id: c.via_id,
            text: Some(c.text),
            quote: c.quote,
            quote_start: c.quote_span.map(|s| s.0),
            quote_end: c.quote_span.map(|s| s.1),
            translation: c.translation,
            as_of: Some(c.as_of),
            created_at: Some(c.created_at),
            created_by: Some(c.created_by),
            claim_key: c.claim_key,
            ..Line::default()
        },
        PortableRow::Figure {
            id,
            claim_id,
            figure,
        } => Line {
            record: "figure".into(),
            id: Some(id),
            claim_id: Some(claim_id),
            figure: Some(figure.spec()),
            ..Line::default()
        },
        PortableRow::Change(s, hash) => Line {
            record: "status_change".into(),
            id: Some(s.id),
            claim_id: Some(s.claim_id),
            from_status: s.from.map(|f| f.as_str().into()),
            to_status: Some(s.to.as_str().into()),
            who: Some(s.who),
            at: Some(s.at),
            note: s.note,
            hash: Some(hash.hash),
            version: Some(hash.version),
            internal: s.internal.then_some(1),
            ..Line::default()
        },
        PortableRow::Evidence(e, hash) => Line {
            record: "evidence".into(),
            id: Some(e.id),
            claim_id: Some(e.claim_id),
            status_change_id: e.status_change_id,
            url: Some(e.url),
            stance: Some(e.stance.as_str().into()),
            note: e.note,
            who: Some(e.who),
            at: Some(e.at),
            hash: Some(hash.hash),
            version: Some(hash.version),
            internal: e.internal.then_some(1),
            ..Line::default()
        },
        PortableRow::Format(version) => Line {
            record: "format".into(),
            version: Some(version),
            ..Line::default()
        },
        PortableRow::Correction(k) => Line {
            record: "correction".into(),
            id: Some(k.id),
            claim_id: Some(k.claim_id),
            target: Some(k.target),
            target_id: Some(k.target_id),
            field: Some(k.field),
            value: k.value,
            why: Some(k.why),
            who: Some(k.who),
            at: Some(k.at),
            ..Line::default()
        },
        PortableRow::Erasure(x) => Line {
            record: "erasure".into(),
            id: Some(x.id),
            claim_id: Some(x.claim_id),
            target: Some(x.table),
            target_id: Some(x.row_id),
            field: Some(x.field),
            digest: Some(x.digest),
            marker: Some(x.marker),
            why: Some(x.reason),
            hash: x.pinned,
            who: Some(x.who),
            at: Some(x.at),
            ..Line::default()
        },
        PortableRow::Entry(e) => Line {
            record: "entry".into(),
            chain: Some(e.chain),
            seq: Some(e.seq),
            kind: Some(e.kind),
            subject: e.subject,
            who: Some(e.who),
            at: Some(e.at),
            data: e.data,
            hash: Some(e.hash),
            ..Line::default()
        },
        PortableRow::Setting(x) => Line {
            record: "setting".into(),
            id: Some(x.id),
            name: Some(x.name),
            value: Some(x.value),
            who: Some(x.who),
            at: Some(x.at),
            ..Line::default()
        },
        PortableRow::Review(v) => Line {
            record: "review".into(),
            id: Some(v.id),
            claim_id: Some(v.claim_id),
            status_change_id: Some(v.status_change_id),
            value: Some(v.decision.as_str().into()),
            note: v.note,
            who: Some(v.who),
            at: Some(v.at),
            ..Line::default()
        },
        PortableRow::Assignment(a) => Line {
            record: "assignment".into(),
            id: Some(a.id),
            claim_id: Some(a.claim_id),
            name: a.assignee,
            who: Some(a.who),
            at: Some(a.at),
            ..Line::default()
        },
        PortableRow::Seal {
            claim_id,
            seq,
            checkpoint,
        } => Line {
            record: "seal".into(),
            claim_id: Some(claim_id),
            seq: Some(seq),
            checkpoint,
            ..Line::default()
        },
    }
}

/// Writes rows as an export: one JSON object per line (empty columns left out), or CSV
/// with a header of every column and every text cell guarded against formulas.
pub struct RowWriter<W: Write> {
    out: Sink<W>,
    rows: u64,
}

enum Sink<W: Write> {
    Jsonl(W),
    // Boxed: the CSV writer carries its own buffer, and there is one writer per export.
    Csv(Box<csv::Writer<W>>),
}

impl<W: Write> RowWriter<W> {
    /// A writer of JSON Lines.
    pub fn jsonl(out: W) -> RowWriter<W> {
        RowWriter {
            out: Sink::Jsonl(out),
            rows: 0,
        }
    }

    /// A writer of CSV; the header goes first.
    pub fn csv(out: W) -> Result<RowWriter<W>> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(COLUMNS)?;
        Ok(RowWriter {
            out: Sink::Csv(Box::new(writer)),
            rows: 0,
        })
    }

    /// Writes one row.
    pub fn write(&mut self, row: PortableRow) -> Result<()> {
        let mut value = serde_json::to_value(line_of(row))?;
        match &mut self.out {
            Sink::Jsonl(out) => {
                if let Value::Object(map) = &mut value {
                    map.retain(|_, v| !v.is_null());
                }
                serde_json::to_writer(&mut *out, &value)?;
                out.write_all(b"\n")?;
            }
            Sink::Csv(writer) => {
                let cells = COLUMNS.iter().map(|c| match value.get(c) {
                    Some(Value::String(s)) => neutralise_formula(s),
                    Some(Value::Number(n)) => n.to_string(),
                    _ => String::new(),
                });
                writer.write_record(cells)?;
            }
        }
        self.rows += 1;
        Ok(())
    }

    /// How many rows were written.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Writes out what is buffered and hands back the output.
    pub fn finish(self) -> Result<W> {
        let mut out = match self.out {
            Sink::Jsonl(out) => out,
            Sink::Csv(writer) => writer.into_inner().map_err(|e| e.into_error())?,
        };
        out.flush()?;
        Ok(out)
    }
}

fn need<T: Clone>(value: &Option<T>, column: &str, record: &str) -> Result<T> {
    value.clone().ok_or_else(|| {
        user(format!(
            "column {column} is empty, and a {record} row needs it"
        ))
    })
}

fn parsed<T>(
    value: &Option<String>,
    column: &str,
    record: &str,
    parse: fn(&str) -> Option<T>,
    allowed: &str,
) -> Result<T> {
    let text = need(value, column, record)?;
    parse(&text).ok_or_else(|| user(format!("column {column}: '{text}' is not one of {allowed}")))
}

/// The internal flag of a history or evidence row: absent or 0, or 1.
fn internal(value: Option<i64>) -> Result<bool> {
    match value {
        None | Some(0) => Ok(false),
        Some(1) => Ok(true),
        Some(other) => Err(user(format!(
            "column internal: {other} is not 0 or 1 (1: the note is for the desk only)"
        ))),
    }
}

/// The row a line stands for, every field checked as the command line would check it.
fn row_of(line: Line) -> Result<PortableRow> {
    let row = parse_row(line)?;
    super::check::row(&row)?;
    Ok(row)
}

fn parse_row(line: Line) -> Result<PortableRow> {
    let r = line.record.as_str();
    let statuses = Status::names();
    Ok(match r {
        "source" => PortableRow::Source(Source {
            id: need(&line.id, "id", r)?,
            name: need(&line.name, "name", r)?,
            aliases: Vec::new(),
            kind: parsed(&line.kind, "kind", r, SourceKind::parse, "government, military, ngo, news_agency, outlet, official, person, witness, anonymous, other")?,
            grade: match &line.grade {
                Some(_) => Some(parsed(&line.grade, "grade", r, Grade::parse, "A, B, C, D, E, F")?),
                None => None,
            },
            notes: line.note,
            created_at: need(&line.created_at, "created_at", r)?,
        }),
        "alias" => PortableRow::Alias {
            source_id: need(&line.source_id, "source_id", r)?,
            alias: need(&line.name, "name", r)?,
        },
        "article" => PortableRow::Article(Article {
            id: need(&line.id, "id", r)?,
            slug: need(&line.slug, "slug", r)?,
            title: need(&line.title, "title", r)?,
            outlet: line.outlet,
            url: line.url,
            lang: line.lang,
            published_at: line.published_at,
            body: line.body,
            body_sha256: line.body_sha256,
            created_at: need(&line.created_at, "created_at", r)?,
        }),
        "incident" => PortableRow::Incident(Incident {
            id: need(&line.id, "id", r)?,
            slug: need(&line.slug, "slug", r)?,
            title: need(&line.title, "title", r)?,
            date: line.date,
            place: line.place,
            created_at: need(&line.created_at, "created_at", r)?,
        }),
        "claim" => PortableRow::Claim(PortableClaim {
            id: need(&line.id, "id", r)?,
            article_id: need(&line.article_id, "article_id", r)?,
            incident_id: line.incident_id,
            source_id: need(&line.source_id, "source_id", r)?,
            via_id: line.via_id,
            text: need(&line.text, "text", r)?,
            quote: line.quote,
            quote_span: line.quote_start.zip(line.quote_end),
            translation: line.translation,
            as_of: need(&line.as_of, "as_of", r)?,
            created_at: need(&line.created_at, "created_at", r)?,
            created_by: need(&line.created_by, "created_by", r)?,
            claim_key: line.claim_key,
        }),
        "figure" => PortableRow::Figure {
            id: need(&line.id, "id", r)?,
            claim_id: need(&line.claim_id, "claim_id", r)?,
            figure: Figure::parse(&need(&line.figure, "figure", r)?)
                .map_err(|e| user(format!("column figure: {e}")))?,
        },
        "status_change" => PortableRow::Change(
            StatusChange {
                id: need(&line.id, "id", r)?,
                claim_id: need(&line.claim_id, "claim_id", r)?,
                from: match &line.from_status {
                    Some(_) => Some(parsed(&line.from_status, "from_status", r, Status::parse, &statuses)?),
                    None => None,
                },
                to: parsed(&line.to_status, "to_status", r, Status::parse, &statuses)?,
                who: need(&line.who, "who", r)?,
                at: need(&line.at, "at", r)?,
                note: line.note,
                internal: internal(line.internal)?,
            },
            Hashed {
                hash: line.hash.unwrap_or_default(),
                version: line.version.unwrap_or(1),
            },
        ),
        "evidence" => PortableRow::Evidence(
            Evidence {
                id: need(&line.id, "id", r)?,
                claim_id: need(&line.claim_id, "claim_id", r)?,
                status_change_id: line.status_change_id,
                url: need(&line.url, "url", r)?,
                stance: parsed(&line.stance, "stance", r, Stance::parse, "supports, contradicts, context")?,
                note: line.note,
                who: need(&line.who, "who", r)?,
                at: need(&line.at, "at", r)?,
                internal: internal(line.internal)?,
            },
            Hashed {
                hash: line.hash.unwrap_or_default(),
                version: line.version.unwrap_or(1),
            },
        ),
        "format" => PortableRow::Format(need(&line.version, "version", r)?),
        "correction" => PortableRow::Correction(PortableCorrection {
            id: need(&line.id, "id", r)?,
            claim_id: need(&line.claim_id, "claim_id", r)?,
            target: need(&line.target, "target", r)?,
            target_id: need(&line.target_id, "target_id", r)?,
            field: need(&line.field, "field", r)?,
            value: line.value,
            why: need(&line.why, "why", r)?,
            who: need(&line.who, "who", r)?,
            at: need(&line.at, "at", r)?,
        }),
        "erasure" => PortableRow::Erasure(PortableErasure {
            id: need(&line.id, "id", r)?,
            claim_id: need(&line.claim_id, "claim_id", r)?,
            table: need(&line.target, "target", r)?,
            row_id: need(&line.target_id, "target_id", r)?,
            field: need(&line.field, "field", r)?,
            digest: need(&line.digest, "digest", r)?,
            marker: need(&line.marker, "marker", r)?,
            reason: need(&line.why, "why", r)?,
            pinned: line.hash,
            who: need(&line.who, "who", r)?,
            at: need(&line.at, "at", r)?,
        }),
        "entry" => PortableRow::Entry(PortableEntry {
            chain: need(&line.chain, "chain", r)?,
            seq: need(&line.seq, "seq", r)?,
            kind: need(&line.kind, "kind", r)?,
            subject: line.subject,
            who: need(&line.who, "who", r)?,
            at: need(&line.at, "at", r)?,
            data: line.data,
            hash: need(&line.hash, "hash", r)?,
        }),
        "setting" => PortableRow::Setting(PortableSetting {
            id: need(&line.id, "id", r)?,
            name: need(&line.name, "name", r)?,
            value: need(&line.value, "value", r)?,
            who: need(&line.who, "who", r)?,
            at: need(&line.at, "at", r)?,
        }),
        "review" => PortableRow::Review(Review {
            id: need(&line.id, "id", r)?,
            claim_id: need(&line.claim_id, "claim_id", r)?,
            status_change_id: need(&line.status_change_id, "status_change_id", r)?,
            decision: parsed(&line.value, "value", r, Decision::parse, "approved, rejected")?,
            note: line.note,
            who: need(&line.who, "who", r)?,
            at: need(&line.at, "at", r)?,
        }),
        "assignment" => PortableRow::Assignment(Assignment {
            id: need(&line.id, "id", r)?,
            claim_id: need(&line.claim_id, "claim_id", r)?,
            assignee: line.name,
            who: need(&line.who, "who", r)?,
            at: need(&line.at, "at", r)?,
        }),
        "seal" => PortableRow::Seal {
            claim_id: need(&line.claim_id, "claim_id", r)?,
            seq: need(&line.seq, "seq", r)?,
            checkpoint: line.checkpoint,
        },
        other => {
            return Err(user(format!(
                "column record: '{other}' is not a kind of row; rows are format, source, alias, article, incident, claim, figure, status_change, evidence, correction, erasure, setting, review, assignment, entry, seal"
            )))
        }
    })
}

/// A row's failure, placed at its line (and column, when the message names none). A
/// refused row reads "FILE line N: why; nothing was imported" (line 0: the whole file,
/// "FILE: why; …"); a failure of the environment keeps its own message with the place
/// as context.
pub fn at_line(err: anyhow::Error, file: &str, line: u64) -> anyhow::Error {
    // Line 0: what is found once every row is read, which no one line holds.
    let place = match line {
        0 => file.to_string(),
        n => format!("{file} line {n}"),
    };
    if is_user_mistake(&err) {
        user(format!("{place}: {err:#}; nothing was imported"))
    } else {
        err.context(place)
    }
}

/// What a reader hands each row to, in file order; an error stops the reading.
pub type RowSink<'s> = dyn FnMut(PortableRow) -> Result<()> + 's;

/// Reads an export in JSON Lines (blank lines skipped, a byte-order mark before the
/// first line allowed), handing each row to `each`. A line that is not a row, that is
/// longer than [`MAX_LINE_BYTES`], or that `each` refuses, stops it with an error naming
/// `file` and the line.
pub fn read_jsonl(input: impl Read, file: &str, each: &mut RowSink<'_>) -> Result<()> {
    let mut reader = BufReader::with_capacity(1 << 16, input);
    let mut bytes = Vec::new();
    let mut line_no = 0u64;
    loop {
        bytes.clear();
        // At most one line past the limit is read: an endless line is refused once the
        // limit is passed, not kept whole.
        let n = (&mut reader)
            .take(MAX_LINE_BYTES + 1)
            .read_until(b'\n', &mut bytes)
            .with_context(|| format!("cannot read {file}"))?;
        if n == 0 {
            break;
        }
        line_no += 1;
        if bytes.len() as u64 > MAX_LINE_BYTES && bytes.last() != Some(&b'\n') {
            return Err(user(format!(
                "{file} line {line_no} is longer than {MAX_LINE_MB} MB, the most one row may hold; nothing was imported"
            )));
        }
        let mut text = std::str::from_utf8(&bytes).map_err(|e| {
            user(format!(
                "{file} line {line_no}: not UTF-8 text (an invalid byte at column {}); nothing was imported",
                e.valid_up_to() + 1
            ))
        })?;
        if line_no == 1 {
            text = text.strip_prefix('\u{feff}').unwrap_or(text);
        }
        if text.trim().is_empty() {
            continue;
        }
        let line: Line = serde_json::from_str(text).map_err(|e| {
            user(format!(
                "{file} line {line_no}, column {}: {e}; nothing was imported",
                e.column()
            ))
        })?;
        row_of(line)
            .and_then(&mut *each)
            .map_err(|e| at_line(e, file, line_no))?;
    }
    Ok(())
}

/// Reads an export in CSV (a header of export columns, in any order, `record` among
/// them), handing each row to `each`; cells lose the formula guard that `export` gave
/// them. Errors name `file`, the line and, where known, the column.
pub fn read_csv(input: impl Read, file: &str, each: &mut RowSink<'_>) -> Result<()> {
    // The record limit is kept by the input, which the CSV reader fills its buffer from:
    // the mark moves to the start of each record as it is read.
    let (input, mark) = TextInput::new(input, file).with_record_limit(MAX_LINE_BYTES);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(BufReader::with_capacity(1 << 16, input));
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| csv_error(e, file, 1))?
        .iter()
        .map(str::to_string)
        .collect();
    for h in &headers {
        if !COLUMNS.contains(&h.as_str()) {
            return Err(user(format!(
                "{file} line 1, column {h}: not a column crosscheck exports; the columns are {}",
                COLUMNS.join(", ")
            )));
        }
    }
    if !headers.iter().any(|h| h == "record") {
        return Err(user(format!(
            "{file} line 1: there is no record column; is this a crosscheck export?"
        )));
    }
    let mut record = csv::StringRecord::new();
    loop {
        let more = reader.read_record(&mut record).map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            csv_error(e, file, line)
        })?;
        if !more {
            break;
        }
        // The input stops an endless record near the limit; this is the exact check.
        let end = reader.position().byte();
        if end - mark.get() > MAX_LINE_BYTES {
            let line = record.position().map_or(0, |p| p.line());
            return Err(user(format!(
                "{file} line {line} starts a record longer than {MAX_LINE_MB} MB, the most one row may hold; nothing was imported"
            )));
        }
        mark.set(end);
        let line_no = record.position().map_or(0, |p| p.line());
        let mut map = Map::new();
        for (h, cell) in headers.iter().zip(record.iter()) {
            if cell.is_empty() {
                continue;
            }
            let value = if NUMERIC.contains(&h.as_str()) {
                let n: i64 = cell.parse().map_err(|_| {
                    user(format!(
                        "{file} line {line_no}, column {h}: '{cell}' is not a whole number; nothing was imported"
                    ))
                })?;
                Value::from(n)
            } else {
                Value::from(restore_formula(cell))
            };
            map.insert(h.clone(), value);
        }
        let line: Line = serde_json::from_value(Value::Object(map))
            .map_err(|e| user(format!("{file} line {line_no}: {e}; nothing was imported")))?;
        row_of(line)
            .and_then(&mut *each)
            .map_err(|e| at_line(e, file, line_no))?;
    }
    Ok(())
}

/// A CSV reader's error as the user's mistake it is: the input's own refusal (a NUL
/// byte, an endless record) as it was worded, else the reader's, at its line.
fn csv_error(err: csv::Error, file: &str, line: u64) -> anyhow::Error {
    if let csv::ErrorKind::Io(io) = err.kind() {
        if let Some(refused) = io.get_ref().and_then(|e| e.downcast_ref::<Refused>()) {
            return user(refused.0.clone());
        }
        return anyhow::Error::new(err).context(format!("cannot read {file}"));
    }
    user(format!("{file} line {line}: {err}; nothing was imported"))
}
