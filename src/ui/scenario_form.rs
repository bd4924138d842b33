//! The common knobs of a scenario as a form: arrival rate, consumers, processing time, failure
//! rate, visibility timeout, maxReceiveCount, duration. Each change rewrites the scenario's JSON
//! and goes through the same validation as the JSON editor, so a bad value is refused with its
//! path and the running scenario is kept.

use serde_json::Value;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// One knob: its label, where it lives in the scenario JSON, and how to read and write it.
#[derive(Clone, Copy)]
pub struct Knob {
    pub id: &'static str,
    pub label: &'static str,
    /// A JSON pointer (RFC 6901) into the scenario.
    pub pointer: &'static str,
    /// Queue attributes are strings in the scenario (as CreateQueue takes them).
    pub as_string: bool,
}

pub const KNOBS: [Knob; 8] = [
    Knob {
        id: "knob-rate",
        label: "Orders per second (first producer)",
        pointer: "/producers/0/arrival/per_second",
        as_string: false,
    },
    Knob {
        id: "knob-consumers",
        label: "Consumers (first fleet)",
        pointer: "/consumers/0/count",
        as_string: false,
    },
    Knob {
        id: "knob-mean",
        label: "Mean processing time, s",
        pointer: "/consumers/0/processing/mean_seconds",
        as_string: false,
    },
    Knob {
        id: "knob-fixed",
        label: "Processing time, s",
        pointer: "/consumers/0/processing/seconds",
        as_string: false,
    },
    Knob {
        id: "knob-failure",
        label: "Failure probability",
        pointer: "/consumers/0/failure_probability",
        as_string: false,
    },
    Knob {
        id: "knob-visibility",
        label: "VisibilityTimeout, s (first queue)",
        pointer: "/queues/0/attributes/VisibilityTimeout",
        as_string: true,
    },
    Knob {
        id: "knob-max-receives",
        label: "maxReceiveCount (first queue)",
        pointer: "/queues/0/redrive/max_receive_count",
        as_string: false,
    },
    Knob {
        id: "knob-duration",
        label: "Duration, s",
        pointer: "/duration_seconds",
        as_string: false,
    },
];

/// The knob's current value in `scenario`, as text; `None` if the scenario has no such thing
/// (no redrive policy, a processing time that is not of this kind, ...). A consumer without
/// `failure_probability` has 0; a queue without `VisibilityTimeout` has SQS's default, 30.
pub fn read(scenario: &Value, knob: &Knob) -> Option<String> {
    match scenario.pointer(knob.pointer) {
        Some(Value::String(text)) => Some(text.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(_) => None,
        None => match knob.id {
            "knob-failure" => scenario.pointer("/consumers/0").map(|_| "0".to_owned()),
            "knob-visibility" => scenario.pointer("/queues/0").map(|_| "30".to_owned()),
            _ => None,
        },
    }
}

/// `scenario` with the knob set to `text`, or why not (a value that is not a number). Range
/// checks are left to the scenario's validation, which names the path.
pub fn write(scenario: &Value, knob: &Knob, text: &str) -> Result<Value, String> {
    let number: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("{}: must be a number", knob.label))?;
    let value = if knob.as_string {
        Value::String(text.trim().to_owned())
    } else if number.fract() == 0.0
        && number.abs() < 1e15
        && !knob.pointer.ends_with("seconds")
        && !knob.pointer.ends_with("probability")
    {
        Value::from(number as i64)
    } else {
        Value::from(number)
    };
    let mut scenario = scenario.clone();
    let (parent, key) = knob
        .pointer
        .rsplit_once('/')
        .expect("pointers have a parent");
    let parent = if parent.is_empty() {
        Some(&mut scenario)
    } else {
        scenario.pointer_mut(parent)
    };
    match parent {
        Some(Value::Object(map)) => {
            map.insert(key.to_owned(), value);
            Ok(scenario)
        }
        // A queue with no attributes yet.
        None if knob.as_string => {
            let (grand, _) = parent_path(knob.pointer);
            match scenario.pointer_mut(grand) {
                Some(Value::Object(map)) => {
                    map.insert("attributes".to_owned(), serde_json::json!({ key: value }));
                    Ok(scenario)
                }
                _ => Err(format!("{}: not in this scenario", knob.label)),
            }
        }
        _ => Err(format!("{}: not in this scenario", knob.label)),
    }
}

/// "/queues/0/attributes/VisibilityTimeout" -> ("/queues/0", "attributes").
fn parent_path(pointer: &str) -> (&str, &str) {
    let (parent, _) = pointer.rsplit_once('/').expect("a parent");
    parent.rsplit_once('/').expect("a grandparent")
}

#[derive(Properties, PartialEq)]
pub struct FormProps {
    pub source: AttrValue,
    pub on_apply: Callback<String>,
    /// A value that is not a number (range errors come back through validation).
    pub on_error: Callback<String>,
}

#[function_component(ScenarioForm)]
pub fn scenario_form(props: &FormProps) -> Html {
    let Ok(scenario) = serde_json::from_str::<Value>(&props.source) else {
        return Html::default();
    };
    let fields = KNOBS.iter().filter_map(|knob| {
        let value = read(&scenario, knob)?;
        let onchange = {
            let (scenario, knob) = (scenario.clone(), *knob);
            let (apply, error) = (props.on_apply.clone(), props.on_error.clone());
            Callback::from(move |event: Event| {
                let input: HtmlInputElement = event.target_unchecked_into();
                match write(&scenario, &knob, &input.value()) {
                    Ok(changed) => {
                        apply.emit(serde_json::to_string_pretty(&changed).unwrap_or_default())
                    }
                    Err(why) => error.emit(why),
                }
            })
        };
        Some(html! {
            <label class="attribute">
                <span>{ knob.label }</span>
                <input id={knob.id} type="text" inputmode="decimal" value={value} {onchange} />
            </label>
        })
    });
    html! {
        <section class="panel form" aria-label="Scenario settings">
            <h2>{ "Settings" }</h2>
            <p class="hint">{ "Change a value and leave the field: the scenario restarts from 0 with it." }</p>
            <form onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>{ for fields }</form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Scenario;

    fn preset() -> Value {
        serde_json::from_str(crate::ui::presets::PRESETS[0].json).unwrap()
    }

    fn knob(id: &str) -> Knob {
        *KNOBS.iter().find(|k| k.id == id).unwrap()
    }

    #[test]
    fn knobs_read_the_scenario() {
        let scenario = preset();
        assert_eq!(read(&scenario, &knob("knob-rate")).as_deref(), Some("5"));
        assert_eq!(
            read(&scenario, &knob("knob-consumers")).as_deref(),
            Some("2")
        );
        assert_eq!(
            read(&scenario, &knob("knob-visibility")).as_deref(),
            Some("30")
        );
        assert_eq!(
            read(&scenario, &knob("knob-max-receives")).as_deref(),
            Some("3")
        );
        // A log-normal processing time has a mean but no fixed time.
        assert_eq!(read(&scenario, &knob("knob-fixed")), None);
    }

    #[test]
    fn a_written_knob_gives_a_scenario_that_validates_with_the_new_value() {
        let changed = write(&preset(), &knob("knob-consumers"), "7").unwrap();
        let scenario = Scenario::from_json(&changed.to_string()).unwrap();
        assert_eq!(scenario.consumers[0].count, 7);
        let changed = write(&preset(), &knob("knob-visibility"), "45").unwrap();
        let scenario = Scenario::from_json(&changed.to_string()).unwrap();
        assert_eq!(scenario.queues[0].attributes["VisibilityTimeout"], "45");
    }

    #[test]
    fn a_value_out_of_range_is_refused_by_validation_at_its_path() {
        let changed = write(&preset(), &knob("knob-consumers"), "0").unwrap();
        let errors = Scenario::from_json(&changed.to_string()).unwrap_err();
        assert!(
            errors.iter().any(|e| e.path == "consumers[0].count"),
            "{errors:?}"
        );
        assert!(write(&preset(), &knob("knob-rate"), "fast").is_err());
    }
}
