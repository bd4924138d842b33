//! The capacity planner's panel: the form (one setting's range, or a grid of two; seeds a
//! point; metrics; a goal), the progress of a sweep with Cancel, and its report.
//!
//! A plain function of the app's state (`app::planner` owns the sweep and its messages): a
//! component of its own would cost the page's download several KB for machinery it does not
//! need.

use web_sys::{Element, HtmlInputElement};
use yew::prelude::*;

use super::fields::Knob;
use super::frames::wall_ms;
use super::planner::{suggested_range, Sweeping};
use crate::sim::checks::metric_names;

/// What the form holds, as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Form {
    pub knob: usize,
    /// The range typed (none: the suggestion for the setting).
    pub range: Option<String>,
    /// The second setting, for a grid (its index + 1; 0 for none).
    pub knob2: usize,
    pub range2: Option<String>,
    pub seeds: String,
    pub goal: String,
    pub metrics: Vec<&'static str>,
}

impl Default for Form {
    fn default() -> Self {
        Form {
            knob: 0,
            range: None,
            knob2: 0,
            range2: None,
            seeds: "3".to_owned(),
            goal: String::new(),
            metrics: vec!["latency_p99_s"],
        }
    }
}

/// A field of the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormField {
    Knob,
    Range,
    Knob2,
    Range2,
    Seeds,
    Goal,
}

impl Form {
    /// The form with `field` set to what was typed (a new setting drops its typed range).
    pub fn with(&self, field: FormField, value: String) -> Form {
        let mut next = self.clone();
        match field {
            FormField::Knob => {
                next.knob = value.parse().unwrap_or(0);
                next.range = None;
            }
            FormField::Knob2 => {
                next.knob2 = value.parse().unwrap_or(0);
                next.range2 = None;
            }
            FormField::Range => next.range = Some(value),
            FormField::Range2 => next.range2 = Some(value),
            FormField::Seeds => next.seeds = value,
            FormField::Goal => next.goal = value,
        }
        next
    }

    /// The metric ticked or unticked.
    pub fn toggled(&self, metric: &'static str) -> Form {
        let mut next = self.clone();
        if next.metrics.contains(&metric) {
            next.metrics.retain(|m| *m != metric);
        } else {
            next.metrics.push(metric);
        }
        next
    }

    /// The settings as `PATH=RANGE`, against this scenario's settings.
    pub fn sets(&self, knobs: &[Knob]) -> Vec<String> {
        let Some(first) = knobs.get(self.knob).or(knobs.first()) else {
            return Vec::new();
        };
        let set = |knob: &Knob, typed: &Option<String>| {
            let range = typed.clone().unwrap_or_else(|| suggested_range(knob));
            format!("{}={range}", knob.field.path)
        };
        let mut sets = vec![set(first, &self.range)];
        if let Some(second) = self.knob2.checked_sub(1).and_then(|i| knobs.get(i)) {
            sets.push(set(second, &self.range2));
        }
        sets
    }
}

/// What the panel shows and whom it tells.
pub struct PlannerProps<'a> {
    pub knobs: &'a [Knob],
    pub form: &'a Form,
    pub sweeping: Option<&'a Sweeping>,
    pub error: Option<&'a str>,
    pub first_seed: u64,
    pub workers: usize,
    pub on_field: Callback<(FormField, String)>,
    pub on_metric: Callback<&'static str>,
    pub on_run: Callback<MouseEvent>,
    pub on_cancel: Callback<MouseEvent>,
    /// A click in the report on something marked `data-open` or `data-download`: the mark's
    /// name and value.
    pub on_report: Callback<(&'static str, String)>,
}

pub fn planner_panel(props: &PlannerProps) -> Html {
    let PlannerProps { knobs, form, .. } = props;
    if knobs.is_empty() {
        return html! { <p class="hint">{ "This design has no number to sweep yet: add a producer, a queue or a consumer fleet." }</p> };
    }
    let sets = form.sets(knobs);
    let range_of = |set: &str| set.split_once('=').map(|(_, r)| r.to_owned());
    let edit = |field: FormField| {
        props.on_field.reform(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            (field, input.value())
        })
    };
    let options = |selected: usize, offset: usize| -> Html {
        knobs
            .iter()
            .enumerate()
            .map(|(i, k)| html! { <option value={(i + offset).to_string()} selected={i + offset == selected}>{ format!("{} (now {})", k.label(), k.current()) }</option> })
            .collect()
    };
    let metric_boxes = metric_names().map(|name| {
        let toggle = props.on_metric.reform(move |_: Event| name);
        html! { <label><input type="checkbox" id={format!("sweep-metric-{name}")} checked={form.metrics.contains(&name)} onchange={toggle} />{ name }</label> }
    });
    let on_report_click = props.on_report.reform(|event: MouseEvent| {
        let target: Element = event.target_unchecked_into();
        ["data-open", "data-download"]
            .into_iter()
            .find_map(|name| {
                let marked = target.closest(&format!("[{name}]")).ok().flatten()?;
                Some((name, marked.get_attribute(name)?))
            })
            .unwrap_or(("", String::new()))
    });
    html! {
        <section class="panel planner" aria-label="Capacity planner">
            <h2>{ "Sweep a setting" }</h2>
            <p class="hint">{ format!("Each point runs the design to its end on each seed from {}, in {} Web Worker{} (one per core).", props.first_seed, props.workers, if props.workers == 1 { "" } else { "s" }) }</p>
            <div class="sweep-form">
                <label>{ "Setting " }<select id="sweep-knob" onchange={edit(FormField::Knob)}>{ options(form.knob, 0) }</select></label>
                <label>{ "values " }<input id="sweep-range" type="text" size="12" value={range_of(&sets[0])} title="START..END:STEP, or A,B,C" onchange={edit(FormField::Range)} /></label>
                <label>{ "grid with " }
                    <select id="sweep-knob-2" onchange={edit(FormField::Knob2)}>
                        <option value="0" selected={sets.len() == 1}>{ "(nothing)" }</option>
                        { options(form.knob2, 1) }
                    </select>
                </label>
                if let Some(set) = sets.get(1) {
                    <label>{ "values " }<input id="sweep-range-2" type="text" size="12" value={range_of(set)} onchange={edit(FormField::Range2)} /></label>
                }
                <label>{ "seeds a point " }<input id="sweep-seeds" type="number" min="1" max="100" value={form.seeds.clone()} onchange={edit(FormField::Seeds)} /></label>
                <label>{ "goal " }<input id="sweep-goal" type="text" size="18" placeholder="latency_p99_s<2" value={form.goal.clone()} onchange={edit(FormField::Goal)} /></label>
                <fieldset id="sweep-metrics"><legend>{ "Metrics" }</legend>{ for metric_boxes }</fieldset>
                <button id="sweep-run" type="button" class="primary" onclick={props.on_run.clone()}>{ if props.sweeping.is_some() { "Run again" } else { "Run sweep" } }</button>
            </div>
            if let Some(why) = props.error {
                <p id="sweep-error" class="error" role="alert">{ why }</p>
            }
            if let Some(sweeping) = props.sweeping {
                <div class="sweep-progress">
                    <progress id="sweep-progress" max={sweeping.total().to_string()} value={sweeping.done.to_string()}></progress>
                    <span id="sweep-status" role="status">{ sweeping.status(wall_ms()) }</span>
                    if sweeping.running() {
                        <button id="sweep-cancel" type="button" onclick={props.on_cancel.clone()}>{ "Cancel" }</button>
                    }
                </div>
                <div class="sweep-results" onclick={on_report_click}>
                    { Html::from_html_unchecked(AttrValue::from(sweeping.report.html.clone())) }
                </div>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Scenario;
    use crate::ui::fields::knobs;
    use crate::ui::presets::PRESETS;

    #[test]
    fn the_form_states_one_setting_or_a_grid_with_suggested_ranges_until_typed() {
        let scenario = Scenario::from_json(PRESETS[0].json()).unwrap();
        let knobs = knobs(&scenario);
        let count = knobs
            .iter()
            .position(|k| k.field.path == "consumers[0].count")
            .unwrap();
        let form = Form::default().with(FormField::Knob, count.to_string());
        assert_eq!(form.sets(&knobs), ["consumers[0].count=1..4:1"]);
        let typed = form.with(FormField::Range, "2..20:2".into());
        assert_eq!(typed.sets(&knobs), ["consumers[0].count=2..20:2"]);
        // A new setting drops the typed range.
        assert_eq!(typed.with(FormField::Knob, count.to_string()).range, None);
        let grid = typed.with(FormField::Knob2, (count + 1).to_string());
        assert_eq!(grid.sets(&knobs).len(), 2);
        assert!(grid.sets(&knobs)[1].starts_with(&knobs[count].field.path));
        assert_eq!(
            grid.with(FormField::Knob2, "0".into()).sets(&knobs).len(),
            1
        );
        let ticked = Form::default().toggled("cost_usd");
        assert_eq!(ticked.metrics, ["latency_p99_s", "cost_usd"]);
        assert_eq!(ticked.toggled("latency_p99_s").metrics, ["cost_usd"]);
    }
}
