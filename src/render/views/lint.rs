//! `lint`: what stops an incident's report from going out, as a table of findings or a
//! line saying it is ready, and as JSON for a newsroom's CI.

use serde::Serialize;

use super::{counted, done, json};
use crate::render::{Block, Cell, Output, Table};

/// One thing that stops publication.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// The incident's slug.
    pub incident: String,
    /// The claim at fault, when one is.
    pub claim: Option<i64>,
    /// Which check found it (`verdict_without_evidence`, `no_origin`, …).
    pub check: &'static str,
    /// What is wrong and how to put it right.
    pub detail: String,
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
    let view = LintView {
        scope,
        ready: findings.is_empty(),
        claims,
        findings,
    };
    if findings.is_empty() {
        return done(
            format!(
                "{scope} is ready to publish: {} checked, nothing found",
                counted(claims as i64, "claim", "claims")
            ),
            view,
        );
    }
    let mut table = Table::new(&["incident", "claim", "check", "detail"]).nowrap(&[0, 1, 2]);
    for f in findings {
        table.push(vec![
            f.incident.clone().into(),
            f.claim.map_or("-".to_string(), |c| c.to_string()).into(),
            Cell::alert(f.check, true),
            f.detail.clone().into(),
        ]);
    }
    Output {
        json: json(view),
        blocks: vec![Block::Table(table.clone())],
        csv: table,
    }
}
