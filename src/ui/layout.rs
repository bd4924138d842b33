//! Where each node of the topology goes on the diagram.
//!
//! A pure function of the topology, so that it is tested natively and the view only draws.
//! Messages flow left to right, as a reader expects: producers in the first column, queues in
//! the second, consumers in the third. Dead-letter queues sit in the queue column below the
//! queues that feed them, since a redrive is a step *aside* rather than a step forward.
//!
//! On a narrow screen (a phone, an embed) five columns would shrink every label to a few
//! pixels, so the same groups flow top to bottom instead, at most two boxes side by side:
//! the drawing is about two boxes wide whatever the scenario, and grows downwards.
//!
//! Once someone places nodes by hand, the scenario keeps their positions (`layout`, by node
//! name) and they win over the automatic ones; a node without a saved position keeps its
//! automatic place if it is free, else takes the nearest free place below or beside it, so a
//! new node never lands on another.

use std::collections::BTreeMap;

use crate::sim::scenario::Position;
use crate::sim::{Edge, EdgeKind, NodeId, NodeKind, Topology};

/// The size of every node box, in SVG user units.
pub const NODE_WIDTH: f64 = 190.0;
pub const NODE_HEIGHT: f64 = 84.0;
/// Space between columns and between rows.
const COLUMN_GAP: f64 = 120.0;
const ROW_GAP: f64 = 40.0;
/// Space around the whole drawing.
const MARGIN: f64 = 24.0;

/// The top-left corner of a node box.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// Which way messages flow on the drawing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Flow {
    /// Left to right, a column per kind of node (wide screens).
    #[default]
    Across,
    /// Top to bottom, a band of rows per kind of node, at most `MAX_PER_ROW` boxes a row.
    Down,
}

/// Boxes side by side in a row of a downward drawing.
const MAX_PER_ROW: usize = 2;
/// Space between the rows of a downward drawing, and between the boxes of a row.
const DOWN_ROW_GAP: f64 = 64.0;
const DOWN_COLUMN_GAP: f64 = 40.0;

/// The positions of all nodes and the extent of the drawing: from (`left`, `top`), `width`
/// by `height`, margins included.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
    pub flow: Flow,
    positions: Vec<(NodeId, Point)>,
}

impl Layout {
    /// Every node's top-left corner.
    pub fn positions(&self) -> impl Iterator<Item = (&NodeId, Point)> {
        self.positions.iter().map(|(id, at)| (id, *at))
    }

    /// The node whose box contains `point`, if any (the last drawn wins, as on screen).
    pub fn node_at(&self, point: Point) -> Option<&NodeId> {
        self.positions
            .iter()
            .rev()
            .find(|(_, at)| {
                (at.x..=at.x + NODE_WIDTH).contains(&point.x)
                    && (at.y..=at.y + NODE_HEIGHT).contains(&point.y)
            })
            .map(|(id, _)| id)
    }

    /// The same drawing with one node elsewhere (a node being dragged).
    pub fn moved(&self, id: &NodeId, to: Point) -> Layout {
        let mut moved = self.clone();
        for (node, at) in &mut moved.positions {
            if node == id {
                *at = to;
            }
        }
        moved.fit_extent();
        moved
    }

    /// True when a box at `at` would overlap a node other than `except`.
    fn crowded(&self, at: Point, except: Option<&NodeId>) -> bool {
        self.positions
            .iter()
            .filter(|(id, _)| Some(id) != except)
            .any(|(_, other)| overlaps(at, *other))
    }

    /// The free place nearest `near` in the order tried: `near` itself, then steps down a row
    /// at a time, then the same a column to the right, and so on.
    pub fn free_spot(&self, near: Point, except: Option<&NodeId>) -> Point {
        let (column, row) = (NODE_WIDTH + COLUMN_GAP, NODE_HEIGHT + ROW_GAP);
        (0..64)
            .flat_map(|c| (0..16).map(move |r| (c, r)))
            .map(|(c, r)| Point {
                x: near.x + f64::from(c) * column,
                y: near.y + f64::from(r) * row,
            })
            .find(|at| !self.crowded(*at, except))
            .unwrap_or(near)
    }

    /// Recomputes the extent from the positions.
    fn fit_extent(&mut self) {
        if self.positions.is_empty() {
            return;
        }
        let (mut left, mut top) = (f64::INFINITY, f64::INFINITY);
        let (mut right, mut bottom) = (f64::NEG_INFINITY, f64::NEG_INFINITY);
        for (_, at) in &self.positions {
            left = left.min(at.x);
            top = top.min(at.y);
            right = right.max(at.x + NODE_WIDTH);
            bottom = bottom.max(at.y + NODE_HEIGHT);
        }
        self.left = left - MARGIN;
        self.top = top - MARGIN;
        self.width = right - left + 2.0 * MARGIN;
        self.height = bottom - top + 2.0 * MARGIN;
    }

    /// The top-left corner of a node's box.
    pub fn position(&self, id: &NodeId) -> Option<Point> {
        self.positions
            .iter()
            .find(|(node, _)| node == id)
            .map(|(_, point)| *point)
    }

    /// Where edges leave a node: the middle of its right edge, or of its bottom edge when
    /// messages flow down.
    pub fn out_port(&self, id: &NodeId) -> Option<Point> {
        match self.flow {
            Flow::Across => self.right_port(id),
            Flow::Down => self.bottom_port(id),
        }
    }

    /// Where edges enter a node: the middle of its left edge, or of its top edge when
    /// messages flow down.
    pub fn in_port(&self, id: &NodeId) -> Option<Point> {
        match self.flow {
            Flow::Across => self.left_port(id),
            Flow::Down => self.top_port(id),
        }
    }

    fn right_port(&self, id: &NodeId) -> Option<Point> {
        self.position(id).map(|p| Point {
            x: p.x + NODE_WIDTH,
            y: p.y + NODE_HEIGHT / 2.0,
        })
    }

    fn left_port(&self, id: &NodeId) -> Option<Point> {
        self.position(id).map(|p| Point {
            x: p.x,
            y: p.y + NODE_HEIGHT / 2.0,
        })
    }

    /// The middle of the box's bottom edge, where a redrive edge leaves a queue.
    pub fn bottom_port(&self, id: &NodeId) -> Option<Point> {
        self.position(id).map(|p| Point {
            x: p.x + NODE_WIDTH / 2.0,
            y: p.y + NODE_HEIGHT,
        })
    }

    /// The middle of the box's top edge, where a redrive edge enters a dead-letter queue.
    pub fn top_port(&self, id: &NodeId) -> Option<Point> {
        self.position(id).map(|p| Point {
            x: p.x + NODE_WIDTH / 2.0,
            y: p.y,
        })
    }
}

/// The cubic Bézier an edge is drawn along; message tokens travel on the same curve.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EdgeCurve {
    pub start: Point,
    pub c1: Point,
    pub c2: Point,
    pub end: Point,
}

impl EdgeCurve {
    /// The point at `t` in `0.0..=1.0` along the curve.
    pub fn point(&self, t: f64) -> Point {
        let t = t.clamp(0.0, 1.0);
        let u = 1.0 - t;
        let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
        Point {
            x: a * self.start.x + b * self.c1.x + c * self.c2.x + d * self.end.x,
            y: a * self.start.y + b * self.c1.y + c * self.c2.y + d * self.end.y,
        }
    }

    /// The SVG path data.
    pub fn path(&self) -> String {
        let Self { start, c1, c2, end } = self;
        format!(
            "M {} {} C {} {}, {} {}, {} {}",
            start.x, start.y, c1.x, c1.y, c2.x, c2.y, end.x, end.y
        )
    }
}

impl Layout {
    /// The curve of an edge: a straight line from a queue to its dead-letter queue (a drop
    /// from the queue's bottom when it sits below, sideways when they share a row), else an
    /// S-curve from the out port of one node to the in port of the next.
    pub fn curve(&self, edge: &Edge) -> Option<EdgeCurve> {
        if edge.kind == EdgeKind::Redrive {
            let (from, to) = (self.position(&edge.from)?, self.position(&edge.to)?);
            let (start, end) = if from.y == to.y && to.x > from.x {
                (self.right_port(&edge.from)?, self.left_port(&edge.to)?)
            } else if from.y == to.y {
                (self.left_port(&edge.from)?, self.right_port(&edge.to)?)
            } else {
                (self.bottom_port(&edge.from)?, self.top_port(&edge.to)?)
            };
            return Some(EdgeCurve {
                start,
                c1: start,
                c2: end,
                end,
            });
        }
        let (start, end) = (self.out_port(&edge.from)?, self.in_port(&edge.to)?);
        let (c1, c2) = match self.flow {
            Flow::Across => {
                let bend = (end.x - start.x) / 2.0;
                (
                    Point {
                        x: start.x + bend,
                        y: start.y,
                    },
                    Point {
                        x: end.x - bend,
                        y: end.y,
                    },
                )
            }
            Flow::Down => {
                let bend = (end.y - start.y) / 2.0;
                (
                    Point {
                        x: start.x,
                        y: start.y + bend,
                    },
                    Point {
                        x: end.x,
                        y: end.y - bend,
                    },
                )
            }
        };
        Some(EdgeCurve { start, c1, c2, end })
    }
}

/// True when boxes at `a` and `b` overlap.
fn overlaps(a: Point, b: Point) -> bool {
    a.x < b.x + NODE_WIDTH
        && b.x < a.x + NODE_WIDTH
        && a.y < b.y + NODE_HEIGHT
        && b.y < a.y + NODE_HEIGHT
}

/// The column a kind of node is drawn in, before empty columns are dropped.
fn column(kind: NodeKind) -> usize {
    match kind {
        NodeKind::Producer | NodeKind::DirectCaller => 0,
        NodeKind::Topic => 1,
        NodeKind::Queue | NodeKind::DeadLetterQueue => 2,
        NodeKind::Consumer => 3,
        NodeKind::Service => 4,
    }
}
const COLUMNS: usize = 5;

/// Lays out a topology with the positions saved in its scenario (by node name): saved ones
/// where they were put, the others where `layout` would put them if that place is free, else
/// at the nearest free place.
pub fn layout_with(topology: &Topology, flow: Flow, saved: &BTreeMap<String, Position>) -> Layout {
    let mut drawn = layout(topology, flow);
    if saved.is_empty() {
        return drawn;
    }
    let automatic = std::mem::take(&mut drawn.positions);
    let label = |id: &NodeId| topology.node(id).map(|n| n.label.as_str());
    let (placed, unplaced): (Vec<_>, Vec<_>) = automatic
        .into_iter()
        .partition(|(id, _)| label(id).is_some_and(|name| saved.contains_key(name)));
    for (id, _) in placed {
        let at = saved[label(&id).expect("partitioned on it")];
        drawn.positions.push((id, Point { x: at.x, y: at.y }));
    }
    for (id, at) in unplaced {
        let at = drawn.free_spot(at, None);
        drawn.positions.push((id, at));
    }
    drawn.fit_extent();
    drawn
}

/// Lays out a topology: a group per kind of node in the order messages flow (callers,
/// topics, queues, consumers, services), empty groups left out, each in the order nodes were
/// declared, dead-letter queues after the queues of their group. Across, a group is a column
/// stacked from the top; down, it is a band of rows of at most `MAX_PER_ROW` boxes.
pub fn layout(topology: &Topology, flow: Flow) -> Layout {
    let mut columns: [Vec<&NodeId>; COLUMNS] = Default::default();
    let dead_letter_last = topology
        .nodes
        .iter()
        .filter(|node| node.kind != NodeKind::DeadLetterQueue)
        .chain(
            topology
                .nodes
                .iter()
                .filter(|node| node.kind == NodeKind::DeadLetterQueue),
        );
    for node in dead_letter_last {
        columns[column(node.kind)].push(&node.id);
    }
    let columns: Vec<&Vec<&NodeId>> = columns.iter().filter(|c| !c.is_empty()).collect();
    if flow == Flow::Down {
        return layout_down(&columns);
    }

    let tallest = columns.iter().map(|c| c.len()).max().unwrap_or(0);
    let column_height = |rows: usize| rows as f64 * (NODE_HEIGHT + ROW_GAP) - ROW_GAP;
    let height = column_height(tallest.max(1)) + 2.0 * MARGIN;
    let count = columns.len().max(1) as f64;
    let width = count * NODE_WIDTH + (count - 1.0) * COLUMN_GAP + 2.0 * MARGIN;

    let mut positions = Vec::with_capacity(topology.nodes.len());
    for (index, ids) in columns.iter().enumerate() {
        let x = MARGIN + index as f64 * (NODE_WIDTH + COLUMN_GAP);
        // Shorter columns are centred vertically so that edges run as straight as they can.
        let top = MARGIN + (column_height(tallest) - column_height(ids.len())) / 2.0;
        for (row, id) in ids.iter().enumerate() {
            let y = top + row as f64 * (NODE_HEIGHT + ROW_GAP);
            positions.push(((*id).clone(), Point { x, y }));
        }
    }
    Layout {
        left: 0.0,
        top: 0.0,
        width,
        height,
        flow,
        positions,
    }
}

/// The downward drawing: each group's nodes in rows of at most `MAX_PER_ROW`, rows centred.
fn layout_down(groups: &[&Vec<&NodeId>]) -> Layout {
    let widest = groups
        .iter()
        .map(|g| g.len().min(MAX_PER_ROW))
        .max()
        .unwrap_or(1)
        .max(1);
    let row_width = |boxes: usize| boxes as f64 * (NODE_WIDTH + DOWN_COLUMN_GAP) - DOWN_COLUMN_GAP;
    let width = row_width(widest) + 2.0 * MARGIN;
    let mut positions = Vec::new();
    let mut y = MARGIN;
    for row in groups.iter().flat_map(|group| group.chunks(MAX_PER_ROW)) {
        let left = MARGIN + (row_width(widest) - row_width(row.len())) / 2.0;
        for (i, id) in row.iter().enumerate() {
            let x = left + i as f64 * (NODE_WIDTH + DOWN_COLUMN_GAP);
            positions.push(((*id).clone(), Point { x, y }));
        }
        y += NODE_HEIGHT + DOWN_ROW_GAP;
    }
    let height = (y - DOWN_ROW_GAP + MARGIN).max(NODE_HEIGHT + 2.0 * MARGIN);
    Layout {
        left: 0.0,
        top: 0.0,
        width,
        height,
        flow: Flow::Down,
        positions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::EdgeKind;

    fn bigger_topology() -> Topology {
        let mut topology = Topology::order_processing();
        topology.add_node("refunds", NodeKind::Producer, "refunds");
        topology.add_node("payments", NodeKind::Queue, "payments.fifo");
        topology.add_node("billing", NodeKind::Consumer, "billing");
        topology.add_node("auditor", NodeKind::Consumer, "auditor");
        topology.add_edge("refunds", "payments", EdgeKind::Sends);
        topology
    }

    #[test]
    fn every_node_gets_a_place_inside_the_drawing_and_none_overlap() {
        for (topology, flow) in [Topology::order_processing(), bigger_topology()]
            .into_iter()
            .flat_map(|t| [(t.clone(), Flow::Across), (t, Flow::Down)])
        {
            let layout = layout(&topology, flow);
            let points: Vec<Point> = topology
                .nodes
                .iter()
                .map(|n| layout.position(&n.id).unwrap())
                .collect();
            for (i, a) in points.iter().enumerate() {
                assert!(a.x >= 0.0 && a.y >= 0.0, "{a:?} is off the drawing");
                assert!(
                    a.x + NODE_WIDTH <= layout.width && a.y + NODE_HEIGHT <= layout.height,
                    "{a:?} is off the drawing"
                );
                for b in &points[i + 1..] {
                    assert!(!overlaps(*a, *b), "{a:?} overlaps {b:?}");
                }
            }
        }
    }

    #[test]
    fn messages_flow_left_to_right_and_the_dead_letter_queue_sits_below_its_queue() {
        let topology = Topology::order_processing();
        let layout = layout(&topology, Flow::Across);
        let at = |id: &str| layout.position(&NodeId(id.into())).unwrap();
        assert!(at("checkout").x < at("orders").x);
        assert!(at("orders").x < at("order-processor").x);
        assert_eq!(at("orders-dlq").x, at("orders").x);
        assert!(at("orders-dlq").y > at("orders").y);
    }

    #[test]
    fn flowing_down_the_drawing_stays_two_boxes_wide_and_messages_go_down() {
        let topology = bigger_topology();
        let down = layout(&topology, Flow::Down);
        let across = layout(&topology, Flow::Across);
        assert!(down.width <= 2.0 * NODE_WIDTH + 100.0, "{}", down.width);
        assert!(down.width < across.width && down.height > across.height);
        let at = |id: &str| down.position(&NodeId(id.into())).unwrap();
        assert!(at("checkout").y < at("orders").y);
        assert!(at("orders").y < at("order-processor").y);
        // Two queues side by side, their dead-letter queue in the row below, then consumers.
        assert_eq!(at("orders").y, at("payments").y);
        assert!(at("orders-dlq").y > at("orders").y && at("orders-dlq").y < at("billing").y);
        // Edges leave from the bottom and enter at the top.
        let edge = topology
            .edges
            .iter()
            .find(|e| e.kind == EdgeKind::Sends)
            .unwrap();
        let curve = down.curve(edge).unwrap();
        assert!(curve.start.y < curve.end.y);
        assert_eq!(curve.start, down.bottom_port(&edge.from).unwrap());
        // The redrive: sideways when the dead-letter queue shares its queue's row.
        let redrive = topology
            .edges
            .iter()
            .find(|e| e.kind == EdgeKind::Redrive)
            .unwrap();
        let curve = down.curve(redrive).unwrap();
        let (queue, dlq) = (at(&redrive.from.0), at(&redrive.to.0));
        if queue.y == dlq.y {
            assert_eq!(curve.start.y, curve.end.y);
        } else {
            assert!(curve.start.y < curve.end.y);
        }
    }

    #[test]
    fn an_empty_topology_still_has_a_drawable_size() {
        for flow in [Flow::Across, Flow::Down] {
            let layout = layout(&Topology::default(), flow);
            assert!(layout.width > 0.0 && layout.height > 0.0);
            assert_eq!(layout.position(&NodeId("missing".into())), None);
        }
    }

    #[test]
    fn saved_positions_win_and_the_other_nodes_find_free_places() {
        let topology = bigger_topology();
        let auto = layout(&topology, Flow::Across);
        // Put "orders" exactly where the automatic layout puts "payments.fifo", far away.
        let payments = auto.position(&NodeId("payments".into())).unwrap();
        let saved = BTreeMap::from([
            (
                "orders".to_owned(),
                Position {
                    x: payments.x,
                    y: payments.y,
                },
            ),
            (
                "checkout".to_owned(),
                Position {
                    x: -500.0,
                    y: 900.0,
                },
            ),
        ]);
        let drawn = layout_with(&topology, Flow::Across, &saved);
        let at = |id: &str| drawn.position(&NodeId(id.into())).unwrap();
        assert_eq!(at("orders"), payments);
        assert_eq!(
            at("checkout"),
            Point {
                x: -500.0,
                y: 900.0
            }
        );
        let points: Vec<Point> = drawn.positions().map(|(_, p)| p).collect();
        for (i, a) in points.iter().enumerate() {
            for b in &points[i + 1..] {
                assert!(!overlaps(*a, *b), "{a:?} overlaps {b:?}");
            }
            assert!(a.x >= drawn.left && a.x + NODE_WIDTH <= drawn.left + drawn.width);
            assert!(a.y >= drawn.top && a.y + NODE_HEIGHT <= drawn.top + drawn.height);
        }
        assert_eq!(
            drawn.node_at(Point {
                x: -490.0,
                y: 910.0
            }),
            Some(&NodeId("checkout".into()))
        );
        assert_eq!(
            drawn.node_at(Point {
                x: -600.0,
                y: 910.0
            }),
            None
        );
    }
}
