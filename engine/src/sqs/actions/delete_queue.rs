//! DeleteQueue: removes a queue and everything in it.
//!
//! API Reference, DeleteQueue: the queue goes whatever it holds; its name cannot be reused for
//! 60 seconds. (AWS takes up to 60 s to delete, during which calls "might succeed"; here the
//! queue is gone at once.) A message move task writing to the deleted queue fails.

use serde::Deserialize;

use super::{required, Empty};
use crate::sqs::error::{SqsError, SqsResult};
use crate::sqs::service::Sqs;
use crate::time::SimTime;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteQueueInput {
    pub queue_url: Option<String>,
}

impl Sqs {
    pub fn delete_queue(&mut self, now: SimTime, input: DeleteQueueInput) -> SqsResult<Empty> {
        let now = self.clock(now);
        let name = self
            .name_from_url(required(&input.queue_url, "QueueUrl")?)?
            .to_owned();
        let queue = self
            .queues
            .remove(&name)
            .ok_or_else(SqsError::queue_does_not_exist)?;
        self.deleted_at.insert(name, now);
        self.fail_move_tasks_touching(&queue.arn);
        Ok(Empty {})
    }
}
