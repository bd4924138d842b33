//! "Compare two variants": pick a knob and a second value, run both variants to the end on the
//! page's seed, and read their charts overlaid (A solid, B dashed) and their numbers side by
//! side. A plain function of the app's state (`app::comparing` owns the runs).

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::charts::{chart, ChartData, Line};
use super::compare::{self, VariantRun};
use super::fields::Knob;
use crate::sim::checks::metric_names;
use crate::sim::SimTime;

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

/// What the panel shows and whom it tells.
pub struct CompareProps<'a> {
    pub seed: u64,
    /// Every number of the design, and the one chosen.
    pub knobs: &'a [Knob],
    pub knob: usize,
    /// B's value as typed (the setting's current value until something is).
    pub value: String,
    pub running: bool,
    /// Both runs, or why B cannot be.
    pub result: Option<&'a Result<Rc<[VariantRun; 2]>, String>>,
    /// Why the variants ran on the page rather than in the worker, if they did.
    pub fallback: Option<&'a str>,
    pub on_knob: Callback<usize>,
    pub on_value: Callback<String>,
    pub on_run: Callback<MouseEvent>,
}

pub fn compare_panel(props: &CompareProps) -> Html {
    let current = props.knobs.get(props.knob).or(props.knobs.first());
    let on_knob = props.on_knob.reform(|event: Event| {
        let select: HtmlSelectElement = event.target_unchecked_into();
        select.value().parse().unwrap_or(0)
    });
    let on_input = props.on_value.reform(|event: InputEvent| {
        let input: HtmlInputElement = event.target_unchecked_into();
        input.value()
    });
    let output = match props.result {
        None if props.running => html! {
            <p id="compare-running" class="hint" role="status">{ "Running both variants to the end, in the page's Web Worker…" }</p>
        },
        None => Html::default(),
        Some(Err(why)) => html! { <p id="compare-error" class="error" role="alert">{ why }</p> },
        Some(Ok(runs)) => {
            html! {
                <>
                    if let Some(why) = props.fallback {
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
                            { for props.knobs.iter().enumerate().map(|(i, k)| html! { <option value={i.to_string()} selected={k == at}>{ format!("{} (now {})", k.label(), k.current()) }</option> }) }
                        </select>
                    </label>
                    <label>{ " B's value " }<input id="compare-value" type="text" inputmode="decimal" size="8" value={props.value.clone()} oninput={on_input} /></label>
                    <button id="compare-run" type="button" class="primary" disabled={props.running} onclick={props.on_run.clone()}>{ "Run both" }</button>
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
