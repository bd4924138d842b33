//! The topology: who sends to which queue, who polls it, and where failed messages go.
//!
//! This is the shape of the system being simulated, drawn by the topology view. The default
//! is the seed article's order-processing example: a checkout service drops orders on an
//! `orders` queue, an order processor polls it, and after three failed receives a message is
//! moved to the `orders-dlq` dead-letter queue ("a hospital for broken messages").

use super::scenario::Scenario;
use crate::sqs::queue_name::is_fifo_queue_name;

/// A node's stable identifier, unique within a topology.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub String);

impl NodeId {
    /// The id of a scenario's node: its name prefixed with its kind (`queue:orders`), since a
    /// producer and a queue may share a name.
    pub fn of(kind: NodeKind, name: &str) -> NodeId {
        NodeId(format!("{}:{name}", kind.as_str()))
    }
}

/// What a node is. Queues and dead-letter queues are both SQS queues; a queue is a
/// dead-letter queue when some other queue's redrive policy targets it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NodeKind {
    /// Sends messages to a queue (SendMessage / SendMessageBatch).
    Producer,
    /// An SQS queue that producers send to and consumers poll.
    Queue,
    /// Polls a queue (ReceiveMessage), processes messages and deletes them (DeleteMessage).
    Consumer,
    /// An SQS queue that receives the messages another queue gave up on.
    DeadLetterQueue,
    /// A topic (SNS-style) that copies each message to every subscribed queue.
    Topic,
    /// A downstream service that consumers (or the old way's callers) call.
    Service,
    /// The old way: a client that calls the services directly, with no queue in between.
    DirectCaller,
}

impl NodeKind {
    /// The lower-case name used in markup and tests.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Producer => "producer",
            NodeKind::Queue => "queue",
            NodeKind::Consumer => "consumer",
            NodeKind::DeadLetterQueue => "dead-letter-queue",
            NodeKind::Topic => "topic",
            NodeKind::Service => "service",
            NodeKind::DirectCaller => "direct-caller",
        }
    }
}

/// One box in the diagram.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub id: NodeId,
    pub kind: NodeKind,
    /// What the diagram prints: the queue name, or the service's name.
    pub label: String,
}

impl Node {
    /// True for queues whose name marks them as FIFO queues.
    pub fn is_fifo(&self) -> bool {
        matches!(self.kind, NodeKind::Queue | NodeKind::DeadLetterQueue)
            && is_fifo_queue_name(&self.label)
    }
}

/// How messages travel along an edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EdgeKind {
    /// Producer → queue: SendMessage.
    Sends,
    /// Queue → consumer: the consumer's ReceiveMessage delivers messages to it.
    Delivers,
    /// Queue → dead-letter queue: the redrive policy moves messages after maxReceiveCount.
    Redrive,
    /// Topic → queue: a subscription.
    FansOut,
    /// Consumer or direct caller → service: a synchronous call.
    Calls,
}

impl EdgeKind {
    /// The lower-case name used in markup and tests.
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Sends => "sends",
            EdgeKind::Delivers => "delivers",
            EdgeKind::Redrive => "redrive",
            EdgeKind::FansOut => "fans-out",
            EdgeKind::Calls => "calls",
        }
    }
}

/// A directed edge in the direction messages move.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    pub from: NodeId,
    pub to: NodeId,
    pub kind: EdgeKind,
}

/// The nodes and edges of the simulated system.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Topology {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

impl Topology {
    /// The seed article's order-processing system: producer → queue → consumer, plus a DLQ.
    pub fn order_processing() -> Topology {
        let mut topology = Topology::default();
        topology.add_node("checkout", NodeKind::Producer, "checkout");
        topology.add_node("orders", NodeKind::Queue, "orders");
        topology.add_node("order-processor", NodeKind::Consumer, "order-processor");
        topology.add_node("orders-dlq", NodeKind::DeadLetterQueue, "orders-dlq");
        topology.add_edge("checkout", "orders", EdgeKind::Sends);
        topology.add_edge("orders", "order-processor", EdgeKind::Delivers);
        topology.add_edge("orders", "orders-dlq", EdgeKind::Redrive);
        topology
    }

    /// The system a scenario describes, with ids from `NodeId::of` (dead-letter queues too
    /// have `queue:` ids: they are queues).
    pub fn from_scenario(scenario: &Scenario) -> Topology {
        let mut topology = Topology::default();
        let id = |kind: NodeKind, name: &str| NodeId::of(kind, name).0;
        // A queue's node id whatever kind of queue it is drawn as.
        let queue_id = |name: &str| id(NodeKind::Queue, name);
        for p in &scenario.producers {
            topology.add_node(
                &id(NodeKind::Producer, &p.name),
                NodeKind::Producer,
                &p.name,
            );
        }
        for d in &scenario.direct_calls {
            let kind = NodeKind::DirectCaller;
            topology.add_node(&id(kind, &d.name), kind, &d.name);
        }
        for t in &scenario.topics {
            topology.add_node(&id(NodeKind::Topic, &t.name), NodeKind::Topic, &t.name);
        }
        for q in &scenario.queues {
            let kind = if scenario.is_dead_letter_queue(&q.name) {
                NodeKind::DeadLetterQueue
            } else {
                NodeKind::Queue
            };
            topology.add_node(&queue_id(&q.name), kind, &q.name);
        }
        for c in &scenario.consumers {
            topology.add_node(
                &id(NodeKind::Consumer, &c.name),
                NodeKind::Consumer,
                &c.name,
            );
        }
        for s in &scenario.services {
            topology.add_node(&id(NodeKind::Service, &s.name), NodeKind::Service, &s.name);
        }
        for p in &scenario.producers {
            let from = id(NodeKind::Producer, &p.name);
            match scenario.topics.iter().find(|t| t.name == p.queue) {
                Some(topic) => {
                    topology.add_edge(&from, &id(NodeKind::Topic, &topic.name), EdgeKind::Sends)
                }
                None => topology.add_edge(&from, &queue_id(&p.queue), EdgeKind::Sends),
            }
        }
        for t in &scenario.topics {
            for queue in &t.subscriptions {
                topology.add_edge(
                    &id(NodeKind::Topic, &t.name),
                    &queue_id(queue),
                    EdgeKind::FansOut,
                );
            }
        }
        for q in &scenario.queues {
            // A redrive written by name or as a RedrivePolicy attribute.
            if let Some((dead_letter_queue, _)) = q.dead_letter_target() {
                topology.add_edge(
                    &queue_id(&q.name),
                    &queue_id(&dead_letter_queue),
                    EdgeKind::Redrive,
                );
            }
        }
        for c in &scenario.consumers {
            let consumer = id(NodeKind::Consumer, &c.name);
            topology.add_edge(&queue_id(&c.queue), &consumer, EdgeKind::Delivers);
            for service in &c.calls {
                topology.add_edge(&consumer, &id(NodeKind::Service, service), EdgeKind::Calls);
            }
            if let Some(next) = &c.forward_to {
                topology.add_edge(&consumer, &queue_id(next), EdgeKind::Sends);
            }
        }
        for d in &scenario.direct_calls {
            for service in &d.calls {
                topology.add_edge(
                    &id(NodeKind::DirectCaller, &d.name),
                    &id(NodeKind::Service, service),
                    EdgeKind::Calls,
                );
            }
        }
        topology
    }

    /// Adds a node; ids are the caller's responsibility to keep unique.
    pub fn add_node(&mut self, id: &str, kind: NodeKind, label: &str) {
        debug_assert!(
            self.node(&NodeId(id.to_owned())).is_none(),
            "duplicate node id {id}"
        );
        self.nodes.push(Node {
            id: NodeId(id.to_owned()),
            kind,
            label: label.to_owned(),
        });
    }

    /// Adds an edge between two nodes that must already exist.
    pub fn add_edge(&mut self, from: &str, to: &str, kind: EdgeKind) {
        let (from, to) = (NodeId(from.to_owned()), NodeId(to.to_owned()));
        debug_assert!(
            self.node(&from).is_some() && self.node(&to).is_some(),
            "edge to a missing node"
        );
        self.edges.push(Edge { from, to, kind });
    }

    /// The node with this id, if any.
    pub fn node(&self, id: &NodeId) -> Option<&Node> {
        self.nodes.iter().find(|node| &node.id == id)
    }

    /// The queue whose redrive policy targets `dead_letter_queue`, if any.
    pub fn redrive_source(&self, dead_letter_queue: &NodeId) -> Option<&NodeId> {
        self.edges
            .iter()
            .find(|edge| edge.kind == EdgeKind::Redrive && &edge.to == dead_letter_queue)
            .map(|edge| &edge.from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_processing_has_a_producer_a_queue_a_consumer_and_a_dead_letter_queue() {
        let topology = Topology::order_processing();
        let kinds: Vec<NodeKind> = topology.nodes.iter().map(|node| node.kind).collect();
        assert_eq!(
            kinds,
            [
                NodeKind::Producer,
                NodeKind::Queue,
                NodeKind::Consumer,
                NodeKind::DeadLetterQueue
            ]
        );
        let dlq = NodeId("orders-dlq".into());
        assert_eq!(
            topology.redrive_source(&dlq),
            Some(&NodeId("orders".into()))
        );
    }

    #[test]
    fn only_queues_named_fifo_are_fifo() {
        let mut topology = Topology::default();
        topology.add_node("payments", NodeKind::Queue, "payments.fifo");
        topology.add_node("svc", NodeKind::Consumer, "billing.fifo");
        assert!(topology.nodes[0].is_fifo());
        assert!(
            !topology.nodes[1].is_fifo(),
            "a consumer is never a FIFO queue, whatever its name"
        );
    }
}
