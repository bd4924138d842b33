//! ChangeMessageVisibility: hides a received message for `now + VisibilityTimeout`.
//!
//! API Reference, ChangeMessageVisibility; SQS_SEMANTICS.md §2.4. The new timeout counts from
//! now (it is not added to the old one); 0 makes the message visible at once; the total may not
//! pass 12 hours from the receive that issued the handle. On a standard queue a lapsed handle is
//! a silent no-op; on a deleted message the call fails.

use serde::Deserialize;

use super::delete_message::expired_handle;
use super::{required, Empty};
use crate::sqs::error::{SqsError, SqsResult};
use crate::sqs::limits::MAX_VISIBILITY_TIMEOUT;
use crate::sqs::queue::HandleProblem;
use crate::sqs::queue_table::QueueRef;
use crate::sqs::service::Sqs;
use crate::sqs::throughput::QuotaAction;
use crate::sqs::Delivery;
use crate::time::SimTime;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ChangeMessageVisibilityInput {
    pub queue_url: Option<String>,
    pub receipt_handle: Option<String>,
    pub visibility_timeout: Option<i64>,
}

impl Sqs {
    /// Changes visibility by handle on `queue` (existing, advanced).
    pub(crate) fn change_visibility_by_handle(
        &mut self,
        queue: QueueRef,
        handle: &str,
        timeout: Option<i64>,
        now: SimTime,
    ) -> SqsResult<()> {
        let timeout = *required(&timeout, "VisibilityTimeout")?;
        let key = self.resolve_handle(&self.queues[queue], handle)?;
        self.change_delivery_visibility(
            queue,
            Delivery {
                seq: key.seq,
                receive: key.receive,
            },
            timeout,
            now,
        )
    }

    /// Changes the visibility of one delivery on `queue` (existing, advanced).
    fn change_delivery_visibility(
        &mut self,
        queue: QueueRef,
        delivery: Delivery,
        timeout: i64,
        now: SimTime,
    ) -> SqsResult<()> {
        if !(0..=MAX_VISIBILITY_TIMEOUT).contains(&timeout) {
            // AWS's text for this range error is unconfirmed (§3.2).
            return Err(SqsError::invalid_value(
                "VisibilityTimeout",
                timeout,
                "Must be >= 0 and <= 43200.",
            ));
        }
        let queue = &mut self.queues[queue];
        let uid = queue.uid;
        let result = queue.change_visibility(delivery.seq, delivery.receive, timeout as u32, now);
        result.map_err(|problem| {
            let handle = self.receipt_handle(uid, delivery.seq, delivery.receive);
            match problem {
                HandleProblem::BeyondVisibilityLimit => SqsError::invalid_value(
                    "VisibilityTimeout",
                    timeout,
                    "Total VisibilityTimeout for the message is beyond the limit [43200 seconds]",
                ),
                HandleProblem::MessageGone => SqsError::invalid_value(
                    "ReceiptHandle",
                    handle,
                    "Message does not exist or is not available for visibility timeout change.",
                ),
                HandleProblem::Expired => expired_handle(&handle),
            }
        })
    }

    /// ChangeMessageVisibility for the simulation (a consumer's heartbeat), naming the delivery.
    pub fn change_message_visibility_direct(
        &mut self,
        now: SimTime,
        queue: QueueRef,
        delivery: Delivery,
        timeout: i64,
    ) -> SqsResult<()> {
        let now = self.clock(now);
        self.admit(queue, now, QuotaAction::ChangeVisibility)?;
        self.change_delivery_visibility(queue, delivery, timeout, now)
    }

    pub fn change_message_visibility(
        &mut self,
        now: SimTime,
        input: ChangeMessageVisibilityInput,
    ) -> SqsResult<Empty> {
        let now = self.clock(now);
        let url = required(&input.queue_url, "QueueUrl")?;
        let handle = required(&input.receipt_handle, "ReceiptHandle")?;
        let queue = self.queue_for(url, now, QuotaAction::ChangeVisibility)?;
        self.change_visibility_by_handle(queue, handle, input.visibility_timeout, now)?;
        Ok(Empty {})
    }
}
