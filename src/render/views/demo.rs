//! `demo`: the comparison of the Atmé raid it has just built, framed by where the ledger
//! is and what to try next.

use serde::Serialize;

use super::compare::{compare, ComparisonView};
use super::{counted, json};
use crate::model::compare::Comparison;
use crate::model::{Incident, Tolerance};
use crate::render::{Block, Output};

/// `demo` in JSON: the comparison, and where the ledger is.
#[derive(Serialize)]
struct DemoView<'a> {
    #[serde(flatten)]
    comparison: ComparisonView<'a>,
    db: &'a str,
}

/// `demo`: `db` is the ledger as it may be printed, `claims` how many were recorded.
pub fn built(db: &str, claims: usize, incident: &Incident, comparison: &Comparison) -> Output {
    let mut output = compare(incident, comparison, Tolerance::DEFAULT, false);
    output.blocks.insert(
        0,
        Block::Text(format!(
            "Built the Atmé raid case in {db}: 6 sources, 2 articles, {}, 4 verdicts.",
            counted(claims as i64, "claim", "claims")
        )),
    );
    output.blocks.push(Block::Text(format!(
        "Explore it:\n  crosscheck --db {db} claim list\n  crosscheck --db {db} claim show 2\n  crosscheck --db {db} compare atme-raid --format json"
    )));
    output.json = json(DemoView {
        comparison: ComparisonView::new(incident, comparison, Tolerance::DEFAULT),
        db,
    });
    output
}
