//! The two kinds of failure and their exit codes: a user's mistake (exit 2: the input
//! was wrong, nothing was written, the message says how to fix it) and everything else
//! (exit 1: the environment failed, a file could not be read, the database stayed locked).

use crate::model::figure::FigureError;
use crate::model::status::TransitionError;
use crate::store::StoreError;

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

/// The exit code an error calls for.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    let is_user = err.chain().any(|cause| {
        cause.is::<UserError>()
            || cause.is::<FigureError>()
            || cause.is::<TransitionError>()
            || cause
                .downcast_ref::<StoreError>()
                .is_some_and(StoreError::is_user_mistake)
    });
    if is_user {
        EXIT_USER
    } else {
        EXIT_ENVIRONMENT
    }
}
