//! `status`, `evidence add` and `history`: a claim's verification as a time line of
//! status changes with the evidence given for each and the corrections of both, every row
//! named as `correct` and `erase` take it, and as JSON.

use serde::Serialize;

use super::{done, json, opt};
use crate::model::correction::{Correction, CorrectionTarget, Erasure};
use crate::model::record::Recredit;
use crate::model::review::{Assignment, Review};
use crate::model::row::{RowKind, RowRef};
use crate::model::{Claim, Evidence, Stance, Status, StatusChange};
use crate::render::{Block, Cell, Output, Table, SCHEMA_VERSION};

/// The fields of a row that corrections put right, each named once.
fn corrected_fields(corrections: &[Correction], target: CorrectionTarget, id: i64) -> Vec<&str> {
    let mut fields: Vec<&str> = Vec::new();
    for c in corrections {
        if c.target == target && c.target_id == id && !fields.contains(&c.field.as_str()) {
            fields.push(&c.field);
        }
    }
    fields
}

/// A flag as a CSV cell: `1` when set, else empty.
fn flag(set: bool) -> &'static str {
    if set {
        "1"
    } else {
        ""
    }
}

/// How `history` names a row: `status:12`, `evidence:4`, `correction:2`.
fn row_name(kind: RowKind, id: i64) -> String {
    RowRef { kind, id }.to_string()
}

/// The row a correction puts right, by name.
fn corrected_row(c: &Correction) -> String {
    match c.target {
        CorrectionTarget::StatusChange => row_name(RowKind::Status, c.target_id),
        CorrectionTarget::Evidence => row_name(RowKind::Evidence, c.target_id),
    }
}

/// A history entry in JSON.
#[derive(Serialize)]
pub(super) struct ChangeView<'a> {
    id: i64,
    from: Option<&'static str>,
    to: &'static str,
    who: &'a str,
    at: &'a str,
    note: Option<&'a str>,
    internal: bool,
    row: String,
    corrected: Vec<&'a str>,
}

impl<'a> ChangeView<'a> {
    /// The entry of one status change, its note as last corrected.
    pub(super) fn new(s: &'a StatusChange, corrections: &'a [Correction]) -> ChangeView<'a> {
        ChangeView {
            id: s.id,
            from: s.from.map(|f| f.as_str()),
            to: s.to.as_str(),
            who: &s.who,
            at: &s.at,
            note: s.note.as_deref(),
            internal: s.internal,
            row: row_name(RowKind::Status, s.id),
            corrected: corrected_fields(corrections, CorrectionTarget::StatusChange, s.id),
        }
    }
}

/// Evidence in JSON.
#[derive(Serialize)]
pub(super) struct EvidenceView<'a> {
    id: i64,
    url: &'a str,
    stance: &'static str,
    note: Option<&'a str>,
    internal: bool,
    status_change: Option<i64>,
    who: &'a str,
    at: &'a str,
    row: String,
    corrected: Vec<&'a str>,
}

impl<'a> EvidenceView<'a> {
    /// The entry of one piece of evidence, as last corrected.
    pub(super) fn new(e: &'a Evidence, corrections: &'a [Correction]) -> EvidenceView<'a> {
        EvidenceView {
            id: e.id,
            url: &e.url,
            stance: e.stance.as_str(),
            note: e.note.as_deref(),
            internal: e.internal,
            status_change: e.status_change_id,
            who: &e.who,
            at: &e.at,
            row: row_name(RowKind::Evidence, e.id),
            corrected: corrected_fields(corrections, CorrectionTarget::Evidence, e.id),
        }
    }
}

/// A correction in JSON: which row and field, the value now and the value before.
#[derive(Serialize)]
pub(super) struct CorrectionView<'a> {
    id: i64,
    row: String,
    corrects: String,
    field: &'a str,
    value: Option<&'a str>,
    was: Option<&'a str>,
    why: &'a str,
    who: &'a str,
    at: &'a str,
}

impl<'a> CorrectionView<'a> {
    /// The entry of one correction.
    pub(super) fn new(c: &'a Correction) -> CorrectionView<'a> {
        CorrectionView {
            id: c.id,
            row: row_name(RowKind::Correction, c.id),
            corrects: corrected_row(c),
            field: &c.field,
            value: c.value.as_deref(),
            was: c.previous.as_deref(),
            why: &c.why,
            who: &c.who,
            at: &c.at,
        }
    }
}

/// An erasure in JSON: which text of which row, and why.
#[derive(Serialize)]
pub(super) struct ErasureView<'a> {
    id: i64,
    row: String,
    erases: String,
    field: &'a str,
    reason: &'a str,
    who: &'a str,
    at: &'a str,
}

impl<'a> ErasureView<'a> {
    /// The entry of one erasure.
    pub(super) fn new(x: &'a Erasure) -> ErasureView<'a> {
        ErasureView {
            id: x.id,
            row: format!("erasure:{}", x.id),
            erases: RowRef::name(&x.table, x.row_id),
            field: &x.field,
            reason: &x.reason,
            who: &x.who,
            at: &x.at,
        }
    }
}

/// A re-crediting in JSON: who the claim is credited to from then on, and why.
#[derive(Serialize)]
struct CreditView<'a> {
    source: Option<&'a str>,
    source_id: i64,
    via: Option<&'a str>,
    via_id: Option<i64>,
    why: Option<&'a str>,
    who: &'a str,
    at: &'a str,
}

/// A review in JSON: which verdict (status change), the decision, by whom.
#[derive(Serialize)]
pub(super) struct ReviewView<'a> {
    id: i64,
    row: String,
    verdict: String,
    decision: &'static str,
    note: Option<&'a str>,
    who: &'a str,
    at: &'a str,
}

impl<'a> CreditView<'a> {
    fn new(k: &'a Recredit) -> CreditView<'a> {
        CreditView {
            source: k.source.as_deref(),
            source_id: k.source_id,
            via: k.via.as_deref(),
            via_id: k.via_id,
            why: k.why.as_deref(),
            who: &k.who,
            at: &k.at,
        }
    }
}

/// Who a re-credited claim is credited to, in words: `SOHR (3)`, `via Reuters (4)`.
fn credited(k: &Recredit) -> String {
    let name = |name: &Option<String>, id: i64| match name {
        Some(n) => format!("{n} ({id})"),
        None => format!("source {id}"),
    };
    match k.via_id {
        Some(via) => format!(
            "credited to {} via {}",
            name(&k.source, k.source_id),
            name(&k.via, via)
        ),
        None => format!("credited to {}", name(&k.source, k.source_id)),
    }
}

/// An assignment in JSON: to whom (null: nobody), by whom.
#[derive(Serialize)]
pub(super) struct AssignmentView<'a> {
    id: i64,
    row: String,
    assignee: Option<&'a str>,
    who: &'a str,
    at: &'a str,
}

/// A claim's history as it is read: its status changes, evidence, corrections,
/// erasures, re-creditings, reviews and assignments.
pub struct Timeline<'a> {
    /// The status changes, oldest first, notes as last corrected.
    pub history: &'a [StatusChange],
    /// The evidence, oldest first, as last corrected.
    pub evidence: &'a [Evidence],
    /// The corrections, oldest first.
    pub corrections: &'a [Correction],
    /// The erasures, oldest first.
    pub erasures: &'a [Erasure],
    /// The re-creditings (merges of its source or relay), oldest first.
    pub credits: &'a [Recredit],
    /// The reviews of its verdicts, oldest first.
    pub reviews: &'a [Review],
    /// Its assignments, oldest first; the last one stands.
    pub assignments: &'a [Assignment],
}

impl<'a> Timeline<'a> {
    pub(super) fn history_json(&self) -> Vec<ChangeView<'a>> {
        self.history
            .iter()
            .map(|s| ChangeView::new(s, self.corrections))
            .collect()
    }

    pub(super) fn evidence_json(&self) -> Vec<EvidenceView<'a>> {
        self.evidence
            .iter()
            .map(|e| EvidenceView::new(e, self.corrections))
            .collect()
    }

    pub(super) fn corrections_json(&self) -> Vec<CorrectionView<'a>> {
        self.corrections.iter().map(CorrectionView::new).collect()
    }

    pub(super) fn erasures_json(&self) -> Vec<ErasureView<'a>> {
        self.erasures.iter().map(ErasureView::new).collect()
    }

    pub(super) fn reviews_json(&self) -> Vec<ReviewView<'a>> {
        self.reviews
            .iter()
            .map(|v| ReviewView {
                id: v.id,
                row: format!("review:{}", v.id),
                verdict: row_name(RowKind::Status, v.status_change_id),
                decision: v.decision.as_str(),
                note: v.note.as_deref(),
                who: &v.who,
                at: &v.at,
            })
            .collect()
    }

    pub(super) fn assignments_json(&self) -> Vec<AssignmentView<'a>> {
        self.assignments
            .iter()
            .map(|a| AssignmentView {
                id: a.id,
                row: format!("assignment:{}", a.id),
                assignee: a.assignee.as_deref(),
                who: &a.who,
                at: &a.at,
            })
            .collect()
    }

    /// Who the claim is assigned to now, if anyone.
    pub fn assignee(&self) -> Option<&'a str> {
        self.assignments.last().and_then(|a| a.assignee.as_deref())
    }
}

/// What a review row says in the time line.
fn review_change(v: &Review) -> String {
    format!(
        "verdict of {} {}",
        row_name(RowKind::Status, v.status_change_id),
        v.decision
    )
}

/// What an assignment row says in the time line.
fn assignment_change(a: &Assignment) -> String {
    match &a.assignee {
        Some(name) => format!("assigned to {name}"),
        None => "unassigned".to_string(),
    }
}

/// A status change as `status` confirms it.
#[derive(Serialize)]
pub struct Changed<'a> {
    /// The claim.
    pub claim: i64,
    /// Its status before.
    pub from: Status,
    /// Its status now.
    pub to: Status,
    /// Who changed it.
    pub who: &'a str,
    /// When.
    pub at: &'a str,
}

/// The confirmation of `status`.
pub fn changed(c: &Changed<'_>) -> Output {
    done(format!("claim {}: {} → {}", c.claim, c.from, c.to), c)
}

/// The confirmation of `status` on several claims: a line each, a JSON array.
pub fn changed_many(changes: &[Changed<'_>]) -> Output {
    let lines: Vec<String> = changes
        .iter()
        .map(|c| format!("claim {}: {} → {}", c.claim, c.from, c.to))
        .collect();
    done(lines.join("\n"), changes)
}

/// Evidence as `evidence add` confirms it.
#[derive(Serialize)]
pub struct Attached<'a> {
    /// The evidence's id.
    pub id: i64,
    /// The claim it is attached to.
    pub claim: i64,
    /// Where it is.
    pub url: &'a str,
    /// Whether it supports, contradicts or gives context.
    pub stance: Stance,
    /// The note as given.
    pub note: Option<&'a str>,
    /// Who attached it.
    pub who: &'a str,
    /// When.
    pub at: &'a str,
}

/// The confirmation of `evidence add`.
pub fn attached(a: &Attached<'_>) -> Output {
    done(
        format!(
            "evidence {} ({}) attached to claim {}",
            a.id, a.stance, a.claim
        ),
        a,
    )
}

/// Where a row sorts in the time line: by time, then by the status change it belongs to,
/// then status changes, evidence, corrections and erasures in that order (0 to 3), then
/// by id.
type TimelineKey = (String, i64, u8, i64);

/// A note as the time line shows it, marked when it is for the desk only.
fn internal(note: String, internal: bool) -> String {
    if internal {
        format!("{note} (internal)")
    } else {
        note
    }
}

/// The time line of a claim: status changes in time order, each piece of evidence given
/// with a change right under it, each correction at its own time with the text it
/// replaced, so that the earlier text stays in view, and each erasure with its reason.
/// Each row carries the name that `correct` and `erase` take.
pub(super) fn history_blocks(t: &Timeline<'_>) -> Vec<Block> {
    let mut rows: Vec<(TimelineKey, Vec<Cell>)> = Vec::new();
    let marked = |text: String, corrected: bool| {
        if corrected {
            format!("{text} (corrected)")
        } else {
            text
        }
    };
    for s in t.history {
        let change = match s.from {
            Some(from) => format!("{from} → {}", s.to),
            None => format!("recorded as {}", s.to),
        };
        let corrected =
            !corrected_fields(t.corrections, CorrectionTarget::StatusChange, s.id).is_empty();
        let row = vec![
            row_name(RowKind::Status, s.id).into(),
            s.at.clone().into(),
            s.who.clone().into(),
            change.into(),
            internal(marked(opt(&s.note), corrected), s.internal).into(),
        ];
        rows.push(((s.at.clone(), s.id, 0, s.id), row));
    }
    for e in t.evidence {
        let key = match e
            .status_change_id
            .and_then(|id| t.history.iter().find(|s| s.id == id))
        {
            Some(s) => (s.at.clone(), s.id, 1, e.id),
            None => (e.at.clone(), i64::MAX, 1, e.id),
        };
        let note = match &e.note {
            Some(n) => format!("{} — {n}", e.url),
            None => e.url.clone(),
        };
        let corrected =
            !corrected_fields(t.corrections, CorrectionTarget::Evidence, e.id).is_empty();
        let row = vec![
            row_name(RowKind::Evidence, e.id).into(),
            e.at.clone().into(),
            e.who.clone().into(),
            format!("evidence ({})", e.stance).into(),
            internal(marked(note, corrected), e.internal).into(),
        ];
        rows.push((key, row));
    }
    for c in t.corrections {
        let row = vec![
            row_name(RowKind::Correction, c.id).into(),
            c.at.clone().into(),
            c.who.clone().into(),
            format!("{} of {} corrected: {}", c.field, corrected_row(c), c.why).into(),
            format!("was: {}", opt(&c.previous)).into(),
        ];
        rows.push(((c.at.clone(), i64::MAX, 2, c.id), row));
    }
    for x in t.erasures {
        let row = vec![
            format!("erasure:{}", x.id).into(),
            x.at.clone().into(),
            x.who.clone().into(),
            format!("{} of {} erased", x.field, RowRef::name(&x.table, x.row_id)).into(),
            x.reason.clone().into(),
        ];
        rows.push(((x.at.clone(), i64::MAX, 3, x.id), row));
    }
    for k in t.credits {
        let row = vec![
            format!("credit:{}", k.seq).into(),
            k.at.clone().into(),
            k.who.clone().into(),
            credited(k).into(),
            opt(&k.why).into(),
        ];
        rows.push(((k.at.clone(), i64::MAX, 4, k.seq), row));
    }
    for v in t.reviews {
        let row = vec![
            format!("review:{}", v.id).into(),
            v.at.clone().into(),
            v.who.clone().into(),
            review_change(v).into(),
            opt(&v.note).into(),
        ];
        rows.push(((v.at.clone(), i64::MAX, 5, v.id), row));
    }
    for a in t.assignments {
        let row = vec![
            format!("assignment:{}", a.id).into(),
            a.at.clone().into(),
            a.who.clone().into(),
            assignment_change(a).into(),
            "-".into(),
        ];
        rows.push(((a.at.clone(), i64::MAX, 6, a.id), row));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let mut table = Table::new(&["row", "when", "who", "change", "note"]).nowrap(&[0, 1]);
    for (_, row) in rows {
        table.push(row);
    }
    vec![Block::Table(table)]
}

/// One version of a claim with its time line, as `history` shows every version.
pub struct VersionTimeline<'a> {
    /// Its number, from 1.
    pub version: usize,
    /// The version.
    pub claim: &'a Claim,
    /// Its history.
    pub timeline: Timeline<'a>,
}

/// A version's history in JSON.
#[derive(Serialize)]
struct VersionHistoryView<'a> {
    version: usize,
    claim: i64,
    status: &'static str,
    history: Vec<ChangeView<'a>>,
    evidence: Vec<EvidenceView<'a>>,
    corrections: Vec<CorrectionView<'a>>,
    erasures: Vec<ErasureView<'a>>,
    credits: Vec<CreditView<'a>>,
    reviews: Vec<ReviewView<'a>>,
    assignments: Vec<AssignmentView<'a>>,
}

/// `history` in JSON: the claim named, its key, and every version's history.
#[derive(Serialize)]
struct HistoryView<'a> {
    schema_version: u32,
    claim: i64,
    key: i64,
    status: &'static str,
    history: Vec<ChangeView<'a>>,
    evidence: Vec<EvidenceView<'a>>,
    corrections: Vec<CorrectionView<'a>>,
    erasures: Vec<ErasureView<'a>>,
    credits: Vec<CreditView<'a>>,
    reviews: Vec<ReviewView<'a>>,
    assignments: Vec<AssignmentView<'a>>,
    versions: Vec<VersionHistoryView<'a>>,
}

/// `history` of claim `c`: the history of every version of its key, in order, each
/// under a heading naming the version when there are several.
pub fn history<'a>(c: &'a Claim, versions: &'a [VersionTimeline<'a>]) -> Output {
    let mut blocks = Vec::new();
    for v in versions {
        let heading = if versions.len() > 1 {
            format!("version {} of {}: ", v.version, versions.len())
        } else {
            String::new()
        };
        blocks.push(Block::Heading(format!(
            "{heading}claim {} ({}): {}",
            v.claim.id, v.claim.status, v.claim.text
        )));
        blocks.extend(history_blocks(&v.timeline));
    }
    let mut csv = Table::new(&[
        "claim", "kind", "id", "at", "who", "from", "to", "stance", "url", "note", "row", "target",
        "field", "why", "was", "internal",
    ]);
    for v in versions {
        history_csv(&mut csv, v.claim, &v.timeline);
    }
    let named = versions.iter().find(|v| v.claim.id == c.id);
    let empty = Timeline {
        history: &[],
        evidence: &[],
        corrections: &[],
        erasures: &[],
        credits: &[],
        reviews: &[],
        assignments: &[],
    };
    let t = named.map_or(&empty, |v| &v.timeline);
    Output {
        json: json(HistoryView {
            schema_version: SCHEMA_VERSION,
            claim: c.id,
            key: c.key,
            status: c.status.as_str(),
            history: t.history_json(),
            evidence: t.evidence_json(),
            corrections: t.corrections_json(),
            erasures: t.erasures_json(),
            credits: t.credits.iter().map(CreditView::new).collect(),
            reviews: t.reviews_json(),
            assignments: t.assignments_json(),
            versions: versions
                .iter()
                .map(|v| VersionHistoryView {
                    version: v.version,
                    claim: v.claim.id,
                    status: v.claim.status.as_str(),
                    history: v.timeline.history_json(),
                    evidence: v.timeline.evidence_json(),
                    corrections: v.timeline.corrections_json(),
                    erasures: v.timeline.erasures_json(),
                    credits: v.timeline.credits.iter().map(CreditView::new).collect(),
                    reviews: v.timeline.reviews_json(),
                    assignments: v.timeline.assignments_json(),
                })
                .collect(),
        }),
        blocks,
        csv,
    }
}

/// The rows of one version's history in `history`'s CSV.
fn history_csv(csv: &mut Table, c: &Claim, t: &Timeline<'_>) {
    for s in t.history {
        csv.push(vec![
            c.id.to_string().into(),
            "status".into(),
            s.id.to_string().into(),
            s.at.clone().into(),
            s.who.clone().into(),
            s.from.map(|f| f.as_str()).unwrap_or("").into(),
            s.to.as_str().into(),
            "".into(),
            "".into(),
            s.note.clone().unwrap_or_default().into(),
            row_name(RowKind::Status, s.id).into(),
            "".into(),
            "".into(),
            "".into(),
            "".into(),
            flag(s.internal).into(),
        ]);
    }
    for e in t.evidence {
        csv.push(vec![
            c.id.to_string().into(),
            "evidence".into(),
            e.id.to_string().into(),
            e.at.clone().into(),
            e.who.clone().into(),
            "".into(),
            "".into(),
            e.stance.as_str().into(),
            e.url.clone().into(),
            e.note.clone().unwrap_or_default().into(),
            row_name(RowKind::Evidence, e.id).into(),
            "".into(),
            "".into(),
            "".into(),
            "".into(),
            flag(e.internal).into(),
        ]);
    }
    for k in t.corrections {
        let value = k.value.clone().unwrap_or_default();
        let in_column = |field: &str| {
            if k.field == field {
                value.clone()
            } else {
                String::new()
            }
        };
        csv.push(vec![
            c.id.to_string().into(),
            "correction".into(),
            k.id.to_string().into(),
            k.at.clone().into(),
            k.who.clone().into(),
            "".into(),
            "".into(),
            in_column("stance").into(),
            in_column("url").into(),
            in_column("note").into(),
            row_name(RowKind::Correction, k.id).into(),
            corrected_row(k).into(),
            k.field.clone().into(),
            k.why.clone().into(),
            k.previous.clone().unwrap_or_default().into(),
            "".into(),
        ]);
    }
    for x in t.erasures {
        csv.push(vec![
            c.id.to_string().into(),
            "erasure".into(),
            x.id.to_string().into(),
            x.at.clone().into(),
            x.who.clone().into(),
            "".into(),
            "".into(),
            "".into(),
            "".into(),
            "".into(),
            format!("erasure:{}", x.id).into(),
            RowRef::name(&x.table, x.row_id).into(),
            x.field.clone().into(),
            x.reason.clone().into(),
            "".into(),
            "".into(),
        ]);
    }
    for v in t.reviews {
        csv.push(vec![
            c.id.to_string().into(),
            "review".into(),
            v.id.to_string().into(),
            v.at.clone().into(),
            v.who.clone().into(),
            "".into(),
            v.decision.as_str().into(),
            "".into(),
            "".into(),
            v.note.clone().unwrap_or_default().into(),
            format!("review:{}", v.id).into(),
            row_name(RowKind::Status, v.status_change_id).into(),
            "".into(),
            "".into(),
            "".into(),
            "".into(),
        ]);
    }
    for a in t.assignments {
        csv.push(vec![
            c.id.to_string().into(),
            "assignment".into(),
            a.id.to_string().into(),
            a.at.clone().into(),
            a.who.clone().into(),
            "".into(),
            a.assignee.clone().unwrap_or_default().into(),
            "".into(),
            "".into(),
            "".into(),
            format!("assignment:{}", a.id).into(),
            "".into(),
            "".into(),
            "".into(),
            "".into(),
            "".into(),
        ]);
    }
    for k in t.credits {
        csv.push(vec![
            c.id.to_string().into(),
            "credit".into(),
            k.seq.to_string().into(),
            k.at.clone().into(),
            k.who.clone().into(),
            "".into(),
            "".into(),
            "".into(),
            "".into(),
            credited(k).into(),
            format!("credit:{}", k.seq).into(),
            "".into(),
            "".into(),
            k.why.clone().unwrap_or_default().into(),
            "".into(),
            "".into(),
        ]);
    }
}
