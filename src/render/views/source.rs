//! `source add|list|show|edit|alias|merge`: a source with how much of the ledger rests on
//! it, as a row of the list, as a page of fields with its claims, and as JSON.

use serde::Serialize;

use super::claim::claim_table;
use super::{counted, done, json, opt};
use crate::model::listing::SourceListing;
use crate::model::Claim;
use crate::render::{Block, Output, Table, SCHEMA_VERSION};

/// A source in JSON.
#[derive(Serialize)]
struct SourceView<'a> {
    id: i64,
    name: &'a str,
    aliases: &'a [String],
    kind: &'static str,
    grade: Option<&'static str>,
    notes: Option<&'a str>,
    claims: i64,
    relayed: i64,
    created_at: &'a str,
}

impl SourceView<'_> {
    fn new(l: &SourceListing) -> SourceView<'_> {
        SourceView {
            id: l.source.id,
            name: &l.source.name,
            aliases: &l.source.aliases,
            kind: l.source.kind.as_str(),
            grade: l.source.grade.map(|g| g.as_str()),
            notes: l.source.notes.as_deref(),
            claims: l.claims,
            relayed: l.relayed,
            created_at: &l.source.created_at,
        }
    }
}

/// `source show` in JSON: the source and the ids of the claims it made or relayed.
#[derive(Serialize)]
struct SourceShown<'a> {
    #[serde(flatten)]
    source: SourceView<'a>,
    schema_version: u32,
    claim_ids: Vec<i64>,
}

/// The confirmation of `source add`.
pub fn added(l: &SourceListing) -> Output {
    done(
        format!("recorded source {} ({})", l.source.id, l.source.name),
        SourceView::new(l),
    )
}

/// The confirmation of `source edit`.
pub fn updated(l: &SourceListing) -> Output {
    done(
        format!("updated source {} ({})", l.source.id, l.source.name),
        SourceView::new(l),
    )
}

/// The confirmation of `source alias`.
pub fn aliased(l: &SourceListing, alias: &str) -> Output {
    done(
        format!("'{}' is now also known as '{alias}'", l.source.name),
        SourceView::new(l),
    )
}

/// What `source merge` moved.
pub struct Merged<'a> {
    /// The name of the source merged away.
    pub from: &'a str,
    /// Claims whose origin moved.
    pub claims: i64,
    /// Claims whose via moved.
    pub relayed: i64,
    /// Names that became aliases.
    pub aliases: i64,
}

/// The confirmation of `source merge`.
pub fn merged(m: &Merged<'_>, into: &SourceListing) -> Output {
    done(
        format!(
            "merged '{}' into '{}': {} and {} moved, {} kept as {}",
            m.from,
            into.source.name,
            counted(m.claims, "claim", "claims"),
            counted(m.relayed, "relayed claim", "relayed claims"),
            counted(m.aliases, "name", "names"),
            if m.aliases == 1 {
                "an alias"
            } else {
                "aliases"
            }
        ),
        SourceView::new(into),
    )
}

/// `source list`.
pub fn list(sources: &[SourceListing]) -> Output {
    let mut table = Table::new(&[
        "id", "name", "aliases", "kind", "grade", "claims", "relayed",
    ]);
    for l in sources {
        let s = &l.source;
        table.push(vec![
            s.id.to_string().into(),
            s.name.clone().into(),
            s.aliases.join("; ").into(),
            s.kind.as_str().into(),
            s.grade.map(|g| g.as_str()).unwrap_or("-").into(),
            super::grouped(l.claims).into(),
            super::grouped(l.relayed).into(),
        ]);
    }
    Output {
        json: json(sources.iter().map(SourceView::new).collect::<Vec<_>>()),
        blocks: vec![Block::Table(table)],
        csv: csv(sources),
    }
}

fn csv(sources: &[SourceListing]) -> Table {
    let mut csv = Table::new(&[
        "id", "name", "aliases", "kind", "grade", "notes", "claims", "relayed",
    ]);
    for l in sources {
        let s = &l.source;
        csv.push(vec![
            s.id.to_string().into(),
            s.name.clone().into(),
            s.aliases.join("; ").into(),
            s.kind.as_str().into(),
            s.grade.map(|g| g.as_str()).unwrap_or("").into(),
            s.notes.clone().unwrap_or_default().into(),
            l.claims.to_string().into(),
            l.relayed.to_string().into(),
        ]);
    }
    csv
}

/// `source show`.
pub fn show(l: &SourceListing, claims: &[Claim]) -> Output {
    let s = &l.source;
    let grade = match s.grade {
        Some(g) => format!("{g} ({})", g.meaning()),
        None => "- (not graded)".to_string(),
    };
    let fields = vec![
        ("source".to_string(), format!("{} ({})", s.name, s.id)),
        (
            "aliases".to_string(),
            if s.aliases.is_empty() {
                "-".into()
            } else {
                s.aliases.join("; ")
            },
        ),
        ("kind".to_string(), s.kind.as_str().to_string()),
        ("grade".to_string(), grade),
        ("notes".to_string(), opt(&s.notes)),
        (
            "claims".to_string(),
            format!("{} made, {} relayed", l.claims, l.relayed),
        ),
    ];
    let mut blocks = vec![Block::Fields(fields)];
    if !claims.is_empty() {
        blocks.push(Block::Table(claim_table(claims)));
    }
    Output {
        json: json(SourceShown {
            source: SourceView::new(l),
            schema_version: SCHEMA_VERSION,
            claim_ids: claims.iter().map(|c| c.id).collect(),
        }),
        blocks,
        csv: csv(std::slice::from_ref(l)),
    }
}

/// Two sources whose names are one name to a reader: the same after Unicode
/// normalisation and case folding, or alike in look (another script's letter, an
/// invisible character). The ledger refuses new ones; these came in before that, or
/// behind crosscheck's back, and wait for a person to merge them. Its fields are the
/// JSON and CSV columns of `source list --twins`.
#[derive(Debug, Clone, Serialize)]
pub struct Twins {
    /// The older source's id.
    pub source_id: i64,
    /// Its name.
    pub source_name: String,
    /// Its name or alias that meets the twin's.
    pub source_matched: String,
    /// The newer source's id.
    pub twin_id: i64,
    /// Its name.
    pub twin_name: String,
    /// Its name or alias that meets the older source's.
    pub twin_matched: String,
    /// `same_name` (another Unicode form or letter case) or `look_alike`.
    pub relation: &'static str,
    /// How the twin's name differs (`character 2 is 'е' (U+0435) where …`).
    pub difference: String,
}

/// A twin as the table names it: its id and name, and the alias that matched when it is
/// not the name.
fn twin_cell(id: i64, name: &str, matched: &str) -> String {
    if name == matched {
        format!("{id} {name}")
    } else {
        format!("{id} {name} (alias '{matched}')")
    }
}

/// `source list --twins`.
pub fn twins(pairs: &[Twins]) -> Output {
    let mut table = Table::new(&["source", "twin", "relation", "how the twin differs"]);
    let mut csv = Table::new(&[
        "source_id",
        "source_name",
        "source_matched",
        "twin_id",
        "twin_name",
        "twin_matched",
        "relation",
        "difference",
    ]);
    for t in pairs {
        table.push(vec![
            twin_cell(t.source_id, &t.source_name, &t.source_matched).into(),
            twin_cell(t.twin_id, &t.twin_name, &t.twin_matched).into(),
            t.relation.replace('_', " ").into(),
            t.difference.clone().into(),
        ]);
        csv.push(vec![
            t.source_id.to_string().into(),
            t.source_name.clone().into(),
            t.source_matched.clone().into(),
            t.twin_id.to_string().into(),
            t.twin_name.clone().into(),
            t.twin_matched.clone().into(),
            t.relation.into(),
            t.difference.clone().into(),
        ]);
    }
    let blocks = if pairs.is_empty() {
        vec![Block::Text(
            "No twins: no two sources have names that are the same or look alike.".to_string(),
        )]
    } else {
        vec![
            Block::Table(table),
            Block::Text(format!(
                "{} to look at; when a pair is one source, `crosscheck source merge TWIN_ID SOURCE_ID` keeps both names.",
                counted(pairs.len() as i64, "pair", "pairs")
            )),
        ]
    };
    Output {
        json: json(pairs),
        blocks,
        csv,
    }
}
