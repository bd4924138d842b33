//! Snapshots: what the world looks like at one instant, as plain data for views.
//!
//! The web app reads these and nothing else of the simulation's insides; they serialize to
//! JSON for the browser, for tests and for `sqs-sim run`.

use serde::Serialize;

use super::simulation::RunSummary;

/// One FIFO message group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GroupSnapshot {
    pub id: String,
    pub messages: usize,
    /// The group's first message is in flight: nothing else of it can be received.
    pub blocked: bool,
}

/// One queue, with CloudWatch's gauge names where they exist.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QueueSnapshot {
    pub name: String,
    pub fifo: bool,
    pub approximate_number_of_messages_visible: usize,
    pub approximate_number_of_messages_not_visible: usize,
    pub approximate_number_of_messages_delayed: usize,
    pub approximate_age_of_oldest_message: f64,
    pub number_of_messages_sent: u64,
    pub number_of_messages_received: u64,
    pub number_of_messages_deleted: u64,
    pub number_of_empty_receives: u64,
    /// FIFO only: the groups with messages, at most `MAX_GROUPS` of them.
    pub groups: Vec<GroupSnapshot>,
    /// In-flight messages, soonest visible again first, at most `MAX_IN_FLIGHT_LISTED`.
    pub in_flight: Vec<InFlightSnapshot>,
}

/// A received message whose visibility timeout is ticking.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InFlightSnapshot {
    pub message_id: String,
    /// ApproximateReceiveCount.
    pub receive_count: u32,
    /// Seconds until it is visible again (unless deleted first).
    pub visible_again_in_s: f64,
    /// The whole timeout it was given (receive to visible again), in seconds.
    pub timeout_s: f64,
}

/// The most in-flight messages a snapshot lists per queue (the soonest to return first).
pub const MAX_IN_FLIGHT_LISTED: usize = 24;

/// The most FIFO groups a snapshot lists per queue.
pub const MAX_GROUPS: usize = 64;

/// What a consumer is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsumerActivity {
    Idle,
    Polling,
    Processing,
    Crashed,
    Stopped,
    /// A Lambda poller whose invocation was throttled, retrying.
    Throttled,
}

impl ConsumerActivity {
    /// The lower-case name (as in JSON), for markup.
    pub fn as_str(self) -> &'static str {
        match self {
            ConsumerActivity::Idle => "idle",
            ConsumerActivity::Polling => "polling",
            ConsumerActivity::Processing => "processing",
            ConsumerActivity::Crashed => "crashed",
            ConsumerActivity::Stopped => "stopped",
            ConsumerActivity::Throttled => "throttled",
        }
    }
}

/// One consumer (a worker of a fleet).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConsumerSnapshot {
    /// The fleet's name in the scenario.
    pub fleet: String,
    pub activity: ConsumerActivity,
    /// The MessageId it is processing, if any.
    pub holding: Option<String>,
    /// Share of the elapsed time spent processing.
    pub utilisation: f64,
}

/// A Lambda consumer: its mapping's concurrency (one poller per batch) and what its pollers
/// are doing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FunctionSnapshot {
    pub name: String,
    /// Batches the mapping may process at once now.
    pub pollers: u32,
    /// Invocations running now (ConcurrentExecutions).
    pub running: u32,
    /// Pollers whose invocation is throttled, retrying.
    pub throttled: u32,
}

/// A downstream service: down means every call fails (an outage or a person's doing).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServiceSnapshot {
    pub name: String,
    pub down: bool,
}

/// The whole world at `now_ms`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Snapshot {
    pub now_ms: u64,
    pub queues: Vec<QueueSnapshot>,
    pub consumers: Vec<ConsumerSnapshot>,
    /// The Lambda consumers, in the scenario's order.
    pub functions: Vec<FunctionSnapshot>,
    pub services: Vec<ServiceSnapshot>,
    pub summary: RunSummary,
}

impl Snapshot {
    /// Messages still in the queues (visible, in flight or delayed): sent and not yet deleted,
    /// moved or expired.
    pub fn messages_in_queues(&self) -> usize {
        self.queues
            .iter()
            .map(|q| {
                q.approximate_number_of_messages_visible
                    + q.approximate_number_of_messages_not_visible
                    + q.approximate_number_of_messages_delayed
            })
            .sum()
    }
}
