//! What stands between an incident's ledger and its public report, as the record keeps
//! it: a finding of the publish gate is named by what it is about, so that a desk can
//! acknowledge exactly that finding (and a change to it, such as another claim joining a
//! conflict, makes a new name that the old acknowledgement does not match); an
//! acknowledgement and a publication are entries in the ledger's chain, each about one
//! incident, whose data is all they hold. And after a publication, what changed in what
//! had been published is the report's public corrections log.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Claim, Figure};

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
    /// For a claim correction, what the new version changed (see [`claim_changes`]);
    /// empty otherwise.
    pub changes: Vec<ClaimChange>,
}

/// One thing a claim's corrected version changed, as a corrections log states it. Texts
/// are named, not repeated: the report shows the new version, the history the old.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimChange {
    /// The claim's text.
    Text,
    /// Its quote.
    Quote,
    /// Its translation.
    Translation,
    /// Who made it.
    Source {
        /// The origin before.
        before: String,
        /// The origin now.
        after: String,
    },
    /// Who relayed it.
    Via {
        /// The relay before, if any.
        before: Option<String>,
        /// The relay now, if any.
        after: Option<String>,
    },
    /// The incident it is about.
    Incident {
        /// The incident's slug before, if any.
        before: Option<String>,
        /// Its slug now, if any.
        after: Option<String>,
    },
    /// The time it speaks for.
    AsOf {
        /// Before.
        before: String,
        /// Now.
        after: String,
    },
    /// Its figures of one metric.
    Figures {
        /// The metric.
        metric: String,
        /// The figures before (none: it gave none).
        before: Vec<Figure>,
        /// The figures now.
        after: Vec<Figure>,
    },
}

/// What `after`, the corrected version of `before`, changed: its texts, origin, relay,
/// incident, time, and figures metric by metric (in metric order).
pub fn claim_changes(before: &Claim, after: &Claim) -> Vec<ClaimChange> {
    let mut changes = Vec::new();
    if before.text != after.text {
        changes.push(ClaimChange::Text);
    }
    if before.quote != after.quote {
        changes.push(ClaimChange::Quote);
    }
    if before.translation != after.translation {
        changes.push(ClaimChange::Translation);
    }
    if before.source_id != after.source_id {
        changes.push(ClaimChange::Source {
            before: before.source_name.clone(),
            after: after.source_name.clone(),
        });
    }
    if before.via_id != after.via_id {
        changes.push(ClaimChange::Via {
            before: before.via_name.clone(),
            after: after.via_name.clone(),
        });
    }
    if before.incident_id != after.incident_id {
        changes.push(ClaimChange::Incident {
            before: before.incident_slug.clone(),
            after: after.incident_slug.clone(),
        });
    }
    if before.as_of != after.as_of {
        changes.push(ClaimChange::AsOf {
            before: before.as_of.clone(),
            after: after.as_of.clone(),
        });
    }
    let mut by_metric: BTreeMap<&str, (Vec<Figure>, Vec<Figure>)> = BTreeMap::new();
    for f in &before.figures {
        by_metric
            .entry(&f.figure.metric)
            .or_default()
            .0
            .push(f.figure.clone());
    }
    for f in &after.figures {
        by_metric
            .entry(&f.figure.metric)
            .or_default()
            .1
            .push(f.figure.clone());
    }
    for (metric, (was, now)) in by_metric {
        let specs = |figures: &[Figure]| figures.iter().map(Figure::spec).collect::<Vec<_>>();
        if specs(&was) != specs(&now) {
            changes.push(ClaimChange::Figures {
                metric: metric.to_string(),
                before: was,
                after: now,
            });
        }
    }
    changes
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

    fn claim(id: i64, source: (i64, &str), figures: &[&str]) -> Claim {
        Claim {
            id,
            key: id,
            article_id: 1,
            article_slug: "a".into(),
            incident_id: Some(1),
            incident_slug: Some("atme-raid".into()),
            source_id: source.0,
            source_name: source.1.into(),
            via_id: None,
            via_name: None,
            text: "13 dead".into(),
            quote: None,
            quote_span: None,
            translation: None,
            as_of: "2022-02-03".into(),
            status: super::super::Status::Unverified,
            created_at: "2022-02-05T12:00:00Z".into(),
            created_by: "tester".into(),
            figures: figures
                .iter()
                .enumerate()
                .map(|(i, spec)| super::super::ClaimFigure {
                    id: i as i64,
                    figure: Figure::parse(spec).expect("spec"),
                })
                .collect(),
        }
    }

    #[test]
    fn a_claim_correction_names_what_it_changed() {
        let old = claim(1, (1, "SOHR"), &["killed=13", "killed.children=4"]);
        let mut new = claim(
            2,
            (2, "Civil Defence"),
            &["killed=14", "killed.children=4", "injured>=20"],
        );
        new.text = "14 dead".into();
        let changes = claim_changes(&old, &new);
        assert_eq!(changes.len(), 4, "{changes:?}");
        assert_eq!(changes[0], ClaimChange::Text);
        assert_eq!(
            changes[1],
            ClaimChange::Source {
                before: "SOHR".into(),
                after: "Civil Defence".into()
            }
        );
        // Metric order: injured (new), then killed; killed.children is unchanged.
        assert!(
            matches!(&changes[2], ClaimChange::Figures { metric, before, .. } if metric == "injured" && before.is_empty())
        );
        assert!(
            matches!(&changes[3], ClaimChange::Figures { metric, after, .. } if metric == "killed" && after[0].value == 14)
        );
        assert!(claim_changes(&old, &old).is_empty());
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
