//! Corrections and erasures as the history holds them. A correction is a new row that
//! puts right one field of an earlier status change or piece of evidence, which stays as
//! it was written: readers show the latest correction in the field's place and list each
//! correction with the value it replaced, so the earlier text stays in view. An erasure
//! replaced a text by a dated marker; readers list who erased what, and why.

/// What a correction puts right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CorrectionTarget {
    /// A status change's note.
    StatusChange,
    /// A piece of evidence's URL, stance or note.
    Evidence,
}

impl CorrectionTarget {
    /// The table it names.
    pub fn table(self) -> &'static str {
        match self {
            CorrectionTarget::StatusChange => "status_change",
            CorrectionTarget::Evidence => "evidence",
        }
    }
}

/// A correction as readers see it: the row and field it puts right, the value it gives
/// and the value it replaced (the previous correction's, else the row's own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    /// Its id.
    pub id: i64,
    /// The claim the corrected row belongs to.
    pub claim_id: i64,
    /// The corrected row's table.
    pub target: CorrectionTarget,
    /// The corrected row.
    pub target_id: i64,
    /// `note`, `url` or `stance`.
    pub field: String,
    /// The value it gives (an erasure's marker when its text was erased).
    pub value: Option<String>,
    /// The value it replaced.
    pub previous: Option<String>,
    /// Why.
    pub why: String,
    /// Who.
    pub who: String,
    /// When.
    pub at: String,
}

/// An erasure as readers see it: which text of which row, who erased it, when and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Erasure {
    /// Its id.
    pub id: i64,
    /// The claim the text belonged to.
    pub claim_id: i64,
    /// The table of the row the text was in (`claim`, `status_change`, `evidence`,
    /// `correction`).
    pub table: String,
    /// That row.
    pub row_id: i64,
    /// The erased field.
    pub field: String,
    /// Why (the marker in the text's place says it too).
    pub reason: String,
    /// Who.
    pub who: String,
    /// When.
    pub at: String,
}
