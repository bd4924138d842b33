//! Native integration tests, one binary with a module per behaviour.

mod architecture;
mod autoscaling;
mod batches;
mod cli;
mod dead_letter;
mod delivery_model;
mod fifo;
mod lambda;
mod messaging;
mod presets;
mod properties;
mod queue_management;
mod replay_cases;
mod simulation;
mod support;
