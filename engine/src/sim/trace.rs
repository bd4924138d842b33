//! The trace: what happened to each message, for animations and the inspector.
//!
//! Every step of a message's life is an event: sent, delay ended, received (by which consumer,
//! with which receive count), visibility expired, processing failed, deleted, moved to the
//! dead-letter queue, expired, purged, abandoned by a crashed consumer. The trace keeps the
//! latest `capacity` events (memory stays bounded on long runs); `drain` hands the new ones to
//! an animation, `history` looks one message up for an inspector.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use crate::sqs::message::MessageId;
use crate::time::SimTime;

/// The events a trace keeps by default.
pub const DEFAULT_CAPACITY: usize = 100_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TraceKind {
    Sent,
    DelayEnded,
    Received,
    VisibilityExpired,
    ProcessingFailed,
    Deleted,
    MovedToDeadLetterQueue,
    Expired,
    Purged,
    AbandonedByCrash,
}

impl TraceKind {
    /// Every kind, in the order of a message's life.
    pub const ALL: [TraceKind; 10] = [
        TraceKind::Sent,
        TraceKind::DelayEnded,
        TraceKind::Received,
        TraceKind::VisibilityExpired,
        TraceKind::ProcessingFailed,
        TraceKind::Deleted,
        TraceKind::MovedToDeadLetterQueue,
        TraceKind::Expired,
        TraceKind::Purged,
        TraceKind::AbandonedByCrash,
    ];

    /// The snake_case name (as in JSON), for markup and filters.
    pub fn as_str(self) -> &'static str {
        match self {
            TraceKind::Sent => "sent",
            TraceKind::DelayEnded => "delay_ended",
            TraceKind::Received => "received",
            TraceKind::VisibilityExpired => "visibility_expired",
            TraceKind::ProcessingFailed => "processing_failed",
            TraceKind::Deleted => "deleted",
            TraceKind::MovedToDeadLetterQueue => "moved_to_dead_letter_queue",
            TraceKind::Expired => "expired",
            TraceKind::Purged => "purged",
            TraceKind::AbandonedByCrash => "abandoned_by_crash",
        }
    }
}

/// One step of one message's life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TraceEvent {
    /// Counts every event of the run from 0, dropped ones included.
    pub number: u64,
    pub at: SimTime,
    /// The queue's index in the scenario.
    pub queue: usize,
    #[serde(serialize_with = "message_id")]
    pub message_id: MessageId,
    pub kind: TraceKind,
    /// The worker involved (receives, failures, deletes, crashes).
    pub consumer: Option<usize>,
    /// ApproximateReceiveCount at this step.
    pub receive_count: u32,
    /// Sent steps to a FIFO queue: the MessageGroupId (`Trace::group_name` reads it).
    pub group: Option<u32>,
}

fn message_id<S: serde::Serializer>(id: &MessageId, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(id)
}

/// A bounded log of trace events.
#[derive(Clone, Debug)]
pub struct Trace {
    events: VecDeque<TraceEvent>,
    capacity: usize,
    next: u64,
    drained: u64,
    /// FIFO message group ids seen in sent steps, numbered in order of appearance.
    groups: Vec<String>,
    group_numbers: std::collections::HashMap<String, u32>,
}

impl Default for Trace {
    fn default() -> Self {
        Trace::with_capacity(DEFAULT_CAPACITY)
    }
}

impl Trace {
    /// A trace keeping the latest `capacity` events (0 keeps none).
    pub fn with_capacity(capacity: usize) -> Trace {
        Trace {
            events: VecDeque::new(),
            capacity,
            next: 0,
            drained: 0,
            groups: Vec::new(),
            group_numbers: std::collections::HashMap::new(),
        }
    }

    /// A sent step; `group` is the MessageGroupId of a FIFO message.
    pub fn push_sent(
        &mut self,
        at: SimTime,
        queue: usize,
        message_id: MessageId,
        group: Option<&str>,
    ) {
        let group = group.map(|g| match self.group_numbers.get(g) {
            Some(&n) => n,
            None => {
                let n = self.groups.len() as u32;
                self.groups.push(g.to_owned());
                self.group_numbers.insert(g.to_owned(), n);
                n
            }
        });
        self.record(TraceEvent {
            number: 0,
            at,
            queue,
            message_id,
            kind: TraceKind::Sent,
            consumer: None,
            receive_count: 0,
            group,
        });
    }

    /// Every MessageGroupId seen, by `group` number.
    pub fn groups(&self) -> &[String] {
        &self.groups
    }

    /// The MessageGroupId a sent step's `group` stands for.
    pub fn group_name(&self, group: u32) -> Option<&str> {
        self.groups.get(group as usize).map(String::as_str)
    }

    pub fn push(
        &mut self,
        at: SimTime,
        queue: usize,
        message_id: MessageId,
        kind: TraceKind,
        consumer: Option<usize>,
        receive_count: u32,
    ) {
        self.record(TraceEvent {
            number: 0,
            at,
            queue,
            message_id,
            kind,
            consumer,
            receive_count,
            group: None,
        });
    }

    /// Keeps `event` (numbered here) unless the trace keeps nothing.
    fn record(&mut self, event: TraceEvent) {
        let number = self.next;
        self.next += 1;
        if self.capacity == 0 {
            return;
        }
        if self.events.len() == self.capacity {
            self.events.pop_front();
        }
        self.events.push_back(TraceEvent { number, ..event });
    }

    /// The events since the last drain that are still kept, oldest first.
    pub fn drain(&mut self) -> Vec<TraceEvent> {
        let from = self.drained;
        self.drained = self.next;
        let skip = self.events.iter().take_while(|e| e.number < from).count();
        self.events.iter().skip(skip).copied().collect()
    }

    /// The latest `count` kept events, oldest first.
    pub fn recent(&self, count: usize) -> Vec<TraceEvent> {
        let skip = self.events.len().saturating_sub(count);
        self.events.iter().skip(skip).copied().collect()
    }

    /// Every kept event of one message, oldest first.
    pub fn history(&self, message_id: &str) -> Vec<TraceEvent> {
        let Some(id) = MessageId::new(message_id) else {
            return Vec::new();
        };
        self.events
            .iter()
            .filter(|e| e.message_id == id)
            .copied()
            .collect()
    }

    /// Events recorded in the whole run, kept or not.
    pub fn total(&self) -> u64 {
        self.next
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> MessageId {
        MessageId::from_bytes([n; 16])
    }

    #[test]
    fn kind_names_are_the_json_names() {
        for kind in TraceKind::ALL {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
    }

    #[test]
    fn sent_steps_name_their_fifo_group_by_number() {
        let mut trace = Trace::with_capacity(10);
        trace.push_sent(SimTime(1), 0, id(1), Some("alice"));
        trace.push_sent(SimTime(2), 0, id(2), Some("bob"));
        trace.push_sent(SimTime(3), 0, id(3), Some("alice"));
        trace.push_sent(SimTime(4), 0, id(4), None);
        let groups: Vec<Option<&str>> = trace
            .recent(10)
            .iter()
            .map(|e| e.group.and_then(|g| trace.group_name(g)))
            .collect();
        assert_eq!(groups, [Some("alice"), Some("bob"), Some("alice"), None]);
        assert_eq!(trace.groups(), ["alice", "bob"]);
    }

    #[test]
    fn drain_hands_out_each_event_once_and_history_finds_a_message() {
        let mut trace = Trace::with_capacity(10);
        trace.push(SimTime(0), 0, id(1), TraceKind::Sent, None, 0);
        trace.push(SimTime(5), 0, id(1), TraceKind::Received, Some(2), 1);
        assert_eq!(trace.drain().len(), 2);
        trace.push(SimTime(9), 0, id(2), TraceKind::Sent, None, 0);
        let new = trace.drain();
        assert_eq!((new.len(), new[0].number), (1, 2));
        assert!(trace.drain().is_empty());
        let history = trace.history(&id(1).to_string());
        assert_eq!(
            history.iter().map(|e| e.kind).collect::<Vec<_>>(),
            [TraceKind::Sent, TraceKind::Received]
        );
    }

    #[test]
    fn the_trace_keeps_only_the_latest_events() {
        let mut trace = Trace::with_capacity(3);
        for n in 0..10 {
            trace.push(SimTime(n), 0, id(n as u8), TraceKind::Sent, None, 0);
        }
        let kept = trace.drain();
        assert_eq!(kept.iter().map(|e| e.number).collect::<Vec<_>>(), [7, 8, 9]);
        assert_eq!(trace.total(), 10);
    }
}
