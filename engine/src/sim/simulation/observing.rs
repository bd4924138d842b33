//! What the simulation shows of itself: the snapshot, the summary, and the metrics period's
//! samples.

use super::{Event, RunSummary, Simulation, WorkerState};
use crate::sim::metrics::{FleetSample, QueueSample, RunSample};
use crate::sim::random::seconds_to_duration;
use crate::sim::snapshot::{
    ConsumerActivity, ConsumerSnapshot, GroupSnapshot, InFlightSnapshot, QueueSnapshot,
    ServiceSnapshot, Snapshot, MAX_GROUPS, MAX_IN_FLIGHT_LISTED,
};

impl Simulation {
    /// The world at this instant, for views.
    pub fn snapshot(&self) -> Snapshot {
        let queues = self
            .sqs
            .queues()
            .map(|q| QueueSnapshot {
                name: q.name.clone(),
                fifo: q.is_fifo(),
                approximate_number_of_messages_visible: q.visible_count(),
                approximate_number_of_messages_not_visible: q.in_flight_count(),
                approximate_number_of_messages_delayed: q.delayed_count(),
                approximate_age_of_oldest_message: q.age_of_oldest_message(self.now).as_secs_f64(),
                number_of_messages_sent: q.counters.sent,
                number_of_messages_received: q.counters.received,
                number_of_messages_deleted: q.counters.deleted,
                number_of_empty_receives: q.counters.empty_receives,
                groups: q
                    .groups()
                    .into_iter()
                    .take(MAX_GROUPS)
                    .map(|(id, messages, blocked)| GroupSnapshot {
                        id: id.to_owned(),
                        messages,
                        blocked,
                    })
                    .collect(),
                in_flight: q
                    .in_flight_soonest(MAX_IN_FLIGHT_LISTED)
                    .into_iter()
                    .map(|(id, receive_count, received_at, until)| InFlightSnapshot {
                        message_id: id.to_string(),
                        receive_count,
                        visible_again_in_s: until.since(self.now).as_secs_f64(),
                        timeout_s: until.since(received_at).as_secs_f64(),
                    })
                    .collect(),
            })
            .collect();
        let elapsed = self.now.as_millis().max(1) as f64 / 1000.0;
        let consumers: Vec<ConsumerSnapshot> = self
            .workers
            .iter()
            .map(|w| {
                let (activity, holding) = match &w.state {
                    WorkerState::Idle => (ConsumerActivity::Idle, None),
                    WorkerState::Waiting { .. } => (ConsumerActivity::Polling, None),
                    WorkerState::Processing { id, .. } => {
                        (ConsumerActivity::Processing, id.map(|id| id.to_string()))
                    }
                    WorkerState::Invoking { items, .. } => (
                        ConsumerActivity::Processing,
                        items.first().and_then(|i| i.id()).map(|id| id.to_string()),
                    ),
                    WorkerState::Throttled { .. } => (ConsumerActivity::Throttled, None),
                    WorkerState::Crashed => (ConsumerActivity::Crashed, None),
                    WorkerState::Stopped => (ConsumerActivity::Stopped, None),
                };
                ConsumerSnapshot {
                    fleet: self.scenario.consumers[w.spec].name.clone(),
                    activity,
                    holding,
                    utilisation: (w.busy.as_secs_f64() / elapsed).min(1.0),
                }
            })
            .collect();
        Snapshot {
            now_ms: self.now.as_millis(),
            queues,
            functions: self.function_snapshots(&consumers),
            consumers,
            services: (0..self.scenario.services.len())
                .map(|s| ServiceSnapshot {
                    name: self.scenario.services[s].name.clone(),
                    down: self.service_down(s, self.now),
                })
                .collect(),
            summary: self.summary(),
        }
    }

    /// The summary `sqs-sim run` prints.
    pub fn summary(&self) -> RunSummary {
        let mut summary = RunSummary {
            messages_sent: 0,
            messages_deleted: 0,
            moved_to_dlq: 0,
            receives: 0,
            empty_receives: 0,
            duplicates_delivered: 0,
            duplicates_processed: self.metrics.duplicates_processed,
            processing_failures: self.metrics.processing_failures,
            messages_lost: self.metrics.messages_lost,
            direct_orders: self.metrics.direct_orders,
            direct_orders_lost: self.metrics.direct_orders_lost,
            latency_mean_s: self.metrics.latency.mean_seconds(),
            latency_p50_s: self.metrics.latency.percentile_seconds(50.0),
            latency_p99_s: self.metrics.latency.percentile_seconds(99.0),
            queue_wait_mean_s: self.metrics.queue_wait.mean_seconds(),
            max_depth: self.metrics.max_depth,
            events: self.events,
            requests: self.metrics.requests.total(),
            lambda_invocations: 0,
            lambda_errors: 0,
            lambda_throttles: 0,
            lambda_duration_mean_s: 0.0,
            cost_usd: self.cost_usd(),
            sim_seconds: self.now.as_millis() as f64 / 1000.0,
        };
        let mut duration_s = 0.0;
        for lambda in &self.metrics.lambdas {
            summary.lambda_invocations += lambda.invocations;
            summary.lambda_errors += lambda.errors;
            summary.lambda_throttles += lambda.throttles;
            duration_s += lambda.duration_s;
        }
        if summary.lambda_invocations > 0 {
            summary.lambda_duration_mean_s = duration_s / summary.lambda_invocations as f64;
        }
        for queue in self.sqs.queues() {
            let c = &queue.counters;
            summary.messages_sent += c.sent;
            summary.messages_deleted += c.removed_by_delete;
            summary.moved_to_dlq += c.moved_to_dead_letter_queue;
            summary.receives += c.received;
            summary.empty_receives += c.empty_receives;
            summary.duplicates_delivered += c.duplicates_delivered;
        }
        summary
    }

    /// The run's cost so far: SQS requests, and the Lambda functions' requests and duration.
    pub(super) fn cost_usd(&self) -> f64 {
        self.metrics.requests.cost_usd()
            + self.metrics.lambdas.iter().map(|l| l.cost_usd).sum::<f64>()
    }

    pub(super) fn sample(&mut self) {
        self.sqs.advance(self.now);
        let time_s = self.now.as_millis() as f64 / 1000.0;
        for series in &mut self.metrics.series {
            let Some(queue) = self.sqs.queue(&series.queue) else {
                continue;
            };
            let depth =
                (queue.visible_count() + queue.in_flight_count() + queue.delayed_count()) as u64;
            self.metrics.max_depth = self.metrics.max_depth.max(depth);
            let c = &queue.counters;
            let sample = QueueSample {
                time_s,
                approximate_number_of_messages_visible: queue.visible_count() as u64,
                approximate_number_of_messages_not_visible: queue.in_flight_count() as u64,
                approximate_number_of_messages_delayed: queue.delayed_count() as u64,
                approximate_age_of_oldest_message: queue
                    .age_of_oldest_message(self.now)
                    .as_secs_f64(),
                ..QueueSample::default()
            };
            series.record(
                sample,
                [
                    c.sent,
                    c.received,
                    c.deleted,
                    c.empty_receives,
                    c.sent_bytes,
                ],
            );
        }
        // The fleet series are the autoscaled fleets', in the consumers' order.
        let autoscaled: Vec<(usize, u32)> = (0..self.fleets.len())
            .filter_map(|c| Some((c, self.fleets[c].as_ref()?.capacity)))
            .collect();
        for (k, (c, desired)) in autoscaled.into_iter().enumerate() {
            let (_, in_service, warming) = self.fleet_counts(c);
            self.metrics.fleet_series[k].record(FleetSample {
                time_s,
                desired,
                in_service,
                warming,
            });
        }
        self.sample_lambdas(time_s);
        self.metrics.run_series.record(RunSample {
            time_s,
            latency_p50_s: self.metrics.latency.percentile_seconds(50.0),
            latency_p99_s: self.metrics.latency.percentile_seconds(99.0),
            requests: self.metrics.requests.total(),
            cost_usd: self.cost_usd(),
            direct_orders: self.metrics.direct_orders,
            direct_orders_lost: self.metrics.direct_orders_lost,
            queued: self
                .sqs
                .queues()
                .map(|q| (q.visible_count() + q.in_flight_count() + q.delayed_count()) as u64)
                .sum(),
        });
        let period = seconds_to_duration(self.scenario.metrics_period_seconds);
        self.scheduler.schedule(self.now + period, Event::Sample);
    }
}
