//! What stands between an incident's ledger and its public report, as the record keeps
//! it: a finding of the publish gate is named by what it is about, so that a desk can
//! acknowledge exactly that finding (and a change to it, such as another claim joining a
//! conflict, makes a new name that the old acknowledgement does not match); an
//! acknowledgement and a publication are entries in the ledger's chain, each about one
//! incident, whose data is all they hold. And after a publication, what changed in what
//! had been published is the report's public corrections log.

use serde::{Deserialize, Serialize};

/// The name of a finding: its check, its incident, what it is about (a metric, or a pair
/// of sources) when anything, and the claims involved, joined by `:`, e.g.
/// `verified_figure_conflicts:atme-raid:killed.children:2,3`. Made of slugs, metric
/// names and ids, so it can be copied into a shell as it is.
pub fn finding_name(check: &str, incident: &str, about: Option<&str>, claims: &[i64]) -> String {
    let mut name = format!("{check}:{incident}");
    if let Some(about) = about {
        name.push(':');
        name.push_str(about);
    }
    if !claims.is_empty() {
        let mut ids = claims.to_vec();
        ids.sort_unstable();
        ids.dedup();
        let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
        name.push(':');
        name.push_str(&ids.join(","));
    }
    name
}

/// What an acknowledgement's entry holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcknowledgementData {
    /// The finding's name.
    pub finding: String,
    /// Why the desk lets it pass.
    pub note: String,
}

/// A finding a desk has weighed and let pass, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acknowledgement {
    /// Its position in the ledger's chain.
    pub seq: i64,
    /// The incident.
    pub incident_id: i64,
    /// Who acknowledged it.
    pub who: String,
    /// When.
    pub at: String,
    /// The finding and the note.
    pub data: AcknowledgementData,
}

/// The record's head a publication names: the ledger chain's last entry when the report
/// went out, which `verify --head` finds again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeadRef {
    /// Its position in the ledger's chain.
    pub entry: i64,
    /// Its hash.
    pub hash: String,
}

/// What a publication's entry holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicationData {
    /// Where the report was published.
    pub url: String,
    /// When it was published (UTC RFC 3339); the entry's own time is when it was recorded.
    pub published_at: String,
    /// The record's head when it was recorded.
    pub head: Option<HeadRef>,
    /// The findings that were still open, when it was recorded with `--force`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub open_findings: Vec<String>,
}

/// A publication of an incident's report, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication {
    /// Its position in the ledger's chain.
    pub seq: i64,
    /// The id of its entry in the record, which orders it among every other entry.
    pub entry_id: i64,
    /// The incident.
    pub incident_id: i64,
    /// Who recorded it.
    pub who: String,
    /// When it was recorded.
    pub at: String,
    /// Where, when, and the head.
    pub data: PublicationData,
}

/// A moment in the ledger: a stored UTC time, and the id of the record's entry that
/// wrote it, which orders what happened within one second (or under a pinned clock).
pub type Moment<'a> = (&'a str, i64);

/// Whether something made at `made` and changed at `changed` changed what a publication
/// had shown: some publication (when it went out, and its entry) came after the one and
/// before the other. A change made before the first publication, or to something added
/// since the last one, is not a public correction.
pub fn changed_after_publication(
    published: &[Moment<'_>],
    made: Moment<'_>,
    changed: Moment<'_>,
) -> bool {
    published.iter().any(|&p| made < p && p < changed)
}

/// What kind of public correction a [`PublicCorrection`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CorrectionKind {
    /// A claim was corrected: a new version replaced it.
    Claim,
    /// A claim was withdrawn: it should never have been recorded.
    Withdrawal,
    /// A verdict's or status note was corrected.
    Note,
    /// A piece of evidence's address was corrected.
    EvidenceUrl,
    /// A piece of evidence's stance was corrected.
    EvidenceStance,
    /// A piece of evidence's note was corrected.
    EvidenceNote,
}

impl CorrectionKind {
    /// The word scripts read.
    pub fn as_str(self) -> &'static str {
        match self {
            CorrectionKind::Claim => "claim",
            CorrectionKind::Withdrawal => "withdrawal",
            CorrectionKind::Note => "note",
            CorrectionKind::EvidenceUrl => "evidence_url",
            CorrectionKind::EvidenceStance => "evidence_stance",
            CorrectionKind::EvidenceNote => "evidence_note",
        }
    }
}

/// One entry of a report's Corrections section: a change, after a publication, to
/// something that publication showed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicCorrection {
    /// What kind of change.
    pub kind: CorrectionKind,
    /// The claim changed (for a claim correction, the version replaced).
    pub claim: i64,
    /// For a claim correction, the version that replaced it.
    pub new_claim: Option<i64>,
    /// The value now shown, when the change has one to show (an address, a stance).
    pub value: Option<String>,
    /// When.
    pub at: String,
    /// The id of the record's entry of the change (0 when it has none).
    pub at_entry: i64,
    /// The public note: why.
    pub note: Option<String>,
    /// When what it changed was recorded (for a claim, its first version): with `at`,
    /// whether a publication showed it (see [`changed_after_publication`]).
    pub made: String,
    /// The id of the record's entry that recorded it (0 when it has none).
    pub made_entry: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finding_is_named_by_what_it_is_about() {
        assert_eq!(
            finding_name(
                "verified_figure_conflicts",
                "atme-raid",
                Some("killed"),
                &[3, 1, 3]
            ),
            "verified_figure_conflicts:atme-raid:killed:1,3"
        );
        assert_eq!(
            finding_name("no_claims", "quiet", None, &[]),
            "no_claims:quiet"
        );
        // Another claim joining changes the name.
        assert_ne!(
            finding_name("verified_figure_conflicts", "a", Some("killed"), &[1, 2]),
            finding_name("verified_figure_conflicts", "a", Some("killed"), &[1, 2, 4])
        );
    }

    #[test]
    fn only_changes_to_what_was_published_are_corrections() {
        let published = [("2022-02-05T12:00:00Z", 20)];
        let before = ("2022-02-05T10:00:00Z", 5);
        let after = ("2022-02-06T10:00:00Z", 30);
        assert!(changed_after_publication(&published, before, after));
        // Fixed before the publication.
        assert!(!changed_after_publication(
            &published,
            before,
            ("2022-02-05T11:00:00Z", 8)
        ));
        // Added after it: never published.
        assert!(!changed_after_publication(
            &published,
            after,
            ("2022-02-06T11:00:00Z", 31)
        ));
        // No publication yet.
        assert!(!changed_after_publication(&[], before, after));
        // Added between two publications, changed after the second.
        let twice = [("2022-02-05T12:00:00Z", 20), ("2022-02-07T12:00:00Z", 40)];
        assert!(changed_after_publication(
            &twice,
            after,
            ("2022-02-08T00:00:00Z", 50)
        ));
        // Within one second (a pinned clock), the record's order decides.
        let now = "2022-02-05T12:00:00Z";
        assert!(changed_after_publication(&published, (now, 10), (now, 30)));
        assert!(!changed_after_publication(&published, (now, 10), (now, 15)));
        assert!(!changed_after_publication(&published, (now, 25), (now, 30)));
    }

    #[test]
    fn entry_data_round_trips() {
        let data = PublicationData {
            url: "https://checks.example.org/atme".into(),
            published_at: "2022-02-05T12:00:00Z".into(),
            head: Some(HeadRef {
                entry: 12,
                hash: "ab".into(),
            }),
            open_findings: vec![],
        };
        let text = serde_json::to_string(&data).expect("serialises");
        assert!(!text.contains("open_findings"), "{text}");
        assert_eq!(
            serde_json::from_str::<PublicationData>(&text).expect("parses"),
            data
        );
    }
}
