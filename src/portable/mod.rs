//! The ledger as a portable file and back: the row format that `export` writes and
//! `import` reads ([`format`]), and the replay of such rows into an empty ledger
//! ([`replay`]), which `import` uses for a file and `copy` for another ledger. Kept out of
//! src/commands so that no command reaches into another's module, and out of src/store
//! because none of it is storage: the rows go in and out through the `Ledger` interface.

pub mod check;
pub mod format;
pub mod input;
pub mod replay;

pub use format::{neutralise_formula, restore_formula, RowWriter};
pub use replay::{replay_ledger, Counts, Replay};
