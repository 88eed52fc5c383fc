//! What the server's refusals mean for the user: each SQLSTATE that a user can act on
//! becomes a store error of its kind with a message that says what to do, in the
//! server's own words where they help.

use std::time::Duration;

use postgres::error::SqlState;

use super::super::error::{reworded, ErrorKind};
use super::StoreError;

/// The server's own words for an error: its message and detail, without the
/// "db error:" prefix.
pub(super) fn describe(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(d) => match d.detail() {
            Some(detail) => format!("{} ({detail})", d.message()),
            None => d.message().to_string(),
        },
        None => {
            let mut text = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                text.push_str(": ");
                text.push_str(&s.to_string());
                source = s.source();
            }
            text
        }
    }
}

pub(super) fn sql_state(err: &anyhow::Error) -> Option<SqlState> {
    err.chain()
        .find_map(|e| e.downcast_ref::<postgres::Error>())
        .and_then(|e| e.code().cloned())
}

/// A row the ledger's constraints refuse, as a user's mistake.
pub(super) fn refused(err: anyhow::Error) -> anyhow::Error {
    let is_constraint = sql_state(&err).is_some_and(|c| c.code().starts_with("23"));
    if is_constraint {
        let message = err
            .chain()
            .find_map(|e| e.downcast_ref::<postgres::Error>())
            .map_or_else(|| err.to_string(), describe);
        StoreError::refused_row(&message)
    } else {
        err
    }
}

/// Puts what the user can do first when the server refuses: a role that may only read,
/// a write that another writer got in the way of.
pub(super) fn explain(err: anyhow::Error, role: &str, lock_wait: Duration) -> anyhow::Error {
    let Some(code) = sql_state(&err) else {
        return err;
    };
    let server = err
        .chain()
        .find_map(|e| e.downcast_ref::<postgres::Error>())
        .map(describe)
        .unwrap_or_default();
    if code == SqlState::INSUFFICIENT_PRIVILEGE && server.contains("who must be the database role")
    {
        return StoreError::with_kind(ErrorKind::PermissionDenied, format!(
            "{server}; nothing was written: a history that names other fact-checkers (an import or a copy) is written by the role that owns the ledger, the one that ran `crosscheck init`"
        ));
    }
    if code == SqlState::INSUFFICIENT_PRIVILEGE
        && server.contains("reviewed by someone other than who set it")
    {
        return StoreError::with_kind(ErrorKind::PermissionDenied, format!(
            "{server}; nothing was written: the role '{role}' set this verdict, so a colleague reviews it"
        ));
    }
    if code == SqlState::INSUFFICIENT_PRIVILEGE && server.contains("for sequence") {
        return StoreError::with_kind(ErrorKind::PermissionDenied, format!(
            "the database role '{role}' may not do this ({server}); nothing was written: rows that keep their own ids (an import or a copy) move the id generators, which only the role that owns the ledger may do: run it as the role that ran `crosscheck init`"
        ));
    }
    if code == SqlState::INSUFFICIENT_PRIVILEGE {
        return StoreError::with_kind(ErrorKind::PermissionDenied, format!(
            "the database role '{role}' may not do this ({server}); nothing was written: a role in the crosscheck_reader group only reads, ask the ledger's owner to make it a writer (`crosscheck desk add {role}`, in crosscheck_writer)"
        ));
    }
    if code == SqlState::LOCK_NOT_AVAILABLE {
        return StoreError::with_kind(
            ErrorKind::Environment,
            format!(
                "the database stayed locked by another connection for {:.1} s; nothing was written: try again when it has finished (CROSSCHECK_BUSY_TIMEOUT_MS sets the wait)",
                lock_wait.as_secs_f64()
            ),
        );
    }
    if code == SqlState::T_R_SERIALIZATION_FAILURE || code == SqlState::T_R_DEADLOCK_DETECTED {
        return StoreError::with_kind(
            ErrorKind::ChangedMeanwhile,
            format!("another fact-checker's write got in the way ({server}); nothing was written: run it again"),
        );
    }
    if code == SqlState::CHARACTER_NOT_IN_REPERTOIRE && server.contains("0x00") {
        return StoreError::refused(format!(
            "PostgreSQL cannot store a NUL character in text ({server}); nothing was written: remove the NUL bytes from the input"
        ));
    }
    if code == SqlState::READ_ONLY_SQL_TRANSACTION {
        return StoreError::with_kind(
            ErrorKind::Environment,
            format!("the server is read-only here ({server}); nothing was written: connect to the primary"),
        );
    }
    if code.code().starts_with("08") || code == SqlState::ADMIN_SHUTDOWN {
        return StoreError::with_kind(
            ErrorKind::Environment,
            format!("the connection to the server was lost ({server}); run it again"),
        );
    }
    // Otherwise the server's message as it is, without the client's "db error: ERROR:".
    let text = format!("{err:#}").replace("db error: ERROR: ", "");
    reworded(&err, text)
}
