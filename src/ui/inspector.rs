//! The inspector: the selection's settings, every one of them editable, or one message's whole
//! life on a small timeline.
//!
//! Nothing selected shows the scenario's own settings; a node shows its fields (`fields`), its
//! connections, "Connect to…" (the nodes the model allows, for the keyboard) and Delete; an
//! edge shows what it means and, for a redrive, its maxReceiveCount. Each field is written
//! through the scenario's own validation; a refusal is shown at the field and the scenario
//! keeps its value.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::event_log::{short_id, step_text};
use super::fields::{Field, Input};
use super::shared::Shared;
use super::topology_view::edge_words;
use crate::sim::design::Spot;
use crate::sim::trace::TraceEvent;
use crate::sim::{Edge, EdgeKind, NodeId, Snapshot, Topology};

/// What the inspector shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Inspected {
    /// Nothing selected: the scenario itself.
    Scenario,
    Node {
        id: NodeId,
        spot: Spot,
        /// The nodes "Connect to…" offers.
        targets: Vec<NodeId>,
    },
    Edge(Edge),
    Message {
        id: String,
        history: Vec<TraceEvent>,
    },
}

/// A refusal shown at a field: the field's path and the reason.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    pub path: String,
    pub message: String,
}

#[derive(PartialEq)]
pub struct InspectorProps {
    pub inspected: Inspected,
    /// The fields of the selection (empty for a message).
    pub fields: Rc<Vec<Field>>,
    pub topology: Shared<Topology>,
    pub snapshot: Shared<Snapshot>,
    /// Queue names by scenario index, consumer fleets by worker index (for the history).
    pub queues: Rc<Vec<String>>,
    pub workers: Rc<Vec<String>>,
    pub groups: Rc<Vec<String>>,
    pub field_error: Option<FieldError>,
    /// The last refused edit or command, shown under the inspector's content.
    pub error: Option<String>,
    /// The clock is past 0: live fields apply now rather than restarting the run.
    pub running: bool,
    pub on_field: Callback<(Field, String)>,
    pub on_connect: Callback<(NodeId, NodeId)>,
    pub on_delete: Callback<()>,
    pub on_select_node: Callback<Option<NodeId>>,
    pub on_select_edge: Callback<Edge>,
    /// Opens a message's life (from a worker that holds it).
    pub on_select_message: Callback<String>,
}

pub fn inspector(props: &InspectorProps) -> Html {
    let label = |id: &NodeId| {
        props
            .topology
            .node(id)
            .map_or_else(|| id.0.clone(), |n| n.label.clone())
    };
    let close = props.on_select_node.reform(|_: MouseEvent| None);
    let body = match &props.inspected {
        Inspected::Scenario => html! {
            <>
                <h3 id="inspected-name">{ "The scenario" }</h3>
                <p class="hint">{ "Select a node or a connection on the diagram to edit it; add nodes from the palette." }</p>
                { field_list(props) }
            </>
        },
        Inspected::Node { id, targets, .. } => {
            let connections = props
                .topology
                .edges
                .iter()
                .filter(|e| &e.from == id || &e.to == id)
                .map(|edge| {
                    let words = edge_words(edge, &label(&edge.from), &label(&edge.to));
                    let select = props.on_select_edge.reform({
                        let edge = edge.clone();
                        move |_: MouseEvent| edge.clone()
                    });
                    html! { <li><button type="button" class="link" onclick={select}>{ words }</button></li> }
                });
            html! {
                <>
                    <h3 id="inspected-name">{ label(id) }</h3>
                    { field_list(props) }
                    <h4>{ "Connections" }</h4>
                    <ul id="connections" class="connections">{ for connections }</ul>
                    { connect_to(id, targets, props, &label) }
                    { live_state(id, props) }
                    <button id="delete-node" type="button" class="danger" onclick={props.on_delete.reform(|_: MouseEvent| ())}
                        aria-keyshortcuts="Delete">{ "Delete this node" }</button>
                </>
            }
        }
        Inspected::Edge(edge) => html! {
            <>
                <h3 id="inspected-name">{ edge_words(edge, &label(&edge.from), &label(&edge.to)) }</h3>
                if edge.kind == EdgeKind::Redrive {
                    <p class="hint">{ "After maxReceiveCount receives, the next receive moves the message to the dead-letter queue instead of returning it." }</p>
                }
                { field_list(props) }
                <button id="delete-edge" type="button" class="danger" onclick={props.on_delete.reform(|_: MouseEvent| ())}
                    aria-keyshortcuts="Delete">{ "Remove this connection" }</button>
            </>
        },
        Inspected::Message { id, history } => message_life(id, history, props),
    };
    html! {
        <section class="panel inspector" aria-label="Inspector">
            <h2>
                { "Inspector" }
                if props.inspected != Inspected::Scenario {
                    <button type="button" class="close" aria-label="Close the inspector" onclick={close}>{ "×" }</button>
                }
            </h2>
            { body }
            if let Some(error) = &props.error {
                <p id="inspector-error" class="error" role="alert">{ error }</p>
            }
        </section>
    }
}

/// The selection's fields, each with its refusal if it has one.
fn field_list(props: &InspectorProps) -> Html {
    if props.fields.is_empty() {
        return Html::default();
    }
    let live_note = if props.running {
        "Fields marked ● apply at this moment of the run; changing any other restarts the run from 0 on the same seed."
    } else {
        "A change restarts the run from 0 on the same seed."
    };
    html! {
        <>
            <form class="fields" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                { for props.fields.iter().map(|field| field_row(field, props)) }
            </form>
            <p class="hint">{ live_note }</p>
        </>
    }
}

fn field_row(field: &Field, props: &InspectorProps) -> Html {
    let emit = {
        let (on_field, field) = (props.on_field.clone(), field.clone());
        move |text: String| on_field.emit((field.clone(), text))
    };
    let id = format!(
        "field-{}",
        field.path.replace(['[', '.'], "-").replace(']', "")
    );
    let input = match field.input {
        Input::Flag => {
            let onchange = Callback::from(move |event: Event| {
                let input: HtmlInputElement = event.target_unchecked_into();
                emit(input.checked().to_string())
            });
            html! { <input id={id.clone()} type="checkbox" name={field.label.clone()} data-path={field.path.clone()} checked={field.value == "true"} {onchange} /> }
        }
        Input::Choice(choices) => {
            let onchange = Callback::from(move |event: Event| {
                let select: HtmlSelectElement = event.target_unchecked_into();
                emit(select.value())
            });
            html! {
                <select id={id.clone()} name={field.label.clone()} data-path={field.path.clone()} {onchange}>
                    if field.optional || field.value.is_empty() {
                        <option value="" selected={field.value.is_empty()}>{ format!("default ({})", field.placeholder) }</option>
                    }
                    { for choices.iter().map(|c| html! { <option value={*c} selected={field.value == *c}>{ *c }</option> }) }
                </select>
            }
        }
        _ => {
            let onchange = Callback::from(move |event: Event| {
                let input: HtmlInputElement = event.target_unchecked_into();
                emit(input.value())
            });
            let numeric = matches!(
                field.input,
                Input::Number | Input::Integer | Input::Attribute
            );
            html! {
                <input id={id.clone()} type="text" name={field.label.clone()} data-path={field.path.clone()} value={field.value.clone()}
                    placeholder={field.placeholder.clone()} inputmode={numeric.then_some("decimal")} spellcheck="false" {onchange} />
            }
        }
    };
    let error = props.field_error.as_ref().filter(|e| e.path == field.path);
    html! {
        <>
            <label class={classes!("attribute", field.live.then_some("live"))} for={id}>
                <span>{ &field.label }if field.live { <span class="live-mark" title="applies at this moment of the run">{ " ●" }</span> }</span>
                { input }
            </label>
            if let Some(error) = error {
                <p id="field-error" class="error field-error" role="alert">{ &error.message }</p>
            }
            if !field.warning.is_empty() {
                <p class="warning field-warning">{ format!("AWS refuses this: {}", field.warning) }</p>
            }
        </>
    }
}

/// "Connect to…": the nodes the model lets this one connect to, for keyboard users.
fn connect_to(
    id: &NodeId,
    targets: &[NodeId],
    props: &InspectorProps,
    label: &dyn Fn(&NodeId) -> String,
) -> Html {
    if targets.is_empty() {
        return html! { <p class="hint">{ "Nothing it can connect to yet." }</p> };
    }
    // Read when the button is pressed.
    let select = NodeRef::default();
    let onclick = {
        let (select, on_connect, from) = (select.clone(), props.on_connect.clone(), id.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(select) = select.cast::<HtmlSelectElement>() {
                on_connect.emit((from.clone(), NodeId(select.value())));
            }
        })
    };
    html! {
        <div class="connect-to">
            <label for="connect-to">{ "Connect to…" }</label>
            <select id="connect-to" ref={select}>
                { for targets.iter().map(|t| html! { <option value={t.0.clone()}>{ label(t) }</option> }) }
            </select>
            <button id="connect-button" type="button" {onclick}>{ "Connect" }</button>
        </div>
    }
}

/// What a consumer fleet's workers are doing now, each message they hold a link to its life.
fn live_state(id: &NodeId, props: &InspectorProps) -> Html {
    let Some(node) = props.topology.node(id) else {
        return Html::default();
    };
    let workers = props
        .snapshot
        .consumers
        .iter()
        .enumerate()
        .filter(|(_, c)| c.fleet == node.label)
        .map(|(w, c)| {
            let activity = c.activity.as_str();
            let held = c.holding.clone().map(|id| {
                let (select, shown) = (props.on_select_message.clone(), short_id(&id).to_owned());
                let onclick = Callback::from(move |_: MouseEvent| select.emit(id.clone()));
                html! { <>{ " " }<button type="button" class="link" {onclick}>{ shown }</button></> }
            });
            html! { <li data-activity={activity}>{ format!("#{w} {activity}") }{ held }</li> }
        })
        .collect::<Vec<_>>();
    if workers.is_empty() {
        return Html::default();
    }
    html! {
        <>
            <h4>{ "Workers now" }</h4>
            <ul id="workers" class="workers-list">{ for workers }</ul>
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
