//! SendMessage, ReceiveMessage, visibility, receipt handles, delays, retention, long polling
//! (SQS_SEMANTICS.md §2.2–§2.9; cases SQS-013, 016, 025, 031, 034, 037, 040, 043, 055, 058, 061, 097).

use serde_json::{json, Value};
use sqs_sim::sqs::{ErrorCode, ReceiveMessageInput, ReceiveOutcome};

use crate::support::{assert_error, at, Client};

#[test]
fn the_size_limit_counts_attributes_and_is_inclusive() {
    let mut c = Client::new();
    c.create(0.0, "q", json!({}));
    let attribute = json!({"k": {"DataType": "String", "StringValue": "x"}});
    c.call(0.0, "SendMessage", json!({"QueueUrl": "q", "MessageBody": "a".repeat(1_048_568), "MessageAttributes": attribute}));
    let e = c.fail(0.0, "SendMessage", json!({"QueueUrl": "q", "MessageBody": "a".repeat(1_048_569), "MessageAttributes": attribute}));
    assert_error(
        &e,
        ErrorCode::InvalidParameterValue,
        "One or more parameters are invalid. Reason: Message must be shorter than 1048576 bytes.",
    );
}

#[test]
fn a_message_group_id_on_a_standard_queue_is_checked_and_returned() {
    let mut c = Client::new();
    c.create(0.0, "q", json!({}));
    for bad in ["", "group 123"] {
        let e = c.fail(
            0.0,
            "SendMessage",
            json!({"QueueUrl": "q", "MessageBody": "x", "MessageGroupId": bad}),
        );
        assert_eq!(e.message, format!("Value {bad} for parameter MessageGroupId is invalid. Reason: MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length."));
    }
    let e = c.fail(
        0.0,
        "SendMessage",
        json!({"QueueUrl": "q", "MessageBody": "x", "MessageGroupId": "a".repeat(129)}),
    );
    assert_eq!(e.code, ErrorCode::InvalidParameterValue);
    c.call(
        0.0,
        "SendMessage",
        json!({"QueueUrl": "q", "MessageBody": "x", "MessageGroupId": "test"}),
    );
    let m = c.receive(0.0, "q");
    assert_eq!(m[0]["Attributes"]["MessageGroupId"], "test");
    assert!(
        m[0]["Attributes"].get("SequenceNumber").is_none(),
        "FIFO-only attributes are left out on a standard queue"
    );
}

#[test]
fn invalid_body_characters_are_invalid_message_contents() {
    let mut c = Client::new();
    c.create(0.0, "q", json!({}));
    assert_eq!(
        c.fail(
            0.0,
            "SendMessage",
            json!({"QueueUrl": "q", "MessageBody": "a\u{0}b"})
        )
        .code,
        ErrorCode::InvalidMessageContents
    );
    let e = c.fail(0.0, "SendMessage", json!({"QueueUrl": "q", "MessageBody": "x", "MessageAttributes": {"ErrorDetails": {"DataType": "String", "StringValue": ""}}}));
    assert_error(
        &e,
        ErrorCode::InvalidParameterValue,
        "Message (user) attribute 'ErrorDetails' must contain a non-empty value of type 'String'.",
    );
}

#[test]
fn message_reappears_after_visibility_timeout_with_a_new_handle() {
    let mut c = Client::new();
    c.create(0.0, "q", json!({}));
    c.send(0.0, "q", "hello");
    let first = c.receive(0.0, "q");
    assert_eq!(first[0]["Attributes"]["ApproximateReceiveCount"], "1");
    assert!(c.receive(29.0, "q").is_empty(), "still in flight at 29 s");
    let second = c.receive(31.0, "q");
    assert_eq!(second[0]["MessageId"], first[0]["MessageId"]);
    assert_ne!(second[0]["ReceiptHandle"], first[0]["ReceiptHandle"]);
    assert_eq!(second[0]["Attributes"]["ApproximateReceiveCount"], "2");
    assert_eq!(
        second[0]["Attributes"]["ApproximateFirstReceiveTimestamp"],
        first[0]["Attributes"]["ApproximateFirstReceiveTimestamp"]
    );
    assert_eq!(second[0]["Attributes"]["SentTimestamp"], "1700000000000");
}

#[test]
fn counters_count_visible_in_flight_and_delayed() {
    let mut c = Client::new();
    c.create(0.0, "q", json!({"VisibilityTimeout": "60"}));
    for i in 0..6 {
        c.send(0.0, "q", &format!("m{i}"));
    }
    c.call(
        0.0,
        "SendMessage",
        json!({"QueueUrl": "q", "MessageBody": "later", "DelaySeconds": 100}),
    );
    c.receive_with(0.0, "q", json!({"MaxNumberOfMessages": 1}));
    assert_eq!(c.counts(1.0, "q"), (5, 1, 1));
    assert_eq!(c.counts(60.5, "q"), (6, 0, 1));
}

#[test]
fn change_visibility_counts_from_now_and_can_extend_repeatedly() {
    let mut c = Client::new();
    c.create(0.0, "q", json!({"VisibilityTimeout": "2"}));
    c.send(0.0, "q", "m");
    let h = c.receive(0.0, "q")[0]["ReceiptHandle"].clone();
    for t in [1.0, 2.0, 3.0, 4.0] {
        c.change_visibility(t, "q", &h, 2).unwrap();
        assert!(c.receive(t + 0.5, "q").is_empty(), "hidden at {t}");
    }
    // Extended at 4 for 2 s: a long poll from 4.5 gets it at 6.
    let input: ReceiveMessageInput =
        serde_json::from_value(json!({"QueueUrl": c.url("q"), "WaitTimeSeconds": 5})).unwrap();
    let (output, end) = c.sqs.receive_message_waiting(at(4.5), input).unwrap();
    assert_eq!(output.messages.len(), 1);
    assert_eq!(end, at(6.0));
}

#[test]
fn change_visibility_is_capped_at_twelve_hours_from_the_receive() {
    let mut c = Client::new();
    c.create(0.0, "q", json!({}));
    c.send(0.0, "q", "m");
    let h = c.receive(0.0, "q")[0]["ReceiptHandle"].clone();
    let e = c.change_visibility(5.0, "q", &h, 43200).unwrap_err();
    assert_error(&e, ErrorCode::InvalidParameterValue, "Value 43200 for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is beyond the limit [43200 seconds]");
    c.change_visibility(5.0, "q", &h, 43195).unwrap();
    c.change_visibility(10000.0, "q", &h, 33200).unwrap();
    assert_eq!(
        c.change_visibility(10000.0, "q", &h, 33201)
            .unwrap_err()
            .code,
        ErrorCode::InvalidParameterValue
    );
}

#[test]
fn change_visibility_zero_makes_the_message_visible_at_once() {
    let mut c = Client::new();
    c.create(0.0, "q", json!({}));
    c.send(0.0, "q", "m");
    let h = c.receive(0.0, "q")[0]["ReceiptHandle"].clone();
    c.change_visibility(1.0, "q", &h, 0).unwrap();
    assert_eq!(c.counts(1.0, "q"), (1, 0, 0));
    assert_eq!(
        c.receive(1.0, "q")[0]["Attributes"]["ApproximateReceiveCount"],
        "2"
    );
}

#[test]
fn a_lapsed_standard_handle_changes_nothing_and_a_deleted_message_cannot_change() {
    let mut c = Client::new();
    c.create(0.0, "q", json!({"VisibilityTimeout": "1"}));
    c.send(0.0, "q", "m");
    let h = c.receive(0.0, "q")[0]["ReceiptHandle"].clone();
    c.change_visibility(2.0, "q", &h, 100).unwrap();
    assert_eq!(c.counts(2.0, "q"), (1, 0, 0), "the no-op left it visible");
    c.delete(2.0, "q", &h).unwrap();
    let e = c.change_visibility(3.0, "q", &h, 10).unwrap_err();
    let expected = format!("Value {} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.", h.as_str().unwrap());
    assert_error(&e, ErrorCode::InvalidParameterValue, &expected);
}

#[test]
fn malformed_or_foreign_handles_are_invalid() {
    let mut c = Client::new();
    c.create(0.0, "q", json!({}));
    c.create(0.0, "other", json!({}));
    let e = c.delete(0.0, "q", &json!("garbage")).unwrap_err();
    assert_error(
        &e,
        ErrorCode::ReceiptHandleIsInvalid,
        "The input receipt handle \"garbage\" is not a valid receipt handle.",
    );
    assert_eq!(
        c.change_visibility(0.0, "q", &json!("INVALID"), 60)
            .unwrap_err()
            .code,
        ErrorCode::ReceiptHandleIsInvalid
    );
    c.send(0.0, "other", "m");
    let h = c.receive(0.0, "other")[0]["ReceiptHandle"].clone();
    assert_eq!(
        c.delete(0.0, "q", &h).unwrap_err().code,
        ErrorCode::ReceiptHandleIsInvalid,
        "a handle of another queue"
    );
}

#[test]
fn standard_deletes_accept_lapsed_handles_and_repeat_without_error() {
    let mut c = Client::new();
    c.create(0.0, "q", json!({"VisibilityTimeout": "1"}));
    c.send(0.0, "q", "m");
    let h = c.receive(0.0, "q")[0]["ReceiptHandle"].clone();
    c.delete(2.0, "q", &h).unwrap();
    assert!(c.receive(2.0, "q").is_empty());
    assert_eq!(c.counts(2.0, "q"), (0, 0, 0));
    c.delete(3.0, "q", &h).unwrap();
    let q = c.sqs.queue("q").unwrap();
    assert_eq!((q.counters.deleted, q.counters.removed_by_delete), (2, 1));
}

#[test]
fn queue_delay_hides_new_messages_and_a_message_timer_overrides_it() {
    let mut c = Client::new();
    c.create(0.0, "q", json!({"DelaySeconds": "10"}));
    c.send(0.0, "q", "queue-delay");
    c.call(
        0.0,
        "SendMessage",
        json!({"QueueUrl": "q", "MessageBody": "timer", "DelaySeconds": 2}),
    );
    c.call(
        0.0,
        "SendMessage",
        json!({"QueueUrl": "q", "MessageBody": "now", "DelaySeconds": 0}),
    );
    assert_eq!(Client::bodies(&c.receive(0.5, "q")), ["now"]);
    assert_eq!(Client::bodies(&c.receive(3.0, "q")), ["timer"]);
    assert_eq!(c.counts(3.0, "q"), (0, 2, 1));
    assert_eq!(Client::bodies(&c.receive(10.5, "q")), ["queue-delay"]);
    let e = c.fail(
        0.0,
        "SendMessage",
        json!({"QueueUrl": "q", "MessageBody": "x", "DelaySeconds": 901}),
    );
    assert_eq!(e.code, ErrorCode::InvalidParameterValue);
}

#[test]
fn changing_queue_delay_does_not_touch_waiting_standard_messages() {
    let mut c = Client::new();
    c.create(0.0, "q", json!({"DelaySeconds": "10"}));
    c.send(0.0, "q", "m");
    c.call(
        1.0,
        "SetQueueAttributes",
        json!({"QueueUrl": "q", "Attributes": {"DelaySeconds": "0"}}),
    );
    assert!(c.receive(2.0, "q").is_empty());
    assert_eq!(c.receive(10.5, "q").len(), 1);
}

#[test]
fn messages_expire_after_the_retention_period_even_in_flight() {
    let mut c = Client::new();
    c.create(0.0, "q", json!({"MessageRetentionPeriod": "60"}));
    c.send(0.0, "q", "a");
    c.send(0.0, "q", "b");
    let h = c.receive_with(0.0, "q", json!({"VisibilityTimeout": 300}))[0]["ReceiptHandle"].clone();
    assert_eq!(c.counts(59.0, "q"), (1, 1, 0));
    assert!(c.receive(65.0, "q").is_empty());
    assert_eq!(c.counts(65.0, "q"), (0, 0, 0));
    c.delete(66.0, "q", &h).unwrap();
    assert_eq!(c.sqs.queue("q").unwrap().counters.expired, 2);
}

#[test]
fn receive_parameters_are_range_checked_with_sqs_messages() {
    let mut c = Client::new();
    c.create(0.0, "q", json!({}));
    let e = c.fail(
        0.0,
        "ReceiveMessage",
        json!({"QueueUrl": "q", "MaxNumberOfMessages": 11}),
    );
    assert_error(&e, ErrorCode::InvalidParameterValue, "Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.");
    let e = c.fail(
        0.0,
        "ReceiveMessage",
        json!({"QueueUrl": "q", "WaitTimeSeconds": 21}),
    );
    assert_error(&e, ErrorCode::InvalidParameterValue, "Value 21 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.");
    let e = c.fail(
        0.0,
        "ReceiveMessage",
        json!({"QueueUrl": "q", "WaitTimeSeconds": -1}),
    );
    assert_eq!(e.message, "Value -1 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.");
    assert_eq!(
        c.fail(
            0.0,
            "ReceiveMessage",
            json!({"QueueUrl": "q", "VisibilityTimeout": 43201})
        )
        .code,
        ErrorCode::InvalidParameterValue
    );
}

#[test]
fn an_empty_receive_has_no_messages_key() {
    let mut c = Client::new();
    c.create(0.0, "q", json!({}));
    assert_eq!(
        c.call(0.0, "ReceiveMessage", json!({"QueueUrl": "q"})),
        json!({})
    );
    assert_eq!(c.sqs.queue("q").unwrap().counters.empty_receives, 1);
}

/// Starts a long poll on `queue` that must wait; `params` adds to QueueUrl.
fn start_long_poll(
    c: &mut Client,
    t: f64,
    queue: &str,
    mut params: Value,
) -> sqs_sim::sqs::PendingReceive {
    params["QueueUrl"] = json!(c.url(queue));
    let input: ReceiveMessageInput = serde_json::from_value(params).unwrap();
    match c.sqs.receive_message(at(t), input).unwrap() {
        ReceiveOutcome::Waiting(pending) => pending,
        ReceiveOutcome::Done(output) => panic!("expected to wait, got {output:?}"),
    }
}

#[test]
fn a_long_poll_is_woken_by_a_send() {
    let mut c = Client::new();
    c.create(0.0, "q", json!({}));
    let pending = start_long_poll(&mut c, 0.0, "q", json!({"WaitTimeSeconds": 10}));
    assert_eq!(pending.deadline, at(10.0));
    assert_eq!(
        c.sqs.receive_wakeup(&pending),
        at(10.0),
        "nothing is due before the deadline"
    );
    c.send(1.0, "q", "wake");
    let output = c
        .sqs
        .continue_receive(at(1.0), &pending)
        .unwrap()
        .expect("answered at the send");
    assert_eq!(output.messages[0].body, "wake");
}

#[test]
fn a_long_poll_is_woken_by_a_delay_ending_and_otherwise_returns_empty_at_its_deadline() {
    let mut c = Client::new();
    c.create(0.0, "q", json!({}));
    c.call(
        0.0,
        "SendMessage",
        json!({"QueueUrl": "q", "MessageBody": "m", "DelaySeconds": 1}),
    );
    assert!(c.receive(0.0, "q").is_empty());
    let pending = start_long_poll(&mut c, 0.0, "q", json!({"WaitTimeSeconds": 2}));
    assert_eq!(c.sqs.receive_wakeup(&pending), at(1.0));
    assert_eq!(
        c.sqs
            .continue_receive(at(1.0), &pending)
            .unwrap()
            .unwrap()
            .messages
            .len(),
        1
    );

    let pending = start_long_poll(&mut c, 1.0, "q", json!({"WaitTimeSeconds": 2}));
    assert_eq!(
        c.sqs.continue_receive(at(2.0), &pending).unwrap(),
        None,
        "still waiting"
    );
    assert_eq!(
        c.sqs.continue_receive(at(3.0), &pending).unwrap(),
        Some(Default::default()),
        "empty at the deadline"
    );
}

#[test]
fn the_queue_wait_time_applies_when_the_request_has_none() {
    let mut c = Client::new();
    c.create(0.0, "q", json!({"ReceiveMessageWaitTimeSeconds": "5"}));
    let input: ReceiveMessageInput =
        serde_json::from_value(json!({"QueueUrl": c.url("q")})).unwrap();
    let (output, end) = c.sqs.receive_message_waiting(at(0.0), input).unwrap();
    assert!(output.messages.is_empty());
    assert_eq!(end, at(5.0));
}

#[test]
fn a_long_poll_returns_as_soon_as_one_message_is_there() {
    let mut c = Client::new();
    c.create(0.0, "q", json!({}));
    c.send(0.0, "q", "a");
    c.send(0.0, "q", "b");
    let input: ReceiveMessageInput = serde_json::from_value(
        json!({"QueueUrl": c.url("q"), "WaitTimeSeconds": 5, "MaxNumberOfMessages": 3}),
    )
    .unwrap();
    let (output, end) = c.sqs.receive_message_waiting(at(0.0), input).unwrap();
    assert_eq!(output.messages.len(), 2);
    assert_eq!(end, at(0.0));
}

#[test]
fn message_attributes_are_selected_by_name_prefix_or_all_and_digested_over_the_subset() {
    let mut c = Client::new();
    c.create(0.0, "q", json!({}));
    let attributes = json!({
        "General": {"DataType": "String", "StringValue": "Kenobi"},
        "Hello": {"DataType": "String", "StringValue": "There"},
        "Help.Me": {"DataType": "String", "StringValue": "Me"}
    });
    let sent = c.call(
        0.0,
        "SendMessage",
        json!({"QueueUrl": "q", "MessageBody": "x", "MessageAttributes": attributes}),
    );
    assert_eq!(
        sent["MD5OfMessageAttributes"],
        "4c360f3fdafd970e05fae2f149d997f5"
    );
    let pick = |c: &mut Client, t: f64, names: Value| {
        let m = c.receive_with(
            t,
            "q",
            json!({"MessageAttributeNames": names, "VisibilityTimeout": 0}),
        );
        m[0].clone()
    };
    let m = pick(&mut c, 1.0, json!(["All"]));
    assert_eq!(m["MessageAttributes"].as_object().unwrap().len(), 3);
    let m = pick(&mut c, 2.0, json!(["Hello", "General"]));
    assert_eq!(
        m["MD5OfMessageAttributes"],
        "fca026605781cb4126a1e9044df24232"
    );
    let m = pick(&mut c, 3.0, json!(["Help.*", "Hello"]));
    assert_eq!(
        m["MD5OfMessageAttributes"],
        "83fee93c1bcd8b9a5a923ffacdc636c7"
    );
    let m = pick(&mut c, 4.0, json!(["Missing", "AWS.x"]));
    assert!(m.get("MessageAttributes").is_none() && m.get("MD5OfMessageAttributes").is_none());
    let m = pick(&mut c, 5.0, json!([]));
    assert!(m.get("MessageAttributes").is_none());
}

#[test]
fn system_attribute_names_take_precedence_over_the_deprecated_attribute_names() {
    let mut c = Client::new();
    c.create(0.0, "q", json!({}));
    c.send(0.0, "q", "x");
    let m = c.receive_with(
        0.0,
        "q",
        json!({"AttributeNames": ["All"], "MessageSystemAttributeNames": ["SenderId"]}),
    );
    assert_eq!(
        m[0]["Attributes"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["SenderId"]
    );
    let m = c.receive_with(
        31.0,
        "q",
        json!({"AttributeNames": ["ApproximateReceiveCount"]}),
    );
    assert_eq!(m[0]["Attributes"], json!({"ApproximateReceiveCount": "2"}));
}
