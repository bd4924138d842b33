//! Calling an action by name with JSON-protocol parameters, as the replay runner and the web
//! app do.
//!
//! Parameters are decoded with `serde_path_to_error`, so a wrong type names the member
//! (`Entries[0].DelaySeconds`). `call` is a blocking client: a long-polling ReceiveMessage
//! waits on the virtual clock until it is answered (`receive_message_waiting`), moving the
//! service's clock with it. A simulation with other actors uses `receive_message` and
//! `continue_receive` instead, so that sends can wake the poll.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::error::{ErrorCode, SqsError, SqsResult};
use super::service::Sqs;
use crate::time::SimTime;

/// Every action name `call` knows, as in the AWS JSON protocol's `X-Amz-Target`.
pub const ACTIONS: [&str; 23] = [
    "AddPermission",
    "CancelMessageMoveTask",
    "ChangeMessageVisibility",
    "ChangeMessageVisibilityBatch",
    "CreateQueue",
    "DeleteMessage",
    "DeleteMessageBatch",
    "DeleteQueue",
    "GetQueueAttributes",
    "GetQueueUrl",
    "ListDeadLetterSourceQueues",
    "ListMessageMoveTasks",
    "ListQueueTags",
    "ListQueues",
    "PurgeQueue",
    "ReceiveMessage",
    "RemovePermission",
    "SendMessage",
    "SendMessageBatch",
    "SetQueueAttributes",
    "StartMessageMoveTask",
    "TagQueue",
    "UntagQueue",
];

/// Decodes request parameters, naming the member that does not fit.
pub fn decode<T: DeserializeOwned>(params: Value) -> SqsResult<T> {
    let params = if params.is_null() {
        Value::Object(Default::default())
    } else {
        params
    };
    serde_path_to_error::deserialize(params).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner().to_string();
        if let Some(field) = inner
            .strip_prefix("unknown field `")
            .and_then(|rest| rest.split('`').next())
        {
            // When nested, the path already ends with the unknown member.
            let at = if path == "." { field.to_owned() } else { path };
            return SqsError::new(
                ErrorCode::InvalidParameterValue,
                format!("Unknown parameter {at}."),
            );
        }
        SqsError::new(
            ErrorCode::InvalidParameterValue,
            format!("Invalid value for parameter {path}: {inner}."),
        )
    })
}

fn encode<T: Serialize>(output: SqsResult<T>) -> SqsResult<Value> {
    output.map(|value| serde_json::to_value(value).expect("responses serialise"))
}

impl Sqs {
    /// Runs `action` with `params` at `now`; the response as boto3 would return it (minus
    /// ResponseMetadata).
    pub fn call(&mut self, now: SimTime, action: &str, params: Value) -> SqsResult<Value> {
        match action {
            "AddPermission" => encode(self.add_permission(now, decode(params)?)),
            "CancelMessageMoveTask" => encode(self.cancel_message_move_task(now, decode(params)?)),
            "ChangeMessageVisibility" => {
                encode(self.change_message_visibility(now, decode(params)?))
            }
            "ChangeMessageVisibilityBatch" => {
                encode(self.change_message_visibility_batch(now, decode(params)?))
            }
            "CreateQueue" => encode(self.create_queue(now, decode(params)?)),
            "DeleteMessage" => encode(self.delete_message(now, decode(params)?)),
            "DeleteMessageBatch" => encode(self.delete_message_batch(now, decode(params)?)),
            "DeleteQueue" => encode(self.delete_queue(now, decode(params)?)),
            "GetQueueAttributes" => encode(self.get_queue_attributes(now, decode(params)?)),
            "GetQueueUrl" => encode(self.get_queue_url(now, decode(params)?)),
            "ListDeadLetterSourceQueues" => {
                encode(self.list_dead_letter_source_queues(now, decode(params)?))
            }
            "ListMessageMoveTasks" => encode(self.list_message_move_tasks(now, decode(params)?)),
            "ListQueueTags" => encode(self.list_queue_tags(now, decode(params)?)),
            "ListQueues" => encode(self.list_queues(now, decode(params)?)),
            "PurgeQueue" => encode(self.purge_queue(now, decode(params)?)),
            "ReceiveMessage" => encode(
                self.receive_message_waiting(now, decode(params)?)
                    .map(|(output, _)| output),
            ),
            "RemovePermission" => encode(self.remove_permission(now, decode(params)?)),
            "SendMessage" => encode(self.send_message(now, decode(params)?)),
            "SendMessageBatch" => encode(self.send_message_batch(now, decode(params)?)),
            "SetQueueAttributes" => encode(self.set_queue_attributes(now, decode(params)?)),
            "StartMessageMoveTask" => encode(self.start_message_move_task(now, decode(params)?)),
            "TagQueue" => encode(self.tag_queue(now, decode(params)?)),
            "UntagQueue" => encode(self.untag_queue(now, decode(params)?)),
            other => Err(SqsError::new(
                ErrorCode::UnsupportedOperation,
                format!("The action {other} is not valid for this endpoint."),
            )),
        }
    }
}
