//! Queue attributes: names, ranges, defaults, and how GetQueueAttributes shows them.
//!
//! AWS SQS API Reference, CreateQueue / SetQueueAttributes / GetQueueAttributes; the ranges and
//! defaults are in `limits.rs` and SQS_SEMANTICS.md §1.1. Values travel as strings, as in the
//! API. Validation happens on a copy, so a rejected SetQueueAttributes changes nothing.

use std::collections::BTreeMap;

use super::error::{ErrorCode, SqsError, SqsResult};
use super::limits::*;
use super::redrive::{RedriveAllowPolicy, RedrivePolicy};

/// FIFO deduplication scope (`DeduplicationScope`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeduplicationScope {
    Queue,
    MessageGroup,
}

/// FIFO throughput quota unit (`FifoThroughputLimit`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FifoThroughputLimit {
    PerQueue,
    PerMessageGroupId,
}

/// Every attribute name GetQueueAttributes knows, in the order `All` lists them.
pub const ATTRIBUTE_NAMES: [&str; 21] = [
    "ApproximateNumberOfMessages",
    "ApproximateNumberOfMessagesDelayed",
    "ApproximateNumberOfMessagesNotVisible",
    "ContentBasedDeduplication",
    "CreatedTimestamp",
    "DeduplicationScope",
    "DelaySeconds",
    "FifoQueue",
    "FifoThroughputLimit",
    "KmsDataKeyReusePeriodSeconds",
    "KmsMasterKeyId",
    "LastModifiedTimestamp",
    "MaximumMessageSize",
    "MessageRetentionPeriod",
    "Policy",
    "QueueArn",
    "ReceiveMessageWaitTimeSeconds",
    "RedriveAllowPolicy",
    "RedrivePolicy",
    "SqsManagedSseEnabled",
    "VisibilityTimeout",
];

/// Attributes only SQS sets; naming one in CreateQueue or SetQueueAttributes is an unknown
/// attribute there.
const READ_ONLY: [&str; 6] = [
    "ApproximateNumberOfMessages",
    "ApproximateNumberOfMessagesDelayed",
    "ApproximateNumberOfMessagesNotVisible",
    "CreatedTimestamp",
    "LastModifiedTimestamp",
    "QueueArn",
];

/// Attributes that exist only on FIFO queues.
const FIFO_ONLY: [&str; 4] = [
    "FifoQueue",
    "ContentBasedDeduplication",
    "DeduplicationScope",
    "FifoThroughputLimit",
];

/// The settable attributes of one queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueAttributes {
    pub delay_seconds: u32,
    pub maximum_message_size: u32,
    pub message_retention_period: u32,
    pub receive_message_wait_time_seconds: u32,
    pub visibility_timeout: u32,
    pub redrive_policy: Option<RedrivePolicy>,
    pub redrive_allow_policy: Option<RedriveAllowPolicy>,
    pub policy: Option<String>,
    pub kms_master_key_id: Option<String>,
    pub kms_data_key_reuse_period_seconds: u32,
    pub sqs_managed_sse_enabled: bool,
    pub fifo_queue: bool,
    pub content_based_deduplication: bool,
    pub deduplication_scope: DeduplicationScope,
    pub fifo_throughput_limit: FifoThroughputLimit,
}

impl QueueAttributes {
    /// The attributes of a new queue before any are given.
    pub fn defaults(fifo_queue: bool) -> QueueAttributes {
        QueueAttributes {
            delay_seconds: 0,
            maximum_message_size: MAX_MAXIMUM_MESSAGE_SIZE as u32,
            message_retention_period: DEFAULT_RETENTION_SECONDS as u32,
            receive_message_wait_time_seconds: 0,
            visibility_timeout: DEFAULT_VISIBILITY_TIMEOUT as u32,
            redrive_policy: None,
            redrive_allow_policy: None,
            policy: None,
            kms_master_key_id: None,
            kms_data_key_reuse_period_seconds: DEFAULT_KMS_REUSE_SECONDS as u32,
            // New queues are encrypted with SQS-managed keys by default (AWS responses since 2022).
            sqs_managed_sse_enabled: true,
            fifo_queue,
            content_based_deduplication: false,
            deduplication_scope: DeduplicationScope::Queue,
            fifo_throughput_limit: FifoThroughputLimit::PerQueue,
        }
    }

    /// Applies `given` (name → string value), checking every name and value. `creating` is true
    /// for CreateQueue, where `FifoQueue` may be given; afterwards the queue type is fixed.
    pub fn apply(&mut self, given: &BTreeMap<String, String>, creating: bool) -> SqsResult<()> {
        for (name, value) in given {
            self.apply_one(name, value, creating)?;
        }
        self.check_combinations(given)
    }

    fn apply_one(&mut self, name: &str, value: &str, creating: bool) -> SqsResult<()> {
        if READ_ONLY.contains(&name) || !ATTRIBUTE_NAMES.contains(&name) {
            return Err(SqsError::unknown_attribute(name));
        }
        if FIFO_ONLY.contains(&name) && !self.fifo_queue {
            return Err(match name {
                "DeduplicationScope" | "FifoThroughputLimit" => SqsError::new(
                    ErrorCode::InvalidAttributeName,
                    format!("You can specify the {name} only when FifoQueue is set to true."),
                ),
                _ => SqsError::unknown_attribute(name),
            });
        }
        match name {
            "DelaySeconds" => self.delay_seconds = seconds(name, value, 0, MAX_DELAY_SECONDS)?,
            "MaximumMessageSize" => {
                self.maximum_message_size = seconds(
                    name,
                    value,
                    MIN_MAXIMUM_MESSAGE_SIZE,
                    MAX_MAXIMUM_MESSAGE_SIZE,
                )?
            }
            "MessageRetentionPeriod" => {
                self.message_retention_period =
                    seconds(name, value, MIN_RETENTION_SECONDS, MAX_RETENTION_SECONDS)?
            }
            "ReceiveMessageWaitTimeSeconds" => {
                self.receive_message_wait_time_seconds =
                    seconds(name, value, 0, MAX_WAIT_TIME_SECONDS)?
            }
            "VisibilityTimeout" => {
                self.visibility_timeout = seconds(name, value, 0, MAX_VISIBILITY_TIMEOUT)?
            }
            "KmsDataKeyReusePeriodSeconds" => {
                self.kms_data_key_reuse_period_seconds =
                    seconds(name, value, MIN_KMS_REUSE_SECONDS, MAX_KMS_REUSE_SECONDS)?
            }
            // An empty string removes a policy or key (SQS_SEMANTICS.md §1.1).
            "RedrivePolicy" => {
                self.redrive_policy = non_empty(value).map(RedrivePolicy::parse).transpose()?
            }
            "RedriveAllowPolicy" => {
                self.redrive_allow_policy = non_empty(value)
                    .map(RedriveAllowPolicy::parse)
                    .transpose()?
            }
            "Policy" => self.policy = non_empty(value).map(str::to_owned),
            "KmsMasterKeyId" => {
                self.kms_master_key_id = non_empty(value).map(str::to_owned);
                if self.kms_master_key_id.is_some() {
                    // Choosing a KMS key turns SQS-managed encryption off.
                    self.sqs_managed_sse_enabled = false;
                }
            }
            "SqsManagedSseEnabled" => self.sqs_managed_sse_enabled = boolean(name, value)?,
            // Setting a FIFO queue's FifoQueue to true again is accepted and changes nothing;
            // any other change of type is refused (LocalStack's AWS-validated
            // `test_set_unsupported_attribute_fifo`; a standard queue never gets here, since
            // FifoQueue is one of FIFO_ONLY's names).
            "FifoQueue" => {
                let fifo = boolean(name, value)?;
                if !fifo || !(creating || self.fifo_queue) {
                    return Err(SqsError::new(
                        ErrorCode::InvalidAttributeValue,
                        "Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.",
                    ));
                }
            }
            "ContentBasedDeduplication" => self.content_based_deduplication = boolean(name, value)?,
            "DeduplicationScope" => {
                self.deduplication_scope = match value {
                    "queue" => DeduplicationScope::Queue,
                    "messageGroup" => DeduplicationScope::MessageGroup,
                    _ => {
                        return Err(SqsError::invalid_attribute_value(
                            name,
                            "Must be queue or messageGroup.",
                        ))
                    }
                }
            }
            "FifoThroughputLimit" => {
                self.fifo_throughput_limit = match value {
                    "perQueue" => FifoThroughputLimit::PerQueue,
                    "perMessageGroupId" => FifoThroughputLimit::PerMessageGroupId,
                    _ => {
                        return Err(SqsError::invalid_attribute_value(
                            name,
                            "Must be perQueue or perMessageGroupId.",
                        ))
                    }
                }
            }
            _ => unreachable!("every known attribute is handled above"),
        }
        Ok(())
    }

    fn check_combinations(&self, given: &BTreeMap<String, String>) -> SqsResult<()> {
        let sse_sqs_asked = given
            .get("SqsManagedSseEnabled")
            .is_some_and(|v| v == "true");
        if self.kms_master_key_id.is_some() && sse_sqs_asked {
            return Err(SqsError::new(
                ErrorCode::InvalidAttributeName,
                "You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.",
            ));
        }
        // High-throughput FIFO needs per-group deduplication (API Reference, FifoThroughputLimit).
        // AWS's error text for breaking the rule is unconfirmed.
        if self.fifo_throughput_limit == FifoThroughputLimit::PerMessageGroupId
            && self.deduplication_scope != DeduplicationScope::MessageGroup
        {
            return Err(SqsError::invalid_attribute_value(
                "FifoThroughputLimit",
                "perMessageGroupId is allowed only when DeduplicationScope is messageGroup.",
            ));
        }
        Ok(())
    }

    /// The value of a settable attribute as GetQueueAttributes shows it, or `None` when the
    /// queue does not show it (not applicable, or unset).
    pub fn render(&self, name: &str) -> Option<String> {
        let fifo = self.fifo_queue;
        match name {
            "DelaySeconds" => Some(self.delay_seconds.to_string()),
            "MaximumMessageSize" => Some(self.maximum_message_size.to_string()),
            "MessageRetentionPeriod" => Some(self.message_retention_period.to_string()),
            "ReceiveMessageWaitTimeSeconds" => {
                Some(self.receive_message_wait_time_seconds.to_string())
            }
            "VisibilityTimeout" => Some(self.visibility_timeout.to_string()),
            "RedrivePolicy" => self.redrive_policy.as_ref().map(RedrivePolicy::to_json),
            "RedriveAllowPolicy" => self
                .redrive_allow_policy
                .as_ref()
                .map(RedriveAllowPolicy::to_json),
            "Policy" => self.policy.clone(),
            "KmsMasterKeyId" => self.kms_master_key_id.clone(),
            // Shown with a KMS key, or when set away from its default (AWS drops "300").
            "KmsDataKeyReusePeriodSeconds" => (self.kms_master_key_id.is_some()
                || i64::from(self.kms_data_key_reuse_period_seconds) != DEFAULT_KMS_REUSE_SECONDS)
                .then(|| self.kms_data_key_reuse_period_seconds.to_string()),
            "SqsManagedSseEnabled" => Some(self.sqs_managed_sse_enabled.to_string()),
            "FifoQueue" => fifo.then(|| "true".to_owned()),
            "ContentBasedDeduplication" => {
                fifo.then(|| self.content_based_deduplication.to_string())
            }
            "DeduplicationScope" => fifo.then(|| match self.deduplication_scope {
                DeduplicationScope::Queue => "queue".to_owned(),
                DeduplicationScope::MessageGroup => "messageGroup".to_owned(),
            }),
            "FifoThroughputLimit" => fifo.then(|| match self.fifo_throughput_limit {
                FifoThroughputLimit::PerQueue => "perQueue".to_owned(),
                FifoThroughputLimit::PerMessageGroupId => "perMessageGroupId".to_owned(),
            }),
            _ => None,
        }
    }
}

fn non_empty(value: &str) -> Option<&str> {
    (!value.is_empty()).then_some(value)
}

/// Parses an integer attribute within `min..=max`.
fn seconds(name: &str, value: &str, min: i64, max: i64) -> SqsResult<u32> {
    match value.trim().parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n as u32),
        _ => Err(SqsError::invalid_attribute_value(
            name,
            &format!("Must be an integer from {min} to {max}."),
        )),
    }
}

fn boolean(name: &str, value: &str) -> SqsResult<bool> {
    match value.to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(SqsError::invalid_attribute_value(
            name,
            "Must be true or false.",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn given(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_match_the_api_reference() {
        let a = QueueAttributes::defaults(false);
        assert_eq!(a.render("DelaySeconds").unwrap(), "0");
        assert_eq!(a.render("MaximumMessageSize").unwrap(), "1048576");
        assert_eq!(a.render("MessageRetentionPeriod").unwrap(), "345600");
        assert_eq!(a.render("ReceiveMessageWaitTimeSeconds").unwrap(), "0");
        assert_eq!(a.render("VisibilityTimeout").unwrap(), "30");
        assert_eq!(a.render("SqsManagedSseEnabled").unwrap(), "true");
        assert_eq!(a.render("FifoQueue"), None);
        let f = QueueAttributes::defaults(true);
        assert_eq!(f.render("DeduplicationScope").unwrap(), "queue");
        assert_eq!(f.render("FifoThroughputLimit").unwrap(), "perQueue");
        assert_eq!(f.render("ContentBasedDeduplication").unwrap(), "false");
    }

    #[test]
    fn ranges_are_inclusive_at_both_ends() {
        let mut a = QueueAttributes::defaults(false);
        for (name, low, high) in [
            ("DelaySeconds", "0", "900"),
            ("MaximumMessageSize", "1024", "1048576"),
            ("MessageRetentionPeriod", "60", "1209600"),
            ("ReceiveMessageWaitTimeSeconds", "0", "20"),
            ("VisibilityTimeout", "0", "43200"),
            ("KmsDataKeyReusePeriodSeconds", "60", "86400"),
        ] {
            assert!(
                a.apply(&given(&[(name, low)]), false).is_ok(),
                "{name}={low}"
            );
            assert!(
                a.apply(&given(&[(name, high)]), false).is_ok(),
                "{name}={high}"
            );
            let below = (low.parse::<i64>().unwrap() - 1).to_string();
            let above = (high.parse::<i64>().unwrap() + 1).to_string();
            for bad in [below.as_str(), above.as_str(), "ten", ""] {
                let e = a.apply(&given(&[(name, bad)]), false).unwrap_err();
                assert_eq!(e.code, ErrorCode::InvalidAttributeValue, "{name}={bad}");
            }
        }
    }

    #[test]
    fn unknown_and_read_only_names_are_unknown_attributes() {
        let mut a = QueueAttributes::defaults(false);
        let e = a.apply(&given(&[("Foobar", "1")]), true).unwrap_err();
        assert_eq!(
            (e.code, e.message.as_str()),
            (ErrorCode::InvalidAttributeName, "Unknown Attribute Foobar.")
        );
        let e = a.apply(&given(&[("QueueArn", "x")]), false).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidAttributeName);
    }

    #[test]
    fn standard_queues_reject_fifo_attributes() {
        let mut a = QueueAttributes::defaults(false);
        assert_eq!(
            a.apply(&given(&[("FifoQueue", "true")]), true)
                .unwrap_err()
                .message,
            "Unknown Attribute FifoQueue."
        );
        assert_eq!(
            a.apply(&given(&[("ContentBasedDeduplication", "true")]), true)
                .unwrap_err()
                .message,
            "Unknown Attribute ContentBasedDeduplication."
        );
        assert_eq!(
            a.apply(&given(&[("DeduplicationScope", "queue")]), true)
                .unwrap_err()
                .message,
            "You can specify the DeduplicationScope only when FifoQueue is set to true."
        );
    }

    #[test]
    fn the_queue_type_cannot_change_but_may_be_restated() {
        let mut f = QueueAttributes::defaults(true);
        f.apply(&given(&[("FifoQueue", "true")]), false)
            .expect("a FIFO queue may be told it is one");
        assert_eq!(f, QueueAttributes::defaults(true));
        let e = f
            .apply(&given(&[("FifoQueue", "false")]), false)
            .unwrap_err();
        assert_eq!(e.message, "Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.");
        let e = QueueAttributes::defaults(false)
            .apply(&given(&[("FifoQueue", "true")]), false)
            .unwrap_err();
        assert_eq!(e.message, "Unknown Attribute FifoQueue.");
    }

    #[test]
    fn a_kms_key_turns_off_sqs_managed_encryption_and_both_together_are_refused() {
        let mut a = QueueAttributes::defaults(false);
        a.apply(&given(&[("KmsMasterKeyId", "alias/aws/sqs")]), false)
            .unwrap();
        assert_eq!(a.render("SqsManagedSseEnabled").unwrap(), "false");
        assert_eq!(a.render("KmsDataKeyReusePeriodSeconds").unwrap(), "300");
        let e = QueueAttributes::defaults(false)
            .apply(
                &given(&[("KmsMasterKeyId", "k"), ("SqsManagedSseEnabled", "true")]),
                true,
            )
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidAttributeName);
    }

    #[test]
    fn empty_values_remove_policies() {
        let mut a = QueueAttributes::defaults(false);
        a.apply(
            &given(&[(
                "RedrivePolicy",
                r#"{"deadLetterTargetArn":"arn:x","maxReceiveCount":3}"#,
            )]),
            false,
        )
        .unwrap();
        assert!(a.render("RedrivePolicy").is_some());
        a.apply(&given(&[("RedrivePolicy", "")]), false).unwrap();
        assert_eq!(a.render("RedrivePolicy"), None);
    }

    #[test]
    fn high_throughput_needs_message_group_scope() {
        let mut f = QueueAttributes::defaults(true);
        assert!(f
            .apply(
                &given(&[("FifoThroughputLimit", "perMessageGroupId")]),
                true
            )
            .is_err());
        let mut f = QueueAttributes::defaults(true);
        f.apply(
            &given(&[
                ("FifoThroughputLimit", "perMessageGroupId"),
                ("DeduplicationScope", "messageGroup"),
            ]),
            true,
        )
        .unwrap();
        assert_eq!(
            f.fifo_throughput_limit,
            FifoThroughputLimit::PerMessageGroupId
        );
    }
}
