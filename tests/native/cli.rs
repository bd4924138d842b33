//! The command-line face, run as a user runs it.

use std::process::Command;

/// A directory of its own for a test's files, removed when the test ends.
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new(tag: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("sqs-sim-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    /// Writes `contents` to `name` in the directory; the path as text, for arguments.
    fn file(&self, name: &str, contents: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, contents).unwrap();
        path.to_str().unwrap().to_owned()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn sqs_sim(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sqs-sim"))
        .args(args)
        .output()
        .expect("running sqs-sim")
}

#[test]
fn help_describes_the_simulator() {
    let output = sqs_sim(&["--help"]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("Amazon SQS simulator"), "{text}");
    assert!(text.contains("Usage: sqs-sim"), "{text}");
}

#[test]
fn version_matches_the_package() {
    let output = sqs_sim(&["--version"]);
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap().trim(),
        format!("sqs-sim {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn an_unknown_flag_is_a_usage_error_naming_it() {
    let output = sqs_sim(&["--no-such-flag"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stderr)
        .unwrap()
        .contains("--no-such-flag"));
}

#[test]
fn replay_writes_one_line_per_call_and_reports_bad_lines_by_number() {
    let dir = std::env::temp_dir().join(format!("sqs-sim-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("script.jsonl");
    let out = dir.join("out.jsonl");
    std::fs::write(
        &script,
        concat!(
            "# a comment\n",
            "{\"at\": 0, \"action\": \"CreateQueue\", \"params\": {\"QueueName\": \"q\"}}\n",
            "{\"at\": 1, \"action\": \"SendMessage\", \"params\": {\"QueueUrl\": \"q\", \"MessageBody\": \"a\"}}\n",
            "this is not json\n",
            "{\"at\": 2, \"action\": \"ReceiveMessage\", \"params\": {\"QueueUrl\": \"q\"}}\n",
        ),
    )
    .unwrap();
    let output = sqs_sim(&[
        "replay",
        script.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "a bad line makes the exit status 1"
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("line 4: invalid JSON"), "{stderr}");
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines[0].get("meta").is_some());
    assert_eq!(lines.len(), 5);
    assert_eq!(
        lines[4]["response"]["Messages"][0]["Body"], "a",
        "the lines after the bad one still ran"
    );
    assert_eq!(
        lines[4]["response"]["Messages"][0]["MD5OfBody"],
        "0cc175b9c0f1b6a831c399e269772661"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn replay_of_a_missing_file_says_so() {
    let output = sqs_sim(&["replay", "/nonexistent/script.jsonl"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stderr)
        .unwrap()
        .contains("cannot read /nonexistent/script.jsonl"));
}

#[test]
fn run_prints_a_json_summary_with_the_documented_keys() {
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/static/scenarios/mmc.json");
    let output = sqs_sim(&["run", scenario, "--until", "2m", "--seed", "5", "--json"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    // Every number a check can name, and the run's own.
    for key in sqs_sim::sim::checks::metric_names().chain(["events", "sim_seconds", "wall_seconds"])
    {
        assert!(summary.get(key).is_some(), "{key} missing from {summary}");
    }
    assert_eq!(summary["sim_seconds"], 120.0);
    let sent = summary["messages_sent"].as_u64().unwrap();
    assert!(
        (11_000..13_000).contains(&sent),
        "about 100 a second for 2 minutes, got {sent}"
    );
    // The same seed gives the same run.
    let again = sqs_sim(&["run", scenario, "--until", "2m", "--seed", "5", "--json"]);
    let again: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(again["messages_sent"], summary["messages_sent"]);
    assert_eq!(again["latency_mean_s"], summary["latency_mean_s"]);
}

#[test]
fn run_writes_cloudwatch_metrics_as_csv() {
    let dir = std::env::temp_dir().join(format!("sqs-sim-metrics-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("metrics.csv");
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/static/scenarios/mmc.json");
    let output = sqs_sim(&[
        "run",
        scenario,
        "--until",
        "3m",
        "--metrics",
        csv.to_str().unwrap(),
    ]);
    assert!(output.status.success());
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("queue,time_s,ApproximateNumberOfMessagesVisible,"));
    assert_eq!(lines.count(), 3, "one row per minute for the one queue");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn run_reports_every_scenario_problem_with_its_path() {
    let scratch = Scratch::new("bad");
    let path = scratch.file(
        "bad.json",
        r#"{"version": 1, "title": "bad", "queues": [{"name": "q"}],
            "consumers": [{"name": "c", "queue": "q", "count": 0, "processing": {"kind": "fixed", "seconds": -1}}]}"#,
    );
    let output = sqs_sim(&["run", &path]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("consumers[0].count: must be at least 1"),
        "{stderr}"
    );
    assert!(
        stderr.contains("consumers[0].processing: seconds must be a number >= 0"),
        "{stderr}"
    );
    assert_eq!(
        sqs_sim(&["run", &path, "--until", "soon"]).status.code(),
        Some(2)
    );
}

/// The Lambda exercises: each preset's checks fail as shipped and pass once its lesson's last
/// step is done (MaximumConcurrency at the reserved concurrency; ReportBatchItemFailures on).
#[test]
fn the_lambda_exercises_pass_their_checks_once_the_lesson_s_fix_is_made() {
    let scratch = Scratch::new("lambda-exercises");
    for (file, shipped, fixed) in [
        (
            "lambda-throttling.json",
            "\"event_source_mapping\": {\"BatchSize\": 10}",
            "\"event_source_mapping\": {\"BatchSize\": 10, \"ScalingConfig\": {\"MaximumConcurrency\": 10}}",
        ),
        (
            "lambda-partial-batch.json",
            "\"MaximumBatchingWindowInSeconds\": 1}",
            "\"MaximumBatchingWindowInSeconds\": 1, \"FunctionResponseTypes\": [\"ReportBatchItemFailures\"]}",
        ),
    ] {
        let preset = format!("{}/static/scenarios/{file}", env!("CARGO_MANIFEST_DIR"));
        let failing = sqs_sim(&["run", &preset, "--check"]);
        assert_eq!(failing.status.code(), Some(1), "{file}");
        let text = String::from_utf8(failing.stdout).unwrap();
        assert_eq!(text.matches("  FAIL ").count(), 2, "{text}");
        let original = std::fs::read_to_string(&preset).unwrap();
        assert!(original.contains(shipped), "{file}");
        let path = scratch.file(file, &original.replace(shipped, fixed));
        let passing = sqs_sim(&["run", &path, "--check"]);
        let text = String::from_utf8(passing.stdout).unwrap();
        assert!(passing.status.success(), "{file}: {text}");
        assert_eq!(text.matches("  PASS ").count(), 2, "{text}");
    }
}

#[test]
fn a_lambda_timeout_beyond_the_visibility_timeout_is_warned_about_as_aws_refuses_it() {
    let preset = format!(
        "{}/static/scenarios/lambda-partial-batch.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&preset)
        .unwrap()
        .replace("\"Timeout\": 10", "\"Timeout\": 90");
    let scratch = Scratch::new("lambda-warning");
    let path = scratch.file("slow.json", &text);
    let output = sqs_sim(&["run", &path, "--until", "10s"]);
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("consumers[0].function.Timeout: InvalidParameterValueException: Queue visibility timeout: 60 seconds is less than Function timeout: 90 seconds"),
        "{stderr}"
    );
}

#[test]
fn run_check_fails_a_failing_check_and_passes_once_the_scenario_is_fixed() {
    let preset = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/static/scenarios/visibility-timeout-too-short.json"
    );
    let failing = sqs_sim(&["run", preset, "--check"]);
    assert_eq!(failing.status.code(), Some(1));
    let text = String::from_utf8(failing.stdout).unwrap();
    assert!(
        text.contains("FAIL Each order is processed once (duplicates_processed = "),
        "{text}"
    );

    // The exercise: a visibility timeout longer than the processing time.
    let fixed = std::fs::read_to_string(preset).unwrap().replace(
        "\"VisibilityTimeout\": \"5\"",
        "\"VisibilityTimeout\": \"30\"",
    );
    let scratch = Scratch::new("check");
    let path = scratch.file("fixed.json", &fixed);
    let passing = sqs_sim(&["run", &path, "--check", "--json"]);
    assert!(
        passing.status.success(),
        "{}",
        String::from_utf8_lossy(&passing.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&passing.stdout).unwrap();
    assert_eq!(
        summary["checks"],
        serde_json::json!([{"check": "Each order is processed once", "metric": "duplicates_processed", "actual": 0.0, "passed": true}])
    );

    // Without checks, --check is a mistake worth stopping for.
    let mmc = concat!(env!("CARGO_MANIFEST_DIR"), "/static/scenarios/mmc.json");
    let output = sqs_sim(&["run", mmc, "--until", "1m", "--check"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stderr)
        .unwrap()
        .contains("has no checks"));
}

#[test]
fn a_check_that_cannot_be_judged_is_a_scenario_error_with_its_path() {
    let scratch = Scratch::new("bad-check");
    let path = scratch.file(
        "bad.json",
        r#"{"version": 1, "title": "t", "queues": [{"name": "q"}],
            "checks": [{"metric": "p95", "below": 1}]}"#,
    );
    let output = sqs_sim(&["run", &path, "--check"]);
    assert_eq!(output.status.code(), Some(2));
    let text = String::from_utf8(output.stderr).unwrap();
    assert!(
        text.contains("checks[0]: metric \"p95\" is not a number of the run"),
        "{text}"
    );
}

#[test]
fn export_prints_each_format_and_refuses_a_bad_scenario_naming_the_member() {
    let preset = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/static/scenarios/payments-fifo.json"
    );
    for (format, first_line, mentions) in [
        ("boto3", "#!/usr/bin/env python3", "\"FifoQueue\": \"true\""),
        (
            "aws-cli",
            "#!/usr/bin/env bash",
            "--queue-name payments.fifo",
        ),
        (
            "cloudformation",
            "# Generated by sqs-sim. Deploy with:",
            "FifoQueue: true",
        ),
    ] {
        let output = sqs_sim(&["export", "--format", format, preset]);
        assert!(output.status.success(), "{format}");
        let text = String::from_utf8(output.stdout).unwrap();
        assert_eq!(text.lines().next(), Some(first_line), "{format}");
        assert!(text.contains(mentions), "{format}: {text}");
    }
    let scratch = Scratch::new("export");
    let bad = scratch.file("bad.json", r#"{"version": 1, "title": "t", "queues": [{"name": "x", "attributes": {"VisibilityTimeout": "99999"}}]}"#);
    let output = sqs_sim(&["export", "--format", "boto3", &bad]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let error = String::from_utf8(output.stderr).unwrap();
    assert!(error.starts_with("sqs-sim export: "), "{error}");
    assert!(
        error.contains("queues[0]: InvalidAttributeValue"),
        "{error}"
    );
}

/// A short scenario for sweeps: a queue, a producer and a fleet, two simulated minutes.
const SWEPT: &str = r#"{"version": 1, "title": "swept", "duration_seconds": 120,
    "queues": [{"name": "orders"}],
    "producers": [{"name": "p", "queue": "orders", "arrival": {"kind": "poisson", "per_second": 20}}],
    "consumers": [{"name": "c", "queue": "orders", "count": 1, "max_number_of_messages": 1,
                   "processing": {"kind": "exponential", "mean_seconds": 0.2}}]}"#;

#[test]
fn sweep_prints_a_row_per_point_and_names_the_cheapest_that_meets_the_goal() {
    let scratch = Scratch::new("sweep-table");
    let file = scratch.file("swept.json", SWEPT);
    let output = sqs_sim(&[
        "sweep",
        &file,
        "--set",
        "consumers[0].count=1..6:1",
        "--seeds",
        "2",
        "--goal",
        "latency_p99_s<2",
    ]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("consumers[0].count  latency_p99_s mean [min, max]"),
        "{text}"
    );
    assert_eq!(lines.len(), 1 + 6 + 1, "{text}");
    // 20 orders a second at 0.2 s each need more than 4 workers: the first few fail.
    assert!(
        lines[1].starts_with("1 ") && lines[1].ends_with("fail"),
        "{text}"
    );
    assert!(
        lines[6].starts_with("6 ") && lines[6].ends_with("pass"),
        "{text}"
    );
    let cheapest = lines.last().unwrap();
    assert!(
        cheapest.starts_with("cheapest point that meets latency_p99_s<2: consumers[0].count="),
        "{text}"
    );
    // The cheapest is the first passing row.
    let first_pass = lines[1..7].iter().find(|l| l.ends_with("pass")).unwrap();
    let count = first_pass.split_whitespace().next().unwrap();
    assert!(cheapest.ends_with(&format!("={count}")), "{text}");
}

#[test]
fn sweep_json_carries_every_point_and_exits_1_when_no_point_meets_the_goal() {
    let scratch = Scratch::new("sweep-json");
    let file = scratch.file("swept.json", SWEPT);
    let output = sqs_sim(&[
        "sweep",
        &file,
        "--set",
        "consumers[0].count=1,2",
        "--set",
        "producers[0].arrival.per_second=5,10",
        "--seeds",
        "2",
        "--metric",
        "messages_sent",
        "--goal",
        "latency_p99_s<0.001",
        "--json",
    ]);
    assert_eq!(output.status.code(), Some(1), "no point is that fast");
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        value["settings"],
        serde_json::json!(["consumers[0].count", "producers[0].arrival.per_second"])
    );
    assert_eq!(value["seeds"], serde_json::json!([1, 2]));
    let points = value["points"].as_array().unwrap();
    assert_eq!(points.len(), 4, "a grid of two by two");
    assert_eq!(
        points[1]["settings"],
        serde_json::json!({"consumers[0].count": 1.0, "producers[0].arrival.per_second": 10.0})
    );
    let sent = &points[1]["metrics"]["messages_sent"];
    assert!(sent["min"].as_f64().unwrap() <= sent["mean"].as_f64().unwrap());
    assert!(sent["mean"].as_f64().unwrap() <= sent["max"].as_f64().unwrap());
    // Twice the rate sends about twice the orders.
    let slow = points[0]["metrics"]["messages_sent"]["mean"]
        .as_f64()
        .unwrap();
    assert!(sent["mean"].as_f64().unwrap() > 1.6 * slow);
    assert!(points.iter().all(|p| p["passes"] == false));
    assert!(value["cheapest"].is_null());
}

#[test]
fn sweep_refuses_bad_ranges_and_settings_naming_what_is_wrong() {
    let scratch = Scratch::new("sweep-bad");
    let file = scratch.file("swept.json", SWEPT);
    for (set, expected) in [
        (
            "consumers[0].count=5..1:1",
            "consumers[0].count: range \"5..1:1\": the end is below the start",
        ),
        ("consumers[0].count=1..4", "write it as START..END:STEP"),
        ("consumers[0].count=1..4:0.5", "not a whole number"),
        (
            "consumers[0].count=0..2:1",
            "consumers[0].count=0: consumers[0].count: must be at least 1",
        ),
        (
            "consumers[3].count=1..2:1",
            "consumers[3].count: not a number of this scenario",
        ),
        ("count", "write the setting as PATH=RANGE"),
    ] {
        let output = sqs_sim(&["sweep", &file, "--set", set]);
        assert_eq!(output.status.code(), Some(2), "{set}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains(expected), "{set}: {stderr}");
        assert!(output.stdout.is_empty(), "{set}: nothing ran");
    }
    let output = sqs_sim(&[
        "sweep",
        &file,
        "--set",
        "consumers[0].count=1",
        "--goal",
        "p95<1",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stderr)
        .unwrap()
        .contains("\"p95\" is not a number of the run"));
}

#[test]
fn the_progress_bar_stays_out_of_pipes_and_logs() {
    // A run long enough to pass the bar's one-second wait, its standard error a pipe.
    let output = sqs_sim(&[
        "run",
        "static/scenarios/benchmark-r1.json",
        "--until",
        "4h",
        "--json",
    ]);
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains('['), "no bar in a pipe: {stderr:?}");
}
