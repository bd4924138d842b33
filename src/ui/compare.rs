//! Comparing two variants of a scenario: the same scenario with one knob changed (two
//! visibility timeouts, two consumer counts...), both run to the end on the same seed, so that
//! any difference comes from the knob and not from chance. Pure, tested natively.

use serde::Serialize;

use super::fields::{self, Knob};
use crate::sim::checks::metric_names;
use crate::sim::metrics::{QueueSeries, RunSample};
use crate::sim::{Scenario, SimTime, Simulation};

/// The charts a comparison overlays: id, title, unit. The last, the dead-letter queues' depth,
/// only for scenarios that have some.
pub const CHARTS: [(&str, &str, &str); 5] = [
    ("compare-queued", "Messages in the queues", "messages"),
    (
        "compare-in-flight",
        "ApproximateNumberOfMessagesNotVisible (first queue)",
        "messages",
    ),
    ("compare-latency", "End-to-end latency p99", "seconds"),
    ("compare-cost", "Cost so far (USD, SQS and Lambda)", "USD"),
    ("compare-dlq", "Dead-letter queue depth", "messages"),
];

/// One variant's run, as the table and the charts show it: small, so that a worker can send
/// it to the page.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VariantRun {
    /// "A: orders VisibilityTimeout = 30"
    pub label: String,
    /// The summary's numbers, in `metric_names()`'s order.
    #[serde(serialize_with = "crate::worker::jobs::exact::measures")]
    pub metrics: Vec<f64>,
    /// Each chart's line (time in seconds, value), in `CHARTS`' order.
    #[serde(serialize_with = "crate::worker::jobs::exact::lines")]
    pub lines: Vec<Vec<(f64, f64)>>,
    /// Where the run stopped: the scenario's end, in seconds.
    pub end_s: f64,
}

impl VariantRun {
    /// A number of the summary, by its name.
    pub fn metric(&self, name: &str) -> f64 {
        metric_names()
            .position(|m| m == name)
            .and_then(|i| self.metrics.get(i).copied())
            .unwrap_or(f64::NAN)
    }
}

/// Runs `scenario` to its end on `seed`, without the per-message trace (nobody reads it here).
pub fn run(label: String, scenario: Scenario, seed: u64) -> VariantRun {
    let end = SimTime::from_seconds(scenario.duration_seconds.max(1.0)).unwrap_or(SimTime::ZERO);
    let dead_letter_queues: Vec<String> = scenario
        .queues
        .iter()
        .filter_map(|q| Some(q.dead_letter_target()?.0))
        .collect();
    let mut sim = Simulation::new(scenario, seed);
    sim.set_trace_capacity(0);
    sim.run_until(end);
    let summary = sim.summary();
    let (series, samples) = (&sim.metrics().series, &sim.metrics().run_series.samples);
    let over_run = |read: fn(&RunSample) -> f64| -> Vec<(f64, f64)> {
        samples.iter().map(|s| (s.time_s, read(s))).collect()
    };
    let mut lines = vec![
        over_run(|s| s.queued as f64),
        series
            .first()
            .map(|q| {
                q.samples
                    .iter()
                    .map(|s| {
                        (
                            s.time_s,
                            s.approximate_number_of_messages_not_visible as f64,
                        )
                    })
                    .collect()
            })
            .unwrap_or_default(),
        over_run(|s| s.latency_p99_s),
        over_run(|s| s.cost_usd),
    ];
    if !dead_letter_queues.is_empty() {
        lines.push(dead_letter_depth(series, &dead_letter_queues));
    }
    VariantRun {
        label,
        metrics: metric_names()
            .map(|m| summary.metric(m).unwrap_or(f64::NAN))
            .collect(),
        lines,
        end_s: end.as_millis() as f64 / 1000.0,
    }
}

/// The visible messages of every dead-letter queue together, period by period.
fn dead_letter_depth(series: &[QueueSeries], dead_letter_queues: &[String]) -> Vec<(f64, f64)> {
    let dlqs: Vec<&QueueSeries> = series
        .iter()
        .filter(|q| dead_letter_queues.contains(&q.queue))
        .collect();
    let Some(first) = dlqs.first() else {
        return Vec::new();
    };
    first
        .samples
        .iter()
        .enumerate()
        .map(|(i, sample)| {
            let depth: u64 = dlqs
                .iter()
                .filter_map(|q| q.samples.get(i))
                .map(|s| s.approximate_number_of_messages_visible)
                .sum();
            (sample.time_s, depth as f64)
        })
        .collect()
}

/// The two variants of `scenario`: A as it is, B with `knob` set to `value`; or why B cannot
/// be (not a number, a value out of range named by its path).
pub fn variants(
    scenario: &Scenario,
    knob: &Knob,
    value: &str,
) -> Result<[(String, Scenario); 2], String> {
    let b = fields::write(scenario, &knob.field, value)?;
    Ok([
        (
            format!("A: {} = {}", knob.label(), knob.current()),
            scenario.clone(),
        ),
        (format!("B: {} = {}", knob.label(), value.trim()), b),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::presets::PRESETS;

    fn preset(file: &str) -> Scenario {
        let preset = PRESETS.iter().find(|p| p.file == file).unwrap();
        Scenario::from_json(preset.json()).unwrap()
    }

    fn knob(scenario: &Scenario, label: &str) -> Knob {
        fields::knobs(scenario)
            .into_iter()
            .find(|k| k.label() == label)
            .unwrap_or_else(|| panic!("no knob {label}"))
    }

    #[test]
    fn a_longer_visibility_timeout_removes_the_duplicates_on_the_same_seed() {
        let scenario = preset("visibility-timeout-too-short.json");
        let queue = scenario.queues[0].name.clone();
        let knob = knob(&scenario, &format!("{queue} VisibilityTimeout"));
        let [(a_label, a), (b_label, b)] = variants(&scenario, &knob, " 30 ").unwrap();
        assert_eq!(a_label, format!("A: {queue} VisibilityTimeout = 5"));
        assert_eq!(b_label, format!("B: {queue} VisibilityTimeout = 30"));
        let (a, b) = (run(a_label, a, 42), run(b_label, b, 42));
        assert!(a.metric("duplicates_processed") > 0.0);
        assert_eq!(b.metric("duplicates_processed"), 0.0);
        // The same seed: the producer sent the same orders in both.
        assert_eq!(a.metric("messages_sent"), b.metric("messages_sent"));
        // Variant A is the scenario's own run.
        let mut plain = Simulation::new(scenario.clone(), 42);
        plain.run_until(SimTime::from_seconds(600.0).unwrap());
        let summary = plain.summary();
        for name in metric_names() {
            let (ours, theirs) = (a.metric(name), summary.metric(name).unwrap());
            assert!(
                ours == theirs || (ours.is_nan() && theirs.is_nan()),
                "{name}"
            );
        }
        assert_eq!(a.lines.len(), 4, "no dead-letter queue, no chart of one");
        assert_eq!(a.lines[0].len(), 10, "a sample a minute for ten minutes");
        assert_eq!(a.end_s, 600.0);
    }

    #[test]
    fn a_scenario_with_a_dead_letter_queue_charts_its_depth() {
        let run = run("A".into(), preset("dlq-hospital.json"), 42);
        assert_eq!(run.lines.len(), CHARTS.len());
        // The poison orders gather there until the redrive at minute 11 takes them back.
        let moved = run.metric("moved_to_dlq");
        let most = run.lines[4].iter().map(|p| p.1).fold(0.0, f64::max);
        assert!(
            moved > 0.0 && most > 0.0 && most <= moved,
            "{most} of {moved}"
        );
        assert_eq!(
            run.lines[4].last().unwrap().1,
            0.0,
            "empty after the redrive"
        );
    }

    #[test]
    fn a_variant_that_cannot_be_is_refused_with_its_reason() {
        let scenario = preset("order-processing.json");
        let fleet = scenario.consumers[0].name.clone();
        let knob = knob(&scenario, &format!("{fleet} count"));
        let error = variants(&scenario, &knob, "0").unwrap_err();
        assert!(error.starts_with("consumers[0].count: "), "{error}");
        assert!(variants(&scenario, &knob, "many")
            .unwrap_err()
            .contains("is not a number"));
    }
}
