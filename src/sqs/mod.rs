//! The Amazon SQS service model.
//!
//! This layer will hold queues, messages, one file per SQS action and `SqsError`, following the
//! AWS SQS API Reference. It takes the current virtual time as an argument and knows nothing
//! of scheduling, actors or the web. For now it holds the naming rules the topology needs.

pub mod queue_name;
