//! The simulator against queueing theory, over long runs with fixed seeds.
//!
//! These runs simulate millions of messages, so the test command runs them in the optimised
//! `theory` profile: `cargo test -p sqs-sim-engine --profile theory --test theory`. They are
//! the engine's tests, so that build optimises the engine's dependencies only, not the page's.

use std::fs;
use std::path::Path;
use std::time::Duration;

use sqs_sim_engine::sim::{Scenario, Simulation};
use sqs_sim_engine::time::SimTime;

fn preset(name: &str) -> Scenario {
    // The presets live beside the app, one level up from the engine crate.
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../static/scenarios")
        .join(name);
    Scenario::from_json(&fs::read_to_string(path).unwrap()).unwrap()
}

/// Erlang C: the mean wait in queue of an M/M/c queue.
fn erlang_c_wait(lambda: f64, mu: f64, c: u32) -> f64 {
    let a = lambda / mu;
    let rho = a / f64::from(c);
    let mut term = 1.0; // a^k / k!
    let mut below = 0.0;
    for k in 0..c {
        below += term;
        term *= a / f64::from(k + 1);
    }
    let top = term / (1.0 - rho); // a^c / c! / (1 - rho)
    let probability_of_waiting = top / (below + top);
    probability_of_waiting / (f64::from(c) * mu - lambda)
}

#[test]
fn erlang_c_gives_the_textbook_value() {
    assert!((erlang_c_wait(100.0, 10.0, 12) - 0.02247).abs() < 0.00001);
}

#[test]
fn mmc_over_ten_hours_matches_erlang_c() {
    let expected = erlang_c_wait(100.0, 10.0, 12);
    let mut sim = Simulation::new(preset("mmc.json"), 2024);
    // Batch means: 20 batches of 30 minutes after a 10-minute warm-up.
    sim.run_for(Duration::from_secs(600));
    let batches = 20;
    let mut means = Vec::new();
    for i in 1..=batches {
        let (sum, count) = (
            sim.metrics().queue_wait.sum_seconds(),
            sim.metrics().queue_wait.count(),
        );
        sim.run_until(SimTime(600_000 + i * 1_800_000));
        let wait = &sim.metrics().queue_wait;
        means.push((wait.sum_seconds() - sum) / (wait.count() - count) as f64);
    }
    let n = f64::from(batches as u32);
    let mean = means.iter().sum::<f64>() / n;
    let sd = (means.iter().map(|m| (m - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    // 95 % two-sided t quantile with 19 degrees of freedom.
    let half_width = 2.093 * sd / n.sqrt();
    assert!(
        (mean - expected).abs() / expected < 0.05,
        "mean wait {mean} vs Erlang C {expected}"
    );
    assert!(
        (mean - expected).abs() <= half_width,
        "Erlang C {expected} outside {mean} ± {half_width}"
    );
}

#[test]
fn benchmark_r1_dead_letters_and_retries_match_the_failure_probability() {
    // An hour of orders, then two minutes without new ones so that every order's fate is
    // settled (a failure near the end would otherwise miss its retry).
    let mut scenario = preset("benchmark-r1.json");
    scenario.producers[0].stop_seconds = Some(3600.0);
    let mut sim = Simulation::new(scenario, 2024);
    sim.run_for(Duration::from_secs(3720));
    let s = sim.summary();
    let p: f64 = 0.05;
    // Dead letters: each of ~360,000 orders fails three times with probability p³ (Poisson).
    let expected_dlq = s.messages_sent as f64 * p.powi(3);
    assert!(
        (s.moved_to_dlq as f64 - expected_dlq).abs() <= 3.0 * expected_dlq.sqrt(),
        "{} in the DLQ, expected {expected_dlq}",
        s.moved_to_dlq
    );
    // Receives per order: 1 + p + p² (the third failure's next receive moves it, unreturned).
    let expected_receives = 1.0 + p + p * p;
    let variance = (1.0 - p) + 4.0 * p * (1.0 - p) + 9.0 * p * p - expected_receives.powi(2);
    let sigma = (variance / s.messages_sent as f64).sqrt();
    let receives = s.receives as f64 / s.messages_sent as f64;
    assert!(
        (receives - expected_receives).abs() <= 3.0 * sigma,
        "{receives} receives per order, expected {expected_receives} ± {}",
        3.0 * sigma
    );
}
