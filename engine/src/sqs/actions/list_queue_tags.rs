//! ListQueueTags: a queue's tags; no `Tags` member when there are none.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::required;
use crate::sqs::error::SqsResult;
use crate::sqs::service::Sqs;
use crate::time::SimTime;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ListQueueTagsInput {
    pub queue_url: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListQueueTagsOutput {
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
}

impl Sqs {
    pub fn list_queue_tags(
        &mut self,
        now: SimTime,
        input: ListQueueTagsInput,
    ) -> SqsResult<ListQueueTagsOutput> {
        let now = self.clock(now);
        let queue = self.queue_at(required(&input.queue_url, "QueueUrl")?, now)?;
        Ok(ListQueueTagsOutput {
            tags: queue.tags.clone(),
        })
    }
}
