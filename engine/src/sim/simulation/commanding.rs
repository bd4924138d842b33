//! Commands: what a person or the timeline does to a running simulation.

use std::time::Duration;

use super::{message_body, Event, Simulation, WorkerState};
use crate::sim::command::{Command, CommandError};
use crate::sim::random::seconds_to_duration;
use crate::sim::scenario::Arrival;
use crate::sqs::actions::send_message::SendMessageInput;

impl Simulation {
    // ----- commands -------------------------------------------------------------------------

    /// Carries out a command now. On an error nothing has changed.
    pub fn apply(&mut self, command: &Command) -> Result<(), CommandError> {
        if let Some(problem) = command.problem() {
            return Err(CommandError::Invalid(problem.to_owned()));
        }
        let fleet = |sim: &Simulation, name: &str| {
            sim.scenario
                .consumers
                .iter()
                .position(|c| c.name == name)
                .ok_or_else(|| CommandError::UnknownConsumer(name.to_owned()))
        };
        // Crashing or counting workers is for fleets: a Lambda mapping decides its pollers.
        let workers_of = |sim: &Simulation, name: &str| {
            let c = fleet(sim, name)?;
            match sim.lambdas[c] {
                Some(_) => Err(CommandError::Invalid(format!(
                    "{name} is a Lambda function: its event source mapping decides its concurrency"
                ))),
                None => Ok(c),
            }
        };
        let queue_index = |sim: &Simulation, name: &str| {
            sim.scenario
                .queue_index(name)
                .ok_or_else(|| CommandError::UnknownQueue(name.to_owned()))
        };
        match command {
            Command::CrashConsumers {
                consumer,
                count,
                restart_after_seconds,
            } => {
                let spec = workers_of(self, consumer)?;
                let running: Vec<usize> = (0..self.workers.len())
                    .filter(|&w| {
                        self.workers[w].spec == spec
                            && !matches!(
                                self.workers[w].state,
                                WorkerState::Crashed | WorkerState::Stopped
                            )
                    })
                    .take(*count as usize)
                    .collect();
                let restart_at = self.now + seconds_to_duration(*restart_after_seconds);
                for w in running {
                    self.halt(w, WorkerState::Crashed);
                    let epoch = self.workers[w].epoch;
                    self.scheduler
                        .schedule(restart_at, Event::Restart { worker: w, epoch });
                }
            }
            Command::SetConsumerCount { consumer, count } => {
                let spec = workers_of(self, consumer)?;
                self.set_fleet_size(spec, *count as usize, Duration::ZERO);
                if let Some(scaling) = &mut self.fleets[spec] {
                    // A person's change is the policy's new starting point.
                    scaling.capacity = *count;
                }
            }
            Command::SendMessages {
                queue,
                count,
                poison,
            } => {
                let index = queue_index(self, queue)?;
                let fifo = self.sqs.queue(queue).is_some_and(|q| q.is_fifo());
                let injector = self.producers.len();
                for _ in 0..*count {
                    let n = self.injected;
                    self.injected += 1;
                    let body = message_body(injector, "console", n, 200, *poison);
                    let input = SendMessageInput {
                        message_body: Some(body),
                        message_group_id: fifo.then(|| "console".to_owned()),
                        message_deduplication_id: fifo.then(|| format!("console-{n}")),
                        ..Default::default()
                    };
                    self.metrics.requests.add(fifo, 200);
                    let stored = self
                        .sqs
                        .send_message_direct(self.now, self.queue_refs[index], input)
                        .map_err(CommandError::Sqs)?;
                    self.track(index, stored.message_id, fifo.then_some("console"));
                }
                self.wake_waiters(index);
            }
            Command::PurgeQueue { queue } => {
                queue_index(self, queue)?;
                let input = crate::sqs::actions::purge_queue::PurgeQueueInput {
                    queue_url: Some(self.sqs.queue_url(queue)),
                };
                self.sqs
                    .purge_queue(self.now, input)
                    .map_err(CommandError::Sqs)?;
            }
            Command::SetQueueAttributes { queue, attributes } => {
                queue_index(self, queue)?;
                let input = crate::sqs::actions::set_queue_attributes::SetQueueAttributesInput {
                    queue_url: Some(self.sqs.queue_url(queue)),
                    attributes: Some(attributes.clone()),
                };
                self.sqs
                    .set_queue_attributes(self.now, input)
                    .map_err(CommandError::Sqs)?;
            }
            Command::FixPoison { consumer } => {
                let spec = fleet(self, consumer)?;
                self.poison_fixed[spec] = true;
            }
            Command::SetProducerRate {
                producer,
                per_second,
            } => {
                let spec = self
                    .scenario
                    .producers
                    .iter()
                    .position(|p| &p.name == producer)
                    .ok_or_else(|| CommandError::UnknownProducer(producer.clone()))?;
                match &mut self.scenario.producers[spec].arrival {
                    Arrival::Constant { per_second: rate }
                    | Arrival::Poisson { per_second: rate } => *rate = *per_second,
                    _ => {
                        return Err(CommandError::Invalid(format!(
                            "{producer} does not arrive at a rate (a spike or a schedule)"
                        )))
                    }
                }
            }
            Command::SetServiceDown { service, down } => {
                let s = self
                    .scenario
                    .services
                    .iter()
                    .position(|x| &x.name == service)
                    .ok_or_else(|| CommandError::UnknownService(service.clone()))?;
                self.services_down[s] = *down;
            }
            Command::StartRedrive {
                dead_letter_queue,
                per_second,
            } => {
                queue_index(self, dead_letter_queue)?;
                let input =
                    crate::sqs::actions::start_message_move_task::StartMessageMoveTaskInput {
                        source_arn: Some(self.sqs.queue_arn(dead_letter_queue)),
                        destination_arn: None,
                        max_number_of_messages_per_second: *per_second,
                    };
                self.sqs
                    .start_message_move_task(self.now, input)
                    .map_err(CommandError::Sqs)?;
                self.scheduler.schedule(self.now, Event::MoveTaskTick);
            }
        }
        Ok(())
    }
}
