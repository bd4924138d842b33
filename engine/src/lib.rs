//! # sqs-sim-engine: the Amazon SQS service model and the simulation that drives it
//!
//! Two layers over one clock type, dependencies pointing one way (`sim → sqs`):
//!
//! ```text
//! time   `SimTime`, the virtual clock's instants: the one type every layer shares.
//! sqs/   the SQS service model: queues, messages, actions, errors. Takes `now` as an argument
//!        and knows nothing of scheduling, actors or the web.
//! sim/   the simulation: scenarios, producers and consumers, commands and a timeline,
//!        metrics, snapshots, the scheduler and the one seeded RNG. Drives `sqs` through its
//!        API (the `_direct` calls, which share every rule with the public actions).
//! ```
//!
//! A crate of its own for two reasons. Its manifest has no web dependency, so the engine cannot
//! reach the browser or the wall clock: a run is reproducible and the same natively and in
//! wasm32. And the browser build can optimise it for speed ("as fast as possible" runs it flat
//! out) while the much larger user interface is optimised for size; Cargo sets optimisation
//! per package (see the workspace's `Cargo.toml`).

pub mod sim;
pub mod sqs;
pub mod time;
