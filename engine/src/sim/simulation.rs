//! The simulation: producers and consumers driving the SQS engine on a virtual clock.
//!
//! Every actor's next action is an event in the scheduler. Producers send on their arrival
//! process. Each consumer runs the seed article's loop: ReceiveMessage (long polling by
//! default), process each message, DeleteMessage after success, do nothing on failure so that
//! the message comes back after its visibility timeout. A long-polling consumer that finds
//! nothing waits inside the engine (`PendingReceive`); it is tried again when a producer sends
//! to its queue (and, on FIFO queues, when a delete may have unblocked a group) and at the
//! engine's next wake-up, so it picks up a message the instant one is available. A Lambda
//! consumer's pollers long-poll the same way, but gather batches and invoke its function
//! (`invoking`); an autoscaled fleet changes its size at its policy's periods (`scaling`).
//!
//! The simulation owns the only RNG; the same scenario and seed give the same run.
//!
//! This file holds the world and its event loop; beside it, `commanding` (a person's or the
//! timeline's commands), `fleets` (fleet sizes and autoscaling periods), `invoking` (Lambda
//! consumers) and `observing` (snapshots, the summary, the metrics period's samples).

mod commanding;
mod fleets;
mod invoking;
mod observing;

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use serde::Serialize;

use super::metrics::{
    DurationStats, FleetSeries, LambdaMetrics, QueueSeries, RequestCount, RunSeries,
};
use super::random::{seconds_to_duration, SimRng};
use super::scaling::{FleetScaling, ScalingActivity};
use super::scenario::{Arrival, ConsumerKind, Scenario};
use super::scheduler::Scheduler;
use super::trace::{Trace, TraceEvent, TraceKind};
use crate::sqs::actions::create_queue::CreateQueueInput;
use crate::sqs::actions::receive_message::ReceiveRequest;
use crate::sqs::actions::send_message::SendMessageInput;
use crate::sqs::actions::send_message_batch::{
    SendMessageBatchInput, SendMessageBatchRequestEntry,
};
use crate::sqs::message::MessageId;
use crate::sqs::queue::QueueEventKind;
use crate::sqs::{
    Deliveries, Delivery, PendingReceive, QueueRef, ReceiveMessageInput, ReceiveOutcome, Sqs,
    SqsConfig,
};
use crate::time::SimTime;

/// What can happen next.
#[derive(Clone, Debug)]
enum Event {
    /// A producer's next arrival.
    Produce(usize),
    /// A consumer calls ReceiveMessage (stale if the worker crashed since: another epoch).
    Poll { worker: usize, epoch: u64 },
    /// A crashed consumer comes back.
    Restart { worker: usize, epoch: u64 },
    /// The timeline's command number `i` is due.
    Command(usize),
    /// A message move task may have moved messages: wake waiting consumers.
    MoveTaskTick,
    /// A waiting consumer's long poll may be answerable (stale unless it is the worker's
    /// `wake_due`).
    Wake { worker: usize },
    /// A consumer finishes processing its current message.
    Finish { worker: usize, epoch: u64 },
    /// The metrics period ends.
    Sample,
    /// A direct-call client's next order (the old way, no queue).
    DirectCall(usize),
    /// A worker crashes in the middle of a message.
    CrashWorker { worker: usize, epoch: u64 },
    /// A consumer extends the visibility of the message it is processing (stale unless it is
    /// still processing that message).
    Heartbeat { worker: usize, epoch: u64, seq: u64 },
    /// An autoscaled fleet's policy looks at its metric, or a Lambda mapping decides its
    /// concurrency (the consumer's index).
    Scale(usize),
    /// A Lambda poller's batching window ends, or its throttled invocation is retried.
    Invoke { worker: usize, epoch: u64 },
}

/// Message ids are hashed with foldhash's fixed-seed hasher: fast for 36 bytes, the same on
/// every run (the keys are not adversarial), and iteration order never leaks into results.
type IdMap<V> = HashMap<MessageId, V, foldhash::fast::FixedState>;

/// A message to send: body, FIFO group, deduplication id.
type Entry = (String, Option<String>, Option<String>);

/// The messages of one request: usually one (SendMessage), so kept off the heap.
type Entries = smallvec::SmallVec<[Entry; 1]>;

/// What the simulation remembers of a message until its first successful processing.
#[derive(Clone, Copy, Debug)]
struct Tracked {
    sent: SimTime,
    received: bool,
}

/// One producer's state.
#[derive(Clone, Debug)]
struct Producer {
    spec: usize,
    /// Where its messages go: one queue, or every queue subscribed to its topic.
    targets: Vec<Target>,
    sent: u64,
    /// Cumulative weights of the FIFO message groups (empty: uniform).
    group_weights: Vec<f64>,
    /// The exact time of the next arrival, in seconds. Arrivals are scheduled at this time
    /// rounded to the millisecond, so rounding never accumulates: a constant 3 a second stays
    /// 3 a second, and Poisson gaps keep their distribution.
    due_seconds: f64,
}

/// One queue a producer sends to.
#[derive(Clone, Debug)]
struct Target {
    /// The queue's index in the scenario.
    queue: usize,
    fifo: bool,
}

/// What a consumer is doing.
#[derive(Clone, Debug)]
enum WorkerState {
    /// Between calls (only for an instant, or while backing off after an empty short poll).
    Idle,
    /// Crashed; restarts later. Whatever it held comes back after its visibility timeout.
    Crashed,
    /// Removed by scaling the fleet down.
    Stopped,
    /// Inside a long poll.
    Waiting {
        pending: PendingReceive,
        wake_at: SimTime,
    },
    /// Processing `current` (whose MessageId is `id`); `rest` of the batch waits its turn.
    Processing {
        current: Delivery,
        id: Option<MessageId>,
        /// The order the message carries (producer, number), read from its body.
        order: Option<(usize, u64)>,
        /// When processing ends.
        finishes_at: SimTime,
        succeeds: bool,
        rest: Deliveries,
    },
    /// A Lambda poller whose function works on its batch.
    Invoking {
        items: Vec<invoking::Item>,
        /// The invocation fails as a whole (an error thrown, or the timeout).
        error: bool,
        started: SimTime,
    },
    /// A Lambda poller whose invocation was throttled, holding its batch until `drop_at`
    /// (the messages' visibility timeout).
    Throttled {
        retries: u32,
        retry_at: SimTime,
        drop_at: SimTime,
    },
}

/// One consumer (a worker of a consumer fleet).
#[derive(Clone, Debug)]
struct Worker {
    spec: usize,
    /// The queue's index in the scenario.
    queue_index: usize,
    fifo: bool,
    state: WorkerState,
    /// When its one live Wake event is due. A worker keeps at most one Wake in the scheduler,
    /// however often it starts waiting: an early wake-up re-arms for the real time, so the
    /// scheduler stays small (one long poll after another would otherwise leave a stale event
    /// per poll).
    wake_due: Option<SimTime>,
    /// Its ReceiveMessage request, checked once (a Lambda poller's again when it wants a
    /// different number of messages).
    request: Option<ReceiveRequest>,
    /// Changes when the worker crashes or stops: its pending events become stale.
    epoch: u64,
    busy: Duration,
    /// When it came into service (an autoscaled instance polls only after its warm-up).
    in_service_at: SimTime,
    /// A Lambda poller's batch so far, and when its first message came.
    batch: Vec<Delivery>,
    gather_started: SimTime,
}

/// The run's measurements so far.
#[derive(Clone, Debug, Default)]
pub struct RunMetrics {
    /// Send to successful delete, per message.
    pub latency: DurationStats,
    /// Send to first receive, per message.
    pub queue_wait: DurationStats,
    pub requests: RequestCount,
    /// Messages processed although an earlier delivery of them had been processed (standard
    /// queues' at-least-once delivery, or a visibility timeout shorter than the processing).
    pub duplicates_processed: u64,
    pub processing_failures: u64,
    /// Messages deleted before processing whose processing then failed: lost for good.
    pub messages_lost: u64,
    pub max_depth: u64,
    pub series: Vec<QueueSeries>,
    /// Latency percentiles and the running request cost, at the same instants.
    pub run_series: RunSeries,
    /// Timeline commands that SQS or the simulation refused.
    pub refused_commands: u64,
    /// Orders placed by direct-call clients, and those lost because a call failed.
    pub direct_orders: u64,
    pub direct_orders_lost: u64,
    /// Autoscaled fleets: desired, in service and warming instances, period by period.
    pub fleet_series: Vec<FleetSeries>,
    /// Every scaling decision, in order.
    pub scaling: Vec<ScalingActivity>,
    /// Per consumer, its Lambda function's metrics (a fleet's stay empty).
    pub lambdas: Vec<LambdaMetrics>,
}

/// The numbers `sqs-sim run --json` prints.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct RunSummary {
    pub messages_sent: u64,
    pub messages_deleted: u64,
    pub moved_to_dlq: u64,
    pub receives: u64,
    pub empty_receives: u64,
    pub duplicates_delivered: u64,
    pub duplicates_processed: u64,
    pub processing_failures: u64,
    pub messages_lost: u64,
    /// The old way: orders placed by calling the services directly, and those lost.
    pub direct_orders: u64,
    pub direct_orders_lost: u64,
    pub latency_mean_s: f64,
    pub latency_p50_s: f64,
    pub latency_p99_s: f64,
    pub queue_wait_mean_s: f64,
    pub max_depth: u64,
    pub events: u64,
    pub requests: u64,
    /// Lambda consumers: invocations, those that failed, and invocations throttled.
    pub lambda_invocations: u64,
    pub lambda_errors: u64,
    pub lambda_throttles: u64,
    /// Lambda's Duration, the mean over every invocation, in seconds.
    pub lambda_duration_mean_s: f64,
    /// SQS requests, and Lambda requests and GB-seconds.
    pub cost_usd: f64,
    pub sim_seconds: f64,
}

/// A world of queues, producers and consumers on a virtual clock.
#[derive(Clone, Debug)]
pub struct Simulation {
    scenario: Scenario,
    sqs: Sqs,
    /// Each scenario queue's place in the engine, by scenario index (the simulation never
    /// deletes its queues, so these stay valid).
    queue_refs: Vec<QueueRef>,
    scheduler: Scheduler<Event>,
    rng: SimRng,
    now: SimTime,
    producers: Vec<Producer>,
    workers: Vec<Worker>,
    /// Workers inside a long poll, per queue (scenario index), in the order they started waiting.
    waiting: Vec<VecDeque<usize>>,
    /// Messages sent and not yet processed successfully, by MessageId. A success for a message
    /// that is no longer here is a duplicate: it was processed before.
    tracked: IdMap<Tracked>,
    /// Per producer (and one more for messages sent by commands) and queue, the orders
    /// processed successfully at least once (a topic delivers an order to several queues,
    /// each processing it once).
    processed_orders: Vec<OrderSet>,
    /// Messages sent by commands so far (their order numbers).
    injected: u64,
    /// Per consumer fleet: whether the poison bug is fixed.
    poison_fixed: Vec<bool>,
    metrics: RunMetrics,
    trace: Trace,
    /// Per direct-call client, the exact time of its next order.
    direct_due: Vec<f64>,
    /// Per consumer fleet and per direct-call client, the indexes of the services it calls.
    consumer_calls: Vec<Vec<usize>>,
    /// Services a person took down (by scenario index).
    services_down: Vec<bool>,
    direct_calls: Vec<Vec<usize>>,
    /// Per consumer: its scaling state, if it is autoscaled.
    fleets: Vec<Option<FleetScaling>>,
    /// Per consumer: its mapping's state, if it is a Lambda function.
    lambdas: Vec<Option<Box<invoking::LambdaRun>>>,
    events: u64,
}

impl Simulation {
    /// Builds the world of a validated scenario.
    pub fn new(scenario: Scenario, seed: u64) -> Simulation {
        let mut rng = SimRng::new(seed);
        let config = SqsConfig {
            delivery: scenario.delivery.model(),
            seed: rng.fork(),
            ..SqsConfig::default()
        };
        let mut sqs = Sqs::new(config);
        // Dead-letter queues first, so that redrive policies find their targets.
        for i in scenario.creation_order() {
            let queue = &scenario.queues[i];
            let input = CreateQueueInput {
                queue_name: Some(queue.name.clone()),
                attributes: scenario.queue_attributes(queue),
                tags: Default::default(),
            };
            // Validation created the same queues; a failure here is a bug in validation.
            sqs.create_queue(SimTime::ZERO, input)
                .expect("validated scenario queues can be created");
        }
        sqs.record_events(true);
        let is_fifo = |name: &str| sqs.queue(name).is_some_and(|q| q.is_fifo());
        let index_of = |name: &str| scenario.queue_index(name).expect("validated queue name");
        let scenario_queue_count = scenario.queues.len();
        let scenario_producer_count = scenario.producers.len();
        let producers = scenario
            .producers
            .iter()
            .enumerate()
            .map(|(spec, p)| Producer {
                spec,
                targets: scenario
                    .targets(&p.queue)
                    .into_iter()
                    .map(|name| Target {
                        queue: index_of(name),
                        fifo: is_fifo(name),
                    })
                    .collect(),
                sent: 0,
                due_seconds: 0.0,
                group_weights: group_weights(p.message_groups, p.group_skew),
            })
            .collect();
        let workers = scenario
            .consumers
            .iter()
            .enumerate()
            .flat_map(|(spec, c)| (0..c.starting_workers()).map(move |_| (spec, c)))
            .map(|(spec, c)| Worker {
                spec,
                queue_index: index_of(&c.queue),
                fifo: is_fifo(&c.queue),
                state: WorkerState::Idle,
                wake_due: None,
                request: None,
                epoch: 0,
                busy: Duration::ZERO,
                in_service_at: SimTime::ZERO,
                batch: Vec::new(),
                gather_started: SimTime::ZERO,
            })
            .collect();
        let fleets = scenario
            .consumers
            .iter()
            .map(|c| c.autoscaling.as_ref().map(|_| FleetScaling::new(c.count)))
            .collect();
        let fleet_series = scenario
            .consumers
            .iter()
            .filter(|c| c.autoscaling.is_some())
            .map(|c| FleetSeries {
                consumer: c.name.clone(),
                samples: Vec::new(),
            })
            .collect();
        let series = scenario
            .queues
            .iter()
            .map(|q| QueueSeries::new(&q.name))
            .collect();
        let queue_refs = scenario
            .queues
            .iter()
            .map(|q| {
                sqs.queue_ref(&sqs.queue_url(&q.name))
                    .expect("created above")
            })
            .collect();
        let mut simulation = Simulation {
            scheduler: Scheduler::default(),
            rng,
            now: SimTime::ZERO,
            producers,
            workers,
            waiting: vec![VecDeque::new(); scenario_queue_count],
            tracked: IdMap::default(),
            processed_orders: vec![
                OrderSet::default();
                (scenario_producer_count + 1) * scenario_queue_count
            ],
            injected: 0,
            poison_fixed: vec![false; scenario.consumers.len()],
            trace: Trace::default(),
            direct_due: vec![0.0; scenario.direct_calls.len()],
            services_down: vec![false; scenario.services.len()],
            consumer_calls: scenario
                .consumers
                .iter()
                .map(|c| service_indexes(&scenario, &c.calls))
                .collect(),
            direct_calls: scenario
                .direct_calls
                .iter()
                .map(|d| service_indexes(&scenario, &d.calls))
                .collect(),
            metrics: RunMetrics {
                series,
                fleet_series,
                ..RunMetrics::default()
            },
            fleets,
            lambdas: Vec::new(),
            events: 0,
            sqs,
            queue_refs,
            scenario,
        };
        for p in 0..simulation.producers.len() {
            let first = simulation.first_arrival(p);
            if let Some(at) = first {
                simulation.scheduler.schedule(at, Event::Produce(p));
            }
        }
        for d in 0..simulation.direct_due.len() {
            let spec = &simulation.scenario.direct_calls[d];
            let due = spec
                .arrival
                .first_due(spec.start_seconds, &mut simulation.rng);
            simulation.direct_due[d] = due;
            simulation.scheduler.schedule(
                SimTime::ZERO + seconds_to_duration(due),
                Event::DirectCall(d),
            );
        }
        for w in 0..simulation.workers.len() {
            simulation.schedule_poll(w, SimTime::ZERO);
        }
        for (i, timed) in simulation.scenario.timeline.iter().enumerate() {
            simulation.scheduler.schedule(
                SimTime::ZERO + seconds_to_duration(timed.at_seconds),
                Event::Command(i),
            );
        }
        let period = seconds_to_duration(simulation.scenario.metrics_period_seconds);
        simulation
            .scheduler
            .schedule(SimTime::ZERO + period, Event::Sample);
        simulation.start_lambdas();
        for (c, consumer) in simulation.scenario.consumers.iter().enumerate() {
            if let Some(policy) = &consumer.autoscaling {
                let at = SimTime::ZERO + seconds_to_duration(policy.period_seconds);
                simulation.scheduler.schedule(at, Event::Scale(c));
            }
        }
        simulation
    }

    pub fn now(&self) -> SimTime {
        self.now
    }

    pub fn sqs(&self) -> &Sqs {
        &self.sqs
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    pub fn metrics(&self) -> &RunMetrics {
        &self.metrics
    }

    /// Events handled so far.
    pub fn events(&self) -> u64 {
        self.events
    }

    /// Runs every event due up to and including `until`, then moves the clock there.
    pub fn run_until(&mut self, until: SimTime) {
        while let Some((at, event)) = self.scheduler.pop_until(until) {
            self.now = self.now.max(at);
            self.events += 1;
            self.handle(event);
            if self.sqs.has_events() {
                self.collect_queue_events();
            }
        }
        self.now = self.now.max(until);
        self.sqs.advance(self.now);
        if self.sqs.has_events() {
            self.collect_queue_events();
        }
    }

    /// Runs for `span` of virtual time.
    pub fn run_for(&mut self, span: Duration) {
        self.run_until(self.now + span);
    }

    /// Runs every event of the next instant that has any; returns that instant.
    pub fn step(&mut self) -> Option<SimTime> {
        let next = self.next_event_time()?;
        self.run_until(next);
        Some(next)
    }

    /// The next instant that has events.
    pub fn next_event_time(&self) -> Option<SimTime> {
        self.scheduler.next_time()
    }

    /// The kept trace events.
    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    /// The trace events since the last drain (for animations).
    pub fn drain_trace(&mut self) -> Vec<TraceEvent> {
        self.trace.drain()
    }

    /// Every kept trace event of one message (for an inspector).
    pub fn history(&self, message_id: &str) -> Vec<TraceEvent> {
        self.trace.history(message_id)
    }

    /// Keeps the latest `capacity` trace events from now on (0 records none).
    pub fn set_trace_capacity(&mut self, capacity: usize) {
        self.trace = Trace::with_capacity(capacity);
        // With no trace, the queues need not record their events either.
        self.sqs.record_events(capacity > 0);
    }

    /// Records a step the simulation saw, after what the queues recorded meanwhile (so that
    /// a visibility lapse found by a receive comes before that receive).
    fn trace_step(
        &mut self,
        queue: usize,
        id: MessageId,
        kind: TraceKind,
        consumer: Option<usize>,
        receive_count: u32,
    ) {
        if self.sqs.has_events() {
            self.collect_queue_events();
        }
        self.trace
            .push(self.now, queue, id, kind, consumer, receive_count);
    }

    /// Moves what the queues recorded (delays ending, visibility lapsing, expiries, moves to a
    /// dead-letter queue, purges) into the trace.
    fn collect_queue_events(&mut self) {
        for (queue, event) in self.sqs.take_events() {
            let Some(index) = self.scenario.queue_index(&queue) else {
                continue;
            };
            let kind = match event.kind {
                QueueEventKind::DelayEnded => TraceKind::DelayEnded,
                QueueEventKind::VisibilityExpired => TraceKind::VisibilityExpired,
                QueueEventKind::Expired => TraceKind::Expired,
                QueueEventKind::MovedToDeadLetterQueue => TraceKind::MovedToDeadLetterQueue,
                QueueEventKind::Purged => TraceKind::Purged,
            };
            self.trace.push(
                event.at,
                index,
                event.message_id,
                kind,
                None,
                event.receive_count,
            );
        }
    }

    /// Crashes or stops a worker: its pending events go stale and it leaves any long poll.
    fn halt(&mut self, w: usize, state: WorkerState) {
        if matches!(self.workers[w].state, WorkerState::Waiting { .. }) {
            self.stop_waiting(w);
        }
        if let WorkerState::Processing {
            current,
            id: Some(id),
            ..
        } = &self.workers[w].state
        {
            let (receive, id) = (current.receive, *id);
            self.trace_step(
                self.workers[w].queue_index,
                id,
                TraceKind::AbandonedByCrash,
                Some(w),
                receive,
            );
        }
        self.workers[w].epoch += 1;
        self.workers[w].state = state;
    }

    fn schedule_poll(&mut self, w: usize, at: SimTime) {
        let epoch = self.workers[w].epoch;
        self.scheduler
            .schedule(at, Event::Poll { worker: w, epoch });
    }

    fn schedule_heartbeat(&mut self, w: usize, seq: u64, at: SimTime) {
        let epoch = self.workers[w].epoch;
        self.scheduler.schedule(
            at,
            Event::Heartbeat {
                worker: w,
                epoch,
                seq,
            },
        );
    }

    fn schedule_finish(&mut self, w: usize, at: SimTime) {
        let epoch = self.workers[w].epoch;
        self.scheduler
            .schedule(at, Event::Finish { worker: w, epoch });
    }

    /// A move task works on the engine's clock: wake consumers whose queues may have received
    /// redriven messages, and come back at the task's next step.
    fn move_task_tick(&mut self) {
        self.sqs.advance(self.now);
        for queue in 0..self.waiting.len() {
            self.wake_waiters(queue);
        }
        let next = self
            .sqs
            .move_tasks()
            .iter()
            .filter_map(|t| t.next_step())
            .min();
        if let Some(next) = next {
            self.scheduler.schedule(
                next.max(self.now + Duration::from_millis(1)),
                Event::MoveTaskTick,
            );
        }
    }

    // ----- events ---------------------------------------------------------------------------

    fn handle(&mut self, event: Event) {
        match event {
            Event::Produce(p) => self.produce(p),
            Event::Poll { worker, epoch } if self.workers[worker].epoch == epoch => {
                self.poll(worker)
            }
            Event::Restart { worker, epoch } if self.workers[worker].epoch == epoch => {
                self.workers[worker].state = WorkerState::Idle;
                self.poll(worker);
            }
            Event::Command(i) => {
                let command = self.scenario.timeline[i].command.clone();
                // A timeline command that fails (a purge within 60 s of another, say) is
                // counted, as SQS would refuse it; the run goes on.
                if self.apply(&command).is_err() {
                    self.metrics.refused_commands += 1;
                }
            }
            Event::MoveTaskTick => self.move_task_tick(),
            Event::Wake { worker } => self.wake(worker),
            Event::Finish { worker, epoch } if self.workers[worker].epoch == epoch => {
                self.finish(worker)
            }
            Event::Sample => self.sample(),
            Event::DirectCall(d) => self.direct_call(d),
            Event::Heartbeat { worker, epoch, seq } if self.workers[worker].epoch == epoch => {
                self.heartbeat(worker, seq)
            }
            Event::Heartbeat { .. } => {}
            Event::CrashWorker { worker, epoch } if self.workers[worker].epoch == epoch => {
                let restart =
                    self.scenario.consumers[self.workers[worker].spec].restart_after_seconds;
                self.halt(worker, WorkerState::Crashed);
                let epoch = self.workers[worker].epoch;
                self.scheduler.schedule(
                    self.now + seconds_to_duration(restart),
                    Event::Restart { worker, epoch },
                );
            }
            Event::CrashWorker { .. } => {}
            Event::Scale(c) if self.lambdas[c].is_some() => self.scale_pollers(c),
            Event::Scale(c) => self.scale(c),
            Event::Invoke { worker, epoch } if self.workers[worker].epoch == epoch => {
                self.invoke_due(worker)
            }
            // Events of a worker that crashed or stopped since they were scheduled.
            Event::Poll { .. }
            | Event::Finish { .. }
            | Event::Restart { .. }
            | Event::Invoke { .. } => {}
        }
    }

    fn first_arrival(&mut self, p: usize) -> Option<SimTime> {
        let spec = &self.scenario.producers[self.producers[p].spec];
        let due = spec.arrival.first_due(spec.start_seconds, &mut self.rng);
        self.producers[p].due_seconds = due;
        Some(SimTime::ZERO + seconds_to_duration(due))
    }

    /// A producer sends its next message (or batch, or spike) and schedules the one after.
    fn produce(&mut self, p: usize) {
        let spec = &self.scenario.producers[self.producers[p].spec];
        let (batch_size, stop_seconds) = (spec.batch_size, spec.stop_seconds);
        let count = match spec.arrival {
            Arrival::Spike { count, .. } => count,
            _ => batch_size,
        };
        let mut remaining = count;
        while remaining > 0 {
            let batch = remaining.min(batch_size);
            self.send(p, batch);
            remaining -= batch;
        }
        let spec = &self.scenario.producers[self.producers[p].spec];
        let gap = spec
            .arrival
            .next_gap(batch_size, self.producers[p].due_seconds, &mut self.rng);
        let next = gap.map(|gap| {
            self.producers[p].due_seconds += gap;
            SimTime::ZERO + seconds_to_duration(self.producers[p].due_seconds)
        });
        let stop = stop_seconds.map(|s| SimTime::ZERO + seconds_to_duration(s));
        if let Some(next) = next.filter(|t| stop.is_none_or(|stop| *t < stop)) {
            self.scheduler.schedule(next, Event::Produce(p));
        }
        for t in 0..self.producers[p].targets.len() {
            let queue = self.producers[p].targets[t].queue;
            self.wake_waiters(queue);
        }
    }

    /// Sends `count` messages to each target in one request (SendMessage for one,
    /// SendMessageBatch otherwise).
    fn send(&mut self, p: usize, count: u32) {
        let fifo = self.producers[p].targets.iter().any(|t| t.fifo);
        let spec = &self.scenario.producers[self.producers[p].spec];
        let mut entries = Entries::with_capacity(count as usize);
        for _ in 0..count {
            let n = self.producers[p].sent;
            self.producers[p].sent += 1;
            let group = fifo.then(|| {
                format!(
                    "group-{}",
                    pick_group(
                        &mut self.rng,
                        spec.message_groups,
                        &self.producers[p].group_weights
                    )
                )
            });
            let dedup = fifo.then(|| format!("{}-{n}", spec.name));
            let poison = self.rng.chance(spec.poison_probability);
            entries.push((
                message_body(
                    self.producers[p].spec,
                    &spec.name,
                    n,
                    spec.body_bytes,
                    poison,
                ),
                group,
                dedup,
            ));
        }
        // Client retries: the same message again, in a request of its own.
        let resend_probability = spec.resend_probability;
        let resends: Vec<_> = entries
            .iter()
            .filter(|_| self.rng.chance(resend_probability))
            .cloned()
            .collect();
        let targets = self.producers[p].targets.len();
        for t in 0..targets {
            // A topic copies each message to every subscribed queue.
            let batch = if t + 1 == targets {
                std::mem::take(&mut entries)
            } else {
                entries.clone()
            };
            self.send_to(p, t, batch);
            for resend in resends.clone() {
                self.send_one(p, t, resend);
            }
        }
    }

    /// Sends entries to target `t` of producer `p`.
    fn send_to(&mut self, p: usize, t: usize, mut entries: Entries) {
        if entries.len() == 1 {
            let entry = entries.pop().expect("one entry");
            self.send_one(p, t, entry);
            return;
        }
        let Target { queue, fifo } = self.producers[p].targets[t];
        let payload: u64 = entries.iter().map(|(body, _, _)| body.len() as u64).sum();
        self.metrics.requests.add(fifo, payload);
        let groups: Vec<Option<String>> = entries.iter().map(|(_, g, _)| g.clone()).collect();
        let entries = entries
            .into_iter()
            .enumerate()
            .map(|(i, (body, group, dedup))| SendMessageBatchRequestEntry {
                id: Some(format!("m{i}")),
                message_body: Some(body),
                message_group_id: group,
                // A standard queue refuses deduplication ids.
                message_deduplication_id: dedup.filter(|_| fifo),
                ..Default::default()
            })
            .collect();
        let input = SendMessageBatchInput {
            queue_url: None,
            entries: Some(entries),
        };
        // Each success names its entry ("m3"), which says its group.
        let sent = self
            .sqs
            .send_message_batch_direct(self.now, self.queue_refs[queue], &input)
            .unwrap_or_default();
        for (id, stored) in sent {
            let entry = id.strip_prefix('m').and_then(|i| i.parse().ok());
            let group = entry.and_then(|i: usize| groups.get(i)?.as_deref());
            self.track(queue, stored.message_id, group);
        }
    }

    /// Sends one message with SendMessage to target `t` of producer `p`.
    fn send_one(&mut self, p: usize, t: usize, (body, group, dedup): Entry) {
        let Target { queue, fifo } = self.producers[p].targets[t];
        self.metrics.requests.add(fifo, body.len() as u64);
        let input = SendMessageInput {
            message_body: Some(body),
            message_group_id: group.clone(),
            message_deduplication_id: dedup.filter(|_| fifo),
            ..Default::default()
        };
        let target = self.queue_refs[queue];
        if let Ok(stored) = self.sqs.send_message_direct(self.now, target, input) {
            self.track(queue, stored.message_id, group.as_deref());
        }
    }

    /// Starts tracking a sent message; a deduplicated FIFO send names the original, which keeps
    /// its first send time.
    fn track(&mut self, queue: usize, id: MessageId, group: Option<&str>) {
        if self.sqs.has_events() {
            self.collect_queue_events();
        }
        self.trace.push_sent(self.now, queue, id, group);
        self.tracked.entry(id).or_insert(Tracked {
            sent: self.now,
            received: false,
        });
    }

    /// A consumer calls ReceiveMessage.
    fn poll(&mut self, w: usize) {
        self.metrics.requests.add(self.workers[w].fifo, 0);
        // The request is checked once per worker and then repeated.
        let wants = self.lambda_wants(w);
        let stale = |r: &ReceiveRequest| wants.is_some_and(|n| r.max as i64 != n);
        if self.workers[w].request.as_ref().is_none_or(stale) {
            let spec = &self.scenario.consumers[self.workers[w].spec];
            let input = ReceiveMessageInput {
                queue_url: Some(
                    self.sqs
                        .queue_url(&self.scenario.queues[self.workers[w].queue_index].name),
                ),
                max_number_of_messages: Some(wants.unwrap_or(spec.max_number_of_messages)),
                // Lambda's pollers long-poll for the longest time SQS allows.
                wait_time_seconds: Some(if spec.kind == ConsumerKind::Lambda {
                    20
                } else {
                    spec.wait_time_seconds
                }),
                visibility_timeout: spec.visibility_timeout,
                ..Default::default()
            };
            self.workers[w].request = self.sqs.prepare_receive(self.now, input).ok();
        }
        let outcome = match &self.workers[w].request {
            Some(request) => self.sqs.receive_prepared(self.now, request),
            None => Err(crate::sqs::SqsError::queue_does_not_exist()),
        };
        match outcome {
            Ok(ReceiveOutcome::Done(delivered)) => self.received(w, delivered),
            Ok(ReceiveOutcome::Waiting(pending)) => {
                let wake_at = self.sqs.receive_wakeup(&pending);
                self.workers[w].state = WorkerState::Waiting { pending, wake_at };
                self.arm_wake(w, wake_at);
                let queue = self.workers[w].queue_index;
                self.waiting[queue].push_back(w);
            }
            // Throttled or the queue is gone: try again in a second, as an SDK would back off.
            Err(_) => self.schedule_poll(w, self.now + Duration::from_secs(1)),
        }
    }

    /// A worker's Wake event: retries its long poll if the wake-up is due, or re-arms for it.
    fn wake(&mut self, w: usize) {
        if self.workers[w].wake_due != Some(self.now) {
            return; // superseded by an earlier wake-up
        }
        self.workers[w].wake_due = None;
        match self.workers[w].state {
            WorkerState::Waiting { wake_at, .. } if wake_at <= self.now => {
                self.retry_long_poll(w);
            }
            WorkerState::Waiting { wake_at, .. } => self.arm_wake(w, wake_at),
            _ => {}
        }
    }

    /// Makes sure worker `w` has a Wake event due no later than `at`.
    fn arm_wake(&mut self, w: usize, at: SimTime) {
        if self.workers[w].wake_due.is_some_and(|due| due <= at) {
            return;
        }
        self.workers[w].wake_due = Some(at);
        self.scheduler.schedule(at, Event::Wake { worker: w });
    }

    /// Tries a waiting consumer's long poll again; true if it is no longer waiting.
    fn retry_long_poll(&mut self, w: usize) -> bool {
        let WorkerState::Waiting { pending, .. } = &self.workers[w].state else {
            return true;
        };
        match self.sqs.continue_receive_direct(self.now, pending) {
            Ok(Some(delivered)) => {
                self.stop_waiting(w);
                self.received(w, delivered);
                true
            }
            Ok(None) => {
                // Still waiting: make sure a wake-up is due no later than the engine's next change.
                let next = self.sqs.receive_wakeup(pending);
                if let WorkerState::Waiting { wake_at, .. } = &mut self.workers[w].state {
                    *wake_at = next;
                }
                self.arm_wake(w, next);
                false
            }
            Err(_) => {
                self.stop_waiting(w);
                self.schedule_poll(w, self.now + Duration::from_secs(1));
                true
            }
        }
    }

    fn stop_waiting(&mut self, w: usize) {
        self.workers[w].state = WorkerState::Idle;
        let queue = self.workers[w].queue_index;
        self.waiting[queue].retain(|&x| x != w);
    }

    /// Something may have become receivable on `queue`: answer waiting long polls, earliest first.
    fn wake_waiters(&mut self, queue: usize) {
        if self.waiting[queue].is_empty() {
            return;
        }
        // A waiter that is answered leaves the front of the line (stop_waiting); at most one
        // try per waiter.
        for _ in 0..self.waiting[queue].len() {
            let Some(&w) = self.waiting[queue].front() else {
                break;
            };
            let visible = self
                .sqs
                .queue_by_ref(self.queue_refs[queue])
                .map_or(0, |q| q.visible_count());
            if visible == 0 {
                // Nothing a retry could receive (the counts are exact, and current: the queue
                // was advanced by whatever made the caller look).
                break;
            }
            if !self.retry_long_poll(w) {
                // Nothing left for the others either.
                break;
            }
        }
    }

    /// The id of a delivered message, read from the engine.
    fn message_id(&self, w: usize, delivery: Delivery) -> Option<MessageId> {
        self.delivered_message(w, delivery).map(|m| m.message_id)
    }

    /// A delivered message as the engine stores it (gone once deleted, expired or moved).
    fn delivered_message(
        &self,
        w: usize,
        delivery: Delivery,
    ) -> Option<&crate::sqs::message::Message> {
        self.sqs
            .queue_by_ref(self.queue_refs[self.workers[w].queue_index])?
            .message(delivery.seq)
    }

    /// A ReceiveMessage answered: process the messages one by one, or poll again.
    fn received(&mut self, w: usize, delivered: Deliveries) {
        for &delivery in &delivered {
            let Some(id) = self.message_id(w, delivery) else {
                continue;
            };
            self.trace_step(
                self.workers[w].queue_index,
                id,
                TraceKind::Received,
                Some(w),
                delivery.receive,
            );
            if let Some(tracked) = self.tracked.get_mut(&id) {
                if !tracked.received {
                    tracked.received = true;
                    self.metrics.queue_wait.record(tracked.sent, self.now);
                }
            }
        }
        if self.lambdas[self.workers[w].spec].is_some() {
            self.gathered(w, delivered);
            return;
        }
        let mut batch = delivered;
        match pop_front(&mut batch) {
            Some(first) => self.start_processing(w, first, batch),
            None => {
                let spec = &self.scenario.consumers[self.workers[w].spec];
                // An empty short poll backs off a second (a tight loop would cost a fortune).
                let delay = if spec.wait_time_seconds == 0 {
                    Duration::from_secs(1)
                } else {
                    Duration::ZERO
                };
                self.workers[w].state = WorkerState::Idle;
                self.schedule_poll(w, self.now + delay);
            }
        }
    }

    fn start_processing(&mut self, w: usize, delivery: Delivery, rest: Deliveries) {
        let spec = &self.scenario.consumers[self.workers[w].spec];
        let (processing, failure_probability, delete_first) = (
            spec.processing.clone(),
            spec.failure_probability,
            spec.delete_before_processing,
        );
        // The message's id and order, read now: a delete or expiry may remove it from the engine.
        let message = self.delivered_message(w, delivery);
        let id = message.map(|m| m.message_id);
        let parsed = message.and_then(|m| parse_body(&m.body));
        let order = parsed.map(|(producer, n, _)| (producer, n));
        let poison =
            parsed.is_some_and(|(_, _, poison)| poison) && !self.poison_fixed[self.workers[w].spec];
        if delete_first {
            self.delete(w, delivery, id);
        }
        // At least one tick of the clock: with a visibility timeout of 0, or consumers that
        // forward to each other, zero-time processing would loop forever at one instant
        // (found by fuzzing; fuzz/known-hangs/).
        let mut duration = self.rng.duration(&processing).max(MIN_STEP);
        let mut succeeds = !self.rng.chance(failure_probability) && !poison;
        if !self.consumer_calls[self.workers[w].spec].is_empty() {
            let calls = self.consumer_calls[self.workers[w].spec].clone();
            let (elapsed, ok) = self.call_services(&calls, self.now + duration);
            duration += elapsed;
            succeeds &= ok;
        }
        self.workers[w].busy += duration;
        self.workers[w].state = WorkerState::Processing {
            current: delivery,
            id,
            order,
            finishes_at: self.now + duration,
            succeeds,
            rest,
        };
        self.schedule_finish(w, self.now + duration);
        let crash_probability = self.scenario.consumers[self.workers[w].spec].crash_probability;
        if self.rng.chance(crash_probability) {
            let epoch = self.workers[w].epoch;
            self.scheduler.schedule(
                self.now + (duration / 2).max(MIN_STEP),
                Event::CrashWorker { worker: w, epoch },
            );
        }
        let heartbeat = self.scenario.consumers[self.workers[w].spec].heartbeat_seconds;
        if let Some(every) = heartbeat
            .map(seconds_to_duration)
            .filter(|every| *every < duration)
        {
            self.schedule_heartbeat(w, delivery.seq, self.now + every);
        }
    }

    fn finish(&mut self, w: usize) {
        if matches!(self.workers[w].state, WorkerState::Invoking { .. }) {
            self.finish_invocation(w);
            return;
        }
        let state = std::mem::replace(&mut self.workers[w].state, WorkerState::Idle);
        let WorkerState::Processing {
            current,
            id,
            order,
            succeeds,
            mut rest,
            ..
        } = state
        else {
            return;
        };
        let delete_first = self.scenario.consumers[self.workers[w].spec].delete_before_processing;
        let tracked = id.and_then(|id| self.tracked.remove(&id));
        if succeeds {
            if let Some(tracked) = tracked {
                self.metrics.latency.record(tracked.sent, self.now);
            }
            self.processed(w, order);
            if !delete_first {
                self.delete(w, current, id);
            }
            self.forward(w, order);
        } else {
            self.metrics.processing_failures += 1;
            if let Some(id) = id {
                self.trace_step(
                    self.workers[w].queue_index,
                    id,
                    TraceKind::ProcessingFailed,
                    Some(w),
                    current.receive,
                );
            }
            if delete_first {
                // Deleted on receipt and then failed: the message is gone for good.
                self.metrics.messages_lost += 1;
            } else if let (Some(id), Some(tracked)) = (id, tracked) {
                // It will come back: keep tracking it.
                self.tracked.insert(id, tracked);
            }
        }
        match pop_front(&mut rest) {
            Some(next) => self.start_processing(w, next, rest),
            // The loop goes straight back to ReceiveMessage.
            None => self.poll(w),
        }
    }

    /// An order processed successfully by worker `w`: a duplicate side effect if it was
    /// processed before (a redelivery after a visibility timeout, an at-least-once duplicate,
    /// or a producer's resend).
    fn processed(&mut self, w: usize, order: Option<(usize, u64)>) {
        if let Some((producer, n)) = order {
            let slot = producer * self.scenario.queues.len() + self.workers[w].queue_index;
            if !self.processed_orders[slot].insert(n) {
                self.metrics.duplicates_processed += 1;
            }
        }
    }

    /// DeleteMessage, one request.
    fn delete(&mut self, w: usize, delivery: Delivery, id: Option<MessageId>) {
        self.metrics.requests.add(self.workers[w].fifo, 0);
        self.remove(w, delivery, id);
    }

    /// Deletes a message in the engine (the request is counted by the caller).
    fn remove(&mut self, w: usize, delivery: Delivery, id: Option<MessageId>) {
        let queue = self.queue_refs[self.workers[w].queue_index];
        let deleted = self
            .sqs
            .delete_message_direct(self.now, queue, delivery)
            .is_ok();
        if let (true, Some(id)) = (deleted, id) {
            self.trace_step(
                self.workers[w].queue_index,
                id,
                TraceKind::Deleted,
                Some(w),
                delivery.receive,
            );
        }
        if self.workers[w].fifo {
            // A delete can unblock a FIFO group that waiting consumers are waiting for.
            self.wake_waiters(self.workers[w].queue_index);
        }
    }

    /// Calls services in order from `start`: each takes its latency; a service in an outage
    /// refuses at once, and any call may err. Returns the time taken and whether all succeeded.
    /// True if service `s` fails every call at `at`: taken down by a person, or in one of its
    /// scheduled outages.
    fn service_down(&self, s: usize, at: SimTime) -> bool {
        let seconds = at.as_millis() as f64 / 1000.0;
        self.services_down[s]
            || self.scenario.services[s]
                .outages
                .iter()
                .any(|o| o.from_seconds <= seconds && seconds < o.to_seconds)
    }

    fn call_services(&mut self, calls: &[usize], start: SimTime) -> (Duration, bool) {
        let mut elapsed = Duration::ZERO;
        for &s in calls {
            if self.service_down(s, start + elapsed) {
                return (elapsed, false);
            }
            let service = &self.scenario.services[s];
            let (latency, error_probability) = (service.latency.clone(), service.error_probability);
            elapsed += self.rng.duration(&latency);
            if self.rng.chance(error_probability) {
                return (elapsed, false);
            }
        }
        (elapsed, true)
    }

    /// Sends a processed order on to the consumer fleet's next queue, if it has one.
    fn forward(&mut self, w: usize, order: Option<(usize, u64)>) {
        let spec = &self.scenario.consumers[self.workers[w].spec];
        let Some(next) = spec.forward_to.clone() else {
            return;
        };
        let Some(index) = self.scenario.queue_index(&next) else {
            return;
        };
        let (producer, n) = order.unwrap_or_else(|| {
            self.injected += 1;
            (self.producers.len(), self.injected - 1)
        });
        let fifo = self.sqs.queue(&next).is_some_and(|q| q.is_fifo());
        let body = message_body(producer, &spec.name, n, 200, false);
        let input = SendMessageInput {
            message_body: Some(body),
            message_group_id: fifo.then(|| spec.name.clone()),
            message_deduplication_id: fifo.then(|| format!("{producer}-{n}")),
            ..Default::default()
        };
        self.metrics.requests.add(fifo, 200);
        if let Ok(stored) = self
            .sqs
            .send_message_direct(self.now, self.queue_refs[index], input)
        {
            let group = fifo.then(|| self.scenario.consumers[self.workers[w].spec].name.clone());
            self.track(index, stored.message_id, group.as_deref());
        }
        self.wake_waiters(index);
    }

    /// A heartbeat: extend the visibility of the message being processed, and plan the next.
    fn heartbeat(&mut self, w: usize, seq: u64) {
        let WorkerState::Processing {
            current,
            finishes_at,
            ..
        } = &self.workers[w].state
        else {
            return;
        };
        if current.seq != seq {
            return;
        }
        let (delivery, finishes_at) = (*current, *finishes_at);
        let spec = &self.scenario.consumers[self.workers[w].spec];
        let every = spec
            .heartbeat_seconds
            .map(seconds_to_duration)
            .unwrap_or_default();
        let queue = self.queue_refs[self.workers[w].queue_index];
        let timeout = spec
            .visibility_timeout
            .or_else(|| {
                self.sqs
                    .queue_by_ref(queue)
                    .map(|q| i64::from(q.attributes.visibility_timeout))
            })
            .unwrap_or(30);
        self.metrics.requests.add(self.workers[w].fifo, 0);
        let _ = self
            .sqs
            .change_message_visibility_direct(self.now, queue, delivery, timeout);
        if self.now + every < finishes_at {
            self.schedule_heartbeat(w, seq, self.now + every);
        }
    }

    /// The old way: an order calls every service in turn; if one fails, the order is lost.
    fn direct_call(&mut self, d: usize) {
        let calls = self.direct_calls[d].clone();
        let (_, ok) = self.call_services(&calls, self.now);
        self.metrics.direct_orders += 1;
        if !ok {
            self.metrics.direct_orders_lost += 1;
        }
        let spec = &self.scenario.direct_calls[d];
        let stop = spec.stop_seconds;
        if let Some(gap) = spec.arrival.next_gap(1, self.direct_due[d], &mut self.rng) {
            self.direct_due[d] += gap;
            let next = SimTime::ZERO + seconds_to_duration(self.direct_due[d]);
            if stop.is_none_or(|stop| next < SimTime::ZERO + seconds_to_duration(stop)) {
                self.scheduler.schedule(next, Event::DirectCall(d));
            }
        }
    }
}

/// The shortest time anything a consumer does takes: one tick of the virtual clock.
const MIN_STEP: Duration = Duration::from_millis(1);

/// A body of exactly `bytes` bytes that says which order it is.
fn message_body(producer_index: usize, producer: &str, n: u64, bytes: u32, poison: bool) -> String {
    let bytes = (bytes as usize).max(1);
    // One allocation of the final size, no formatting machinery: this runs for every message.
    let mut body = String::with_capacity(bytes.max(64));
    let mut number = itoa::Buffer::new();
    body.push_str("{\"producer\":");
    body.push_str(number.format(producer_index));
    body.push_str(",\"order\":");
    body.push_str(number.format(n));
    body.push_str(if poison {
        ",\"poison\":true,\"from\":\""
    } else {
        ",\"poison\":false,\"from\":\""
    });
    body.push_str(producer);
    body.push_str("\"}");
    if body.len() > bytes {
        // Cut on a character boundary (a producer's name may not be ASCII).
        let end = (0..=bytes)
            .rev()
            .find(|&i| body.is_char_boundary(i))
            .unwrap_or(0);
        body.truncate(end);
    }
    // Padding longer than the default 200-byte body is one copy (LLVM turns each into a
    // memset; three of them per body for a 64-space string cost 1% of a run).
    const SPACES: &str = concat!(
        "                                                                ",
        "                                                                ",
        "                                                                ",
        "                                                                "
    );
    while body.len() < bytes {
        body.push_str(&SPACES[..(bytes - body.len()).min(SPACES.len())]);
    }
    body
}

/// What a body made by `message_body` carries: (producer, order number, poison). Read in one
/// pass from the fixed prefix, without searching the (possibly long) body.
fn parse_body(body: &str) -> Option<(usize, u64, bool)> {
    // Decimal digits, read directly (str::parse's generality costs more than the rest). At most
    // 19 digits, which always fit in a u64, so no overflow checks: wasm32 checks a 64-bit
    // multiplication with a 128-bit one done in software.
    fn number(text: &str) -> Option<(u64, &str)> {
        let end = text.bytes().take_while(u8::is_ascii_digit).count();
        if !(1..=19).contains(&end) {
            return None;
        }
        let value = text.as_bytes()[..end]
            .iter()
            .fold(0u64, |n, &digit| n * 10 + u64::from(digit - b'0'));
        Some((value, &text[end..]))
    }
    let (producer, rest) = number(body.strip_prefix("{\"producer\":")?)?;
    let (order, rest) = number(rest.strip_prefix(",\"order\":")?)?;
    let poison = rest.strip_prefix(",\"poison\":")?.starts_with("true");
    Some((producer as usize, order, poison))
}

/// A growable set of order numbers, one bit each (orders are numbered from 0 per producer).
#[derive(Clone, Debug, Default)]
struct OrderSet(Vec<u64>);

impl OrderSet {
    /// Adds `n`; false if it was already there.
    fn insert(&mut self, n: u64) -> bool {
        let (word, bit) = ((n / 64) as usize, n % 64);
        if word >= self.0.len() {
            self.0.resize(word + 1, 0);
        }
        let fresh = self.0[word] & (1 << bit) == 0;
        self.0[word] |= 1 << bit;
        fresh
    }
}

/// The first of a batch's deliveries, taken out (a batch has at most 10).
fn pop_front(batch: &mut Deliveries) -> Option<Delivery> {
    (!batch.is_empty()).then(|| batch.remove(0))
}

/// The indexes of named services (validated names).
fn service_indexes(scenario: &Scenario, names: &[String]) -> Vec<usize> {
    names
        .iter()
        .filter_map(|name| scenario.services.iter().position(|s| s.name == *name))
        .collect()
}

/// Cumulative weights of `groups` message groups with skew `skew` (empty when uniform).
fn group_weights(groups: u32, skew: f64) -> Vec<f64> {
    if skew == 0.0 || groups <= 1 {
        return Vec::new();
    }
    let mut total = 0.0;
    (0..groups)
        .map(|k| {
            total += 1.0 / f64::from(k + 1).powf(skew);
            total
        })
        .collect()
}

/// A group number: uniform, or by the cumulative weights.
fn pick_group(rng: &mut SimRng, groups: u32, weights: &[f64]) -> u64 {
    match weights.last() {
        None => rng.below(u64::from(groups)),
        Some(total) => {
            let x = rng.unit() * total;
            weights.partition_point(|w| *w <= x).min(weights.len() - 1) as u64
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{message_body, parse_body};

    #[test]
    fn bodies_have_the_exact_size_and_say_which_order_they_are() {
        let body = message_body(2, "checkout", 41, 200, true);
        assert_eq!(body.len(), 200);
        assert_eq!(parse_body(&body), Some((2, 41, true)));
        let largest = 9_999_999_999_999_999_999; // 19 digits, the most read
        let body = message_body(0, "p", largest, 200, false);
        assert_eq!(parse_body(&body), Some((0, largest, false)));
    }

    #[test]
    fn bodies_that_say_nothing_readable_are_not_parsed() {
        assert_eq!(
            parse_body("{\"producer\":,\"order\":1,\"poison\":true"),
            None
        );
        assert_eq!(
            parse_body("{\"producer\":1,\"order\":99999999999999999999,"),
            None
        );
        assert_eq!(parse_body("hello"), None);
    }

    #[test]
    fn a_short_body_is_cut_on_a_character_boundary() {
        // The producer's name puts multi-byte characters where the cut would fall.
        let name = "caféé";
        let full = message_body(0, name, 7, 10_000, false);
        let cut_inside_e = full.trim_end().len() - 3;
        assert!(!full.is_char_boundary(cut_inside_e));
        let body = message_body(0, name, 7, cut_inside_e as u32, false);
        assert_eq!(body.len(), cut_inside_e);
        assert!(body.ends_with(' '), "padded after the cut: {body:?}");
    }
}
