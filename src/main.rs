//! The `crosscheck` binary: parse, run, and turn any error into one line on stderr and
//! the exit code its kind calls for.

use std::process::ExitCode;

use clap::Parser;

use crosscheck::cli::Cli;
use crosscheck::error::{exit_code, EXIT_OK};

fn main() -> ExitCode {
    let cli = Cli::parse();
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
