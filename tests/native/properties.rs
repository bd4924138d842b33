//! Invariants under random sequences of actions and time steps (proptest).
//!
//! * Conservation: every message sent is in exactly one place — stored (delayed, visible or
//!   in flight), deleted, moved to a dead-letter queue, expired, purged or redriven.
//! * FIFO: a receive never skips an undeleted earlier message of a group that is not already
//!   in flight, and never serves a group whose first message another receive holds.
//! * Determinism: the same seed and actions give the same responses.
//! * The engine's own indexes agree with its messages after every step.

use proptest::prelude::*;
use serde_json::{json, Value};
use sqs_sim::sqs::message::MessageState;
use sqs_sim::sqs::DeliveryModel;

use crate::support::Client;

#[derive(Clone, Debug)]
enum Op {
    Advance(u32),
    Send {
        fifo: bool,
        group: u8,
        body: u8,
        delay: u8,
    },
    Receive {
        fifo: bool,
        max: u8,
        visibility: u8,
    },
    Delete(usize),
    ChangeVisibility(usize, u8),
    Purge,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0u32..40_000).prop_map(Op::Advance),
        (any::<bool>(), 0u8..3, 0u8..20, 0u8..3).prop_map(|(fifo, group, body, delay)| Op::Send {
            fifo,
            group,
            body,
            delay
        }),
        (any::<bool>(), 1u8..=10, 0u8..40).prop_map(|(fifo, max, visibility)| Op::Receive {
            fifo,
            max,
            visibility
        }),
        any::<usize>().prop_map(Op::Delete),
        (any::<usize>(), 0u8..60).prop_map(|(k, v)| Op::ChangeVisibility(k, v)),
        Just(Op::Purge),
    ]
}

/// Sets up a standard queue with a DLQ and a FIFO queue with a DLQ.
fn world(seed: u64) -> Client {
    let mut c = Client::with_model(DeliveryModel::realistic(), seed);
    c.create(0.0, "sd", json!({}));
    c.create(0.0, "fd.fifo", json!({"FifoQueue": "true"}));
    let policy = |c: &Client, dlq: &str| {
        json!({"deadLetterTargetArn": c.arn(dlq), "maxReceiveCount": 2}).to_string()
    };
    let p = policy(&c, "sd");
    c.create(
        0.0,
        "s",
        json!({"RedrivePolicy": p, "MessageRetentionPeriod": "600"}),
    );
    let p = policy(&c, "fd.fifo");
    c.create(
        0.0,
        "f.fifo",
        json!({"FifoQueue": "true", "ContentBasedDeduplication": "true", "RedrivePolicy": p}),
    );
    c
}

/// Runs the ops, checking invariants after each; returns every response for determinism.
fn run(seed: u64, ops: &[Op]) -> Vec<String> {
    let mut c = world(seed);
    let mut t = 0.0;
    let mut handles: Vec<(&str, Value)> = Vec::new();
    let mut log = Vec::new();
    for op in ops {
        let result = match op {
            Op::Advance(ms) => {
                t += f64::from(*ms) / 1000.0;
                Ok(json!(null))
            }
            Op::Send { fifo: true, group, body, .. } => c.try_call(t, "SendMessage", json!({"QueueUrl": "f.fifo", "MessageBody": format!("b{body}"), "MessageGroupId": format!("g{group}")})),
            Op::Send { fifo: false, body, delay, .. } => c.try_call(t, "SendMessage", json!({"QueueUrl": "s", "MessageBody": format!("b{body}"), "DelaySeconds": delay})),
            Op::Receive { fifo, max, visibility } => {
                let queue = if *fifo { "f.fifo" } else { "s" };
                let before = group_heads_in_flight(&c);
                let r = c.try_call(t, "ReceiveMessage", json!({"QueueUrl": queue, "MaxNumberOfMessages": max, "VisibilityTimeout": visibility, "MessageSystemAttributeNames": ["MessageGroupId"]}));
                if let Ok(response) = &r {
                    for m in response.get("Messages").and_then(Value::as_array).cloned().unwrap_or_default() {
                        if *fifo {
                            let group = m["Attributes"]["MessageGroupId"].as_str().unwrap().to_owned();
                            assert!(!before.contains(&group), "group {group} served while another receive holds its head");
                        }
                        handles.push((queue, m["ReceiptHandle"].clone()));
                    }
                    if *fifo {
                        check_fifo_prefix(&c);
                    }
                }
                r
            }
            Op::Delete(k) if !handles.is_empty() => {
                let (queue, handle) = handles[k % handles.len()].clone();
                c.try_call(t, "DeleteMessage", json!({"QueueUrl": queue, "ReceiptHandle": handle}))
            }
            Op::ChangeVisibility(k, v) if !handles.is_empty() => {
                let (queue, handle) = handles[k % handles.len()].clone();
                c.try_call(t, "ChangeMessageVisibility", json!({"QueueUrl": queue, "ReceiptHandle": handle, "VisibilityTimeout": v}))
            }
            Op::Purge => c.try_call(t, "PurgeQueue", json!({"QueueUrl": "s"})),
            _ => Ok(json!(null)),
        };
        log.push(format!("{result:?}"));
        c.sqs.advance(crate::support::at(t));
        check_conservation(&c);
    }
    log
}

/// Groups of f.fifo whose first undeleted message is in flight.
fn group_heads_in_flight(c: &Client) -> Vec<String> {
    c.sqs
        .queue("f.fifo")
        .unwrap()
        .groups()
        .into_iter()
        .filter(|(_, _, head_in_flight)| *head_in_flight)
        .map(|(g, _, _)| g.to_owned())
        .collect()
}

/// FIFO order within a group: a later message is never received while an earlier one of its
/// group has never been received (the prefix rule cannot skip a message).
fn check_fifo_prefix(c: &Client) {
    let queue = c.sqs.queue("f.fifo").unwrap();
    let mut by_group: std::collections::BTreeMap<String, Vec<(u64, u32)>> = Default::default();
    for m in queue.messages() {
        by_group
            .entry(m.group_id.clone().unwrap())
            .or_default()
            .push((m.seq, m.receive_count));
    }
    for (group, mut messages) in by_group {
        messages.sort();
        let first_unreceived = messages.iter().position(|&(_, count)| count == 0);
        if let Some(i) = first_unreceived {
            assert!(
                messages[i..].iter().all(|&(_, count)| count == 0),
                "group {group} skipped a message: {messages:?}"
            );
        }
    }
}

fn check_conservation(c: &Client) {
    let (mut arrived, mut accounted) = (0u64, 0u64);
    for q in c.sqs.queues() {
        q.check_invariants();
        let k = &q.counters;
        arrived += k.sent - k.deduplicated + k.moved_in;
        accounted += q.stored_count() as u64
            + k.removed_by_delete
            + k.moved_to_dead_letter_queue
            + k.expired
            + k.purged
            + k.redriven;
        let states = q
            .messages()
            .filter(|m| matches!(m.state, MessageState::InFlight { .. }))
            .count();
        assert_eq!(states, q.in_flight_count());
    }
    assert_eq!(
        arrived, accounted,
        "every message sent is in exactly one place"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn random_actions_keep_every_invariant(seed in 0u64..1000, ops in prop::collection::vec(op(), 1..120)) {
        run(seed, &ops);
    }

    #[test]
    fn the_same_seed_and_actions_give_the_same_responses(seed in 0u64..1000, ops in prop::collection::vec(op(), 1..60)) {
        prop_assert_eq!(run(seed, &ops), run(seed, &ops));
    }
}

/// Any JSON value built from the members SQS actions take.
fn params() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        "[ -~]{0,12}".prop_map(Value::from),
        Just(Value::from("q")),
        Just(Value::from("q.fifo")),
        Just(Value::from("")),
    ];
    let value = leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map(member(), inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    });
    prop::collection::btree_map(member(), value, 0..6)
        .prop_map(|m| Value::Object(m.into_iter().collect()))
}

fn member() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "QueueUrl",
        "QueueName",
        "Attributes",
        "MessageBody",
        "DelaySeconds",
        "MessageAttributes",
        "DataType",
        "StringValue",
        "BinaryValue",
        "MessageGroupId",
        "MessageDeduplicationId",
        "Entries",
        "Id",
        "ReceiptHandle",
        "VisibilityTimeout",
        "MaxNumberOfMessages",
        "WaitTimeSeconds",
        "AttributeNames",
        "MessageAttributeNames",
        "RedrivePolicy",
        "FifoQueue",
        "SourceArn",
        "DestinationArn",
        "MaxNumberOfMessagesPerSecond",
        "TaskHandle",
        "Tags",
        "TagKeys",
        "Label",
        "MaxResults",
        "NextToken",
        "ReceiveRequestAttemptId",
        "Unknown",
    ])
    .prop_map(str::to_owned)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    /// Whatever a caller sends, the engine answers (a response or an SqsError) without panicking,
    /// and its indexes stay consistent.
    #[test]
    fn no_request_can_panic_the_engine(calls in prop::collection::vec((prop::sample::select(sqs_sim::sqs::dispatch::ACTIONS.to_vec()), params()), 1..12)) {
        let mut c = world(1);
        c.create(0.0, "q", json!({}));
        c.create(0.0, "q.fifo", json!({"FifoQueue": "true"}));
        for (i, (action, params)) in calls.into_iter().enumerate() {
            let _ = c.try_call(i as f64, action, params);
            check_conservation(&c);
        }
    }
}

/// A random valid scenario: one or two queues (standard or FIFO, maybe a DLQ), producers and
/// consumers with random settings, sometimes autoscaled, sometimes a Lambda function.
fn scenario() -> impl Strategy<Value = sqs_sim::sim::Scenario> {
    let autoscaling =
        proptest::option::of((1u32..=3, 0u32..=4, 1.0f64..50.0, 0.0f64..60.0, 0.0f64..30.0));
    let lambda = proptest::option::of((
        1u32..=40,
        0u32..=5,
        any::<bool>(),
        proptest::option::of(2u32..=20),
        proptest::option::of(0u32..=6),
        1u32..=5,
        any::<bool>(),
    ));
    ((
        any::<bool>(),
        any::<bool>(),
        0.5f64..20.0,
        1u32..=10,
        0u32..3,
        prop_oneof![Just(0i64), Just(20)],
        1i64..=10,
        0i64..20,
        0.0f64..2.0,
        0.0f64..0.5,
        any::<bool>(),
        0.0f64..0.3,
    ), autoscaling, lambda)
        .prop_map(
            |((fifo, dlq, rate, batch, groups, wait, max, visibility, mean, failure, delete_first, resend), autoscaling, lambda)| {
                let name = if fifo { "q.fifo" } else { "q" };
                let dlq_name = if fifo { "dlq.fifo" } else { "dlq" };
                let attributes = |fifo: bool| if fifo { json!({"FifoQueue": "true", "ContentBasedDeduplication": "true"}) } else { json!({}) };
                let mut queue = json!({"name": name, "attributes": attributes(fifo)});
                queue["attributes"]["VisibilityTimeout"] = json!(visibility.to_string());
                let mut queues = vec![];
                if dlq {
                    queue["redrive"] = json!({"dead_letter_queue": dlq_name, "max_receive_count": 2});
                    queues.push(json!({"name": dlq_name, "attributes": attributes(fifo)}));
                }
                queues.push(queue);
                let mut consumer = json!({"name": "c", "queue": name, "count": 3, "wait_time_seconds": wait, "max_number_of_messages": max,
                                   "processing": {"kind": "exponential", "mean_seconds": mean + 0.01},
                                   "failure_probability": failure, "delete_before_processing": delete_first});
                if let Some((min, more, target, cooldown, warmup)) = autoscaling {
                    consumer["count"] = json!(min);
                    consumer["autoscaling"] = json!({"min": min, "max": min + more, "target_backlog_per_instance": target,
                        "period_seconds": 10, "scale_out_cooldown_seconds": cooldown, "scale_in_cooldown_seconds": cooldown,
                        "warmup_seconds": warmup});
                }
                if let Some((batch_size, window, report, maximum, reserved, timeout, per_batch)) = lambda {
                    let batch_size = if fifo { batch_size.min(10) } else { batch_size };
                    let window = if fifo { 0 } else if batch_size > 10 { window.max(1) } else { window };
                    let mut mapping = json!({"BatchSize": batch_size, "MaximumBatchingWindowInSeconds": window});
                    if report {
                        mapping["FunctionResponseTypes"] = json!(["ReportBatchItemFailures"]);
                    }
                    if let Some(maximum) = maximum {
                        mapping["ScalingConfig"] = json!({"MaximumConcurrency": maximum});
                    }
                    let mut function = json!({"Timeout": timeout, "processing_per": if per_batch { "batch" } else { "message" }});
                    if let Some(reserved) = reserved {
                        function["ReservedConcurrentExecutions"] = json!(reserved);
                    }
                    consumer = json!({"name": "c", "queue": name, "kind": "lambda",
                                      "processing": consumer["processing"], "failure_probability": failure,
                                      "event_source_mapping": mapping, "function": function});
                }
                let text = json!({
                    "version": 1, "title": "random", "duration_seconds": 120, "metrics_period_seconds": 10,
                    "queues": queues,
                    "producers": [{"name": "p", "queue": name, "arrival": {"kind": "poisson", "per_second": rate},
                                   "batch_size": batch, "message_groups": if fifo { groups + 1 } else { 1 }, "resend_probability": resend}],
                    "consumers": [consumer]
                })
                .to_string();
                sqs_sim::sim::Scenario::from_json(&text).expect("the strategy makes valid scenarios")
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, .. ProptestConfig::default() })]

    /// At every snapshot every message sent is in exactly one place, and the same seed gives
    /// the same run.
    #[test]
    fn random_scenarios_conserve_messages_and_are_deterministic(scenario in scenario(), seed in 0u64..1000) {
        let mut a = sqs_sim::sim::Simulation::new(scenario.clone(), seed);
        let mut b = sqs_sim::sim::Simulation::new(scenario, seed);
        for step in 1..=12u64 {
            a.run_until(sqs_sim::time::SimTime(step * 10_000));
            b.run_until(sqs_sim::time::SimTime(step * 10_000));
            let (mut arrived, mut accounted) = (0u64, 0u64);
            for q in a.sqs().queues() {
                q.check_invariants();
                let k = &q.counters;
                arrived += k.sent - k.deduplicated + k.moved_in;
                accounted += q.stored_count() as u64 + k.removed_by_delete + k.moved_to_dead_letter_queue + k.expired + k.purged + k.redriven;
            }
            prop_assert_eq!(arrived, accounted);
            prop_assert_eq!(a.summary(), b.summary());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, .. ProptestConfig::default() })]

    /// Scenario parsing never panics: arbitrary text, and valid scenarios with one byte
    /// changed, either parse or give errors with paths.
    #[test]
    fn scenario_parsing_never_panics(text in "\\PC{0,200}", position in any::<usize>(), byte in any::<u8>()) {
        let _ = sqs_sim::sim::Scenario::from_json(&text);
        let preset = include_str!("../../static/scenarios/dlq-hospital.json");
        let mut bytes = preset.as_bytes().to_vec();
        let i = position % bytes.len();
        bytes[i] = byte;
        if let Ok(mutated) = String::from_utf8(bytes) {
            match sqs_sim::sim::Scenario::from_json(&mutated) {
                Ok(scenario) => {
                    // Whatever validated must also run.
                    let mut sim = sqs_sim::sim::Simulation::new(scenario, 1);
                    sim.run_for(std::time::Duration::from_secs(30));
                }
                Err(errors) => prop_assert!(errors.iter().all(|e| !e.path.is_empty() && !e.message.is_empty())),
            }
        }
    }
}
