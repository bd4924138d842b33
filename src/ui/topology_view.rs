//! The topology diagram: an SVG of the nodes and the edges messages travel along.
//!
//! SVG rather than canvas: nodes are real elements that can be labelled for screen readers,
//! focused, clicked and found by browser tests; the number of nodes is small.

use std::rc::Rc;

use yew::prelude::*;

use super::layout::{Layout, Point, NODE_HEIGHT, NODE_WIDTH};
use crate::sim::{Edge, EdgeKind, Node, NodeKind, Topology};

#[derive(Properties, PartialEq)]
pub struct TopologyProps {
    pub topology: Rc<Topology>,
    pub layout: Rc<Layout>,
}

#[function_component(TopologyView)]
pub fn topology_view(props: &TopologyProps) -> Html {
    let layout = &props.layout;
    let view_box = format!("0 0 {} {}", layout.width, layout.height);
    html! {
        <figure class="topology">
            <svg id="topology" viewBox={view_box} role="group" aria-label="Topology: producers, queues, consumers and dead-letter queues">
                <defs>
                    <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" class="arrow-head" />
                    </marker>
                </defs>
                <g class="edges">
                    { for props.topology.edges.iter().filter_map(|edge| edge_view(edge, layout)) }
                </g>
                <g class="nodes">
                    { for props.topology.nodes.iter().filter_map(|node| node_view(node, layout)) }
                </g>
            </svg>
        </figure>
    }
}

/// The caption under a node's label, saying what the node is.
fn caption(node: &Node) -> &'static str {
    match (node.kind, node.is_fifo()) {
        (NodeKind::Producer, _) => "producer",
        (NodeKind::Consumer, _) => "consumer",
        (NodeKind::Queue, false) => "standard queue",
        (NodeKind::Queue, true) => "FIFO queue",
        (NodeKind::DeadLetterQueue, false) => "dead-letter queue",
        (NodeKind::DeadLetterQueue, true) => "FIFO dead-letter queue",
    }
}

fn node_view(node: &Node, layout: &Layout) -> Option<Html> {
    let Point { x, y } = layout.position(&node.id)?;
    let classes = classes!(
        "node",
        format!("node-{}", node.kind.as_str()),
        node.is_fifo().then_some("fifo")
    );
    let label = format!("{} ({})", node.label, caption(node));
    // Queues are drawn with square corners and a stack of slots; services with round corners.
    let radius = match node.kind {
        NodeKind::Producer | NodeKind::Consumer => "18",
        NodeKind::Queue | NodeKind::DeadLetterQueue => "4",
    };
    let is_queue = matches!(node.kind, NodeKind::Queue | NodeKind::DeadLetterQueue);
    Some(html! {
        <g class={classes} transform={format!("translate({x} {y})")} data-node-id={node.id.0.clone()} data-node-kind={node.kind.as_str()} role="img" aria-label={label.clone()}>
            <title>{ label }</title>
            <rect class="node-box" width={NODE_WIDTH.to_string()} height={NODE_HEIGHT.to_string()} rx={radius} />
            if is_queue {
                <g class="slots" aria-hidden="true">
                    { for (0..5).map(|i| html! { <rect class="slot" x={(NODE_WIDTH - 14.0 - f64::from(i) * 10.0).to_string()} y="8" width="6" height="14" /> }) }
                </g>
            }
            <text class="node-label" x="12" y={(NODE_HEIGHT - 26.0).to_string()}>{ &node.label }</text>
            <text class="node-caption" x="12" y={(NODE_HEIGHT - 10.0).to_string()}>{ caption(node) }</text>
        </g>
    })
}

fn edge_view(edge: &Edge, layout: &Layout) -> Option<Html> {
    let (start, end, path) = match edge.kind {
        EdgeKind::Redrive => {
            let (s, e) = (layout.bottom_port(&edge.from)?, layout.top_port(&edge.to)?);
            (s, e, format!("M {} {} L {} {}", s.x, s.y, e.x, e.y))
        }
        EdgeKind::Sends | EdgeKind::Delivers => {
            let (s, e) = (layout.out_port(&edge.from)?, layout.in_port(&edge.to)?);
            let bend = (e.x - s.x) / 2.0;
            (
                s,
                e,
                format!(
                    "M {} {} C {} {}, {} {}, {} {}",
                    s.x,
                    s.y,
                    s.x + bend,
                    s.y,
                    e.x - bend,
                    e.y,
                    e.x,
                    e.y
                ),
            )
        }
    };
    let caption = match edge.kind {
        EdgeKind::Sends => "SendMessage",
        EdgeKind::Delivers => "ReceiveMessage",
        EdgeKind::Redrive => "maxReceiveCount",
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
        <g class={classes!("edge", format!("edge-{}", edge.kind.as_str()))} data-edge-kind={edge.kind.as_str()}>
            <path d={path} marker-end="url(#arrow)" />
            <text class="edge-label" x={label_x.to_string()} y={label_y.to_string()} text-anchor={anchor}>{ caption }</text>
        </g>
    })
}
