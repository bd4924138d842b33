//! Drawing the topology: the SVG of a node with its live state, of an edge with its caption,
//! and the message tokens on their canvas. The interactive canvas (`canvas`) lays these out.
//!
//! SVG rather than canvas for nodes and edges: they are real elements that can be labelled for
//! screen readers, focused, clicked and found by browser tests; the number of nodes is small.
//! Tokens, thousands of them moving every frame, go on a canvas.

use yew::prelude::*;

use super::event_log::short_id;
use super::layout::{Layout, Point, NODE_HEIGHT, NODE_WIDTH};
use super::tokens::MovingToken;
use super::viewport::Viewport;
use crate::sim::snapshot::{ConsumerActivity, ConsumerSnapshot, GroupSnapshot};
use crate::sim::{Edge, EdgeKind, Node, NodeKind, Snapshot};
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// The caption under a node's label, saying what the node is.
fn caption(node: &Node, snapshot: &Snapshot) -> &'static str {
    match (node.kind, node.is_fifo()) {
        (NodeKind::Producer, _) => "producer",
        (NodeKind::Consumer, _) if snapshot.functions.iter().any(|f| f.name == node.label) => {
            "Lambda function"
        }
        (NodeKind::Consumer, _) => "consumer",
        (NodeKind::Queue, false) => "standard queue",
        (NodeKind::Queue, true) => "FIFO queue",
        (NodeKind::DeadLetterQueue, false) => "dead-letter queue",
        (NodeKind::DeadLetterQueue, true) => "FIFO dead-letter queue",
        (NodeKind::Topic, _) => "topic",
        (NodeKind::Service, _) => "downstream service",
        (NodeKind::DirectCaller, _) => "direct calls (old way)",
    }
}

/// Most tokens a queue box draws; the counts say the rest.
const MAX_TOKENS: usize = 24;

/// Most workers a consumer box draws (as many as fit across it); the text says how many run.
const WORKER_TOKENS: usize = 14;

/// What a node shows of the current state: a line of text and its tokens.
fn live_state(node: &Node, snapshot: &Snapshot) -> (String, Html) {
    match node.kind {
        NodeKind::Queue | NodeKind::DeadLetterQueue => {
            let Some(q) = snapshot.queues.iter().find(|q| q.name == node.label) else {
                return (String::new(), Html::default());
            };
            let visible = q.approximate_number_of_messages_visible;
            let in_flight = q.approximate_number_of_messages_not_visible;
            let delayed = q.approximate_number_of_messages_delayed;
            let mut text = format!("{visible} visible · {in_flight} in flight");
            if delayed > 0 {
                text.push_str(&format!(" · {delayed} delayed"));
            }
            if q.fifo && !q.groups.is_empty() {
                let blocked = q.groups.iter().filter(|g| g.blocked).count();
                text.push_str(&format!(" · {} groups, {blocked} blocked", q.groups.len()));
            }
            if q.fifo {
                // One token per message group, coloured by group; a group whose first message
                // is in flight is blocked (nothing behind it can be received) and outlined.
                let tokens = html! {
                    <g class="tokens groups" aria-hidden="true">
                        { for blocked_first(&q.groups).take(MAX_TOKENS).enumerate().map(|(i, g)| html! {
                            <rect class={classes!("token", "group", group_class(&g.id), g.blocked.then_some("blocked"))}
                                x={(10.0 + i as f64 * 7.0).to_string()} y="6" width="5.5" height={(4.0 + (g.messages.min(8) as f64) * 1.5).to_string()} rx="1">
                                <title>{ format!("group {}: {} message(s){}", g.id, g.messages, if g.blocked { ", blocked" } else { "" }) }</title>
                            </rect>
                        }) }
                    </g>
                };
                return (text, tokens);
            }
            // In-flight tokens drain as their visibility timeout ticks: the filled part is the
            // time left before the message is visible again.
            let left = |i: usize| {
                q.in_flight
                    .get(i)
                    .filter(|m| m.timeout_s > 0.0)
                    .map_or(1.0, |m| {
                        (m.visible_again_in_s / m.timeout_s).clamp(0.0, 1.0)
                    })
            };
            let states = std::iter::repeat_n(("visible", 1.0), visible)
                .chain((0..in_flight).map(|i| ("in-flight", left(i))))
                .chain(std::iter::repeat_n(("delayed", 1.0), delayed))
                .take(MAX_TOKENS);
            let tokens = html! {
                <g class="tokens" aria-hidden="true">
                    { for states.enumerate().map(|(i, (state, fill))| {
                        let x = (10.0 + i as f64 * 6.5).to_string();
                        let height = 12.0 * fill;
                        html! {
                            <>
                                <rect class={classes!("token-outline", state)} x={x.clone()} y="8" width="5" height="12" rx="1" />
                                <rect class={classes!("token", state)} x={x} y={(20.0 - height).to_string()} width="5" height={height.to_string()} rx="1" />
                            </>
                        }
                    }) }
                </g>
            };
            (text, tokens)
        }
        NodeKind::Consumer => {
            let workers: Vec<&ConsumerSnapshot> = snapshot
                .consumers
                .iter()
                .filter(|c| c.fleet == node.label)
                .collect();
            let busy = workers
                .iter()
                .filter(|w| w.activity == ConsumerActivity::Processing)
                .count();
            let crashed = workers
                .iter()
                .filter(|w| w.activity == ConsumerActivity::Crashed)
                .count();
            let running = workers
                .iter()
                .filter(|w| w.activity != ConsumerActivity::Stopped)
                .count();
            let function = snapshot.functions.iter().find(|f| f.name == node.label);
            let mut text = match function {
                Some(f) => format!("{} running · {} pollers", f.running, f.pollers),
                None => format!("{running} workers · {busy} processing"),
            };
            if let Some(f) = function.filter(|f| f.throttled > 0) {
                text.push_str(&format!(" · {} throttled", f.throttled));
            }
            if crashed > 0 {
                text.push_str(&format!(" · {crashed} crashed"));
            }
            let tokens = html! {
                <g class="workers" aria-hidden="true">
                    { for workers.iter().filter(|w| w.activity != ConsumerActivity::Stopped).take(WORKER_TOKENS).enumerate().map(|(i, w)| html! {
                        <circle class={classes!("worker", w.activity.as_str())} cx={(14.0 + i as f64 * 12.0).to_string()} cy="14" r="5">
                            <title>{ format!("{}{}", w.activity.as_str(), w.holding.as_deref().map(|id| format!(": {}", short_id(id))).unwrap_or_default()) }</title>
                        </circle>
                    }) }
                </g>
            };
            (text, tokens)
        }
        NodeKind::Service => {
            let down = snapshot
                .services
                .iter()
                .any(|s| s.name == node.label && s.down);
            let text = if down { "DOWN: every call fails" } else { "up" };
            (text.to_owned(), Html::default())
        }
        _ => (String::new(), Html::default()),
    }
}

/// Groups with blocked ones first, so that they are among the tokens drawn.
fn blocked_first(groups: &[GroupSnapshot]) -> impl Iterator<Item = &GroupSnapshot> {
    let blocked = groups.iter().filter(|g| g.blocked);
    blocked.chain(groups.iter().filter(|g| !g.blocked))
}

/// One of eight colour classes, always the same for a group id.
fn group_class(id: &str) -> String {
    let hash = id
        .bytes()
        .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    format!("g{}", hash % 8)
}

/// How a node is drawn beyond its state: selected, pointed at by a lesson, a possible (or
/// impossible) end of the connection being dragged.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Look {
    pub selected: bool,
    pub highlighted: bool,
    /// While a connection is dragged: whether this node may take it.
    pub drop: Option<bool>,
    /// Draw the port connections are dragged from.
    pub port: bool,
}

/// A node's box at `at`, with its live state. Clicks and keys are the canvas's: it reads
/// `data-node-id` from the element under the pointer.
pub fn node_view(node: &Node, at: Point, snapshot: &Snapshot, look: Look, out_port: Point) -> Html {
    let Point { x, y } = at;
    let (state, tokens) = live_state(node, snapshot);
    let caption = caption(node, snapshot);
    let classes = classes!(
        "node",
        format!("node-{}", node.kind.as_str()),
        node.is_fifo().then_some("fifo"),
        look.selected.then_some("selected"),
        look.highlighted.then_some("highlighted"),
        state.starts_with("DOWN").then_some("down"),
        match look.drop {
            Some(true) => Some("can-drop"),
            Some(false) => Some("cannot-drop"),
            None => None,
        }
    );
    let label = format!(
        "{} ({}){}",
        node.label,
        caption,
        if state.is_empty() {
            String::new()
        } else {
            format!(": {state}")
        }
    );
    // Queues are drawn with square corners; services and clients with round corners.
    let radius = match node.kind {
        NodeKind::Queue | NodeKind::DeadLetterQueue | NodeKind::Topic => "4",
        _ => "18",
    };
    html! {
        <g class={classes} transform={format!("translate({x} {y})")} data-node-id={node.id.0.clone()} data-node-kind={node.kind.as_str()}
            role="button" tabindex="0" aria-pressed={look.selected.to_string()} aria-label={label.clone()}>
            <title>{ label }</title>
            <rect class="node-box" width={NODE_WIDTH.to_string()} height={NODE_HEIGHT.to_string()} rx={radius} />
            { tokens }
            <text class="node-label" x="10" y={(NODE_HEIGHT - 36.0).to_string()}>{ &node.label }</text>
            <text class="node-caption" x="10" y={(NODE_HEIGHT - 21.0).to_string()}>{ caption }</text>
            <text class="node-state" x="10" y={(NODE_HEIGHT - 7.0).to_string()}>{ state }</text>
            if look.port {
                <circle class="port" data-port="out" cx={(out_port.x - x).to_string()} cy={(out_port.y - y).to_string()} r="7">
                    <title>{ "Drag from here to connect" }</title>
                </circle>
            }
        </g>
    }
}

/// Token colours by kind (the same Okabe–Ito colours as style.css).
fn token_colour(kind: &str) -> &'static str {
    match kind {
        "sent" => "#0072b2",
        "received" => "#e69f00",
        _ => "#d55e00",
    }
}

/// Draws the tokens on their way on a canvas laid over the diagram, through the same
/// viewport as the SVG: thousands of tokens move every frame, which as SVG elements would cost
/// the page its frame rate.
pub fn draw_tokens(canvas: &HtmlCanvasElement, view: Viewport, tokens: &[MovingToken]) {
    let ratio = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
    let (css_width, css_height) = (
        f64::from(canvas.client_width()),
        f64::from(canvas.client_height()),
    );
    if css_width <= 0.0 || css_height <= 0.0 {
        return;
    }
    let (width, height) = (
        (css_width * ratio).round() as u32,
        (css_height * ratio).round() as u32,
    );
    if canvas.width() != width || canvas.height() != height {
        canvas.set_width(width);
        canvas.set_height(height);
    }
    let Some(context) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    let _ = context.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
    context.clear_rect(0.0, 0.0, f64::from(width), f64::from(height));
    let scale = view.zoom * ratio;
    let _ = context.set_transform(
        scale,
        0.0,
        0.0,
        scale,
        view.pan_x * ratio,
        view.pan_y * ratio,
    );
    for kind in ["sent", "received", "moved"] {
        context.set_fill_style_str(token_colour(kind));
        context.begin_path();
        for token in tokens.iter().filter(|t| t.kind == kind) {
            context.move_to(token.at.x + 4.0, token.at.y);
            let _ = context.arc(token.at.x, token.at.y, 4.0, 0.0, std::f64::consts::TAU);
        }
        context.fill();
    }
    // For tests and assistive tools: how many are drawn, and where the first is.
    canvas
        .set_attribute("data-count", &tokens.len().to_string())
        .ok();
    let first = tokens
        .first()
        .map(|t| format!("{:.1} {:.1} {}", t.at.x, t.at.y, t.message_id))
        .unwrap_or_default();
    canvas.set_attribute("data-first", &first).ok();
}

/// What an edge means, in words (its label for screen readers and the inspector).
pub fn edge_words(edge: &Edge, from: &str, to: &str) -> String {
    match edge.kind {
        EdgeKind::Sends => format!("{from} sends to {to}"),
        EdgeKind::Delivers => format!("{to} polls {from}"),
        EdgeKind::Redrive => format!("{from} moves failed messages to {to}"),
        EdgeKind::FansOut => format!("{to} is subscribed to {from}"),
        EdgeKind::Calls => format!("{from} calls {to}"),
    }
}

/// An edge along its curve, with its caption and a wide invisible stroke that takes clicks.
/// `index` is its place in the topology's edges (`data-edge-index`, read by the canvas).
pub fn edge_view(
    edge: &Edge,
    index: usize,
    layout: &Layout,
    selected: bool,
    words: String,
) -> Option<Html> {
    let curve = layout.curve(edge)?;
    let (start, end, path) = (curve.start, curve.end, curve.path());
    let caption = match edge.kind {
        EdgeKind::Sends => "SendMessage",
        EdgeKind::Delivers => "ReceiveMessage",
        EdgeKind::Redrive => "maxReceiveCount",
        EdgeKind::FansOut => "subscription",
        EdgeKind::Calls => "calls",
    };
    let (label_x, label_y) = match edge.kind {
        EdgeKind::Redrive => (start.x + 8.0, (start.y + end.y) / 2.0 + 4.0),
        // Above the higher end of the curve, so that the text never sits on the line.
        _ => ((start.x + end.x) / 2.0, start.y.min(end.y) - 10.0),
    };
    let anchor = if edge.kind == EdgeKind::Redrive {
        "start"
    } else {
        "middle"
    };
    Some(html! {
        <g class={classes!("edge", format!("edge-{}", edge.kind.as_str()), selected.then_some("selected"))} data-edge-kind={edge.kind.as_str()}
            data-edge-index={index.to_string()} role="button" tabindex="0" aria-pressed={selected.to_string()} aria-label={words}>
            <path class="edge-hit" d={path.clone()} />
            <path d={path} marker-end="url(#arrow)" />
            <text class="edge-label" x={label_x.to_string()} y={label_y.to_string()} text-anchor={anchor}>{ caption }</text>
        </g>
    })
}
