//! One module per command or command group. Each opens the store, runs its work in one
//! transaction through the store's interface, builds a view and hands it to `render`.
//! No SQL and no formatting live here.

mod article;
mod claim;
mod compare;
mod copy;
mod correct;
mod demo;
mod desk;
mod docs;
mod export;
mod extract;
mod import;
mod incident;
mod info;
mod lint;
mod log;
mod metric;
mod migrate;
mod output;
mod publish;
mod report;
mod resolve;
mod review;
mod search;
mod source;
mod status;
mod verify;
mod versions;

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use clap::ValueEnum;

use crate::cli::{ColorArg, Command, EvidenceCommand, FormatArg};
use crate::error::user;
use crate::render::{self, Format, Output, Style};
use crate::store::{OpenMode, Opened, Store};

/// What every command needs to know about this run.
pub struct Ctx {
    db: Option<PathBuf>,
    format: Option<FormatArg>,
    by: Option<String>,
    style: Style,
    /// Set when the ledger had to be opened read-only, so that a command that read it
    /// says so once, at the end; one that tried to write says so in its error instead.
    opened_read_only: std::cell::Cell<bool>,
}

/// The default ledger file.
pub const DEFAULT_DB: &str = "crosscheck.db";

impl Ctx {
    fn db_path(&self) -> PathBuf {
        self.db.clone().unwrap_or_else(|| PathBuf::from(DEFAULT_DB))
    }

    fn open(&self) -> Result<Store> {
        let store = Store::open(&self.db_path(), OpenMode::Existing)?;
        if store.opened() == Opened::ReadOnly {
            self.opened_read_only.set(true);
        }
        Ok(store)
    }

    /// The ledger's name as it may be printed: a server address without its password.
    fn db_shown(&self) -> String {
        crate::store::redact(&self.db_path().display().to_string())
    }

    /// Who is acting. On a server that records the database role (PostgreSQL), that
    /// role, and a --by or CROSSCHECK_USER naming someone else is refused rather than
    /// silently dropped. Otherwise --by, then CROSSCHECK_USER, then USER.
    fn who(&self, store: &Store) -> Result<String> {
        let given =
            |name: Option<String>| name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
        let stated = given(self.by.clone()).map(|n| (n, "--by")).or_else(|| {
            given(std::env::var("CROSSCHECK_USER").ok()).map(|n| (n, "CROSSCHECK_USER"))
        });
        // Who acted is printed in the history one line per change: a name with a line
        // break or a control character could forge a second line, so it is refused.
        if let Some((name, from)) = &stated {
            if !crate::model::is_single_line(name) {
                return Err(user(format!(
                    "{from} {name:?} contains a line break or control character; give who is acting as one line of text"
                )));
            }
        }
        if let Some(role) = store.acting_role() {
            return match stated {
                Some((name, from)) if name != role => Err(user(format!(
                    "{from} names '{name}', but on PostgreSQL the history records the database role, here '{role}': connect as {name}'s own role (the user in --db), or leave {from} out"
                ))),
                _ => Ok(role.to_string()),
            };
        }
        let named = stated
            .map(|(n, _)| n)
            .or_else(|| given(std::env::var("USER").ok()));
        if let Some(name) = named
            .as_deref()
            .filter(|n| !crate::model::is_single_line(n))
        {
            return Err(user(format!(
                "USER {name:?} contains a line break or control character; pass --by NAME or set CROSSCHECK_USER"
            )));
        }
        named.ok_or_else(|| {
            user("who is acting is unknown: pass --by NAME or set CROSSCHECK_USER, so the history can name you")
        })
    }

    /// Who acts, for a change to the ledger's own rows (an article, an incident, a
    /// source, a metric): as [`Ctx::who`], except that where nothing names anyone (no
    /// `--by`, `CROSSCHECK_USER` or `USER`) the record says `unknown` rather than refuse,
    /// as these commands asked nobody's name before the record named who acted. A claim's
    /// history still needs a name.
    fn actor(&self, store: &Store) -> Result<String> {
        match self.who(store) {
            Err(_)
                if self.by.is_none()
                    && std::env::var("CROSSCHECK_USER").map_or(true, |v| v.trim().is_empty())
                    && std::env::var("USER").map_or(true, |v| v.trim().is_empty()) =>
            {
                Ok("unknown".to_string())
            }
            other => other,
        }
    }

    fn format(&self) -> Format {
        match self.format {
            None | Some(FormatArg::Table) => Format::Table,
            Some(FormatArg::Json) => Format::Json,
            Some(FormatArg::Csv) => Format::Csv,
            // run() refuses these before a command that prints tables starts.
            Some(
                FormatArg::Markdown | FormatArg::Html | FormatArg::Claimreview | FormatArg::Jsonl,
            ) => Format::Table,
        }
    }

    fn emit(&self, output: Output) -> Result<()> {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        render::write(&mut out, &output, self.format(), self.style)?;
        out.flush()?;
        Ok(())
    }

    /// A line on stderr about something done on the user's behalf.
    fn notice(&self, message: &str) {
        eprintln!("crosscheck: {}", render::for_terminal(message));
    }
}

/// Runs a parsed command line.
pub fn run(cli: crate::cli::Cli) -> Result<()> {
    let color = match cli.color {
        ColorArg::Auto => None,
        ColorArg::Always => Some(true),
        ColorArg::Never => Some(false),
    };
    let ctx = Ctx {
        db: cli.db,
        format: cli.format,
        by: cli.by,
        style: Style::detect(color),
        opened_read_only: Default::default(),
    };
    check_format(&cli.command, ctx.format)?;
    let result = dispatch(&ctx, cli.command);
    if result.is_ok() && ctx.opened_read_only.get() {
        ctx.notice(&format!(
            "{} was opened read-only: its folder or disk cannot be written",
            ctx.db_shown()
        ));
    }
    result
}

fn dispatch(ctx: &Ctx, command: Command) -> Result<()> {
    match command {
        Command::Report(args) => report::run(ctx, args.0),
        Command::Lint(args) => lint::run(ctx, args.0),
        Command::Publish(args) => publish::run(ctx, args.0),
        Command::Export(args) => export::run(ctx, args.0),
        Command::Import(args) => import::run(ctx, args.0),
        Command::Init => init(ctx),
        Command::Article(cmd) => article::run(ctx, cmd.0),
        Command::Source(cmd) => source::run(ctx, cmd.0),
        Command::Incident(cmd) => incident::run(ctx, cmd.0),
        Command::Claim(cmd) => claim::run(ctx, cmd.0),
        Command::Metric(cmd) => metric::run(ctx, cmd.0),
        Command::Status(args) => status::change(ctx, args.0),
        Command::Evidence(cmd) => match cmd.0 {
            EvidenceCommand::Add(args) => status::evidence(ctx, args),
            EvidenceCommand::Correct(args) => {
                let args = args.into_correct();
                if !args.row.starts_with("evidence:") {
                    return Err(user(format!(
                        "{} is not a piece of evidence; give its id as `crosscheck history CLAIM` lists it (evidence:ID or ID)",
                        args.row
                    )));
                }
                correct::correct(ctx, args)
            }
        },
        Command::Review(cmd) => review::review(ctx, cmd.0),
        Command::Config(cmd) => review::config(ctx, cmd.0),
        Command::History(args) => status::history(ctx, args.0),
        Command::Log(args) => log::run(ctx, args.0),
        Command::Search(args) => search::run(ctx, args.0),
        Command::Compare(args) => compare::compare(ctx, args.0),
        Command::Conflicts(args) => compare::conflicts(ctx, args.0),
        Command::Correct(args) => correct::correct(ctx, args.0),
        Command::Erase(args) => correct::erase(ctx, args.0),
        Command::Verify(args) => verify::verify(ctx, args.0),
        Command::Info => info::run(ctx),
        Command::Migrate => migrate::run(ctx),
        Command::Desk(cmd) => desk::run(ctx, cmd.0),
        Command::Extract(args) => extract::run(ctx, args.0),
        Command::Backup(args) => verify::backup(ctx, args.0),
        Command::Copy(args) => copy::run(ctx, args.0),
        Command::Demo => demo::run(ctx),
        Command::Completions(args) => docs::completions(args.0),
        Command::Man(args) => docs::man(ctx, args.0),
    }
}

/// Refuses a format the command does not write, before anything runs: the report and
/// export formats belong to `report` and `export`; every other command writes table,
/// json or csv.
fn check_format(command: &Command, format: Option<FormatArg>) -> Result<()> {
    let Some(format) = format else { return Ok(()) };
    let plain = matches!(format, FormatArg::Table | FormatArg::Json | FormatArg::Csv);
    if plain || matches!(command, Command::Report(_) | Command::Export(_)) {
        return Ok(());
    }
    // clap names commands after their variants: `Claim(List(ClaimListArgs { .. }))` is
    // `claim list`.
    let debug = format!("{command:?}");
    let name: Vec<String> = debug
        .split('(')
        .map(|w| w.trim_end_matches(')'))
        .take_while(|w| {
            !w.is_empty() && w.chars().all(char::is_alphanumeric) && !w.ends_with("Args")
        })
        .take(2)
        .map(str::to_lowercase)
        .collect();
    Err(user(format!(
        "{} writes table, json or csv, not {}",
        name.join(" "),
        format_name(format)
    )))
}

/// The name a user types for a format.
fn format_name(format: FormatArg) -> String {
    format
        .to_possible_value()
        .map_or_else(|| format!("{format:?}"), |v| v.get_name().to_string())
}

fn init(ctx: &Ctx) -> Result<()> {
    let path = ctx.db_path();
    let store = Store::open(&path, OpenMode::Create)?;
    let shown = ctx.db_shown();
    let version = store.backend_kind().schema_version();
    let message = match store.opened() {
        Opened::Created => format!("created an empty ledger at {shown}"),
        Opened::Existing => format!("{shown} is already a crosscheck ledger; nothing changed"),
        Opened::Migrated(from) => {
            format!("brought {shown} forward from schema version {from} to {version}")
        }
        // Only an existing ledger is ever opened read-only; init opens to create.
        Opened::ReadOnly => format!("{shown} is a crosscheck ledger, read-only here"),
    };
    ctx.emit(render::views::done(
        message,
        render::views::Initialised {
            db: &shown,
            schema_version: version,
        },
    ))
}
