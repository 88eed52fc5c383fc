//! `config`, `review` and `claim assign`: the ledger's settings as a desk reads them,
//! and the confirmations of reviews and assignments, as tables, JSON and CSV.

use serde::Serialize;

use super::{done, json};
use crate::model::review::{Decision, Setting, SETTINGS};
use crate::model::Status;
use crate::render::{Block, Output, Table, SCHEMA_VERSION};

/// One setting, as JSON.
#[derive(Serialize)]
struct SettingView<'a> {
    name: &'a str,
    value: &'a str,
    values: Vec<&'static str>,
    set_by: Option<&'a str>,
    set_at: Option<&'a str>,
}

impl<'a> SettingView<'a> {
    fn new(s: &'a Setting) -> SettingView<'a> {
        SettingView {
            name: &s.name,
            value: &s.value,
            values: SETTINGS
                .iter()
                .find(|(n, _, _)| *n == s.name)
                .map(|(_, values, _)| values.to_vec())
                .unwrap_or_default(),
            set_by: s.who.as_deref(),
            set_at: s.at.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct SettingsView<'a> {
    schema_version: u32,
    settings: Vec<SettingView<'a>>,
}

/// `config show`.
pub fn settings(settings: &[Setting]) -> Output {
    let header = ["name", "value", "values", "set"];
    let mut table = Table::new(&header);
    let mut csv = Table::new(&["name", "value", "values", "set_by", "set_at"]);
    let views: Vec<SettingView<'_>> = settings.iter().map(SettingView::new).collect();
    for s in &views {
        let set = match (s.set_by, s.set_at) {
            (Some(who), Some(at)) => format!("{who}, {at}"),
            _ => "default".to_string(),
        };
        table.push(vec![
            s.name.into(),
            s.value.into(),
            s.values.join(", ").into(),
            set.into(),
        ]);
        csv.push(vec![
            s.name.into(),
            s.value.into(),
            s.values.join(" ").into(),
            s.set_by.unwrap_or_default().into(),
            s.set_at.unwrap_or_default().into(),
        ]);
    }
    Output {
        json: json(SettingsView {
            schema_version: SCHEMA_VERSION,
            settings: views,
        }),
        blocks: vec![Block::Table(table)],
        csv,
    }
}

/// `config get`: the value alone, for scripts.
pub fn setting(s: &Setting) -> Output {
    done(s.value.clone(), SettingView::new(s))
}

/// What `config set` did.
#[derive(Serialize)]
struct SetView<'a> {
    name: &'a str,
    value: &'a str,
    was: &'a str,
    changed: bool,
    who: &'a str,
    at: &'a str,
}

/// The confirmation of `config set`.
pub fn set(name: &str, was: &str, value: &str, who: &str, at: &str) -> Output {
    let changed = was != value;
    let message = if changed {
        format!("{name} is now {value} (was {was})")
    } else {
        format!("{name} is already {value}; nothing changed")
    };
    done(
        message,
        SetView {
            name,
            value,
            was,
            changed,
            who,
            at,
        },
    )
}

/// One review, as `review approve` and `review reject` confirm it.
#[derive(Serialize)]
pub struct Reviewed {
    /// The claim.
    pub claim: i64,
    /// The verdict reviewed.
    pub verdict: Status,
    /// Who set it.
    pub set_by: String,
    /// Approved or rejected.
    pub decision: Decision,
    /// The reviewer.
    pub who: String,
    /// When.
    pub at: String,
    /// The claim's status now (in_progress after a rejection).
    pub status: Status,
}

/// The confirmation of `review approve | reject`: a line each, a JSON array.
pub fn reviewed(done_: &[Reviewed]) -> Output {
    let lines: Vec<String> = done_
        .iter()
        .map(|r| match r.decision {
            Decision::Approved => format!(
                "claim {}: verdict {} (set by {}) approved by {}",
                r.claim, r.verdict, r.set_by, r.who
            ),
            Decision::Rejected => format!(
                "claim {}: verdict {} (set by {}) rejected by {}; back to {}",
                r.claim, r.verdict, r.set_by, r.who, r.status
            ),
        })
        .collect();
    done(lines.join("\n"), done_)
}

/// What `claim assign` did.
#[derive(Serialize)]
struct AssignedView<'a> {
    claims: &'a [i64],
    assignee: Option<&'a str>,
    who: &'a str,
    at: &'a str,
}

/// The confirmation of `claim assign`.
pub fn assigned(claims: &[i64], assignee: Option<&str>, who: &str, at: &str) -> Output {
    let ids: Vec<String> = claims.iter().map(i64::to_string).collect();
    let noun = if claims.len() == 1 { "claim" } else { "claims" };
    let message = match assignee {
        Some(name) => format!("{noun} {} assigned to {name}", ids.join(", ")),
        None => format!("{noun} {} assigned to nobody", ids.join(", ")),
    };
    done(
        message,
        AssignedView {
            claims,
            assignee,
            who,
            at,
        },
    )
}
