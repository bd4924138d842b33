//! The numbers: each queue's CloudWatch metrics now, and the run's totals (latency, duplicates,
//! requests and their cost).

use super::shared::Shared;

use yew::prelude::*;

use crate::sim::Snapshot;

#[derive(PartialEq)]
pub struct MetricsProps {
    pub snapshot: Shared<Snapshot>,
}

pub fn metrics_view(props: &MetricsProps) -> Html {
    let s = &props.snapshot.summary;
    let mut totals = vec![
        (
            "messages-sent",
            "Messages sent",
            s.messages_sent.to_string(),
        ),
        (
            "messages-deleted",
            "Processed and deleted",
            s.messages_deleted.to_string(),
        ),
        (
            "moved-to-dlq",
            "Moved to a dead-letter queue",
            s.moved_to_dlq.to_string(),
        ),
        (
            "duplicates-processed",
            "Duplicates processed",
            s.duplicates_processed.to_string(),
        ),
        (
            // Deleted before processing, then failed: the at-most-once mistake.
            "messages-lost",
            "Messages lost",
            s.messages_lost.to_string(),
        ),
        (
            "latency-p50",
            "Latency p50",
            format!("{:.2} s", s.latency_p50_s),
        ),
        (
            "latency-p99",
            "Latency p99",
            format!("{:.2} s", s.latency_p99_s),
        ),
        ("requests", "SQS requests", s.requests.to_string()),
        ("cost", "Cost at AWS prices", format!("${:.6}", s.cost_usd)),
    ];
    // Lambda consumers' CloudWatch metrics, when there are any.
    if !props.snapshot.functions.is_empty() {
        totals.extend([
            (
                "lambda-invocations",
                "Lambda Invocations",
                s.lambda_invocations.to_string(),
            ),
            (
                "lambda-errors",
                "Lambda Errors",
                s.lambda_errors.to_string(),
            ),
            (
                "lambda-throttles",
                "Lambda Throttles",
                s.lambda_throttles.to_string(),
            ),
            (
                "lambda-duration",
                "Lambda Duration (mean)",
                format!("{:.3} s", s.lambda_duration_mean_s),
            ),
        ]);
    }
    html! {
        <section class="panel metrics" aria-label="Metrics">
            <h2>{ "Metrics" }</h2>
            <dl class="totals">
                { for totals.into_iter().map(|(id, name, value)| html! {
                    <div class="total"><dt>{ name }</dt><dd id={id}>{ value }</dd></div>
                }) }
            </dl>
            <div class="table-scroll">
                <table class="queues">
                    <caption class="visually-hidden">{ "Queue metrics, with CloudWatch's names" }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "Queue" }</th>
                            <th scope="col" title="ApproximateNumberOfMessagesVisible">{ "Visible" }</th>
                            <th scope="col" title="ApproximateNumberOfMessagesNotVisible">{ "Not visible" }</th>
                            <th scope="col" title="ApproximateNumberOfMessagesDelayed">{ "Delayed" }</th>
                            <th scope="col" title="ApproximateAgeOfOldestMessage">{ "Oldest (s)" }</th>
                            <th scope="col" title="NumberOfMessagesSent">{ "Sent" }</th>
                            <th scope="col" title="NumberOfMessagesReceived">{ "Received" }</th>
                            <th scope="col" title="NumberOfMessagesDeleted">{ "Deleted" }</th>
                            <th scope="col" title="NumberOfEmptyReceives">{ "Empty receives" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for props.snapshot.queues.iter().map(|q| html! {
                            <tr data-queue={q.name.clone()}>
                                <th scope="row">{ &q.name }</th>
                                <td data-metric="ApproximateNumberOfMessagesVisible">{ q.approximate_number_of_messages_visible }</td>
                                <td data-metric="ApproximateNumberOfMessagesNotVisible">{ q.approximate_number_of_messages_not_visible }</td>
                                <td data-metric="ApproximateNumberOfMessagesDelayed">{ q.approximate_number_of_messages_delayed }</td>
                                <td data-metric="ApproximateAgeOfOldestMessage">{ format!("{:.0}", q.approximate_age_of_oldest_message) }</td>
                                <td data-metric="NumberOfMessagesSent">{ q.number_of_messages_sent }</td>
                                <td data-metric="NumberOfMessagesReceived">{ q.number_of_messages_received }</td>
                                <td data-metric="NumberOfMessagesDeleted">{ q.number_of_messages_deleted }</td>
                                <td data-metric="NumberOfEmptyReceives">{ q.number_of_empty_receives }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}
