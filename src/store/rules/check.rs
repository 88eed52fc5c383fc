//! `verify`'s walk over the record (version 2): every chain recomputed entry by entry,
//! every checkpoint against the entries it sealed, and every field that a report, a
//! comparison, `claim show` or an export publishes compared with the entry that vouches
//! for it. Each problem names its row and field. Rows are read as streams in id order,
//! so memory stays flat in the number of claims; the ledger's own state (sources,
//! articles, incidents) is kept whole, which is small.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use anyhow::{bail, Result};
use serde_json::{json, Value as Json};

use super::record::{
    assignment_content, correction_content, erasure_content, evidence_content, fingerprint,
    review_content, setting_data, status_content, ASSIGNMENT_FIELDS, CLAIM_FIELDS,
    CORRECTION_FIELDS, ERASURE_FIELDS, EVIDENCE_FIELDS, REVIEW_FIELDS, STATUS_FIELDS,
};
use super::{figure_from_row, Lookahead, Rules};
use crate::model::chain::GENESIS;
use crate::model::record::{
    text_digest, text_field, ClaimFields, Credit, Entry, Kind, LEDGER_CHAIN,
};
use crate::model::{body_sha256, Figure, Status, Tolerance};
use crate::store::primitives::{Primitives, Row};
use crate::store::{ErasurePin, RecordCheck};

/// One chain as the walk goes along it: the next position and the previous stored hash
/// (so that a problem is pinned to its entry, not to every entry after it).
struct Walk {
    seq: i64,
    previous: String,
}

impl Walk {
    fn new() -> Walk {
        Walk {
            seq: 1,
            previous: GENESIS.to_string(),
        }
    }

    /// Checks the entry at `seq` with stored hash `stored` over `content`; returns
    /// whether its hash holds.
    fn step(
        &mut self,
        entry: &Entry<'_>,
        content: &Json,
        stored: &str,
        name: &str,
        problems: &mut Vec<String>,
    ) -> bool {
        if entry.seq != self.seq {
            problems.push(if entry.seq > self.seq {
                format!(
                    "{name}: entries {} to {} are missing (deleted)",
                    self.seq,
                    entry.seq - 1
                )
            } else {
                format!("{name}: entry {} comes twice or out of order", entry.seq)
            });
        }
        let holds = entry.hash(&self.previous, content) == stored;
        self.seq = entry.seq + 1;
        self.previous = stored.to_string();
        holds
    }
}

/// A field's text as the record hashes it: the digest of what is stored, or, once
/// erased, the digest its erasure kept (and then the stored text must be the marker).
struct Erased {
    by_field: HashMap<(String, i64, String), (String, String)>,
}

impl Erased {
    fn digest(
        &self,
        table: &str,
        row: i64,
        field: &str,
        stored: Option<&str>,
        problems: &mut Vec<String>,
    ) -> Json {
        match self
            .by_field
            .get(&(table.to_string(), row, field.to_string()))
        {
            Some((digest, marker)) => {
                if stored != Some(marker.as_str()) {
                    problems.push(format!(
                        "{table} {row}: its {field} was erased, yet holds something other than the erasure's marker: it was changed outside crosscheck"
                    ));
                }
                Json::String(digest.clone())
            }
            None => match stored {
                Some(text) => Json::String(text_digest(text)),
                None => Json::Null,
            },
        }
    }
}

/// The fields whose fingerprints differ, by name; all of them when the entry holds none.
/// A field that is there on one side only (a claim's key, which a first version's
/// content leaves out) differs too.
fn changed_fields(data: Option<&str>, content: &Json, names: &[&str]) -> String {
    let kept = data
        .and_then(|d| serde_json::from_str::<Json>(d).ok())
        .and_then(|d| d.get("fields").and_then(Json::as_str).map(str::to_string));
    let now = fingerprint(content);
    let differing: Vec<&str> = match kept {
        Some(kept) => {
            let (kept, now): (Vec<&str>, Vec<&str>) =
                (kept.split(' ').collect(), now.split(' ').collect());
            // A field that only one side has (a flag added or taken away) differs too.
            names
                .iter()
                .enumerate()
                .filter(|(i, _)| kept.get(*i) != now.get(*i))
                .map(|(_, n)| *n)
                .collect()
        }
        None => Vec::new(),
    };
    if differing.is_empty() {
        "the entry itself (its data, who or when)".to_string()
    } else {
        differing.join(", ")
    }
}

/// What the ledger's chain says of one row: the data of its creation entry, then of each
/// edit, as stored (kept as text, so that 50,000 articles cost a few MB), folded into
/// field values only when the row is compared.
#[derive(Default)]
struct Recorded(Vec<String>);

impl Recorded {
    fn fields(&self) -> serde_json::Map<String, Json> {
        let mut fields = serde_json::Map::new();
        for data in &self.0 {
            if let Ok(Json::Object(map)) = serde_json::from_str::<Json>(data) {
                fields.extend(map);
            }
        }
        fields
    }
}

/// A source as the ledger's chain says it should be.
#[derive(Default)]
struct SourceState {
    fields: Recorded,
    aliases: BTreeSet<String>,
}

impl<P: Primitives> Rules<P> {
    /// Every erasure that was made, with the digest it kept, for the walk and for the
    /// version-1 chains (whose rows an erasure may have pinned).
    fn erasures(&mut self) -> Result<(Erased, Vec<ErasurePin>)> {
        let rows = self.rows(
            "SELECT tbl, row_id, field, digest, marker, pinned, claim_id FROM erasure ORDER BY id",
            &[],
            |r| {
                Ok((
                    r.get::<String>(0)?,
                    r.get::<i64>(1)?,
                    r.get::<String>(2)?,
                    r.get::<String>(3)?,
                    r.get::<String>(4)?,
                    r.get::<Option<String>>(5)?,
                    r.get::<i64>(6)?,
                ))
            },
        )?;
        let mut by_field = HashMap::new();
        let mut pins = Vec::new();
        for (table, row, field, digest, marker, pinned, claim_id) in rows {
            if let Some(hash) = pinned {
                pins.push(ErasurePin {
                    table: table.clone(),
                    row_id: row,
                    claim_id,
                    hash,
                });
            }
            by_field.insert((table, row, field), (digest, marker));
        }
        Ok((Erased { by_field }, pins))
    }

    /// The whole walk; see the module's documentation.
    pub(super) fn check_record_walk(&mut self) -> Result<RecordCheck> {
        let mut out = RecordCheck::default();
        let (erased, pins) = self.erasures()?;
        out.pins = pins;
        let mut sources: BTreeMap<i64, SourceState> = BTreeMap::new();
        let mut articles: BTreeMap<i64, Recorded> = BTreeMap::new();
        let mut incidents: BTreeMap<i64, Recorded> = BTreeMap::new();
        let checkpoints =
            self.walk_ledger(&mut out, &mut sources, &mut articles, &mut incidents)?;
        self.compare_ledger(&mut out, &sources, &articles, &incidents)?;
        self.compare_settings(&mut out)?;
        self.db.trace_phase("walk: ledger chain");
        self.walk_claims(&mut out, &erased)?;
        self.db.trace_phase("walk: claim chains");
        // A checkpoint that no longer matches is most often the echo of a claim entry
        // altered, swapped or removed: the claim chains name that entry and its field,
        // so their problems come first and the checkpoint's after them.
        out.problems.extend(checkpoints);
        self.rows_without_entries(&mut out)?;
        self.db.trace_phase("walk: rows without entries");
        // The summary is derived data: recomputed from the figures, it must agree. In
        // a transaction that rebuilt it whole (an import checks its record here before
        // it commits), every row is what the rule just wrote from these very figures:
        // recomputing it would hold the rule up against itself, at two reads per
        // incident; `verify` runs in a transaction of its own and recomputes it all.
        if !self.summary_rebuilt {
            self.check_summary(&mut out.problems)?;
            self.db.trace_phase("walk: summary recomputed");
        }
        Ok(out)
    }

    fn walk_ledger(
        &mut self,
        out: &mut RecordCheck,
        sources: &mut BTreeMap<i64, SourceState>,
        articles: &mut BTreeMap<i64, Recorded>,
        incidents: &mut BTreeMap<i64, Recorded>,
    ) -> Result<Vec<String>> {
        let entries = "SELECT seq, kind, subject, who, at, data, hash FROM record WHERE chain = 0 ORDER BY seq";
        let seals = "SELECT s.checkpoint, s.claim_id, s.seq, r.hash FROM seal s
                     LEFT JOIN record r ON r.chain = s.claim_id AND r.seq = s.seq
                     WHERE s.checkpoint IS NOT NULL ORDER BY s.checkpoint, s.claim_id, s.seq";
        let mut problems = Vec::new();
        let mut checkpoint_problems = Vec::new();
        let mut walk = Walk::new();
        let mut v1 = None;
        self.db.streams(&[entries, seals], &mut |streams| {
            let [entries, seals] = streams else {
                bail!("two streams were asked for");
            };
            let mut seals = Lookahead::new(seals.as_mut(), |r| {
                Ok((
                    r.get::<i64>(0)?,
                    r.get::<i64>(1)?,
                    r.get::<i64>(2)?,
                    r.get::<Option<String>>(3)?,
                ))
            })?;
            while let Some(r) = entries.next_row()? {
                let seq: i64 = r.get(0)?;
                let word: String = r.get(1)?;
                let subject: Option<i64> = r.get(2)?;
                let who: String = r.get(3)?;
                let at: String = r.get(4)?;
                let data: Option<String> = r.get(5)?;
                let stored: String = r.get(6)?;
                let Some(kind) = Kind::parse(&word) else {
                    problems.push(format!("ledger entry {seq} has the unknown kind '{word}'"));
                    continue;
                };
                let entry = Entry {
                    chain: LEDGER_CHAIN,
                    seq,
                    kind,
                    subject,
                    who: &who,
                    at: &at,
                    data: data.as_deref(),
                };
                let mut content = Json::Null;
                if kind == Kind::Checkpoint {
                    let mut sealed = Vec::new();
                    while let Some((_, claim, claim_seq, hash)) =
                        seals.take_if(|s| s.0 <= seq)?
                    {
                        if hash.is_none() {
                            problems.push(format!(
                                "checkpoint {seq} (ledger entry {seq}) sealed entry {claim_seq} of claim {claim}, which is missing (deleted)"
                            ));
                        }
                        sealed.push(json!([claim, claim_seq, hash]));
                    }
                    // The entry's data says how many it sealed: fewer seals left means
                    // entries were taken out with their seals (a claim deleted whole),
                    // which the hash alone would only report as a changed checkpoint.
                    let said = data
                        .as_deref()
                        .and_then(|d| serde_json::from_str::<Json>(d).ok())
                        .and_then(|d| d.get("sealed").and_then(Json::as_u64));
                    let now = sealed.len() as u64;
                    if let Some(said) = said.filter(|&n| n != now) {
                        let how = if now < said {
                            "seals were deleted (a claim deleted whole takes its seals with it) or moved"
                        } else {
                            "seals were moved or slipped in"
                        };
                        problems.push(format!(
                            "checkpoint {seq} (ledger entry {seq}) sealed {said} claim {} but {now} {} it now: {how} outside crosscheck",
                            if said == 1 { "entry" } else { "entries" },
                            if now == 1 { "seal names" } else { "seals name" },
                        ));
                    }
                    content = Json::Array(sealed);
                    out.checkpoints += 1;
                }
                if !walk.step(&entry, &content, &stored, "the ledger's chain", &mut problems) {
                    let problems = if kind == Kind::Checkpoint {
                        &mut checkpoint_problems
                    } else {
                        &mut problems
                    };
                    problems.push(format!(
                        "ledger entry {seq} ({word}{}) does not match its hash: it, or what it sealed, was altered, or it was inserted out of order",
                        subject.map(|s| format!(" of {s}")).unwrap_or_default()
                    ));
                }
                out.ledger_entries += 1;
                let text = data.clone().unwrap_or_default();
                let parsed = || -> Json { serde_json::from_str(&text).unwrap_or(Json::Null) };
                match (kind, subject) {
                    (Kind::Source, Some(id)) => {
                        sources.entry(id).or_default().fields = Recorded(vec![text.clone()]);
                    }
                    (Kind::SourceEdit, Some(id)) => {
                        sources.entry(id).or_default().fields.0.push(text.clone());
                    }
                    (Kind::Alias, Some(id)) => {
                        if let Some(alias) = parsed().get("alias").and_then(Json::as_str) {
                            sources.entry(id).or_default().aliases.insert(alias.to_string());
                        }
                    }
                    (Kind::Merge, Some(into)) => {
                        let from = parsed().get("from").and_then(Json::as_i64);
                        if let Some(merged) = from.and_then(|f| sources.remove(&f)) {
                            let name = merged.fields.fields().get("name").cloned();
                            let target = sources.entry(into).or_default();
                            target.aliases.extend(merged.aliases);
                            if let Some(Json::String(name)) = name {
                                target.aliases.insert(name);
                            }
                        }
                    }
                    (Kind::Article, Some(id)) => {
                        articles.insert(id, Recorded(vec![text.clone()]));
                    }
                    (Kind::ArticleEdit, Some(id)) => {
                        articles.entry(id).or_default().0.push(text.clone());
                    }
                    (Kind::Incident, Some(id)) => {
                        incidents.insert(id, Recorded(vec![text.clone()]));
                    }
                    (Kind::IncidentEdit, Some(id)) => {
                        incidents.entry(id).or_default().0.push(text.clone());
                    }
                    (Kind::Migration, _) => v1 = Some(parsed()),
                    _ => {}
                }
            }
            while let Some((checkpoint, claim, claim_seq, _)) = seals.take_if(|_| true)? {
                problems.push(format!(
                    "claim {claim}'s entry {claim_seq} is sealed by checkpoint {checkpoint}, which the ledger's chain does not hold"
                ));
            }
            Ok(())
        })?;
        out.head = (walk.seq > 1).then(|| walk.previous.clone());
        out.v1 = v1;
        out.problems.extend(problems);
        Ok(checkpoint_problems)
    }

    fn compare_ledger(
        &mut self,
        out: &mut RecordCheck,
        sources: &BTreeMap<i64, SourceState>,
        articles: &BTreeMap<i64, Recorded>,
        incidents: &BTreeMap<i64, Recorded>,
    ) -> Result<()> {
        let mut problems = Vec::new();
        let text = |r: &dyn Row, i: usize| -> Result<Json> {
            Ok(r.get::<Option<String>>(i)?
                .map(Json::String)
                .unwrap_or(Json::Null))
        };
        // Each table read row by row and compared as it comes: memory stays with the
        // record's own (compact) state.
        let mut seen = BTreeSet::new();
        self.db.query(
            "SELECT id, name, kind, grade, notes, created_at FROM source ORDER BY id",
            &[],
            &mut |r| {
                let id: i64 = r.get(0)?;
                seen.insert(id);
                let fields = [
                    ("name", text(r, 1)?),
                    ("kind", text(r, 2)?),
                    ("grade", text(r, 3)?),
                    ("notes", text(r, 4)?),
                    ("created_at", text(r, 5)?),
                ];
                match sources.get(&id) {
                    Some(state) => {
                        compare_fields("source", id, &fields, &state.fields.fields(), &mut problems)
                    }
                    None => problems.push(format!(
                        "source {id} has no entry in the record: it was slipped in outside crosscheck"
                    )),
                }
                Ok(())
            },
        )?;
        for id in sources.keys().filter(|id| !seen.contains(id)) {
            problems.push(format!(
                "source {id} is in the record but missing from the ledger (deleted)"
            ));
        }
        let mut aliases: BTreeMap<i64, BTreeSet<String>> = BTreeMap::new();
        self.db
            .query("SELECT source_id, alias FROM source_alias", &[], &mut |r| {
                aliases.entry(r.get(0)?).or_default().insert(r.get(1)?);
                Ok(())
            })?;
        let empty = BTreeSet::new();
        for (id, state) in sources {
            let now = aliases.get(id).unwrap_or(&empty);
            for alias in now.difference(&state.aliases) {
                problems.push(format!(
                    "source {id}: the alias '{alias}' is not in the record: it was added outside crosscheck"
                ));
            }
            for alias in state.aliases.difference(now) {
                problems.push(format!(
                    "source {id}: the alias '{alias}' is in the record but missing (deleted or moved)"
                ));
            }
        }
        for id in aliases.keys().filter(|id| !sources.contains_key(id)) {
            problems.push(format!(
                "source_alias rows name source {id}, which the record does not hold"
            ));
        }
        let mut seen = BTreeSet::new();
        self.db.query(
            "SELECT id, slug, title, outlet, url, lang, published_at, body, body_sha256, created_at
             FROM article ORDER BY id",
            &[],
            &mut |r| {
                let id: i64 = r.get(0)?;
                seen.insert(id);
                let body: Option<String> = r.get(7)?;
                let sha: Option<String> = r.get(8)?;
                if body.as_deref().map(body_sha256) != sha {
                    problems.push(format!(
                        "article {id}: its body does not match its body_sha256: the text was changed outside crosscheck"
                    ));
                }
                let fields = [
                    ("slug", text(r, 1)?),
                    ("title", text(r, 2)?),
                    ("outlet", text(r, 3)?),
                    ("url", text(r, 4)?),
                    ("lang", text(r, 5)?),
                    ("published_at", text(r, 6)?),
                    ("body_sha256", sha.map(Json::String).unwrap_or(Json::Null)),
                    ("created_at", text(r, 9)?),
                ];
                match articles.get(&id) {
                    Some(state) => {
                        compare_fields("article", id, &fields, &state.fields(), &mut problems)
                    }
                    None => problems.push(format!(
                        "article {id} has no entry in the record: it was slipped in outside crosscheck"
                    )),
                }
                Ok(())
            },
        )?;
        for id in articles.keys().filter(|id| !seen.contains(id)) {
            problems.push(format!(
                "article {id} is in the record but missing from the ledger (deleted)"
            ));
        }
        let mut seen = BTreeSet::new();
        self.db.query(
            "SELECT id, slug, title, date, place, created_at FROM incident ORDER BY id",
            &[],
            &mut |r| {
                let id: i64 = r.get(0)?;
                seen.insert(id);
                let fields = [
                    ("slug", text(r, 1)?),
                    ("title", text(r, 2)?),
                    ("date", text(r, 3)?),
                    ("place", text(r, 4)?),
                    ("created_at", text(r, 5)?),
                ];
                match incidents.get(&id) {
                    Some(state) => {
                        compare_fields("incident", id, &fields, &state.fields(), &mut problems)
                    }
                    None => problems.push(format!(
                        "incident {id} has no entry in the record: it was slipped in outside crosscheck"
                    )),
                }
                Ok(())
            },
        )?;
        for id in incidents.keys().filter(|id| !seen.contains(id)) {
            problems.push(format!(
                "incident {id} is in the record but missing from the ledger (deleted)"
            ));
        }
        out.problems.extend(problems);
        Ok(())
    }

    /// Every ledger setting against the ledger entry that recorded it (the entries' own
    /// hashes are the ledger walk's): a row changed, slipped in or deleted outside
    /// crosscheck is named.
    fn compare_settings(&mut self, out: &mut RecordCheck) -> Result<()> {
        let recorded: BTreeMap<i64, Option<String>> = self
            .rows(
                "SELECT subject, data FROM record WHERE chain = 0 AND kind = 'setting' AND subject IS NOT NULL",
                &[],
                |r| Ok((r.get::<i64>(0)?, r.get::<Option<String>>(1)?)),
            )?
            .into_iter()
            .collect();
        let rows = self.rows(
            "SELECT id, name, value, who, at FROM setting ORDER BY id",
            &[],
            |r| {
                Ok((
                    r.get::<i64>(0)?,
                    setting_data(
                        &r.get::<String>(1)?,
                        &r.get::<String>(2)?,
                        &r.get::<String>(3)?,
                        &r.get::<String>(4)?,
                    ),
                ))
            },
        )?;
        let mut seen = BTreeSet::new();
        for (id, now) in rows {
            seen.insert(id);
            match recorded.get(&id) {
                None => out.problems.push(format!(
                    "setting {id} has no entry in the record: it was slipped in outside crosscheck"
                )),
                Some(data) => {
                    let said: Json = data
                        .as_deref()
                        .and_then(|d| serde_json::from_str(d).ok())
                        .unwrap_or(Json::Null);
                    for field in ["name", "value", "who", "at"] {
                        let (a, b) = (now.get(field), said.get(field));
                        if a != b {
                            out.problems.push(format!(
                                "setting {id}: its {field} is {} but the record says {}: it was changed outside crosscheck",
                                a.unwrap_or(&Json::Null),
                                b.unwrap_or(&Json::Null)
                            ));
                        }
                    }
                }
            }
        }
        for id in recorded.keys().filter(|id| !seen.contains(id)) {
            out.problems.push(format!(
                "setting {id} is in the record but missing from the ledger (deleted)"
            ));
        }
        Ok(())
    }

    fn walk_claims(&mut self, out: &mut RecordCheck, erased: &Erased) -> Result<()> {
        let claims =
            "SELECT id, article_id, incident_id, source_id, via_id, text, quote, quote_start,
                             quote_end, translation, as_of, status, created_at, created_by, claim_key
                      FROM claim ORDER BY id";
        let figures = format!(
            "SELECT claim_id, id, incident_id, origin_id, as_of, low, high, {} FROM figure ORDER BY claim_id, id",
            super::FIGURE_COLUMNS
        );
        let entries = "SELECT r.chain, r.seq, r.kind, r.subject, r.who, r.at, r.data, r.hash,
                              sc.claim_id, sc.from_status, sc.to_status, sc.who, sc.at, sc.note, sc.hash, sc.version,
                              e.claim_id, e.status_change_id, e.url, e.stance, e.note, e.who, e.at, e.hash, e.version,
                              k.claim_id, k.target, k.target_id, k.field, k.value, k.why, k.who, k.at,
                              x.claim_id, x.tbl, x.row_id, x.field, x.digest, x.marker, x.reason, x.pinned,
                              sc.internal, e.internal,
                              a.claim_id, a.assignee, a.who, a.at,
                              v.claim_id, v.status_change_id, v.decision, v.note, v.who, v.at
                       FROM record r
                       LEFT JOIN status_change sc ON r.kind = 'status' AND sc.id = r.subject
                       LEFT JOIN evidence e ON r.kind = 'evidence' AND e.id = r.subject
                       LEFT JOIN correction k ON r.kind = 'correction' AND k.id = r.subject
                       LEFT JOIN erasure x ON r.kind = 'erasure' AND x.id = r.subject
                       LEFT JOIN assignment a ON r.kind = 'assignment' AND a.id = r.subject
                       LEFT JOIN review v ON r.kind = 'review' AND v.id = r.subject
                       WHERE r.chain > 0 ORDER BY r.chain, r.seq";
        let mut problems = Vec::new();
        let mut counts = (0_i64, 0_i64);
        self.db
            .streams(&[claims, &figures, entries], &mut |streams| {
                let [claims, figures, entries] = streams else {
                    bail!("three streams were asked for");
                };
                let mut figures = Lookahead::new(figures.as_mut(), |r| {
                    Ok(FigureRow {
                        claim_id: r.get(0)?,
                        id: r.get(1)?,
                        incident_id: r.get(2)?,
                        origin_id: r.get(3)?,
                        as_of: r.get(4)?,
                        low: r.get(5)?,
                        high: r.get(6)?,
                        figure: figure_from_row(r, 7)?,
                    })
                })?;
                let mut entries = Lookahead::new(entries.as_mut(), |r| EntryRow::read(r))?;
                while let Some(r) = claims.next_row()? {
                    let claim = ClaimRow::read(r)?;
                    counts.0 += 1;
                    while let Some(orphan) = entries.take_if(|e| e.chain < claim.id)? {
                        problems.push(format!(
                            "the record holds entry {} of claim {}, which is missing (deleted)",
                            orphan.seq, orphan.chain
                        ));
                    }
                    let mut own = Vec::new();
                    while let Some(f) = figures.take_if(|f| f.claim_id <= claim.id)? {
                        if f.claim_id == claim.id {
                            own.push(f);
                        } else {
                            problems.push(format!(
                                "figure {} belongs to claim {}, which is missing (deleted)",
                                f.id, f.claim_id
                            ));
                        }
                    }
                    let mut chain = Vec::new();
                    while let Some(e) = entries.take_if(|e| e.chain == claim.id)? {
                        chain.push(e);
                    }
                    counts.1 += chain.len() as i64;
                    check_claim(&claim, &own, &chain, erased, &mut problems);
                }
                while let Some(orphan) = entries.take_if(|_| true)? {
                    problems.push(format!(
                        "the record holds entry {} of claim {}, which is missing (deleted)",
                        orphan.seq, orphan.chain
                    ));
                }
                while let Some(f) = figures.take_if(|_| true)? {
                    problems.push(format!(
                        "figure {} belongs to claim {}, which is missing (deleted)",
                        f.id, f.claim_id
                    ));
                }
                Ok(())
            })?;
        out.claims = counts.0;
        out.claim_entries = counts.1;
        out.problems.extend(problems);
        Ok(())
    }

    fn rows_without_entries(&mut self, out: &mut RecordCheck) -> Result<()> {
        let checks: [(&str, &str); 7] = [
            (
                "SELECT a.id, a.claim_id FROM assignment a WHERE NOT EXISTS
                 (SELECT 1 FROM record r WHERE r.kind = 'assignment' AND r.subject = a.id AND r.chain = a.claim_id)
                 ORDER BY a.id",
                "assignment",
            ),
            (
                "SELECT v.id, v.claim_id FROM review v WHERE NOT EXISTS
                 (SELECT 1 FROM record r WHERE r.kind = 'review' AND r.subject = v.id AND r.chain = v.claim_id)
                 ORDER BY v.id",
                "review",
            ),
            (
                "SELECT sc.id, sc.claim_id FROM status_change sc WHERE sc.version = 2 AND NOT EXISTS
                 (SELECT 1 FROM record r WHERE r.kind = 'status' AND r.subject = sc.id AND r.chain = sc.claim_id)
                 ORDER BY sc.id",
                "status_change row",
            ),
            (
                "SELECT e.id, e.claim_id FROM evidence e WHERE e.version = 2 AND NOT EXISTS
                 (SELECT 1 FROM record r WHERE r.kind = 'evidence' AND r.subject = e.id AND r.chain = e.claim_id)
                 ORDER BY e.id",
                "evidence row",
            ),
            (
                "SELECT k.id, k.claim_id FROM correction k WHERE NOT EXISTS
                 (SELECT 1 FROM record r WHERE r.kind = 'correction' AND r.subject = k.id AND r.chain = k.claim_id)
                 ORDER BY k.id",
                "correction",
            ),
            (
                "SELECT x.id, x.claim_id FROM erasure x WHERE NOT EXISTS
                 (SELECT 1 FROM record r WHERE r.kind = 'erasure' AND r.subject = x.id AND r.chain = x.claim_id)
                 ORDER BY x.id",
                "erasure",
            ),
            (
                "SELECT r.seq, r.chain FROM record r WHERE r.chain > 0 AND NOT EXISTS
                 (SELECT 1 FROM seal s WHERE s.claim_id = r.chain AND s.seq = r.seq)
                 ORDER BY r.chain, r.seq",
                "entry",
            ),
        ];
        for (sql, what) in checks {
            for (id, claim) in self.rows(sql, &[], |r| Ok((r.get::<i64>(0)?, r.get::<i64>(1)?)))? {
                out.problems.push(if what == "entry" {
                    format!("claim {claim}'s entry {id} is neither sealed nor waiting for a checkpoint: it was slipped in outside crosscheck")
                } else {
                    format!("{what} {id} (claim {claim}) has no entry in the record: it was slipped in outside crosscheck")
                });
            }
        }
        out.unsealed = self
            .row(
                "SELECT count(*) FROM seal WHERE checkpoint IS NULL",
                &[],
                |r| r.get(0),
            )?
            .unwrap_or(0);
        Ok(())
    }
}

/// Compares a row's fields with what the record says, one problem per field.
fn compare_fields(
    table: &str,
    id: i64,
    now: &[(&str, Json)],
    recorded: &serde_json::Map<String, Json>,
    problems: &mut Vec<String>,
) {
    for (field, value) in now {
        let expected = recorded.get(*field).unwrap_or(&Json::Null);
        if value != expected {
            problems.push(format!(
                "{table} {id}: its {field} is {value} but the record says {expected}: it was changed outside crosscheck"
            ));
        }
    }
}

/// A claim row as the walk reads it.
struct ClaimRow {
    id: i64,
    article_id: i64,
    incident_id: Option<i64>,
    source_id: i64,
    via_id: Option<i64>,
    text: String,
    quote: Option<String>,
    quote_span: Option<(i64, i64)>,
    translation: Option<String>,
    as_of: String,
    created_at: String,
    created_by: String,
    claim_key: Option<i64>,
}

impl ClaimRow {
    fn read(r: &dyn Row) -> Result<ClaimRow> {
        let start: Option<i64> = r.get(7)?;
        let end: Option<i64> = r.get(8)?;
        Ok(ClaimRow {
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
            created_at: r.get(12)?,
            created_by: r.get(13)?,
            claim_key: r.get(14)?,
        })
    }
}

/// A figure row with the columns that repeat its claim's.
struct FigureRow {
    claim_id: i64,
    id: i64,
    incident_id: Option<i64>,
    origin_id: i64,
    as_of: String,
    low: i64,
    high: Option<i64>,
    figure: Figure,
}

/// An entry of a claim's chain with the row it vouches for.
struct EntryRow {
    chain: i64,
    seq: i64,
    kind: String,
    subject: Option<i64>,
    who: String,
    at: String,
    data: Option<String>,
    hash: String,
    /// The columns of the joined row (status change, evidence, correction or erasure),
    /// as text or integers, in the query's order from column 8 on.
    row: Vec<Cell>,
}

#[derive(Clone, Debug, PartialEq)]
enum Cell {
    Null,
    Int(i64),
    Text(String),
}

impl Cell {
    fn text(&self) -> Option<&str> {
        match self {
            Cell::Text(t) => Some(t),
            _ => None,
        }
    }
    fn int(&self) -> Option<i64> {
        match self {
            Cell::Int(i) => Some(*i),
            _ => None,
        }
    }
}

/// Which joined columns are integers (the rest are text), counting from column 8.
const INT_COLUMNS: &[usize] = &[8, 15, 16, 17, 24, 25, 27, 33, 35, 41, 42, 43, 47, 48];

/// One past the last joined column.
const END_COLUMN: usize = 53;

impl EntryRow {
    fn read(r: &dyn Row) -> Result<EntryRow> {
        let mut row = Vec::with_capacity(END_COLUMN - 8);
        for column in 8..END_COLUMN {
            let cell = if INT_COLUMNS.contains(&column) {
                r.int(column)?.map(Cell::Int).unwrap_or(Cell::Null)
            } else {
                r.text(column)?.map(Cell::Text).unwrap_or(Cell::Null)
            };
            row.push(cell);
        }
        Ok(EntryRow {
            chain: r.get(0)?,
            seq: r.get(1)?,
            kind: r.get(2)?,
            subject: r.get(3)?,
            who: r.get(4)?,
            at: r.get(5)?,
            data: r.get(6)?,
            hash: r.get(7)?,
            row,
        })
    }

    /// Column `n` of the query.
    fn col(&self, n: usize) -> &Cell {
        &self.row[n - 8]
    }
}

/// Checks one claim: its chain, and its row, figures, history, evidence, corrections and
/// erasures against the entries.
fn check_claim(
    claim: &ClaimRow,
    figures: &[FigureRow],
    chain: &[EntryRow],
    erased: &Erased,
    problems: &mut Vec<String>,
) {
    let id = claim.id;
    if chain.is_empty() {
        problems.push(format!(
            "claim {id} has no entries in the record: it was slipped in outside crosscheck"
        ));
        return;
    }
    let name = format!("claim {id}'s chain");
    let mut walk = Walk::new();
    let mut credit: Option<Credit> = None;
    for e in chain {
        let Some(kind) = Kind::parse(&e.kind) else {
            problems.push(format!(
                "claim {id}'s entry {} has the unknown kind '{}'",
                e.seq, e.kind
            ));
            continue;
        };
        let entry = Entry {
            chain: id,
            seq: e.seq,
            kind,
            subject: e.subject,
            who: &e.who,
            at: &e.at,
            data: e.data.as_deref(),
        };
        let (content, names, what): (Json, &[&str], String) = match kind {
            Kind::Claim | Kind::Adopt => {
                match e.data.as_deref().and_then(Credit::from_data) {
                    Some(c) => credit = Some(c),
                    None => problems.push(format!(
                        "claim {id}'s entry {} does not say who the claim is credited to",
                        e.seq
                    )),
                }
                let list: Vec<Figure> = figures.iter().map(|f| f.figure.clone()).collect();
                let fields = ClaimFields {
                    article_id: claim.article_id,
                    incident_id: claim.incident_id,
                    text: erased.digest("claim", id, "text", Some(&claim.text), problems),
                    quote: erased.digest("claim", id, "quote", claim.quote.as_deref(), problems),
                    quote_span: claim.quote_span,
                    translation: erased.digest(
                        "claim",
                        id,
                        "translation",
                        claim.translation.as_deref(),
                        problems,
                    ),
                    as_of: &claim.as_of,
                    created_at: &claim.created_at,
                    created_by: &claim.created_by,
                    figures: &list,
                    claim_key: claim.claim_key,
                };
                if kind == Kind::Claim {
                    check_version(claim, e, problems);
                }
                (fields.content(), CLAIM_FIELDS, format!("claim {id}"))
            }
            Kind::Status => {
                let Some(sc_claim) = e.col(8).int() else {
                    problems.push(format!(
                        "status_change row {} is missing (deleted): entry {} of claim {id}'s chain vouches for it",
                        e.subject.unwrap_or_default(),
                        e.seq
                    ));
                    walk.step(&entry, &Json::Null, &e.hash, &name, problems);
                    continue;
                };
                let row_id = e.subject.unwrap_or_default();
                if sc_claim != id {
                    problems.push(format!(
                        "status_change row {row_id}: its claim_id is {sc_claim} but the record holds it in claim {id}'s chain"
                    ));
                }
                let from = e.col(9).text().and_then(Status::parse);
                let to = e.col(10).text().and_then(Status::parse);
                let Some(to) = to else {
                    problems.push(format!("status_change row {row_id} has no valid to_status"));
                    continue;
                };
                if e.col(14).text() != Some(e.hash.as_str()) || e.col(15).int() != Some(2) {
                    problems.push(format!(
                        "status_change row {row_id}: its hash or version was changed outside crosscheck"
                    ));
                }
                let note =
                    erased.digest("status_change", row_id, "note", e.col(13).text(), problems);
                (
                    status_content(
                        row_id,
                        from,
                        to,
                        e.col(11).text().unwrap_or_default(),
                        e.col(12).text().unwrap_or_default(),
                        note,
                        e.col(41).int() == Some(1),
                    ),
                    STATUS_FIELDS,
                    format!("status_change row {row_id}"),
                )
            }
            Kind::Evidence => {
                let row_id = e.subject.unwrap_or_default();
                let Some(e_claim) = e.col(16).int() else {
                    problems.push(format!(
                        "evidence row {row_id} is missing (deleted): entry {} of claim {id}'s chain vouches for it",
                        e.seq
                    ));
                    walk.step(&entry, &Json::Null, &e.hash, &name, problems);
                    continue;
                };
                if e_claim != id {
                    problems.push(format!(
                        "evidence row {row_id}: its claim_id is {e_claim} but the record holds it in claim {id}'s chain"
                    ));
                }
                if e.col(23).text() != Some(e.hash.as_str()) || e.col(24).int() != Some(2) {
                    problems.push(format!(
                        "evidence row {row_id}: its hash or version was changed outside crosscheck"
                    ));
                }
                let url = erased.digest("evidence", row_id, "url", e.col(18).text(), problems);
                let note = erased.digest("evidence", row_id, "note", e.col(20).text(), problems);
                (
                    evidence_content(
                        row_id,
                        e.col(17).int(),
                        url,
                        e.col(19).text().unwrap_or_default(),
                        note,
                        e.col(21).text().unwrap_or_default(),
                        e.col(22).text().unwrap_or_default(),
                        e.col(42).int() == Some(1),
                    ),
                    EVIDENCE_FIELDS,
                    format!("evidence row {row_id}"),
                )
            }
            Kind::Correction => {
                let row_id = e.subject.unwrap_or_default();
                let Some(k_claim) = e.col(25).int() else {
                    problems.push(format!(
                        "correction {row_id} is missing (deleted): entry {} of claim {id}'s chain vouches for it",
                        e.seq
                    ));
                    walk.step(&entry, &Json::Null, &e.hash, &name, problems);
                    continue;
                };
                if k_claim != id {
                    problems.push(format!(
                        "correction {row_id}: its claim_id is {k_claim} but the record holds it in claim {id}'s chain"
                    ));
                }
                let field = e.col(28).text().unwrap_or_default();
                let value = if field == "stance" {
                    e.col(29)
                        .text()
                        .map(|t| Json::String(t.to_string()))
                        .unwrap_or(Json::Null)
                } else {
                    erased.digest("correction", row_id, "value", e.col(29).text(), problems)
                };
                let why = erased.digest("correction", row_id, "why", e.col(30).text(), problems);
                (
                    correction_content(
                        row_id,
                        e.col(26).text().unwrap_or_default(),
                        e.col(27).int().unwrap_or_default(),
                        field,
                        value,
                        why,
                        e.col(31).text().unwrap_or_default(),
                        e.col(32).text().unwrap_or_default(),
                    ),
                    CORRECTION_FIELDS,
                    format!("correction {row_id}"),
                )
            }
            Kind::Erasure => {
                let row_id = e.subject.unwrap_or_default();
                let Some(x_claim) = e.col(33).int() else {
                    problems.push(format!(
                        "erasure {row_id} is missing (deleted): entry {} of claim {id}'s chain vouches for it",
                        e.seq
                    ));
                    walk.step(&entry, &Json::Null, &e.hash, &name, problems);
                    continue;
                };
                if x_claim != id {
                    problems.push(format!(
                        "erasure {row_id}: its claim_id is {x_claim} but the record holds it in claim {id}'s chain"
                    ));
                }
                (
                    erasure_content(
                        row_id,
                        e.col(34).text().unwrap_or_default(),
                        e.col(35).int().unwrap_or_default(),
                        e.col(36).text().unwrap_or_default(),
                        e.col(37).text().unwrap_or_default(),
                        e.col(38).text().unwrap_or_default(),
                        e.col(39).text().unwrap_or_default(),
                        e.col(40).text(),
                    ),
                    ERASURE_FIELDS,
                    format!("erasure {row_id}"),
                )
            }
            Kind::Assignment => {
                let row_id = e.subject.unwrap_or_default();
                let Some(a_claim) = e.col(43).int() else {
                    problems.push(format!(
                        "assignment {row_id} is missing (deleted): entry {} of claim {id}'s chain vouches for it",
                        e.seq
                    ));
                    walk.step(&entry, &Json::Null, &e.hash, &name, problems);
                    continue;
                };
                if a_claim != id {
                    problems.push(format!(
                        "assignment {row_id}: its claim_id is {a_claim} but the record holds it in claim {id}'s chain"
                    ));
                }
                (
                    assignment_content(
                        row_id,
                        e.col(44).text(),
                        e.col(45).text().unwrap_or_default(),
                        e.col(46).text().unwrap_or_default(),
                    ),
                    ASSIGNMENT_FIELDS,
                    format!("assignment {row_id}"),
                )
            }
            Kind::Review => {
                let row_id = e.subject.unwrap_or_default();
                let Some(v_claim) = e.col(47).int() else {
                    problems.push(format!(
                        "review {row_id} is missing (deleted): entry {} of claim {id}'s chain vouches for it",
                        e.seq
                    ));
                    walk.step(&entry, &Json::Null, &e.hash, &name, problems);
                    continue;
                };
                if v_claim != id {
                    problems.push(format!(
                        "review {row_id}: its claim_id is {v_claim} but the record holds it in claim {id}'s chain"
                    ));
                }
                (
                    review_content(
                        row_id,
                        e.col(48).int().unwrap_or_default(),
                        e.col(49).text().unwrap_or_default(),
                        text_field(e.col(50).text()),
                        e.col(51).text().unwrap_or_default(),
                        e.col(52).text().unwrap_or_default(),
                    ),
                    REVIEW_FIELDS,
                    format!("review {row_id}"),
                )
            }
            Kind::Credit => {
                match e.data.as_deref().and_then(Credit::from_data) {
                    Some(c) => credit = Some(c),
                    None => problems.push(format!(
                        "claim {id}'s entry {} (credit) does not say who the claim is credited to",
                        e.seq
                    )),
                }
                (Json::Null, &[][..], format!("claim {id}'s credit"))
            }
            _ => (Json::Null, &[][..], format!("claim {id}'s {}", e.kind)),
        };
        if !walk.step(&entry, &content, &e.hash, &name, problems) {
            let fields = if names.is_empty() {
                "the entry itself".to_string()
            } else {
                changed_fields(e.data.as_deref(), &content, names)
            };
            problems.push(format!(
                "{what}: {fields} does not match entry {} of claim {id}'s chain: changed outside crosscheck",
                e.seq
            ));
        }
    }
    if let Some(credit) = credit {
        if claim.source_id != credit.source {
            problems.push(format!(
                "claim {id}: its source_id is {} but the record credits source {}: it was changed outside crosscheck",
                claim.source_id, credit.source
            ));
        }
        if claim.via_id != credit.via {
            problems.push(format!(
                "claim {id}: its via_id is {} but the record says {}: it was changed outside crosscheck",
                shown(claim.via_id),
                shown(credit.via)
            ));
        }
    }
    // A status that its history does not end in is `verify`'s own check
    // (claims_out_of_step), over the rows of both versions.
    for f in figures {
        let interval = f.figure.interval(Tolerance::DEFAULT);
        let checks = [
            ("origin_id", f.origin_id != claim.source_id),
            ("incident_id", f.incident_id != claim.incident_id),
            ("as_of", f.as_of != claim.as_of),
            ("low/high", f.low != interval.low || f.high != interval.high),
        ];
        for (field, differs) in checks {
            if differs {
                problems.push(format!(
                    "figure {} (claim {id}): its {field} does not match its claim's: it was changed outside crosscheck",
                    f.id
                ));
            }
        }
    }
}

/// A corrected version's first entry names the version it supersedes, which comes
/// before it and shares its key; a first version names none. The hash covers both the
/// key and the entry's data, so this catches an entry and a row that disagree.
fn check_version(claim: &ClaimRow, e: &EntryRow, problems: &mut Vec<String>) {
    let id = claim.id;
    let supersedes = e
        .data
        .as_deref()
        .and_then(|d| serde_json::from_str::<Json>(d).ok())
        .and_then(|d| d.get("supersedes").and_then(Json::as_i64));
    match (claim.claim_key, supersedes) {
        (None, None) => {}
        (Some(key), Some(old)) if key <= old && old < id => {}
        (Some(key), None) => problems.push(format!(
            "claim {id}: its claim_key is {key} but its entry in the record supersedes no claim: it was changed outside crosscheck"
        )),
        (key, old) => problems.push(format!(
            "claim {id}: its claim_key is {} but its entry in the record supersedes claim {}: it was changed outside crosscheck",
            shown(key),
            shown(old)
        )),
    }
}

fn shown(id: Option<i64>) -> String {
    id.map(|i| i.to_string())
        .unwrap_or_else(|| "none".to_string())
}

/// The walk, for the `Ledger` impl.
pub(super) fn check_record<P: Primitives>(rules: &mut Rules<P>) -> Result<RecordCheck> {
    rules.check_record_walk()
}
