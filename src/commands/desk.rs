//! `desk`: the ledger's owner manages the people of a desk on PostgreSQL without writing
//! SQL: the groups, a fact-checker added, moved to reader or removed, and who did what
//! when. A password is asked for or piped in, never taken from the command line, where
//! the shell's history and `ps` would keep it; only its SCRAM verifier leaves this machine.

use std::io::IsTerminal;

use anyhow::{Context, Result};

use super::Ctx;
use crate::cli::DeskCommand;
use crate::error::user;
use crate::render::views::{self, desk as view};
use crate::store::{DeskAdded, DeskChange};

pub(super) fn run(ctx: &Ctx, cmd: DeskCommand) -> Result<()> {
    let mut store = ctx.open()?;
    match cmd {
        DeskCommand::Setup => {
            store.change_desk(DeskChange::Setup)?;
            ctx.emit(views::done(
                format!(
                    "the desk's groups crosscheck_writer and crosscheck_reader are ready on {}",
                    ctx.db_shown()
                ),
                view::Changed {
                    action: "setup",
                    role: None,
                    group: None,
                },
            ))
        }
        DeskCommand::Add(args) => {
            check_name(&args.name)?;
            let password = read_password(&args.name)?;
            let verifier = password
                .as_deref()
                .map(|p| postgres_protocol::password::scram_sha_256(p.as_bytes()));
            let added = store.change_desk(DeskChange::Add {
                name: &args.name,
                reader: args.reader,
                verifier: verifier.as_deref(),
            })?;
            let group = if args.reader { "reader" } else { "writer" };
            let message = match added {
                Some(DeskAdded::Moved) => format!("{} is now a {group}", args.name),
                _ => format!("added {} as a {group}", args.name),
            };
            ctx.emit(views::done(
                message,
                view::Changed {
                    action: if added == Some(DeskAdded::Moved) {
                        "moved"
                    } else {
                        "added"
                    },
                    role: Some(&args.name),
                    group: Some(group),
                },
            ))
        }
        DeskCommand::Remove(args) => {
            check_name(&args.name)?;
            store.change_desk(DeskChange::Remove { name: &args.name })?;
            ctx.emit(views::done(
                format!(
                    "removed {}: it can no longer connect; the history keeps its name",
                    args.name
                ),
                view::Changed {
                    action: "removed",
                    role: Some(&args.name),
                    group: None,
                },
            ))
        }
        DeskCommand::List => {
            let members = store.desk_members()?;
            let rows: Vec<view::Member<'_>> = members
                .iter()
                .map(|m| view::Member {
                    role: &m.role,
                    group: &m.group,
                    can_login: m.can_login,
                    last_activity: m.last_activity.as_deref(),
                    entries: m.entries,
                })
                .collect();
            ctx.emit(view::list(&rows))
        }
    }
}

/// A role name that needs no quoting anywhere: what psql, pg_hba.conf and a URL take as
/// they are.
fn check_name(name: &str) -> Result<()> {
    let plain = !name.is_empty()
        && name.len() <= 63
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !plain || name.starts_with("pg_") || name.starts_with("crosscheck_") {
        return Err(user(format!(
            "{name:?} is not a name for a desk member: use lower-case letters, digits and underscores (at most 63, not starting with pg_ or crosscheck_), such as m_haddad"
        )));
    }
    Ok(())
}

/// One line of standard input, read a byte at a time from the descriptor itself, as the
/// shell's `read` does: a buffered read would swallow the lines meant for the commands
/// that follow in a script (`desk add` for each member, their passwords piped in).
fn read_one_line(stdin: &std::io::Stdin) -> std::io::Result<String> {
    use std::io::Read;
    use std::os::fd::AsFd;
    let mut input = std::fs::File::from(stdin.as_fd().try_clone_to_owned()?);
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    while input.read(&mut byte)? == 1 && byte[0] != b'\n' {
        line.push(byte[0]);
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    String::from_utf8(line).map_err(|_| {
        std::io::Error::new(std::io::ErrorKind::InvalidData, "the password is not UTF-8")
    })
}

/// The password: asked twice on a terminal, else the first line of standard input.
/// `None` when standard input is empty (moving a member keeps its password).
fn read_password(name: &str) -> Result<Option<String>> {
    let stdin = std::io::stdin();
    let password = if stdin.is_terminal() {
        let first = rpassword::prompt_password(format!("password for {name}: "))
            .context("cannot read the password from the terminal")?;
        let again = rpassword::prompt_password("the same again: ")
            .context("cannot read the password from the terminal")?;
        if first != again {
            return Err(user(
                "the two passwords differ; nothing changed: run it again",
            ));
        }
        first
    } else {
        let line = read_one_line(&stdin).context("cannot read the password from standard input")?;
        if line.is_empty() {
            return Ok(None);
        }
        line
    };
    if password.is_empty() {
        return Err(user("an empty password; nothing changed: give one"));
    }
    Ok(Some(password))
}
