//! The `crosscheck` binary: parse, run, and turn any error into one line on stderr and
//! the exit code its kind calls for.

use std::process::ExitCode;

use clap::Parser;

use crosscheck::cli::Cli;
use crosscheck::error::{exit_code, EXIT_OK, EXIT_USER};

fn main() -> ExitCode {
    // `--version` alone is answered before the command line's grammar is built: clap
    // builds every command's arguments, help texts and examples first, a third of what
    // the process costs, for one line that needs none of it.
    if let Some(version) = version_only(std::env::args_os().skip(1)) {
        return version;
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return usage_error(err),
    };
    match crosscheck::commands::run(cli) {
        Ok(()) => ExitCode::from(EXIT_OK),
        Err(err) => {
            // A reader that stopped early (`| head`) is not a failure.
            let broken_pipe = err.chain().any(|cause| {
                cause
                    .downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            });
            if broken_pipe {
                return ExitCode::from(EXIT_OK);
            }
            let message = format!("{err:#}");
            eprintln!(
                "crosscheck: {}",
                crosscheck::render::for_terminal(&message).replace('\n', " ")
            );
            ExitCode::from(exit_code(&err))
        }
    }
}

/// The answer to `crosscheck --version` (or `-V`) and nothing else, as clap words it.
fn version_only(mut args: impl Iterator<Item = std::ffi::OsString>) -> Option<ExitCode> {
    let first = args.next()?;
    if args.next().is_some() || !(first == "--version" || first == "-V") {
        return None;
    }
    use std::io::Write;
    let line = concat!("crosscheck ", env!("CARGO_PKG_VERSION"), "\n");
    // A closed stdout (`| true`) is not a failure, as for every other command.
    let _ = std::io::stdout().write_all(line.as_bytes());
    Some(ExitCode::from(EXIT_OK))
}

/// Help and version go to stdout as clap writes them; a mistake on the command line
/// becomes one line on stderr, like every other mistake, and exit code 2.
fn usage_error(err: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = err.print();
        return ExitCode::from(if err.use_stderr() { EXIT_USER } else { EXIT_OK });
    }
    let rendered = err.render().to_string();
    let mut parts: Vec<String> = Vec::new();
    for line in rendered.lines() {
        let line = line.trim();
        if line.starts_with("Usage:") || line.starts_with("For more information") {
            break;
        }
        if !line.is_empty() {
            parts.push(line.trim_start_matches("error: ").to_string());
        }
    }
    let message = parts.join(" ");
    eprintln!("crosscheck: {message}; see `crosscheck --help` or the command's --help");
    ExitCode::from(EXIT_USER)
}
