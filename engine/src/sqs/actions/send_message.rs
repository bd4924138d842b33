//! SendMessage: adds one message to a queue.
//!
//! API Reference, SendMessage; SQS_SEMANTICS.md §1.2, §2.9–§2.11. The checks and the enqueue
//! step are shared with SendMessageBatch, which runs them per entry. On a FIFO queue a message
//! whose deduplication id was seen in the last five minutes is accepted but not stored; the
//! response then repeats the first message's id and sequence number (what AWS returns there is
//! unconfirmed, §2.10.2; this is LocalStack's choice).

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::{integer_in, required};
use crate::sqs::digest::{content_deduplication_id, md5_of_body, md5_of_message_attributes};
use crate::sqs::error::{ErrorCode, SqsError, SqsResult};
use crate::sqs::ids;
use crate::sqs::limits::MAX_DELAY_SECONDS;
use crate::sqs::message::{
    message_size, validate_body_characters, validate_id_parameter, validate_message_attributes,
    validate_system_attributes, Copies, Md5Hex, Message, MessageAttributes, MessageId,
    MessageState,
};
use crate::sqs::queue::{DedupEntry, Queue};
use crate::sqs::queue_table::QueueRef;
use crate::sqs::service::Sqs;
use crate::sqs::throughput::QuotaAction;
use crate::time::SimTime;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SendMessageInput {
    pub queue_url: Option<String>,
    pub message_body: Option<String>,
    pub delay_seconds: Option<i64>,
    #[serde(default)]
    pub message_attributes: MessageAttributes,
    #[serde(default)]
    pub message_system_attributes: MessageAttributes,
    pub message_deduplication_id: Option<String>,
    pub message_group_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SendMessageOutput {
    #[serde(rename = "MD5OfMessageBody")]
    pub md5_of_message_body: String,
    #[serde(
        rename = "MD5OfMessageAttributes",
        skip_serializing_if = "Option::is_none"
    )]
    pub md5_of_message_attributes: Option<String>,
    #[serde(
        rename = "MD5OfMessageSystemAttributes",
        skip_serializing_if = "Option::is_none"
    )]
    pub md5_of_message_system_attributes: Option<String>,
    pub message_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<String>,
}

/// What `Sqs::store` did with a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    /// The message's position in its queue (the original's, for a duplicate).
    pub seq: u64,
    pub message_id: MessageId,
    pub sequence_number: Option<String>,
    /// A FIFO duplicate within the deduplication interval: accepted, not stored.
    pub duplicate: bool,
}

/// A message that passed every check, ready to enqueue.
#[derive(Clone, Debug)]
pub(crate) struct Prepared {
    body: String,
    /// The body's MD5 when the caller already computed it.
    body_md5: Option<Md5Hex>,
    delay_seconds: Option<u32>,
    attributes: MessageAttributes,
    system_attributes: MessageAttributes,
    size: usize,
    group_id: Option<String>,
    /// Explicit or content-based (FIFO only).
    deduplication_id: Option<String>,
}

/// How a check failed on a batch entry: some failures fail the whole batch.
pub(crate) enum Rejection {
    /// The request as a whole is refused.
    Request(SqsError),
    /// Only this entry fails.
    Entry(SqsError),
}

impl Rejection {
    /// The error, whichever scope it has (single sends have only one).
    pub(crate) fn into_error(self) -> SqsError {
        match self {
            Rejection::Request(e) | Rejection::Entry(e) => e,
        }
    }
}

/// The fields of one message to send, as SendMessage and a batch entry both carry them.
pub(crate) struct Outgoing<'a> {
    /// Owned when the caller can give it up, so that storing it copies nothing.
    pub body: Option<Cow<'a, str>>,
    pub delay_seconds: Option<i64>,
    pub attributes: &'a MessageAttributes,
    pub system_attributes: &'a MessageAttributes,
    pub deduplication_id: Option<&'a String>,
    pub group_id: Option<&'a String>,
}

impl<'a> Outgoing<'a> {
    /// The fields of a SendMessage request.
    /// The fields of a SendMessage request, taking its body.
    pub(crate) fn of(input: &'a mut SendMessageInput) -> Outgoing<'a> {
        Outgoing {
            body: input.message_body.take().map(Cow::Owned),
            delay_seconds: input.delay_seconds,
            attributes: &input.message_attributes,
            system_attributes: &input.message_system_attributes,
            deduplication_id: input.message_deduplication_id.as_ref(),
            group_id: input.message_group_id.as_ref(),
        }
    }
}

/// Runs every check SQS makes on one outgoing message. `in_batch` selects the batch forms of
/// the few rules that differ (SQS_SEMANTICS.md §6, item 8).
pub(crate) fn prepare(
    queue: &Queue,
    out: Outgoing<'_>,
    in_batch: bool,
) -> Result<Prepared, Rejection> {
    use Rejection::{Entry, Request};
    let fifo = queue.is_fifo();
    // FIFO group and deduplication rules: whole-request failures in a batch.
    if fifo {
        if out.group_id.is_none() {
            return Err(if in_batch {
                Request(SqsError::new(
                    ErrorCode::InvalidParameterValue,
                    "The request must contain the parameter MessageGroupId.",
                ))
            } else {
                Request(SqsError::missing("MessageGroupId"))
            });
        }
        if out.deduplication_id.is_none() && !queue.attributes.content_based_deduplication {
            return Err(Request(SqsError::new(
                ErrorCode::InvalidParameterValue,
                "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly",
            )));
        }
    }
    let body = match out.body {
        Some(body) if !body.is_empty() => body,
        _ => return Err(Entry(SqsError::missing("MessageBody"))),
    };
    let delay = integer_in(
        "DelaySeconds",
        out.delay_seconds,
        0,
        MAX_DELAY_SECONDS,
        "DelaySeconds must be >= 0 and <= 900.",
    )
    .map_err(Entry)?;
    if fifo && delay.is_some_and(|d| d != 0) {
        return Err(Entry(SqsError::invalid_value(
            "DelaySeconds",
            delay.unwrap(),
            "The request include parameter that is not valid for this queue type.",
        )));
    }
    if let Some(group) = out.group_id {
        validate_id_parameter("MessageGroupId", group).map_err(Entry)?;
    }
    if let Some(dedup) = out.deduplication_id {
        if !fifo {
            return Err(Entry(SqsError::invalid_value(
                "MessageDeduplicationId",
                dedup,
                "The request includes a parameter that is not valid for this queue type.",
            )));
        }
        validate_id_parameter("MessageDeduplicationId", dedup).map_err(Entry)?;
    }
    validate_body_characters(&body).map_err(Entry)?;
    validate_message_attributes(out.attributes).map_err(Entry)?;
    validate_system_attributes(out.system_attributes).map_err(Entry)?;
    let size = message_size(&body, out.attributes);
    let limit = queue.attributes.maximum_message_size as usize;
    if size > limit {
        let lead = if in_batch {
            "One or more parameters cannot be validated."
        } else {
            "One or more parameters are invalid."
        };
        return Err(Entry(SqsError::new(
            ErrorCode::InvalidParameterValue,
            format!("{lead} Reason: Message must be shorter than {limit} bytes."),
        )));
    }
    let deduplication_id = fifo.then(|| {
        out.deduplication_id
            .cloned()
            .unwrap_or_else(|| content_deduplication_id(&body))
    });
    Ok(Prepared {
        body: body.into_owned(),
        body_md5: None,
        delay_seconds: delay.map(|d| d as u32),
        attributes: out.attributes.clone(),
        system_attributes: out.system_attributes.clone(),
        size,
        group_id: out.group_id.cloned(),
        deduplication_id,
    })
}

impl Sqs {
    /// Stores a prepared message in the queue named `name` (which exists). A FIFO message whose
    /// deduplication id was seen in the window is not stored; the original is named instead.
    pub(crate) fn store(&mut self, queue: QueueRef, now: SimTime, p: Prepared) -> Stored {
        let message_id = ids::message_id(&mut self.rng);
        let epoch_ms = self.config.epoch_ms;
        let queue = &mut self.queues[queue];
        queue.counters.sent += 1;
        queue.counters.sent_bytes += p.size as u64;
        let fifo = queue.is_fifo();
        let mut sequence_number = None;
        if fifo {
            let (group, dedup) = (
                p.group_id.as_deref().unwrap_or(""),
                p.deduplication_id.as_deref().unwrap_or(""),
            );
            if let Some(original) = queue.find_duplicate(group, dedup) {
                let stored = Stored {
                    seq: original.seq,
                    message_id: original.message_id,
                    sequence_number: Some(original.sequence_number.clone()),
                    duplicate: true,
                };
                queue.counters.deduplicated += 1;
                return stored;
            }
            sequence_number = Some(queue.next_sequence_number(epoch_ms, now));
        }
        // A message timer overrides the queue's delay on standard queues (§2.9).
        let delay = if fifo {
            queue.attributes.delay_seconds
        } else {
            p.delay_seconds.unwrap_or(queue.attributes.delay_seconds)
        };
        let available_at = now + std::time::Duration::from_secs(u64::from(delay));
        let message = Message {
            seq: 0,
            message_id,
            body_md5: p
                .body_md5
                .map(std::cell::OnceCell::from)
                .unwrap_or_default(),
            body: p.body,
            attributes: p.attributes,
            system_attributes: p.system_attributes,
            size: p.size,
            sent_at: now,
            enqueued_at: now,
            arrived_at: now,
            state: MessageState::Delayed {
                until: available_at,
            },
            receive_count: 0,
            first_received_at: None,
            group_id: p.group_id.clone(),
            deduplication_id: p.deduplication_id.clone(),
            sequence_number: sequence_number.clone(),
            dead_letter_source_arn: None,
            copies: Copies::Intact,
        };
        let message = queue.boxed(message);
        let seq = queue.insert(message, now, available_at);
        if let (true, Some(group), Some(dedup)) = (fifo, &p.group_id, &p.deduplication_id) {
            let entry = DedupEntry {
                first_sent: now,
                seq,
                message_id,
                sequence_number: sequence_number.clone().unwrap_or_default(),
            };
            queue.remember_dedup(group, dedup, entry);
        }
        Stored {
            seq,
            message_id,
            sequence_number,
            duplicate: false,
        }
    }

    /// Stores a prepared message and answers as SendMessage does.
    pub(crate) fn enqueue(
        &mut self,
        queue: QueueRef,
        now: SimTime,
        mut p: Prepared,
    ) -> SendMessageOutput {
        let md5 = md5_of_body(&p.body);
        p.body_md5 = Some(md5);
        let attributes_md5 = md5_of_message_attributes(&p.attributes);
        let system_attributes_md5 = md5_of_message_attributes(&p.system_attributes);
        let stored = self.store(queue, now, p);
        SendMessageOutput {
            md5_of_message_body: md5.to_string(),
            md5_of_message_attributes: attributes_md5,
            md5_of_message_system_attributes: system_attributes_md5,
            message_id: stored.message_id.to_string(),
            sequence_number: stored.sequence_number,
        }
    }

    /// The checks SendMessage makes, up to a message ready to store in the queue named.
    fn checked_send(
        &mut self,
        now: SimTime,
        mut input: SendMessageInput,
    ) -> SqsResult<(QueueRef, Prepared)> {
        let url = required(&input.queue_url, "QueueUrl")?;
        let queue = self.queue_for(url, now, QuotaAction::Send)?;
        let prepared = prepare(&self.queues[queue], Outgoing::of(&mut input), false)
            .map_err(Rejection::into_error)?;
        Ok((queue, prepared))
    }

    /// SendMessage for the simulation, to a queue resolved once (`Sqs::queue_ref`; the input's
    /// QueueUrl is not read): the same checks and the same store, answering with what was stored
    /// instead of the API response (no digests computed).
    pub fn send_message_direct(
        &mut self,
        now: SimTime,
        queue: QueueRef,
        mut input: SendMessageInput,
    ) -> SqsResult<Stored> {
        let now = self.clock(now);
        let target = self.admit(queue, now, QuotaAction::Send)?;
        let prepared =
            prepare(target, Outgoing::of(&mut input), false).map_err(Rejection::into_error)?;
        Ok(self.store(queue, now, prepared))
    }

    pub fn send_message(
        &mut self,
        now: SimTime,
        input: SendMessageInput,
    ) -> SqsResult<SendMessageOutput> {
        let now = self.clock(now);
        let (queue, prepared) = self.checked_send(now, input)?;
        Ok(self.enqueue(queue, now, prepared))
    }
}
