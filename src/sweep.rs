//! Sweeps: a scenario run across a range of one setting, or a grid of two, on several seeds a
//! point, each run to the scenario's end; the summary's numbers gathered per point (mean,
//! least, most over the seeds) and judged against a goal.
//!
//! A setting is any number of the scenario or of one of its nodes, named by the path the
//! inspector and validation use (`consumers[0].count`, `queues[0].attributes.VisibilityTimeout`,
//! `producers[1].arrival.per_second`, see `ui::fields::knobs`), and written through the same
//! validation: a range that reaches a value the scenario cannot take is refused before anything
//! runs, naming the value and the reason. A run is `Simulation::run_until` of the scenario with
//! the setting written, so a point on a seed is exactly `sqs-sim run` of that scenario on that
//! seed. Plain Rust; the runs of a sweep are independent, so they spread over threads.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::sim::checks::metric_names;
use crate::sim::{RunSummary, Scenario, SimTime, Simulation};
use crate::ui::fields::{self, Input, Knob};

/// The most points a sweep may have (a grid of two 30-value ranges fits).
pub const MAX_POINTS: usize = 1_000;

/// One swept setting and its values, as text the setting's field takes.
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    pub knob: Knob,
    pub values: Vec<String>,
}

/// What a point must show: `metric op bound` on every seed.
#[derive(Clone, Debug, PartialEq)]
pub struct Goal {
    pub metric: String,
    pub op: Op,
    pub bound: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Below,
    AtMost,
    Above,
    AtLeast,
    Equals,
}

impl Op {
    fn symbol(self) -> &'static str {
        match self {
            Op::Below => "<",
            Op::AtMost => "<=",
            Op::Above => ">",
            Op::AtLeast => ">=",
            Op::Equals => "==",
        }
    }

    fn holds(self, value: f64, bound: f64) -> bool {
        match self {
            Op::Below => value < bound,
            Op::AtMost => value <= bound,
            Op::Above => value > bound,
            Op::AtLeast => value >= bound,
            Op::Equals => value == bound,
        }
    }
}

impl Goal {
    /// Reads `latency_p99_s<2`, `moved_to_dlq==0`, `duplicates_processed<=10`.
    pub fn parse(text: &str) -> Result<Goal, String> {
        let at = text.find(['<', '>', '=']).ok_or_else(|| {
            format!("goal \"{text}\": write it as METRIC<NUMBER (or <=, >, >=, ==)")
        })?;
        let (metric, rest) = text.split_at(at);
        let (op, bound) = [
            ("<=", Op::AtMost),
            (">=", Op::AtLeast),
            ("==", Op::Equals),
            ("<", Op::Below),
            (">", Op::Above),
        ]
        .into_iter()
        .find_map(|(symbol, op)| Some((op, rest.strip_prefix(symbol)?)))
        .ok_or_else(|| format!("goal \"{text}\": the comparison must be <, <=, >, >= or =="))?;
        let metric = metric.trim().to_owned();
        known_metric(&metric)?;
        let bound: f64 = bound
            .trim()
            .parse()
            .map_err(|_| format!("goal \"{text}\": \"{}\" is not a number", bound.trim()))?;
        Ok(Goal { metric, op, bound })
    }

    pub fn describe(&self) -> String {
        format!("{}{}{}", self.metric, self.op.symbol(), self.bound)
    }
}

/// Refuses a metric the run's summary does not have, listing the ones it has.
pub fn known_metric(name: &str) -> Result<(), String> {
    if metric_names().any(|m| m == name) {
        Ok(())
    } else {
        Err(format!(
            "\"{name}\" is not a number of the run; one of {}",
            metric_names().collect::<Vec<_>>().join(", ")
        ))
    }
}

/// The values of a range: `2..20:2` (both ends included), `0.5..2:0.5`, a list `5,10,30`, or
/// one value. Whole numbers only where the setting takes them.
pub fn values(text: &str, whole: bool) -> Result<Vec<f64>, String> {
    let number = |t: &str| -> Result<f64, String> {
        let value: f64 = t
            .trim()
            .parse()
            .map_err(|_| format!("\"{}\" is not a number", t.trim()))?;
        if !value.is_finite() {
            return Err(format!("\"{}\" is not a number", t.trim()));
        }
        if whole && value.fract() != 0.0 {
            return Err(format!(
                "{value} is not a whole number, and the setting takes whole numbers"
            ));
        }
        Ok(value)
    };
    let list: Vec<f64> = match text.split_once("..") {
        None => text.split(',').map(number).collect::<Result<_, _>>()?,
        Some((start, rest)) => {
            let (end, step) = rest
                .split_once(':')
                .ok_or_else(|| format!("range \"{text}\": write it as START..END:STEP"))?;
            let (start, end, step) = (number(start)?, number(end)?, number(step)?);
            if step <= 0.0 {
                return Err(format!("range \"{text}\": the step must be more than 0"));
            }
            if end < start {
                return Err(format!("range \"{text}\": the end is below the start"));
            }
            let count = ((end - start) / step + 1e-9).floor() as usize + 1;
            if count > MAX_POINTS {
                return Err(format!(
                    "range \"{text}\": {count} values, more than a sweep's {MAX_POINTS}"
                ));
            }
            // From the start each time (not by adding), so no rounding error builds up.
            (0..count)
                .map(|i| ((start + i as f64 * step) * 1e9).round() / 1e9)
                .collect()
        }
    };
    if list.is_empty() {
        return Err(format!("\"{text}\" gives no value"));
    }
    Ok(list)
}

impl Axis {
    /// Reads `PATH=RANGE` against the scenario's settings.
    pub fn parse(scenario: &Scenario, text: &str) -> Result<Axis, String> {
        let (path, range) = text.split_once('=').ok_or_else(|| {
            format!("\"{text}\": write the setting as PATH=RANGE, e.g. consumers[0].count=2..20:2")
        })?;
        let path = path.trim();
        let knob = fields::knobs(scenario)
            .into_iter()
            .find(|k| k.field.path == path)
            .ok_or_else(|| {
                format!("{path}: not a number of this scenario; its numbers are the inspector's fields, e.g. consumers[0].count or queues[0].attributes.VisibilityTimeout")
            })?;
        let whole = matches!(knob.field.input, Input::Integer | Input::Attribute);
        let values = values(range, whole)
            .map_err(|why| format!("{path}: {why}"))?
            .into_iter()
            .map(|v| v.to_string())
            .collect();
        Ok(Axis { knob, values })
    }
}

/// The settings of every point: the cartesian product of the axes' values, the first axis
/// slowest.
pub fn points(axes: &[Axis]) -> Vec<Vec<String>> {
    axes.iter().fold(vec![Vec::new()], |points, axis| {
        points
            .into_iter()
            .flat_map(|point| {
                axis.values.iter().map(move |value| {
                    let mut next = point.clone();
                    next.push(value.clone());
                    next
                })
            })
            .collect()
    })
}

/// The scenario with a point's settings written, or why it cannot be.
pub fn scenario_at(base: &Scenario, axes: &[Axis], point: &[String]) -> Result<Scenario, String> {
    axes.iter()
        .zip(point)
        .try_fold(base.clone(), |scenario, (axis, value)| {
            fields::write(&scenario, &axis.knob.field, value)
                .map_err(|why| format!("{}={value}: {why}", axis.knob.field.path))
        })
}

/// One run: the scenario to its end on `seed`, without the per-message trace.
pub fn run(scenario: Scenario, seed: u64) -> RunSummary {
    let end = SimTime::from_seconds(scenario.duration_seconds.max(1.0)).unwrap_or(SimTime::ZERO);
    let mut simulation = Simulation::new(scenario, seed);
    simulation.set_trace_capacity(0);
    simulation.run_until(end);
    simulation.summary()
}

/// A point's numbers: for each metric, the mean, least and most over the seeds.
#[derive(Clone, Debug, PartialEq)]
pub struct PointResult {
    pub point: Vec<String>,
    /// One summary per seed, in the seeds' order.
    pub runs: Vec<RunSummary>,
}

impl PointResult {
    /// Mean, least and most of `metric` over the seeds.
    pub fn stats(&self, metric: &str) -> (f64, f64, f64) {
        let values: Vec<f64> = self
            .runs
            .iter()
            .map(|r| r.metric(metric).unwrap_or(f64::NAN))
            .collect();
        let mean = values.iter().sum::<f64>() / values.len().max(1) as f64;
        let least = values.iter().copied().fold(f64::INFINITY, f64::min);
        let most = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (mean, least, most)
    }

    /// Whether the goal holds on every seed.
    pub fn passes(&self, goal: &Goal) -> bool {
        self.runs.iter().all(|r| {
            r.metric(&goal.metric)
                .is_some_and(|value| goal.op.holds(value, goal.bound))
        })
    }
}

/// Runs every point on every seed, spread over `threads`; `progress` hears each finished run
/// (done, total). The results come in the points' order, whatever finished first.
pub fn sweep(
    scenarios: &[Scenario],
    points: &[Vec<String>],
    seeds: &[u64],
    threads: usize,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Vec<PointResult> {
    let total = scenarios.len() * seeds.len();
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let slots: Mutex<Vec<Option<RunSummary>>> = Mutex::new(vec![None; total]);
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, total.max(1)) {
            scope.spawn(|| loop {
                let job = next.fetch_add(1, Ordering::Relaxed);
                if job >= total {
                    break;
                }
                let (point, seed) = (job / seeds.len(), seeds[job % seeds.len()]);
                let summary = run(scenarios[point].clone(), seed);
                slots.lock().expect("no run panics")[job] = Some(summary);
                progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
            });
        }
    });
    let mut slots = slots.into_inner().expect("no run panics").into_iter();
    points
        .iter()
        .map(|point| PointResult {
            point: point.clone(),
            runs: (0..seeds.len())
                .map(|_| slots.next().flatten().expect("every run finished"))
                .collect(),
        })
        .collect()
}

/// The first point, in the sweep's order, that passes the goal: with the settings swept from
/// low to high, the least of them that is enough ("how many consumers do I need").
pub fn cheapest<'a>(results: &'a [PointResult], goal: &Goal) -> Option<&'a PointResult> {
    results.iter().find(|r| r.passes(goal))
}

/// A sweep's results as a table for people.
pub fn table(
    axes: &[Axis],
    metrics: &[String],
    goal: Option<&Goal>,
    results: &[PointResult],
) -> String {
    let mut header: Vec<String> = axes.iter().map(|a| a.knob.field.path.clone()).collect();
    header.extend(metrics.iter().map(|m| format!("{m} mean [min, max]")));
    if let Some(goal) = goal {
        header.push(goal.describe());
    }
    let rows: Vec<Vec<String>> = results
        .iter()
        .map(|r| {
            let mut row = r.point.clone();
            for metric in metrics {
                let (mean, least, most) = r.stats(metric);
                row.push(format!(
                    "{} [{}, {}]",
                    short(mean),
                    short(least),
                    short(most)
                ));
            }
            if let Some(goal) = goal {
                row.push(if r.passes(goal) { "pass" } else { "fail" }.to_owned());
            }
            row
        })
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|c| {
            rows.iter()
                .map(|r| r[c].len())
                .chain([header[c].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        let _ = writeln!(out, "{}", cells.join("  ").trim_end());
    }
    if let Some(goal) = goal {
        match cheapest(results, goal) {
            Some(best) => {
                let settings: Vec<String> = axes
                    .iter()
                    .zip(&best.point)
                    .map(|(a, v)| format!("{}={v}", a.knob.field.path))
                    .collect();
                let _ = writeln!(
                    out,
                    "cheapest point that meets {}: {}",
                    goal.describe(),
                    settings.join(", ")
                );
            }
            None => {
                let _ = writeln!(out, "no point meets {}", goal.describe());
            }
        }
    }
    out
}

/// A number in four significant places at most, whole numbers plainly.
fn short(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        format!("{value:.4}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_owned()
    }
}

/// Every run of a sweep as CSV: the settings, the seed, then every metric of the summary.
pub fn csv(axes: &[Axis], seeds: &[u64], results: &[PointResult]) -> String {
    let mut out: Vec<String> = axes.iter().map(|a| a.knob.field.path.clone()).collect();
    out.push("seed".to_owned());
    out.extend(metric_names().map(str::to_owned));
    let mut text = out.join(",") + "\n";
    for result in results {
        for (seed, summary) in seeds.iter().zip(&result.runs) {
            let mut row = result.point.clone();
            row.push(seed.to_string());
            row.extend(metric_names().map(|m| summary.metric(m).unwrap_or(f64::NAN).to_string()));
            text.push_str(&row.join(","));
            text.push('\n');
        }
    }
    text
}

/// A sweep's results as one JSON value: the settings and seeds, each point's statistics per
/// metric, whether it meets the goal, and the cheapest point that does.
pub fn json(
    axes: &[Axis],
    seeds: &[u64],
    metrics: &[String],
    goal: Option<&Goal>,
    results: &[PointResult],
) -> serde_json::Value {
    let point_json = |r: &PointResult| {
        let values: serde_json::Map<String, serde_json::Value> = axes
            .iter()
            .zip(&r.point)
            .map(|(a, v)| {
                let number = v
                    .parse::<f64>()
                    .map_or(serde_json::Value::Null, serde_json::Value::from);
                (a.knob.field.path.clone(), number)
            })
            .collect();
        let stats: serde_json::Map<String, serde_json::Value> = metrics
            .iter()
            .map(|m| {
                let (mean, min, max) = r.stats(m);
                (
                    m.clone(),
                    serde_json::json!({"mean": mean, "min": min, "max": max}),
                )
            })
            .collect();
        let mut value = serde_json::json!({"settings": values, "metrics": stats});
        if let Some(goal) = goal {
            value["passes"] = r.passes(goal).into();
        }
        value
    };
    serde_json::json!({
        "settings": axes.iter().map(|a| a.knob.field.path.clone()).collect::<Vec<_>>(),
        "seeds": seeds,
        "goal": goal.map(Goal::describe),
        "points": results.iter().map(point_json).collect::<Vec<_>>(),
        "cheapest": goal.and_then(|g| cheapest(results, g)).map(point_json),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::presets::PRESETS;

    fn preset(file: &str) -> Scenario {
        Scenario::from_json(PRESETS.iter().find(|p| p.file == file).unwrap().json).unwrap()
    }

    #[test]
    fn ranges_give_their_values_and_bad_ones_say_why() {
        assert_eq!(values("2..10:2", true).unwrap(), [2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(values("0.1..0.3:0.1", false).unwrap(), [0.1, 0.2, 0.3]);
        assert_eq!(values("5, 10,30", true).unwrap(), [5.0, 10.0, 30.0]);
        assert_eq!(values("7", true).unwrap(), [7.0]);
        assert!(values("2..10", true)
            .unwrap_err()
            .contains("START..END:STEP"));
        assert!(values("10..2:1", true)
            .unwrap_err()
            .contains("below the start"));
        assert!(values("1..2:0", true).unwrap_err().contains("more than 0"));
        assert!(values("1..2:0.5", true)
            .unwrap_err()
            .contains("whole number"));
        assert!(values("1..5000:1", true)
            .unwrap_err()
            .contains("more than a sweep's"));
        assert!(values("a..b:1", true).unwrap_err().contains("not a number"));
    }

    #[test]
    fn goals_read_their_metric_comparison_and_bound() {
        assert_eq!(
            Goal::parse("latency_p99_s<2").unwrap(),
            Goal {
                metric: "latency_p99_s".into(),
                op: Op::Below,
                bound: 2.0
            }
        );
        assert_eq!(Goal::parse("moved_to_dlq == 0").unwrap().op, Op::Equals);
        assert_eq!(Goal::parse("cost_usd<=0.5").unwrap().op, Op::AtMost);
        assert!(Goal::parse("p99<2")
            .unwrap_err()
            .contains("not a number of the run"));
        assert!(Goal::parse("latency_p99_s~2")
            .unwrap_err()
            .contains("METRIC<NUMBER"));
        assert!(Goal::parse("latency_p99_s<soon")
            .unwrap_err()
            .contains("not a number"));
    }

    #[test]
    fn an_axis_names_a_setting_of_the_scenario_and_every_value_must_validate() {
        let scenario = preset("order-processing.json");
        let axis = Axis::parse(&scenario, "consumers[0].count=1..3:1").unwrap();
        assert_eq!(axis.values, ["1", "2", "3"]);
        assert!(Axis::parse(&scenario, "consumers[9].count=1..3:1")
            .unwrap_err()
            .starts_with("consumers[9].count: not a number of this scenario"));
        let zero = Axis::parse(&scenario, "consumers[0].count=0..2:1").unwrap();
        let error = scenario_at(&scenario, &[zero], &["0".to_owned()]).unwrap_err();
        assert_eq!(
            error,
            "consumers[0].count=0: consumers[0].count: must be at least 1"
        );
    }

    #[test]
    fn a_sweep_point_is_exactly_a_run_of_that_setting_on_that_seed() {
        let scenario = preset("visibility-timeout-too-short.json");
        let axes =
            vec![Axis::parse(&scenario, "queues[0].attributes.VisibilityTimeout=5,30").unwrap()];
        let points = points(&axes);
        let scenarios: Vec<Scenario> = points
            .iter()
            .map(|p| scenario_at(&scenario, &axes, p).unwrap())
            .collect();
        let results = sweep(&scenarios, &points, &[3, 4], 2, &|_, _| {});
        assert_eq!(results.len(), 2);
        // Point 2 on seed 4 is `sqs-sim run` of the scenario with VisibilityTimeout 30, seed 4.
        let mut changed = scenario.clone();
        changed.queues[0]
            .attributes
            .insert("VisibilityTimeout".into(), "30".into());
        assert_eq!(results[1].runs[1], run(changed, 4));
        // The longer timeout removes the duplicates on every seed.
        let goal = Goal::parse("duplicates_processed==0").unwrap();
        assert!(!results[0].passes(&goal) && results[1].passes(&goal));
        assert_eq!(cheapest(&results, &goal).unwrap().point, ["30"]);
        let text = table(
            &axes,
            &["duplicates_processed".into()],
            Some(&goal),
            &results,
        );
        assert!(text.contains("cheapest point that meets duplicates_processed==0: queues[0].attributes.VisibilityTimeout=30"), "{text}");
    }

    #[test]
    fn a_grid_runs_every_pair_first_axis_slowest_and_the_same_on_any_number_of_threads() {
        let mut scenario = preset("order-processing.json");
        scenario.duration_seconds = 60.0;
        let axes = vec![
            Axis::parse(&scenario, "consumers[0].count=1,2").unwrap(),
            Axis::parse(&scenario, "producers[0].arrival.per_second=1..3:1").unwrap(),
        ];
        let points = points(&axes);
        assert_eq!(points.len(), 6);
        assert_eq!(points[1], ["1", "2"]);
        let scenarios: Vec<Scenario> = points
            .iter()
            .map(|p| scenario_at(&scenario, &axes, p).unwrap())
            .collect();
        let one = sweep(&scenarios, &points, &[1, 2], 1, &|_, _| {});
        let four = sweep(&scenarios, &points, &[1, 2], 4, &|_, _| {});
        assert_eq!(one, four);
        let csv = csv(&axes, &[1, 2], &one);
        assert_eq!(csv.lines().count(), 1 + 6 * 2);
        assert!(csv
            .starts_with("consumers[0].count,producers[0].arrival.per_second,seed,messages_sent,"));
    }
}
