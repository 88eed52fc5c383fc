//! What `import` asks of the ledger to tell a ClaimReview it already holds from a new
//! one: every piece of evidence with its claim's text, read once as a stream (asked per
//! review, with no index on an address, an import would turn quadratic), and, for a
//! likely match, the exact check on that one claim.

use anyhow::{bail, Result};

use super::Rules;
use crate::store::primitives::Primitives;

impl<P: Primitives> Rules<P> {
    /// Visits every piece of evidence as (claim id, address as recorded, claim text).
    pub(super) fn each_evidence_with_claim_text(
        &mut self,
        visit: &mut dyn FnMut(i64, &str, &str) -> Result<()>,
    ) -> Result<()> {
        let sql =
            "SELECT e.claim_id, e.url, c.text FROM evidence e JOIN claim c ON c.id = e.claim_id";
        self.db.streams(&[sql], &mut |streams| {
            let [stream] = streams else {
                bail!("one stream was asked for");
            };
            while let Some(r) = stream.next_row()? {
                let claim: i64 = r.get(0)?;
                let url: String = r.get(1)?;
                let text: String = r.get(2)?;
                visit(claim, &url, &text)?;
            }
            Ok(())
        })
    }

    /// Whether claim `claim_id` has the text `text` and a piece of evidence at `url`.
    pub(super) fn claim_has_text_and_evidence(
        &mut self,
        claim_id: i64,
        text: &str,
        url: &str,
    ) -> Result<bool> {
        Ok(self
            .row(
                "SELECT 1 FROM evidence e JOIN claim c ON c.id = e.claim_id
                 WHERE e.claim_id = ?1 AND e.url = ?2 AND c.text = ?3",
                &[claim_id.into(), url.into(), text.into()],
                |_| Ok(()),
            )?
            .is_some())
    }
}
