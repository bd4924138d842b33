//! CancelMessageMoveTask: stops a running move task; what moved stays moved.

use serde::{Deserialize, Serialize};

use super::required;
use crate::sqs::error::{ErrorCode, SqsError, SqsResult};
use crate::sqs::move_task::MoveTaskStatus;
use crate::sqs::service::Sqs;
use crate::time::SimTime;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CancelMessageMoveTaskInput {
    pub task_handle: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CancelMessageMoveTaskOutput {
    pub approximate_number_of_messages_moved: u64,
}

impl Sqs {
    pub fn cancel_message_move_task(
        &mut self,
        now: SimTime,
        input: CancelMessageMoveTaskInput,
    ) -> SqsResult<CancelMessageMoveTaskOutput> {
        self.clock(now);
        let handle = required(&input.task_handle, "TaskHandle")?;
        let Some(task) = self
            .move_tasks
            .iter_mut()
            .find(|t| &t.task_handle == handle)
        else {
            // A handle we could never have issued is malformed; one we did is a finished task.
            let ours = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, handle)
                .ok()
                .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
                .is_some_and(|json| json.get("taskId").is_some());
            return Err(if ours {
                SqsError::new(ErrorCode::ResourceNotFoundException, "Task does not exist.")
            } else {
                SqsError::new(
                    ErrorCode::InvalidParameterValue,
                    "Value for parameter TaskHandle is invalid.",
                )
            });
        };
        if task.status != MoveTaskStatus::Running {
            return Err(SqsError::new(
                ErrorCode::ResourceNotFoundException,
                "Task does not exist.",
            ));
        }
        // AWS passes through CANCELLING; the simulator cancels at once.
        task.status = MoveTaskStatus::Cancelled;
        Ok(CancelMessageMoveTaskOutput {
            approximate_number_of_messages_moved: task.moved,
        })
    }
}
