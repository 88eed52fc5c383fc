//! `migrate`: bringing a ledger forward to the schema this crosscheck writes. On a shared
//! server this is the owner's act, done once and on purpose, so no other command does it
//! on its own; on an SQLite file every command still brings its own file forward, and
//! `migrate` does the same explicitly.

use anyhow::Result;

use super::Ctx;
use crate::render::views;
use crate::store::{OpenMode, Opened, Store};

pub(super) fn run(ctx: &Ctx) -> Result<()> {
    let store = Store::open(&ctx.db_path(), OpenMode::Migrate)?;
    let shown = ctx.db_shown();
    let version = store.backend_kind().schema_version();
    let message = match store.opened() {
        Opened::Migrated(from) => {
            format!("brought {shown} forward from schema version {from} to {version}")
        }
        // Migrate opens to write, so never read-only; were it, nothing would change.
        Opened::Existing | Opened::Created | Opened::ReadOnly => {
            format!("{shown} is at schema version {version}, the newest this crosscheck knows; nothing changed")
        }
    };
    ctx.emit(views::done(
        message,
        views::Initialised {
            db: &shown,
            schema_version: version,
        },
    ))
}
