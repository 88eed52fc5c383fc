//! Reaching the server: the address as the user writes it (a URL with libpq's
//! `sslmode` and `sslrootcert`), the password from the address, PGPASSWORD or the
//! password file as libpq finds it, the TLS connector, and keeping the password out of
//! every message (`redact`, `scrub`).

use std::path::{Path, PathBuf};

use anyhow::Result;
use postgres::{Client, Config, NoTls};

use super::super::error::reworded;
use super::StoreError;
use crate::store::tls::{self, Tls};

/// Whether `db` names a PostgreSQL server rather than an SQLite file.
pub fn is_postgres_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// The address with its password, if any, replaced by `***`: in the user part
/// (`postgres://user:secret@host`) and in a `password=` parameter.
pub fn redact(url: &str) -> String {
    let mut out = url.to_string();
    if let Some(scheme_end) = out.find("://") {
        let rest_start = scheme_end + 3;
        let authority_end = out[rest_start..]
            .find(['/', '?'])
            .map_or(out.len(), |i| rest_start + i);
        if let Some(at) = out[rest_start..authority_end].rfind('@') {
            let userinfo = &out[rest_start..rest_start + at];
            if let Some(colon) = userinfo.find(':') {
                let start = rest_start + colon + 1;
                out.replace_range(start..rest_start + at, "***");
            }
        }
    }
    // password=... in the query string or in the keyword form.
    let mut result = String::with_capacity(out.len());
    let mut rest = out.as_str();
    while let Some(i) = find_password_key(rest) {
        let value_start = i + "password=".len();
        result.push_str(&rest[..value_start]);
        result.push_str("***");
        let value_len = rest[value_start..]
            .find(['&', ' '])
            .unwrap_or(rest.len() - value_start);
        rest = &rest[value_start + value_len..];
    }
    result.push_str(rest);
    result
}

fn find_password_key(text: &str) -> Option<usize> {
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("password=") {
        let at = from + i;
        let before = lower[..at].chars().last();
        if matches!(before, None | Some('?' | '&' | ' ')) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The address split into what the postgres crate parses and what crosscheck handles
/// itself (TLS modes beyond `require`, a root certificate).
pub(super) struct Target {
    pub(super) config: Config,
    pub(super) tls: Tls,
    pub(super) root_cert: Option<PathBuf>,
}

pub(super) fn parse_target(url: &str) -> Result<Target> {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let mut kept: Vec<String> = Vec::new();
    let mut tls = Tls::Off;
    let mut root_cert = None;
    for pair in query.into_iter().flat_map(|q| q.split('&')) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "sslmode" => {
                tls = match value {
                    "disable" | "allow" | "prefer" => Tls::Off,
                    "require" => Tls::Require,
                    "verify-ca" => Tls::VerifyCa,
                    "verify-full" => Tls::VerifyFull,
                    other => {
                        return Err(StoreError::refused(format!(
                        "sslmode={other} is not a TLS mode; use disable, prefer, require, verify-ca or verify-full"
                    )))
                    }
                };
            }
            "sslrootcert" => root_cert = Some(PathBuf::from(percent_decode(value))),
            _ => kept.push(pair.to_string()),
        }
    }
    let mut rebuilt = base.to_string();
    if !kept.is_empty() {
        rebuilt.push('?');
        rebuilt.push_str(&kept.join("&"));
    }
    let mut config: Config = rebuilt.parse().map_err(|e: postgres::Error| {
        StoreError::refused(format!(
            "{} is not a PostgreSQL address the client understands ({e}); write postgresql://USER@HOST:PORT/DATABASE",
            redact(url)
        ))
    })?;
    if tls != Tls::Off {
        config.ssl_mode(postgres::config::SslMode::Require);
    } else {
        config.ssl_mode(postgres::config::SslMode::Disable);
    }
    Ok(Target {
        config,
        tls,
        root_cert,
    })
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Some(Ok(b)) = text.get(i + 1..i + 3).map(|h| u8::from_str_radix(h, 16)) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The password for a connection that names none: PGPASSWORD, then the password file
/// (PGPASSFILE or ~/.pgpass), as libpq looks for it.
pub(super) fn password_from_environment(config: &Config) -> Option<String> {
    if let Ok(p) = std::env::var("PGPASSWORD") {
        if !p.is_empty() {
            return Some(p);
        }
    }
    let file = std::env::var_os("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".pgpass")))?;
    let text = std::fs::read_to_string(file).ok()?;
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        Some(postgres::config::Host::Unix(_)) | None => "localhost".to_string(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let user = config.get_user().unwrap_or_default().to_string();
    let dbname = config.get_dbname().unwrap_or(&user).to_string();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields = split_pgpass(line);
        if fields.len() != 5 {
            continue;
        }
        let matches = |field: &str, value: &str| field == "*" || field == value;
        if matches(&fields[0], &host)
            && matches(&fields[1], &port)
            && matches(&fields[2], &dbname)
            && matches(&fields[3], &user)
        {
            return Some(fields[4].clone());
        }
    }
    None
}

fn split_pgpass(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let (Some(n), Some(f)) = (chars.next(), fields.last_mut()) {
                    f.push(n);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => {
                if let Some(f) = fields.last_mut() {
                    f.push(c);
                }
            }
        }
    }
    fields
}

/// An error's whole chain as one message with every occurrence of `secret` replaced.
pub(super) fn scrub(err: anyhow::Error, secret: Option<&str>) -> anyhow::Error {
    match secret {
        Some(s) if !s.is_empty() && format!("{err:#}").contains(s) => {
            let text = format!("{err:#}").replace(s, "***");
            reworded(&err, text)
        }
        _ => err,
    }
}

/// Connects to the server with the TLS the address asks for. The outer error is a TLS
/// set-up that failed here (a root certificate that cannot be read); the inner one is the
/// server's answer, which the caller explains.
pub(super) fn connect_client(
    target: &Target,
) -> Result<std::result::Result<Client, postgres::Error>> {
    Ok(
        match tls::connector(target.tls, target.root_cert.as_deref())? {
            None => target.config.connect(NoTls),
            Some(connector) => target.config.connect(connector),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_hides_the_password_in_the_user_part() {
        assert_eq!(
            redact("postgresql://alice:s3cret@db.example.org:5432/desk"),
            "postgresql://alice:***@db.example.org:5432/desk"
        );
        assert_eq!(
            redact("postgres://alice:p%40ss:w@rd@host/desk?sslmode=require"),
            "postgres://alice:***@host/desk?sslmode=require"
        );
    }

    #[test]
    fn redact_hides_a_password_parameter() {
        assert_eq!(
            redact("postgresql:///desk?host=/run/pg&password=hunter2&user=bob"),
            "postgresql:///desk?host=/run/pg&password=***&user=bob"
        );
        assert_eq!(
            redact("postgresql://db/desk?PASSWORD=x"),
            "postgresql://db/desk?PASSWORD=***"
        );
    }

    #[test]
    fn redact_leaves_an_address_without_password_alone() {
        for url in [
            "postgresql://alice@db/desk",
            "postgresql:///desk?host=/tmp/x",
            "postgresql://db/desk?user=a&application_name=pw",
        ] {
            assert_eq!(redact(url), url);
        }
    }

    #[test]
    fn pgpass_lines_split_on_unescaped_colons() {
        assert_eq!(
            split_pgpass(r"db:5432:desk:alice:pa\:ss:word"),
            vec!["db", "5432", "desk", "alice", "pa:ss:word"]
        );
    }
}
