//! Designing a scenario on its diagram: add a node from the palette, connect two nodes, take a
//! connection or a node away, rename a node.
//!
//! The diagram's edges are the scenario's own references, so a connection is a field set:
//!
//! ```text
//! producer → queue or topic     producers[i].queue (a producer sends to one target)
//! topic → queue                 topics[i].subscriptions
//! queue → consumer fleet        consumers[i].queue (a fleet polls one queue)
//! queue → queue                 queues[i].redrive: the target becomes a dead-letter queue
//! consumer fleet → queue        consumers[i].forward_to
//! consumer fleet → service      consumers[i].calls
//! direct caller → service       direct_calls[i].calls
//! ```
//!
//! Every edit maps a scenario to a new one and passes it through `Scenario::validate`, the
//! check a scenario file gets (queue attributes and redrive policies are judged by the SQS
//! engine itself), so a refused edit changes nothing and says why in those words. Nothing is
//! left dangling: a new producer, consumer fleet or dead-letter queue arrives connected, and
//! taking a queue away takes with it what cannot exist without it (and says so).

use std::collections::BTreeMap;

use super::command::Command;
use super::random::DurationDistribution;
use super::scenario::{
    Arrival, ConsumerKind, ConsumerSpec, DirectCallSpec, ProducerSpec, QueueSpec, RedriveSpec,
    Scenario, ScenarioError, ServiceSpec, TopicSpec,
};
use super::topology::{Edge, NodeId, NodeKind, Topology};
use crate::sqs::redrive::RedrivePolicy;

/// The maxReceiveCount a new redrive policy gets: the API Reference's default for the field.
pub const DEFAULT_MAX_RECEIVE_COUNT: u32 = 10;

/// What the palette adds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PaletteItem {
    Producer,
    Queue,
    FifoQueue,
    DeadLetterQueue,
    Topic,
    ConsumerFleet,
    LambdaFunction,
    Service,
    DirectCaller,
}

impl PaletteItem {
    /// In the order messages flow, as the palette lists them.
    pub const ALL: [PaletteItem; 9] = [
        PaletteItem::Producer,
        PaletteItem::Queue,
        PaletteItem::FifoQueue,
        PaletteItem::DeadLetterQueue,
        PaletteItem::Topic,
        PaletteItem::ConsumerFleet,
        PaletteItem::LambdaFunction,
        PaletteItem::Service,
        PaletteItem::DirectCaller,
    ];

    pub fn label(self) -> &'static str {
        match self {
            PaletteItem::Producer => "Producer",
            PaletteItem::Queue => "Standard queue",
            PaletteItem::FifoQueue => "FIFO queue",
            PaletteItem::DeadLetterQueue => "Dead-letter queue",
            PaletteItem::Topic => "Topic",
            PaletteItem::ConsumerFleet => "Consumer fleet",
            PaletteItem::LambdaFunction => "Lambda function",
            PaletteItem::Service => "Downstream service",
            PaletteItem::DirectCaller => "Direct caller (old way)",
        }
    }
}

/// Where a node's spec sits in the scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spot {
    Producer(usize),
    Queue(usize),
    Consumer(usize),
    Topic(usize),
    Service(usize),
    DirectCaller(usize),
}

impl Spot {
    /// What the node is, with its article, for sentences.
    fn noun(self) -> &'static str {
        match self {
            Spot::Producer(_) => "a producer",
            Spot::Queue(_) => "a queue",
            Spot::Consumer(_) => "a consumer fleet",
            Spot::Topic(_) => "a topic",
            Spot::Service(_) => "a downstream service",
            Spot::DirectCaller(_) => "a direct caller",
        }
    }

    /// What a node of this kind may connect to, for a refusal to explain.
    fn reach(self) -> &'static str {
        match self {
            Spot::Producer(_) => "a producer sends to a queue or a topic",
            Spot::Queue(_) => "a queue delivers to consumer fleets and can move the messages it gives up on to another queue, its dead-letter queue",
            Spot::Consumer(_) => "a consumer fleet calls services and can forward what it processed to a queue",
            Spot::Topic(_) => "a topic fans out to queues",
            Spot::Service(_) => "a downstream service answers calls; it sends nothing on",
            Spot::DirectCaller(_) => "a direct caller calls services, with no queue in between",
        }
    }
}

/// Why an edit was refused; the scenario is unchanged.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum EditError {
    /// The id names nothing in the scenario (a stale selection, say).
    #[error("no node has the id \"{0}\"")]
    NoSuchNode(String),
    /// The model has no such connection or edit; the text says what it has.
    #[error("{0}")]
    NotAllowed(String),
    /// The edited scenario would not validate: every problem, with its path.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<ScenarioError>),
}

fn not_allowed(reason: impl Into<String>) -> EditError {
    EditError::NotAllowed(reason.into())
}

/// A queue name without its `.fifo` suffix, and the suffix.
fn split_fifo(name: &str) -> (&str, &str) {
    match name.strip_suffix(".fifo") {
        Some(stem) => (stem, ".fifo"),
        None => (name, ""),
    }
}

impl Scenario {
    /// Where the node with this id (`NodeId::of`'s `kind:name`) is specified.
    pub fn spot(&self, id: &NodeId) -> Option<Spot> {
        let (kind, name) = id.0.split_once(':')?;
        fn find<'a>(mut names: impl Iterator<Item = &'a String>, name: &str) -> Option<usize> {
            names.position(|n| n == name)
        }
        match kind {
            "producer" => find(self.producers.iter().map(|p| &p.name), name).map(Spot::Producer),
            // Dead-letter queues are queues, and their ids say so (`Topology::from_scenario`).
            "queue" | "dead-letter-queue" => self.queue_index(name).map(Spot::Queue),
            "consumer" => find(self.consumers.iter().map(|c| &c.name), name).map(Spot::Consumer),
            "topic" => find(self.topics.iter().map(|t| &t.name), name).map(Spot::Topic),
            "service" => find(self.services.iter().map(|s| &s.name), name).map(Spot::Service),
            "direct-caller" => {
                find(self.direct_calls.iter().map(|d| &d.name), name).map(Spot::DirectCaller)
            }
            _ => None,
        }
    }

    /// Every node's spot, in the diagram's order (as `Topology::from_scenario` lists them).
    pub fn spots(&self) -> Vec<Spot> {
        let each = |count: usize, spot: fn(usize) -> Spot| (0..count).map(spot);
        each(self.producers.len(), Spot::Producer)
            .chain(each(self.direct_calls.len(), Spot::DirectCaller))
            .chain(each(self.topics.len(), Spot::Topic))
            .chain(each(self.queues.len(), Spot::Queue))
            .chain(each(self.consumers.len(), Spot::Consumer))
            .chain(each(self.services.len(), Spot::Service))
            .collect()
    }

    fn located(&self, id: &NodeId) -> Result<Spot, EditError> {
        self.spot(id)
            .ok_or_else(|| EditError::NoSuchNode(id.0.clone()))
    }

    /// The name of the node at a spot.
    pub fn name_at(&self, spot: Spot) -> &str {
        match spot {
            Spot::Producer(i) => &self.producers[i].name,
            Spot::Queue(i) => &self.queues[i].name,
            Spot::Consumer(i) => &self.consumers[i].name,
            Spot::Topic(i) => &self.topics[i].name,
            Spot::Service(i) => &self.services[i].name,
            Spot::DirectCaller(i) => &self.direct_calls[i].name,
        }
    }

    fn name_at_mut(&mut self, spot: Spot) -> &mut String {
        match spot {
            Spot::Producer(i) => &mut self.producers[i].name,
            Spot::Queue(i) => &mut self.queues[i].name,
            Spot::Consumer(i) => &mut self.consumers[i].name,
            Spot::Topic(i) => &mut self.topics[i].name,
            Spot::Service(i) => &mut self.services[i].name,
            Spot::DirectCaller(i) => &mut self.direct_calls[i].name,
        }
    }

    /// The diagram id of the node at a spot (queues, dead-letter or not, are `queue:`).
    pub fn id_at(&self, spot: Spot) -> NodeId {
        let kind = match spot {
            Spot::Producer(_) => NodeKind::Producer,
            Spot::Queue(_) => NodeKind::Queue,
            Spot::Consumer(_) => NodeKind::Consumer,
            Spot::Topic(_) => NodeKind::Topic,
            Spot::Service(_) => NodeKind::Service,
            Spot::DirectCaller(_) => NodeKind::DirectCaller,
        };
        NodeId::of(kind, self.name_at(spot))
    }

    /// True when some queue's redrive policy moves messages to the queue of this name.
    pub fn is_dead_letter_queue(&self, name: &str) -> bool {
        self.queues
            .iter()
            .any(|q| q.dead_letter_target().is_some_and(|(dlq, _)| dlq == name))
    }

    /// The scenario if it validates, else every problem.
    fn validated(self) -> Result<Scenario, EditError> {
        let problems = self.validate();
        if problems.is_empty() {
            Ok(self)
        } else {
            Err(EditError::Invalid(problems))
        }
    }

    /// `stem` + `suffix` if no node has that name yet, else the first free `stem-N` + `suffix`.
    pub fn unique_name(&self, stem: &str, suffix: &str) -> String {
        let first = format!("{stem}{suffix}");
        if !self.has_node_named(&first) {
            return first;
        }
        (2..)
            .map(|n| format!("{stem}-{n}{suffix}"))
            .find(|name| !self.has_node_named(name))
            .expect("some number is free")
    }

    /// Adds a palette item with a unique name and defaults, connected where it must be: to the
    /// selected node when that fits, else to the first queue messages are sent to. Returns the
    /// new scenario and the new node's id.
    pub fn add_node(
        &self,
        item: PaletteItem,
        selected: Option<&NodeId>,
    ) -> Result<(Scenario, NodeId), EditError> {
        let selected = selected.and_then(|id| self.spot(id));
        let selected_queue = match selected {
            Some(Spot::Queue(i)) => Some(i),
            _ => None,
        };
        // The first queue that is not a dead-letter queue: where work usually goes.
        let main_queue = self
            .queues
            .iter()
            .position(|q| !self.is_dead_letter_queue(&q.name));
        let mut next = self.clone();
        let id = match item {
            PaletteItem::Producer => {
                let target = match selected {
                    Some(spot @ (Spot::Queue(_) | Spot::Topic(_))) => Some(self.name_at(spot)),
                    _ => main_queue
                        .map(|i| self.queues[i].name.as_str())
                        .or_else(|| self.topics.first().map(|t| t.name.as_str())),
                }
                .ok_or_else(|| {
                    not_allowed("Add a queue or a topic first: a producer needs somewhere to send")
                })?;
                let name = self.unique_name("producer", "");
                next.producers
                    .push(ProducerSpec::new(&name, target, ONE_A_SECOND));
                NodeId::of(NodeKind::Producer, &name)
            }
            PaletteItem::Queue | PaletteItem::FifoQueue => {
                let fifo = item == PaletteItem::FifoQueue;
                let name = self.unique_name("queue", if fifo { ".fifo" } else { "" });
                next.queues
                    .push(QueueSpec::new(&name, fifo_attributes(fifo)));
                NodeId::of(NodeKind::Queue, &name)
            }
            PaletteItem::DeadLetterQueue => {
                let source = selected_queue
                    .or_else(|| {
                        self.queues.iter().position(|q| {
                            q.dead_letter_target().is_none() && !self.is_dead_letter_queue(&q.name)
                        })
                    })
                    .ok_or_else(|| {
                        not_allowed(if self.queues.is_empty() {
                            "Add a queue first: a dead-letter queue holds the messages another queue gives up on"
                        } else {
                            "Every queue has a dead-letter queue: select a queue to give it a new one"
                        })
                    })?;
                let (stem, suffix) = split_fifo(&self.queues[source].name);
                let name = self.unique_name(&format!("{stem}-dlq"), suffix);
                next.queues
                    .push(QueueSpec::new(&name, fifo_attributes(!suffix.is_empty())));
                set_redrive(&mut next, source, &name);
                NodeId::of(NodeKind::Queue, &name)
            }
            PaletteItem::Topic => {
                let name = self.unique_name("topic", "");
                let subscriptions = selected_queue
                    .map(|i| self.queues[i].name.clone())
                    .into_iter()
                    .collect();
                next.topics.push(TopicSpec {
                    name: name.clone(),
                    subscriptions,
                });
                NodeId::of(NodeKind::Topic, &name)
            }
            PaletteItem::ConsumerFleet | PaletteItem::LambdaFunction => {
                let lambda = item == PaletteItem::LambdaFunction;
                let queue = selected_queue
                    .or(main_queue)
                    .ok_or_else(|| not_allowed("Add a queue first: a consumer polls a queue"))?;
                let name = self.unique_name(if lambda { "function" } else { "consumer" }, "");
                // A function handles a batch of up to ten within its default 3 s timeout.
                let mean_seconds = if lambda { 0.05 } else { 0.5 };
                let mut consumer = ConsumerSpec::new(
                    &name,
                    &self.queues[queue].name,
                    DurationDistribution::Exponential { mean_seconds },
                );
                if lambda {
                    consumer.kind = ConsumerKind::Lambda;
                }
                next.consumers.push(consumer);
                NodeId::of(NodeKind::Consumer, &name)
            }
            PaletteItem::Service => {
                let name = self.unique_name("service", "");
                next.services.push(ServiceSpec::new(
                    &name,
                    DurationDistribution::Exponential { mean_seconds: 0.05 },
                ));
                // A selected caller calls it.
                match selected {
                    Some(Spot::Consumer(i)) => next.consumers[i].calls.push(name.clone()),
                    Some(Spot::DirectCaller(i)) => next.direct_calls[i].calls.push(name.clone()),
                    _ => {}
                }
                NodeId::of(NodeKind::Service, &name)
            }
            PaletteItem::DirectCaller => {
                let name = self.unique_name("direct-caller", "");
                let calls = match selected {
                    Some(spot @ Spot::Service(_)) => vec![self.name_at(spot).to_owned()],
                    _ => Vec::new(),
                };
                next.direct_calls
                    .push(DirectCallSpec::new(&name, ONE_A_SECOND, calls));
                NodeId::of(NodeKind::DirectCaller, &name)
            }
        };
        next.validated().map(|scenario| (scenario, id))
    }

    /// Connects `from` to `to` (in the direction messages move), replacing a producer's target,
    /// a fleet's queue or a queue's dead-letter queue, which are one each.
    pub fn connect(&self, from: &NodeId, to: &NodeId) -> Result<Scenario, EditError> {
        let (a, b) = (self.located(from)?, self.located(to)?);
        let (from_name, to_name) = (self.name_at(a), self.name_at(b).to_owned());
        let already = || not_allowed(format!("{from_name} is already connected to {to_name}"));
        let mut next = self.clone();
        match (a, b) {
            (Spot::Producer(i), Spot::Queue(_) | Spot::Topic(_)) => {
                if self.producers[i].queue == to_name {
                    return Err(already());
                }
                next.producers[i].queue = to_name;
            }
            (Spot::Topic(i), Spot::Queue(_)) => {
                if self.topics[i].subscriptions.contains(&to_name) {
                    return Err(already());
                }
                next.topics[i].subscriptions.push(to_name);
            }
            (Spot::Queue(_), Spot::Consumer(i)) => {
                if self.consumers[i].queue == from_name {
                    return Err(already());
                }
                next.consumers[i].queue = from_name.to_owned();
            }
            (Spot::Queue(i), Spot::Queue(j)) => {
                if i == j {
                    return Err(not_allowed(
                        "A queue cannot be its own dead-letter queue: SQS moves a message to another queue",
                    ));
                }
                if self.queues[i].dead_letter_target().map(|(dlq, _)| dlq) == Some(to_name.clone())
                {
                    return Err(already());
                }
                if self.redrives_to(j, from_name) {
                    return Err(not_allowed(format!(
                        "{to_name} already moves its failed messages on to {from_name}: dead-letter queues cannot form a cycle (SQS checks that the target exists first)"
                    )));
                }
                set_redrive(&mut next, i, &to_name);
            }
            (Spot::Consumer(i), Spot::Queue(_)) => {
                let consumer = &self.consumers[i];
                if consumer.queue == to_name {
                    return Err(not_allowed(format!(
                        "{from_name} polls {to_name}: forwarding its work there would send every order round again"
                    )));
                }
                if consumer.forward_to.as_deref() == Some(to_name.as_str()) {
                    return Err(already());
                }
                next.consumers[i].forward_to = Some(to_name);
            }
            (Spot::Consumer(i), Spot::Service(_)) => {
                if self.consumers[i].calls.contains(&to_name) {
                    return Err(already());
                }
                next.consumers[i].calls.push(to_name);
            }
            (Spot::DirectCaller(i), Spot::Service(_)) => {
                if self.direct_calls[i].calls.contains(&to_name) {
                    return Err(already());
                }
                next.direct_calls[i].calls.push(to_name);
            }
            _ if a == b => return Err(not_allowed("A node cannot connect to itself")),
            _ => {
                return Err(not_allowed(format!(
                    "{from_name} ({}) cannot connect to {to_name} ({}): {}",
                    a.noun(),
                    b.noun(),
                    a.reach()
                )))
            }
        }
        next.validated()
    }

    /// True when the queue at `queue` moves failed messages, directly or down a chain of
    /// dead-letter queues, to the queue named `target`.
    fn redrives_to(&self, queue: usize, target: &str) -> bool {
        let mut at = queue;
        for _ in 0..self.queues.len() {
            let Some((next, _)) = self.queues[at].dead_letter_target() else {
                return false;
            };
            if next == target {
                return true;
            }
            match self.queue_index(&next) {
                Some(i) => at = i,
                None => return false,
            }
        }
        false
    }

    /// The nodes `from` may connect to now: every node `connect` would accept.
    pub fn connection_targets(&self, from: &NodeId) -> Vec<NodeId> {
        Topology::from_scenario(self)
            .nodes
            .into_iter()
            .map(|node| node.id)
            .filter(|to| self.connect(from, to).is_ok())
            .collect()
    }

    /// Takes a connection away. A producer's target and a fleet's queue cannot be taken away
    /// (they have exactly one): connect them elsewhere or delete them.
    pub fn disconnect(&self, edge: &Edge) -> Result<Scenario, EditError> {
        let (a, b) = (self.located(&edge.from)?, self.located(&edge.to)?);
        let to_name = self.name_at(b).to_owned();
        let mut next = self.clone();
        let connected = match (a, b) {
            (Spot::Producer(_), _) => {
                return Err(not_allowed(format!(
                    "{} sends to exactly one queue or topic: connect it to another, or delete it",
                    self.name_at(a)
                )))
            }
            (Spot::Queue(_), Spot::Consumer(_)) => {
                return Err(not_allowed(format!(
                    "{to_name} polls exactly one queue: connect another queue to it, or delete it"
                )))
            }
            (Spot::Topic(i), Spot::Queue(_)) => take(&mut next.topics[i].subscriptions, &to_name),
            (Spot::Queue(i), Spot::Queue(_)) => {
                let queue = &mut next.queues[i];
                let targets = queue
                    .dead_letter_target()
                    .is_some_and(|(dlq, _)| dlq == to_name);
                if targets {
                    queue.redrive = None;
                    queue.attributes.remove("RedrivePolicy");
                }
                targets
            }
            (Spot::Consumer(i), Spot::Queue(_)) => {
                let forward = &mut next.consumers[i].forward_to;
                let forwards = forward.as_deref() == Some(to_name.as_str());
                if forwards {
                    *forward = None;
                }
                forwards
            }
            (Spot::Consumer(i), Spot::Service(_)) => take(&mut next.consumers[i].calls, &to_name),
            (Spot::DirectCaller(i), Spot::Service(_)) => {
                take(&mut next.direct_calls[i].calls, &to_name)
            }
            _ => false,
        };
        if !connected {
            return Err(not_allowed(format!(
                "{} is not connected to {to_name}",
                self.name_at(a)
            )));
        }
        next.validated()
    }

    /// Deletes a node and what cannot exist without it: a queue's producers and consumer
    /// fleets, a topic's producers. References that can simply go (subscriptions, redrive
    /// policies, forwarding, calls, timeline commands, lesson highlights, saved positions) go.
    /// Returns the new scenario and, in words, everything else that changed.
    pub fn remove_node(&self, id: &NodeId) -> Result<(Scenario, Vec<String>), EditError> {
        let spot = self.located(id)?;
        let name = self.name_at(spot).to_owned();
        let mut next = self.clone();
        let mut also = Vec::new();
        match spot {
            Spot::Queue(i) => {
                next.queues.remove(i);
                next.producers.retain(|p| {
                    let keep = p.queue != name;
                    if !keep {
                        also.push(format!("producer {} (it sent to {name})", p.name));
                    }
                    keep
                });
                next.consumers.retain(|c| {
                    let keep = c.queue != name;
                    if !keep {
                        also.push(format!("consumer fleet {} (it polled {name})", c.name));
                    }
                    keep
                });
                for topic in &mut next.topics {
                    if topic.subscriptions.contains(&name) {
                        topic.subscriptions.retain(|q| *q != name);
                        also.push(format!("topic {}'s subscription", topic.name));
                    }
                }
                for queue in &mut next.queues {
                    if queue
                        .dead_letter_target()
                        .is_some_and(|(dlq, _)| dlq == name)
                    {
                        queue.redrive = None;
                        queue.attributes.remove("RedrivePolicy");
                        also.push(format!("queue {}'s redrive policy", queue.name));
                    }
                }
                for consumer in &mut next.consumers {
                    if consumer.forward_to.as_deref() == Some(name.as_str()) {
                        consumer.forward_to = None;
                        also.push(format!("consumer fleet {}'s forwarding", consumer.name));
                    }
                }
            }
            Spot::Topic(i) => {
                next.topics.remove(i);
                next.producers.retain(|p| {
                    let keep = p.queue != name;
                    if !keep {
                        also.push(format!("producer {} (it sent to {name})", p.name));
                    }
                    keep
                });
            }
            Spot::Producer(i) => {
                next.producers.remove(i);
            }
            Spot::Consumer(i) => {
                next.consumers.remove(i);
            }
            Spot::Service(i) => {
                next.services.remove(i);
                let callers = next
                    .consumers
                    .iter_mut()
                    .map(|c| (&c.name, &mut c.calls))
                    .chain(
                        next.direct_calls
                            .iter_mut()
                            .map(|d| (&d.name, &mut d.calls)),
                    );
                for (caller, calls) in callers {
                    if calls.contains(&name) {
                        calls.retain(|s| *s != name);
                        also.push(format!("{caller}'s call to {name}"));
                    }
                }
            }
            Spot::DirectCaller(i) => {
                next.direct_calls.remove(i);
            }
        }
        next.forget_missing_names(&mut also);
        next.validated().map(|scenario| (scenario, also))
    }

    /// Drops what names a node that is gone: timeline commands, a lesson's highlights and
    /// event filters, saved positions. Says what went in `also`.
    fn forget_missing_names(&mut self, also: &mut Vec<String>) {
        use super::command::Named;
        let before = self.clone();
        let exists = |named: Named| match named {
            Named::Queue(q) => before.queue_index(q).is_some(),
            Named::Consumer(c) => before.consumers.iter().any(|x| x.name == c),
            Named::Service(s) => before.services.iter().any(|x| x.name == s),
            Named::Producer(p) => before.producers.iter().any(|x| x.name == p),
        };
        let mut index = 0;
        self.timeline.retain(|timed| {
            let keep = exists(timed.command.names());
            if !keep {
                also.push(format!(
                    "timeline[{index}] (a command at {} s)",
                    timed.at_seconds
                ));
            }
            index += 1;
            keep
        });
        if let Some(guide) = &mut self.guide {
            for step in &mut guide.steps {
                step.highlight.retain(|name| before.has_node_named(name));
                if let Some(on) = &mut step.on {
                    if on
                        .queue
                        .as_ref()
                        .is_some_and(|q| before.queue_index(q).is_none())
                    {
                        on.queue = None;
                        also.push("a lesson step's queue filter".to_owned());
                    }
                }
            }
        }
        self.layout.retain(|name, _| before.has_node_named(name));
    }

    /// Renames a node and every reference to it (connections, timeline commands, lesson
    /// steps, its saved position). Names are unique across the diagram, so a lesson or a
    /// position never names two nodes.
    pub fn rename_node(&self, id: &NodeId, new_name: &str) -> Result<Scenario, EditError> {
        let spot = self.located(id)?;
        let old = self.name_at(spot).to_owned();
        let new = new_name.trim();
        if new == old {
            return Ok(self.clone());
        }
        if new.is_empty() {
            return Err(not_allowed("A name cannot be empty"));
        }
        if self.has_node_named(new) {
            return Err(not_allowed(format!(
                "\"{new}\" is already the name of a node"
            )));
        }
        let mut next = self.clone();
        *next.name_at_mut(spot) = new.to_owned();
        let rename = |name: &mut String| {
            if *name == old {
                *name = new.to_owned();
            }
        };
        use super::command::Named;
        for timed in &mut next.timeline {
            let same_kind = matches!(
                (timed.command.names(), spot),
                (Named::Queue(_), Spot::Queue(_))
                    | (Named::Consumer(_), Spot::Consumer(_))
                    | (Named::Service(_), Spot::Service(_))
                    | (Named::Producer(_), Spot::Producer(_))
            );
            if same_kind {
                rename(timed.command.name_mut());
            }
        }
        match spot {
            Spot::Queue(_) => {
                next.producers.iter_mut().for_each(|p| rename(&mut p.queue));
                for c in &mut next.consumers {
                    rename(&mut c.queue);
                    c.forward_to.iter_mut().for_each(rename);
                }
                for t in &mut next.topics {
                    t.subscriptions.iter_mut().for_each(rename);
                }
                for q in &mut next.queues {
                    q.redrive
                        .iter_mut()
                        .for_each(|r| rename(&mut r.dead_letter_queue));
                    rename_in_written_policy(&mut q.attributes, &old, new);
                }
                if let Some(guide) = &mut next.guide {
                    for on in guide.steps.iter_mut().filter_map(|s| s.on.as_mut()) {
                        on.queue.iter_mut().for_each(rename);
                    }
                }
            }
            Spot::Topic(_) => next.producers.iter_mut().for_each(|p| rename(&mut p.queue)),
            Spot::Service(_) => {
                for calls in next
                    .consumers
                    .iter_mut()
                    .map(|c| &mut c.calls)
                    .chain(next.direct_calls.iter_mut().map(|d| &mut d.calls))
                {
                    calls.iter_mut().for_each(rename);
                }
            }
            Spot::Producer(_) | Spot::Consumer(_) | Spot::DirectCaller(_) => {}
        }
        if let Some(guide) = &mut next.guide {
            for step in &mut guide.steps {
                step.highlight.iter_mut().for_each(rename);
            }
        }
        if let Some(at) = next.layout.remove(&old) {
            next.layout.insert(new.to_owned(), at);
        }
        next.validated()
    }
}

/// Takes `name` out of a list of names; whether it was there.
fn take(names: &mut Vec<String>, name: &str) -> bool {
    let before = names.len();
    names.retain(|n| n != name);
    names.len() != before
}

/// The commands that carry a run of `old` on as a run of `new` from the current moment, when
/// the two differ only in what a running world can change the way a person would: a fleet's
/// size (SetConsumerCount), a producer's constant or Poisson rate (SetProducerRate), a queue's
/// attribute values or maxReceiveCount (SetQueueAttributes), and saved positions (nothing at
/// all). `None` when they differ in anything else, and the run must start again.
///
/// `same` says whether two scenarios are the same design: `==` will do; the page compares
/// their JSON instead, which costs its download less than a derived comparison of every type
/// a scenario holds.
pub fn live_changes(
    old: &Scenario,
    new: &Scenario,
    same: impl Fn(&Scenario, &Scenario) -> bool,
) -> Option<Vec<Command>> {
    use super::scenario::Arrival;
    let same_shape = new.queues.len() == old.queues.len()
        && new.producers.len() == old.producers.len()
        && new.consumers.len() == old.consumers.len();
    if !same_shape {
        return None;
    }
    let mut probe = new.clone();
    probe.layout = old.layout.clone();
    let mut commands = Vec::new();
    for (c, was) in probe.consumers.iter_mut().zip(&old.consumers) {
        if c.name == was.name && c.count != was.count {
            commands.push(Command::SetConsumerCount {
                consumer: c.name.clone(),
                count: c.count,
            });
            c.count = was.count;
        }
    }
    for (p, was) in probe.producers.iter_mut().zip(&old.producers) {
        let rate = match (&p.arrival, &was.arrival) {
            (Arrival::Constant { per_second: now }, Arrival::Constant { per_second: then })
            | (Arrival::Poisson { per_second: now }, Arrival::Poisson { per_second: then })
                if now != then =>
            {
                *now
            }
            _ => continue,
        };
        commands.push(Command::SetProducerRate {
            producer: p.name.clone(),
            per_second: rate,
        });
        p.arrival = was.arrival.clone();
    }
    for (i, was) in old.queues.iter().enumerate() {
        let queue = &probe.queues[i];
        let target = |q: &super::scenario::QueueSpec| q.dead_letter_target().map(|(dlq, _)| dlq);
        if queue.name != was.name || target(queue) != target(was) {
            continue;
        }
        let (now, then) = (probe.queue_attributes(queue), old.queue_attributes(was));
        // A value taken away goes back to SQS's default: that needs a restart to say which.
        if then.keys().any(|name| !now.contains_key(name)) {
            continue;
        }
        // Inserted one by one: collecting into a BTreeMap sorts first, and that stable sort
        // would be the page's only one (2 KB of its download).
        let mut changed = BTreeMap::new();
        for (name, value) in now {
            if then.get(&name) != Some(&value) {
                changed.insert(name, value);
            }
        }
        if changed.is_empty() || changed.contains_key("FifoQueue") {
            continue;
        }
        commands.push(Command::SetQueueAttributes {
            queue: queue.name.clone(),
            attributes: changed,
        });
        probe.queues[i] = was.clone();
    }
    same(&probe, old).then_some(commands)
}

/// A new producer's or direct caller's arrivals.
const ONE_A_SECOND: Arrival = Arrival::Poisson { per_second: 1.0 };

/// A new queue's attributes: none but `FifoQueue` for a FIFO queue (SQS's defaults).
fn fifo_attributes(fifo: bool) -> BTreeMap<String, String> {
    let mut attributes = BTreeMap::new();
    if fifo {
        attributes.insert("FifoQueue".to_owned(), "true".to_owned());
    }
    attributes
}

/// Points the queue at `source` to the dead-letter queue `target`, keeping its
/// maxReceiveCount if it had one (a written-out RedrivePolicy becomes a `redrive`).
fn set_redrive(scenario: &mut Scenario, source: usize, target: &str) {
    let queue = &mut scenario.queues[source];
    let max_receive_count = queue
        .dead_letter_target()
        .map_or(DEFAULT_MAX_RECEIVE_COUNT, |(_, count)| count);
    queue.attributes.remove("RedrivePolicy");
    queue.redrive = Some(RedriveSpec {
        dead_letter_queue: target.to_owned(),
        max_receive_count,
    });
}

/// Renames the dead-letter queue in a RedrivePolicy attribute written out as SQS takes it.
fn rename_in_written_policy(attributes: &mut BTreeMap<String, String>, old: &str, new: &str) {
    let Some(mut policy) = attributes
        .get("RedrivePolicy")
        .and_then(|text| RedrivePolicy::parse(text).ok())
    else {
        return;
    };
    if let Some(stem) = policy
        .dead_letter_target_arn
        .strip_suffix(old)
        .filter(|stem| stem.ends_with(':'))
    {
        policy.dead_letter_target_arn = format!("{stem}{new}");
        attributes.insert("RedrivePolicy".to_owned(), policy.to_json());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::EdgeKind;
    use serde_json::json;

    const BLANK: &str = r#"{"version": 1, "title": "t", "queues": []}"#;

    fn blank() -> Scenario {
        Scenario::from_json(BLANK).unwrap()
    }

    fn id(kind: NodeKind, name: &str) -> NodeId {
        NodeId::of(kind, name)
    }

    /// producer → queue → consumer, with a dead-letter queue: built from a blank scenario.
    fn built() -> Scenario {
        let (s, queue) = blank().add_node(PaletteItem::Queue, None).unwrap();
        let (s, _) = s.add_node(PaletteItem::Producer, Some(&queue)).unwrap();
        let (s, _) = s
            .add_node(PaletteItem::ConsumerFleet, Some(&queue))
            .unwrap();
        let (s, _) = s
            .add_node(PaletteItem::DeadLetterQueue, Some(&queue))
            .unwrap();
        s
    }

    #[test]
    fn a_blank_scenario_is_valid_and_every_palette_item_can_be_added_to_a_built_one() {
        let mut scenario = built();
        for item in PaletteItem::ALL {
            let before = Topology::from_scenario(&scenario).nodes.len();
            let (next, new) = scenario
                .add_node(item, None)
                .unwrap_or_else(|e| panic!("{item:?}: {e}"));
            let topology = Topology::from_scenario(&next);
            assert_eq!(topology.nodes.len(), before + 1, "{item:?}");
            assert!(topology.node(&new).is_some(), "{item:?}: {new:?}");
            scenario = next;
        }
        // Names are unique across the diagram.
        let topology = Topology::from_scenario(&scenario);
        let mut labels: Vec<&str> = topology.nodes.iter().map(|n| n.label.as_str()).collect();
        labels.sort_unstable();
        let count = labels.len();
        labels.dedup();
        assert_eq!(labels.len(), count, "{labels:?}");
    }

    #[test]
    fn the_palette_builds_a_connected_pipeline_with_a_dead_letter_queue() {
        let s = built();
        assert_eq!(s.producers[0].queue, "queue");
        assert_eq!(s.consumers[0].queue, "queue");
        let redrive = s.queues[0].redrive.as_ref().unwrap();
        assert_eq!(redrive.dead_letter_queue, "queue-dlq");
        assert_eq!(redrive.max_receive_count, DEFAULT_MAX_RECEIVE_COUNT);
        let topology = Topology::from_scenario(&s);
        let kinds: Vec<EdgeKind> = topology.edges.iter().map(|e| e.kind).collect();
        assert!(kinds.contains(&EdgeKind::Sends) && kinds.contains(&EdgeKind::Delivers));
        assert!(kinds.contains(&EdgeKind::Redrive));
        // It runs: messages are sent and deleted.
        let mut sim = crate::sim::Simulation::new(s, 1);
        sim.run_for(std::time::Duration::from_secs(60));
        assert!(sim.summary().messages_deleted > 10);
    }

    #[test]
    fn a_fifo_queue_gets_a_fifo_dead_letter_queue() {
        let (s, fifo) = blank().add_node(PaletteItem::FifoQueue, None).unwrap();
        assert_eq!(fifo.0, "queue:queue.fifo");
        let (s, dlq) = s
            .add_node(PaletteItem::DeadLetterQueue, Some(&fifo))
            .unwrap();
        assert_eq!(dlq.0, "queue:queue-dlq.fifo");
        assert!(s.is_dead_letter_queue("queue-dlq.fifo"));
    }

    #[test]
    fn nodes_that_need_a_queue_are_refused_on_a_blank_scenario_with_the_reason() {
        for item in [
            PaletteItem::Producer,
            PaletteItem::ConsumerFleet,
            PaletteItem::DeadLetterQueue,
        ] {
            let error = blank().add_node(item, None).unwrap_err();
            assert!(
                error.to_string().starts_with("Add a queue"),
                "{item:?}: {error}"
            );
        }
    }

    #[test]
    fn refused_connections_say_why_in_the_models_words() {
        let s = built();
        let producer = id(NodeKind::Producer, "producer");
        let consumer = id(NodeKind::Consumer, "consumer");
        let error = s.connect(&producer, &consumer).unwrap_err();
        assert_eq!(
            error.to_string(),
            "producer (a producer) cannot connect to consumer (a consumer fleet): a producer sends to a queue or a topic"
        );
        let queue = id(NodeKind::Queue, "queue");
        assert!(s
            .connect(&queue, &queue)
            .unwrap_err()
            .to_string()
            .contains("its own dead-letter queue"));
        assert!(s
            .connect(&producer, &queue)
            .unwrap_err()
            .to_string()
            .contains("already connected"));
    }

    #[test]
    fn a_standard_queue_cannot_redrive_to_a_fifo_queue_in_the_engines_words() {
        let (s, fifo) = built().add_node(PaletteItem::FifoQueue, None).unwrap();
        let error = s.connect(&id(NodeKind::Queue, "queue"), &fifo).unwrap_err();
        let EditError::Invalid(problems) = &error else {
            panic!("{error:?}");
        };
        assert_eq!(problems[0].path, "queues[0]");
        assert!(
            problems[0].message.starts_with("InvalidParameterValue: ")
                && problems[0].message.contains("same type of queue"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn a_cycle_of_dead_letter_queues_is_refused() {
        let s = built();
        let error = s
            .connect(
                &id(NodeKind::Queue, "queue-dlq"),
                &id(NodeKind::Queue, "queue"),
            )
            .unwrap_err();
        assert!(error.to_string().contains("cycle"), "{error}");
    }

    #[test]
    fn connection_targets_are_exactly_the_connections_connect_accepts() {
        let (s, _) = built().add_node(PaletteItem::Service, None).unwrap();
        let (s, _) = s.add_node(PaletteItem::Queue, None).unwrap();
        let targets = |from: NodeId| -> Vec<String> {
            s.connection_targets(&from)
                .into_iter()
                .map(|id| id.0)
                .collect()
        };
        assert_eq!(
            targets(id(NodeKind::Producer, "producer")),
            ["queue:queue-dlq", "queue:queue-2"]
        );
        assert_eq!(
            targets(id(NodeKind::Consumer, "consumer")),
            ["queue:queue-dlq", "queue:queue-2", "service:service"]
        );
        assert_eq!(
            targets(id(NodeKind::Queue, "queue")),
            ["queue:queue-2"],
            "a new dead-letter queue; the rest are connected already"
        );
        assert!(targets(id(NodeKind::Service, "service")).is_empty());
    }

    #[test]
    fn a_connection_replaces_a_producers_single_target_and_disconnect_keeps_it() {
        let (s, other) = built().add_node(PaletteItem::Queue, None).unwrap();
        let producer = id(NodeKind::Producer, "producer");
        let s = s.connect(&producer, &other).unwrap();
        assert_eq!(s.producers[0].queue, "queue-2");
        let edge = Edge {
            from: producer,
            to: other,
            kind: EdgeKind::Sends,
        };
        assert!(s
            .disconnect(&edge)
            .unwrap_err()
            .to_string()
            .contains("exactly one"));
    }

    #[test]
    fn disconnecting_a_redrive_makes_the_dead_letter_queue_an_ordinary_queue() {
        let s = built();
        let edge = Edge {
            from: id(NodeKind::Queue, "queue"),
            to: id(NodeKind::Queue, "queue-dlq"),
            kind: EdgeKind::Redrive,
        };
        let s = s.disconnect(&edge).unwrap();
        assert!(s.queues[0].redrive.is_none());
        assert!(!s.is_dead_letter_queue("queue-dlq"));
        assert!(s.disconnect(&edge).is_err(), "nothing left to take away");
    }

    #[test]
    fn deleting_a_queue_takes_its_producers_and_consumers_and_says_so() {
        let mut s = built();
        s.timeline.push(
            serde_json::from_value(
                json!({"at_seconds": 5, "command": {"kind": "purge_queue", "queue": "queue"}}),
            )
            .unwrap(),
        );
        s.layout.insert(
            "consumer".into(),
            crate::sim::scenario::Position { x: 1.0, y: 2.0 },
        );
        let (after, also) = s.remove_node(&id(NodeKind::Queue, "queue")).unwrap();
        assert_eq!(after.queues.len(), 1);
        assert!(after.producers.is_empty() && after.consumers.is_empty());
        assert!(after.timeline.is_empty() && after.layout.is_empty());
        assert!(
            also.iter().any(|a| a.starts_with("producer producer"))
                && also
                    .iter()
                    .any(|a| a.starts_with("consumer fleet consumer"))
                && also.iter().any(|a| a.starts_with("timeline[0]")),
            "{also:?}"
        );
        // Deleting the dead-letter queue instead leaves the queue without a redrive.
        let (after, also) = s.remove_node(&id(NodeKind::Queue, "queue-dlq")).unwrap();
        assert!(after.queues[0].redrive.is_none());
        assert_eq!(also, ["queue queue's redrive policy"]);
    }

    #[test]
    fn renaming_a_queue_renames_every_reference_to_it() {
        let mut s = built();
        s.layout.insert(
            "queue-dlq".into(),
            crate::sim::scenario::Position { x: 1.0, y: 2.0 },
        );
        let s = s
            .rename_node(&id(NodeKind::Queue, "queue-dlq"), "orders-dlq")
            .unwrap();
        assert_eq!(
            s.queues[0].redrive.as_ref().unwrap().dead_letter_queue,
            "orders-dlq"
        );
        assert!(s.layout.contains_key("orders-dlq"));
        let s = s
            .rename_node(&id(NodeKind::Queue, "queue"), "orders")
            .unwrap();
        assert_eq!(s.producers[0].queue, "orders");
        assert_eq!(s.consumers[0].queue, "orders");
        // Taken names and names SQS refuses are refused.
        assert!(s
            .rename_node(&id(NodeKind::Queue, "orders"), "producer")
            .is_err());
        let error = s
            .rename_node(&id(NodeKind::Queue, "orders"), "no spaces")
            .unwrap_err();
        assert!(
            error.to_string().contains("InvalidParameterValue"),
            "{error}"
        );
    }

    #[test]
    fn counts_rates_and_attributes_change_live_and_anything_else_restarts() {
        let old = built();
        let mut new = old.clone();
        new.consumers[0].count = 4;
        new.producers[0].arrival =
            serde_json::from_value(json!({"kind": "poisson", "per_second": 3})).unwrap();
        new.queues[0]
            .attributes
            .insert("VisibilityTimeout".into(), "5".into());
        new.queues[0].redrive.as_mut().unwrap().max_receive_count = 3;
        new.layout.insert(
            "queue".into(),
            crate::sim::scenario::Position { x: 0.0, y: 0.0 },
        );
        let commands = live_changes(&old, &new, PartialEq::eq).unwrap();
        assert_eq!(commands.len(), 3, "{commands:?}");
        assert!(matches!(
            &commands[0],
            Command::SetConsumerCount { count: 4, .. }
        ));
        assert!(
            matches!(&commands[1], Command::SetProducerRate { per_second, .. } if *per_second == 3.0)
        );
        let Command::SetQueueAttributes { attributes, .. } = &commands[2] else {
            panic!("{commands:?}");
        };
        assert_eq!(attributes["VisibilityTimeout"], "5");
        assert!(attributes["RedrivePolicy"].contains("\"maxReceiveCount\":3"));
        // Applied to a run of the old scenario, they give the new one's values.
        let mut sim = crate::sim::Simulation::new(old.clone(), 3);
        sim.run_for(std::time::Duration::from_secs(10));
        for command in commands {
            sim.apply(&command).unwrap();
        }
        assert_eq!(
            sim.sqs()
                .queue("queue")
                .unwrap()
                .attributes
                .render("VisibilityTimeout")
                .as_deref(),
            Some("5")
        );
        // Positions alone change nothing in the run.
        let mut moved = old.clone();
        moved.layout = new.layout.clone();
        assert_eq!(live_changes(&old, &moved, PartialEq::eq), Some(Vec::new()));
        // Anything else restarts: a processing time, a new node, a redrive to elsewhere.
        let mut slower = old.clone();
        slower.consumers[0].failure_probability = 0.5;
        assert_eq!(live_changes(&old, &slower, PartialEq::eq), None);
        let (bigger, _) = old.add_node(PaletteItem::Queue, None).unwrap();
        assert_eq!(live_changes(&old, &bigger, PartialEq::eq), None);
        let mut unset = new.clone();
        unset.queues[0].attributes.clear();
        assert_eq!(
            live_changes(&new, &unset, PartialEq::eq),
            None,
            "back to a default"
        );
    }

    #[test]
    fn renaming_a_dead_letter_queue_named_in_a_written_policy_rewrites_its_arn() {
        let text = r#"{"version": 1, "title": "t", "queues": [
            {"name": "a", "attributes": {"RedrivePolicy": "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:123456789012:b\",\"maxReceiveCount\":\"2\"}"}},
            {"name": "b"}]}"#;
        let s = Scenario::from_json(text).unwrap();
        let s = s.rename_node(&id(NodeKind::Queue, "b"), "bb").unwrap();
        assert_eq!(s.queues[0].dead_letter_target(), Some(("bb".to_owned(), 2)));
    }
}
