//! One queue's storage and the state machine of its messages.
//!
//! Developer Guide: `sqs-visibility-timeout`, `sqs-delay-queues`, `FIFO-queues-understanding-logic`.
//! A message is *delayed*, *visible* or *in flight* (`MessageState`); it leaves the queue when it
//! is deleted, expires (retention), is purged or is moved to a dead-letter queue.
//!
//! Every state change goes through `set_state`, which keeps the indexes in step:
//! * `servers`: visible messages of a standard queue, per storage server, in the order they
//!   became available (best-effort order). Messages become available in `order`, a counter, so
//!   each server's index is a deque appended at the back and read from the front. Entries are
//!   removed lazily: an entry whose message has left that visible state is skipped and dropped
//!   when it reaches the front, which keeps a receive O(1) however deep the queue.
//!   FIFO queues use `fifo.ready` instead: groups whose first message is visible, ordered by
//!   when that message became available.
//! * `timers`: `(instant, seq)` for every delayed or in-flight message. Like mini-redis's expiry
//!   set, it answers "what happens next" in O(log n); an entry is only a wake-up, checked against
//!   the message's state when it comes up.
//! * `retention`: `(enqueued_at, seq)`; the retention period applies to all alike, so the first
//!   entry is always the next to expire, even after the period changes.
//!
//! Receives are O(1) amortised in the queue depth; deletes and visibility changes O(log n).

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::time::Duration;

use smallvec::SmallVec;

use super::attributes::{DeduplicationScope, QueueAttributes};
use super::error::{ErrorCode, SqsError, SqsResult};
use super::limits::{
    DEDUPLICATION_WINDOW_SECONDS, MAX_VISIBILITY_TIMEOUT, RECEIVE_ATTEMPT_WINDOW_SECONDS,
};
use super::message::{Copies, Message, MessageId, MessageState};
use super::message_store::MessageStore;
use super::queue_table::QueueRef;
use super::throughput::{QuotaAction, ThroughputQuota};
use super::time_index::TimeIndex;
use crate::time::SimTime;

/// Cumulative counts behind the CloudWatch metrics (`AWS/SQS`), exact at every instant.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueueCounters {
    /// `NumberOfMessagesSent`: messages added by SendMessage(Batch), deduplicated sends included
    /// (whether AWS counts those is unconfirmed); DLQ moves are not sends.
    pub sent: u64,
    /// `SentMessageSize`, summed over `sent`.
    pub sent_bytes: u64,
    /// `NumberOfMessagesReceived`: messages returned by ReceiveMessage.
    pub received: u64,
    /// `NumberOfMessagesDeleted`: successful deletes with a valid handle, repeats included.
    pub deleted: u64,
    /// `NumberOfEmptyReceives`: ReceiveMessage calls that returned nothing.
    pub empty_receives: u64,
    /// ReceiveMessage calls, empty or not (for request counts and cost).
    pub receive_calls: u64,
    /// FIFO sends accepted but dropped as duplicates within the deduplication interval.
    pub deduplicated: u64,
    /// Messages this queue moved to its dead-letter queue.
    pub moved_to_dead_letter_queue: u64,
    /// Messages that arrived here from another queue's redrive.
    pub moved_in: u64,
    /// Messages removed because they outlived MessageRetentionPeriod.
    pub expired: u64,
    /// Messages removed by PurgeQueue.
    pub purged: u64,
    /// Messages a message move task took out of this queue (a DLQ redrive).
    pub redriven: u64,
    /// Messages that left by a real delete (not a missed copy).
    pub removed_by_delete: u64,
    /// FIFO requests refused by the throughput quota.
    pub throttled: u64,
    /// Standard queues: deliveries of a message after a delete had already succeeded.
    pub duplicates_delivered: u64,
}

/// A FIFO message group: its undeleted messages in send order.
#[derive(Clone, Debug, Default)]
struct Group {
    members: BTreeSet<u64>,
    /// This group's entry in `FifoState::ready`, while its first message is visible.
    ready: Option<(SimTime, u64, u64)>,
}

/// A remembered FIFO deduplication id.
#[derive(Clone, Debug)]
pub struct DedupEntry {
    pub first_sent: SimTime,
    /// The original message's position in the queue.
    pub seq: u64,
    pub message_id: MessageId,
    pub sequence_number: String,
}

/// A ReceiveRequestAttemptId's result, reusable for five minutes while nothing changed.
#[derive(Clone, Debug)]
struct ReceiveAttempt {
    created: SimTime,
    /// `(seq, receive, until)` of each message the attempt returned.
    messages: Vec<(u64, u32, SimTime)>,
}

/// FIFO-only state.
#[derive(Clone, Debug, Default)]
struct FifoState {
    groups: HashMap<String, Group>,
    /// `(since, order, head seq)` of every group whose first message is visible.
    ready: BTreeSet<(SimTime, u64, u64)>,
    dedup: HashMap<String, DedupEntry>,
    dedup_expiry: VecDeque<(SimTime, String)>,
    last_sequence_number: u128,
    attempts: HashMap<String, ReceiveAttempt>,
    /// The deduplication scope in force, and a change waiting for its propagation delay.
    scope: Option<DeduplicationScope>,
    pending_scope: Option<(SimTime, DeduplicationScope)>,
}

/// Why a delete or a visibility change was refused (the service turns these into SqsErrors).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HandleProblem {
    /// FIFO: the handle's visibility lapsed, or the message was received again since.
    Expired,
    /// The message is gone (deleted, expired, moved or purged).
    MessageGone,
    /// ChangeMessageVisibility past 12 hours from the receive that issued the handle.
    BeyondVisibilityLimit,
}

/// Something that happened to a message inside the queue by itself or as a side effect (what
/// callers see in responses is not repeated here). Recorded only when `record_events` is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueueEvent {
    pub at: SimTime,
    pub message_id: MessageId,
    pub receive_count: u32,
    pub kind: QueueEventKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueueEventKind {
    /// A delay ended: the message is visible for the first time.
    DelayEnded,
    /// A visibility timeout lapsed without a delete: the message is visible again.
    VisibilityExpired,
    /// Retention ran out.
    Expired,
    /// A receive found it over maxReceiveCount and moved it to the dead-letter queue.
    MovedToDeadLetterQueue,
    /// PurgeQueue removed it.
    Purged,
}

/// Messages a receive chose, by seq: at most 10 to deliver, so they stay off the heap.
type Chosen = SmallVec<[u64; 10]>;

/// What one receive did.
#[derive(Debug, Default)]
pub struct ReceiveResult {
    /// Messages returned, in order, with the receive number their handle carries (usually
    /// one: off the heap).
    pub delivered: SmallVec<[(u64, u32); 1]>,
    /// Messages taken out to be moved to the dead-letter queue.
    pub moved: Vec<Box<Message>>,
}

/// One SQS queue.
#[derive(Clone, Debug)]
pub struct Queue {
    pub name: String,
    /// Distinguishes this queue from an earlier queue of the same name (receipt handles).
    pub uid: u64,
    pub url: String,
    pub arn: String,
    pub attributes: QueueAttributes,
    pub created_at: SimTime,
    pub last_modified_at: SimTime,
    pub tags: BTreeMap<String, String>,
    /// AddPermission labels (kept only to answer as SQS does; nothing is enforced).
    pub permissions: BTreeMap<String, (Vec<String>, Vec<String>)>,
    pub counters: QueueCounters,
    pub purged_at: Option<SimTime>,
    /// FIFO transactions-per-second quotas.
    pub quota: ThroughputQuota,
    /// Whether to record `events` (the simulation's trace wants them; replay does not).
    pub record_events: bool,
    /// Where the redrive policy's dead-letter queue was last found (`Sqs::redrive_target`).
    pub(crate) dead_letter_hint: Option<QueueRef>,
    /// Events recorded since the last `take_events`.
    events: Vec<QueueEvent>,
    messages: MessageStore,
    next_seq: u64,
    next_order: u64,
    /// `(order, seq)` of visible messages per storage server (standard queues).
    servers: Vec<VecDeque<(u64, u64)>>,
    timers: TimeIndex,
    retention: TimeIndex,
    arrivals: TimeIndex,
    /// Lower bounds on the first timer and on the first enqueue time in `retention` (NEVER when
    /// empty): inserts lower them and `advance` recomputes them, so that `advance`, which runs
    /// on every request, can tell without looking that nothing is due.
    quiet_timer: SimTime,
    quiet_enqueued: SimTime,
    in_flight: usize,
    delayed: usize,
    fifo: FifoState,
}

/// "No entry" for the `quiet_*` bounds.
const NEVER: SimTime = SimTime(u64::MAX);

fn seconds(s: u32) -> Duration {
    Duration::from_secs(u64::from(s))
}

impl Queue {
    /// An empty queue. `servers` is the delivery model's server count (standard queues).
    pub fn new(
        name: &str,
        uid: u64,
        url: String,
        arn: String,
        attributes: QueueAttributes,
        now: SimTime,
        servers: u32,
    ) -> Queue {
        let servers = if attributes.fifo_queue {
            1
        } else {
            servers.max(1) as usize
        };
        let scope = attributes
            .fifo_queue
            .then_some(attributes.deduplication_scope);
        Queue {
            name: name.to_owned(),
            uid,
            url,
            arn,
            attributes,
            created_at: now,
            last_modified_at: now,
            tags: BTreeMap::new(),
            permissions: BTreeMap::new(),
            counters: QueueCounters::default(),
            purged_at: None,
            quota: ThroughputQuota::default(),
            record_events: false,
            dead_letter_hint: None,
            events: Vec::new(),
            messages: MessageStore::default(),
            next_seq: 0,
            next_order: 0,
            servers: vec![VecDeque::new(); servers],
            timers: TimeIndex::default(),
            retention: TimeIndex::default(),
            arrivals: TimeIndex::default(),
            quiet_timer: NEVER,
            quiet_enqueued: NEVER,
            in_flight: 0,
            delayed: 0,
            fifo: FifoState {
                scope,
                ..FifoState::default()
            },
        }
    }

    pub fn is_fifo(&self) -> bool {
        self.attributes.fifo_queue
    }

    /// Counts one request of `action` against a FIFO queue's quota; `RequestThrottled` when it
    /// is spent. Standard queues have no quota.
    pub fn admit(&mut self, action: QuotaAction, now: SimTime) -> SqsResult<()> {
        if !self.is_fifo() || self.quota.admit(&self.attributes, action, now) {
            return Ok(());
        }
        self.counters.throttled += 1;
        Err(SqsError::new(
            ErrorCode::RequestThrottled,
            "The request was denied due to request throttling.",
        ))
    }

    /// How many storage servers the delivery model spreads this queue over.
    pub fn server_count(&self) -> usize {
        self.servers.len()
    }

    pub fn message(&self, seq: u64) -> Option<&Message> {
        self.messages.get(&seq)
    }

    /// All stored messages (any order); for snapshots and invariant checks.
    pub fn messages(&self) -> impl Iterator<Item = &Message> {
        self.messages.values()
    }

    /// True if `seq` could name a message of this queue (it was issued).
    pub fn issued(&self, seq: u64) -> bool {
        seq < self.next_seq
    }

    /// Up to `limit` in-flight messages, the soonest to become visible again first: (MessageId,
    /// receive number, when it was received, when its visibility timeout ends).
    pub fn in_flight_soonest(&self, limit: usize) -> Vec<(MessageId, u32, SimTime, SimTime)> {
        let messages = &self.messages;
        self.timers
            .iter(|entry| timer_is_live(messages, entry))
            .filter_map(|(_, seq)| {
                let message = &messages[&seq];
                match message.state {
                    MessageState::InFlight {
                        until,
                        receive,
                        received_at,
                    } => Some((message.message_id, receive, received_at, until)),
                    _ => None,
                }
            })
            .take(limit)
            .collect()
    }

    /// `ApproximateNumberOfMessages`: messages available for retrieval. For FIFO this includes
    /// messages waiting behind an in-flight message of their group (SQS_SEMANTICS.md §2.18).
    pub fn visible_count(&self) -> usize {
        self.messages.len() - self.in_flight - self.delayed
    }

    /// `ApproximateNumberOfMessagesNotVisible`.
    pub fn in_flight_count(&self) -> usize {
        self.in_flight
    }

    /// `ApproximateNumberOfMessagesDelayed`.
    pub fn delayed_count(&self) -> usize {
        self.delayed
    }

    /// Every message stored, in any state.
    pub fn stored_count(&self) -> usize {
        self.messages.len()
    }

    /// `ApproximateNumberOfGroupsWithInflightMessages` (FIFO).
    pub fn groups_with_in_flight(&self) -> usize {
        self.fifo
            .groups
            .values()
            .filter(|g| {
                g.members
                    .iter()
                    .any(|seq| self.messages[seq].is_in_flight())
            })
            .count()
    }

    /// FIFO groups with messages, for views: `(group id, messages, first message in flight)`.
    pub fn groups(&self) -> Vec<(&str, usize, bool)> {
        let mut groups: Vec<(&str, usize, bool)> = self
            .fifo
            .groups
            .iter()
            .map(|(id, g)| {
                let head_in_flight = g
                    .members
                    .first()
                    .is_some_and(|seq| self.messages[seq].is_in_flight());
                (id.as_str(), g.members.len(), head_in_flight)
            })
            .collect();
        // Ids are unique: an unstable sort gives the same order, in less code.
        groups.sort_unstable();
        groups
    }

    /// `ApproximateAgeOfOldestMessage` at `now`: time since the oldest stored message arrived in
    /// this queue (for a dead-letter queue, since the move). Standard queues leave out messages
    /// received three or more times without a delete, as CloudWatch does for poison pills.
    pub fn age_of_oldest_message(&self, now: SimTime) -> Duration {
        let fifo = self.is_fifo();
        let messages = &self.messages;
        self.arrivals
            .iter(|entry| arrival_is_live(messages, entry))
            .find(|(_, seq)| fifo || messages[seq].receive_count < 3)
            .map_or(Duration::ZERO, |(arrived, _)| now.since(arrived))
    }

    /// The next instant at which a timer (end of a delay or of a visibility timeout) fires,
    /// which is when a waiting long poll may find something new.
    pub fn next_timer(&mut self) -> Option<SimTime> {
        self.first_timer().map(|(t, _)| t)
    }

    /// The next instant at which anything in this queue changes by itself (a timer, a
    /// retention expiry, a dedup entry or attempt id lapsing does not matter to observers).
    pub fn next_change(&mut self) -> Option<SimTime> {
        let retention = seconds(self.attributes.message_retention_period);
        let expiry = self
            .first_retention()
            .map(|(enqueued, _)| enqueued + retention);
        match (self.next_timer(), expiry) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The next message to expire, dropping stale index entries on the way.
    fn first_retention(&mut self) -> Option<(SimTime, u64)> {
        let messages = &self.messages;
        self.retention
            .first(|entry| retention_is_live(messages, entry))
    }

    /// The next delay or visibility timeout to end, dropping stale index entries on the way.
    fn first_timer(&mut self) -> Option<(SimTime, u64)> {
        let messages = &self.messages;
        self.timers.first(|entry| timer_is_live(messages, entry))
    }

    fn next_order(&mut self) -> u64 {
        self.next_order += 1;
        self.next_order
    }

    // ----- the state machine --------------------------------------------------------------

    /// Moves message `seq` to `state`, keeping every index and counter in step.
    fn set_state(&mut self, seq: u64, state: MessageState) {
        let Some(message) = self.messages.get_mut(&seq) else {
            return;
        };
        let old = std::mem::replace(&mut message.state, state);
        let fifo = self.attributes.fifo_queue;
        self.unindex_state(seq, old);
        self.index_state(seq, state);
        if fifo {
            let group = message_group(&self.messages[&seq]);
            self.refresh_group(&group);
        }
    }

    /// Removes the index entries and counts of a message leaving `state`.
    fn unindex_state(&mut self, seq: u64, state: MessageState) {
        match state {
            // The visible entry is dropped lazily (see the module documentation).
            MessageState::Visible { .. } => {}
            MessageState::InFlight { until, .. } => {
                self.timers.remove(until, seq);
                self.in_flight -= 1;
            }
            MessageState::Delayed { until } => {
                self.timers.remove(until, seq);
                self.delayed -= 1;
            }
        }
    }

    /// Adds the index entries for a message that has just entered `state`.
    fn index_state(&mut self, seq: u64, state: MessageState) {
        let server = (seq % self.servers.len() as u64) as usize;
        match state {
            MessageState::Visible { order, .. } => {
                if !self.attributes.fifo_queue {
                    self.servers[server].push_back((order, seq));
                }
            }
            MessageState::InFlight { until, .. } => {
                self.timers.insert(until, seq);
                self.quiet_timer = self.quiet_timer.min(until);
                self.in_flight += 1;
            }
            MessageState::Delayed { until } => {
                self.timers.insert(until, seq);
                self.quiet_timer = self.quiet_timer.min(until);
                self.delayed += 1;
            }
        }
    }

    /// Recomputes whether a FIFO group can deliver: it can when its first message is visible.
    fn refresh_group(&mut self, group_id: &str) {
        let Some(group) = self.fifo.groups.get_mut(group_id) else {
            return;
        };
        if let Some(key) = group.ready.take() {
            self.fifo.ready.remove(&key);
        }
        match group.members.first() {
            None => {
                self.fifo.groups.remove(group_id);
            }
            Some(&head) => {
                if let MessageState::Visible { since, order } = self.messages[&head].state {
                    let key = (since, order, head);
                    group.ready = Some(key);
                    self.fifo.ready.insert(key);
                }
            }
        }
    }

    /// A new message in a box for `insert`, reusing a deleted message's.
    pub fn boxed(&mut self, message: Message) -> Box<Message> {
        self.messages.boxed(message)
    }

    /// Stores a new message: gives it its `seq` and an initial state from `available_at`.
    pub fn insert(
        &mut self,
        message: impl Into<Box<Message>>,
        now: SimTime,
        available_at: SimTime,
    ) -> u64 {
        let mut message: Box<Message> = message.into();
        let seq = self.next_seq;
        self.next_seq += 1;
        message.seq = seq;
        message.arrived_at = now;
        message.state = if available_at > now {
            MessageState::Delayed {
                until: available_at,
            }
        } else {
            MessageState::Visible {
                since: now,
                order: self.next_order(),
            }
        };
        let state = message.state;
        self.retention.insert(message.enqueued_at, seq);
        self.quiet_enqueued = self.quiet_enqueued.min(message.enqueued_at);
        self.arrivals.insert(now, seq);
        if self.is_fifo() {
            let group = message_group(&message);
            self.fifo
                .groups
                .entry(group.clone())
                .or_default()
                .members
                .insert(seq);
            self.messages.insert(seq, message);
            self.index_state(seq, state);
            self.refresh_group(&group);
        } else {
            self.messages.insert(seq, message);
            self.index_state(seq, state);
        }
        seq
    }

    /// Takes a message out of the queue for good, whatever its state.
    pub fn remove(&mut self, seq: u64) -> Option<Box<Message>> {
        let state = self.messages.get(&seq)?.state;
        self.unindex_state(seq, state);
        let message = self.messages.remove(&seq)?;
        self.retention.remove(message.enqueued_at, seq);
        self.arrivals.remove(message.arrived_at, seq);
        // Drop the stale entries this leaves at the front of the arrivals (age) and retention
        // indexes here, once per removal, rather than on every request: messages mostly leave
        // in the order they came, so the indexes stay about as long as the queue.
        let messages = &self.messages;
        self.arrivals
            .first(|entry| arrival_is_live(messages, entry));
        self.retention
            .first(|entry| retention_is_live(messages, entry));
        if self.is_fifo() {
            let group = message_group(&message);
            if let Some(g) = self.fifo.groups.get_mut(&group) {
                g.members.remove(&seq);
            }
            self.refresh_group(&group);
        }
        Some(message)
    }

    /// Brings the queue to `now`: expires messages past retention, then ends delays and
    /// visibility timeouts that are due, oldest first (§0.3: expiries before requests).
    pub fn advance(&mut self, now: SimTime) {
        let retention = seconds(self.attributes.message_retention_period);
        let mut expired = false;
        if self.quiet_enqueued + retention <= now {
            while let Some((enqueued, seq)) = self.first_retention() {
                if enqueued + retention > now {
                    break;
                }
                self.record(seq, now.min(enqueued + retention), QueueEventKind::Expired);
                self.remove(seq);
                self.counters.expired += 1;
                expired = true;
            }
            self.quiet_enqueued = self.first_retention().map_or(NEVER, |(at, _)| at);
        }
        // Expired messages leave stale entries at the front of the servers' lazy indexes (a
        // receive prunes them too, but a queue nobody receives from would keep them).
        if expired && !self.is_fifo() {
            self.prune_servers();
        }
        // Every timer entry belongs to a message's current state (set_state keeps them in step),
        // so the first entry is always a real delay or visibility timeout ending.
        if self.quiet_timer <= now {
            while let Some((at, seq)) = self.first_timer() {
                if at > now {
                    break;
                }
                let kind = match self.messages.get(&seq).map(|m| m.state) {
                    Some(MessageState::Delayed { .. }) => QueueEventKind::DelayEnded,
                    _ => QueueEventKind::VisibilityExpired,
                };
                self.record(seq, at, kind);
                let order = self.next_order();
                self.set_state(seq, MessageState::Visible { since: at, order });
            }
            self.quiet_timer = self.first_timer().map_or(NEVER, |(at, _)| at);
        }
        if self.is_fifo() {
            let window = Duration::from_secs(DEDUPLICATION_WINDOW_SECONDS);
            while let Some((first_sent, _)) = self.fifo.dedup_expiry.front() {
                if *first_sent + window > now {
                    break;
                }
                let (first_sent, key) = self.fifo.dedup_expiry.pop_front().unwrap();
                if self
                    .fifo
                    .dedup
                    .get(&key)
                    .is_some_and(|e| e.first_sent == first_sent)
                {
                    self.fifo.dedup.remove(&key);
                }
            }
            let attempt_window = Duration::from_secs(RECEIVE_ATTEMPT_WINDOW_SECONDS);
            self.fifo
                .attempts
                .retain(|_, a| a.created + attempt_window > now);
            if let Some((at, scope)) = self.fifo.pending_scope {
                if at <= now {
                    self.fifo.scope = Some(scope);
                    self.fifo.pending_scope = None;
                }
            }
        }
    }

    // ----- receiving ----------------------------------------------------------------------

    /// Chooses and takes up to `max` messages for one ReceiveMessage. `servers` lists the storage
    /// servers the request reaches (standard queues; all of them for FIFO and long polls).
    /// `max_receive_count` is the redrive policy's limit when the queue has a dead-letter queue
    /// that exists: a message already received that many times is moved instead of returned.
    pub fn receive(
        &mut self,
        now: SimTime,
        max: usize,
        visibility_timeout: u32,
        servers: &[usize],
        max_receive_count: Option<u32>,
    ) -> ReceiveResult {
        if self.visible_count() == 0 {
            // Nothing to choose from: most long-poll retries end here.
            return ReceiveResult::default();
        }
        let over_limit =
            |m: &Message| max_receive_count.is_some_and(|limit| m.receive_count >= limit);
        let (deliver, move_out) = if self.is_fifo() {
            self.choose_fifo(max, &over_limit)
        } else {
            self.choose_standard(max, servers, &over_limit)
        };
        let mut result = ReceiveResult::default();
        for seq in move_out {
            self.record(seq, now, QueueEventKind::MovedToDeadLetterQueue);
            if let Some(message) = self.remove(seq) {
                self.counters.moved_to_dead_letter_queue += 1;
                result.moved.push(message);
            }
        }
        for seq in deliver {
            let receive = self.take_delivery(seq, now, visibility_timeout);
            result.delivered.push((seq, receive));
        }
        self.counters.received += result.delivered.len() as u64;
        result
    }

    /// Marks one message received: counts the receive and hides it for the visibility timeout
    /// (a timeout of 0 leaves it visible at once).
    fn take_delivery(&mut self, seq: u64, now: SimTime, visibility_timeout: u32) -> u32 {
        let message = self.messages.get_mut(&seq).expect("chosen messages exist");
        message.receive_count += 1;
        message.first_received_at.get_or_insert(now);
        if message.copies == Copies::SurvivedDelete {
            message.copies = Copies::Redelivered;
            self.counters.duplicates_delivered += 1;
        }
        let receive = message.receive_count;
        let state = self.hidden_for(visibility_timeout, now, receive, now);
        self.set_state(seq, state);
        receive
    }

    /// The state of a message hidden for `timeout` seconds from `now` by receive number
    /// `receive`: in flight, or visible again at once when the timeout is 0 (§2.3, §2.4).
    fn hidden_for(
        &mut self,
        timeout: u32,
        now: SimTime,
        receive: u32,
        received_at: SimTime,
    ) -> MessageState {
        if timeout == 0 {
            MessageState::Visible {
                since: now,
                order: self.next_order(),
            }
        } else {
            MessageState::InFlight {
                until: now + seconds(timeout),
                receive,
                received_at,
            }
        }
    }

    /// True if a `servers` entry still stands for a visible message.
    fn is_current(&self, (order, seq): (u64, u64)) -> bool {
        matches!(self.messages.get(&seq).map(|m| m.state), Some(MessageState::Visible { order: o, .. }) if o == order)
    }

    /// Drops the stale entries at the front of every server's index.
    fn prune_servers(&mut self) {
        for server in 0..self.servers.len() {
            while let Some(&entry) = self.servers[server].front() {
                if self.is_current(entry) {
                    break;
                }
                self.servers[server].pop_front();
            }
        }
    }

    /// Standard queue: the oldest visible messages on the servers asked (best-effort order).
    fn choose_standard(
        &mut self,
        max: usize,
        servers: &[usize],
        over_limit: &dyn Fn(&Message) -> bool,
    ) -> (Chosen, Chosen) {
        self.prune_servers();
        // One server (the ideal model, and every long poll): its messages in order, without
        // the merge below (whose cursors cost more to set up than a receive takes).
        if let [server] = servers {
            let (mut deliver, mut move_out) = (Chosen::new(), Chosen::new());
            let Some(entries) = self.servers.get(*server) else {
                return (deliver, move_out);
            };
            for &(at, seq) in entries {
                if deliver.len() >= max {
                    break;
                }
                if !self.is_current((at, seq)) {
                    continue;
                }
                if over_limit(&self.messages[&seq]) {
                    move_out.push(seq);
                } else {
                    deliver.push(seq);
                }
            }
            return (deliver, move_out);
        }
        // One cursor per server asked (8 in the realistic model): on the stack.
        let mut cursors: SmallVec<[_; 8]> = servers
            .iter()
            .filter_map(|&s| self.servers.get(s))
            .map(|d| d.iter().copied())
            .collect();
        let mut next_current = |cursor: &mut std::iter::Copied<
            std::collections::vec_deque::Iter<'_, (u64, u64)>,
        >| { cursor.find(|&entry| self.is_current(entry)) };
        let mut heads: SmallVec<[Option<(u64, u64)>; 8]> =
            cursors.iter_mut().map(&mut next_current).collect();
        let (mut deliver, mut move_out) = (Chosen::new(), Chosen::new());
        while deliver.len() < max {
            // The earliest head among the servers asked.
            let Some(best) = (0..heads.len())
                .filter(|&i| heads[i].is_some())
                .min_by_key(|&i| heads[i])
            else {
                break;
            };
            let (_, seq) = heads[best].unwrap();
            heads[best] = next_current(&mut cursors[best]);
            if over_limit(&self.messages[&seq]) {
                move_out.push(seq);
            } else {
                deliver.push(seq);
            }
        }
        (deliver, move_out)
    }

    /// FIFO: serve groups in the order their first message became available; from each, take
    /// visible messages in order up to the first one in flight (the prefix rule, §2.10.3).
    fn choose_fifo(&self, max: usize, over_limit: &dyn Fn(&Message) -> bool) -> (Chosen, Chosen) {
        let (mut deliver, mut move_out) = (Chosen::new(), Chosen::new());
        'groups: for &(_, _, head) in &self.fifo.ready {
            let group = &self.fifo.groups[&message_group(&self.messages[&head])];
            for seq in &group.members {
                if deliver.len() == max {
                    break 'groups;
                }
                let message = &self.messages[seq];
                if !matches!(message.state, MessageState::Visible { .. }) {
                    break;
                }
                if over_limit(message) {
                    // Moving the message out unblocks the rest of its group (§2.7).
                    move_out.push(*seq);
                } else {
                    deliver.push(*seq);
                }
            }
        }
        (deliver, move_out)
    }

    /// Records an event for message `seq` (when recording is on).
    fn record(&mut self, seq: u64, at: SimTime, kind: QueueEventKind) {
        if !self.record_events {
            return;
        }
        if let Some(message) = self.messages.get(&seq) {
            let event = QueueEvent {
                at,
                message_id: message.message_id,
                receive_count: message.receive_count,
                kind,
            };
            self.events.push(event);
        }
    }

    /// The events recorded since the last call.
    pub fn take_events(&mut self) -> Vec<QueueEvent> {
        std::mem::take(&mut self.events)
    }

    /// True if events wait to be taken.
    pub fn has_events(&self) -> bool {
        !self.events.is_empty()
    }

    /// The visible message that became available first, for a move task.
    pub fn oldest_visible(&mut self) -> Option<u64> {
        if self.is_fifo() {
            self.fifo.ready.first().map(|&(_, _, head)| head)
        } else {
            self.prune_servers();
            self.servers
                .iter()
                .filter_map(VecDeque::front)
                .min()
                .map(|&(_, seq)| seq)
        }
    }

    // ----- handles: delete and visibility ---------------------------------------------------

    /// DeleteMessage with a handle naming receive `receive` of message `seq`. `miss_copy` is the
    /// delivery model's draw: on a standard queue the delete succeeds but a copy survives.
    pub fn delete(&mut self, seq: u64, receive: u32, miss_copy: bool) -> Result<(), HandleProblem> {
        let fifo = self.is_fifo();
        let Some(message) = self.messages.get_mut(&seq) else {
            // Already deleted, expired, purged or moved: SQS answers success (§2.5, §2.8).
            self.counters.deleted += 1;
            return Ok(());
        };
        if fifo {
            // A FIFO handle is good only while its own receive is in flight (§2.5).
            match message.state {
                MessageState::InFlight {
                    receive: current, ..
                } if current == receive => {}
                _ => return Err(HandleProblem::Expired),
            }
        } else if miss_copy && message.copies == Copies::Intact {
            message.copies = Copies::SurvivedDelete;
            self.counters.deleted += 1;
            return Ok(());
        }
        if let Some(message) = self.remove(seq) {
            self.messages.recycle(message);
        }
        self.counters.deleted += 1;
        self.counters.removed_by_delete += 1;
        Ok(())
    }

    /// ChangeMessageVisibility: the message becomes visible at `now + timeout` (0: at once).
    pub fn change_visibility(
        &mut self,
        seq: u64,
        receive: u32,
        timeout: u32,
        now: SimTime,
    ) -> Result<(), HandleProblem> {
        let fifo = self.is_fifo();
        let Some(message) = self.messages.get(&seq) else {
            return Err(HandleProblem::MessageGone);
        };
        match message.state {
            MessageState::InFlight {
                receive: current,
                received_at,
                ..
            } if current == receive => {
                // The 12-hour cap counts from the receive that issued the handle; SQS does not
                // clamp, it refuses (§2.4).
                if now + seconds(timeout)
                    > received_at + Duration::from_secs(MAX_VISIBILITY_TIMEOUT as u64)
                {
                    return Err(HandleProblem::BeyondVisibilityLimit);
                }
                let state = self.hidden_for(timeout, now, receive, received_at);
                self.set_state(seq, state);
                Ok(())
            }
            // FIFO with a lapsed handle: unconfirmed on AWS; answered like FIFO DeleteMessage.
            _ if fifo => Err(HandleProblem::Expired),
            // Standard with a lapsed handle: success, nothing changes (§2.4).
            _ => Ok(()),
        }
    }

    // ----- queue-wide operations --------------------------------------------------------------

    /// PurgeQueue: removes every message, and (FIFO) the deduplication history.
    pub fn purge(&mut self, now: SimTime) -> usize {
        let count = self.messages.len();
        let seqs: Vec<u64> = self.messages.keys().collect();
        for seq in seqs {
            self.record(seq, now, QueueEventKind::Purged);
            self.remove(seq);
        }
        self.counters.purged += count as u64;
        self.servers.iter_mut().for_each(VecDeque::clear);
        self.timers.clear();
        self.retention.clear();
        self.arrivals.clear();
        self.fifo.dedup.clear();
        self.fifo.dedup_expiry.clear();
        self.fifo.attempts.clear();
        self.purged_at = Some(now);
        count
    }

    /// FIFO queues apply a changed DelaySeconds to messages already waiting (standard queues
    /// do not; Developer Guide, `sqs-delay-queues`). Messages never received get the new delay
    /// counted from their enqueue time.
    pub fn reapply_fifo_delay(&mut self, now: SimTime) {
        if !self.is_fifo() {
            return;
        }
        let delay = seconds(self.attributes.delay_seconds);
        let waiting: Vec<(u64, SimTime)> = self
            .messages
            .values()
            .filter(|m| m.receive_count == 0 && !m.is_in_flight())
            .map(|m| (m.seq, m.enqueued_at + delay))
            .collect();
        for (seq, available_at) in waiting {
            let state = self.messages[&seq].state;
            match state {
                MessageState::Delayed { until } if until == available_at => {}
                MessageState::Visible { .. } if available_at <= now => {}
                _ if available_at > now => self.set_state(
                    seq,
                    MessageState::Delayed {
                        until: available_at,
                    },
                ),
                _ => {
                    let order = self.next_order();
                    self.set_state(
                        seq,
                        MessageState::Visible {
                            since: available_at.max(now),
                            order,
                        },
                    );
                }
            }
        }
    }

    /// Records a DeduplicationScope change; like attribute changes on AWS, it takes effect after
    /// a propagation delay (SQS_SEMANTICS.md §2.10.2: dedup kept the old scope for seconds after
    /// a change; the simulator's convention is 60 s).
    pub fn schedule_scope_change(&mut self, at: SimTime, scope: DeduplicationScope) {
        if self.fifo.scope == Some(scope) {
            self.fifo.pending_scope = None;
        } else {
            self.fifo.pending_scope = Some((at, scope));
        }
    }

    /// The key a deduplication id is remembered under, by the scope in force.
    fn dedup_key(&self, group: &str, dedup_id: &str) -> String {
        match self.fifo.scope {
            Some(DeduplicationScope::MessageGroup) => format!("{group}\u{0}{dedup_id}"),
            _ => dedup_id.to_owned(),
        }
    }

    /// The earlier send this one duplicates, if it falls within the deduplication interval.
    pub fn find_duplicate(&self, group: &str, dedup_id: &str) -> Option<&DedupEntry> {
        self.fifo.dedup.get(&self.dedup_key(group, dedup_id))
    }

    /// Remembers a FIFO send's deduplication id for the next five minutes.
    pub fn remember_dedup(&mut self, group: &str, dedup_id: &str, entry: DedupEntry) {
        let key = self.dedup_key(group, dedup_id);
        self.fifo
            .dedup_expiry
            .push_back((entry.first_sent, key.clone()));
        self.fifo.dedup.insert(key, entry);
    }

    /// The next FIFO sequence number: large, strictly increasing, not consecutive across time
    /// (AWS's look like 20-digit decimals; SQS_SEMANTICS.md §2.10.1).
    pub fn next_sequence_number(&mut self, epoch_ms: u64, now: SimTime) -> String {
        let floor = 10_000_000_000_000_000_000u128 + u128::from(epoch_ms + now.as_millis()) * 1_000;
        self.fifo.last_sequence_number = (self.fifo.last_sequence_number + 1).max(floor);
        self.fifo.last_sequence_number.to_string()
    }

    /// The messages a ReceiveRequestAttemptId returned, if the attempt can be replayed: within
    /// five minutes, and none of its messages deleted, received again or changed since
    /// (API Reference, ReceiveMessage). Replaying resets their visibility timeout.
    pub fn replay_attempt(
        &mut self,
        attempt_id: &str,
        now: SimTime,
        visibility_timeout: u32,
    ) -> Option<Vec<(u64, u32)>> {
        let attempt = self.fifo.attempts.get(attempt_id)?;
        let unchanged = attempt.messages.iter().all(|&(seq, receive, until)| {
            matches!(self.messages.get(&seq).map(|m| m.state),
                Some(MessageState::InFlight { receive: r, until: u, .. }) if r == receive && u == until)
        });
        if !unchanged {
            self.fifo.attempts.remove(attempt_id);
            return None;
        }
        let messages = attempt.messages.clone();
        let mut renewed = Vec::with_capacity(messages.len());
        for (seq, receive, _) in messages {
            let received_at = match self.messages[&seq].state {
                MessageState::InFlight { received_at, .. } => received_at,
                _ => now,
            };
            let until = now + seconds(visibility_timeout.max(1));
            self.set_state(
                seq,
                MessageState::InFlight {
                    until,
                    receive,
                    received_at,
                },
            );
            renewed.push((seq, receive, until));
        }
        let result = renewed
            .iter()
            .map(|&(seq, receive, _)| (seq, receive))
            .collect();
        self.fifo.attempts.insert(
            attempt_id.to_owned(),
            ReceiveAttempt {
                created: self.fifo.attempts[attempt_id].created,
                messages: renewed,
            },
        );
        Some(result)
    }

    /// Remembers what a receive with a ReceiveRequestAttemptId returned.
    pub fn remember_attempt(&mut self, attempt_id: &str, now: SimTime, delivered: &[(u64, u32)]) {
        let messages = delivered
            .iter()
            .filter_map(|&(seq, receive)| match self.messages.get(&seq)?.state {
                MessageState::InFlight { until, .. } => Some((seq, receive, until)),
                _ => None,
            })
            .collect();
        self.fifo.attempts.insert(
            attempt_id.to_owned(),
            ReceiveAttempt {
                created: now,
                messages,
            },
        );
    }

    /// Checks every index against the messages (tests hunt for broken invariants with this).
    pub fn check_invariants(&self) {
        let in_flight = self
            .messages
            .values()
            .filter(|m| matches!(m.state, MessageState::InFlight { .. }))
            .count();
        let delayed = self
            .messages
            .values()
            .filter(|m| matches!(m.state, MessageState::Delayed { .. }))
            .count();
        assert_eq!(in_flight, self.in_flight, "in-flight count");
        assert_eq!(delayed, self.delayed, "delayed count");
        let messages = &self.messages;
        let distinct = |index: &TimeIndex, live: fn(&MessageStore, (SimTime, u64)) -> bool| {
            index
                .iter(|entry| live(messages, entry))
                .map(|(_, seq)| seq)
                .collect::<BTreeSet<u64>>()
                .len()
        };
        assert_eq!(
            distinct(&self.timers, timer_is_live),
            in_flight + delayed,
            "one timer per delayed or in-flight message"
        );
        assert_eq!(
            distinct(&self.retention, retention_is_live),
            self.messages.len(),
            "one retention entry per message"
        );
        assert_eq!(
            distinct(&self.arrivals, arrival_is_live),
            self.messages.len(),
            "one arrival entry per message"
        );
        if self.is_fifo() {
            let members: usize = self.fifo.groups.values().map(|g| g.members.len()).sum();
            assert_eq!(
                members,
                self.messages.len(),
                "every FIFO message is in exactly one group"
            );
            for group in self.fifo.groups.values() {
                let head_visible = matches!(
                    self.messages[group.members.first().unwrap()].state,
                    MessageState::Visible { .. }
                );
                assert_eq!(
                    group.ready.is_some(),
                    head_visible,
                    "a group is ready exactly when its head is visible"
                );
            }
        } else {
            let visible = self
                .servers
                .iter()
                .flatten()
                .filter(|&&entry| self.is_current(entry))
                .count();
            assert_eq!(visible, self.visible_count(), "visible index");
        }
    }
}

/// The group a FIFO message belongs to.
fn message_group(message: &Message) -> String {
    message.group_id.clone().unwrap_or_default()
}

/// A timer entry is live while its message is delayed or in flight until that instant.
fn timer_is_live(messages: &MessageStore, (at, seq): (SimTime, u64)) -> bool {
    matches!(
        messages.get(&seq).map(|m| m.state),
        Some(MessageState::InFlight { until, .. } | MessageState::Delayed { until }) if until == at
    )
}

/// A retention entry is live while its message is stored with that enqueue time.
fn retention_is_live(messages: &MessageStore, (at, seq): (SimTime, u64)) -> bool {
    messages.get(&seq).is_some_and(|m| m.enqueued_at == at)
}

/// An arrival entry is live while its message is stored with that arrival time.
fn arrival_is_live(messages: &MessageStore, (at, seq): (SimTime, u64)) -> bool {
    messages.get(&seq).is_some_and(|m| m.arrived_at == at)
}
