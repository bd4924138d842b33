//! ReceiveMessage: up to ten messages, with short or long polling.
//!
//! API Reference, ReceiveMessage; Developer Guide, `sqs-short-and-long-polling`;
//! SQS_SEMANTICS.md §2.2–§2.7, §2.10, §2.16. The effective wait is `WaitTimeSeconds`, else the
//! queue's `ReceiveMessageWaitTimeSeconds`. A short poll answers at once from the storage
//! servers it samples. A long poll asks every server and answers as soon as one message is
//! available, or with nothing when the wait ends.
//!
//! Long polling on the virtual clock: `receive_message` makes the first attempt. If it finds
//! nothing and the wait is positive, it returns `ReceiveOutcome::Waiting` with the deadline; the
//! caller (the simulation's scheduler, or the replay runner) calls `continue_receive` whenever
//! the queue may have changed — after a send, a delete or a visibility change on that queue,
//! and at `receive_wakeup` (the next delay or visibility timeout ending, or the deadline).

use std::collections::BTreeMap;
use std::time::Duration;

use rand::RngExt;
use serde::{Deserialize, Serialize};

use super::{integer_in, required};
use crate::sqs::delivery::MAX_SERVERS;
use crate::sqs::digest::md5_of_attributes;
use crate::sqs::error::{ErrorCode, SqsError, SqsResult};
use crate::sqs::limits::{
    MAX_IN_FLIGHT, MAX_MESSAGES_PER_RECEIVE, MAX_VISIBILITY_TIMEOUT, MAX_WAIT_TIME_SECONDS,
};
use crate::sqs::message::{validate_id_parameter, Message, MessageAttributeValue};
use crate::sqs::queue_table::QueueRef;
use crate::sqs::service::Sqs;
use crate::sqs::throughput::QuotaAction;
use crate::time::SimTime;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ReceiveMessageInput {
    pub queue_url: Option<String>,
    /// Deprecated name for `MessageSystemAttributeNames`; used only when that is absent.
    #[serde(default)]
    pub attribute_names: Vec<String>,
    #[serde(default)]
    pub message_system_attribute_names: Vec<String>,
    #[serde(default)]
    pub message_attribute_names: Vec<String>,
    pub max_number_of_messages: Option<i64>,
    pub visibility_timeout: Option<i64>,
    pub wait_time_seconds: Option<i64>,
    pub receive_request_attempt_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReceivedMessage {
    pub message_id: String,
    pub receipt_handle: String,
    #[serde(rename = "MD5OfBody")]
    pub md5_of_body: String,
    pub body: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    #[serde(
        rename = "MD5OfMessageAttributes",
        skip_serializing_if = "Option::is_none"
    )]
    pub md5_of_message_attributes: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub message_attributes: BTreeMap<String, MessageAttributeValue>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReceiveMessageOutput {
    /// Absent on the wire when empty, as SQS answers `{}` (§2.2).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<ReceivedMessage>,
}

/// A validated ReceiveMessage request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceiveRequest {
    pub queue: QueueRef,
    pub max: usize,
    pub visibility_timeout: Option<u32>,
    pub wait_seconds: u32,
    system_attribute_names: Vec<String>,
    message_attribute_names: Vec<String>,
    attempt_id: Option<String>,
}

/// A long poll waiting for messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingReceive {
    pub request: ReceiveRequest,
    pub started: SimTime,
    pub deadline: SimTime,
}

/// One message a receive delivered, as the engine knows it: which message, and which receive
/// of it (the receipt handle's content). The simulation works with these directly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Delivery {
    pub seq: u64,
    pub receive: u32,
}

/// The messages one receive delivered: at most 10, and for most consumers one, which stays off
/// the heap (an allocation per receive was 3% of a run).
pub type Deliveries = smallvec::SmallVec<[Delivery; 1]>;

/// What the first attempt of a ReceiveMessage gave: by default the API's response; the
/// `_direct` calls give `Deliveries`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReceiveOutcome<T = ReceiveMessageOutput> {
    /// The call is answered.
    Done(T),
    /// A long poll found nothing yet: keep it waiting until `deadline`.
    Waiting(PendingReceive),
}

/// Every storage server number the delivery model allows (it caps servers at 64).
const ALL_SERVERS: [usize; MAX_SERVERS as usize] = {
    let mut all = [0; MAX_SERVERS as usize];
    let mut i = 0;
    while i < all.len() {
        all[i] = i;
        i += 1;
    }
    all
};

/// The system attributes `All` means on a message of this kind of queue (§2.16).
const ALL_SYSTEM_ATTRIBUTES: [&str; 10] = [
    "ApproximateFirstReceiveTimestamp",
    "ApproximateReceiveCount",
    "AWSTraceHeader",
    "DeadLetterQueueSourceArn",
    "MessageDeduplicationId",
    "MessageGroupId",
    "SenderId",
    "SentTimestamp",
    "SequenceNumber",
    "SqsManagedSseEnabled",
];

impl Sqs {
    /// Checks a request and resolves its queue and effective wait.
    fn receive_request(
        &mut self,
        now: SimTime,
        input: ReceiveMessageInput,
    ) -> SqsResult<ReceiveRequest> {
        let url = required(&input.queue_url, "QueueUrl")?;
        let queue_ref = self.queue_ref(url)?;
        let queue = self.queue_ref_at(queue_ref, now)?;
        let max = integer_in(
            "MaxNumberOfMessages",
            input.max_number_of_messages,
            1,
            MAX_MESSAGES_PER_RECEIVE,
            "Must be between 1 and 10, if provided.",
        )?;
        let wait = integer_in(
            "WaitTimeSeconds",
            input.wait_time_seconds,
            0,
            MAX_WAIT_TIME_SECONDS,
            "Must be >= 0 and <= 20, if provided.",
        )?;
        // AWS's text for an out-of-range VisibilityTimeout here is unconfirmed (§3.2).
        let visibility_timeout = integer_in(
            "VisibilityTimeout",
            input.visibility_timeout,
            0,
            MAX_VISIBILITY_TIMEOUT,
            "Must be >= 0 and <= 43200, if provided.",
        )?;
        if let Some(attempt) = &input.receive_request_attempt_id {
            validate_id_parameter("ReceiveRequestAttemptId", attempt)?;
        }
        let system_attribute_names = if input.message_system_attribute_names.is_empty() {
            input.attribute_names
        } else {
            input.message_system_attribute_names
        };
        Ok(ReceiveRequest {
            queue: queue_ref,
            max: max.unwrap_or(1) as usize,
            visibility_timeout: visibility_timeout.map(|v| v as u32),
            wait_seconds: wait.map_or(queue.attributes.receive_message_wait_time_seconds, |w| {
                w as u32
            }),
            system_attribute_names,
            message_attribute_names: input.message_attribute_names,
            // ReceiveRequestAttemptId applies only to FIFO queues.
            attempt_id: input.receive_request_attempt_id.filter(|_| queue.is_fifo()),
        })
    }

    /// ReceiveMessage's first attempt; see the module documentation for long polls.
    pub fn receive_message(
        &mut self,
        now: SimTime,
        input: ReceiveMessageInput,
    ) -> SqsResult<ReceiveOutcome> {
        Ok(match self.receive_message_direct(now, input)? {
            ReceiveOutcome::Waiting(pending) => ReceiveOutcome::Waiting(pending),
            ReceiveOutcome::Done((request, delivered)) => {
                ReceiveOutcome::Done(self.answer(&request, &delivered))
            }
        })
    }

    /// ReceiveMessage's first attempt, answering with deliveries rather than the API response
    /// (no bodies copied, no digests or handles computed): the simulation's way in.
    #[allow(clippy::type_complexity)]
    pub fn receive_message_direct(
        &mut self,
        now: SimTime,
        input: ReceiveMessageInput,
    ) -> SqsResult<ReceiveOutcome<(ReceiveRequest, Deliveries)>> {
        let now = self.clock(now);
        let request = self.receive_request(now, input)?;
        Ok(match self.receive_prepared(now, &request)? {
            ReceiveOutcome::Waiting(pending) => ReceiveOutcome::Waiting(pending),
            ReceiveOutcome::Done(delivered) => ReceiveOutcome::Done((request, delivered)),
        })
    }

    /// Checks a ReceiveMessage request once, for a caller that repeats it (the simulation's
    /// consumers poll with the same parameters again and again).
    pub fn prepare_receive(
        &mut self,
        now: SimTime,
        input: ReceiveMessageInput,
    ) -> SqsResult<ReceiveRequest> {
        let now = self.clock(now);
        self.receive_request(now, input)
    }

    /// ReceiveMessage's first attempt for a checked request, answering with deliveries.
    pub fn receive_prepared(
        &mut self,
        now: SimTime,
        request: &ReceiveRequest,
    ) -> SqsResult<ReceiveOutcome<Deliveries>> {
        let now = self.clock(now);
        self.admit(request.queue, now, QuotaAction::Receive)?;
        let long = request.wait_seconds > 0;
        let delivered = self.attempt_receive(now, request, long)?;
        if delivered.is_empty() && long {
            let deadline = now + Duration::from_secs(u64::from(request.wait_seconds));
            return Ok(ReceiveOutcome::Waiting(PendingReceive {
                request: request.clone(),
                started: now,
                deadline,
            }));
        }
        self.count_receive_call(request.queue, delivered.is_empty());
        Ok(ReceiveOutcome::Done(delivered))
    }

    /// Tries a waiting long poll again at `now`. `Some` when the call is answered: with messages,
    /// or empty because the deadline has come.
    pub fn continue_receive(
        &mut self,
        now: SimTime,
        pending: &PendingReceive,
    ) -> SqsResult<Option<ReceiveMessageOutput>> {
        let delivered = self.continue_receive_direct(now, pending)?;
        Ok(delivered.map(|delivered| self.answer(&pending.request, &delivered)))
    }

    /// `continue_receive`, answering with deliveries.
    pub fn continue_receive_direct(
        &mut self,
        now: SimTime,
        pending: &PendingReceive,
    ) -> SqsResult<Option<Deliveries>> {
        let now = self.clock(now);
        self.queue_ref_at(pending.request.queue, now)?;
        let delivered = self.attempt_receive(now, &pending.request, true)?;
        if delivered.is_empty() && now < pending.deadline {
            return Ok(None);
        }
        self.count_receive_call(pending.request.queue, delivered.is_empty());
        Ok(Some(delivered))
    }

    /// When a waiting long poll should next be tried if nothing else happens to its queue: the
    /// next delay or visibility timeout ending, or its deadline.
    pub fn receive_wakeup(&mut self, pending: &PendingReceive) -> SimTime {
        let timer = self
            .queues
            .at_mut(pending.request.queue)
            .and_then(|q| q.next_timer());
        timer
            .map_or(pending.deadline, |t| t.min(pending.deadline))
            .max(self.now)
    }

    /// ReceiveMessage run to completion for a caller that can only wait (a sequential client,
    /// as in replay): a long poll is woken only by time passing. Returns the answer and when it
    /// came.
    pub fn receive_message_waiting(
        &mut self,
        now: SimTime,
        input: ReceiveMessageInput,
    ) -> SqsResult<(ReceiveMessageOutput, SimTime)> {
        let pending = match self.receive_message(now, input)? {
            ReceiveOutcome::Done(output) => return Ok((output, self.now)),
            ReceiveOutcome::Waiting(pending) => pending,
        };
        loop {
            let at = self.receive_wakeup(&pending);
            if let Some(output) = self.continue_receive(at, &pending)? {
                return Ok((output, self.now));
            }
        }
    }

    fn count_receive_call(&mut self, queue: QueueRef, empty: bool) {
        if let Some(queue) = self.queues.at_mut(queue) {
            queue.counters.receive_calls += 1;
            if empty {
                queue.counters.empty_receives += 1;
            }
        }
    }

    /// The dead-letter queue `queue`'s redrive policy names, if it exists, and the policy's
    /// maxReceiveCount. Receives ask this every time, so the place found is remembered: places
    /// are never reused, so the remembered one still holds a queue with the policy's ARN, or
    /// the policy or the queue has changed and the ARN is resolved again.
    fn redrive_target(&mut self, queue: QueueRef) -> Option<(QueueRef, u32)> {
        let source = &self.queues[queue];
        let policy = source.attributes.redrive_policy.as_ref()?;
        let max_receive_count = policy.max_receive_count;
        let remembered = source.dead_letter_hint.filter(|&place| {
            self.queues
                .at(place)
                .is_some_and(|dlq| dlq.arn == policy.dead_letter_target_arn)
        });
        let dlq = match remembered {
            Some(place) => place,
            None => {
                let found = self
                    .queues
                    .lookup(self.name_from_arn(&policy.dead_letter_target_arn)?)?;
                self.queues[queue].dead_letter_hint = Some(found);
                found
            }
        };
        Some((dlq, max_receive_count))
    }

    /// One attempt: take messages now from the queue, which the caller has brought up to `now`.
    /// `long` asks every storage server.
    fn attempt_receive(
        &mut self,
        now: SimTime,
        request: &ReceiveRequest,
        long: bool,
    ) -> SqsResult<Deliveries> {
        let sampled = self.config.delivery.short_poll_sampled as usize;
        let (servers_total, fifo) = {
            let queue = self
                .queues
                .at(request.queue)
                .ok_or_else(SqsError::queue_does_not_exist)?;
            // Nothing visible, no earlier attempt to replay and room in flight (else a short
            // poll is refused below): an empty answer, the common case for a long poll retried
            // after a send that another consumer took.
            if queue.visible_count() == 0
                && request.attempt_id.is_none()
                && queue.in_flight_count() < MAX_IN_FLIGHT
            {
                return Ok(Deliveries::new());
            }
            (queue.server_count(), queue.is_fifo())
        };
        let redrive = self.redrive_target(request.queue);
        // All servers, or a short poll's sample of them shuffled into a copy, which is filled
        // only then: zeroing it for every receive cost more than the rest of a long poll's retry.
        let mut sample: [usize; MAX_SERVERS as usize];
        let servers: &[usize] = if fifo || long || sampled >= servers_total {
            &ALL_SERVERS[..servers_total]
        } else {
            // A weighted-random subset, here uniform without replacement (delivery.rs).
            sample = ALL_SERVERS;
            for i in 0..sampled {
                let j = self.rng.random_range(i..servers_total);
                sample.swap(i, j);
            }
            &sample[..sampled]
        };

        let queue = &mut self.queues[request.queue];
        let visibility = request
            .visibility_timeout
            .unwrap_or(queue.attributes.visibility_timeout);
        let replayed = request
            .attempt_id
            .as_deref()
            .and_then(|id| queue.replay_attempt(id, now, visibility));
        let result = match replayed {
            Some(delivered) => crate::sqs::queue::ReceiveResult {
                delivered: delivered.into(),
                moved: Vec::new(),
            },
            None => {
                // The in-flight quota: a short poll is refused, a long poll finds nothing (§1.3).
                let room = MAX_IN_FLIGHT.saturating_sub(queue.in_flight_count());
                if room == 0 {
                    if !long && !fifo {
                        return Err(SqsError::new(
                            ErrorCode::OverLimit,
                            format!("Too many messages in flight: the limit is {MAX_IN_FLIGHT} per queue."),
                        ));
                    }
                    return Ok(Deliveries::new());
                }
                let max = request.max.min(room);
                let result = queue.receive(
                    now,
                    max,
                    visibility,
                    servers,
                    redrive.as_ref().map(|(_, count)| *count),
                );
                if let Some(id) = &request.attempt_id {
                    queue.remember_attempt(id, now, &result.delivered);
                }
                result
            }
        };
        if let Some((dlq, _)) = redrive.filter(|_| !result.moved.is_empty()) {
            let source_arn = self.queues[request.queue].arn.clone();
            self.move_to_dead_letter_queue(dlq, result.moved, &source_arn, now);
        }
        Ok(result
            .delivered
            .into_iter()
            .map(|(seq, receive)| Delivery { seq, receive })
            .collect())
    }

    /// The API response for deliveries: bodies, digests, receipt handles, attributes asked for.
    fn answer(&self, request: &ReceiveRequest, delivered: &[Delivery]) -> ReceiveMessageOutput {
        let Some(queue) = self.queues.at(request.queue) else {
            return ReceiveMessageOutput::default();
        };
        let messages = delivered
            .iter()
            .filter_map(|d| {
                let message = queue.message(d.seq)?;
                let message_attributes =
                    select_message_attributes(message, &request.message_attribute_names);
                Some(ReceivedMessage {
                    message_id: message.message_id.to_string(),
                    receipt_handle: self.receipt_handle(queue.uid, d.seq, d.receive),
                    md5_of_body: message.md5_of_body().to_string(),
                    body: message.body.clone(),
                    attributes: self.system_attributes(
                        message,
                        &request.system_attribute_names,
                        queue.is_fifo(),
                    ),
                    md5_of_message_attributes: md5_of_attributes(message_attributes.iter()),
                    message_attributes,
                })
            })
            .collect();
        ReceiveMessageOutput { messages }
    }

    /// The system attributes a receive asked for (§2.16); names that do not apply are left out.
    fn system_attributes(
        &self,
        message: &Message,
        names: &[String],
        fifo: bool,
    ) -> BTreeMap<String, String> {
        let all = names.iter().any(|n| n == "All");
        let wanted = |name: &str| all || names.iter().any(|n| n == name);
        let mut out = BTreeMap::new();
        for name in ALL_SYSTEM_ATTRIBUTES {
            if !wanted(name) {
                continue;
            }
            let value = match name {
                "ApproximateFirstReceiveTimestamp" => message
                    .first_received_at
                    .map(|t| self.timestamp_ms(t).to_string()),
                "ApproximateReceiveCount" => Some(message.receive_count.to_string()),
                "AWSTraceHeader" => message
                    .system_attributes
                    .get("AWSTraceHeader")
                    .and_then(|v| v.string_value.clone()),
                "DeadLetterQueueSourceArn" => message.dead_letter_source_arn.clone(),
                "MessageDeduplicationId" if fifo => message.deduplication_id.clone(),
                "MessageGroupId" => message.group_id.clone(),
                // The sender's IAM identity; a single account's root here.
                "SenderId" => Some(self.config.account_id.clone()),
                "SentTimestamp" => Some(self.timestamp_ms(message.sent_at).to_string()),
                "SequenceNumber" if fifo => message.sequence_number.clone(),
                // Only when asked by name: AWS leaves it out of `All` (§2.16).
                "SqsManagedSseEnabled" if !all => None,
                _ => None,
            };
            if let Some(value) = value {
                out.insert(name.to_owned(), value);
            }
        }
        out
    }
}

/// The message attributes a receive asked for: `All`, `.*` or `*` for all, exact names, or
/// `prefix.*`; names that do not exist are ignored without error (§2.16).
///
/// `prefix.*` matches every name that starts with `prefix`, the part before `.*`: AWS
/// answers `Hel.*` with both `Help.Me` and `Hello` (LocalStack's AWS-recorded snapshot of
/// `test_receive_message_message_attribute_names_filters`; the API Reference: "all message
/// attributes starting with a prefix, for example bar.*").
fn select_message_attributes(
    message: &Message,
    names: &[String],
) -> BTreeMap<String, MessageAttributeValue> {
    let wants = |attribute: &str| {
        names.iter().any(|n| match n.as_str() {
            "All" | ".*" | "*" => true,
            pattern => match pattern.strip_suffix(".*") {
                Some(prefix) => attribute.starts_with(prefix),
                None => pattern == attribute,
            },
        })
    };
    message
        .attributes
        .iter()
        .filter(|(name, _)| wants(name))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}
