//! How the rules extend the record's chains (see `model::record` for what they cover):
//! a claim's chain under its row's lock, the ledger's chain under its own lock, and the
//! checkpoint that every write tries to add at its end without waiting. Also the
//! migration's adoption of what a version-1 ledger holds.

use anyhow::{Context, Result};
use serde_json::{json, Value as Json};

use super::Rules;
use crate::model::chain::GENESIS;
use crate::model::record::{
    text_digest, text_field, ClaimFields, Credit, Entry, Kind, LEDGER_CHAIN,
};
use crate::model::row::RowRef;
use crate::model::{Stance, Status};
use crate::store::error::{ErrorKind, StoreError};
use crate::store::primitives::{renumber_placeholders, Chain, Primitives, Row, Value};
use crate::store::NewClaim;

/// How many claim entries one checkpoint seals at most, so that sealing a whole import
/// keeps memory flat.
const SEAL_BATCH: i64 = 10_000;

/// Who the entries that crosscheck writes on its own behalf name (a migration's, and a
/// checkpoint's on SQLite, where no database role acts).
pub const CROSSCHECK: &str = "crosscheck";

/// A short fingerprint of each field an entry vouches for (six hex digits of the
/// digest of its canonical JSON), kept in the entry's data so that `verify` can name the
/// field that changed, where the hash alone would only say that one did.
pub fn fingerprint(fields: &Json) -> String {
    match fields {
        Json::Array(items) => items
            .iter()
            .map(|item| text_digest(&item.to_string())[..6].to_string())
            .collect::<Vec<_>>()
            .join(" "),
        other => text_digest(&other.to_string())[..6].to_string(),
    }
}

/// The content of a status change's entry, from its row. An internal note adds a last
/// field, `1`; a row without one has the content it had before the flag existed, so
/// every hash made earlier still holds.
pub fn status_content(
    id: i64,
    from: Option<Status>,
    to: Status,
    who: &str,
    at: &str,
    note: Json,
    internal: bool,
) -> Json {
    let mut content = json!([id, from.map(Status::as_str), to.as_str(), who, at, note]);
    mark_internal(&mut content, internal);
    content
}

/// Adds the internal flag to a content array, when it is set (see [`status_content`]).
fn mark_internal(content: &mut Json, internal: bool) {
    if let (true, Json::Array(items)) = (internal, content) {
        items.push(json!(1));
    }
}

/// The names of a status change's fields, in its content's order.
pub(crate) const STATUS_FIELDS: &[&str] = &[
    "id",
    "from_status",
    "to_status",
    "who",
    "at",
    "note",
    "internal",
];

/// The content of an evidence entry, from its row.
#[allow(clippy::too_many_arguments)]
pub fn evidence_content(
    id: i64,
    status_change_id: Option<i64>,
    url: Json,
    stance: &str,
    note: Json,
    who: &str,
    at: &str,
    internal: bool,
) -> Json {
    let mut content = json!([id, status_change_id, url, stance, note, who, at]);
    mark_internal(&mut content, internal);
    content
}

/// The names of an evidence row's fields, in its content's order.
pub(crate) const EVIDENCE_FIELDS: &[&str] = &[
    "id",
    "status_change_id",
    "url",
    "stance",
    "note",
    "who",
    "at",
    "internal",
];

/// The names of a claim's fields, in its content's order (see [`ClaimFields::content`]).
pub(crate) const CLAIM_FIELDS: &[&str] = &[
    "article_id",
    "incident_id",
    "text",
    "quote",
    "quote_start/quote_end",
    "translation",
    "as_of",
    "created_at",
    "created_by",
    "figures",
    "claim_key",
];

/// The content of a correction's entry, from its row. A stance is a word, not free text.
#[allow(clippy::too_many_arguments)]
pub(crate) fn correction_content(
    id: i64,
    target: &str,
    target_id: i64,
    field: &str,
    value: Json,
    why: Json,
    who: &str,
    at: &str,
) -> Json {
    json!([id, target, target_id, field, value, why, who, at])
}

/// The names of a correction's fields.
pub(crate) const CORRECTION_FIELDS: &[&str] = &[
    "id",
    "target",
    "target_id",
    "field",
    "value",
    "why",
    "who",
    "at",
];

/// The content of an erasure's entry, from its row.
#[allow(clippy::too_many_arguments)]
pub(crate) fn erasure_content(
    id: i64,
    table: &str,
    row_id: i64,
    field: &str,
    digest: &str,
    marker: &str,
    reason: &str,
    pinned: Option<&str>,
) -> Json {
    json!([id, table, row_id, field, digest, marker, reason, pinned])
}

/// The content of an assignment's entry, from its row. The assignee is a name, as
/// `who` is, and enters as itself.
pub(crate) fn assignment_content(id: i64, assignee: Option<&str>, who: &str, at: &str) -> Json {
    json!([id, assignee, who, at])
}

/// The names of an assignment's fields.
pub(crate) const ASSIGNMENT_FIELDS: &[&str] = &["id", "assignee", "who", "at"];

/// The content of a review's entry, from its row: the verdict reviewed (its status
/// change), the decision, the note's digest, the reviewer and when.
pub(crate) fn review_content(
    id: i64,
    status_change_id: i64,
    decision: &str,
    note: Json,
    who: &str,
    at: &str,
) -> Json {
    json!([id, status_change_id, decision, note, who, at])
}

/// The names of a review's fields.
pub(crate) const REVIEW_FIELDS: &[&str] =
    &["id", "status_change_id", "decision", "note", "who", "at"];

/// A setting's ledger entry data: the whole row but its id (the entry's subject).
pub(crate) fn setting_data(name: &str, value: &str, who: &str, at: &str) -> Json {
    json!({"name": name, "value": value, "who": who, "at": at})
}

/// The names of an erasure's fields.
pub(crate) const ERASURE_FIELDS: &[&str] = &[
    "id", "tbl", "row_id", "field", "digest", "marker", "reason", "pinned",
];

/// The content of a claim's first entry and its data: who it is credited to and, for a
/// corrected version, which version it supersedes.
fn claim_entry_data(
    fields: &ClaimFields<'_>,
    credit: Credit,
    supersedes: Option<i64>,
) -> (Json, String) {
    let content = fields.content();
    // A corrected version's entry names the version it replaces; a first version's
    // data stays as it always was.
    let base = match supersedes {
        Some(old) => json!({"source": credit.source, "via": credit.via, "supersedes": old}),
        None => json!({"source": credit.source, "via": credit.via}),
    };
    let data = with_fingerprint(Some(base), &content);
    (content, data)
}

/// Data with a fingerprint of `content` added to `base` (an object, or nothing).
pub fn with_fingerprint(base: Option<Json>, content: &Json) -> String {
    let mut data = match base {
        Some(Json::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    data.insert("fields".into(), Json::String(fingerprint(content)));
    Json::Object(data).to_string()
}

/// A claim entry ready to store: the row it vouches for (an INSERT, its parameters
/// numbered from ?1), the entry, and its hash.
pub(super) struct StoredEntry<'s, 'v> {
    /// The INSERT of the row the entry vouches for, and its parameters.
    pub(super) row: Option<(&'s str, &'s [Value<'v>])>,
    /// The entry, its position worked out.
    pub(super) entry: &'s Entry<'s>,
    /// Its hash.
    pub(super) hash: &'s str,
}

impl<P: Primitives> Rules<P> {
    /// The position the next entry of `chain` takes and the hash it links to. A claim's
    /// chain must be held (its row locked, or the claim new in this transaction); the
    /// ledger's chain is locked here.
    pub(super) fn chain_tip(&mut self, chain: i64) -> Result<(i64, String)> {
        let last = self.row(
            "SELECT seq, hash FROM record WHERE chain = ?1 ORDER BY seq DESC LIMIT 1",
            &[chain.into()],
            |r| Ok((r.get::<i64>(0)?, r.get::<String>(1)?)),
        )?;
        Ok(match last {
            Some((seq, hash)) => (seq + 1, hash),
            None => (1, GENESIS.to_string()),
        })
    }

    /// Writes an entry (its position and hash already worked out).
    fn insert_entry(&mut self, entry: &Entry<'_>, hash: &str) -> Result<()> {
        self.db
            .execute(
                "INSERT INTO record (chain, seq, kind, subject, who, at, data, hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                &[
                    entry.chain.into(),
                    entry.seq.into(),
                    entry.kind.as_str().into(),
                    entry.subject.into(),
                    entry.who.into(),
                    entry.at.into(),
                    entry.data.into(),
                    Value::Text(hash),
                ],
            )
            .context("cannot add the entry to the record")?;
        Ok(())
    }

    /// The entry that comes next on claim `claim`'s chain, ready to hash.
    pub(super) fn claim_entry<'e>(
        &mut self,
        claim: i64,
        kind: Kind,
        subject: Option<i64>,
        who: &'e str,
        at: &'e str,
    ) -> Result<(Entry<'e>, String)> {
        let (seq, previous) = match self.tip.take() {
            Some((chain, seq, previous)) if chain == claim => (seq, previous),
            _ => self.chain_tip(claim)?,
        };
        Ok((
            Entry {
                chain: claim,
                seq,
                kind,
                subject,
                who,
                at,
                data: None,
            },
            previous,
        ))
    }

    /// Appends `entry` (from [`Rules::claim_entry`]) with its data; it waits for the
    /// next checkpoint. Returns its hash.
    pub(super) fn append_claim_entry(
        &mut self,
        entry: Entry<'_>,
        previous: &str,
        content: &Json,
    ) -> Result<String> {
        let hash = entry.hash(previous, content);
        self.store_entry(None, &entry, &hash)?;
        Ok(hash)
    }

    /// Writes a claim entry, queued for the next checkpoint, together with `row` (an
    /// INSERT of the row it vouches for, its parameters numbered from ?1): in one
    /// statement where the backend allows it.
    fn store_entry(
        &mut self,
        row: Option<(&str, &[Value<'_>])>,
        entry: &Entry<'_>,
        hash: &str,
    ) -> Result<()> {
        self.store_entries(&[StoredEntry { row, entry, hash }])
    }

    /// Writes claim entries in order, each with the row it vouches for, as
    /// [`Rules::store_entry`] does: all in one statement where the backend allows it, so
    /// that a claim's creation and its first status cost one round trip to a server.
    pub(super) fn store_entries(&mut self, entries: &[StoredEntry<'_, '_>]) -> Result<()> {
        // The entry's INSERT with its parameters numbered from ?{from}.
        let insert_entry = |from: usize| {
            let n: Vec<String> = (from..from + 8).map(|i| format!("?{i}")).collect();
            format!(
                "INSERT INTO record (chain, seq, kind, subject, who, at, data, hash)
                 VALUES ({})",
                n.join(", ")
            )
        };
        fn entry_params<'a>(e: &StoredEntry<'a, '_>) -> [Value<'a>; 8] {
            [
                e.entry.chain.into(),
                e.entry.seq.into(),
                e.entry.kind.as_str().into(),
                e.entry.subject.into(),
                e.entry.who.into(),
                e.entry.at.into(),
                e.entry.data.into(),
                Value::Text(e.hash),
            ]
        }
        if P::DIALECT.write_together {
            let mut params: Vec<Value<'_>> = Vec::new();
            let mut parts: Vec<String> = Vec::new();
            let mut sealed: Vec<String> = Vec::new();
            for (i, e) in entries.iter().enumerate() {
                if let Some((sql, row_params)) = e.row {
                    parts.push(format!(
                        "written{i} AS ({})",
                        renumber_placeholders(sql, params.len())
                    ));
                    params.extend_from_slice(row_params);
                }
                parts.push(format!(
                    "entry{i} AS ({} RETURNING chain, seq)",
                    insert_entry(params.len() + 1)
                ));
                params.extend(entry_params(e));
                sealed.push(format!("SELECT chain, seq FROM entry{i}"));
            }
            let sql = format!(
                "WITH {}
                 INSERT INTO seal (claim_id, seq) {}",
                parts.join(", "),
                sealed.join(" UNION ALL ")
            );
            self.db
                .execute(&sql, &params)
                .context("cannot add the entry to the record")?;
        } else {
            for e in entries {
                if let Some((sql, row_params)) = e.row {
                    self.db.execute(sql, row_params)?;
                }
                self.db
                    .execute(&insert_entry(1), &entry_params(e))
                    .context("cannot add the entry to the record")?;
                self.db
                    .execute(
                        "INSERT INTO seal (claim_id, seq) VALUES (?1, ?2)",
                        &[e.entry.chain.into(), e.entry.seq.into()],
                    )
                    .context("cannot queue the entry for the next checkpoint")?;
            }
        }
        if let Some(last) = entries.last() {
            self.tip = Some((last.entry.chain, last.entry.seq + 1, last.hash.to_string()));
        }
        Ok(())
    }

    /// Locks claim `claim`'s row, so that its chain is this transaction's to extend;
    /// refused when there is no such claim.
    pub(super) fn hold_claim(&mut self, claim: i64) -> Result<Status> {
        let sql = format!(
            "SELECT status FROM claim WHERE id = ?1{}",
            P::DIALECT.lock_row
        );
        let status: Option<String> = self.row(&sql, &[claim.into()], |r| r.get(0))?;
        let status = status.ok_or_else(|| {
            StoreError::with_kind(ErrorKind::NotFound, format!("no claim {claim}"))
        })?;
        Status::parse(&status).with_context(|| format!("claim {claim} has the status '{status}'"))
    }

    /// Appends an entry to the ledger's chain, waiting for its lock. Returns its hash.
    pub(super) fn append_ledger_entry(
        &mut self,
        kind: Kind,
        subject: Option<i64>,
        who: &str,
        at: &str,
        data: &Json,
    ) -> Result<String> {
        self.db.lock_chain(Chain::Ledger)?;
        let (seq, previous) = self.chain_tip(LEDGER_CHAIN)?;
        let data = data.to_string();
        let entry = Entry {
            chain: LEDGER_CHAIN,
            seq,
            kind,
            subject,
            who,
            at,
            data: Some(&data),
        };
        let hash = entry.hash(&previous, &Json::Null);
        self.insert_entry(&entry, &hash)?;
        Ok(hash)
    }

    /// Seals the claim entries that wait for a checkpoint, when the ledger's chain is
    /// free: never waits, so that writers on different claims never queue here. What
    /// another writer holds up is sealed by the next write. A checkpoint is crosscheck's
    /// own act, dated by the newest entry it seals, so that the same writes give the
    /// same head.
    pub(super) fn seal_pending(&mut self) -> Result<()> {
        if !self.db.try_lock_chain(Chain::Ledger)? {
            return Ok(());
        }
        while let Some(batch) = self.seal_batch()? {
            let sealed = batch.entries.len() as i64;
            let at = batch
                .entries
                .iter()
                .filter_map(|(_, at)| at.clone())
                .max()
                .context("the sealed entries have no time")?;
            let content = Json::Array(batch.entries.into_iter().map(|(item, _)| item).collect());
            let data = json!({ "sealed": sealed }).to_string();
            let entry = Entry {
                chain: LEDGER_CHAIN,
                seq: batch.seq,
                kind: Kind::Checkpoint,
                subject: None,
                who: CROSSCHECK,
                at: &at,
                data: Some(&data),
            };
            let hash = entry.hash(&batch.previous, &content);
            self.insert_entry(&entry, &hash)?;
            if sealed < SEAL_BATCH {
                break;
            }
        }
        Ok(())
    }

    /// Seals the next batch of waiting claim entries for the checkpoint that comes next
    /// on the ledger's chain, and returns it; `None` when nothing waits. Where one
    /// statement may write and read several tables (PostgreSQL), where the chain stands,
    /// the entries sealed and their hashes come back in one round trip.
    fn seal_batch(&mut self) -> Result<Option<SealedBatch>> {
        let item = |r: &dyn Row, at: usize| -> Result<(Json, Option<String>)> {
            Ok((
                json!([
                    r.get::<i64>(at)?,
                    r.get::<i64>(at + 1)?,
                    r.get::<Option<String>>(at + 2)?
                ]),
                r.get::<Option<String>>(at + 3)?,
            ))
        };
        if P::DIALECT.write_together {
            let rows = self
                .rows(
                    "WITH tip AS (SELECT seq, hash FROM record WHERE chain = 0 ORDER BY seq DESC LIMIT 1),
                          sealed AS (
                              UPDATE seal SET checkpoint = coalesce((SELECT seq FROM tip), 0) + 1
                              WHERE checkpoint IS NULL AND (claim_id, seq) IN (
                                  SELECT claim_id, seq FROM seal WHERE checkpoint IS NULL
                                  ORDER BY claim_id, seq LIMIT ?1)
                              RETURNING claim_id, seq, checkpoint)
                     SELECT s.checkpoint, (SELECT hash FROM tip), s.claim_id, s.seq, r.hash, r.at
                     FROM sealed s LEFT JOIN record r ON r.chain = s.claim_id AND r.seq = s.seq
                     ORDER BY s.claim_id, s.seq",
                    &[SEAL_BATCH.into()],
                    |r| Ok((r.get::<i64>(0)?, r.get::<Option<String>>(1)?, item(r, 2)?)),
                )
                .context("cannot seal the new entries")?;
            let Some((seq, previous, _)) = rows.first().cloned() else {
                return Ok(None);
            };
            return Ok(Some(SealedBatch {
                seq,
                previous: previous.unwrap_or_else(|| GENESIS.to_string()),
                entries: rows.into_iter().map(|(_, _, entry)| entry).collect(),
            }));
        }
        let (seq, previous) = self.chain_tip(LEDGER_CHAIN)?;
        let sealed = self
            .db
            .execute(
                "UPDATE seal SET checkpoint = ?1
                 WHERE checkpoint IS NULL AND (claim_id, seq) IN (
                     SELECT claim_id, seq FROM seal WHERE checkpoint IS NULL
                     ORDER BY claim_id, seq LIMIT ?2)",
                &[seq.into(), SEAL_BATCH.into()],
            )
            .context("cannot seal the new entries")?;
        if sealed == 0 {
            return Ok(None);
        }
        let entries = self.rows(
            "SELECT s.claim_id, s.seq, r.hash, r.at FROM seal s
             LEFT JOIN record r ON r.chain = s.claim_id AND r.seq = s.seq
             WHERE s.checkpoint = ?1 ORDER BY s.claim_id, s.seq",
            &[seq.into()],
            |r| item(r, 0),
        )?;
        Ok(Some(SealedBatch {
            seq,
            previous,
            entries,
        }))
    }

    /// Records a claim's first entry: its content and figures, who it is credited to,
    /// and, for a corrected version, which version it supersedes.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn record_claim(
        &mut self,
        kind: Kind,
        claim_id: i64,
        fields: &ClaimFields<'_>,
        credit: Credit,
        supersedes: Option<i64>,
        who: &str,
        at: &str,
    ) -> Result<String> {
        let (content, data) = claim_entry_data(fields, credit, supersedes);
        let (mut entry, previous) = self.claim_entry(claim_id, kind, Some(claim_id), who, at)?;
        entry.data = Some(&data);
        self.append_claim_entry(entry, &previous, &content)
    }

    /// Records a new claim's first two entries, its creation and its first status
    /// (`unverified`, status change `change_id`, noted "recorded"), together: one
    /// statement where the backend allows it. The claim is new in this transaction, so
    /// its chain starts here and nothing is read.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn record_new_claim(
        &mut self,
        claim_id: i64,
        change_id: i64,
        fields: &ClaimFields<'_>,
        credit: Credit,
        supersedes: Option<i64>,
        who: &str,
        at: &str,
    ) -> Result<()> {
        let (content, data) = claim_entry_data(fields, credit, supersedes);
        let entry = Entry {
            chain: claim_id,
            seq: 1,
            kind: Kind::Claim,
            subject: Some(claim_id),
            who,
            at,
            data: Some(&data),
        };
        let hash = entry.hash(GENESIS, &content);
        self.tip = Some((claim_id, 2, hash.clone()));
        let created = StoredEntry {
            row: None,
            entry: &entry,
            hash: &hash,
        };
        self.store_status(
            Some(created),
            claim_id,
            change_id,
            None,
            Status::Unverified,
            who,
            at,
            Some("recorded"),
            false,
        )
        .context("cannot record the claim's entry and history")
    }

    /// Writes a status change of version 2 and its entry; the claim must be held.
    /// Returns the row's id.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn write_status(
        &mut self,
        claim_id: i64,
        from: Option<Status>,
        to: Status,
        who: &str,
        at: &str,
        note: Option<&str>,
        internal: bool,
    ) -> Result<i64> {
        let id = self.next_id(P::DIALECT.next_change_id)?;
        self.store_status(None, claim_id, id, from, to, who, at, note, internal)
            .context("cannot record the status change")?;
        // Whether its figures are in play, and whether judged wrong, may have changed.
        self.summary_touch_claim(claim_id)?;
        Ok(id)
    }

    /// Writes status change `id` and its entry, after `before` (an entry of the same
    /// claim, stored in the same statement where the backend allows it).
    #[allow(clippy::too_many_arguments)]
    fn store_status(
        &mut self,
        before: Option<StoredEntry<'_, '_>>,
        claim_id: i64,
        id: i64,
        from: Option<Status>,
        to: Status,
        who: &str,
        at: &str,
        note: Option<&str>,
        internal: bool,
    ) -> Result<()> {
        let content = status_content(id, from, to, who, at, text_field(note), internal);
        let data = with_fingerprint(None, &content);
        let (mut entry, previous) = self.claim_entry(claim_id, Kind::Status, Some(id), who, at)?;
        entry.data = Some(&data);
        let hash = entry.hash(&previous, &content);
        let params = [
            id.into(),
            claim_id.into(),
            from.map(Status::as_str).into(),
            to.as_str().into(),
            who.into(),
            at.into(),
            note.into(),
            Value::Text(&hash),
            i64::from(internal).into(),
        ];
        let status = StoredEntry {
            row: Some((
                "INSERT INTO status_change (id, claim_id, from_status, to_status, who, at, note, hash, version, internal)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 2, ?9)",
                &params,
            )),
            entry: &entry,
            hash: &hash,
        };
        match before {
            Some(before) => self.store_entries(&[before, status]),
            None => self.store_entries(&[status]),
        }
    }

    /// Writes a piece of evidence of version 2 and its entry; the claim must be held.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn write_evidence(
        &mut self,
        claim_id: i64,
        status_change_id: Option<i64>,
        url: &str,
        stance: Stance,
        note: Option<&str>,
        who: &str,
        at: &str,
        internal: bool,
    ) -> Result<i64> {
        let id = self.next_id(P::DIALECT.next_evidence_id)?;
        let content = evidence_content(
            id,
            status_change_id,
            text_field(Some(url)),
            stance.as_str(),
            text_field(note),
            who,
            at,
            internal,
        );
        let data = with_fingerprint(None, &content);
        let (mut entry, previous) =
            self.claim_entry(claim_id, Kind::Evidence, Some(id), who, at)?;
        entry.data = Some(&data);
        let hash = entry.hash(&previous, &content);
        self.store_entry(
            Some((
                "INSERT INTO evidence (id, claim_id, status_change_id, url, stance, note, who, at, hash, version, internal)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 2, ?10)",
                &[
                    id.into(),
                    claim_id.into(),
                    status_change_id.into(),
                    url.into(),
                    stance.as_str().into(),
                    note.into(),
                    who.into(),
                    at.into(),
                    Value::Text(&hash),
                    i64::from(internal).into(),
                ],
            )),
            &entry,
            &hash,
        )
        .context("cannot record the evidence")?;
        Ok(id)
    }

    /// Re-credits a claim: its origin and relay from now on, and why. The claim must be
    /// held.
    pub(super) fn write_credit(
        &mut self,
        claim_id: i64,
        credit: Credit,
        why: &str,
        who: &str,
        at: &str,
    ) -> Result<()> {
        let data = credit.data(Some(why));
        let (mut entry, previous) = self.claim_entry(claim_id, Kind::Credit, None, who, at)?;
        entry.data = Some(&data);
        self.append_claim_entry(entry, &previous, &Json::Null)?;
        Ok(())
    }

    /// Writes an assignment of a claim (to `assignee`, or to nobody) and its entry; the
    /// claim must be held. Returns the row's id.
    pub(super) fn write_assignment(
        &mut self,
        claim_id: i64,
        assignee: Option<&str>,
        who: &str,
        at: &str,
    ) -> Result<i64> {
        let id: i64 = self
            .row(
                "INSERT INTO assignment (claim_id, assignee, who, at) VALUES (?1, ?2, ?3, ?4) RETURNING id",
                &[claim_id.into(), assignee.into(), who.into(), at.into()],
                |r| r.get(0),
            )?
            .context("the database gave no id for the assignment")?;
        let content = assignment_content(id, assignee, who, at);
        let data = with_fingerprint(None, &content);
        let (mut entry, previous) =
            self.claim_entry(claim_id, Kind::Assignment, Some(id), who, at)?;
        entry.data = Some(&data);
        self.append_claim_entry(entry, &previous, &content)?;
        Ok(id)
    }

    /// Writes a review of the verdict set by status change `verdict` and its entry; the
    /// claim must be held. The schema refuses a reviewer who set the verdict. Returns the
    /// row's id.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn write_review(
        &mut self,
        claim_id: i64,
        verdict: i64,
        decision: &str,
        note: Option<&str>,
        who: &str,
        at: &str,
    ) -> Result<i64> {
        let id: i64 = self
            .row(
                "INSERT INTO review (claim_id, status_change_id, decision, note, who, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
                &[
                    claim_id.into(),
                    verdict.into(),
                    decision.into(),
                    note.into(),
                    who.into(),
                    at.into(),
                ],
                |r| r.get(0),
            )?
            .context("the database gave no id for the review")?;
        let content = review_content(id, verdict, decision, text_field(note), who, at);
        let data = with_fingerprint(None, &content);
        let (mut entry, previous) = self.claim_entry(claim_id, Kind::Review, Some(id), who, at)?;
        entry.data = Some(&data);
        self.append_claim_entry(entry, &previous, &content)?;
        Ok(id)
    }

    /// Writes a ledger setting and its entry in the ledger's chain. Returns the row's id.
    pub(super) fn write_setting(
        &mut self,
        name: &str,
        value: &str,
        who: &str,
        at: &str,
    ) -> Result<i64> {
        let id: i64 = self
            .row(
                "INSERT INTO setting (name, value, who, at) VALUES (?1, ?2, ?3, ?4) RETURNING id",
                &[name.into(), value.into(), who.into(), at.into()],
                |r| r.get(0),
            )?
            .context("the database gave no id for the setting")?;
        self.append_ledger_entry(
            Kind::Setting,
            Some(id),
            who,
            at,
            &setting_data(name, value, who, at),
        )?;
        Ok(id)
    }

    pub(super) fn next_id(&mut self, sql: &str) -> Result<i64> {
        self.row(sql, &[], |r| r.get(0))?
            .context("the database gave no id for the new row")
    }

    /// After a migration from a version before the record's: vouches, in the ledger's
    /// chain, for the version-1 chains' heads and for every source, alias, article and
    /// incident as found, and, in each claim's chain, for the claim as found; then seals
    /// them. `from` says what was brought forward (a schema version, an export format).
    pub(super) fn adopt(&mut self, from: &Json, who: &str, at: &str) -> Result<()> {
        let head = |rules: &mut Self, chain: Chain| -> Result<Json> {
            let last = rules.row(chain.head_sql(), &[], |r| {
                Ok((r.get::<i64>(0)?, r.get::<String>(1)?))
            })?;
            let rows = rules
                .row(
                    match chain {
                        Chain::Changes => "SELECT count(*) FROM status_change WHERE version = 1",
                        _ => "SELECT count(*) FROM evidence WHERE version = 1",
                    },
                    &[],
                    |r| r.get::<i64>(0),
                )?
                .unwrap_or(0);
            Ok(json!({"rows": rows, "head": last.map(|l| l.1)}))
        };
        let changes = head(self, Chain::Changes)?;
        let evidence = head(self, Chain::Evidence)?;
        self.append_ledger_entry(
            Kind::Migration,
            None,
            who,
            at,
            &json!({"from": from, "status_change": changes, "evidence": evidence}),
        )?;
        let sources = self.rows(
            "SELECT id, name, kind, grade, notes, created_at FROM source ORDER BY id",
            &[],
            |r| {
                Ok((
                    r.get::<i64>(0)?,
                    source_data(
                        &r.get::<String>(1)?,
                        &r.get::<String>(2)?,
                        r.get::<Option<String>>(3)?.as_deref(),
                        r.get::<Option<String>>(4)?.as_deref(),
                        &r.get::<String>(5)?,
                    ),
                ))
            },
        )?;
        for (id, data) in sources {
            self.append_ledger_entry(Kind::Source, Some(id), who, at, &data)?;
        }
        let aliases = self.rows(
            "SELECT source_id, alias FROM source_alias ORDER BY source_id, alias_key",
            &[],
            |r| Ok((r.get::<i64>(0)?, r.get::<String>(1)?)),
        )?;
        for (id, alias) in aliases {
            self.append_ledger_entry(Kind::Alias, Some(id), who, at, &json!({"alias": alias}))?;
        }
        let articles = self.rows(
            "SELECT id, slug, title, outlet, url, lang, published_at, body_sha256, created_at
             FROM article ORDER BY id",
            &[],
            |r| {
                Ok((
                    r.get::<i64>(0)?,
                    json!({
                        "slug": r.get::<String>(1)?,
                        "title": r.get::<String>(2)?,
                        "outlet": r.get::<Option<String>>(3)?,
                        "url": r.get::<Option<String>>(4)?,
                        "lang": r.get::<Option<String>>(5)?,
                        "published_at": r.get::<Option<String>>(6)?,
                        "body_sha256": r.get::<Option<String>>(7)?,
                        "created_at": r.get::<String>(8)?,
                    }),
                ))
            },
        )?;
        for (id, data) in articles {
            self.append_ledger_entry(Kind::Article, Some(id), who, at, &data)?;
        }
        let incidents = self.rows(
            "SELECT id, slug, title, date, place, created_at FROM incident ORDER BY id",
            &[],
            |r| {
                Ok((
                    r.get::<i64>(0)?,
                    json!({
                        "slug": r.get::<String>(1)?,
                        "title": r.get::<String>(2)?,
                        "date": r.get::<Option<String>>(3)?,
                        "place": r.get::<Option<String>>(4)?,
                        "created_at": r.get::<String>(5)?,
                    }),
                ))
            },
        )?;
        for (id, data) in incidents {
            self.append_ledger_entry(Kind::Incident, Some(id), who, at, &data)?;
        }
        // Claims one at a time, with their figures: memory stays flat.
        let mut after = 0_i64;
        loop {
            let batch = self.claims_to_adopt(after)?;
            let Some(last) = batch.last().map(|c| c.0) else {
                break;
            };
            for (id, claim) in batch {
                let credit = Credit {
                    source: claim.source_id,
                    via: claim.via_id,
                };
                // Nothing is recorded of the claim yet: its chain starts here.
                self.tip = Some((id, 1, GENESIS.to_string()));
                self.record_claim(Kind::Adopt, id, &claim.fields(), credit, None, who, at)?;
            }
            after = last;
            self.seal_pending()?;
        }
        self.seal_pending()
    }

    /// The next claims after `after` (in id order) with their figures, for adoption.
    fn claims_to_adopt(&mut self, after: i64) -> Result<Vec<(i64, NewClaim)>> {
        let mut claims = self.rows(
            "SELECT id, article_id, incident_id, source_id, via_id, text, quote, quote_start,
                    quote_end, translation, as_of, created_at, created_by
             FROM claim WHERE id > ?1 ORDER BY id LIMIT 1000",
            &[after.into()],
            |r| {
                let start: Option<i64> = r.get(7)?;
                let end: Option<i64> = r.get(8)?;
                Ok((
                    r.get::<i64>(0)?,
                    NewClaim {
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
                        figures: Vec::new(),
                        claim_key: None,
                        supersedes: None,
                    },
                ))
            },
        )?;
        if let (Some(first), Some(last)) = (claims.first().map(|c| c.0), claims.last().map(|c| c.0))
        {
            let sql = format!(
                "SELECT claim_id, {} FROM figure WHERE claim_id BETWEEN ?1 AND ?2 ORDER BY claim_id, id",
                super::FIGURE_COLUMNS
            );
            let figures = self.rows(&sql, &[first.into(), last.into()], |r| {
                Ok((r.get::<i64>(0)?, super::figure_from_row(r, 1)?))
            })?;
            let mut at = 0;
            for (claim_id, figure) in figures {
                while claims[at].0 != claim_id {
                    at += 1;
                }
                claims[at].1.figures.push(figure);
            }
        }
        Ok(claims)
    }
}

/// Claim entries just sealed for the checkpoint at `seq` of the ledger's chain, which
/// links to `previous`: each as `[claim, seq, hash]` with its time.
struct SealedBatch {
    seq: i64,
    previous: String,
    entries: Vec<(Json, Option<String>)>,
}

/// A source's entry data: every field as recorded.
pub fn source_data(
    name: &str,
    kind: &str,
    grade: Option<&str>,
    notes: Option<&str>,
    created_at: &str,
) -> Json {
    json!({"name": name, "kind": kind, "grade": grade, "notes": notes, "created_at": created_at})
}

/// Where a correction or an erasure lands: the table, the column, the claim it belongs
/// to, the text there now, and the version-1 hash that covered it (if any).
struct Target {
    claim_id: i64,
    current: Option<String>,
    pinned: Option<String>,
}

impl<P: Primitives> Rules<P> {
    /// The row `id` of `table` that a correction or an erasure is about.
    fn target(&mut self, table: &str, id: i64, field: &str) -> Result<Target> {
        let sql = match table {
            "claim" => format!(
                "SELECT c.id, c.{field}, (SELECT hash FROM status_change WHERE claim_id = c.id AND from_status IS NULL AND version = 1)
                 FROM claim c WHERE c.id = ?1"
            ),
            "status_change" | "evidence" => format!(
                "SELECT claim_id, {field}, CASE WHEN version = 1 THEN hash END FROM {table} WHERE id = ?1"
            ),
            "correction" => format!("SELECT claim_id, {field}, NULL FROM correction WHERE id = ?1"),
            other => anyhow::bail!("no table {other} holds texts to correct or erase"),
        };
        let found = self.row(&sql, &[id.into()], |r| {
            Ok(Target {
                claim_id: r.get(0)?,
                current: r.get(1)?,
                pinned: r.get(2)?,
            })
        })?;
        found.ok_or_else(|| {
            let what = match table {
                "status_change" => "status change",
                other => other,
            };
            StoreError::with_kind(ErrorKind::NotFound, format!("no {what} {id}"))
        })
    }

    /// Records a correction: a new row that supersedes a note, URL or stance of a status
    /// change or a piece of evidence, which stays as it was. Returns its id.
    pub(super) fn write_correction(&mut self, c: &crate::store::NewCorrection) -> Result<i64> {
        let table = c.target.table();
        let target = self.target(table, c.target_id, c.field)?;
        self.hold_claim(target.claim_id)?;
        let id: i64 = self
            .row(
                "INSERT INTO correction (claim_id, target, target_id, field, value, why, who, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
                &[
                    target.claim_id.into(),
                    table.into(),
                    c.target_id.into(),
                    c.field.into(),
                    c.value.as_str().into(),
                    c.why.as_str().into(),
                    c.who.as_str().into(),
                    c.at.as_str().into(),
                ],
                |r| r.get(0),
            )?
            .context("the database gave no id for the correction")?;
        let value = if c.field == "stance" {
            Json::String(c.value.clone())
        } else {
            text_field(Some(&c.value))
        };
        let content = correction_content(
            id,
            table,
            c.target_id,
            c.field,
            value,
            text_field(Some(&c.why)),
            &c.who,
            &c.at,
        );
        let data = with_fingerprint(None, &content);
        let (mut entry, previous) =
            self.claim_entry(target.claim_id, Kind::Correction, Some(id), &c.who, &c.at)?;
        entry.data = Some(&data);
        self.append_claim_entry(entry, &previous, &content)?;
        Ok(id)
    }

    /// Erases a text where it is stored: the marker takes its place, the erasure keeps
    /// its digest (and the version-1 hash it was part of), so every chain still verifies.
    pub(super) fn write_erasure(
        &mut self,
        e: &crate::store::NewErasure,
    ) -> Result<crate::store::Erased> {
        use crate::model::record::{erased_marker, ERASABLE};
        if !ERASABLE.contains(&(e.table, e.field)) {
            return Err(StoreError::refused(format!(
                "the {} of a {} cannot be erased: only free text that may name a person can (figures, statuses, who acted and when stay)",
                e.field, e.table
            )));
        }
        let target = self.target(e.table, e.row_id, e.field)?;
        // A corrected stance is a word of a fixed list, hashed as itself: it names no
        // one, and readers must be able to read it back.
        if e.table == "correction" && e.field == "value" {
            let field: Option<String> = self.row(
                "SELECT field FROM correction WHERE id = ?1",
                &[e.row_id.into()],
                |r| r.get(0),
            )?;
            if field.as_deref() == Some("stance") {
                return Err(StoreError::refused(format!(
                    "correction {} sets a stance, which names no one and cannot be erased",
                    e.row_id
                )));
            }
        }
        self.hold_claim(target.claim_id)?;
        let marker = erased_marker(&e.at, &e.reason);
        let Some(current) = target.current else {
            return Err(StoreError::refused(format!(
                "{} has no {} to erase",
                RowRef::name(e.table, e.row_id),
                e.field
            )));
        };
        let already: Option<String> = self.row(
            "SELECT marker FROM erasure WHERE tbl = ?1 AND row_id = ?2 AND field = ?3 ORDER BY id DESC LIMIT 1",
            &[e.table.into(), e.row_id.into(), e.field.into()],
            |r| r.get(0),
        )?;
        if already.as_deref() == Some(current.as_str()) {
            return Err(StoreError::refused(format!(
                "the {} of {} is already erased",
                e.field,
                RowRef::name(e.table, e.row_id)
            )));
        }
        // The marker is shown wherever the text was: a reason that repeats the text
        // would erase nothing. (A text of a few letters is found inside any word.)
        let erased = current.trim().to_lowercase();
        if erased.chars().count() >= 4 && e.reason.to_lowercase().contains(&erased) {
            return Err(StoreError::refused(format!(
                "the reason repeats the {} it erases; say why without it (it is shown in the text's place)",
                e.field
            )));
        }
        let digest = text_digest(&current);
        let id: i64 = self
            .row(
                "INSERT INTO erasure (claim_id, tbl, row_id, field, digest, marker, reason, pinned, who, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
                &[
                    target.claim_id.into(),
                    e.table.into(),
                    e.row_id.into(),
                    e.field.into(),
                    digest.as_str().into(),
                    marker.as_str().into(),
                    e.reason.as_str().into(),
                    target.pinned.as_deref().into(),
                    e.who.as_str().into(),
                    e.at.as_str().into(),
                ],
                |r| r.get(0),
            )?
            .context("the database gave no id for the erasure")?;
        // The table and column come from ERASABLE, never from the user.
        self.db
            .execute(
                &format!("UPDATE {} SET {} = ?1 WHERE id = ?2", e.table, e.field),
                &[marker.as_str().into(), e.row_id.into()],
            )
            .context("cannot put the erasure's marker in place")?;
        let content = erasure_content(
            id,
            e.table,
            e.row_id,
            e.field,
            &digest,
            &marker,
            &e.reason,
            target.pinned.as_deref(),
        );
        let data = with_fingerprint(None, &content);
        let (mut entry, previous) =
            self.claim_entry(target.claim_id, Kind::Erasure, Some(id), &e.who, &e.at)?;
        entry.data = Some(&data);
        self.append_claim_entry(entry, &previous, &content)?;
        Ok(crate::store::Erased {
            id,
            claim_id: target.claim_id,
            marker,
        })
    }
}
