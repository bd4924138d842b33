//! Lambda consumers behind an event source mapping, on the virtual clock: the concurrency
//! ramp, throttling against reserved concurrency, ReportBatchItemFailures, FIFO order, and
//! the mapping's limits.

use std::collections::BTreeMap;

use serde_json::{json, Value};
use sqs_sim::sim::trace::TraceKind;
use sqs_sim::sim::{Scenario, SimTime, Simulation};

fn scenario(queues: Value, producers: Value, lambda: Value) -> Scenario {
    let mut consumer = json!({"name": "handler", "queue": "orders", "kind": "lambda"});
    for (key, value) in lambda.as_object().unwrap() {
        consumer[key] = value.clone();
    }
    let text = json!({
        "version": 1,
        "title": "lambda",
        "metrics_period_seconds": 60,
        "queues": queues,
        "producers": producers,
        "consumers": [consumer]
    });
    Scenario::from_json(&text.to_string()).unwrap_or_else(|e| panic!("{e:?}"))
}

fn run(scenario: Scenario, seconds: f64) -> Simulation {
    let mut simulation = Simulation::new(scenario, 11);
    simulation.set_trace_capacity(1 << 20);
    simulation.run_until(SimTime::from_seconds(seconds).unwrap());
    simulation
}

/// 300 orders a second against a function that takes a minute a batch: the backlog never
/// drains, so the mapping keeps scaling.
fn sustained_backlog(scaling_config: Option<u32>) -> Scenario {
    let mut mapping = json!({"BatchSize": 10});
    if let Some(maximum) = scaling_config {
        mapping["ScalingConfig"] = json!({"MaximumConcurrency": maximum});
    }
    scenario(
        json!([{"name": "orders", "attributes": {"VisibilityTimeout": "600"}}]),
        json!([{"name": "checkout", "queue": "orders",
                "arrival": {"kind": "constant", "per_second": 300}}]),
        json!({"processing": {"kind": "fixed", "seconds": 60},
               "function": {"Timeout": 120, "processing_per": "batch"},
               "event_source_mapping": mapping}),
    )
}

fn per_minute(
    simulation: &Simulation,
    read: fn(&sqs_sim::sim::metrics::LambdaSample) -> u32,
) -> Vec<u32> {
    simulation.metrics().lambdas[0]
        .samples
        .iter()
        .map(read)
        .collect()
}

#[test]
fn concurrency_starts_at_five_and_adds_300_a_minute_up_to_1000() {
    let simulation = run(sustained_backlog(None), 360.0);
    // A sample at the end of each minute: the pollers during that minute, and the most
    // invocations running at once.
    assert_eq!(
        per_minute(&simulation, |s| s.pollers),
        [5, 305, 605, 905, 1000, 1000]
    );
    assert_eq!(
        per_minute(&simulation, |s| s.concurrent_executions),
        [5, 305, 605, 905, 1000, 1000]
    );
    let summary = simulation.summary();
    assert_eq!(summary.lambda_throttles, 0);
    assert_eq!(summary.lambda_errors, 0);
}

#[test]
fn maximum_concurrency_caps_the_ramp() {
    let simulation = run(sustained_backlog(Some(50)), 240.0);
    assert_eq!(per_minute(&simulation, |s| s.pollers), [5, 50, 50, 50]);
    assert_eq!(
        per_minute(&simulation, |s| s.concurrent_executions),
        [5, 50, 50, 50]
    );
}

#[test]
fn with_traffic_gone_the_mapping_falls_back_to_five() {
    let scenario = scenario(
        json!([{"name": "orders"}]),
        json!([{"name": "spike", "queue": "orders", "batch_size": 10,
                "arrival": {"kind": "spike", "at_seconds": 0, "count": 20000}}]),
        json!({"processing": {"kind": "fixed", "seconds": 0.1}, "function": {"Timeout": 5}}),
    );
    let simulation = run(scenario, 600.0);
    let pollers = per_minute(&simulation, |s| s.pollers);
    assert_eq!(&pollers[..2], [5, 305], "{pollers:?}");
    assert_eq!(simulation.summary().messages_deleted, 20000);
    assert_eq!(*pollers.last().unwrap(), 5, "{pollers:?}");
}

/// A burst of healthy orders, a function that takes 5 s a batch, and reserved concurrency
/// of 10: fine for the mapping's first five pollers, but a minute later it runs 305.
fn throttled(maximum_concurrency: Option<u32>) -> Scenario {
    let mut mapping = json!({"BatchSize": 10});
    if let Some(maximum) = maximum_concurrency {
        mapping["ScalingConfig"] = json!({"MaximumConcurrency": maximum});
    }
    scenario(
        json!([
            {"name": "orders", "attributes": {"VisibilityTimeout": "30"},
             "redrive": {"dead_letter_queue": "orders-dlq", "max_receive_count": 3}},
            {"name": "orders-dlq"}
        ]),
        json!([{"name": "flash-sale", "queue": "orders", "batch_size": 10,
                "arrival": {"kind": "spike", "at_seconds": 0, "count": 5000}}]),
        json!({"processing": {"kind": "fixed", "seconds": 5},
               "function": {"Timeout": 10, "ReservedConcurrentExecutions": 10,
                            "processing_per": "batch"},
               "event_source_mapping": mapping}),
    )
}

#[test]
fn throttled_batches_come_back_after_the_visibility_timeout_with_a_higher_receive_count() {
    let mut simulation = run(throttled(None), 600.0);
    let summary = simulation.summary();
    assert!(summary.lambda_throttles > 0, "{summary:?}");
    assert_eq!(summary.lambda_errors, 0);
    // Nothing failed, yet healthy messages reached the dead-letter queue.
    assert!(summary.moved_to_dlq > 0, "{summary:?}");
    let trace = simulation.drain_trace();
    let mut receives: BTreeMap<_, Vec<(SimTime, u32)>> = BTreeMap::new();
    for event in trace.iter().filter(|e| e.kind == TraceKind::Received) {
        receives
            .entry(event.message_id.to_string())
            .or_default()
            .push((event.at, event.receive_count));
    }
    let again = receives
        .values()
        .find(|r| r.len() > 1)
        .expect("a message received again");
    assert_eq!((again[0].1, again[1].1), (1, 2));
    assert!(
        again[1].0.since(again[0].0).as_secs_f64() >= 30.0,
        "visible again only after VisibilityTimeout: {again:?}"
    );
    assert!(
        receives.values().any(|r| r.len() == 3),
        "received three times, then moved to the DLQ"
    );
}

#[test]
fn maximum_concurrency_at_the_reserved_concurrency_stops_the_throttles() {
    let summary = run(throttled(Some(10)), 600.0).summary();
    assert_eq!(summary.lambda_throttles, 0);
    assert_eq!(summary.moved_to_dlq, 0);
    // Ten at a time, 10 messages each 5 s: 5,000 in 250 s.
    assert_eq!(summary.messages_deleted, 5000, "{summary:?}");
}

fn flaky(report: bool, fifo: bool) -> Scenario {
    let mut mapping = json!({"BatchSize": 10});
    if report {
        mapping["FunctionResponseTypes"] = json!(["ReportBatchItemFailures"]);
    }
    let (name, attributes, groups) = if fifo {
        (
            "orders.fifo",
            json!({"FifoQueue": "true", "ContentBasedDeduplication": "true",
                               "VisibilityTimeout": "20"}),
            3,
        )
    } else {
        ("orders", json!({"VisibilityTimeout": "20"}), 1)
    };
    let text = json!({
        "version": 1, "title": "flaky",
        "queues": [{"name": name, "attributes": attributes}],
        "producers": [{"name": "checkout", "queue": name, "batch_size": 10, "message_groups": groups,
                       "arrival": {"kind": "constant", "per_second": 2}, "stop_seconds": 300}],
        "consumers": [{"name": "handler", "queue": name, "kind": "lambda",
                       "processing": {"kind": "fixed", "seconds": 0.05},
                       "failure_probability": 0.1,
                       "function": {"Timeout": 5}, "event_source_mapping": mapping}]
    });
    Scenario::from_json(&text.to_string()).unwrap_or_else(|e| panic!("{e:?}"))
}

#[test]
fn report_batch_item_failures_returns_only_the_reported_messages() {
    let whole = run(flaky(false, false), 900.0).summary();
    let partial = run(flaky(true, false), 900.0).summary();
    // Without it, a failure fails the invocation and the batch's processed messages come
    // back: processed twice.
    assert!(whole.lambda_errors > 0, "{whole:?}");
    assert!(whole.duplicates_processed > 0, "{whole:?}");
    // With it, the invocation succeeds and only the failed messages come back.
    assert_eq!(partial.lambda_errors, 0, "{partial:?}");
    assert!(partial.processing_failures > 0);
    assert_eq!(partial.duplicates_processed, 0, "{partial:?}");
    for summary in [&whole, &partial] {
        assert_eq!(
            summary.messages_deleted, summary.messages_sent,
            "{summary:?}"
        );
    }
}

#[test]
fn fifo_groups_are_deleted_in_the_order_they_were_sent_despite_failures() {
    for report in [false, true] {
        let mut simulation = run(flaky(report, true), 1800.0);
        let summary = simulation.summary();
        assert!(summary.processing_failures > 0);
        assert_eq!(
            summary.messages_deleted, summary.messages_sent,
            "{summary:?}"
        );
        let mut group_of = BTreeMap::new();
        let mut sent: BTreeMap<u32, Vec<String>> = BTreeMap::new();
        let mut deleted: BTreeMap<u32, Vec<String>> = BTreeMap::new();
        for event in simulation.drain_trace() {
            let id = event.message_id.to_string();
            match event.kind {
                TraceKind::Sent => {
                    let group = event.group.unwrap();
                    group_of.insert(id.clone(), group);
                    sent.entry(group).or_default().push(id);
                }
                TraceKind::Deleted => deleted.entry(group_of[&id]).or_default().push(id),
                _ => {}
            }
        }
        assert_eq!(sent.len(), 3);
        assert_eq!(deleted, sent, "report {report}");
    }
}

#[test]
fn the_mapping_and_function_are_refused_at_their_json_paths_with_the_range() {
    let problems = |consumer: Value, fifo: bool| {
        let name = if fifo { "orders.fifo" } else { "orders" };
        let attributes = if fifo {
            json!({"FifoQueue": "true"})
        } else {
            json!({})
        };
        let text = json!({"version": 1, "title": "bad",
            "queues": [{"name": name, "attributes": attributes}],
            "consumers": [consumer]});
        Scenario::from_json(&text.to_string())
            .unwrap_err()
            .into_iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
    };
    let lambda = |queue: &str, extra: Value| {
        let mut c = json!({"name": "f", "queue": queue, "kind": "lambda",
                           "processing": {"kind": "fixed", "seconds": 1}});
        for (k, v) in extra.as_object().unwrap() {
            c[k] = v.clone();
        }
        c
    };
    assert_eq!(
        problems(
            lambda(
                "orders.fifo",
                json!({"event_source_mapping": {"BatchSize": 20}})
            ),
            true
        ),
        ["consumers[0].event_source_mapping.BatchSize: must be between 1 and 10 on a FIFO queue"]
    );
    assert_eq!(
        problems(
            lambda("orders", json!({"event_source_mapping": {
                "MaximumBatchingWindowInSeconds": 301, "ScalingConfig": {"MaximumConcurrency": 1}}})),
            false
        ),
        [
            "consumers[0].event_source_mapping.MaximumBatchingWindowInSeconds: must be between 0 and 300",
            "consumers[0].event_source_mapping.ScalingConfig.MaximumConcurrency: must be between 2 and 1000"
        ]
    );
    assert_eq!(
        problems(lambda("payments", json!({})), false),
        ["consumers[0].queue: no queue is named \"payments\""]
    );
    assert_eq!(
        problems(lambda("orders", json!({"count": 4, "function": {"Timeout": 0}})), false),
        [
            "consumers[0].function.Timeout: must be between 1 and 900 seconds",
            "consumers[0].count: is not for a Lambda consumer: its event source mapping decides how many batches run"
        ]
    );
    // Members the API does not have, and values of the wrong type, in serde's words.
    let unknown = problems(
        lambda("orders", json!({"event_source_mapping": {"BatchSise": 5}})),
        false,
    );
    assert_eq!(unknown.len(), 1);
    assert!(
        unknown[0].starts_with("consumers[0].event_source_mapping"),
        "{unknown:?}"
    );
    assert!(
        unknown[0].contains("unknown field \"BatchSise\"; did you mean \"BatchSize\"?"),
        "{unknown:?}"
    );
    let wrong = problems(
        lambda("orders", json!({"function": {"MemorySize": "big"}})),
        false,
    );
    assert!(
        wrong[0].contains("invalid value: \"big\", expected a whole number"),
        "{wrong:?}"
    );
    let scaling = problems(
        lambda(
            "orders",
            json!({"event_source_mapping": {"ScalingConfig": {"MaximumConcurency": 5}}}),
        ),
        false,
    );
    assert!(
        scaling[0].contains("did you mean \"MaximumConcurrency\"?"),
        "{scaling:?}"
    );
    let fleet = json!({"name": "f", "queue": "orders", "function": {"Timeout": 30},
                       "processing": {"kind": "fixed", "seconds": 1}});
    assert_eq!(
        problems(fleet, false),
        ["consumers[0].function: is only for a consumer of kind \"lambda\""]
    );
}

#[test]
fn a_function_timeout_beyond_the_visibility_timeout_gets_aws_warning() {
    let scenario = scenario(
        json!([{"name": "orders"}]),
        json!([]),
        json!({"processing": {"kind": "fixed", "seconds": 1}, "function": {"Timeout": 60}}),
    );
    let warnings: Vec<String> = scenario.warnings().iter().map(|w| w.to_string()).collect();
    assert_eq!(
        warnings,
        ["consumers[0].function.Timeout: InvalidParameterValueException: Queue visibility timeout: 30 seconds is less than Function timeout: 60 seconds"]
    );
}

#[test]
fn lambda_cost_adds_requests_and_gb_seconds_to_the_sqs_cost() {
    let simulation = run(flaky(true, false), 900.0);
    let summary = simulation.summary();
    let lambda = &simulation.metrics().lambdas[0];
    assert_eq!(lambda.invocations, summary.lambda_invocations);
    // 128 MB: an eighth of a GB-second per second of duration.
    let expected =
        lambda.invocations as f64 * 0.20 / 1e6 + lambda.duration_s / 8.0 * 0.000_016_666_7;
    assert!(
        (lambda.cost_usd - expected).abs() < 1e-12,
        "{} vs {expected}",
        lambda.cost_usd
    );
    assert!(summary.cost_usd > lambda.cost_usd);
}

fn windowed(batch_size: u32, window: u32, arrival: Value) -> Simulation {
    let scenario = scenario(
        json!([{"name": "orders"}]),
        json!([{"name": "checkout", "queue": "orders", "arrival": arrival}]),
        json!({"processing": {"kind": "fixed", "seconds": 0.01},
               "event_source_mapping": {"BatchSize": batch_size,
                                        "MaximumBatchingWindowInSeconds": window}}),
    );
    run(scenario, 300.0)
}

#[test]
fn a_batching_window_gathers_messages_into_fewer_invocations() {
    let arrival = json!({"kind": "constant", "per_second": 10});
    let at_once = windowed(10, 0, arrival.clone()).summary();
    let gathered = windowed(100, 5, arrival).summary();
    // Without a window, each message that arrives alone is invoked alone.
    assert!(
        at_once.lambda_invocations * 10 >= at_once.messages_sent * 9,
        "{at_once:?}"
    );
    // With five seconds to gather, each of the five pollers invokes with about ten.
    assert!(
        gathered.lambda_invocations * 5 <= gathered.messages_sent,
        "{gathered:?}"
    );
    // At the end, at most a window's messages are still being gathered.
    assert!(
        gathered.messages_deleted + 60 >= gathered.messages_sent,
        "{gathered:?}"
    );
}

#[test]
fn a_full_batch_is_invoked_before_its_window_ends() {
    let spike = json!({"kind": "spike", "at_seconds": 0, "count": 1000});
    let summary = windowed(20, 300, spike).summary();
    assert_eq!(summary.messages_deleted, 1000);
    assert_eq!(summary.lambda_invocations, 50, "{summary:?}");
    // Duration: twenty messages of 10 ms each, every time.
    assert!(
        (summary.lambda_duration_mean_s - 0.2).abs() < 1e-9,
        "{summary:?}"
    );
    assert!(summary.latency_p99_s < 60.0, "{summary:?}");
}

#[test]
fn a_function_calls_services_and_forwards_what_it_processed() {
    // A pipeline: a function charges each order through a payments service that is down for
    // its first two minutes, then forwards it to a shipping queue a fleet drains.
    let text = json!({
        "version": 1, "title": "pipeline", "duration_seconds": 900,
        "queues": [
            {"name": "orders", "attributes": {"VisibilityTimeout": "30"},
             "redrive": {"dead_letter_queue": "orders-dlq", "max_receive_count": 10}},
            {"name": "orders-dlq"},
            {"name": "shipping"}
        ],
        "services": [{"name": "payments", "latency": {"kind": "fixed", "seconds": 0.02},
                      "outages": [{"from_seconds": 0, "to_seconds": 120}]}],
        "producers": [{"name": "checkout", "queue": "orders", "stop_seconds": 300,
                       "arrival": {"kind": "constant", "per_second": 2}}],
        "consumers": [
            {"name": "charge", "queue": "orders", "kind": "lambda", "calls": ["payments"],
             "forward_to": "shipping", "processing": {"kind": "fixed", "seconds": 0.01},
             "function": {"Timeout": 5},
             "event_source_mapping": {"FunctionResponseTypes": ["ReportBatchItemFailures"]}},
            {"name": "ship", "queue": "shipping", "processing": {"kind": "fixed", "seconds": 0.01}}
        ]
    });
    let scenario = Scenario::from_json(&text.to_string()).unwrap();
    let simulation = run(scenario, 900.0);
    let summary = simulation.summary();
    // The outage failed charges (reported, not thrown), which came back and went through.
    assert!(summary.processing_failures > 0, "{summary:?}");
    assert_eq!(summary.lambda_errors, 0, "{summary:?}");
    assert_eq!(summary.moved_to_dlq, 0, "{summary:?}");
    // Every order went through both stages: 600 orders, each deleted from both queues.
    let queues = simulation.snapshot().queues;
    let orders = queues.iter().find(|q| q.name == "orders").unwrap();
    let shipping = queues.iter().find(|q| q.name == "shipping").unwrap();
    assert_eq!(orders.number_of_messages_deleted, 600);
    assert_eq!(shipping.number_of_messages_sent, 600);
    assert_eq!(shipping.number_of_messages_deleted, 600);
    assert_eq!(summary.duplicates_processed, 0);
}
