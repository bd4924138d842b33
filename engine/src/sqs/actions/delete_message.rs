//! DeleteMessage: removes a received message by its receipt handle.
//!
//! API Reference, DeleteMessage; SQS_SEMANTICS.md §2.5. A handle SQS never issued is
//! `ReceiptHandleIsInvalid`. Standard queues accept any handle they issued, even a lapsed one,
//! and deleting twice succeeds. FIFO queues refuse a handle whose visibility has lapsed. Whether
//! an older handle deletes a standard message received again since is unconfirmed; it does here.

use rand::RngExt;
use serde::Deserialize;

use super::{required, Empty};
use crate::sqs::error::{SqsError, SqsResult};
use crate::sqs::queue_table::QueueRef;
use crate::sqs::service::Sqs;
use crate::sqs::throughput::QuotaAction;
use crate::sqs::Delivery;
use crate::time::SimTime;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteMessageInput {
    pub queue_url: Option<String>,
    pub receipt_handle: Option<String>,
}

/// The error for a FIFO handle whose visibility has lapsed.
pub(crate) fn expired_handle(handle: &str) -> SqsError {
    SqsError::invalid_value("ReceiptHandle", handle, "The receipt handle has expired.")
}

impl Sqs {
    /// Deletes by handle on `queue`, which exists and has been advanced.
    pub(crate) fn delete_by_handle(&mut self, queue: QueueRef, handle: &str) -> SqsResult<()> {
        let key = self.resolve_handle(&self.queues[queue], handle)?;
        self.delete_delivery(
            queue,
            Delivery {
                seq: key.seq,
                receive: key.receive,
            },
        )
    }

    /// Deletes one delivery of a message on `queue` (existing, advanced). On a
    /// standard queue the delivery model may let a copy survive (delivery.rs); the only
    /// refusal is a lapsed FIFO handle.
    fn delete_delivery(&mut self, queue: QueueRef, delivery: Delivery) -> SqsResult<()> {
        let (uid, fifo) = (self.queues[queue].uid, self.queues[queue].is_fifo());
        let p = self.config.delivery.duplicate_probability;
        let miss_copy = !fifo && p > 0.0 && self.rng.random_bool(p);
        self.queues[queue]
            .delete(delivery.seq, delivery.receive, miss_copy)
            .map_err(|_| expired_handle(&self.receipt_handle(uid, delivery.seq, delivery.receive)))
    }

    /// DeleteMessage for the simulation, naming the delivery instead of its receipt handle.
    pub fn delete_message_direct(
        &mut self,
        now: SimTime,
        queue: QueueRef,
        delivery: Delivery,
    ) -> SqsResult<()> {
        let now = self.clock(now);
        self.admit(queue, now, QuotaAction::Delete)?;
        self.delete_delivery(queue, delivery)
    }

    pub fn delete_message(&mut self, now: SimTime, input: DeleteMessageInput) -> SqsResult<Empty> {
        let now = self.clock(now);
        let url = required(&input.queue_url, "QueueUrl")?;
        let handle = required(&input.receipt_handle, "ReceiptHandle")?;
        let queue = self.queue_for(url, now, QuotaAction::Delete)?;
        self.delete_by_handle(queue, handle)?;
        Ok(Empty {})
    }
}
