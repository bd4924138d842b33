//! AddPermission: grants other accounts actions on a queue, under a label.
//!
//! API Reference, AddPermission. The simulator has one account, so nothing is enforced: the
//! call answers as SQS does (a duplicate label is refused; more than 7 actions is `OverLimit`)
//! and the label is remembered for RemovePermission. The queue's `Policy` attribute is not
//! rewritten (a choice: real SQS adds a statement to it).

use serde::Deserialize;

use super::{required, Empty};
use crate::sqs::error::{ErrorCode, SqsError, SqsResult};
use crate::sqs::service::Sqs;
use crate::time::SimTime;

/// Actions per AddPermission call (Developer Guide, `quotas-policies`).
const MAX_PERMISSION_ACTIONS: usize = 7;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AddPermissionInput {
    pub queue_url: Option<String>,
    pub label: Option<String>,
    #[serde(rename = "AWSAccountIds")]
    pub aws_account_ids: Option<Vec<String>>,
    pub actions: Option<Vec<String>>,
}

impl Sqs {
    pub fn add_permission(&mut self, now: SimTime, input: AddPermissionInput) -> SqsResult<Empty> {
        let now = self.clock(now);
        let url = required(&input.queue_url, "QueueUrl")?;
        let label = required(&input.label, "Label")?;
        let accounts = required(&input.aws_account_ids, "AWSAccountIds")?;
        let actions = required(&input.actions, "Actions")?;
        let queue = self.queue_at(url, now)?;
        if actions.len() > MAX_PERMISSION_ACTIONS {
            // moto's text; AWS's is unconfirmed (§3.1).
            return Err(SqsError::new(
                ErrorCode::OverLimit,
                format!(
                    "{} Actions were found, maximum allowed is {MAX_PERMISSION_ACTIONS}.",
                    actions.len()
                ),
            ));
        }
        if queue.permissions.contains_key(label) {
            return Err(SqsError::invalid_value("Label", label, "Already exists."));
        }
        queue
            .permissions
            .insert(label.clone(), (accounts.clone(), actions.clone()));
        Ok(Empty {})
    }
}
