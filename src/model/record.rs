//! The record, version 2: what the hash chains cover, and how each entry is hashed.
//!
//! Every write to a ledger adds an *entry* to one of its chains, in the table `record`:
//!
//! - each claim has a chain of its own (`chain` = the claim's id): its creation, every
//!   status change, every piece of evidence, every re-crediting, every correction of a
//!   note, URL or stance, every erasure. Writers on different claims extend different
//!   chains, so they never wait for one another.
//! - the ledger has one chain (`chain` = 0) for what belongs to no one claim: sources,
//!   their edits, aliases and merges; articles; incidents; ledger settings, acknowledgements
//!   and publications; the migration from version 1; and *checkpoints*.
//!
//! A checkpoint is a ledger entry that names the newest entries of the claim chains
//! written since the checkpoint before it, hashes and all. Each write ends by trying to
//! take the ledger chain without waiting (a try-lock on PostgreSQL; SQLite has one writer
//! at a time anyway) and, when it gets it, seals every claim entry that is not yet in a
//! checkpoint. So the ledger chain's last hash, *the head*, vouches for every claim
//! chain up to the entries it sealed, and for every ledger entry before it: a head that a
//! desk publishes pins everything recorded before it. An entry written while another
//! writer held the ledger chain is sealed by the next write (`verify` counts those).
//!
//! An entry's hash is SHA-256 over the previous entry's hash in its chain (or the
//! genesis), a newline, and its canonical form: a JSON array of the format tag, the
//! chain, the position in it, the kind, the row it vouches for, who, when, the entry's
//! own data (as the stored text) and the content of the row it vouches for, read from
//! that row's table. Free text in that content (a claim's text, quote and translation;
//! notes; an evidence URL) enters as the SHA-256 of the text, so that erasing it later (a
//! recorded entry that replaces the text by a marker and keeps the digest) leaves every
//! hash valid. Numbers, statuses, who acted and when are never erased.
//!
//! Entries hashed by version 1 (the status history and evidence rows written before the
//! migration, in their two ledger-wide chains) keep their hashes and are checked by the
//! version-1 rules; the migration's entry names both version-1 heads, so a head published
//! before the migration is found in the new record.

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::chain::{hex, link};
use super::Figure;

/// The tag at the head of every version-2 canonical form.
pub const FORMAT: &str = "crosscheck-record/2";

/// The ledger's own chain.
pub const LEDGER_CHAIN: i64 = 0;

/// What an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A claim was recorded (its first entry).
    Claim,
    /// A claim found by the migration from version 1, vouched for as it stood.
    Adopt,
    /// A status change.
    Status,
    /// A piece of evidence.
    Evidence,
    /// The claim's origin or relay changed (a merge, a correction of the source).
    Credit,
    /// A note, an evidence URL or a stance was corrected by a new row.
    Correction,
    /// A field's text was erased; its digest stays.
    Erasure,
    /// A source was recorded.
    Source,
    /// A source's kind, grade or notes changed.
    SourceEdit,
    /// A source got another name.
    Alias,
    /// One source was merged into another.
    Merge,
    /// An article was recorded.
    Article,
    /// An article's metadata changed.
    ArticleEdit,
    /// An incident was recorded.
    Incident,
    /// An incident's metadata changed.
    IncidentEdit,
    /// A ledger-wide setting changed.
    Setting,
    /// A metric entered the ledger's vocabulary (or its description or unit changed).
    Metric,
    /// A finding was acknowledged.
    Acknowledgement,
    /// A report was published.
    Publication,
    /// The ledger was brought forward from version 1 (or imported from a version-1 export).
    Migration,
    /// Claim entries sealed into the ledger chain.
    Checkpoint,
    /// A claim was assigned to someone (or to nobody).
    Assignment,
    /// A second person approved or rejected a verdict.
    Review,
}

impl Kind {
    /// Every kind, for the schema's CHECK and for parsing.
    pub const ALL: [Kind; 23] = [
        Kind::Claim,
        Kind::Adopt,
        Kind::Status,
        Kind::Evidence,
        Kind::Credit,
        Kind::Correction,
        Kind::Erasure,
        Kind::Source,
        Kind::SourceEdit,
        Kind::Alias,
        Kind::Merge,
        Kind::Article,
        Kind::ArticleEdit,
        Kind::Incident,
        Kind::IncidentEdit,
        Kind::Setting,
        Kind::Metric,
        Kind::Acknowledgement,
        Kind::Publication,
        Kind::Migration,
        Kind::Checkpoint,
        Kind::Assignment,
        Kind::Review,
    ];

    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Claim => "claim",
            Kind::Adopt => "adopt",
            Kind::Status => "status",
            Kind::Evidence => "evidence",
            Kind::Credit => "credit",
            Kind::Correction => "correction",
            Kind::Erasure => "erasure",
            Kind::Source => "source",
            Kind::SourceEdit => "source_edit",
            Kind::Alias => "alias",
            Kind::Merge => "merge",
            Kind::Article => "article",
            Kind::ArticleEdit => "article_edit",
            Kind::Incident => "incident",
            Kind::IncidentEdit => "incident_edit",
            Kind::Setting => "setting",
            Kind::Metric => "metric",
            Kind::Acknowledgement => "acknowledgement",
            Kind::Publication => "publication",
            Kind::Migration => "migration",
            Kind::Checkpoint => "checkpoint",
            Kind::Assignment => "assignment",
            Kind::Review => "review",
        }
    }

    /// The kind a stored word names.
    pub fn parse(word: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == word)
    }

    /// Whether entries of this kind belong to a claim's chain.
    pub fn on_claim_chain(self) -> bool {
        matches!(
            self,
            Kind::Claim
                | Kind::Adopt
                | Kind::Status
                | Kind::Evidence
                | Kind::Credit
                | Kind::Correction
                | Kind::Erasure
                | Kind::Assignment
                | Kind::Review
        )
    }
}

/// SHA-256 of a text, as lowercase hex: how free text enters a canonical form.
pub fn text_digest(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

/// A free-text field as a canonical form holds it: its digest, or null.
pub fn text_field(text: Option<&str>) -> Value {
    match text {
        Some(t) => Value::String(text_digest(t)),
        None => Value::Null,
    }
}

/// One entry, as stored, without its hash.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    /// 0 for the ledger's chain, else the claim's id.
    pub chain: i64,
    /// Its position in the chain, from 1.
    pub seq: i64,
    /// What it records.
    pub kind: Kind,
    /// The row it vouches for (a status change, a source...), when there is one.
    pub subject: Option<i64>,
    /// Who acted.
    pub who: &'a str,
    /// When (UTC RFC 3339).
    pub at: &'a str,
    /// What only the entry holds, as stored JSON text.
    pub data: Option<&'a str>,
}

impl Entry<'_> {
    /// The canonical form over `content`, the vouched-for row's fields.
    pub fn canonical(&self, content: &Value) -> String {
        json!([
            FORMAT,
            self.chain,
            self.seq,
            self.kind.as_str(),
            self.subject,
            self.who,
            self.at,
            self.data,
            content,
        ])
        .to_string()
    }

    /// The entry's hash after the entry whose hash is `previous`.
    pub fn hash(&self, previous: &str, content: &Value) -> String {
        link(previous, &self.canonical(content))
    }
}

/// A claim's content as its first entry vouches for it; `text`, `quote` and
/// `translation` are digests (see [`text_field`]) so that they survive erasure.
#[derive(Debug, Clone)]
pub struct ClaimFields<'a> {
    /// The article.
    pub article_id: i64,
    /// The incident.
    pub incident_id: Option<i64>,
    /// Digest of the text.
    pub text: Value,
    /// Digest of the quote.
    pub quote: Value,
    /// The quote's offsets.
    pub quote_span: Option<(i64, i64)>,
    /// Digest of the translation.
    pub translation: Value,
    /// The time it speaks for.
    pub as_of: &'a str,
    /// When recorded.
    pub created_at: &'a str,
    /// Who recorded it.
    pub created_by: &'a str,
    /// Its figures in the order recorded.
    pub figures: &'a [Figure],
    /// The key of the claim it is a later version of (`claim correct`); `None` for a
    /// first version.
    pub claim_key: Option<i64>,
}

impl ClaimFields<'_> {
    /// The content array. A later version's key comes last; a first version's content
    /// has no such element, so that every entry hashed before claims had versions keeps
    /// its hash.
    pub fn content(&self) -> Value {
        let figures: Vec<String> = self.figures.iter().map(Figure::spec).collect();
        let mut content = json!([
            self.article_id,
            self.incident_id,
            self.text,
            self.quote,
            self.quote_span.map(|s| [s.0, s.1]),
            self.translation,
            self.as_of,
            self.created_at,
            self.created_by,
            figures,
        ]);
        if let (Some(key), Value::Array(items)) = (self.claim_key, &mut content) {
            items.push(key.into());
        }
        content
    }
}

/// Who a claim is credited to: its first entry's data and every credit entry's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Credit {
    /// The origin.
    pub source: i64,
    /// The relay.
    pub via: Option<i64>,
}

impl Credit {
    /// As an entry's data.
    pub fn data(&self, why: Option<&str>) -> String {
        match why {
            Some(why) => json!({"source": self.source, "via": self.via, "why": why}),
            None => json!({"source": self.source, "via": self.via}),
        }
        .to_string()
    }

    /// Read back from an entry's data.
    pub fn from_data(data: &str) -> Option<Credit> {
        serde_json::from_str(data).ok()
    }
}

/// A claim re-credited after it was recorded (a merge of its source or relay): who it is
/// credited to from then on, as the credit entry of its chain says, with those sources'
/// names as they are now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recredit {
    /// The entry's position in the claim's chain.
    pub seq: i64,
    /// Who.
    pub who: String,
    /// When.
    pub at: String,
    /// The origin from then on.
    pub source_id: i64,
    /// Its name, when the source is still in the ledger.
    pub source: Option<String>,
    /// The relay from then on.
    pub via_id: Option<i64>,
    /// Its name, when it is still in the ledger.
    pub via: Option<String>,
    /// Why, as recorded ("source 7 merged into source 3").
    pub why: Option<String>,
}

/// The marker that takes an erased text's place.
pub fn erased_marker(on: &str, reason: &str) -> String {
    let day = on.get(..10).unwrap_or(on);
    format!("[erased on {day}: {reason}]")
}

/// The fields an erasure may clear, as (table, column): free text that may name a
/// person. Figures, statuses, who acted and when are never erased.
pub const ERASABLE: &[(&str, &str)] = &[
    ("claim", "text"),
    ("claim", "quote"),
    ("claim", "translation"),
    ("status_change", "note"),
    ("evidence", "note"),
    ("evidence", "url"),
    ("correction", "value"),
    ("correction", "why"),
];

/// The fields a correction may put right, as (table, column).
pub const CORRECTABLE: &[(&str, &str)] = &[
    ("status_change", "note"),
    ("evidence", "note"),
    ("evidence", "url"),
    ("evidence", "stance"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::chain::GENESIS;

    #[test]
    fn an_entry_hash_depends_on_every_part() {
        let e = Entry {
            chain: 3,
            seq: 2,
            kind: Kind::Status,
            subject: Some(7),
            who: "m.haddad",
            at: "2026-01-01T00:00:00Z",
            data: None,
        };
        let content = json!([7, "unverified", "verified"]);
        let base = e.hash(GENESIS, &content);
        assert_ne!(base, Entry { chain: 4, ..e }.hash(GENESIS, &content));
        assert_ne!(base, Entry { seq: 3, ..e }.hash(GENESIS, &content));
        assert_ne!(base, Entry { who: "x", ..e }.hash(GENESIS, &content));
        assert_ne!(
            base,
            Entry {
                data: Some("{}"),
                ..e
            }
            .hash(GENESIS, &content)
        );
        assert_ne!(base, e.hash(GENESIS, &json!([8])));
        assert_ne!(base, e.hash(&base, &content));
    }

    #[test]
    fn kinds_round_trip_and_text_enters_as_its_digest() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
        assert_eq!(text_digest("").len(), 64);
        assert_eq!(text_field(None), Value::Null);
        assert_ne!(text_field(Some("a")), text_field(Some("b")));
        assert_eq!(
            erased_marker("2026-11-27T10:00:00Z", "a court order"),
            "[erased on 2026-11-27: a court order]"
        );
        let c = Credit {
            source: 3,
            via: None,
        };
        assert_eq!(Credit::from_data(&c.data(Some("merge"))), Some(c));
    }
}
