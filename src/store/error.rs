//! The store's failures as kinds, so that the rest of the program can decide what a
//! failure means for the user (an exit code, a hint) without the store knowing about exit
//! codes or commands, and without either side guessing from the words of a message.

use std::path::PathBuf;

/// What kind of failure a store error is. `src/error.rs` turns kinds into exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// What the user named is not there (a ledger, a database).
    NotFound,
    /// The input is refused: it breaks a rule of the ledger (a duplicate, a row out of
    /// order, a value the database cannot hold, a claim no longer in the state the
    /// command was built on).
    Refused,
    /// Another writer got in the way and the server aborted the transaction; running
    /// the same work again is safe.
    ChangedMeanwhile,
    /// The database role may not do this.
    PermissionDenied,
    /// The stored data is not what the ledger writes: damaged or changed behind its back.
    Corrupt,
    /// The environment failed: a file, a disk, a server, a connection.
    Environment,
}

/// A failure of the store, with its kind.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database file does not exist.
    #[error("no crosscheck database at {0}; run `crosscheck init` to create it, or point --db (or CROSSCHECK_DB) at an existing one")]
    Missing(PathBuf),
    /// The file is SQLite but holds no crosscheck ledger.
    #[error("{0} is not a crosscheck database (it has no crosscheck schema); run `crosscheck --db NEW_FILE init` for a new ledger")]
    NotLedger(PathBuf),
    /// The file is not SQLite at all.
    #[error("{0} is not an SQLite database; point --db at a crosscheck ledger")]
    NotSqlite(PathBuf),
    /// The file was written by a newer crosscheck.
    #[error("{path} has schema version {found}, newer than this crosscheck understands ({known}); upgrade crosscheck to open it")]
    Newer {
        /// The file.
        path: PathBuf,
        /// Its version.
        found: i64,
        /// The version this build knows.
        known: i64,
    },
    /// Any other failure: its kind and its one-line message, which says what to do.
    #[error("{message}")]
    Failed {
        /// What kind of failure.
        kind: ErrorKind,
        /// The message.
        message: String,
    },
}

impl StoreError {
    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        match self {
            // The user named a ledger that is not there: run init or fix the path.
            StoreError::Missing(_) => ErrorKind::NotFound,
            // The file is wrong for us: not SQLite, another program's, or newer.
            StoreError::NotLedger(_) | StoreError::NotSqlite(_) | StoreError::Newer { .. } => {
                ErrorKind::Environment
            }
            StoreError::Failed { kind, .. } => *kind,
        }
    }

    /// A failure of this kind with this message, as the error type the store returns.
    pub fn with_kind(kind: ErrorKind, message: impl Into<String>) -> anyhow::Error {
        StoreError::Failed {
            kind,
            message: message.into(),
        }
        .into()
    }

    /// Refused input.
    pub fn refused(message: impl Into<String>) -> anyhow::Error {
        StoreError::with_kind(ErrorKind::Refused, message)
    }

    /// A row the database's own constraints refuse, in the database's words.
    pub(super) fn refused_row(detail: &str) -> anyhow::Error {
        StoreError::refused(format!("the ledger refuses it: {detail}"))
    }
}

/// The kind of the first store error in an error's chain, if it has one.
pub fn kind_of(err: &anyhow::Error) -> Option<ErrorKind> {
    err.chain()
        .find_map(|cause| cause.downcast_ref::<StoreError>())
        .map(StoreError::kind)
}

/// The error's whole chain as one message, with the kind it had (environment when it had
/// none): for rewording a message without losing what it means.
pub(super) fn reworded(err: &anyhow::Error, message: String) -> anyhow::Error {
    StoreError::with_kind(kind_of(err).unwrap_or(ErrorKind::Environment), message)
}
