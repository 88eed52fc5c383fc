//! Output: every command builds an [`Output`] (a JSON value for scripts, blocks of tables
//! and fields for people, one flat table for CSV) and this module writes it in the
//! chosen format. Escaping and terminal hygiene live here and only here.

use std::io::{self, Write};

use comfy_table::{
    presets, Attribute, Cell as TableCell, Color, ContentArrangement, Table as Grid,
};
use serde_json::Value;

use spool::Spool;

pub mod layout;
pub mod report;
pub mod spool;
pub mod spreadsheet;
pub mod views;

/// Version of the JSON documents' shape; raised when a field changes meaning or goes away.
pub const SCHEMA_VERSION: u32 = 1;

/// The formats a reading command can print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns.
    Table,
    /// One JSON document.
    Json,
    /// CSV with a header row.
    Csv,
}

/// How tables look, decided once per run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Whether to colour.
    pub color: bool,
    /// Whether stdout is a terminal.
    pub tty: bool,
    /// Width to fit, when known.
    pub width: Option<u16>,
}

impl Style {
    /// The style for this process: colour on a terminal unless NO_COLOR or TERM=dumb,
    /// or as forced; width from the terminal, else `COLUMNS`, else 100.
    pub fn detect(color: Option<bool>) -> Style {
        use std::io::IsTerminal;
        let tty = io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
        let columns = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<u16>().ok())
            .filter(|&c| c >= 20);
        Style {
            color: color.unwrap_or(tty && !no_color && !dumb),
            tty,
            width: if tty {
                columns
            } else {
                Some(columns.unwrap_or(100))
            },
        }
    }
}

/// One cell of a table.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Cell {
    /// Its text.
    pub text: String,
    /// Whether it marks a problem (drawn in red where colour is on).
    pub alert: bool,
}

impl Cell {
    /// A plain cell.
    pub fn new(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            alert: false,
        }
    }

    /// A cell marking a problem.
    pub fn alert(text: impl Into<String>, alert: bool) -> Cell {
        Cell {
            text: text.into(),
            alert,
        }
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell::new(text)
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::new(text)
    }
}

/// A table: headers and rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// Column names.
    pub headers: Vec<String>,
    /// Rows of cells, as many as headers.
    pub rows: Vec<Vec<Cell>>,
    /// Columns that must not wrap (ids, metric names), by index.
    pub nowrap: Vec<usize>,
}

impl Table {
    /// An empty table with these headers.
    pub fn new(headers: &[&str]) -> Table {
        Table {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            nowrap: Vec::new(),
        }
    }

    /// Keeps the given columns on one line, so that narrow terminals wrap the others.
    pub fn nowrap(mut self, columns: &[usize]) -> Table {
        self.nowrap = columns.to_vec();
        self
    }

    /// Adds a row.
    pub fn push(&mut self, row: Vec<Cell>) {
        self.rows.push(row);
    }
}

/// A part of the human-readable output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A heading line.
    Heading(String),
    /// Name: value lines.
    Fields(Vec<(String, String)>),
    /// A table.
    Table(Table),
    /// A paragraph.
    Text(String),
    /// Arrangements of the same content, best first: the first whose tables show every
    /// word whole within the terminal's width is written, else the last.
    Fitting(Vec<Vec<Block>>),
}

/// What a command prints, in every format it offers.
#[derive(Debug, Clone)]
pub struct Output {
    /// For `--format json`.
    pub json: Value,
    /// For the table format.
    pub blocks: Vec<Block>,
    /// For `--format csv`.
    pub csv: Table,
}

/// A listing written row by row as the ledger is read, for the commands whose output
/// grows with the ledger (`log`, `claim list`, `conflicts`, `lint`): JSON and CSV go out
/// as each row comes, so memory stays flat whatever the ledger's size, and read exactly
/// as [`write`] would write the whole [`Output`]. A table's columns are sized by all its
/// rows: without colour its rows, escaped for the terminal once, go to a [`Spool`] as
/// they come (the first 16 MiB held in memory, the rest on disk) and are drawn from it at
/// the end (the ledger is read once); with colour (a person at a terminal, drawn through
/// comfy-table) they are held until the end.
pub struct Listing<W: Write> {
    sink: Sink<W>,
    style: Style,
    /// JSON: elements written so far.
    items: u64,
    /// The table format, with colour: its rows so far, drawn at the end.
    table: Table,
    /// The table format without colour: measured as the rows are read, drawn from the
    /// spool in passes at the end.
    grid: Option<StreamedGrid>,
    /// The table format without colour: its rows as the terminal shows them (escaped
    /// once, here), once the first has come.
    spool: Option<Spool<Vec<String>>>,
    /// What a table prints when there are no rows (none: the headers alone).
    empty: Option<String>,
    /// The CSV header, written with the first record (or at the end): nothing is
    /// written before the first row is read, so a command refused on the way (an
    /// unknown incident) prints its error alone.
    csv_headers: Vec<String>,
}

/// Where a listing's rows go: straight out (JSON, the table at its end), or through a
/// CSV writer.
enum Sink<W: Write> {
    Json(W),
    // Boxed: the CSV writer carries its own buffer, and there is one per listing.
    Csv(Box<csv::Writer<W>>),
    Table(W),
}

impl<W: Write> Listing<W> {
    /// A listing in `format`, with the table's and the CSV's headers; `empty` is the
    /// text a table prints when there are no rows (none: the headers alone).
    pub fn new(
        out: W,
        format: Format,
        style: Style,
        table: Table,
        csv_headers: &[&str],
        empty: Option<&str>,
    ) -> io::Result<Listing<W>> {
        let sink = match format {
            Format::Json => Sink::Json(out),
            Format::Table => Sink::Table(out),
            Format::Csv => Sink::Csv(Box::new(csv::Writer::from_writer(out))),
        };
        // Colour (a person at a terminal) draws through comfy-table, whole; everything
        // else is drawn as the rows come, the same text.
        let grid = (format == Format::Table && !style.color)
            .then(|| StreamedGrid::new(&table, line_width(style)));
        Ok(Listing {
            sink,
            style,
            items: 0,
            grid,
            spool: None,
            table,
            empty: empty.map(str::to_string),
            csv_headers: csv_headers.iter().map(|h| h.to_string()).collect(),
        })
    }

    /// The format rows are wanted in: a view builds only that form of each row.
    pub fn format(&self) -> Format {
        match self.sink {
            Sink::Json(_) => Format::Json,
            Sink::Csv(_) => Format::Csv,
            Sink::Table(_) => Format::Table,
        }
    }

    /// Adds one element to the JSON array, as `json_text` would print it inside the
    /// whole array.
    pub fn json(&mut self, item: &impl serde::Serialize) -> io::Result<()> {
        let Sink::Json(out) = &mut self.sink else {
            return Ok(());
        };
        let text = json_text(item);
        out.write_all(if self.items == 0 { b"[\n" } else { b",\n" })?;
        for (i, line) in text.lines().enumerate() {
            if i > 0 {
                out.write_all(b"\n")?;
            }
            out.write_all(b"  ")?;
            out.write_all(line.as_bytes())?;
        }
        self.items += 1;
        Ok(())
    }

    /// Adds one CSV record, escaped as a listing's cells always are.
    pub fn csv(&mut self, row: &[Cell]) -> io::Result<()> {
        if let Sink::Csv(writer) = &mut self.sink {
            if self.items == 0 {
                writer.write_record(&self.csv_headers)?;
            }
            self.items += 1;
            writer.write_record(
                row.iter()
                    .map(|c| spreadsheet::table_cell(&for_terminal(&c.text))),
            )?;
        }
        Ok(())
    }

    /// Adds one row of the table.
    pub fn row(&mut self, row: Vec<Cell>) -> io::Result<()> {
        match (&mut self.grid, &mut self.sink) {
            (Some(grid), Sink::Table(out)) => {
                let shown: Vec<String> = row.iter().map(|c| for_terminal(&c.text)).collect();
                grid.push(&shown, out)?;
                let spool = match &mut self.spool {
                    Some(spool) => spool,
                    // A row weighs its text and each string's own size.
                    None => self.spool.insert(Spool::held_first(
                        spool::HELD_BYTES,
                        |row: &Vec<String>| {
                            row.iter()
                                .map(|cell| cell.len() + std::mem::size_of::<String>())
                                .sum()
                        },
                    )),
                };
                spool.push(shown)
            }
            _ => {
                self.table.push(row);
                Ok(())
            }
        }
    }

    /// Writes what is left and hands back the output.
    pub fn finish(self) -> io::Result<W> {
        let Listing {
            sink,
            style,
            items,
            table,
            grid,
            spool,
            empty,
            csv_headers,
        } = self;
        let mut out = match sink {
            Sink::Json(mut out) => {
                out.write_all(if items == 0 { b"[]\n" } else { b"\n]\n" })?;
                out
            }
            Sink::Csv(mut writer) => {
                if items == 0 {
                    writer.write_record(&csv_headers)?;
                }
                writer.into_inner().map_err(|e| e.into_error())?
            }
            Sink::Table(mut out) => {
                // The rows were measured as they came; the passes left (how wide the
                // wrapped cells are, then the drawing) read them back from the spool.
                let drawn = match (grid, spool) {
                    (Some(mut grid), Some(mut spool)) if grid.rows > 0 => {
                        while grid.next_pass(&mut out)? {
                            spool.replay(&mut |row| grid.push(row, &mut out))?;
                        }
                        true
                    }
                    _ => false,
                };
                if !drawn {
                    let blocks = match empty {
                        Some(text) if table.rows.is_empty() => vec![Block::Text(text)],
                        _ => vec![Block::Table(table)],
                    };
                    write_blocks(&mut out, &blocks, style)?;
                }
                out
            }
        };
        out.flush()?;
        Ok(out)
    }
}

/// A table drawn from rows not held in memory, line for line what `grid` draws through
/// comfy-table (one space of padding each side of a cell, no borders, the line's outer
/// spaces trimmed): a first pass over them measures each column (see `layout`), a
/// second (only when some column must wrap) how wide its cells wrap, and the last draws
/// them.
struct StreamedGrid {
    headers: Vec<String>,
    nowrap: Vec<usize>,
    total: usize,
    phase: Phase,
    rows: u64,
}

/// Where a streamed table is: counting its columns' needs, measuring its wrapped
/// cells, or drawing at the columns' widths (the width a cell wraps at, and the width
/// it is padded to).
enum Phase {
    Measure(Vec<layout::Tally>),
    Wrap {
        wrap_at: Vec<usize>,
        drawn: Vec<usize>,
    },
    Draw {
        wrap_at: Option<Vec<usize>>,
        drawn: Vec<usize>,
    },
}

impl StreamedGrid {
    fn new(table: &Table, total: usize) -> StreamedGrid {
        StreamedGrid {
            headers: table.headers.iter().map(|h| for_terminal(h)).collect(),
            nowrap: table.nowrap.clone(),
            total,
            phase: Phase::Measure(vec![layout::Tally::default(); table.headers.len()]),
            rows: 0,
        }
    }

    /// One row, its cells as the terminal shows them ([`for_terminal`]).
    fn push(&mut self, row: &[String], out: &mut impl Write) -> io::Result<()> {
        match &mut self.phase {
            Phase::Measure(tallies) => {
                self.rows += 1;
                for (tally, cell) in tallies.iter_mut().zip(row) {
                    tally.add(cell);
                }
                Ok(())
            }
            Phase::Wrap { wrap_at, drawn } => {
                for ((cell, &at), drawn) in row.iter().zip(wrap_at.iter()).zip(drawn.iter_mut()) {
                    let wrapped = layout::wrap(cell, at);
                    *drawn = (*drawn).max(widest_line(&wrapped));
                }
                Ok(())
            }
            Phase::Draw { wrap_at, drawn } => match wrap_at {
                None => draw_row(out, row, drawn),
                Some(at) => {
                    let cells: Vec<String> = row
                        .iter()
                        .zip(at.iter())
                        .map(|(cell, &at)| layout::wrap(cell, at))
                        .collect();
                    draw_row(out, &cells, drawn)
                }
            },
        }
    }

    /// Ends a pass; whether another is needed.
    fn next_pass(&mut self, out: &mut impl Write) -> io::Result<bool> {
        match &self.phase {
            Phase::Measure(tallies) => {
                let needs: Vec<layout::Needs> = tallies
                    .iter()
                    .enumerate()
                    .map(|(i, t)| with_header(t.needs(self.nowrap.contains(&i)), &self.headers[i]))
                    .collect();
                let widths = layout::widths(&needs, self.total);
                if needs.iter().zip(&widths).all(|(n, &w)| n.ideal <= w) {
                    // Nothing wraps: every column is as wide as its widest line.
                    self.phase = Phase::Draw {
                        wrap_at: None,
                        drawn: needs.iter().map(|n| n.ideal).collect(),
                    };
                    self.draw_header(out)?;
                } else {
                    let drawn = self
                        .headers
                        .iter()
                        .zip(&widths)
                        .map(|(h, &w)| widest_line(&layout::wrap(h, w)))
                        .collect();
                    self.phase = Phase::Wrap {
                        wrap_at: widths,
                        drawn,
                    };
                }
                Ok(true)
            }
            Phase::Wrap { wrap_at, drawn } => {
                self.phase = Phase::Draw {
                    wrap_at: Some(wrap_at.clone()),
                    drawn: drawn.clone(),
                };
                self.draw_header(out)?;
                Ok(true)
            }
            Phase::Draw { .. } => Ok(false),
        }
    }

    fn draw_header(&self, out: &mut impl Write) -> io::Result<()> {
        let Phase::Draw { wrap_at, drawn } = &self.phase else {
            return Ok(());
        };
        let cells: Vec<String> = self
            .headers
            .iter()
            .enumerate()
            .map(|(i, h)| match wrap_at {
                Some(at) => layout::wrap(h, at[i]),
                None => h.clone(),
            })
            .collect();
        draw_row(out, &cells, drawn)
    }
}

/// The width of a text's widest line.
fn widest_line(text: &str) -> usize {
    text.split('\n').map(layout::width).max().unwrap_or(0)
}

/// One row of a table, its cells already wrapped, each line of it padded to the
/// columns' widths as comfy-table pads them, the line's outer spaces trimmed.
fn draw_row(out: &mut impl Write, cells: &[String], widths: &[usize]) -> io::Result<()> {
    let lines: Vec<Vec<&str>> = cells.iter().map(|c| c.split('\n').collect()).collect();
    let height = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let mut line = String::new();
    for k in 0..height {
        line.clear();
        for (cell, &width) in lines.iter().zip(widths) {
            let text = cell.get(k).copied().unwrap_or("");
            line.push(' ');
            line.push_str(text);
            line.extend(std::iter::repeat_n(
                ' ',
                width.saturating_sub(layout::width(text)) + 1,
            ));
        }
        let trimmed = line.strip_prefix(' ').unwrap_or(&line).trim_end();
        out.write_all(trimmed.as_bytes())?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Writes `output` to `out` in `format`.
pub fn write(
    out: &mut impl Write,
    output: &Output,
    format: Format,
    style: Style,
) -> io::Result<()> {
    match format {
        Format::Json => writeln!(out, "{}", json_text(&output.json)),
        Format::Csv => write_csv(out, &output.csv),
        Format::Table => write_blocks(out, &output.blocks, style),
    }
}

fn write_blocks(out: &mut impl Write, blocks: &[Block], style: Style) -> io::Result<()> {
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        match block {
            Block::Heading(text) => writeln!(out, "{}", for_terminal(text))?,
            Block::Text(text) => writeln!(out, "{}", for_terminal(text))?,
            Block::Fields(fields) => {
                let width = fields
                    .iter()
                    .map(|(k, _)| k.chars().count())
                    .max()
                    .unwrap_or(0);
                for (name, value) in fields {
                    let value = for_terminal(value);
                    let mut lines = value.lines();
                    writeln!(out, "{name:<width$}  {}", lines.next().unwrap_or(""))?;
                    for line in lines {
                        writeln!(out, "{:width$}  {line}", "")?;
                    }
                }
            }
            Block::Table(table) => writeln!(out, "{}", grid(table, style))?,
            Block::Fitting(choices) => {
                let total = line_width(style);
                let chosen = choices
                    .iter()
                    .find(|blocks| blocks.iter().all(|b| block_fits(b, total)))
                    .or(choices.last());
                if let Some(blocks) = chosen {
                    write_blocks(out, blocks, style)?;
                }
            }
        }
    }
    Ok(())
}

/// The width tables are fitted to: the style's, else the terminal's, else 100.
fn line_width(style: Style) -> usize {
    style
        .width
        .or_else(|| Grid::new().width())
        .map_or(100, usize::from)
}

/// Whether a block's tables show every word whole within `total` columns.
fn block_fits(block: &Block, total: usize) -> bool {
    match block {
        Block::Table(table) => {
            layout::fits(&column_needs(&cells_for_terminal(table), table), total)
        }
        Block::Fitting(choices) => choices
            .iter()
            .any(|blocks| blocks.iter().all(|b| block_fits(b, total))),
        _ => true,
    }
}

/// The header and every cell of `table` as a terminal shows them, column by column.
fn cells_for_terminal(table: &Table) -> Vec<Vec<String>> {
    let mut columns: Vec<Vec<String>> = table
        .headers
        .iter()
        .map(|h| vec![for_terminal(h)])
        .collect();
    for row in &table.rows {
        for (column, cell) in columns.iter_mut().zip(row) {
            column.push(for_terminal(&cell.text));
        }
    }
    columns
}

fn column_needs(columns: &[Vec<String>], table: &Table) -> Vec<layout::Needs> {
    columns
        .iter()
        .enumerate()
        .map(|(i, cells)| {
            let needs = layout::Needs::of(
                cells.iter().skip(1).map(String::as_str),
                table.nowrap.contains(&i),
            );
            with_header(needs, &cells[0])
        })
        .collect()
}

/// A column's needs with its heading's: a heading's words stay whole too
/// (`inconsistent` is not `inconsis` / `tent`).
fn with_header(mut needs: layout::Needs, header: &str) -> layout::Needs {
    let header = layout::Needs::of([header], false);
    needs.ideal = needs.ideal.max(header.ideal);
    needs.floor = needs.floor.max(header.longest_word);
    needs.longest_word = needs.longest_word.max(header.longest_word);
    needs
}

fn grid(table: &Table, style: Style) -> String {
    let columns = cells_for_terminal(table);
    let needs = column_needs(&columns, table);
    let widths = layout::widths(&needs, line_width(style));
    let wrapped: Vec<Vec<String>> = columns
        .iter()
        .zip(&widths)
        .map(|(cells, &w)| cells.iter().map(|c| layout::wrap(c, w)).collect())
        .collect();
    let mut grid = Grid::new();
    grid.load_preset(presets::NOTHING);
    // The cells arrive wrapped to their columns' widths (see `layout`): comfy-table's own
    // wrapping would split numbers and takes quadratic time on long words.
    grid.set_content_arrangement(ContentArrangement::Disabled);
    if !style.tty {
        grid.force_no_tty();
    }
    grid.set_header(
        wrapped
            .iter()
            .map(|cells| TableCell::new(&cells[0]).add_attribute(Attribute::Bold)),
    );
    for (r, row) in table.rows.iter().enumerate() {
        grid.add_row(row.iter().zip(&wrapped).map(|(cell, cells)| {
            let c = TableCell::new(&cells[r + 1]);
            if cell.alert && style.color {
                c.fg(Color::Red).add_attribute(Attribute::Bold)
            } else {
                c
            }
        }));
    }
    if style.color {
        grid.enforce_styling();
    }
    // comfy-table pads every cell by one space on each side; at the line's ends that
    // padding only gets in the way of reading and of grep.
    grid.lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(&l).trim_end().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

fn write_csv(out: &mut impl Write, table: &Table) -> io::Result<()> {
    write_csv_part(out, table, true)
}

/// A CSV listing written in parts, so that a long one need not be held whole: the
/// header (with `header`) and `table`'s rows, escaped as [`write`] escapes them.
pub fn write_csv_part(out: &mut impl Write, table: &Table, header: bool) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    if header {
        writer.write_record(&table.headers)?;
    }
    for row in &table.rows {
        // A CSV listing is read by people in a spreadsheet or a pager: the same escaping as
        // tables (export, which must round-trip, writes its own CSV).
        writer.write_record(
            row.iter()
                .map(|c| spreadsheet::table_cell(&for_terminal(&c.text))),
        )?;
    }
    writer.flush()
}

/// Text made safe for a terminal: control characters, bidirectional controls and invisible
/// format characters (a zero-width space, an Arabic letter mark), which could hide or
/// reorder what a reader sees, shown as `\u{…}` escapes. Newlines and tabs stay.
pub fn for_terminal(text: &str) -> String {
    let mut safe = String::with_capacity(text.len());
    for c in text.chars() {
        if !push_hidden(&mut safe, c) {
            safe.push(c);
        }
    }
    safe
}

/// A JSON document as crosscheck prints it: pretty, and with every character nobody could
/// see written as a JSON `\\uXXXX` escape. serde_json escapes control characters itself but
/// leaves a direction control such as U+202E raw, which reorders what a terminal or an
/// editor shows; escaped, the text a script reads back is exactly the same.
pub fn json_text(value: &impl serde::Serialize) -> String {
    // Serialising a JSON value or our own plain structs cannot fail.
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    // Outside strings a JSON document is ASCII, so every hidden character is inside one.
    let mut safe = String::with_capacity(text.len());
    for c in text.chars() {
        if crate::model::names::is_hidden(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                safe.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            safe.push(c);
        }
    }
    safe
}

/// The one escaping rule for what reaches a person, shared by tables, CSV listings and
/// the Markdown and HTML reports: when nobody could see `c` (see
/// [`crate::model::names::is_hidden`]: controls other than newline and tab, invisible
/// format and direction characters), writes it as `\u{…}` and says so; else writes
/// nothing. `export` alone keeps such text exact, since it must round-trip.
pub fn push_hidden(out: &mut String, c: char) -> bool {
    if crate::model::names::is_hidden(c) {
        out.push_str(&format!("\\u{{{:04x}}}", c as u32));
        true
    } else {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `.rs` file under `dir`, with its text.
    fn sources(dir: &std::path::Path) -> Vec<(std::path::PathBuf, String)> {
        let mut found = Vec::new();
        for entry in std::fs::read_dir(dir).expect("read source folder") {
            let path = entry.expect("folder entry").path();
            if path.is_dir() {
                found.extend(sources(&path));
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("read source file");
                found.push((path, text));
            }
        }
        found
    }

    /// A table drawn as its rows are read is line for line the table drawn whole, at
    /// every width: fitting, wrapping, and wider than the line.
    #[test]
    fn a_streamed_table_draws_what_the_whole_table_draws() {
        let head = || Table::new(&["id", "status", "source", "text"]).nowrap(&[0, 1]);
        let rows: Vec<Vec<Cell>> = vec![
            vec![
                "1".into(),
                "verified".into(),
                "Syrian Observatory for Human Rights".into(),
                "Dertien mensen kwamen om het leven, onder wie burgers.".into(),
            ],
            vec![
                "22".into(),
                "in_progress".into(),
                "Pentagon".into(),
                "see https://example.org/a/very/long/path and 11,300 dead\nsecond line".into(),
            ],
            vec![
                "333".into(),
                "disputed".into(),
                "x".repeat(70).into(),
                "Atmé \u{202e}reversed".into(),
            ],
        ];
        for width in [20, 40, 60, 80, 200] {
            let style = Style {
                color: false,
                tty: false,
                width: Some(width),
            };
            let mut whole = head();
            for row in &rows {
                whole.push(row.clone());
            }
            let mut expected = Vec::new();
            write_blocks(&mut expected, &[Block::Table(whole)], style).expect("write");
            let mut listing =
                Listing::new(Vec::new(), Format::Table, style, head(), &[], None).expect("new");
            for row in &rows {
                listing.row(row.clone()).expect("row");
            }
            let streamed = listing.finish().expect("finish");
            assert_eq!(
                String::from_utf8(streamed).expect("UTF-8"),
                String::from_utf8(expected).expect("UTF-8"),
                "width {width}"
            );
        }
    }

    #[test]
    fn render_does_not_depend_on_the_store_and_commands_build_no_tables() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        // Spelt in two halves so that this file does not find itself.
        let (store, commands) = (concat!("crate::", "store"), concat!("crate::", "commands"));
        for (path, text) in sources(&src.join("render")) {
            assert!(
                !text.contains(store) && !text.contains(commands),
                "{} imports from src/store or src/commands; views take model values",
                path.display()
            );
        }
        for (path, text) in sources(&src.join("commands")) {
            for built in ["Table::new", "Block::", "Output {", "Cell::"] {
                assert!(
                    !text.contains(built),
                    "{} builds output itself ({built}); move it to src/render/views",
                    path.display()
                );
            }
        }
    }

    #[test]
    fn json_shows_hidden_characters_as_escapes_that_read_back_exactly() {
        let value = serde_json::json!({"text": "13 dead\u{8}40 \u{1b}c x\u{202e}y \u{e0041}"});
        let text = json_text(&value);
        assert!(!text.chars().any(crate::model::names::is_hidden), "{text}");
        assert!(
            text.contains("\\u202e") && text.contains("\\udb40\\udc41"),
            "{text}"
        );
        let back: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(back, value);
    }

    #[test]
    fn terminal_text_shows_hidden_characters() {
        assert_eq!(
            for_terminal("a\u{202e}b\x1b[31mc\n"),
            "a\\u{202e}b\\u{001b}[31mc\n"
        );
        assert_eq!(for_terminal("dertien doden"), "dertien doden");
        assert_eq!(
            for_terminal("Reu\u{200b}ters \u{61c}x"),
            "Reu\\u{200b}ters \\u{061c}x"
        );
    }
}
