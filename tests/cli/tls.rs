//! TLS to a PostgreSQL server, for real: the binary connects over TCP to the test server
//! that `scripts/with-postgres --tls` starts (ssl=on, a certificate authority and a server
//! certificate made for the run), and the server's own log, with `log_connections`, says
//! whether each connection was encrypted. These run when CROSSCHECK_TEST_PG_TLS is set,
//! as `.ci/run` sets it; otherwise they say on stderr that they were skipped.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::{assert_failure, assert_success, pg_admin_url, pg_url_for, Out, PgDatabase, TestEnv};

/// The TLS test server, as `scripts/with-postgres --tls` describes it.
pub struct TlsServer {
    /// A superuser's address over TCP, with its password.
    pub url: String,
    /// The authority that signed the server's certificate.
    pub ca: PathBuf,
    /// An authority that signed nothing the server shows.
    pub other_ca: PathBuf,
    /// The server's log.
    pub log: PathBuf,
}

/// The TLS test server, or `None` (and a line saying the test was skipped).
pub fn tls_server() -> Option<TlsServer> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    match (
        var("CROSSCHECK_TEST_PG_TLS"),
        var("CROSSCHECK_TEST_PG_TLS_CA"),
        var("CROSSCHECK_TEST_PG_TLS_OTHER_CA"),
        var("CROSSCHECK_TEST_PG_LOG"),
    ) {
        (Some(url), Some(ca), Some(other_ca), Some(log)) => Some(TlsServer {
            url,
            ca: ca.into(),
            other_ca: other_ca.into(),
            log: log.into(),
        }),
        _ => {
            eprintln!(
                "skipped: needs the TLS test server (scripts/with-postgres --tls cargo test --test cli)"
            );
            None
        }
    }
}

/// A database of its own on the TLS server, and a name (`application_name`) that finds
/// this test's connections in the server's log.
pub struct Ledger {
    pub db: PgDatabase,
    pub app: String,
}

impl Ledger {
    pub fn new() -> Ledger {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let app = format!(
            "cc_tls_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        Ledger {
            db: PgDatabase::create("postgres"),
            app,
        }
    }

    /// The database's address on `server`, by `host`, with `params` after it.
    pub fn url(&self, server: &TlsServer, host: &str, params: &str) -> String {
        let url = pg_url_for(&server.url, &user_and_password(&server.url), &self.db.name);
        let url = url.replacen("@127.0.0.1:", &format!("@{host}:"), 1);
        format!("{url}?application_name={}&{params}", self.app)
    }

    /// Runs the binary against `url` (the role is who acts, as on any server).
    pub fn run(&self, url: &str, args: &[&str]) -> Out {
        self.run_with(url, args, &[])
    }

    /// As [`Ledger::run`], with environment variables set (or removed, when empty), in
    /// a folder of its own that is also HOME, so that no password file of the machine's
    /// is read.
    pub fn run_with(&self, url: &str, args: &[&str], vars: &[(&str, &str)]) -> Out {
        let env = TestEnv::empty_sqlite();
        let mut cmd = env.command(args);
        cmd.env("CROSSCHECK_DB", url)
            .env("HOME", env.dir())
            .env_remove("CROSSCHECK_USER");
        for name in PG_VARIABLES {
            cmd.env_remove(name);
        }
        for (name, value) in vars {
            if value.is_empty() {
                cmd.env_remove(name);
            } else {
                cmd.env(name, value);
            }
        }
        TestEnv::run_command(cmd, None)
    }

    /// What the server logged as each of this test's connections was authorized: one
    /// line per connection, which ends in `SSL enabled (…)` for an encrypted one.
    pub fn connections(&self, server: &TlsServer) -> Vec<String> {
        let log = std::fs::read_to_string(&server.log)
            .unwrap_or_else(|e| panic!("cannot read the server log {}: {e}", server.log.display()));
        let marker = format!("application_name={}", self.app);
        log.lines()
            .filter(|l| l.contains("connection authorized:"))
            .filter(|l| l.split_whitespace().any(|word| word == marker.as_str()))
            .map(str::to_string)
            .collect()
    }
}

/// The libpq variables crosscheck reads; the tests start without any of them.
pub const PG_VARIABLES: &[&str] = &[
    "PGHOST",
    "PGPORT",
    "PGUSER",
    "PGDATABASE",
    "PGAPPNAME",
    "PGPASSWORD",
    "PGPASSFILE",
    "PGSSLMODE",
    "PGSSLROOTCERT",
];

/// `user:password` of an address, for [`pg_url_for`], which puts it back as it was.
pub fn user_and_password(url: &str) -> String {
    url.split_once("://")
        .and_then(|(_, rest)| rest.rsplit_once('@'))
        .map(|(userinfo, _)| userinfo.to_string())
        .expect("the TLS server's address names its user")
}

pub fn password(url: &str) -> String {
    user_and_password(url)
        .split_once(':')
        .map(|(_, p)| p.to_string())
        .expect("the TLS server's address has a password")
}

#[test]
fn sslmode_require_encrypts_the_connection() {
    let Some(server) = tls_server() else { return };
    let ledger = Ledger::new();
    let url = ledger.url(&server, "127.0.0.1", "sslmode=require");
    // The server's certificate is signed by an authority nobody trusts: `require`
    // encrypts without checking, as libpq's does.
    assert_success(&["init"], &ledger.run(&url, &["init"]));
    let out = ledger.run(&url, &["claim", "list"]);
    assert_success(&["claim", "list"], &out);
    let connections = ledger.connections(&server);
    assert!(
        connections.len() >= 2,
        "no connections logged: {connections:?}"
    );
    for line in &connections {
        assert!(
            line.contains("SSL enabled (protocol=TLSv1."),
            "a connection with sslmode=require was not encrypted: {line}"
        );
    }
}

#[test]
fn sslmode_disable_does_not_encrypt() {
    let Some(server) = tls_server() else { return };
    let ledger = Ledger::new();
    let url = ledger.url(&server, "127.0.0.1", "sslmode=disable");
    assert_success(&["init"], &ledger.run(&url, &["init"]));
    let connections = ledger.connections(&server);
    assert!(!connections.is_empty(), "no connection logged");
    for line in &connections {
        assert!(
            !line.contains("SSL enabled"),
            "a connection with sslmode=disable was encrypted: {line}"
        );
    }
}

#[test]
fn verify_full_with_the_servers_authority_connects_encrypted() {
    let Some(server) = tls_server() else { return };
    let ledger = Ledger::new();
    let ca = server.ca.display().to_string();
    // By address (the certificate names 127.0.0.1) and by name (it names localhost).
    for host in ["127.0.0.1", "localhost"] {
        let url = ledger.url(
            &server,
            host,
            &format!("sslmode=verify-full&sslrootcert={ca}"),
        );
        let args: &[&str] = if host == "localhost" {
            &["claim", "list"]
        } else {
            &["init"]
        };
        assert_success(args, &ledger.run(&url, args));
    }
    let connections = ledger.connections(&server);
    assert!(
        connections.len() >= 2,
        "no connections logged: {connections:?}"
    );
    for line in &connections {
        assert!(
            line.contains("SSL enabled (protocol=TLSv1."),
            "a connection with sslmode=verify-full was not encrypted: {line}"
        );
    }
}

#[test]
fn a_root_certificate_that_did_not_sign_the_servers_is_refused() {
    let Some(server) = tls_server() else { return };
    let ledger = Ledger::new();
    let other = server.other_ca.display().to_string();
    // verify-ca and verify-full check the authority; `require` does too when given a
    // root certificate, as libpq's does.
    for mode in ["verify-full", "verify-ca", "require"] {
        let url = ledger.url(
            &server,
            "127.0.0.1",
            &format!("sslmode={mode}&sslrootcert={other}"),
        );
        let out = ledger.run(&url, &["init"]);
        let line = assert_failure(&["init", mode], &out, 1);
        assert!(
            line.contains(&format!(
                "the server's certificate is not signed by an authority in the root certificate {other}; give the authority that signed it with sslrootcert=PATH"
            )),
            "sslmode={mode}: {line}"
        );
        assert!(
            !line.contains(&password(&server.url)),
            "the password was printed: {line}"
        );
    }
    assert!(
        ledger.connections(&server).is_empty(),
        "a refused connection reached the database: {:?}",
        ledger.connections(&server)
    );
}

#[test]
fn verify_full_refuses_a_host_the_certificate_is_not_for_and_verify_ca_accepts_it() {
    let Some(server) = tls_server() else { return };
    let ledger = Ledger::new();
    let ca = server.ca.display().to_string();
    // The name is what TLS checks; hostaddr is where the connection goes.
    let url = |mode: &str| {
        ledger.url(
            &server,
            "desk.invalid",
            &format!("hostaddr=127.0.0.1&sslmode={mode}&sslrootcert={ca}"),
        )
    };
    let line = assert_failure(&["init"], &ledger.run(&url("verify-full"), &["init"]), 1);
    assert!(
        line.contains("the server's certificate is for localhost, 127.0.0.1, not for desk.invalid; connect by a name the certificate is for, or use sslmode=verify-ca"),
        "{line}"
    );
    assert_success(&["init"], &ledger.run(&url("verify-ca"), &["init"]));
}

#[test]
fn a_root_certificate_file_that_is_missing_or_not_pem_is_named() {
    let Some(server) = tls_server() else { return };
    let ledger = Ledger::new();
    let env = TestEnv::empty_sqlite();
    let missing = env.dir().join("no-such-ca.pem");
    let not_pem = env.file("notes.txt", b"not a certificate\n");
    for (path, expected) in [
        (&missing, "cannot read the root certificate"),
        (&not_pem, "holds no PEM certificate"),
    ] {
        let url = ledger.url(
            &server,
            "127.0.0.1",
            &format!("sslmode=verify-full&sslrootcert={}", path.display()),
        );
        let line = assert_failure(&["init"], &ledger.run(&url, &["init"]), 1);
        assert!(
            line.contains(expected) && line.contains(&path.display().to_string()),
            "{line}"
        );
    }
}

#[test]
fn sslmode_require_on_a_unix_socket_says_a_socket_is_not_encrypted() {
    let Some(admin) = pg_admin_url() else {
        eprintln!(
            "skipped: runs only against PostgreSQL (scripts/with-postgres cargo test --test cli)"
        );
        return;
    };
    let env = TestEnv::empty_sqlite();
    let url = format!("{admin}&sslmode=require");
    let mut cmd = env.command(&["claim", "list"]);
    cmd.env("CROSSCHECK_DB", &url).env_remove("CROSSCHECK_USER");
    let line = assert_failure(&["claim", "list"], &TestEnv::run_command(cmd, None), 1);
    assert!(
        line.contains("the server does not accept TLS connections here (none over a Unix socket); use sslmode=disable on a socket"),
        "{line}"
    );
}

#[test]
fn without_sslmode_the_connection_is_encrypted_when_the_server_offers_tls() {
    let Some(server) = tls_server() else { return };
    let ledger = Ledger::new();
    // No sslmode: libpq's default, `prefer`, encrypts whenever the server offers TLS.
    let url = ledger.url(&server, "127.0.0.1", "");
    assert_success(&["init"], &ledger.run(&url, &["init"]));
    assert_success(&["claim", "list"], &ledger.run(&url, &["claim", "list"]));
    let url = ledger.url(&server, "127.0.0.1", "sslmode=prefer");
    assert_success(&["claim", "list"], &ledger.run(&url, &["claim", "list"]));
    let connections = ledger.connections(&server);
    assert!(connections.len() >= 3, "{connections:?}");
    for line in &connections {
        assert!(
            line.contains("SSL enabled (protocol=TLSv1."),
            "a connection without sslmode was not encrypted: {line}"
        );
    }
}

#[test]
fn pgsslmode_applies_where_the_address_names_no_sslmode() {
    let Some(server) = tls_server() else { return };
    let ledger = Ledger::new();
    let bare = ledger.url(&server, "127.0.0.1", "");
    assert_success(&["init"], &ledger.run(&bare, &["init"]));
    let before = ledger.connections(&server).len();
    let out = ledger.run_with(&bare, &["claim", "list"], &[("PGSSLMODE", "disable")]);
    assert_success(&["claim", "list"], &out);
    let connections = ledger.connections(&server);
    assert_eq!(connections.len(), before + 1, "{connections:?}");
    assert!(
        !connections[before].contains("SSL enabled"),
        "PGSSLMODE=disable was not honoured: {}",
        connections[before]
    );
    // The address wins over the variable.
    let required = ledger.url(&server, "127.0.0.1", "sslmode=require");
    let out = ledger.run_with(&required, &["claim", "list"], &[("PGSSLMODE", "disable")]);
    assert_success(&["claim", "list"], &out);
    let connections = ledger.connections(&server);
    assert!(
        connections[before + 1].contains("SSL enabled"),
        "sslmode=require in the address lost to PGSSLMODE: {}",
        connections[before + 1]
    );
    // PGSSLROOTCERT: the authority that signed the certificate is accepted, another not.
    let ca = server.ca.to_str().expect("path");
    let other = server.other_ca.to_str().expect("path");
    let out = ledger.run_with(
        &bare,
        &["claim", "list"],
        &[("PGSSLMODE", "verify-full"), ("PGSSLROOTCERT", ca)],
    );
    assert_success(&["claim", "list"], &out);
    let out = ledger.run_with(
        &bare,
        &["claim", "list"],
        &[("PGSSLMODE", "verify-full"), ("PGSSLROOTCERT", other)],
    );
    let line = assert_failure(&["claim", "list"], &out, 1);
    assert!(
        line.contains("not signed by an authority in the root certificate"),
        "{line}"
    );
    let out = ledger.run_with(&bare, &["claim", "list"], &[("PGSSLMODE", "sometimes")]);
    let line = assert_failure(&["claim", "list"], &out, 2);
    assert!(
        line.contains("PGSSLMODE=sometimes is not a TLS mode"),
        "{line}"
    );
}

#[test]
fn prefer_on_a_unix_socket_connects_without_tls_and_without_error() {
    if pg_admin_url().is_none() {
        eprintln!(
            "skipped: runs only against PostgreSQL (scripts/with-postgres cargo test --test cli)"
        );
        return;
    }
    // The suite's ledgers are on the server's socket; their addresses name no sslmode.
    let env = TestEnv::new();
    let socket = env.db.to_str().expect("address").to_string();
    assert!(socket.contains("?host=/"), "{socket}");
    for (url, mode) in [
        (format!("{socket}&sslmode=prefer"), ""),
        (socket.clone(), ""),
        (socket.clone(), "prefer"),
    ] {
        let mut cmd = env.command(&["claim", "list"]);
        cmd.env("CROSSCHECK_DB", &url);
        if mode.is_empty() {
            cmd.env_remove("PGSSLMODE");
        } else {
            cmd.env("PGSSLMODE", mode);
        }
        assert_success(&["claim", "list"], &TestEnv::run_command(cmd, None));
    }
}
