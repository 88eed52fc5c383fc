//! What the publish gate and a report's public record read and write: acknowledgements
//! of findings and publications, both entries in the ledger's chain with no table of their
//! own (the entry's data is all they hold, so its hash covers them whole), and the
//! changes, after a publication, that a report's Corrections section lists.

use anyhow::{Context, Result};

use super::{corrected, Rules};
use crate::model::publication::{
    Acknowledgement, AcknowledgementData, CorrectionKind, PublicCorrection, Publication,
    PublicationData,
};
use crate::model::record::Kind;
use crate::store::primitives::Primitives;
use crate::store::Acting;

/// One entry about an incident in the ledger's chain: its position, its id in the record,
/// who, when and data.
struct IncidentEntry {
    seq: i64,
    id: i64,
    who: String,
    at: String,
    data: String,
}

impl<P: Primitives> Rules<P> {
    /// The entries of one kind about one incident in the ledger's chain, oldest first.
    fn incident_entries(&mut self, kind: Kind, incident_id: i64) -> Result<Vec<IncidentEntry>> {
        // `+chain`: without it SQLite walks the whole ledger chain in seq order (its
        // primary key) to save sorting an incident's few entries, once per incident:
        // `lint` took minutes at 20,000 claims.
        self.rows(
            "SELECT seq, id, who, at, data FROM record
             WHERE +chain = 0 AND kind = ?1 AND subject = ?2 ORDER BY seq",
            &[kind.as_str().into(), incident_id.into()],
            |r| {
                Ok(IncidentEntry {
                    seq: r.get(0)?,
                    id: r.get(1)?,
                    who: r.get(2)?,
                    at: r.get(3)?,
                    data: r.get::<Option<String>>(4)?.unwrap_or_default(),
                })
            },
        )
    }

    /// Records an acknowledgement of a finding about incident `incident_id`.
    pub(super) fn write_acknowledgement(
        &mut self,
        incident_id: i64,
        data: &AcknowledgementData,
        by: Acting<'_>,
    ) -> Result<()> {
        let data = serde_json::to_value(data).context("cannot write the acknowledgement")?;
        self.append_ledger_entry(
            Kind::Acknowledgement,
            Some(incident_id),
            by.who,
            by.at,
            &data,
        )?;
        Ok(())
    }

    /// The acknowledgements of findings about incident `incident_id`, oldest first.
    pub(super) fn read_acknowledgements(
        &mut self,
        incident_id: i64,
    ) -> Result<Vec<Acknowledgement>> {
        let mut out = Vec::new();
        for e in self.incident_entries(Kind::Acknowledgement, incident_id)? {
            let data: AcknowledgementData = serde_json::from_str(&e.data).with_context(|| {
                format!(
                    "entry {} of the ledger's chain is not an acknowledgement's data",
                    e.seq
                )
            })?;
            out.push(Acknowledgement {
                seq: e.seq,
                incident_id,
                who: e.who,
                at: e.at,
                data,
            });
        }
        Ok(out)
    }

    /// Records a publication of incident `incident_id`'s report; returns its position in
    /// the ledger's chain.
    pub(super) fn write_publication(
        &mut self,
        incident_id: i64,
        data: &PublicationData,
        by: Acting<'_>,
    ) -> Result<i64> {
        let data = serde_json::to_value(data).context("cannot write the publication")?;
        self.append_ledger_entry(Kind::Publication, Some(incident_id), by.who, by.at, &data)?;
        let seq = self.row("SELECT max(seq) FROM record WHERE chain = 0", &[], |r| {
            r.get::<i64>(0)
        })?;
        seq.context("the publication's entry is not in the ledger's chain")
    }

    /// The publications of incident `incident_id`'s report, in the order recorded.
    pub(super) fn read_publications(&mut self, incident_id: i64) -> Result<Vec<Publication>> {
        let mut out = Vec::new();
        for e in self.incident_entries(Kind::Publication, incident_id)? {
            let data: PublicationData = serde_json::from_str(&e.data).with_context(|| {
                format!(
                    "entry {} of the ledger's chain is not a publication's data",
                    e.seq
                )
            })?;
            out.push(Publication {
                seq: e.seq,
                entry_id: e.id,
                incident_id,
                who: e.who,
                at: e.at,
                data,
            });
        }
        Ok(out)
    }

    /// The changes made at or after `since` to the claims of incident `incident_id` that a
    /// report's Corrections section may list: claims corrected by a new version (their
    /// `superseded` step) or withdrawn, and corrections of the notes, addresses and
    /// stances of their history (kept when the claim was replaced or withdrawn since: a
    /// public log loses nothing it listed). Each carries when what it changed was made (for a
    /// claim, its first version), so that the caller can keep those a publication showed.
    /// Notes for the desk only (`internal`) are left out.
    pub(super) fn read_public_corrections(
        &mut self,
        incident_id: i64,
        since: &str,
    ) -> Result<Vec<PublicCorrection>> {
        let step_note = corrected("status_change", "s", "note");
        let steps = format!(
            "SELECT s.claim_id, s.to_status, s.at, CASE WHEN s.internal = 0 THEN {step_note} END,
                    COALESCE(f.created_at, o.created_at),
                    (SELECT min(n.id) FROM claim n
                     WHERE n.claim_key = COALESCE(o.claim_key, o.id) AND n.id > o.id),
                    COALESCE((SELECT r.id FROM record r
                              WHERE r.kind = 'status' AND r.subject = s.id AND r.chain = s.claim_id), 0),
                    COALESCE((SELECT min(r.id) FROM record r
                              WHERE r.chain = COALESCE(o.claim_key, o.id)), 0)
             FROM status_change s
             JOIN claim o ON o.id = s.claim_id
             LEFT JOIN claim f ON f.id = o.claim_key
             WHERE o.incident_id = ?1 AND s.to_status IN ('superseded', 'withdrawn') AND s.at >= ?2
             ORDER BY s.at, s.id"
        );
        let mut out = self.rows(&steps, &[incident_id.into(), since.into()], |r| {
            let to: String = r.get(1)?;
            Ok(PublicCorrection {
                kind: if to == "superseded" {
                    CorrectionKind::Claim
                } else {
                    CorrectionKind::Withdrawal
                },
                claim: r.get(0)?,
                new_claim: if to == "superseded" { r.get(5)? } else { None },
                value: None,
                at: r.get(2)?,
                at_entry: r.get(6)?,
                note: r.get(3)?,
                made: r.get(4)?,
                made_entry: r.get(7)?,
                changes: Vec::new(),
            })
        })?;
        let fixes = self.rows(
            "SELECT k.claim_id, k.target, k.field, k.value, k.why, k.at,
                    CASE WHEN k.target = 'evidence'
                         THEN (SELECT e.at FROM evidence e WHERE e.id = k.target_id)
                         ELSE (SELECT s.at FROM status_change s WHERE s.id = k.target_id) END,
                    CASE WHEN k.target = 'evidence'
                         THEN (SELECT e.internal FROM evidence e WHERE e.id = k.target_id)
                         ELSE (SELECT s.internal FROM status_change s WHERE s.id = k.target_id) END,
                    COALESCE((SELECT r.id FROM record r
                              WHERE r.kind = 'correction' AND r.subject = k.id AND r.chain = k.claim_id), 0),
                    COALESCE((SELECT r.id FROM record r
                              WHERE r.kind = CASE WHEN k.target = 'evidence' THEN 'evidence' ELSE 'status' END
                                AND r.subject = k.target_id AND r.chain = k.claim_id), 0)
             FROM correction k JOIN claim c ON c.id = k.claim_id
             WHERE c.incident_id = ?1 AND k.at >= ?2
             ORDER BY k.at, k.id",
            &[incident_id.into(), since.into()],
            |r| {
                let target: String = r.get(1)?;
                let field: String = r.get(2)?;
                let internal: Option<i64> = r.get(7)?;
                let kind = match (target.as_str(), field.as_str()) {
                    ("evidence", "url") => CorrectionKind::EvidenceUrl,
                    ("evidence", "stance") => CorrectionKind::EvidenceStance,
                    ("evidence", _) => CorrectionKind::EvidenceNote,
                    _ => CorrectionKind::Note,
                };
                let shown = matches!(
                    kind,
                    CorrectionKind::EvidenceUrl | CorrectionKind::EvidenceStance
                );
                Ok((
                    internal == Some(1),
                    PublicCorrection {
                        kind,
                        claim: r.get(0)?,
                        new_claim: None,
                        value: if shown { r.get(3)? } else { None },
                        at: r.get(5)?,
                        at_entry: r.get(8)?,
                        note: r.get(4)?,
                        made: r.get::<Option<String>>(6)?.unwrap_or_default(),
                        made_entry: r.get(9)?,
                        changes: Vec::new(),
                    },
                ))
            },
        )?;
        out.extend(
            fixes
                .into_iter()
                .filter(|(internal, _)| !internal)
                .map(|(_, c)| c),
        );
        out.sort_by(|a, b| (&a.at, a.at_entry).cmp(&(&b.at, b.at_entry)));
        Ok(out)
    }
}
