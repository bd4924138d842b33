//! GetQueueAttributes: a queue's settings and counters, all as strings.
//!
//! API Reference, GetQueueAttributes. `All` returns every attribute that applies to the queue
//! (FIFO-only ones only on FIFO queues; policies only when set); no names returns nothing;
//! an unknown name is `InvalidAttributeName`. The counters are exact here (AWS's are
//! "approximate" and may lag by up to a minute; SQS_SEMANTICS.md §0.3).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::required;
use crate::sqs::attributes::ATTRIBUTE_NAMES;
use crate::sqs::error::{SqsError, SqsResult};
use crate::sqs::queue::Queue;
use crate::sqs::service::Sqs;
use crate::time::SimTime;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct GetQueueAttributesInput {
    pub queue_url: Option<String>,
    #[serde(default)]
    pub attribute_names: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetQueueAttributesOutput {
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
}

impl Sqs {
    pub fn get_queue_attributes(
        &mut self,
        now: SimTime,
        input: GetQueueAttributesInput,
    ) -> SqsResult<GetQueueAttributesOutput> {
        let now = self.clock(now);
        let url = required(&input.queue_url, "QueueUrl")?;
        let epoch_ms = self.config.epoch_ms;
        let queue = self.queue_at(url, now)?;
        if let Some(unknown) = input
            .attribute_names
            .iter()
            .find(|n| *n != "All" && !ATTRIBUTE_NAMES.contains(&n.as_str()))
        {
            return Err(SqsError::unknown_attribute(unknown));
        }
        let all = input.attribute_names.iter().any(|n| n == "All");
        let wanted: Vec<&str> = if all {
            ATTRIBUTE_NAMES.to_vec()
        } else {
            input.attribute_names.iter().map(String::as_str).collect()
        };
        let attributes = wanted
            .into_iter()
            .filter_map(|name| {
                attribute_value(queue, name, epoch_ms).map(|value| (name.to_owned(), value))
            })
            .collect();
        Ok(GetQueueAttributesOutput { attributes })
    }
}

/// One attribute's value, computed or set; `None` when it does not apply to this queue.
fn attribute_value(queue: &Queue, name: &str, epoch_ms: u64) -> Option<String> {
    let seconds = |at: SimTime| ((epoch_ms + at.as_millis()) / 1000).to_string();
    match name {
        "ApproximateNumberOfMessages" => Some(queue.visible_count().to_string()),
        "ApproximateNumberOfMessagesNotVisible" => Some(queue.in_flight_count().to_string()),
        "ApproximateNumberOfMessagesDelayed" => Some(queue.delayed_count().to_string()),
        "CreatedTimestamp" => Some(seconds(queue.created_at)),
        "LastModifiedTimestamp" => Some(seconds(queue.last_modified_at)),
        "QueueArn" => Some(queue.arn.clone()),
        other => queue.attributes.render(other),
    }
}
