//! GetQueueUrl: the URL of a queue by name.

use serde::{Deserialize, Serialize};

use super::required;
use crate::sqs::error::{SqsError, SqsResult};
use crate::sqs::service::Sqs;
use crate::time::SimTime;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct GetQueueUrlInput {
    pub queue_name: Option<String>,
    #[serde(rename = "QueueOwnerAWSAccountId")]
    pub queue_owner_aws_account_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetQueueUrlOutput {
    pub queue_url: String,
}

impl Sqs {
    pub fn get_queue_url(
        &mut self,
        now: SimTime,
        input: GetQueueUrlInput,
    ) -> SqsResult<GetQueueUrlOutput> {
        self.clock(now);
        let name = required(&input.queue_name, "QueueName")?;
        if input
            .queue_owner_aws_account_id
            .as_ref()
            .is_some_and(|owner| *owner != self.config.account_id)
        {
            return Err(SqsError::queue_does_not_exist());
        }
        let queue = self
            .queues
            .get(name)
            .ok_or_else(SqsError::queue_does_not_exist)?;
        Ok(GetQueueUrlOutput {
            queue_url: queue.url.clone(),
        })
    }
}
