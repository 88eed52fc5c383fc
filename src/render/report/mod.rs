//! The verification report of one incident, in the formats a newsroom publishes: Markdown
//! for a CMS or a pull request, one self-contained HTML file for readers and printers,
//! JSON for scripts, and schema.org ClaimReview JSON-LD for search engines. The command
//! gathers a [`Report`]; each format only arranges it. Every piece of user text passes
//! through this module's escaping before it reaches a page.

pub mod claimreview;
pub mod html;
pub mod markdown;
pub mod words;

use serde_json::{json, Value};

use crate::model::compare::{Compared, Comparison, MetricRow};
use crate::model::metric::{Part, Vocabulary};
use crate::model::publication::{ClaimChange, CorrectionKind, PublicCorrection, Publication};
use crate::model::review::Review;
use crate::model::{
    Article, Claim, Evidence, Figure, FigureKind, Incident, Qualifier, Source, Status,
    StatusChange, Tolerance,
};

pub use words::Words;

/// Version of the report JSON's shape.
pub const REPORT_SCHEMA_VERSION: u32 = 1;

/// The formats `report` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// Markdown (CommonMark with tables).
    Markdown,
    /// One self-contained HTML file.
    Html,
    /// One JSON document.
    Json,
    /// schema.org ClaimReview JSON-LD, one object per claim with a verdict.
    ClaimReview,
}

/// One claim with everything the report says about it.
#[derive(Debug, Clone)]
pub struct ClaimEntry {
    /// The claim.
    pub claim: Claim,
    /// Its history, oldest first.
    pub history: Vec<StatusChange>,
    /// Its evidence, oldest first.
    pub evidence: Vec<Evidence>,
    /// The approval of its current verdict by a second person, once given.
    pub approval: Option<Review>,
}

impl ClaimEntry {
    /// Who set the current verdict, when the claim has one.
    pub fn verdict_by(&self) -> Option<&str> {
        if !self.claim.status.is_verdict() {
            return None;
        }
        self.history.last().map(|s| s.who.as_str())
    }

    /// Who approved the current verdict, once someone has.
    pub fn reviewed_by(&self) -> Option<&str> {
        self.approval.as_ref().map(|r| r.who.as_str())
    }

    /// Who set and who reviewed the verdict, in the report's words ("set by a.jansen,
    /// reviewed by m.haddad"): shown when the ledger requires review or the verdict was
    /// approved; `None` otherwise, and for a claim without a verdict.
    pub fn review_line(&self, w: &Words, review_required: bool) -> Option<String> {
        let by = self.verdict_by()?;
        let reviewed = match self.reviewed_by() {
            Some(reviewer) => w.fill("claim.reviewed_by", &[("who", reviewer)]),
            None if review_required => w.t("claim.awaiting_review").to_string(),
            None => return None,
        };
        Some(format!(
            "{}, {reviewed}",
            w.fill("claim.set_by", &[("who", by)])
        ))
    }

    /// Whether the verdict may be published as a ClaimReview: always, unless the
    /// ledger requires review and nobody has approved it yet.
    pub fn publishable(&self, review_required: bool) -> bool {
        !review_required || self.approval.is_some()
    }

    /// The note of the step that closed the claim (its verdict or retraction), if closed.
    pub fn verdict_note(&self) -> Option<&str> {
        if !self.claim.status.is_closed() {
            return None;
        }
        self.history.last().and_then(|s| s.note.as_deref())
    }

    /// When the claim reached its current status.
    pub fn verdict_at(&self) -> Option<&str> {
        self.history.last().map(|s| s.at.as_str())
    }
}

/// Where the record stood when the report was made: the ledger chain's last entry, by
/// position and hash (the head, which vouches for every entry sealed before it; `verify
/// --head HASH` finds it again).
#[derive(Debug, Clone, Default)]
pub struct LedgerHead {
    /// The ledger chain's last entry.
    pub record: Option<(i64, String)>,
}

/// Everything a report of one incident holds.
#[derive(Debug, Clone)]
pub struct Report {
    /// The incident.
    pub incident: Incident,
    /// The articles its claims come from, by publication.
    pub articles: Vec<Article>,
    /// The sources that made or relayed its claims, by name.
    pub sources: Vec<Source>,
    /// Its claims, by id.
    pub claims: Vec<ClaimEntry>,
    /// The comparison of its figures.
    pub comparison: Comparison,
    /// The tolerance the comparison used.
    pub tolerance: Tolerance,
    /// When the report was made (the pinned clock in tests).
    pub generated_at: String,
    /// The crosscheck version that made it.
    pub version: String,
    /// Where the ledger stood when the report was made.
    pub ledger_head: LedgerHead,
    /// The language of the report's own words.
    pub words: &'static Words,
    /// The ledger's metric vocabulary: what each metric counts, in what unit.
    pub vocabulary: Vocabulary,
    /// The organisation publishing the report (ClaimReview's author).
    pub publisher: Option<String>,
    /// Where the report will be published (ClaimReview's url).
    pub report_url: Option<String>,
    /// Whether the ledger requires a second person's approval of every verdict.
    pub review_required: bool,
    /// The incident's publications, in the order recorded.
    pub publications: Vec<Publication>,
    /// The findings of the publish gate the desk acknowledged, as they stand now.
    pub acknowledgements: Vec<AcknowledgedFinding>,
    /// What changed, after a publication, in what it had shown, oldest first; `None`
    /// before the first publication (the report then has no Corrections section).
    pub corrections: Option<Vec<PublicCorrection>>,
}

/// A finding of the publish gate the desk weighed and let pass, as the methodology lists
/// it.
#[derive(Debug, Clone)]
pub struct AcknowledgedFinding {
    /// The finding's name.
    pub finding: String,
    /// Who acknowledged it.
    pub who: String,
    /// When.
    pub at: String,
    /// Why it may pass.
    pub note: String,
}

/// One entry of the Corrections section as a reader reads it: its words, with `{value}`
/// left where a value (an address, to be made a link) goes.
#[derive(Debug, Clone)]
pub struct CorrectionText {
    /// What changed, in the report's words.
    pub what: String,
    /// The value to put at `{value}` in `what`, if any.
    pub value: Option<String>,
}

/// The order claims are grouped in: verdicts first, open claims last.
pub const STATUS_ORDER: &[Status] = &[
    Status::Verified,
    Status::False,
    Status::Misleading,
    Status::Disputed,
    Status::Unverifiable,
    Status::Retracted,
    Status::InProgress,
    Status::Unverified,
];

/// With more origins than this the comparison is too wide for a page: the HTML report
/// then prints it turned, one block per metric with the origins as rows (on a phone it
/// is always shown so), and the Markdown report writes only the turned form.
pub const TURN_AFTER_ORIGINS: usize = 3;

/// One row of the status history: a status change or a piece of evidence.
#[derive(Debug, Clone)]
pub struct TimelineRow {
    /// When, as recorded.
    pub at: String,
    /// The claim, by its key.
    pub claim: i64,
    /// Who.
    pub who: String,
    /// What changed, in the report's words.
    pub change: String,
    /// The evidence's address, for evidence.
    pub url: Option<String>,
    /// The note, if any.
    pub note: Option<String>,
}

impl Report {
    /// The article with this id.
    pub fn article(&self, id: i64) -> Option<&Article> {
        self.articles.iter().find(|a| a.id == id)
    }

    /// The source with this id.
    pub fn source(&self, id: i64) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// The claims with this status.
    pub fn with_status(&self, status: Status) -> impl Iterator<Item = &ClaimEntry> {
        self.claims.iter().filter(move |c| c.claim.status == status)
    }

    /// Whether the comparison is too wide to show as one table everywhere.
    pub fn comparison_turns(&self) -> bool {
        self.comparison.origins.len() > TURN_AFTER_ORIGINS
    }

    /// A metric as a reader reads it: its description where the vocabulary has one,
    /// else its name.
    pub fn metric_words(&self, metric: &str) -> String {
        self.metric_text(metric)
            .unwrap_or_else(|| metric.to_string())
    }

    /// A metric in words, when every part of its dotted name has them: `killed.children`
    /// is "killed: children". Each part takes, first, the description a desk recorded for
    /// it (its own words win); then the report language's word for it; then the
    /// vocabulary's built-in description (English, for names the report's tables lack).
    pub fn metric_text(&self, metric: &str) -> Option<String> {
        let part_words = |part: Part, name: &str| -> Option<String> {
            let known = self.vocabulary.get(part, name);
            match known {
                Some(m) if m.added.is_some() => Some(m.description.clone()),
                _ => self
                    .words
                    .metric_part(name)
                    .map(str::to_string)
                    .or_else(|| known.map(|m| m.description.clone())),
            }
        };
        let mut parts = metric.split('.');
        let base = part_words(Part::Base, parts.next()?)?;
        let rest: Option<Vec<String>> = parts.map(|p| part_words(Part::Breakdown, p)).collect();
        let rest = rest?;
        Some(if rest.is_empty() {
            base
        } else {
            format!("{base}: {}", rest.join(", "))
        })
    }

    /// What a metric counts and in what unit, for the legend: "killed: children, counted
    /// in people"; `None` for a metric outside the vocabulary (an older ledger's).
    pub fn metric_meaning(&self, metric: &str) -> Option<String> {
        let (_, unit) = self.vocabulary.describe(metric)?;
        let unit = if unit == crate::model::metric::DEFAULT_UNIT {
            self.words.t("unit.people").to_string()
        } else {
            unit
        };
        Some(self.words.fill(
            "legend.metric",
            &[("metric", &self.metric_words(metric)), ("unit", &unit)],
        ))
    }

    /// "10 claims from 6 sources in 2 articles: 2 verified, 1 disputed, …".
    pub fn summary(&self) -> String {
        let w = self.words;
        let counts: Vec<String> = STATUS_ORDER
            .iter()
            .filter_map(|&s| {
                let n = self.with_status(s).count();
                (n > 0).then(|| format!("{} {}", w.number(n as i64), w.status(s)))
            })
            .collect();
        let conflicts: Vec<String> = self
            .comparison
            .metrics
            .iter()
            .filter(|m| m.conflict && !m.resolved)
            .map(|m| self.metric_words(&m.metric))
            .collect();
        let resolved: Vec<String> = self
            .comparison
            .metrics
            .iter()
            .filter(|m| m.conflict && m.resolved)
            .map(|m| self.metric_words(&m.metric))
            .collect();
        let mut text = w.fill(
            "summary",
            &[
                ("claims", &w.count(self.claims.len(), "claim")),
                ("sources", &w.count(self.sources.len(), "source")),
                ("articles", &w.count(self.articles.len(), "article")),
            ],
        );
        if !counts.is_empty() {
            text.push_str(&format!(": {}", counts.join(", ")));
        }
        text.push_str(". ");
        if !conflicts.is_empty() {
            text.push_str(&w.fill("summary.conflict", &[("metrics", &conflicts.join("; "))]));
        } else if resolved.is_empty() {
            text.push_str(w.t("summary.no_conflict"));
        }
        if !resolved.is_empty() {
            if !conflicts.is_empty() {
                text.push(' ');
            }
            text.push_str(&w.fill("summary.resolved", &[("metrics", &resolved.join("; "))]));
        }
        if !self.comparison.inconsistencies.is_empty() {
            text.push(' ');
            text.push_str(&w.count(self.comparison.inconsistencies.len(), "breakdown"));
        }
        text
    }

    /// The tolerance of "about N" as text: "10 %".
    pub fn tolerance_text(&self) -> String {
        self.tolerance.to_string()
    }

    /// The methodology: how figures were compared.
    pub fn methodology(&self) -> String {
        self.words
            .fill("methodology", &[("tolerance", &self.tolerance_text())])
    }

    /// An acknowledged finding as the methodology lists it: "FINDING, acknowledged by
    /// WHO on WHEN: NOTE" (the finding's name is shown as code by the formats that can).
    pub fn acknowledgement_text(&self, a: &AcknowledgedFinding) -> String {
        let when = self.words.date(&a.at).unwrap_or_else(|| a.at.clone());
        self.words.fill(
            "acknowledged.item",
            &[("who", &a.who), ("when", &when), ("note", &a.note)],
        )
    }

    /// A correction in words.
    pub fn correction_text(&self, c: &PublicCorrection) -> CorrectionText {
        let w = self.words;
        let claim = c.claim.to_string();
        let (key, value) = match c.kind {
            CorrectionKind::Claim if c.new_claim.is_some() => ("correction.claim", None),
            CorrectionKind::Claim => ("correction.claim_replaced", None),
            CorrectionKind::Withdrawal => ("correction.withdrawal", None),
            CorrectionKind::Note => ("correction.note", None),
            CorrectionKind::EvidenceNote => ("correction.evidence_note", None),
            CorrectionKind::EvidenceUrl => ("correction.evidence_url", c.value.clone()),
            CorrectionKind::EvidenceStance => (
                "correction.evidence_stance",
                c.value.as_deref().map(|v| {
                    crate::model::Stance::parse(v)
                        .map_or_else(|| v.to_string(), |s| w.stance(s).to_string())
                }),
            ),
        };
        let new = c.new_claim.map(|n| n.to_string()).unwrap_or_default();
        let mut what = w.fill(key, &[("claim", &claim), ("new", &new)]);
        if !c.changes.is_empty() {
            let changes: Vec<String> = c.changes.iter().map(|x| self.change_text(x)).collect();
            what.push(' ');
            what.push_str(&w.fill("correction.changed", &[("changes", &changes.join("; "))]));
        }
        CorrectionText { what, value }
    }

    /// One thing a claim's corrected version changed, in words: "killed 13 → 14".
    pub fn change_text(&self, change: &ClaimChange) -> String {
        let w = self.words;
        let or_none =
            |v: &Option<String>| v.clone().unwrap_or_else(|| w.t("change.none").to_string());
        let when = |v: &str| w.date(v).unwrap_or_else(|| v.to_string());
        let figures = |fs: &[Figure]| {
            if fs.is_empty() {
                w.t("change.none").to_string()
            } else {
                fs.iter()
                    .map(|f| figure_value(w, f))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        let pair = |key: &str, before: String, after: String| {
            w.fill(key, &[("before", &before), ("after", &after)])
        };
        match change {
            ClaimChange::Text => w.t("change.text").to_string(),
            ClaimChange::Quote => w.t("change.quote").to_string(),
            ClaimChange::Translation => w.t("change.translation").to_string(),
            ClaimChange::Source { before, after } => {
                pair("change.source", before.clone(), after.clone())
            }
            ClaimChange::Via { before, after } => {
                pair("change.via", or_none(before), or_none(after))
            }
            ClaimChange::Incident { before, after } => {
                pair("change.incident", or_none(before), or_none(after))
            }
            ClaimChange::AsOf { before, after } => pair("change.as_of", when(before), when(after)),
            ClaimChange::Figures {
                metric,
                before,
                after,
            } => w.fill(
                "change.figure",
                &[
                    ("metric", &self.metric_words(metric)),
                    ("before", &figures(before)),
                    ("after", &figures(after)),
                ],
            ),
        }
    }

    /// "Generated 5 February 2022, 12:00 UTC by crosscheck 0.1.0." as plain text.
    pub fn generated(&self) -> String {
        let when = self
            .words
            .date(&self.generated_at)
            .unwrap_or_else(|| self.generated_at.clone());
        self.words
            .fill("generated", &[("when", &when), ("version", &self.version)])
    }

    /// Every history row and piece of evidence of the incident, in time order.
    pub fn timeline(&self) -> Vec<TimelineRow> {
        let w = self.words;
        let mut rows: Vec<((String, i64, i64), TimelineRow)> = Vec::new();
        for entry in &self.claims {
            // Named by its key, as its anchor is.
            let id = entry.claim.key;
            for s in &entry.history {
                let change = match s.from {
                    Some(from) => format!("{} → {}", w.status(from), w.status(s.to)),
                    None => w.fill("history.recorded", &[("status", w.status(s.to))]),
                };
                rows.push((
                    (s.at.clone(), s.id, 0),
                    TimelineRow {
                        at: s.at.clone(),
                        claim: id,
                        who: s.who.clone(),
                        change,
                        url: None,
                        note: s.note.clone(),
                    },
                ));
            }
            for e in &entry.evidence {
                let key = match e
                    .status_change_id
                    .and_then(|sid| entry.history.iter().find(|s| s.id == sid))
                {
                    Some(s) => (s.at.clone(), s.id, e.id),
                    None => (e.at.clone(), i64::MAX, e.id),
                };
                rows.push((
                    key,
                    TimelineRow {
                        at: e.at.clone(),
                        claim: id,
                        who: e.who.clone(),
                        change: w.fill("history.evidence", &[("stance", w.stance(e.stance))]),
                        url: Some(e.url.clone()),
                        note: e.note.clone(),
                    },
                ));
            }
        }
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        rows.into_iter().map(|(_, r)| r).collect()
    }
}

/// A figure's number as a reader reads it, grouped: `13`, `≥ 1,234,567`, `~20`,
/// `10–15`; the legend explains the signs.
pub fn stated(words: &Words, figure: &Figure) -> String {
    let n = |v: i64| words.number(v);
    match figure.qualifier {
        Qualifier::Exact => n(figure.value),
        Qualifier::AtLeast if figure.strict => format!("> {}", n(figure.value)),
        Qualifier::AtLeast => format!("≥ {}", n(figure.value)),
        Qualifier::AtMost => format!("≤ {}", n(figure.value)),
        Qualifier::Approx => format!("~{}", n(figure.value)),
        Qualifier::Range => format!(
            "{}–{}",
            n(figure.value),
            n(figure.value_high.unwrap_or(figure.value))
        ),
    }
}

/// A figure with its kind when it is not the default: `6 documented`.
pub fn figure_value(words: &Words, figure: &Figure) -> String {
    let mut text = stated(words, figure);
    if figure.kind != FigureKind::Reported {
        text.push(' ');
        text.push_str(words.figure_kind(figure.kind));
    }
    text
}

/// A compared figure as a cell: `13`, `6 documented`, `4 via Reuters`.
pub fn figure_cell(words: &Words, c: &Compared) -> String {
    let mut text = figure_value(words, &c.record.figure);
    if let Some(via) = &c.record.via {
        text.push(' ');
        text.push_str(&words.fill("via", &[("name", via)]));
    }
    text
}

/// The latest figure of each origin in a metric row, in the comparison's origin order.
pub fn latest(row: &MetricRow) -> impl Iterator<Item = &Compared> {
    row.figures.iter().filter(|f| f.latest)
}

/// Whether this figure shares no count with some other origin's latest figure.
pub fn conflicts_in_row(row: &MetricRow, figure: &Compared) -> bool {
    row.conflict
        && latest(row).any(|other| {
            other.record.origin_id != figure.record.origin_id
                && !other.interval.overlaps(&figure.interval)
        })
}

/// Text made safe inside HTML, in element content and in quoted attribute values alike;
/// characters nobody could see are shown as `\u{…}` escapes, as everywhere else.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if crate::render::push_hidden(&mut out, c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether a link may be followed from a published page: http and https only, so that a
/// recorded `javascript:` or `data:` URL is shown as text and never made a link.
pub fn is_web_link(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !url
            .chars()
            .any(|c| c.is_whitespace() || crate::model::names::is_hidden(c))
}

/// The report as one JSON document.
pub fn to_json(report: &Report) -> Value {
    let claims: Vec<Value> = report
        .claims
        .iter()
        .map(|entry| {
            let c = &entry.claim;
            json!({
                "id": c.id,
                "key": c.key,
                "status": c.status.as_str(),
                "source": c.source_name,
                "via": c.via_name,
                "article": c.article_slug,
                "text": c.text,
                "quote": c.quote,
                "translation": c.translation,
                "as_of": c.as_of,
                "figures": c.figures.iter().map(|f| f.figure.spec()).collect::<Vec<_>>(),
                "verdict_note": entry.verdict_note(),
                "verdict_by": entry.verdict_by(),
                "reviewed_by": entry.reviewed_by(),
                "evidence": entry.evidence.iter().map(|e| json!({
                    "url": e.url, "stance": e.stance.as_str(), "note": e.note, "who": e.who, "at": e.at,
                })).collect::<Vec<_>>(),
                "history": entry.history.iter().map(|s| json!({
                    "from": s.from.map(Status::as_str), "to": s.to.as_str(), "who": s.who, "at": s.at, "note": s.note,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let metrics: Vec<Value> = report
        .comparison
        .metrics
        .iter()
        .map(|m| {
            let described = report.vocabulary.describe(&m.metric);
            json!({
                "metric": m.metric,
                "description": described.as_ref().map(|d| &d.0),
                "unit": described.as_ref().map(|d| &d.1),
                "conflict": m.conflict,
                "inconsistent": m.inconsistent,
                "spread": m.spread,
                "figures": latest(m).map(|f| json!({
                    "claim": f.record.claim_id,
                    "source": f.record.origin,
                    "via": f.record.via,
                    "stated": f.record.figure.stated(),
                    "kind": f.record.figure.kind.as_str(),
                    "low": f.interval.low,
                    "high": f.interval.high,
                    "conflicts": conflicts_in_row(m, f),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let i = &report.incident;
    json!({
        "schema_version": REPORT_SCHEMA_VERSION,
        "incident": { "id": i.id, "slug": i.slug, "title": i.title, "date": i.date, "place": i.place },
        "summary": report.summary(),
        "articles": report.articles.iter().map(|a| json!({
            "id": a.id, "slug": a.slug, "title": a.title, "outlet": a.outlet, "url": a.url,
            "lang": a.lang, "published_at": a.published_at,
        })).collect::<Vec<_>>(),
        "claims": claims,
        "comparison": {
            "tolerance_percent": report.tolerance.to_string().trim_end_matches('%'),
            "metrics": metrics,
            "inconsistencies": report.comparison.inconsistencies.iter().map(|x| json!({
                "source": x.origin, "metric": x.metric, "detail": x.detail,
            })).collect::<Vec<_>>(),
        },
        "sources": report.sources.iter().map(|s| json!({
            "id": s.id, "name": s.name, "aliases": s.aliases, "kind": s.kind.as_str(),
            "grade": s.grade.map(|g| g.as_str()),
        })).collect::<Vec<_>>(),
        "generated_at": report.generated_at,
        "generator": format!("crosscheck {}", report.version),
        "methodology": report.methodology(),
        "acknowledgements": report.acknowledgements.iter().map(|a| json!({
            "finding": a.finding, "who": a.who, "at": a.at, "note": a.note,
        })).collect::<Vec<_>>(),
        "publications": report.publications.iter().map(|p| json!({
            "published_at": p.data.published_at,
            "url": p.data.url,
            "head": p.data.head.as_ref().map(|h| json!({"entry": h.entry, "hash": h.hash})),
            "recorded_at": p.at,
            "who": p.who,
        })).collect::<Vec<_>>(),
        "corrections": report.corrections.as_ref().map(|list| list.iter().map(|c| {
            let text = report.correction_text(c);
            json!({
                "kind": c.kind.as_str(),
                "claim": c.claim,
                "new_claim": c.new_claim,
                "value": c.value,
                "at": c.at,
                "what": text.what.replace("{value}", text.value.as_deref().unwrap_or("")),
                "changes": c.changes.iter().map(change_json).collect::<Vec<_>>(),
                "note": c.note,
            })
        }).collect::<Vec<_>>()),
    })
}

/// One thing a claim correction changed, in JSON: `field`, and `before` and `after`
/// where the field has values to show (figures as their specs, by `metric`).
fn change_json(change: &ClaimChange) -> Value {
    let specs = |fs: &[Figure]| fs.iter().map(Figure::spec).collect::<Vec<_>>();
    match change {
        ClaimChange::Text => json!({"field": "text"}),
        ClaimChange::Quote => json!({"field": "quote"}),
        ClaimChange::Translation => json!({"field": "translation"}),
        ClaimChange::Source { before, after } => {
            json!({"field": "source", "before": before, "after": after})
        }
        ClaimChange::Via { before, after } => {
            json!({"field": "via", "before": before, "after": after})
        }
        ClaimChange::Incident { before, after } => {
            json!({"field": "incident", "before": before, "after": after})
        }
        ClaimChange::AsOf { before, after } => {
            json!({"field": "as_of", "before": before, "after": after})
        }
        ClaimChange::Figures {
            metric,
            before,
            after,
        } => {
            json!({"field": "figures", "metric": metric, "before": specs(before), "after": specs(after)})
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_text_and_attributes() {
        assert_eq!(
            escape(r#"<script>alert('x')</script> & "q""#),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert!(is_web_link("https://example.org/a?b=c"));
        assert!(!is_web_link("javascript:alert(1)"));
        assert!(!is_web_link("https://example.org/a b"));
    }
}
