//! The event log: every step of every message, newest first, filterable by queue, consumer,
//! message and kind. It follows the clock (it shows the trace up to now). A line is a button
//! that opens that message's life in the inspector.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::sim::trace::{TraceEvent, TraceKind};
use crate::sim::SimTime;

/// Most lines shown at once.
const MAX_LINES: usize = 200;

/// How a step reads in the log.
pub fn kind_text(kind: TraceKind) -> &'static str {
    match kind {
        TraceKind::Sent => "sent",
        TraceKind::DelayEnded => "delay ended",
        TraceKind::Received => "received",
        TraceKind::VisibilityExpired => "visibility timeout expired",
        TraceKind::ProcessingFailed => "processing failed",
        TraceKind::Deleted => "deleted",
        TraceKind::MovedToDeadLetterQueue => "moved to the dead-letter queue",
        TraceKind::Expired => "expired (retention)",
        TraceKind::Purged => "purged",
        TraceKind::AbandonedByCrash => "abandoned by a crashed consumer",
    }
}

pub struct EventLogProps {
    /// The latest trace events, oldest first.
    pub events: Rc<Vec<TraceEvent>>,
    /// Queue names by scenario index.
    pub queues: Rc<Vec<String>>,
    /// Consumer fleet names by worker index.
    pub workers: Rc<Vec<String>>,
    /// FIFO message group ids by the number sent steps carry.
    pub groups: Rc<Vec<String>>,
    pub on_select_message: Callback<String>,
    /// Autoscaling decisions so far: when, which fleet, what (in words).
    pub scaling: Rc<Vec<(SimTime, String, String)>>,
    /// The filter (the app keeps it, so that it outlives the tab).
    pub filter: Filter,
    pub on_filter: Callback<Filter>,
}

/// What the log shows: everything, or the steps of one kind, queue, fleet or message.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    kind: Option<TraceKind>,
    /// Only the autoscaling decisions.
    scaling: bool,
    queue: Option<usize>,
    fleet: Option<String>,
    message: String,
}

impl Filter {
    fn keeps(&self, event: &TraceEvent, workers: &[String]) -> bool {
        !self.scaling
            && self.kind.is_none_or(|k| k == event.kind)
            && self.queue.is_none_or(|q| q == event.queue)
            && self.fleet.as_ref().is_none_or(|fleet| {
                event
                    .consumer
                    .and_then(|w| workers.get(w))
                    .is_some_and(|f| f == fleet)
            })
            && (self.message.is_empty() || event.message_id.to_string().contains(&self.message))
    }
}

pub fn event_log(props: &EventLogProps) -> Html {
    let filter = &props.filter;
    let set = |update: fn(&mut Filter, String)| {
        let (filter, on_filter) = (filter.clone(), props.on_filter.clone());
        Callback::from(move |value: String| {
            let mut next = filter.clone();
            update(&mut next, value);
            on_filter.emit(next);
        })
    };
    let select_value = |callback: Callback<String>| {
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            callback.emit(select.value());
        })
    };
    let on_kind = select_value(set(|f, v| {
        f.kind = TraceKind::ALL.into_iter().find(|k| k.as_str() == v);
        f.scaling = v == "scaling";
    }));
    let on_queue = select_value(set(|f, v| f.queue = v.parse().ok()));
    let on_fleet = select_value(set(|f, v| f.fleet = (!v.is_empty()).then_some(v)));
    let on_message = {
        // Message ids are ASCII (hex and dashes): no Unicode case tables needed.
        let callback = set(|f, v| f.message = v.trim().to_ascii_lowercase());
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            callback.emit(input.value());
        })
    };
    let mut fleets: Vec<&String> = props.workers.iter().collect();
    fleets.dedup();
    let mut lines: Vec<(SimTime, Html)> = props
        .events
        .iter()
        .rev()
        .filter(|e| filter.keeps(e, &props.workers))
        .take(MAX_LINES)
        .map(|e| (e.at, log_line(e, props)))
        .collect();
    // Scaling decisions among the steps, newest first (a few a run, so all of them, below the
    // steps when older): shown unless the filter asks for a kind of step, a queue or a
    // message; a fleet filter keeps its own.
    let scaling = props.scaling.iter().filter(|(_, fleet, _)| {
        filter.kind.is_none()
            && filter.queue.is_none()
            && filter.message.is_empty()
            && filter.fleet.as_ref().is_none_or(|f| f == fleet)
    });
    for (at, fleet, text) in scaling {
        let line = html! {
            <li class="scaling" data-kind="scaling"><time>{ at.to_string() }</time>{ format!(" {fleet} scaled {text}") }</li>
        };
        let place = lines
            .iter()
            .position(|(t, _)| t < at)
            .unwrap_or(lines.len());
        lines.insert(place, (*at, line));
    }
    html! {
        <section class="panel event-log" aria-label="Event log">
            <h2>{ "Event log" }</h2>
            <div class="filters">
                <label>{ "Kind " }
                    <select id="log-kind" onchange={on_kind}>
                        <option value="" selected={filter.kind.is_none()}>{ "all" }</option>
                        { for TraceKind::ALL.iter().map(|k| html! { <option value={k.as_str()} selected={filter.kind == Some(*k)}>{ kind_text(*k) }</option> }) }
                        if !props.scaling.is_empty() {
                            <option value="scaling" selected={filter.scaling}>{ "autoscaling decisions" }</option>
                        }
                    </select>
                </label>
                <label>{ "Queue " }
                    <select id="log-queue" onchange={on_queue}>
                        <option value="" selected={filter.queue.is_none()}>{ "all" }</option>
                        { for props.queues.iter().enumerate().map(|(i, q)| html! { <option value={i.to_string()} selected={filter.queue == Some(i)}>{ q }</option> }) }
                    </select>
                </label>
                <label>{ "Consumer " }
                    <select id="log-consumer" onchange={on_fleet}>
                        <option value="" selected={filter.fleet.is_none()}>{ "all" }</option>
                        { for fleets.iter().map(|f| html! { <option value={(*f).clone()} selected={filter.fleet.as_ref() == Some(*f)}>{ f }</option> }) }
                    </select>
                </label>
                <label>{ "Message " }
                    <input id="log-message" type="search" placeholder="MessageId" value={filter.message.clone()} oninput={on_message} />
                </label>
            </div>
            <ol id="log" class="log" aria-live="off">
                { for lines.into_iter().map(|(_, line)| line) }
            </ol>
        </section>
    }
}

/// One step in words: "orders: received by order-processor #3, ApproximateReceiveCount 2".
pub fn step_text(
    event: &TraceEvent,
    queues: &[String],
    workers: &[String],
    groups: &[String],
) -> String {
    let queue = queues.get(event.queue).map_or("", String::as_str);
    let mut text = format!("{queue}: {}", kind_text(event.kind));
    if let Some(group) = event.group.and_then(|g| groups.get(g as usize)) {
        text.push_str(&format!(" in group {group}"));
    }
    if let Some((w, fleet)) = event.consumer.and_then(|w| Some((w, workers.get(w)?))) {
        text.push_str(&format!(" by {fleet} #{w}"));
    }
    if event.receive_count > 0 {
        text.push_str(&format!(
            ", ApproximateReceiveCount {}",
            event.receive_count
        ));
    }
    text
}

fn log_line(event: &TraceEvent, props: &EventLogProps) -> Html {
    let id = event.message_id.to_string();
    let onclick = {
        let (select, id) = (props.on_select_message.clone(), id.clone());
        Callback::from(move |_: MouseEvent| select.emit(id.clone()))
    };
    html! {
        <li data-kind={event.kind.as_str()} data-message-id={id.clone()}
            data-group={event.group.and_then(|g| props.groups.get(g as usize).cloned())}>
            <button type="button" class="log-line" {onclick}>
                <time>{ event.at.to_string() }</time>
                { format!(" {} {}", short_id(&id), step_text(event, &props.queues, &props.workers, &props.groups)) }
            </button>
        </li>
    }
}

/// The first block of a MessageId: enough to tell messages apart on screen.
pub fn short_id(id: &str) -> &str {
    id.split('-').next().unwrap_or(id)
}
