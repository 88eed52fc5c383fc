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
/// (`postgres://user:secret@host`) and in a `password=` parameter. Only those fields
/// change: the same text elsewhere (a host, a database name) stays as it is. Works on
/// any text, for every address in it.
pub fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(scheme_end) = rest.find("://") {
        let start = scheme_end + 3;
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let authority_end = rest
            .find(|c: char| c == '/' || c == '?' || c.is_whitespace())
            .unwrap_or(rest.len());
        if let Some(at) = rest[..authority_end].rfind('@') {
            match rest[..at].find(':') {
                Some(colon) => {
                    out.push_str(&rest[..=colon]);
                    out.push_str("***");
                }
                None => out.push_str(&rest[..at]),
            }
            out.push('@');
            rest = &rest[at + 1..];
        }
    }
    out.push_str(rest);
    redact_password_parameters(&out)
}

/// `password=...` in a query string or in the keyword form, its value hidden.
fn redact_password_parameters(text: &str) -> String {
    let mut result = String::with_capacity(text.len());
    let mut rest = text;
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
/// itself (TLS modes, a root certificate), with libpq's environment filled in.
pub(super) struct Target {
    pub(super) config: Config,
    pub(super) tls: Tls,
    pub(super) root_cert: Option<PathBuf>,
}

/// A libpq environment variable, when set and not empty.
fn pg_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn tls_mode(value: &str, from: &str) -> Result<Tls> {
    Ok(match value {
        "disable" => Tls::Off,
        // libpq's `allow` tries without TLS first; the client has no such retry, so
        // it connects without, as `disable`.
        "allow" => Tls::Off,
        "prefer" => Tls::Prefer,
        "require" => Tls::Require,
        "verify-ca" => Tls::VerifyCa,
        "verify-full" => Tls::VerifyFull,
        other => {
            return Err(StoreError::refused(format!(
                "{from}={other} is not a TLS mode; use disable, prefer, require, verify-ca or verify-full"
            )))
        }
    })
}

pub(super) fn parse_target(url: &str) -> Result<Target> {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let mut kept: Vec<String> = Vec::new();
    let mut tls = None;
    let mut root_cert = None;
    for pair in query.into_iter().flat_map(|q| q.split('&')) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "sslmode" => tls = Some(tls_mode(value, "sslmode")?),
            "sslrootcert" => root_cert = Some(PathBuf::from(percent_decode(value))),
            _ => kept.push(pair.to_string()),
        }
    }
    // As libpq: what the address says, else PGSSLMODE, else `prefer`.
    let tls = match tls {
        Some(t) => t,
        None => match pg_env("PGSSLMODE") {
            Some(mode) => tls_mode(mode.trim(), "PGSSLMODE")?,
            None => Tls::Prefer,
        },
    };
    let root_cert = root_cert.or_else(|| pg_env("PGSSLROOTCERT").map(PathBuf::from));
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
    fill_from_environment(&mut config)?;
    // A Unix socket carries no TLS; `prefer` there is plain, as in libpq, without
    // asking the server first.
    let on_socket = matches!(
        config.get_hosts().first(),
        Some(postgres::config::Host::Unix(_))
    );
    let tls = if tls == Tls::Prefer && on_socket {
        Tls::Off
    } else {
        tls
    };
    config.ssl_mode(match tls {
        Tls::Off => postgres::config::SslMode::Disable,
        Tls::Prefer => postgres::config::SslMode::Prefer,
        Tls::Require | Tls::VerifyCa | Tls::VerifyFull => postgres::config::SslMode::Require,
    });
    Ok(Target {
        config,
        tls,
        root_cert,
    })
}

/// What the address leaves out, from libpq's variables (PGHOST, PGPORT, PGUSER,
/// PGDATABASE, PGAPPNAME) and then libpq's defaults: the local server's socket, the
/// login name, a database of the user's name, and `application_name=crosscheck`, so that
/// `pg_stat_activity` tells crosscheck's connections apart.
fn fill_from_environment(config: &mut Config) -> Result<()> {
    if config.get_ports().is_empty() {
        if let Some(port) = pg_env("PGPORT") {
            let port: u16 = port.trim().parse().map_err(|_| {
                StoreError::refused(format!(
                    "PGPORT={port} is not a port number; set it to the server's port (5432 by default) or unset it"
                ))
            })?;
            config.port(port);
        }
    }
    if config.get_hosts().is_empty() {
        let hosts = pg_env("PGHOST");
        for host in hosts.iter().flat_map(|h| h.split(',')) {
            if host.starts_with('/') {
                config.host_path(host);
            } else {
                config.host(host);
            }
        }
        if config.get_hosts().is_empty() {
            let port = config.get_ports().first().copied().unwrap_or(5432);
            match default_socket_dir(port) {
                Some(dir) => config.host_path(dir),
                None => config.host("localhost"),
            };
        }
    }
    if config.get_user().is_none() {
        if let Some(user) = pg_env("PGUSER")
            .or_else(|| pg_env("USER"))
            .or_else(|| pg_env("LOGNAME"))
        {
            config.user(user.as_str());
        }
    }
    if config.get_dbname().is_none() {
        if let Some(db) = pg_env("PGDATABASE") {
            config.dbname(db.as_str());
        }
    }
    if config.get_application_name().is_none() {
        let name = pg_env("PGAPPNAME").unwrap_or_else(|| "crosscheck".to_string());
        config.application_name(name.as_str());
    }
    Ok(())
}

/// Where a local server's socket is, as Debian's and upstream's libpq look for it.
fn default_socket_dir(port: u16) -> Option<&'static str> {
    ["/var/run/postgresql", "/tmp"]
        .into_iter()
        .find(|dir| Path::new(dir).join(format!(".s.PGSQL.{port}")).exists())
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
    if !private(&file) {
        eprintln!(
            "crosscheck: warning: the password file {} is readable by others and is ignored, as libpq does; make it private with chmod 600 {}",
            file.display(),
            file.display()
        );
        return None;
    }
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

/// Whether only its owner may read the password file (always, where there are no Unix
/// permissions). A file that is not there counts as private: there is nothing to warn of.
fn private(file: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        match std::fs::metadata(file) {
            Ok(meta) => !meta.is_file() || meta.permissions().mode() & 0o077 == 0,
            Err(_) => true,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        true
    }
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

/// An error's whole chain as one message with the password field of every address in it
/// hidden, as [`redact`] hides it. The password's text elsewhere is left alone: replacing
/// every occurrence would garble a host or a word that happens to match it, and point at
/// the password by the gap it leaves.
pub(super) fn scrub(err: anyhow::Error) -> anyhow::Error {
    let text = format!("{err:#}");
    let hidden = redact(&text);
    if hidden == text {
        err
    } else {
        reworded(&err, hidden)
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
    fn redact_hides_only_the_password_field() {
        // A password that is also a word of the message, or a digit of the host.
        assert_eq!(
            redact(
                "cannot connect to postgresql://u:server@127.0.0.1:1/x: check that the server runs"
            ),
            "cannot connect to postgresql://u:***@127.0.0.1:1/x: check that the server runs"
        );
        assert_eq!(
            redact("postgresql://u:1@127.0.0.1:1/x1"),
            "postgresql://u:***@127.0.0.1:1/x1"
        );
    }

    #[test]
    fn redact_hides_every_address_in_a_message() {
        assert_eq!(
            redact("from postgres://a:p1@h/d to postgresql://b:p2@h/e"),
            "from postgres://a:***@h/d to postgresql://b:***@h/e"
        );
    }

    #[test]
    fn pgpass_lines_split_on_unescaped_colons() {
        assert_eq!(
            split_pgpass(r"db:5432:desk:alice:pa\:ss:word"),
            vec!["db", "5432", "desk", "alice", "pa:ss:word"]
        );
    }
}
