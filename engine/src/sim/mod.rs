//! The simulation: the world around the queues, on a virtual clock.
//!
//! ```text
//! arrivals    when the next message arrives, per arrival process
//! scenario    the world as JSON: queues, producers, consumers; validation with JSON paths
//! json_path   the path of the member at a position of a JSON text (for parse errors)
//! command     what a person or a timeline can do to a running simulation
//! design      editing a scenario as a diagram: add, connect, disconnect, remove, rename
//! checks      what a scenario expects of its run, judged against the summary
//! guide       guided lessons: steps that stop the clock, highlight nodes, ask predictions
//! lambda      Lambda consumers: event source mapping limits, scaling of its concurrency, prices
//! simulation  the actors and the event loop driving the SQS engine; run_until / run_for / step
//! snapshot    the world at one instant, as plain data for views
//! scheduler   events ordered by (time, sequence)
//! random      the one seeded RNG (Xoshiro256++) and the duration distributions
//! metrics     CloudWatch-named queue series, latency histograms, request counts and cost
//! trace       every step of every message's life, bounded, for animations and inspectors
//! topology    the diagram's nodes and edges
//! ```
//!
//! Everything here is deterministic: time is an integer count of virtual milliseconds that
//! only moves when the caller advances it, and nothing reads the wall clock. The presentation
//! layer converts wall time into virtual time (see `ui::playback`) and hands it in.

pub mod arrivals;
pub mod checks;
pub mod command;
pub mod design;
pub mod guide;
pub mod json_path;
pub mod lambda;
pub mod metrics;
pub mod random;
pub mod scaling;
pub mod scenario;
pub mod scheduler;
pub mod simulation;
pub mod snapshot;
mod tagged;
pub mod topology;
pub mod trace;

pub use crate::time::SimTime;
pub use command::{Command, CommandError, TimedCommand};
pub use scenario::{Scenario, ScenarioError};
pub use simulation::{RunSummary, Simulation};
pub use snapshot::Snapshot;
pub use topology::{Edge, EdgeKind, Node, NodeId, NodeKind, Topology};
