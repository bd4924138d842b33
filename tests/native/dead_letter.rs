//! Dead-letter queues and redrives (SQS_SEMANTICS.md §2.7, §2.15; cases SQS-049, 052, 091, 094).

use serde_json::json;
use sqs_sim::sqs::ErrorCode;

use crate::support::{assert_error, Client};

fn with_dlq(
    c: &mut Client,
    source: &str,
    dlq: &str,
    max_receive_count: u32,
    extra: serde_json::Value,
) {
    let fifo = source.ends_with(".fifo");
    let base = if fifo {
        json!({"FifoQueue": "true", "ContentBasedDeduplication": "true"})
    } else {
        json!({})
    };
    c.create(0.0, dlq, base.clone());
    let mut attributes = base;
    attributes["RedrivePolicy"] = json!(
        json!({"deadLetterTargetArn": c.arn(dlq), "maxReceiveCount": max_receive_count})
            .to_string()
    );
    for (k, v) in extra.as_object().unwrap() {
        attributes[k] = v.clone();
    }
    c.create(0.0, source, attributes);
}

#[test]
fn the_move_happens_in_the_receive_that_would_exceed_max_receive_count() {
    let mut c = Client::new();
    with_dlq(&mut c, "src", "dlq", 1, json!({"VisibilityTimeout": "1"}));
    let id = c.send(0.0, "src", "poison");
    assert_eq!(
        c.receive(0.0, "src")[0]["Attributes"]["ApproximateReceiveCount"],
        "1"
    );
    assert!(
        c.receive(2.0, "src").is_empty(),
        "the moving receive returns nothing"
    );
    assert_eq!(c.counts(2.5, "src"), (0, 0, 0));
    assert_eq!(c.counts(2.5, "dlq"), (1, 0, 0));
    let moved = c.receive(3.0, "dlq");
    assert_eq!(moved[0]["MessageId"], id);
    assert_eq!(moved[0]["Attributes"]["ApproximateReceiveCount"], "2");
    assert_eq!(
        moved[0]["Attributes"]["DeadLetterQueueSourceArn"],
        c.arn("src")
    );
    assert_eq!(moved[0]["Attributes"]["SentTimestamp"], "1700000000000");
    let counters = &c.sqs.queue("dlq").unwrap().counters;
    assert_eq!(
        (counters.sent, counters.moved_in),
        (0, 1),
        "a move is not a send"
    );
}

#[test]
fn nothing_moves_while_nobody_receives() {
    let mut c = Client::new();
    with_dlq(&mut c, "src", "dlq", 1, json!({}));
    c.send(0.0, "src", "m");
    c.receive(1.0, "src");
    assert_eq!(
        c.counts(200.0, "src"),
        (1, 0, 0),
        "lapsed at 31 s, still in the source"
    );
    assert_eq!(c.counts(200.0, "dlq"), (0, 0, 0));
    assert!(c.receive(200.0, "src").is_empty());
    assert_eq!(c.counts(200.0, "dlq"), (1, 0, 0));
}

#[test]
fn a_message_is_tried_max_receive_count_times_before_it_moves() {
    let mut c = Client::new();
    with_dlq(
        &mut c,
        "orders",
        "orders-dlq",
        3,
        json!({"VisibilityTimeout": "0"}),
    );
    c.send(0.0, "orders", "m");
    for attempt in 1..=3 {
        assert_eq!(
            c.receive(f64::from(attempt), "orders")[0]["Attributes"]["ApproximateReceiveCount"],
            attempt.to_string()
        );
    }
    assert!(c.receive(4.0, "orders").is_empty());
    assert_eq!(
        c.receive(5.0, "orders-dlq")[0]["Attributes"]["ApproximateReceiveCount"],
        "4"
    );
}

#[test]
fn a_fifo_move_unblocks_the_group_and_restarts_retention() {
    let mut c = Client::new();
    with_dlq(
        &mut c,
        "f.fifo",
        "df.fifo",
        2,
        json!({"VisibilityTimeout": "0"}),
    );
    c.send_fifo(0.0, "f.fifo", "first", "g");
    c.send_fifo(0.0, "f.fifo", "second", "g");
    assert_eq!(
        Client::bodies(&c.receive_with(0.0, "f.fifo", json!({"MaxNumberOfMessages": 1}))),
        ["first"]
    );
    assert_eq!(
        Client::bodies(&c.receive_with(0.0, "f.fifo", json!({"MaxNumberOfMessages": 1}))),
        ["first"]
    );
    // The third receive moves "first" and, the group now unblocked, returns "second".
    assert_eq!(
        Client::bodies(&c.receive_with(0.0, "f.fifo", json!({"MaxNumberOfMessages": 1}))),
        ["second"]
    );
    let moved = c.receive(1.0, "df.fifo");
    assert_eq!(
        moved[0]["Attributes"]["MessageDeduplicationId"],
        moved[0]["MessageId"]
    );
}

#[test]
fn standard_dead_letters_keep_their_enqueue_time_and_fifo_ones_restart_it() {
    let mut c = Client::new();
    with_dlq(&mut c, "q", "d", 1, json!({"VisibilityTimeout": "1"}));
    with_dlq(
        &mut c,
        "f.fifo",
        "df.fifo",
        1,
        json!({"VisibilityTimeout": "1"}),
    );
    c.send(0.0, "q", "s");
    c.send_fifo(0.0, "f.fifo", "f", "g");
    c.receive(0.0, "q");
    c.receive(0.0, "f.fifo");
    c.receive(86_400.0, "q");
    c.receive(86_400.0, "f.fifo");
    assert_eq!(c.counts(345_599.0, "d").0, 1);
    assert_eq!(
        c.counts(345_601.0, "d").0,
        0,
        "expired 4 days after the original send"
    );
    assert_eq!(c.counts(345_601.0, "df.fifo").0, 1);
    assert_eq!(
        c.counts(432_001.0, "df.fifo").0,
        0,
        "expired 4 days after the move"
    );
}

#[test]
fn list_dead_letter_source_queues_names_every_source() {
    let mut c = Client::new();
    with_dlq(&mut c, "a", "dlq", 3, json!({}));
    let policy = json!({"deadLetterTargetArn": c.arn("dlq"), "maxReceiveCount": 5}).to_string();
    c.create(0.0, "b", json!({"RedrivePolicy": policy}));
    let r = c.call(
        1.0,
        "ListDeadLetterSourceQueues",
        json!({"QueueUrl": "dlq"}),
    );
    assert_eq!(r, json!({"queueUrls": [c.url("a"), c.url("b")]}));
}

#[test]
fn a_move_task_needs_a_dead_letter_queue_source_and_an_existing_destination() {
    let mut c = Client::new();
    c.create(0.0, "plain", json!({}));
    c.create(0.0, "other", json!({}));
    let e = c.fail(
        0.0,
        "StartMessageMoveTask",
        json!({"SourceArn": c.arn("plain"), "DestinationArn": c.arn("other")}),
    );
    assert_error(
        &e,
        ErrorCode::InvalidParameterValue,
        "Source queue must be configured as a Dead Letter Queue.",
    );
    with_dlq(&mut c, "src", "dlq", 1, json!({}));
    let e = c.fail(
        0.0,
        "StartMessageMoveTask",
        json!({"SourceArn": c.arn("dlq"), "DestinationArn": c.arn("gone")}),
    );
    assert_error(
        &e,
        ErrorCode::ResourceNotFoundException,
        "The resource that you specified for the DestinationArn parameter doesn't exist.",
    );
    assert_eq!(e.code.http_status(), 404);
    let e = c.fail(
        0.0,
        "StartMessageMoveTask",
        json!({"SourceArn": c.arn("nothing")}),
    );
    assert_error(
        &e,
        ErrorCode::ResourceNotFoundException,
        "The resource that you specified for the SourceArn parameter doesn't exist.",
    );
}

/// Fills `dlq` (the DLQ of `src`) with `n` dead letters.
fn dead_letters(c: &mut Client, n: usize) {
    with_dlq(c, "src", "dlq", 1, json!({"VisibilityTimeout": "0"}));
    for i in 0..n {
        c.send(0.0, "src", &format!("m{i}"));
    }
    for _ in 0..n {
        c.receive(0.0, "src");
    }
    c.receive(0.0, "src");
    assert_eq!(c.counts(0.0, "dlq").0 as usize, n);
}

#[test]
fn a_move_task_redrives_at_its_rate_and_can_be_cancelled() {
    let mut c = Client::new();
    dead_letters(&mut c, 10);
    c.create(0.0, "e", json!({}));
    let handle = c.call(0.0, "StartMessageMoveTask", json!({"SourceArn": c.arn("dlq"), "DestinationArn": c.arn("e"), "MaxNumberOfMessagesPerSecond": 1}))["TaskHandle"].clone();
    assert_eq!(c.counts(2.5, "e").0, 3, "messages at 0, 1 and 2 s");
    let listed = c.call(
        2.5,
        "ListMessageMoveTasks",
        json!({"SourceArn": c.arn("dlq")}),
    );
    let task = &listed["Results"][0];
    assert_eq!(
        (
            task["Status"].as_str(),
            task["MaxNumberOfMessagesPerSecond"].as_u64()
        ),
        (Some("RUNNING"), Some(1))
    );
    assert_eq!(task["TaskHandle"], handle);
    assert_eq!(task["ApproximateNumberOfMessagesToMove"], 10);
    let e = c.fail(
        2.5,
        "StartMessageMoveTask",
        json!({"SourceArn": c.arn("dlq")}),
    );
    assert_error(&e, ErrorCode::InvalidParameterValue, "There is already a task running. Only one active task is allowed for a source queue arn at a given time.");
    let cancelled = c.call(2.5, "CancelMessageMoveTask", json!({"TaskHandle": handle}));
    assert_eq!(cancelled["ApproximateNumberOfMessagesMoved"], 3);
    let listed = c.call(
        10.0,
        "ListMessageMoveTasks",
        json!({"SourceArn": c.arn("dlq")}),
    );
    assert_eq!(listed["Results"][0]["Status"], "CANCELLED");
    assert!(listed["Results"][0].get("TaskHandle").is_none());
    assert_eq!(c.counts(10.0, "dlq").0, 7);
    let e = c.fail(
        10.0,
        "CancelMessageMoveTask",
        json!({"TaskHandle": "not-a-handle"}),
    );
    assert_error(
        &e,
        ErrorCode::InvalidParameterValue,
        "Value for parameter TaskHandle is invalid.",
    );
}

#[test]
fn without_a_destination_messages_return_to_their_source_as_new_messages() {
    let mut c = Client::new();
    dead_letters(&mut c, 4);
    let old_ids: Vec<String> = c
        .receive_with(
            0.0,
            "dlq",
            json!({"MaxNumberOfMessages": 10, "VisibilityTimeout": 0}),
        )
        .iter()
        .map(|m| m["MessageId"].as_str().unwrap().to_owned())
        .collect();
    c.call(
        1.0,
        "StartMessageMoveTask",
        json!({"SourceArn": c.arn("dlq"), "MaxNumberOfMessagesPerSecond": 1}),
    );
    assert_eq!(c.counts(3.5, "src").0, 3);
    assert_eq!(c.counts(4.0, "src").0, 4, "four messages at 1/s take 3 s");
    let back = c.receive(4.0, "src");
    assert_eq!(back.len(), 4);
    for m in &back {
        assert_eq!(
            m["Attributes"]["ApproximateReceiveCount"], "1",
            "receive counts start again"
        );
        assert!(
            !old_ids.contains(&m["MessageId"].as_str().unwrap().to_owned()),
            "a new MessageId"
        );
    }
    let listed = c.call(
        5.0,
        "ListMessageMoveTasks",
        json!({"SourceArn": c.arn("dlq")}),
    );
    assert_eq!(listed["Results"][0]["Status"], "COMPLETED");
    assert_eq!(listed["Results"][0]["ApproximateNumberOfMessagesMoved"], 4);
}

#[test]
fn deleting_the_destination_fails_a_running_task() {
    let mut c = Client::new();
    dead_letters(&mut c, 5);
    c.create(0.0, "e", json!({}));
    c.call(0.0, "StartMessageMoveTask", json!({"SourceArn": c.arn("dlq"), "DestinationArn": c.arn("e"), "MaxNumberOfMessagesPerSecond": 1}));
    c.call(1.5, "DeleteQueue", json!({"QueueUrl": "e"}));
    let listed = c.call(
        2.0,
        "ListMessageMoveTasks",
        json!({"SourceArn": c.arn("dlq")}),
    );
    assert_eq!(listed["Results"][0]["Status"], "FAILED");
    assert_eq!(
        listed["Results"][0]["FailureReason"],
        "AWS.SimpleQueueService.NonExistentQueue"
    );
}

#[test]
fn a_redrive_follows_its_policy_when_the_policy_or_the_dead_letter_queue_changes() {
    let mut c = Client::new();
    with_dlq(&mut c, "src", "dlq-a", 1, json!({"VisibilityTimeout": "1"}));
    let redrive_twice = |c: &mut Client, t: f64| {
        c.send(t, "src", "poison");
        c.receive(t, "src");
        assert!(c.receive(t + 2.0, "src").is_empty(), "moved at {t}");
    };
    redrive_twice(&mut c, 0.0);
    assert_eq!(c.counts(3.0, "dlq-a"), (1, 0, 0));

    // A new policy names another queue.
    c.create(3.0, "dlq-b", json!({}));
    let policy = json!({"deadLetterTargetArn": c.arn("dlq-b"), "maxReceiveCount": 1}).to_string();
    c.call(
        3.0,
        "SetQueueAttributes",
        json!({"QueueUrl": c.url("src"), "Attributes": {"RedrivePolicy": policy}}),
    );
    redrive_twice(&mut c, 4.0);
    assert_eq!(c.counts(7.0, "dlq-a"), (1, 0, 0));
    assert_eq!(c.counts(7.0, "dlq-b"), (1, 0, 0));

    // The dead-letter queue deleted and created again (a new queue under the same ARN).
    c.call(8.0, "DeleteQueue", json!({"QueueUrl": c.url("dlq-b")}));
    c.create(70.0, "dlq-b", json!({}));
    redrive_twice(&mut c, 71.0);
    assert_eq!(
        c.counts(74.0, "dlq-b"),
        (1, 0, 0),
        "only the message moved after it was made again"
    );
}
