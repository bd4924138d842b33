//! RemovePermission: revokes what AddPermission granted under a label.

use serde::Deserialize;

use super::{required, Empty};
use crate::sqs::error::{SqsError, SqsResult};
use crate::sqs::service::Sqs;
use crate::time::SimTime;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RemovePermissionInput {
    pub queue_url: Option<String>,
    pub label: Option<String>,
}

impl Sqs {
    pub fn remove_permission(
        &mut self,
        now: SimTime,
        input: RemovePermissionInput,
    ) -> SqsResult<Empty> {
        let now = self.clock(now);
        let url = required(&input.queue_url, "QueueUrl")?;
        let label = required(&input.label, "Label")?;
        let queue = self.queue_at(url, now)?;
        if queue.permissions.remove(label).is_none() {
            return Err(SqsError::invalid_value("Label", label, "can't find label."));
        }
        Ok(Empty {})
    }
}
