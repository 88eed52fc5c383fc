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
pub mod extract;
pub mod incident;
pub mod lint;
pub mod log;
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
