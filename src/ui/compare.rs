//! Comparing two variants of a scenario: the same scenario with one knob changed (two
//! visibility timeouts, two consumer counts...), both run to the end on the same seed, so that
//! any difference comes from the knob and not from chance. Pure, tested natively.

use super::fields::{self, Knob};
use crate::sim::metrics::{QueueSeries, RunSample};
use crate::sim::{RunSummary, Scenario, SimTime, Simulation};

/// One variant's whole run: what the charts and the table need.
#[derive(Clone, Debug)]
pub struct VariantRun {
    /// "VisibilityTimeout, s (first queue) = 30"
    pub label: String,
    pub summary: RunSummary,
    pub series: Vec<QueueSeries>,
    pub run: Vec<RunSample>,
    /// The scenario's dead-letter queues (their depth is charted).
    pub dead_letter_queues: Vec<String>,
    /// Where the run stopped: the scenario's end.
    pub end: SimTime,
}

/// Runs `scenario` to its end on `seed`, without the per-message trace (nobody reads it here).
pub fn run(label: String, scenario: Scenario, seed: u64) -> VariantRun {
    let end = SimTime::from_seconds(scenario.duration_seconds.max(1.0)).unwrap_or(SimTime::ZERO);
    let dead_letter_queues = scenario
        .queues
        .iter()
        .filter_map(|q| Some(q.dead_letter_target()?.0))
        .collect();
    let mut sim = Simulation::new(scenario, seed);
    sim.set_trace_capacity(0);
    sim.run_until(end);
    VariantRun {
        label,
        summary: sim.summary(),
        series: sim.metrics().series.clone(),
        run: sim.metrics().run_series.samples.clone(),
        dead_letter_queues,
        end,
    }
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
        Scenario::from_json(preset.json).unwrap()
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
        assert!(a.summary.duplicates_processed > 0);
        assert_eq!(b.summary.duplicates_processed, 0);
        // The same seed: the producer sent the same orders in both.
        assert_eq!(a.summary.messages_sent, b.summary.messages_sent);
        // Variant A is the scenario's own run.
        let mut plain = Simulation::new(scenario.clone(), 42);
        plain.run_until(SimTime::from_seconds(600.0).unwrap());
        assert_eq!(a.summary, plain.summary());
        assert_eq!(a.series.len(), 1);
        assert_eq!(a.run.len(), 10, "a sample a minute for ten minutes");
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
