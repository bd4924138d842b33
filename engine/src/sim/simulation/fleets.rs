//! Fleet sizes: a fleet's workers started and stopped, and an autoscaled fleet's periods.

use std::time::Duration;

use super::{Event, Simulation, Worker, WorkerState};
use crate::sim::random::seconds_to_duration;
use crate::sim::scaling::ScalingActivity;
use crate::sqs::queue::Queue;

impl Simulation {
    /// Gives fleet `spec` `wanted` running workers: stops the last ones, or brings stopped
    /// ones back and adds new ones, which poll after `warmup`.
    pub(super) fn set_fleet_size(&mut self, spec: usize, wanted: usize, warmup: Duration) {
        let fleet_workers: Vec<usize> = (0..self.workers.len())
            .filter(|&w| self.workers[w].spec == spec)
            .collect();
        let active: Vec<usize> = fleet_workers
            .iter()
            .copied()
            .filter(|&w| !matches!(self.workers[w].state, WorkerState::Stopped))
            .collect();
        if active.len() > wanted {
            for &w in &active[wanted..] {
                self.halt(w, WorkerState::Stopped);
            }
            return;
        }
        let ready = self.now + warmup;
        let mut missing = wanted - active.len();
        let stopped = fleet_workers
            .iter()
            .copied()
            .filter(|&w| matches!(self.workers[w].state, WorkerState::Stopped));
        for w in stopped.take(missing).collect::<Vec<_>>() {
            self.workers[w].state = WorkerState::Idle;
            self.workers[w].in_service_at = ready;
            self.schedule_poll(w, ready);
            missing -= 1;
        }
        let template = self.workers[fleet_workers[0]].clone();
        for _ in 0..missing {
            let w = self.workers.len();
            self.workers.push(Worker {
                state: WorkerState::Idle,
                wake_due: None,
                epoch: 0,
                busy: Duration::ZERO,
                in_service_at: ready,
                batch: Vec::new(),
                ..template.clone()
            });
            self.schedule_poll(w, ready);
        }
    }

    /// An autoscaled fleet's period: the policy reads the queue's visible messages and may
    /// change the fleet's size.
    pub(super) fn scale(&mut self, c: usize) {
        let Some(policy) = self.scenario.consumers[c].autoscaling.clone() else {
            return;
        };
        let visible = self
            .consumer_queue(c)
            .map_or(0, |q| q.visible_count() as u64);
        let (_, in_service, _) = self.fleet_counts(c);
        let from = self.fleets[c].as_ref().map_or(0, |f| f.capacity);
        let decided = self.fleets[c]
            .as_mut()
            .and_then(|f| f.decide(&policy, visible, self.now));
        if let Some(to) = decided {
            self.set_fleet_size(c, to as usize, seconds_to_duration(policy.warmup_seconds));
            self.metrics.scaling.push(ScalingActivity {
                at: self.now,
                consumer: c,
                from,
                to,
                visible,
                in_service,
            });
        }
        self.scheduler.schedule(
            self.now + seconds_to_duration(policy.period_seconds),
            Event::Scale(c),
        );
    }

    /// Consumer `c`'s queue in the engine, brought up to now (for a scaling decision).
    pub(super) fn consumer_queue(&mut self, c: usize) -> Option<&Queue> {
        self.sqs.advance(self.now);
        let queue = self
            .scenario
            .queue_index(&self.scenario.consumers[c].queue)?;
        self.sqs.queue_by_ref(self.queue_refs[queue])
    }

    /// A fleet's workers: (running, in service, warming up).
    pub(super) fn fleet_counts(&self, c: usize) -> (u32, u32, u32) {
        let running = self
            .workers
            .iter()
            .filter(|w| w.spec == c && !matches!(w.state, WorkerState::Stopped));
        running.fold((0, 0, 0), |(all, on, warming), w| {
            if w.in_service_at <= self.now {
                (all + 1, on + 1, warming)
            } else {
                (all + 1, on, warming + 1)
            }
        })
    }
}
