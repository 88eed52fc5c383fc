//! The one storage interface the rest of the program sees. Commands open a [`Store`],
//! run a closure against a [`Ledger`] inside one read or write transaction, and never
//! meet a backend's types. The ledger's rules are written once (`rules.rs`) on the
//! primitives (`primitives.rs`) that each of two backends gives: an SQLite file (the
//! default, with nothing to install) and a PostgreSQL server (`--db postgres://…`), for
//! a desk. Failures come back as [`StoreError`]s with a kind; what a kind means for the
//! user (its exit code) is decided outside the store.

mod error;
mod postgres;
mod primitives;
mod rules;
mod sqlite;
mod tls;

pub use crate::model::correction::{Correction, CorrectionTarget, Erasure};
pub use crate::model::listing::{ArticleListing, IncidentListing, SourceListing};
pub use crate::model::metric::{MetricData, Vocabulary};
pub use crate::model::publication::{
    Acknowledgement, AcknowledgementData, PublicCorrection, Publication, PublicationData,
};
pub use crate::model::review::{Assignment, Decision, Review, Setting};
pub use error::{kind_of, ErrorKind, StoreError};

pub use postgres::{is_postgres_url, redact, PG_SCHEMA_VERSION};

/// What each kind of entry vouches for, built exactly as the rules build it: public so
/// that a tool writing a ledger's export itself (examples/bench_generate, which makes the
/// benchmark's million claims without a ledger in between) hashes as the ledger does.
pub mod entry_content {
    pub use super::rules::record::{
        evidence_content, fingerprint, source_data, status_content, with_fingerprint, CROSSCHECK,
    };
}

use std::path::Path;

use anyhow::Result;

use crate::model::chain::{link, ClaimContent, EvidenceContent};
use crate::model::compare::{Comparison, FigureRecord};
use crate::model::log::{LogEntry, LogFilter};
use crate::model::record::{text_field, ClaimFields};
use crate::model::{
    Article, Claim, Evidence, Figure, Grade, Incident, Source, SourceKind, Stance, Status,
    StatusChange,
};

/// The schema version this build writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = 6;

/// The current schema, from `schema.sql` at the top of the repository.
pub const SCHEMA_SQL: &str = include_str!("../../schema.sql");

/// A source to record.
#[derive(Debug, Clone)]
pub struct NewSource {
    /// Its name.
    pub name: String,
    /// What kind of party it is.
    pub kind: SourceKind,
    /// Its grade.
    pub grade: Option<Grade>,
    /// Free notes.
    pub notes: Option<String>,
    /// When.
    pub created_at: String,
    /// Who recorded it (the record's entry names them).
    pub created_by: String,
}

/// An article to record.
#[derive(Debug, Clone)]
pub struct NewArticle {
    /// Its slug, already unique.
    pub slug: String,
    /// Its title.
    pub title: String,
    /// Who published it.
    pub outlet: Option<String>,
    /// Its address.
    pub url: Option<String>,
    /// BCP-47 tag.
    pub lang: Option<String>,
    /// Publication date or time.
    pub published_at: Option<String>,
    /// Full text.
    pub body: Option<String>,
    /// SHA-256 of the body, hex.
    pub body_sha256: Option<String>,
    /// When recorded.
    pub created_at: String,
    /// Who recorded it (the record's entry names them).
    pub created_by: String,
}

/// An incident to record.
#[derive(Debug, Clone)]
pub struct NewIncident {
    /// Its slug.
    pub slug: String,
    /// Its title.
    pub title: String,
    /// When it happened.
    pub date: Option<String>,
    /// Where.
    pub place: Option<String>,
    /// When recorded.
    pub created_at: String,
    /// Who recorded it (the record's entry names them).
    pub created_by: String,
}

/// A field of an article that `article edit` may change: its metadata, never its body
/// (whose digest the record keeps).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleField {
    /// The headline.
    Title,
    /// Who published it.
    Outlet,
    /// Its address.
    Url,
    /// Its language.
    Lang,
    /// When it was published.
    PublishedAt,
}

impl ArticleField {
    /// Its column, and its name in the record's entries and in messages.
    pub fn column(self) -> &'static str {
        match self {
            ArticleField::Title => "title",
            ArticleField::Outlet => "outlet",
            ArticleField::Url => "url",
            ArticleField::Lang => "lang",
            ArticleField::PublishedAt => "published_at",
        }
    }
}

/// A field of an incident that `incident edit` may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncidentField {
    /// What happened.
    Title,
    /// When.
    Date,
    /// Where.
    Place,
}

impl IncidentField {
    /// Its column, and its name in the record's entries and in messages.
    pub fn column(self) -> &'static str {
        match self {
            IncidentField::Title => "title",
            IncidentField::Date => "date",
            IncidentField::Place => "place",
        }
    }
}

/// A claim to record, with its figures.
#[derive(Debug, Clone)]
pub struct NewClaim {
    /// The article reporting it.
    pub article_id: i64,
    /// The incident it is about.
    pub incident_id: Option<i64>,
    /// Its origin.
    pub source_id: i64,
    /// The relaying outlet.
    pub via_id: Option<i64>,
    /// As stated.
    pub text: String,
    /// Exact words from the article.
    pub quote: Option<String>,
    /// Character offsets of the quote in the body.
    pub quote_span: Option<(i64, i64)>,
    /// Translation.
    pub translation: Option<String>,
    /// The time it speaks for.
    pub as_of: String,
    /// Its figures.
    pub figures: Vec<Figure>,
    /// When recorded.
    pub created_at: String,
    /// Who recorded it.
    pub created_by: String,
    /// For a corrected version, the key of the claim it is a version of (`None` for a
    /// first version).
    pub claim_key: Option<i64>,
    /// For a corrected version, the version it replaces; the claim's first entry in the
    /// record names it.
    pub supersedes: Option<i64>,
}

impl NewClaim {
    /// The content its first entry in the record vouches for.
    pub fn fields(&self) -> ClaimFields<'_> {
        ClaimFields {
            article_id: self.article_id,
            incident_id: self.incident_id,
            text: text_field(Some(&self.text)),
            quote: text_field(self.quote.as_deref()),
            quote_span: self.quote_span,
            translation: text_field(self.translation.as_deref()),
            as_of: &self.as_of,
            created_at: &self.created_at,
            created_by: &self.created_by,
            figures: &self.figures,
            claim_key: self.claim_key,
        }
    }
}

/// What `verify` found walking the record (version 2): see `model::record`.
#[derive(Debug, Clone, Default)]
pub struct RecordCheck {
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
    /// The ledger chain's last hash: the head a desk publishes.
    pub head: Option<String>,
    /// What the migration entry says of the version-1 chains, when there is one.
    pub v1: Option<serde_json::Value>,
    /// Version-1 rows whose text an erasure replaced, with the hash each had.
    pub pins: Vec<ErasurePin>,
    /// Each problem, naming its row and field.
    pub problems: Vec<String>,
}

/// A version-1 row's hash kept by the erasure of a text it covered: the row can no
/// longer be recomputed, and is checked against this instead.
#[derive(Debug, Clone)]
pub struct ErasurePin {
    /// The table of the erased text (`claim` for a claim's text, quote or translation,
    /// which its version-1 creation row covered).
    pub table: String,
    /// Its row.
    pub row_id: i64,
    /// The claim it belongs to.
    pub claim_id: i64,
    /// The hash the version-1 row had.
    pub hash: String,
}

/// A correction to record: a new row superseding one field of an earlier row.
#[derive(Debug, Clone)]
pub struct NewCorrection {
    /// The row's table.
    pub target: CorrectionTarget,
    /// The row.
    pub target_id: i64,
    /// `note`, `url` or `stance`.
    pub field: &'static str,
    /// The right value.
    pub value: String,
    /// Why (kept with the correction).
    pub why: String,
    /// Who.
    pub who: String,
    /// When.
    pub at: String,
}

/// An erasure to record.
#[derive(Debug, Clone)]
pub struct NewErasure {
    /// The table (`claim`, `status_change`, `evidence`, `correction`).
    pub table: &'static str,
    /// The row.
    pub row_id: i64,
    /// The column (see `model::record::ERASABLE`).
    pub field: &'static str,
    /// Why, shown in the marker: never the erased text itself.
    pub reason: String,
    /// Who.
    pub who: String,
    /// When.
    pub at: String,
}

/// What an erasure did.
#[derive(Debug, Clone)]
pub struct Erased {
    /// The erasure's id.
    pub id: i64,
    /// The claim the text belonged to.
    pub claim_id: i64,
    /// What stands in the text's place now.
    pub marker: String,
}

/// Where a hash was found in the record.
#[derive(Debug, Clone)]
pub struct HashFound {
    /// Which chain and row: `ledger entry 18 (checkpoint)`, `version-1 status history row 18`.
    pub place: String,
    /// When that entry or row was written (for a carried-over head: when the migration
    /// carried it over).
    pub at: String,
    /// The whole hash.
    pub hash: String,
    /// The kind of the entry that holds it (a migration's for a carried-over head);
    /// `None` for a version-1 row.
    pub kind: Option<crate::model::record::Kind>,
    /// The chain of that entry: 0 for the ledger's (and for version-1 rows), else a claim's id.
    pub chain: i64,
    /// For a claim's entry: the position in the ledger's chain of the checkpoint that
    /// sealed it, once one has.
    pub sealed_by: Option<i64>,
}

/// Who acts and when, for the record's entry of a change.
#[derive(Debug, Clone, Copy)]
pub struct Acting<'a> {
    /// Who.
    pub who: &'a str,
    /// When (UTC RFC 3339).
    pub at: &'a str,
}

/// One version of a claim with everything its history shows.
pub struct VersionRows {
    /// The version.
    pub claim: Claim,
    /// Its status changes.
    pub history: Vec<StatusChange>,
    /// Its evidence.
    pub evidence: Vec<Evidence>,
    /// The corrections of its notes and evidence.
    pub corrections: Vec<Correction>,
    /// Its erasures.
    pub erasures: Vec<Erasure>,
    /// Its re-creditings by source merges.
    pub credits: Vec<crate::model::record::Recredit>,
    /// The reviews of its verdicts.
    pub reviews: Vec<Review>,
    /// Its assignments.
    pub assignments: Vec<Assignment>,
}

impl VersionRows {
    /// A version with nothing read yet but the claim.
    pub(crate) fn of(claim: Claim) -> VersionRows {
        VersionRows {
            claim,
            history: Vec::new(),
            evidence: Vec::new(),
            corrections: Vec::new(),
            erasures: Vec::new(),
            credits: Vec::new(),
            reviews: Vec::new(),
            assignments: Vec::new(),
        }
    }
}

/// Which claims to list. Every filter present must hold.
#[derive(Debug, Clone, Default)]
pub struct ClaimFilter {
    /// About this incident.
    pub incident_id: Option<i64>,
    /// With this status.
    pub status: Option<Status>,
    /// Made or relayed by this source.
    pub source_id: Option<i64>,
    /// Reported by this article.
    pub article_id: Option<i64>,
    /// Only claims whose current status is a verdict nobody has reviewed yet.
    pub awaiting_review: bool,
    /// Only claims assigned to this name (`Some(None)`: to nobody).
    pub assigned: Option<Option<String>>,
    /// Superseded and withdrawn claims as well (our own entry errors, left out
    /// otherwise unless `status` asks for one of them).
    pub all_versions: bool,
}

/// What `search` asks the store: plain words (as `model::search::words` cuts them) and
/// the filters that narrow the claims found.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// The words; at least one.
    pub words: Vec<String>,
    /// Whether a row with any of the words matches (for close texts), rather than all.
    pub any: bool,
    /// Only claims about this incident (and articles reporting one).
    pub incident_id: Option<i64>,
    /// Only claims made or relayed by this source (and articles reporting one).
    pub source_id: Option<i64>,
    /// Only claims with this status (and no articles, which have none).
    pub status: Option<Status>,
    /// At most this many hits of each kind.
    pub limit: i64,
}

/// The ids a claim recorded by [`Ledger::add_claim`] got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddedClaim {
    /// The claim's.
    pub id: i64,
    /// Its figures', in the order [`NewClaim::figures`] gives them.
    pub figure_ids: Vec<i64>,
}

/// What the "checked before?" lines that follow a new claim look for, in one read: the
/// newest claims with all of the words, the newest with any of them, and the claims
/// with a figure of one of the metrics on the incident.
#[derive(Debug, Clone, Default)]
pub struct LookAlikeQuery {
    /// Plain words (as `model::search::words` cuts them); none to look for no text.
    pub words: Vec<String>,
    /// At most this many claims for each of the two searches by words.
    pub limit: i64,
    /// The incident whose figures are looked at; none to look at no figures.
    pub incident_id: Option<i64>,
    /// The metrics looked for among them.
    pub metrics: Vec<String>,
}

/// Why [`Ledger::look_alikes`] found a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FoundBy {
    /// Its text has all of the words.
    AllWords,
    /// Its text has at least one of them.
    AnyWord,
    /// It has a figure of this metric on the incident.
    Metric(String),
}

/// A claim as the "checked before?" lines name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LookAlike {
    /// Why it was found.
    pub found_by: FoundBy,
    /// The claim's id.
    pub id: i64,
    /// Its text.
    pub text: String,
    /// Its status.
    pub status: Status,
    /// The name of its source.
    pub source_name: String,
}

/// One row a search found: a claim's or an article's id and how well it matched.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// The claim's or article's id.
    pub id: i64,
    /// The engine's relevance, higher is better; comparable only within one search.
    pub score: f64,
}

/// What a merge moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MergeCounts {
    /// Claims whose origin moved.
    pub claims: i64,
    /// Claims whose via moved.
    pub relayed: i64,
    /// Names that became aliases.
    pub aliases: i64,
}

/// A status change to record.
#[derive(Debug, Clone)]
pub struct NewStatusChange {
    /// The claim.
    pub claim_id: i64,
    /// Its current status.
    pub from: Status,
    /// The new status.
    pub to: Status,
    /// Who.
    pub who: String,
    /// When.
    pub at: String,
    /// Why.
    pub note: Option<String>,
    /// Whether the note is for the desk only.
    pub internal: bool,
}

/// A review to record.
#[derive(Debug, Clone)]
pub struct NewReview {
    /// The claim.
    pub claim_id: i64,
    /// The status change that set the verdict reviewed.
    pub verdict: i64,
    /// Approved or rejected.
    pub decision: Decision,
    /// Why.
    pub note: Option<String>,
    /// The reviewer.
    pub who: String,
    /// When.
    pub at: String,
}

/// Evidence to record.
#[derive(Debug, Clone)]
pub struct NewEvidence {
    /// The claim.
    pub claim_id: i64,
    /// The status change it came with.
    pub status_change_id: Option<i64>,
    /// Where it is.
    pub url: String,
    /// How it bears on the claim.
    pub stance: Stance,
    /// What it shows.
    pub note: Option<String>,
    /// Who.
    pub who: String,
    /// When.
    pub at: String,
    /// Whether the note is for the desk only.
    pub internal: bool,
}

impl NewEvidence {
    /// Its hash as row `id` of the evidence chain, after the row whose hash is `previous`.
    pub fn chain_hash(&self, id: i64, previous: &str) -> String {
        link(
            previous,
            &EvidenceContent {
                id,
                claim_id: self.claim_id,
                status_change_id: self.status_change_id,
                url: &self.url,
                stance: self.stance,
                note: self.note.as_deref(),
                who: &self.who,
                at: &self.at,
            }
            .canonical(),
        )
    }
}

impl From<&Evidence> for NewEvidence {
    fn from(e: &Evidence) -> NewEvidence {
        NewEvidence {
            claim_id: e.claim_id,
            status_change_id: e.status_change_id,
            url: e.url.clone(),
            stance: e.stance,
            note: e.note.clone(),
            who: e.who.clone(),
            at: e.at.clone(),
            internal: e.internal,
        }
    }
}

/// A claim in its portable form: the columns of its row, ids and all, without its
/// status (which its history sets) or its figures (rows of their own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortableClaim {
    /// Its id.
    pub id: i64,
    /// The article.
    pub article_id: i64,
    /// The incident.
    pub incident_id: Option<i64>,
    /// Its origin.
    pub source_id: i64,
    /// The relaying outlet.
    pub via_id: Option<i64>,
    /// As stated.
    pub text: String,
    /// Exact words from the article.
    pub quote: Option<String>,
    /// Character offsets of the quote.
    pub quote_span: Option<(i64, i64)>,
    /// Translation.
    pub translation: Option<String>,
    /// The time it speaks for.
    pub as_of: String,
    /// When recorded.
    pub created_at: String,
    /// Who recorded it.
    pub created_by: String,
    /// The key of the claim it is a later version of; `None` for a first version.
    pub claim_key: Option<i64>,
}

impl PortableClaim {
    /// The content its creation row vouches for in the hash chain, with its figures.
    pub fn content<'a>(&'a self, figures: &'a [Figure]) -> ClaimContent<'a> {
        ClaimContent {
            article_id: self.article_id,
            incident_id: self.incident_id,
            text: &self.text,
            quote: self.quote.as_deref(),
            quote_span: self.quote_span,
            translation: self.translation.as_deref(),
            as_of: &self.as_of,
            figures,
        }
    }
}

/// One row of the ledger as `export` writes it and `import` reads it back. The rows come
/// in an order that replays the ledger: a claim just before its first history row, its
/// figures right after it, evidence once its claim and status change exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PortableRow {
    /// A source; its aliases follow as [`PortableRow::Alias`] rows.
    Source(Source),
    /// Another name of a source.
    Alias {
        /// The source.
        source_id: i64,
        /// The name.
        alias: String,
    },
    /// An article, with its text.
    Article(Article),
    /// An incident.
    Incident(Incident),
    /// A claim.
    Claim(PortableClaim),
    /// A figure of the claim before it.
    Figure {
        /// Its id.
        id: i64,
        /// Its claim.
        claim_id: i64,
        /// The figure.
        figure: Figure,
    },
    /// A row of the status history, with its stored hash.
    Change(StatusChange, Hashed),
    /// A piece of evidence, with its stored hash.
    Evidence(Evidence, Hashed),
    /// The export's format, its first row: 2 since the record's version 2. An export
    /// without it is of format 1.
    Format(i64),
    /// A correction of an earlier row.
    Correction(PortableCorrection),
    /// An erasure of a text.
    Erasure(PortableErasure),
    /// An entry of the record.
    Entry(PortableEntry),
    /// A ledger setting's row.
    Setting(PortableSetting),
    /// A review of a verdict.
    Review(Review),
    /// An assignment of a claim.
    Assignment(Assignment),
    /// Which checkpoint sealed a claim entry (`None`: waiting for one).
    Seal {
        /// The claim.
        claim_id: i64,
        /// The entry's position in its chain.
        seq: i64,
        /// The checkpoint's position in the ledger's chain.
        checkpoint: Option<i64>,
    },
}

/// The export format this build writes.
pub const EXPORT_FORMAT: i64 = 2;

/// A history or evidence row's stored hash, and the version of the record that made it
/// (1: the ledger-wide chains; 2: its claim's chain, where its entry repeats the hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hashed {
    /// The hash, as stored; empty when an export's row has none.
    pub hash: String,
    /// 1 or 2.
    pub version: i64,
}

/// A correction as an export carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortableCorrection {
    /// Its id.
    pub id: i64,
    /// The claim.
    pub claim_id: i64,
    /// `status_change` or `evidence`.
    pub target: String,
    /// The row corrected.
    pub target_id: i64,
    /// `note`, `url` or `stance`.
    pub field: String,
    /// The right value.
    pub value: Option<String>,
    /// Why.
    pub why: String,
    /// Who.
    pub who: String,
    /// When.
    pub at: String,
}

/// A ledger setting's row as an export carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortableSetting {
    /// Its id.
    pub id: i64,
    /// The setting.
    pub name: String,
    /// Its value.
    pub value: String,
    /// Who set it.
    pub who: String,
    /// When.
    pub at: String,
}

/// An erasure as an export carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortableErasure {
    /// Its id.
    pub id: i64,
    /// The claim.
    pub claim_id: i64,
    /// The table of the erased text.
    pub table: String,
    /// Its row.
    pub row_id: i64,
    /// Its column.
    pub field: String,
    /// SHA-256 of the erased text.
    pub digest: String,
    /// What stands in its place.
    pub marker: String,
    /// Why.
    pub reason: String,
    /// The version-1 hash the text was part of.
    pub pinned: Option<String>,
    /// Who.
    pub who: String,
    /// When.
    pub at: String,
}

/// An entry of the record as an export carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortableEntry {
    /// 0 for the ledger's chain, else the claim's id.
    pub chain: i64,
    /// Its position.
    pub seq: i64,
    /// Its kind's word.
    pub kind: String,
    /// The row it vouches for.
    pub subject: Option<i64>,
    /// Who.
    pub who: String,
    /// When.
    pub at: String,
    /// Its data, as stored.
    pub data: Option<String>,
    /// Its hash.
    pub hash: String,
}

/// What `each_status_change` calls for each row.
pub type ChangeVisitor<'v> =
    dyn FnMut(&StatusChange, &str, Option<ClaimContent<'_>>) -> Result<()> + 'v;

/// Everything the program reads and writes, inside one transaction.
pub trait Ledger {
    /// The source with this id (when `key` is all digits), name or alias.
    fn find_source(&mut self, key: &str) -> Result<Option<Source>>;
    /// The source holding this name or alias key, if any.
    fn source_holding_key(&mut self, key: &str) -> Result<Option<i64>>;
    /// Every name and alias, with the source it belongs to.
    fn source_names(&mut self) -> Result<Vec<(i64, String)>>;
    /// Records a source; its name key must be free.
    fn insert_source(&mut self, source: &NewSource) -> Result<i64>;
    /// Replaces a source's kind, grade and notes.
    fn update_source(
        &mut self,
        id: i64,
        kind: SourceKind,
        grade: Option<Grade>,
        notes: Option<&str>,
        by: Acting<'_>,
    ) -> Result<()>;
    /// Gives a source another name; the key must be free.
    fn insert_alias(&mut self, source_id: i64, alias: &str, by: Acting<'_>) -> Result<()>;
    /// Every source by name, or just the one with id `only`.
    fn list_sources(&mut self, only: Option<i64>) -> Result<Vec<SourceListing>>;
    /// Moves everything of `from` to `into`, makes `from`'s names aliases of `into`, and
    /// removes `from`.
    fn merge_sources(&mut self, from: i64, into: i64, by: Acting<'_>) -> Result<MergeCounts>;

    /// The article with this id, slug or title.
    fn find_article(&mut self, key: &str) -> Result<Option<Article>>;
    /// Whether an article has this slug.
    fn article_slug_taken(&mut self, slug: &str) -> Result<bool>;
    /// Records an article.
    fn insert_article(&mut self, article: &NewArticle) -> Result<i64>;
    /// Every article, newest publication first, bodies left out, given to `visit` one at
    /// a time as they are read.
    fn each_article(&mut self, visit: &mut dyn FnMut(ArticleListing) -> Result<()>) -> Result<()>;

    /// The incident with this id, slug or title.
    fn find_incident(&mut self, key: &str) -> Result<Option<Incident>>;
    /// Records an incident.
    fn insert_incident(&mut self, incident: &NewIncident) -> Result<i64>;
    /// Every incident, by date, given to `visit` one at a time as they are read.
    fn each_incident(&mut self, visit: &mut dyn FnMut(IncidentListing) -> Result<()>)
        -> Result<()>;
    /// Every incident's id, in the order of [`Ledger::each_incident`]: what a walk over
    /// the whole ledger, one incident at a time, holds of all of them.
    fn incident_ids(&mut self) -> Result<Vec<i64>>;

    /// Records a claim, its figures and the first row of its history; returns its id.
    fn insert_claim(&mut self, claim: &NewClaim) -> Result<i64> {
        Ok(self.add_claim(claim)?.id)
    }
    /// As [`Ledger::insert_claim`], returning the ids the claim and its figures got, so
    /// that the claim can be shown without reading it back.
    fn add_claim(&mut self, claim: &NewClaim) -> Result<AddedClaim>;
    /// The claim with this id.
    fn get_claim(&mut self, id: i64) -> Result<Option<Claim>>;
    /// Claims matching the filter, by id.
    fn list_claims(&mut self, filter: &ClaimFilter) -> Result<Vec<Claim>>;
    /// Visits the claims `filter` selects, in id order, each with its figures, reading
    /// them as a stream: memory stays flat however many there are.
    fn each_claim(
        &mut self,
        filter: &ClaimFilter,
        visit: &mut dyn FnMut(Claim) -> Result<()>,
    ) -> Result<()>;

    /// Every version of the claim with key `key` (see [`Claim::key`]), oldest first.
    fn claim_versions(&mut self, key: i64) -> Result<Vec<Claim>>;
    /// Every version of the claim with id `id` (the claims it corrected and those that
    /// corrected it), oldest first, each with everything its history shows; `None` when
    /// there is no claim `id`. What `claim show` and `history` read, in as few
    /// statements as the rows allow: process start and the schema's parse are most of
    /// what those commands cost, and each statement prepared adds to it.
    fn claim_with_versions(&mut self, id: i64) -> Result<Option<Vec<VersionRows>>>;

    /// Records a status change; the claim's status follows. Refuses superseded and
    /// withdrawn, which only [`Ledger::close_claim`] writes.
    fn insert_status_change(&mut self, change: &NewStatusChange) -> Result<i64>;
    /// Closes a claim as one of our own entry errors: superseded by its corrected
    /// version (`claim correct`, after recording it) or withdrawn (`claim withdraw`).
    /// The claim must still have status `change.from`, and a note says why.
    fn close_claim(&mut self, change: &NewStatusChange) -> Result<i64>;
    /// Records evidence.
    fn insert_evidence(&mut self, evidence: &NewEvidence) -> Result<i64>;
    /// A claim's status history, oldest first; each note as last corrected.
    fn status_history(&mut self, claim_id: i64) -> Result<Vec<StatusChange>>;
    /// A claim's evidence, oldest first; each URL, stance and note as last corrected.
    fn evidence(&mut self, claim_id: i64) -> Result<Vec<Evidence>>;
    /// The status change with this id, its note as last corrected.
    fn find_status_change(&mut self, id: i64) -> Result<Option<StatusChange>>;
    /// The piece of evidence with this id, its URL, stance and note as last corrected.
    fn find_evidence(&mut self, id: i64) -> Result<Option<Evidence>>;
    /// The corrections of a claim's status changes and evidence, oldest first.
    fn corrections(&mut self, claim_id: i64) -> Result<Vec<Correction>>;
    /// The erasures of a claim's texts (its own, its history's, its corrections'),
    /// oldest first.
    fn erasures(&mut self, claim_id: i64) -> Result<Vec<Erasure>>;

    /// Visits every status change in id order, with its stored hash and, for a claim's
    /// creation row, the claim's content as it is now (`None` if the claim is gone).
    fn each_status_change(&mut self, visit: &mut ChangeVisitor<'_>) -> Result<()>;
    /// Walks the record (version 2): every chain, checkpoint and published field.
    fn check_record(&mut self) -> Result<RecordCheck>;
    /// Records a correction; returns its id.
    fn insert_correction(&mut self, correction: &NewCorrection) -> Result<i64>;
    /// Erases a text, keeping its digest in the record.
    fn erase(&mut self, erasure: &NewErasure) -> Result<Erased>;
    /// The record's head: the ledger chain's last entry, its position and hash.
    fn record_head(&mut self) -> Result<Option<(i64, String)>>;
    /// Every place in the record (either version) whose hash starts with `prefix` (hex
    /// digits; a whole hash is its own prefix), including the version-1 heads that a
    /// migration carried over.
    fn find_hash(&mut self, prefix: &str) -> Result<Vec<HashFound>>;
    /// After an import of a format-1 export (rows hashed by version 1 only): vouches for
    /// what was imported in the record, as a migration does; `at` is now.
    fn adopt_import(&mut self, at: &str) -> Result<()>;
    /// Visits every piece of evidence in id order, with its stored hash.
    fn each_evidence(&mut self, visit: &mut dyn FnMut(&Evidence, &str) -> Result<()>)
        -> Result<()>;
    /// What the database's own consistency checks find (integrity, foreign keys), one
    /// line each; empty when all is well.
    fn integrity_problems(&mut self) -> Result<Vec<String>>;
    /// Claims whose status is not the last status of their history.
    fn claims_out_of_step(&mut self) -> Result<Vec<i64>>;

    /// Every figure of one incident, for the comparison.
    fn incident_figures(&mut self, incident_id: i64) -> Result<Vec<FigureRecord>>;
    /// Every incident with figures, in the order of [`Ledger::each_incident`], given to
    /// `visit` with its figures (as [`Ledger::incident_figures`] reads them) one incident
    /// at a time: a walk over the whole ledger that holds one incident's figures. The
    /// database sorts them, spilling to disk past its cache.
    fn each_incident_figures(
        &mut self,
        visit: &mut dyn FnMut(Incident, Vec<FigureRecord>) -> Result<()>,
    ) -> Result<()>;
    /// One incident's comparison at the default tolerance, each origin's latest figure
    /// only, as the summary keeps it: what `Comparison::build` of its figures gives.
    fn summary_comparison(&mut self, incident_id: i64) -> Result<Comparison>;
    /// Each incident with findings, in the order `incident list` shows incidents, with
    /// the comparison of its metrics that have one (open ones; with `all`, resolved
    /// conflicts too), read from the summary's rows with a finding only, one incident
    /// at a time.
    fn each_summary_finding(
        &mut self,
        all: bool,
        visit: &mut dyn FnMut(Incident, Comparison) -> Result<()>,
    ) -> Result<()>;
    /// Rebuilds the whole summary from the figures, in this transaction: after an
    /// import or a copy has loaded a ledger.
    fn rebuild_summary(&mut self) -> Result<()>;

    /// Every status change of the claims about one incident, in id order.
    fn incident_history(&mut self, incident_id: i64) -> Result<Vec<StatusChange>>;
    /// Every piece of evidence on the claims about one incident, in id order.
    fn incident_evidence(&mut self, incident_id: i64) -> Result<Vec<Evidence>>;
    /// Visits what changed across the ledger, newest first, one entry at a time: claims
    /// recorded, status changes, evidence, corrections and erasures, edits of sources,
    /// articles and incidents and merges of sources, those the filter admits, at most
    /// `limit` of them when given.
    fn each_log_entry(
        &mut self,
        filter: &LogFilter,
        limit: Option<u64>,
        visit: &mut dyn FnMut(LogEntry) -> Result<()>,
    ) -> Result<()>;
    /// The first article recorded with this address, if any.
    fn find_article_by_url(&mut self, url: &str) -> Result<Option<Article>>;
    /// Claims whose text, quote, translation or notes have the words, best first (a
    /// claim's matches in its own words and in its notes add up).
    fn search_claims(&mut self, query: &SearchQuery) -> Result<Vec<SearchHit>>;
    /// The claims that look like a new one, in one read (see [`LookAlikeQuery`]): those
    /// found by all the words, newest first, then by any word, newest first, then by
    /// metric, newest first (a claim found by two metrics once, by the metric of its
    /// first figure).
    fn look_alikes(&mut self, query: &LookAlikeQuery) -> Result<Vec<LookAlike>>;
    /// Articles whose title or body have the words, best first.
    fn search_articles(&mut self, query: &SearchQuery) -> Result<Vec<SearchHit>>;
    /// The metric vocabulary: the built-in names with the ledger's `metric` entries
    /// applied in the order they were recorded.
    fn metrics(&mut self) -> Result<Vocabulary>;
    /// Records a vocabulary entry (a new name, or a known one's new description or unit)
    /// in the ledger's chain.
    fn add_metric(&mut self, metric: &MetricData, by: Acting<'_>) -> Result<()>;
    /// Records, in the ledger's chain, that a finding about an incident was acknowledged.
    fn acknowledge(
        &mut self,
        incident_id: i64,
        data: &AcknowledgementData,
        by: Acting<'_>,
    ) -> Result<()>;
    /// The acknowledgements of findings about an incident, oldest first.
    fn acknowledgements(&mut self, incident_id: i64) -> Result<Vec<Acknowledgement>>;
    /// Records, in the ledger's chain, that an incident's report was published; returns
    /// the entry's position.
    fn record_publication(
        &mut self,
        incident_id: i64,
        data: &PublicationData,
        by: Acting<'_>,
    ) -> Result<i64>;
    /// The publications of an incident's report, in the order recorded.
    fn publications(&mut self, incident_id: i64) -> Result<Vec<Publication>>;
    /// What changed at or after `since` in an incident's claims that a report's Corrections
    /// section may list (claim corrections, withdrawals, corrected notes, addresses and
    /// stances; never a note for the desk only), oldest first.
    fn public_corrections(
        &mut self,
        incident_id: i64,
        since: &str,
    ) -> Result<Vec<PublicCorrection>>;
    /// Whether the ledger holds nothing yet: no source, article, incident or claim.
    fn is_empty(&mut self) -> Result<bool>;
    /// The ledger's settings as they stand: each name's latest row, or its default.
    fn settings(&mut self) -> Result<Vec<Setting>>;
    /// Records a ledger setting (already checked) in its table and the ledger's chain.
    /// On PostgreSQL only the ledger's owner may.
    fn set_setting(&mut self, name: &str, value: &str, by: Acting<'_>) -> Result<i64>;
    /// Records a review of a verdict (the claim's status change `verdict`) with its
    /// entry in the claim's chain. Returns its id.
    fn insert_review(&mut self, review: &NewReview) -> Result<i64>;
    /// A claim's reviews, oldest first.
    fn reviews(&mut self, claim_id: i64) -> Result<Vec<Review>>;
    /// The reviews of an incident's claims, oldest first.
    fn incident_reviews(&mut self, incident_id: i64) -> Result<Vec<Review>>;
    /// Assigns a claim to `assignee` (`None`: to nobody), with its entry in the claim's
    /// chain. Returns the assignment's id.
    fn insert_assignment(
        &mut self,
        claim_id: i64,
        assignee: Option<&str>,
        by: Acting<'_>,
    ) -> Result<i64>;
    /// A claim's assignments, oldest first; the last one stands.
    fn assignments(&mut self, claim_id: i64) -> Result<Vec<Assignment>>;
    /// Visits the whole ledger, row by row, in replay order (see [`PortableRow`]),
    /// reading it as a stream.
    fn export_rows(&mut self, visit: &mut dyn FnMut(PortableRow) -> Result<()>) -> Result<()>;
    /// Writes one exported row back with its id. Rows must come in replay order; a
    /// history or evidence row's hash is recomputed and returned, so the caller can
    /// compare it with the one exported. `claim_digest` is the digest of the claim's
    /// content, for a claim's creation row.
    fn import_row(
        &mut self,
        row: &PortableRow,
        claim_digest: Option<&str>,
    ) -> Result<Option<String>>;

    // Finding a ClaimReview already imported.

    /// Visits every piece of evidence as (claim id, address as recorded, claim text),
    /// reading them as a stream.
    fn each_evidence_with_claim_text(
        &mut self,
        visit: &mut dyn FnMut(i64, &str, &str) -> Result<()>,
    ) -> Result<()>;
    /// Whether claim `claim_id` has the text `text` and a piece of evidence at `url`.
    fn claim_has_text_and_evidence(&mut self, claim_id: i64, text: &str, url: &str)
        -> Result<bool>;

    // Metadata edits, recorded in the ledger's chain as `source edit`s are.

    /// Sets the fields given of article `id` (none clears one), with an `article_edit`
    /// entry holding them.
    fn edit_article(
        &mut self,
        id: i64,
        changes: &[(ArticleField, Option<String>)],
        by: Acting<'_>,
    ) -> Result<()>;
    /// Sets the fields given of incident `id` (none clears one), with an `incident_edit`
    /// entry holding them.
    fn edit_incident(
        &mut self,
        id: i64,
        changes: &[(IncidentField, Option<String>)],
        by: Acting<'_>,
    ) -> Result<()>;
    /// The times a claim was re-credited after it was recorded (merges), oldest first.
    fn credits(&mut self, claim_id: i64) -> Result<Vec<crate::model::record::Recredit>>;
    /// Ends the rows of an import, before anything reads them back: each claim takes
    /// the status its history ends in (`moved`: the claims whose history leaves them
    /// other than unverified), and what the load set aside for speed is put back and
    /// checked over the whole load (see [`Store::bulk_write`]).
    fn finish_import(&mut self, moved: &mut dyn Iterator<Item = (i64, Status)>) -> Result<()>;
}

/// What opening should do when there is no ledger yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Refuse: the database must exist.
    Existing,
    /// Create the file and schema when missing.
    Create,
    /// Bring an older ledger forward (on a server, only its owner may): `crosscheck
    /// migrate`. The ledger must exist.
    Migrate,
}

/// The outcome of opening with [`OpenMode::Create`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    /// A new ledger was made.
    Created,
    /// A ledger was already there.
    Existing,
    /// An older ledger was brought forward from this version.
    Migrated(i64),
    /// A ledger was there, but its file's folder or disk cannot be written: it was opened
    /// for reading only.
    ReadOnly,
}

/// Which kind of database holds the ledger, for the few things a command says
/// differently about each (the name of the database's own checks, the schema version).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackendKind {
    /// An SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

impl BackendKind {
    /// The schema version this build writes on this kind of database.
    pub fn schema_version(self) -> i64 {
        match self {
            BackendKind::Sqlite => SCHEMA_VERSION,
            BackendKind::Postgres => PG_SCHEMA_VERSION,
        }
    }
}

/// What `crosscheck info` says about the database a command talks to: which one, as whom,
/// how securely, at which schema version, where its hash chains stand.
#[derive(Debug, Clone)]
pub struct About {
    /// Which kind of database.
    pub backend: BackendKind,
    /// The server's version (PostgreSQL), or the SQLite library's.
    pub server_version: String,
    /// The database's name (PostgreSQL), or the file's path.
    pub database: String,
    /// The database role acting (PostgreSQL); `None` for a file.
    pub role: Option<String>,
    /// The TLS protocol of the connection (`TLSv1.3`), `None` when it is not encrypted
    /// or is a file.
    pub tls: Option<String>,
    /// The schema version the ledger is at.
    pub schema_version: i64,
    /// The record's head: the ledger chain's last entry, its position and hash; `None`
    /// when nothing is recorded yet.
    pub record_head: Option<(i64, String)>,
    /// The last status change hashed by version 1: its id and hash; `None` when there is
    /// none.
    pub history_head: Option<(i64, String)>,
    /// The last piece of evidence hashed by version 1: its id and hash; `None` when
    /// there is none.
    pub evidence_head: Option<(i64, String)>,
    /// For an SQLite file: its size in bytes and its journal mode.
    pub file: Option<(u64, String)>,
}

/// One member of a desk on PostgreSQL, as `desk list` shows it.
#[derive(Debug, Clone)]
pub struct DeskMember {
    /// The login role.
    pub role: String,
    /// `owner`, `writer` or `reader`.
    pub group: String,
    /// Whether the role may log in.
    pub can_login: bool,
    /// When the history last names the role (a status change or evidence), if ever.
    pub last_activity: Option<String>,
    /// How many status changes and pieces of evidence name the role.
    pub entries: i64,
}

/// What `desk add` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeskAdded {
    /// A new login role in the group.
    Created,
    /// An existing member now in this group (and out of the other).
    Moved,
}

/// A change to a desk's people, made by the ledger's owner.
#[derive(Debug, Clone, Copy)]
pub enum DeskChange<'a> {
    /// Make the writer and reader groups (when missing) and grant them the ledger.
    Setup,
    /// A login role in the writer group, or the reader group when `reader`; `verifier` is
    /// its password as a SCRAM verifier, required for a new role.
    Add {
        /// The role.
        name: &'a str,
        /// Whether it only reads.
        reader: bool,
        /// `SCRAM-SHA-256$…`, computed on this machine, so the password never travels.
        verifier: Option<&'a str>,
    },
    /// Remove a member's login role; the history keeps the name.
    Remove {
        /// The role.
        name: &'a str,
    },
}

/// What every backend adds to [`Ledger`]: transactions.
trait Backend: Ledger {
    /// Starts a transaction; a write transaction takes the write lock at once, so that
    /// two writers queue instead of failing half-way.
    fn begin(&mut self, write: bool) -> Result<()>;
    /// Starts the write transaction of a bulk load into an empty ledger.
    fn begin_bulk(&mut self) -> Result<()>;
    /// Starts a read transaction with a small page cache: see [`Store::read_small`].
    fn begin_small(&mut self) -> Result<()>;
    /// Commits the open transaction.
    fn commit(&mut self) -> Result<()>;
    /// Rolls the open transaction back.
    fn rollback(&mut self) -> Result<()>;
    /// Copies the whole database to `target`.
    fn backup(&mut self, target: &Path) -> Result<()>;
    /// The backend as the ledger interface.
    fn ledger(&mut self) -> &mut dyn Ledger;
    /// Puts what the user can do first in an error of this backend.
    fn explain(&self, err: anyhow::Error) -> anyhow::Error;
    /// The database role the server records as who acted, where the server decides it.
    fn acting_role(&self) -> Option<&str> {
        None
    }
    /// Which kind of database this is.
    fn kind(&self) -> BackendKind;
    /// Seals the claim entries this write added into a checkpoint when the ledger's
    /// chain is free (see `model::record`); called before every write commits.
    fn seal(&mut self) -> Result<()>;
    /// Finishes a migration from schema version `from` that opening left in an open
    /// transaction: adds the entries that vouch for what it found, and commits.
    fn complete_migration(&mut self, from: i64) -> Result<()>;
    /// What `info` shows, read inside the open transaction.
    fn about(&mut self) -> Result<About>;
    /// Changes a desk's people (PostgreSQL, the owner only), inside the open transaction;
    /// for `Add`, whether the role was made or moved.
    fn change_desk(&mut self, change: DeskChange<'_>) -> Result<Option<DeskAdded>>;
    /// The desk's members, inside the open transaction.
    fn desk_members(&mut self) -> Result<Vec<DeskMember>>;
    /// The files the ledger lives in, companions included; none for a server.
    fn files(&self) -> Vec<std::path::PathBuf> {
        Vec::new()
    }
    /// Whether the transaction failed only because another writer got in the way (a
    /// deadlock or serialization failure the server broke by aborting it), so that
    /// running the same work again is safe.
    fn is_transient(&self, _err: &anyhow::Error) -> bool {
        false
    }
}

/// An open ledger.
pub struct Store {
    backend: Box<dyn Backend>,
    opened: Opened,
}

impl Store {
    /// Opens the ledger at `path`: a PostgreSQL server when it is a `postgres://` or
    /// `postgresql://` address, an SQLite file otherwise.
    pub fn open(path: &Path, mode: OpenMode) -> Result<Store> {
        if let Some(url) = path.to_str().filter(|p| is_postgres_url(p)) {
            let (backend, opened) = postgres::Postgres::open(url, mode)?;
            return Store::opened_on(Box::new(rules::Rules::new(backend)), opened);
        }
        let (backend, opened) = sqlite::Sqlite::open(path, mode).map_err(sqlite::explain)?;
        Store::opened_on(Box::new(rules::Rules::new(backend)), opened)
    }

    fn opened_on(mut backend: Box<dyn Backend>, opened: Opened) -> Result<Store> {
        if let Opened::Migrated(from) = opened {
            backend
                .complete_migration(from)
                .map_err(|err| backend.explain(err))?;
        }
        Ok(Store { backend, opened })
    }

    /// On a server that records who acted (PostgreSQL), the database role it records;
    /// `None` for an SQLite file, where the history names whoever `--by` says.
    pub fn acting_role(&self) -> Option<&str> {
        self.backend.acting_role()
    }

    /// Which kind of database holds the ledger.
    pub fn backend_kind(&self) -> BackendKind {
        self.backend.kind()
    }

    /// The files that hold the ledger (for SQLite the file and its WAL companions; none
    /// on a server), so that nothing is written over them by mistake.
    pub fn files(&self) -> Vec<std::path::PathBuf> {
        self.backend.files()
    }

    /// Closes the ledger and removes the files it lives in (an SQLite file with its
    /// write-ahead log and shared-memory companions), for a ledger made by a command
    /// that then failed. A server's ledger has no files and is left as it is.
    pub fn remove_files(self) {
        let files = self.backend.files();
        drop(self);
        for file in files {
            // A companion that was never made, or is gone already, is no failure.
            let _ = std::fs::remove_file(file);
        }
    }

    /// What opening found.
    pub fn opened(&self) -> Opened {
        self.opened
    }

    /// Runs `f` in a read transaction: one consistent snapshot.
    pub fn read<T>(&mut self, f: impl FnOnce(&mut dyn Ledger) -> Result<T>) -> Result<T> {
        self.backend.begin(false)?;
        self.finish(false, f)
    }

    /// As [`Store::read`], for a read that looks up a few rows (one claim, one incident's
    /// comparison, the rows with a finding) or walks every table once in order while
    /// another ledger is written (`copy`'s source): it reads no page twice, so its page
    /// cache stays small (see `SMALL_READ_CACHE_KIB` in src/store/sqlite.rs).
    pub fn read_small<T>(&mut self, f: impl FnOnce(&mut dyn Ledger) -> Result<T>) -> Result<T> {
        self.backend.begin_small()?;
        self.finish(false, f)
    }

    /// Runs `f`, a read of one statement, outside any transaction: one statement sees
    /// one snapshot by itself, and on a server a transaction's BEGIN and COMMIT would be
    /// two more round trips. For a read of several statements, use [`Store::read`].
    pub fn read_one<T>(&mut self, f: impl FnOnce(&mut dyn Ledger) -> Result<T>) -> Result<T> {
        f(self.backend.ledger()).map_err(|err| self.backend.explain(err))
    }

    /// Runs `f` in one write transaction: all of it is written, or none of it.
    pub fn write<T>(&mut self, f: impl FnOnce(&mut dyn Ledger) -> Result<T>) -> Result<T> {
        self.backend.begin(true)?;
        self.finish(true, f)
    }

    /// As [`Store::write`], for an import or a copy into an empty ledger: rows go in
    /// through [`Ledger::import_row`] and end with [`Ledger::finish_import`]. The backend
    /// may set aside, for the transaction, what it would otherwise do row by row
    /// (SQLite: its row triggers and foreign keys), and makes up for it when the rows
    /// end; `f` checks the whole record before the transaction commits. `f` must refuse a
    /// ledger that is not empty before it writes.
    pub fn bulk_write<T>(&mut self, f: impl FnOnce(&mut dyn Ledger) -> Result<T>) -> Result<T> {
        self.backend.begin_bulk()?;
        self.finish(true, f)
    }

    /// As [`Store::write`], for work that may simply run again: when the server aborted
    /// the transaction only because another writer got in the way, it is retried, up to
    /// three times. Never for an import, whose input is read once.
    pub fn write_retrying<T>(
        &mut self,
        mut f: impl FnMut(&mut dyn Ledger) -> Result<T>,
    ) -> Result<T> {
        let mut attempts = 0;
        loop {
            self.backend.begin(true)?;
            let result = f(self.backend.ledger()).and_then(|value| {
                self.backend.seal()?;
                self.backend.commit()?;
                Ok(value)
            });
            match result {
                Ok(value) => return Ok(value),
                Err(err) => {
                    let _ = self.backend.rollback();
                    attempts += 1;
                    if attempts < 4 && self.backend.is_transient(&err) {
                        continue;
                    }
                    return Err(self.backend.explain(err));
                }
            }
        }
    }

    /// What `info` shows about the database, read in one snapshot.
    pub fn about(&mut self) -> Result<About> {
        self.backend.begin(false)?;
        let result = self.backend.about().and_then(|about| {
            self.backend.commit()?;
            Ok(about)
        });
        result.map_err(|err| {
            let _ = self.backend.rollback();
            self.backend.explain(err)
        })
    }

    /// Changes a desk's people in one transaction (see [`DeskChange`]).
    pub fn change_desk(&mut self, change: DeskChange<'_>) -> Result<Option<DeskAdded>> {
        self.backend.begin(true)?;
        let result = self.backend.change_desk(change).and_then(|done| {
            self.backend.commit()?;
            Ok(done)
        });
        result.map_err(|err| {
            let _ = self.backend.rollback();
            self.backend.explain(err)
        })
    }

    /// The desk's members, in one snapshot.
    pub fn desk_members(&mut self) -> Result<Vec<DeskMember>> {
        self.backend.begin(false)?;
        let result = self.backend.desk_members().and_then(|members| {
            self.backend.commit()?;
            Ok(members)
        });
        result.map_err(|err| {
            let _ = self.backend.rollback();
            self.backend.explain(err)
        })
    }

    /// Writes a consistent copy of the whole ledger to `target`, which must not exist,
    /// while other processes may go on writing. The copy appears under its name only
    /// once complete.
    pub fn backup(&mut self, target: &Path) -> Result<()> {
        let result = self.backend.backup(target);
        result.map_err(|err| self.backend.explain(err))
    }

    fn finish<T>(
        &mut self,
        write: bool,
        f: impl FnOnce(&mut dyn Ledger) -> Result<T>,
    ) -> Result<T> {
        let result = f(self.backend.ledger()).and_then(|value| {
            if write {
                self.backend.seal()?;
            }
            self.backend.commit()?;
            Ok(value)
        });
        result.map_err(|err| {
            // The error that matters is the first; a failed rollback leaves SQLite
            // to roll back when the connection closes.
            let _ = self.backend.rollback();
            self.backend.explain(err)
        })
    }
}
