//! How a person names one row of a claim's record on the command line: `claim:3`,
//! `status:12`, `evidence:4`, `correction:2`. `history` shows each row under that name,
//! and `correct` and `erase` take it, so that what a reader sees is what they type.

use std::fmt;

use super::record::ERASABLE;

/// The kinds of row a person can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// A claim itself (its text, quote, translation).
    Claim,
    /// A status change.
    Status,
    /// A piece of evidence.
    Evidence,
    /// A correction of a status change or of evidence.
    Correction,
}

impl RowKind {
    /// Every kind, in the order messages list them.
    pub const ALL: [RowKind; 4] = [
        RowKind::Claim,
        RowKind::Status,
        RowKind::Evidence,
        RowKind::Correction,
    ];

    /// The word before the colon.
    pub fn word(self) -> &'static str {
        match self {
            RowKind::Claim => "claim",
            RowKind::Status => "status",
            RowKind::Evidence => "evidence",
            RowKind::Correction => "correction",
        }
    }

    /// The table the row lives in.
    pub fn table(self) -> &'static str {
        match self {
            RowKind::Claim => "claim",
            RowKind::Status => "status_change",
            RowKind::Evidence => "evidence",
            RowKind::Correction => "correction",
        }
    }

    /// The kind of the rows of `table`, if a person names them.
    pub fn from_table(table: &str) -> Option<RowKind> {
        RowKind::ALL.into_iter().find(|k| k.table() == table)
    }

    /// What a row of this kind is called in a sentence.
    pub fn noun(self) -> &'static str {
        match self {
            RowKind::Claim => "a claim",
            RowKind::Status => "a status change",
            RowKind::Evidence => "a piece of evidence",
            RowKind::Correction => "a correction",
        }
    }

    /// The fields of such a row that an erasure may clear (see [`ERASABLE`]).
    pub fn erasable(self) -> Vec<&'static str> {
        ERASABLE
            .iter()
            .filter(|(table, _)| *table == self.table())
            .map(|(_, field)| *field)
            .collect()
    }
}

/// One row, as a person names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowRef {
    /// Its kind.
    pub kind: RowKind,
    /// Its id in its table.
    pub id: i64,
}

impl RowRef {
    /// Reads `status:12` (also `status_change:12`), forgiving case and blanks.
    pub fn parse(text: &str) -> Result<RowRef, String> {
        let bad = || {
            format!(
                "'{text}' names no row; write KIND:ID with KIND one of {}, as the ROW column of `crosscheck history CLAIM` shows (e.g. status:12)",
                RowKind::ALL.map(RowKind::word).join(", ")
            )
        };
        let (word, id) = text.trim().split_once(':').ok_or_else(bad)?;
        let word = word.trim().to_lowercase();
        let kind = RowKind::ALL
            .into_iter()
            .find(|k| k.word() == word || k.table() == word)
            .ok_or_else(bad)?;
        let id = id.trim();
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        let id: i64 = id.parse().map_err(|_| bad())?;
        if id < 1 {
            return Err(bad());
        }
        Ok(RowRef { kind, id })
    }
}

impl RowRef {
    /// The row `id` of `table`, named as a person names it; `table:id` for a table whose
    /// rows are not named so.
    pub fn name(table: &str, id: i64) -> String {
        match RowKind::from_table(table) {
            Some(kind) => RowRef { kind, id }.to_string(),
            None => format!("{table}:{id}"),
        }
    }
}

impl fmt::Display for RowRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.kind.word(), self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_named_and_read_back() {
        for kind in RowKind::ALL {
            assert_eq!(RowKind::from_table(kind.table()), Some(kind));
            let row = RowRef { kind, id: 12 };
            assert_eq!(RowRef::parse(&row.to_string()), Ok(row));
        }
        assert_eq!(
            RowRef::parse(" Status_Change : 7 "),
            Ok(RowRef {
                kind: RowKind::Status,
                id: 7
            })
        );
        for bad in [
            "12",
            "status",
            "status:",
            "status:x",
            "status:-1",
            "status:0",
            "figure:3",
            "status:99999999999999999999",
        ] {
            assert!(RowRef::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_free_text_is_erasable() {
        assert_eq!(RowKind::Claim.erasable(), ["text", "quote", "translation"]);
        assert_eq!(RowKind::Status.erasable(), ["note"]);
        assert_eq!(RowKind::Evidence.erasable(), ["note", "url"]);
        assert_eq!(RowKind::Correction.erasable(), ["value", "why"]);
    }
}
