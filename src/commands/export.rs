//! `export`: the whole ledger as one file, JSON Lines or CSV, every row of every table in
//! replay order (a claim, its figures, then its first history row; evidence once what it
//! refers to exists), so that `import` into an empty ledger rebuilds the same rows with
//! the same ids and hashes. The row format is src/portable/format.rs; this is the command.

use std::io::Write;

use anyhow::Result;

use super::output::OutputFile;
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
    // -o writes beside the target and renames when whole; see output.rs.
    let mut file = match &args.output {
        Some(path) => Some(OutputFile::create(path, &store.files(), args.force)?),
        None => None,
    };
    let sink: Box<dyn Write + '_> = match &mut file {
        Some(file) => Box::new(file),
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
    drop(writer.finish()?);
    if let (Some(file), Some(path)) = (file, &args.output) {
        file.finish()?;
        ctx.notice(&format!(
            "exported {} to {}",
            crate::render::views::counted(rows as i64, "row", "rows"),
            path.display()
        ));
    }
    Ok(())
}
