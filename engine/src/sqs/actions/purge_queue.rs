//! PurgeQueue: deletes every message in a queue.
//!
//! API Reference, PurgeQueue; SQS_SEMANTICS.md §2.13. Visible, in-flight and delayed messages
//! all go, and so does a FIFO queue's deduplication history. One purge per queue per 60 seconds;
//! a second is `PurgeQueueInProgress` (HTTP 403). AWS may take up to 60 s to finish; here the
//! purge is immediate.

use std::time::Duration;

use serde::Deserialize;

use super::{required, Empty};
use crate::sqs::error::{ErrorCode, SqsError, SqsResult};
use crate::sqs::limits::PURGE_LOCKOUT_SECONDS;
use crate::sqs::service::Sqs;
use crate::time::SimTime;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PurgeQueueInput {
    pub queue_url: Option<String>,
}

impl Sqs {
    pub fn purge_queue(&mut self, now: SimTime, input: PurgeQueueInput) -> SqsResult<Empty> {
        let now = self.clock(now);
        let queue = self.queue_at(required(&input.queue_url, "QueueUrl")?, now)?;
        if queue
            .purged_at
            .is_some_and(|at| now < at + Duration::from_secs(PURGE_LOCKOUT_SECONDS))
        {
            return Err(SqsError::new(
                ErrorCode::PurgeQueueInProgress,
                format!(
                    "Only one PurgeQueue operation on {} is allowed every 60 seconds.",
                    queue.name
                ),
            ));
        }
        queue.purge(now);
        Ok(Empty {})
    }
}
