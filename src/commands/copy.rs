//! `copy --from SRC --to DST`: moving a desk between an SQLite file and a PostgreSQL
//! server, or back, with every id, every history row and every hash kept. The target is
//! written in one transaction and checked (row counts, hash chains) before it commits,
//! so a copy that does not add up leaves the target as it was.

use std::path::Path;

use anyhow::{anyhow, Result};
use serde_json::json;

use super::Ctx;
use crate::cli::CopyArgs;
use crate::error::user;
use crate::portable::{replay_ledger, Counts};
use crate::render::views;
use crate::store::{redact, OpenMode, Opened, Store};

fn shown(path: &Path) -> String {
    redact(&path.display().to_string())
}

pub(super) fn run(ctx: &Ctx, args: CopyArgs) -> Result<()> {
    let from = shown(&args.from);
    let to = shown(&args.to);
    if args.from == args.to {
        return Err(user(format!(
            "--from and --to are both {from}; copy to another ledger"
        )));
    }
    let mut source = Store::open(&args.from, OpenMode::Existing)?;
    let mut target = Store::open(&args.to, OpenMode::Create)?;
    let created = target.opened() == Opened::Created;
    let copied = copy(&mut source, &mut target, &from, &to);
    if copied.is_err() && created {
        // The ledger was made for this copy and holds nothing: leave no empty file behind.
        target.remove_files();
    }
    let (counts, head) = copied?;
    ctx.emit(views::done(
        format!(
            "copied {from} to {to}: {} sources, {} articles, {} incidents, {} claims, {} figures, {} status changes, {} evidence; counts and hash chains check out (head {})",
            counts.sources,
            counts.articles,
            counts.incidents,
            counts.claims,
            counts.figures,
            counts.status_changes,
            counts.evidence,
            head.get(..16).unwrap_or(&head)
        ),
        json!({ "from": from, "to": to, "copied": counts, "head": head }),
    ))
}

/// Copies and checks, all inside the target's one write transaction.
fn copy(source: &mut Store, target: &mut Store, from: &str, to: &str) -> Result<(Counts, String)> {
    source.read_small(|src| {
        target.write(|dst| {
            if !dst.is_empty()? {
                return Err(user(format!(
                    "{to} is not empty: a copy goes only into an empty ledger, where it keeps every id; give a new file or an empty database"
                )));
            }
            let written = replay_ledger(src, dst)?;
            // The comparison's summary is derived: built once from what was copied.
            dst.rebuild_summary()?;
            let expected = Counts::of(src)?;
            let found = Counts::of(dst)?;
            if written != expected || found != expected {
                return Err(anyhow!(
                    "the copy does not add up: {from} has {expected:?}, {written:?} were written and {to} holds {found:?}; nothing was copied"
                ));
            }
            let findings = super::verify::check(dst)?;
            if let Some(first) = findings.problems().first() {
                return Err(anyhow!(
                    "the copy does not verify ({first}); nothing was copied"
                ));
            }
            Ok((written, findings.head().to_string()))
        })
    })
}
