//! `info`, the health check: what it says must be what the database says, on both
//! backends, and on the TLS server whether the connection is really encrypted (as the
//! server's own `pg_stat_ssl` reports it).

use crate::tls::{tls_server, Ledger};
use crate::{assert_success, claim, seeded, TestEnv};

/// The record's head as `verify` reports it.
fn verified_head(env: &TestEnv) -> String {
    let v = env.json(&["verify"]);
    v["head"].as_str().expect("head").to_string()
}

#[test]
fn info_names_the_backend_the_schema_and_the_chain_heads() {
    let env = seeded();
    let id = claim(&env, "SOHR", &["killed.children=4"]).to_string();
    env.ok(&["status", &id, "in_progress"]);
    env.ok(&[
        "evidence",
        "add",
        &id,
        "--url",
        "https://example.org/e",
        "--supports",
    ]);
    let info = env.json(&["info"]);
    let head = verified_head(&env);
    assert_eq!(info["record"]["head"], head.as_str());
    let entries = info["record"]["ledger_entries"].as_i64().expect("entries");
    assert!(
        entries >= 3,
        "sources, an article, an incident, checkpoints: {info}"
    );
    // A ledger made since the record's version 2 has no version-1 rows.
    assert_eq!(info["status_change"]["last_id"], 0);
    assert_eq!(info["evidence"]["last_id"], 0);
    assert_eq!(info["ledger_schema_version"], 6);
    let table = env.ok(&["info"]);
    assert!(
        table.contains(&format!(
            "record's ledger head  {entries} entries, head {head}"
        )),
        "{table}"
    );
    match env.pg() {
        Some(pg) => {
            assert_eq!(info["backend"], "postgresql");
            assert_eq!(info["database"], pg.name.as_str());
            assert_eq!(info["role"], crate::PG_ROLE);
            // The suite's server is reached over its Unix socket: no TLS there.
            assert_eq!(info["tls"], false);
            assert!(
                info["server_version"]
                    .as_str()
                    .is_some_and(|v| v.starts_with("1")),
                "{info}"
            );
            assert!(table.contains("TLS                   off"), "{table}");
            assert!(info.get("journal_mode").is_none(), "{info}");
        }
        None => {
            assert_eq!(info["backend"], "sqlite");
            assert_eq!(info["journal_mode"], "wal");
            assert!(info["role"].is_null() && info["tls"].is_null(), "{info}");
            let bytes = std::fs::metadata(&env.db).expect("file").len();
            assert_eq!(info["file_bytes"], bytes);
            assert!(table.contains("journal mode          wal"), "{table}");
        }
    }
}

#[test]
fn info_on_an_sqlite_file_shows_its_path_size_and_journal_mode() {
    // What only a file has, on a file whatever the suite runs on.
    let env = TestEnv::empty_sqlite();
    env.ok(&["init"]);
    let out = env.ok(&["info"]);
    let path = env.db.display().to_string();
    assert!(
        out.contains(&format!("ledger                {path}")),
        "{out}"
    );
    assert!(out.contains("backend               sqlite"), "{out}");
    assert!(out.contains("journal mode          wal"), "{out}");
    assert!(!out.contains("TLS"), "{out}");
    let (_, rows) = env.csv(&["info"]);
    assert!(rows.iter().any(|r| r[0] == "file size"), "{rows:?}");
}

#[test]
fn info_on_the_tls_server_says_whether_the_connection_is_encrypted() {
    let Some(server) = tls_server() else { return };
    let ledger = Ledger::new();
    let url = ledger.url(&server, "127.0.0.1", "");
    assert_success(&["init"], &ledger.run(&url, &["init"]));
    // The default (prefer) encrypts; pg_stat_ssl, which info reads, says so.
    let out = ledger.run(&url, &["--format", "json", "info"]);
    assert_success(&["info"], &out);
    let info: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(info["tls"], true, "{info}");
    assert!(
        info["tls_protocol"]
            .as_str()
            .is_some_and(|p| p.starts_with("TLSv1.")),
        "{info}"
    );
    assert!(
        info["db"].as_str().is_some_and(|d| d.contains(":***@")),
        "{info}"
    );
    let plain = ledger.url(&server, "127.0.0.1", "sslmode=disable");
    let out = ledger.run(&plain, &["--format", "json", "info"]);
    assert_success(&["info"], &out);
    let info: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(info["tls"], false, "{info}");
    assert!(info["tls_protocol"].is_null(), "{info}");
    let out = ledger.run(&url, &["info"]);
    assert!(
        out.stdout.contains("TLS                   on (TLSv1."),
        "{}",
        out.stdout
    );
}
