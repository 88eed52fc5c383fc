//! `completions` and `man`: the shell completion scripts and the manual pages, generated
//! from the same clap definitions as the parser, so they can never disagree with it.
//! Neither opens a ledger.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use super::Ctx;
use crate::cli::{CompletionsArgs, ManArgs};

/// Prints the completion script for one shell.
pub(super) fn completions(args: CompletionsArgs) -> Result<()> {
    let mut command = crate::cli::whole_command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "crosscheck", &mut script);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(())
}

/// Prints the main manual page, or writes every page into `--dir`.
pub(super) fn man(ctx: &Ctx, args: ManArgs) -> Result<()> {
    let pages = pages()?;
    let Some(dir) = args.dir else {
        let (_, main) = pages
            .iter()
            .find(|(name, _)| name == "crosscheck.1")
            .context("the main manual page was not generated")?;
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        out.write_all(main)?;
        out.flush()?;
        return Ok(());
    };
    write_pages(&dir, &pages)?;
    ctx.notice(&format!(
        "wrote {} manual pages to {} (read them with: man -l {}/crosscheck.1)",
        pages.len(),
        dir.display(),
        dir.display()
    ));
    Ok(())
}

fn write_pages(dir: &Path, pages: &[(String, Vec<u8>)]) -> Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot make the folder {}", dir.display()))?;
    for (name, page) in pages {
        let path = dir.join(name);
        std::fs::write(&path, page).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// Every manual page, named as `man` looks them up: `crosscheck.1`, then
/// `crosscheck-claim.1`, `crosscheck-claim-add.1` and so on.
fn pages() -> Result<Vec<(String, Vec<u8>)>> {
    let mut root = crate::cli::whole_command().disable_help_subcommand(true);
    root.build();
    let mut pages = Vec::new();
    render(root, &mut pages)?;
    Ok(pages)
}

fn render(command: clap::Command, pages: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
    let man = clap_mangen::Man::new(command.clone());
    let mut page = Vec::new();
    man.render(&mut page)
        .context("cannot render a manual page")?;
    pages.push((man.get_filename(), page));
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        render(sub.clone(), pages)?;
    }
    Ok(())
}
