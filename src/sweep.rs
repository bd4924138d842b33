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
use crate::sim::{Scenario, SimTime, Simulation};
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
        let bound = crate::decimal::parse(bound)
            .ok_or_else(|| format!("goal \"{text}\": \"{}\" is not a number", bound.trim()))?;
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
        let value =
            crate::decimal::parse(t).ok_or_else(|| format!("\"{}\" is not a number", t.trim()))?;
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

/// A sweep made ready to run: its settings' values, every point's scenario (each checked by
/// validation before anything runs), the seeds, the metrics shown and the goal.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub axes: Vec<Axis>,
    pub points: Vec<Vec<String>>,
    pub scenarios: Vec<Scenario>,
    pub seeds: Vec<u64>,
    pub metrics: Vec<String>,
    pub goal: Option<Goal>,
}

impl Plan {
    /// Reads a sweep: one or two `PATH=RANGE` settings, `seeds` seeds from `first_seed`, the
    /// metrics to show (none: the goal's, or latency_p99_s) and an optional goal. The command
    /// line and the page both read theirs here, so they refuse the same things in the same
    /// words.
    pub fn new(
        scenario: &Scenario,
        sets: &[String],
        seeds: u64,
        first_seed: u64,
        mut metrics: Vec<String>,
        goal: Option<&str>,
    ) -> Result<Plan, String> {
        if sets.is_empty() || sets.len() > 2 {
            return Err("a sweep sets one setting, or two for a grid".to_owned());
        }
        if seeds == 0 || seeds > 100 {
            return Err(format!("seeds: {seeds}; a point runs on 1 to 100 seeds"));
        }
        let axes = sets
            .iter()
            .map(|set| Axis::parse(scenario, set))
            .collect::<Result<Vec<_>, _>>()?;
        let goal = goal.map(Goal::parse).transpose()?;
        if metrics.is_empty() {
            metrics.push(
                goal.as_ref()
                    .map_or("latency_p99_s".to_owned(), |g| g.metric.clone()),
            );
        }
        if let Some(why) = metrics.iter().find_map(|m| known_metric(m).err()) {
            return Err(why);
        }
        let points = points(&axes);
        if points.len() > MAX_POINTS {
            return Err(format!(
                "{} points, more than a sweep's {MAX_POINTS}",
                points.len()
            ));
        }
        let scenarios = points
            .iter()
            .map(|point| scenario_at(scenario, &axes, point))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Plan {
            axes,
            points,
            scenarios,
            seeds: (0..seeds).map(|i| first_seed.wrapping_add(i)).collect(),
            metrics,
            goal,
        })
    }

    /// How many runs: every point on every seed.
    pub fn runs(&self) -> usize {
        self.points.len() * self.seeds.len()
    }

    /// Run `index` (in the order `results` takes them): its scenario and seed.
    pub fn run_at(&self, index: usize) -> (&Scenario, u64) {
        let seeds = self.seeds.len();
        (&self.scenarios[index / seeds], self.seeds[index % seeds])
    }

    /// Runs every point on every seed, spread over `threads`; `progress` hears each finished
    /// run (done, total).
    pub fn sweep(
        &self,
        threads: usize,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Vec<PointResult> {
        let total = self.runs();
        let next = AtomicUsize::new(0);
        let done = AtomicUsize::new(0);
        let slots: Mutex<Vec<Option<Measures>>> = Mutex::new(vec![None; total]);
        std::thread::scope(|scope| {
            for _ in 0..threads.clamp(1, total.max(1)) {
                scope.spawn(|| loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    if index >= total {
                        break;
                    }
                    let (scenario, seed) = self.run_at(index);
                    let measures = run(scenario.clone(), seed);
                    slots.lock().expect("no run panics")[index] = Some(measures);
                    progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                });
            }
        });
        let slots = slots.into_inner().expect("no run panics");
        self.results(&slots)
    }

    /// The points whose runs have all come in (`slots` in `run_at`'s order), in the points'
    /// order: all of them once the sweep is done, the finished ones while it runs.
    pub fn results(&self, slots: &[Option<Measures>]) -> Vec<PointResult> {
        self.points
            .iter()
            .zip(slots.chunks(self.seeds.len().max(1)))
            .filter_map(|(point, runs)| {
                Some(PointResult {
                    point: point.clone(),
                    runs: runs.iter().cloned().collect::<Option<Vec<_>>>()?,
                })
            })
            .collect()
    }

    /// The results as a table for people (`table`).
    pub fn table(&self, results: &[PointResult]) -> String {
        table(&self.axes, &self.metrics, self.goal.as_ref(), results)
    }

    /// Every run as CSV (`csv`).
    pub fn csv(&self, results: &[PointResult]) -> String {
        csv(&self.axes, &self.seeds, results)
    }

    /// The results as one JSON value (`json`).
    pub fn json(&self, results: &[PointResult]) -> serde_json::Value {
        json(
            &self.axes,
            &self.seeds,
            &self.metrics,
            self.goal.as_ref(),
            results,
        )
    }
}

/// A run's numbers: its summary's metrics, in `metric_names()`'s order. (A plain list travels
/// from a worker to the page without the summary's own type.)
pub type Measures = Vec<f64>;

/// One run: the scenario to its end on `seed`, without the per-message trace; its summary's
/// numbers.
pub fn run(scenario: Scenario, seed: u64) -> Measures {
    let end = SimTime::from_seconds(scenario.duration_seconds.max(1.0)).unwrap_or(SimTime::ZERO);
    let mut simulation = Simulation::new(scenario, seed);
    simulation.set_trace_capacity(0);
    simulation.run_until(end);
    let summary = simulation.summary();
    metric_names()
        .map(|m| summary.metric(m).unwrap_or(f64::NAN))
        .collect()
}

/// A metric of a run's `Measures`, by name.
pub fn measure(measures: &[f64], metric: &str) -> Option<f64> {
    metric_names()
        .position(|m| m == metric)
        .and_then(|i| measures.get(i).copied())
}

/// A point's runs.
#[derive(Clone, Debug, PartialEq)]
pub struct PointResult {
    pub point: Vec<String>,
    /// One run's numbers per seed, in the seeds' order.
    pub runs: Vec<Measures>,
}

impl PointResult {
    /// Mean, least and most of `metric` over the seeds.
    pub fn stats(&self, metric: &str) -> (f64, f64, f64) {
        let values: Vec<f64> = self
            .runs
            .iter()
            .map(|r| measure(r, metric).unwrap_or(f64::NAN))
            .collect();
        let mean = values.iter().sum::<f64>() / values.len().max(1) as f64;
        let least = values.iter().copied().fold(f64::INFINITY, f64::min);
        let most = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (mean, least, most)
    }

    /// Whether the goal holds on every seed.
    pub fn passes(&self, goal: &Goal) -> bool {
        self.runs
            .iter()
            .all(|r| measure(r, &goal.metric).is_some_and(|value| goal.op.holds(value, goal.bound)))
    }
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
pub fn short(value: f64) -> String {
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
            row.extend(summary.iter().map(f64::to_string));
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
                let number = crate::decimal::parse(v)
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
        Scenario::from_json(PRESETS.iter().find(|p| p.file == file).unwrap().json()).unwrap()
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
    fn a_plan_refuses_what_the_command_line_refuses() {
        let scenario = preset("order-processing.json");
        let plan = |sets: &[&str], seeds, goal| {
            let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
            Plan::new(&scenario, &sets, seeds, 1, Vec::new(), goal)
        };
        assert!(plan(&[], 3, None).unwrap_err().contains("one setting"));
        let three = ["consumers[0].count=1"; 3];
        assert!(plan(&three, 3, None)
            .unwrap_err()
            .contains("two for a grid"));
        assert!(plan(&["consumers[0].count=1"], 0, None)
            .unwrap_err()
            .contains("1 to 100 seeds"));
        assert!(plan(&["consumers[0].count=1"], 3, Some("p95<1"))
            .unwrap_err()
            .contains("\"p95\" is not a number of the run"));
        let ok = plan(&["consumers[0].count=1..4:1"], 3, Some("moved_to_dlq==0")).unwrap();
        assert_eq!((ok.points.len(), ok.runs()), (4, 12));
        assert_eq!(ok.seeds, [1, 2, 3]);
        assert_eq!(ok.metrics, ["moved_to_dlq"], "the goal's metric by default");
        assert_eq!(ok.run_at(5).1, 3);
        assert_eq!(ok.run_at(5).0, &ok.scenarios[1]);
    }

    #[test]
    fn a_sweep_point_is_exactly_a_run_of_that_setting_on_that_seed() {
        let scenario = preset("visibility-timeout-too-short.json");
        let sets = ["queues[0].attributes.VisibilityTimeout=5,30".to_owned()];
        let plan = Plan::new(
            &scenario,
            &sets,
            2,
            3,
            Vec::new(),
            Some("duplicates_processed==0"),
        )
        .unwrap();
        let results = plan.sweep(2, &|_, _| {});
        assert_eq!(results.len(), 2);
        // Point 2 on seed 4 is `sqs-sim run` of the scenario with VisibilityTimeout 30, seed 4.
        let mut changed = scenario.clone();
        changed.queues[0]
            .attributes
            .insert("VisibilityTimeout".into(), "30".into());
        assert_eq!(results[1].runs[1], run(changed.clone(), 4));
        let mut simulation = Simulation::new(changed, 4);
        simulation.run_until(SimTime::from_seconds(scenario.duration_seconds).unwrap());
        assert_eq!(
            measure(&results[1].runs[1], "messages_deleted"),
            simulation.summary().metric("messages_deleted")
        );
        // The longer timeout removes the duplicates on every seed.
        let goal = plan.goal.as_ref().unwrap();
        assert!(!results[0].passes(goal) && results[1].passes(goal));
        assert_eq!(cheapest(&results, goal).unwrap().point, ["30"]);
        let text = plan.table(&results);
        assert!(text.contains("cheapest point that meets duplicates_processed==0: queues[0].attributes.VisibilityTimeout=30"), "{text}");
    }

    #[test]
    fn partial_results_hold_only_the_points_whose_every_seed_has_run() {
        let scenario = preset("order-processing.json");
        let sets = ["consumers[0].count=1,2,3".to_owned()];
        let plan = Plan::new(&scenario, &sets, 2, 1, Vec::new(), None).unwrap();
        let mut slots: Vec<Option<Measures>> = vec![None; plan.runs()];
        slots[2] = Some(vec![1.0]);
        slots[3] = Some(vec![2.0]);
        slots[4] = Some(vec![3.0]);
        let results = plan.results(&slots);
        assert_eq!(results.len(), 1);
        assert_eq!(results[0].point, ["2"]);
        assert_eq!(results[0].runs, [vec![1.0], vec![2.0]]);
    }

    #[test]
    fn a_grid_runs_every_pair_first_axis_slowest_and_the_same_on_any_number_of_threads() {
        let mut scenario = preset("order-processing.json");
        scenario.duration_seconds = 60.0;
        let sets = [
            "consumers[0].count=1,2".to_owned(),
            "producers[0].arrival.per_second=1..3:1".to_owned(),
        ];
        let plan = Plan::new(&scenario, &sets, 2, 1, Vec::new(), None).unwrap();
        assert_eq!(plan.points.len(), 6);
        assert_eq!(plan.points[1], ["1", "2"]);
        let one = plan.sweep(1, &|_, _| {});
        let four = plan.sweep(4, &|_, _| {});
        assert_eq!(one, four);
        let csv = plan.csv(&one);
        assert_eq!(csv.lines().count(), 1 + 6 * 2);
        assert!(csv
            .starts_with("consumers[0].count,producers[0].arrival.per_second,seed,messages_sent,"));
    }
}
