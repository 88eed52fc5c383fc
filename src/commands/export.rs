//! `export`: the whole ledger as one file, JSON Lines or CSV, every row of every table in
//! replay order (a claim, its figures, then its first history row; evidence once what it
//! refers to exists), so that `import` into an empty ledger rebuilds the same rows with
//! the same ids and hashes. The row format is src/portable/format.rs; this is the command.

use std::fs::File;
use std::io::Write;

use anyhow::{Context, Result};

use super::{format_name, Ctx};
use crate::cli::{ExportArgs, FormatArg};
use crate::error::user;
use crate::portable::RowWriter;

pub(super) fn run(ctx: &Ctx, args: ExportArgs) -> Result<()> {
    let csv = match ctx.format {
        None | Some(FormatArg::Jsonl) => false,
        Some(FormatArg::Csv) => true,
        Some(other) => {
            return Err(user(format!(
                "export writes jsonl or csv, not {}; e.g. --format csv",
                format_name(other)
            )))
        }
    };
    let mut store = ctx.open()?;
    let sink: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let out = std::io::BufWriter::with_capacity(1 << 16, sink);
    let mut writer = if csv {
        RowWriter::csv(out)?
    } else {
        RowWriter::jsonl(out)
    };
    store.read(|l| l.export_rows(&mut |row| writer.write(row)))?;
    let rows = writer.rows();
    writer.finish()?;
    if let Some(path) = &args.output {
        ctx.notice(&format!("exported {rows} rows to {}", path.display()));
    }
    Ok(())
}
