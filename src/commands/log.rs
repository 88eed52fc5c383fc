//! `log`: what changed across the ledger, newest first: claims recorded, status changes
//! and evidence, from the history the ledger already keeps, filtered by time, person and
//! incident.

use anyhow::Result;

use super::{resolve, Ctx};
use crate::cli::LogArgs;
use crate::clock;
use crate::error::user;
use crate::model::log::{parse_since, LogFilter};
use crate::render::views;

pub(super) fn run(ctx: &Ctx, args: LogArgs) -> Result<()> {
    let since = match &args.since {
        Some(text) => Some(parse_since(text, clock::now()?).map_err(user)?),
        None => None,
    };
    if args.limit == Some(0) {
        return Err(user(
            "--limit 0 would show nothing; give a positive number or leave it out",
        ));
    }
    let who = args.who.as_deref().map(str::trim).filter(|w| !w.is_empty());
    let mut store = ctx.open()?;
    // Written as the entries are read: memory stays flat however long the history.
    let out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut shown = views::log::LogList::new(out, ctx.format(), ctx.style)?;
    store.read(|l| {
        let incident_id = match &args.incident {
            Some(key) => Some(resolve::incident(l, key)?.id),
            None => None,
        };
        let filter = LogFilter {
            since,
            who: who.map(str::to_string),
            incident_id,
            claim_id: None,
        };
        l.each_log_entry(&filter, args.limit, &mut |e| Ok(shown.push(&e)?))
    })?;
    shown.finish()?;
    Ok(())
}
