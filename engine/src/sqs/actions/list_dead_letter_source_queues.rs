//! ListDeadLetterSourceQueues: the queues whose RedrivePolicy targets this one.
//!
//! API Reference, ListDeadLetterSourceQueues. The result member is `queueUrls`, lower-case, as
//! in the API; pagination works as for ListQueues.

use serde::{Deserialize, Serialize};

use super::list_queues::paginate;
use super::{integer_in, required};
use crate::sqs::error::SqsResult;
use crate::sqs::limits::MAX_LIST_RESULTS;
use crate::sqs::service::Sqs;
use crate::time::SimTime;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ListDeadLetterSourceQueuesInput {
    pub queue_url: Option<String>,
    pub next_token: Option<String>,
    pub max_results: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ListDeadLetterSourceQueuesOutput {
    #[serde(rename = "queueUrls")]
    pub queue_urls: Vec<String>,
    #[serde(rename = "NextToken", skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

impl Sqs {
    pub fn list_dead_letter_source_queues(
        &mut self,
        now: SimTime,
        input: ListDeadLetterSourceQueuesInput,
    ) -> SqsResult<ListDeadLetterSourceQueuesOutput> {
        let now = self.clock(now);
        let arn = self
            .queue_at(required(&input.queue_url, "QueueUrl")?, now)?
            .arn
            .clone();
        integer_in(
            "MaxResults",
            input.max_results,
            1,
            MAX_LIST_RESULTS,
            "MaxResults must be an integer between 1 and 1000.",
        )?;
        let sources = self.queues.iter().filter(|(_, q)| {
            q.attributes
                .redrive_policy
                .as_ref()
                .is_some_and(|policy| policy.dead_letter_target_arn == arn)
        });
        let (page, next_token) = paginate(
            sources.map(|(name, _)| name),
            input.next_token.as_deref(),
            input.max_results,
        )?;
        Ok(ListDeadLetterSourceQueuesOutput {
            queue_urls: page.into_iter().map(|n| self.queue_url(n)).collect(),
            next_token,
        })
    }
}
