//! The domain, pure: what a source, an article, an incident, a claim and a figure are,
//! how a claim moves through verification, and how figures are compared. Nothing here
//! touches the database or the terminal, so all of it is tested directly.

pub mod chain;
pub mod compare;
pub mod correction;
pub mod figure;
pub mod listing;
pub mod log;
pub mod metric;
pub mod names;
pub mod publication;
pub mod quote;
pub mod record;
pub mod review;
pub mod row;
pub mod search;
pub mod status;
pub mod version;

use serde::Serialize;

use figure::string_enum;
pub use figure::{Figure, FigureKind, Interval, Qualifier, Tolerance};
pub use status::Status;

/// What kind of party a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// A government or ministry.
    Government,
    /// An armed force or its spokespeople.
    Military,
    /// A non-governmental organisation, monitor or charity.
    Ngo,
    /// A wire service (Reuters, AFP, AP).
    NewsAgency,
    /// A newspaper, broadcaster or site.
    Outlet,
    /// A named official speaking for an institution.
    Official,
    /// A named individual.
    Person,
    /// Residents, bystanders, survivors.
    Witness,
    /// Unnamed sources.
    Anonymous,
    /// Anything else.
    Other,
}

string_enum!(SourceKind {
    Government => "government",
    Military => "military",
    Ngo => "ngo",
    NewsAgency => "news_agency",
    Outlet => "outlet",
    Official => "official",
    Person => "person",
    Witness => "witness",
    Anonymous => "anonymous",
    Other => "other",
});

/// How far a piece of evidence bears on a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stance {
    /// The evidence supports the claim.
    Supports,
    /// The evidence contradicts the claim.
    Contradicts,
    /// The evidence is background.
    Context,
}

string_enum!(Stance {
    Supports => "supports",
    Contradicts => "contradicts",
    Context => "context",
});

impl Stance {
    /// The stance of evidence given with a status change, read from the verdict.
    pub fn for_status(status: Status) -> Stance {
        match status {
            Status::Verified => Stance::Supports,
            Status::False | Status::Misleading | Status::Retracted => Stance::Contradicts,
            _ => Stance::Context,
        }
    }
}

/// Reliability of a source on the Admiralty (NATO) scale: A completely reliable …
/// E unreliable, F cannot be judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Grade {
    /// Completely reliable.
    A,
    /// Usually reliable.
    B,
    /// Fairly reliable.
    C,
    /// Not usually reliable.
    D,
    /// Unreliable.
    E,
    /// Reliability cannot be judged.
    F,
}

string_enum!(Grade { A => "A", B => "B", C => "C", D => "D", E => "E", F => "F" });

impl Grade {
    /// What the letter means on the Admiralty scale.
    pub fn meaning(self) -> &'static str {
        match self {
            Grade::A => "completely reliable",
            Grade::B => "usually reliable",
            Grade::C => "fairly reliable",
            Grade::D => "not usually reliable",
            Grade::E => "unreliable",
            Grade::F => "reliability cannot be judged",
        }
    }
}

/// The key under which names, aliases, slugs and titles are looked up: trimmed, inner
/// whitespace collapsed, lowercased with Unicode rules (so "ÉTAT" finds "État").
pub fn lookup_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether a name or title is one line of text: no line breaks or other control
/// characters, which would break tables, CSV readers and the one-line messages.
pub fn is_single_line(text: &str) -> bool {
    !text.chars().any(char::is_control)
}

/// Whether `slug` is a usable slug: lowercase ASCII letters, digits and single dashes,
/// not all digits (that would read as an id).
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 80
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
        && !slug.bytes().all(|b| b.is_ascii_digit())
}

/// A slug made from a title: ASCII letters and digits kept, accents dropped from Latin
/// letters, everything else a dash, at most 60 characters cut at a dash.
pub fn slugify(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        let c = fold_latin(c);
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let mut slug = slug.trim_end_matches('-').to_string();
    if slug.len() > 60 {
        let cut = slug[..60].rfind('-').unwrap_or(60);
        slug.truncate(cut);
    }
    if slug.is_empty() || slug.bytes().all(|b| b.is_ascii_digit()) {
        slug.insert_str(0, "item-");
        slug = slug.trim_end_matches('-').to_string();
    }
    slug
}

fn fold_latin(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
        'ç' | 'č' | 'ć' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' => 'u',
        'ý' | 'ÿ' => 'y',
        'š' | 'ś' | 'ş' => 's',
        'ž' | 'ź' | 'ż' => 'z',
        'ř' => 'r',
        'ł' => 'l',
        'ß' => 's',
        other => other,
    }
}

/// The most text one article may hold: far more than any news article (a long one is
/// 100 KB), small enough that reading an endless stream (`--file /dev/zero`) stops within
/// a second rather than filling the memory. `article add` and `import` both keep to it.
pub const MAX_BODY_BYTES: u64 = 10 * 1024 * 1024;

/// The SHA-256 of an article's text, as `body_sha256` holds it: lowercase hex.
pub fn body_sha256(body: &str) -> String {
    use sha2::{Digest, Sha256};
    chain::hex(&Sha256::digest(body.as_bytes()))
}

/// Whether `url` reads as an address: a scheme (a letter, then letters, digits, `+`, `.`
/// or `-`), a colon, something after it, and no whitespace anywhere.
pub fn is_url(url: &str) -> bool {
    let scheme_ok = url.split_once(':').is_some_and(|(scheme, rest)| {
        scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
            && !rest.is_empty()
    });
    scheme_ok && !url.chars().any(char::is_whitespace)
}

/// Whether `tag` looks like a BCP-47 language tag (`nl`, `en-GB`, `zh-Hant-TW`).
pub fn is_valid_language(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// A source as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// Its id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Other names it goes by.
    pub aliases: Vec<String>,
    /// What kind of party it is.
    pub kind: SourceKind,
    /// Its Admiralty reliability grade, if graded.
    pub grade: Option<Grade>,
    /// Free notes.
    pub notes: Option<String>,
    /// When it was recorded.
    pub created_at: String,
}

/// An article as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    /// Its id.
    pub id: i64,
    /// Its slug.
    pub slug: String,
    /// Its headline.
    pub title: String,
    /// Who published it.
    pub outlet: Option<String>,
    /// Where it was published.
    pub url: Option<String>,
    /// BCP-47 language tag.
    pub lang: Option<String>,
    /// Publication date or time (UTC).
    pub published_at: Option<String>,
    /// Its full text, when recorded.
    pub body: Option<String>,
    /// SHA-256 of the body's UTF-8 bytes, hex.
    pub body_sha256: Option<String>,
    /// When it was recorded.
    pub created_at: String,
}

/// An incident as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Incident {
    /// Its id.
    pub id: i64,
    /// Its slug.
    pub slug: String,
    /// Its title.
    pub title: String,
    /// When it happened.
    pub date: Option<String>,
    /// Where it happened.
    pub place: Option<String>,
    /// When it was recorded.
    pub created_at: String,
}

/// A figure attached to a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimFigure {
    /// Its id.
    pub id: i64,
    /// The figure.
    pub figure: Figure,
}

/// A claim as stored, with the names of what it refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// Its id.
    pub id: i64,
    /// The key every version of it shares: the first version's id (its own id when it
    /// was never corrected). Report anchors and ClaimReview URLs use it, so that links
    /// survive a correction.
    pub key: i64,
    /// The article that reports it.
    pub article_id: i64,
    /// That article's slug.
    pub article_slug: String,
    /// The incident it is about.
    pub incident_id: Option<i64>,
    /// That incident's slug.
    pub incident_slug: Option<String>,
    /// Who made it.
    pub source_id: i64,
    /// That source's name.
    pub source_name: String,
    /// Who relayed it.
    pub via_id: Option<i64>,
    /// That outlet's name.
    pub via_name: Option<String>,
    /// The claim as stated.
    pub text: String,
    /// The exact words from the article.
    pub quote: Option<String>,
    /// Character offsets of the quote in the article body, end exclusive.
    pub quote_span: Option<(i64, i64)>,
    /// A translation of the text.
    pub translation: Option<String>,
    /// The time the claim speaks for.
    pub as_of: String,
    /// Where its verification stands.
    pub status: Status,
    /// When it was recorded.
    pub created_at: String,
    /// Who recorded it.
    pub created_by: String,
    /// Its figures.
    pub figures: Vec<ClaimFigure>,
}

/// One step of a claim's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    /// Its id.
    pub id: i64,
    /// The claim.
    pub claim_id: i64,
    /// The status before; `None` for the row that records the claim's creation.
    pub from: Option<Status>,
    /// The status after.
    pub to: Status,
    /// Who made the change.
    pub who: String,
    /// When, UTC RFC 3339.
    pub at: String,
    /// Why.
    pub note: Option<String>,
    /// Whether the note is for the desk only: kept in the ledger and `history`, left
    /// out of every published report.
    pub internal: bool,
}

/// Evidence attached to a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// Its id.
    pub id: i64,
    /// The claim.
    pub claim_id: i64,
    /// The status change it was given with, if any.
    pub status_change_id: Option<i64>,
    /// Where it is.
    pub url: String,
    /// How it bears on the claim.
    pub stance: Stance,
    /// What it shows.
    pub note: Option<String>,
    /// Who added it.
    pub who: String,
    /// When.
    pub at: String,
    /// Whether the note is for the desk only (see [`StatusChange::internal`]).
    pub internal: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Atmé raid: 13 dead"), "atme-raid-13-dead");
        assert_eq!(slugify("  ¿Qué?  "), "que");
        assert_eq!(slugify("2022"), "item-2022");
        assert_eq!(slugify("كلام"), "item");
        assert!(slugify(&"long words ".repeat(20)).len() <= 60);
        assert!(is_valid_slug("atme-raid-2022"));
        for bad in ["", "Atme", "atme raid", "-a", "a-", "a--b", "42"] {
            assert!(!is_valid_slug(bad), "{bad}");
        }
    }

    #[test]
    fn keys_fold_case_and_space() {
        assert_eq!(
            lookup_key("  US  Department of\tDefense "),
            "us department of defense"
        );
        assert_eq!(lookup_key("ÉTAT"), lookup_key("état"));
    }

    #[test]
    fn languages() {
        for ok in ["nl", "en-GB", "zh-Hant-TW", "ara"] {
            assert!(is_valid_language(ok), "{ok}");
        }
        for bad in ["", "n", "dutch", "nl_NL", "en-", "e1"] {
            assert!(!is_valid_language(bad), "{bad}");
        }
    }
}
