//! Commands: what a person (or a scenario's timeline) can do to a running simulation.
//!
//! The same commands drive the timeline of scheduled injections in a scenario file and the
//! buttons of the web app: crash consumers, scale a fleet, send a burst or a poison message,
//! purge a queue, change an attribute, fix the bug that poisoned messages, start a DLQ redrive.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::sqs::SqsError;

/// One command.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    deny_unknown_fields,
    try_from = "RawCommand"
)]
pub enum Command {
    /// Crash `count` running workers of a consumer fleet; they restart after the delay. What
    /// they held is not deleted, so it comes back after its visibility timeout.
    CrashConsumers {
        consumer: String,
        count: u32,
        restart_after_seconds: f64,
    },
    /// Scale a consumer fleet to `count` workers.
    SetConsumerCount { consumer: String, count: u32 },
    /// Send `count` messages to a queue now (a burst); `poison` ones always fail processing
    /// until the bug is fixed.
    SendMessages {
        queue: String,
        count: u32,
        #[serde(default)]
        poison: bool,
    },
    /// PurgeQueue.
    PurgeQueue { queue: String },
    /// SetQueueAttributes.
    SetQueueAttributes {
        queue: String,
        attributes: BTreeMap<String, String>,
    },
    /// The bug is fixed: this fleet now processes poison messages successfully.
    FixPoison { consumer: String },
    /// Change a producer's arrival rate (constant or Poisson arrivals): from its next arrival
    /// on, its orders arrive at `per_second`.
    SetProducerRate { producer: String, per_second: f64 },
    /// Take a downstream service down (every call fails at once) or bring it back up. A
    /// service's scheduled outages still apply while it is up.
    SetServiceDown { service: String, down: bool },
    /// StartMessageMoveTask: redrive a dead-letter queue back to its sources.
    StartRedrive {
        dead_letter_queue: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        per_second: Option<i64>,
    },
}

/// The kinds of command, as files name them.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum CommandKind {
    CrashConsumers,
    SetConsumerCount,
    SendMessages,
    PurgeQueue,
    SetQueueAttributes,
    FixPoison,
    SetProducerRate,
    SetServiceDown,
    StartRedrive,
}

/// A command as a file writes it, every member optional (see `tagged`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCommand {
    kind: CommandKind,
    consumer: Option<String>,
    count: Option<u32>,
    restart_after_seconds: Option<f64>,
    queue: Option<String>,
    poison: Option<bool>,
    attributes: Option<BTreeMap<String, String>>,
    producer: Option<String>,
    per_second: Option<f64>,
    service: Option<String>,
    down: Option<bool>,
    dead_letter_queue: Option<String>,
}

impl TryFrom<RawCommand> for Command {
    type Error = String;

    fn try_from(raw: RawCommand) -> Result<Command, String> {
        use super::tagged::{only, required};
        let present = [
            ("consumer", raw.consumer.is_some()),
            ("count", raw.count.is_some()),
            ("restart_after_seconds", raw.restart_after_seconds.is_some()),
            ("queue", raw.queue.is_some()),
            ("poison", raw.poison.is_some()),
            ("attributes", raw.attributes.is_some()),
            ("producer", raw.producer.is_some()),
            ("per_second", raw.per_second.is_some()),
            ("service", raw.service.is_some()),
            ("down", raw.down.is_some()),
            ("dead_letter_queue", raw.dead_letter_queue.is_some()),
        ];
        let allowed: &[&str] = match raw.kind {
            CommandKind::CrashConsumers => &["consumer", "count", "restart_after_seconds"],
            CommandKind::SetConsumerCount => &["consumer", "count"],
            CommandKind::SendMessages => &["queue", "count", "poison"],
            CommandKind::PurgeQueue => &["queue"],
            CommandKind::SetQueueAttributes => &["queue", "attributes"],
            CommandKind::FixPoison => &["consumer"],
            CommandKind::SetProducerRate => &["producer", "per_second"],
            CommandKind::SetServiceDown => &["service", "down"],
            CommandKind::StartRedrive => &["dead_letter_queue", "per_second"],
        };
        only(&present, allowed)?;
        let consumer = || required(raw.consumer.clone(), "consumer");
        let queue = || required(raw.queue.clone(), "queue");
        let count = || required(raw.count, "count");
        Ok(match raw.kind {
            CommandKind::CrashConsumers => Command::CrashConsumers {
                consumer: consumer()?,
                count: count()?,
                restart_after_seconds: required(
                    raw.restart_after_seconds,
                    "restart_after_seconds",
                )?,
            },
            CommandKind::SetConsumerCount => Command::SetConsumerCount {
                consumer: consumer()?,
                count: count()?,
            },
            CommandKind::SendMessages => Command::SendMessages {
                queue: queue()?,
                count: count()?,
                poison: raw.poison.unwrap_or(false),
            },
            CommandKind::PurgeQueue => Command::PurgeQueue { queue: queue()? },
            CommandKind::SetQueueAttributes => Command::SetQueueAttributes {
                queue: queue()?,
                attributes: required(raw.attributes, "attributes")?,
            },
            CommandKind::FixPoison => Command::FixPoison {
                consumer: consumer()?,
            },
            CommandKind::SetProducerRate => Command::SetProducerRate {
                producer: required(raw.producer, "producer")?,
                per_second: required(raw.per_second, "per_second")?,
            },
            CommandKind::SetServiceDown => Command::SetServiceDown {
                service: required(raw.service, "service")?,
                down: required(raw.down, "down")?,
            },
            CommandKind::StartRedrive => Command::StartRedrive {
                dead_letter_queue: required(raw.dead_letter_queue, "dead_letter_queue")?,
                // MaxNumberOfMessagesPerSecond is a whole number.
                per_second: match raw.per_second {
                    Some(rate) if rate.fract() != 0.0 || !rate.is_finite() => {
                        return Err(format!(
                            "invalid type: floating point `{rate}`, expected i64"
                        ))
                    }
                    rate => rate.map(|r| r as i64),
                },
            },
        })
    }
}

/// The one thing a command names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Named<'a> {
    Queue(&'a str),
    Consumer(&'a str),
    Service(&'a str),
    Producer(&'a str),
}

/// A command at a moment of a scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimedCommand {
    pub at_seconds: f64,
    pub command: Command,
}

/// Why a command could not be carried out (the simulation is unchanged).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommandError {
    UnknownConsumer(String),
    UnknownQueue(String),
    UnknownService(String),
    UnknownProducer(String),
    /// SQS refused the request (for example PurgeQueueInProgress).
    Sqs(SqsError),
    Invalid(String),
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CommandError::UnknownConsumer(name) => write!(f, "no consumer is named \"{name}\""),
            CommandError::UnknownQueue(name) => write!(f, "no queue is named \"{name}\""),
            CommandError::UnknownService(name) => write!(f, "no service is named \"{name}\""),
            CommandError::UnknownProducer(name) => write!(f, "no producer is named \"{name}\""),
            CommandError::Sqs(e) => write!(f, "{}: {}", e.code, e.message),
            CommandError::Invalid(reason) => f.write_str(reason),
        }
    }
}

impl Command {
    /// The problem with this command's own values, if any (names are checked where they are known).
    pub fn problem(&self) -> Option<&'static str> {
        match self {
            Command::CrashConsumers {
                count,
                restart_after_seconds,
                ..
            } => {
                if *count == 0 {
                    Some("count must be at least 1")
                } else if !(restart_after_seconds.is_finite() && *restart_after_seconds >= 0.0) {
                    Some("restart_after_seconds must be a number >= 0")
                } else {
                    None
                }
            }
            Command::SetConsumerCount { count, .. } if *count > 1000 => {
                Some("count must be at most 1000")
            }
            Command::SendMessages { count, .. } if *count == 0 || *count > 1_000_000 => {
                Some("count must be between 1 and 1000000")
            }
            Command::SetProducerRate { per_second, .. }
                if !(per_second.is_finite() && *per_second > 0.0 && *per_second <= 100_000.0) =>
            {
                Some("per_second must be more than 0 and at most 100000")
            }
            Command::StartRedrive {
                per_second: Some(rate),
                ..
            } if !(1..=500).contains(rate) => {
                Some("per_second must be between 1 and 500 (SQS MaxNumberOfMessagesPerSecond)")
            }
            _ => None,
        }
    }

    /// What the command refers to by name, to check a timeline against its scenario.
    pub fn names(&self) -> Named<'_> {
        match self {
            Command::CrashConsumers { consumer, .. }
            | Command::SetConsumerCount { consumer, .. }
            | Command::FixPoison { consumer } => Named::Consumer(consumer),
            Command::SendMessages { queue, .. }
            | Command::PurgeQueue { queue }
            | Command::SetQueueAttributes { queue, .. }
            | Command::StartRedrive {
                dead_letter_queue: queue,
                ..
            } => Named::Queue(queue),
            Command::SetServiceDown { service, .. } => Named::Service(service),
            Command::SetProducerRate { producer, .. } => Named::Producer(producer),
        }
    }

    /// The name `names` reads, to change: a node renamed in the design takes its timeline's
    /// commands with it.
    pub fn name_mut(&mut self) -> &mut String {
        match self {
            Command::CrashConsumers { consumer, .. }
            | Command::SetConsumerCount { consumer, .. }
            | Command::FixPoison { consumer } => consumer,
            Command::SendMessages { queue, .. }
            | Command::PurgeQueue { queue }
            | Command::SetQueueAttributes { queue, .. }
            | Command::StartRedrive {
                dead_letter_queue: queue,
                ..
            } => queue,
            Command::SetServiceDown { service, .. } => service,
            Command::SetProducerRate { producer, .. } => producer,
        }
    }
}

/// Reads commands written as a scenario's `timeline` writes them (a JSON array of
/// `{"at_seconds", "command"}`), as share links carry the commands given live. Inline, like
/// `Scenario::from_json`: generic code is compiled in the crate that instantiates it, so this
/// shares the scenario reader's code for commands, in the caller's crate, instead of adding a
/// copy to the browser's download.
#[inline]
pub fn timed_commands_from_json(text: &str) -> Result<Vec<TimedCommand>, serde_json::Error> {
    serde_json::from_str(text)
}
