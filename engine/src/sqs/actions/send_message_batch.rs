//! SendMessageBatch: up to ten messages in one request, with per-entry results.
//!
//! API Reference, SendMessageBatch; SQS_SEMANTICS.md §2.12. Whole-request failures: empty,
//! more than ten, bad or repeated ids, total payload over 1 MiB, and on FIFO queues a missing
//! MessageGroupId or deduplication id in any entry. Everything else fails only its entry.
//! Entries are enqueued in entry order.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::send_message::{prepare, Outgoing, Prepared, Rejection, Stored};
use super::{check_batch_ids, required, BatchResultErrorEntry};
use crate::sqs::error::{ErrorCode, SqsError, SqsResult};
use crate::sqs::limits::MAX_BATCH_PAYLOAD_BYTES;
use crate::sqs::message::{message_size, MessageAttributes};
use crate::sqs::service::Sqs;
use crate::sqs::throughput::QuotaAction;
use crate::sqs::QueueRef;
use crate::time::SimTime;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SendMessageBatchRequestEntry {
    pub id: Option<String>,
    pub message_body: Option<String>,
    pub delay_seconds: Option<i64>,
    #[serde(default)]
    pub message_attributes: MessageAttributes,
    #[serde(default)]
    pub message_system_attributes: MessageAttributes,
    pub message_deduplication_id: Option<String>,
    pub message_group_id: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SendMessageBatchInput {
    pub queue_url: Option<String>,
    pub entries: Option<Vec<SendMessageBatchRequestEntry>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SendMessageBatchResultEntry {
    pub id: String,
    pub message_id: String,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SendMessageBatchOutput {
    pub successful: Vec<SendMessageBatchResultEntry>,
    pub failed: Vec<BatchResultErrorEntry>,
}

/// Each entry of a batch, checked: its id and the message ready to store, or why not.
type Checked = Vec<(String, Result<Prepared, Rejection>)>;

impl Sqs {
    pub fn send_message_batch(
        &mut self,
        now: SimTime,
        input: SendMessageBatchInput,
    ) -> SqsResult<SendMessageBatchOutput> {
        let now = self.clock(now);
        let url = required(&input.queue_url, "QueueUrl")?;
        let queue = self.queue_for(url, now, QuotaAction::Send)?;
        let checked = self.check_batch(queue, &input)?;
        let mut output = SendMessageBatchOutput::default();
        for (id, result) in checked {
            match result {
                Ok(prepared) => {
                    let sent = self.enqueue(queue, now, prepared);
                    output.successful.push(SendMessageBatchResultEntry {
                        id,
                        message_id: sent.message_id,
                        md5_of_message_body: sent.md5_of_message_body,
                        md5_of_message_attributes: sent.md5_of_message_attributes,
                        md5_of_message_system_attributes: sent.md5_of_message_system_attributes,
                        sequence_number: sent.sequence_number,
                    });
                }
                Err(Rejection::Entry(error) | Rejection::Request(error)) => {
                    output.failed.push(BatchResultErrorEntry::new(&id, error))
                }
            }
        }
        Ok(output)
    }

    /// SendMessageBatch for a caller that holds the queue and needs no response: each stored
    /// entry's id and what was stored (no MD5 digests or text ids are made; a simulation's
    /// producers send millions of messages). The same checks, refusals and effects as
    /// `send_message_batch`.
    pub fn send_message_batch_direct(
        &mut self,
        now: SimTime,
        queue: QueueRef,
        input: &SendMessageBatchInput,
    ) -> SqsResult<Vec<(String, Stored)>> {
        let now = self.clock(now);
        self.admit(queue, now, QuotaAction::Send)?;
        let checked = self.check_batch(queue, input)?;
        let stored = checked
            .into_iter()
            .filter_map(|(id, result)| Some((id, self.store(queue, now, result.ok()?))));
        Ok(stored.collect())
    }

    /// The checks of a whole batch, then of each entry; a whole-request failure stores nothing.
    fn check_batch(&self, queue: QueueRef, input: &SendMessageBatchInput) -> SqsResult<Checked> {
        let entries = input.entries.as_deref().unwrap_or_default();
        check_batch_ids(
            entries.iter().map(|e| e.id.as_deref().unwrap_or("")),
            "SendMessageBatchRequestEntry",
        )?;
        let total: usize = entries
            .iter()
            .map(|e| {
                message_size(
                    e.message_body.as_deref().unwrap_or(""),
                    &e.message_attributes,
                )
            })
            .sum();
        if total > MAX_BATCH_PAYLOAD_BYTES {
            return Err(SqsError::new(
                ErrorCode::BatchRequestTooLong,
                format!("Batch requests cannot be longer than {MAX_BATCH_PAYLOAD_BYTES} bytes. You have sent {total} bytes."),
            ));
        }
        let mut checked = Vec::with_capacity(entries.len());
        for entry in entries {
            let outgoing = Outgoing {
                body: entry.message_body.as_deref().map(Cow::Borrowed),
                delay_seconds: entry.delay_seconds,
                attributes: &entry.message_attributes,
                system_attributes: &entry.message_system_attributes,
                deduplication_id: entry.message_deduplication_id.as_ref(),
                group_id: entry.message_group_id.as_ref(),
            };
            match prepare(&self.queues[queue], outgoing, true) {
                Err(Rejection::Request(error)) => return Err(error),
                other => checked.push((entry.id.clone().unwrap_or_default(), other)),
            }
        }
        Ok(checked)
    }
}
