//! The rules of a desk's division of work, above the two backends: ledger settings
//! (only the owner changes them on a server), reviews of verdicts and assignments of
//! claims, each written with its entry in the record, and read back for `history`,
//! `claim show` and the report.

use anyhow::Result;

use super::{enum_column, Rules};
use crate::model::review::{default_value, Assignment, Decision, Review, Setting, SETTINGS};
use crate::store::error::{ErrorKind, StoreError};
use crate::store::primitives::{Primitives, Row, Value};
use crate::store::{Acting, BackendKind, NewReview};

/// The columns [`review_from_row`] reads.
const REVIEW_COLUMNS: &str =
    "v.id, v.claim_id, v.status_change_id, v.decision, v.note, v.who, v.at";

fn review_from_row(r: &dyn Row) -> Result<Review> {
    Ok(Review {
        id: r.get(0)?,
        claim_id: r.get(1)?,
        status_change_id: r.get(2)?,
        decision: enum_column(r, 3, Decision::parse)?,
        note: r.get(4)?,
        who: r.get(5)?,
        at: r.get(6)?,
    })
}

impl<P: Primitives> Rules<P> {
    pub(super) fn read_settings(&mut self) -> Result<Vec<Setting>> {
        let mut out = Vec::with_capacity(SETTINGS.len());
        for (name, _, _) in SETTINGS {
            let latest = self.row(
                "SELECT value, who, at FROM setting WHERE name = ?1 ORDER BY id DESC LIMIT 1",
                &[Value::Text(name)],
                |r| {
                    Ok((
                        r.get::<String>(0)?,
                        r.get::<String>(1)?,
                        r.get::<String>(2)?,
                    ))
                },
            )?;
            out.push(match latest {
                Some((value, who, at)) => Setting {
                    name: name.to_string(),
                    value,
                    who: Some(who),
                    at: Some(at),
                },
                None => Setting {
                    name: name.to_string(),
                    value: default_value(name).unwrap_or_default().to_string(),
                    who: None,
                    at: None,
                },
            });
        }
        Ok(out)
    }

    pub(super) fn change_setting(
        &mut self,
        name: &str,
        value: &str,
        by: Acting<'_>,
    ) -> Result<i64> {
        // On a server the desk's groups may only read settings (see DESK_SETUP): say so
        // in one line rather than pass on the server's bare refusal.
        if self.db.kind() == BackendKind::Postgres {
            let (owner, may) = self
                .row(
                    "SELECT pg_get_userbyid(c.relowner)::text, has_table_privilege('setting', 'INSERT')
                     FROM pg_class c WHERE c.oid = 'setting'::regclass",
                    &[],
                    |r| Ok((r.get::<String>(0)?, r.get::<bool>(1)?)),
                )?
                .unwrap_or_default();
            if !may {
                let me = self.db.acting_role().unwrap_or_default().to_string();
                return Err(StoreError::with_kind(
                    ErrorKind::PermissionDenied,
                    format!(
                        "only the ledger's owner changes settings, here '{owner}', not '{me}'; nothing changed: ask {owner} to run `crosscheck config set {name} {value}`"
                    ),
                ));
            }
        }
        self.write_setting(name, value, by.who, by.at)
    }

    pub(super) fn add_review(&mut self, review: &NewReview) -> Result<i64> {
        self.hold_claim(review.claim_id)?;
        self.write_review(
            review.claim_id,
            review.verdict,
            review.decision.as_str(),
            review.note.as_deref(),
            &review.who,
            &review.at,
        )
    }

    pub(super) fn claim_reviews(&mut self, claim_id: i64) -> Result<Vec<Review>> {
        let sql =
            format!("SELECT {REVIEW_COLUMNS} FROM review v WHERE v.claim_id = ?1 ORDER BY v.id");
        self.rows(&sql, &[claim_id.into()], review_from_row)
    }

    pub(super) fn reviews_of_incident(&mut self, incident_id: i64) -> Result<Vec<Review>> {
        let sql = format!(
            "SELECT {REVIEW_COLUMNS} FROM review v JOIN claim c ON c.id = v.claim_id
             WHERE c.incident_id = ?1 ORDER BY v.id"
        );
        self.rows(&sql, &[incident_id.into()], review_from_row)
    }

    pub(super) fn assign(
        &mut self,
        claim_id: i64,
        assignee: Option<&str>,
        by: Acting<'_>,
    ) -> Result<i64> {
        self.hold_claim(claim_id)?;
        self.write_assignment(claim_id, assignee, by.who, by.at)
    }

    pub(super) fn claim_assignments(&mut self, claim_id: i64) -> Result<Vec<Assignment>> {
        self.rows(
            "SELECT id, claim_id, assignee, who, at FROM assignment WHERE claim_id = ?1 ORDER BY id",
            &[claim_id.into()],
            |r| {
                Ok(Assignment {
                    id: r.get(0)?,
                    claim_id: r.get(1)?,
                    assignee: r.get(2)?,
                    who: r.get(3)?,
                    at: r.get(4)?,
                })
            },
        )
    }
}

/// The condition on claim `c` that its current status is a verdict whose status change
/// nobody has reviewed.
pub(super) fn awaiting_review_condition() -> String {
    let verdicts: Vec<String> = crate::model::Status::ALL
        .iter()
        .filter(|s| s.is_verdict())
        .map(|s| format!("'{}'", s.as_str()))
        .collect();
    format!(
        "c.status IN ({}) AND NOT EXISTS (SELECT 1 FROM review rv WHERE rv.status_change_id =
             (SELECT max(sc.id) FROM status_change sc WHERE sc.claim_id = c.id))",
        verdicts.join(", ")
    )
}

/// The claim's current assignee (NULL when unassigned or never assigned), as SQL on `c`.
pub(super) const CURRENT_ASSIGNEE: &str =
    "(SELECT a.assignee FROM assignment a WHERE a.claim_id = c.id ORDER BY a.id DESC LIMIT 1)";
