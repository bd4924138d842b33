//! FIFO queues: group order, the prefix blocking rule, deduplication, sequence numbers
//! (SQS_SEMANTICS.md §2.10; cases SQS-019, 022, 046, 064, 067, 070, 073, 076, 079).

use serde_json::{json, Value};
use sqs_sim::sqs::digest::content_deduplication_id;
use sqs_sim::sqs::ErrorCode;

use crate::support::{assert_error, Client};

fn fifo(c: &mut Client, name: &str, extra: Value) -> String {
    let mut attributes = json!({"FifoQueue": "true", "ContentBasedDeduplication": "true"});
    attributes
        .as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    c.create(0.0, name, attributes)
}

#[test]
fn fifo_sends_need_a_group_and_a_deduplication_id() {
    let mut c = Client::new();
    c.create(0.0, "q.fifo", json!({"FifoQueue": "true"}));
    let e = c.fail(
        0.0,
        "SendMessage",
        json!({"QueueUrl": "q.fifo", "MessageBody": "x", "MessageDeduplicationId": "d"}),
    );
    assert_error(
        &e,
        ErrorCode::MissingParameter,
        "The request must contain the parameter MessageGroupId.",
    );
    let e = c.fail(
        0.0,
        "SendMessage",
        json!({"QueueUrl": "q.fifo", "MessageBody": "x", "MessageGroupId": "g"}),
    );
    assert_error(&e, ErrorCode::InvalidParameterValue, "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly");
}

#[test]
fn fifo_refuses_per_message_delays_but_accepts_zero() {
    let mut c = Client::new();
    fifo(&mut c, "q.fifo", json!({}));
    let e = c.fail(
        0.0,
        "SendMessage",
        json!({"QueueUrl": "q.fifo", "MessageBody": "x", "MessageGroupId": "g", "DelaySeconds": 2}),
    );
    assert_error(&e, ErrorCode::InvalidParameterValue, "Value 2 for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.");
    c.call(
        0.0,
        "SendMessage",
        json!({"QueueUrl": "q.fifo", "MessageBody": "x", "MessageGroupId": "g", "DelaySeconds": 0}),
    );
}

#[test]
fn sequence_numbers_strictly_increase_and_only_fifo_has_them() {
    let mut c = Client::new();
    fifo(&mut c, "q.fifo", json!({}));
    c.create(0.0, "std", json!({}));
    let numbers: Vec<u128> = (0..3)
        .map(|i| {
            c.send_fifo(f64::from(i), "q.fifo", &format!("m{i}"), "g")["SequenceNumber"]
                .as_str()
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect();
    assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{numbers:?}");
    assert!(numbers[0].to_string().len() >= 20);
    let standard = c.call(
        0.0,
        "SendMessage",
        json!({"QueueUrl": "std", "MessageBody": "x"}),
    );
    assert!(standard.get("SequenceNumber").is_none());
}

#[test]
fn one_receive_takes_a_whole_group_then_moves_to_the_next() {
    let mut c = Client::new();
    fifo(&mut c, "q.fifo", json!({}));
    c.send_fifo(0.0, "q.fifo", "g1-m1", "group-1");
    c.send_fifo(0.0, "q.fifo", "g2-m1", "group-2");
    c.send_fifo(0.0, "q.fifo", "g1-m2", "group-1");
    c.send_fifo(0.0, "q.fifo", "g1-m3", "group-1");
    assert_eq!(
        Client::bodies(&c.receive(1.0, "q.fifo")),
        ["g1-m1", "g1-m2", "g1-m3", "g2-m1"]
    );
}

#[test]
fn a_receive_with_zero_visibility_releases_the_group_and_redelivers_after_fresh_groups() {
    let mut c = Client::new();
    fifo(&mut c, "q.fifo", json!({}));
    for (body, group) in [
        ("g1-m1", "g1"),
        ("g2-m1", "g2"),
        ("g2-m2", "g2"),
        ("g3-m1", "g3"),
        ("g1-m2", "g1"),
    ] {
        c.send_fifo(0.0, "q.fifo", body, group);
    }
    let first = c.receive_with(
        0.0,
        "q.fifo",
        json!({"MaxNumberOfMessages": 3, "VisibilityTimeout": 0}),
    );
    assert_eq!(Client::bodies(&first), ["g1-m1", "g1-m2", "g2-m1"]);
    let second = c.receive_with(
        0.0,
        "q.fifo",
        json!({"MaxNumberOfMessages": 10, "VisibilityTimeout": 0}),
    );
    // The order AWS was observed to give (§2.10.4): the never-received group first.
    assert_eq!(
        Client::bodies(&second),
        ["g3-m1", "g1-m1", "g1-m2", "g2-m1", "g2-m2"]
    );
}

#[test]
fn a_group_is_blocked_while_its_first_message_is_in_flight() {
    let mut c = Client::new();
    fifo(&mut c, "q.fifo", json!({}));
    c.send_fifo(0.0, "q.fifo", "a1", "A");
    c.send_fifo(0.0, "q.fifo", "a2", "A");
    let a1 = c.receive_with(1.0, "q.fifo", json!({"MaxNumberOfMessages": 1}));
    assert_eq!(Client::bodies(&a1), ["a1"]);
    c.send_fifo(1.5, "q.fifo", "b1", "B");
    c.send_fifo(1.5, "q.fifo", "a3", "A");
    assert_eq!(
        Client::bodies(&c.receive(2.0, "q.fifo")),
        ["b1"],
        "group A waits behind a1, new sends do not unblock it"
    );
    // Messages behind the in-flight head still count as visible (§2.18).
    assert_eq!(c.counts(2.5, "q.fifo"), (2, 2, 0));
    assert_eq!(c.sqs.queue("q.fifo").unwrap().groups_with_in_flight(), 2);
    c.delete(3.0, "q.fifo", &a1[0]["ReceiptHandle"]).unwrap();
    assert_eq!(Client::bodies(&c.receive(4.0, "q.fifo")), ["a2", "a3"]);
}

#[test]
fn the_prefix_rule_returns_earlier_visible_messages_of_a_group() {
    let mut c = Client::new();
    fifo(&mut c, "q.fifo", json!({"VisibilityTimeout": "5"}));
    for body in ["foo", "bar", "baz"] {
        c.send_fifo(0.0, "q.fifo", body, "g");
    }
    let got = c.receive(0.0, "q.fifo");
    assert_eq!(Client::bodies(&got), ["foo", "bar", "baz"]);
    c.change_visibility(1.0, "q.fifo", &got[2]["ReceiptHandle"], 100)
        .unwrap();
    let again = c.receive(6.0, "q.fifo");
    assert_eq!(
        Client::bodies(&again),
        ["foo", "bar"],
        "up to the first message still in flight"
    );
    c.change_visibility(7.0, "q.fifo", &again[1]["ReceiptHandle"], 100)
        .unwrap();
    assert_eq!(Client::bodies(&c.receive(12.0, "q.fifo")), ["foo"]);
}

#[test]
fn fifo_redelivers_in_the_original_order_after_a_timeout() {
    let mut c = Client::new();
    fifo(&mut c, "q.fifo", json!({"VisibilityTimeout": "1"}));
    for body in ["1", "2", "3"] {
        c.send_fifo(0.0, "q.fifo", body, "g");
    }
    assert_eq!(Client::bodies(&c.receive(0.0, "q.fifo")), ["1", "2", "3"]);
    assert_eq!(Client::bodies(&c.receive(2.0, "q.fifo")), ["1", "2", "3"]);
}

#[test]
fn a_deleted_group_unblocks_and_other_groups_follow() {
    let mut c = Client::new();
    fifo(&mut c, "q.fifo", json!({}));
    for (body, group) in [
        ("g1-m1", "g1"),
        ("g1-m2", "g1"),
        ("g2-m1", "g2"),
        ("g2-m2", "g2"),
        ("g1-m3", "g1"),
        ("g1-m4", "g1"),
        ("g3-m1", "g3"),
    ] {
        c.send_fifo(0.0, "q.fifo", body, group);
    }
    let first = c.receive_with(1.0, "q.fifo", json!({"MaxNumberOfMessages": 2}));
    assert_eq!(Client::bodies(&first), ["g1-m1", "g1-m2"]);
    for m in &first {
        c.delete(2.0, "q.fifo", &m["ReceiptHandle"]).unwrap();
    }
    let rest = Client::bodies(&c.receive(3.0, "q.fifo"));
    let mut sorted = rest.clone();
    sorted.sort();
    assert_eq!(sorted, ["g1-m3", "g1-m4", "g2-m1", "g2-m2", "g3-m1"]);
    let position = |b: &str| rest.iter().position(|x| x == b).unwrap();
    assert!(position("g1-m3") < position("g1-m4"));
    assert!(position("g2-m1") < position("g2-m2"));
}

#[test]
fn an_explicit_deduplication_id_drops_repeats_for_five_minutes_even_after_delete() {
    let mut c = Client::new();
    c.create(0.0, "q.fifo", json!({"FifoQueue": "true"}));
    let send = |c: &mut Client, t: f64, body: &str| {
        c.call(t, "SendMessage", json!({"QueueUrl": "q.fifo", "MessageBody": body, "MessageGroupId": "g", "MessageDeduplicationId": "d1"}))
    };
    let first = send(&mut c, 0.0, "a");
    let repeat = send(&mut c, 3.0, "b");
    assert_eq!(
        repeat["MessageId"], first["MessageId"],
        "the duplicate answers with the original's id"
    );
    let got = c.receive(4.0, "q.fifo");
    assert_eq!(Client::bodies(&got), ["a"]);
    c.delete(4.0, "q.fifo", &got[0]["ReceiptHandle"]).unwrap();
    send(&mut c, 299.0, "c");
    assert!(
        c.receive(299.5, "q.fifo").is_empty(),
        "still inside the window, although the original is gone"
    );
    send(&mut c, 301.0, "d");
    assert_eq!(Client::bodies(&c.receive(301.5, "q.fifo")), ["d"]);
    assert_eq!(c.sqs.queue("q.fifo").unwrap().counters.deduplicated, 2);
}

#[test]
fn content_based_deduplication_hashes_the_body_only() {
    let mut c = Client::new();
    fifo(&mut c, "q.fifo", json!({}));
    for value in ["1", "2"] {
        c.call(
            0.0,
            "SendMessage",
            json!({"QueueUrl": "q.fifo", "MessageBody": "B", "MessageGroupId": "g",
            "MessageAttributes": {"a": {"DataType": "Number", "StringValue": value}}}),
        );
    }
    c.send_fifo(0.0, "q.fifo", "C", "g");
    c.send_fifo(0.0, "q.fifo", "D", "g");
    c.call(
        0.0,
        "SendMessage",
        json!({"QueueUrl": "q.fifo", "MessageBody": "E", "MessageGroupId": "g",
        "MessageDeduplicationId": content_deduplication_id("B")}),
    );
    assert_eq!(Client::bodies(&c.receive(1.0, "q.fifo")), ["B", "C", "D"]);
}

#[test]
fn deduplication_is_queue_wide_by_default_and_per_group_when_scoped() {
    let mut c = Client::new();
    fifo(&mut c, "wide.fifo", json!({}));
    fifo(
        &mut c,
        "scoped.fifo",
        json!({"DeduplicationScope": "messageGroup", "FifoThroughputLimit": "perMessageGroupId"}),
    );
    for queue in ["wide.fifo", "scoped.fifo"] {
        c.send_fifo(0.0, queue, "same", "g1");
        c.send_fifo(0.0, queue, "same", "g2");
    }
    assert_eq!(c.receive(1.0, "wide.fifo").len(), 1);
    assert_eq!(c.receive(1.0, "scoped.fifo").len(), 2);
}

#[test]
fn purge_clears_the_deduplication_history() {
    let mut c = Client::new();
    fifo(&mut c, "q.fifo", json!({}));
    c.send_fifo(0.0, "q.fifo", "x", "g");
    c.call(1.0, "PurgeQueue", json!({"QueueUrl": "q.fifo"}));
    c.send_fifo(2.0, "q.fifo", "x", "g");
    assert_eq!(Client::bodies(&c.receive(3.0, "q.fifo")), ["x"]);
}

#[test]
fn a_fifo_handle_expires_with_its_visibility_unless_extended() {
    let mut c = Client::new();
    fifo(&mut c, "q.fifo", json!({"VisibilityTimeout": "1"}));
    c.send_fifo(0.0, "q.fifo", "a", "g");
    c.send_fifo(0.0, "q.fifo", "b", "h");
    let got = c.receive(0.0, "q.fifo");
    let (a, b) = (
        got[0]["ReceiptHandle"].clone(),
        got[1]["ReceiptHandle"].clone(),
    );
    c.change_visibility(0.0, "q.fifo", &b, 5).unwrap();
    let e = c.delete(1.5, "q.fifo", &a).unwrap_err();
    assert_error(&e, ErrorCode::InvalidParameterValue, &format!("Value {} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.", a.as_str().unwrap()));
    c.delete(1.5, "q.fifo", &b).unwrap();
    assert_eq!(Client::bodies(&c.receive(1.6, "q.fifo")), ["a"]);
}

#[test]
fn fifo_system_attributes_include_group_dedup_and_sequence_and_count_receives() {
    let mut c = Client::new();
    fifo(&mut c, "q.fifo", json!({"VisibilityTimeout": "0"}));
    let sent = c.call(0.0, "SendMessage", json!({"QueueUrl": "q.fifo", "MessageBody": "message-body-1", "MessageGroupId": "group-1", "MessageDeduplicationId": "dedup-1"}));
    let first = c.receive(0.0, "q.fifo");
    let second = c.receive(0.0, "q.fifo");
    let attributes = &first[0]["Attributes"];
    let keys: Vec<&String> = attributes.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "ApproximateFirstReceiveTimestamp",
            "ApproximateReceiveCount",
            "MessageDeduplicationId",
            "MessageGroupId",
            "SenderId",
            "SentTimestamp",
            "SequenceNumber"
        ]
    );
    assert_eq!(attributes["SequenceNumber"], sent["SequenceNumber"]);
    assert_eq!(attributes["MessageDeduplicationId"], "dedup-1");
    assert_eq!(first[0]["MD5OfBody"], "19c9e282d65f9733bc6b35d50062c7ee");
    assert_eq!(second[0]["Attributes"]["ApproximateReceiveCount"], "2");
    assert_ne!(first[0]["ReceiptHandle"], second[0]["ReceiptHandle"]);
}

#[test]
fn a_receive_request_attempt_id_replays_the_same_messages_while_nothing_changed() {
    let mut c = Client::new();
    fifo(&mut c, "q.fifo", json!({"VisibilityTimeout": "30"}));
    c.send_fifo(0.0, "q.fifo", "a", "g");
    let params = json!({"MaxNumberOfMessages": 10, "ReceiveRequestAttemptId": "try-1"});
    let first = c.receive_with(0.0, "q.fifo", params.clone());
    let retry = c.receive_with(10.0, "q.fifo", params.clone());
    assert_eq!(retry, first, "same messages and handles");
    // The retry reset the visibility timeout: still hidden at 35 s.
    assert!(c.receive(35.0, "q.fifo").is_empty());
    assert_eq!(c.receive(40.5, "q.fifo").len(), 1);
}

#[test]
fn changing_the_delay_applies_to_messages_already_waiting_in_a_fifo_queue() {
    let mut c = Client::new();
    fifo(&mut c, "q.fifo", json!({"DelaySeconds": "10"}));
    c.send_fifo(0.0, "q.fifo", "m", "g");
    c.call(
        1.0,
        "SetQueueAttributes",
        json!({"QueueUrl": "q.fifo", "Attributes": {"DelaySeconds": "0"}}),
    );
    assert_eq!(Client::bodies(&c.receive(1.5, "q.fifo")), ["m"]);
}

#[test]
fn a_fifo_queue_throttles_past_300_requests_a_second_and_batches_carry_ten() {
    let mut c = Client::new();
    fifo(&mut c, "q.fifo", json!({}));
    let mut accepted = 0;
    let mut throttled = None;
    for i in 0..310 {
        match c.try_call(
            0.0,
            "SendMessage",
            json!({"QueueUrl": "q.fifo", "MessageBody": format!("m{i}"), "MessageGroupId": "g"}),
        ) {
            Ok(_) => accepted += 1,
            Err(e) => throttled = Some(e),
        }
    }
    assert_eq!(accepted, 300);
    assert_eq!(throttled.unwrap().code, ErrorCode::RequestThrottled);
    // One second later the quota is back; a batch of ten is one transaction.
    let batch: Vec<Value> = (0..10).map(|i| json!({"Id": format!("e{i}"), "MessageBody": format!("b{i}"), "MessageGroupId": "g"})).collect();
    for _ in 0..300 {
        c.call(
            1.0,
            "SendMessageBatch",
            json!({"QueueUrl": "q.fifo", "Entries": batch}),
        );
    }
    assert_eq!(c.sqs.queue("q.fifo").unwrap().counters.throttled, 10);
    // Standard queues have no such quota.
    c.create(2.0, "std", json!({}));
    for i in 0..1000 {
        c.send(2.0, "std", &format!("m{i}"));
    }
}
