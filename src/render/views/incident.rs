//! `incident add|list|show|edit`: an incident with its claim count, as a row of the list, as a
//! page of fields with its claims, and as JSON.

use std::io::{self, Write};

use serde::Serialize;

use super::claim::claim_table;
use super::{done, json, opt};
use crate::model::listing::IncidentListing;
use crate::model::{Claim, Incident};
use crate::render::{Block, Cell, Format, Listing, Output, Style, Table, SCHEMA_VERSION};

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

const HEADERS: &[&str] = &["id", "slug", "title", "date", "place", "claims"];

/// A row of the list: `-` for an absent value and counts grouped by thousands in the
/// table (`empty` is `-`), an empty cell and plain counts in CSV.
fn row(l: &IncidentListing, empty: &str) -> Vec<Cell> {
    let i = &l.incident;
    vec![
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
    ]
}

/// The rows of the list (see [`row`]).
fn rows(incidents: &[IncidentListing], empty: &str) -> Table {
    let mut table = Table::new(HEADERS);
    for l in incidents {
        table.push(row(l, empty));
    }
    table
}

/// `incident list`, all of it at once, as it was written before [`IncidentList`]: what
/// the streamed text is held to.
#[cfg(test)]
fn list(incidents: &[IncidentListing]) -> Output {
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

/// `incident list`, written as the incidents are read (see [`Listing`]).
pub struct IncidentList<W: Write>(Listing<W>);

impl<W: Write> IncidentList<W> {
    /// The list in `format` to `out`.
    pub fn new(out: W, format: Format, style: Style) -> io::Result<IncidentList<W>> {
        let table = Table::new(HEADERS);
        Listing::new(out, format, style, table, HEADERS, None).map(IncidentList)
    }

    /// One incident, in the listing's format only.
    pub fn push(&mut self, l: &IncidentListing) -> io::Result<()> {
        match self.0.format() {
            Format::Json => self.0.json(&IncidentView::new(&l.incident, l.claims)),
            Format::Csv => self.0.csv(&row(l, "")),
            Format::Table => self.0.row(row(l, "-")),
        }
    }

    /// Writes what is left.
    pub fn finish(self) -> io::Result<W> {
        self.0.finish()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::write;

    fn listing(id: i64, date: Option<&str>, claims: i64) -> IncidentListing {
        IncidentListing {
            incident: Incident {
                id,
                slug: format!("incident-{id}"),
                title: format!("US raid in Atmé, \u{202e}north-west Syria, number {id}"),
                date: date.map(str::to_string),
                place: (id % 2 == 0).then(|| "Atmé".to_string()),
                created_at: "2026-11-27T10:00:00Z".to_string(),
            },
            claims,
        }
    }

    /// Written as the incidents are read, every format reads byte for byte as the whole
    /// list: none, and several, at widths that fit and that wrap.
    #[test]
    fn a_streamed_incident_list_writes_what_the_whole_list_writes() {
        let cases = [
            vec![],
            vec![listing(1, Some("2022-02-03"), 1234), listing(2, None, 0)],
        ];
        for incidents in &cases {
            for format in [Format::Json, Format::Csv, Format::Table] {
                for width in [30, 100, 300] {
                    let style = Style {
                        color: false,
                        tty: false,
                        width: Some(width),
                    };
                    let mut expected = Vec::new();
                    write(&mut expected, &list(incidents), format, style).expect("write");
                    let mut shown = IncidentList::new(Vec::new(), format, style).expect("new");
                    for i in incidents {
                        shown.push(i).expect("push");
                    }
                    let streamed = shown.finish().expect("finish");
                    assert_eq!(
                        String::from_utf8(streamed).expect("UTF-8"),
                        String::from_utf8(expected).expect("UTF-8"),
                        "{format:?} at width {width}"
                    );
                }
            }
        }
    }
}
