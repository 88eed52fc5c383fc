//! `metric`: the vocabulary as a desk reads it (which names a figure may use, what each
//! counts, in what unit, and who added it), and what `metric add` recorded.

use serde::Serialize;

use super::{done, json};
use crate::model::metric::Part;
use crate::model::metric::{MetricData, Vocabulary, BASES, BREAKDOWNS};
use crate::render::{Block, Output, Table, SCHEMA_VERSION};

/// One name of the vocabulary, as JSON.
#[derive(Serialize)]
struct MetricView<'a> {
    name: &'a str,
    part: &'a str,
    description: &'a str,
    unit: &'a str,
    built_in: bool,
    added_by: Option<&'a str>,
    added_at: Option<&'a str>,
}

#[derive(Serialize)]
struct ListView<'a> {
    schema_version: u32,
    metrics: Vec<MetricView<'a>>,
}

fn is_built_in(part: Part, name: &str) -> bool {
    let table = match part {
        Part::Base => BASES,
        Part::Breakdown => BREAKDOWNS,
    };
    table.iter().any(|(n, _, _)| *n == name)
}

/// `metric list`.
pub fn list(vocabulary: &Vocabulary) -> Output {
    let metrics: Vec<MetricView<'_>> = vocabulary
        .all()
        .iter()
        .map(|m| MetricView {
            name: &m.name,
            part: m.part.as_str(),
            description: &m.description,
            unit: &m.unit,
            built_in: is_built_in(m.part, &m.name),
            added_by: m.added.as_ref().map(|a| a.who.as_str()),
            added_at: m.added.as_ref().map(|a| a.at.as_str()),
        })
        .collect();
    let header = ["name", "part", "description", "unit", "added"];
    let mut table = Table::new(&header);
    let mut csv = Table::new(&header);
    for m in &metrics {
        let added = match (m.added_by, m.added_at) {
            (Some(who), Some(at)) => format!("{who}, {at}"),
            _ => "built-in".to_string(),
        };
        for out in [&mut table, &mut csv] {
            out.push(vec![
                m.name.into(),
                m.part.into(),
                m.description.into(),
                m.unit.into(),
                added.clone().into(),
            ]);
        }
    }
    Output {
        json: json(ListView {
            schema_version: SCHEMA_VERSION,
            metrics,
        }),
        blocks: vec![Block::Table(table)],
        csv,
    }
}

/// What `metric add` wrote, as JSON.
#[derive(Serialize)]
struct Added<'a> {
    schema_version: u32,
    name: &'a str,
    part: &'a str,
    description: &'a str,
    unit: &'a str,
    /// Whether the name was known and got a new description or unit.
    redescribed: bool,
}

/// `metric add`: `known` when the name was in the vocabulary before.
pub fn added(data: &MetricData, known: bool) -> Output {
    let verb = if known { "redescribed" } else { "added" };
    done(
        format!(
            "{verb} the {} '{}' ({}): {}",
            data.part.as_str(),
            data.part.written(&data.name),
            data.unit,
            data.description
        ),
        Added {
            schema_version: SCHEMA_VERSION,
            name: &data.name,
            part: data.part.as_str(),
            description: &data.description,
            unit: &data.unit,
            redescribed: known,
        },
    )
}
