//! `incident add|list|show|edit`: an incident with its claim count, as a row of the list, as a
//! page of fields with its claims, and as JSON.

use serde::Serialize;

use super::claim::claim_table;
use super::{done, json, opt};
use crate::model::listing::IncidentListing;
use crate::model::{Claim, Incident};
use crate::render::{Block, Cell, Output, Table, SCHEMA_VERSION};

/// An incident in JSON.
#[derive(Serialize)]
struct IncidentView<'a> {
    id: i64,
    slug: &'a str,
    title: &'a str,
    date: Option<&'a str>,
    place: Option<&'a str>,
    claims: i64,
    created_at: &'a str,
}

impl IncidentView<'_> {
    fn new(i: &Incident, claims: i64) -> IncidentView<'_> {
        IncidentView {
            id: i.id,
            slug: &i.slug,
            title: &i.title,
            date: i.date.as_deref(),
            place: i.place.as_deref(),
            claims,
            created_at: &i.created_at,
        }
    }
}

/// `incident show` in JSON: the incident and the ids of its claims.
#[derive(Serialize)]
struct IncidentShown<'a> {
    #[serde(flatten)]
    incident: IncidentView<'a>,
    schema_version: u32,
    claim_ids: Vec<i64>,
}

/// The confirmation of `incident add`.
pub fn added(i: &Incident) -> Output {
    done(
        format!("recorded incident {} ({})", i.id, i.slug),
        IncidentView::new(i, 0),
    )
}

/// `incident edit` in JSON: the incident as edited and the fields that changed.
#[derive(Serialize)]
struct IncidentEdited<'a> {
    #[serde(flatten)]
    incident: IncidentView<'a>,
    changed: &'a [&'static str],
}

/// The confirmation of `incident edit`: the fields that changed.
pub fn edited(l: &IncidentListing, changed: &[&'static str]) -> Output {
    let i = &l.incident;
    done(
        format!(
            "updated incident {} ({}): {}",
            i.id,
            i.slug,
            changed.join(", ")
        ),
        IncidentEdited {
            incident: IncidentView::new(i, l.claims),
            changed,
        },
    )
}

/// The rows of the list: `-` for an absent value and counts grouped by thousands in the
/// table (`empty` is `-`), an empty cell and plain counts in CSV.
fn rows(incidents: &[IncidentListing], empty: &str) -> Table {
    let mut table = Table::new(&["id", "slug", "title", "date", "place", "claims"]);
    for l in incidents {
        let i = &l.incident;
        let row: Vec<Cell> = vec![
            i.id.to_string().into(),
            i.slug.clone().into(),
            i.title.clone().into(),
            i.date.clone().unwrap_or_else(|| empty.into()).into(),
            i.place.clone().unwrap_or_else(|| empty.into()).into(),
            if empty.is_empty() {
                l.claims.to_string()
            } else {
                super::grouped(l.claims)
            }
            .into(),
        ];
        table.push(row);
    }
    table
}

/// `incident list`.
pub fn list(incidents: &[IncidentListing]) -> Output {
    Output {
        json: json(
            incidents
                .iter()
                .map(|l| IncidentView::new(&l.incident, l.claims))
                .collect::<Vec<_>>(),
        ),
        blocks: vec![Block::Table(rows(incidents, "-"))],
        csv: rows(incidents, ""),
    }
}

/// `incident show`.
pub fn show(i: &Incident, claims: &[Claim]) -> Output {
    let fields = vec![
        ("incident".to_string(), format!("{} ({})", i.slug, i.id)),
        ("title".to_string(), i.title.clone()),
        ("date".to_string(), opt(&i.date)),
        ("place".to_string(), opt(&i.place)),
        ("claims".to_string(), claims.len().to_string()),
    ];
    let mut blocks = vec![Block::Fields(fields)];
    if !claims.is_empty() {
        blocks.push(Block::Table(claim_table(claims)));
    }
    Output {
        json: json(IncidentShown {
            incident: IncidentView::new(i, claims.len() as i64),
            schema_version: SCHEMA_VERSION,
            claim_ids: claims.iter().map(|c| c.id).collect(),
        }),
        blocks,
        csv: rows(
            &[IncidentListing {
                incident: i.clone(),
                claims: claims.len() as i64,
            }],
            "",
        ),
    }
}
