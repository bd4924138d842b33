//! "Compare two variants": pick a knob and a second value, run both variants to the end on the
//! page's seed, and read their charts overlaid (A solid, B dashed) and their numbers side by
//! side.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::charts::{chart, ChartData, Line};
use super::compare::{self, VariantRun};
use super::fields;
use crate::sim::checks::metric_names;
use crate::sim::{Scenario, SimTime};
use crate::worker::client::Workers;
use crate::worker::jobs::{Job, Outcome};

#[derive(Properties, PartialEq)]
pub struct CompareProps {
    pub source: AttrValue,
    pub seed: u64,
    /// The page's worker, which runs the variants off the page's thread.
    pub workers: Workers,
}

/// Both variants run: in the worker, one after the other; where the worker cannot, on the
/// page, saying so in `fallback`.
fn run_both(
    workers: &Workers,
    variants: [(String, Scenario); 2],
    seed: u64,
    done: Callback<(Rc<[VariantRun; 2]>, Option<String>)>,
) {
    let got: Rc<RefCell<Vec<Option<VariantRun>>>> = Rc::new(RefCell::new(vec![None, None]));
    let fell_back = Rc::new(Cell::new(None::<String>));
    for (i, (label, scenario)) in variants.into_iter().enumerate() {
        let text = serde_json::to_string_pretty(&scenario).expect("a scenario serialises");
        let (got, fell_back, done) = (got.clone(), fell_back.clone(), done.clone());
        let job = Job::Run {
            label: label.clone(),
            scenario: text,
            seed,
        };
        workers.submit(job, move |answer| {
            let run = match answer {
                Ok(Outcome::Run { run: Ok(run) }) => run,
                Ok(_) => compare::run(label, scenario, seed),
                Err(why) => {
                    fell_back.set(Some(why));
                    compare::run(label, scenario, seed)
                }
            };
            let mut got = got.borrow_mut();
            got[i] = Some(run);
            if got.iter().all(Option::is_some) {
                let [a, b] = [got[0].take(), got[1].take()].map(|r| r.expect("both here"));
                done.emit((Rc::new([a, b]), fell_back.take()));
            }
        });
    }
}

/// The overlaid charts of two runs.
fn charts(runs: &[VariantRun; 2]) -> Html {
    let end_s = runs[0].end_s;
    let end = SimTime::from_seconds(end_s).unwrap_or(SimTime::ZERO);
    let no_seek = Callback::noop();
    html! {
        <div class="chart-grid">
            { for compare::CHARTS.iter().enumerate().take(runs[0].lines.len()).map(|(i, (id, title, unit))| {
                let lines = runs.iter().zip(["va", "vb"]).map(|(run, class)| Line {
                    name: run.label.clone(),
                    class,
                    points: run.lines.get(i).cloned().unwrap_or_default(),
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
    // Why the variants ran on the page rather than in the worker, if they did.
    let fallback = use_state(|| None::<String>);
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
        let (scenario, seed, workers) = (scenario.clone(), props.seed, props.workers.clone());
        let (result, running, fallback) = (result.clone(), running.clone(), fallback.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(knob) = &knob else {
                return;
            };
            match compare::variants(&scenario, knob, &text) {
                Err(why) => result.set(Some(Err(why))),
                Ok(variants) => {
                    running.set(true);
                    result.set(None);
                    let (result, running, fallback) =
                        (result.clone(), running.clone(), fallback.clone());
                    let done = Callback::from(
                        move |(runs, why): (Rc<[VariantRun; 2]>, Option<String>)| {
                            result.set(Some(Ok(runs)));
                            fallback.set(why);
                            running.set(false);
                        },
                    );
                    run_both(&workers, variants, seed, done);
                }
            }
        })
    };
    let output = match &*result {
        None if *running => html! {
            <p id="compare-running" class="hint" role="status">{ "Running both variants to the end, in the page's Web Worker…" }</p>
        },
        None => Html::default(),
        Some(Err(why)) => html! { <p id="compare-error" class="error" role="alert">{ why }</p> },
        Some(Ok(runs)) => {
            html! {
                <>
                    if let Some(why) = &*fallback {
                        <p id="compare-fallback" class="hint" role="status">{ format!("Both variants ran on the page: {why}.") }</p>
                    }
                    <div class="table-scroll"><table id="compare-table">
                        <thead><tr><th>{ "metric" }</th><th>{ &runs[0].label }</th><th>{ &runs[1].label }</th></tr></thead>
                        <tbody>
                            { for metric_names().map(|name| {
                                let [a, b] = [0, 1].map(|i| runs[i].metric(name));
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
