//! Engine throughput, natively: the send → receive → delete cycle, and ReceiveMessage on
//! queues of 1,000 and 1,000,000 messages (receive cost must not grow with depth).
//!
//! `cargo bench --bench engine`. Calls the typed actions directly (no JSON), as the simulation
//! layer does.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sqs_sim::sqs::actions::delete_message::DeleteMessageInput;
use sqs_sim::sqs::actions::send_message::SendMessageInput;
use sqs_sim::sqs::{DeliveryModel, ReceiveMessageInput, ReceiveOutcome, Sqs, SqsConfig};
use sqs_sim::time::SimTime;

fn service() -> (Sqs, String) {
    let mut sqs = Sqs::new(SqsConfig {
        delivery: DeliveryModel::ideal(),
        ..SqsConfig::default()
    });
    let input = serde_json::from_value(serde_json::json!({"QueueName": "bench"})).unwrap();
    let url = sqs.create_queue(SimTime::ZERO, input).unwrap().queue_url;
    (sqs, url)
}

fn send(sqs: &mut Sqs, url: &str, now: SimTime) {
    let input = SendMessageInput {
        queue_url: Some(url.to_owned()),
        message_body: Some("order #42".into()),
        ..Default::default()
    };
    sqs.send_message(now, input).unwrap();
}

fn receive(
    sqs: &mut Sqs,
    url: &str,
    now: SimTime,
    max: i64,
    visibility_timeout: Option<i64>,
) -> Vec<String> {
    let input = ReceiveMessageInput {
        queue_url: Some(url.to_owned()),
        max_number_of_messages: Some(max),
        visibility_timeout,
        ..Default::default()
    };
    match sqs.receive_message(now, input).unwrap() {
        ReceiveOutcome::Done(output) => output
            .messages
            .into_iter()
            .map(|m| m.receipt_handle)
            .collect(),
        ReceiveOutcome::Waiting(_) => Vec::new(),
    }
}

fn cycle(c: &mut Criterion) {
    let mut group = c.benchmark_group("cycle");
    // One iteration is three API operations.
    group.throughput(Throughput::Elements(3));
    let (mut sqs, url) = service();
    let mut now = SimTime::ZERO;
    group.bench_function("send_receive_delete", |b| {
        b.iter(|| {
            now = SimTime(now.0 + 1);
            send(&mut sqs, &url, now);
            let handle = receive(&mut sqs, &url, now, 1, None).pop().unwrap();
            let input = DeleteMessageInput {
                queue_url: Some(url.clone()),
                receipt_handle: Some(handle),
            };
            black_box(sqs.delete_message(now, input).unwrap());
        })
    });
    group.finish();
}

fn receive_at_depth(c: &mut Criterion) {
    let mut group = c.benchmark_group("receive_at_depth");
    for depth in [1_000usize, 1_000_000] {
        let (mut sqs, url) = service();
        for _ in 0..depth {
            send(&mut sqs, &url, SimTime::ZERO);
        }
        // VisibilityTimeout 0 leaves the ten messages visible (at the back of the order), so
        // the depth stays the same however many iterations run.
        group.bench_function(format!("{depth}_messages"), |b| {
            b.iter(|| black_box(receive(&mut sqs, &url, SimTime(1), 10, Some(0))))
        });
    }
    group.finish();
}

criterion_group!(benches, cycle, receive_at_depth);
criterion_main!(benches);
