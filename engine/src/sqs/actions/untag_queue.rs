//! UntagQueue: removes tags by key; unknown keys are ignored.

use serde::Deserialize;

use super::{required, Empty};
use crate::sqs::error::SqsResult;
use crate::sqs::service::Sqs;
use crate::time::SimTime;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct UntagQueueInput {
    pub queue_url: Option<String>,
    pub tag_keys: Option<Vec<String>>,
}

impl Sqs {
    pub fn untag_queue(&mut self, now: SimTime, input: UntagQueueInput) -> SqsResult<Empty> {
        let now = self.clock(now);
        let url = required(&input.queue_url, "QueueUrl")?;
        let keys = required(&input.tag_keys, "TagKeys")?;
        let queue = self.queue_at(url, now)?;
        for key in keys {
            queue.tags.remove(key);
        }
        Ok(Empty {})
    }
}
