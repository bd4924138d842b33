//! The Amazon SQS service model.
//!
//! Pure Rust, no web crates, no clock: every action takes `now`, the virtual time of the request
//! (see `crate::time`). Follows the AWS SQS API Reference and Developer Guide as collected in
//! SQS_SEMANTICS.md; where AWS's behaviour is unconfirmed, the choice is stated at the rule.
//!
//! ```text
//! service   Sqs: the queues of one account and region, the seeded RNG, the clock discipline
//! actions/  one file per SQS action: request/response shapes (JSON protocol) + the method
//! dispatch  call an action by name with JSON parameters (replay, web app)
//! queue     one queue: message states, FIFO groups, indexes, counters
//! queue_table   the service's queues by name and by `QueueRef`
//! message   messages, message attributes, validation, size
//! message_store   a queue's messages in send order (slots, not a hash map)
//! attributes / redrive   queue attributes and the redrive policies
//! dead_letter / move_task   moves into dead-letter queues and redrives out of them
//! throughput   FIFO transactions-per-second quotas
//! time_index   the (instant, message) indexes, mostly appended in order
//! delivery  the seeded model of standard queues' distributed storage (sampling, duplicates)
//! digest / ids / limits / error / queue_name   the small pieces
//! ```

pub mod actions;
pub mod attributes;
pub mod dead_letter;
pub mod delivery;
pub mod digest;
pub mod dispatch;
pub mod error;
pub mod ids;
pub mod limits;
pub mod message;
pub mod message_store;
pub mod move_task;
pub mod queue;
pub mod queue_name;
pub mod queue_table;
pub mod redrive;
pub mod service;
pub mod throughput;
pub mod time_index;

pub use actions::receive_message::{
    Deliveries, Delivery, PendingReceive, ReceiveMessageInput, ReceiveMessageOutput, ReceiveOutcome,
};
pub use delivery::DeliveryModel;
pub use error::{ErrorCode, SqsError, SqsResult};
pub use queue_table::QueueRef;
pub use service::{Sqs, SqsConfig};
