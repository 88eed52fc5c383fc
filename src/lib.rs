//! crosscheck: a ledger of the claims that news articles report, who made them, the
//! figures inside them and how far each has been verified, in one SQLite file.
//!
//! Data flows one way: [`cli`] → [`commands`] → ([`model`], [`store`]) → [`render`].

pub mod cli;
pub mod clock;
pub mod commands;
pub mod error;
pub mod extract;
pub mod model;
pub mod portable;
pub mod render;
pub mod store;
