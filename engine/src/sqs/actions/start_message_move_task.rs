//! StartMessageMoveTask: starts redriving a dead-letter queue (see `move_task.rs`).
//!
//! Errors from SQS_SEMANTICS.md §2.15 and §3: the source must exist (404) and be some queue's
//! dead-letter queue; a destination must exist (404) and be of the same type; the rate is at
//! most 500 per second; one running task per source.

use serde::{Deserialize, Serialize};

use super::required;
use crate::sqs::error::{ErrorCode, SqsError, SqsResult};
use crate::sqs::limits::MAX_MOVE_TASK_RATE;
use crate::sqs::move_task::{MoveTask, MoveTaskStatus};
use crate::sqs::service::Sqs;
use crate::time::SimTime;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct StartMessageMoveTaskInput {
    pub source_arn: Option<String>,
    pub destination_arn: Option<String>,
    pub max_number_of_messages_per_second: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StartMessageMoveTaskOutput {
    pub task_handle: String,
}

pub(crate) fn not_found(parameter: &str) -> SqsError {
    SqsError::new(
        ErrorCode::ResourceNotFoundException,
        format!("The resource that you specified for the {parameter} parameter doesn't exist."),
    )
}

impl Sqs {
    pub fn start_message_move_task(
        &mut self,
        now: SimTime,
        input: StartMessageMoveTaskInput,
    ) -> SqsResult<StartMessageMoveTaskOutput> {
        let now = self.clock(now);
        let source_arn = required(&input.source_arn, "SourceArn")?.clone();
        let source_name = self
            .name_from_arn(&source_arn)
            .ok_or_else(|| not_found("SourceArn"))?
            .to_owned();
        let source = self
            .queues
            .get_mut(&source_name)
            .ok_or_else(|| not_found("SourceArn"))?;
        source.advance(now);
        let (source_fifo, depth) = (source.is_fifo(), source.stored_count() as u64);
        let is_dead_letter_queue = self.queues.values().any(|q| {
            q.attributes
                .redrive_policy
                .as_ref()
                .is_some_and(|p| p.dead_letter_target_arn == source_arn)
        });
        if !is_dead_letter_queue {
            return Err(SqsError::new(
                ErrorCode::InvalidParameterValue,
                "Source queue must be configured as a Dead Letter Queue.",
            ));
        }
        if let Some(destination) = &input.destination_arn {
            let target = self
                .name_from_arn(destination)
                .and_then(|n| self.queues.get(n))
                .ok_or_else(|| not_found("DestinationArn"))?;
            if target.is_fifo() != source_fifo {
                // AWS's text is unconfirmed.
                return Err(SqsError::invalid_value(
                    "DestinationArn",
                    destination,
                    "The destination queue must be of the same type (FIFO or standard) as the source.",
                ));
            }
        }
        let rate = match input.max_number_of_messages_per_second {
            Some(r) if !(1..=MAX_MOVE_TASK_RATE).contains(&r) => {
                return Err(SqsError::invalid_value(
                    "MaxNumberOfMessagesPerSecond",
                    r,
                    "Must be between 1 and 500.",
                ))
            }
            other => other.map(|r| r as u32),
        };
        if self
            .move_tasks
            .iter()
            .any(|t| t.source_arn == source_arn && t.status == MoveTaskStatus::Running)
        {
            return Err(SqsError::new(
                ErrorCode::InvalidParameterValue,
                "There is already a task running. Only one active task is allowed for a source queue arn at a given time.",
            ));
        }
        let task_handle = MoveTask::make_handle(self.next_task_id, &source_arn);
        self.next_task_id += 1;
        self.move_tasks.push(MoveTask {
            task_handle: task_handle.clone(),
            source_arn,
            destination_arn: input.destination_arn,
            max_number_of_messages_per_second: rate,
            status: if depth == 0 {
                MoveTaskStatus::Completed
            } else {
                MoveTaskStatus::Running
            },
            started_at: now,
            to_move: depth,
            moved: 0,
            failure_reason: None,
        });
        self.run_move_tasks(now);
        Ok(StartMessageMoveTaskOutput { task_handle })
    }
}
