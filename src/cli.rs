//! The command-line face of `sqs-sim` (native builds only).

use std::fs;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand, ValueEnum};

use crate::export::Format;
use crate::replay::{run_script, ReplayOptions};
use crate::sim::{Scenario, Simulation};
use crate::sqs::DeliveryModel;
use crate::time::SimTime;

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
    /// Simulate a scenario (JSON) and print what happened.
    Run {
        /// The scenario file (see static/scenarios/ for the presets).
        scenario: PathBuf,
        /// How long to simulate, e.g. 90s, 15m, 2h (default: the scenario's duration).
        #[arg(long, value_parser = parse_duration)]
        until: Option<Duration>,
        /// Seed of the simulation's random choices; the same seed gives the same run.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Write the CloudWatch-style metrics of every queue as CSV.
        #[arg(long)]
        metrics: Option<PathBuf>,
        /// Print one JSON object instead of a summary for people.
        #[arg(long)]
        json: bool,
        /// Judge the scenario's checks after the run; exit with 1 if one fails.
        #[arg(long)]
        check: bool,
    },
    /// Run a scenario across a range of one setting (or a grid of two), several seeds a point,
    /// each to the scenario's end, and print each point's numbers.
    ///
    /// Example: sqs-sim sweep orders.json --set 'consumers[0].count=2..20:2' --seeds 3
    /// --metric latency_p99_s --goal 'latency_p99_s<2'
    Sweep {
        /// The scenario file.
        scenario: PathBuf,
        /// PATH=RANGE: a setting by its path, as the inspector and validation name it
        /// (consumers[0].count, queues[0].attributes.VisibilityTimeout, ...), and its values:
        /// START..END:STEP (both ends included), a list A,B,C, or one value. Twice for a grid.
        #[arg(long = "set", required = true, value_name = "PATH=RANGE")]
        set: Vec<String>,
        /// Seeds a point: SEED, SEED+1, ...
        #[arg(long, default_value_t = 3)]
        seeds: u64,
        /// The first seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// A number of the run's summary to show (as `run --json` names them); repeat for
        /// more. Default: the goal's metric, or latency_p99_s.
        #[arg(long = "metric", value_name = "METRIC")]
        metrics: Vec<String>,
        /// What a point must show on every seed, e.g. 'latency_p99_s<2' or 'moved_to_dlq==0';
        /// the exit status is 1 when no point does.
        #[arg(long)]
        goal: Option<String>,
        /// Print one JSON object: every point's mean, least and most of each metric.
        #[arg(long)]
        json: bool,
        /// Print every run (point and seed) as CSV, with every metric.
        #[arg(long, conflicts_with = "json")]
        csv: bool,
        /// Runs at once (default: one per core).
        #[arg(long)]
        threads: Option<usize>,
    },
    /// Print the code that builds a scenario's queues on AWS.
    Export {
        /// The scenario file.
        scenario: PathBuf,
        /// boto3 (a Python script with a producer and a consumer loop), aws-cli (a bash
        /// script) or cloudformation (a YAML template).
        #[arg(long, value_enum)]
        format: ExportFormat,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ExportFormat {
    Boto3,
    AwsCli,
    Cloudformation,
}

/// Parses `90`, `90s`, `15m`, `2h` or `1d` into a duration.
fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| c.is_ascii_alphabetic()) {
        Some(i) => text.split_at(i),
        None => (text, "s"),
    };
    let value: f64 = number
        .parse()
        .map_err(|_| format!("\"{text}\" is not a duration such as 90s, 15m or 2h"))?;
    let seconds = match unit {
        "ms" => value / 1000.0,
        "s" => value,
        "m" => value * 60.0,
        "h" => value * 3600.0,
        "d" => value * 86_400.0,
        _ => return Err(format!("unknown unit \"{unit}\" (use ms, s, m, h or d)")),
    };
    if !(seconds.is_finite() && seconds > 0.0 && seconds <= 30.0 * 86_400.0) {
        return Err("the duration must be more than 0 and at most 30 days".to_owned());
    }
    Ok(Duration::from_secs_f64(seconds))
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
        Some(Command::Run {
            scenario,
            until,
            seed,
            metrics,
            json,
            check,
        }) => run(&scenario, until, seed, metrics.as_ref(), json, check),
        Some(Command::Sweep {
            scenario,
            set,
            seeds,
            seed,
            metrics,
            goal,
            json,
            csv,
            threads,
        }) => sweep(&Sweep {
            path: scenario,
            set,
            seeds,
            seed,
            metrics,
            goal,
            output: if json {
                Output::Json
            } else if csv {
                Output::Csv
            } else {
                Output::Table
            },
            threads,
        }),
        Some(Command::Export { scenario, format }) => {
            let Some(scenario) = read_scenario("export", &scenario) else {
                return ExitCode::from(2);
            };
            let format = match format {
                ExportFormat::Boto3 => Format::Boto3,
                ExportFormat::AwsCli => Format::AwsCli,
                ExportFormat::Cloudformation => Format::CloudFormation,
            };
            print!("{}", format.export(&scenario));
            ExitCode::SUCCESS
        }
    }
}

/// The scenario in the file at `path`, or `None` having said why not (`command` names the
/// command in the message).
fn read_scenario(command: &str, path: &PathBuf) -> Option<Scenario> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("sqs-sim {command}: cannot read {}: {e}", path.display());
            return None;
        }
    };
    match Scenario::from_json(&text) {
        Ok(scenario) => {
            // What AWS would refuse, but the run shows (see `Scenario::warnings`).
            for warning in scenario.warnings() {
                eprintln!("sqs-sim {command}: {}: warning: {warning}", path.display());
            }
            Some(scenario)
        }
        Err(errors) => {
            for error in errors {
                eprintln!("sqs-sim {command}: {}: {error}", path.display());
            }
            None
        }
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

fn run(
    path: &PathBuf,
    until: Option<Duration>,
    seed: u64,
    metrics: Option<&PathBuf>,
    json: bool,
    check: bool,
) -> ExitCode {
    let Some(scenario) = read_scenario("run", path) else {
        return ExitCode::from(2);
    };
    let end =
        SimTime::ZERO + until.unwrap_or_else(|| Duration::from_secs_f64(scenario.duration_seconds));
    // The only wall-clock reads: timing the run for the report, and pacing the progress bar.
    let started = Instant::now();
    let mut simulation = Simulation::new(scenario, seed);
    // The summary and the metrics do not need the per-message trace.
    simulation.set_trace_capacity(0);
    let slices = 100u64;
    let mut bar = Progress::new(started);
    for i in 1..=slices {
        simulation.run_until(SimTime(end.as_millis() * i / slices));
        bar.show(i as usize, slices as usize, &format!("of {end} simulated"));
    }
    bar.finish();
    let wall_seconds = started.elapsed().as_secs_f64();
    if let Some(file) = metrics {
        if let Err(e) = fs::write(file, metrics_csv(&simulation)) {
            eprintln!("sqs-sim run: cannot write {}: {e}", file.display());
            return ExitCode::from(2);
        }
    }
    let summary = simulation.summary();
    let checks = &simulation.scenario().checks;
    if check && checks.is_empty() {
        eprintln!("sqs-sim run: --check: {} has no checks", path.display());
        return ExitCode::from(2);
    }
    // Validation made sure every check can be judged.
    let verdicts: Vec<_> = checks
        .iter()
        .filter(|_| check)
        .filter_map(|c| Some((c, c.judge(&summary)?)))
        .collect();
    if json {
        let mut value = serde_json::to_value(&summary).expect("summaries serialise");
        value["wall_seconds"] = serde_json::json!(wall_seconds);
        if check {
            value["checks"] = verdicts
                .iter()
                .map(|(c, v)| serde_json::json!({"check": c.describe(), "metric": c.metric, "actual": v.actual, "passed": v.passed}))
                .collect();
        }
        println!("{value}");
    } else {
        println!(
            "{}: {} simulated in {:.3} s ({} events)",
            simulation.scenario().title,
            end,
            wall_seconds,
            summary.events
        );
        println!(
            "  sent {}, deleted {}, moved to DLQ {}, received {} ({} empty receives)",
            summary.messages_sent,
            summary.messages_deleted,
            summary.moved_to_dlq,
            summary.receives,
            summary.empty_receives
        );
        println!("  latency mean {:.3} s, p50 {:.3} s, p99 {:.3} s; queue wait mean {:.4} s; max depth {}",
            summary.latency_mean_s, summary.latency_p50_s, summary.latency_p99_s, summary.queue_wait_mean_s, summary.max_depth);
        println!(
            "  {} requests, ${:.4} at AWS prices; {} duplicates processed, {} failures, {} lost",
            summary.requests,
            summary.cost_usd,
            summary.duplicates_processed,
            summary.processing_failures,
            summary.messages_lost
        );
        if summary.lambda_invocations + summary.lambda_throttles > 0 {
            println!(
                "  Lambda: {} invocations, {} errors, {} throttles, Duration mean {:.3} s",
                summary.lambda_invocations,
                summary.lambda_errors,
                summary.lambda_throttles,
                summary.lambda_duration_mean_s
            );
        }
        for (c, v) in &verdicts {
            let outcome = if v.passed { "PASS" } else { "FAIL" };
            println!("  {outcome} {} ({} = {})", c.describe(), c.metric, v.actual);
        }
    }
    if verdicts.iter().all(|(_, v)| v.passed) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// A progress bar on standard error, drawn only when it is a terminal (never into a log or a
/// pipe) and only once the work has taken a second.
struct Progress {
    started: Instant,
    terminal: bool,
    shown: bool,
}

impl Progress {
    fn new(started: Instant) -> Progress {
        Progress {
            started,
            terminal: std::io::stderr().is_terminal(),
            shown: false,
        }
    }

    fn show(&mut self, done: usize, total: usize, what: &str) {
        if !self.terminal || self.started.elapsed() < Duration::from_secs(1) {
            return;
        }
        self.shown = true;
        let filled = done * 50 / total.max(1);
        eprint!(
            "\r[{:<50}] {:>3}% {what}",
            "#".repeat(filled),
            done * 100 / total.max(1)
        );
    }

    fn finish(&self) {
        if self.shown {
            eprintln!();
        }
    }
}

enum Output {
    Table,
    Json,
    Csv,
}

struct Sweep {
    path: PathBuf,
    set: Vec<String>,
    seeds: u64,
    seed: u64,
    metrics: Vec<String>,
    goal: Option<String>,
    output: Output,
    threads: Option<usize>,
}

fn sweep(args: &Sweep) -> ExitCode {
    let Some(scenario) = read_scenario("sweep", &args.path) else {
        return ExitCode::from(2);
    };
    let plan = match crate::sweep::Plan::new(
        &scenario,
        &args.set,
        args.seeds,
        args.seed,
        args.metrics.clone(),
        args.goal.as_deref(),
    ) {
        Ok(plan) => plan,
        Err(why) => {
            eprintln!("sqs-sim sweep: {why}");
            return ExitCode::from(2);
        }
    };
    let threads = args.threads.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let bar = Mutex::new(Progress::new(Instant::now()));
    let results = plan.sweep(threads, &|done, total| {
        if let Ok(mut bar) = bar.lock() {
            bar.show(done, total, &format!("of {total} runs"));
        }
    });
    if let Ok(bar) = bar.lock() {
        bar.finish();
    }
    match args.output {
        Output::Table => print!("{}", plan.table(&results)),
        Output::Csv => print!("{}", plan.csv(&results)),
        Output::Json => println!("{}", plan.json(&results)),
    }
    match &plan.goal {
        Some(goal) if crate::sweep::cheapest(&results, goal).is_none() => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    }
}

/// The metrics series as CSV: one row per queue and period, CloudWatch's names as columns.
fn metrics_csv(simulation: &Simulation) -> String {
    let mut out = String::from("queue,time_s,ApproximateNumberOfMessagesVisible,ApproximateNumberOfMessagesNotVisible,ApproximateNumberOfMessagesDelayed,ApproximateAgeOfOldestMessage,NumberOfMessagesSent,NumberOfMessagesReceived,NumberOfMessagesDeleted,NumberOfEmptyReceives,SentMessageSize\n");
    for series in &simulation.metrics().series {
        for s in &series.samples {
            out.push_str(&format!(
                "{},{},{},{},{},{},{},{},{},{},{}\n",
                series.queue,
                s.time_s,
                s.approximate_number_of_messages_visible,
                s.approximate_number_of_messages_not_visible,
                s.approximate_number_of_messages_delayed,
                s.approximate_age_of_oldest_message,
                s.number_of_messages_sent,
                s.number_of_messages_received,
                s.number_of_messages_deleted,
                s.number_of_empty_receives,
                s.sent_message_size
            ));
        }
    }
    out
}
