//! The SQS actions, one file each, named as in the AWS SQS API Reference.
//!
//! Each file holds the action's request and response shapes (serde, member names exactly as on
//! the JSON protocol) and its `impl Sqs` method. Required members are `Option`s checked by
//! `required`, so that a missing one is SQS's `MissingParameter` rather than a parse error.

pub mod add_permission;
pub mod cancel_message_move_task;
pub mod change_message_visibility;
pub mod change_message_visibility_batch;
pub mod create_queue;
pub mod delete_message;
pub mod delete_message_batch;
pub mod delete_queue;
pub mod get_queue_attributes;
pub mod get_queue_url;
pub mod list_dead_letter_source_queues;
pub mod list_message_move_tasks;
pub mod list_queue_tags;
pub mod list_queues;
pub mod purge_queue;
pub mod receive_message;
pub mod remove_permission;
pub mod send_message;
pub mod send_message_batch;
pub mod set_queue_attributes;
pub mod start_message_move_task;
pub mod tag_queue;
pub mod untag_queue;

use std::collections::HashSet;

use serde::Serialize;

use super::error::{ErrorCode, SqsError, SqsResult};
use super::limits::{MAX_BATCH_ENTRIES, MAX_BATCH_ENTRY_ID_LEN};

/// A required member, or `MissingParameter` naming it.
pub(crate) fn required<'a, T>(value: &'a Option<T>, name: &str) -> SqsResult<&'a T> {
    value.as_ref().ok_or_else(|| SqsError::missing(name))
}

/// A response with no members (`{}` on the wire).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Empty {}

/// One failed batch entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BatchResultErrorEntry {
    pub id: String,
    pub sender_fault: bool,
    pub code: String,
    pub message: String,
}

impl BatchResultErrorEntry {
    pub fn new(id: &str, error: SqsError) -> BatchResultErrorEntry {
        BatchResultErrorEntry {
            id: id.to_owned(),
            sender_fault: true,
            code: error.code.as_str().to_owned(),
            message: error.message,
        }
    }
}

/// The whole-request checks every batch action makes on its entry ids: at least one entry,
/// at most ten, ids well formed and distinct (SQS_SEMANTICS.md §1.2, §3.1). `entry_type` names
/// the entry shape for the empty-batch message (AWS's text is unconfirmed; this is moto's).
pub(crate) fn check_batch_ids<'a>(
    ids: impl ExactSizeIterator<Item = &'a str>,
    entry_type: &str,
) -> SqsResult<()> {
    let count = ids.len();
    if count == 0 {
        return Err(SqsError::new(
            ErrorCode::EmptyBatchRequest,
            format!("There should be at least one {entry_type} in the request."),
        ));
    }
    if count > MAX_BATCH_ENTRIES {
        return Err(SqsError::new(
            ErrorCode::TooManyEntriesInBatchRequest,
            format!("Maximum number of entries per request are {MAX_BATCH_ENTRIES}. You have sent {count}."),
        ));
    }
    let mut seen = HashSet::new();
    for id in ids {
        let well_formed = !id.is_empty()
            && id.len() <= MAX_BATCH_ENTRY_ID_LEN
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !well_formed {
            return Err(SqsError::new(
                ErrorCode::InvalidBatchEntryId,
                "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.",
            ));
        }
        if !seen.insert(id) {
            return Err(SqsError::new(
                ErrorCode::BatchEntryIdsNotDistinct,
                format!("Id {id} repeated."),
            ));
        }
    }
    Ok(())
}

/// A successful batch entry, named by its id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BatchResultEntryId {
    pub id: String,
}

/// Runs `each` on every entry of a handle batch (DeleteMessageBatch,
/// ChangeMessageVisibilityBatch), collecting per-entry results. An entry without a
/// ReceiptHandle fails alone with `MissingParameter`.
pub(crate) fn per_entry<E>(
    entries: &[E],
    id_and_handle: impl Fn(&E) -> (Option<&String>, Option<&String>),
    mut each: impl FnMut(&E, &str) -> SqsResult<()>,
) -> (Vec<BatchResultEntryId>, Vec<BatchResultErrorEntry>) {
    let (mut successful, mut failed) = (Vec::new(), Vec::new());
    for entry in entries {
        let (id, handle) = id_and_handle(entry);
        let id = id.cloned().unwrap_or_default();
        let result = match handle {
            Some(handle) => each(entry, handle),
            None => Err(SqsError::missing("ReceiptHandle")),
        };
        match result {
            Ok(()) => successful.push(BatchResultEntryId { id }),
            Err(error) => failed.push(BatchResultErrorEntry::new(&id, error)),
        }
    }
    (successful, failed)
}

/// An optional integer member within `min..=max`, with SQS's sentence on failure.
pub(crate) fn integer_in(
    name: &str,
    value: Option<i64>,
    min: i64,
    max: i64,
    reason: &str,
) -> SqsResult<Option<i64>> {
    match value {
        Some(v) if !(min..=max).contains(&v) => Err(SqsError::invalid_value(name, v, reason)),
        other => Ok(other),
    }
}
