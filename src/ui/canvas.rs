//! The canvas: the diagram the workspace is built on.
//!
//! Pan by dragging the background, zoom with the wheel, a pinch or the buttons, fit the whole
//! drawing with "Fit". Select a node or an edge by clicking it (or Tab to it and press Enter),
//! move a node by dragging it, connect two nodes by dragging from a node's port (the dot on
//! its outgoing side) to the other: while dragging, the nodes that may take the connection are
//! marked, as `Scenario::connection_targets` says. Gestures become requests to the app
//! (select, move, connect); the design itself changes only there, and a refused connection
//! comes back as a `Refusal` shown where the pointer let go.
//!
//! The view (pan and zoom) is the canvas's own: it fits the drawing when another scenario is
//! opened, and keeps fitting as the drawing grows until someone pans or zooms by hand.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlCanvasElement, HtmlElement};
use yew::prelude::*;

use super::layout::{Flow, Layout, Point};
use super::shared::Shared;
use super::tokens::{hit, MovingToken};
use super::topology_view::{draw_tokens, edge_view, edge_words, node_view, Look};
use super::viewport::{Viewport, STEP};
use crate::sim::{Edge, NodeId, Scenario, Snapshot, Topology};

/// A connection dragged from one node to another, and where the pointer let go (canvas
/// pixels), where a refusal is shown.
#[derive(Clone, Debug, PartialEq)]
pub struct ConnectRequest {
    pub from: NodeId,
    pub to: NodeId,
    pub at: Point,
}

/// Why the last connection was refused, shown next to where the pointer let go.
#[derive(Clone, Debug, PartialEq)]
pub struct Refusal {
    pub message: String,
    pub at: Point,
}

#[derive(Properties, PartialEq)]
pub struct CanvasProps {
    pub topology: Shared<Topology>,
    pub layout: Shared<Layout>,
    pub snapshot: Shared<Snapshot>,
    /// Tokens travelling along edges now.
    pub moving: Shared<Vec<MovingToken>>,
    /// Names of the nodes a lesson's step points at.
    pub highlighted: Rc<Vec<String>>,
    #[prop_or_default]
    pub selected_node: Option<NodeId>,
    #[prop_or_default]
    pub selected_edge: Option<Edge>,
    /// The design being built, to offer connections; `None` draws a read-only diagram.
    #[prop_or_default]
    pub design: Option<Shared<Scenario>>,
    /// A node clicked, or `None` for the background.
    #[prop_or_default]
    pub on_select: Callback<Option<NodeId>>,
    #[prop_or_default]
    pub on_select_edge: Callback<Edge>,
    #[prop_or_default]
    pub on_select_message: Callback<String>,
    /// A node dragged to a new top-left corner (drawing units).
    #[prop_or_default]
    pub on_move: Callback<(NodeId, Point)>,
    #[prop_or_default]
    pub on_connect: Callback<ConnectRequest>,
    #[prop_or_default]
    pub refusal: Option<Rc<Refusal>>,
    /// Changes when the drawing should fit the canvas again (another scenario was opened).
    #[prop_or_default]
    pub fit_key: u32,
    /// Fill the parent's height (the workspace) rather than take the drawing's proportions
    /// (an embed, a narrow screen).
    #[prop_or_default]
    pub fill: bool,
}

/// What the pointer is doing.
#[derive(Clone, Debug, Default)]
enum Gesture {
    #[default]
    Idle,
    /// Pressed on a node: a click, or a move once it travels.
    Node {
        id: NodeId,
        start: Point,
        origin: Point,
        moved: bool,
    },
    Edge(usize),
    /// Dragging a connection from a node's port.
    Connect {
        from: NodeId,
    },
    /// Pressed on the background: a click, or a pan once it travels.
    Background {
        start: Point,
        view: Viewport,
        moved: bool,
    },
    /// Two pointers: zoom by how far apart they move.
    Pinch {
        distance: f64,
        centre: Point,
        view: Viewport,
    },
}

/// How far (CSS pixels) a press travels before it is a drag rather than a click.
const DRAG_SLOP: f64 = 4.0;

/// The canvas's state between events.
#[derive(Default)]
struct State {
    view: Viewport,
    /// The view is the last fit (nobody panned or zoomed since), so it keeps fitting.
    fitted: bool,
    fit_key: Option<u32>,
    gesture: Gesture,
    /// Pointers down, by id, at canvas points.
    pointers: Vec<(i32, Point)>,
    /// A node being dragged, where it would land.
    preview: Option<(NodeId, Point)>,
    /// The loose end of a connection being dragged (drawing units), and where it may land.
    rubber: Option<Point>,
    targets: Vec<NodeId>,
    /// The props an event handler needs that outlive one render.
    layout: Shared<Layout>,
    moving: Shared<Vec<MovingToken>>,
}

type StateCell = Rc<RefCell<State>>;

/// The canvas point of a pointer event: CSS pixels from the SVG's top-left corner. (Yew
/// delegates events from the page's root, so `current_target` is not the SVG.)
fn canvas_point(event: &MouseEvent, svg: &NodeRef) -> Point {
    let Some(svg) = svg.cast::<Element>() else {
        return Point { x: 0.0, y: 0.0 };
    };
    let rect = svg.get_bounding_client_rect();
    Point {
        x: f64::from(event.client_x()) - rect.left(),
        y: f64::from(event.client_y()) - rect.top(),
    }
}

/// The node id and edge index at or above the event's target, and whether it is a port.
fn target_of(event: &Event) -> (Option<NodeId>, Option<usize>, bool) {
    let Some(element) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return (None, None, false);
    };
    let closest = |selector: &str| element.closest(selector).ok().flatten();
    let port = closest("[data-port]").is_some();
    let node = closest("[data-node-id]")
        .and_then(|e| e.get_attribute("data-node-id"))
        .map(NodeId);
    let edge = closest("[data-edge-index]")
        .and_then(|e| e.get_attribute("data-edge-index"))
        .and_then(|i| i.parse().ok());
    (node, edge, port)
}

/// The size of an element in CSS pixels.
fn size_of(node: &NodeRef) -> Option<(f64, f64)> {
    let element = node.cast::<Element>()?;
    let rect = element.get_bounding_client_rect();
    Some((rect.width(), rect.height()))
}

#[function_component(Canvas)]
pub fn canvas(props: &CanvasProps) -> Html {
    let state: StateCell = use_mut_ref(State::default);
    let redraw = use_force_update();
    let svg = use_node_ref();
    let figure = use_node_ref();
    let tip = use_node_ref();
    let tokens = use_node_ref();
    // The tokens are drawn after each render, through the same view as the SVG.
    {
        let (tokens, view) = (tokens.clone(), state.borrow().view);
        use_effect_with((props.moving.clone(), view), move |(moving, view)| {
            if let Some(canvas) = tokens.cast::<HtmlCanvasElement>() {
                draw_tokens(&canvas, *view, moving);
            }
        });
    }
    // A refusal sits where the pointer let go (CSSOM: the page's CSP forbids style attributes).
    {
        let tip = tip.clone();
        use_effect_with(props.refusal.clone(), move |refusal| {
            if let (Some(refusal), Some(tip)) = (refusal, tip.cast::<HtmlElement>()) {
                let style = tip.style();
                let _ = style.set_property("left", &format!("{:.0}px", refusal.at.x));
                let _ = style.set_property("top", &format!("{:.0}px", refusal.at.y + 12.0));
            }
        });
    }
    {
        let mut s = state.borrow_mut();
        s.layout = props.layout.clone();
        s.moving = props.moving.clone();
    }

    // Fit when another scenario is opened, and whenever the drawing changes while fitted.
    {
        let (state, svg, figure, redraw) =
            (state.clone(), svg.clone(), figure.clone(), redraw.clone());
        use_effect_with(
            (props.fit_key, props.layout.clone(), props.fill),
            move |(key, layout, fill)| {
                if !fill {
                    // The drawing's proportions (CSSOM: the page's CSP forbids style attributes).
                    if let Some(figure) = figure.cast::<HtmlElement>() {
                        let ratio = format!("{:.0} / {:.0}", layout.width, layout.height);
                        let _ = figure.style().set_property("aspect-ratio", &ratio);
                    }
                }
                let mut s = state.borrow_mut();
                if s.fitted || s.fit_key != Some(*key) {
                    if let Some((width, height)) = size_of(&svg) {
                        s.view = Viewport::fit(layout, width, height);
                        s.fitted = true;
                        s.fit_key = Some(*key);
                        drop(s);
                        redraw.force_update();
                    }
                }
            },
        );
    }
    // A resized window refits a fitted drawing; the wheel zooms (not passive: it must not
    // also scroll the page).
    {
        let (state, svg, redraw) = (state.clone(), svg.clone(), redraw.clone());
        use_effect_with((), move |_| {
            let window = web_sys::window().expect("a page has a window");
            let resize = {
                let (state, svg, redraw) = (state.clone(), svg.clone(), redraw.clone());
                EventListener::new(&window, "resize", move |_| {
                    let mut s = state.borrow_mut();
                    if let (true, Some((width, height))) = (s.fitted, size_of(&svg)) {
                        s.view = Viewport::fit(&s.layout.clone(), width, height);
                        drop(s);
                        redraw.force_update();
                    }
                })
            };
            let svg_for_points = svg.clone();
            let wheel = svg.cast::<Element>().map(|element| {
                let options = EventListenerOptions::enable_prevent_default();
                EventListener::new_with_options(&element, "wheel", options, move |event| {
                    let Some(wheel) = event.dyn_ref::<WheelEvent>() else {
                        return;
                    };
                    event.prevent_default();
                    let factor = if wheel.delta_y() < 0.0 {
                        STEP
                    } else {
                        1.0 / STEP
                    };
                    let mut s = state.borrow_mut();
                    s.view = s.view.zoomed(factor, canvas_point(wheel, &svg_for_points));
                    s.fitted = false;
                    drop(s);
                    redraw.force_update();
                })
            });
            move || drop((resize, wheel))
        });
    }

    let editable = props.design.is_some();
    let on_down = {
        let (state, design, svg) = (state.clone(), props.design.clone(), svg.clone());
        Callback::from(move |event: PointerEvent| {
            if event.button() != 0 {
                return;
            }
            let point = canvas_point(&event, &svg);
            let mut s = state.borrow_mut();
            s.pointers.retain(|(id, _)| *id != event.pointer_id());
            s.pointers.push((event.pointer_id(), point));
            if let [(_, a), (_, b)] = s.pointers[..] {
                s.gesture = Gesture::Pinch {
                    distance: (a.x - b.x).hypot(a.y - b.y).max(1.0),
                    centre: Point {
                        x: (a.x + b.x) / 2.0,
                        y: (a.y + b.y) / 2.0,
                    },
                    view: s.view,
                };
                s.preview = None;
                s.rubber = None;
                return;
            }
            let (node, edge, port) = target_of(&event);
            s.gesture = match (node, edge) {
                (Some(from), _) if port && design.is_some() => {
                    let design = design.as_ref().expect("checked");
                    s.targets = design.connection_targets(&from);
                    Gesture::Connect { from }
                }
                (Some(id), _) => {
                    let origin = s.layout.position(&id).unwrap_or(Point { x: 0.0, y: 0.0 });
                    Gesture::Node {
                        id,
                        start: point,
                        origin,
                        moved: false,
                    }
                }
                (None, Some(index)) => Gesture::Edge(index),
                (None, None) => Gesture::Background {
                    start: point,
                    view: s.view,
                    moved: false,
                },
            };
            // The rest of the gesture comes to the SVG wherever the pointer goes.
            if let Some(svg) = svg.cast::<Element>() {
                let _ = svg.set_pointer_capture(event.pointer_id());
            }
        })
    };
    let on_move = {
        let (state, redraw, svg) = (state.clone(), redraw.clone(), svg.clone());
        Callback::from(move |event: PointerEvent| {
            let point = canvas_point(&event, &svg);
            let mut s = state.borrow_mut();
            if let Some(pointer) = s
                .pointers
                .iter_mut()
                .find(|(id, _)| *id == event.pointer_id())
            {
                pointer.1 = point;
            }
            let travelled = |start: Point| (point.x - start.x).hypot(point.y - start.y) > DRAG_SLOP;
            let zoom = s.view.zoom;
            match s.gesture.clone() {
                Gesture::Node {
                    id,
                    start,
                    origin,
                    moved,
                } if editable && (moved || travelled(start)) => {
                    let to = Point {
                        x: origin.x + (point.x - start.x) / zoom,
                        y: origin.y + (point.y - start.y) / zoom,
                    };
                    s.preview = Some((id.clone(), to));
                    s.gesture = Gesture::Node {
                        id,
                        start,
                        origin,
                        moved: true,
                    };
                }
                Gesture::Connect { .. } => s.rubber = Some(s.view.to_drawing(point)),
                Gesture::Background { start, view, moved } if moved || travelled(start) => {
                    s.view = view.panned(point.x - start.x, point.y - start.y);
                    s.fitted = false;
                    s.gesture = Gesture::Background {
                        start,
                        view,
                        moved: true,
                    };
                }
                Gesture::Pinch {
                    distance,
                    centre,
                    view,
                } => {
                    if let [(_, a), (_, b)] = s.pointers[..] {
                        let now = (a.x - b.x).hypot(a.y - b.y);
                        s.view = view.zoomed(now / distance, centre);
                        s.fitted = false;
                    }
                }
                _ => return,
            }
            drop(s);
            redraw.force_update();
        })
    };
    let on_up = {
        let (state, redraw, svg) = (state.clone(), redraw.clone(), svg.clone());
        let (on_select, on_select_edge, on_select_message) = (
            props.on_select.clone(),
            props.on_select_edge.clone(),
            props.on_select_message.clone(),
        );
        let (on_move, on_connect, topology) = (
            props.on_move.clone(),
            props.on_connect.clone(),
            props.topology.clone(),
        );
        Callback::from(move |event: PointerEvent| {
            let point = canvas_point(&event, &svg);
            let mut s = state.borrow_mut();
            s.pointers.retain(|(id, _)| *id != event.pointer_id());
            let gesture = std::mem::take(&mut s.gesture);
            let preview = s.preview.take();
            s.rubber = None;
            let at = s.view.to_drawing(point);
            let (layout, moving, zoom) = (s.layout.clone(), s.moving.clone(), s.view.zoom);
            drop(s);
            match gesture {
                Gesture::Node {
                    id, moved: false, ..
                } => on_select.emit(Some(id)),
                Gesture::Node { id, .. } => {
                    if let Some((_, to)) = preview.filter(|(moved, _)| *moved == id) {
                        on_move.emit((id, to));
                    }
                }
                // Tokens travel along edges: one under the click wins over its edge.
                Gesture::Edge(index) => match hit(&moving, at, 8.0 / zoom.max(0.1)) {
                    Some(token) => on_select_message.emit(token.message_id.to_string()),
                    None => {
                        if let Some(edge) = topology.edges.get(index) {
                            on_select_edge.emit(edge.clone());
                        }
                    }
                },
                Gesture::Connect { from } => {
                    if let Some(to) = layout.node_at(at).filter(|to| **to != from) {
                        on_connect.emit(ConnectRequest {
                            from,
                            to: to.clone(),
                            at: point,
                        });
                    }
                }
                Gesture::Background { moved: false, .. } => {
                    // A token under the click opens its message; else the background clears
                    // the selection.
                    match hit(&moving, at, 8.0 / zoom.max(0.1)) {
                        Some(token) => on_select_message.emit(token.message_id.to_string()),
                        None => on_select.emit(None),
                    }
                }
                _ => {}
            }
            redraw.force_update();
        })
    };
    let on_cancel = {
        let (state, redraw) = (state.clone(), redraw.clone());
        Callback::from(move |_: PointerEvent| {
            let mut s = state.borrow_mut();
            s.gesture = Gesture::Idle;
            s.pointers.clear();
            s.preview = None;
            s.rubber = None;
            drop(s);
            redraw.force_update();
        })
    };
    let on_key = {
        let (on_select, on_select_edge, topology) = (
            props.on_select.clone(),
            props.on_select_edge.clone(),
            props.topology.clone(),
        );
        Callback::from(move |event: KeyboardEvent| {
            // Enter only: Space plays and pauses everywhere on the page.
            if event.key() != "Enter" {
                return;
            }
            match target_of(&event) {
                (Some(node), _, _) => on_select.emit(Some(node)),
                (None, Some(index), _) => {
                    if let Some(edge) = topology.edges.get(index) {
                        on_select_edge.emit(edge.clone());
                    }
                }
                _ => return,
            }
            event.prevent_default();
        })
    };
    let zoom_by = |factor: f64| {
        let (state, svg, redraw) = (state.clone(), svg.clone(), redraw.clone());
        Callback::from(move |_: MouseEvent| {
            let (width, height) = size_of(&svg).unwrap_or((0.0, 0.0));
            let mut s = state.borrow_mut();
            s.view = s.view.zoomed(
                factor,
                Point {
                    x: width / 2.0,
                    y: height / 2.0,
                },
            );
            s.fitted = false;
            drop(s);
            redraw.force_update();
        })
    };
    let fit = {
        let (state, svg, redraw) = (state.clone(), svg.clone(), redraw.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some((width, height)) = size_of(&svg) {
                let mut s = state.borrow_mut();
                s.view = Viewport::fit(&s.layout.clone(), width, height);
                s.fitted = true;
                drop(s);
                redraw.force_update();
            }
        })
    };

    let s = state.borrow();
    let layout = match &s.preview {
        Some((id, to)) => Shared::new(props.layout.moved(id, *to)),
        None => props.layout.clone(),
    };
    let connecting = match &s.gesture {
        Gesture::Connect { from } => Some(from.clone()),
        _ => None,
    };
    let label = |id: &NodeId| {
        props
            .topology
            .node(id)
            .map_or(String::new(), |n| n.label.clone())
    };
    let edges = props
        .topology
        .edges
        .iter()
        .enumerate()
        .filter_map(|(i, edge)| {
            let selected = props.selected_edge.as_ref() == Some(edge);
            let words = edge_words(edge, &label(&edge.from), &label(&edge.to));
            edge_view(edge, i, &layout, selected, words)
        });
    let nodes = props
        .topology
        .nodes
        .iter()
        .filter_map(|node| {
            let at = layout.position(&node.id)?;
            let look = Look {
                selected: props.selected_node.as_ref() == Some(&node.id),
                highlighted: props.highlighted.contains(&node.label),
                drop: connecting
                    .as_ref()
                    .filter(|from| **from != node.id)
                    .map(|_| s.targets.contains(&node.id)),
                port: editable,
            };
            let port = layout.out_port(&node.id)?;
            Some(node_view(node, at, &props.snapshot, look, port))
        })
        .collect::<Vec<Html>>();
    let rubber = connecting.as_ref().zip(s.rubber).and_then(|(from, end)| {
        let start = layout.out_port(from)?;
        Some(html! {
            <line class="rubber" x1={start.x.to_string()} y1={start.y.to_string()} x2={end.x.to_string()} y2={end.y.to_string()} />
        })
    });
    let view = s.view;
    drop(s);
    html! {
        <figure ref={figure.clone()} class={classes!("topology", props.fill.then_some("fill"), (props.layout.flow == Flow::Down).then_some("flow-down"))}>
            <svg id="topology" ref={svg.clone()} role="group" aria-label="Topology: producers, queues, consumers and dead-letter queues"
                data-zoom={format!("{:.3}", view.zoom)}
                onpointerdown={on_down} onpointermove={on_move} onpointerup={on_up} onpointercancel={on_cancel} onkeydown={on_key}>
                <defs>
                    <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" class="arrow-head" />
                    </marker>
                </defs>
                <g class="view" transform={view.transform()}>
                    <g class="edges">{ for edges }</g>
                    <g class="nodes">{ for nodes }</g>
                    { for rubber }
                </g>
            </svg>
            if let Some(refusal) = &props.refusal {
                <p id="connect-refusal" ref={tip} class="refusal" role="alert">{ &refusal.message }</p>
            }
            <canvas ref={tokens} class="token-layer" aria-hidden="true"></canvas>
            <div class="zoom" role="group" aria-label="Zoom">
                <button id="zoom-in" type="button" aria-label="Zoom in" onclick={zoom_by(STEP)}>{ "+" }</button>
                <button id="zoom-out" type="button" aria-label="Zoom out" onclick={zoom_by(1.0 / STEP)}>{ "−" }</button>
                <button id="zoom-fit" type="button" onclick={fit}>{ "Fit" }</button>
            </div>
        </figure>
    }
}
