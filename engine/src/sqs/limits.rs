//! The numbers SQS enforces: attribute ranges and defaults, per-request limits, quotas.
//!
//! From the AWS SQS API Reference and the Developer Guide's quota pages, as collected in
//! SQS_SEMANTICS.md §1. Durations are in seconds, as the API states them.

/// `DelaySeconds`: 0..=900, default 0 (queue attribute and per-message timer).
pub const MAX_DELAY_SECONDS: i64 = 900;
/// `MaximumMessageSize`: 1,024..=1,048,576 bytes, default 1,048,576 (1 MiB since August 2025).
pub const MIN_MAXIMUM_MESSAGE_SIZE: i64 = 1_024;
pub const MAX_MAXIMUM_MESSAGE_SIZE: i64 = 1_048_576;
/// `MessageRetentionPeriod`: 60 s..=14 days, default 4 days.
pub const MIN_RETENTION_SECONDS: i64 = 60;
pub const MAX_RETENTION_SECONDS: i64 = 1_209_600;
pub const DEFAULT_RETENTION_SECONDS: i64 = 345_600;
/// `ReceiveMessageWaitTimeSeconds` and `WaitTimeSeconds`: 0..=20.
pub const MAX_WAIT_TIME_SECONDS: i64 = 20;
/// `VisibilityTimeout`: 0..=12 hours, default 30 s. The 12 hours also cap a message's total
/// invisibility counted from the receive that issued the handle.
pub const MAX_VISIBILITY_TIMEOUT: i64 = 43_200;
pub const DEFAULT_VISIBILITY_TIMEOUT: i64 = 30;
/// `KmsDataKeyReusePeriodSeconds`: 60..=86,400, default 300.
pub const MIN_KMS_REUSE_SECONDS: i64 = 60;
pub const MAX_KMS_REUSE_SECONDS: i64 = 86_400;
pub const DEFAULT_KMS_REUSE_SECONDS: i64 = 300;
/// RedrivePolicy `maxReceiveCount`: 1..=1,000.
pub const MAX_MAX_RECEIVE_COUNT: i64 = 1_000;
/// RedriveAllowPolicy `sourceQueueArns` with `byQueue`: at most 10.
pub const MAX_REDRIVE_ALLOW_SOURCES: usize = 10;

/// `MaxNumberOfMessages`: 1..=10, default 1.
pub const MAX_MESSAGES_PER_RECEIVE: i64 = 10;
/// Entries in a batch: 1..=10.
pub const MAX_BATCH_ENTRIES: usize = 10;
/// Batch entry `Id`: 1..=80 characters of `[A-Za-z0-9_-]`.
pub const MAX_BATCH_ENTRY_ID_LEN: usize = 80;
/// Total payload of a SendMessageBatch.
pub const MAX_BATCH_PAYLOAD_BYTES: usize = 1_048_576;
/// Message attributes per message.
pub const MAX_MESSAGE_ATTRIBUTES: usize = 10;
/// Message attribute name and data type: at most 256 characters.
pub const MAX_ATTRIBUTE_NAME_LEN: usize = 256;
/// `MessageGroupId`, `MessageDeduplicationId`, `ReceiveRequestAttemptId`: 1..=128 characters.
pub const MAX_ID_PARAMETER_LEN: usize = 128;
/// Queue names: 1..=80 characters of `[A-Za-z0-9_-]`, the `.fifo` suffix included.
pub const MAX_QUEUE_NAME_LEN: usize = 80;
/// `ListQueues` / `ListDeadLetterSourceQueues` return at most 1,000 URLs; `MaxResults` 1..=1000.
pub const MAX_LIST_RESULTS: i64 = 1_000;
/// `ListMessageMoveTasks` `MaxResults`: 1..=10, default 1.
pub const MAX_MOVE_TASK_RESULTS: i64 = 10;
/// `StartMessageMoveTask` `MaxNumberOfMessagesPerSecond`: at most 500.
pub const MAX_MOVE_TASK_RATE: i64 = 500;

/// In-flight messages per queue (standard and, since late 2024, FIFO): about 120,000.
pub const MAX_IN_FLIGHT: usize = 120_000;
/// The FIFO deduplication interval: 5 minutes, half-open `[t0, t0 + 300 s)` by convention.
pub const DEDUPLICATION_WINDOW_SECONDS: u64 = 300;
/// ReceiveRequestAttemptId results are reusable for 5 minutes.
pub const RECEIVE_ATTEMPT_WINDOW_SECONDS: u64 = 300;
/// One PurgeQueue per queue every 60 s; a deleted queue's name is locked for 60 s.
pub const PURGE_LOCKOUT_SECONDS: u64 = 60;
pub const RECREATE_LOCKOUT_SECONDS: u64 = 60;
/// A move task runs at most 36 hours.
pub const MAX_MOVE_TASK_SECONDS: u64 = 36 * 3_600;
