//! SQS errors: the codes, HTTP statuses and messages the real service returns.
//!
//! On the JSON protocol an SQS error has two names: the `__type` short name (for example
//! `QueueDoesNotExist`) and the legacy query-protocol code in the `x-amzn-query-error` header
//! (`AWS.SimpleQueueService.NonExistentQueue`), which is what boto3 shows as `Error.Code`.
//! `ErrorCode` is named after the short code that replay outputs use (REPLAY_FORMAT §2.1) and
//! knows both. Messages follow AWS's wording where it is known (SQS_SEMANTICS.md §3); where AWS
//! has never been observed the text is ours and the constructor says so.

use std::fmt;

/// An SQS error code, named as the short code a replay output carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// Returned when the queue named by a URL or name does not exist (or was deleted).
    QueueDoesNotExist,
    /// Returned by CreateQueue when the name exists with a different attribute value.
    QueueNameExists,
    /// Returned by CreateQueue within 60 s of deleting a queue of the same name.
    QueueDeletedRecently,
    /// Returned when a parameter is out of range, malformed, or not valid for the queue type.
    InvalidParameterValue,
    /// Returned when a required parameter is absent.
    MissingParameter,
    /// Returned for an unknown queue attribute name, or one not valid for the queue type.
    InvalidAttributeName,
    /// Returned for a queue attribute value that is out of range or cannot change.
    InvalidAttributeValue,
    /// Returned when a message body holds characters outside the allowed Unicode set.
    InvalidMessageContents,
    /// Returned for a receipt handle that SQS never issued (or issued for another queue).
    ReceiptHandleIsInvalid,
    /// Returned for a batch with more than 10 entries.
    TooManyEntriesInBatchRequest,
    /// Returned for a batch with no entries.
    EmptyBatchRequest,
    /// Returned for a batch whose entry ids repeat.
    BatchEntryIdsNotDistinct,
    /// Returned for a batch entry id that is empty, too long or has other characters.
    InvalidBatchEntryId,
    /// Returned when a SendMessageBatch's total payload exceeds 1 MiB.
    BatchRequestTooLong,
    /// Returned by a second PurgeQueue on a queue within 60 s (HTTP 403).
    PurgeQueueInProgress,
    /// Returned by a short-poll ReceiveMessage when the in-flight quota is reached.
    OverLimit,
    /// Returned by the message-move-task actions for an ARN or task that does not exist (404).
    ResourceNotFoundException,
    /// Returned for a feature the simulator does not implement.
    UnsupportedOperation,
    /// Returned when a FIFO queue's transactions-per-second quota for an action is spent
    /// (the wire code is unconfirmed on AWS; see `throughput.rs`).
    RequestThrottled,
}

impl ErrorCode {
    /// The short code, as replay outputs and `QueryErrorCode`-style listings use it.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::QueueDoesNotExist => "QueueDoesNotExist",
            ErrorCode::QueueNameExists => "QueueNameExists",
            ErrorCode::QueueDeletedRecently => "QueueDeletedRecently",
            ErrorCode::InvalidParameterValue => "InvalidParameterValue",
            ErrorCode::MissingParameter => "MissingParameter",
            ErrorCode::InvalidAttributeName => "InvalidAttributeName",
            ErrorCode::InvalidAttributeValue => "InvalidAttributeValue",
            ErrorCode::InvalidMessageContents => "InvalidMessageContents",
            ErrorCode::ReceiptHandleIsInvalid => "ReceiptHandleIsInvalid",
            ErrorCode::TooManyEntriesInBatchRequest => "TooManyEntriesInBatchRequest",
            ErrorCode::EmptyBatchRequest => "EmptyBatchRequest",
            ErrorCode::BatchEntryIdsNotDistinct => "BatchEntryIdsNotDistinct",
            ErrorCode::InvalidBatchEntryId => "InvalidBatchEntryId",
            ErrorCode::BatchRequestTooLong => "BatchRequestTooLong",
            ErrorCode::PurgeQueueInProgress => "PurgeQueueInProgress",
            ErrorCode::OverLimit => "OverLimit",
            ErrorCode::ResourceNotFoundException => "ResourceNotFoundException",
            ErrorCode::UnsupportedOperation => "UnsupportedOperation",
            ErrorCode::RequestThrottled => "RequestThrottled",
        }
    }

    /// The legacy query-protocol code (`x-amzn-query-error`, boto3's `Error.Code`).
    pub fn query_code(self) -> &'static str {
        match self {
            ErrorCode::QueueDoesNotExist => "AWS.SimpleQueueService.NonExistentQueue",
            ErrorCode::QueueNameExists => "QueueAlreadyExists",
            ErrorCode::QueueDeletedRecently => "AWS.SimpleQueueService.QueueDeletedRecently",
            ErrorCode::TooManyEntriesInBatchRequest => {
                "AWS.SimpleQueueService.TooManyEntriesInBatchRequest"
            }
            ErrorCode::EmptyBatchRequest => "AWS.SimpleQueueService.EmptyBatchRequest",
            ErrorCode::BatchEntryIdsNotDistinct => {
                "AWS.SimpleQueueService.BatchEntryIdsNotDistinct"
            }
            ErrorCode::InvalidBatchEntryId => "AWS.SimpleQueueService.InvalidBatchEntryId",
            ErrorCode::BatchRequestTooLong => "AWS.SimpleQueueService.BatchRequestTooLong",
            ErrorCode::PurgeQueueInProgress => "AWS.SimpleQueueService.PurgeQueueInProgress",
            ErrorCode::UnsupportedOperation => "AWS.SimpleQueueService.UnsupportedOperation",
            other => other.as_str(),
        }
    }

    /// The JSON protocol's `__type` short name (boto3's `Error.QueryErrorCode`).
    pub fn json_type(self) -> &'static str {
        match self {
            ErrorCode::InvalidParameterValue => "InvalidParameterValueException",
            ErrorCode::MissingParameter => "MissingRequiredParameterException",
            other => other.as_str(),
        }
    }

    /// The HTTP status SQS answers with.
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::PurgeQueueInProgress | ErrorCode::OverLimit => 403,
            ErrorCode::ResourceNotFoundException => 404,
            _ => 400,
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error as SQS reports it: a code and a human-readable message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct SqsError {
    pub code: ErrorCode,
    pub message: String,
}

impl SqsError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> SqsError {
        SqsError {
            code,
            message: message.into(),
        }
    }

    /// `QueueDoesNotExist`, with the JSON protocol's text.
    pub fn queue_does_not_exist() -> SqsError {
        SqsError::new(
            ErrorCode::QueueDoesNotExist,
            "The specified queue does not exist.",
        )
    }

    /// The common `InvalidParameterValue` form: "Value V for parameter P is invalid. Reason: R".
    pub fn invalid_value(parameter: &str, value: impl fmt::Display, reason: &str) -> SqsError {
        SqsError::new(
            ErrorCode::InvalidParameterValue,
            format!("Value {value} for parameter {parameter} is invalid. Reason: {reason}"),
        )
    }

    /// `MissingParameter`: "The request must contain the parameter P."
    pub fn missing(parameter: &str) -> SqsError {
        SqsError::new(
            ErrorCode::MissingParameter,
            format!("The request must contain the parameter {parameter}."),
        )
    }

    /// `InvalidAttributeName` for a name SQS does not know: "Unknown Attribute X."
    pub fn unknown_attribute(name: &str) -> SqsError {
        SqsError::new(
            ErrorCode::InvalidAttributeName,
            format!("Unknown Attribute {name}."),
        )
    }

    /// `InvalidAttributeValue` for an out-of-range queue attribute. AWS's exact text for range
    /// violations is unconfirmed (SQS_SEMANTICS.md §3.1); this follows the observed pattern
    /// "Invalid value for the parameter X." and adds the reason.
    pub fn invalid_attribute_value(name: &str, reason: &str) -> SqsError {
        SqsError::new(
            ErrorCode::InvalidAttributeValue,
            format!("Invalid value for the parameter {name}. Reason: {reason}"),
        )
    }

    /// `ReceiptHandleIsInvalid`, with AWS's text.
    pub fn receipt_handle_is_invalid(handle: &str) -> SqsError {
        SqsError::new(
            ErrorCode::ReceiptHandleIsInvalid,
            format!("The input receipt handle \"{handle}\" is not a valid receipt handle."),
        )
    }
}

/// Every engine call answers with this.
pub type SqsResult<T> = Result<T, SqsError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_carry_their_legacy_names_and_statuses() {
        let e = SqsError::queue_does_not_exist();
        assert_eq!(
            e.code.query_code(),
            "AWS.SimpleQueueService.NonExistentQueue"
        );
        assert_eq!(e.code.http_status(), 400);
        assert_eq!(ErrorCode::PurgeQueueInProgress.http_status(), 403);
        assert_eq!(ErrorCode::ResourceNotFoundException.http_status(), 404);
        assert_eq!(
            ErrorCode::QueueNameExists.query_code(),
            "QueueAlreadyExists"
        );
        assert_eq!(
            ErrorCode::InvalidParameterValue.json_type(),
            "InvalidParameterValueException"
        );
        assert_eq!(
            ErrorCode::MissingParameter.json_type(),
            "MissingRequiredParameterException"
        );
    }

    #[test]
    fn invalid_value_follows_the_aws_sentence() {
        let e = SqsError::invalid_value(
            "MaxNumberOfMessages",
            11,
            "Must be between 1 and 10, if provided.",
        );
        assert_eq!(e.message, "Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.");
    }
}
