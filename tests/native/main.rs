//! Native integration tests, one binary with a module per behaviour.

mod architecture;
mod cli;
