//! What a backend must provide so that the ledger's rules (`rules.rs`) can run on it, and
//! nothing more: statements with typed parameters and typed rows, transactions, the head
//! of a hash chain under the right lock, bulk load, streams of rows read side by side,
//! and what its errors mean. Both backends speak the SQL written in `rules.rs`, with `?N`
//! placeholders; the few places where their dialects differ are named in [`Dialect`].

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};

use super::BackendKind;
use crate::model::Status;

/// One parameter of a statement, or one field of a bulk-loaded row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Value<'a> {
    /// SQL NULL.
    Null,
    /// An integer (ids, counts, figures; a flag as 0 or 1).
    Int(i64),
    /// Text.
    Text(&'a str),
}

impl From<i64> for Value<'_> {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}

impl From<bool> for Value<'_> {
    fn from(b: bool) -> Self {
        Value::Int(i64::from(b))
    }
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(s: &'a str) -> Self {
        Value::Text(s)
    }
}

impl<'a> From<&'a String> for Value<'a> {
    fn from(s: &'a String) -> Self {
        Value::Text(s)
    }
}

impl<'a, T: Into<Value<'a>>> From<Option<T>> for Value<'a> {
    fn from(o: Option<T>) -> Self {
        o.map_or(Value::Null, Into::into)
    }
}

/// One row a query returned, read column by column. Reading goes straight to the
/// backend's own row: nothing is copied into an intermediate value.
pub(super) trait Row {
    /// An integer column.
    fn int(&self, column: usize) -> Result<Option<i64>>;
    /// A text column.
    fn text(&self, column: usize) -> Result<Option<String>>;
    /// A truth value: a boolean where the database has them, else 0 or 1.
    fn flag(&self, column: usize) -> Result<bool>;
}

/// A type a column can be read as.
pub(super) trait Column: Sized {
    /// Reads it from `row`.
    fn read(row: &dyn Row, column: usize) -> Result<Self>;
}

fn null_in(column: usize) -> anyhow::Error {
    anyhow!("column {column} is NULL where the ledger always writes a value")
}

impl Column for i64 {
    fn read(row: &dyn Row, column: usize) -> Result<Self> {
        row.int(column)?.ok_or_else(|| null_in(column))
    }
}

impl Column for Option<i64> {
    fn read(row: &dyn Row, column: usize) -> Result<Self> {
        row.int(column)
    }
}

impl Column for String {
    fn read(row: &dyn Row, column: usize) -> Result<Self> {
        row.text(column)?.ok_or_else(|| null_in(column))
    }
}

impl Column for Option<String> {
    fn read(row: &dyn Row, column: usize) -> Result<Self> {
        row.text(column)
    }
}

impl Column for bool {
    fn read(row: &dyn Row, column: usize) -> Result<Self> {
        row.flag(column)
    }
}

impl dyn Row + '_ {
    /// Column `column` as a `T`.
    pub(super) fn get<T: Column>(&self, column: usize) -> Result<T> {
        T::read(self, column)
    }
}

/// Rows of one query read one at a time, while other streams of the same read stay open.
pub(super) trait Stream {
    /// The next row, or `None` at the end.
    fn next_row(&mut self) -> Result<Option<&dyn Row>>;
}

/// What the rules do with each row of a query.
pub(super) type EachRow<'a> = dyn FnMut(&dyn Row) -> Result<()> + 'a;

/// What the rules do with streams opened side by side.
pub(super) type ReadStreams<'a> = dyn FnMut(&mut [Box<dyn Stream + '_>]) -> Result<()> + 'a;

/// The few places where the SQL of the two backends differs.
#[derive(Debug, Clone, Copy)]
pub(super) struct Dialect {
    /// Appended to a SELECT that reads a row in order to change it, so that a concurrent
    /// writer waits: nothing for SQLite, whose write transaction already holds the whole
    /// file; a row lock on PostgreSQL, where writers run side by side.
    pub(super) lock_row: &'static str,
    /// How words are looked up: SQLite's FTS5 tables, or PostgreSQL's tsvector indexes.
    pub(super) search: Search,
    /// The id the next status change gets, read before it is written because its hash
    /// covers it: one more than the last on SQLite, whose one writer holds the file; the
    /// table's sequence on PostgreSQL, where writers on different claims run side by side.
    pub(super) next_change_id: &'static str,
    /// The same for evidence.
    pub(super) next_evidence_id: &'static str,
    /// Whether one statement may write several tables (PostgreSQL's data-modifying
    /// `WITH`), so that a row, its entry and its seal cost one round trip to the server;
    /// SQLite runs in the process, where three statements cost next to nothing.
    pub(super) write_together: bool,
}

/// The two full-text engines, and the SQL each needs to find rows by their words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Search {
    /// SQLite's FTS5: one external-content table per indexed table, `MATCH`, `bm25`.
    Fts5,
    /// PostgreSQL: a generated tsvector column `words` on each table, GIN-indexed, `@@`,
    /// `ts_rank`.
    Tsvector,
}

/// What a search looks in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SearchIn {
    /// A claim's text, quote and translation; the claim's id.
    Claims,
    /// The notes of status changes; the claim's id.
    ChangeNotes,
    /// The notes of evidence; the claim's id.
    EvidenceNotes,
    /// An article's title and body; the article's id.
    Articles,
}

impl Search {
    /// A query of `(id, score)` rows, one per indexed row whose words match `?1` (a
    /// query string from [`Search::query`]); a higher score is a better match.
    pub(super) fn hits_sql(self, within: SearchIn) -> &'static str {
        match (self, within) {
            (Search::Fts5, SearchIn::Claims) => {
                "SELECT rowid AS id, -bm25(claim_search) AS score FROM claim_search WHERE claim_search MATCH ?1"
            }
            (Search::Fts5, SearchIn::ChangeNotes) => {
                "SELECT s.claim_id AS id, -bm25(status_change_search) AS score FROM status_change_search JOIN status_change s ON s.id = status_change_search.rowid WHERE status_change_search MATCH ?1"
            }
            (Search::Fts5, SearchIn::EvidenceNotes) => {
                "SELECT e.claim_id AS id, -bm25(evidence_search) AS score FROM evidence_search JOIN evidence e ON e.id = evidence_search.rowid WHERE evidence_search MATCH ?1"
            }
            (Search::Fts5, SearchIn::Articles) => {
                "SELECT rowid AS id, -bm25(article_search) AS score FROM article_search WHERE article_search MATCH ?1"
            }
            (Search::Tsvector, SearchIn::Claims) => {
                "SELECT c0.id AS id, ts_rank(c0.words, q) AS score FROM claim c0, to_tsquery('simple', crosscheck_fold(?1)) q WHERE c0.words @@ q"
            }
            (Search::Tsvector, SearchIn::ChangeNotes) => {
                "SELECT s.claim_id AS id, ts_rank(s.words, q) AS score FROM status_change s, to_tsquery('simple', crosscheck_fold(?1)) q WHERE s.note IS NOT NULL AND s.words @@ q"
            }
            (Search::Tsvector, SearchIn::EvidenceNotes) => {
                "SELECT e.claim_id AS id, ts_rank(e.words, q) AS score FROM evidence e, to_tsquery('simple', crosscheck_fold(?1)) q WHERE e.note IS NOT NULL AND e.words @@ q"
            }
            (Search::Tsvector, SearchIn::Articles) => {
                "SELECT a0.id AS id, ts_rank(a0.words, q) AS score FROM article a0, to_tsquery('simple', crosscheck_fold(?1)) q WHERE a0.words @@ q"
            }
        }
    }

    /// A query of the ids of the claims whose own words (text, quote, translation) match
    /// parameter `?{words}`, newest first, at most `?{limit}`: no relevance is computed,
    /// so that a word every claim has costs no more than a rare one.
    pub(super) fn newest_claims_sql(self, words: usize, limit: usize) -> String {
        match self {
            Search::Fts5 => format!(
                "SELECT rowid FROM claim_search WHERE claim_search MATCH ?{words} ORDER BY rowid DESC LIMIT ?{limit}"
            ),
            Search::Tsvector => format!(
                "SELECT c0.id FROM claim c0 WHERE c0.words @@ to_tsquery('simple', crosscheck_fold(?{words})) ORDER BY c0.id DESC LIMIT ?{limit}"
            ),
        }
    }

    /// The engine's query for plain words (letters and digits only, as
    /// `model::search::words` cuts them): all of them, or `any` of them.
    pub(super) fn query(self, words: &[String], any: bool) -> String {
        match self {
            // Each word quoted: FTS5 reads it as a string, never as an operator.
            Search::Fts5 => {
                let quoted: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
                quoted.join(if any { " OR " } else { " " })
            }
            Search::Tsvector => words.join(if any { " | " } else { " & " }),
        }
    }
}

/// The hash chains that a writer must hold alone while it extends them: the two
/// ledger-wide chains of version 1 (extended only by an import of a version-1 export)
/// and the ledger's chain of the record's version 2. A claim's own chain is held through
/// its row's lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Chain {
    /// The status history of version 1.
    Changes,
    /// The evidence of version 1.
    Evidence,
    /// The ledger's chain (version 2).
    Ledger,
}

impl Chain {
    /// The last row of the chain: its id and hash.
    pub(super) fn head_sql(self) -> &'static str {
        match self {
            Chain::Changes => {
                "SELECT id, hash FROM status_change WHERE version = 1 ORDER BY id DESC LIMIT 1"
            }
            Chain::Evidence => {
                "SELECT id, hash FROM evidence WHERE version = 1 ORDER BY id DESC LIMIT 1"
            }
            Chain::Ledger => {
                "SELECT seq, hash FROM record WHERE chain = 0 ORDER BY seq DESC LIMIT 1"
            }
        }
    }
}

/// A table as an import fills it: its name and the columns of a full row, ids included.
#[derive(Debug)]
pub(super) struct Table {
    /// Its name.
    pub(super) name: &'static str,
    /// The columns a row gives, in order.
    pub(super) columns: &'static [&'static str],
}

impl Table {
    /// An INSERT of one full row, with `?N` placeholders.
    pub(super) fn insert_sql(&self) -> String {
        let places: Vec<String> = (1..=self.columns.len()).map(|n| format!("?{n}")).collect();
        format!(
            "INSERT INTO {} ({}) VALUES ({})",
            self.name,
            self.columns.join(", "),
            places.join(", ")
        )
    }

    /// A COPY of full rows from the client, in COPY's text format.
    pub(super) fn copy_sql(&self) -> String {
        format!(
            "COPY {} ({}) FROM STDIN",
            self.name,
            self.columns.join(", ")
        )
    }
}

/// A source.
pub(super) const SOURCE: Table = Table {
    name: "source",
    columns: &[
        "id",
        "name",
        "name_key",
        "kind",
        "grade",
        "notes",
        "created_at",
    ],
};
/// Another name of a source.
pub(super) const SOURCE_ALIAS: Table = Table {
    name: "source_alias",
    columns: &["alias_key", "alias", "source_id"],
};
/// An article.
pub(super) const ARTICLE: Table = Table {
    name: "article",
    columns: &[
        "id",
        "slug",
        "title",
        "title_key",
        "outlet",
        "url",
        "lang",
        "published_at",
        "body",
        "body_sha256",
        "created_at",
    ],
};
/// An incident.
pub(super) const INCIDENT: Table = Table {
    name: "incident",
    columns: &[
        "id",
        "slug",
        "title",
        "title_key",
        "date",
        "place",
        "created_at",
    ],
};
/// A claim.
pub(super) const CLAIM: Table = Table {
    name: "claim",
    columns: &[
        "id",
        "article_id",
        "incident_id",
        "source_id",
        "via_id",
        "text",
        "quote",
        "quote_start",
        "quote_end",
        "translation",
        "as_of",
        "status",
        "created_at",
        "created_by",
        "claim_key",
    ],
};
/// A figure, with what it repeats of its claim.
pub(super) const FIGURE: Table = Table {
    name: "figure",
    columns: &[
        "id",
        "claim_id",
        "incident_id",
        "origin_id",
        "metric",
        "qualifier",
        "strict",
        "value",
        "value_high",
        "low",
        "high",
        "kind",
        "as_of",
    ],
};
/// A row of the status history.
pub(super) const STATUS_CHANGE: Table = Table {
    name: "status_change",
    columns: &[
        "id",
        "claim_id",
        "from_status",
        "to_status",
        "who",
        "at",
        "note",
        "hash",
        "version",
        "internal",
    ],
};
/// A piece of evidence.
pub(super) const EVIDENCE: Table = Table {
    name: "evidence",
    columns: &[
        "id",
        "claim_id",
        "status_change_id",
        "url",
        "stance",
        "note",
        "who",
        "at",
        "hash",
        "version",
        "internal",
    ],
};
/// A correction of a note, an evidence URL or a stance.
pub(super) const CORRECTION: Table = Table {
    name: "correction",
    columns: &[
        "id",
        "claim_id",
        "target",
        "target_id",
        "field",
        "value",
        "why",
        "who",
        "at",
    ],
};
/// An erasure of a text.
pub(super) const ERASURE: Table = Table {
    name: "erasure",
    columns: &[
        "id", "claim_id", "tbl", "row_id", "field", "digest", "marker", "reason", "pinned", "who",
        "at",
    ],
};
/// A ledger setting.
pub(super) const SETTING: Table = Table {
    name: "setting",
    columns: &["id", "name", "value", "who", "at"],
};
/// A review of a verdict.
pub(super) const REVIEW: Table = Table {
    name: "review",
    columns: &[
        "id",
        "claim_id",
        "status_change_id",
        "decision",
        "note",
        "who",
        "at",
    ],
};
/// An assignment of a claim.
pub(super) const ASSIGNMENT: Table = Table {
    name: "assignment",
    columns: &["id", "claim_id", "assignee", "who", "at"],
};
/// An entry of the record.
pub(super) const RECORD: Table = Table {
    name: "record",
    columns: &[
        "id", "chain", "seq", "kind", "subject", "who", "at", "data", "hash",
    ],
};
/// Which checkpoint sealed a claim entry.
pub(super) const SEAL: Table = Table {
    name: "seal",
    columns: &["claim_id", "seq", "checkpoint"],
};

/// The comparison's summary: each origin's latest figure per (incident, metric).
pub(super) const SUMMARY_FIGURE: Table = Table {
    name: "summary_figure",
    columns: &[
        "incident_id",
        "metric",
        "origin_id",
        "claim_id",
        "origin_rank",
        "qualifier",
        "strict",
        "value",
        "value_high",
        "kind",
        "as_of",
        "status",
        "via_id",
        "article",
    ],
};
/// The comparison's summary: each (incident, metric)'s findings.
pub(super) const SUMMARY_METRIC: Table = Table {
    name: "summary_metric",
    columns: &[
        "incident_id",
        "metric",
        "conflict",
        "resolved",
        "inconsistent",
        "spread",
    ],
};

/// Every table an import fills, in the order their rows may refer to each other, then
/// the summary that is derived from them.
pub(super) const TABLES: [&Table; 17] = [
    &SOURCE,
    &SOURCE_ALIAS,
    &ARTICLE,
    &INCIDENT,
    &CLAIM,
    &FIGURE,
    &STATUS_CHANGE,
    &EVIDENCE,
    &CORRECTION,
    &ERASURE,
    &SETTING,
    &REVIEW,
    &ASSIGNMENT,
    &RECORD,
    &SEAL,
    &SUMMARY_METRIC,
    &SUMMARY_FIGURE,
];

/// The storage primitives of one backend.
pub(super) trait Primitives {
    /// Where this backend's SQL differs.
    const DIALECT: Dialect;

    /// Which kind of database this is.
    fn kind(&self) -> BackendKind;

    /// Runs a statement that returns no rows; how many rows it changed.
    fn execute(&mut self, sql: &str, params: &[Value<'_>]) -> Result<u64>;
    /// Runs a query and hands each row to `each`, in the order the query gives.
    fn query(&mut self, sql: &str, params: &[Value<'_>], each: &mut EachRow<'_>) -> Result<()>;
    /// Opens each of `queries` (whole-ledger reads, without parameters) as a stream and
    /// hands them to `read` together, so that rows can be merged as they come, with
    /// memory flat however large the ledger.
    fn streams(&mut self, queries: &[&str], read: &mut ReadStreams<'_>) -> Result<()>;

    /// Takes the lock that writers of `chain` queue on until this transaction ends, so
    /// that two writers cannot both extend it from the same row.
    fn lock_chain(&mut self, chain: Chain) -> Result<()>;
    /// Takes `chain`'s lock when nobody holds it, without waiting; whether it was taken.
    fn try_lock_chain(&mut self, chain: Chain) -> Result<bool>;
    /// Writes one full row of an import. It may be buffered: any later statement of
    /// the transaction sees it.
    fn bulk_insert(&mut self, table: &'static Table, row: &[Value<'_>]) -> Result<()>;
    /// Writes one row of derived data rebuilt whole (the comparison's summary), which
    /// sets nothing aside: on a server, rows may be buffered as
    /// [`Primitives::bulk_insert`]'s are, since a round trip per row costs more than the
    /// rule that makes it. By default, one INSERT.
    fn insert_derived(&mut self, table: &'static Table, row: &[Value<'_>]) -> Result<()> {
        self.execute(&table.insert_sql(), row).map(|_| ())
    }
    /// Whether the bulk load under way keeps the database's row triggers, so that each
    /// claim's status follows its history as rows come. A load that sets them aside
    /// (SQLite's always, `Sqlite::begin_bulk_load`; PostgreSQL's when the role owns the
    /// tables, `Postgres::set_triggers_aside`) gets each claim's status from the rules
    /// once, at the load's end, through [`Primitives::bulk_statuses`].
    fn bulk_load_keeps_triggers(&self) -> bool {
        false
    }
    /// Gives each claim of a bulk load that sets triggers aside the status its history
    /// ends in (`moved`: every claim whose history left it other than unverified, in id
    /// order). By default one UPDATE per claim, which costs little in the process.
    fn bulk_statuses(&mut self, moved: &mut dyn Iterator<Item = (i64, Status)>) -> Result<()> {
        for (id, status) in moved {
            self.execute(
                "UPDATE claim SET status = ?2 WHERE id = ?1",
                &[id.into(), status.as_str().into()],
            )
            .with_context(|| format!("cannot set claim {id}'s status"))?;
        }
        Ok(())
    }
    /// Starts the write transaction of a bulk load into an empty ledger (an import, a
    /// copy), which may set aside for its duration what it makes up for at its end (see
    /// [`Primitives::end_bulk_load`]). By default, a write transaction like any other.
    fn begin_bulk_load(&mut self) -> Result<()> {
        self.begin(true)
    }
    /// Ends a bulk load, before anything reads its rows back: puts back what it set
    /// aside and checks, over the whole load, what was not checked row by row. Nothing
    /// to do by default.
    fn end_bulk_load(&mut self) -> Result<()> {
        Ok(())
    }
    /// Marks the end of a phase of the bulk load under way, for a backend that traces
    /// where an import's time goes (PostgreSQL's, CROSSCHECK_TRACE_IMPORT=1). Nothing
    /// by default.
    fn trace_phase(&mut self, _name: &str) {}

    /// Starts a transaction; a write transaction takes the write lock at once, so that
    /// two writers queue instead of failing half-way.
    fn begin(&mut self, write: bool) -> Result<()>;
    /// Starts a read transaction with a small page cache (see `Store::read_small`). By
    /// default, a read transaction like any other.
    fn begin_small(&mut self) -> Result<()> {
        self.begin(false)
    }
    /// Commits the open transaction.
    fn commit(&mut self) -> Result<()>;
    /// Rolls the open transaction back.
    fn rollback(&mut self) -> Result<()>;

    /// The database's own words when `err` is a row its constraints refuse.
    fn constraint_refusal(&self, err: &anyhow::Error) -> Option<String>;
    /// Puts what the user can do first in an error of this backend.
    fn explain(&self, err: anyhow::Error) -> anyhow::Error;
    /// Whether the transaction failed only because another writer got in the way, so
    /// that running the same work again is safe.
    fn is_transient(&self, _err: &anyhow::Error) -> bool {
        false
    }
    /// The database role the server records as who acted, where the server decides it.
    fn acting_role(&self) -> Option<&str> {
        None
    }
    /// What the database's own consistency checks find, one line each.
    fn integrity_problems(&mut self) -> Result<Vec<String>>;
    /// Copies the whole database to `target`.
    fn backup(&mut self, target: &Path) -> Result<()>;
    /// The files the ledger lives in, companions included; none for a server.
    fn files(&self) -> Vec<PathBuf> {
        Vec::new()
    }
}

/// `sql` with each placeholder `?N` written `?{N + by}`, so that a statement can be
/// put after others in one statement with their parameters before its own. The ledger's
/// SQL holds no `?` in a literal or an identifier.
pub(super) fn renumber_placeholders(sql: &str, by: usize) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut rest = sql;
    while let Some(at) = rest.find('?') {
        out.push_str(&rest[..=at]);
        rest = &rest[at + 1..];
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        match rest[..digits].parse::<usize>() {
            Ok(n) => out.push_str(&(n + by).to_string()),
            Err(_) => out.push_str(&rest[..digits]),
        }
        rest = &rest[digits..];
    }
    out.push_str(rest);
    out
}

/// Brings a schema forward from version `from` to `target` by running, in order, each
/// migration after `from` through `run`; a gap in the list, or a list that does not reach
/// `target`, is refused before anything is committed.
pub(super) fn run_migrations(
    migrations: &[(i64, &str)],
    from: i64,
    target: i64,
    mut run: impl FnMut(&str) -> Result<()>,
) -> Result<()> {
    let mut at = from;
    for (version, sql) in migrations.iter().filter(|(v, _)| *v > from) {
        if *version != at + 1 {
            bail!("no migration from schema version {at} to {}", at + 1);
        }
        run(sql).with_context(|| format!("migration to schema version {version} failed"))?;
        at = *version;
    }
    if at != target {
        bail!("cannot bring schema version {from} forward to {target}");
    }
    Ok(())
}

/// Commits the open transaction when `result` is a success, rolls it back otherwise
/// (keeping the first error: a failed rollback leaves the database to roll back when the
/// connection closes).
pub(super) fn commit_or_roll_back<P: Primitives>(db: &mut P, result: Result<()>) -> Result<()> {
    match result {
        Ok(()) => db.commit(),
        Err(err) => {
            let _ = db.rollback();
            Err(err)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_writes_its_insert_and_its_copy_from_one_column_list() {
        assert_eq!(
            SOURCE_ALIAS.insert_sql(),
            "INSERT INTO source_alias (alias_key, alias, source_id) VALUES (?1, ?2, ?3)"
        );
        assert_eq!(
            SOURCE_ALIAS.copy_sql(),
            "COPY source_alias (alias_key, alias, source_id) FROM STDIN"
        );
    }

    #[test]
    fn placeholders_are_renumbered_past_the_parameters_before_them() {
        assert_eq!(
            renumber_placeholders("VALUES (?1, ?2, ?12) -- ?", 3),
            "VALUES (?4, ?5, ?15) -- ?"
        );
        assert_eq!(renumber_placeholders("SELECT 1", 3), "SELECT 1");
    }

    #[test]
    fn optional_values_become_null() {
        assert_eq!(Value::from(None::<i64>), Value::Null);
        assert_eq!(Value::from(Some("x")), Value::Text("x"));
        assert_eq!(Value::from(true), Value::Int(1));
    }
}
