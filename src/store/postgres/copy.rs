//! Bulk load for an import: rows buffered per table in COPY's text format and sent a
//! few megabytes at a time, which is many times faster on a server than one INSERT per
//! row, since each INSERT is a round trip; and the row triggers such a load sets aside
//! while its rows go in, as SQLite's does, when the role owns the tables.

use std::collections::HashMap;
use std::io::Write;

use anyhow::{Context, Result};

use super::errors::refused;
use super::trace::Trace;
use super::{Postgres, IDENTITY_TABLES};
use crate::model::Status;
use crate::store::error::ErrorKind;
use crate::store::primitives::{Primitives, Table, Value, CLAIM, STATUS_CHANGE, TABLES};
use crate::store::StoreError;

/// The row triggers a bulk load into an empty ledger disables, by table, inside its one
/// transaction (DDL is transactional: a failed load leaves them as they were, and no
/// other session ever sees them off, since ALTER TABLE holds the tables until commit),
/// and enables again at the load's end. Each would run once per row loaded, most of a
/// load's time on the server; what stands in for each while it is off:
///
/// - `claim_who`, `status_change_who`, `evidence_who` (who is the role writing): only a
///   role that owns the tables may disable triggers, and the owner may record others'
///   names, which is what importing a ledger does: each would pass every row;
/// - `status_change_moves_claim` (a history row starts from its claim's status, which
///   follows it): the replay follows each claim's status through its history and
///   refuses a step from any other status (`Replay::follow_workflow`), a second creation
///   row finds its claim's digest already taken, and the rules give each claim the
///   status its history ends in, once, at the load's end ([`Postgres::set_statuses`]);
/// - `claim_status_follows_history` and `claim_content_fixed` (a claim's status moves
///   only through its history; its content never): off so that the load's end can set
///   the statuses; the import's check compares every claim with its history before
///   anything commits, and the claims' content is what the record's walk vouches for;
/// - `figure_matches_claim` (a figure repeats its claim's incident, origin and as_of):
///   the rules write those three from the claim's row, never from the file, and the
///   record's walk compares every figure with its claim.
///
/// The foreign keys stay (their triggers are the system's, not these).
const SET_ASIDE: [(&str, &[&str]); 4] = [
    (
        "claim",
        &[
            "claim_who",
            "claim_status_follows_history",
            "claim_content_fixed",
        ],
    ),
    ("figure", &["figure_matches_claim"]),
    (
        "status_change",
        &["status_change_who", "status_change_moves_claim"],
    ),
    ("evidence", &["evidence_who"]),
];

/// Claims whose status one statement sets at a load's end.
const STATUS_BATCH: usize = 50_000;

/// Rows buffered for COPY before they are sent.
const COPY_BATCH_BYTES: usize = 4 << 20;

/// An import in progress: rows buffered per table in COPY's text format.
#[derive(Default)]
pub(super) struct Bulk {
    buffers: Vec<(&'static str, Vec<u8>)>,
    bytes: usize,
    /// With the triggers aside, the claims not sent yet, their status apart: the history
    /// rows that follow a claim before the buffer is sent give it the status they end in,
    /// so that most claims go in as they will stay rather than be updated at the load's
    /// end (a new version of the row, its generated search column and every index entry).
    claims: Vec<PendingClaim>,
    /// Where each claim of `claims` is, by id.
    claim_at: HashMap<i64, usize>,
}

/// A claim row in COPY's text format, split around its status.
struct PendingClaim {
    before: Vec<u8>,
    status: String,
    after: Vec<u8>,
}

/// The position of `column` in `table`'s rows.
fn position(table: &Table, column: &str) -> Option<usize> {
    table.columns.iter().position(|c| *c == column)
}

/// Appends one row in COPY's text format.
fn copy_row(out: &mut Vec<u8>, fields: &[Value<'_>]) {
    copy_fields(out, fields);
    out.push(b'\n');
}

/// Appends fields in COPY's text format, tab-separated.
fn copy_fields(out: &mut Vec<u8>, fields: &[Value<'_>]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(b'\t');
        }
        match field {
            Value::Null => out.extend_from_slice(b"\\N"),
            Value::Int(n) => out.extend_from_slice(n.to_string().as_bytes()),
            Value::Text(t) => {
                for b in t.bytes() {
                    match b {
                        b'\\' => out.extend_from_slice(b"\\\\"),
                        b'\t' => out.extend_from_slice(b"\\t"),
                        b'\n' => out.extend_from_slice(b"\\n"),
                        b'\r' => out.extend_from_slice(b"\\r"),
                        b => out.push(b),
                    }
                }
            }
        }
    }
}

/// `ALTER TABLE` statements that turn [`SET_ASIDE`]'s triggers on or off.
fn alter_triggers(enable: bool) -> String {
    let verb = if enable { "ENABLE" } else { "DISABLE" };
    SET_ASIDE
        .iter()
        .map(|(table, triggers)| {
            let clauses: Vec<String> = triggers
                .iter()
                .map(|t| format!("{verb} TRIGGER {t}"))
                .collect();
            format!("ALTER TABLE {table} {};", clauses.join(", "))
        })
        .collect()
}

impl Postgres {
    /// Disables [`SET_ASIDE`]'s triggers for the bulk load just begun, when this role
    /// owns every table they are on (only an owner may); otherwise the load keeps them
    /// and each row pays for its checks.
    pub(super) fn set_triggers_aside(&mut self) -> Result<()> {
        let tables: Vec<&str> = SET_ASIDE.iter().map(|(t, _)| *t).collect();
        let owner: Option<bool> = self
            .client
            .query_one(
                "SELECT bool_and(pg_has_role(current_user, c.relowner, 'USAGE'))
                 FROM pg_class c
                 WHERE c.oid = ANY (SELECT to_regclass(t) FROM unnest($1::text[]) AS t)",
                &[&tables],
            )
            .context("cannot prepare the ledger for the import")?
            .get(0);
        if owner != Some(true) {
            return self.may_settle_identities();
        }
        self.client
            .batch_execute(&alter_triggers(false))
            .context("cannot prepare the ledger for the import")?;
        self.triggers_aside = true;
        Ok(())
    }

    /// Refuses, before anything is written, a load by a role that could not set the id
    /// generators after it: rows keep their exported ids, and moving a sequence
    /// (`setval`) takes UPDATE on it, which the tables' owner has and a writer of the
    /// desk does not. Without this check the load would run to its end and fail there.
    fn may_settle_identities(&mut self) -> Result<()> {
        let may: Option<bool> = self
            .client
            .query_one(
                "SELECT bool_and(has_sequence_privilege(pg_get_serial_sequence(t, 'id'), 'UPDATE'))
                 FROM unnest($1::text[]) AS t",
                &[&IDENTITY_TABLES.as_slice()],
            )
            .context("cannot prepare the ledger for the import")?
            .get(0);
        if may == Some(true) {
            return Ok(());
        }
        Err(StoreError::with_kind(
            ErrorKind::PermissionDenied,
            format!(
                "the database role '{}' may not import into this ledger: an import keeps every id of the file, which only the role that owns the ledger (the one that ran `crosscheck init`) may do; nothing was written: run the import as that role",
                self.role
            ),
        ))
    }

    /// Starts the phases' trace of the bulk load just begun, when asked for.
    pub(super) fn start_trace(&mut self) -> Result<()> {
        if !Trace::requested() {
            return Ok(());
        }
        let pid: i32 = self
            .client
            .query_one("SELECT pg_backend_pid()", &[])
            .context("cannot start the import's trace")?
            .get(0);
        self.trace = Some(Trace::new(u32::try_from(pid).ok()));
        Ok(())
    }

    /// Enables again what [`Postgres::set_triggers_aside`] disabled, before anything
    /// reads the load back.
    pub(super) fn put_triggers_back(&mut self) -> Result<()> {
        if !self.triggers_aside {
            return Ok(());
        }
        self.flush()?;
        self.client
            .batch_execute(&alter_triggers(true))
            .context("cannot restore the ledger's triggers after the import")?;
        self.triggers_aside = false;
        Ok(())
    }

    /// Gives the planner the loaded tables' statistics, before the import reads them
    /// back (the summary's rebuild, the record's walk). Until a table is analyzed, the
    /// planner guesses its rows from its size alone, and autovacuum cannot see rows
    /// this transaction has not committed: at 300,000 claims the guesses made each of
    /// the walk's 20,000 per-incident reads of the summary a parallel bitmap scan (254
    /// s where the load took 41). ANALYZE samples a bounded number of rows per table,
    /// whatever its size (0.9 s at 300,000 claims), and counts the transaction's own
    /// rows; for a role that does not own a table it only warns and skips it.
    pub(super) fn analyze_load(&mut self) -> Result<()> {
        self.flush()?;
        let tables: Vec<&str> = TABLES.iter().map(|t| t.name).collect();
        self.client
            .batch_execute(&format!("ANALYZE {}", tables.join(", ")))
            .context("cannot gather the imported tables' statistics")
    }

    /// Gives each claim in `moved` its status, a batch of claims per statement rather
    /// than a round trip each; a claim that went in with it already (see
    /// [`Bulk::claims`]) is left as it is.
    pub(super) fn set_statuses(
        &mut self,
        moved: &mut dyn Iterator<Item = (i64, Status)>,
    ) -> Result<()> {
        self.flush()?;
        self.trace_phase("load: parse, check, COPY");
        let statement = self.client.prepare(
            "UPDATE claim c SET status = m.status
             FROM unnest($1::bigint[], $2::text[]) AS m (id, status)
             WHERE c.id = m.id AND c.status IS DISTINCT FROM m.status",
        )?;
        let mut ids: Vec<i64> = Vec::with_capacity(STATUS_BATCH);
        let mut statuses: Vec<&'static str> = Vec::with_capacity(STATUS_BATCH);
        let mut moved = moved.peekable();
        while moved.peek().is_some() {
            ids.clear();
            statuses.clear();
            for (id, status) in moved.by_ref().take(STATUS_BATCH) {
                ids.push(id);
                statuses.push(status.as_str());
            }
            self.client
                .execute(&statement, &[&ids, &statuses])
                .context("cannot set the imported claims' statuses")?;
        }
        self.trace_phase("claims' statuses");
        Ok(())
    }

    /// Sends the rows waiting for COPY, table by table in reference order.
    pub(super) fn flush(&mut self) -> Result<()> {
        let Some(bulk) = self.bulk.as_mut() else {
            return Ok(());
        };
        if bulk.bytes == 0 {
            return Ok(());
        }
        if !bulk.claims.is_empty() {
            bulk.claim_at.clear();
            let claims = std::mem::take(&mut bulk.claims);
            let index = match bulk.buffers.iter().position(|(t, _)| *t == CLAIM.name) {
                Some(i) => i,
                None => {
                    bulk.buffers.push((CLAIM.name, Vec::new()));
                    bulk.buffers.len() - 1
                }
            };
            let buf = &mut bulk.buffers[index].1;
            for claim in claims {
                buf.extend_from_slice(&claim.before);
                buf.extend_from_slice(claim.status.as_bytes());
                buf.extend_from_slice(&claim.after);
            }
        }
        let buffers = std::mem::take(&mut bulk.buffers);
        bulk.bytes = 0;
        for table in TABLES {
            let Some((_, data)) = buffers.iter().find(|(t, _)| *t == table.name) else {
                continue;
            };
            if data.is_empty() {
                continue;
            }
            let started = std::time::Instant::now();
            let mut writer = self.client.copy_in(&table.copy_sql())?;
            writer.write_all(data)?;
            writer.finish().map_err(|e| refused(e.into()))?;
            if let Some(trace) = self.trace.as_mut() {
                trace.copied(table.name, started.elapsed(), data.len());
            }
        }
        Ok(())
    }

    /// Buffers one row for `table`, sending what is buffered once it is large enough.
    pub(super) fn buffer(&mut self, table: &'static Table, fields: &[Value<'_>]) -> Result<()> {
        let aside = self.triggers_aside;
        let bulk = self.bulk.get_or_insert_with(Bulk::default);
        if aside && table.name == CLAIM.name {
            if let (Some(at), Some(Value::Int(id))) = (position(table, "status"), fields.first()) {
                if let Some(Value::Text(status)) = fields.get(at) {
                    let mut before = Vec::new();
                    copy_fields(&mut before, &fields[..at]);
                    before.push(b'\t');
                    let mut after = Vec::new();
                    if at + 1 < fields.len() {
                        after.push(b'\t');
                        copy_fields(&mut after, &fields[at + 1..]);
                    }
                    after.push(b'\n');
                    bulk.bytes += before.len() + status.len() + after.len();
                    bulk.claim_at.insert(*id, bulk.claims.len());
                    bulk.claims.push(PendingClaim {
                        before,
                        status: status.to_string(),
                        after,
                    });
                    if bulk.bytes >= COPY_BATCH_BYTES {
                        self.flush()?;
                    }
                    return Ok(());
                }
            }
        }
        if aside && table.name == STATUS_CHANGE.name {
            let claim = position(table, "claim_id").and_then(|i| fields.get(i));
            let to = position(table, "to_status").and_then(|i| fields.get(i));
            if let (Some(Value::Int(claim)), Some(Value::Text(to))) = (claim, to) {
                if let Some(&i) = bulk.claim_at.get(claim) {
                    let pending = &mut bulk.claims[i];
                    bulk.bytes = bulk.bytes + to.len() - pending.status.len();
                    pending.status = to.to_string();
                }
            }
        }
        let index = match bulk.buffers.iter().position(|(t, _)| *t == table.name) {
            Some(i) => i,
            None => {
                bulk.buffers.push((table.name, Vec::new()));
                bulk.buffers.len() - 1
            }
        };
        let buf = &mut bulk.buffers[index].1;
        let before = buf.len();
        copy_row(buf, fields);
        bulk.bytes += buf.len() - before;
        if bulk.bytes >= COPY_BATCH_BYTES {
            self.flush()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_text_escapes_what_copy_reads_specially() {
        let mut out = Vec::new();
        copy_row(
            &mut out,
            &[Value::Int(7), Value::Null, Value::Text("a\tb\nc\\d\re")],
        );
        assert_eq!(out, b"7\t\\N\ta\\tb\\nc\\\\d\\re\n");
    }
}
