//! Message move tasks: redriving a dead-letter queue's messages back, at a rate, over time.
//!
//! API Reference, StartMessageMoveTask / ListMessageMoveTasks / CancelMessageMoveTask;
//! Developer Guide, `sqs-configure-dead-letter-queue-redrive`; SQS_SEMANTICS.md §2.15.
//! A task moves the source's messages oldest first, to the destination if one was given, else
//! each back to the queue it was dead-lettered from (its DeadLetterQueueSourceArn). Moved
//! messages are new messages there: new MessageId, new enqueue time, receive count from zero.
//! Message `k` (from 0) moves at `start + k / rate`, so four messages at 1 per second take 3 s.
//! Without a rate SQS uses a "system optimised" one; the simulator's convention is the maximum,
//! 500 per second. A task completes when it has moved the count it started with, or when the
//! source has no visible message left (messages in flight stay where they are).

use std::time::Duration;

use base64::Engine;

use super::ids;
use super::limits::MAX_MOVE_TASK_RATE;
use super::message::MessageState;
use super::service::Sqs;
use crate::time::SimTime;

/// The lifecycle of a move task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoveTaskStatus {
    Running,
    Completed,
    Cancelled,
    Failed,
}

impl MoveTaskStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MoveTaskStatus::Running => "RUNNING",
            MoveTaskStatus::Completed => "COMPLETED",
            MoveTaskStatus::Cancelled => "CANCELLED",
            MoveTaskStatus::Failed => "FAILED",
        }
    }
}

/// One StartMessageMoveTask.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MoveTask {
    pub task_handle: String,
    pub source_arn: String,
    pub destination_arn: Option<String>,
    pub max_number_of_messages_per_second: Option<u32>,
    pub status: MoveTaskStatus,
    pub started_at: SimTime,
    /// `ApproximateNumberOfMessagesToMove`: the source's depth when the task started.
    pub to_move: u64,
    /// `ApproximateNumberOfMessagesMoved`.
    pub moved: u64,
    pub failure_reason: Option<String>,
}

impl MoveTask {
    fn rate(&self) -> u64 {
        u64::from(
            self.max_number_of_messages_per_second
                .unwrap_or(MAX_MOVE_TASK_RATE as u32)
                .max(1),
        )
    }

    /// When message number `k` (from 0) is due to move.
    fn due(&self, k: u64) -> SimTime {
        self.started_at + Duration::from_millis(k * 1000 / self.rate())
    }

    /// The next instant this task does something, while it runs.
    pub fn next_step(&self) -> Option<SimTime> {
        (self.status == MoveTaskStatus::Running).then(|| self.due(self.moved))
    }

    /// The opaque handle: base64 of a small JSON naming the task and its source (as LocalStack
    /// does; AWS's format is opaque).
    pub fn make_handle(task_id: u64, source_arn: &str) -> String {
        let json =
            serde_json::json!({"taskId": task_id.to_string(), "sourceArn": source_arn}).to_string();
        base64::engine::general_purpose::STANDARD.encode(json)
    }
}

impl Sqs {
    /// Runs every running task up to `now`.
    pub(crate) fn run_move_tasks(&mut self, now: SimTime) {
        for index in 0..self.move_tasks.len() {
            while self.move_tasks[index]
                .next_step()
                .is_some_and(|due| due <= now)
            {
                let due = self.move_tasks[index].due(self.move_tasks[index].moved);
                self.move_one(index, due);
            }
        }
    }

    /// Moves one message for task `index` at instant `at`, or ends the task.
    fn move_one(&mut self, index: usize, at: SimTime) {
        let task = self.move_tasks[index].clone();
        let finish = |sqs: &mut Sqs, status: MoveTaskStatus, reason: Option<&str>| {
            let task = &mut sqs.move_tasks[index];
            task.status = status;
            task.failure_reason = reason.map(str::to_owned);
        };
        let Some(source_name) = self.name_from_arn(&task.source_arn).map(str::to_owned) else {
            return finish(
                self,
                MoveTaskStatus::Failed,
                Some("AWS.SimpleQueueService.NonExistentQueue"),
            );
        };
        let Some(source) = self.queues.get_mut(&source_name) else {
            return finish(
                self,
                MoveTaskStatus::Failed,
                Some("AWS.SimpleQueueService.NonExistentQueue"),
            );
        };
        source.advance(at);
        let Some(seq) = source.oldest_visible() else {
            return finish(self, MoveTaskStatus::Completed, None);
        };
        let origin = source
            .message(seq)
            .and_then(|m| m.dead_letter_source_arn.clone());
        let destination = task.destination_arn.clone().or(origin);
        let destination_name = destination
            .as_deref()
            .and_then(|arn| self.name_from_arn(arn))
            .map(str::to_owned);
        let Some(destination_name) = destination_name.filter(|name| self.queues.contains_key(name))
        else {
            return finish(
                self,
                MoveTaskStatus::Failed,
                Some("AWS.SimpleQueueService.NonExistentQueue"),
            );
        };
        let mut message = self
            .queues
            .get_mut(&source_name)
            .unwrap()
            .remove(seq)
            .expect("the oldest visible message exists");
        self.queues.get_mut(&source_name).unwrap().counters.redriven += 1;

        // A new message in the destination.
        message.message_id = ids::message_id(&mut self.rng);
        message.sent_at = at;
        message.enqueued_at = at;
        message.receive_count = 0;
        message.first_received_at = None;
        message.dead_letter_source_arn = None;
        message.state = MessageState::Visible {
            since: at,
            order: 0,
        };
        let epoch_ms = self.config.epoch_ms;
        let destination = self.queues.get_mut(&destination_name).unwrap();
        destination.advance(at);
        if destination.is_fifo() {
            message.sequence_number = Some(destination.next_sequence_number(epoch_ms, at));
        }
        destination.insert(message, at, at);
        destination.counters.moved_in += 1;

        let task = &mut self.move_tasks[index];
        task.moved += 1;
        if task.moved >= task.to_move {
            task.status = MoveTaskStatus::Completed;
        }
    }

    /// Fails running tasks that read from or write to a queue being deleted.
    pub(crate) fn fail_move_tasks_touching(&mut self, arn: &str) {
        for task in self
            .move_tasks
            .iter_mut()
            .filter(|t| t.status == MoveTaskStatus::Running)
        {
            if task.source_arn == arn || task.destination_arn.as_deref() == Some(arn) {
                task.status = MoveTaskStatus::Failed;
                task.failure_reason = Some("AWS.SimpleQueueService.NonExistentQueue".to_owned());
            }
        }
    }

    /// All move tasks, oldest first.
    pub fn move_tasks(&self) -> &[MoveTask] {
        &self.move_tasks
    }
}
