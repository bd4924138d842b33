//! ChangeMessageVisibilityBatch: up to ten visibility changes, each with its own result.

use serde::{Deserialize, Serialize};

use super::{check_batch_ids, per_entry, required, BatchResultEntryId, BatchResultErrorEntry};
use crate::sqs::error::SqsResult;
use crate::sqs::service::Sqs;
use crate::sqs::throughput::QuotaAction;
use crate::time::SimTime;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ChangeMessageVisibilityBatchRequestEntry {
    pub id: Option<String>,
    pub receipt_handle: Option<String>,
    pub visibility_timeout: Option<i64>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ChangeMessageVisibilityBatchInput {
    pub queue_url: Option<String>,
    pub entries: Option<Vec<ChangeMessageVisibilityBatchRequestEntry>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChangeMessageVisibilityBatchOutput {
    pub successful: Vec<BatchResultEntryId>,
    pub failed: Vec<BatchResultErrorEntry>,
}

impl Sqs {
    pub fn change_message_visibility_batch(
        &mut self,
        now: SimTime,
        input: ChangeMessageVisibilityBatchInput,
    ) -> SqsResult<ChangeMessageVisibilityBatchOutput> {
        let now = self.clock(now);
        let url = required(&input.queue_url, "QueueUrl")?;
        let queue = self.queue_for(url, now, QuotaAction::ChangeVisibility)?;
        let entries = input.entries.as_deref().unwrap_or_default();
        check_batch_ids(
            entries.iter().map(|e| e.id.as_deref().unwrap_or("")),
            "ChangeMessageVisibilityBatchRequestEntry",
        )?;
        let (successful, failed) = per_entry(
            entries,
            |e| (e.id.as_ref(), e.receipt_handle.as_ref()),
            |e, handle| self.change_visibility_by_handle(queue, handle, e.visibility_timeout, now),
        );
        Ok(ChangeMessageVisibilityBatchOutput { successful, failed })
    }
}
