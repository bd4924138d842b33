//! The seeded standard-queue delivery model (SQS_SEMANTICS.md §2.2; cases SQS-028, SQS-100).

use serde_json::json;
use sqs_sim::sqs::DeliveryModel;

use crate::support::Client;

#[test]
fn short_polls_sample_servers_and_eventually_see_every_message() {
    let mut c = Client::with_model(
        DeliveryModel {
            servers: 8,
            short_poll_sampled: 3,
            duplicate_probability: 0.0,
        },
        42,
    );
    c.create(0.0, "q", json!({}));
    for i in 0..5 {
        c.send(0.0, "q", &format!("m{i}"));
    }
    let mut sizes = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for i in 0..40 {
        let got = c.receive_with(
            f64::from(i),
            "q",
            json!({"MaxNumberOfMessages": 10, "VisibilityTimeout": 0}),
        );
        sizes.push(got.len());
        seen.extend(Client::bodies(&got));
    }
    assert!(sizes.iter().all(|&n| n <= 5));
    assert!(
        sizes.iter().any(|&n| n < 5),
        "sampling missed some messages at least once: {sizes:?}"
    );
    assert_eq!(seen.len(), 5, "repeated short polls see all five");
    // A long poll asks every server.
    let long = c.receive_with(
        50.0,
        "q",
        json!({"MaxNumberOfMessages": 10, "WaitTimeSeconds": 1}),
    );
    assert_eq!(long.len(), 5);
}

#[test]
fn the_ideal_model_answers_every_short_poll_in_full() {
    let mut c = Client::new();
    c.create(0.0, "q", json!({}));
    for i in 0..5 {
        c.send(0.0, "q", &format!("m{i}"));
    }
    for i in 0..10 {
        assert_eq!(
            c.receive_with(
                f64::from(i),
                "q",
                json!({"MaxNumberOfMessages": 10, "VisibilityTimeout": 0})
            )
            .len(),
            5
        );
    }
}

#[test]
fn a_missed_copy_delivers_a_deleted_message_again_with_the_same_id() {
    let mut c = Client::with_model(
        DeliveryModel {
            servers: 1,
            short_poll_sampled: 1,
            duplicate_probability: 1.0,
        },
        7,
    );
    c.create(0.0, "q", json!({"VisibilityTimeout": "10"}));
    let id = c.send(0.0, "q", "charge card");
    let first = c.receive(0.0, "q");
    c.delete(1.0, "q", &first[0]["ReceiptHandle"]).unwrap();
    assert!(c.receive(5.0, "q").is_empty());
    let again = c.receive(10.5, "q");
    assert_eq!(again[0]["MessageId"], id.as_str());
    assert_ne!(again[0]["ReceiptHandle"], first[0]["ReceiptHandle"]);
    c.delete(11.0, "q", &again[0]["ReceiptHandle"]).unwrap();
    assert!(
        c.receive(30.0, "q").is_empty(),
        "one copy is missed at most once"
    );
    assert_eq!(c.sqs.queue("q").unwrap().counters.duplicates_delivered, 1);
}

#[test]
fn fifo_queues_ignore_the_delivery_model() {
    let mut c = Client::with_model(
        DeliveryModel {
            servers: 8,
            short_poll_sampled: 1,
            duplicate_probability: 1.0,
        },
        3,
    );
    c.create(
        0.0,
        "q.fifo",
        json!({"FifoQueue": "true", "ContentBasedDeduplication": "true"}),
    );
    for i in 0..5 {
        c.send_fifo(0.0, "q.fifo", &format!("m{i}"), "g");
    }
    let got = c.receive(0.0, "q.fifo");
    assert_eq!(got.len(), 5);
    for m in &got {
        c.delete(1.0, "q.fifo", &m["ReceiptHandle"]).unwrap();
    }
    assert!(c.receive(100.0, "q.fifo").is_empty(), "exactly once");
}

#[test]
fn the_same_seed_gives_the_same_run() {
    let run = |seed: u64| {
        let mut c = Client::with_model(DeliveryModel::realistic(), seed);
        c.create(0.0, "q", json!({}));
        let mut out = Vec::new();
        for i in 0..30 {
            c.send(f64::from(i), "q", &format!("m{i}"));
            out.push(c.receive_with(f64::from(i) + 0.5, "q", json!({"MaxNumberOfMessages": 3})));
        }
        out
    };
    assert_eq!(run(9), run(9));
    assert_ne!(run(9), run(10));
}
