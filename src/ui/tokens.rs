//! Message tokens in motion: each recent step of a message that moves it (a send, a receive, a
//! move to the dead-letter queue) becomes a token travelling along the diagram's edge.
//!
//! Plain Rust, tested natively. Positions are a function of virtual time only (the step's
//! instant, the clock, and how long a trip takes), so pausing freezes tokens where they are and
//! seeking shows them where they were; the animation never decides what happens.

use std::time::Duration;

use super::layout::{Layout, Point};
use crate::sim::trace::{TraceEvent, TraceKind};
use crate::sim::{Edge, EdgeKind, NodeId, NodeKind, Scenario, SimTime, Topology};
use crate::sqs::message::MessageId;

/// The most tokens drawn at once (the newest win).
pub const MAX_MOVING: usize = 2_000;

/// A token on its way.
#[derive(Clone, Debug, PartialEq)]
pub struct MovingToken {
    pub at: Point,
    /// "sent", "received" or "moved": colours the token.
    pub kind: &'static str,
    /// Which message (for the inspector).
    pub message_id: MessageId,
}

/// Which edge each kind of step travels, precomputed per scenario.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Routes {
    /// Per queue (scenario index): the edge messages arrive by.
    arrivals: Vec<Option<Edge>>,
    /// Per queue: its redrive edge to the dead-letter queue.
    redrives: Vec<Option<Edge>>,
    /// Per queue: the delivery edge to each consumer fleet, by fleet name.
    deliveries: Vec<Vec<(String, Edge)>>,
}

impl Routes {
    pub fn new(scenario: &Scenario, topology: &Topology) -> Routes {
        let queue_id = |name: &str| NodeId::of(NodeKind::Queue, name);
        let edge_into = |queue: &NodeId, kinds: &[EdgeKind]| {
            topology
                .edges
                .iter()
                .find(|e| &e.to == queue && kinds.contains(&e.kind))
                .cloned()
        };
        let mut routes = Routes::default();
        for q in &scenario.queues {
            let id = queue_id(&q.name);
            routes
                .arrivals
                .push(edge_into(&id, &[EdgeKind::Sends, EdgeKind::FansOut]));
            routes.redrives.push(
                topology
                    .edges
                    .iter()
                    .find(|e| e.from == id && e.kind == EdgeKind::Redrive)
                    .cloned(),
            );
            routes.deliveries.push(
                topology
                    .edges
                    .iter()
                    .filter(|e| e.from == id && e.kind == EdgeKind::Delivers)
                    .filter_map(|e| Some((topology.node(&e.to)?.label.clone(), e.clone())))
                    .collect(),
            );
        }
        routes
    }

    fn edge(&self, event: &TraceEvent, fleets: &[String]) -> Option<(&Edge, &'static str)> {
        match event.kind {
            TraceKind::Sent => Some((self.arrivals.get(event.queue)?.as_ref()?, "sent")),
            TraceKind::MovedToDeadLetterQueue => {
                Some((self.redrives.get(event.queue)?.as_ref()?, "moved"))
            }
            TraceKind::Received => {
                let fleet = fleets.get(event.consumer?)?;
                let (_, edge) = self
                    .deliveries
                    .get(event.queue)?
                    .iter()
                    .find(|(f, _)| f == fleet)?;
                Some((edge, "received"))
            }
            _ => None,
        }
    }
}

/// The tokens on their way at `now`: steps in `events` (oldest first) that happened less than
/// `trip` ago, each `(now - at) / trip` of the way along its edge.
pub fn moving(
    events: &[TraceEvent],
    routes: &Routes,
    layout: &Layout,
    fleets: &[String],
    now: SimTime,
    trip: Duration,
) -> Vec<MovingToken> {
    let trip_ms = trip.as_millis().max(1) as f64;
    let mut tokens: Vec<MovingToken> = events
        .iter()
        .rev()
        .take_while(|e| (now.as_millis().saturating_sub(e.at.as_millis()) as f64) < trip_ms)
        .filter(|e| e.at <= now)
        .filter_map(|e| {
            let (edge, kind) = routes.edge(e, fleets)?;
            let t = now.as_millis().saturating_sub(e.at.as_millis()) as f64 / trip_ms;
            Some(MovingToken {
                at: layout.curve(edge)?.point(t),
                kind,
                message_id: e.message_id,
            })
        })
        .take(MAX_MOVING)
        .collect();
    tokens.reverse();
    tokens
}

/// The token nearest to `point` within `radius`, for a click on the diagram.
pub fn hit(tokens: &[MovingToken], point: Point, radius: f64) -> Option<&MovingToken> {
    let distance = |t: &MovingToken| (t.at.x - point.x).hypot(t.at.y - point.y);
    tokens
        .iter()
        .filter(|t| distance(t) <= radius)
        .min_by(|a, b| distance(a).total_cmp(&distance(b)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Simulation;
    use crate::ui::layout::{layout, Flow};

    fn setup() -> (Scenario, Topology, Layout) {
        let scenario = Scenario::from_json(crate::ui::presets::PRESETS[0].json()).unwrap();
        let topology = Topology::from_scenario(&scenario);
        let layout = layout(&topology, Flow::Across);
        (scenario, topology, layout)
    }

    #[test]
    fn a_token_travels_its_edge_in_one_trip_then_is_gone() {
        let (scenario, topology, layout) = setup();
        let routes = Routes::new(&scenario, &topology);
        let mut sim = Simulation::new(scenario, 3);
        sim.run_for(Duration::from_secs(5));
        let events = sim.trace().recent(1_000);
        let sent = *events.iter().find(|e| e.kind == TraceKind::Sent).unwrap();
        let trip = Duration::from_secs(2);
        let at = |offset_ms: u64| {
            moving(
                &[sent],
                &routes,
                &layout,
                &[],
                SimTime(sent.at.as_millis() + offset_ms),
                trip,
            )
        };
        let edge = &topology.edges[0];
        assert_eq!(edge.kind, EdgeKind::Sends);
        let curve = layout.curve(edge).unwrap();
        assert_eq!(at(0)[0].at, curve.start);
        assert_eq!(at(1_000)[0].at, curve.point(0.5));
        assert_eq!(at(1_000)[0].kind, "sent");
        assert!(at(2_000).is_empty(), "arrived");
    }

    #[test]
    fn receives_travel_to_the_consumer_that_received() {
        let (scenario, topology, layout) = setup();
        let routes = Routes::new(&scenario, &topology);
        let mut sim = Simulation::new(scenario, 3);
        sim.run_for(Duration::from_secs(5));
        let fleets: Vec<String> = sim
            .snapshot()
            .consumers
            .iter()
            .map(|c| c.fleet.clone())
            .collect();
        let events = sim.trace().recent(1_000);
        let received = *events
            .iter()
            .find(|e| e.kind == TraceKind::Received)
            .unwrap();
        let tokens = moving(
            &[received],
            &routes,
            &layout,
            &fleets,
            received.at,
            Duration::from_secs(1),
        );
        let delivers = topology
            .edges
            .iter()
            .find(|e| e.kind == EdgeKind::Delivers)
            .unwrap();
        assert_eq!(tokens[0].at, layout.curve(delivers).unwrap().start);
        assert_eq!(tokens[0].kind, "received");
    }

    #[test]
    fn only_the_newest_tokens_are_kept() {
        let (scenario, topology, layout) = setup();
        let routes = Routes::new(&scenario, &topology);
        let mut sim = Simulation::new(scenario, 3);
        sim.apply(&crate::sim::Command::SendMessages {
            queue: "orders".into(),
            count: 3_000,
            poison: false,
        })
        .unwrap();
        let events = sim.trace().recent(5_000);
        let tokens = moving(
            &events,
            &routes,
            &layout,
            &[],
            sim.now(),
            Duration::from_secs(1),
        );
        assert_eq!(tokens.len(), MAX_MOVING);
    }

    #[test]
    fn a_click_hits_the_nearest_token_within_reach() {
        let token = |x: f64, n: u8| MovingToken {
            at: Point { x, y: 10.0 },
            kind: "sent",
            message_id: MessageId::from_bytes([n; 16]),
        };
        let tokens = [token(0.0, 1), token(10.0, 2), token(30.0, 3)];
        let at = |x| hit(&tokens, Point { x, y: 12.0 }, 6.0).map(|t| t.message_id);
        assert_eq!(at(8.0), Some(MessageId::from_bytes([2; 16])));
        assert_eq!(at(3.0), Some(MessageId::from_bytes([1; 16])));
        assert_eq!(at(20.0), None);
    }
}
