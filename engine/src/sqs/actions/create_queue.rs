//! CreateQueue: creates a queue, or returns the existing one when nothing differs.
//!
//! API Reference, CreateQueue; SQS_SEMANTICS.md §2.14. Idempotent when every attribute given
//! equals the queue's *current* value; a name freed by DeleteQueue is locked for 60 seconds.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::required;
use crate::sqs::attributes::QueueAttributes;
use crate::sqs::error::{ErrorCode, SqsError, SqsResult};
use crate::sqs::limits::{MAX_QUEUE_NAME_LEN, RECREATE_LOCKOUT_SECONDS};
use crate::sqs::queue::Queue;
use crate::sqs::queue_name::FIFO_SUFFIX;
use crate::sqs::service::Sqs;
use crate::time::SimTime;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateQueueInput {
    pub queue_name: Option<String>,
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
    /// Lower-case on the wire, as in the API.
    #[serde(default, rename = "tags")]
    pub tags: BTreeMap<String, String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateQueueOutput {
    pub queue_url: String,
}

/// Checks a queue name: 1..=80 characters of `[A-Za-z0-9_-]`, with `.fifo` ending FIFO names
/// (the suffix counts toward the 80). AWS's text for a bad FIFO name is its documented one;
/// for a standard name the text is LocalStack's (AWS's is unconfirmed).
fn validate_queue_name(name: &str, fifo: bool) -> SqsResult<()> {
    let stem = if fifo {
        name.strip_suffix(FIFO_SUFFIX)
    } else {
        Some(name)
    };
    let well_formed = stem.is_some_and(|stem| {
        !stem.is_empty()
            && stem
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    }) && name.len() <= MAX_QUEUE_NAME_LEN;
    if well_formed {
        return Ok(());
    }
    let message = if fifo {
        "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length."
    } else {
        "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length"
    };
    Err(SqsError::new(ErrorCode::InvalidParameterValue, message))
}

impl Sqs {
    pub fn create_queue(
        &mut self,
        now: SimTime,
        input: CreateQueueInput,
    ) -> SqsResult<CreateQueueOutput> {
        let now = self.clock(now);
        let name = required(&input.queue_name, "QueueName")?.clone();
        let fifo = input
            .attributes
            .get("FifoQueue")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"));
        validate_queue_name(&name, fifo)?;

        if let Some(queue) = self.queues.get(&name) {
            // Idempotent only if every given attribute equals the current value.
            let mut updated = queue.attributes.clone();
            updated.apply(&input.attributes, queue.is_fifo())?;
            for attribute in input.attributes.keys() {
                if attribute != "FifoQueue"
                    && queue.attributes.render(attribute) != updated.render(attribute)
                {
                    return Err(SqsError::new(
                        ErrorCode::QueueNameExists,
                        format!("A queue already exists with the same name and a different value for attribute {attribute}"),
                    ));
                }
            }
            return Ok(CreateQueueOutput {
                queue_url: queue.url.clone(),
            });
        }
        if let Some(&deleted) = self.deleted_at.get(&name) {
            if now < deleted + Duration::from_secs(RECREATE_LOCKOUT_SECONDS) {
                return Err(SqsError::new(
                    ErrorCode::QueueDeletedRecently,
                    "You must wait 60 seconds after deleting a queue before you can create another with the same name.",
                ));
            }
        }

        let mut attributes = QueueAttributes::defaults(fifo);
        attributes.apply(&input.attributes, true)?;
        let arn = self.queue_arn(&name);
        self.check_redrive_target(&attributes, &arn, fifo)?;
        let uid = self.next_queue_uid;
        self.next_queue_uid += 1;
        let mut queue = Queue::new(
            &name,
            uid,
            self.queue_url(&name),
            arn,
            attributes,
            now,
            self.config.delivery.servers,
        );
        queue.tags = input.tags;
        let output = CreateQueueOutput {
            queue_url: queue.url.clone(),
        };
        self.deleted_at.remove(&name);
        self.queues.insert(name, queue);
        Ok(output)
    }

    /// A RedrivePolicy must name an existing queue of the same type that allows this source
    /// (API Reference, RedrivePolicy and RedriveAllowPolicy). AWS's texts for these refusals are
    /// unconfirmed; each names the policy and the reason.
    pub(crate) fn check_redrive_target(
        &self,
        attributes: &QueueAttributes,
        source_arn: &str,
        fifo: bool,
    ) -> SqsResult<()> {
        let Some(policy) = &attributes.redrive_policy else {
            return Ok(());
        };
        let invalid =
            |reason: &str| SqsError::invalid_value("RedrivePolicy", policy.to_json(), reason);
        let target = self
            .name_from_arn(&policy.dead_letter_target_arn)
            .and_then(|name| self.queues.get(name))
            .ok_or_else(|| invalid("Dead letter target does not exist."))?;
        if target.is_fifo() != fifo {
            return Err(invalid("Dead-letter target must be the same type of queue (FIFO or standard) as the source."));
        }
        if target
            .attributes
            .redrive_allow_policy
            .as_ref()
            .is_some_and(|allow| !allow.allows(source_arn))
        {
            return Err(invalid("The dead-letter target's RedriveAllowPolicy does not allow this queue as a source."));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_names_follow_the_length_and_character_rules() {
        assert!(validate_queue_name(&"a".repeat(80), false).is_ok());
        assert!(validate_queue_name(&"a".repeat(81), false).is_err());
        assert!(
            validate_queue_name("orders.fifo", false).is_err(),
            "a standard name may not end .fifo"
        );
        assert!(
            validate_queue_name("orders", true).is_err(),
            "a FIFO name must end .fifo"
        );
        assert!(validate_queue_name(&format!("{}.fifo", "a".repeat(75)), true).is_ok());
        assert!(validate_queue_name(&format!("{}.fifo", "a".repeat(76)), true).is_err());
        assert!(validate_queue_name("", false).is_err());
        assert!(validate_queue_name("with space", false).is_err());
    }
}
