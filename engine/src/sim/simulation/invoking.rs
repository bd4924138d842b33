//! Lambda consumers in the simulation: the event source mapping's pollers gather batches and
//! invoke the function (the rules and numbers are in `sim::lambda`).
//!
//! Each poller is a `Worker` of the consumer: it long-polls, gathers up to BatchSize messages
//! for at most the batching window, and invokes the function with them. A poller processes
//! one batch at a time, so the mapping's concurrency is its number of running pollers, which
//! the minute's scaling decision sets. An invocation beyond the function's reserved
//! concurrency is throttled: the poller retries with a growing back-off until the batch's
//! visibility timeout runs out, then drops it, and the messages come back with a higher
//! receive count.

use std::time::Duration;

use super::{Event, Simulation, WorkerState, MIN_STEP};
use crate::sim::lambda::{EventSourceMapping, LambdaFunction, Per, Pollers};
use crate::sim::metrics::{LambdaMetrics, LambdaSample};
use crate::sim::snapshot::{ConsumerActivity, ConsumerSnapshot, FunctionSnapshot};
use crate::sim::trace::TraceKind;
use crate::sqs::message::MessageId;
use crate::sqs::{Deliveries, Delivery};
use crate::time::SimTime;

/// A Lambda consumer's concurrency as the run goes (its mapping and function are the
/// scenario's).
#[derive(Clone, Debug)]
pub(super) struct LambdaRun {
    pub pollers: Pollers,
    /// Invocations running now, and the most at once since the last metrics sample.
    pub running: u32,
    pub peak: u32,
}

/// One message of an invocation's batch.
#[derive(Clone, Debug)]
pub(super) struct Item {
    delivery: Delivery,
    id: Option<MessageId>,
    order: Option<(usize, u64)>,
    /// Processed successfully (its side effects happened).
    ok: bool,
}

impl Item {
    pub fn id(&self) -> Option<MessageId> {
        self.id
    }
}

/// The first throttled retry comes after this; each next one after twice as long.
const FIRST_RETRY: Duration = Duration::from_secs(1);
/// How often the mapping decides its concurrency.
const SCALING_PERIOD: Duration = Duration::from_secs(60);

impl Simulation {
    /// Worker `w`'s event source mapping, if it is a Lambda consumer's poller.
    fn mapping(&self, w: usize) -> Option<&EventSourceMapping> {
        let consumer = &self.scenario.consumers[self.workers[w].spec];
        consumer.lambda().map(|(mapping, _)| mapping)
    }

    /// How many messages a Lambda poller asks for next: what its batch still lacks, at most
    /// ten (ReceiveMessage's limit).
    pub(super) fn lambda_wants(&self, w: usize) -> Option<i64> {
        let batch_size = self.mapping(w)?.batch_size as usize;
        let lacking = batch_size.saturating_sub(self.workers[w].batch.len());
        Some(lacking.clamp(1, 10) as i64)
    }

    /// When poller `w`'s batching window ends (its batch's first message plus the window).
    fn window_ends(&self, w: usize) -> SimTime {
        let window = self
            .mapping(w)
            .map_or(0, |mapping| mapping.maximum_batching_window_in_seconds);
        self.workers[w].gather_started + Duration::from_secs(u64::from(window))
    }

    /// A Lambda poller's ReceiveMessage answered: add to the batch, then invoke or keep
    /// gathering.
    pub(super) fn gathered(&mut self, w: usize, delivered: Deliveries) {
        let Some(size) = self.mapping(w).map(|mapping| mapping.batch_size as usize) else {
            return;
        };
        let first = self.workers[w].batch.is_empty() && !delivered.is_empty();
        if first {
            self.workers[w].gather_started = self.now;
        }
        self.workers[w].batch.extend(delivered);
        self.workers[w].state = WorkerState::Idle;
        let gathered = self.workers[w].batch.len();
        let until = self.window_ends(w);
        if gathered == 0 {
            self.schedule_poll(w, self.now);
        } else if gathered >= size || self.now >= until {
            self.invoke(w);
        } else {
            if first {
                self.schedule_invoke(w, until);
            }
            self.poll(w);
        }
    }

    fn schedule_invoke(&mut self, w: usize, at: SimTime) {
        let epoch = self.workers[w].epoch;
        self.scheduler
            .schedule(at, Event::Invoke { worker: w, epoch });
    }

    /// A poller's Invoke event: its batching window ended, or a throttled retry is due.
    pub(super) fn invoke_due(&mut self, w: usize) {
        match self.workers[w].state {
            WorkerState::Waiting { .. }
                if !self.workers[w].batch.is_empty() && self.window_ends(w) <= self.now =>
            {
                self.stop_waiting(w);
                self.invoke(w);
            }
            WorkerState::Throttled {
                retry_at, drop_at, ..
            } if retry_at == self.now => {
                if self.now >= drop_at {
                    // Lambda drops the batch: its messages are visible again already.
                    self.workers[w].batch.clear();
                    self.workers[w].state = WorkerState::Idle;
                    self.poll_or_retire(w);
                } else {
                    self.invoke(w);
                }
            }
            _ => {}
        }
    }

    /// Invokes the function with the poller's batch, or is throttled.
    fn invoke(&mut self, w: usize) {
        let spec = self.workers[w].spec;
        let Some((mapping, &function)) = self.scenario.consumers[spec].lambda() else {
            return;
        };
        let report = mapping.reports_batch_item_failures();
        let Some(run) = self.lambdas[spec].as_deref_mut() else {
            return;
        };
        if function
            .reserved_concurrent_executions
            .is_some_and(|reserved| run.running >= reserved)
        {
            run.pollers.throttled_recently = true;
            self.metrics.lambdas[spec].throttles += 1;
            self.throttled(w);
            return;
        }
        run.running += 1;
        run.peak = run.peak.max(run.running);
        let batch = std::mem::take(&mut self.workers[w].batch);
        let (items, took, error) = self.run_function(w, &function, report, batch);
        self.workers[w].busy += took;
        self.workers[w].state = WorkerState::Invoking {
            items,
            error,
            started: self.now,
        };
        self.schedule_finish(w, self.now + took);
    }

    /// A throttled invocation: retry after a growing back-off until the batch's visibility
    /// timeout runs out.
    fn throttled(&mut self, w: usize) {
        let (retries, drop_at) = match self.workers[w].state {
            WorkerState::Throttled {
                retries, drop_at, ..
            } => (retries + 1, drop_at),
            _ => {
                let queue = self.queue_refs[self.workers[w].queue_index];
                let visibility = self
                    .sqs
                    .queue_by_ref(queue)
                    .map_or(0, |q| q.attributes.visibility_timeout);
                (
                    0,
                    self.workers[w].gather_started + Duration::from_secs(u64::from(visibility)),
                )
            }
        };
        let retry_at = (self.now + FIRST_RETRY * 2u32.pow(retries.min(10))).min(drop_at);
        let retry_at = retry_at.max(self.now + MIN_STEP);
        self.workers[w].state = WorkerState::Throttled {
            retries,
            retry_at,
            drop_at,
        };
        self.schedule_invoke(w, retry_at);
    }

    /// Runs the handler over a batch: which messages it processed, how long it took, and
    /// whether the invocation failed as a whole (an error thrown, or the function's timeout).
    fn run_function(
        &mut self,
        w: usize,
        function: &LambdaFunction,
        report: bool,
        batch: Vec<Delivery>,
    ) -> (Vec<Item>, Duration, bool) {
        let spec = self.workers[w].spec;
        let consumer = &self.scenario.consumers[spec];
        let (processing, failure) = (consumer.processing.clone(), consumer.failure_probability);
        let calls = self.consumer_calls[spec].clone();
        let timeout = Duration::from_secs(u64::from(function.timeout));
        let fifo = self.workers[w].fifo;
        let mut items = Vec::with_capacity(batch.len());
        // Per message: whether it is a poison message the code cannot process.
        let mut poison = Vec::with_capacity(batch.len());
        for delivery in batch {
            let message = self.delivered_message(w, delivery);
            let parsed = message.and_then(|m| super::parse_body(&m.body));
            poison.push(parsed.is_some_and(|(_, _, poison)| poison) && !self.poison_fixed[spec]);
            items.push(Item {
                delivery,
                id: message.map(|m| m.message_id),
                order: parsed.map(|(producer, n, _)| (producer, n)),
                ok: false,
            });
        }
        let mut took = Duration::ZERO;
        let mut error = false;
        if function.processing_per == Per::Batch {
            took = self.rng.duration(&processing).max(MIN_STEP);
            let (elapsed, calls_ok) = self.call_services(&calls, self.now + took);
            took += elapsed;
            let poisoned = poison.contains(&true);
            let ok = calls_ok && !self.rng.chance(failure) && !poisoned && took <= timeout;
            items.iter_mut().for_each(|item| item.ok = ok);
            error = !ok;
        } else {
            for k in 0..items.len() {
                let mut step = self.rng.duration(&processing).max(MIN_STEP);
                let (elapsed, calls_ok) = self.call_services(&calls, self.now + took + step);
                step += elapsed;
                took += step;
                items[k].ok =
                    calls_ok && !self.rng.chance(failure) && !poison[k] && took <= timeout;
                if items[k].ok {
                    continue;
                }
                // A handler without ReportBatchItemFailures throws at the first failure; one
                // with it goes on, except on a FIFO queue, where it stops and reports the rest
                // unprocessed, to keep the group's order. Past the timeout, Lambda stops it.
                error = !report || took > timeout;
                if error || fifo {
                    break;
                }
            }
        }
        (items, took.min(timeout), error)
    }

    /// An invocation ends: delete what it processed (unless it failed as a whole), count it,
    /// and poll again.
    pub(super) fn finish_invocation(&mut self, w: usize) {
        let state = std::mem::replace(&mut self.workers[w].state, WorkerState::Idle);
        let WorkerState::Invoking {
            items,
            error,
            started,
        } = state
        else {
            return;
        };
        let spec = self.workers[w].spec;
        let took = self.now.since(started);
        if let Some(run) = self.lambdas[spec].as_deref_mut() {
            run.running -= 1;
            let function = &self.scenario.consumers[spec].function;
            let cost = function.invocation_cost_usd(took.as_millis() as u64);
            let metrics = &mut self.metrics.lambdas[spec];
            metrics.invocations += 1;
            metrics.errors += u64::from(error);
            metrics.duration_s += took.as_secs_f64();
            metrics.cost_usd += cost;
        }
        let deleted = items.iter().filter(|item| item.ok && !error).count();
        // DeleteMessageBatch: ten at a time.
        for _ in 0..deleted.div_ceil(10) {
            self.metrics.requests.add(self.workers[w].fifo, 0);
        }
        for item in items {
            if item.ok {
                self.processed(w, item.order);
                self.forward(w, item.order);
            }
            if item.ok && !error {
                if let Some(tracked) = item.id.and_then(|id| self.tracked.remove(&id)) {
                    self.metrics.latency.record(tracked.sent, self.now);
                }
                self.remove(w, item.delivery, item.id);
            } else {
                self.metrics.processing_failures += 1;
                if let Some(id) = item.id {
                    let queue = self.workers[w].queue_index;
                    let receive = item.delivery.receive;
                    self.trace_step(queue, id, TraceKind::ProcessingFailed, Some(w), receive);
                }
            }
        }
        self.poll_or_retire(w);
    }

    /// A poller that is free again polls, unless the mapping has scaled below its pollers.
    fn poll_or_retire(&mut self, w: usize) {
        let spec = self.workers[w].spec;
        let wanted = self.lambdas[spec]
            .as_deref()
            .map_or(u32::MAX, |run| run.pollers.concurrency);
        if self.fleet_counts(spec).0 > wanted {
            self.halt(w, WorkerState::Stopped);
        } else {
            self.poll(w);
        }
    }

    /// The minute's scaling decision of a mapping.
    pub(super) fn scale_pollers(&mut self, c: usize) {
        let (backlog, groups) = self.consumer_queue(c).map_or((false, None), |q| {
            let groups = q.is_fifo().then(|| q.groups().len() as u32);
            (q.visible_count() > 0, groups)
        });
        let Some(run) = self.lambdas[c].as_deref_mut() else {
            return;
        };
        let mapping = &self.scenario.consumers[c].event_source_mapping;
        let wanted = run.pollers.decide(mapping, backlog, groups) as usize;
        let running = self.fleet_counts(c).0 as usize;
        if wanted > running {
            self.set_fleet_size(c, wanted, Duration::ZERO);
        } else {
            // Pollers that hold nothing stop now; the others when their batch is done.
            let idle: Vec<usize> = (0..self.workers.len())
                .filter(|&w| {
                    let worker = &self.workers[w];
                    worker.spec == c
                        && worker.batch.is_empty()
                        && matches!(
                            worker.state,
                            WorkerState::Idle | WorkerState::Waiting { .. }
                        )
                })
                .take(running - wanted)
                .collect();
            for w in idle {
                self.halt(w, WorkerState::Stopped);
            }
        }
        self.scheduler
            .schedule(self.now + SCALING_PERIOD, Event::Scale(c));
    }

    /// The Lambda consumers as the diagram shows them, from their pollers' snapshots.
    pub(super) fn function_snapshots(&self, pollers: &[ConsumerSnapshot]) -> Vec<FunctionSnapshot> {
        let runs = self.lambdas.iter().enumerate();
        runs.filter_map(|(c, run)| {
            let run = run.as_deref()?;
            let name = &self.scenario.consumers[c].name;
            let throttled = pollers
                .iter()
                .filter(|p| &p.fleet == name && p.activity == ConsumerActivity::Throttled)
                .count();
            Some(FunctionSnapshot {
                name: name.clone(),
                pollers: run.pollers.concurrency,
                running: run.running,
                throttled: throttled as u32,
            })
        })
        .collect()
    }

    /// The metrics period's sample of each Lambda consumer.
    pub(super) fn sample_lambdas(&mut self, time_s: f64) {
        for c in 0..self.lambdas.len() {
            let Some(run) = self.lambdas[c].as_deref_mut() else {
                continue;
            };
            let sample = LambdaSample {
                time_s,
                concurrent_executions: run.peak,
                pollers: run.pollers.concurrency,
                ..self.metrics.lambdas[c].totals()
            };
            run.peak = run.running;
            self.metrics.lambdas[c].samples.push(sample);
            crate::sim::metrics::bound(&mut self.metrics.lambdas[c].samples);
        }
    }

    /// A new simulation's Lambda consumers: their runs, metrics and first scaling decisions.
    pub(super) fn start_lambdas(&mut self) {
        for c in 0..self.scenario.consumers.len() {
            let consumer = &self.scenario.consumers[c];
            let Some((mapping, _)) = consumer.lambda() else {
                self.lambdas.push(None);
                self.metrics.lambdas.push(LambdaMetrics::default());
                continue;
            };
            self.metrics.lambdas.push(LambdaMetrics {
                function: consumer.name.clone(),
                ..LambdaMetrics::default()
            });
            let run = LambdaRun {
                pollers: Pollers::new(mapping),
                running: 0,
                peak: 0,
            };
            self.lambdas.push(Some(Box::new(run)));
            self.scheduler
                .schedule(SimTime::ZERO + SCALING_PERIOD, Event::Scale(c));
        }
    }
}
