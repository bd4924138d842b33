//! The command-line face of `sqs-sim` (native builds only).

use std::fs;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::replay::{run_script, ReplayOptions};
use crate::sqs::DeliveryModel;

/// Amazon SQS simulator on a virtual clock.
///
/// The same engine that runs in the browser app, for scripts and terminals. Serve the web app
/// with `scripts/serve.sh`.
#[derive(Parser, Debug)]
#[command(name = "sqs-sim", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run a script of timed SQS API calls (JSON Lines) and write one result line per call.
    Replay {
        /// The script: one JSON object per line, {"at": seconds, "action": ..., "params": {...}}.
        script: PathBuf,
        /// Write the results here instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// How standard queues deliver: `ideal` (every receive sees every message, no
        /// duplicates) or `realistic` (sampled short polls, occasional duplicates).
        #[arg(long, value_enum, default_value_t = Model::Ideal)]
        model: Model,
        /// Seed of the engine's random choices (message ids, sampling, duplicates).
        #[arg(long, default_value_t = 0)]
        seed: u64,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Model {
    Ideal,
    Realistic,
}

/// Parses the command line and runs the chosen command.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => {
            println!(
                "sqs-sim {}: no command given; see `sqs-sim --help`.",
                env!("CARGO_PKG_VERSION")
            );
            ExitCode::SUCCESS
        }
        Some(Command::Replay {
            script,
            out,
            model,
            seed,
        }) => replay(&script, out.as_ref(), model, seed),
    }
}

fn replay(script: &PathBuf, out: Option<&PathBuf>, model: Model, seed: u64) -> ExitCode {
    let text = match fs::read_to_string(script) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("sqs-sim replay: cannot read {}: {e}", script.display());
            return ExitCode::from(2);
        }
    };
    let delivery = match model {
        Model::Ideal => DeliveryModel::ideal(),
        Model::Realistic => DeliveryModel::realistic(),
    };
    let (lines, problems) = run_script(&text, &ReplayOptions { delivery, seed });
    for problem in &problems {
        eprintln!("sqs-sim replay: {}: {problem}", script.display());
    }
    let mut output = lines.join("\n");
    output.push('\n');
    let written = match out {
        Some(path) => {
            fs::write(path, output).map_err(|e| format!("cannot write {}: {e}", path.display()))
        }
        None => std::io::stdout()
            .write_all(output.as_bytes())
            .map_err(|e| e.to_string()),
    };
    match written {
        Err(e) => {
            eprintln!("sqs-sim replay: {e}");
            ExitCode::from(2)
        }
        // Lines that could not run make the exit status 1, after every other line has run.
        Ok(()) if !problems.is_empty() => ExitCode::from(1),
        Ok(()) => ExitCode::SUCCESS,
    }
}
