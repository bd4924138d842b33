//! The inspector: a node's settings (queue attributes validated by the engine, as SQS would,
//! with the error shown inline and the old value kept; a consumer fleet's size), or one
//! message's whole life on a small timeline.

use std::collections::BTreeMap;
use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::event_log::{short_id, step_text};
use crate::sim::command::Command;
use crate::sim::trace::TraceEvent;
use crate::sim::{NodeKind, Snapshot};

/// The queue attributes the inspector lets a person change (SetQueueAttributes names).
pub const EDITABLE_NAMES: [&str; 6] = [
    "VisibilityTimeout",
    "DelaySeconds",
    "ReceiveMessageWaitTimeSeconds",
    "MessageRetentionPeriod",
    "MaximumMessageSize",
    "RedrivePolicy",
];

/// What the inspector shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Inspected {
    Queue {
        name: String,
        /// Current values, as GetQueueAttributes would answer.
        attributes: BTreeMap<String, String>,
    },
    Consumer {
        name: String,
        workers: usize,
    },
    /// A producer, with its rate when it arrives at one (constant or Poisson).
    Producer {
        name: String,
        per_second: Option<f64>,
    },
    Service {
        name: String,
        down: bool,
    },
    Other {
        name: String,
        kind: NodeKind,
    },
    Message {
        id: String,
        history: Vec<TraceEvent>,
    },
}

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub inspected: Option<Inspected>,
    pub snapshot: Rc<Snapshot>,
    /// Queue names by scenario index, consumer fleets by worker index (for the history).
    pub queues: Rc<Vec<String>>,
    pub workers: Rc<Vec<String>>,
    pub groups: Rc<Vec<String>>,
    /// The last command's refusal, shown inline.
    pub error: Option<String>,
    pub on_command: Callback<Command>,
    pub on_close: Callback<()>,
    /// Opens a message's life (from a worker that holds it).
    pub on_select_message: Callback<String>,
}

#[function_component(Inspector)]
pub fn inspector(props: &InspectorProps) -> Html {
    let Some(inspected) = &props.inspected else {
        return html! {
            <section class="panel inspector" aria-label="Inspector">
                <h2>{ "Inspector" }</h2>
                <p class="hint">{ "Click a node of the diagram or a line of the event log." }</p>
            </section>
        };
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    let body = match inspected {
        Inspected::Queue { name, attributes } => queue_form(name, attributes, props),
        Inspected::Consumer { name, workers } => consumer_form(name, *workers, props),
        Inspected::Producer { name, per_second } => producer_form(name, *per_second, props),
        Inspected::Service { name, down } => service_form(name, *down, props),
        Inspected::Other { name, kind } => html! {
            <p>{ format!("{name}: {}", kind.as_str().replace('-', " ")) }</p>
        },
        Inspected::Message { id, history } => message_life(id, history, props),
    };
    html! {
        <section class="panel inspector" aria-label="Inspector">
            <h2>{ "Inspector" }<button type="button" class="close" aria-label="Close the inspector" onclick={close}>{ "×" }</button></h2>
            { body }
            if let Some(error) = &props.error {
                <p id="inspector-error" class="error" role="alert">{ error }</p>
            }
        </section>
    }
}

fn queue_form(name: &str, attributes: &BTreeMap<String, String>, props: &InspectorProps) -> Html {
    let rows = EDITABLE_NAMES.iter().filter_map(|attribute| {
        let value = attributes.get(*attribute)?.clone();
        let onchange = {
            let (on_command, queue, attribute) = (
                props.on_command.clone(),
                name.to_owned(),
                attribute.to_string(),
            );
            Callback::from(move |event: Event| {
                let input: HtmlInputElement = event.target_unchecked_into();
                on_command.emit(Command::SetQueueAttributes {
                    queue: queue.clone(),
                    attributes: BTreeMap::from([(attribute.clone(), input.value())]),
                });
            })
        };
        Some(html! {
            <label class="attribute">
                <span>{ *attribute }</span>
                <input type="text" name={*attribute} value={value} {onchange} spellcheck="false" />
            </label>
        })
    });
    html! {
        <>
            <h3 id="inspected-name">{ name }</h3>
            <p class="hint">{ "SetQueueAttributes: change a value and leave the field. SQS's checks apply." }</p>
            <form class="attributes" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                { for rows }
            </form>
        </>
    }
}

fn consumer_form(name: &str, workers: usize, props: &InspectorProps) -> Html {
    let onchange = {
        let (on_command, consumer) = (props.on_command.clone(), name.to_owned());
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            if let Ok(count) = input.value().parse() {
                on_command.emit(Command::SetConsumerCount {
                    consumer: consumer.clone(),
                    count,
                });
            }
        })
    };
    let crash = {
        let (on_command, consumer) = (props.on_command.clone(), name.to_owned());
        Callback::from(move |_: MouseEvent| {
            on_command.emit(Command::CrashConsumers {
                consumer: consumer.clone(),
                count: 1,
                restart_after_seconds: 10.0,
            })
        })
    };
    let workers_list = props
        .snapshot
        .consumers
        .iter()
        .enumerate()
        .filter(|(_, c)| c.fleet == name)
        .map(|(w, c)| {
            let activity = c.activity.as_str();
            let held = c.holding.clone().map(|id| {
                let (select, shown) = (props.on_select_message.clone(), short_id(&id).to_owned());
                let onclick = Callback::from(move |_: MouseEvent| select.emit(id.clone()));
                html! { <>{ " " }<button type="button" class="link" {onclick}>{ shown }</button></> }
            });
            html! { <li data-activity={activity}>{ format!("#{w} {activity}") }{ held }</li> }
        });
    html! {
        <>
            <h3 id="inspected-name">{ name }</h3>
            <label class="attribute">
                <span>{ "Workers" }</span>
                <input id="consumer-count" type="number" min="0" max="1000" value={workers.to_string()} {onchange} />
            </label>
            <button type="button" onclick={crash}>{ "Crash one worker (restarts after 10 s)" }</button>
            <ul id="workers" class="workers-list">{ for workers_list }</ul>
        </>
    }
}

fn producer_form(name: &str, per_second: Option<f64>, props: &InspectorProps) -> Html {
    let Some(rate) = per_second else {
        return html! {
            <>
                <h3 id="inspected-name">{ name }</h3>
                <p>{ "This producer sends a spike or follows a schedule; edit it in the scenario JSON." }</p>
            </>
        };
    };
    let onchange = {
        let (on_command, producer) = (props.on_command.clone(), name.to_owned());
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            // Not a number: the engine's check names the reason, as for any bad rate.
            let per_second = input.value().trim().parse().unwrap_or(f64::NAN);
            on_command.emit(Command::SetProducerRate {
                producer: producer.clone(),
                per_second,
            });
        })
    };
    html! {
        <>
            <h3 id="inspected-name">{ name }</h3>
            <label class="attribute">
                <span>{ "Orders per second" }</span>
                <input id="producer-rate" type="text" inputmode="decimal" value={rate.to_string()} {onchange} />
            </label>
            <p class="hint">{ "Takes effect from the next arrival: try doubling it to see the queue build up." }</p>
        </>
    }
}

fn service_form(name: &str, down: bool, props: &InspectorProps) -> Html {
    let toggle = {
        let (on_command, service) = (props.on_command.clone(), name.to_owned());
        Callback::from(move |_: MouseEvent| {
            on_command.emit(Command::SetServiceDown {
                service: service.clone(),
                down: !down,
            })
        })
    };
    html! {
        <>
            <h3 id="inspected-name">{ name }</h3>
            <p>{ if down { "Down: every call fails." } else { "Up." } }</p>
            <button id="service-toggle" type="button" onclick={toggle}>
                { if down { "Bring it back up" } else { "Take it down" } }
            </button>
        </>
    }
}

fn message_life(id: &str, history: &[TraceEvent], props: &InspectorProps) -> Html {
    html! {
        <>
            <h3 id="inspected-name">{ "Message " }<code>{ id }</code></h3>
            if history.is_empty() {
                <p>{ "No steps kept for this message (the log keeps the latest ones)." }</p>
            }
            <ol id="message-history" class="history">
                { for history.iter().map(|e| html! {
                    <li data-kind={e.kind.as_str()} data-receive-count={e.receive_count.to_string()}>
                        <time>{ e.at.to_string() }</time>{ " " }{ step_text(e, &props.queues, &props.workers, &props.groups) }
                    </li>
                }) }
            </ol>
        </>
    }
}
