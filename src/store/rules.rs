//! The ledger's rules, written once above the two backends: how a source is found by id,
//! name or alias, what a merge moves (and that a source does not relay itself), that a
//! claim is recorded with its figures and the creation row that vouches for its content,
//! how each hash chain is extended, the order in which an export replays the ledger, the
//! comparison and conflict scans, and verify's checks. A backend only stores: it gives
//! [`Primitives`], and [`Rules`] turns them into the [`Ledger`] that commands see. All the
//! SQL here is written once, in the words both SQLite and PostgreSQL understand.

mod check;
mod edits;
mod publish;
pub(super) mod record;
mod review;
mod reviews;
mod summary;

use crate::clock;

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use super::error::{ErrorKind, StoreError};
use super::primitives::{
    Chain, Primitives, Row, SearchIn, Stream, Value, ARTICLE, ASSIGNMENT, CLAIM, CORRECTION,
    ERASURE, EVIDENCE, FIGURE, INCIDENT, RECORD, REVIEW, SEAL, SETTING, SOURCE, SOURCE_ALIAS,
    STATUS_CHANGE,
};
use super::{
    About, Acting, AddedClaim, ArticleListing, Backend, BackendKind, ChangeVisitor, ClaimFilter,
    Correction, CorrectionTarget, DeskAdded, DeskChange, DeskMember, FoundBy, IncidentListing,
    Ledger, LookAlike, LookAlikeQuery, MergeCounts, NewArticle, NewClaim, NewEvidence, NewIncident,
    NewSource, NewStatusChange, PortableClaim, PortableRow, SearchHit, SearchQuery, SourceListing,
    VersionRows,
};
use super::{Assignment, NewReview, Review, Setting};
use crate::model::chain::{link, ChangeContent, ClaimContent, GENESIS};
use crate::model::compare::{Comparison, FigureRecord};
use crate::model::correction::Erasure;
use crate::model::log::{LogEntry, LogFilter, LogKind};
use crate::model::metric::{Added, Metric, MetricData, Vocabulary};
use crate::model::record::{Kind, LEDGER_CHAIN};
use crate::model::row::RowRef;
use crate::model::{
    lookup_key, Article, Claim, ClaimFigure, Evidence, Figure, FigureKind, Grade, Incident,
    Qualifier, Source, SourceKind, Stance, Status, StatusChange, Tolerance,
};

/// The columns every read of a source, an article, an incident, a status change and a
/// piece of evidence takes, in the order the `*_from_row` functions read them.
const SOURCE_COLUMNS: &str = "id, name, kind, grade, notes, created_at";
const ARTICLE_COLUMNS: &str =
    "id, slug, title, outlet, url, lang, published_at, body, body_sha256, created_at";
const INCIDENT_COLUMNS: &str = "id, slug, title, date, place, created_at";
const CHANGE_COLUMNS: &str = "id, claim_id, from_status, to_status, who, at, note, internal";
const EVIDENCE_COLUMNS: &str =
    "id, claim_id, status_change_id, url, stance, note, who, at, internal";
const FIGURE_COLUMNS: &str = "metric, qualifier, strict, value, value_high, kind";
/// The columns of a [`FigureRecord`] as [`figure_record_from_row`] reads them, from a
/// figure `f` and [`FIGURE_RECORD_JOINS`].
const FIGURE_RECORD_COLUMNS: &str = "f.claim_id, f.origin_id, s.name, v.name, f.metric,
    f.qualifier, f.strict, f.value, f.value_high, f.kind, c.status, a.slug, f.as_of";
/// What [`FIGURE_RECORD_COLUMNS`] joins a figure `f` to.
const FIGURE_RECORD_JOINS: &str = "JOIN claim c ON c.id = f.claim_id
    JOIN source s ON s.id = f.origin_id
    JOIN article a ON a.id = c.article_id
    LEFT JOIN source v ON v.id = c.via_id";
/// The claims that lists show and count: not superseded or withdrawn (our own entry
/// errors, which `claim list --all-versions` shows).
const LISTED: &str = "status NOT IN ('superseded', 'withdrawn')";

/// `{alias}.{field}` of a row of `table` as readers see it: the value of the newest
/// correction of that field of that row (an index lookup, `correction_target`), else the
/// row's own. The row itself stays as it was written; `export` reads it raw.
fn corrected(table: &str, alias: &str, field: &str) -> String {
    format!(
        "COALESCE((SELECT k.value FROM correction k WHERE k.target = '{table}' \
         AND k.target_id = {alias}.id AND k.field = '{field}' ORDER BY k.id DESC LIMIT 1), \
         {alias}.{field})"
    )
}

/// A claim's columns with its article, incident, source and relay named, as
/// [`claim_from_row`] reads them, from [`CLAIM_JOINS`].
const CLAIM_COLUMNS: &str =
    "c.id, c.article_id, a.slug, c.incident_id, i.slug, c.source_id, s.name,
            c.via_id, v.name, c.text, c.quote, c.quote_start, c.quote_end,
            c.translation, c.as_of, c.status, c.created_at, c.created_by,
            COALESCE(c.claim_key, c.id)";
/// The number of [`CLAIM_COLUMNS`].
const CLAIM_COLUMN_COUNT: usize = 19;
/// What [`CLAIM_COLUMNS`] reads from; a `WHERE` on `c` follows.
const CLAIM_JOINS: &str = "FROM claim c
     JOIN article a ON a.id = c.article_id
     JOIN source s ON s.id = c.source_id
     LEFT JOIN incident i ON i.id = c.incident_id
     LEFT JOIN source v ON v.id = c.via_id";

/// The conditions on `claim c` that `filter` asks for, for `list_claims` and the stream
/// of `each_claim` alike. Streams take no parameters, so the values are written in as
/// literals: ids, words of the program's own, and an assignee's name quoted as SQL
/// quotes a literal.
fn claim_conditions(filter: &ClaimFilter) -> Vec<String> {
    let mut conditions: Vec<String> = Vec::new();
    if let Some(id) = filter.incident_id {
        conditions.push(format!("c.incident_id = {id}"));
    }
    match filter.status {
        Some(s) => conditions.push(format!("c.status = '{}'", s.as_str())),
        None if !filter.all_versions => conditions.push(format!("c.{LISTED}")),
        None => {}
    }
    if let Some(id) = filter.source_id {
        conditions.push(format!("(c.source_id = {id} OR c.via_id = {id})"));
    }
    if let Some(id) = filter.article_id {
        conditions.push(format!("c.article_id = {id}"));
    }
    if filter.awaiting_review {
        conditions.push(review::awaiting_review_condition());
    }
    match &filter.assigned {
        Some(Some(name)) => conditions.push(format!(
            "{} = '{}'",
            review::CURRENT_ASSIGNEE,
            name.replace('\'', "''")
        )),
        Some(None) => conditions.push(format!("{} IS NULL", review::CURRENT_ASSIGNEE)),
        None => {}
    }
    conditions
}

/// Conditions joined by AND (TRUE for none).
fn all_of(conditions: &[String]) -> String {
    if conditions.is_empty() {
        "TRUE".to_string()
    } else {
        conditions.join(" AND ")
    }
}

/// A claim from a row of [`CLAIM_COLUMNS`], without its figures.
fn claim_from_row(r: &dyn Row) -> Result<Claim> {
    let start: Option<i64> = r.get(11)?;
    let end: Option<i64> = r.get(12)?;
    Ok(Claim {
        id: r.get(0)?,
        key: r.get(18)?,
        article_id: r.get(1)?,
        article_slug: r.get(2)?,
        incident_id: r.get(3)?,
        incident_slug: r.get(4)?,
        source_id: r.get(5)?,
        source_name: r.get(6)?,
        via_id: r.get(7)?,
        via_name: r.get(8)?,
        text: r.get(9)?,
        quote: r.get(10)?,
        quote_span: start.zip(end),
        translation: r.get(13)?,
        as_of: r.get(14)?,
        status: enum_column(r, 15, Status::parse)?,
        created_at: r.get(16)?,
        created_by: r.get(17)?,
        figures: Vec::new(),
    })
}

/// A status change's columns as [`change_from_row`] reads them, its note corrected.
fn change_columns_now(alias: &str) -> String {
    format!(
        "{alias}.id, {alias}.claim_id, {alias}.from_status, {alias}.to_status, {alias}.who, \
         {alias}.at, {}, {alias}.internal",
        corrected("status_change", alias, "note")
    )
}

/// A piece of evidence's columns as [`evidence_from_row`] reads them, its URL, stance
/// and note corrected.
fn evidence_columns_now(alias: &str) -> String {
    format!(
        "{alias}.id, {alias}.claim_id, {alias}.status_change_id, {}, {}, {}, {alias}.who, \
         {alias}.at, {alias}.internal",
        corrected("evidence", alias, "url"),
        corrected("evidence", alias, "stance"),
        corrected("evidence", alias, "note")
    )
}

/// A correction's columns as [`correction_from_row`] reads them: with the value it
/// replaced, which is the previous correction's of the same field, else the row's own.
const CORRECTION_COLUMNS: &str = "k.id, k.claim_id, k.target, k.target_id, k.field, k.value,
    COALESCE((SELECT p.value FROM correction p WHERE p.target = k.target
              AND p.target_id = k.target_id AND p.field = k.field AND p.id < k.id
              ORDER BY p.id DESC LIMIT 1),
             CASE WHEN k.target = 'status_change'
                  THEN (SELECT s.note FROM status_change s WHERE s.id = k.target_id)
                  WHEN k.field = 'url' THEN (SELECT e.url FROM evidence e WHERE e.id = k.target_id)
                  WHEN k.field = 'stance' THEN (SELECT e.stance FROM evidence e WHERE e.id = k.target_id)
                  ELSE (SELECT e.note FROM evidence e WHERE e.id = k.target_id) END),
    k.why, k.who, k.at";

/// What an import in progress knows without asking the database: where the two chains
/// stand, and the claim whose figures come next (they repeat its incident, origin and
/// as_of).
struct Import {
    changes: (i64, String),
    evidence: (i64, String),
    last_claim: Option<(i64, Option<i64>, i64, String)>,
    /// Entries of the record written so far (their ids).
    entries: i64,
}

/// The ledger on a backend's primitives.
pub(super) struct Rules<P> {
    db: P,
    import: Option<Import>,
    /// The claim chain this transaction extended last: its id, the next position and the
    /// hash to link to, so that a second entry on the same claim (a claim's creation and
    /// its first status) needs no read. Only this transaction extends a chain it holds.
    tip: Option<(i64, i64, String)>,
    /// Incidents whose summary this transaction's writes may have changed: rewritten
    /// once, before the transaction commits or reads the summary (see summary.rs).
    summary_pending: std::collections::BTreeSet<i64>,
    /// Whether this transaction rebuilt the whole summary from its figures (an import,
    /// a copy, a migration): every row it holds is then the rule's own output over this
    /// transaction's figures, and the record's walk need not recompute it (summary.rs).
    summary_rebuilt: bool,
}

impl<P: Primitives> Rules<P> {
    /// Forgets what the transaction that ends (or the one before the transaction that
    /// begins) kept: its import, its chain tip, the incidents it marked for the summary,
    /// and whether it rebuilt the summary.
    fn forget_transaction(&mut self) {
        self.import = None;
        self.tip = None;
        self.summary_pending.clear();
        self.summary_rebuilt = false;
    }

    /// The ledger on `db`.
    pub(super) fn new(db: P) -> Rules<P> {
        Rules {
            db,
            import: None,
            tip: None,
            summary_pending: std::collections::BTreeSet::new(),
            summary_rebuilt: false,
        }
    }

    /// Every row of a query, each turned into a `T`.
    fn rows<T>(
        &mut self,
        sql: &str,
        params: &[Value<'_>],
        map: impl Fn(&dyn Row) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        self.db.query(sql, params, &mut |r| {
            out.push(map(r)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// The first row of a query, if any, turned into a `T`.
    fn row<T>(
        &mut self,
        sql: &str,
        params: &[Value<'_>],
        map: impl Fn(&dyn Row) -> Result<T>,
    ) -> Result<Option<T>> {
        let mut out = None;
        self.db.query(sql, params, &mut |r| {
            if out.is_none() {
                out = Some(map(r)?);
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// The id a `RETURNING id` statement gives back.
    fn returning_id(&mut self, sql: &str, params: &[Value<'_>], what: &str) -> Result<i64> {
        self.row(sql, params, |r| r.get(0))?
            .with_context(|| format!("the database returned no id for the {what}"))
    }

    /// Refuses `what` on an SQLite file, which has no roles.
    fn check_postgres(&self, what: &str) -> Result<()> {
        if self.db.kind() != BackendKind::Postgres {
            return Err(StoreError::refused(format!(
                "{what} manages the roles of a desk on a PostgreSQL server; an SQLite file has no roles: point --db at the server (postgresql://OWNER@HOST/DATABASE)"
            )));
        }
        Ok(())
    }

    /// Desk changes are the ledger's owner's, who must also be allowed to make roles.
    fn check_desk_owner(&mut self) -> Result<()> {
        self.check_postgres("desk")?;
        let (owner, is_owner, may_create) = self
            .row(
                "SELECT pg_get_userbyid(c.relowner)::text,
                        pg_has_role(current_user, c.relowner, 'USAGE'),
                        (SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user)
                 FROM pg_class c WHERE c.oid = 'crosscheck_schema'::regclass",
                &[],
                |r| Ok((r.get::<String>(0)?, r.get::<bool>(1)?, r.get::<bool>(2)?)),
            )?
            .context("the ledger has no schema table")?;
        let me = self.db.acting_role().unwrap_or_default().to_string();
        if !is_owner {
            return Err(StoreError::with_kind(ErrorKind::PermissionDenied, format!(
                "the desk's people are managed by the ledger's owner '{owner}', not by '{me}'; nothing changed: connect as {owner}"
            )));
        }
        if !may_create {
            return Err(StoreError::with_kind(ErrorKind::PermissionDenied, format!(
                "the role '{me}' may not create roles; nothing changed: a superuser runs `ALTER ROLE {me} CREATEROLE` once"
            )));
        }
        Ok(())
    }

    fn check_desk_groups(&mut self) -> Result<()> {
        let groups = self
            .row(
                "SELECT count(*) FROM pg_roles WHERE rolname IN ('crosscheck_writer', 'crosscheck_reader')",
                &[],
                |r| r.get::<i64>(0),
            )?
            .unwrap_or(0);
        if groups < 2 {
            return Err(StoreError::refused(
                "the desk has no writer and reader groups yet; nothing changed: run `crosscheck desk setup` first"
            ));
        }
        Ok(())
    }

    /// `writer` or `reader` when the role is in one of the desk's groups.
    fn desk_group_of(&mut self, name: &str) -> Result<Option<String>> {
        self.row(
            "SELECT CASE g.rolname WHEN 'crosscheck_writer' THEN 'writer' ELSE 'reader' END
             FROM pg_auth_members m
             JOIN pg_roles r ON r.oid = m.member
             JOIN pg_roles g ON g.oid = m.roleid
             WHERE r.rolname = ?1 AND g.rolname IN ('crosscheck_writer', 'crosscheck_reader')
             ORDER BY 1 DESC LIMIT 1",
            &[Value::Text(name)],
            |r| r.get(0),
        )
    }

    /// The id the next row of a chain gets and the hash it chains to, read under the
    /// chain's lock.
    fn chain_head(&mut self, chain: Chain) -> Result<(i64, String)> {
        self.db.lock_chain(chain)?;
        let last = self.row(chain.head_sql(), &[], |r| {
            Ok((r.get::<i64>(0)?, r.get::<String>(1)?))
        })?;
        Ok(match last {
            Some((id, hash)) => (id + 1, hash),
            None => (1, GENESIS.to_string()),
        })
    }

    /// Where the chain stands for the import in progress, starting one if none is.
    fn import_state(&mut self) -> Result<&mut Import> {
        let import = match self.import.take() {
            Some(import) => import,
            // The chains are extended from their heads as they are now; nobody else may
            // extend them until this transaction ends.
            None => Import {
                changes: self.chain_head(Chain::Changes)?,
                evidence: self.chain_head(Chain::Evidence)?,
                last_claim: None,
                entries: self
                    .row("SELECT coalesce(max(id), 0) FROM record", &[], |r| r.get(0))?
                    .unwrap_or(0),
            },
        };
        Ok(self.import.insert(import))
    }

    /// The id and previous hash of the next row of `chain`. With `expect_id` (an import
    /// replaying rows), a row that does not come next is refused.
    fn next_link(&mut self, chain: Chain, expect_id: Option<i64>) -> Result<(i64, String)> {
        let (id, previous) = match expect_id {
            Some(_) => {
                let import = self.import_state()?;
                match chain {
                    Chain::Changes => import.changes.clone(),
                    _ => import.evidence.clone(),
                }
            }
            None => {
                // A write outside an import reads the chain as it now is; an import
                // started in this transaction reads it again when it goes on.
                self.import = None;
                self.chain_head(chain)?
            }
        };
        if let Some(wanted) = expect_id.filter(|&w| w != id) {
            let (row, rows) = match chain {
                Chain::Changes => ("status change", "history rows"),
                _ => ("evidence", "evidence rows"),
            };
            return Err(StoreError::refused(format!(
                "{row} {wanted} comes where {id} was expected: {rows} must run 1, 2, 3… without gaps"
            )));
        }
        Ok((id, previous))
    }

    /// Writes the next row of `chain`, row `id` with hash `hash`: through bulk load
    /// during an import, which then knows where the chain stands.
    fn write_link(
        &mut self,
        chain: Chain,
        importing: bool,
        row: &[Value<'_>],
        (id, hash): (i64, &str),
    ) -> Result<()> {
        let table = match chain {
            Chain::Changes => &STATUS_CHANGE,
            _ => &EVIDENCE,
        };
        if !importing {
            return self.db.execute(&table.insert_sql(), row).map(|_| ());
        }
        self.db.bulk_insert(table, row)?;
        let import = self.import_state()?;
        let head = match chain {
            Chain::Changes => &mut import.changes,
            _ => &mut import.evidence,
        };
        *head = (id + 1, hash.to_string());
        Ok(())
    }

    /// Appends a row to the status history's chain (see [`Rules::next_link`]). Returns
    /// its id and hash.
    fn append_change(
        &mut self,
        expect_id: Option<i64>,
        change: ChangeContent<'_>,
    ) -> Result<(i64, String)> {
        let (id, previous) = self.next_link(Chain::Changes, expect_id)?;
        let hash = link(&previous, &ChangeContent { id, ..change }.canonical());
        let row = [
            Value::Int(id),
            change.claim_id.into(),
            change.from.map(Status::as_str).into(),
            change.to.as_str().into(),
            change.who.into(),
            change.at.into(),
            change.note.into(),
            Value::Text(&hash),
            Value::Int(1),
            // Version 1 had no internal notes.
            Value::Int(0),
        ];
        self.write_link(Chain::Changes, expect_id.is_some(), &row, (id, &hash))?;
        Ok((id, hash))
    }

    /// Appends a row to the evidence chain, like [`Rules::append_change`].
    fn append_evidence(
        &mut self,
        expect_id: Option<i64>,
        e: &NewEvidence,
    ) -> Result<(i64, String)> {
        let (id, previous) = self.next_link(Chain::Evidence, expect_id)?;
        let hash = e.chain_hash(id, &previous);
        let row = [
            Value::Int(id),
            e.claim_id.into(),
            e.status_change_id.into(),
            (&e.url).into(),
            e.stance.as_str().into(),
            e.note.as_ref().into(),
            (&e.who).into(),
            (&e.at).into(),
            Value::Text(&hash),
            Value::Int(1),
            Value::Int(0),
        ];
        self.write_link(Chain::Evidence, expect_id.is_some(), &row, (id, &hash))?;
        Ok((id, hash))
    }

    fn aliases(&mut self, source_id: i64) -> Result<Vec<String>> {
        self.rows(
            "SELECT alias FROM source_alias WHERE source_id = ?1 ORDER BY alias_key",
            &[source_id.into()],
            |r| r.get(0),
        )
    }

    fn source_by_id(&mut self, id: i64) -> Result<Option<Source>> {
        self.source_where("s.id = ?1", &[id.into()])
    }

    /// The source `condition` (on `source s`) finds, with its aliases: one statement,
    /// a row per alias.
    fn source_where(&mut self, condition: &str, params: &[Value<'_>]) -> Result<Option<Source>> {
        let sql = format!(
            "SELECT s.id, s.name, s.kind, s.grade, s.notes, s.created_at, a.alias
             FROM source s LEFT JOIN source_alias a ON a.source_id = s.id
             WHERE {condition} ORDER BY a.alias_key"
        );
        let mut found: Option<Source> = None;
        self.db.query(&sql, params, &mut |r| {
            let source = match &mut found {
                Some(source) => source,
                None => found.insert(source_from_row(r)?),
            };
            if let Some(alias) = r.get::<Option<String>>(6)? {
                source.aliases.push(alias);
            }
            Ok(())
        })?;
        Ok(found)
    }

    fn figures(&mut self, claim_id: i64) -> Result<Vec<ClaimFigure>> {
        let sql =
            format!("SELECT id, {FIGURE_COLUMNS} FROM figure WHERE claim_id = ?1 ORDER BY id");
        self.rows(&sql, &[claim_id.into()], |r| {
            Ok(ClaimFigure {
                id: r.get(0)?,
                figure: figure_from_row(r, 1)?,
            })
        })
    }

    fn claims_where(&mut self, condition: &str, values: &[Value<'_>]) -> Result<Vec<Claim>> {
        // `condition` is one of this file's constant fragments; user values are bound.
        let sql = format!("SELECT {CLAIM_COLUMNS} {CLAIM_JOINS} WHERE {condition} ORDER BY c.id");
        let mut claims = self.rows(&sql, values, claim_from_row)?;
        for claim in &mut claims {
            claim.figures = self.figures(claim.id)?;
        }
        Ok(claims)
    }

    /// Writes one exported row back, ids and all.
    fn write_portable(
        &mut self,
        row: &PortableRow,
        claim_digest: Option<&str>,
    ) -> Result<Option<String>> {
        self.import_state()?;
        match row {
            PortableRow::Source(s) => {
                let key = lookup_key(&s.name);
                self.db.bulk_insert(
                    &SOURCE,
                    &[
                        s.id.into(),
                        (&s.name).into(),
                        (&key).into(),
                        s.kind.as_str().into(),
                        s.grade.map(Grade::as_str).into(),
                        s.notes.as_ref().into(),
                        (&s.created_at).into(),
                    ],
                )?;
            }
            PortableRow::Alias { source_id, alias } => {
                let key = lookup_key(alias);
                self.db.bulk_insert(
                    &SOURCE_ALIAS,
                    &[(&key).into(), alias.into(), (*source_id).into()],
                )?;
            }
            PortableRow::Article(a) => {
                let key = lookup_key(&a.title);
                self.db.bulk_insert(
                    &ARTICLE,
                    &[
                        a.id.into(),
                        (&a.slug).into(),
                        (&a.title).into(),
                        (&key).into(),
                        a.outlet.as_ref().into(),
                        a.url.as_ref().into(),
                        a.lang.as_ref().into(),
                        a.published_at.as_ref().into(),
                        a.body.as_ref().into(),
                        a.body_sha256.as_ref().into(),
                        (&a.created_at).into(),
                    ],
                )?;
            }
            PortableRow::Incident(i) => {
                let key = lookup_key(&i.title);
                self.db.bulk_insert(
                    &INCIDENT,
                    &[
                        i.id.into(),
                        (&i.slug).into(),
                        (&i.title).into(),
                        (&key).into(),
                        i.date.as_ref().into(),
                        i.place.as_ref().into(),
                        (&i.created_at).into(),
                    ],
                )?;
            }
            PortableRow::Claim(c) => {
                self.db.bulk_insert(
                    &CLAIM,
                    &[
                        c.id.into(),
                        c.article_id.into(),
                        c.incident_id.into(),
                        c.source_id.into(),
                        c.via_id.into(),
                        (&c.text).into(),
                        c.quote.as_ref().into(),
                        c.quote_span.map(|s| s.0).into(),
                        c.quote_span.map(|s| s.1).into(),
                        c.translation.as_ref().into(),
                        (&c.as_of).into(),
                        Status::Unverified.as_str().into(),
                        (&c.created_at).into(),
                        (&c.created_by).into(),
                        c.claim_key.into(),
                    ],
                )?;
                self.import_state()?.last_claim =
                    Some((c.id, c.incident_id, c.source_id, c.as_of.clone()));
            }
            PortableRow::Figure {
                id,
                claim_id,
                figure: f,
            } => {
                // The figure repeats its claim's incident, origin and as_of.
                let known = self
                    .import_state()?
                    .last_claim
                    .clone()
                    .filter(|c| c.0 == *claim_id);
                let (incident_id, origin_id, as_of) = match known {
                    Some((_, incident, source, as_of)) => (incident, source, as_of),
                    None => self
                        .row(
                            "SELECT incident_id, source_id, as_of FROM claim WHERE id = ?1",
                            &[(*claim_id).into()],
                            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                        )?
                        .ok_or_else(|| {
                            StoreError::refused(format!(
                                "figure {id} belongs to claim {claim_id}, which comes nowhere before it"
                            ))
                        })?,
                };
                let interval = f.interval(Tolerance::DEFAULT);
                self.db.bulk_insert(
                    &FIGURE,
                    &[
                        (*id).into(),
                        (*claim_id).into(),
                        incident_id.into(),
                        origin_id.into(),
                        (&f.metric).into(),
                        f.qualifier.as_str().into(),
                        f.strict.into(),
                        f.value.into(),
                        f.value_high.into(),
                        interval.low.into(),
                        interval.high.into(),
                        f.kind.as_str().into(),
                        (&as_of).into(),
                    ],
                )?;
            }
            PortableRow::Change(c, h) if h.version != 1 => {
                // A row of version 2 is written as exported; its claim's chain vouches
                // for it, and the import checks the whole record before it commits.
                self.db.bulk_insert(
                    &STATUS_CHANGE,
                    &[
                        c.id.into(),
                        c.claim_id.into(),
                        c.from.map(Status::as_str).into(),
                        c.to.as_str().into(),
                        (&c.who).into(),
                        (&c.at).into(),
                        c.note.as_ref().into(),
                        (&h.hash).into(),
                        h.version.into(),
                        c.internal.into(),
                    ],
                )?;
            }
            PortableRow::Evidence(e, h) if h.version != 1 => {
                self.db.bulk_insert(
                    &EVIDENCE,
                    &[
                        e.id.into(),
                        e.claim_id.into(),
                        e.status_change_id.into(),
                        (&e.url).into(),
                        e.stance.as_str().into(),
                        e.note.as_ref().into(),
                        (&e.who).into(),
                        (&e.at).into(),
                        (&h.hash).into(),
                        h.version.into(),
                        e.internal.into(),
                    ],
                )?;
            }
            PortableRow::Change(StatusChange { internal: true, .. }, _)
            | PortableRow::Evidence(Evidence { internal: true, .. }, _) => {
                // Version 1's hashes do not cover the flag: it would go unvouched for.
                return Err(StoreError::refused(
                    "column internal: a row of version 1 has no internal notes (its hash does not cover the flag)",
                ));
            }
            PortableRow::Change(c, _) => {
                if c.from.is_none() && claim_digest.is_none() {
                    bail!(
                        "the creation row of claim {} needs its claim's digest",
                        c.claim_id
                    );
                }
                let (_, hash) = self.append_change(
                    Some(c.id),
                    ChangeContent {
                        id: c.id,
                        claim_id: c.claim_id,
                        from: c.from,
                        to: c.to,
                        who: &c.who,
                        at: &c.at,
                        note: c.note.as_deref(),
                        claim_digest: if c.from.is_none() { claim_digest } else { None },
                    },
                )?;
                return Ok(Some(hash));
            }
            PortableRow::Evidence(e, _) => {
                let (_, hash) = self.append_evidence(Some(e.id), &NewEvidence::from(e))?;
                return Ok(Some(hash));
            }
            PortableRow::Format(_) => {}
            PortableRow::Correction(k) => {
                self.db.bulk_insert(
                    &CORRECTION,
                    &[
                        k.id.into(),
                        k.claim_id.into(),
                        (&k.target).into(),
                        k.target_id.into(),
                        (&k.field).into(),
                        k.value.as_ref().into(),
                        (&k.why).into(),
                        (&k.who).into(),
                        (&k.at).into(),
                    ],
                )?;
            }
            PortableRow::Erasure(x) => {
                self.db.bulk_insert(
                    &ERASURE,
                    &[
                        x.id.into(),
                        x.claim_id.into(),
                        (&x.table).into(),
                        x.row_id.into(),
                        (&x.field).into(),
                        (&x.digest).into(),
                        (&x.marker).into(),
                        (&x.reason).into(),
                        x.pinned.as_ref().into(),
                        (&x.who).into(),
                        (&x.at).into(),
                    ],
                )?;
            }
            PortableRow::Entry(e) => {
                // The record's own ids are not exported: entries are numbered in the
                // order they come, which is the order they were written.
                let import = self.import_state()?;
                import.entries += 1;
                let id = import.entries;
                self.db.bulk_insert(
                    &RECORD,
                    &[
                        id.into(),
                        e.chain.into(),
                        e.seq.into(),
                        (&e.kind).into(),
                        e.subject.into(),
                        (&e.who).into(),
                        (&e.at).into(),
                        e.data.as_ref().into(),
                        (&e.hash).into(),
                    ],
                )?;
            }
            PortableRow::Setting(x) => {
                self.db.bulk_insert(
                    &SETTING,
                    &[
                        x.id.into(),
                        (&x.name).into(),
                        (&x.value).into(),
                        (&x.who).into(),
                        (&x.at).into(),
                    ],
                )?;
            }
            PortableRow::Review(v) => {
                self.db.bulk_insert(
                    &REVIEW,
                    &[
                        v.id.into(),
                        v.claim_id.into(),
                        v.status_change_id.into(),
                        v.decision.as_str().into(),
                        v.note.as_ref().into(),
                        (&v.who).into(),
                        (&v.at).into(),
                    ],
                )?;
            }
            PortableRow::Assignment(a) => {
                self.db.bulk_insert(
                    &ASSIGNMENT,
                    &[
                        a.id.into(),
                        a.claim_id.into(),
                        a.assignee.as_ref().into(),
                        (&a.who).into(),
                        (&a.at).into(),
                    ],
                )?;
            }
            PortableRow::Seal {
                claim_id,
                seq,
                checkpoint,
            } => {
                self.db.bulk_insert(
                    &SEAL,
                    &[(*claim_id).into(), (*seq).into(), (*checkpoint).into()],
                )?;
            }
        }
        Ok(None)
    }
}

/// The desk's groups on PostgreSQL.
const DESK_WRITER: &str = "crosscheck_writer";
const DESK_READER: &str = "crosscheck_reader";

/// `desk setup`, each statement safe to run again: the groups when missing, the reader
/// group inside the writer group, and the grants on the ledger (renewed, so that tables
/// a migration added are covered).
const DESK_SETUP: &[&str] = &[
    "DO $$ BEGIN
         IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'crosscheck_reader') THEN
             CREATE ROLE crosscheck_reader NOLOGIN;
         END IF;
         IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'crosscheck_writer') THEN
             CREATE ROLE crosscheck_writer NOLOGIN;
         END IF;
     END $$",
    "GRANT crosscheck_reader TO crosscheck_writer",
    "GRANT SELECT ON ALL TABLES IN SCHEMA public TO crosscheck_reader",
    // Writers add rows everywhere; they update only sources (edit, merge), articles and
    // incidents (edit: their metadata, each with its entry), claims (merge
    // re-points them; triggers keep their content fixed), figures (merge) and aliases;
    // they delete only a merged source and the summary's rows a write rewrites. History
    // and evidence refuse UPDATE and DELETE in their triggers whoever asks. Moving a
    // claim locks its row, which the UPDATE grant on claim covers; a chain's advisory
    // lock needs no grant. Every write adds entries to the record and seals them; an
    // erasure replaces a text by its marker (the triggers allow nothing else), hence
    // UPDATE on the tables that hold texts.
    // Ledger settings (`config set`) stay the owner's: the groups read them only.
    "GRANT INSERT ON source, source_alias, article, incident, claim, figure, status_change, evidence, record, seal, correction, erasure, assignment, review TO crosscheck_writer",
    "GRANT UPDATE ON source, source_alias, article, incident, claim, figure, status_change, evidence, correction, seal TO crosscheck_writer",
    "GRANT DELETE ON source TO crosscheck_writer",
    // The comparison's summary is rewritten by every write that changes it.
    "GRANT INSERT, DELETE ON summary_figure, summary_metric TO crosscheck_writer",
    "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO crosscheck_writer",
];

impl<P: Primitives> Backend for Rules<P> {
    fn begin(&mut self, write: bool) -> Result<()> {
        self.forget_transaction();
        self.db.begin(write)
    }

    fn begin_bulk(&mut self) -> Result<()> {
        self.forget_transaction();
        self.db.begin_bulk_load()
    }

    fn begin_small(&mut self) -> Result<()> {
        self.forget_transaction();
        self.db.begin_small()
    }

    fn commit(&mut self) -> Result<()> {
        self.forget_transaction();
        self.db.commit()
    }

    fn rollback(&mut self) -> Result<()> {
        self.forget_transaction();
        self.db.rollback()
    }

    fn backup(&mut self, target: &Path) -> Result<()> {
        self.db.backup(target)
    }

    fn ledger(&mut self) -> &mut dyn Ledger {
        self
    }

    fn explain(&self, err: anyhow::Error) -> anyhow::Error {
        self.db.explain(err)
    }

    fn acting_role(&self) -> Option<&str> {
        self.db.acting_role()
    }

    fn is_transient(&self, err: &anyhow::Error) -> bool {
        self.db.is_transient(err)
    }

    fn kind(&self) -> BackendKind {
        self.db.kind()
    }

    fn seal(&mut self) -> Result<()> {
        self.flush_summary()?;
        self.seal_pending()
    }

    fn complete_migration(&mut self, from: i64) -> Result<()> {
        let result = if from < 3 {
            clock::now_text().and_then(|at| {
                self.adopt(
                    &serde_json::json!({ "schema": from }),
                    record::CROSSCHECK,
                    &at,
                )
            })
        } else {
            Ok(())
        };
        // The summary (versions 5 and 6) is derived from what the ledger holds: filled
        // here, in the migration's transaction.
        let result = result.and_then(|()| {
            if from < 6 {
                self.rebuild_summary_rows()
            } else {
                Ok(())
            }
        });
        match result {
            Ok(()) => self.db.commit(),
            Err(err) => {
                let _ = self.db.rollback();
                Err(err.context(format!(
                    "cannot bring the ledger forward from schema version {from}; nothing was changed"
                )))
            }
        }
    }

    fn change_desk(&mut self, change: DeskChange<'_>) -> Result<Option<DeskAdded>> {
        self.check_desk_owner()?;
        match change {
            DeskChange::Setup => {
                for statement in DESK_SETUP {
                    self.db.execute(statement, &[])?;
                }
                Ok(None)
            }
            DeskChange::Add {
                name,
                reader,
                verifier,
            } => {
                self.check_desk_groups()?;
                let (group, other) = if reader {
                    (DESK_READER, DESK_WRITER)
                } else {
                    (DESK_WRITER, DESK_READER)
                };
                let exists = self
                    .row(
                        "SELECT 1 FROM pg_roles WHERE rolname = ?1",
                        &[Value::Text(name)],
                        |r| r.get::<i64>(0),
                    )?
                    .is_some();
                // Role names and the verifier cannot be parameters of CREATE or ALTER
                // ROLE: the name is checked to be a plain identifier by the caller and
                // quoted here; the verifier is base64 and `$:` only.
                if exists {
                    if self.desk_group_of(name)?.is_none() {
                        return Err(StoreError::refused(format!(
                            "the role '{name}' exists and is not a member of this desk; pick another name, or have the server's administrator add it"
                        )));
                    }
                    self.db
                        .execute(&format!("GRANT {group} TO \"{name}\""), &[])?;
                    self.db
                        .execute(&format!("REVOKE {other} FROM \"{name}\""), &[])?;
                    if let Some(v) = verifier {
                        self.db
                            .execute(&format!("ALTER ROLE \"{name}\" PASSWORD '{v}'"), &[])?;
                    }
                    return Ok(Some(DeskAdded::Moved));
                }
                let Some(verifier) = verifier else {
                    return Err(StoreError::refused(format!(
                        "a new member needs a password; nothing changed: type it when asked, or pipe it in (`crosscheck desk add {name} < FILE`)"
                    )));
                };
                self.db.execute(
                    &format!("CREATE ROLE \"{name}\" LOGIN PASSWORD '{verifier}' IN ROLE {group}"),
                    &[],
                )?;
                Ok(Some(DeskAdded::Created))
            }
            DeskChange::Remove { name } => {
                if self.desk_group_of(name)?.is_none() {
                    return Err(StoreError::refused(format!(
                        "'{name}' is not a member of this desk (`crosscheck desk list` shows them); nothing changed"
                    )));
                }
                self.db.execute(&format!("DROP ROLE \"{name}\""), &[])?;
                Ok(None)
            }
        }
    }

    fn desk_members(&mut self) -> Result<Vec<DeskMember>> {
        self.check_postgres("desk list")?;
        self.rows(
            "WITH member AS (
                 SELECT pg_get_userbyid(c.relowner)::text AS role, 'owner' AS grp
                 FROM pg_class c WHERE c.oid = 'crosscheck_schema'::regclass
                 UNION ALL
                 SELECT r.rolname::text, CASE g.rolname WHEN 'crosscheck_writer' THEN 'writer' ELSE 'reader' END
                 FROM pg_auth_members m
                 JOIN pg_roles r ON r.oid = m.member
                 JOIN pg_roles g ON g.oid = m.roleid
                 WHERE g.rolname IN ('crosscheck_writer', 'crosscheck_reader')
                   AND r.rolname NOT IN ('crosscheck_writer', 'crosscheck_reader')
             ),
             act AS (
                 SELECT who, at FROM status_change
                 UNION ALL
                 SELECT who, at FROM evidence
             )
             SELECT m.role, m.grp, r.rolcanlogin,
                    (SELECT max(a.at) FROM act a WHERE a.who = m.role),
                    (SELECT count(*) FROM act a WHERE a.who = m.role)
             FROM member m JOIN pg_roles r ON r.rolname = m.role
             ORDER BY CASE m.grp WHEN 'owner' THEN 0 WHEN 'writer' THEN 1 ELSE 2 END, m.role",
            &[],
            |r| {
                Ok(DeskMember {
                    role: r.get(0)?,
                    group: r.get(1)?,
                    can_login: r.get(2)?,
                    last_activity: r.get(3)?,
                    entries: r.get(4)?,
                })
            },
        )
    }

    fn about(&mut self) -> Result<About> {
        let backend = self.db.kind();
        let head = |rules: &mut Self, chain: Chain| {
            rules.row(chain.head_sql(), &[], |r| {
                Ok((r.get::<i64>(0)?, r.get::<String>(1)?))
            })
        };
        let record_head = head(self, Chain::Ledger)?;
        let history_head = head(self, Chain::Changes)?;
        let evidence_head = head(self, Chain::Evidence)?;
        let (server_version, database, role, tls, schema_version, file) = match backend {
            BackendKind::Sqlite => {
                let (version, schema, journal, path) = self
                    .row(
                        "SELECT sqlite_version(),
                                (SELECT user_version FROM pragma_user_version),
                                (SELECT journal_mode FROM pragma_journal_mode),
                                (SELECT file FROM pragma_database_list WHERE name = 'main')",
                        &[],
                        |r| {
                            Ok((
                                r.get::<String>(0)?,
                                r.get::<i64>(1)?,
                                r.get::<String>(2)?,
                                r.get::<String>(3)?,
                            ))
                        },
                    )?
                    .context("SQLite returned no settings")?;
                let bytes = std::fs::metadata(&path)
                    .with_context(|| format!("cannot read the size of {path}"))?
                    .len();
                (version, path, None, None, schema, Some((bytes, journal)))
            }
            BackendKind::Postgres => {
                let (version, database, role, schema, tls) = self
                    .row(
                        "SELECT current_setting('server_version'), current_database()::text,
                                current_user::text,
                                (SELECT version FROM crosscheck_schema),
                                (SELECT version FROM pg_stat_ssl
                                  WHERE pid = pg_backend_pid() AND ssl)",
                        &[],
                        |r| {
                            Ok((
                                r.get::<String>(0)?,
                                r.get::<String>(1)?,
                                r.get::<String>(2)?,
                                r.get::<i64>(3)?,
                                r.get::<Option<String>>(4)?,
                            ))
                        },
                    )?
                    .context("the server returned no settings")?;
                (version, database, Some(role), tls, schema, None)
            }
        };
        Ok(About {
            backend,
            server_version,
            database,
            role,
            tls,
            schema_version,
            record_head,
            history_head,
            evidence_head,
            file,
        })
    }

    fn files(&self) -> Vec<PathBuf> {
        self.db.files()
    }
}

impl<P: Primitives> Ledger for Rules<P> {
    fn find_source(&mut self, key: &str) -> Result<Option<Source>> {
        if let Ok(id) = key.trim().parse::<i64>() {
            if let Some(source) = self.source_by_id(id)? {
                return Ok(Some(source));
            }
        }
        // The name or an alias, and the source's row and aliases, in one statement.
        self.source_where(
            "s.id = (SELECT id FROM source WHERE name_key = ?1
                     UNION ALL SELECT source_id FROM source_alias WHERE alias_key = ?1 LIMIT 1)",
            &[lookup_key(key).as_str().into()],
        )
    }

    fn source_holding_key(&mut self, key: &str) -> Result<Option<i64>> {
        self.row(
            "SELECT id FROM source WHERE name_key = ?1
             UNION ALL SELECT source_id FROM source_alias WHERE alias_key = ?1 LIMIT 1",
            &[key.into()],
            |r| r.get(0),
        )
    }

    fn source_names(&mut self) -> Result<Vec<(i64, String)>> {
        self.rows(
            "SELECT id, name FROM source UNION ALL SELECT source_id, alias FROM source_alias",
            &[],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }

    fn insert_source(&mut self, s: &NewSource) -> Result<i64> {
        let id = self
            .returning_id(
                "INSERT INTO source (name, name_key, kind, grade, notes, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
                &[
                    (&s.name).into(),
                    (&lookup_key(&s.name)).into(),
                    s.kind.as_str().into(),
                    s.grade.map(Grade::as_str).into(),
                    s.notes.as_ref().into(),
                    (&s.created_at).into(),
                ],
                "source",
            )
            .context("cannot record the source")?;
        let data = record::source_data(
            &s.name,
            s.kind.as_str(),
            s.grade.map(Grade::as_str),
            s.notes.as_deref(),
            &s.created_at,
        );
        self.append_ledger_entry(
            crate::model::record::Kind::Source,
            Some(id),
            &s.created_by,
            &s.created_at,
            &data,
        )?;
        Ok(id)
    }

    fn update_source(
        &mut self,
        id: i64,
        kind: SourceKind,
        grade: Option<Grade>,
        notes: Option<&str>,
        by: Acting<'_>,
    ) -> Result<()> {
        self.append_ledger_entry(
            crate::model::record::Kind::SourceEdit,
            Some(id),
            by.who,
            by.at,
            &serde_json::json!({"kind": kind.as_str(), "grade": grade.map(Grade::as_str), "notes": notes}),
        )?;
        self.db
            .execute(
                "UPDATE source SET kind = ?2, grade = ?3, notes = ?4 WHERE id = ?1",
                &[
                    id.into(),
                    kind.as_str().into(),
                    grade.map(Grade::as_str).into(),
                    notes.into(),
                ],
            )
            .context("cannot update the source")?;
        Ok(())
    }

    fn insert_alias(&mut self, source_id: i64, alias: &str, by: Acting<'_>) -> Result<()> {
        self.append_ledger_entry(
            crate::model::record::Kind::Alias,
            Some(source_id),
            by.who,
            by.at,
            &serde_json::json!({"alias": alias.trim()}),
        )?;
        self.db
            .execute(
                "INSERT INTO source_alias (alias_key, alias, source_id) VALUES (?1, ?2, ?3)",
                &[
                    (&lookup_key(alias)).into(),
                    alias.trim().into(),
                    source_id.into(),
                ],
            )
            .context("cannot record the alias")?;
        Ok(())
    }

    fn list_sources(&mut self, only: Option<i64>) -> Result<Vec<SourceListing>> {
        let mut listings = self.rows(
            &format!(
                "SELECT s.id, s.name, s.kind, s.grade, s.notes, s.created_at,
                    (SELECT count(*) FROM claim WHERE source_id = s.id AND {LISTED}),
                    (SELECT count(*) FROM claim WHERE via_id = s.id AND {LISTED})
             FROM source s WHERE CAST(?1 AS BIGINT) IS NULL OR s.id = ?1 ORDER BY s.name_key"
            ),
            &[only.into()],
            |r| {
                Ok(SourceListing {
                    source: source_from_row(r)?,
                    claims: r.get(6)?,
                    relayed: r.get(7)?,
                })
            },
        )?;
        for l in &mut listings {
            l.source.aliases = self.aliases(l.source.id)?;
        }
        Ok(listings)
    }

    fn merge_sources(&mut self, from: i64, into: i64, by: Acting<'_>) -> Result<MergeCounts> {
        // Each claim credited to `from` (as origin or relay) gets an entry in its own
        // chain saying who it is credited to now and why; the ledger's chain records the
        // merge itself.
        //
        // On a server, `from`'s row is locked first, FOR UPDATE: a claim recorded
        // meanwhile that credits or relays `from` (its foreign key check takes a key-share
        // lock on that row, which only FOR UPDATE blocks) waits for the merge and then
        // finds the source gone, instead of committing between the reads below and the
        // moves, where it would be moved without its entry and without its incident's
        // summary rewritten. SQLite has one writer at a time.
        let lock = match self.db.kind() {
            BackendKind::Postgres => "SELECT id FROM source WHERE id = ?1 FOR UPDATE",
            BackendKind::Sqlite => "SELECT id FROM source WHERE id = ?1",
        };
        self.row(lock, &[from.into()], |r| r.get::<i64>(0))?;
        let moved = self.rows(
            "SELECT id, source_id, via_id FROM claim WHERE source_id = ?1 OR via_id = ?1 ORDER BY id",
            &[from.into()],
            |r| Ok((r.get::<i64>(0)?, r.get::<i64>(1)?, r.get::<Option<i64>>(2)?)),
        )?;
        let why = format!("source {from} merged into source {into}");
        for (claim, source, via) in moved {
            self.hold_claim(claim)?;
            let source = if source == from { into } else { source };
            let via = via
                .map(|v| if v == from { into } else { v })
                .filter(|&v| v != source);
            self.write_credit(
                claim,
                crate::model::record::Credit { source, via },
                &why,
                by.who,
                by.at,
            )?;
        }
        let name: Option<String> = self.row(
            "SELECT name FROM source WHERE id = ?1",
            &[from.into()],
            |r| r.get(0),
        )?;
        self.append_ledger_entry(
            crate::model::record::Kind::Merge,
            Some(into),
            by.who,
            by.at,
            &serde_json::json!({"from": from, "name": name}),
        )?;
        // The figures change origin, and those relayed by `from` change relay: their
        // incidents' summaries are rewritten.
        self.summary_touch_source(from)?;
        let pair = [Value::Int(from), Value::Int(into)];
        let claims = self
            .db
            .execute(
                "UPDATE claim SET source_id = ?2 WHERE source_id = ?1",
                &pair,
            )
            .context("cannot move the claims")?;
        self.db
            .execute(
                "UPDATE figure SET origin_id = ?2 WHERE origin_id = ?1",
                &pair,
            )
            .context("cannot move the figures")?;
        let relayed = self
            .db
            .execute("UPDATE claim SET via_id = ?2 WHERE via_id = ?1", &pair)
            .context("cannot move the relayed claims")?;
        // A claim DoD made via the Pentagon is, once they are one source, simply the
        // Pentagon's: a source does not relay itself.
        self.db
            .execute(
                "UPDATE claim SET via_id = NULL WHERE via_id = ?1 AND source_id = ?1",
                &[into.into()],
            )
            .context("cannot clear self-relays")?;
        let aliases = self
            .db
            .execute(
                "UPDATE source_alias SET source_id = ?2 WHERE source_id = ?1",
                &pair,
            )
            .context("cannot move the aliases")?;
        let (name, key): (String, String) = self
            .row(
                "SELECT name, name_key FROM source WHERE id = ?1",
                &[from.into()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .context("cannot read the merged source")?
            .with_context(|| format!("source {from} vanished during the merge"))?;
        self.db
            .execute("DELETE FROM source WHERE id = ?1", &[from.into()])
            .context("cannot remove the merged source")?;
        self.db
            .execute(
                "INSERT INTO source_alias (alias_key, alias, source_id) VALUES (?1, ?2, ?3)",
                &[(&key).into(), (&name).into(), into.into()],
            )
            .context("cannot keep the merged name as an alias")?;
        Ok(MergeCounts {
            claims: claims as i64,
            relayed: relayed as i64,
            aliases: aliases as i64 + 1,
        })
    }

    fn find_article(&mut self, key: &str) -> Result<Option<Article>> {
        let id = key.trim().parse::<i64>().ok();
        let key = lookup_key(key);
        let sql = format!(
            "SELECT {ARTICLE_COLUMNS} FROM article
             WHERE id = ?1 OR slug = ?2 OR title_key = ?2
             ORDER BY id IS NOT DISTINCT FROM ?1 DESC, slug = ?2 DESC, id LIMIT 1"
        );
        self.row(&sql, &[id.into(), (&key).into()], article_from_row)
    }

    fn article_slug_taken(&mut self, slug: &str) -> Result<bool> {
        Ok(self
            .row(
                "SELECT id FROM article WHERE slug = ?1",
                &[slug.into()],
                |_| Ok(()),
            )?
            .is_some())
    }

    fn insert_article(&mut self, a: &NewArticle) -> Result<i64> {
        let id = self.returning_id(
            "INSERT INTO article (slug, title, title_key, outlet, url, lang, published_at, body,
                                  body_sha256, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
            &[
                (&a.slug).into(),
                (&a.title).into(),
                (&lookup_key(&a.title)).into(),
                a.outlet.as_ref().into(),
                a.url.as_ref().into(),
                a.lang.as_ref().into(),
                a.published_at.as_ref().into(),
                a.body.as_ref().into(),
                a.body_sha256.as_ref().into(),
                (&a.created_at).into(),
            ],
            "article",
        )
        .context("cannot record the article")?;
        self.append_ledger_entry(
            crate::model::record::Kind::Article,
            Some(id),
            &a.created_by,
            &a.created_at,
            &serde_json::json!({
                "slug": a.slug, "title": a.title, "outlet": a.outlet, "url": a.url,
                "lang": a.lang, "published_at": a.published_at, "body_sha256": a.body_sha256,
                "created_at": a.created_at,
            }),
        )?;
        Ok(id)
    }

    fn each_article(&mut self, visit: &mut dyn FnMut(ArticleListing) -> Result<()>) -> Result<()> {
        self.db.query(
            &format!(
                "SELECT id, slug, title, outlet, url, lang, published_at, CAST(NULL AS TEXT),
                    body_sha256, created_at,
                    (SELECT count(*) FROM claim WHERE article_id = article.id AND {LISTED})
             FROM article ORDER BY published_at IS NULL, published_at DESC, id"
            ),
            &[],
            &mut |r| {
                visit(ArticleListing {
                    article: article_from_row(r)?,
                    claims: r.get(10)?,
                })
            },
        )
    }

    fn find_incident(&mut self, key: &str) -> Result<Option<Incident>> {
        let id = key.trim().parse::<i64>().ok();
        let key = lookup_key(key);
        let sql = format!(
            "SELECT {INCIDENT_COLUMNS} FROM incident
             WHERE id = ?1 OR slug = ?2 OR title_key = ?2
             ORDER BY id IS NOT DISTINCT FROM ?1 DESC, slug = ?2 DESC, id LIMIT 1"
        );
        self.row(&sql, &[id.into(), (&key).into()], incident_from_row)
    }

    fn insert_incident(&mut self, i: &NewIncident) -> Result<i64> {
        let id = self
            .returning_id(
                "INSERT INTO incident (slug, title, title_key, date, place, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
                &[
                    (&i.slug).into(),
                    (&i.title).into(),
                    (&lookup_key(&i.title)).into(),
                    i.date.as_ref().into(),
                    i.place.as_ref().into(),
                    (&i.created_at).into(),
                ],
                "incident",
            )
            .context("cannot record the incident")?;
        self.append_ledger_entry(
            crate::model::record::Kind::Incident,
            Some(id),
            &i.created_by,
            &i.created_at,
            &serde_json::json!({
                "slug": i.slug, "title": i.title, "date": i.date, "place": i.place,
                "created_at": i.created_at,
            }),
        )?;
        Ok(id)
    }

    fn each_incident(
        &mut self,
        visit: &mut dyn FnMut(IncidentListing) -> Result<()>,
    ) -> Result<()> {
        self.db.query(
            &format!(
                "SELECT id, slug, title, date, place, created_at,
                    (SELECT count(*) FROM claim WHERE incident_id = incident.id AND {LISTED})
             FROM incident ORDER BY date IS NULL, date DESC, id"
            ),
            &[],
            &mut |r| {
                visit(IncidentListing {
                    incident: incident_from_row(r)?,
                    claims: r.get(6)?,
                })
            },
        )
    }

    fn incident_ids(&mut self) -> Result<Vec<i64>> {
        self.rows(
            "SELECT id FROM incident ORDER BY date IS NULL, date DESC, id",
            &[],
            |r| r.get(0),
        )
    }

    fn add_claim(&mut self, c: &NewClaim) -> Result<AddedClaim> {
        const INSERT_CLAIM: &str =
            "INSERT INTO claim (article_id, incident_id, source_id, via_id, text, quote,
                                quote_start, quote_end, translation, as_of, status,
                                created_at, created_by, claim_key)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'unverified', ?11, ?12, ?13)";
        const FIGURE_COLUMNS: &str = "claim_id, incident_id, origin_id, metric, qualifier,
                                strict, value, value_high, low, high, kind, as_of";
        let mut params: Vec<Value<'_>> = vec![
            c.article_id.into(),
            c.incident_id.into(),
            c.source_id.into(),
            c.via_id.into(),
            (&c.text).into(),
            c.quote.as_ref().into(),
            c.quote_span.map(|s| s.0).into(),
            c.quote_span.map(|s| s.1).into(),
            c.translation.as_ref().into(),
            (&c.as_of).into(),
            (&c.created_at).into(),
            (&c.created_by).into(),
            c.claim_key.into(),
        ];
        let given = params.len();
        // Each figure's own values; its claim, incident, origin and as_of are the claim's
        // (?2, ?3 and ?10 above), as the schema requires.
        let mut figure_rows: Vec<String> = Vec::new();
        for f in &c.figures {
            let interval = f.interval(Tolerance::DEFAULT);
            let at = params.len();
            params.extend::<[Value<'_>; 8]>([
                (&f.metric).into(),
                f.qualifier.as_str().into(),
                f.strict.into(),
                f.value.into(),
                f.value_high.into(),
                interval.low.into(),
                interval.high.into(),
                f.kind.as_str().into(),
            ]);
            let own: Vec<String> = (at + 1..=at + 8).map(|n| format!("?{n}")).collect();
            figure_rows.push(format!("{{claim}}, ?2, ?3, {}, ?10", own.join(", ")));
        }
        let mut figure_ids: Vec<(i64, String)> = Vec::new();
        let (claim_id, change_id) = if P::DIALECT.write_together {
            // One round trip: the claim, its figures, and the id of its first status
            // change, which its hash covers and so is drawn before the row is written.
            let figures = if figure_rows.is_empty() {
                String::new()
            } else {
                let rows: Vec<String> = figure_rows
                    .iter()
                    .map(|r| format!("({})", r.replace("{claim}", "(SELECT id FROM c)")))
                    .collect();
                format!(
                    ", f AS (INSERT INTO figure ({FIGURE_COLUMNS}) VALUES {} RETURNING id, metric)",
                    rows.join(", ")
                )
            };
            let (columns, join) = if figure_rows.is_empty() {
                ("CAST(NULL AS BIGINT), CAST(NULL AS TEXT)", "")
            } else {
                ("f.id, f.metric", " LEFT JOIN f ON TRUE")
            };
            let sql = format!(
                "WITH c AS ({INSERT_CLAIM} RETURNING id){figures}
                 SELECT c.id, n.id, {columns}
                 FROM c CROSS JOIN ({}) AS n (id){join}",
                P::DIALECT.next_change_id
            );
            let rows = self
                .rows(&sql, &params, |r| {
                    Ok((
                        r.get::<i64>(0)?,
                        r.get::<i64>(1)?,
                        r.get::<Option<i64>>(2)?,
                        r.get::<Option<String>>(3)?,
                    ))
                })
                .context("cannot record the claim")?;
            let (claim_id, change_id, _, _) = rows
                .first()
                .cloned()
                .context("the database returned no id for the claim")?;
            for (_, _, id, metric) in rows {
                if let (Some(id), Some(metric)) = (id, metric) {
                    figure_ids.push((id, metric));
                }
            }
            (claim_id, change_id)
        } else {
            let claim_id = self
                .returning_id(
                    &format!("{INSERT_CLAIM} RETURNING id"),
                    &params[..given],
                    "claim",
                )
                .context("cannot record the claim")?;
            if !figure_rows.is_empty() {
                // The claim's id is known now: it takes the place of ?1, free since the
                // figures need not the article.
                let rows: Vec<String> = figure_rows
                    .iter()
                    .map(|r| format!("({})", r.replace("{claim}", "?1")))
                    .collect();
                let sql = format!(
                    "INSERT INTO figure ({FIGURE_COLUMNS}) VALUES {} RETURNING id, metric",
                    rows.join(", ")
                );
                let mut figure_params = params.clone();
                figure_params[0] = claim_id.into();
                figure_ids = self
                    .rows(&sql, &figure_params, |r| Ok((r.get(0)?, r.get(1)?)))
                    .context("cannot record the claim's figures")?;
            }
            (claim_id, self.next_id(P::DIALECT.next_change_id)?)
        };
        // RETURNING gives rows in no promised order; a claim has one figure per metric.
        let figure_ids = c
            .figures
            .iter()
            .map(|f| {
                figure_ids
                    .iter()
                    .find(|(_, metric)| *metric == f.metric)
                    .map(|(id, _)| *id)
                    .with_context(|| {
                        format!("the database returned no id for the figure {}", f.spec())
                    })
            })
            .collect::<Result<Vec<i64>>>()?;
        let fields = c.fields();
        self.record_new_claim(
            claim_id,
            change_id,
            &fields,
            crate::model::record::Credit {
                source: c.source_id,
                via: c.via_id,
            },
            c.supersedes,
            &c.created_by,
            &c.created_at,
        )?;
        // The claim's figures enter its incident's comparison.
        if let (Some(incident), false) = (c.incident_id, c.figures.is_empty()) {
            if self.import.is_none() {
                self.summary_pending.insert(incident);
            }
        }
        Ok(AddedClaim {
            id: claim_id,
            figure_ids,
        })
    }

    fn get_claim(&mut self, id: i64) -> Result<Option<Claim>> {
        Ok(self.claims_where("c.id = ?1", &[id.into()])?.pop())
    }

    fn list_claims(&mut self, filter: &ClaimFilter) -> Result<Vec<Claim>> {
        self.claims_where(&all_of(&claim_conditions(filter)), &[])
    }

    fn claim_versions(&mut self, key: i64) -> Result<Vec<Claim>> {
        self.claims_where("(c.id = ?1 OR c.claim_key = ?1)", &[key.into()])
    }

    fn claim_with_versions(&mut self, id: i64) -> Result<Option<Vec<VersionRows>>> {
        // One statement reads the versions, their figures (a row each, or one row without
        // a figure) and which of the rarer kinds of row each version has; a second their
        // status changes; then one more for each kind some version has. A claim nobody
        // reviewed, assigned, corrected or re-credited takes two statements, where a
        // statement per kind per version took eleven for a claim of one version.
        let key = "(SELECT COALESCE(k.claim_key, k.id) FROM claim k WHERE k.id = ?1)";
        let figure: Vec<String> = FIGURE_COLUMNS
            .split(", ")
            .map(|c| format!("f.{c}"))
            .collect();
        let has = |table: &str, also: &str| {
            format!("EXISTS (SELECT 1 FROM {table} x WHERE x.claim_id = c.id{also})")
        };
        let sql = format!(
            "SELECT {CLAIM_COLUMNS}, f.id, {}, {}, {}, {}, {}, {},
                    EXISTS (SELECT 1 FROM record x WHERE x.chain = c.id AND x.kind = 'credit')
             {CLAIM_JOINS}
             LEFT JOIN figure f ON f.claim_id = c.id
             WHERE c.id = {key} OR c.claim_key = {key}
             ORDER BY c.id, f.id",
            figure.join(", "),
            has("evidence", ""),
            has("correction", ""),
            has("erasure", ""),
            has("review", ""),
            has("assignment", ""),
        );
        let figure_at = CLAIM_COLUMN_COUNT + 1;
        let has_at = figure_at + figure.len();
        let mut versions: Vec<(VersionRows, [bool; 6])> = Vec::new();
        self.db.query(&sql, &[id.into()], &mut |r| {
            let claim_id: i64 = r.get(0)?;
            if versions.last().is_none_or(|(v, _)| v.claim.id != claim_id) {
                let mut has = [false; 6];
                for (at, flag) in has.iter_mut().enumerate() {
                    *flag = r.flag(has_at + at)?;
                }
                versions.push((VersionRows::of(claim_from_row(r)?), has));
            }
            if let (Some(figure_id), Some((v, _))) = (
                r.get::<Option<i64>>(CLAIM_COLUMN_COUNT)?,
                versions.last_mut(),
            ) {
                v.claim.figures.push(ClaimFigure {
                    id: figure_id,
                    figure: figure_from_row(r, figure_at)?,
                });
            }
            Ok(())
        })?;
        if !versions.iter().any(|(v, _)| v.claim.id == id) {
            return Ok(None);
        }
        // Ids the database gave, written in as numbers: every version's history at once.
        let ids: Vec<String> = versions
            .iter()
            .map(|(v, _)| v.claim.id.to_string())
            .collect();
        let sql = format!(
            "SELECT {} FROM status_change s WHERE s.claim_id IN ({}) ORDER BY s.claim_id, s.id",
            change_columns_now("s"),
            ids.join(", ")
        );
        let mut history = self
            .rows(&sql, &[], change_from_row)?
            .into_iter()
            .peekable();
        let mut out = Vec::with_capacity(versions.len());
        for (mut v, has) in versions {
            let claim_id = v.claim.id;
            while let Some(change) = history.next_if(|c| c.claim_id == claim_id) {
                v.history.push(change);
            }
            let [evidence, corrections, erasures, reviews, assignments, credits] = has;
            if evidence {
                v.evidence = Ledger::evidence(self, claim_id)?;
            }
            if corrections {
                v.corrections = Ledger::corrections(self, claim_id)?;
            }
            if erasures {
                v.erasures = Ledger::erasures(self, claim_id)?;
            }
            if reviews {
                v.reviews = self.claim_reviews(claim_id)?;
            }
            if assignments {
                v.assignments = self.claim_assignments(claim_id)?;
            }
            if credits {
                v.credits = self.claim_credits(claim_id)?;
            }
            out.push(v);
        }
        Ok(Some(out))
    }

    fn close_claim(&mut self, s: &NewStatusChange) -> Result<i64> {
        if !s.to.is_entry_error() {
            bail!("close_claim writes superseded or withdrawn, not {}", s.to);
        }
        let now = self.hold_claim(s.claim_id)?;
        if now != s.from {
            return Err(StoreError::refused(format!(
                "claim {} changed meanwhile (now {now}); run it again",
                s.claim_id
            )));
        }
        if now.is_entry_error() {
            return Err(StoreError::refused(format!(
                "claim {} is already {now}",
                s.claim_id
            )));
        }
        let note = s.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
        if note.is_none() {
            return Err(StoreError::refused(format!(
                "closing claim {} as {} needs a note saying why",
                s.claim_id, s.to
            )));
        }
        self.write_status(s.claim_id, Some(s.from), s.to, &s.who, &s.at, note, false)
    }

    fn each_claim(
        &mut self,
        filter: &ClaimFilter,
        visit: &mut dyn FnMut(Claim) -> Result<()>,
    ) -> Result<()> {
        let conditions = claim_conditions(filter);
        let condition = all_of(&conditions);
        let claims =
            format!("SELECT {CLAIM_COLUMNS} {CLAIM_JOINS} WHERE {condition} ORDER BY c.id");
        // Figures in the claims' order, through the same filter: two streams merged, one
        // statement each, rather than a query of figures per claim.
        let figures = if conditions.is_empty() {
            format!(
                "SELECT f.claim_id, f.id, {FIGURE_COLUMNS} FROM figure f ORDER BY f.claim_id, f.id"
            )
        } else {
            format!(
                "SELECT f.claim_id, f.id, {} FROM figure f JOIN claim c ON c.id = f.claim_id
                 WHERE {condition} ORDER BY f.claim_id, f.id",
                FIGURE_COLUMNS
                    .split(", ")
                    .map(|c| format!("f.{c}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        self.db.streams(&[&claims, &figures], &mut |streams| {
            let [claims, figures] = streams else {
                bail!("two streams were asked for");
            };
            let mut figures = Lookahead::new(figures.as_mut(), |r| {
                Ok((
                    r.get::<i64>(0)?,
                    ClaimFigure {
                        id: r.get(1)?,
                        figure: figure_from_row(r, 2)?,
                    },
                ))
            })?;
            while let Some(r) = claims.next_row()? {
                let mut claim = claim_from_row(r)?;
                while let Some((owner, figure)) =
                    figures.take_if(|(owner, _)| *owner <= claim.id)?
                {
                    if owner == claim.id {
                        claim.figures.push(figure);
                    }
                }
                visit(claim)?;
            }
            Ok(())
        })
    }

    fn insert_status_change(&mut self, s: &NewStatusChange) -> Result<i64> {
        if s.to.is_entry_error() {
            return Err(StoreError::refused(format!(
                "{} is set only by `crosscheck claim correct` and `crosscheck claim withdraw`",
                s.to
            )));
        }
        // The claim was read before this transaction held it (on a server where writers
        // run side by side); lock it now, and if a colleague moved it in between, say so
        // rather than build on a status the user did not see.
        let sql = format!(
            "SELECT status FROM claim WHERE id = ?1{}",
            P::DIALECT.lock_row
        );
        let now: Option<String> = self.row(&sql, &[s.claim_id.into()], |r| r.get(0))?;
        match now {
            None => {
                return Err(StoreError::with_kind(
                    ErrorKind::NotFound,
                    format!("no claim {}", s.claim_id),
                ))
            }
            Some(now) if now != s.from.as_str() => {
                // The user asked to move the claim on from a status it no longer has:
                // their request, as made, is refused (exit 2), and may be made again.
                return Err(StoreError::refused(format!(
                    "claim {} changed meanwhile (now {now}); run it again",
                    s.claim_id
                )));
            }
            Some(_) => {}
        }
        self.write_status(
            s.claim_id,
            Some(s.from),
            s.to,
            &s.who,
            &s.at,
            s.note.as_deref(),
            s.internal,
        )
    }

    fn insert_evidence(&mut self, e: &NewEvidence) -> Result<i64> {
        self.hold_claim(e.claim_id)?;
        self.write_evidence(
            e.claim_id,
            e.status_change_id,
            &e.url,
            e.stance,
            e.note.as_deref(),
            &e.who,
            &e.at,
            e.internal,
        )
    }

    fn status_history(&mut self, claim_id: i64) -> Result<Vec<StatusChange>> {
        let sql = format!(
            "SELECT {} FROM status_change s WHERE s.claim_id = ?1 ORDER BY s.id",
            change_columns_now("s")
        );
        self.rows(&sql, &[claim_id.into()], change_from_row)
    }

    fn evidence(&mut self, claim_id: i64) -> Result<Vec<Evidence>> {
        let sql = format!(
            "SELECT {} FROM evidence e WHERE e.claim_id = ?1 ORDER BY e.id",
            evidence_columns_now("e")
        );
        self.rows(&sql, &[claim_id.into()], evidence_from_row)
    }

    fn find_status_change(&mut self, id: i64) -> Result<Option<StatusChange>> {
        let sql = format!(
            "SELECT {} FROM status_change s WHERE s.id = ?1",
            change_columns_now("s")
        );
        self.row(&sql, &[id.into()], change_from_row)
    }

    fn find_evidence(&mut self, id: i64) -> Result<Option<Evidence>> {
        let sql = format!(
            "SELECT {} FROM evidence e WHERE e.id = ?1",
            evidence_columns_now("e")
        );
        self.row(&sql, &[id.into()], evidence_from_row)
    }

    fn corrections(&mut self, claim_id: i64) -> Result<Vec<Correction>> {
        let sql = format!(
            "SELECT {CORRECTION_COLUMNS} FROM correction k WHERE k.claim_id = ?1 ORDER BY k.id"
        );
        self.rows(&sql, &[claim_id.into()], correction_from_row)
    }

    fn each_status_change(&mut self, visit: &mut ChangeVisitor<'_>) -> Result<()> {
        let changes = "SELECT sc.id, sc.claim_id, sc.from_status, sc.to_status, sc.who, sc.at,
                              sc.note, sc.internal, sc.hash, c.id, c.article_id, c.incident_id, c.text,
                              c.quote, c.quote_start, c.quote_end, c.translation, c.as_of
                       FROM status_change sc
                       LEFT JOIN claim c ON c.id = sc.claim_id AND sc.from_status IS NULL
                       WHERE sc.version = 1
                       ORDER BY sc.id";
        // The figures in the order of their claims' creation rows, which is not the order
        // of claim ids when writers ran side by side: one merge, no query per claim.
        let figures = "SELECT f.claim_id, f.metric, f.qualifier, f.strict, f.value,
                              f.value_high, f.kind
                       FROM figure f
                       JOIN status_change sc ON sc.claim_id = f.claim_id
                                            AND sc.from_status IS NULL AND sc.version = 1
                       ORDER BY sc.id, f.id";
        self.db.streams(&[changes, figures], &mut |streams| {
            let [changes, figures] = streams else {
                bail!("two streams were asked for");
            };
            let mut next_figure = Lookahead::new(figures.as_mut(), |r| {
                Ok((r.get::<i64>(0)?, figure_from_row(r, 1)?))
            })?;
            while let Some(r) = changes.next_row()? {
                let change = change_from_row(r)?;
                let hash: String = r.get(8)?;
                let Some(claim_id) = r.get::<Option<i64>>(9)? else {
                    visit(&change, &hash, None)?;
                    continue;
                };
                let mut list: Vec<Figure> = Vec::new();
                while let Some((_, figure)) =
                    next_figure.take_if(|(owner, _)| *owner == claim_id)?
                {
                    list.push(figure);
                }
                let text: String = r.get(12)?;
                let quote: Option<String> = r.get(13)?;
                let start: Option<i64> = r.get(14)?;
                let end: Option<i64> = r.get(15)?;
                let translation: Option<String> = r.get(16)?;
                let as_of: String = r.get(17)?;
                let content = ClaimContent {
                    article_id: r.get(10)?,
                    incident_id: r.get(11)?,
                    text: &text,
                    quote: quote.as_deref(),
                    quote_span: start.zip(end),
                    translation: translation.as_deref(),
                    as_of: &as_of,
                    figures: &list,
                };
                visit(&change, &hash, Some(content))?;
            }
            Ok(())
        })
    }

    fn each_evidence(
        &mut self,
        visit: &mut dyn FnMut(&Evidence, &str) -> Result<()>,
    ) -> Result<()> {
        let sql =
            format!("SELECT {EVIDENCE_COLUMNS}, hash FROM evidence WHERE version = 1 ORDER BY id");
        self.db.streams(&[&sql], &mut |streams| {
            for stream in streams.iter_mut() {
                while let Some(r) = stream.next_row()? {
                    let evidence = evidence_from_row(r)?;
                    let hash: String = r.get(9)?;
                    visit(&evidence, &hash)?;
                }
            }
            Ok(())
        })
    }

    fn check_record(&mut self) -> Result<super::RecordCheck> {
        check::check_record(self)
    }

    fn insert_correction(&mut self, correction: &super::NewCorrection) -> Result<i64> {
        self.write_correction(correction)
    }

    fn erase(&mut self, erasure: &super::NewErasure) -> Result<super::Erased> {
        self.write_erasure(erasure)
    }

    fn record_head(&mut self) -> Result<Option<(i64, String)>> {
        self.row(Chain::Ledger.head_sql(), &[], |r| {
            Ok((r.get::<i64>(0)?, r.get::<String>(1)?))
        })
    }

    fn adopt_import(&mut self, at: &str) -> Result<()> {
        self.adopt(
            &serde_json::json!({ "export_format": 1 }),
            record::CROSSCHECK,
            at,
        )
    }

    fn find_hash(&mut self, prefix: &str) -> Result<Vec<super::HashFound>> {
        // Hex digits only, so the pattern holds no wildcard but its own.
        if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(StoreError::refused(format!(
                "'{prefix}' is not a hash: give its hex digits"
            )));
        }
        let prefix = prefix.to_ascii_lowercase();
        let pattern = format!("{prefix}%");
        let mut found = self.rows(
            "SELECT r.chain, r.seq, r.kind, r.at, r.hash, s.checkpoint FROM record r
             LEFT JOIN seal s ON s.claim_id = r.chain AND s.seq = r.seq
             WHERE r.hash LIKE ?1 ORDER BY r.id",
            &[pattern.as_str().into()],
            |r| {
                let chain: i64 = r.get(0)?;
                let seq: i64 = r.get(1)?;
                let kind: String = r.get(2)?;
                Ok(super::HashFound {
                    place: if chain == 0 {
                        format!("ledger entry {seq} ({kind})")
                    } else {
                        format!("entry {seq} ({kind}) of claim {chain}'s chain")
                    },
                    at: r.get(3)?,
                    hash: r.get(4)?,
                    kind: Kind::parse(&kind),
                    chain,
                    sealed_by: r.get(5)?,
                })
            },
        )?;
        for (table, name) in [
            ("status_change", "status history"),
            ("evidence", "evidence"),
        ] {
            let sql = format!(
                "SELECT id, at, hash FROM {table} WHERE hash LIKE ?1 AND version = 1 ORDER BY id"
            );
            found.extend(self.rows(&sql, &[pattern.as_str().into()], |r| {
                Ok(super::HashFound {
                    place: format!("version-1 {name} row {}", r.get::<i64>(0)?),
                    at: r.get(1)?,
                    hash: r.get(2)?,
                    kind: None,
                    chain: LEDGER_CHAIN,
                    sealed_by: None,
                })
            })?);
        }
        let migrations = self.rows(
            "SELECT seq, at, data FROM record WHERE chain = 0 AND kind = 'migration' ORDER BY seq",
            &[],
            |r| {
                Ok((
                    r.get::<i64>(0)?,
                    r.get::<String>(1)?,
                    r.get::<Option<String>>(2)?,
                ))
            },
        )?;
        for (seq, at, data) in migrations {
            let data: serde_json::Value = data
                .as_deref()
                .and_then(|d| serde_json::from_str(d).ok())
                .unwrap_or_default();
            for (chain, name) in [
                ("status_change", "status history"),
                ("evidence", "evidence"),
            ] {
                if let Some(head) = data[chain]["head"]
                    .as_str()
                    .filter(|h| h.starts_with(&prefix))
                {
                    found.push(super::HashFound {
                        place: format!(
                            "the version-1 {name} head that ledger entry {seq} (migration) carried over"
                        ),
                        at: at.clone(),
                        hash: head.to_string(),
                        kind: Some(Kind::Migration),
                        chain: LEDGER_CHAIN,
                        sealed_by: None,
                    });
                }
            }
        }
        Ok(found)
    }

    fn integrity_problems(&mut self) -> Result<Vec<String>> {
        self.db.integrity_problems()
    }

    fn claims_out_of_step(&mut self) -> Result<Vec<i64>> {
        self.rows(
            "SELECT c.id FROM claim c
             WHERE c.status IS DISTINCT FROM (SELECT to_status FROM status_change
                                              WHERE claim_id = c.id ORDER BY id DESC LIMIT 1)
             ORDER BY c.id",
            &[],
            |r| r.get(0),
        )
    }

    fn incident_figures(&mut self, incident_id: i64) -> Result<Vec<FigureRecord>> {
        self.rows(
            &format!(
                "SELECT {FIGURE_RECORD_COLUMNS} FROM figure f {FIGURE_RECORD_JOINS}
                 WHERE f.incident_id = ?1
                 ORDER BY f.id"
            ),
            &[incident_id.into()],
            |r| figure_record_from_row(r, 0),
        )
    }

    fn summary_comparison(&mut self, incident_id: i64) -> Result<Comparison> {
        self.comparison_from_summary(incident_id)
    }

    fn each_summary_finding(
        &mut self,
        all: bool,
        visit: &mut dyn FnMut(Incident, Comparison) -> Result<()>,
    ) -> Result<()> {
        self.summary_findings(all, visit)
    }

    fn rebuild_summary(&mut self) -> Result<()> {
        self.rebuild_summary_rows()
    }

    fn each_incident_figures(
        &mut self,
        visit: &mut dyn FnMut(Incident, Vec<FigureRecord>) -> Result<()>,
    ) -> Result<()> {
        let sql = format!(
            "SELECT i.id, i.slug, i.title, i.date, i.place, i.created_at, {FIGURE_RECORD_COLUMNS}
             FROM figure f JOIN incident i ON i.id = f.incident_id {FIGURE_RECORD_JOINS}
             ORDER BY i.date IS NULL, i.date DESC, i.id, f.id"
        );
        let mut current: Option<(Incident, Vec<FigureRecord>)> = None;
        self.db.query(&sql, &[], &mut |r| {
            let id: i64 = r.get(0)?;
            if current.as_ref().is_some_and(|(i, _)| i.id != id) {
                if let Some((incident, records)) = current.take() {
                    visit(incident, records)?;
                }
            }
            let (_, records) = match &mut current {
                Some(c) => c,
                None => current.insert((incident_from_row(r)?, Vec::new())),
            };
            records.push(figure_record_from_row(r, 6)?);
            Ok(())
        })?;
        if let Some((incident, records)) = current {
            visit(incident, records)?;
        }
        Ok(())
    }

    fn incident_history(&mut self, incident_id: i64) -> Result<Vec<StatusChange>> {
        let sql = format!(
            "SELECT {} FROM status_change sc JOIN claim c ON c.id = sc.claim_id
             WHERE c.incident_id = ?1 ORDER BY sc.id",
            change_columns_now("sc")
        );
        self.rows(&sql, &[incident_id.into()], change_from_row)
    }

    fn incident_evidence(&mut self, incident_id: i64) -> Result<Vec<Evidence>> {
        let sql = format!(
            "SELECT {} FROM evidence e JOIN claim c ON c.id = e.claim_id
             WHERE c.incident_id = ?1 ORDER BY e.id",
            evidence_columns_now("e")
        );
        self.rows(&sql, &[incident_id.into()], evidence_from_row)
    }

    fn each_log_entry(
        &mut self,
        filter: &LogFilter,
        limit: Option<u64>,
        visit: &mut dyn FnMut(LogEntry) -> Result<()>,
    ) -> Result<()> {
        // Both histories, their corrections and erasures, newest first. Each filter is
        // written once as "absent, or it holds"; the casts tell PostgreSQL the type of a
        // parameter that may be NULL.
        let condition = |t: &str| {
            format!(
                "(CAST(?1 AS TEXT) IS NULL OR {t}.at >= ?1)
                 AND (CAST(?2 AS TEXT) IS NULL OR {t}.who = ?2)
                 AND (CAST(?3 AS BIGINT) IS NULL OR c.incident_id = ?3)
                 AND (CAST(?4 AS BIGINT) IS NULL OR {t}.claim_id = ?4)"
            )
        };
        // Edits and merges (src/store/rules/edits.rs) are few: read first, then given out
        // between the claims' rows by time, newest first, a claim's row first among equals.
        let mut ledger: std::collections::VecDeque<LogEntry> =
            self.ledger_changes(filter, limit)?.into();
        let mut left = limit.unwrap_or(u64::MAX);
        let limit = limit.map(|n| format!(" LIMIT {n}")).unwrap_or_default();
        // Corrections apply to the status changes and evidence listed only, after the
        // limit: each note, URL and stance as last corrected.
        let now = |field: &str| {
            format!(
                "CASE WHEN l.k < 2 THEN COALESCE((SELECT k.value FROM correction k
                           WHERE k.target = CASE WHEN l.k = 0 THEN 'status_change' ELSE 'evidence' END
                             AND k.target_id = l.id AND k.field = '{field}'
                           ORDER BY k.id DESC LIMIT 1), l.{field}) ELSE l.{field} END"
            )
        };
        let sql = format!(
            "SELECT l.k, l.id, l.claim_id, l.from_status, l.to_status, {}, {}, l.who, l.at,
                    {}, l.slug, l.tbl, l.row_id, l.field, l.why
             FROM (SELECT 0 AS k, s.id AS id, s.claim_id AS claim_id,
                          s.from_status AS from_status, s.to_status AS to_status,
                          NULL AS url, NULL AS stance, s.who AS who, s.at AS at, s.note AS note,
                          i.slug AS slug, NULL AS tbl, CAST(NULL AS BIGINT) AS row_id, NULL AS field,
                          NULL AS why
                   FROM status_change s JOIN claim c ON c.id = s.claim_id
                   LEFT JOIN incident i ON i.id = c.incident_id
                   WHERE {}
                   UNION ALL
                   SELECT 1, e.id, e.claim_id, NULL, NULL, e.url, e.stance, e.who, e.at, e.note,
                          i.slug, NULL, CAST(NULL AS BIGINT), NULL, NULL
                   FROM evidence e JOIN claim c ON c.id = e.claim_id
                   LEFT JOIN incident i ON i.id = c.incident_id
                   WHERE {}
                   UNION ALL
                   SELECT 2, k.id, k.claim_id, NULL, NULL,
                          CASE WHEN k.field = 'url' THEN k.value END,
                          CASE WHEN k.field = 'stance' THEN k.value END, k.who, k.at,
                          CASE WHEN k.field = 'note' THEN k.value END,
                          i.slug, k.target, k.target_id, k.field, k.why
                   FROM correction k JOIN claim c ON c.id = k.claim_id
                   LEFT JOIN incident i ON i.id = c.incident_id
                   WHERE {}
                   UNION ALL
                   SELECT 3, x.id, x.claim_id, NULL, NULL, NULL, NULL, x.who, x.at, NULL,
                          i.slug, x.tbl, x.row_id, x.field, x.reason
                   FROM erasure x JOIN claim c ON c.id = x.claim_id
                   LEFT JOIN incident i ON i.id = c.incident_id
                   WHERE {}
                   ORDER BY 9 DESC, 1 DESC, 2 DESC{limit}) l
             ORDER BY l.at DESC, l.k DESC, l.id DESC",
            now("url"),
            now("stance"),
            now("note"),
            condition("s"),
            condition("e"),
            condition("k"),
            condition("x"),
        );
        self.db.query(
            &sql,
            &[
                filter.since.as_deref().into(),
                filter.who.as_deref().into(),
                filter.incident_id.into(),
                filter.claim_id.into(),
            ],
            &mut |r| {
                let entry = log_entry_from_row(r)?;
                while left > 0 && ledger.front().is_some_and(|l| l.at > entry.at) {
                    visit(ledger.pop_front().context("an edit to list")?)?;
                    left -= 1;
                }
                if left > 0 {
                    visit(entry)?;
                    left -= 1;
                }
                Ok(())
            },
        )?;
        for entry in ledger {
            if left == 0 {
                break;
            }
            visit(entry)?;
            left -= 1;
        }
        Ok(())
    }

    fn erasures(&mut self, claim_id: i64) -> Result<Vec<Erasure>> {
        self.rows(
            "SELECT id, claim_id, tbl, row_id, field, reason, who, at FROM erasure
             WHERE claim_id = ?1 ORDER BY id",
            &[claim_id.into()],
            |r| {
                Ok(Erasure {
                    id: r.get(0)?,
                    claim_id: r.get(1)?,
                    table: r.get(2)?,
                    row_id: r.get(3)?,
                    field: r.get(4)?,
                    reason: r.get(5)?,
                    who: r.get(6)?,
                    at: r.get(7)?,
                })
            },
        )
    }

    fn find_article_by_url(&mut self, url: &str) -> Result<Option<Article>> {
        let sql =
            format!("SELECT {ARTICLE_COLUMNS} FROM article WHERE url = ?1 ORDER BY id LIMIT 1");
        self.row(&sql, &[url.into()], article_from_row)
    }

    fn search_claims(&mut self, query: &SearchQuery) -> Result<Vec<SearchHit>> {
        let search = P::DIALECT.search;
        let words = search.query(&query.words, query.any);
        let mut values: Vec<Value<'_>> = vec![words.as_str().into()];
        let mut conditions: Vec<String> = vec!["TRUE".to_string()];
        if let Some(id) = query.incident_id {
            values.push(id.into());
            conditions.push(format!("c.incident_id = ?{}", values.len()));
        }
        if let Some(id) = query.source_id {
            values.push(id.into());
            let n = values.len();
            conditions.push(format!("(c.source_id = ?{n} OR c.via_id = ?{n})"));
        }
        match query.status {
            Some(s) => {
                values.push(s.as_str().into());
                conditions.push(format!("c.status = ?{}", values.len()));
            }
            // A corrected claim is found once, as its version in play; earlier versions
            // and withdrawn claims only when their status is asked for.
            None => conditions.push(format!("c.{LISTED}")),
        }
        values.push(query.limit.into());
        // A claim's matches in its own words and in each of its notes add up, so that a
        // claim that says it twice ranks above one that says it once.
        let sql = format!(
            "SELECT hit.id, CAST(sum(hit.score) AS TEXT) AS score
             FROM ({} UNION ALL {} UNION ALL {}) AS hit
             JOIN claim c ON c.id = hit.id
             WHERE {}
             GROUP BY hit.id
             ORDER BY sum(hit.score) DESC, hit.id DESC
             LIMIT ?{}",
            search.hits_sql(SearchIn::Claims),
            search.hits_sql(SearchIn::ChangeNotes),
            search.hits_sql(SearchIn::EvidenceNotes),
            conditions.join(" AND "),
            values.len()
        );
        self.rows(&sql, &values, search_hit_from_row)
            .context("cannot search the claims")
    }

    fn look_alikes(&mut self, query: &LookAlikeQuery) -> Result<Vec<LookAlike>> {
        let search = P::DIALECT.search;
        let (all, any) = (
            search.query(&query.words, false),
            search.query(&query.words, true),
        );
        let mut params: Vec<Value<'_>> = Vec::new();
        let mut parts: Vec<String> = Vec::new();
        // One statement for the three lookups: each is one round trip to a server.
        let columns = "c.id, c.text, c.status, s.name";
        if !query.words.is_empty() {
            for (found, words) in [(0, &all), (1, &any)] {
                params.extend([Value::Text(words), query.limit.into()]);
                let n = params.len();
                parts.push(format!(
                    "SELECT {found}, {columns}, CAST(NULL AS TEXT), CAST(NULL AS BIGINT) FROM claim c
                     JOIN source s ON s.id = c.source_id
                     WHERE c.id IN ({})",
                    search.newest_claims_sql(n - 1, n)
                ));
            }
        }
        if let (Some(incident), false) = (query.incident_id, query.metrics.is_empty()) {
            params.push(incident.into());
            let incident_at = params.len();
            let mut places = Vec::new();
            for metric in &query.metrics {
                params.push(metric.into());
                places.push(format!("?{}", params.len()));
            }
            parts.push(format!(
                "SELECT 2, {columns}, f.metric, f.id FROM figure f
                 JOIN claim c ON c.id = f.claim_id
                 JOIN source s ON s.id = c.source_id
                 WHERE f.incident_id = ?{incident_at} AND f.metric IN ({})",
                places.join(", ")
            ));
        }
        if parts.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!("{} ORDER BY 1, 2 DESC, 7", parts.join(" UNION ALL "));
        let rows = self
            .rows(&sql, &params, |r| {
                let found_by = match r.get::<i64>(0)? {
                    0 => FoundBy::AllWords,
                    1 => FoundBy::AnyWord,
                    _ => FoundBy::Metric(r.get(5)?),
                };
                Ok(LookAlike {
                    found_by,
                    id: r.get(1)?,
                    text: r.get(2)?,
                    status: enum_column(r, 3, Status::parse)?,
                    source_name: r.get(4)?,
                })
            })
            .context("cannot look for claims like it")?;
        Ok(rows)
    }

    fn search_articles(&mut self, query: &SearchQuery) -> Result<Vec<SearchHit>> {
        if query.status.is_some() {
            // Articles have no status: a search for claims of one status finds none.
            return Ok(Vec::new());
        }
        let search = P::DIALECT.search;
        let words = search.query(&query.words, query.any);
        let mut values: Vec<Value<'_>> = vec![words.as_str().into()];
        let mut conditions: Vec<String> = vec!["TRUE".to_string()];
        if let Some(id) = query.incident_id {
            values.push(id.into());
            conditions.push(format!("c.incident_id = ?{}", values.len()));
        }
        if let Some(id) = query.source_id {
            values.push(id.into());
            let n = values.len();
            conditions.push(format!("(c.source_id = ?{n} OR c.via_id = ?{n})"));
        }
        let reports = if conditions.len() > 1 {
            format!(
                "EXISTS (SELECT 1 FROM claim c WHERE c.article_id = hit.id AND {})",
                conditions.join(" AND ")
            )
        } else {
            "TRUE".to_string()
        };
        values.push(query.limit.into());
        let sql = format!(
            "SELECT hit.id, CAST(hit.score AS TEXT) AS score FROM ({}) AS hit
             WHERE {reports}
             ORDER BY hit.score DESC, hit.id DESC
             LIMIT ?{}",
            search.hits_sql(SearchIn::Articles),
            values.len()
        );
        self.rows(&sql, &values, search_hit_from_row)
            .context("cannot search the articles")
    }

    fn metrics(&mut self) -> Result<Vocabulary> {
        let entries = self.rows(
            "SELECT data, who, at, seq FROM record
             WHERE chain = 0 AND kind = 'metric' ORDER BY seq",
            &[],
            |r| {
                Ok((
                    r.get::<Option<String>>(0)?,
                    r.get::<String>(1)?,
                    r.get::<String>(2)?,
                    r.get::<i64>(3)?,
                ))
            },
        )?;
        let mut added = Vec::with_capacity(entries.len());
        for (data, who, at, seq) in entries {
            let data: MetricData = serde_json::from_str(data.as_deref().unwrap_or(""))
                .with_context(|| {
                    format!("entry {seq} of the ledger's chain is not a metric's data")
                })?;
            added.push(Metric {
                name: data.name,
                part: data.part,
                description: data.description,
                unit: data.unit,
                added: Some(Added { who, at }),
            });
        }
        Ok(Vocabulary::with_entries(added))
    }

    fn add_metric(&mut self, metric: &MetricData, by: Acting<'_>) -> Result<()> {
        let data = serde_json::to_value(metric).context("cannot write the metric's data")?;
        self.append_ledger_entry(Kind::Metric, None, by.who, by.at, &data)?;
        Ok(())
    }

    fn settings(&mut self) -> Result<Vec<Setting>> {
        self.read_settings()
    }

    fn set_setting(&mut self, name: &str, value: &str, by: Acting<'_>) -> Result<i64> {
        self.change_setting(name, value, by)
    }

    fn insert_review(&mut self, review: &NewReview) -> Result<i64> {
        self.add_review(review)
    }

    fn reviews(&mut self, claim_id: i64) -> Result<Vec<Review>> {
        self.claim_reviews(claim_id)
    }

    fn incident_reviews(&mut self, incident_id: i64) -> Result<Vec<Review>> {
        self.reviews_of_incident(incident_id)
    }

    fn insert_assignment(
        &mut self,
        claim_id: i64,
        assignee: Option<&str>,
        by: Acting<'_>,
    ) -> Result<i64> {
        self.assign(claim_id, assignee, by)
    }

    fn assignments(&mut self, claim_id: i64) -> Result<Vec<Assignment>> {
        self.claim_assignments(claim_id)
    }

    fn acknowledge(
        &mut self,
        incident_id: i64,
        data: &super::AcknowledgementData,
        by: Acting<'_>,
    ) -> Result<()> {
        self.write_acknowledgement(incident_id, data, by)
    }

    fn acknowledgements(&mut self, incident_id: i64) -> Result<Vec<super::Acknowledgement>> {
        self.read_acknowledgements(incident_id)
    }

    fn record_publication(
        &mut self,
        incident_id: i64,
        data: &super::PublicationData,
        by: Acting<'_>,
    ) -> Result<i64> {
        self.write_publication(incident_id, data, by)
    }

    fn publications(&mut self, incident_id: i64) -> Result<Vec<super::Publication>> {
        self.read_publications(incident_id)
    }

    fn public_corrections(
        &mut self,
        incident_id: i64,
        since: &str,
    ) -> Result<Vec<super::PublicCorrection>> {
        self.read_public_corrections(incident_id, since)
    }

    fn is_empty(&mut self) -> Result<bool> {
        Ok(self
            .row(
                "SELECT NOT (EXISTS (SELECT 1 FROM source) OR EXISTS (SELECT 1 FROM article)
                             OR EXISTS (SELECT 1 FROM incident) OR EXISTS (SELECT 1 FROM claim))",
                &[],
                |r| r.get(0),
            )?
            .unwrap_or(false))
    }

    fn export_rows(&mut self, visit: &mut dyn FnMut(PortableRow) -> Result<()>) -> Result<()> {
        let sources = format!("SELECT {SOURCE_COLUMNS} FROM source ORDER BY id");
        let articles = format!("SELECT {ARTICLE_COLUMNS} FROM article ORDER BY id");
        let incidents = format!("SELECT {INCIDENT_COLUMNS} FROM incident ORDER BY id");
        let claims = "SELECT id, article_id, incident_id, source_id, via_id, text, quote,
                             quote_start, quote_end, translation, as_of, created_at, created_by,
                             claim_key
                      FROM claim ORDER BY id";
        let figures =
            format!("SELECT id, claim_id, {FIGURE_COLUMNS} FROM figure ORDER BY claim_id, id");
        let changes =
            format!("SELECT {CHANGE_COLUMNS}, hash, version FROM status_change ORDER BY id");
        let evidence =
            format!("SELECT {EVIDENCE_COLUMNS}, hash, version FROM evidence ORDER BY id");
        let queries = [
            sources.as_str(),
            "SELECT source_id, alias FROM source_alias ORDER BY source_id, alias_key",
            &articles,
            &incidents,
            claims,
            &figures,
            &changes,
            &evidence,
            "SELECT id, claim_id, target, target_id, field, value, why, who, at
             FROM correction ORDER BY id",
            "SELECT id, claim_id, tbl, row_id, field, digest, marker, reason, pinned, who, at
             FROM erasure ORDER BY id",
            "SELECT chain, seq, kind, subject, who, at, data, hash FROM record ORDER BY id",
            "SELECT claim_id, seq, checkpoint FROM seal ORDER BY claim_id, seq",
            "SELECT id, name, value, who, at FROM setting ORDER BY id",
            "SELECT id, claim_id, status_change_id, decision, note, who, at FROM review ORDER BY id",
            "SELECT id, claim_id, assignee, who, at FROM assignment ORDER BY id",
        ];
        visit(PortableRow::Format(super::EXPORT_FORMAT))?;
        self.db.streams(&queries, &mut |streams| {
            let [sources, aliases, articles, incidents, claims, figures, changes, evidence, corrections, erasures, entries, seals, settings, reviews, assignments] =
                streams
            else {
                bail!("fifteen streams were asked for");
            };
            while let Some(r) = sources.next_row()? {
                visit(PortableRow::Source(source_from_row(r)?))?;
            }
            while let Some(r) = aliases.next_row()? {
                visit(PortableRow::Alias {
                    source_id: r.get(0)?,
                    alias: r.get(1)?,
                })?;
            }
            while let Some(r) = articles.next_row()? {
                visit(PortableRow::Article(article_from_row(r)?))?;
            }
            while let Some(r) = incidents.next_row()? {
                visit(PortableRow::Incident(incident_from_row(r)?))?;
            }
            replay(claims, figures, changes, evidence, visit)?;
            while let Some(r) = corrections.next_row()? {
                visit(PortableRow::Correction(super::PortableCorrection {
                    id: r.get(0)?,
                    claim_id: r.get(1)?,
                    target: r.get(2)?,
                    target_id: r.get(3)?,
                    field: r.get(4)?,
                    value: r.get(5)?,
                    why: r.get(6)?,
                    who: r.get(7)?,
                    at: r.get(8)?,
                }))?;
            }
            while let Some(r) = erasures.next_row()? {
                visit(PortableRow::Erasure(super::PortableErasure {
                    id: r.get(0)?,
                    claim_id: r.get(1)?,
                    table: r.get(2)?,
                    row_id: r.get(3)?,
                    field: r.get(4)?,
                    digest: r.get(5)?,
                    marker: r.get(6)?,
                    reason: r.get(7)?,
                    pinned: r.get(8)?,
                    who: r.get(9)?,
                    at: r.get(10)?,
                }))?;
            }
            // Settings, reviews and assignments before the record that vouches for them.
            while let Some(r) = settings.next_row()? {
                visit(PortableRow::Setting(super::PortableSetting {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    value: r.get(2)?,
                    who: r.get(3)?,
                    at: r.get(4)?,
                }))?;
            }
            while let Some(r) = reviews.next_row()? {
                visit(PortableRow::Review(Review {
                    id: r.get(0)?,
                    claim_id: r.get(1)?,
                    status_change_id: r.get(2)?,
                    decision: enum_column(r, 3, super::Decision::parse)?,
                    note: r.get(4)?,
                    who: r.get(5)?,
                    at: r.get(6)?,
                }))?;
            }
            while let Some(r) = assignments.next_row()? {
                visit(PortableRow::Assignment(Assignment {
                    id: r.get(0)?,
                    claim_id: r.get(1)?,
                    assignee: r.get(2)?,
                    who: r.get(3)?,
                    at: r.get(4)?,
                }))?;
            }
            while let Some(r) = entries.next_row()? {
                visit(PortableRow::Entry(super::PortableEntry {
                    chain: r.get(0)?,
                    seq: r.get(1)?,
                    kind: r.get(2)?,
                    subject: r.get(3)?,
                    who: r.get(4)?,
                    at: r.get(5)?,
                    data: r.get(6)?,
                    hash: r.get(7)?,
                }))?;
            }
            while let Some(r) = seals.next_row()? {
                visit(PortableRow::Seal {
                    claim_id: r.get(0)?,
                    seq: r.get(1)?,
                    checkpoint: r.get(2)?,
                })?;
            }
            Ok(())
        })
    }

    fn finish_import(&mut self, moved: &mut dyn Iterator<Item = (i64, Status)>) -> Result<()> {
        if !self.db.bulk_load_keeps_triggers() {
            // In id order, so the claims' pages are visited once each. On SQLite the
            // trigger `claim_status_follows_history` stays, and refuses a status that is
            // not the one the history ends in; everywhere, the import's check compares
            // every claim with its history before anything commits.
            self.db.bulk_statuses(moved)?;
        }
        self.db.end_bulk_load()
    }

    fn import_row(
        &mut self,
        row: &PortableRow,
        claim_digest: Option<&str>,
    ) -> Result<Option<String>> {
        self.write_portable(row, claim_digest).map_err(|err| {
            match self.db.constraint_refusal(&err) {
                Some(detail) => StoreError::refused_row(&detail),
                None => err,
            }
        })
    }

    // Finding a ClaimReview already imported (src/store/rules/reviews.rs).

    fn each_evidence_with_claim_text(
        &mut self,
        visit: &mut dyn FnMut(i64, &str, &str) -> Result<()>,
    ) -> Result<()> {
        Rules::each_evidence_with_claim_text(self, visit)
    }

    fn claim_has_text_and_evidence(
        &mut self,
        claim_id: i64,
        text: &str,
        url: &str,
    ) -> Result<bool> {
        Rules::claim_has_text_and_evidence(self, claim_id, text, url)
    }

    // Metadata edits (src/store/rules/edits.rs).

    fn edit_article(
        &mut self,
        id: i64,
        changes: &[(super::ArticleField, Option<String>)],
        by: Acting<'_>,
    ) -> Result<()> {
        self.edit_article_row(id, changes, by)
    }

    fn edit_incident(
        &mut self,
        id: i64,
        changes: &[(super::IncidentField, Option<String>)],
        by: Acting<'_>,
    ) -> Result<()> {
        self.edit_incident_row(id, changes, by)
    }

    fn credits(&mut self, claim_id: i64) -> Result<Vec<crate::model::record::Recredit>> {
        self.claim_credits(claim_id)
    }
}

/// Claims, figures, history and evidence, merged into replay order (see
/// [`PortableRow`]): a claim just before its creation row, its figures right after it,
/// evidence once its claim and status change exist. Four streams read side by side, so
/// memory stays flat however large the ledger.
fn replay(
    claims: &mut Box<dyn Stream + '_>,
    figures: &mut Box<dyn Stream + '_>,
    changes: &mut Box<dyn Stream + '_>,
    evidence: &mut Box<dyn Stream + '_>,
    visit: &mut dyn FnMut(PortableRow) -> Result<()>,
) -> Result<()> {
    let mut claims = Lookahead::new(claims.as_mut(), portable_claim_from_row)?;
    let mut figures = Lookahead::new(figures.as_mut(), |r| {
        Ok(PortableRow::Figure {
            id: r.get(0)?,
            claim_id: r.get(1)?,
            figure: figure_from_row(r, 2)?,
        })
    })?;
    let mut evidence = Lookahead::new(evidence.as_mut(), |r| {
        Ok((
            evidence_from_row(r)?,
            super::Hashed {
                hash: r.get(9)?,
                version: r.get(10)?,
            },
        ))
    })?;
    let mut last_claim = 0_i64;
    let mut emit_claims = |upto: i64,
                           last_claim: &mut i64,
                           visit: &mut dyn FnMut(PortableRow) -> Result<()>|
     -> Result<()> {
        while let Some(claim) = claims.take_if(|c| c.id <= upto)? {
            let id = claim.id;
            visit(PortableRow::Claim(claim))?;
            *last_claim = id;
            while let Some(figure) = figures
                .take_if(|f| matches!(f, PortableRow::Figure { claim_id, .. } if *claim_id <= id))?
            {
                visit(figure)?;
            }
        }
        Ok(())
    };
    let mut emit_evidence = |last_claim: i64,
                             last_change: i64,
                             visit: &mut dyn FnMut(PortableRow) -> Result<()>|
     -> Result<()> {
        while let Some((e, hash)) = evidence.take_if(|(e, _)| {
            e.claim_id <= last_claim && e.status_change_id.is_none_or(|s| s <= last_change)
        })? {
            visit(PortableRow::Evidence(e, hash))?;
        }
        Ok(())
    };
    while let Some(r) = changes.next_row()? {
        let change = change_from_row(r)?;
        let hash = super::Hashed {
            hash: r.get(8)?,
            version: r.get(9)?,
        };
        if change.from.is_none() {
            emit_claims(change.claim_id, &mut last_claim, visit)?;
        }
        let last_change = change.id;
        visit(PortableRow::Change(change, hash))?;
        emit_evidence(last_claim, last_change, visit)?;
    }
    emit_claims(i64::MAX, &mut last_claim, visit)?;
    emit_evidence(i64::MAX, i64::MAX, visit)?;
    Ok(())
}

/// A stream whose next row is already read and turned into a `T`, so that a merge can
/// look at it before taking it.
struct Lookahead<'s, T, F> {
    stream: &'s mut dyn Stream,
    map: F,
    next: Option<T>,
}

impl<'s, T, F: Fn(&dyn Row) -> Result<T>> Lookahead<'s, T, F> {
    fn new(stream: &'s mut dyn Stream, map: F) -> Result<Self> {
        let mut ahead = Lookahead {
            stream,
            map,
            next: None,
        };
        ahead.fill()?;
        Ok(ahead)
    }

    fn fill(&mut self) -> Result<()> {
        self.next = match self.stream.next_row()? {
            Some(r) => Some((self.map)(r)?),
            None => None,
        };
        Ok(())
    }

    /// The next item, if there is one and `wanted` holds for it.
    fn take_if(&mut self, wanted: impl Fn(&T) -> bool) -> Result<Option<T>> {
        if !self.next.as_ref().is_some_and(wanted) {
            return Ok(None);
        }
        let item = self.next.take();
        self.fill()?;
        Ok(item)
    }
}

fn search_hit_from_row(r: &dyn Row) -> Result<SearchHit> {
    let score: String = r.get(1)?;
    Ok(SearchHit {
        id: r.get(0)?,
        score: score.trim().parse().map_err(|_| bad_value(1, &score))?,
    })
}

fn bad_value(column: usize, text: &str) -> anyhow::Error {
    StoreError::with_kind(
        ErrorKind::Corrupt,
        format!("column {column} holds an unexpected value '{text}'"),
    )
}

fn enum_column<T>(r: &dyn Row, column: usize, parse: fn(&str) -> Option<T>) -> Result<T> {
    let text: String = r.get(column)?;
    parse(&text).ok_or_else(|| bad_value(column, &text))
}

fn optional_enum_column<T>(
    r: &dyn Row,
    column: usize,
    parse: fn(&str) -> Option<T>,
) -> Result<Option<T>> {
    match r.get::<Option<String>>(column)? {
        Some(text) => parse(&text)
            .map(Some)
            .ok_or_else(|| bad_value(column, &text)),
        None => Ok(None),
    }
}

fn portable_claim_from_row(r: &dyn Row) -> Result<PortableClaim> {
    let start: Option<i64> = r.get(7)?;
    let end: Option<i64> = r.get(8)?;
    Ok(PortableClaim {
        id: r.get(0)?,
        article_id: r.get(1)?,
        incident_id: r.get(2)?,
        source_id: r.get(3)?,
        via_id: r.get(4)?,
        text: r.get(5)?,
        quote: r.get(6)?,
        quote_span: start.zip(end),
        translation: r.get(9)?,
        as_of: r.get(10)?,
        created_at: r.get(11)?,
        created_by: r.get(12)?,
        claim_key: r.get(13)?,
    })
}

fn change_from_row(r: &dyn Row) -> Result<StatusChange> {
    Ok(StatusChange {
        id: r.get(0)?,
        claim_id: r.get(1)?,
        from: optional_enum_column(r, 2, Status::parse)?,
        to: enum_column(r, 3, Status::parse)?,
        who: r.get(4)?,
        at: r.get(5)?,
        note: r.get(6)?,
        internal: r.get::<i64>(7)? != 0,
    })
}

fn correction_from_row(r: &dyn Row) -> Result<Correction> {
    let target: String = r.get(2)?;
    let target = match target.as_str() {
        "status_change" => CorrectionTarget::StatusChange,
        "evidence" => CorrectionTarget::Evidence,
        _ => return Err(bad_value(2, &target)),
    };
    Ok(Correction {
        id: r.get(0)?,
        claim_id: r.get(1)?,
        target,
        target_id: r.get(3)?,
        field: r.get(4)?,
        value: r.get(5)?,
        previous: r.get(6)?,
        why: r.get(7)?,
        who: r.get(8)?,
        at: r.get(9)?,
    })
}

fn log_entry_from_row(r: &dyn Row) -> Result<LogEntry> {
    let from = optional_enum_column(r, 3, Status::parse)?;
    let kind = match (r.get::<i64>(0)?, from) {
        (1, _) => LogKind::Evidence,
        (2, _) => LogKind::Correction,
        (3, _) => LogKind::Erasure,
        (_, None) => LogKind::Recorded,
        (_, Some(_)) => LogKind::Status,
    };
    let table: Option<String> = r.get(11)?;
    let row_id: Option<i64> = r.get(12)?;
    Ok(LogEntry {
        kind,
        id: r.get(1)?,
        claim: Some(r.get(2)?),
        from,
        to: optional_enum_column(r, 4, Status::parse)?,
        url: r.get(5)?,
        stance: optional_enum_column(r, 6, Stance::parse)?,
        who: r.get(7)?,
        at: r.get(8)?,
        note: r.get(9)?,
        incident: r.get(10)?,
        target: table.zip(row_id).map(|(t, id)| RowRef::name(&t, id)),
        field: r.get(13)?,
        why: r.get(14)?,
        set: None,
    })
}

fn evidence_from_row(r: &dyn Row) -> Result<Evidence> {
    Ok(Evidence {
        id: r.get(0)?,
        claim_id: r.get(1)?,
        status_change_id: r.get(2)?,
        url: r.get(3)?,
        stance: enum_column(r, 4, Stance::parse)?,
        note: r.get(5)?,
        who: r.get(6)?,
        at: r.get(7)?,
        internal: r.get::<i64>(8)? != 0,
    })
}

fn source_from_row(r: &dyn Row) -> Result<Source> {
    Ok(Source {
        id: r.get(0)?,
        name: r.get(1)?,
        aliases: Vec::new(),
        kind: enum_column(r, 2, SourceKind::parse)?,
        grade: optional_enum_column(r, 3, Grade::parse)?,
        notes: r.get(4)?,
        created_at: r.get(5)?,
    })
}

fn article_from_row(r: &dyn Row) -> Result<Article> {
    Ok(Article {
        id: r.get(0)?,
        slug: r.get(1)?,
        title: r.get(2)?,
        outlet: r.get(3)?,
        url: r.get(4)?,
        lang: r.get(5)?,
        published_at: r.get(6)?,
        body: r.get(7)?,
        body_sha256: r.get(8)?,
        created_at: r.get(9)?,
    })
}

fn incident_from_row(r: &dyn Row) -> Result<Incident> {
    Ok(Incident {
        id: r.get(0)?,
        slug: r.get(1)?,
        title: r.get(2)?,
        date: r.get(3)?,
        place: r.get(4)?,
        created_at: r.get(5)?,
    })
}

/// A figure from the columns of [`FIGURE_COLUMNS`], starting at `at`.
/// A [`FigureRecord`] from [`FIGURE_RECORD_COLUMNS`], starting at column `at`.
fn figure_record_from_row(r: &dyn Row, at: usize) -> Result<FigureRecord> {
    Ok(FigureRecord {
        claim_id: r.get(at)?,
        origin_id: r.get(at + 1)?,
        origin: r.get(at + 2)?,
        via: r.get(at + 3)?,
        figure: figure_from_row(r, at + 4)?,
        status: enum_column(r, at + 10, Status::parse)?,
        article: r.get(at + 11)?,
        as_of: r.get(at + 12)?,
    })
}

fn figure_from_row(r: &dyn Row, at: usize) -> Result<Figure> {
    Ok(Figure {
        metric: r.get(at)?,
        qualifier: enum_column(r, at + 1, Qualifier::parse)?,
        strict: r.get::<i64>(at + 2)? != 0,
        value: r.get(at + 3)?,
        value_high: r.get(at + 4)?,
        kind: enum_column(r, at + 5, FigureKind::parse)?,
    })
}

#[cfg(test)]
mod tests {
    use super::super::{kind_of, OpenMode, Store};
    use super::*;

    const AT: &str = "2024-03-01T00:00:00Z";

    /// A fresh ledger file with one source, article and incident, and one claim of two
    /// figures about the incident.
    fn ledger_with_a_claim(dir: &tempfile::TempDir) -> (Store, i64) {
        let mut store =
            Store::open(&dir.path().join("ledger.db"), OpenMode::Create).expect("create");
        let claim = store
            .write(|l| {
                let source = l.insert_source(&NewSource {
                    name: "Syrian Observatory".into(),
                    kind: SourceKind::Ngo,
                    grade: None,
                    notes: None,
                    created_at: AT.into(),
                    created_by: "tester".into(),
                })?;
                let article = l.insert_article(&NewArticle {
                    slug: "raid".into(),
                    title: "Raid".into(),
                    outlet: None,
                    url: None,
                    lang: None,
                    published_at: None,
                    body: None,
                    body_sha256: None,
                    created_at: AT.into(),
                    created_by: "tester".into(),
                })?;
                let incident = l.insert_incident(&NewIncident {
                    slug: "atme".into(),
                    title: "Atmé".into(),
                    date: None,
                    place: None,
                    created_at: AT.into(),
                    created_by: "tester".into(),
                })?;
                l.insert_claim(&NewClaim {
                    article_id: article,
                    incident_id: Some(incident),
                    source_id: source,
                    via_id: None,
                    text: "13 dead, 4 of them children".into(),
                    quote: None,
                    quote_span: None,
                    translation: None,
                    as_of: AT.into(),
                    figures: vec![
                        Figure::parse("killed=13")?,
                        Figure::parse("killed.children=4")?,
                    ],
                    created_at: AT.into(),
                    created_by: "tester".into(),
                    claim_key: None,
                    supersedes: None,
                })
            })
            .expect("record");
        (store, claim)
    }

    #[test]
    fn a_claim_read_whole_in_one_go_holds_what_each_kind_of_row_reads_alone() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (mut store, claim) = ledger_with_a_claim(&dir);
        store
            .write(|l| {
                let change = l.insert_status_change(&NewStatusChange {
                    claim_id: claim,
                    from: Status::Unverified,
                    to: Status::InProgress,
                    who: "tester".into(),
                    at: AT.into(),
                    note: Some("looking".into()),
                    internal: false,
                })?;
                l.insert_evidence(&NewEvidence {
                    claim_id: claim,
                    status_change_id: Some(change),
                    url: "https://example.org/list".into(),
                    stance: Stance::Supports,
                    note: Some("the hospital's list".into()),
                    who: "tester".into(),
                    at: AT.into(),
                    internal: false,
                })
            })
            .expect("history and evidence");
        let (whole, history, evidence, figures) = store
            .read(|l| {
                Ok((
                    l.claim_with_versions(claim)?,
                    l.status_history(claim)?,
                    l.evidence(claim)?,
                    l.get_claim(claim)?.map(|c| c.figures),
                ))
            })
            .expect("read");
        let versions = whole.expect("the claim is there");
        assert_eq!(versions.len(), 1);
        let v = &versions[0];
        assert_eq!(v.claim.id, claim);
        assert_eq!(Some(&v.claim.figures), figures.as_ref());
        assert_eq!(v.claim.figures.len(), 2);
        assert_eq!(v.history, history);
        assert_eq!(v.history.len(), 2);
        assert_eq!(v.evidence, evidence);
        assert_eq!(v.evidence.len(), 1);
        assert!(v.corrections.is_empty() && v.reviews.is_empty() && v.assignments.is_empty());
        let missing = store
            .read(|l| l.claim_with_versions(claim + 1))
            .expect("read");
        assert!(missing.is_none(), "no claim {}", claim + 1);
    }

    #[test]
    fn a_status_change_built_on_a_status_the_claim_no_longer_has_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (mut store, claim) = ledger_with_a_claim(&dir);
        let err = store
            .write(|l| {
                l.insert_status_change(&NewStatusChange {
                    claim_id: claim,
                    from: Status::InProgress,
                    to: Status::Verified,
                    who: "tester".into(),
                    at: AT.into(),
                    note: Some("checked".into()),
                    internal: false,
                })
            })
            .expect_err("the claim is unverified, not in progress");
        assert_eq!(kind_of(&err), Some(ErrorKind::Refused));
        assert_eq!(
            err.to_string(),
            format!("claim {claim} changed meanwhile (now unverified); run it again")
        );
    }

    #[test]
    fn an_export_replays_into_an_empty_ledger_with_the_same_hashes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (mut store, _) = ledger_with_a_claim(&dir);
        let mut rows = Vec::new();
        store
            .read(|l| {
                l.export_rows(&mut |row| {
                    rows.push(row);
                    Ok(())
                })
            })
            .expect("export");
        let kinds: Vec<&str> = rows
            .iter()
            .map(|r| match r {
                PortableRow::Source(_) => "source",
                PortableRow::Alias { .. } => "alias",
                PortableRow::Article(_) => "article",
                PortableRow::Incident(_) => "incident",
                PortableRow::Claim(_) => "claim",
                PortableRow::Figure { .. } => "figure",
                PortableRow::Change(..) => "change",
                PortableRow::Evidence(..) => "evidence",
                PortableRow::Format(_) => "format",
                PortableRow::Correction(_) => "correction",
                PortableRow::Erasure(_) => "erasure",
                PortableRow::Entry(_) => "entry",
                PortableRow::Seal { .. } => "seal",
                PortableRow::Setting(_) => "setting",
                PortableRow::Review(_) => "review",
                PortableRow::Assignment(_) => "assignment",
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "format", "source", "article", "incident", "claim", "figure", "figure", "change",
                "entry", "entry", "entry", "entry", "entry", "entry", "seal", "seal"
            ]
        );
        let before = store.read(|l| l.check_record()).expect("check");
        let mut copy =
            Store::open(&dir.path().join("copy.db"), OpenMode::Create).expect("create copy");
        let after = copy
            .write(|l| {
                for row in &rows {
                    l.import_row(row, None)?;
                }
                // As `import` does: the summary is built once after the load.
                l.rebuild_summary()?;
                l.check_record()
            })
            .expect("import");
        assert!(after.problems.is_empty(), "{:?}", after.problems);
        assert_eq!(after.head, before.head);
        assert!(before.head.is_some());
    }

    #[test]
    fn an_imported_history_row_out_of_order_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (mut store, claim) = ledger_with_a_claim(&dir);
        let err = store
            .write(|l| {
                l.import_row(
                    &PortableRow::Change(
                        StatusChange {
                            id: 5,
                            claim_id: claim,
                            from: Some(Status::Unverified),
                            to: Status::InProgress,
                            who: "tester".into(),
                            at: AT.into(),
                            note: None,
                            internal: false,
                        },
                        crate::store::Hashed {
                            hash: String::new(),
                            version: 1,
                        },
                    ),
                    None,
                )
            })
            .expect_err("the version-1 chain is empty: row 1 comes next");
        assert_eq!(kind_of(&err), Some(ErrorKind::Refused));
        assert!(
            err.to_string()
                .starts_with("status change 5 comes where 1 was expected"),
            "{err}"
        );
    }

    #[test]
    fn the_conflict_scan_reads_every_figure_of_every_incident() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (mut store, claim) = ledger_with_a_claim(&dir);
        let mut metrics: Vec<(String, i64, String, String)> = Vec::new();
        store
            .read(|l| {
                l.each_incident_figures(&mut |incident, records| {
                    for r in records {
                        metrics.push((
                            incident.slug.clone(),
                            r.claim_id,
                            r.figure.metric,
                            r.origin,
                        ));
                    }
                    Ok(())
                })
            })
            .expect("scan");
        metrics.sort();
        let row = |metric: &str| {
            (
                "atme".to_string(),
                claim,
                metric.to_string(),
                "Syrian Observatory".to_string(),
            )
        };
        assert_eq!(metrics, [row("killed"), row("killed.children")]);
    }
}
