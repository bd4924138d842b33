//! Live injections: break things on purpose. Each button sends one `Command`; the same
//! commands have keyboard shortcuts (see `shortcut`).

use yew::prelude::*;

use crate::sim::command::Command;

/// Where injections land: the selected node when it fits, else the scenario's first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Targets {
    pub queue: Option<String>,
    pub consumer: Option<(String, u32)>,
    pub dead_letter_queue: Option<String>,
    /// A downstream service and whether it is down now.
    pub service: Option<(String, bool)>,
}

/// The injections, with their key and label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Injection {
    Crash,
    AddConsumer,
    RemoveConsumer,
    SendOne,
    Burst,
    Poison,
    Purge,
    Redrive,
    ToggleService,
}

pub const INJECTIONS: [Injection; 9] = [
    Injection::Crash,
    Injection::AddConsumer,
    Injection::RemoveConsumer,
    Injection::SendOne,
    Injection::Burst,
    Injection::Poison,
    Injection::Purge,
    Injection::Redrive,
    Injection::ToggleService,
];

impl Injection {
    pub fn key(self) -> &'static str {
        match self {
            Injection::Crash => "c",
            Injection::AddConsumer => "+",
            Injection::RemoveConsumer => "-",
            Injection::SendOne => "m",
            Injection::Burst => "b",
            Injection::Poison => "p",
            Injection::Purge => "u",
            Injection::Redrive => "r",
            Injection::ToggleService => "s",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Injection::Crash => "Crash a consumer",
            Injection::AddConsumer => "Add a consumer",
            Injection::RemoveConsumer => "Remove a consumer",
            Injection::SendOne => "Send a message",
            Injection::Burst => "Send a burst of 100",
            Injection::Poison => "Send a poison message",
            Injection::Purge => "Purge the queue",
            Injection::Redrive => "Start a DLQ redrive",
            Injection::ToggleService => "Take a service down / up",
        }
    }

    /// The injection a key press asks for.
    pub fn shortcut(key: &str) -> Option<Injection> {
        INJECTIONS.into_iter().find(|i| i.key() == key)
    }

    /// The command it sends to `targets`, if they have what it needs.
    pub fn command(self, targets: &Targets) -> Option<Command> {
        let queue = targets.queue.clone();
        let consumer = targets.consumer.clone();
        let send = |count, poison| {
            queue.clone().map(|queue| Command::SendMessages {
                queue,
                count,
                poison,
            })
        };
        match self {
            Injection::Crash => consumer.map(|(consumer, _)| Command::CrashConsumers {
                consumer,
                count: 1,
                restart_after_seconds: 10.0,
            }),
            Injection::AddConsumer => consumer.map(|(consumer, count)| Command::SetConsumerCount {
                consumer,
                count: count + 1,
            }),
            Injection::RemoveConsumer => {
                consumer.map(|(consumer, count)| Command::SetConsumerCount {
                    consumer,
                    count: count.saturating_sub(1),
                })
            }
            Injection::SendOne => send(1, false),
            Injection::Burst => send(100, false),
            Injection::Poison => send(1, true),
            Injection::Purge => queue.map(|queue| Command::PurgeQueue { queue }),
            Injection::Redrive => {
                targets
                    .dead_letter_queue
                    .clone()
                    .map(|dead_letter_queue| Command::StartRedrive {
                        dead_letter_queue,
                        per_second: None,
                    })
            }
            Injection::ToggleService => {
                targets
                    .service
                    .clone()
                    .map(|(service, down)| Command::SetServiceDown {
                        service,
                        down: !down,
                    })
            }
        }
    }
}

#[derive(PartialEq)]
pub struct InjectionsProps {
    pub targets: Targets,
    pub on_command: Callback<Command>,
    /// Why the last command was refused (SQS's error code and message, say).
    pub error: Option<String>,
}

pub fn injections(props: &InjectionsProps) -> Html {
    let mut target_text = format!(
        "Queue: {} · consumer: {}",
        props.targets.queue.as_deref().unwrap_or("none"),
        props
            .targets
            .consumer
            .as_ref()
            .map_or("none", |(c, _)| c.as_str()),
    );
    if let Some((service, down)) = &props.targets.service {
        target_text.push_str(&format!(
            " · service: {service} ({})",
            if *down { "down" } else { "up" }
        ));
    }
    html! {
        <section class="panel injections" aria-label="Injections">
            <h2>{ "Break things" }</h2>
            <p class="hint">{ target_text }</p>
            if let Some(error) = &props.error {
                <p id="injection-error" class="error" role="alert">{ format!("Refused: {error}") }</p>
            }
            <div class="buttons">
                { for INJECTIONS.iter().map(|injection| {
                    let command = injection.command(&props.targets);
                    let disabled = command.is_none();
                    let onclick = {
                        let on_command = props.on_command.clone();
                        Callback::from(move |_: MouseEvent| {
                            if let Some(command) = command.clone() {
                                on_command.emit(command);
                            }
                        })
                    };
                    html! {
                        <button type="button" id={format!("inject-{}", injection.key().replace('+', "plus").replace('-', "minus"))}
                            aria-keyshortcuts={injection.key().to_owned()} {disabled} {onclick}>
                            { injection.label() }<kbd>{ injection.key() }</kbd>
                        </button>
                    }
                }) }
            </div>
        </section>
    }
}
