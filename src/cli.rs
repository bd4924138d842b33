//! The command-line face of `sqs-sim` (native builds only).
//!
//! For now it describes itself; the `replay` and `run` commands build on the engine and the
//! simulation as they land.

use std::process::ExitCode;

use clap::Parser;

/// Amazon SQS simulator on a virtual clock.
///
/// The same engine that runs in the browser app, for scripts and terminals. Serve the web app
/// with `scripts/serve.sh`.
#[derive(Parser, Debug)]
#[command(name = "sqs-sim", version, about, long_about)]
struct Cli {}

/// Parses the command line and runs the chosen command.
pub fn main() -> ExitCode {
    let _cli = Cli::parse();
    println!(
        "sqs-sim {}: no command given; see `sqs-sim --help`.",
        env!("CARGO_PKG_VERSION")
    );
    ExitCode::SUCCESS
}
