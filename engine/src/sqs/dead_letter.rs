//! Moving messages into a dead-letter queue.
//!
//! Developer Guide, `sqs-dead-letter-queues` and `setting-up-dead-letter-queue-retention`;
//! SQS_SEMANTICS.md §2.7. The move happens inside a ReceiveMessage on the source queue (see
//! `Queue::receive`); this is the arrival side. The message keeps its MessageId, body,
//! attributes, SentTimestamp and ApproximateReceiveCount, and gains DeadLetterQueueSourceArn.
//! A standard DLQ keeps the original enqueue time (retention counts from the first send); a FIFO
//! DLQ restarts it, replaces the deduplication id with the MessageId (so that two messages that
//! shared an id both land) and gives a new sequence number. A move is not a send: the DLQ's
//! NumberOfMessagesSent does not count it.

use super::message::{Copies, Message, MessageState};
use super::queue_table::QueueRef;
use super::service::Sqs;
use crate::time::SimTime;

impl Sqs {
    // Messages stay boxed from the source queue to the dead-letter queue: moving them out of
    // their boxes would copy each large message twice.
    #[allow(clippy::vec_box)]
    pub(crate) fn move_to_dead_letter_queue(
        &mut self,
        dlq: QueueRef,
        messages: Vec<Box<Message>>,
        source_arn: &str,
        now: SimTime,
    ) {
        if messages.is_empty() {
            return;
        }
        let epoch_ms = self.config.epoch_ms;
        let Some(dlq) = self.queues.at_mut(dlq) else {
            return;
        };
        dlq.advance(now);
        for mut message in messages {
            message.dead_letter_source_arn = Some(source_arn.to_owned());
            message.copies = Copies::Intact;
            if dlq.is_fifo() {
                message.enqueued_at = now;
                message.deduplication_id = Some(message.message_id.to_string());
                message.sequence_number = Some(dlq.next_sequence_number(epoch_ms, now));
            }
            // Moved messages are visible in the DLQ at once (its DelaySeconds does not apply).
            message.state = MessageState::Visible {
                since: now,
                order: 0,
            };
            dlq.insert(message, now, now);
            dlq.counters.moved_in += 1;
        }
    }
}
