//! TLS to a PostgreSQL server, through rustls with the ring provider, so that the binary
//! links no OpenSSL: building needs only the Rust toolchain, and starting up loads no
//! libssl. The modes keep libpq's meaning: `prefer` (the default) encrypts whenever the
//! server offers TLS and goes on in plain text when it does not, `require` encrypts without checking who
//! answers (desk servers often have self-signed certificates), `verify-ca` checks that an
//! authority the user trusts signed the certificate, `verify-full` checks that and the
//! host name. rustls always checks both, so the first two get verifiers of their own
//! here; every mode still checks the handshake's signatures, so the session is bound to
//! whatever certificate the server showed. When the server's certificate is refused,
//! [`refusal`] turns rustls's error into one line saying what was wrong and what to do.

use std::io;
use std::path::Path;
use std::sync::Arc;

use anyhow::{anyhow, Context, Result};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::{verify_server_cert_signed_by_trust_anchor, WebPkiServerVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, WebPkiSupportedAlgorithms};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::server::ParsedCertificate;
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore};
use rustls::{Error as TlsError, SignatureScheme};
use tokio_postgres_rustls::MakeRustlsConnect;

/// How the connection is to be secured, from `sslmode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tls {
    /// No TLS (`disable`, `allow`; `prefer` on a Unix socket, which carries none).
    Off,
    /// Encrypted when the server offers TLS, plain when it does not (`prefer`, libpq's
    /// default and ours); the certificate is checked as for `require`.
    Prefer,
    /// Encrypted, the certificate not checked (`require`); as in libpq, a root certificate
    /// given with `sslrootcert` makes it `verify-ca`.
    Require,
    /// Encrypted, the certificate chain checked (`verify-ca`).
    VerifyCa,
    /// Encrypted, chain and host name checked (`verify-full`).
    VerifyFull,
}

/// The TLS connector for `mode`, or `None` when the connection is not to be encrypted.
/// `root_cert` is `sslrootcert`: a PEM file of the authorities to trust, or `system` (as
/// in libpq 16) for the system's; without it, `verify-ca` and `verify-full` trust the
/// system's authorities.
pub(super) fn connector(mode: Tls, root_cert: Option<&Path>) -> Result<Option<MakeRustlsConnect>> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let algorithms = provider.signature_verification_algorithms;
    let verifier: Arc<dyn ServerCertVerifier> = match (mode, root_cert) {
        (Tls::Off, _) => return Ok(None),
        (Tls::Prefer | Tls::Require, None) => Arc::new(ChainCheck {
            roots: None,
            algorithms,
        }),
        (Tls::Prefer | Tls::Require | Tls::VerifyCa, _) => Arc::new(ChainCheck {
            roots: Some(roots(root_cert)?),
            algorithms,
        }),
        (Tls::VerifyFull, _) => WebPkiServerVerifier::builder_with_provider(
            Arc::new(roots(root_cert)?),
            provider.clone(),
        )
        .build()
        .context("cannot set up TLS certificate checks")?,
    };
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .context("cannot set up TLS")?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    Ok(Some(MakeRustlsConnect::new(config)))
}

/// The authorities to trust: those in the PEM file `sslrootcert` names, or the system's.
fn roots(root_cert: Option<&Path>) -> Result<RootCertStore> {
    let mut roots = RootCertStore::empty();
    match root_cert.filter(|p| *p != Path::new("system")) {
        Some(path) => {
            let unreadable = |e: rustls::pki_types::pem::Error| {
                anyhow!(
                    "cannot read the root certificate {} (sslrootcert): {e}; give the path of the certificate authority's PEM file",
                    path.display()
                )
            };
            let certs = CertificateDer::pem_file_iter(path)
                .map_err(unreadable)?
                .collect::<Result<Vec<_>, _>>()
                .map_err(unreadable)?;
            if certs.is_empty() {
                return Err(anyhow!(
                    "{} (sslrootcert) holds no PEM certificate; give the certificate authority's certificate, the file that starts with -----BEGIN CERTIFICATE-----",
                    path.display()
                ));
            }
            for cert in certs {
                roots.add(cert).with_context(|| {
                    format!(
                        "{} (sslrootcert) holds a certificate that cannot be used as a root",
                        path.display()
                    )
                })?;
            }
        }
        None => {
            let found = rustls_native_certs::load_native_certs();
            let (added, _) = roots.add_parsable_certificates(found.certs);
            if added == 0 {
                let why = found
                    .errors
                    .first()
                    .map_or_else(|| "none found".to_string(), ToString::to_string);
                return Err(anyhow!(
                    "cannot load the system's root certificates to check the server's ({why}); give the server's certificate authority with sslrootcert=PATH"
                ));
            }
        }
    }
    Ok(roots)
}

/// The certificate check of `require` (no roots: any certificate) and of `verify-ca`
/// (roots: the chain must lead to one of them, whatever host name the certificate is
/// for). Handshake signatures are checked either way.
#[derive(Debug)]
struct ChainCheck {
    roots: Option<RootCertStore>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for ChainCheck {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, TlsError> {
        if let Some(roots) = &self.roots {
            let cert = ParsedCertificate::try_from(end_entity)?;
            verify_server_cert_signed_by_trust_anchor(
                &cert,
                roots,
                intermediates,
                now,
                self.algorithms.all,
            )?;
        }
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, TlsError> {
        verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, TlsError> {
        verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// When a connection failed because TLS did: what went wrong, and what to do about it.
/// `None` for every other failure.
pub(super) fn refusal(err: &postgres::Error, root_cert: Option<&Path>) -> Option<(String, String)> {
    let mut source = std::error::Error::source(err);
    while let Some(e) = source {
        // tokio-rustls hands rustls's error on inside an io::Error, whose own source()
        // skips it: look inside.
        let inner = e
            .downcast_ref::<io::Error>()
            .and_then(|io| io.get_ref())
            .and_then(|inner| inner.downcast_ref::<TlsError>())
            .or_else(|| e.downcast_ref::<TlsError>());
        if let Some(tls) = inner {
            return Some(explain(tls, root_cert));
        }
        if e.to_string() == "server does not support TLS" {
            return Some((
                "the server does not accept TLS connections here (none over a Unix socket)"
                    .to_string(),
                "use sslmode=disable on a socket or a trusted network, or ask the server's administrator to turn ssl on"
                    .to_string(),
            ));
        }
        source = e.source();
    }
    None
}

fn explain(err: &TlsError, root_cert: Option<&Path>) -> (String, String) {
    let trusted = match root_cert.filter(|p| *p != Path::new("system")) {
        Some(path) => format!("the root certificate {}", path.display()),
        None => "the system's root certificates".to_string(),
    };
    let unchecked =
        "or, to encrypt without checking the certificate, sslmode=require without sslrootcert";
    let (problem, hint) = match err {
        TlsError::InvalidCertificate(CertificateError::UnknownIssuer) => (
            format!("the server's certificate is not signed by an authority in {trusted}"),
            format!("give the authority that signed it with sslrootcert=PATH, {unchecked}"),
        ),
        TlsError::InvalidCertificate(CertificateError::NotValidForNameContext {
            expected,
            presented,
        }) => (
            format!(
                "the server's certificate is for {}, not for {}",
                presented
                    .iter()
                    .map(|name| bare_name(name))
                    .collect::<Vec<_>>()
                    .join(", "),
                expected.to_str()
            ),
            "connect by a name the certificate is for, or use sslmode=verify-ca to check only who signed it".to_string(),
        ),
        TlsError::InvalidCertificate(CertificateError::NotValidForName) => (
            "the server's certificate is not for the host connected to".to_string(),
            "connect by a name the certificate is for, or use sslmode=verify-ca to check only who signed it".to_string(),
        ),
        TlsError::InvalidCertificate(
            CertificateError::Expired | CertificateError::ExpiredContext { .. },
        ) => (
            "the server's certificate has expired".to_string(),
            format!("ask the server's administrator to renew it, {unchecked}"),
        ),
        TlsError::InvalidCertificate(
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. },
        ) => (
            "the server's certificate is not valid yet".to_string(),
            "check this computer's clock".to_string(),
        ),
        TlsError::InvalidCertificate(_) => (
            format!("the server's certificate was refused ({err})"),
            format!("check {trusted} and the server's certificate, {unchecked}"),
        ),
        other => (
            format!("the TLS handshake failed ({other})"),
            "check that the server's TLS settings accept TLS 1.2 or 1.3".to_string(),
        ),
    };
    (problem, hint)
}

/// A name rustls presents as `DnsName("localhost")` or `IpAddress(127.0.0.1)`, bare.
fn bare_name(presented: &str) -> &str {
    presented
        .split_once('(')
        .and_then(|(_, rest)| rest.strip_suffix(')'))
        .map_or(presented, |inner| inner.trim_matches('"'))
}

#[cfg(test)]
mod tests {
    use super::bare_name;

    #[test]
    fn presented_names_are_shown_bare() {
        assert_eq!(bare_name("DnsName(\"localhost\")"), "localhost");
        assert_eq!(bare_name("IpAddress(127.0.0.1)"), "127.0.0.1");
        assert_eq!(bare_name("desk.example"), "desk.example");
    }
}
