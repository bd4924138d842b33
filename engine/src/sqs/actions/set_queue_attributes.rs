//! SetQueueAttributes: changes a queue's settings.
//!
//! API Reference, SetQueueAttributes. All or nothing: the attributes are checked on a copy.
//! A changed DelaySeconds applies to waiting messages of a FIFO queue but not of a standard one
//! (Developer Guide, `sqs-delay-queues`); a changed DeduplicationScope takes effect after the
//! propagation delay (SQS_SEMANTICS.md §2.10.2).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{required, Empty};
use crate::sqs::error::{SqsError, SqsResult};
use crate::sqs::service::Sqs;
use crate::time::SimTime;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SetQueueAttributesInput {
    pub queue_url: Option<String>,
    pub attributes: Option<BTreeMap<String, String>>,
}

impl Sqs {
    pub fn set_queue_attributes(
        &mut self,
        now: SimTime,
        input: SetQueueAttributesInput,
    ) -> SqsResult<Empty> {
        let now = self.clock(now);
        let url = required(&input.queue_url, "QueueUrl")?;
        let given = required(&input.attributes, "Attributes")?;
        let queue = self.queue_at(url, now)?;
        let (fifo, arn) = (queue.is_fifo(), queue.arn.clone());
        let mut updated = queue.attributes.clone();
        updated.apply(given, false)?;
        self.check_redrive_target(&updated, &arn, fifo)?;

        let propagation = self.config.attribute_propagation;
        let name = self.name_from_url(url)?.to_owned();
        let queue = self
            .queues
            .get_mut(&name)
            .ok_or_else(SqsError::queue_does_not_exist)?;
        let delay_changed = updated.delay_seconds != queue.attributes.delay_seconds;
        let scope = updated.deduplication_scope;
        queue.attributes = updated;
        queue.last_modified_at = now;
        if fifo {
            if delay_changed {
                queue.reapply_fifo_delay(now);
            }
            queue.schedule_scope_change(now + propagation, scope);
        }
        Ok(Empty {})
    }
}
