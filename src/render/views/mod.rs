//! What each command shows, one file per file of `src/commands`: the JSON documents (typed
//! serde structs whose field names are a public interface, listed in the README), the
//! tables people read and the CSV rows. A command gathers domain values and calls its
//! view here; the view decides every column, heading and field name, so that output
//! changes in one place and the snapshot tests pin it.

use serde::Serialize;
use serde_json::Value;

use super::{Block, Cell, Output, Table};

pub mod article;
pub mod claim;
pub mod compare;
pub mod demo;
pub mod desk;
pub mod extract;
pub mod incident;
pub mod info;
pub mod lint;
pub mod log;
pub mod metric;
pub mod record;
pub mod review;
pub mod search;
pub mod source;
pub mod status;
pub mod verify;

/// A JSON document as [`Output`] carries it. Serialising our own plain structs cannot
/// fail; serde_json keeps their field order (`preserve_order`).
fn json(value: impl Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// An optional text as a table shows it: `-` when absent.
fn opt(text: &Option<String>) -> String {
    text.clone().unwrap_or_else(|| "-".to_string())
}

/// A count as a table shows it, thousands grouped: `11,300`, `1,234,567`. JSON and CSV
/// carry the plain number.
pub fn grouped(n: i64) -> String {
    group_digits(&n.to_string())
}

/// Text with every run of four or more digits grouped by thousands (`~280000` becomes
/// `~280,000`): for texts made of counts only, such as a figure as stated, never for
/// dates or ids.
pub fn group_digits(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        let n = digits.len();
        for (i, d) in digits.chars().enumerate() {
            if i > 0 && n >= 4 && (n - i) % 3 == 0 {
                out.push(',');
            }
            out.push(d);
        }
        digits.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            flush(&mut digits, &mut out);
            out.push(c);
        }
    }
    flush(&mut digits, &mut out);
    out
}

/// A count with its noun agreeing in number, grouped by thousands: `1 claim`,
/// `2 claims`, `11,300 rows`.
pub fn counted(n: impl Into<i64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{} {}", grouped(n), if n == 1 { one } else { many })
}

/// A flag as a table shows it, in red when set.
fn yes_no(flag: bool) -> Cell {
    Cell::alert(if flag { "YES" } else { "no" }, flag)
}

/// A one-line confirmation of a write, with what was written as JSON for scripts.
pub fn done(message: String, written: impl Serialize) -> Output {
    let mut csv = Table::new(&["message"]);
    csv.push(vec![message.clone().into()]);
    Output {
        json: json(written),
        blocks: vec![Block::Text(message)],
        csv,
    }
}

/// `init`, as JSON: the ledger and the schema version it is at.
#[derive(Serialize)]
pub struct Initialised<'a> {
    /// The ledger as it may be printed (no password).
    pub db: &'a str,
    /// Its schema version.
    pub schema_version: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(grouped(13), "13");
        assert_eq!(grouped(1200), "1,200");
        assert_eq!(grouped(11300), "11,300");
        assert_eq!(grouped(1234567), "1,234,567");
        assert_eq!(grouped(-5000), "-5,000");
        assert_eq!(group_digits("~280000"), "~280,000");
        assert_eq!(group_digits(">=10000..120000"), ">=10,000..120,000");
        assert_eq!(group_digits("800..999"), "800..999");
        assert_eq!(counted(1, "claim", "claims"), "1 claim");
        assert_eq!(counted(0, "claim", "claims"), "0 claims");
        assert_eq!(counted(11300, "row", "rows"), "11,300 rows");
    }
}
