//! `info`: at a glance, which database a command talks to, as whom, with or without TLS,
//! at which schema version and where its hash chains stand, so that a desk can check
//! its setup before it relies on it.

use serde::Serialize;

use super::json;
use crate::model::chain::GENESIS;
use crate::render::{Block, Output, Table, SCHEMA_VERSION};

/// What `info` found, as the command gathers it.
pub struct Info<'a> {
    /// `sqlite` or `postgresql`.
    pub backend: &'a str,
    /// The ledger as it may be printed: a file's path, or the address without password.
    pub db: &'a str,
    /// The server's (or the SQLite library's) version.
    pub server_version: &'a str,
    /// The database's name, or the file's path.
    pub database: &'a str,
    /// The database role acting, on a server.
    pub role: Option<&'a str>,
    /// Whether the connection is encrypted, on a server; `None` for a file.
    pub tls: Option<bool>,
    /// Its TLS protocol, when encrypted.
    pub tls_protocol: Option<&'a str>,
    /// The ledger's schema version.
    pub ledger_schema_version: i64,
    /// The record's head: the ledger chain's last entry, position and hash.
    pub record_head: Option<(i64, &'a str)>,
    /// The last status change hashed by version 1, id and hash.
    pub history_head: Option<(i64, &'a str)>,
    /// The last evidence hashed by version 1, id and hash.
    pub evidence_head: Option<(i64, &'a str)>,
    /// For a file: its size in bytes.
    pub file_bytes: Option<u64>,
    /// For a file: its journal mode.
    pub journal_mode: Option<&'a str>,
}

/// A chain's head in JSON: the id of its last row (0 when empty) and the hash the next
/// row links to.
#[derive(Serialize)]
struct Head<'a> {
    last_id: i64,
    head: &'a str,
}

/// `info` in JSON.
#[derive(Serialize)]
struct InfoView<'a> {
    schema_version: u32,
    backend: &'a str,
    db: &'a str,
    server_version: &'a str,
    database: &'a str,
    role: Option<&'a str>,
    tls: Option<bool>,
    tls_protocol: Option<&'a str>,
    ledger_schema_version: i64,
    record: RecordHead<'a>,
    status_change: Head<'a>,
    evidence: Head<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    file_bytes: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    journal_mode: Option<&'a str>,
}

/// The record's head in JSON: how many entries the ledger's chain holds and the hash of
/// the last, which vouches for every entry sealed before it.
#[derive(Serialize)]
struct RecordHead<'a> {
    ledger_entries: i64,
    head: &'a str,
}

fn head(h: Option<(i64, &str)>) -> Head<'_> {
    match h {
        Some((last_id, head)) => Head { last_id, head },
        None => Head {
            last_id: 0,
            head: GENESIS,
        },
    }
}

/// `info`.
pub fn info(i: &Info<'_>) -> Output {
    let chain = |h: Option<(i64, &str)>| {
        let h = head(h);
        format!("{} rows, head {}", h.last_id, h.head)
    };
    let mut fields: Vec<(String, String)> = vec![
        ("backend".into(), i.backend.into()),
        ("ledger".into(), i.db.into()),
        ("server version".into(), i.server_version.into()),
        ("database".into(), i.database.into()),
    ];
    if let Some(role) = i.role {
        fields.push(("acting role".into(), role.into()));
    }
    if let Some(tls) = i.tls {
        let text = match (tls, i.tls_protocol) {
            (true, Some(p)) => format!("on ({p})"),
            (true, None) => "on".to_string(),
            (false, _) => "off".to_string(),
        };
        fields.push(("TLS".into(), text));
    }
    fields.push(("schema version".into(), i.ledger_schema_version.to_string()));
    let record = head(i.record_head);
    fields.push((
        "record's ledger head".into(),
        format!("{} entries, head {}", record.last_id, record.head),
    ));
    // The version-1 chains: rows hashed before the ledger was brought to the record's
    // version 2 (none in a ledger made since).
    fields.push(("history chain (v1)".into(), chain(i.history_head)));
    fields.push(("evidence chain (v1)".into(), chain(i.evidence_head)));
    if let Some(bytes) = i.file_bytes {
        fields.push(("file size".into(), format!("{bytes} bytes")));
    }
    if let Some(mode) = i.journal_mode {
        fields.push(("journal mode".into(), mode.into()));
    }
    let mut csv = Table::new(&["field", "value"]);
    for (name, value) in &fields {
        csv.push(vec![name.clone().into(), value.clone().into()]);
    }
    Output {
        json: json(InfoView {
            schema_version: SCHEMA_VERSION,
            backend: i.backend,
            db: i.db,
            server_version: i.server_version,
            database: i.database,
            role: i.role,
            tls: i.tls,
            tls_protocol: i.tls_protocol,
            ledger_schema_version: i.ledger_schema_version,
            record: RecordHead {
                ledger_entries: record.last_id,
                head: record.head,
            },
            status_change: head(i.history_head),
            evidence: head(i.evidence_head),
            file_bytes: i.file_bytes,
            journal_mode: i.journal_mode,
        }),
        blocks: vec![Block::Fields(fields)],
        csv,
    }
}
