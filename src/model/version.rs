//! Versions of a claim. A claim recorded wrongly is not edited: `claim correct` records a
//! new version and supersedes the old one, and every version shares the first one's id
//! as its key. This module says what differs between two versions, for the refusal of
//! a correction that changes nothing and for `claim show`'s list of versions.

use super::Claim;

/// What a correction can change in a claim, as compared between two versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionFields<'a> {
    /// The text as stated.
    pub text: &'a str,
    /// The exact words from the article.
    pub quote: Option<&'a str>,
    /// The translation.
    pub translation: Option<&'a str>,
    /// The origin.
    pub source_id: i64,
    /// The relay.
    pub via_id: Option<i64>,
    /// The incident.
    pub incident_id: Option<i64>,
    /// The time it speaks for.
    pub as_of: &'a str,
    /// The figures, as their specs in the order recorded.
    pub figures: Vec<String>,
}

impl<'a> VersionFields<'a> {
    /// A stored claim's fields.
    pub fn of(claim: &'a Claim) -> VersionFields<'a> {
        VersionFields {
            text: &claim.text,
            quote: claim.quote.as_deref(),
            translation: claim.translation.as_deref(),
            source_id: claim.source_id,
            via_id: claim.via_id,
            incident_id: claim.incident_id,
            as_of: &claim.as_of,
            figures: claim.figures.iter().map(|f| f.figure.spec()).collect(),
        }
    }

    /// The names of the fields that differ from `earlier`, in a fixed order (the
    /// options of `claim correct`).
    pub fn changed_from(&self, earlier: &VersionFields<'_>) -> Vec<&'static str> {
        let checks = [
            ("text", self.text != earlier.text),
            ("quote", self.quote != earlier.quote),
            ("translation", self.translation != earlier.translation),
            ("figures", self.figures != earlier.figures),
            ("source", self.source_id != earlier.source_id),
            ("via", self.via_id != earlier.via_id),
            ("incident", self.incident_id != earlier.incident_id),
            ("as_of", self.as_of != earlier.as_of),
        ];
        checks
            .into_iter()
            .filter(|(_, differs)| *differs)
            .map(|(name, _)| name)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str, figures: &[&str]) -> VersionFields<'static> {
        VersionFields {
            text: Box::leak(text.to_string().into_boxed_str()),
            quote: None,
            translation: None,
            source_id: 1,
            via_id: None,
            incident_id: Some(1),
            as_of: "2022-02-03",
            figures: figures.iter().map(|f| f.to_string()).collect(),
        }
    }

    #[test]
    fn only_what_differs_is_named() {
        let a = fields("13 dead", &["killed=13"]);
        assert!(a.changed_from(&a.clone()).is_empty());
        let b = fields("13 dead", &["killed=14"]);
        assert_eq!(b.changed_from(&a), ["figures"]);
        let c = VersionFields {
            source_id: 2,
            via_id: Some(3),
            ..fields("14 dead", &["killed=13"])
        };
        assert_eq!(c.changed_from(&a), ["text", "source", "via"]);
        // Figures in another order are another set as recorded.
        let d = fields("13 dead", &["killed.children=4", "killed=13"]);
        let e = fields("13 dead", &["killed=13", "killed.children=4"]);
        assert_eq!(d.changed_from(&e), ["figures"]);
    }
}
