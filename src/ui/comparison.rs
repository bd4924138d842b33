//! The old way vs the SQS way, side by side: the same orders, the same outage, one design that
//! calls the services while the customer waits and one that drops each order on a queue.

use super::shared::Shared;

use yew::prelude::*;

use crate::sim::Snapshot;

#[derive(PartialEq)]
pub struct ComparisonProps {
    pub snapshot: Shared<Snapshot>,
}

pub fn comparison(props: &ComparisonProps) -> Html {
    let s = &props.snapshot.summary;
    let waiting = props.snapshot.messages_in_queues();
    let down: Vec<&str> = props
        .snapshot
        .services
        .iter()
        .filter(|s| s.down)
        .map(|s| s.name.as_str())
        .collect();
    let row = |id: &str, name: &str, value: String| {
        html! { <div class="total"><dt>{ name }</dt><dd id={id.to_owned()}>{ value }</dd></div> }
    };
    html! {
        <section class="panel comparison" aria-label="The old way vs the SQS way">
            <h2>{ "The old way vs the SQS way" }</h2>
            <p class="hint">
                { if down.is_empty() { "All services are up.".to_owned() } else { format!("Down now: {}.", down.join(", ")) } }
            </p>
            <div class="split">
                <div class="side old-way">
                    <h3>{ "Old way: direct calls" }</h3>
                    <dl class="totals">
                        { row("old-way-placed", "Orders placed", s.direct_orders.to_string()) }
                        { row("old-way-done", "Completed", (s.direct_orders - s.direct_orders_lost).to_string()) }
                        { row("old-way-lost", "Lost", s.direct_orders_lost.to_string()) }
                    </dl>
                </div>
                <div class="side sqs-way">
                    <h3>{ "SQS way: a queue in between" }</h3>
                    <dl class="totals">
                        { row("sqs-way-placed", "Orders placed", s.messages_sent.to_string()) }
                        { row("sqs-way-done", "Completed", s.messages_deleted.to_string()) }
                        { row("sqs-way-waiting", "Waiting in the queue", waiting.to_string()) }
                        { row("sqs-way-lost", "Lost", s.messages_lost.to_string()) }
                    </dl>
                </div>
            </div>
        </section>
    }
}
