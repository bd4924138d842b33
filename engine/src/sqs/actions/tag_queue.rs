//! TagQueue: adds or overwrites cost-allocation tags (keys are case-sensitive).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{required, Empty};
use crate::sqs::error::{SqsError, SqsResult};
use crate::sqs::service::Sqs;
use crate::time::SimTime;

/// Tag keys are 1..=128 characters and values at most 256 (Developer Guide, `quotas-queues`).
const MAX_TAG_KEY_LEN: usize = 128;
const MAX_TAG_VALUE_LEN: usize = 256;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TagQueueInput {
    pub queue_url: Option<String>,
    pub tags: Option<BTreeMap<String, String>>,
}

impl Sqs {
    pub fn tag_queue(&mut self, now: SimTime, input: TagQueueInput) -> SqsResult<Empty> {
        let now = self.clock(now);
        let url = required(&input.queue_url, "QueueUrl")?;
        let tags = required(&input.tags, "Tags")?;
        let queue = self.queue_at(url, now)?;
        for (key, value) in tags {
            if key.is_empty() || key.chars().count() > MAX_TAG_KEY_LEN {
                return Err(SqsError::invalid_value(
                    "Tags",
                    key,
                    "Tag keys must be between 1 and 128 characters long.",
                ));
            }
            if value.chars().count() > MAX_TAG_VALUE_LEN {
                return Err(SqsError::invalid_value(
                    "Tags",
                    value,
                    "Tag values must be at most 256 characters long.",
                ));
            }
        }
        queue
            .tags
            .extend(tags.iter().map(|(k, v)| (k.clone(), v.clone())));
        Ok(Empty {})
    }
}
