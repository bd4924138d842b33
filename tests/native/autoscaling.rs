//! Autoscaled consumer fleets, on the virtual clock: target tracking on backlog per instance,
//! its cooldowns, warm-up, and min/max.

use serde_json::{json, Value};
use sqs_sim::sim::{Scenario, SimTime, Simulation};

/// The seed article's spike: 10,000 orders at 120 s on top of 20 a second, against a fleet
/// that starts at `count` and scales on backlog per instance.
fn spike(count: u32, autoscaling: Value) -> Scenario {
    let text = json!({
        "version": 1,
        "title": "spike",
        "duration_seconds": 1800,
        "queues": [{"name": "orders"}],
        "producers": [
            {"name": "checkout", "queue": "orders", "arrival": {"kind": "poisson", "per_second": 20}},
            {"name": "flash-sale", "queue": "orders", "batch_size": 10,
             "arrival": {"kind": "spike", "at_seconds": 120, "count": 10000}}
        ],
        "consumers": [{"name": "processor", "queue": "orders", "count": count,
                       "processing": {"kind": "exponential", "mean_seconds": 0.05},
                       "autoscaling": autoscaling}]
    });
    Scenario::from_json(&text.to_string()).unwrap()
}

fn policy() -> Value {
    json!({"min": 2, "max": 20, "target_backlog_per_instance": 100,
           "scale_out_cooldown_seconds": 60, "scale_in_cooldown_seconds": 300,
           "warmup_seconds": 90})
}

fn run(scenario: Scenario) -> Simulation {
    let end = SimTime::from_seconds(scenario.duration_seconds).unwrap();
    let mut simulation = Simulation::new(scenario, 7);
    simulation.run_until(end);
    simulation
}

fn seconds(at: SimTime) -> f64 {
    at.as_millis() as f64 / 1000.0
}

#[test]
fn a_spike_scales_the_fleet_out_to_its_max_at_the_next_period_and_back_in_after_the_cooldown() {
    let simulation = run(spike(2, policy()));
    let scaling = &simulation.metrics().scaling;
    // Before the spike, 2 instances keep up (40 a second against 20): no change.
    let first = &scaling[0];
    assert_eq!(seconds(first.at), 120.0, "{scaling:?}");
    assert_eq!(
        (first.from, first.to),
        (2, 20),
        "10,000 ÷ 100 is 100: capped at max"
    );
    assert!(first.visible >= 9_000);
    assert_eq!(first.in_service, 2);
    // Warm-up: the 18 new instances are in service 90 s later, not before.
    let fleet = &simulation.metrics().fleet_series[0];
    let at = |t: f64| fleet.samples.iter().find(|s| s.time_s == t).unwrap();
    assert_eq!(
        (at(180.0).desired, at(180.0).in_service, at(180.0).warming),
        (20, 2, 18)
    );
    assert_eq!((at(240.0).in_service, at(240.0).warming), (20, 0));
    // Then 20 instances drain the backlog within a period: backlog per instance is at or
    // below the target from the next sample.
    let queue = &simulation.metrics().series[0];
    let visible = |t: f64| {
        queue
            .samples
            .iter()
            .find(|s| s.time_s == t)
            .unwrap()
            .approximate_number_of_messages_visible
    };
    assert!(visible(240.0) <= 20 * 100, "{}", visible(240.0));
    assert!(visible(300.0) <= 2 * 100, "{}", visible(300.0));
    // Scale-in waits the scale-in cooldown after the scale-out: 300 s after 120 s.
    let back = scaling.iter().find(|a| a.to < a.from).unwrap();
    assert_eq!(seconds(back.at), 420.0, "{scaling:?}");
    assert_eq!(back.to, 2);
    // Every sample within min..max.
    assert!(fleet.samples.iter().all(|s| (2..=20).contains(&s.desired)));
}

#[test]
fn the_age_of_the_oldest_message_rises_with_the_spike_and_falls_as_instances_arrive() {
    let simulation = run(spike(2, policy()));
    let queue = &simulation.metrics().series[0];
    let age = |t: f64| {
        queue
            .samples
            .iter()
            .find(|s| s.time_s == t)
            .unwrap()
            .approximate_age_of_oldest_message
    };
    assert!(age(120.0) < 5.0, "{}", age(120.0));
    // Warming instances do not help: the spike's oldest orders wait the whole warm-up.
    assert!(age(180.0) > 30.0, "{}", age(180.0));
    assert!(age(300.0) < 5.0, "{}", age(300.0));
}

#[test]
fn the_scale_out_cooldown_holds_the_next_scale_out_back() {
    // A steady overload: 20 a second against instances of 2 a second each (0.5 s a message):
    // the fleet needs 10, and the backlog grows until it has them.
    let text = json!({
        "version": 1, "title": "overload", "duration_seconds": 900,
        "queues": [{"name": "orders"}],
        "producers": [{"name": "p", "queue": "orders", "arrival": {"kind": "constant", "per_second": 20}}],
        "consumers": [{"name": "slow", "queue": "orders", "count": 1, "max_number_of_messages": 1,
                       "processing": {"kind": "fixed", "seconds": 0.5},
                       "autoscaling": {"min": 1, "max": 8, "target_backlog_per_instance": 200,
                                       "scale_out_cooldown_seconds": 180, "warmup_seconds": 0}}]
    });
    let simulation = run(Scenario::from_json(&text.to_string()).unwrap());
    let outs: Vec<f64> = simulation
        .metrics()
        .scaling
        .iter()
        .filter(|a| a.to > a.from)
        .map(|a| seconds(a.at))
        .collect();
    assert!(outs.len() >= 2, "{outs:?}");
    assert!(outs.windows(2).all(|w| w[1] - w[0] >= 180.0), "{outs:?}");
    // Max holds even though the backlog asks for more.
    let fleet = &simulation.metrics().fleet_series[0];
    assert_eq!(fleet.samples.iter().map(|s| s.desired).max(), Some(8));
}

#[test]
fn bad_autoscaling_is_refused_at_its_path_with_the_range() {
    let text = json!({
        "version": 1, "title": "bad", "queues": [{"name": "orders"}],
        "consumers": [{"name": "c", "queue": "orders", "count": 3,
                       "processing": {"kind": "fixed", "seconds": 1},
                       "autoscaling": {"min": 5, "max": 2, "target_backlog_per_instance": 0}}]
    });
    let errors = Scenario::from_json(&text.to_string()).unwrap_err();
    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(
        lines.contains(&"consumers[0].autoscaling.max: must be at least min (5)".to_owned()),
        "{lines:?}"
    );
    assert!(
        lines.contains(
            &"consumers[0].autoscaling.target_backlog_per_instance: must be more than 0".to_owned()
        ),
        "{lines:?}"
    );
}
