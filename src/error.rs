//! What a failure means for the user, decided in one place: a user's mistake (exit 2:
//! the input was wrong, nothing was written, the message says how to fix it) or anything
//! else (exit 1: the environment failed, a file could not be read, the database stayed
//! locked). The model and the store return errors with kinds and never decide an exit
//! code; commands add their own mistakes with [`user`].

use crate::model::figure::FigureError;
use crate::model::status::TransitionError;
use crate::store::{ErrorKind, StoreError};

/// A mistake in what the user asked for. Its message names the input and the fix.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UserError(pub String);

/// Makes a user error from a message.
pub fn user(message: impl Into<String>) -> anyhow::Error {
    UserError(message.into()).into()
}

/// Exit code for a successful run.
pub const EXIT_OK: u8 = 0;
/// Exit code when the environment failed.
pub const EXIT_ENVIRONMENT: u8 = 1;
/// Exit code for a user's mistake.
pub const EXIT_USER: u8 = 2;

/// Whether a store failure of this kind is the user's to fix by changing what they
/// asked for. A role that may not write is the user's too: they connected as the wrong
/// role, or must ask for another.
fn kind_is_user_mistake(kind: ErrorKind) -> bool {
    match kind {
        ErrorKind::NotFound | ErrorKind::Refused | ErrorKind::PermissionDenied => true,
        ErrorKind::ChangedMeanwhile | ErrorKind::Corrupt | ErrorKind::Environment => false,
    }
}

/// Whether the error is a user's mistake anywhere in its chain.
pub fn is_user_mistake(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause.is::<UserError>()
            || cause.is::<FigureError>()
            || cause.is::<TransitionError>()
            || cause
                .downcast_ref::<StoreError>()
                .is_some_and(|e| kind_is_user_mistake(e.kind()))
    })
}

/// The exit code an error calls for.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    if is_user_mistake(err) {
        EXIT_USER
    } else {
        EXIT_ENVIRONMENT
    }
}
