//! The capacity planner's state and drawings, as plain Rust: a sweep under way (which runs have
//! come in, how long the rest should take), a suggested range for a setting, and the geometry
//! of the results' chart and heat map. The component (`planner_view`) only shows them.

use std::fmt::Write as _;
use std::rc::Rc;

use super::charts::{format_value, nice_ceiling, Scale, HEIGHT, LEFT, TOP, WIDTH};
use super::fields::{Input, Knob};
use crate::sweep::{cheapest, short, Goal, Measures, Plan, PointResult};
use crate::worker::jobs::{PlannedSweep, SweepReport, SweepSpec};

/// A sweep the page has started: its plan, the runs that have come in, the latest report.
pub struct Sweeping {
    pub spec: Rc<SweepSpec>,
    pub planned: Rc<PlannedSweep>,
    /// One slot per run, in `Plan::run_at`'s order.
    pub slots: Vec<Option<Measures>>,
    pub done: usize,
    /// Wall-clock milliseconds when it started, and when the last run came in.
    pub started_ms: f64,
    pub last_ms: f64,
    pub cancelled: bool,
    /// The report of the runs so far, as a worker last wrote it.
    pub report: Rc<SweepReport>,
    /// A report has been asked for and not come back; `stale`: runs came in since it was asked.
    pub reporting: bool,
    pub stale: bool,
    /// The page's number for this sweep (its reports come back under it).
    pub generation: u32,
}

impl Sweeping {
    pub fn new(spec: Rc<SweepSpec>, planned: Rc<PlannedSweep>, now_ms: f64) -> Sweeping {
        Sweeping {
            slots: vec![None; planned.scenarios.len() * planned.seeds.len()],
            spec,
            planned,
            done: 0,
            started_ms: now_ms,
            last_ms: now_ms,
            cancelled: false,
            report: Rc::default(),
            reporting: false,
            stale: false,
            generation: 0,
        }
    }

    /// Run `index`: its point and seed.
    pub fn run_at(&self, index: usize) -> (usize, u64) {
        let seeds = &self.planned.seeds;
        (index / seeds.len(), seeds[index % seeds.len()])
    }

    /// Run `index` came in.
    pub fn record(&mut self, index: usize, measures: Measures, now_ms: f64) {
        if let Some(slot) = self.slots.get_mut(index) {
            if slot.is_none() {
                self.done += 1;
            }
            *slot = Some(measures);
            self.last_ms = now_ms;
        }
    }

    pub fn total(&self) -> usize {
        self.slots.len()
    }

    pub fn finished(&self) -> bool {
        self.done == self.total()
    }

    pub fn running(&self) -> bool {
        !self.finished() && !self.cancelled
    }

    /// The runs left times the mean wall time a run has taken so far (none before the first
    /// run is in).
    pub fn seconds_left(&self, now_ms: f64) -> Option<f64> {
        (self.done > 0).then(|| {
            let per_run = (now_ms - self.started_ms) / self.done as f64;
            per_run * (self.total() - self.done) as f64 / 1000.0
        })
    }

    /// "12 of 60 runs · about 8 s left", "60 runs in 4.2 s", "Cancelled after 12 of 60 runs".
    pub fn status(&self, now_ms: f64) -> String {
        let (done, total) = (self.done, self.total());
        if self.finished() {
            format!(
                "{total} runs in {:.1} s",
                (self.last_ms - self.started_ms) / 1000.0
            )
        } else if self.cancelled {
            format!("Cancelled after {done} of {total} runs")
        } else {
            match self.seconds_left(now_ms) {
                Some(left) => format!("{done} of {total} runs · about {left:.0} s left"),
                None => format!("{done} of {total} runs"),
            }
        }
    }
}

/// A range to start from for a setting: from half its value to twice it, in about ten steps
/// (whole steps for whole-number settings).
pub fn suggested_range(knob: &Knob) -> String {
    let whole = matches!(knob.field.input, Input::Integer | Input::Attribute);
    let value = crate::decimal::parse(knob.current()).unwrap_or(0.0);
    if value <= 0.0 {
        return if whole { "0..10:1" } else { "0..1:0.1" }.to_owned();
    }
    let (low, high) = (value / 2.0, value * 2.0);
    let step = nice_ceiling((high - low) / 10.0);
    if whole {
        let step = step.max(1.0).round();
        let low = (low / step).ceil() * step;
        format!("{low}..{}:{step}", high.round())
    } else {
        let low = (low / step).ceil() * step;
        format!("{}..{}:{step}", tidy(low), tidy(high))
    }
}

/// A float without the binary noise of `0.1 * 3`.
fn tidy(value: f64) -> f64 {
    (value * 1e9).round() / 1e9
}

/// A point of the chart: where it is drawn and which point it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Dot {
    pub x: f64,
    pub y: f64,
    /// Its index among the plan's points.
    pub point: usize,
    /// Whether it meets the goal (none without one).
    pub passes: Option<bool>,
}

/// A metric against the first setting: the seeds' spread as a band, their mean as a line, a
/// dot per point, the goal's bound as a line where the goal is on this metric.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// The band's SVG polygon: along the least values, back along the most.
    pub band: String,
    /// The means' SVG polyline.
    pub mean: String,
    pub dots: Vec<Dot>,
    pub goal_y: Option<f64>,
    /// The cheapest point that meets the goal.
    pub cheapest: Option<usize>,
    pub scale: Scale,
    /// The first setting's smallest and largest value (the x axis' ends).
    pub from: f64,
    pub to: f64,
}

/// The chart of `metric` over a one-setting sweep's results.
pub fn figure(plan: &Plan, results: &[PointResult], metric: &str) -> Figure {
    let x_of = |r: &PointResult| crate::decimal::parse(&r.point[0]).unwrap_or(0.0);
    let from = results.iter().map(x_of).fold(f64::INFINITY, f64::min);
    let to = results.iter().map(x_of).fold(f64::NEG_INFINITY, f64::max);
    let from = if from.is_finite() { from } else { 0.0 };
    let stats: Vec<(f64, (f64, f64, f64))> = results
        .iter()
        .map(|r| (x_of(r) - from, r.stats(metric)))
        .collect();
    let goal = plan.goal.as_ref().filter(|g| g.metric == metric);
    let tops = stats
        .iter()
        .map(|(_, (_, _, most))| *most)
        .chain(goal.map(|g| g.bound));
    let scale = Scale::new((to - from).max(0.0), tops.filter(|v| v.is_finite()));
    let at = |x: f64, v: f64| format!("{:.1},{:.1}", scale.x(x), scale.y(v));
    let lows = stats.iter().map(|(x, (_, least, _))| at(*x, *least));
    let highs = stats.iter().rev().map(|(x, (_, _, most))| at(*x, *most));
    let band = lows.chain(highs).collect::<Vec<_>>().join(" ");
    let mean = stats
        .iter()
        .map(|(x, (mean, _, _))| at(*x, *mean))
        .collect::<Vec<_>>()
        .join(" ");
    let dots = results
        .iter()
        .zip(&stats)
        .map(|(r, (x, (mean, _, _)))| Dot {
            x: scale.x(*x),
            y: scale.y(*mean),
            point: index_of(plan, r),
            passes: plan.goal.as_ref().map(|g| r.passes(g)),
        })
        .collect();
    Figure {
        band,
        mean,
        dots,
        goal_y: goal.map(|g| scale.y(g.bound)),
        cheapest: plan
            .goal
            .as_ref()
            .and_then(|g| cheapest(results, g))
            .map(|r| index_of(plan, r)),
        scale,
        from,
        to: to.max(from),
    }
}

/// A cell of a two-setting sweep's heat map.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub point: usize,
    pub mean: f64,
    /// 0 for the least mean of the map, 1 for the most.
    pub shade: f64,
    pub passes: Option<bool>,
}

/// The heat map of `metric` over a grid: a row per value of the first setting, a column per
/// value of the second; a cell is empty until its point has run.
pub fn heat_map(plan: &Plan, results: &[PointResult], metric: &str) -> Vec<Vec<Option<Cell>>> {
    let means: Vec<f64> = results.iter().map(|r| r.stats(metric).0).collect();
    let least = means.iter().copied().fold(f64::INFINITY, f64::min);
    let most = means.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let columns = plan.axes.get(1).map_or(1, |a| a.values.len());
    let mut rows = vec![vec![None; columns]; plan.axes[0].values.len()];
    for (result, mean) in results.iter().zip(means) {
        let point = index_of(plan, result);
        let shade = if most > least {
            (mean - least) / (most - least)
        } else {
            0.0
        };
        rows[point / columns][point % columns] = Some(Cell {
            point,
            mean,
            shade,
            passes: plan.goal.as_ref().map(|g| result.passes(g)),
        });
    }
    rows
}

/// Text made safe inside HTML (the settings' paths and values are the page's own, but a
/// report is markup built as text, so everything in it is escaped).
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// "pass", "fail", or nothing without a goal: the class of a point that meets it or not.
fn verdict_class(passes: Option<bool>) -> &'static str {
    match passes {
        Some(true) => "pass",
        Some(false) => "fail",
        None => "",
    }
}

/// A sweep's results as markup: the verdict on the goal, a chart per metric (one setting) or
/// a heat map (two), and the table. Written as text rather than as components: it is static
/// markup that changes as a whole, and as text it costs the page's download a fraction of
/// what the same elements cost as components. Every point and seed that can be opened carries
/// `data-open="POINT:SEED"`; the downloads carry `data-download`. The panel listens for clicks
/// on them.
pub fn report(plan: &Plan, results: &[PointResult], finished: bool) -> String {
    let mut out = String::new();
    if results.is_empty() {
        return out;
    }
    let setting = |point: &[String]| -> String {
        plan.axes
            .iter()
            .zip(point)
            .map(|(a, v)| format!("{}={v}", a.knob.field.path))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(goal) = &plan.goal {
        let verdict = match cheapest(results, goal) {
            Some(best) => format!(
                "Cheapest point that meets {}: {}",
                goal.describe(),
                setting(&best.point)
            ),
            None if finished => format!("No point meets {}.", goal.describe()),
            None => format!("No point meets {} yet.", goal.describe()),
        };
        let _ = write!(
            out,
            r#"<p id="sweep-cheapest"><strong>{}</strong></p>"#,
            escape(&verdict)
        );
    }
    if plan.axes.len() == 1 {
        out.push_str(r#"<div class="chart-grid">"#);
        for metric in &plan.metrics {
            chart(&mut out, plan, results, metric);
        }
        out.push_str("</div>");
    } else {
        heat(&mut out, plan, results, &plan.metrics[0]);
    }
    out.push_str(r#"<div class="table-scroll"><table id="sweep-table"><thead><tr>"#);
    let mut headers: Vec<String> = plan
        .axes
        .iter()
        .map(|a| a.knob.field.path.clone())
        .collect();
    headers.extend(plan.metrics.iter().map(|m| format!("{m} mean [min, max]")));
    headers.extend(plan.goal.as_ref().map(Goal::describe));
    headers.push("open a run".to_owned());
    for header in headers {
        let _ = write!(out, "<th>{}</th>", escape(&header));
    }
    out.push_str("</tr></thead><tbody>");
    for result in results {
        let point = index_of(plan, result);
        let passes = plan.goal.as_ref().map(|g| result.passes(g));
        let _ = write!(
            out,
            r#"<tr data-point="{point}" class="{}">"#,
            verdict_class(passes)
        );
        for value in &result.point {
            let _ = write!(out, "<td>{}</td>", escape(value));
        }
        for metric in &plan.metrics {
            let (mean, least, most) = result.stats(metric);
            let _ = write!(
                out,
                "<td>{} [{}, {}]</td>",
                short(mean),
                short(least),
                short(most)
            );
        }
        if passes.is_some() {
            let _ = write!(out, "<td>{}</td>", verdict_class(passes));
        }
        out.push_str("<td>");
        for seed in &plan.seeds {
            let _ = write!(
                out,
                r#"<button type="button" class="link" data-open="{point}:{seed}">seed {seed}</button> "#
            );
        }
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table></div>");
    if finished {
        out.push_str(concat!(
            r#"<p class="sweep-downloads"><button id="sweep-csv" type="button" data-download="csv">Download CSV (every run)</button> "#,
            r#"<button id="sweep-json" type="button" data-download="json">Download JSON</button></p>"#
        ));
    }
    let _ = write!(
        out,
        r#"<p class="hint">A point opens its run on seed {} in the workspace; the table opens any seed.</p>"#,
        plan.seeds[0]
    );
    out
}

/// A result's index among the plan's points.
fn index_of(plan: &Plan, result: &PointResult) -> usize {
    plan.points
        .iter()
        .position(|p| *p == result.point)
        .unwrap_or(0)
}

/// A metric against the first setting: the band, the mean line, the goal line, the dots.
fn chart(out: &mut String, plan: &Plan, results: &[PointResult], metric: &str) {
    let f = figure(plan, results, metric);
    let path = escape(&plan.axes[0].knob.field.path);
    let (right, base) = (WIDTH - 4.0, f.scale.y(0.0));
    let _ = write!(
        out,
        concat!(
            r#"<figure class="chart sweep-chart" id="sweep-chart-{metric}">"#,
            "<figcaption>{metric} by {path}: mean of the seeds, band from least to most</figcaption>",
            r#"<svg viewBox="0 0 {w} {h}" role="img" aria-label="{metric} against {path}, up to {max}">"#,
            r#"<line class="axis" x1="{left}" y1="{base}" x2="{right}" y2="{base}"/>"#,
            r#"<text class="tick" x="{tick}" y="{top}" text-anchor="end">{max}</text>"#,
            r#"<text class="tick" x="{tick}" y="{base}" text-anchor="end">0</text>"#,
            r#"<text class="tick" x="{left}" y="{bottom}">{from}</text>"#,
            r#"<text class="tick" x="{right}" y="{bottom}" text-anchor="end">{to}</text>"#,
            r#"<polygon class="band" points="{band}"/><polyline class="series c1" points="{mean}"/>"#,
        ),
        metric = escape(metric),
        path = path,
        w = WIDTH,
        h = HEIGHT,
        max = format_value(f.scale.max),
        left = LEFT,
        right = right,
        base = base,
        tick = LEFT - 4.0,
        top = TOP + 8.0,
        bottom = HEIGHT - 4.0,
        from = short(f.from),
        to = short(f.to),
        band = f.band,
        mean = f.mean,
    );
    if let Some(y) = f.goal_y {
        let _ = write!(
            out,
            r#"<line class="goal" x1="{LEFT}" y1="{y}" x2="{right}" y2="{y}"/>"#
        );
    }
    for dot in &f.dots {
        let cheapest = if f.cheapest == Some(dot.point) {
            " cheapest"
        } else {
            ""
        };
        let _ = write!(
            out,
            r#"<circle class="dot {}{cheapest}" data-point="{}" data-open="{}:{}" cx="{:.1}" cy="{:.1}" r="3.5"><title>{path}={}</title></circle>"#,
            verdict_class(dot.passes),
            dot.point,
            dot.point,
            plan.seeds[0],
            dot.x,
            dot.y,
            escape(&plan.points[dot.point][0]),
        );
    }
    out.push_str("</svg></figure>");
}

/// A grid's heat map of `metric`: a row per value of the first setting, a column per value of
/// the second; a cell opens its point. Its shade is one of ten classes (`shade-0` to `shade-9`),
/// not a style attribute: the page's Content-Security-Policy allows none.
fn heat(out: &mut String, plan: &Plan, results: &[PointResult], metric: &str) {
    let (first, second) = (&plan.axes[0], &plan.axes[1]);
    let _ = write!(
        out,
        r#"<div class="table-scroll"><table id="sweep-heat" class="heat"><caption>{} (mean of the seeds): {} down, {} across</caption><thead><tr><th></th>"#,
        escape(metric),
        escape(&first.knob.field.path),
        escape(&second.knob.field.path)
    );
    for value in &second.values {
        let _ = write!(out, "<th>{}</th>", escape(value));
    }
    out.push_str("</tr></thead><tbody>");
    for (cells, value) in heat_map(plan, results, metric).iter().zip(&first.values) {
        let _ = write!(out, "<tr><th>{}</th>", escape(value));
        for cell in cells {
            match cell {
                None => out.push_str("<td></td>"),
                Some(c) => {
                    let _ = write!(
                        out,
                        r#"<td class="{} shade-{}"><button type="button" data-point="{}" data-open="{}:{}">{}</button></td>"#,
                        verdict_class(c.passes),
                        (c.shade * 9.0).round(),
                        c.point,
                        c.point,
                        plan.seeds[0],
                        short(c.mean)
                    );
                }
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
}

/// Reads a `data-open` value: the point's index and the seed.
pub fn opened(value: &str) -> Option<(usize, u64)> {
    let (point, seed) = value.split_once(':')?;
    Some((point.parse().ok()?, seed.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Scenario;
    use crate::ui::fields::knobs;
    use crate::ui::presets::PRESETS;

    fn order_processing() -> Scenario {
        Scenario::from_json(PRESETS[0].json()).unwrap()
    }

    fn plan(sets: &[&str], goal: Option<&str>) -> Plan {
        let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
        Plan::new(&order_processing(), &sets, 2, 1, Vec::new(), goal).unwrap()
    }

    /// The page's side of a sweep of `plan` (the scenarios' texts are not read here).
    fn sweeping(plan: &Plan, now_ms: f64) -> Sweeping {
        let spec = SweepSpec {
            scenario: String::new(),
            sets: Vec::new(),
            seeds: plan.seeds.len() as u64,
            first_seed: plan.seeds[0],
            metrics: Vec::new(),
            goal: None,
        };
        let planned = PlannedSweep {
            scenarios: vec![String::new(); plan.points.len()],
            seeds: plan.seeds.clone(),
        };
        Sweeping::new(Rc::new(spec), Rc::new(planned), now_ms)
    }

    /// Fake runs: every metric of run `index` is `value(index)`.
    fn fill(sweeping: &mut Sweeping, value: impl Fn(usize) -> f64) {
        let width = crate::sim::checks::metric_names().count();
        for index in 0..sweeping.total() {
            let at = 1000.0 * (index + 1) as f64;
            sweeping.record(index, vec![value(index); width], at);
        }
    }

    #[test]
    fn a_sweep_counts_its_runs_and_estimates_the_time_left_from_their_pace() {
        let plan = plan(&["consumers[0].count=1..3:1"], None);
        let mut sweeping = sweeping(&plan, 0.0);
        assert_eq!((sweeping.total(), sweeping.done), (6, 0));
        assert_eq!(sweeping.run_at(3), (1, 2));
        assert_eq!(sweeping.seconds_left(500.0), None);
        assert_eq!(sweeping.status(500.0), "0 of 6 runs");
        sweeping.record(0, vec![1.0], 2000.0);
        sweeping.record(0, vec![1.0], 2000.0);
        assert_eq!(sweeping.done, 1, "a run recorded twice counts once");
        // One run in 2 s: five more take about 10 s.
        assert_eq!(sweeping.seconds_left(2000.0), Some(10.0));
        assert_eq!(sweeping.status(2000.0), "1 of 6 runs · about 10 s left");
        assert!(
            plan.results(&sweeping.slots).is_empty(),
            "point 1 still waits for seed 2"
        );
        sweeping.record(1, vec![1.0], 3000.0);
        assert_eq!(plan.results(&sweeping.slots).len(), 1);
        sweeping.cancelled = true;
        assert!(!sweeping.running());
        assert_eq!(sweeping.status(9000.0), "Cancelled after 2 of 6 runs");
    }

    #[test]
    fn a_finished_sweep_says_how_long_it_took() {
        let plan = plan(&["consumers[0].count=1,2"], None);
        let mut sweeping = sweeping(&plan, 500.0);
        fill(&mut sweeping, |i| i as f64);
        assert!(sweeping.finished() && !sweeping.running());
        assert_eq!(sweeping.status(99_999.0), "4 runs in 3.5 s");
    }

    #[test]
    fn suggested_ranges_run_from_half_to_twice_the_value() {
        let scenario = order_processing();
        let all = knobs(&scenario);
        let by_path = |path: &str| all.iter().find(|k| k.field.path == path).unwrap();
        let count = by_path("consumers[0].count");
        assert_eq!(count.current(), "2");
        assert_eq!(suggested_range(count), "1..4:1");
        let timeout = by_path("queues[0].attributes.VisibilityTimeout");
        assert_eq!(timeout.current(), "30");
        assert_eq!(suggested_range(timeout), "15..60:5");
        // Every suggestion is a range the setting takes.
        for knob in &all {
            let range = suggested_range(knob);
            let whole = matches!(knob.field.input, Input::Integer | Input::Attribute);
            assert!(
                crate::sweep::values(&range, whole).is_ok(),
                "{}: {range}",
                knob.field.path
            );
        }
    }

    #[test]
    fn the_figure_bands_the_seeds_spread_and_marks_the_cheapest_point() {
        let plan = plan(&["consumers[0].count=1..4:1"], Some("latency_p99_s<5"));
        let mut sweeping = sweeping(&plan, 0.0);
        // Point p on its two seeds: 10 - 2p and 12 - 2p (runs 2p and 2p+1).
        fill(&mut sweeping, |i| {
            (10 + 2 * (i % 2)) as f64 - 2.0 * (i / 2) as f64
        });
        let results = plan.results(&sweeping.slots);
        let figure = figure(&plan, &results, "latency_p99_s");
        assert_eq!((figure.from, figure.to), (1.0, 4.0));
        assert_eq!(figure.scale.max, 20.0, "the most value, 12, rounded up");
        assert_eq!(figure.dots.len(), 4);
        // The means fall 11, 9, 7, 5; the last point's seeds give 4 and 6, so none meets <5
        // on every seed.
        assert!(figure.dots.iter().all(|d| d.passes == Some(false)));
        assert_eq!(figure.cheapest, None);
        // Falling means are drawn lower: further down the SVG.
        assert!(figure.dots.windows(2).all(|w| w[0].y < w[1].y));
        assert_eq!(figure.goal_y, Some(figure.scale.y(5.0)));
        // The band: four lows then four highs, back from the last point.
        assert_eq!(figure.band.split(' ').count(), 8);
        assert_eq!(figure.mean.split(' ').count(), 4);
        let loose = Plan {
            goal: Some(crate::sweep::Goal::parse("latency_p99_s<9").unwrap()),
            ..plan.clone()
        };
        let figure = super::figure(&loose, &results, "latency_p99_s");
        assert_eq!(figure.cheapest, Some(2), "count 3: 6 and 8, both below 9");
        assert_eq!(
            figure.dots.iter().map(|d| d.passes).collect::<Vec<_>>(),
            [Some(false), Some(false), Some(true), Some(true)]
        );
        assert_eq!(super::figure(&loose, &results, "cost_usd").goal_y, None);
    }

    #[test]
    fn a_grid_maps_each_point_to_its_row_and_column_shaded_by_its_mean() {
        let plan = plan(
            &[
                "consumers[0].count=1,2",
                "producers[0].arrival.per_second=1..3:1",
            ],
            None,
        );
        let mut whole = sweeping(&plan, 0.0);
        fill(&mut whole, |i| (i / 2) as f64);
        let rows = heat_map(&plan, &plan.results(&whole.slots), "max_depth");
        assert_eq!((rows.len(), rows[0].len()), (2, 3));
        let cell = rows[1][2].as_ref().unwrap();
        assert_eq!((cell.point, cell.mean, cell.shade), (5, 5.0, 1.0));
        assert_eq!(rows[0][0].as_ref().unwrap().shade, 0.0);
        assert_eq!(rows[0][1].as_ref().unwrap().shade, 0.2);
        // A point whose seeds have not all run is an empty cell.
        let mut partial = sweeping(&plan, 0.0);
        partial.record(0, vec![1.0; 18], 1.0);
        partial.record(1, vec![1.0; 18], 1.0);
        let results = plan.results(&partial.slots);
        let rows = heat_map(&plan, &results, "max_depth");
        assert!(rows[0][0].is_some() && rows[0][1].is_none() && rows[1][2].is_none());
        let html = report(&plan, &results, false);
        assert!(html.contains(r#"<table id="sweep-heat""#), "{html}");
        assert!(html.contains(r#"data-open="0:1">1</button>"#), "{html}");
    }

    #[test]
    fn the_report_names_the_cheapest_point_and_opens_every_seed_and_downloads_when_done() {
        let plan = plan(&["consumers[0].count=1..3:1"], Some("max_depth<=3"));
        let mut runs = sweeping(&plan, 0.0);
        // Point p's runs show 5 - p: count 3 (p = 2) is the first at most 3.
        fill(&mut runs, |i| 5.0 - (i / 2) as f64);
        let results = plan.results(&runs.slots);
        let html = report(&plan, &results, true);
        assert!(
            html.contains("Cheapest point that meets max_depth&lt;=3: consumers[0].count=3"),
            "{html}"
        );
        assert!(html.contains(r#"<figure class="chart sweep-chart" id="sweep-chart-max_depth">"#));
        assert!(html.contains(r#"class="dot pass cheapest" data-point="2" data-open="2:1""#));
        assert!(
            html.contains(r#"<button type="button" class="link" data-open="1:2">seed 2</button>"#)
        );
        assert_eq!(html.matches("<tr data-point=").count(), 3);
        assert!(html.contains(r#"data-download="csv""#));
        let partial = report(&plan, &results[..1], false);
        assert!(partial.contains("No point meets max_depth&lt;=3 yet."));
        assert!(
            !partial.contains("data-download"),
            "downloads wait for every run"
        );
        assert_eq!(opened("2:7"), Some((2, 7)));
        assert_eq!(opened("x:7"), None);
        assert_eq!(
            escape(r#"<a href="x">&"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;"
        );
    }
}
