//! Batch actions and PurgeQueue (SQS_SEMANTICS.md §2.12, §2.13; cases SQS-082, 085, 088).

use serde_json::{json, Value};
use sqs_sim::sqs::ErrorCode;

use crate::support::{assert_error, Client};

fn entries(n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| json!({"Id": format!("e{i}"), "MessageBody": format!("m{i}")}))
        .collect()
}

#[test]
fn batch_requests_need_one_to_ten_distinct_well_formed_ids() {
    let mut c = Client::new();
    c.create(0.0, "q", json!({}));
    let e = c.fail(
        0.0,
        "SendMessageBatch",
        json!({"QueueUrl": "q", "Entries": []}),
    );
    assert_eq!(e.code, ErrorCode::EmptyBatchRequest);
    assert_eq!(
        e.code.query_code(),
        "AWS.SimpleQueueService.EmptyBatchRequest"
    );
    let e = c.fail(
        0.0,
        "SendMessageBatch",
        json!({"QueueUrl": "q", "Entries": entries(20)}),
    );
    assert_error(
        &e,
        ErrorCode::TooManyEntriesInBatchRequest,
        "Maximum number of entries per request are 10. You have sent 20.",
    );
    let twice = json!([{"Id": "1", "MessageBody": "a"}, {"Id": "1", "MessageBody": "b"}]);
    assert_eq!(
        c.fail(
            0.0,
            "SendMessageBatch",
            json!({"QueueUrl": "q", "Entries": twice})
        )
        .code,
        ErrorCode::BatchEntryIdsNotDistinct
    );
    for bad in ["message:abc".to_owned(), String::new(), "a".repeat(100)] {
        let e = c.fail(
            0.0,
            "DeleteMessageBatch",
            json!({"QueueUrl": "q", "Entries": [{"Id": bad, "ReceiptHandle": "x"}]}),
        );
        assert_error(&e, ErrorCode::InvalidBatchEntryId, "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.");
    }
    assert_eq!(
        c.counts(0.0, "q"),
        (0, 0, 0),
        "nothing was stored by a refused batch"
    );
}

#[test]
fn an_entry_over_the_size_limit_fails_alone() {
    let mut c = Client::new();
    c.create(0.0, "q", json!({"MaximumMessageSize": "1024"}));
    let batch = json!([{"Id": "A", "MessageBody": "a".repeat(1024)}, {"Id": "B", "MessageBody": "b".repeat(1025)}]);
    let r = c.call(
        0.0,
        "SendMessageBatch",
        json!({"QueueUrl": "q", "Entries": batch}),
    );
    assert_eq!(r["Successful"][0]["Id"], "A");
    assert_eq!(
        r["Failed"],
        json!([{"Id": "B", "SenderFault": true, "Code": "InvalidParameterValue",
        "Message": "One or more parameters cannot be validated. Reason: Message must be shorter than 1024 bytes."}])
    );
    assert_eq!(c.counts(0.0, "q"), (1, 0, 0));
}

#[test]
fn a_batch_over_one_mebibyte_in_total_fails_whole() {
    let mut c = Client::new();
    c.create(0.0, "q", json!({}));
    let big = json!([{"Id": "a", "MessageBody": "x".repeat(524_288)}, {"Id": "b", "MessageBody": "y".repeat(524_289)}]);
    let e = c.fail(
        0.0,
        "SendMessageBatch",
        json!({"QueueUrl": "q", "Entries": big}),
    );
    assert_error(
        &e,
        ErrorCode::BatchRequestTooLong,
        "Batch requests cannot be longer than 1048576 bytes. You have sent 1048577 bytes.",
    );
}

#[test]
fn a_fifo_batch_without_a_group_fails_whole_with_invalid_parameter_value() {
    let mut c = Client::new();
    c.create(
        0.0,
        "q.fifo",
        json!({"FifoQueue": "true", "ContentBasedDeduplication": "true"}),
    );
    let batch = json!([{"Id": "a", "MessageBody": "x", "MessageGroupId": "g"}, {"Id": "b", "MessageBody": "y"}]);
    let e = c.fail(
        0.0,
        "SendMessageBatch",
        json!({"QueueUrl": "q.fifo", "Entries": batch}),
    );
    assert_error(
        &e,
        ErrorCode::InvalidParameterValue,
        "The request must contain the parameter MessageGroupId.",
    );
    assert_eq!(c.counts(0.0, "q.fifo"), (0, 0, 0));
}

#[test]
fn batch_entries_keep_their_order_and_delays() {
    let mut c = Client::new();
    c.create(
        0.0,
        "q.fifo",
        json!({"FifoQueue": "true", "ContentBasedDeduplication": "true"}),
    );
    let batch: Vec<Value> = (0..5).map(|i| json!({"Id": format!("e{i}"), "MessageBody": format!("m{i}"), "MessageGroupId": "g"})).collect();
    c.call(
        0.0,
        "SendMessageBatch",
        json!({"QueueUrl": "q.fifo", "Entries": batch}),
    );
    assert_eq!(
        Client::bodies(&c.receive(0.0, "q.fifo")),
        ["m0", "m1", "m2", "m3", "m4"]
    );
}

#[test]
fn delete_and_change_visibility_batches_report_each_entry() {
    let mut c = Client::new();
    c.create(0.0, "q", json!({}));
    c.call(
        0.0,
        "SendMessageBatch",
        json!({"QueueUrl": "q", "Entries": entries(3)}),
    );
    let got = c.receive(0.0, "q");
    let r = c.call(
        1.0,
        "ChangeMessageVisibilityBatch",
        json!({"QueueUrl": "q", "Entries": [
        {"Id": "a", "ReceiptHandle": got[0]["ReceiptHandle"], "VisibilityTimeout": 0},
        {"Id": "b", "ReceiptHandle": "garbage", "VisibilityTimeout": 0}]}),
    );
    assert_eq!(r["Successful"], json!([{"Id": "a"}]));
    assert_eq!(r["Failed"][0]["Code"], "ReceiptHandleIsInvalid");
    let r = c.call(
        2.0,
        "DeleteMessageBatch",
        json!({"QueueUrl": "q", "Entries": [
        {"Id": "x", "ReceiptHandle": got[1]["ReceiptHandle"]},
        {"Id": "y", "ReceiptHandle": got[2]["ReceiptHandle"]},
        {"Id": "z", "ReceiptHandle": "nope"}]}),
    );
    assert_eq!(r["Successful"], json!([{"Id": "x"}, {"Id": "y"}]));
    assert_eq!(r["Failed"][0]["Id"], "z");
    assert_eq!(c.counts(2.0, "q"), (1, 0, 0));
}

#[test]
fn purge_removes_visible_in_flight_and_delayed_messages_once_a_minute() {
    let mut c = Client::new();
    c.create(0.0, "q", json!({"VisibilityTimeout": "3"}));
    c.call(
        0.0,
        "SendMessageBatch",
        json!({"QueueUrl": "q", "Entries": entries(10)}),
    );
    c.receive_with(0.0, "q", json!({"MaxNumberOfMessages": 5}));
    let delayed: Vec<Value> = (0..5)
        .map(|i| json!({"Id": format!("d{i}"), "MessageBody": "later", "DelaySeconds": 2}))
        .collect();
    c.call(
        0.0,
        "SendMessageBatch",
        json!({"QueueUrl": "q", "Entries": delayed}),
    );
    assert_eq!(c.counts(0.0, "q"), (5, 5, 5));
    c.call(0.0, "PurgeQueue", json!({"QueueUrl": "q"}));
    assert_eq!(c.counts(3.0, "q"), (0, 0, 0));
    assert!(c.receive(3.5, "q").is_empty());
    let e = c.fail(59.0, "PurgeQueue", json!({"QueueUrl": "q"}));
    assert_error(
        &e,
        ErrorCode::PurgeQueueInProgress,
        "Only one PurgeQueue operation on q is allowed every 60 seconds.",
    );
    assert_eq!(e.code.http_status(), 403);
    c.call(60.5, "PurgeQueue", json!({"QueueUrl": "q"}));
    assert_eq!(c.sqs.queue("q").unwrap().counters.purged, 15);
}

/// The simulation's SendMessageBatch (no response to write) stores what the API stores, under
/// the same ids, and refuses what it refuses.
#[test]
fn a_direct_batch_send_stores_and_refuses_as_the_api_does() {
    use sqs_sim::sqs::actions::send_message_batch::{
        SendMessageBatchInput, SendMessageBatchRequestEntry,
    };
    use sqs_sim::sqs::{Sqs, SqsConfig};
    use sqs_sim::time::SimTime;
    let batch = |bodies: &[&str], ids: &[&str]| SendMessageBatchInput {
        queue_url: Some("q.fifo".to_owned()),
        entries: Some(
            bodies
                .iter()
                .zip(ids)
                .map(|(body, id)| SendMessageBatchRequestEntry {
                    id: Some((*id).to_owned()),
                    message_body: Some((*body).to_owned()),
                    message_group_id: Some("g".to_owned()),
                    message_deduplication_id: Some((*body).to_owned()),
                    ..Default::default()
                })
                .collect(),
        ),
    };
    let fifo = || {
        let mut sqs = Sqs::new(SqsConfig::default());
        let input = sqs_sim::sqs::actions::create_queue::CreateQueueInput {
            queue_name: Some("q.fifo".to_owned()),
            attributes: [("FifoQueue".to_owned(), "true".to_owned())].into(),
            tags: Default::default(),
        };
        sqs.create_queue(SimTime::ZERO, input).unwrap();
        let queue = sqs.queue_ref(&sqs.queue_url("q.fifo")).unwrap();
        (sqs, queue)
    };
    let (mut api, _) = fifo();
    let (mut direct, queue) = fifo();
    // The second "a" is a duplicate: both answer with the first's id.
    let input = batch(&["a", "b", "a"], &["m0", "m1", "m2"]);
    let answered = api
        .send_message_batch(SimTime::ZERO, input.clone())
        .unwrap();
    let stored = direct
        .send_message_batch_direct(SimTime::ZERO, queue, &input)
        .unwrap();
    let from_api: Vec<(String, String)> = (answered.successful.iter())
        .map(|e| (e.id.clone(), e.message_id.clone()))
        .collect();
    let from_direct: Vec<(String, String)> = (stored.iter())
        .map(|(id, s)| (id.clone(), s.message_id.to_string()))
        .collect();
    assert_eq!(from_api, from_direct);
    assert_eq!(stored[0].1.message_id, stored[2].1.message_id);
    let count = |sqs: &Sqs| sqs.queue("q.fifo").unwrap().visible_count();
    assert_eq!((count(&api), count(&direct)), (2, 2));
    let twice = batch(&["c", "d"], &["x", "x"]);
    let refused = api
        .send_message_batch(SimTime::ZERO, twice.clone())
        .unwrap_err();
    let refused_direct = direct
        .send_message_batch_direct(SimTime::ZERO, queue, &twice)
        .unwrap_err();
    assert_eq!(refused, refused_direct);
    assert_eq!(refused.code, ErrorCode::BatchEntryIdsNotDistinct);
}
