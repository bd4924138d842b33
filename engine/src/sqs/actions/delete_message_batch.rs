//! DeleteMessageBatch: up to ten deletes, each with its own result.
//!
//! API Reference, DeleteMessageBatch. Per-entry failures carry the code the single call would
//! give (AWS's per-entry codes are unconfirmed, SQS_SEMANTICS.md §2.12).

use serde::{Deserialize, Serialize};

use super::{check_batch_ids, per_entry, required, BatchResultEntryId, BatchResultErrorEntry};
use crate::sqs::error::SqsResult;
use crate::sqs::service::Sqs;
use crate::sqs::throughput::QuotaAction;
use crate::time::SimTime;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteMessageBatchRequestEntry {
    pub id: Option<String>,
    pub receipt_handle: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteMessageBatchInput {
    pub queue_url: Option<String>,
    pub entries: Option<Vec<DeleteMessageBatchRequestEntry>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteMessageBatchOutput {
    pub successful: Vec<BatchResultEntryId>,
    pub failed: Vec<BatchResultErrorEntry>,
}

impl Sqs {
    pub fn delete_message_batch(
        &mut self,
        now: SimTime,
        input: DeleteMessageBatchInput,
    ) -> SqsResult<DeleteMessageBatchOutput> {
        let now = self.clock(now);
        let url = required(&input.queue_url, "QueueUrl")?;
        let queue = self.queue_for(url, now, QuotaAction::Delete)?;
        let entries = input.entries.as_deref().unwrap_or_default();
        check_batch_ids(
            entries.iter().map(|e| e.id.as_deref().unwrap_or("")),
            "DeleteMessageBatchRequestEntry",
        )?;
        let (successful, failed) = per_entry(
            entries,
            |e| (e.id.as_ref(), e.receipt_handle.as_ref()),
            |_, handle| self.delete_by_handle(queue, handle),
        );
        Ok(DeleteMessageBatchOutput { successful, failed })
    }
}
