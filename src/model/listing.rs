//! A source, article or incident together with the counts a listing shows beside it.
//! The store fills these and the views print them; they live in the domain so that
//! neither of the two has to import the other.

use super::{Article, Incident, Source};

/// A source with how much of the ledger rests on it.
#[derive(Debug, Clone)]
pub struct SourceListing {
    /// The source.
    pub source: Source,
    /// Claims it made.
    pub claims: i64,
    /// Claims it relayed.
    pub relayed: i64,
}

/// An article with its claim count.
#[derive(Debug, Clone)]
pub struct ArticleListing {
    /// The article, body left out.
    pub article: Article,
    /// Claims it reports.
    pub claims: i64,
}

/// An incident with its claim count.
#[derive(Debug, Clone)]
pub struct IncidentListing {
    /// The incident.
    pub incident: Incident,
    /// Claims about it.
    pub claims: i64,
}
