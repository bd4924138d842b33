//! Redrive policies: where a queue sends messages it gives up on, and who may send to a DLQ.
//!
//! AWS SQS API Reference, CreateQueue `RedrivePolicy` and `RedriveAllowPolicy`; Developer Guide,
//! `sqs-dead-letter-queues`. Both are JSON documents carried as string attribute values.

use serde_json::{json, Value};

use super::error::{SqsError, SqsResult};
use super::limits::{MAX_MAX_RECEIVE_COUNT, MAX_REDRIVE_ALLOW_SOURCES};

/// `RedrivePolicy`: after `max_receive_count` receives, the next receive moves the message to
/// the queue `dead_letter_target_arn` names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RedrivePolicy {
    pub dead_letter_target_arn: String,
    pub max_receive_count: u32,
}

/// Reads a JSON number or a string of digits, as SQS accepts both for `maxReceiveCount`.
fn integer(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

impl RedrivePolicy {
    /// Parses the attribute value. Errors are `InvalidParameterValue` naming the policy; the
    /// range text follows LocalStack's (AWS's exact wording is unconfirmed, §3.2).
    pub fn parse(text: &str) -> SqsResult<RedrivePolicy> {
        let invalid = |reason: &str| SqsError::invalid_value("RedrivePolicy", text, reason);
        let document: Value = serde_json::from_str(text)
            .map_err(|_| invalid("Redrive policy is not a valid JSON map."))?;
        let Value::Object(fields) = &document else {
            return Err(invalid("Redrive policy is not a valid JSON map."));
        };
        if let Some(unknown) = fields
            .keys()
            .find(|k| !matches!(k.as_str(), "deadLetterTargetArn" | "maxReceiveCount"))
        {
            return Err(invalid(&format!("Only following keys are supported: deadLetterTargetArn, maxReceiveCount. Unknown key: {unknown}.")));
        }
        let arn = match fields.get("deadLetterTargetArn") {
            Some(Value::String(arn)) if !arn.is_empty() => arn.clone(),
            _ => {
                return Err(invalid(
                    "Redrive policy does not contain mandatory attribute: deadLetterTargetArn.",
                ))
            }
        };
        // The API documents "Default: 10" for an omitted maxReceiveCount; what AWS does when it
        // is omitted is unconfirmed, so the documented default is applied.
        let count = match fields.get("maxReceiveCount") {
            None => 10,
            Some(value) => {
                integer(value).ok_or_else(|| invalid("Invalid value for maxReceiveCount."))?
            }
        };
        if !(1..=MAX_MAX_RECEIVE_COUNT).contains(&count) {
            return Err(invalid(&format!(
                "Invalid value for maxReceiveCount: {count}, valid values are from 1 to {MAX_MAX_RECEIVE_COUNT} both inclusive."
            )));
        }
        Ok(RedrivePolicy {
            dead_letter_target_arn: arn,
            max_receive_count: count as u32,
        })
    }

    /// The attribute value SQS returns (maxReceiveCount as a number).
    pub fn to_json(&self) -> String {
        json!({"deadLetterTargetArn": self.dead_letter_target_arn, "maxReceiveCount": self.max_receive_count}).to_string()
    }
}

/// `redrivePermission` of a RedriveAllowPolicy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RedrivePermission {
    AllowAll,
    DenyAll,
    ByQueue(Vec<String>),
}

/// `RedriveAllowPolicy`: which source queues may use this queue as their dead-letter queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RedriveAllowPolicy {
    pub permission: RedrivePermission,
}

impl RedriveAllowPolicy {
    pub fn parse(text: &str) -> SqsResult<RedriveAllowPolicy> {
        let invalid = |reason: &str| SqsError::invalid_value("RedriveAllowPolicy", text, reason);
        let document: Value = serde_json::from_str(text)
            .map_err(|_| invalid("Redrive allow policy is not a valid JSON map."))?;
        let Value::Object(fields) = &document else {
            return Err(invalid("Redrive allow policy is not a valid JSON map."));
        };
        let sources: Option<Vec<String>> = match fields.get("sourceQueueArns") {
            None => None,
            Some(Value::Array(items)) => Some(
                items
                    .iter()
                    .map(|item| item.as_str().map(str::to_owned))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| invalid("sourceQueueArns must be a list of queue ARNs."))?,
            ),
            Some(_) => return Err(invalid("sourceQueueArns must be a list of queue ARNs.")),
        };
        let permission = match (
            fields.get("redrivePermission").and_then(Value::as_str),
            sources,
        ) {
            (Some("allowAll"), None) => RedrivePermission::AllowAll,
            (Some("denyAll"), None) => RedrivePermission::DenyAll,
            (Some("allowAll" | "denyAll"), Some(_)) => {
                return Err(invalid(
                    "sourceQueueArns may be given only when redrivePermission is byQueue.",
                ))
            }
            (Some("byQueue"), Some(arns))
                if !arns.is_empty() && arns.len() <= MAX_REDRIVE_ALLOW_SOURCES =>
            {
                RedrivePermission::ByQueue(arns)
            }
            (Some("byQueue"), _) => {
                return Err(invalid("byQueue needs between 1 and 10 sourceQueueArns."))
            }
            _ => {
                return Err(invalid(
                    "redrivePermission must be one of allowAll, denyAll, byQueue.",
                ))
            }
        };
        Ok(RedriveAllowPolicy { permission })
    }

    /// True when a queue with this ARN may name the policy's queue as its dead-letter queue.
    pub fn allows(&self, source_arn: &str) -> bool {
        match &self.permission {
            RedrivePermission::AllowAll => true,
            RedrivePermission::DenyAll => false,
            RedrivePermission::ByQueue(arns) => arns.iter().any(|arn| arn == source_arn),
        }
    }

    pub fn to_json(&self) -> String {
        match &self.permission {
            RedrivePermission::AllowAll => json!({"redrivePermission": "allowAll"}),
            RedrivePermission::DenyAll => json!({"redrivePermission": "denyAll"}),
            RedrivePermission::ByQueue(arns) => {
                json!({"redrivePermission": "byQueue", "sourceQueueArns": arns})
            }
        }
        .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redrive_policy_accepts_numbers_and_strings_for_max_receive_count() {
        let p = RedrivePolicy::parse(r#"{"deadLetterTargetArn": "arn:aws:sqs:us-east-1:123456789012:dlq", "maxReceiveCount": "3"}"#).unwrap();
        assert_eq!(p.max_receive_count, 3);
        let p =
            RedrivePolicy::parse(r#"{"deadLetterTargetArn": "arn:x", "maxReceiveCount": 1000}"#)
                .unwrap();
        assert_eq!(p.max_receive_count, 1000);
        assert_eq!(
            p.to_json(),
            r#"{"deadLetterTargetArn":"arn:x","maxReceiveCount":1000}"#
        );
    }

    #[test]
    fn redrive_policy_rejects_out_of_range_counts_and_missing_targets() {
        let e = RedrivePolicy::parse(r#"{"deadLetterTargetArn": "arn:x", "maxReceiveCount": 0}"#)
            .unwrap_err();
        assert!(
            e.message.contains("valid values are from 1 to 1000"),
            "{}",
            e.message
        );
        assert!(RedrivePolicy::parse(
            r#"{"deadLetterTargetArn": "arn:x", "maxReceiveCount": 1001}"#
        )
        .is_err());
        assert!(RedrivePolicy::parse(r#"{"maxReceiveCount": 3}"#).is_err());
        assert!(RedrivePolicy::parse("not json").is_err());
        assert!(RedrivePolicy::parse(r#"{"deadLetterTargetArn": "arn:x", "extra": 1}"#).is_err());
    }

    #[test]
    fn redrive_allow_policy_decides_which_sources_may_use_the_queue() {
        let by = RedriveAllowPolicy::parse(
            r#"{"redrivePermission": "byQueue", "sourceQueueArns": ["arn:a"]}"#,
        )
        .unwrap();
        assert!(by.allows("arn:a") && !by.allows("arn:b"));
        assert!(
            !RedriveAllowPolicy::parse(r#"{"redrivePermission": "denyAll"}"#)
                .unwrap()
                .allows("arn:a")
        );
        assert!(
            RedriveAllowPolicy::parse(r#"{"redrivePermission": "allowAll"}"#)
                .unwrap()
                .allows("arn:a")
        );
        assert!(RedriveAllowPolicy::parse(r#"{"redrivePermission": "byQueue"}"#).is_err());
        assert!(RedriveAllowPolicy::parse(r#"{"redrivePermission": "sometimes"}"#).is_err());
        let eleven: Vec<String> = (0..11).map(|i| format!("\"arn:{i}\"")).collect();
        let text = format!(
            r#"{{"redrivePermission": "byQueue", "sourceQueueArns": [{}]}}"#,
            eleven.join(",")
        );
        assert!(RedriveAllowPolicy::parse(&text).is_err());
    }
}
