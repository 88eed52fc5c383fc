//! `lint`: what stops an incident's report from going out, as a table of findings (each
//! with the name that `lint --ack` takes, and whether it was acknowledged) or a line
//! saying it is ready, and as JSON for a newsroom's CI.

use serde::Serialize;

use super::{counted, done, json};
use crate::model::publication::finding_name;
use crate::render::{Block, Cell, Output, Table};

/// Who let a finding pass, when, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Acknowledged {
    /// Who acknowledged it.
    pub who: String,
    /// When.
    pub at: String,
    /// Why.
    pub note: String,
}

/// One thing that stops publication, unless acknowledged.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// Its name: check, incident, what it is about and the claims involved (see
    /// [`finding_name`]); what `lint --ack` takes.
    pub name: String,
    /// The incident's slug.
    pub incident: String,
    /// The claim at fault, when one is.
    pub claim: Option<i64>,
    /// Which check found it (`verdict_without_evidence`, `no_origin`, …).
    pub check: &'static str,
    /// The metric it is about, when one.
    pub metric: Option<String>,
    /// Every claim involved, by id.
    pub claims: Vec<i64>,
    /// What is wrong and how to put it right.
    pub detail: String,
    /// Set when the desk acknowledged this very finding: it no longer blocks.
    pub acknowledged: Option<Acknowledged>,
}

impl Finding {
    /// A finding of `check` about `incident`, its `metric` (when it is about one) and
    /// `claims`; named by all of them.
    pub fn new(
        check: &'static str,
        incident: &str,
        metric: Option<&str>,
        claims: Vec<i64>,
        detail: String,
    ) -> Finding {
        Finding {
            name: finding_name(check, incident, metric, &claims),
            incident: incident.to_string(),
            claim: match claims.as_slice() {
                [one] => Some(*one),
                _ => None,
            },
            check,
            metric: metric.map(str::to_string),
            claims,
            detail,
            acknowledged: None,
        }
    }

    /// Names the finding by `about` (a pair of sources, say) where a metric would go.
    pub fn about(mut self, about: &str) -> Finding {
        self.name = finding_name(self.check, &self.incident, Some(about), &self.claims);
        self
    }

    /// Whether it stops publication: not acknowledged.
    pub fn blocks(&self) -> bool {
        self.acknowledged.is_none()
    }
}

/// `lint` in JSON.
#[derive(Serialize)]
struct LintView<'a> {
    scope: &'a str,
    ready: bool,
    claims: usize,
    findings: &'a [Finding],
}

/// `lint`: `scope` is an incident's slug or "the ledger", `claims` how many were checked.
pub fn lint(scope: &str, claims: usize, findings: &[Finding]) -> Output {
    let blocking = findings.iter().filter(|f| f.blocks()).count();
    let acknowledged = findings.len() - blocking;
    let view = LintView {
        scope,
        ready: blocking == 0,
        claims,
        findings,
    };
    let mut table = Table::new(&["finding", "state", "detail"]).nowrap(&[0, 1]);
    let mut csv = Table::new(&[
        "finding",
        "incident",
        "check",
        "metric",
        "claims",
        "state",
        "detail",
        "acknowledged_by",
        "acknowledged_at",
        "note",
    ]);
    for f in findings {
        let state = if f.blocks() { "blocks" } else { "acknowledged" };
        let detail = match &f.acknowledged {
            Some(a) => format!(
                "{} (acknowledged by {} at {}: {})",
                f.detail, a.who, a.at, a.note
            ),
            None => f.detail.clone(),
        };
        table.push(vec![
            f.name.clone().into(),
            Cell::alert(state, f.blocks()),
            detail.into(),
        ]);
        let ids: Vec<String> = f.claims.iter().map(i64::to_string).collect();
        let ack = |field: fn(&Acknowledged) -> &str| {
            f.acknowledged
                .as_ref()
                .map_or(String::new(), |a| field(a).to_string())
        };
        csv.push(vec![
            f.name.clone().into(),
            f.incident.clone().into(),
            f.check.into(),
            f.metric.clone().unwrap_or_default().into(),
            ids.join(",").into(),
            state.into(),
            f.detail.clone().into(),
            ack(|a| &a.who).into(),
            ack(|a| &a.at).into(),
            ack(|a| &a.note).into(),
        ]);
    }
    if blocking > 0 {
        return Output {
            json: json(view),
            blocks: vec![Block::Table(table)],
            csv,
        };
    }
    let message = if acknowledged == 0 {
        format!(
            "{scope} is ready to publish: {} checked, nothing found",
            counted(claims as i64, "claim", "claims")
        )
    } else {
        format!(
            "{scope} is ready to publish: {} checked, {} acknowledged",
            counted(claims as i64, "claim", "claims"),
            counted(acknowledged as i64, "finding", "findings")
        )
    };
    let mut output = done(message, view);
    if acknowledged > 0 {
        output.blocks.push(Block::Table(table));
        output.csv = csv;
    }
    output
}

/// `lint --ack`, in JSON: the finding acknowledged and what still blocks.
#[derive(Serialize)]
struct AcknowledgedView<'a> {
    incident: &'a str,
    finding: &'a str,
    note: &'a str,
    still_blocking: Vec<&'a str>,
}

/// `lint INCIDENT --ack FINDING --note WHY`: what was recorded, and what still stops the
/// incident (`findings` as they stand after it).
pub fn acknowledged(incident: &str, finding: &str, note: &str, findings: &[Finding]) -> Output {
    let still: Vec<&str> = findings
        .iter()
        .filter(|f| f.blocks())
        .map(|f| f.name.as_str())
        .collect();
    let rest = if still.is_empty() {
        format!("{incident} is ready to publish")
    } else {
        format!(
            "{} still stop{} {incident} from being published",
            counted(still.len() as i64, "finding", "findings"),
            if still.len() == 1 { "s" } else { "" }
        )
    };
    done(
        format!("acknowledged {finding}; {rest}"),
        AcknowledgedView {
            incident,
            finding,
            note,
            still_blocking: still,
        },
    )
}
