//! "Compare two variants": pick a knob and a second value, run both variants to the end on the
//! page's seed, and read their charts overlaid (A solid, B dashed) and their numbers side by
//! side.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::charts::{chart, ChartData, Line};
use super::compare::{self, VariantRun};
use super::fields;
use crate::sim::checks::metric_names;
use crate::sim::Scenario;

#[derive(Properties, PartialEq)]
pub struct CompareProps {
    pub source: AttrValue,
    pub seed: u64,
}

/// The overlaid charts of two runs: each reads one line from a run.
fn charts(runs: &[VariantRun; 2]) -> Html {
    let end = runs[0].end;
    let end_s = end.as_millis() as f64 / 1000.0;
    type Read = fn(&VariantRun) -> Vec<(f64, f64)>;
    let mut wanted: Vec<(&'static str, &'static str, &'static str, Read)> = vec![
        (
            "compare-queued",
            "Messages in the queues",
            "messages",
            |r| r.run.iter().map(|s| (s.time_s, s.queued as f64)).collect(),
        ),
        (
            "compare-in-flight",
            "ApproximateNumberOfMessagesNotVisible (first queue)",
            "messages",
            |r| {
                r.series
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
                    .unwrap_or_default()
            },
        ),
        (
            "compare-latency",
            "End-to-end latency p99",
            "seconds",
            |r| r.run.iter().map(|s| (s.time_s, s.latency_p99_s)).collect(),
        ),
        ("compare-cost", "Request cost so far (USD)", "USD", |r| {
            r.run.iter().map(|s| (s.time_s, s.cost_usd)).collect()
        }),
    ];
    if !runs[0].dead_letter_queues.is_empty() {
        wanted.push(("compare-dlq", "Dead-letter queue depth", "messages", |r| {
            let dlqs: Vec<_> = r
                .series
                .iter()
                .filter(|q| r.dead_letter_queues.contains(&q.queue))
                .collect();
            let samples = dlqs.first().map_or(0, |q| q.samples.len());
            (0..samples)
                .map(|i| {
                    let depth: u64 = dlqs
                        .iter()
                        .filter_map(|q| q.samples.get(i))
                        .map(|s| s.approximate_number_of_messages_visible)
                        .sum();
                    (dlqs[0].samples[i].time_s, depth as f64)
                })
                .collect()
        }));
    }
    let no_seek = Callback::noop();
    html! {
        <div class="chart-grid">
            { for wanted.into_iter().map(|(id, title, unit, read)| {
                let lines = runs.iter().zip(["va", "vb"]).map(|(run, class)| Line {
                    name: run.label.clone(),
                    class,
                    points: read(run),
                }).collect();
                chart(&ChartData::new(id, title, unit, lines, end_s), end, end, &no_seek)
            }) }
        </div>
    }
}

#[function_component(CompareView)]
pub fn compare_view(props: &CompareProps) -> Html {
    let knob = use_state(|| 0usize);
    // What was typed for B (the setting's current value until something is).
    let typed = use_state(|| None::<String>);
    let result = use_state(|| None::<Result<Rc<[VariantRun; 2]>, String>>);
    let running = use_state(|| false);
    {
        // Another scenario or seed: the comparison shown no longer describes it.
        let (typed, result) = (typed.clone(), result.clone());
        use_effect_with((props.source.clone(), props.seed), move |_| {
            typed.set(None);
            result.set(None);
        });
    }
    let Ok(scenario) = Scenario::from_json(&props.source) else {
        return Html::default();
    };
    // Every number this scenario has, with its current value.
    let knobs = fields::knobs(&scenario);
    let current = knobs.get(*knob).or(knobs.first()).cloned();
    let b_value = (*typed)
        .clone()
        .or_else(|| current.as_ref().map(|k| k.current().to_owned()))
        .unwrap_or_default();
    let on_knob = {
        let (knob, typed) = (knob.clone(), typed.clone());
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            knob.set(select.value().parse().unwrap_or(0));
            typed.set(None);
        })
    };
    let on_input = {
        let typed = typed.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            typed.set(Some(input.value()));
        })
    };
    let on_run = {
        let (knob, text) = (current.clone(), b_value.clone());
        let (scenario, seed) = (scenario.clone(), props.seed);
        let (result, running) = (result.clone(), running.clone());
        Callback::from(move |_: MouseEvent| {
            running.set(true);
            result.set(None);
            let (scenario, knob, text) = (scenario.clone(), knob.clone(), text.clone());
            let (result, running) = (result.clone(), running.clone());
            // After a timer, so that the page shows "running" first: two long scenarios take
            // a moment (about 0.8 s for the hour of benchmark-r1).
            wasm_bindgen_futures::spawn_local(async move {
                gloo_timers::future::TimeoutFuture::new(0).await;
                let Some(knob) = knob else {
                    running.set(false);
                    return;
                };
                let runs = compare::variants(&scenario, &knob, &text).map(|[(la, a), (lb, b)]| {
                    Rc::new([compare::run(la, a, seed), compare::run(lb, b, seed)])
                });
                result.set(Some(runs));
                running.set(false);
            });
        })
    };
    let output = match &*result {
        None if *running => html! {
            <p id="compare-running" class="hint" role="status">{ "Running both variants to the end…" }</p>
        },
        None => Html::default(),
        Some(Err(why)) => html! { <p id="compare-error" class="error" role="alert">{ why }</p> },
        Some(Ok(runs)) => {
            html! {
                <>
                    <div class="table-scroll"><table id="compare-table">
                        <thead><tr><th>{ "metric" }</th><th>{ &runs[0].label }</th><th>{ &runs[1].label }</th></tr></thead>
                        <tbody>
                            { for metric_names().map(|name| {
                                let [a, b] = [0, 1].map(|i| runs[i].summary.metric(name).unwrap_or(f64::NAN));
                                html! {
                                    <tr data-metric={name} class={classes!((a != b).then_some("differs"))}>
                                        <td>{ name }</td><td>{ format_number(a) }</td><td>{ format_number(b) }</td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table></div>
                    { charts(runs) }
                </>
            }
        }
    };
    html! {
        <section class="panel compare" aria-label="Compare two variants">
            <h2>{ "Compare two variants" }</h2>
            <p class="hint">{ format!("Both run to the end on seed {}: the same arrivals and the same dice, so what differs comes from the setting.", props.seed) }</p>
            if let Some(at) = current {
                <p class="compare-form">
                    <label>{ "Setting " }
                        <select id="compare-knob" onchange={on_knob}>
                            { for knobs.iter().enumerate().map(|(i, k)| html! { <option value={i.to_string()} selected={*k == at}>{ format!("{} (now {})", k.label(), k.current()) }</option> }) }
                        </select>
                    </label>
                    <label>{ " B's value " }<input id="compare-value" type="text" inputmode="decimal" size="8" value={b_value} oninput={on_input} /></label>
                    <button id="compare-run" type="button" class="primary" disabled={*running} onclick={on_run}>{ "Run both" }</button>
                </p>
            }
            { output }
        </section>
    }
}

/// A number as the table shows it: whole numbers plainly, others to four significant places.
fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        format!("{value:.4}")
    }
}
