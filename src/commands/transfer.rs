//! `export` and `import`: the ledger as a file and back. An export is every row of every
//! table in replay order (a claim, its figures, then its first history row; evidence once
//! what it refers to exists), one row per CSV record or JSON line, so that importing it
//! into an empty ledger rebuilds the same rows with the same ids and the same hashes.
//! `import` also reads other fact-checkers' schema.org ClaimReview JSON-LD. Either way it
//! streams the file in one transaction: a bad row stops it, naming the line and column,
//! and nothing is written.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, IsTerminal, Read, Write};
use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::report::format_name;
use super::{resolve, Ctx};
use crate::cli::{ExportArgs, FormatArg, ImportArgs};
use crate::clock;
use crate::error::{is_user_mistake, user};
use crate::model::chain::ClaimContent;
use crate::model::{
    lookup_key, slugify, Article, Evidence, Figure, Grade, Incident, Source, SourceKind, Stance,
    Status, StatusChange,
};
use crate::render::report::claimreview;
use crate::render::views;
use crate::store::{
    Ledger, NewArticle, NewClaim, NewEvidence, NewSource, NewStatusChange, PortableClaim,
    PortableRow,
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
}

/// The CSV header, in this order.
const COLUMNS: &[&str] = &[
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
];

/// A cell made safe to open in a spreadsheet. A cell that starts with `=`, `+`, `-`, `@`,
/// a tab or a carriage return would be read as a formula, so it gets a leading `'`, as
/// OWASP advises; so does a cell that already starts with `'`, so that import can take
/// exactly one `'` off every cell that starts with one and get the text back unchanged.
pub fn neutralise_formula(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\'') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// The inverse of [`neutralise_formula`].
pub fn restore_formula(cell: &str) -> &str {
    cell.strip_prefix('\'').unwrap_or(cell)
}

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
            hash: Some(hash),
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
            hash: Some(hash),
            ..Line::default()
        },
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

fn row_of(line: Line) -> Result<PortableRow> {
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
            },
            line.hash.unwrap_or_default(),
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
            },
            line.hash.unwrap_or_default(),
        ),
        other => {
            return Err(user(format!(
                "column record: '{other}' is not a kind of row; rows are source, alias, article, incident, claim, figure, status_change, evidence"
            )))
        }
    })
}

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ExportFormat {
    Csv,
    Jsonl,
}

pub(super) fn export(ctx: &Ctx, args: ExportArgs) -> Result<()> {
    let format = match ctx.format {
        None | Some(FormatArg::Jsonl) => ExportFormat::Jsonl,
        Some(FormatArg::Csv) => ExportFormat::Csv,
        Some(other) => {
            return Err(user(format!(
                "export writes jsonl or csv, not {}; e.g. --format csv",
                format_name(other)
            )))
        }
    };
    let mut store = ctx.open()?;
    let sink: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 16, sink);
    let mut rows = 0_u64;
    match format {
        ExportFormat::Jsonl => store.read(|l| {
            l.export_rows(&mut |row| {
                let mut value = serde_json::to_value(line_of(row))?;
                if let Value::Object(map) = &mut value {
                    map.retain(|_, v| !v.is_null());
                }
                serde_json::to_writer(&mut out, &value)?;
                out.write_all(b"\n")?;
                rows += 1;
                Ok(())
            })
        })?,
        ExportFormat::Csv => {
            let mut writer = csv::Writer::from_writer(&mut out);
            writer.write_record(COLUMNS)?;
            store.read(|l| {
                l.export_rows(&mut |row| {
                    let value = serde_json::to_value(line_of(row))?;
                    let cells = COLUMNS.iter().map(|c| match value.get(c) {
                        Some(Value::String(s)) => neutralise_formula(s),
                        Some(Value::Number(n)) => n.to_string(),
                        _ => String::new(),
                    });
                    writer.write_record(cells)?;
                    rows += 1;
                    Ok(())
                })
            })?;
            writer.flush()?;
        }
    }
    out.flush()?;
    if let Some(path) = &args.output {
        ctx.notice(&format!("exported {rows} rows to {}", path.display()));
    }
    Ok(())
}

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ImportKind {
    Csv,
    Jsonl,
    ClaimReview,
}

fn detect(path: &Path) -> Result<ImportKind> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("csv") => return Ok(ImportKind::Csv),
        Some("jsonl" | "ndjson") => return Ok(ImportKind::Jsonl),
        Some("json" | "jsonld") => return Ok(ImportKind::ClaimReview),
        _ => {}
    }
    let mut head = String::new();
    BufReader::new(File::open(path).with_context(|| format!("cannot read {}", path.display()))?)
        .read_line(&mut head)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let head = head.trim_start();
    Ok(if head.starts_with('{') && head.contains("\"record\"") {
        ImportKind::Jsonl
    } else if head.starts_with('{') || head.starts_with('[') {
        ImportKind::ClaimReview
    } else {
        ImportKind::Csv
    })
}

/// A reader that moves the progress bar as bytes go by.
struct Progress<R> {
    inner: R,
    bar: indicatif::ProgressBar,
}

impl<R: Read> Read for Progress<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bar.inc(n as u64);
        Ok(n)
    }
}

fn progress_bar(len: u64) -> indicatif::ProgressBar {
    // A bar only for a person watching; scripts and logs get silence.
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "importing {bar:40} {bytes}/{total_bytes} ({eta} left)",
    ) {
        bar.set_style(style);
    }
    bar
}

/// How many rows of each kind an import wrote.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub(super) struct Counts {
    pub(super) sources: u64,
    pub(super) articles: u64,
    pub(super) incidents: u64,
    pub(super) claims: u64,
    pub(super) figures: u64,
    pub(super) status_changes: u64,
    pub(super) evidence: u64,
}

impl Counts {
    /// Counts the rows of a whole ledger, as its export would write them.
    pub(super) fn of(ledger: &mut dyn Ledger) -> Result<Counts> {
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
                PortableRow::Alias { .. } => {}
            }
            Ok(())
        })?;
        Ok(counts)
    }
}

/// Replays every row of `source` into `target`, ids and hashes kept and checked, as an
/// import of its export would; returns what was written.
pub(super) fn replay_ledger(source: &mut dyn Ledger, target: &mut dyn Ledger) -> Result<Counts> {
    let mut replay = Replay::default();
    source.export_rows(&mut |row| replay.row(target, row))?;
    replay.finish()
}

/// Replays exported rows into the ledger, keeping the digest of each claim until its
/// creation row comes (normally the very next rows), so memory stays flat.
#[derive(Default)]
struct Replay {
    current: Option<(PortableClaim, Vec<Figure>)>,
    digests: HashMap<i64, String>,
    counts: Counts,
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

    fn row(&mut self, ledger: &mut dyn Ledger, row: PortableRow) -> Result<()> {
        match &row {
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
                let digest = match c.from {
                    Some(_) => None,
                    None => Some(self.digests.remove(&c.claim_id).ok_or_else(|| {
                        user(format!(
                            "status change {} records claim {}, whose row does not come before it",
                            c.id, c.claim_id
                        ))
                    })?),
                };
                let hash = ledger.import_row(&row, digest.as_deref())?;
                check_hash(expected, hash.as_deref())?;
                self.counts.status_changes += 1;
            }
            PortableRow::Evidence(_, expected) => {
                let hash = ledger.import_row(&row, None)?;
                check_hash(expected, hash.as_deref())?;
                self.counts.evidence += 1;
            }
            PortableRow::Source(_) => {
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
            PortableRow::Alias { .. } => {
                ledger.import_row(&row, None)?;
            }
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Counts> {
        self.settle_claim();
        if let Some(id) = self.digests.keys().min() {
            return Err(user(format!(
                "claim {id} has no history: every claim needs the status_change row that records it"
            )));
        }
        Ok(self.counts)
    }
}

fn check_hash(expected: &str, computed: Option<&str>) -> Result<()> {
    match computed {
        Some(h) if !expected.is_empty() && h != expected => Err(user(
            "column hash: the row's hash does not match its content: the file was changed after export, or its rows were reordered",
        )),
        _ => Ok(()),
    }
}

/// A row's failure, placed at its line (and column, when the message names none).
fn at_line(err: anyhow::Error, file: &str, line: u64) -> anyhow::Error {
    if is_user_mistake(&err) {
        user(format!("{file} line {line}: {err:#}; nothing was imported"))
    } else {
        err.context(format!("{file} line {line}"))
    }
}

fn import_jsonl(ledger: &mut dyn Ledger, input: impl Read, file: &str) -> Result<Counts> {
    let mut replay = Replay::default();
    let reader = BufReader::with_capacity(1 << 16, input);
    for (n, text) in reader.lines().enumerate() {
        let line_no = n as u64 + 1;
        let text = text.with_context(|| format!("cannot read {file}"))?;
        if text.trim().is_empty() {
            continue;
        }
        let line: Line = serde_json::from_str(&text).map_err(|e| {
            user(format!(
                "{file} line {line_no}, column {}: {e}; nothing was imported",
                e.column()
            ))
        })?;
        row_of(line)
            .and_then(|row| replay.row(ledger, row))
            .map_err(|e| at_line(e, file, line_no))?;
    }
    replay.finish().map_err(|e| at_line(e, file, 0))
}

fn import_csv(ledger: &mut dyn Ledger, input: impl Read, file: &str) -> Result<Counts> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(BufReader::with_capacity(1 << 16, input));
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| user(format!("{file} line 1: {e}; nothing was imported")))?
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
    let mut replay = Replay::default();
    let mut record = csv::StringRecord::new();
    loop {
        let more = reader.read_record(&mut record).map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            user(format!("{file} line {line}: {e}; nothing was imported"))
        })?;
        if !more {
            break;
        }
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
            .and_then(|row| replay.row(ledger, row))
            .map_err(|e| at_line(e, file, line_no))?;
    }
    replay.finish().map_err(|e| at_line(e, file, 0))
}

pub(super) fn import(ctx: &Ctx, args: ImportArgs) -> Result<()> {
    let path = &args.file;
    let name = path.display().to_string();
    let kind = detect(path)?;
    let file = File::open(path).with_context(|| format!("cannot read {name}"))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let bar = progress_bar(len);
    let input = Progress {
        inner: file,
        bar: bar.clone(),
    };
    let now = clock::now_text()?;
    let mut store = ctx.open()?;
    // An export carries its own who and when; only ClaimReview rows are recorded anew.
    let who = match kind {
        ImportKind::ClaimReview => ctx.who(&store)?,
        _ => String::new(),
    };
    let db = ctx.db_shown();
    let counts = store.write(|l| {
        if kind != ImportKind::ClaimReview && !l.is_empty()? {
            return Err(user(format!(
                "{db} is not empty: an export is imported only into an empty ledger, where it keeps every id; run `crosscheck --db NEW.db init` and import there"
            )));
        }
        match kind {
            ImportKind::Jsonl => import_jsonl(l, input, &name),
            ImportKind::Csv => import_csv(l, input, &name),
            ImportKind::ClaimReview => {
                let incident = match &args.incident {
                    Some(key) => Some(resolve::incident(l, key)?.id),
                    None => None,
                };
                import_claimreview(l, input, &name, &who, &now, incident)
            }
        }
    });
    bar.finish_and_clear();
    let counts = counts?;
    ctx.emit(views::done(
        format!(
            "imported {name}: {} sources, {} articles, {} incidents, {} claims, {} figures, {} status changes, {} evidence",
            counts.sources,
            counts.articles,
            counts.incidents,
            counts.claims,
            counts.figures,
            counts.status_changes,
            counts.evidence
        ),
        json!({ "file": name, "imported": counts }),
    ))
}

/// The first object of a value that may be an object or an array of them.
fn first(value: &Value) -> Option<&Value> {
    match value {
        Value::Array(items) => items.first(),
        Value::Null => None,
        other => Some(other),
    }
}

fn text_of<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    value
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn number_of(value: Option<&Value>, key: &str) -> Option<f64> {
    let v = value?.get(key)?;
    v.as_f64().or_else(|| v.as_str()?.trim().parse().ok())
}

fn is_type(value: &Value, wanted: &str) -> bool {
    match value.get("@type") {
        Some(Value::String(t)) => t == wanted,
        Some(Value::Array(ts)) => ts.iter().any(|t| t.as_str() == Some(wanted)),
        _ => false,
    }
}

fn collect_reviews<'v>(value: &'v Value, into: &mut Vec<&'v Value>) {
    match value {
        Value::Array(items) => items.iter().for_each(|i| collect_reviews(i, into)),
        Value::Object(map) => {
            if let Some(graph) = map.get("@graph") {
                collect_reviews(graph, into);
            }
            if is_type(value, "ClaimReview") {
                into.push(value);
            }
        }
        _ => {}
    }
}

fn import_claimreview(
    ledger: &mut dyn Ledger,
    mut input: impl Read,
    file: &str,
    who: &str,
    now: &str,
    incident_id: Option<i64>,
) -> Result<Counts> {
    let mut text = String::new();
    input
        .read_to_string(&mut text)
        .with_context(|| format!("cannot read {file} as UTF-8 text"))?;
    let doc: Value = serde_json::from_str(&text).map_err(|e| {
        user(format!(
            "{file} line {}, column {}: {e}; nothing was imported",
            e.line(),
            e.column()
        ))
    })?;
    let mut reviews = Vec::new();
    collect_reviews(&doc, &mut reviews);
    if reviews.is_empty() {
        return Err(user(format!(
            "{file} holds no ClaimReview (an object with \"@type\": \"ClaimReview\", alone, in an array or in an @graph)"
        )));
    }
    let mut counts = Counts::default();
    for (n, review) in reviews.into_iter().enumerate() {
        let place = format!("{file}: ClaimReview {}", n + 1);
        let claimed = text_of(review, "claimReviewed").ok_or_else(|| {
            user(format!(
                "{place}: claimReviewed is missing; nothing was imported"
            ))
        })?;
        let rating = review.get("reviewRating").and_then(first);
        let rating_name = rating.and_then(|r| text_of(r, "alternateName"));
        let status = claimreview::verdict_for(
            rating_name,
            number_of(rating, "ratingValue"),
            number_of(rating, "bestRating"),
            number_of(rating, "worstRating"),
        )
        .ok_or_else(|| {
            user(format!(
                "{place}: reviewRating '{}' maps to no crosscheck verdict; give an alternateName such as True, False, Misleading, Disputed or Unverifiable (README: ClaimReview ratings); nothing was imported",
                rating_name.unwrap_or("(none)")
            ))
        })?;
        let reviewer = review
            .get("author")
            .and_then(first)
            .and_then(|a| text_of(a, "name"))
            .unwrap_or("an unnamed fact-checker");
        let review_url = text_of(review, "url");
        let review_date = text_of(review, "datePublished");
        let item = review.get("itemReviewed").and_then(first);
        let author = item.and_then(|i| i.get("author")).and_then(first);
        let (source_name, kind) = match author.and_then(|a| text_of(a, "name")) {
            Some(name) => (
                name.to_string(),
                if author.is_some_and(|a| is_type(a, "Person")) {
                    SourceKind::Person
                } else {
                    SourceKind::Other
                },
            ),
            None => ("unattributed".to_string(), SourceKind::Anonymous),
        };
        let source_id = match ledger.source_holding_key(&lookup_key(&source_name))? {
            Some(id) => id,
            None => {
                counts.sources += 1;
                ledger.insert_source(&NewSource {
                    name: source_name.clone(),
                    kind,
                    grade: None,
                    notes: Some(format!("imported from ClaimReview by {reviewer}")),
                    created_at: now.to_string(),
                })?
            }
        };
        let appearance = item
            .and_then(|i| i.get("appearance").or_else(|| i.get("firstAppearance")))
            .and_then(first);
        let article_url = appearance
            .and_then(|a| text_of(a, "url"))
            .or(review_url)
            .map(str::to_string);
        let article_title = appearance
            .and_then(|a| text_of(a, "headline").or_else(|| text_of(a, "name")))
            .map(str::to_string)
            .or_else(|| article_url.clone())
            .unwrap_or_else(|| format!("ClaimReview by {reviewer}"));
        let article_date = appearance.and_then(|a| text_of(a, "datePublished"));
        let existing = match &article_url {
            Some(url) => ledger.find_article_by_url(url)?,
            None => None,
        };
        let published = article_date
            .or_else(|| item.and_then(|i| text_of(i, "datePublished")))
            .and_then(|d| clock::parse_when(d).ok());
        let article_id = match existing {
            Some(a) => a.id,
            None => {
                let base = slugify(&article_title);
                let mut slug = base.clone();
                let mut k = 2;
                while ledger.article_slug_taken(&slug)? {
                    slug = format!("{base}-{k}");
                    k += 1;
                }
                counts.articles += 1;
                ledger.insert_article(&NewArticle {
                    slug,
                    title: article_title,
                    outlet: appearance
                        .and_then(|a| a.get("publisher"))
                        .and_then(first)
                        .and_then(|p| text_of(p, "name"))
                        .map(str::to_string),
                    url: article_url,
                    lang: text_of(review, "inLanguage").map(str::to_string),
                    published_at: published.clone(),
                    body: None,
                    body_sha256: None,
                    created_at: now.to_string(),
                })?
            }
        };
        let as_of = item
            .and_then(|i| text_of(i, "datePublished"))
            .and_then(|d| clock::parse_when(d).ok())
            .or(published)
            .unwrap_or_else(|| now.to_string());
        let claim_id = ledger.insert_claim(&NewClaim {
            article_id,
            incident_id,
            source_id,
            via_id: None,
            text: claimed.to_string(),
            quote: None,
            quote_span: None,
            translation: None,
            as_of,
            figures: Vec::new(),
            created_at: now.to_string(),
            created_by: who.to_string(),
        })?;
        counts.claims += 1;
        let mut note = format!(
            "rated '{}' by {reviewer}",
            rating_name.unwrap_or(status.as_str())
        );
        if let Some(date) = review_date {
            note.push_str(&format!(" on {date}"));
        }
        note.push_str(" (imported ClaimReview)");
        let change = ledger.insert_status_change(&NewStatusChange {
            claim_id,
            from: Status::Unverified,
            to: status,
            who: who.to_string(),
            at: now.to_string(),
            note: Some(note),
        })?;
        counts.status_changes += 1;
        if let Some(url) = review_url {
            ledger.insert_evidence(&NewEvidence {
                claim_id,
                status_change_id: Some(change),
                url: url.to_string(),
                stance: Stance::for_status(status),
                note: Some(format!("ClaimReview by {reviewer}")),
                who: who.to_string(),
                at: now.to_string(),
            })?;
            counts.evidence += 1;
        }
    }
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised_and_restored() {
        for text in [
            "=1+1", "+31 20", "-5", "@SUM(A1)", "\tx", "'quoted", "plain", "",
        ] {
            let cell = neutralise_formula(text);
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell}"
            );
            let back = if cell.is_empty() {
                ""
            } else {
                restore_formula(&cell)
            };
            assert_eq!(back, text);
        }
    }
}
