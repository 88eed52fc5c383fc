//! The hash chain that makes the history tamper-evident. Each status change and each
//! piece of evidence carries SHA-256(previous row's hash, its own canonical content), so
//! that changing, deleting or slipping in a row with another tool breaks every hash after
//! it. A claim's first history row also covers the claim's content and figures, so a
//! rewritten claim is caught too.

use sha2::{Digest, Sha256};

use super::{Figure, Stance, Status};

/// The "previous hash" of the first row of a chain.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hash of a row: SHA-256 over the previous hash, a newline and the row's canonical
/// content, as lowercase hex.
pub fn link(previous: &str, canonical: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(previous.as_bytes());
    hasher.update(b"\n");
    hasher.update(canonical.as_bytes());
    hex(&hasher.finalize())
}

/// Lowercase hex of some bytes.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 15) as usize] as char);
    }
    out
}

/// The content of a claim that its creation row vouches for. The source is left out on
/// purpose: merging two sources re-points claims and is not tampering.
#[derive(Debug, Clone, Copy)]
pub struct ClaimContent<'a> {
    /// The article.
    pub article_id: i64,
    /// The incident.
    pub incident_id: Option<i64>,
    /// The text.
    pub text: &'a str,
    /// The quote.
    pub quote: Option<&'a str>,
    /// The quote's offsets.
    pub quote_span: Option<(i64, i64)>,
    /// The translation.
    pub translation: Option<&'a str>,
    /// The time it speaks for.
    pub as_of: &'a str,
    /// Its figures, in the order recorded.
    pub figures: &'a [Figure],
}

impl ClaimContent<'_> {
    /// A digest of the content.
    pub fn digest(&self) -> String {
        let figures: Vec<String> = self.figures.iter().map(Figure::spec).collect();
        let canonical = serde_json::json!([
            self.article_id,
            self.incident_id,
            self.text,
            self.quote,
            self.quote_span.map(|s| [s.0, s.1]),
            self.translation,
            self.as_of,
            figures,
        ]);
        link(GENESIS, &canonical.to_string())
    }
}

/// A status-change row as the chain sees it.
#[derive(Debug, Clone, Copy)]
pub struct ChangeContent<'a> {
    /// Row id.
    pub id: i64,
    /// The claim.
    pub claim_id: i64,
    /// Status before (None on creation).
    pub from: Option<Status>,
    /// Status after.
    pub to: Status,
    /// Who.
    pub who: &'a str,
    /// When.
    pub at: &'a str,
    /// Why.
    pub note: Option<&'a str>,
    /// On the creation row, the digest of the claim's content.
    pub claim_digest: Option<&'a str>,
}

impl ChangeContent<'_> {
    /// The row's canonical content.
    pub fn canonical(&self) -> String {
        serde_json::json!([
            "status_change",
            self.id,
            self.claim_id,
            self.from.map(Status::as_str),
            self.to.as_str(),
            self.who,
            self.at,
            self.note,
            self.claim_digest,
        ])
        .to_string()
    }
}

/// An evidence row as the chain sees it.
#[derive(Debug, Clone, Copy)]
pub struct EvidenceContent<'a> {
    /// Row id.
    pub id: i64,
    /// The claim.
    pub claim_id: i64,
    /// The status change it came with.
    pub status_change_id: Option<i64>,
    /// Where.
    pub url: &'a str,
    /// Stance.
    pub stance: Stance,
    /// Note.
    pub note: Option<&'a str>,
    /// Who.
    pub who: &'a str,
    /// When.
    pub at: &'a str,
}

impl EvidenceContent<'_> {
    /// The row's canonical content.
    pub fn canonical(&self) -> String {
        serde_json::json!([
            "evidence",
            self.id,
            self.claim_id,
            self.status_change_id,
            self.url,
            self.stance.as_str(),
            self.note,
            self.who,
            self.at,
        ])
        .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_depend_on_everything() {
        let change = ChangeContent {
            id: 1,
            claim_id: 1,
            from: None,
            to: Status::Unverified,
            who: "a",
            at: "t",
            note: None,
            claim_digest: Some("d"),
        };
        let base = link(GENESIS, &change.canonical());
        assert_eq!(base.len(), 64);
        assert_ne!(
            base,
            link(GENESIS, &ChangeContent { who: "b", ..change }.canonical())
        );
        assert_ne!(base, link(&base, &change.canonical()));
        // The separator keeps ("ab", "c") apart from ("a", "bc").
        assert_ne!(link("ab", "c"), link("a", "bc"));
        assert_eq!(hex(&[0, 15, 255]), "000fff");
    }
}
