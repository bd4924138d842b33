//! The SQS service of one account in one region: its queues, its clock discipline, its RNG.
//!
//! Every action is a method on `Sqs` (one file each under `actions/`) taking `now`, the virtual
//! time of the request. The service never reads a clock: time only moves when a caller passes a
//! later `now`, and a `now` earlier than one already seen is treated as the latest seen, so time
//! never runs backwards inside the engine. Before acting on a queue the service brings it up to
//! `now` (`Queue::advance`), so expiries come before requests at the same instant (§0.3).

use std::collections::HashMap;
use std::time::Duration;

use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use super::delivery::DeliveryModel;
use super::error::{SqsError, SqsResult};
use super::ids::{self, HandleKey};
use super::move_task::MoveTask;
use super::queue::Queue;
use super::queue_table::{QueueRef, QueueTable};
use super::throughput::QuotaAction;
use crate::time::SimTime;

/// How the simulated service is set up.
#[derive(Clone, Debug, PartialEq)]
pub struct SqsConfig {
    pub region: String,
    pub account_id: String,
    /// Unix time in milliseconds of `SimTime::ZERO`, for the timestamps SQS returns.
    pub epoch_ms: u64,
    /// The standard-queue delivery model (sampling, duplicates).
    pub delivery: DeliveryModel,
    /// Seed of the service's RNG (message ids, placement, sampling, duplicates).
    pub seed: u64,
    /// How long a DeduplicationScope change takes to apply (a simulator convention).
    pub attribute_propagation: Duration,
}

impl Default for SqsConfig {
    /// The replay conventions: account 123456789012 in us-east-1, time zero at
    /// 2023-11-14T22:13:20Z, the realistic delivery model.
    fn default() -> Self {
        SqsConfig {
            region: "us-east-1".to_owned(),
            account_id: "123456789012".to_owned(),
            epoch_ms: 1_700_000_000_000,
            delivery: DeliveryModel::realistic(),
            seed: 0,
            attribute_propagation: Duration::from_secs(60),
        }
    }
}

/// The simulated SQS service.
#[derive(Clone, Debug)]
pub struct Sqs {
    pub(super) config: SqsConfig,
    pub(super) rng: Xoshiro256PlusPlus,
    /// Keys the receipt-handle checksums.
    pub(super) handle_secret: u64,
    /// Queues by name (a `BTreeMap`: ListQueues answers in name order).
    pub(super) queues: QueueTable,
    /// When each recently deleted queue name was deleted (the 60-second re-create rule).
    pub(super) deleted_at: HashMap<String, SimTime>,
    pub(super) next_queue_uid: u64,
    pub(super) move_tasks: Vec<MoveTask>,
    pub(super) next_task_id: u64,
    /// The latest `now` seen.
    pub(super) now: SimTime,
}

impl Sqs {
    pub fn new(mut config: SqsConfig) -> Sqs {
        config.delivery = config.delivery.sanitized();
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(config.seed);
        let handle_secret = rng.random();
        Sqs {
            config,
            rng,
            handle_secret,
            queues: QueueTable::default(),
            deleted_at: HashMap::new(),
            next_queue_uid: 1,
            move_tasks: Vec::new(),
            next_task_id: 1,
            now: SimTime::ZERO,
        }
    }

    pub fn config(&self) -> &SqsConfig {
        &self.config
    }

    /// The latest instant the service has seen.
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Moves the service's clock to `now` (never backwards) and runs what time alone does:
    /// message move tasks. Returns the effective instant.
    pub(super) fn clock(&mut self, now: SimTime) -> SimTime {
        self.now = self.now.max(now);
        let now = self.now;
        // Every call comes through here, and a run seldom has a move task (1% of a run's
        // instructions went into calling `run_move_tasks` for nothing).
        if !self.move_tasks.is_empty() {
            self.run_move_tasks(now);
        }
        now
    }

    /// Brings every queue up to `now`: for snapshots and metrics, which look at all of them.
    pub fn advance(&mut self, now: SimTime) {
        let now = self.clock(now);
        for queue in self.queues.values_mut() {
            queue.advance(now);
        }
    }

    /// Epoch milliseconds of a virtual instant, as SQS timestamps are.
    pub fn timestamp_ms(&self, at: SimTime) -> u64 {
        self.config.epoch_ms + at.as_millis()
    }

    pub fn queue_url(&self, name: &str) -> String {
        format!(
            "https://sqs.{}.amazonaws.com/{}/{name}",
            self.config.region, self.config.account_id
        )
    }

    pub fn queue_arn(&self, name: &str) -> String {
        format!(
            "arn:aws:sqs:{}:{}:{name}",
            self.config.region, self.config.account_id
        )
    }

    /// The queue name an ARN of this account and region names, if it has that form.
    pub fn name_from_arn<'a>(&self, arn: &'a str) -> Option<&'a str> {
        let rest = arn.strip_prefix("arn:aws:sqs:")?;
        let rest = rest
            .strip_prefix(self.config.region.as_str())?
            .strip_prefix(':')?;
        let name = rest
            .strip_prefix(self.config.account_id.as_str())?
            .strip_prefix(':')?;
        (!name.is_empty() && !name.contains(':')).then_some(name)
    }

    /// The queue name in a queue URL: its last path segment. Any host is accepted (SQS serves
    /// several URL forms), but an account other than this one's does not exist here.
    pub fn name_from_url<'a>(&self, url: &'a str) -> SqsResult<&'a str> {
        let trimmed = url.trim_end_matches('/');
        let mut segments = trimmed.rsplit('/');
        let name = segments
            .next()
            .filter(|n| !n.is_empty())
            .ok_or_else(SqsError::queue_does_not_exist)?;
        if let Some(account) = segments.next() {
            if trimmed.contains("://") && account != self.config.account_id {
                return Err(SqsError::queue_does_not_exist());
            }
        }
        Ok(name)
    }

    /// The queue a URL names: its place, for callers that call it again and again.
    pub fn queue_ref(&self, url: &str) -> SqsResult<QueueRef> {
        let name = self.name_from_url(url)?;
        self.queues
            .lookup(name)
            .ok_or_else(SqsError::queue_does_not_exist)
    }

    /// The queue a URL names, brought up to `now`.
    pub(super) fn queue_at(&mut self, url: &str, now: SimTime) -> SqsResult<&mut Queue> {
        let queue = self.queue_ref(url)?;
        self.queue_ref_at(queue, now)
    }

    /// The queue at this place, brought up to `now`.
    pub(super) fn queue_ref_at(&mut self, queue: QueueRef, now: SimTime) -> SqsResult<&mut Queue> {
        let queue = self
            .queues
            .at_mut(queue)
            .ok_or_else(SqsError::queue_does_not_exist)?;
        queue.advance(now);
        Ok(queue)
    }

    /// The queue a URL names, brought up to `now`, after counting the request against a FIFO
    /// queue's throughput quota for `action` (`RequestThrottled` when it is spent).
    pub(super) fn queue_for(
        &mut self,
        url: &str,
        now: SimTime,
        action: QuotaAction,
    ) -> SqsResult<QueueRef> {
        let queue = self.queue_ref(url)?;
        self.admit(queue, now, action)?;
        Ok(queue)
    }

    /// `queue_for` by place: the queue, brought up to `now`, after the quota check.
    pub(super) fn admit(
        &mut self,
        queue: QueueRef,
        now: SimTime,
        action: QuotaAction,
    ) -> SqsResult<&mut Queue> {
        let queue = self.queue_ref_at(queue, now)?;
        queue.admit(action, now)?;
        Ok(queue)
    }

    /// A queue by name, read-only and not advanced (for snapshots after `advance`).
    pub fn queue(&self, name: &str) -> Option<&Queue> {
        self.queues.get(name)
    }

    /// A queue by place, read-only and not advanced.
    pub fn queue_by_ref(&self, queue: QueueRef) -> Option<&Queue> {
        self.queues.at(queue)
    }

    /// All queues in name order.
    pub fn queues(&self) -> impl Iterator<Item = &Queue> {
        self.queues.values()
    }

    /// Decodes a receipt handle for `queue`; `ReceiptHandleIsInvalid` if SQS never issued it
    /// for this queue.
    pub(super) fn resolve_handle(&self, queue: &Queue, handle: &str) -> SqsResult<HandleKey> {
        ids::decode_handle(self.handle_secret, handle)
            .filter(|key| key.queue_uid == queue.uid && queue.issued(key.seq) && key.receive >= 1)
            .ok_or_else(|| SqsError::receipt_handle_is_invalid(handle))
    }

    pub(super) fn receipt_handle(&self, queue_uid: u64, seq: u64, receive: u32) -> String {
        ids::encode_handle(
            self.handle_secret,
            HandleKey {
                queue_uid,
                seq,
                receive,
            },
        )
    }

    /// Turns recording of queue events (expiries, moves, visibility lapses) on or off for
    /// every queue that exists.
    pub fn record_events(&mut self, on: bool) {
        for queue in self.queues.values_mut() {
            queue.record_events = on;
        }
    }

    /// The events the queues recorded since the last call, with their queue names.
    pub fn take_events(&mut self) -> Vec<(String, super::queue::QueueEvent)> {
        let mut events = Vec::new();
        for queue in self.queues.values_mut().filter(|q| q.has_events()) {
            let name = queue.name.clone();
            events.extend(queue.take_events().into_iter().map(|e| (name.clone(), e)));
        }
        events
    }

    /// True if any queue recorded events not yet taken.
    pub fn has_events(&self) -> bool {
        self.queues.iter_unordered().any(|q| q.has_events())
    }

    /// The earliest instant after `now` at which something changes by itself in any queue or
    /// move task: what a scheduler should wake up for.
    pub fn next_change(&mut self) -> Option<SimTime> {
        let queues = self.queues.values_mut().filter_map(Queue::next_change);
        let tasks = self.move_tasks.iter().filter_map(|task| task.next_step());
        queues.chain(tasks).min()
    }
}
