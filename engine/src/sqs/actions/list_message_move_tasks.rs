//! ListMessageMoveTasks: a source queue's move tasks, most recent first.

use serde::{Deserialize, Serialize};

use super::start_message_move_task::not_found;
use super::{integer_in, required};
use crate::sqs::error::SqsResult;
use crate::sqs::limits::MAX_MOVE_TASK_RESULTS;
use crate::sqs::move_task::MoveTaskStatus;
use crate::sqs::service::Sqs;
use crate::time::SimTime;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ListMessageMoveTasksInput {
    pub source_arn: Option<String>,
    pub max_results: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListMessageMoveTasksResultEntry {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_handle: Option<String>,
    pub status: String,
    pub source_arn: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_number_of_messages_per_second: Option<u32>,
    pub approximate_number_of_messages_moved: u64,
    pub approximate_number_of_messages_to_move: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure_reason: Option<String>,
    pub started_timestamp: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListMessageMoveTasksOutput {
    pub results: Vec<ListMessageMoveTasksResultEntry>,
}

impl Sqs {
    pub fn list_message_move_tasks(
        &mut self,
        now: SimTime,
        input: ListMessageMoveTasksInput,
    ) -> SqsResult<ListMessageMoveTasksOutput> {
        self.clock(now);
        let source_arn = required(&input.source_arn, "SourceArn")?;
        let exists = self
            .name_from_arn(source_arn)
            .is_some_and(|name| self.queues.contains_key(name));
        if !exists {
            return Err(not_found("SourceArn"));
        }
        let max = integer_in(
            "MaxResults",
            input.max_results,
            1,
            MAX_MOVE_TASK_RESULTS,
            "Must be between 1 and 10.",
        )?
        .unwrap_or(1);
        let results = self
            .move_tasks
            .iter()
            .rev()
            .filter(|task| &task.source_arn == source_arn)
            .take(max as usize)
            .map(|task| ListMessageMoveTasksResultEntry {
                task_handle: (task.status == MoveTaskStatus::Running)
                    .then(|| task.task_handle.clone()),
                status: task.status.as_str().to_owned(),
                source_arn: task.source_arn.clone(),
                destination_arn: task.destination_arn.clone(),
                max_number_of_messages_per_second: task.max_number_of_messages_per_second,
                approximate_number_of_messages_moved: task.moved,
                approximate_number_of_messages_to_move: task.to_move,
                failure_reason: task.failure_reason.clone(),
                started_timestamp: self.timestamp_ms(task.started_at),
            })
            .collect();
        Ok(ListMessageMoveTasksOutput { results })
    }
}
