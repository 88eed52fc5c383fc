//! `info`: the health check of a setup. It opens the ledger as any command would and
//! says what it found, so that "which server, as whom, encrypted or not, which schema"
//! is answered by the program that will do the work, not guessed from the address.

use anyhow::Result;

use super::Ctx;
use crate::render::views::info::{self, Info};
use crate::store::BackendKind;

pub(super) fn run(ctx: &Ctx) -> Result<()> {
    let mut store = ctx.open()?;
    let about = store.about()?;
    let db = ctx.db_shown();
    let postgres = about.backend == BackendKind::Postgres;
    ctx.emit(info::info(&Info {
        backend: if postgres { "postgresql" } else { "sqlite" },
        db: &db,
        server_version: &about.server_version,
        database: &about.database,
        role: about.role.as_deref(),
        tls: postgres.then_some(about.tls.is_some()),
        tls_protocol: about.tls.as_deref(),
        ledger_schema_version: about.schema_version,
        record_head: about.record_head.as_ref().map(|(id, h)| (*id, h.as_str())),
        history_head: about.history_head.as_ref().map(|(id, h)| (*id, h.as_str())),
        evidence_head: about
            .evidence_head
            .as_ref()
            .map(|(id, h)| (*id, h.as_str())),
        file_bytes: about.file.as_ref().map(|(bytes, _)| *bytes),
        journal_mode: about.file.as_ref().map(|(_, mode)| mode.as_str()),
    }))
}
