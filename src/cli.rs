//! The command line, declared with clap's derive and nothing else: global options, the
//! command tree, one `Args` struct per command, each with an example in its help.

use std::cell::Cell;
use std::path::PathBuf;

use clap::{ArgMatches, Args, FromArgMatches, Parser, Subcommand, ValueEnum};

/// Record the claims news reports, who made them and the figures inside them; compare
/// the figures sources disagree on; work each claim to a verdict with evidence.
#[derive(Debug, Parser)]
#[command(
    name = "crosscheck",
    version,
    propagate_version = true,
    max_term_width = 100
)]
#[command(after_help = "Examples:
  crosscheck demo                          build the Atmé raid case and compare its figures
  crosscheck init                          make ./crosscheck.db
  crosscheck compare atme-raid             the figures of one incident, source by source
  crosscheck claim list --status unverified --format json")]
pub struct Cli {
    /// The ledger file
    #[arg(
        long,
        global = true,
        env = "CROSSCHECK_DB",
        value_name = "PATH",
        help_heading = "Global options"
    )]
    pub db: Option<PathBuf>,

    /// Output format: table, json or csv for lists, shows and comparisons; markdown, html,
    /// json or claimreview for report; jsonl or csv for export
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "FORMAT",
        help_heading = "Global options"
    )]
    pub format: Option<FormatArg>,

    /// Who is acting, recorded in the history (not a filter) [env: CROSSCHECK_USER, then USER]
    #[arg(
        long,
        global = true,
        value_name = "NAME",
        help_heading = "Global options"
    )]
    pub by: Option<String>,

    /// When to colour tables: auto (on a terminal, unless NO_COLOR is set), always, never
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorArg::Auto, help_heading = "Global options")]
    pub color: ColorArg,

    /// What to do
    #[command(subcommand)]
    pub command: Command,
}

/// A command's arguments, or its subcommands, declared to clap only when that command is
/// the one run (or its help is asked for). clap's derive builds every command's
/// arguments, help texts and examples before it reads the first word of the command
/// line: for `claim show 1` a tenth of what the process costs, for one command out of
/// sixty. Completion scripts and manual pages walk the whole tree as the derive lays it
/// out ([`whole_command`]).
pub struct Lazy<T>(pub T);

thread_local! {
    /// Whether [`Lazy`] declares in place, as the derive would: see [`whole_command`].
    static IN_PLACE: Cell<bool> = const { Cell::new(false) };
}

/// The whole command line, every command declared in place: for the completion scripts
/// and manual pages, which walk all of it. Deferred, a command's own options would come
/// after the global ones in a completion script, and `help`'s completions would stop at
/// the first word.
pub fn whole_command() -> clap::Command {
    IN_PLACE.set(true);
    let command = <Cli as clap::CommandFactory>::command();
    IN_PLACE.set(false);
    command
}

impl<T: std::fmt::Debug> std::fmt::Debug for Lazy<T> {
    // Transparent: a command's name is read from its debug form (`Claim(Show(..))`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl<T: FromArgMatches> FromArgMatches for Lazy<T> {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(Lazy)
    }

    fn from_arg_matches_mut(matches: &mut ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(matches).map(Lazy)
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }

    fn update_from_arg_matches_mut(&mut self, matches: &mut ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches_mut(matches)
    }
}

impl<T: Args> Args for Lazy<T> {
    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }

    fn augment_args(cmd: clap::Command) -> clap::Command {
        if IN_PLACE.get() {
            return T::augment_args(cmd);
        }
        cmd.defer(|cmd| keeping_about(cmd, T::augment_args))
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        if IN_PLACE.get() {
            return T::augment_args_for_update(cmd);
        }
        cmd.defer(|cmd| keeping_about(cmd, T::augment_args_for_update))
    }
}

impl<T: Subcommand> Subcommand for Lazy<T> {
    fn augment_subcommands(cmd: clap::Command) -> clap::Command {
        if IN_PLACE.get() {
            return T::augment_subcommands(cmd);
        }
        cmd.defer(|cmd| keeping_about(cmd, T::augment_subcommands))
    }

    fn augment_subcommands_for_update(cmd: clap::Command) -> clap::Command {
        if IN_PLACE.get() {
            return T::augment_subcommands_for_update(cmd);
        }
        cmd.defer(|cmd| keeping_about(cmd, T::augment_subcommands_for_update))
    }

    fn has_subcommand(name: &str) -> bool {
        T::has_subcommand(name)
    }
}

/// `augment` applied to `cmd`, keeping the about text the command's variant gave it.
/// Built in place, a struct's own doc comment came first and the variant's replaced it;
/// deferred, it comes last and would replace the variant's.
fn keeping_about(cmd: clap::Command, augment: fn(clap::Command) -> clap::Command) -> clap::Command {
    let about = cmd.get_about().cloned();
    let long_about = cmd.get_long_about().cloned();
    let cmd = augment(cmd);
    let cmd = match about {
        Some(about) => cmd.about(about),
        None => cmd.about(None::<&str>),
    };
    match long_about {
        Some(long_about) => cmd.long_about(long_about),
        None => cmd.long_about(None::<&str>),
    }
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Aligned columns for people
    Table,
    /// One JSON document for scripts
    Json,
    /// Comma-separated values with a header row
    Csv,
    /// Markdown (report)
    Markdown,
    /// One self-contained HTML page (report)
    Html,
    /// schema.org ClaimReview JSON-LD (report)
    Claimreview,
    /// JSON Lines, one row a line (export)
    Jsonl,
}

/// Colour policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// Colour on a terminal unless NO_COLOR is set or TERM=dumb
    Auto,
    /// Always colour tables
    Always,
    /// Never colour
    Never,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create an empty ledger
    #[command(after_help = "Example:\n  crosscheck --db atme.db init")]
    Init,
    /// Record and look up articles
    #[command(
        subcommand,
        after_help = "Examples:\n  crosscheck article add --title \"Raid in Atmé\" --lang nl --file atme.txt\n  crosscheck article list\n  crosscheck article show atme-nl"
    )]
    Article(Lazy<ArticleCommand>),
    /// Record and look up sources: who makes claims
    #[command(
        subcommand,
        after_help = "Examples:\n  crosscheck source add Pentagon --alias \"US Department of Defense\" --kind military\n  crosscheck source list\n  crosscheck source merge DoD Pentagon"
    )]
    Source(Lazy<SourceCommand>),
    /// Record and look up incidents: the events claims are about
    #[command(
        subcommand,
        after_help = "Examples:\n  crosscheck incident add atme-raid --title \"US raid in Atmé\" --date 2022-02-03\n  crosscheck incident show atme-raid"
    )]
    Incident(Lazy<IncidentCommand>),
    /// Record and look up claims
    #[command(
        subcommand,
        after_help = "Examples:\n  crosscheck claim add --article atme-nl --source SOHR --text \"13 dead\" --figure killed=13\n  crosscheck claim list --status unverified\n  crosscheck claim show 3"
    )]
    Claim(Lazy<ClaimCommand>),
    /// The metric vocabulary: the bases and breakdowns a figure may count with
    #[command(
        subcommand,
        after_help = "A figure's metric is a base (what is counted) and any breakdowns (of whom), joined by
dots: killed, injured.children, killed.civilians.women. Any base combines with any
breakdown; each part must be in the vocabulary.

Examples:
  crosscheck metric list
  crosscheck metric add evacuated --description \"people moved out of harm's way\"
  crosscheck metric add .elderly --description \"people aged 65 or over\"
  crosscheck metric add aid_pledged --description \"aid pledged\" --unit usd"
    )]
    Metric(Lazy<MetricCommand>),
    /// Move claims to a new status (a verdict or reopening needs --note)
    #[command(
        after_help = "Statuses: unverified, in_progress, verified, false, misleading, disputed, unverifiable, retracted

Several claims move together in one transaction: all of them, or none if one cannot.

Examples:
  crosscheck status 3 in_progress
  crosscheck status 3 disputed --note \"Civil Defence counts 6 children\" --evidence https://example.org/sy-cd
  crosscheck status 4 5 6 in_progress
  crosscheck status --incident atme-raid --status unverified in_progress
  crosscheck status 3 false --note \"the caller asked us not to name him\" --internal"
    )]
    Status(Lazy<StatusArgs>),
    /// Four-eyes review: approve or reject a verdict someone else set
    #[command(
        subcommand,
        after_help = "With `crosscheck config set review required`, a verdict waits for a second person's
approval: lint blocks it and ClaimReview leaves it out until then.

Examples:
  crosscheck claim list --awaiting-review
  crosscheck review approve 3 4
  crosscheck review reject 5 --note \"the source is a repeat of the agency's count\""
    )]
    Review(Lazy<ReviewCommand>),
    /// Ledger settings: show them, or change one (recorded)
    #[command(
        subcommand,
        after_help = "Examples:\n  crosscheck config show\n  crosscheck config set review required"
    )]
    Config(Lazy<ConfigCommand>),
    /// Attach evidence to a claim
    #[command(
        subcommand,
        after_help = "Example:\n  crosscheck evidence add 3 --url https://example.org/list --supports"
    )]
    Evidence(Lazy<EvidenceCommand>),
    /// Show a claim's full history: every status change and every piece of evidence
    #[command(
        after_help = "Examples:\n  crosscheck history 3\n  crosscheck history 3 --since 24h"
    )]
    History(Lazy<HistoryArgs>),
    /// What changed across the ledger, newest first: claims recorded, status changes, evidence
    #[command(
        after_help = "--since takes a span back from now (30m, 24h, 7d, 2w) or a date or time
(2023-09-14, 2023-09-14T08:00Z). --who names who acted (--by is who is acting now).

Examples:
  crosscheck log --since 24h
  crosscheck log --who m.haddad --since 7d
  crosscheck log --incident atme-raid --limit 20 --format json"
    )]
    Log(Lazy<LogArgs>),
    /// Compare the figures of one incident, source by source
    #[command(
        after_help = "A row is a conflict (YES) when two sources' figures share no possible value; a source is
inconsistent when its parts (killed.children, ...) exceed its own total.

Examples:
  crosscheck compare atme-raid
  crosscheck compare atme-raid --metric killed.children --tolerance 5 --all-versions
  crosscheck compare atme-raid --format json"
    )]
    Compare(Lazy<CompareArgs>),
    /// Find claims and articles by their words, best match first
    #[command(
        after_help = "Looks in each claim's text, quote, translation and notes (of status changes and
evidence), and in each article's title and text. Every word must occur; case and accents
do not matter (atme finds Atmé). Quotes, *, -, brackets, AND and OR are plain words.

Examples:
  crosscheck search atme
  crosscheck search \"civil defence\" --incident atme-raid --status unverified
  crosscheck search kinderen --format json"
    )]
    Search(Lazy<SearchArgs>),
    /// List every incident and metric where sources conflict or a breakdown does not add up
    #[command(
        after_help = "A conflict is resolved once every figure on one side of it is judged false or
misleading; resolved conflicts are left out unless --all, which marks them resolved (the
conflict column in the table, \"resolved\": true in JSON, the resolved column in CSV).

Examples:
  crosscheck conflicts --format csv > conflicts.csv
  crosscheck conflicts --all"
    )]
    Conflicts(Lazy<ConflictsArgs>),
    /// Put right a status change's note, or a piece of evidence's URL, stance or note
    #[command(
        after_help = "ROW is status:ID (a status change: only --note) or evidence:ID (--url, --stance, --note,
any of them), as the ROW column of `crosscheck history CLAIM` names it. Each field given
becomes a correction: a new row that readers (history, claim show, log, reports) see in
the field's place. The row corrected stays as it was, and the history lists the
correction with the text it replaced. All fields are corrected in one transaction.

Examples:
  crosscheck correct status:12 --note \"Civil Defence counts 6 children\" --why \"typo in the count\"
  crosscheck correct evidence:4 --url https://example.org/sy-cd-list --why \"it was a draft\"
  crosscheck correct evidence:4 --stance context --why \"it names no victims\""
    )]
    Correct(Lazy<CorrectArgs>),
    /// Erase a text that must go (a person's name in a quote, a note); its digest stays
    #[command(
        after_help = "ROW is claim:ID, status:ID, evidence:ID or correction:ID (see the ROW column of
`crosscheck history CLAIM`); FIELD is text, quote or translation of a claim, note of a
status change, url or note of evidence, value or why of a correction. The text is
replaced everywhere it is shown by \"[erased on DATE: REASON]\", and leaves the search
index; the record keeps its SHA-256 digest, so `verify` still passes. Figures, statuses,
who acted and when are never erased.

The reason is shown in the text's place: it must not repeat the erased text (or the
name that had to go).

Examples:
  crosscheck erase claim:3 quote --reason \"court order 2026/114\"
  crosscheck erase status:12 note --reason \"a witness asked to be removed\""
    )]
    Erase(Lazy<EraseArgs>),
    /// Check that nothing in the ledger was altered, deleted or slipped in by another tool
    #[command(
        after_help = "Walks every chain of the record (each claim's, the ledger's and its checkpoints),
checks each published field against the entry that vouches for it, and runs the
database's own integrity checks. Exits 1 when anything is wrong, naming the first row
that is. The head it prints is the hash to publish: it vouches for everything recorded
before it.

With --head, also says where the record holds a head published earlier (a checkpoint, a
claim's entry, a version-1 row or the version-1 head a migration carried over): exit 0
when it is there and the record verifies, 1 when the record does not verify, 2 when no
entry has that hash. A prefix of at least 12 hex digits will do when only one hash
starts with it.

Examples:
  crosscheck verify && crosscheck report atme-raid
  crosscheck verify --format json | jq -r .head     the head to publish with a report
  crosscheck verify --head 9f2c4e1a7b3d             later: is it in the record, and whole?"
    )]
    Verify(Lazy<VerifyArgs>),
    /// Show which database this is, as whom, with or without TLS, at which schema version
    #[command(
        after_help = "Prints the backend, the server's version, the database, the acting role, whether the
connection is encrypted (and with which TLS version), the ledger's schema version and the
heads of both hash chains; for an SQLite file also its size and journal mode. Reads
nothing else and writes nothing: a health check for a desk's setup.

Examples:
  crosscheck info
  crosscheck --db postgresql://m_haddad@db.example.org/desk info --format json"
    )]
    Info,
    /// Bring the ledger forward to this crosscheck's schema (on a server: the owner's act)
    #[command(
        after_help = "On PostgreSQL only this command changes a ledger's schema, and only as the role that
owns the ledger (the one that ran `init`): a fact-checker's or reader's crosscheck meeting
an older ledger stops with a message instead. A ledger newer than this crosscheck is
refused and left alone: update crosscheck. An SQLite file is brought forward by any
command; `migrate` does it explicitly.

Example:
  crosscheck --db postgresql://crosscheck_admin@db.example.org/desk migrate"
    )]
    Migrate,
    /// Manage the people of a desk on PostgreSQL: groups, fact-checkers, readers
    #[command(subcommand)]
    Desk(Lazy<DeskCommand>),
    /// Propose the figure claims in an article's English, Dutch, German or French text
    #[command(
        after_help = "Without --accept nothing is written (a dry run), and the proposals are numbered. With
--accept each proposal becomes an unverified claim; with --accept 1,3,4 only those the
dry run numbered so (the numbers stay the same while the article's text, --lang and
--vague do). --set N:source=NAME or N:via=NAME credits proposal N to another source or
outlet before it is recorded; a name the ledger does not know becomes a new source, as
the text's own credits do, unless it resembles a known one (then add --new-source). A
proposal whose sentence and figures are already recorded for the article is skipped.

Examples:
  crosscheck extract atme-nl
  crosscheck extract atme-nl --incident atme-raid --accept
  crosscheck extract atme-nl --incident atme-raid --accept 2 --set 2:source=SOHR
  crosscheck extract atme-en --format json"
    )]
    Extract(Lazy<ExtractArgs>),
    /// Write a consistent copy of the ledger while others keep working
    #[command(after_help = "Example:\n  crosscheck backup backups/atme-$(date +%F).db")]
    Backup(Lazy<BackupArgs>),
    /// Copy a whole ledger, history and evidence included, to another one
    #[command(
        after_help = "SRC and DST are each an SQLite file or a postgres:// address. DST must be empty (a
new file, or a database with no ledger or an empty one); everything is written in one
transaction, then the row counts and the hash chains are checked on DST before it commits.
On PostgreSQL, run it as the role that owns the ledger (the one that ran init): only that
role may write history rows that name other fact-checkers.

Examples:
  crosscheck copy --from atme.db --to postgresql://admin@db.example.org/desk
  crosscheck copy --from postgresql://admin@db.example.org/desk --to desk-$(date +%F).db"
    )]
    Copy(Lazy<CopyArgs>),
    /// Write the verification report of one incident: Markdown, HTML, JSON or ClaimReview
    #[command(
        after_help = "Formats: markdown (default), html (one self-contained file), json, claimreview
(schema.org JSON-LD for each claim with a verdict; needs --publisher and --report-url).

Examples:
  crosscheck report atme-raid > atme-raid.md
  crosscheck report atme-raid --format html -o atme-raid.html
  crosscheck report atme-raid --format claimreview --publisher \"Example Checks\" \\
      --report-url https://checks.example.org/atme-raid"
    )]
    Report(Lazy<ReportArgs>),
    /// The publish gate: list what stops an incident from being published; exit 1 while any
    #[command(
        after_help = "Looks only at claims in play (not retracted, withdrawn or superseded). Finds an incident
with no claims in play, verdicts without evidence, verified claims whose figures conflict
with another origin's (a conflict is resolved, and stops nothing, once every figure on
one side of it is judged false or misleading), claims whose origin is only an outlet or
news agency (relayed, origin unknown), claims crediting twin sources, and breakdowns that
do not add up. Exits 0 with one line when nothing blocks.

Each finding has a name: its check, incident, metric and claims
(verified_figure_conflicts:atme-raid:killed.children:2,3). `--ack NAME --note WHY`
records that the desk weighed that finding: it no longer blocks, and the report's
methodology lists it. A new figure that changes the finding (another claim joining the
conflict) changes its name, and it blocks again.

Examples:
  crosscheck lint atme-raid && crosscheck report atme-raid --format html -o report.html
  crosscheck lint atme-raid --ack verified_figure_conflicts:atme-raid:killed.children:2,3 \\
      --note \"the Observatory's list names each child; the Civil Defence's count is provisional\"
  crosscheck lint --format json"
    )]
    Lint(Lazy<LintArgs>),
    /// Record that an incident's report was published: when, where, and the ledger's head
    #[command(
        after_help = "The publish gate must pass first: while `lint INCIDENT` finds anything not acknowledged,
publish refuses (exit 1) and names the findings. If the report went out anyway, --force
records it, with the open findings kept in the publication's entry, so the record says so.

The publication is an entry in the ledger's chain holding the URL, the time it was
published (--at, or now) and the record's head when it was recorded, which `verify
--head` finds again. Every report format lists the incident's publications, and after
the first one the report ends with a Corrections section: what changed, after a
publication, in what it had shown.

Examples:
  crosscheck lint atme-raid && \\
      crosscheck publish atme-raid --url https://checks.example.org/atme-raid
  crosscheck publish atme-raid --url https://checks.example.org/atme-raid \\
      --at 2022-02-05T09:30Z"
    )]
    Publish(Lazy<PublishArgs>),
    /// Write the whole ledger as CSV or JSON Lines, for a backup, a spreadsheet or `import`
    #[command(
        after_help = "Formats: jsonl (default), csv. Rows come in the order that replays the ledger, so
`import` into an empty ledger rebuilds it exactly, history hashes included.

Examples:
  crosscheck export > ledger.jsonl
  crosscheck export --format csv -o ledger.csv"
    )]
    Export(Lazy<ExportArgs>),
    /// Read an export (CSV, JSON Lines) into an empty ledger, or other fact-checkers' ClaimReview JSON-LD
    #[command(
        after_help = "The kind of file is told by its name (.csv, .jsonl, .json/.jsonld) or else its content.
An export is imported only into an empty ledger, keeping every id; ClaimReview adds
sources, articles and claims with their verdicts to any ledger. One transaction: a bad
row stops the import with its line and column, and nothing is written.

Examples:
  crosscheck --db copy.db init && crosscheck --db copy.db import ledger.jsonl
  crosscheck import reviews.json --incident atme-raid"
    )]
    Import(Lazy<ImportArgs>),
    /// Build the Atmé raid case in a fresh ledger and print its comparison
    #[command(after_help = "Examples:
  crosscheck demo                  into a new temporary file, whose path is printed
  crosscheck --db atme.db demo     into atme.db (which must not exist yet)")]
    Demo,
    /// Print the shell completion script for bash, zsh, fish, powershell or elvish
    #[command(after_help = "Install (each shell once; open a new shell afterwards):
  bash:  crosscheck completions bash > ~/.local/share/bash-completion/completions/crosscheck
  zsh:   crosscheck completions zsh > ~/.zfunc/_crosscheck   (with fpath+=(~/.zfunc) in ~/.zshrc)
  fish:  crosscheck completions fish > ~/.config/fish/completions/crosscheck.fish
  powershell:  crosscheck completions powershell >> $PROFILE")]
    Completions(Lazy<CompletionsArgs>),
    /// Print the manual page, or write one page per command into a folder
    #[command(after_help = "Examples:
  crosscheck man | man -l -                         read the main page now
  crosscheck man --dir ~/.local/share/man/man1      install every page (then: man crosscheck-claim-add)")]
    Man(Lazy<ManArgs>),
}

/// `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write crosscheck.1 and one page per command (crosscheck-claim-add.1, ...) into this folder,
    /// made if missing, instead of printing the main page
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// `extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The article: id, slug or title
    pub article: String,
    /// Record the proposals as claims: all of them, or those the dry run numbers N,N,…
    #[arg(
        long,
        conflicts_with = "dry_run",
        num_args = 0..=1,
        value_name = "N,N,…"
    )]
    pub accept: Option<Option<String>>,
    /// With --accept: credit proposal N to another source or outlet than the text's
    /// (N:source=NAME, N:via=NAME); repeatable
    #[arg(long = "set", value_name = "N:FIELD=NAME", requires = "accept")]
    pub set: Vec<String>,
    /// Only show the proposals (the default)
    #[arg(long)]
    pub dry_run: bool,
    /// The incident the recorded claims are about
    #[arg(long)]
    pub incident: Option<String>,
    /// Read the text as this language instead of the article's (en, nl, de or fr)
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Create credited sources even when a name resembles a known one
    #[arg(long)]
    pub new_source: bool,
    /// With --accept: add the proposals' unknown bases and breakdowns to the vocabulary
    #[arg(long, requires = "accept")]
    pub new_metric: bool,
    /// Also propose vague magnitudes ("hundreds", "tientallen") as ranges
    #[arg(long)]
    pub vague: bool,
}

/// `report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The incident: id, slug or title
    pub incident: String,
    /// Write to this file instead of standard output (never the ledger; an existing file only with --force)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// With -o, replace the file if it already exists
    #[arg(long, requires = "output")]
    pub force: bool,
    /// The organisation publishing the report (ClaimReview's author)
    #[arg(long, env = "CROSSCHECK_PUBLISHER", value_name = "NAME")]
    pub publisher: Option<String>,
    /// The address the report will be published at (ClaimReview's url)
    #[arg(long, env = "CROSSCHECK_REPORT_URL", value_name = "URL")]
    pub report_url: Option<String>,
    /// The language of the report's own words: en or nl (claims and quotes stay as recorded)
    #[arg(long, env = "CROSSCHECK_REPORT_LANG", value_name = "LANG")]
    pub lang: Option<String>,
}

/// `lint`.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// Only this incident: id, slug or title [default: the whole ledger]
    pub incident: Option<String>,
    /// Acknowledge the finding of this name (as `lint` shows it): it no longer blocks,
    /// until a change to it changes its name
    #[arg(long, value_name = "FINDING", requires = "note")]
    pub ack: Option<String>,
    /// Why the acknowledged finding may pass; published in the report's methodology
    #[arg(long, value_name = "WHY", requires = "ack")]
    pub note: Option<String>,
}

/// `publish`.
#[derive(Debug, Args)]
pub struct PublishArgs {
    /// The incident whose report was published: id, slug or title
    pub incident: String,
    /// Where it was published (http or https)
    #[arg(long, value_name = "URL")]
    pub url: String,
    /// When it was published, if not now: YYYY-MM-DDTHH:MM[:SS] with Z or an offset
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// Record it although `lint` still finds problems (the report went out anyway); the
    /// open findings are kept with the publication
    #[arg(long)]
    pub force: bool,
}

/// `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Write to this file instead of standard output (never the ledger; an existing file only with --force)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// With -o, replace the file if it already exists
    #[arg(long, requires = "output")]
    pub force: bool,
}

/// `import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file: a crosscheck export (.csv, .jsonl) or ClaimReview JSON-LD (.json)
    pub file: PathBuf,
    /// Attach imported ClaimReview claims to this incident
    #[arg(long)]
    pub incident: Option<String>,
}

/// `backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The copy to write; it must not exist yet
    pub file: PathBuf,
}

/// Arguments of `copy`.
#[derive(Debug, Args)]
pub struct CopyArgs {
    /// The ledger to copy: an SQLite file or a postgres:// address
    #[arg(long, value_name = "SRC")]
    pub from: PathBuf,
    /// Where to copy it: a new or empty SQLite file, or an empty PostgreSQL database
    #[arg(long, value_name = "DST")]
    pub to: PathBuf,
}

/// Article commands.
#[derive(Debug, Subcommand)]
pub enum ArticleCommand {
    /// Record an article, optionally with its full text
    #[command(after_help = "Examples:
  crosscheck article add --title \"Amerikaanse raid in Atmé\" --outlet \"De Avondkrant\" --lang nl \\
      --published 2022-02-03 --url https://example.org/atme --file atme.txt
  pbpaste | crosscheck article add --title \"Raid in Syria\" --lang en --file -")]
    Add(ArticleAddArgs),
    /// List articles, newest first
    #[command(after_help = "Example:\n  crosscheck article list --format csv")]
    List,
    /// Show one article (by id, slug or title) with its text
    #[command(after_help = "Example:\n  crosscheck article show atme-raid-nl")]
    Show(ShowArgs),
    /// Change an article's title, outlet, address, language or publication date
    #[command(
        after_help = "Only the fields given change; \"\" clears an outlet, address, language or date. The
text stays as recorded (its digest is in the record): an article whose text is wrong is
recorded again. Each edit is an entry in the record, shown by `log`; `verify` holds the
article to its entries.

Examples:
  crosscheck article edit atme-nl --title \"Amerikaanse raid in Atmé, dertien doden\"
  crosscheck article edit atme-nl --published 2022-02-03T09:30+01:00 --url \"\""
    )]
    Edit(ArticleEditArgs),
}

/// `article edit`.
#[derive(Debug, Args)]
pub struct ArticleEditArgs {
    /// The article: id, slug or title
    pub article: String,
    /// New headline
    #[arg(long)]
    pub title: Option<String>,
    /// New publisher; "" clears it
    #[arg(long)]
    pub outlet: Option<String>,
    /// New address; "" clears it
    #[arg(long)]
    pub url: Option<String>,
    /// New language, BCP-47 (nl, en, ar, en-GB); "" clears it
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// New publication date or time (as `article add --published`); "" clears it
    #[arg(long, value_name = "DATE", visible_alias = "published-at")]
    pub published: Option<String>,
}

/// `article add`.
#[derive(Debug, Args)]
pub struct ArticleAddArgs {
    /// Headline
    #[arg(long)]
    pub title: String,
    /// Short name to refer to it [default: made from the title]
    #[arg(long)]
    pub slug: Option<String>,
    /// Who published it
    #[arg(long)]
    pub outlet: Option<String>,
    /// Where it was published
    #[arg(long)]
    pub url: Option<String>,
    /// Its language, BCP-47 (nl, en, ar, en-GB)
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Publication date or time: YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// Its full text, UTF-8, from a file or - for standard input
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,
}

/// A show command's target.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Id, slug, name or alias
    pub target: String,
}

/// Source commands.
#[derive(Debug, Subcommand)]
pub enum SourceCommand {
    /// Record a source
    #[command(after_help = "Example:
  crosscheck source add \"Syrian Observatory for Human Rights\" --alias SOHR \\
      --alias \"Syrisch Observatorium voor de Mensenrechten\" --kind ngo --grade C")]
    Add(SourceAddArgs),
    /// List sources with their claim counts
    #[command(
        after_help = "Examples:\n  crosscheck source list --format json\n  crosscheck source list --twins"
    )]
    List(SourceListArgs),
    /// Show one source (by id, name or alias) and its claims
    #[command(after_help = "Example:\n  crosscheck source show SOHR")]
    Show(ShowArgs),
    /// Change a source's kind, grade or notes
    #[command(
        after_help = "Example:\n  crosscheck source edit \"local sources\" --kind anonymous --grade F --notes \"unnamed residents quoted by Reuters\""
    )]
    Edit(SourceEditArgs),
    /// Give a source another name
    #[command(
        after_help = "Example:\n  crosscheck source alias Pentagon \"US Department of Defense\""
    )]
    Alias(SourceAliasArgs),
    /// Merge one source into another: its claims move, its names become aliases
    #[command(
        after_help = "Example:\n  crosscheck source merge \"White Helmets\" \"Syrian Civil Defence\""
    )]
    Merge(SourceMergeArgs),
}

/// `source list`.
#[derive(Debug, Args)]
pub struct SourceListArgs {
    /// List pairs of sources whose names are the same in another Unicode form or case, or
    /// look alike, with how they differ, for a person to merge
    #[arg(long)]
    pub twins: bool,
}

/// `source add`.
#[derive(Debug, Args)]
pub struct SourceAddArgs {
    /// Its name
    pub name: String,
    /// Another name it goes by (repeatable)
    #[arg(long = "alias", value_name = "ALIAS")]
    pub aliases: Vec<String>,
    /// government, military, ngo, news_agency, outlet, official, person, witness, anonymous, other
    #[arg(long, default_value = "other")]
    pub kind: String,
    /// Admiralty reliability grade, A (completely reliable) to F (cannot be judged)
    #[arg(long)]
    pub grade: Option<String>,
    /// Free notes
    #[arg(long)]
    pub notes: Option<String>,
}

/// `source edit`.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("change").required(true).multiple(true).args(["kind", "grade", "notes"]))]
pub struct SourceEditArgs {
    /// The source: id, name or alias
    pub source: String,
    /// New kind
    #[arg(long)]
    pub kind: Option<String>,
    /// New Admiralty grade, A-F; "none" removes it
    #[arg(long)]
    pub grade: Option<String>,
    /// New notes; "" removes them
    #[arg(long)]
    pub notes: Option<String>,
}

/// `source alias`.
#[derive(Debug, Args)]
pub struct SourceAliasArgs {
    /// The source: id, name or alias
    pub source: String,
    /// The new name
    pub alias: String,
}

/// `source merge`.
#[derive(Debug, Args)]
pub struct SourceMergeArgs {
    /// The source that goes away
    pub from: String,
    /// The source that stays
    pub into: String,
}

/// Incident commands.
#[derive(Debug, Subcommand)]
pub enum IncidentCommand {
    /// Record an incident
    #[command(after_help = "Example:
  crosscheck incident add atme-raid --title \"US raid in Atmé\" --date 2022-02-03 --place \"Atmé, Idlib, Syria\"")]
    Add(IncidentAddArgs),
    /// List incidents, latest first
    #[command(after_help = "Example:\n  crosscheck incident list")]
    List,
    /// Show one incident (by id, slug or title) and its claims
    #[command(after_help = "Example:\n  crosscheck incident show atme-raid")]
    Show(ShowArgs),
    /// Change an incident's title, date or place
    #[command(
        after_help = "Only the fields given change; \"\" clears a date or a place. The slug stays. Each edit
is an entry in the record, shown by `log`; `verify` holds the incident to its entries.

Examples:
  crosscheck incident edit atme-raid --title \"US special-forces raid in Atmé\"
  crosscheck incident edit atme-raid --date 2022-02-03 --place \"Atmé, Idlib, Syria\""
    )]
    Edit(IncidentEditArgs),
}

/// `incident edit`.
#[derive(Debug, Args)]
pub struct IncidentEditArgs {
    /// The incident: id, slug or title
    pub incident: String,
    /// New title
    #[arg(long)]
    pub title: Option<String>,
    /// New date: YYYY-MM-DD or a time; "" clears it
    #[arg(long)]
    pub date: Option<String>,
    /// New place; "" clears it
    #[arg(long)]
    pub place: Option<String>,
}

/// `incident add`.
#[derive(Debug, Args)]
pub struct IncidentAddArgs {
    /// Short name: lowercase letters, digits and dashes
    pub slug: String,
    /// What happened
    #[arg(long)]
    pub title: String,
    /// When: YYYY-MM-DD or a time
    #[arg(long)]
    pub date: Option<String>,
    /// Where
    #[arg(long)]
    pub place: Option<String>,
}

/// Metric commands.
#[derive(Debug, Subcommand)]
pub enum MetricCommand {
    /// Add a base or a breakdown to the vocabulary, or give a known one a new description or unit
    #[command(
        after_help = "NAME is a base (evacuated) or a breakdown: written with a leading dot (.elderly) or
with --breakdown. Adding a known name with another description or unit records the new
one (the later entry wins); the same name, description and unit again is refused.

Examples:
  crosscheck metric add evacuated --description \"people moved out of harm's way\"
  crosscheck metric add .elderly --description \"people aged 65 or over\"
  crosscheck metric add aid_pledged --description \"aid pledged\" --unit usd"
    )]
    Add(MetricAddArgs),
    /// List the vocabulary: built-in names first, then those the desk added
    #[command(
        after_help = "Examples:\n  crosscheck metric list\n  crosscheck metric list --format json"
    )]
    List,
}

/// `metric add`.
#[derive(Debug, Args)]
pub struct MetricAddArgs {
    /// The name: lowercase letters, digits and _; a leading dot makes it a breakdown
    pub name: String,
    /// One line saying what it counts
    #[arg(long)]
    pub description: String,
    /// What it counts in [default: people]
    #[arg(long)]
    pub unit: Option<String>,
    /// The name is a breakdown (of whom: killed.NAME), not a base
    #[arg(long)]
    pub breakdown: bool,
}

/// Claim commands.
#[derive(Debug, Subcommand)]
pub enum ClaimCommand {
    /// Record a claim: who said what, in which article, with which figures
    #[command(
        after_help = "Figures: METRIC=N, METRIC>=N, METRIC>N, METRIC<=N, METRIC~N (about), METRIC=LOW..HIGH,
each optionally with :reported (default), :documented, :estimated or :conceded.

Examples:
  crosscheck claim add --article atme-raid-nl --incident atme-raid --source SOHR \\
      --text \"13 dead, among them 4 children and 3 women\" \\
      --figure killed=13 --figure killed.children=4 --figure killed.women=3
  crosscheck claim add --article atme-raid-nl --source \"local sources\" --via Reuters \\
      --text \"The target was a senior IS figure\" --quote \"het doelwit\""
    )]
    Add(ClaimAddArgs),
    /// List claims
    #[command(after_help = "Examples:
  crosscheck claim list --incident atme-raid --status unverified
  crosscheck claim list --source Reuters --format json
  crosscheck claim list --awaiting-review
  crosscheck claim list --assigned me")]
    List(ClaimListArgs),
    /// Show one claim with its figures, history, evidence and versions
    #[command(after_help = "Example:\n  crosscheck claim show 3")]
    Show(ClaimShowArgs),
    /// Assign claims to someone (`me`: to you; `none`: to nobody)
    #[command(
        after_help = "Each assignment is kept in the claim's history; the latest stands.

Examples:
  crosscheck claim assign 3 4 7 --to m.haddad
  crosscheck claim assign 5 --to me
  crosscheck claim assign 5 --to none
  crosscheck claim list --assigned me"
    )]
    Assign(ClaimAssignArgs),
    /// Correct a claim recorded wrongly: a new version carries the changes
    #[command(
        long_about = "Correct a claim recorded wrongly (a typo, the wrong source, a misread figure).

A new version of the claim carries the changes given; everything not given is copied
from the claim corrected. --figure replaces the whole set of figures: give every figure
the corrected claim has (none given: the figures are copied). The new version starts
over as unverified, and the claim corrected becomes superseded, with --note saying why.
All versions share one claim key (the first version's id), which report anchors and
ClaimReview URLs use, so links survive the correction. A source's own withdrawal is
`status CLAIM retracted`, not a correction.",
        after_help = "Examples:
  crosscheck claim correct 3 --figure killed=13 --figure killed.children=4 --note \"misread 14\"
  crosscheck claim correct 5 --source \"White Helmets\" --via Reuters --note \"wrong origin\""
    )]
    Correct(ClaimCorrectArgs),
    /// Withdraw claims that should never have been recorded (our own error)
    #[command(
        long_about = "Withdraw claims that should never have been recorded: a duplicate, an extraction
mistake, a statement nobody made. A withdrawn claim is closed for good; it stays in the
ledger and its history, and leaves comparisons, conflicts and the report's body. A
source's own withdrawal is `status CLAIM retracted`, not this.",
        after_help = "Examples:
  crosscheck claim withdraw 7 --note \"recorded twice\"
  crosscheck claim withdraw 7 8 --note \"not a claim: the reporter's own summary\""
    )]
    Withdraw(ClaimWithdrawArgs),
}

/// `claim correct`.
#[derive(Debug, Args)]
pub struct ClaimCorrectArgs {
    /// The claim's id (its latest version)
    pub claim: String,
    /// The corrected text
    #[arg(long)]
    pub text: Option<String>,
    /// The corrected quote (must occur in the article's text when the text is recorded)
    #[arg(long)]
    pub quote: Option<String>,
    /// The corrected translation
    #[arg(long)]
    pub translation: Option<String>,
    /// The corrected figures, replacing all the old ones (repeatable)
    #[arg(long = "figure", value_name = "SPEC")]
    pub figures: Vec<String>,
    /// The corrected origin: id, name or alias
    #[arg(long)]
    pub source: Option<String>,
    /// The corrected relay (`--via none` leaves it out)
    #[arg(long)]
    pub via: Option<String>,
    /// The corrected incident: id, slug or title
    #[arg(long)]
    pub incident: Option<String>,
    /// The corrected time the claim speaks for
    #[arg(long, value_name = "TIME")]
    pub as_of: Option<String>,
    /// Why it is corrected (kept in the history of the version corrected)
    #[arg(long)]
    pub note: String,
    /// Create the source (and --via) even when the name resembles a known one
    #[arg(long)]
    pub new_source: bool,
    /// Add the figures' unknown bases and breakdowns to the vocabulary as they are
    #[arg(long)]
    pub new_metric: bool,
}

/// `claim withdraw`.
#[derive(Debug, Args)]
pub struct ClaimWithdrawArgs {
    /// The claims' ids
    #[arg(required = true, num_args = 1.., value_name = "CLAIM")]
    pub claims: Vec<String>,
    /// Why they should never have been recorded
    #[arg(long)]
    pub note: String,
}

/// `claim add`.
#[derive(Debug, Args)]
pub struct ClaimAddArgs {
    /// The article reporting it: id, slug or title
    #[arg(long)]
    pub article: String,
    /// Who made it (the origin): id, name or alias; unknown names are created
    #[arg(long)]
    pub source: String,
    /// The outlet that relays it ("local sources told Reuters": --via Reuters)
    #[arg(long)]
    pub via: Option<String>,
    /// The incident it is about: id, slug or title
    #[arg(long)]
    pub incident: Option<String>,
    /// The claim as stated
    #[arg(long)]
    pub text: String,
    /// The exact words in the article (must occur in its text when the text is recorded)
    #[arg(long)]
    pub quote: Option<String>,
    /// A translation of the text
    #[arg(long)]
    pub translation: Option<String>,
    /// A figure in the claim, e.g. killed=13 (repeatable)
    #[arg(long = "figure", value_name = "SPEC")]
    pub figures: Vec<String>,
    /// The time the claim speaks for [default: the article's publication]
    #[arg(long, value_name = "TIME")]
    pub as_of: Option<String>,
    /// Create the source (and --via) even when the name resembles a known one
    #[arg(long)]
    pub new_source: bool,
    /// Add the figures' unknown bases and breakdowns to the vocabulary as they are
    #[arg(long)]
    pub new_metric: bool,
}

/// `claim list`.
#[derive(Debug, Args)]
pub struct ClaimListArgs {
    /// Only claims about this incident
    #[arg(long)]
    pub incident: Option<String>,
    /// Only claims with this status
    #[arg(long)]
    pub status: Option<String>,
    /// Only claims made or relayed by this source
    #[arg(long)]
    pub source: Option<String>,
    /// Only claims reported by this article
    #[arg(long)]
    pub article: Option<String>,
    /// Superseded and withdrawn claims too (left out unless --status names one)
    #[arg(long)]
    pub all_versions: bool,
    /// Only claims whose verdict waits for a second person's review
    #[arg(long)]
    pub awaiting_review: bool,
    /// Only claims assigned to NAME (`me`: to you; `none`: to nobody)
    #[arg(long, value_name = "NAME")]
    pub assigned: Option<String>,
}

/// `claim assign`.
#[derive(Debug, Args)]
pub struct ClaimAssignArgs {
    /// The claims' ids
    #[arg(required = true, num_args = 1.., value_name = "CLAIM")]
    pub claims: Vec<String>,
    /// Who works them from now on: a name, `me` (you) or `none` (nobody)
    #[arg(long, value_name = "NAME")]
    pub to: String,
}

/// `review approve`.
#[derive(Debug, Args)]
pub struct ReviewApproveArgs {
    /// The claims whose current verdict is approved
    #[arg(required = true, num_args = 1.., value_name = "CLAIM")]
    pub claims: Vec<String>,
    /// Why (optional)
    #[arg(long)]
    pub note: Option<String>,
}

/// `review reject`.
#[derive(Debug, Args)]
pub struct ReviewRejectArgs {
    /// The claims whose current verdict is rejected (they go back to in_progress)
    #[arg(required = true, num_args = 1.., value_name = "CLAIM")]
    pub claims: Vec<String>,
    /// Why: what the verdict lacks
    #[arg(long, required = true)]
    pub note: String,
}

/// Review commands.
#[derive(Debug, Subcommand)]
pub enum ReviewCommand {
    /// Approve the current verdict of claims set by someone else
    #[command(after_help = "Examples:
  crosscheck review approve 3
  crosscheck review approve 3 4 7 --note \"evidence checked against the hospital list\"")]
    Approve(ReviewApproveArgs),
    /// Reject the current verdict of claims set by someone else: back to in_progress
    #[command(after_help = "Example:
  crosscheck review reject 3 --note \"the evidence link is the agency's repeat of the same count\"")]
    Reject(ReviewRejectArgs),
}

/// Ledger setting commands.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Change a ledger setting (recorded; on PostgreSQL only the ledger's owner may)
    #[command(after_help = "Settings:
  review  off (default) or required: every verdict waits for a second person's approval

Examples:
  crosscheck config set review required
  crosscheck config set review off")]
    Set(ConfigSetArgs),
    /// Show every ledger setting with who set it when
    #[command(after_help = "Example:\n  crosscheck config show --format json")]
    Show,
    /// Print one setting's value
    #[command(after_help = "Example:\n  crosscheck config get review")]
    Get(ConfigGetArgs),
}

/// `config set`.
#[derive(Debug, Args)]
pub struct ConfigSetArgs {
    /// The setting: review
    pub name: String,
    /// Its new value (review: required or off)
    pub value: String,
}

/// `config get`.
#[derive(Debug, Args)]
pub struct ConfigGetArgs {
    /// The setting: review
    pub name: String,
}

/// `search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The words to find
    #[arg(value_name = "TEXT", num_args = 1.., required = true)]
    pub text: Vec<String>,
    /// Only claims about this incident (and articles that report one)
    #[arg(long)]
    pub incident: Option<String>,
    /// Only claims made or relayed by this source (and articles that report one)
    #[arg(long)]
    pub source: Option<String>,
    /// Only claims with this status (articles have none, so none are shown)
    #[arg(long)]
    pub status: Option<String>,
    /// At most this many claims, and as many articles
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(i64).range(1..=1000))]
    pub limit: i64,
}

/// `claim show`.
#[derive(Debug, Args)]
pub struct ClaimShowArgs {
    /// The claim's id
    pub claim: String,
}

/// `status`.
#[derive(Debug, Args)]
#[command(override_usage = "crosscheck status [OPTIONS] CLAIM... STATUS
       crosscheck status [OPTIONS] --incident INCIDENT [--status STATUS] STATUS")]
pub struct StatusArgs {
    /// The claims' ids, then the new status: `3 verified`, `3 4 7 verified`; with --incident,
    /// just the new status
    #[arg(required = true, num_args = 1.., value_name = "CLAIM... STATUS")]
    pub words: Vec<String>,
    /// Every claim about this incident (id, slug or title) instead of ids
    #[arg(long, value_name = "INCIDENT")]
    pub incident: Option<String>,
    /// With --incident: only its claims whose status is now this
    #[arg(long = "status", value_name = "STATUS", requires = "incident")]
    pub current: Option<String>,
    /// Why (required for a verdict, a retraction or a reopening)
    #[arg(long)]
    pub note: Option<String>,
    /// A link the change rests on (repeatable); recorded as evidence
    #[arg(long = "evidence", value_name = "URL")]
    pub evidence: Vec<String>,
    /// The note is for the desk only: kept in the ledger and `history`, left out of every
    /// published report
    #[arg(long, requires = "note")]
    pub internal: bool,
}

/// `desk` commands, for the ledger's owner on PostgreSQL.
#[derive(Debug, Subcommand)]
pub enum DeskCommand {
    /// Make the writer and reader groups and grant them the ledger (safe to run again)
    #[command(
        after_help = "Run it as the ledger's owner (the role that ran `init`, with CREATEROLE) after `init`,
and again after `migrate`.

Example:
  crosscheck --db postgresql://crosscheck_admin@db.example.org/desk desk setup"
    )]
    Setup,
    /// Add a fact-checker (or, with --reader, a reader), or move a member to that group
    #[command(
        after_help = "The password is asked for twice on a terminal, or read as the first line of standard
input; never from the command line. Only its SCRAM verifier, computed here, reaches the
server. For a member already on the desk, moves it to the group named (the password stays
unless one is piped in).

Examples:
  crosscheck desk add m_haddad
  crosscheck desk add desk_reports --reader < reports-password.txt
  crosscheck desk add j_devries --reader     (demote a fact-checker to reader)"
    )]
    Add(DeskAddArgs),
    /// Remove a member's login role (the history keeps the name)
    #[command(after_help = "Example:\n  crosscheck desk remove j_devries")]
    Remove(DeskRemoveArgs),
    /// List the owner, writers and readers, with their last activity in the history
    #[command(after_help = "Example:\n  crosscheck desk list --format json")]
    List,
}

/// `desk add`.
#[derive(Debug, Args)]
pub struct DeskAddArgs {
    /// The login role: lower-case letters, digits and underscores
    pub name: String,
    /// In the reader group: reads everything, writes nothing
    #[arg(long)]
    pub reader: bool,
}

/// `desk remove`.
#[derive(Debug, Args)]
pub struct DeskRemoveArgs {
    /// The member's login role
    pub name: String,
}

/// Evidence commands.
#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    /// Attach a link or document to a claim
    #[command(after_help = "Example:
  crosscheck evidence add 3 --url https://example.org/hospital-list --contradicts \\
      --note \"Hospital list names 6 children\"
  crosscheck evidence add 3 --url https://example.org/call-notes --context \\
      --note \"phoned the hospital; the director spoke off the record\" --internal")]
    Add(EvidenceAddArgs),
    /// Put right a piece of evidence's URL, stance or note by a correction that supersedes it
    #[command(
        after_help = "The evidence row stays as it was in the history; readers (history, claim show, log,
reports) see the correction in its place, and a report published before lists it in
its Corrections section. The same as `crosscheck correct evidence:ID`.

Examples:
  crosscheck evidence correct 4 --url https://example.org/sy-cd-list --why \"it was a draft\"
  crosscheck evidence correct 4 --stance context --why \"it names no victims\""
    )]
    Correct(EvidenceCorrectArgs),
}

/// `evidence correct`.
#[derive(Debug, Args)]
pub struct EvidenceCorrectArgs {
    /// The evidence's id, as `crosscheck history CLAIM` lists it (evidence:ID or ID)
    #[arg(value_name = "EVIDENCE")]
    pub evidence: String,
    /// The right URL
    #[arg(long)]
    pub url: Option<String>,
    /// The right stance: supports, contradicts or context
    #[arg(long)]
    pub stance: Option<String>,
    /// The right note
    #[arg(long)]
    pub note: Option<String>,
    /// Why it is corrected; kept with the correction and shown in the history
    #[arg(long, required = true)]
    pub why: String,
}

impl EvidenceCorrectArgs {
    /// The same correction as `crosscheck correct evidence:ID`.
    pub fn into_correct(self) -> CorrectArgs {
        let id = self.evidence.trim();
        let row = if id.contains(':') {
            id.to_string()
        } else {
            format!("evidence:{id}")
        };
        CorrectArgs {
            row,
            note: self.note,
            url: self.url,
            stance: self.stance,
            why: self.why,
        }
    }
}

/// `evidence add`.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("stance").required(true).args(["supports", "contradicts", "context"]))]
pub struct EvidenceAddArgs {
    /// The claim's id
    pub claim: String,
    /// Where the evidence is: a URL, or file:///path for a document
    #[arg(long)]
    pub url: String,
    /// The evidence supports the claim
    #[arg(long)]
    pub supports: bool,
    /// The evidence contradicts the claim
    #[arg(long)]
    pub contradicts: bool,
    /// The evidence is background
    #[arg(long)]
    pub context: bool,
    /// What it shows
    #[arg(long)]
    pub note: Option<String>,
    /// The note is for the desk only: kept in the ledger and `history`, left out of every
    /// published report
    #[arg(long, requires = "note")]
    pub internal: bool,
}

/// `correct`.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("fields").required(true).multiple(true).args(["note", "url", "stance"]))]
pub struct CorrectArgs {
    /// The row: status:ID or evidence:ID
    #[arg(value_name = "ROW")]
    pub row: String,
    /// The right note
    #[arg(long)]
    pub note: Option<String>,
    /// The right URL (evidence only)
    #[arg(long)]
    pub url: Option<String>,
    /// The right stance (evidence only): supports, contradicts or context
    #[arg(long)]
    pub stance: Option<String>,
    /// Why it is corrected; kept with the correction and shown in the history
    #[arg(long, required = true)]
    pub why: String,
}

/// `erase`.
#[derive(Debug, Args)]
pub struct EraseArgs {
    /// The row: claim:ID, status:ID, evidence:ID or correction:ID
    #[arg(value_name = "ROW")]
    pub row: String,
    /// The field to erase: text, quote, translation, note, url, value or why
    #[arg(value_name = "FIELD")]
    pub field: String,
    /// Why, shown in the text's place as "[erased on DATE: REASON]": never repeat the erased
    /// text here
    #[arg(long, required = true)]
    pub reason: String,
}

/// `verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// A head published earlier: 64 hex digits, or a prefix of at least 12 that only one
    /// hash starts with; says where the record holds it
    #[arg(long, value_name = "HASH")]
    pub head: Option<String>,
}

/// `history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The claim's id
    pub claim: String,
    /// Only what happened since then: a span (24h, 7d) or a date or time
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
}

/// `log`.
#[derive(Debug, Args)]
pub struct LogArgs {
    /// Only what happened since then: a span back from now (30m, 24h, 7d, 2w) or a date or time
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// Only what this person (or, on PostgreSQL, this role) did
    #[arg(long, value_name = "NAME")]
    pub who: Option<String>,
    /// Only changes to claims about this incident: id, slug or title
    #[arg(long, value_name = "INCIDENT")]
    pub incident: Option<String>,
    /// At most this many changes, the newest
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
}

/// `compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The incident: id, slug or title
    pub incident: String,
    /// Only this metric and its parts (killed also shows killed.children)
    #[arg(long)]
    pub metric: Option<String>,
    /// How far "about N" stretches, in percent. At the default the comparison is read
    /// from the summary every write keeps; any other value compares the incident's
    /// figures again
    #[arg(long, value_name = "PCT", default_value = "10")]
    pub tolerance: String,
    /// Show each source's earlier figures too
    #[arg(long)]
    pub all_versions: bool,
    /// Sources as rows and metrics as columns (the table turns by itself when it is
    /// wider than the terminal)
    #[arg(long)]
    pub transpose: bool,
}

/// `conflicts`.
#[derive(Debug, Args)]
pub struct ConflictsArgs {
    /// How far "about N" stretches, in percent. At the default the conflicts are read
    /// from the summary every write keeps; any other value compares every figure of
    /// the ledger again, which takes longer on a large ledger
    #[arg(long, value_name = "PCT", default_value = "10")]
    pub tolerance: String,
    /// Also list resolved conflicts (every figure on one side judged false or
    /// misleading), marked resolved
    #[arg(long)]
    pub all: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// clap checks the whole command tree: no clashing flags, groups naming real args.
    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
        whole_command().debug_assert();
    }

    /// Every command's help reads the same whether its arguments were declared when it
    /// was reached (as a command line is parsed) or with the whole tree (completions and
    /// manual pages): a struct's doc comment does not replace its command's about text.
    #[test]
    fn help_is_the_same_whether_commands_are_declared_lazily_or_in_place() {
        use clap::CommandFactory;
        fn paths(command: &clap::Command, above: &[String], out: &mut Vec<Vec<String>>) {
            for sub in command.get_subcommands() {
                let mut path = above.to_vec();
                path.push(sub.get_name().to_string());
                paths(sub, &path, out);
                out.push(path);
            }
        }
        let mut all = Vec::new();
        let mut whole = whole_command();
        whole.build();
        paths(&whole, &[], &mut all);
        assert!(all.len() > 60, "{} commands", all.len());
        assert!(all.contains(&vec!["claim".to_string(), "show".to_string()]));
        for path in all {
            let args: Vec<&str> = std::iter::once("crosscheck")
                .chain(path.iter().map(String::as_str))
                .chain(["--help"])
                .collect();
            let help = |result: Result<clap::ArgMatches, clap::Error>| match result {
                Err(e) => e.render().to_string(),
                Ok(_) => String::from("parsed"),
            };
            let lazy = help(Cli::command().try_get_matches_from(&args));
            let in_place = help(whole_command().try_get_matches_from(&args));
            assert_eq!(lazy, in_place, "{}", path.join(" "));
        }
    }
}
