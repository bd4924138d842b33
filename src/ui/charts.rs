//! Charts of the CloudWatch metrics over the run, with a cursor at the current time; a click
//! on a chart seeks there.
//!
//! Drawn as SVG by this module rather than with a charting crate: the charts are a few
//! polylines with two axis labels each, SVG keeps them in the DOM (labelled, testable, crisp at
//! any size) and the wasm download stays small. The geometry (`Scale`, `polyline`) is plain
//! Rust, tested natively.

use std::rc::Rc;

use yew::prelude::*;

use crate::sim::metrics::{
    FleetSample, FleetSeries, LambdaMetrics, LambdaSample, QueueSample, QueueSeries, RunSample,
};

/// What the consumers' charts draw: the autoscaled fleets' sizes and the Lambda functions'
/// concurrency.
#[derive(Clone, Debug, Default)]
pub struct ConsumerSeries {
    pub fleets: Vec<FleetSeries>,
    pub functions: Vec<LambdaMetrics>,
}
use crate::sim::SimTime;

/// A chart's drawing box (SVG units) and its margins; the planner's charts share them.
pub const WIDTH: f64 = 320.0;
pub const HEIGHT: f64 = 110.0;
pub const LEFT: f64 = 42.0;
const BOTTOM: f64 = 18.0;
pub const TOP: f64 = 8.0;

/// Maps (seconds, value) to chart coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub end_s: f64,
    pub max: f64,
}

impl Scale {
    /// A scale from 0 to `end_s` seconds and 0 to a rounded-up maximum of `values`.
    pub fn new(end_s: f64, values: impl Iterator<Item = f64>) -> Scale {
        let top = values.fold(0.0_f64, f64::max);
        Scale {
            end_s: end_s.max(1.0),
            max: nice_ceiling(top),
        }
    }

    pub fn x(&self, seconds: f64) -> f64 {
        LEFT + (seconds / self.end_s).clamp(0.0, 1.0) * (WIDTH - LEFT - 4.0)
    }

    pub fn y(&self, value: f64) -> f64 {
        HEIGHT - BOTTOM - (value / self.max).clamp(0.0, 1.0) * (HEIGHT - BOTTOM - TOP)
    }

    /// The seconds at chart x coordinate `x` (for a click).
    pub fn seconds_at(&self, x: f64) -> f64 {
        ((x - LEFT) / (WIDTH - LEFT - 4.0)).clamp(0.0, 1.0) * self.end_s
    }
}

/// 1, 2 or 5 times a power of ten, at least `value` (1 for nothing to show).
pub fn nice_ceiling(value: f64) -> f64 {
    if !(value.is_finite() && value > 0.0) {
        return 1.0;
    }
    let power = 10f64.powf(value.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|v| *v >= value)
        .unwrap_or(10.0 * power)
}

/// The SVG `points` of a line through `(seconds, value)` pairs.
pub fn polyline(scale: &Scale, points: impl Iterator<Item = (f64, f64)>) -> String {
    points
        .map(|(t, v)| format!("{:.1},{:.1}", scale.x(t), scale.y(v)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One line of a chart: its legend, its colour class (`c1`…`c4`, `va`, `vb`) and values.
pub struct Line {
    pub name: String,
    pub class: &'static str,
    pub points: Vec<(f64, f64)>,
}

/// A chart ready to draw: its scale and its lines' SVG points, computed once per new sample
/// (a frame only moves the cursor).
pub struct ChartData {
    id: &'static str,
    title: &'static str,
    unit: &'static str,
    scale: Scale,
    lines: Vec<(String, &'static str, AttrValue)>,
}

impl ChartData {
    pub fn new(
        id: &'static str,
        title: &'static str,
        unit: &'static str,
        lines: Vec<Line>,
        end_s: f64,
    ) -> ChartData {
        let scale = Scale::new(
            end_s,
            lines.iter().flat_map(|l| l.points.iter().map(|(_, v)| *v)),
        );
        let lines = lines
            .into_iter()
            .map(|l| {
                let points = AttrValue::from(polyline(&scale, l.points.into_iter()));
                (l.name, l.class, points)
            })
            .collect();
        ChartData {
            id,
            title,
            unit,
            scale,
            lines,
        }
    }
}

/// A chart: a title naming the metric(s), lines, the scale's two labels and the cursor at
/// `now`; a click asks `on_seek` for the moment under it.
pub fn chart(data: &ChartData, now: SimTime, end: SimTime, on_seek: &Callback<SimTime>) -> Html {
    let scale = data.scale;
    let now_x = scale.x(now.as_millis() as f64 / 1000.0);
    let onclick = {
        let on_seek = on_seek.clone();
        Callback::from(move |event: MouseEvent| {
            let target: web_sys::Element = event.target_unchecked_into();
            // The chart's own coordinates: the SVG scales with the page.
            let svg = target.closest("svg").ok().flatten().unwrap_or(target);
            let rect = svg.get_bounding_client_rect();
            if rect.width() > 0.0 {
                let x = (f64::from(event.client_x()) - rect.left()) * WIDTH / rect.width();
                let seconds = scale.seconds_at(x);
                on_seek.emit(SimTime::ZERO + std::time::Duration::from_secs_f64(seconds));
            }
        })
    };
    let label = format!("{}, up to {} {}", data.title, scale.max, data.unit);
    html! {
        <figure class="chart" id={data.id}>
            <figcaption>{ data.title }</figcaption>
            <svg viewBox={format!("0 0 {WIDTH} {HEIGHT}")} role="img" aria-label={label} {onclick}>
                <line class="axis" x1={LEFT.to_string()} y1={scale.y(0.0).to_string()} x2={(WIDTH - 4.0).to_string()} y2={scale.y(0.0).to_string()} />
                <text class="tick" x={(LEFT - 4.0).to_string()} y={(TOP + 8.0).to_string()} text-anchor="end">{ format_value(scale.max) }</text>
                <text class="tick" x={(LEFT - 4.0).to_string()} y={scale.y(0.0).to_string()} text-anchor="end">{ "0" }</text>
                <text class="tick" x={LEFT.to_string()} y={(HEIGHT - 4.0).to_string()}>{ "0" }</text>
                <text class="tick" x={(WIDTH - 4.0).to_string()} y={(HEIGHT - 4.0).to_string()} text-anchor="end">{ end.to_string() }</text>
                { for data.lines.iter().map(|(name, class, points)| html! {
                    <polyline class={classes!("series", *class)} data-series={name.clone()} points={points.clone()} />
                }) }
                <line class="cursor" x1={now_x.to_string()} y1={TOP.to_string()} x2={now_x.to_string()} y2={scale.y(0.0).to_string()} />
            </svg>
            <ul class="legend">
                { for data.lines.iter().map(|(name, class, _)| html! { <li class={*class}>{ name }</li> }) }
            </ul>
        </figure>
    }
}

/// A scale's top as its tick shows it.
pub fn format_value(value: f64) -> String {
    // Rounded to the scale's own precision (0.005, not 0.005000000000000001).
    let decimals = if value >= 1.0 {
        0
    } else {
        (-value.log10()).ceil() as usize
    };
    format!("{value:.decimals$}")
}

/// Which series charts were built from: their allocations' addresses, and the run's end.
type SeriesKey = (usize, usize, usize, usize, SimTime);

/// The charts' data, built once per new metrics period (frames in between only move the
/// cursors): kept by the app, rebuilt when the series it was built from change.
#[derive(Default)]
pub struct ChartCache {
    /// The series' identities and the end it was built for, and what was built.
    built: std::cell::RefCell<Option<(SeriesKey, Rc<Vec<ChartData>>)>>,
}

impl ChartCache {
    /// The charts of these series, from the cache when they are the ones it was built from.
    pub fn get(
        &self,
        series: &Rc<Vec<QueueSeries>>,
        dead_letter_queues: &Rc<Vec<String>>,
        run: &Rc<Vec<RunSample>>,
        consumers: &Rc<ConsumerSeries>,
        end: SimTime,
    ) -> Rc<Vec<ChartData>> {
        let key = (
            Rc::as_ptr(series) as usize,
            Rc::as_ptr(dead_letter_queues) as usize,
            Rc::as_ptr(run) as usize,
            Rc::as_ptr(consumers) as usize,
            end,
        );
        let mut built = self.built.borrow_mut();
        match &*built {
            Some((at, data)) if *at == key => data.clone(),
            _ => {
                let end_s = end.as_millis() as f64 / 1000.0;
                let data = Rc::new(build(series, dead_letter_queues, run, consumers, end_s));
                *built = Some((key, data.clone()));
                data
            }
        }
    }
}

/// The colour classes lines take in turn (the palette in style.css).
const CLASSES: [&str; 4] = ["c1", "c2", "c3", "c4"];

fn queue_line(series: &QueueSeries, i: usize, value: impl Fn(&QueueSample) -> f64) -> Line {
    Line {
        name: series.queue.clone(),
        class: CLASSES[i % CLASSES.len()],
        points: series
            .samples
            .iter()
            .map(|s| (s.time_s, value(s)))
            .collect(),
    }
}

fn build(
    series: &[QueueSeries],
    dead_letter_queues: &[String],
    run: &[RunSample],
    consumers: &ConsumerSeries,
    end_s: f64,
) -> Vec<ChartData> {
    let fleets = &consumers.fleets;
    let per_queue = |value: fn(&QueueSample) -> f64| -> Vec<Line> {
        series
            .iter()
            .enumerate()
            .map(|(i, s)| queue_line(s, i, value))
            .collect()
    };
    let run_line = |name: &str, class, value: fn(&RunSample) -> f64| Line {
        name: name.to_owned(),
        class,
        points: run.iter().map(|s| (s.time_s, value(s))).collect(),
    };
    let chart = |id, title, unit, lines| ChartData::new(id, title, unit, lines, end_s);
    let mut charts = vec![
        chart(
            "chart-visible",
            "ApproximateNumberOfMessagesVisible",
            "messages",
            per_queue(|s| s.approximate_number_of_messages_visible as f64),
        ),
        chart(
            "chart-not-visible",
            "ApproximateNumberOfMessagesNotVisible",
            "messages",
            per_queue(|s| s.approximate_number_of_messages_not_visible as f64),
        ),
        chart(
            "chart-delayed",
            "ApproximateNumberOfMessagesDelayed",
            "messages",
            per_queue(|s| s.approximate_number_of_messages_delayed as f64),
        ),
        chart(
            "chart-age",
            "ApproximateAgeOfOldestMessage",
            "seconds",
            per_queue(|s| s.approximate_age_of_oldest_message),
        ),
        chart(
            "chart-sent",
            "NumberOfMessagesSent",
            "per period",
            per_queue(|s| s.number_of_messages_sent as f64),
        ),
        chart(
            "chart-received",
            "NumberOfMessagesReceived",
            "per period",
            per_queue(|s| s.number_of_messages_received as f64),
        ),
        chart(
            "chart-deleted",
            "NumberOfMessagesDeleted",
            "per period",
            per_queue(|s| s.number_of_messages_deleted as f64),
        ),
        chart(
            "chart-empty",
            "NumberOfEmptyReceives",
            "per period",
            per_queue(|s| s.number_of_empty_receives as f64),
        ),
        chart(
            "chart-latency",
            "End-to-end latency (send to delete)",
            "seconds",
            vec![
                run_line("p50", "c1", |s| s.latency_p50_s),
                run_line("p99", "c2", |s| s.latency_p99_s),
            ],
        ),
        chart(
            "chart-cost",
            "Cost so far (USD, SQS and Lambda)",
            "USD",
            vec![run_line("cost", "c3", |s| s.cost_usd)],
        ),
    ];
    // The hospital's census: messages given up on, and a redrive emptying it.
    let dead_letters: Vec<Line> = series
        .iter()
        .enumerate()
        .filter(|(_, s)| dead_letter_queues.contains(&s.queue))
        .map(|(i, s)| queue_line(s, i, |x| x.approximate_number_of_messages_visible as f64))
        .collect();
    if !dead_letters.is_empty() {
        charts.push(chart(
            "chart-dlq",
            "Dead-letter queue depth (ApproximateNumberOfMessagesVisible)",
            "messages",
            dead_letters,
        ));
    }
    // Autoscaled fleets: the instances the policy wants, and those in service (the gap is
    // the warm-up).
    if !fleets.is_empty() {
        let lines = fleets.iter().enumerate().flat_map(|(i, fleet)| {
            let line = |what: &str, class, value: fn(&FleetSample) -> u32| Line {
                name: format!("{} {what}", fleet.consumer),
                class,
                points: fleet
                    .samples
                    .iter()
                    .map(|s| (s.time_s, f64::from(value(s))))
                    .collect(),
            };
            let classes = if i % 2 == 0 {
                ["c3", "c2"]
            } else {
                ["c4", "c1"]
            };
            [
                line("desired", classes[0], |s| s.desired),
                line("in service", classes[1], |s| s.in_service),
            ]
        });
        charts.push(chart(
            "chart-fleet",
            "Autoscaling: desired vs in-service instances",
            "instances",
            lines.collect(),
        ));
    }
    // Lambda functions: the mapping's pollers, the invocations running at once (the most in
    // each period) and the period's throttles.
    if !consumers.functions.is_empty() {
        let lines = consumers.functions.iter().flat_map(|f| {
            let line = |what: &str, class, value: &dyn Fn(usize, &LambdaSample) -> f64| Line {
                name: format!("{} {what}", f.function),
                class,
                points: (f.samples.iter().enumerate())
                    .map(|(k, s)| (s.time_s, value(k, s)))
                    .collect(),
            };
            let throttles = |k: usize, s: &LambdaSample| {
                let before = k.checked_sub(1).map_or(0, |k| f.samples[k].throttles);
                (s.throttles - before) as f64
            };
            [
                line("pollers", "c3", &|_, s| f64::from(s.pollers)),
                line("ConcurrentExecutions", "c2", &|_, s| {
                    f64::from(s.concurrent_executions)
                }),
                line("Throttles", "c4", &throttles),
            ]
        });
        charts.push(chart(
            "chart-lambda",
            "Lambda: pollers, ConcurrentExecutions (max) and Throttles per period",
            "count",
            lines.collect(),
        ));
    }
    // The old way vs the SQS way: what the outage costs each design.
    if run.iter().any(|s| s.direct_orders > 0) {
        charts.push(chart(
            "chart-old-vs-sqs",
            "Old way: orders lost; SQS way: orders waiting",
            "orders",
            vec![
                run_line("lost by direct calls", "c4", |s| {
                    s.direct_orders_lost as f64
                }),
                run_line("waiting in the queues", "c1", |s| s.queued as f64),
            ],
        ));
    }
    charts
}

/// The charts with their cursors at `now`; the embed player's (`compact`) is the first one
/// alone, without a heading.
pub fn charts(
    data: &[ChartData],
    now: SimTime,
    end: SimTime,
    on_seek: &Callback<SimTime>,
    compact: bool,
) -> Html {
    if compact {
        return html! {
            <section class="panel charts compact" aria-label="Chart">
                { for data.iter().take(1).map(|c| chart(c, now, end, on_seek)) }
            </section>
        };
    }
    html! {
        <section class="panel charts" aria-label="Charts">
            <h2>{ "Charts" }</h2>
            <p class="hint">{ "Per metrics period, as CloudWatch reports them. Click a chart to go to that moment." }</p>
            <div class="chart-grid">
                { for data.iter().map(|c| chart(c, now, end, on_seek)) }
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_round_up_to_one_two_or_five() {
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(1.0), 1.0);
        assert_eq!(nice_ceiling(1.2), 2.0);
        assert_eq!(nice_ceiling(37.0), 50.0);
        assert_eq!(nice_ceiling(500.0), 500.0);
        assert_eq!(nice_ceiling(501.0), 1000.0);
        assert_eq!(nice_ceiling(f64::NAN), 1.0);
        // Small amounts (a cost in dollars) get a scale of their own.
        assert!((nice_ceiling(0.0031) - 0.005).abs() < 1e-12);
    }

    #[test]
    fn points_map_into_the_plot_area_and_back() {
        let scale = Scale::new(100.0, [3.0, 7.0].into_iter());
        assert_eq!(scale.max, 10.0);
        assert_eq!(scale.x(0.0), LEFT);
        assert_eq!(scale.x(100.0), WIDTH - 4.0);
        assert_eq!(scale.y(0.0), HEIGHT - BOTTOM);
        assert_eq!(scale.y(10.0), TOP);
        assert!((scale.seconds_at(scale.x(37.5)) - 37.5).abs() < 1e-9);
        // Out of range values stay on the chart.
        assert_eq!(scale.y(1e9), TOP);
        assert_eq!(
            polyline(&scale, [(0.0, 0.0)].into_iter()),
            format!("{LEFT:.1},{:.1}", HEIGHT - BOTTOM)
        );
    }
}
