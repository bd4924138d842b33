//! FIFO throughput quotas: how many requests per second a FIFO queue accepts per action.
//!
//! Developer Guide, `quotas-messages` and `high-throughput-fifo`: a FIFO queue handles 300
//! transactions per second per API action (SendMessage, ReceiveMessage, DeleteMessage, …); a
//! batch of ten is one transaction, hence "3,000 messages per second with batching". In
//! high-throughput mode (`FifoThroughputLimit=perMessageGroupId` with
//! `DeduplicationScope=messageGroup`) the quota is 70,000 transactions per second per action
//! (the figure for us-east-1, us-west-2 and eu-west-1). Standard queues have no such quota.
//!
//! Modelled as a token bucket per action, refilled continuously: a burst up to one second's
//! quota passes, a sustained rate above it is refused. AWS's error for a throttled request is
//! unconfirmed (the docs say ThrottlingException, the API model names `RequestThrottled`,
//! SQS_SEMANTICS.md §1.3); the simulator answers `RequestThrottled`.

use super::attributes::{FifoThroughputLimit, QueueAttributes};
use crate::time::SimTime;

/// Transactions per second per action on a FIFO queue.
pub const FIFO_TPS: u64 = 300;
/// The same in high-throughput mode.
pub const HIGH_THROUGHPUT_FIFO_TPS: u64 = 70_000;

/// The actions a FIFO quota counts, each with its own bucket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuotaAction {
    Send,
    Receive,
    Delete,
    ChangeVisibility,
}

/// One token bucket, in thousandths of a request so that refills stay integers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Bucket {
    milli_tokens: u64,
    refilled_at: SimTime,
    started: bool,
}

/// The buckets of one FIFO queue.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ThroughputQuota {
    buckets: [Bucket; 4],
}

impl ThroughputQuota {
    /// Takes one request's token for `action` at `now`; false when the quota is spent.
    pub fn admit(
        &mut self,
        attributes: &QueueAttributes,
        action: QuotaAction,
        now: SimTime,
    ) -> bool {
        let rate = match attributes.fifo_throughput_limit {
            FifoThroughputLimit::PerQueue => FIFO_TPS,
            FifoThroughputLimit::PerMessageGroupId => HIGH_THROUGHPUT_FIFO_TPS,
        };
        // `rate` per second is `rate` milli-tokens per millisecond; capacity is one second.
        let capacity = rate * 1000;
        let bucket = &mut self.buckets[action as usize];
        if !bucket.started {
            *bucket = Bucket {
                milli_tokens: capacity,
                refilled_at: now,
                started: true,
            };
        }
        let elapsed = now
            .as_millis()
            .saturating_sub(bucket.refilled_at.as_millis());
        bucket.milli_tokens = (bucket.milli_tokens + elapsed * rate).min(capacity);
        bucket.refilled_at = bucket.refilled_at.max(now);
        if bucket.milli_tokens < 1000 {
            return false;
        }
        bucket.milli_tokens -= 1000;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fifo(limit: FifoThroughputLimit) -> QueueAttributes {
        let mut attributes = QueueAttributes::defaults(true);
        attributes.fifo_throughput_limit = limit;
        attributes
    }

    #[test]
    fn a_fifo_queue_takes_a_burst_of_300_then_300_per_second() {
        let attributes = fifo(FifoThroughputLimit::PerQueue);
        let mut quota = ThroughputQuota::default();
        let admitted = (0..400)
            .filter(|_| quota.admit(&attributes, QuotaAction::Send, SimTime(0)))
            .count();
        assert_eq!(admitted, 300);
        // Other actions have their own quota.
        assert!(quota.admit(&attributes, QuotaAction::Receive, SimTime(0)));
        // After 100 ms, 30 more.
        let later = (0..100)
            .filter(|_| quota.admit(&attributes, QuotaAction::Send, SimTime(100)))
            .count();
        assert_eq!(later, 30);
    }

    #[test]
    fn high_throughput_mode_raises_the_quota() {
        let attributes = fifo(FifoThroughputLimit::PerMessageGroupId);
        let mut quota = ThroughputQuota::default();
        assert!((0..10_000).all(|_| quota.admit(&attributes, QuotaAction::Send, SimTime(0))));
    }
}
