//! `correct` and `erase`: the confirmations, which say what now stands in a field's
//! place and that the earlier row stays (a correction) or that its digest does (an
//! erasure), and what they wrote, as JSON.

use serde::Serialize;

use super::done;
use crate::render::Output;

/// One field that `correct` put right.
#[derive(Serialize)]
pub struct CorrectedField {
    /// The correction's id.
    pub correction: i64,
    /// The correction as a row name: `correction:2`.
    pub row: String,
    /// `note`, `url` or `stance`.
    pub field: &'static str,
    /// The value readers see now.
    pub value: String,
    /// The value they saw before.
    pub previous: Option<String>,
}

/// What `correct` did.
#[derive(Serialize)]
pub struct Corrected<'a> {
    /// The claim the corrected row belongs to.
    pub claim: i64,
    /// The corrected row: `status:12`, `evidence:4`.
    pub row: String,
    /// Each field corrected, one correction each.
    pub corrections: Vec<CorrectedField>,
    /// Why.
    pub why: &'a str,
    /// Who.
    pub who: &'a str,
    /// When.
    pub at: &'a str,
}

/// The confirmation of `correct`: each field from before to now, and where the earlier
/// row is still to be read.
pub fn corrected(c: &Corrected<'_>) -> Output {
    let mut lines = vec![format!("corrected {} of claim {}:", c.row, c.claim)];
    for f in &c.corrections {
        let before = match &f.previous {
            Some(p) => format!("{p:?}"),
            None => "none".to_string(),
        };
        lines.push(format!(
            "  {}: {before} → {:?} ({})",
            f.field, f.value, f.row
        ));
    }
    lines.push(format!(
        "{} stays as it was in the history: crosscheck history {}",
        c.row, c.claim
    ));
    done(lines.join("\n"), c)
}

/// What `erase` did.
#[derive(Serialize)]
pub struct Erasure<'a> {
    /// The erasure's id.
    pub erasure: i64,
    /// The claim the text belonged to.
    pub claim: i64,
    /// The row the text was in: `claim:3`, `status:12`.
    pub row: String,
    /// Its field.
    pub field: &'static str,
    /// What stands in the text's place now.
    pub marker: &'a str,
    /// Why.
    pub reason: &'a str,
    /// Who.
    pub who: &'a str,
    /// When.
    pub at: &'a str,
}

/// The confirmation of `erase`.
pub fn erased(e: &Erasure<'_>) -> Output {
    done(
        format!(
            "erased the {} of {} (claim {}): it reads {} now; the record keeps the text's digest, so `crosscheck verify` still passes",
            e.field, e.row, e.claim, e.marker
        ),
        e,
    )
}
