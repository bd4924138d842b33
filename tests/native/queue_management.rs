//! CreateQueue, GetQueueUrl, ListQueues, DeleteQueue, queue attributes and tags
//! (SQS_SEMANTICS.md §1.1, §2.14; cases SQS-001, 004, 007, 010).

use serde_json::json;
use sqs_sim::sqs::ErrorCode;

use crate::support::{assert_error, Client};

#[test]
fn a_new_standard_queue_has_exactly_the_default_attributes() {
    let mut c = Client::new();
    c.create(0.0, "q", json!({}));
    let r = c.call(
        0.0,
        "GetQueueAttributes",
        json!({"QueueUrl": "q", "AttributeNames": ["All"]}),
    );
    let attributes = r["Attributes"].as_object().unwrap();
    let keys: Vec<&str> = attributes.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "ApproximateNumberOfMessages",
            "ApproximateNumberOfMessagesDelayed",
            "ApproximateNumberOfMessagesNotVisible",
            "CreatedTimestamp",
            "DelaySeconds",
            "LastModifiedTimestamp",
            "MaximumMessageSize",
            "MessageRetentionPeriod",
            "QueueArn",
            "ReceiveMessageWaitTimeSeconds",
            "SqsManagedSseEnabled",
            "VisibilityTimeout"
        ]
    );
    assert_eq!(attributes["DelaySeconds"], "0");
    assert_eq!(attributes["MaximumMessageSize"], "1048576");
    assert_eq!(attributes["MessageRetentionPeriod"], "345600");
    assert_eq!(attributes["ReceiveMessageWaitTimeSeconds"], "0");
    assert_eq!(attributes["VisibilityTimeout"], "30");
    assert_eq!(attributes["SqsManagedSseEnabled"], "true");
    assert_eq!(
        attributes["QueueArn"],
        "arn:aws:sqs:us-east-1:123456789012:q"
    );
    assert_eq!(attributes["CreatedTimestamp"], "1700000000");
}

#[test]
fn a_fifo_queue_also_shows_its_fifo_attributes() {
    let mut c = Client::new();
    c.create(0.0, "q.fifo", json!({"FifoQueue": "true"}));
    let r = c.call(
        0.0,
        "GetQueueAttributes",
        json!({"QueueUrl": "q.fifo", "AttributeNames": ["All"]}),
    );
    let a = &r["Attributes"];
    assert_eq!(a["FifoQueue"], "true");
    assert_eq!(a["ContentBasedDeduplication"], "false");
    assert_eq!(a["DeduplicationScope"], "queue");
    assert_eq!(a["FifoThroughputLimit"], "perQueue");
    assert_eq!(a.as_object().unwrap().len(), 16);
}

#[test]
fn get_queue_attributes_without_names_returns_nothing_and_unknown_names_fail() {
    let mut c = Client::new();
    c.create(0.0, "q", json!({}));
    assert_eq!(
        c.call(0.0, "GetQueueAttributes", json!({"QueueUrl": "q"})),
        json!({})
    );
    let e = c.fail(
        0.0,
        "GetQueueAttributes",
        json!({"QueueUrl": "q", "AttributeNames": ["Foobar"]}),
    );
    assert_error(
        &e,
        ErrorCode::InvalidAttributeName,
        "Unknown Attribute Foobar.",
    );
}

#[test]
fn create_queue_is_idempotent_against_the_current_attributes() {
    let mut c = Client::new();
    let url = c.create(0.0, "q1", json!({"VisibilityTimeout": "20"}));
    // Same values, or a subset, or none: the same queue.
    assert_eq!(
        c.call(
            1.0,
            "CreateQueue",
            json!({"QueueName": "q1", "Attributes": {"VisibilityTimeout": "20"}})
        )["QueueUrl"],
        url
    );
    assert_eq!(
        c.call(1.0, "CreateQueue", json!({"QueueName": "q1"}))["QueueUrl"],
        url
    );
    c.call(
        2.0,
        "SetQueueAttributes",
        json!({"QueueUrl": "q1", "Attributes": {"DelaySeconds": "2"}}),
    );
    assert_eq!(
        c.call(
            3.0,
            "CreateQueue",
            json!({"QueueName": "q1", "Attributes": {"DelaySeconds": "2"}})
        )["QueueUrl"],
        url
    );
    let e = c.fail(
        3.0,
        "CreateQueue",
        json!({"QueueName": "q1", "Attributes": {"DelaySeconds": "1"}}),
    );
    assert_error(&e, ErrorCode::QueueNameExists, "A queue already exists with the same name and a different value for attribute DelaySeconds");
    assert_eq!(e.code.query_code(), "QueueAlreadyExists");
}

#[test]
fn queue_names_are_checked_for_length_characters_and_the_fifo_suffix() {
    let mut c = Client::new();
    c.create(0.0, &"a".repeat(80), json!({}));
    for (name, attributes) in [
        ("a".repeat(81), json!({})),
        ("orders".to_owned(), json!({"FifoQueue": "true"})),
        ("orders.fifo".to_owned(), json!({})),
        (
            format!("{}.fifo", "a".repeat(76)),
            json!({"FifoQueue": "true"}),
        ),
        ("bad name".to_owned(), json!({})),
    ] {
        let e = c.fail(
            0.0,
            "CreateQueue",
            json!({"QueueName": name, "Attributes": attributes}),
        );
        assert_eq!(e.code, ErrorCode::InvalidParameterValue, "{name}");
    }
    c.create(
        0.0,
        &format!("{}.fifo", "a".repeat(75)),
        json!({"FifoQueue": "true"}),
    );
}

#[test]
fn standard_queues_refuse_fifo_attributes_at_creation() {
    let mut c = Client::new();
    let e = c.fail(
        0.0,
        "CreateQueue",
        json!({"QueueName": "q", "Attributes": {"ContentBasedDeduplication": "true"}}),
    );
    assert_error(
        &e,
        ErrorCode::InvalidAttributeName,
        "Unknown Attribute ContentBasedDeduplication.",
    );
    let e = c.fail(
        0.0,
        "CreateQueue",
        json!({"QueueName": "q", "Attributes": {"FifoThroughputLimit": "perQueue"}}),
    );
    assert_error(
        &e,
        ErrorCode::InvalidAttributeName,
        "You can specify the FifoThroughputLimit only when FifoQueue is set to true.",
    );
}

#[test]
fn an_empty_redrive_policy_removes_it() {
    let mut c = Client::new();
    c.create(0.0, "dlq", json!({}));
    let policy = json!({"deadLetterTargetArn": c.arn("dlq"), "maxReceiveCount": 3}).to_string();
    c.create(0.0, "q", json!({"RedrivePolicy": policy}));
    let r = c.call(
        1.0,
        "GetQueueAttributes",
        json!({"QueueUrl": "q", "AttributeNames": ["All"]}),
    );
    assert_eq!(
        r["Attributes"]["RedrivePolicy"],
        json!({"deadLetterTargetArn": c.arn("dlq"), "maxReceiveCount": 3}).to_string()
    );
    c.call(
        2.0,
        "SetQueueAttributes",
        json!({"QueueUrl": "q", "Attributes": {"RedrivePolicy": ""}}),
    );
    let r = c.call(
        3.0,
        "GetQueueAttributes",
        json!({"QueueUrl": "q", "AttributeNames": ["All"]}),
    );
    assert!(r["Attributes"].get("RedrivePolicy").is_none());
}

#[test]
fn a_redrive_policy_must_name_an_existing_queue_of_the_same_type_that_allows_it() {
    let mut c = Client::new();
    let missing = json!({"deadLetterTargetArn": c.arn("nope"), "maxReceiveCount": 3}).to_string();
    let e = c.fail(
        0.0,
        "CreateQueue",
        json!({"QueueName": "q", "Attributes": {"RedrivePolicy": missing}}),
    );
    assert_eq!(e.code, ErrorCode::InvalidParameterValue);
    c.create(0.0, "dlq.fifo", json!({"FifoQueue": "true"}));
    let fifo_target =
        json!({"deadLetterTargetArn": c.arn("dlq.fifo"), "maxReceiveCount": 3}).to_string();
    assert_eq!(
        c.fail(
            0.0,
            "CreateQueue",
            json!({"QueueName": "q", "Attributes": {"RedrivePolicy": fifo_target}})
        )
        .code,
        ErrorCode::InvalidParameterValue
    );
    c.create(
        0.0,
        "closed",
        json!({"RedriveAllowPolicy": "{\"redrivePermission\": \"denyAll\"}"}),
    );
    let closed = json!({"deadLetterTargetArn": c.arn("closed"), "maxReceiveCount": 3}).to_string();
    assert_eq!(
        c.fail(
            0.0,
            "CreateQueue",
            json!({"QueueName": "q", "Attributes": {"RedrivePolicy": closed}})
        )
        .code,
        ErrorCode::InvalidParameterValue
    );
    let count =
        json!({"deadLetterTargetArn": c.arn("dlq.fifo"), "maxReceiveCount": 1001}).to_string();
    assert_eq!(
        c.fail(
            0.0,
            "CreateQueue",
            json!({"QueueName": "q", "Attributes": {"RedrivePolicy": count}})
        )
        .code,
        ErrorCode::InvalidParameterValue
    );
}

#[test]
fn a_rejected_set_queue_attributes_changes_nothing() {
    let mut c = Client::new();
    c.create(0.0, "q", json!({}));
    let e = c.fail(
        1.0,
        "SetQueueAttributes",
        json!({"QueueUrl": "q", "Attributes": {"VisibilityTimeout": "10", "DelaySeconds": "901"}}),
    );
    assert_eq!(e.code, ErrorCode::InvalidAttributeValue);
    let r = c.call(
        2.0,
        "GetQueueAttributes",
        json!({"QueueUrl": "q", "AttributeNames": ["VisibilityTimeout", "LastModifiedTimestamp"]}),
    );
    assert_eq!(r["Attributes"]["VisibilityTimeout"], "30");
    assert_eq!(r["Attributes"]["LastModifiedTimestamp"], "1700000000");
}

#[test]
fn a_deleted_queue_name_is_locked_for_sixty_seconds() {
    let mut c = Client::new();
    c.create(0.0, "q", json!({}));
    c.call(10.0, "DeleteQueue", json!({"QueueUrl": "q"}));
    let e = c.fail(11.0, "GetQueueUrl", json!({"QueueName": "q"}));
    assert_error(
        &e,
        ErrorCode::QueueDoesNotExist,
        "The specified queue does not exist.",
    );
    let e = c.fail(69.0, "CreateQueue", json!({"QueueName": "q"}));
    assert_error(&e, ErrorCode::QueueDeletedRecently, "You must wait 60 seconds after deleting a queue before you can create another with the same name.");
    c.create(70.5, "q", json!({}));
}

#[test]
fn list_queues_filters_by_prefix_and_paginates_only_when_asked() {
    let mut c = Client::new();
    for name in ["alpha", "beta", "orders-a", "orders-b", "orders-c"] {
        c.create(0.0, name, json!({}));
    }
    let all = c.call(1.0, "ListQueues", json!({}));
    assert_eq!(all["QueueUrls"].as_array().unwrap().len(), 5);
    assert!(all.get("NextToken").is_none());
    let page = c.call(
        1.0,
        "ListQueues",
        json!({"QueueNamePrefix": "orders", "MaxResults": 2}),
    );
    assert_eq!(
        page["QueueUrls"],
        json!([c.url("orders-a"), c.url("orders-b")])
    );
    let token = page["NextToken"].clone();
    let rest = c.call(
        1.0,
        "ListQueues",
        json!({"QueueNamePrefix": "orders", "MaxResults": 2, "NextToken": token}),
    );
    assert_eq!(rest["QueueUrls"], json!([c.url("orders-c")]));
    assert!(rest.get("NextToken").is_none());
    assert_eq!(
        c.call(1.0, "ListQueues", json!({"QueueNamePrefix": "zzz"})),
        json!({})
    );
    assert_eq!(
        c.fail(1.0, "ListQueues", json!({"MaxResults": 0})).code,
        ErrorCode::InvalidParameterValue
    );
}

#[test]
fn tags_overwrite_by_key_and_untag_ignores_unknown_keys() {
    let mut c = Client::new();
    c.call(
        0.0,
        "CreateQueue",
        json!({"QueueName": "q", "tags": {"team": "a"}}),
    );
    assert_eq!(
        c.call(0.0, "ListQueueTags", json!({"QueueUrl": "q"})),
        json!({"Tags": {"team": "a"}})
    );
    c.call(
        1.0,
        "TagQueue",
        json!({"QueueUrl": "q", "Tags": {"team": "b", "Team": "c"}}),
    );
    c.call(
        1.0,
        "UntagQueue",
        json!({"QueueUrl": "q", "TagKeys": ["Team", "nothing"]}),
    );
    assert_eq!(
        c.call(1.0, "ListQueueTags", json!({"QueueUrl": "q"})),
        json!({"Tags": {"team": "b"}})
    );
    c.call(
        1.0,
        "UntagQueue",
        json!({"QueueUrl": "q", "TagKeys": ["team"]}),
    );
    assert_eq!(
        c.call(1.0, "ListQueueTags", json!({"QueueUrl": "q"})),
        json!({})
    );
}

#[test]
fn permissions_answer_as_sqs_does_for_one_account() {
    let mut c = Client::new();
    c.create(0.0, "q", json!({}));
    let grant = json!({"QueueUrl": "q", "Label": "crossaccountpermission", "AWSAccountIds": ["111122223333"], "Actions": ["SendMessage"]});
    c.call(0.0, "AddPermission", grant.clone());
    assert_error(
        &c.fail(0.0, "AddPermission", grant),
        ErrorCode::InvalidParameterValue,
        "Value crossaccountpermission for parameter Label is invalid. Reason: Already exists.",
    );
    let e = c.fail(
        0.0,
        "RemovePermission",
        json!({"QueueUrl": "q", "Label": "crossaccountpermission2"}),
    );
    assert_error(
        &e,
        ErrorCode::InvalidParameterValue,
        "Value crossaccountpermission2 for parameter Label is invalid. Reason: can't find label.",
    );
    c.call(
        0.0,
        "RemovePermission",
        json!({"QueueUrl": "q", "Label": "crossaccountpermission"}),
    );
    let many = json!({"QueueUrl": "q", "Label": "x", "AWSAccountIds": ["1"], "Actions": ["a","b","c","d","e","f","g","h"]});
    assert_eq!(
        c.fail(0.0, "AddPermission", many).code,
        ErrorCode::OverLimit
    );
}

#[test]
fn every_action_on_a_missing_queue_is_queue_does_not_exist() {
    let mut c = Client::new();
    for (action, params) in [
        ("SendMessage", json!({"MessageBody": "x"})),
        (
            "SendMessageBatch",
            json!({"Entries": [{"Id": "a", "MessageBody": "x"}]}),
        ),
        ("ReceiveMessage", json!({})),
        ("DeleteMessage", json!({"ReceiptHandle": "h"})),
        (
            "ChangeMessageVisibility",
            json!({"ReceiptHandle": "h", "VisibilityTimeout": 1}),
        ),
        ("GetQueueAttributes", json!({})),
        ("SetQueueAttributes", json!({"Attributes": {}})),
        ("PurgeQueue", json!({})),
        ("ListQueueTags", json!({})),
        ("DeleteQueue", json!({})),
        ("ListDeadLetterSourceQueues", json!({})),
    ] {
        let mut params = params;
        params["QueueUrl"] = json!("missing");
        let e = c.fail(0.0, action, params);
        assert_eq!(e.code, ErrorCode::QueueDoesNotExist, "{action}");
        assert_eq!(e.code.http_status(), 400);
    }
}

#[test]
fn missing_required_parameters_are_named() {
    let mut c = Client::new();
    c.create(0.0, "q", json!({}));
    assert_error(
        &c.fail(0.0, "CreateQueue", json!({})),
        ErrorCode::MissingParameter,
        "The request must contain the parameter QueueName.",
    );
    assert_error(
        &c.fail(0.0, "SendMessage", json!({"QueueUrl": "q"})),
        ErrorCode::MissingParameter,
        "The request must contain the parameter MessageBody.",
    );
    assert_error(
        &c.fail(
            0.0,
            "SendMessage",
            json!({"QueueUrl": "q", "MessageBody": ""}),
        ),
        ErrorCode::MissingParameter,
        "The request must contain the parameter MessageBody.",
    );
    let e = c.fail(
        0.0,
        "SendMessage",
        json!({"QueueUrl": "q", "MessageBody": "x", "Bogus": 1}),
    );
    assert_error(
        &e,
        ErrorCode::InvalidParameterValue,
        "Unknown parameter Bogus.",
    );
    let e = c.fail(
        0.0,
        "ReceiveMessage",
        json!({"QueueUrl": "q", "MaxNumberOfMessages": "ten"}),
    );
    assert!(e.message.contains("MaxNumberOfMessages"), "{}", e.message);
}
