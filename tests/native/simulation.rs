//! The simulation layer: producers, consumers and failures driving the engine.

use std::time::Duration;

use serde_json::{json, Value};
use sqs_sim::sim::{Scenario, Simulation};
use sqs_sim::time::SimTime;

/// A scenario from a JSON value; panics with the validation errors if it is invalid.
fn scenario(value: Value) -> Scenario {
    Scenario::from_json(&value.to_string()).unwrap_or_else(|e| panic!("{e:?}"))
}

fn orders(consumer: Value, queue_attributes: Value, per_second: f64) -> Scenario {
    let mut consumer = consumer;
    consumer["name"] = json!("worker");
    consumer["queue"] = json!("orders");
    scenario(json!({
        "version": 1, "title": "t", "duration_seconds": 60,
        "queues": [
            {"name": "orders", "attributes": queue_attributes, "redrive": {"dead_letter_queue": "dlq", "max_receive_count": 3}},
            {"name": "dlq"}
        ],
        "producers": [{"name": "p", "queue": "orders", "arrival": {"kind": "constant", "per_second": per_second}}],
        "consumers": [consumer]
    }))
}

#[test]
fn a_fast_consumer_processes_every_order_with_no_queue_wait() {
    let mut sim = Simulation::new(
        orders(
            json!({"processing": {"kind": "fixed", "seconds": 0.01}}),
            json!({}),
            10.0,
        ),
        1,
    );
    sim.run_for(Duration::from_secs(60));
    let s = sim.summary();
    assert_eq!(
        s.messages_sent, 601,
        "10 a second at 0, 0.1, …, 60.0 (run_for includes its end)"
    );
    assert!(s.messages_deleted >= 600, "{s:?}");
    assert_eq!(
        s.queue_wait_mean_s, 0.0,
        "a long-polling idle consumer takes each order at once"
    );
    assert!((s.latency_mean_s - 0.01).abs() < 1e-9, "{s:?}");
    assert_eq!(
        s.empty_receives, 0,
        "long polls were answered by sends, never empty within 20 s"
    );
}

#[test]
fn failing_orders_come_back_after_the_visibility_timeout_and_end_in_the_dead_letter_queue() {
    let consumer = json!({"processing": {"kind": "fixed", "seconds": 0.1}, "failure_probability": 1.0, "max_number_of_messages": 1});
    let mut sim = Simulation::new(orders(consumer, json!({"VisibilityTimeout": "5"}), 1.0), 1);
    sim.run_until(SimTime(10_500));
    // Order 0 was received at 0, 5 and 10: three failures, still in the source queue.
    let source = sim.sqs().queue("orders").unwrap();
    assert_eq!(source.counters.moved_to_dead_letter_queue, 0);
    sim.run_until(SimTime(30_000));
    let s = sim.summary();
    assert!(s.moved_to_dlq >= 10, "{s:?}");
    assert_eq!(s.messages_deleted, 0);
    let dlq = sim.sqs().queue("dlq").unwrap();
    assert_eq!(dlq.stored_count() as u64, s.moved_to_dlq);
    assert!(
        dlq.messages().all(|m| m.receive_count == 3),
        "each was tried maxReceiveCount times"
    );
}

#[test]
fn deleting_before_processing_loses_the_orders_that_fail() {
    let consumer = json!({"processing": {"kind": "fixed", "seconds": 0.1}, "failure_probability": 1.0, "delete_before_processing": true});
    let mut sim = Simulation::new(orders(consumer, json!({}), 2.0), 1);
    sim.run_for(Duration::from_secs(30));
    let s = sim.summary();
    assert_eq!(s.moved_to_dlq, 0, "nothing comes back to be retried");
    assert!(s.messages_lost >= 58, "{s:?}");
    assert_eq!(s.messages_lost, s.processing_failures);
}

#[test]
fn a_visibility_timeout_shorter_than_processing_makes_duplicates() {
    let consumer = json!({"count": 3, "max_number_of_messages": 1, "processing": {"kind": "fixed", "seconds": 3}});
    let mut sim = Simulation::new(orders(consumer, json!({"VisibilityTimeout": "1"}), 0.5), 1);
    sim.run_for(Duration::from_secs(60));
    let s = sim.summary();
    assert!(s.duplicates_processed > 0, "{s:?}");
    let mut fixed = Simulation::new(
        orders(
            json!({"count": 3, "max_number_of_messages": 1, "processing": {"kind": "fixed", "seconds": 3}}),
            json!({"VisibilityTimeout": "10"}),
            0.5,
        ),
        1,
    );
    fixed.run_for(Duration::from_secs(60));
    assert_eq!(
        fixed.summary().duplicates_processed,
        0,
        "a timeout longer than the work removes them"
    );
}

#[test]
fn the_same_seed_gives_the_same_run_and_another_seed_another() {
    let consumer = json!({"count": 2, "processing": {"kind": "exponential", "mean_seconds": 0.2}, "failure_probability": 0.2});
    let run = |seed| {
        let mut sim = Simulation::new(
            orders(consumer.clone(), json!({"VisibilityTimeout": "2"}), 5.0),
            seed,
        );
        sim.run_for(Duration::from_secs(60));
        serde_json::to_string(&sim.summary()).unwrap()
    };
    assert_eq!(run(7), run(7));
    assert_ne!(run(7), run(8));
}

#[test]
fn a_checkpoint_is_a_clone_that_replays_the_same_future() {
    let consumer = json!({"processing": {"kind": "exponential", "mean_seconds": 0.05}, "failure_probability": 0.1});
    let mut sim = Simulation::new(orders(consumer, json!({"VisibilityTimeout": "2"}), 20.0), 3);
    sim.run_for(Duration::from_secs(10));
    let checkpoint = sim.clone();
    sim.run_for(Duration::from_secs(20));
    let mut again = checkpoint;
    again.run_for(Duration::from_secs(20));
    assert_eq!(sim.summary(), again.summary());
}

#[test]
fn step_runs_one_instant_at_a_time() {
    let mut sim = Simulation::new(
        orders(
            json!({"processing": {"kind": "fixed", "seconds": 0.25}}),
            json!({}),
            1.0,
        ),
        1,
    );
    let first = sim.step().unwrap();
    assert_eq!(first, SimTime::ZERO);
    let second = sim.step().unwrap();
    assert_eq!(
        second,
        SimTime(250),
        "the first order's processing ends at 0.25 s"
    );
    assert_eq!(sim.now(), second);
}

#[test]
fn metrics_use_cloudwatch_names_per_period() {
    let mut sim = Simulation::new(
        orders(
            json!({"processing": {"kind": "fixed", "seconds": 0.01}}),
            json!({}),
            10.0,
        ),
        1,
    );
    sim.run_for(Duration::from_secs(300));
    let series = &sim.metrics().series[0];
    assert_eq!(series.queue, "orders");
    assert_eq!(series.samples.len(), 5, "one sample a minute");
    assert!(
        series
            .samples
            .iter()
            .all(|s| s.number_of_messages_sent == 600),
        "{:?}",
        series.samples[0]
    );
    let sample = serde_json::to_value(&series.samples[1]).unwrap();
    for name in [
        "ApproximateNumberOfMessagesVisible",
        "NumberOfMessagesSent",
        "NumberOfEmptyReceives",
        "SentMessageSize",
    ] {
        assert!(sample.get(name).is_some(), "{name} in {sample}");
    }
}

/// Payments with client retries: the producer resends 30 % of its messages.
fn payments(queue: &str, fifo: bool) -> Scenario {
    let attributes = if fifo {
        json!({"FifoQueue": "true"})
    } else {
        json!({})
    };
    let groups = if fifo { 5 } else { 1 };
    scenario(json!({
        "version": 1, "title": "payments",
        "queues": [{"name": queue, "attributes": attributes}],
        "producers": [{"name": "billing", "queue": queue, "arrival": {"kind": "constant", "per_second": 5},
                       "message_groups": groups, "resend_probability": 0.3}],
        "consumers": [{"name": "payer", "queue": queue, "count": 2, "processing": {"kind": "fixed", "seconds": 0.05}}]
    }))
}

#[test]
fn fifo_deduplication_absorbs_client_retries_that_a_standard_queue_processes_twice() {
    let mut standard = Simulation::new(payments("payments", false), 9);
    standard.run_for(Duration::from_secs(120));
    let s = standard.summary();
    assert!(
        s.duplicates_processed > 100,
        "about 30 % of 600 orders charged twice: {s:?}"
    );

    let mut fifo = Simulation::new(payments("payments.fifo", true), 9);
    fifo.run_for(Duration::from_secs(120));
    let f = fifo.summary();
    assert_eq!(f.duplicates_processed, 0, "{f:?}");
    let counters = &fifo.sqs().queue("payments.fifo").unwrap().counters;
    assert!(
        counters.deduplicated > 100,
        "the resends were accepted and dropped: {counters:?}"
    );
}

fn fleet_scenario(count: u32, processing_seconds: f64, stop_seconds: f64) -> Scenario {
    scenario(json!({
        "version": 1, "title": "fleet",
        "queues": [{"name": "orders", "attributes": {"VisibilityTimeout": "30"}}],
        "producers": [{"name": "p", "queue": "orders", "arrival": {"kind": "constant", "per_second": 1}, "stop_seconds": stop_seconds}],
        "consumers": [{"name": "worker", "queue": "orders", "count": count, "max_number_of_messages": 1,
                       "processing": {"kind": "fixed", "seconds": processing_seconds}}]
    }))
}

#[test]
fn a_crashed_consumers_message_comes_back_after_the_visibility_timeout() {
    use sqs_sim::sim::Command;
    let mut sim = Simulation::new(fleet_scenario(2, 5.0, 2.5), 1);
    sim.run_until(SimTime(1_500)); // both workers hold a message (sent at 0 and 1)
    sim.apply(&Command::CrashConsumers {
        consumer: "worker".into(),
        count: 2,
        restart_after_seconds: 100.0,
    })
    .unwrap();
    sim.run_until(SimTime(29_000));
    let queue = sim.sqs().queue("orders").unwrap();
    assert_eq!(
        (queue.in_flight_count(), queue.visible_count()),
        (2, 1),
        "still hidden; the third order waits"
    );
    sim.run_until(SimTime(31_500));
    assert_eq!(
        sim.sqs().queue("orders").unwrap().visible_count(),
        3,
        "the crashed workers' orders are visible again"
    );
    sim.run_until(SimTime(130_000));
    let s = sim.summary();
    assert_eq!(s.messages_deleted, 3, "processed after the restart");
    assert_eq!(s.receives, 5, "the two crashed orders were received twice");
    assert!(sim
        .sqs()
        .queue("orders")
        .unwrap()
        .messages()
        .next()
        .is_none());
}

#[test]
fn scaling_a_fleet_down_and_up_stops_and_resumes_processing() {
    use sqs_sim::sim::Command;
    let mut sim = Simulation::new(fleet_scenario(2, 0.1, 1000.0), 1);
    sim.run_for(Duration::from_secs(10));
    sim.apply(&Command::SetConsumerCount {
        consumer: "worker".into(),
        count: 0,
    })
    .unwrap();
    let received = sim.summary().receives;
    sim.run_for(Duration::from_secs(20));
    assert_eq!(sim.summary().receives, received, "nobody receives");
    assert!(sim.sqs().queue("orders").unwrap().visible_count() >= 19);
    sim.apply(&Command::SetConsumerCount {
        consumer: "worker".into(),
        count: 4,
    })
    .unwrap();
    sim.run_for(Duration::from_secs(5));
    assert!(
        sim.sqs().queue("orders").unwrap().visible_count() <= 1,
        "four workers clear the backlog"
    );
    assert!(matches!(
        sim.apply(&Command::SetConsumerCount {
            consumer: "nobody".into(),
            count: 1
        }),
        Err(sqs_sim::sim::CommandError::UnknownConsumer(_))
    ));
}

#[test]
fn a_second_purge_within_a_minute_is_refused_by_sqs_and_changes_nothing() {
    use sqs_sim::sim::{Command, CommandError};
    use sqs_sim::sqs::ErrorCode;
    let mut sim = Simulation::new(fleet_scenario(1, 1000.0, 1000.0), 1);
    sim.apply(&Command::SetConsumerCount {
        consumer: "worker".into(),
        count: 0,
    })
    .unwrap();
    sim.run_for(Duration::from_secs(10));
    sim.apply(&Command::PurgeQueue {
        queue: "orders".into(),
    })
    .unwrap();
    sim.run_for(Duration::from_secs(10));
    let before = sim.sqs().queue("orders").unwrap().stored_count();
    assert!(before >= 9);
    match sim.apply(&Command::PurgeQueue {
        queue: "orders".into(),
    }) {
        Err(CommandError::Sqs(e)) => assert_eq!(e.code, ErrorCode::PurgeQueueInProgress),
        other => panic!("{other:?}"),
    }
    assert_eq!(sim.sqs().queue("orders").unwrap().stored_count(), before);
}

#[test]
fn the_dlq_hospital_moves_poison_aside_and_redrives_it_after_the_fix() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/static/scenarios/dlq-hospital.json"
    ))
    .unwrap();
    let mut sim = Simulation::new(Scenario::from_json(&text).unwrap(), 1);
    sim.run_until(SimTime(650_000));
    let patients = sim.sqs().queue("orders-dlq").unwrap().stored_count();
    assert!(patients > 20, "poison orders moved aside: {patients}");
    assert!(
        sim.sqs().queue("orders").unwrap().visible_count() < 20,
        "healthy orders kept flowing"
    );
    sim.run_until(SimTime(900_000));
    assert_eq!(
        sim.sqs().queue("orders-dlq").unwrap().stored_count(),
        0,
        "all redriven"
    );
    let orders = sim.sqs().queue("orders").unwrap();
    assert!(
        orders.counters.moved_in as usize >= patients,
        "they came back as new messages"
    );
    assert!(
        orders.stored_count() < 10,
        "and were processed after the fix"
    );
}

#[test]
fn a_snapshot_shows_queues_groups_and_what_each_consumer_does() {
    let mut sim = Simulation::new(
        scenario(json!({
            "version": 1, "title": "snap",
            "queues": [{"name": "pay.fifo", "attributes": {"FifoQueue": "true", "ContentBasedDeduplication": "true"}}],
            "producers": [{"name": "p", "queue": "pay.fifo", "arrival": {"kind": "constant", "per_second": 10}, "message_groups": 3}],
            "consumers": [{"name": "payer", "queue": "pay.fifo", "count": 2, "max_number_of_messages": 1,
                           "processing": {"kind": "fixed", "seconds": 1}}]
        })),
        1,
    );
    sim.run_until(SimTime(2_500));
    let snapshot = sim.snapshot();
    assert_eq!(snapshot.now_ms, 2_500);
    let queue = &snapshot.queues[0];
    assert!(queue.fifo);
    assert_eq!(
        queue.approximate_number_of_messages_not_visible, 2,
        "two consumers, one message each"
    );
    assert_eq!(
        queue.groups.iter().filter(|g| g.blocked).count(),
        2,
        "each held message blocks its group"
    );
    assert!(snapshot.consumers.iter().all(|c| c.activity
        == sqs_sim::sim::snapshot::ConsumerActivity::Processing
        && c.holding.is_some()));
    assert!(snapshot.consumers.iter().all(|c| c.utilisation > 0.9));
    let json = serde_json::to_value(&snapshot).unwrap();
    assert_eq!(
        json["queues"][0]["approximate_number_of_messages_not_visible"],
        2
    );
}

/// The fingerprint of a short run of the order-processing preset with seed 42: SHA-256 of its
/// summary as JSON. The wasm32 test suite (tests/wasm) asserts the same value, so the two
/// platforms are shown to run the same simulation to the bit; a deliberate change of behaviour
/// updates both constants.
pub const ORDER_PROCESSING_FINGERPRINT: &str =
    "ea046f30995dabede49ef9fb692cb2540e0b7be39313656460ee0e1307cce2fa";

pub fn order_processing_fingerprint() -> String {
    use sha2::{Digest, Sha256};
    let text = include_str!("../../static/scenarios/order-processing.json");
    let mut sim = Simulation::new(Scenario::from_json(text).unwrap(), 42);
    sim.run_for(Duration::from_secs(300));
    let digest = Sha256::digest(serde_json::to_string(&sim.summary()).unwrap().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn a_run_has_the_same_fingerprint_on_every_platform() {
    assert_eq!(order_processing_fingerprint(), ORDER_PROCESSING_FINGERPRINT);
}

#[test]
fn the_trace_tells_a_failing_messages_whole_life() {
    use sqs_sim::sim::trace::TraceKind;
    let consumer = json!({"processing": {"kind": "fixed", "seconds": 0.1}, "failure_probability": 1.0, "max_number_of_messages": 1});
    let mut sim = Simulation::new(orders(consumer, json!({"VisibilityTimeout": "5"}), 0.01), 1);
    sim.run_for(Duration::from_secs(20));
    let events = sim.drain_trace();
    let first = events
        .iter()
        .find(|e| e.kind == TraceKind::Sent)
        .unwrap()
        .message_id;
    let life: Vec<(TraceKind, u32)> = sim
        .history(&first.to_string())
        .iter()
        .map(|e| (e.kind, e.receive_count))
        .collect();
    assert_eq!(
        life,
        [
            (TraceKind::Sent, 0),
            (TraceKind::Received, 1),
            (TraceKind::ProcessingFailed, 1),
            (TraceKind::VisibilityExpired, 1),
            (TraceKind::Received, 2),
            (TraceKind::ProcessingFailed, 2),
            (TraceKind::VisibilityExpired, 2),
            (TraceKind::Received, 3),
            (TraceKind::ProcessingFailed, 3),
            (TraceKind::VisibilityExpired, 3),
            (TraceKind::MovedToDeadLetterQueue, 3),
        ]
    );
    assert!(
        sim.drain_trace().is_empty(),
        "a drain hands out each event once"
    );
    let json = serde_json::to_value(sim.history(&first.to_string())[0]).unwrap();
    assert_eq!(json["kind"], "sent");
    assert_eq!(json["message_id"], first.to_string());
}

#[test]
fn services_and_direct_calls_are_checked_by_name() {
    let errors = Scenario::from_json(
        &json!({
            "version": 1, "title": "t",
            "queues": [{"name": "q"}],
            "services": [{"name": "pay", "latency": {"kind": "fixed", "seconds": 0.1}, "error_probability": 2}],
            "consumers": [{"name": "c", "queue": "q", "processing": {"kind": "fixed", "seconds": 0}, "calls": ["pay", "ship"]}],
            "direct_calls": [{"name": "d", "arrival": {"kind": "constant", "per_second": 0}, "calls": ["mail"]}]
        })
        .to_string(),
    )
    .unwrap_err();
    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
    for expected in [
        "services[0].error_probability: must be between 0 and 1",
        "consumers[0].calls[1]: no service is named \"ship\"",
        "direct_calls[0].calls[0]: no service is named \"mail\"",
        "direct_calls[0].arrival: per_second must be more than 0 and at most 100000",
    ] {
        assert!(
            text.iter().any(|t| t == expected),
            "{expected} not in {text:?}"
        );
    }
}

#[test]
fn a_heartbeat_keeps_a_slow_message_invisible_and_removes_the_duplicates() {
    let slow = |heartbeat: Value| {
        let mut consumer = json!({"count": 3, "max_number_of_messages": 1, "processing": {"kind": "fixed", "seconds": 8}});
        if !heartbeat.is_null() {
            consumer["heartbeat_seconds"] = heartbeat;
        }
        let mut sim = Simulation::new(orders(consumer, json!({"VisibilityTimeout": "5"}), 0.2), 1);
        sim.run_for(Duration::from_secs(120));
        sim.summary()
    };
    assert!(
        slow(Value::Null).duplicates_processed > 0,
        "8 s of work under a 5 s timeout"
    );
    let with_heartbeat = slow(json!(3));
    assert_eq!(with_heartbeat.duplicates_processed, 0, "{with_heartbeat:?}");
    assert!(
        with_heartbeat.receives <= with_heartbeat.messages_sent,
        "no message was received twice: {with_heartbeat:?}"
    );
}

#[test]
fn consumers_that_crash_midway_leave_their_message_to_come_back() {
    use sqs_sim::sim::trace::TraceKind;
    let consumer = json!({"count": 2, "max_number_of_messages": 1, "processing": {"kind": "fixed", "seconds": 1},
                          "crash_probability": 0.5, "restart_after_seconds": 5});
    let mut sim = Simulation::new(orders(consumer, json!({"VisibilityTimeout": "10"}), 0.5), 4);
    sim.run_for(Duration::from_secs(300));
    let s = sim.summary();
    let crashes = sim
        .drain_trace()
        .iter()
        .filter(|e| e.kind == TraceKind::AbandonedByCrash)
        .count() as u64;
    assert!(crashes > 10, "{crashes} crashes");
    assert!(
        s.receives >= s.messages_deleted + crashes - 2,
        "each crash costs a receive: {s:?}"
    );
    assert_eq!(
        s.duplicates_processed, 0,
        "a crashed worker never finished its message"
    );
}

#[test]
fn skewed_message_groups_make_a_few_customers_busy() {
    let mut sim = Simulation::new(
        scenario(json!({
            "version": 1, "title": "skew",
            "queues": [{"name": "pay.fifo", "attributes": {"FifoQueue": "true", "ContentBasedDeduplication": "true"}}],
            "producers": [{"name": "p", "queue": "pay.fifo", "arrival": {"kind": "constant", "per_second": 20},
                           "message_groups": 10, "group_skew": 1.5}]
        })),
        1,
    );
    sim.run_for(Duration::from_secs(100));
    let groups = &sim.snapshot().queues[0].groups;
    let count = |id: &str| groups.iter().find(|g| g.id == id).map_or(0, |g| g.messages);
    assert!(count("group-0") > 5 * count("group-9").max(1), "{groups:?}");
    assert_eq!(groups.iter().map(|g| g.messages).sum::<usize>(), 2001);
}

#[test]
fn a_scheduled_arrival_rate_follows_its_segments() {
    let mut sim = Simulation::new(
        scenario(json!({
            "version": 1, "title": "schedule",
            "queues": [{"name": "q"}],
            "producers": [{"name": "p", "queue": "q", "arrival": {"kind": "schedule", "segments": [
                {"from_seconds": 10, "per_second": 2}, {"from_seconds": 60, "per_second": 20}, {"from_seconds": 120, "per_second": 0}
            ]}}]
        })),
        3,
    );
    sim.run_until(SimTime(10_000));
    assert_eq!(
        sim.summary().messages_sent,
        0,
        "no rate before the first segment"
    );
    sim.run_until(SimTime(60_000));
    let quiet = sim.summary().messages_sent;
    assert!(
        (70..=130).contains(&quiet),
        "about 2 a second for 50 s: {quiet}"
    );
    sim.run_until(SimTime(120_000));
    let busy = sim.summary().messages_sent - quiet;
    assert!(
        (1_050..=1_350).contains(&busy),
        "about 20 a second for 60 s: {busy}"
    );
    sim.run_until(SimTime(600_000));
    assert_eq!(
        sim.summary().messages_sent,
        quiet + busy,
        "rate 0 from 120 s on"
    );
    let bad = Scenario::from_json(
        &json!({"version": 1, "title": "t", "queues": [{"name": "q"}],
                "producers": [{"name": "p", "queue": "q", "arrival": {"kind": "schedule", "segments": [
                    {"from_seconds": 60, "per_second": 1}, {"from_seconds": 10, "per_second": 1}]}}]})
        .to_string(),
    )
    .unwrap_err();
    assert_eq!(bad[0].path, "producers[0].arrival.segments");
}

#[test]
fn a_topic_fans_each_order_out_to_every_subscribed_queue() {
    let mut sim = Simulation::new(
        scenario(json!({
            "version": 1, "title": "fan-out",
            "queues": [{"name": "fulfilment"}, {"name": "analytics"}],
            "topics": [{"name": "orders-placed", "subscriptions": ["fulfilment", "analytics"]}],
            "producers": [{"name": "checkout", "queue": "orders-placed", "arrival": {"kind": "constant", "per_second": 2}}],
            "consumers": [
                {"name": "packer", "queue": "fulfilment", "processing": {"kind": "fixed", "seconds": 0.1}},
                {"name": "counter", "queue": "analytics", "processing": {"kind": "fixed", "seconds": 0.1}}
            ]
        })),
        1,
    );
    sim.run_for(Duration::from_secs(60));
    let sent = |q: &str| sim.sqs().queue(q).unwrap().counters.sent;
    assert_eq!(sent("fulfilment"), 121);
    assert_eq!(sent("analytics"), 121, "every order reaches both queues");
    let s = sim.summary();
    assert_eq!(
        s.duplicates_processed, 0,
        "each queue processing its copy once is no duplicate"
    );
    assert!(s.messages_deleted >= 240);
    let errors = Scenario::from_json(
        &json!({"version": 1, "title": "t", "queues": [{"name": "q"}],
                "topics": [{"name": "q", "subscriptions": ["nope"]}]})
        .to_string(),
    )
    .unwrap_err();
    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(
        text.contains(&"topics[0].name: \"q\" is already a queue or topic name".to_owned()),
        "{text:?}"
    );
    assert!(
        text.contains(&"topics[0].subscriptions[0]: no queue is named \"nope\"".to_owned()),
        "{text:?}"
    );
}

#[test]
fn consumers_can_forward_processed_orders_to_a_next_queue() {
    let mut sim = Simulation::new(
        scenario(json!({
            "version": 1, "title": "pipeline",
            "queues": [{"name": "orders"}, {"name": "invoices"}],
            "producers": [{"name": "checkout", "queue": "orders", "arrival": {"kind": "constant", "per_second": 1}}],
            "consumers": [
                {"name": "fulfil", "queue": "orders", "processing": {"kind": "fixed", "seconds": 0.2}, "forward_to": "invoices"},
                {"name": "bill", "queue": "invoices", "processing": {"kind": "fixed", "seconds": 0.2}}
            ]
        })),
        1,
    );
    sim.run_for(Duration::from_secs(30));
    let q = |name: &str| sim.sqs().queue(name).unwrap().counters.clone();
    assert_eq!(q("orders").sent, 31);
    assert!(
        q("invoices").sent >= 30,
        "each processed order goes on to invoices"
    );
    assert!(q("invoices").removed_by_delete >= 29);
    assert_eq!(sim.summary().duplicates_processed, 0);
}

fn with_payment_service() -> Scenario {
    scenario(with_payment_service_json())
}

#[test]
fn a_service_taken_down_fails_every_call_until_it_is_back_up() {
    use sqs_sim::sim::Command;
    let mut sim = Simulation::new(with_payment_service(), 1);
    sim.run_for(Duration::from_secs(30));
    assert_eq!(sim.summary().processing_failures, 0);
    assert!(!sim.snapshot().services[0].down);
    let down = |down| Command::SetServiceDown {
        service: "payment".into(),
        down,
    };
    sim.apply(&down(true)).unwrap();
    assert!(sim.snapshot().services[0].down);
    let deleted_before = sim.summary().messages_deleted;
    sim.run_for(Duration::from_secs(30));
    // Only the orders whose calls were made before it went down (one per worker) complete.
    assert!(sim.summary().messages_deleted <= deleted_before + 2);
    assert!(sim.summary().processing_failures > 0);
    sim.apply(&down(false)).unwrap();
    sim.run_for(Duration::from_secs(60));
    // The orders that failed were retried after their visibility timeout: none is lost.
    let summary = sim.summary();
    assert!(
        summary.messages_deleted >= summary.messages_sent - 4,
        "{summary:?}"
    );
    assert_eq!(
        sim.apply(&Command::SetServiceDown {
            service: "nope".into(),
            down: true
        }),
        Err(sqs_sim::sim::CommandError::UnknownService("nope".into()))
    );
}

#[test]
fn a_timeline_naming_an_unknown_service_is_refused_at_its_path() {
    let mut value = with_payment_service_json();
    value["timeline"] = json!([{"at_seconds": 5, "command": {"kind": "set_service_down", "service": "billing", "down": true}}]);
    let errors = Scenario::from_json(&value.to_string()).unwrap_err();
    assert!(
        errors.iter().any(|e| e.path == "timeline[0].command"
            && e.message.contains("no service is named \"billing\"")),
        "{errors:?}"
    );
}

fn with_payment_service_json() -> Value {
    json!({
        "version": 1, "title": "t",
        "queues": [{"name": "orders", "attributes": {"VisibilityTimeout": "5"}}],
        "services": [{"name": "payment", "latency": {"kind": "fixed", "seconds": 0.01}}],
        "producers": [{"name": "p", "queue": "orders", "arrival": {"kind": "constant", "per_second": 2}}],
        "consumers": [{"name": "c", "queue": "orders", "count": 2,
                       "processing": {"kind": "fixed", "seconds": 0.01}, "calls": ["payment"]}]
    })
}

/// Scenarios where zero-time processing once looped forever at one instant (found by the fuzz
/// target scenario_run): every run must reach the time asked for, with a bounded number of
/// events.
#[test]
fn zero_time_processing_cannot_stall_the_clock() {
    let crash = json!({
        "version": 1, "title": "crash at once, restart at once",
        "queues": [{"name": "q", "attributes": {"VisibilityTimeout": "0"}}],
        "producers": [{"name": "p", "queue": "q", "arrival": {"kind": "spike", "at_seconds": 0, "count": 1}}],
        "consumers": [{"name": "c", "queue": "q", "processing": {"kind": "fixed", "seconds": 0},
                       "crash_probability": 1, "restart_after_seconds": 0}]
    });
    let cases = [
        include_str!("hangs/hang-retry.json").to_owned(),
        include_str!("hangs/hang-forward.json").to_owned(),
        crash.to_string(),
    ];
    for text in cases {
        let mut sim = Simulation::new(Scenario::from_json(&text).expect("valid"), 1);
        sim.run_for(Duration::from_secs(2));
        assert_eq!(sim.now(), SimTime(2_000), "{text}");
        assert!(
            sim.events() < 100_000,
            "{} events in 2 s: {text}",
            sim.events()
        );
    }
}

#[test]
fn snapshots_list_in_flight_messages_with_the_time_left_on_their_visibility_timeout() {
    let mut sim = Simulation::new(
        scenario(json!({
            "version": 1, "title": "t",
            "queues": [{"name": "q", "attributes": {"VisibilityTimeout": "10"}}],
            "producers": [{"name": "p", "queue": "q", "arrival": {"kind": "spike", "at_seconds": 1, "count": 3}}],
            "consumers": [{"name": "c", "queue": "q", "count": 1, "max_number_of_messages": 2,
                           "processing": {"kind": "fixed", "seconds": 100}}]
        })),
        1,
    );
    sim.run_for(Duration::from_secs(5));
    let queue = &sim.snapshot().queues[0];
    assert_eq!(queue.approximate_number_of_messages_not_visible, 2);
    assert_eq!(queue.in_flight.len(), 2);
    for message in &queue.in_flight {
        assert_eq!(message.receive_count, 1);
        assert_eq!(message.timeout_s, 10.0);
        assert!(
            (message.visible_again_in_s - 6.0).abs() < 0.01,
            "{message:?}"
        );
    }
}

#[test]
fn a_spike_too_big_to_hold_in_memory_is_refused_at_its_path() {
    let spike = |count: u32, body_bytes: u32| {
        json!({
            "version": 1, "title": "t",
            "queues": [{"name": "q"}],
            "producers": [{"name": "p", "queue": "q", "body_bytes": body_bytes,
                           "arrival": {"kind": "spike", "at_seconds": 0, "count": count}}]
        })
        .to_string()
    };
    let errors = Scenario::from_json(&spike(1_000_000, 1_048_576)).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|e| e.path == "producers[0].arrival.count" && e.message.contains("in memory")),
        "{errors:?}"
    );
    // A million small orders is fine.
    assert!(Scenario::from_json(&spike(1_000_000, 200)).is_ok());
}

#[test]
fn a_producer_rate_changed_live_takes_effect_from_then_on() {
    use sqs_sim::sim::{Command, CommandError};
    let mut sim = Simulation::new(
        scenario(json!({
            "version": 1, "title": "t",
            "queues": [{"name": "q"}],
            "producers": [{"name": "p", "queue": "q", "arrival": {"kind": "constant", "per_second": 2}}]
        })),
        1,
    );
    sim.run_for(Duration::from_secs(10));
    let before = sim.summary().messages_sent;
    let rate = |per_second| Command::SetProducerRate {
        producer: "p".into(),
        per_second,
    };
    sim.apply(&rate(20.0)).unwrap();
    sim.run_for(Duration::from_secs(10));
    let sent = sim.summary().messages_sent - before;
    // The arrival already due comes at the old rate (at most one 0.5 s gap), then 20 a second.
    assert!(
        (189..=201).contains(&sent),
        "{sent} sent in 10 s at 20 a second"
    );
    assert!(matches!(
        sim.apply(&rate(0.0)),
        Err(CommandError::Invalid(_))
    ));
    assert_eq!(
        sim.apply(&Command::SetProducerRate {
            producer: "nope".into(),
            per_second: 1.0
        }),
        Err(CommandError::UnknownProducer("nope".into()))
    );
}
