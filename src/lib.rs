//! # sqs-sim: an Amazon SQS simulator on a virtual clock
//!
//! Two crates, layers with dependencies pointing one way (`ui → sim → sqs`):
//!
//! ```text
//! engine/src/          the crate `sqs-sim-engine`, re-exported here as `sim`, `sqs`, `time`
//!   time   `SimTime`, the virtual clock's instants: the one type every layer shares.
//!   sqs/   the SQS service model: queues, messages, actions, errors. Pure Rust; takes `now`
//!          as an argument and knows nothing of scheduling, actors or the web.
//!   sim/   the simulation: scenarios, producers and consumers, commands and a timeline,
//!          metrics, snapshots, the scheduler and the one seeded RNG. Drives `sqs` through its
//!          API (the `_direct` calls, which share every rule with the public actions).
//! src/                 this crate: the faces
//!   decimal numbers as people type them, read without std's float parser (page size).
//!   replay `sqs-sim replay`: runs a script of timed SQS API calls against `sqs`.
//!   export the code that builds a scenario's queues on AWS: boto3, AWS CLI, CloudFormation.
//!   sweep  a scenario run across a range of a setting (or a grid of two) on several seeds,
//!          judged against a goal: `sqs-sim sweep`, and the planner.
//!   ui/    Yew components that read snapshots of the simulation and send it commands.
//!   worker the Web Worker's jobs (the exports' writing, off the page's download), and both
//!          sides of the page ↔ worker messages.
//!   cli    (native only) the command-line face: `sqs-sim replay`, `sqs-sim run`.
//! ```
//!
//! Data flow in the browser:
//!
//! ```text
//!  user input ──Msg──▶ App::update ──▶ playback / Session::apply(Command)
//!  animation frame (wall Δt × speed) ──▶ virtual Δt ──▶ Session::seek ──▶ simulation clock
//!  (as fast as possible: a task at a time, 2 s slices until 30 ms of wall time are used)
//!  Session ──▶ Snapshot, trace, metric series ──▶ components (read-only) ──▶ SVG / canvas
//! ```
//!
//! The animation-frame driver in `ui` is the only place that reads the wall clock (besides the
//! CLI timing a run for its report); `sqs` and `sim` never do. The engine crate's manifest has
//! no web dependency, and `tests/native/architecture.rs` checks that it stays so, so a run is
//! reproducible and behaves the same natively and in wasm32.

pub use sqs_sim_engine::{sim, sqs, time};

pub mod decimal;
pub mod export;
pub mod replay;
pub mod sweep;
pub mod ui;
pub mod worker;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
