//! The inspector's fields: every setting of a node, of a redrive or of the whole scenario, as
//! a value at a JSON pointer of the scenario, and how a typed value is written back.
//!
//! Plain Rust, tested natively. A write goes through the scenario's own reader and validation
//! (`Scenario::from_json`), and a rename through `Scenario::rename_node`, so a field refuses
//! exactly what a scenario file would, in the same words, and the scenario stays as it was.

use serde_json::{Map, Value};

use crate::sim::design::Spot;
use crate::sim::lambda::REPORT_BATCH_ITEM_FAILURES;
use crate::sim::scenario::ConsumerKind;
use crate::sim::Scenario;
use crate::sqs::attributes::QueueAttributes;

/// How a field is typed and written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Input {
    /// A JSON number.
    Number,
    /// A JSON whole number.
    Integer,
    /// A queue attribute: SQS takes every attribute value as a string; empty is SQS's default.
    Attribute,
    /// true or false.
    Flag,
    /// One of a fixed set (an arrival process's or a distribution's `kind`, a delivery model).
    Choice(&'static [&'static str]),
    /// The node's name: renaming it renames every reference to it.
    Name,
    Text,
    /// A rate schedule, written `from_seconds:per_second, …`.
    Segments,
    /// Outage windows, written `from_seconds-to_seconds, …`.
    Outages,
}

/// One field of the inspector.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// Where the value lives (RFC 6901), e.g. `/consumers/0/count`.
    pub pointer: String,
    /// The same place as validation names it, e.g. `consumers[0].count`.
    pub path: String,
    /// The scenario's own key, or the SQS attribute's name.
    pub label: String,
    pub input: Input,
    /// The value as text; empty when the scenario leaves it out.
    pub value: String,
    /// What an empty value means (SQS's default, "none").
    pub placeholder: String,
    /// May be left empty.
    pub optional: bool,
    /// A running world takes a change to it at the current moment (`design::live_changes`).
    pub live: bool,
    /// What AWS would refuse here although the run goes on (`Scenario::warnings`).
    pub warning: String,
}

const ARRIVALS: &[&str] = &["constant", "poisson", "spike", "schedule"];
const DISTRIBUTIONS: &[&str] = &["fixed", "exponential", "log_normal", "uniform"];
const DELIVERY: &[&str] = &["ideal", "realistic"];
const BOOLEAN: &[&str] = &["true", "false"];

/// The queue attributes the inspector offers (SetQueueAttributes names); FIFO ones only on
/// FIFO queues. Others (policies, encryption) are edited in the JSON.
const ATTRIBUTES: [&str; 5] = [
    "VisibilityTimeout",
    "DelaySeconds",
    "ReceiveMessageWaitTimeSeconds",
    "MessageRetentionPeriod",
    "MaximumMessageSize",
];
const FIFO_ATTRIBUTES: [(&str, &[&str]); 3] = [
    ("ContentBasedDeduplication", BOOLEAN),
    ("DeduplicationScope", &["messageGroup", "queue"]),
    ("FifoThroughputLimit", &["perQueue", "perMessageGroupId"]),
];

/// Collects the fields of one node.
struct Fields<'a> {
    doc: &'a Value,
    /// The node's pointer and path: `/producers/0`, `producers[0]`.
    pointer: String,
    path: String,
    out: Vec<Field>,
}

impl Fields<'_> {
    /// Adds the field at `key` (`arrival/per_second`) under the node.
    fn add(&mut self, key: &str, input: Input) -> &mut Field {
        let pointer = format!("{}/{key}", self.pointer);
        let value = text_of(self.doc.pointer(&pointer), input);
        let path = if self.path.is_empty() {
            key.replace('/', ".")
        } else {
            format!("{}.{}", self.path, key.replace('/', "."))
        };
        self.out.push(Field {
            pointer,
            path,
            label: key.rsplit('/').next().unwrap_or(key).to_owned(),
            input,
            value,
            placeholder: String::new(),
            optional: false,
            live: false,
            warning: String::new(),
        });
        self.out.last_mut().expect("just pushed")
    }

    fn kind_of(&self, key: &str) -> String {
        text_of(
            self.doc.pointer(&format!("{}/{key}/kind", self.pointer)),
            Input::Text,
        )
    }

    /// An arrival process: its kind and that kind's numbers.
    fn arrival(&mut self, live_rate: bool) {
        self.add("arrival/kind", Input::Choice(ARRIVALS));
        match self.kind_of("arrival").as_str() {
            "constant" | "poisson" => {
                self.add("arrival/per_second", Input::Number).live = live_rate
            }
            "spike" => {
                self.add("arrival/at_seconds", Input::Number);
                self.add("arrival/count", Input::Integer);
            }
            _ => {
                self.add("arrival/segments", Input::Segments);
            }
        }
    }

    /// A duration distribution at `key`: its kind and that kind's numbers.
    fn distribution(&mut self, key: &str) {
        self.add(&format!("{key}/kind"), Input::Choice(DISTRIBUTIONS));
        let numbers: &[&str] = match self.kind_of(key).as_str() {
            "fixed" => &["seconds"],
            "exponential" => &["mean_seconds"],
            "log_normal" => &["mean_seconds", "sigma"],
            _ => &["min_seconds", "max_seconds"],
        };
        for number in numbers {
            self.add(&format!("{key}/{number}"), Input::Number);
        }
    }

    /// A switch for an optional member at `key`: on when the scenario has it (`write` says
    /// what turning it on writes).
    fn switch(&mut self, key: &str) -> &mut Field {
        let on = self
            .doc
            .pointer(&format!("{}/{key}", self.pointer))
            .is_some();
        let field = self.add(key, Input::Flag);
        field.value = on.to_string();
        field
    }

    fn optional(&mut self, key: &str, input: Input, placeholder: &str) {
        let field = self.add(key, input);
        field.optional = true;
        field.placeholder = placeholder.to_owned();
    }
}

/// The text a value shows as.
fn text_of(value: Option<&Value>, input: Input) -> String {
    let pairs = |separator: &str, keys: [&str; 2]| {
        value
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .map(|item| {
                        let number = |k: &str| item.get(k).map(shown).unwrap_or_default();
                        format!("{}{separator}{}", number(keys[0]), number(keys[1]))
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default()
    };
    match (input, value) {
        (Input::Segments, _) => pairs(":", ["from_seconds", "per_second"]),
        (Input::Outages, _) => pairs("-", ["from_seconds", "to_seconds"]),
        (_, Some(Value::String(text))) => text.clone(),
        (_, None | Some(Value::Null)) => String::new(),
        (_, Some(other)) => shown(other),
    }
}

/// A JSON value as the inspector shows it: whole numbers without a decimal point.
fn shown(value: &Value) -> String {
    match value.as_f64() {
        Some(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", x as i64),
        _ => value.to_string(),
    }
}

/// The fields of the node at `spot`, or of the scenario itself when `spot` is `None`.
pub fn fields(scenario: &Scenario, spot: Option<Spot>) -> Vec<Field> {
    let doc = as_value(scenario);
    let (list, index) = match spot {
        None => ("", 0),
        Some(Spot::Producer(i)) => ("producers", i),
        Some(Spot::Queue(i)) => ("queues", i),
        Some(Spot::Consumer(i)) => ("consumers", i),
        Some(Spot::Topic(i)) => ("topics", i),
        Some(Spot::Service(i)) => ("services", i),
        Some(Spot::DirectCaller(i)) => ("direct_calls", i),
    };
    let mut f = Fields {
        doc: &doc,
        pointer: if list.is_empty() {
            String::new()
        } else {
            format!("/{list}/{index}")
        },
        path: if list.is_empty() {
            String::new()
        } else {
            format!("{list}[{index}]")
        },
        out: Vec::new(),
    };
    match spot {
        None => {
            f.add("title", Input::Text);
            f.add("lesson", Input::Text);
            f.add("duration_seconds", Input::Number);
            f.add("metrics_period_seconds", Input::Number);
            f.add("delivery", Input::Choice(DELIVERY));
        }
        Some(Spot::Queue(i)) => {
            f.add("name", Input::Name);
            let queue = &scenario.queues[i];
            let fifo = queue
                .attributes
                .get("FifoQueue")
                .is_some_and(|v| v == "true");
            let defaults = QueueAttributes::defaults(fifo);
            for name in ATTRIBUTES {
                let field = f.add(&format!("attributes/{name}"), Input::Attribute);
                field.placeholder = defaults.render(name).unwrap_or_default();
                field.live = true;
            }
            if fifo {
                for (name, choices) in FIFO_ATTRIBUTES {
                    let field = f.add(&format!("attributes/{name}"), Input::Choice(choices));
                    field.placeholder = defaults.render(name).unwrap_or_default();
                    field.optional = true;
                    field.live = true;
                }
            }
            if queue.redrive.is_some() {
                f.add("redrive/max_receive_count", Input::Integer).live = true;
            }
        }
        Some(Spot::Producer(_)) => {
            f.add("name", Input::Name);
            f.arrival(true);
            for key in ["batch_size", "body_bytes", "message_groups"] {
                f.add(key, Input::Integer);
            }
            for key in [
                "group_skew",
                "poison_probability",
                "resend_probability",
                "start_seconds",
            ] {
                f.add(key, Input::Number);
            }
            f.optional("stop_seconds", Input::Number, "never");
        }
        Some(Spot::Consumer(i)) if scenario.consumers[i].kind == ConsumerKind::Lambda => {
            f.add("name", Input::Name);
            f.distribution("processing");
            f.add("failure_probability", Input::Number);
            // The mapping's and the function's settings, by their Lambda API names; left
            // empty, Lambda's defaults.
            for (key, default) in [
                ("event_source_mapping/BatchSize", "10"),
                ("event_source_mapping/MaximumBatchingWindowInSeconds", "0"),
                (
                    "event_source_mapping/ScalingConfig/MaximumConcurrency",
                    "none",
                ),
                ("function/Timeout", "3"),
                ("function/MemorySize", "128"),
                ("function/ReservedConcurrentExecutions", "none"),
            ] {
                f.optional(key, Input::Integer, default);
            }
            f.switch("event_source_mapping/FunctionResponseTypes").label =
                REPORT_BATCH_ITEM_FAILURES.to_owned();
            f.add(
                "function/processing_per",
                Input::Choice(&["message", "batch"]),
            )
            .placeholder = "message".to_owned();
        }
        Some(Spot::Consumer(_)) => {
            f.add("name", Input::Name);
            f.add("count", Input::Integer).live = true;
            f.add("wait_time_seconds", Input::Integer);
            f.add("max_number_of_messages", Input::Integer);
            f.optional("visibility_timeout", Input::Integer, "the queue's");
            f.distribution("processing");
            f.add("failure_probability", Input::Number);
            f.add("delete_before_processing", Input::Flag);
            f.optional("heartbeat_seconds", Input::Number, "none");
            f.add("crash_probability", Input::Number);
            f.add("restart_after_seconds", Input::Number);
            // Autoscaling: on or off (on starts from the fleet's count), then its policy.
            if f.switch("autoscaling").value == "true" {
                f.add("autoscaling/min", Input::Integer);
                f.add("autoscaling/max", Input::Integer);
                f.add("autoscaling/target_backlog_per_instance", Input::Number);
                // Left empty, the defaults: CloudWatch's period, target tracking's cooldowns.
                for (key, default) in [
                    ("period_seconds", "60"),
                    ("scale_out_cooldown_seconds", "300"),
                    ("scale_in_cooldown_seconds", "300"),
                    ("warmup_seconds", "60"),
                ] {
                    f.optional(&format!("autoscaling/{key}"), Input::Number, default);
                }
            }
        }
        Some(Spot::Topic(_)) => {
            f.add("name", Input::Name);
        }
        Some(Spot::Service(_)) => {
            f.add("name", Input::Name);
            f.distribution("latency");
            f.add("error_probability", Input::Number);
            f.add("outages", Input::Outages).placeholder = "none".to_owned();
        }
        Some(Spot::DirectCaller(_)) => {
            f.add("name", Input::Name);
            f.arrival(false);
            f.add("start_seconds", Input::Number);
            f.optional("stop_seconds", Input::Number, "never");
        }
    }
    for warning in scenario.warnings() {
        if let Some(field) = f.out.iter_mut().find(|f| f.path == warning.path) {
            field.warning = warning.message;
        }
    }
    f.out
}

/// A number a comparison (or a sweep) can vary: the field, and the name of the node it
/// belongs to (empty for the scenario's own).
#[derive(Clone, Debug, PartialEq)]
pub struct Knob {
    pub node: String,
    pub field: Field,
}

impl Knob {
    /// "orders VisibilityTimeout", "duration_seconds".
    pub fn label(&self) -> String {
        if self.node.is_empty() {
            self.field.label.clone()
        } else {
            format!("{} {}", self.node, self.field.label)
        }
    }

    /// The value now, SQS's default when the scenario leaves it out.
    pub fn current(&self) -> &str {
        if self.field.value.is_empty() {
            &self.field.placeholder
        } else {
            &self.field.value
        }
    }
}

/// Every number of the scenario and of each of its nodes, in the diagram's order.
pub fn knobs(scenario: &Scenario) -> Vec<Knob> {
    let numeric = |f: &Field| matches!(f.input, Input::Number | Input::Integer | Input::Attribute);
    let own = fields(scenario, None).into_iter().map(|field| Knob {
        node: String::new(),
        field,
    });
    let nodes = scenario.spots().into_iter().flat_map(|spot| {
        let node = scenario.name_at(spot).to_owned();
        fields(scenario, Some(spot))
            .into_iter()
            .map(move |field| Knob {
                node: node.clone(),
                field,
            })
    });
    own.chain(nodes).filter(|k| numeric(&k.field)).collect()
}

/// The spot a node's pointer (`/queues/2/...`) points into.
fn spot_of(pointer: &str) -> Option<Spot> {
    let mut parts = pointer.trim_start_matches('/').split('/');
    let list = parts.next()?;
    let index: usize = parts.next()?.parse().ok()?;
    Some(match list {
        "producers" => Spot::Producer(index),
        "queues" => Spot::Queue(index),
        "consumers" => Spot::Consumer(index),
        "topics" => Spot::Topic(index),
        "services" => Spot::Service(index),
        "direct_calls" => Spot::DirectCaller(index),
        _ => return None,
    })
}

/// The number in `text`, or why it is not one.
fn number(text: &str, whole: bool) -> Result<Value, String> {
    let value = crate::decimal::parse(text).ok_or_else(|| format!("\"{text}\" is not a number"))?;
    if whole {
        // A fraction is left for the reader to refuse (it names the type it expects).
        if value.fract() == 0.0 && value.abs() < 9e15 {
            return Ok(Value::from(value as i64));
        }
    }
    Ok(Value::from(value))
}

/// Pairs written `a<sep>b, …` as objects with the two keys.
fn pairs(text: &str, separator: char, keys: [&str; 2]) -> Result<Value, String> {
    text.split(',')
        .map(str::trim)
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (a, b) = pair.split_once(separator).ok_or_else(|| {
                format!(
                    "write each as {}{separator}{}, separated by commas",
                    keys[0], keys[1]
                )
            })?;
            let (a, b) = (number(a.trim(), false)?, number(b.trim(), false)?);
            let mut pair = Map::new();
            pair.insert(keys[0].to_owned(), a);
            pair.insert(keys[1].to_owned(), b);
            Ok(Value::Object(pair))
        })
        .collect::<Result<Vec<_>, String>>()
        .map(Value::Array)
}

/// A new `kind` of arrival process or distribution, with numbers carried over where they
/// mean the same (a rate, a mean); `None` for a kind there is not.
fn of_kind(old: &Value, kind: &str) -> Option<Value> {
    let get = |key: &str| old.get(key).and_then(Value::as_f64);
    let rate = get("per_second").unwrap_or(1.0);
    let mean = get("mean_seconds")
        .or_else(|| get("seconds"))
        .or_else(|| Some((get("min_seconds")? + get("max_seconds")?) / 2.0))
        .unwrap_or(1.0);
    // Written as text and read: smaller in the browser's download than building values.
    let members = match kind {
        "constant" | "poisson" => format!(r#""per_second": {rate}"#),
        "spike" => r#""at_seconds": 60, "count": 1000"#.to_owned(),
        "schedule" => format!(r#""segments": [{{"from_seconds": 0, "per_second": {rate}}}]"#),
        "fixed" => format!(r#""seconds": {mean}"#),
        "exponential" => format!(r#""mean_seconds": {mean}"#),
        "log_normal" => format!(r#""mean_seconds": {mean}, "sigma": 0.5"#),
        "uniform" => format!(
            r#""min_seconds": {}, "max_seconds": {}"#,
            mean / 2.0,
            mean * 1.5
        ),
        _ => return None,
    };
    serde_json::from_str(&format!(r#"{{"kind": "{kind}", {members}}}"#)).ok()
}

/// The scenario with `field` set to `text`, or why not (every problem, with its path); the
/// scenario passed in is untouched either way.
pub fn write(scenario: &Scenario, field: &Field, text: &str) -> Result<Scenario, String> {
    let text = text.trim();
    if field.input == Input::Name {
        let spot = spot_of(&field.pointer).ok_or("no such node")?;
        return scenario
            .rename_node(&scenario.id_at(spot), text)
            .map_err(|e| e.to_string());
    }
    let mut doc = as_value(scenario);
    let (parent, key) = field
        .pointer
        .rsplit_once('/')
        .expect("a field's pointer has a parent");
    let value = match field.input {
        // Turned on, a policy that starts from the fleet's count; off, none.
        Input::Flag if key == "autoscaling" => (text == "true").then(|| {
            let count = doc
                .pointer(&format!("{parent}/count"))
                .and_then(Value::as_u64)
                .unwrap_or(1);
            serde_json::json!({"min": count, "max": count * 4, "target_backlog_per_instance": 100})
        }),
        Input::Flag if key == "FunctionResponseTypes" => {
            (text == "true").then(|| serde_json::json!([REPORT_BATCH_ITEM_FAILURES]))
        }
        _ if text.is_empty() && (field.optional || field.input == Input::Attribute) => None,
        Input::Choice(_) if key == "kind" => {
            // A new kind of arrival or distribution replaces the whole object.
            let old = doc.pointer(parent).cloned().unwrap_or(Value::Null);
            *doc.pointer_mut(parent).ok_or("no such field")? =
                of_kind(&old, text).ok_or_else(|| format!("\"{text}\" is not a kind there is"))?;
            return read(&doc);
        }
        Input::Number => Some(number(text, false)?),
        Input::Integer => Some(number(text, true)?),
        Input::Flag => Some(Value::Bool(text == "true")),
        Input::Segments => Some(pairs(text, ':', ["from_seconds", "per_second"])?),
        Input::Outages => Some(pairs(text, '-', ["from_seconds", "to_seconds"])?),
        Input::Attribute | Input::Choice(_) | Input::Text | Input::Name => {
            Some(Value::String(text.to_owned()))
        }
    };
    // A Lambda setting may be the first of its object (`event_source_mapping`,
    // `ScalingConfig`): make the objects on the way.
    let mut target = &mut doc;
    for step in parent.split('/').skip(1) {
        target = match target {
            Value::Object(map) => map.entry(step).or_insert_with(|| Value::Object(Map::new())),
            Value::Array(items) => step
                .parse::<usize>()
                .ok()
                .and_then(|i| items.get_mut(i))
                .ok_or("no such field")?,
            _ => return Err("no such field".to_owned()),
        };
    }
    let Value::Object(map) = target else {
        return Err("no such field".to_owned());
    };
    set(map, key, value);
    read(&doc)
}

fn set(map: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    match value {
        Some(value) => {
            map.insert(key.to_owned(), value);
        }
        None => {
            map.remove(key);
        }
    }
}

/// The scenario as a JSON value. Through its text rather than `serde_json::to_value`: the
/// page writes scenarios as text already (the document), and one serialiser is smaller to
/// download than two.
fn as_value(scenario: &Scenario) -> Value {
    let text = serde_json::to_string_pretty(scenario).expect("a scenario serialises");
    serde_json::from_str(&text).expect("it reads back")
}

/// The scenario a JSON value reads as, or every problem with it.
fn read(doc: &Value) -> Result<Scenario, String> {
    Scenario::from_json(&doc.to_string()).map_err(|errors| {
        errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::presets::PRESETS;

    fn preset(file: &str) -> Scenario {
        let preset = PRESETS.iter().find(|p| p.file == file).unwrap();
        Scenario::from_json(preset.json()).unwrap()
    }

    fn field<'a>(fields: &'a [Field], label: &str) -> &'a Field {
        fields
            .iter()
            .find(|f| f.label == label)
            .unwrap_or_else(|| panic!("no field {label} in {fields:?}"))
    }

    #[test]
    fn every_setting_of_a_consumer_fleet_is_a_field_with_its_value() {
        let scenario = preset("order-processing.json");
        let fleet = fields(&scenario, Some(Spot::Consumer(0)));
        let labels: Vec<&str> = fleet.iter().map(|f| f.label.as_str()).collect();
        for key in [
            "name",
            "count",
            "wait_time_seconds",
            "max_number_of_messages",
            "visibility_timeout",
            "kind",
            "failure_probability",
            "delete_before_processing",
            "heartbeat_seconds",
            "crash_probability",
            "restart_after_seconds",
        ] {
            assert!(labels.contains(&key), "{key} missing from {labels:?}");
        }
        let count = field(&fleet, "count");
        assert_eq!(count.value, scenario.consumers[0].count.to_string());
        assert_eq!(count.path, "consumers[0].count");
        assert!(count.live);
        assert!(field(&fleet, "visibility_timeout").optional);
    }

    #[test]
    fn a_lambda_consumer_edits_its_mapping_and_function_by_their_api_names() {
        let scenario = preset("lambda-throttling.json");
        let function = fields(&scenario, Some(Spot::Consumer(0)));
        let labels: Vec<&str> = function.iter().map(|f| f.label.as_str()).collect();
        assert!(!labels.contains(&"count"), "{labels:?}");
        let maximum = field(&function, "MaximumConcurrency");
        assert_eq!(
            (maximum.value.as_str(), maximum.placeholder.as_str()),
            ("", "none")
        );
        assert_eq!(field(&function, "ReservedConcurrentExecutions").value, "10");
        // The lesson's fix: ScalingConfig is made on the way; emptied, it is the default.
        let fixed = write(&scenario, maximum, "10").unwrap();
        assert_eq!(
            fixed.consumers[0].event_source_mapping.concurrency_cap(),
            10
        );
        let maximum = field(
            &fields(&fixed, Some(Spot::Consumer(0))),
            "MaximumConcurrency",
        )
        .clone();
        let cleared = write(&fixed, &maximum, "").unwrap();
        assert_eq!(cleared, scenario);
        assert_eq!(
            write(&scenario, &maximum, "1").unwrap_err(),
            "consumers[0].event_source_mapping.ScalingConfig.MaximumConcurrency: must be between 2 and 1000"
        );
        // ReportBatchItemFailures is a switch for FunctionResponseTypes.
        let switch = field(&function, "ReportBatchItemFailures");
        assert_eq!(switch.value, "false");
        let on = write(&scenario, switch, "true").unwrap();
        assert!(on.consumers[0]
            .event_source_mapping
            .reports_batch_item_failures());
        let switch = field(
            &fields(&on, Some(Spot::Consumer(0))),
            "ReportBatchItemFailures",
        )
        .clone();
        assert_eq!(switch.value, "true");
        assert_eq!(write(&on, &switch, "false").unwrap(), scenario);
        // The function's memory (for its cost).
        let bare = preset("lambda-partial-batch.json");
        let memory = field(&fields(&bare, Some(Spot::Consumer(0))), "MemorySize").clone();
        let bigger = write(&bare, &memory, "1024").unwrap();
        assert_eq!(bigger.consumers[0].function.memory_size, 1024);
    }

    #[test]
    fn autoscaling_turns_on_from_the_fleets_count_and_its_policy_is_then_edited_and_checked() {
        let scenario = preset("order-processing.json");
        let fleet = fields(&scenario, Some(Spot::Consumer(0)));
        let switch = field(&fleet, "autoscaling");
        assert_eq!(switch.value, "false");
        assert!(
            !fleet.iter().any(|f| f.label == "min"),
            "no policy fields while off"
        );
        let on = write(&scenario, switch, "true").unwrap();
        let policy = on.consumers[0].autoscaling.as_ref().unwrap();
        let count = scenario.consumers[0].count;
        assert_eq!((policy.min, policy.max), (count, count * 4));
        assert_eq!(
            policy.period_seconds, 60.0,
            "CloudWatch's period by default"
        );
        let fleet = fields(&on, Some(Spot::Consumer(0)));
        assert_eq!(field(&fleet, "autoscaling").value, "true");
        let max = field(&fleet, "max");
        assert_eq!(max.path, "consumers[0].autoscaling.max");
        assert_eq!(
            write(&on, max, "1").unwrap_err(),
            format!("consumers[0].autoscaling.max: must be at least min ({count})")
        );
        let warmup = field(&fleet, "warmup_seconds");
        assert!(warmup.optional && warmup.placeholder == "60");
        let warm = write(&on, warmup, "120").unwrap();
        assert_eq!(
            warm.consumers[0]
                .autoscaling
                .as_ref()
                .unwrap()
                .warmup_seconds,
            120.0
        );
        let off = write(&on, field(&fleet, "autoscaling"), "false").unwrap();
        assert_eq!(off.consumers[0].autoscaling, None);
    }

    #[test]
    fn queue_attributes_show_sqs_defaults_and_a_redrive_its_max_receive_count() {
        let scenario = preset("order-processing.json");
        let queue = fields(&scenario, Some(Spot::Queue(0)));
        let visibility = field(&queue, "VisibilityTimeout");
        assert_eq!(visibility.placeholder, "30");
        assert_eq!(visibility.path, "queues[0].attributes.VisibilityTimeout");
        let receives = field(&queue, "max_receive_count");
        assert_eq!(
            receives.value,
            scenario.queues[0]
                .redrive
                .as_ref()
                .unwrap()
                .max_receive_count
                .to_string()
        );
        // FIFO queues offer their FIFO attributes; standard ones do not.
        assert!(queue.iter().all(|f| f.label != "DeduplicationScope"));
        let fifo = preset("payments-fifo.json");
        assert!(fields(&fifo, Some(Spot::Queue(0)))
            .iter()
            .any(|f| f.label == "DeduplicationScope"));
    }

    #[test]
    fn a_good_value_is_written_and_a_bad_one_refused_in_the_validations_words() {
        let scenario = preset("order-processing.json");
        let queue = fields(&scenario, Some(Spot::Queue(0)));
        let visibility = field(&queue, "VisibilityTimeout");
        let changed = write(&scenario, visibility, "45").unwrap();
        assert_eq!(changed.queues[0].attributes["VisibilityTimeout"], "45");
        let error = write(&scenario, visibility, "99999").unwrap_err();
        assert!(
            error.starts_with("queues[0]: InvalidAttributeValue: "),
            "{error}"
        );
        let fleet = fields(&scenario, Some(Spot::Consumer(0)));
        let error = write(&scenario, field(&fleet, "count"), "0").unwrap_err();
        assert_eq!(error, "consumers[0].count: must be at least 1");
        let error = write(&scenario, field(&fleet, "count"), "lots").unwrap_err();
        assert_eq!(error, "\"lots\" is not a number");
        // Empty: an attribute goes back to SQS's default, an optional number to none.
        let back = write(&changed, visibility, "").unwrap();
        assert!(!back.queues[0].attributes.contains_key("VisibilityTimeout"));
        let with = write(&scenario, field(&fleet, "visibility_timeout"), "12").unwrap();
        assert_eq!(with.consumers[0].visibility_timeout, Some(12));
        let without = write(&with, field(&fleet, "visibility_timeout"), "").unwrap();
        assert_eq!(without.consumers[0].visibility_timeout, None);
    }

    #[test]
    fn a_new_kind_of_distribution_or_arrival_keeps_its_mean_or_rate() {
        let scenario = preset("order-processing.json");
        let fleet = fields(&scenario, Some(Spot::Consumer(0)));
        let kind = fleet
            .iter()
            .find(|f| f.pointer.ends_with("processing/kind"))
            .unwrap();
        let fixed = write(&scenario, kind, "fixed").unwrap();
        let refields = fields(&fixed, Some(Spot::Consumer(0)));
        assert!(refields.iter().any(|f| f.label == "seconds"));
        let producer = fields(&scenario, Some(Spot::Producer(0)));
        let rate = field(&producer, "per_second").value.clone();
        let arrival = field(&producer, "kind");
        let scheduled = write(&scenario, arrival, "schedule").unwrap();
        let segments = fields(&scheduled, Some(Spot::Producer(0)));
        assert_eq!(field(&segments, "segments").value, format!("0:{rate}"));
        let two = write(&scheduled, field(&segments, "segments"), "0:2, 60: 8").unwrap();
        assert_eq!(
            field(&fields(&two, Some(Spot::Producer(0))), "segments").value,
            "0:2, 60:8"
        );
        assert!(write(&scheduled, field(&segments, "segments"), "0 2").is_err());
    }

    #[test]
    fn renaming_through_the_name_field_renames_the_references() {
        let scenario = preset("order-processing.json");
        let queue = fields(&scenario, Some(Spot::Queue(0)));
        let renamed = write(&scenario, field(&queue, "name"), "purchases").unwrap();
        assert_eq!(renamed.queues[0].name, "purchases");
        assert_eq!(renamed.consumers[0].queue, "purchases");
        assert!(write(&scenario, field(&queue, "name"), "bad name")
            .unwrap_err()
            .contains("InvalidParameterValue"));
    }

    #[test]
    fn knobs_are_every_number_of_every_node() {
        let scenario = preset("old-way-vs-sqs-way.json");
        let knobs = knobs(&scenario);
        let labels: Vec<String> = knobs.iter().map(Knob::label).collect();
        assert!(
            labels.contains(&"duration_seconds".to_owned()),
            "{labels:?}"
        );
        for consumer in &scenario.consumers {
            assert!(labels.contains(&format!("{} count", consumer.name)));
        }
        for service in &scenario.services {
            assert!(labels.contains(&format!("{} error_probability", service.name)));
        }
        assert!(knobs.iter().all(|k| !k.current().is_empty()), "{knobs:?}");
        assert!(knobs.iter().all(|k| k.field.input != Input::Name));
    }

    #[test]
    fn the_scenarios_own_fields_are_the_fields_with_nothing_selected() {
        let scenario = preset("order-processing.json");
        let own = fields(&scenario, None);
        let duration = field(&own, "duration_seconds");
        assert_eq!(duration.path, "duration_seconds");
        let longer = write(&scenario, duration, "7200").unwrap();
        assert_eq!(longer.duration_seconds, 7200.0);
        let realistic = write(&scenario, field(&own, "delivery"), "realistic").unwrap();
        assert_eq!(
            realistic.delivery,
            crate::sim::scenario::DeliveryKind::Realistic
        );
    }
}
