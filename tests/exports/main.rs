//! The exports checked by the real tools, as the issue asks: each boto3 script runs against
//! moto's in-process SQS mock and must create queues whose attributes are the scenario's (as
//! the simulator itself answers GetQueueAttributes); each CloudFormation template passes
//! cfn-lint; each AWS CLI script passes `bash -n` and shellcheck, and, run against a stand-in
//! `aws` that records its calls, creates the scenario's queues with the scenario's attributes.
//!
//! Not part of a plain `cargo test` (it needs Python with moto, boto3 and cfn-lint in
//! `.tools/python`, and shellcheck, which `scripts/setup.sh test` installs); the test command
//! runs it with `cargo test --test exports`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};
use sqs_sim::export::Format;
use sqs_sim::sim::{Scenario, Simulation};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The presets, and one scenario made to be awkward: a chain of dead-letter queues listed
/// backwards, a FIFO dead-letter queue, an access policy, a redrive-allow policy, a redrive
/// policy written as an attribute, names with digits and underscores, and quotes in the title.
fn scenarios() -> Vec<(String, Scenario)> {
    let mut all: Vec<(String, Scenario)> = fs::read_dir(root().join("static/scenarios"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            (
                name,
                Scenario::from_json(&fs::read_to_string(&path).unwrap()).unwrap(),
            )
        })
        .collect();
    let awkward = json!({
        "version": 1,
        "title": "Awkward: 'quotes', \"double quotes\", $dollars and `backticks`",
        "queues": [
            {"name": "orders_v2", "attributes": {"VisibilityTimeout": "45", "DelaySeconds": "2"},
             "redrive": {"dead_letter_queue": "orders-dlq-1", "max_receive_count": 5}},
            {"name": "orders-dlq-1", "redrive": {"dead_letter_queue": "orders-dlq-2", "max_receive_count": 2},
             "attributes": {"RedriveAllowPolicy": "{\"redrivePermission\":\"allowAll\"}"}},
            {"name": "orders-dlq-2", "attributes": {"MessageRetentionPeriod": "1209600", "ReceiveMessageWaitTimeSeconds": "20"}},
            {"name": "2fa.fifo", "attributes": {"FifoQueue": "true", "ContentBasedDeduplication": "true",
                "Policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"sqs:SendMessage\",\"Resource\":\"*\"}]}"}},
            {"name": "codes.fifo", "attributes": {"FifoQueue": "true",
                "RedrivePolicy": "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:123456789012:2fa.fifo\",\"maxReceiveCount\":\"4\"}"}}
        ],
        "producers": [
            {"name": "web", "queue": "orders_v2", "arrival": {"kind": "constant", "per_second": 1}},
            {"name": "sms", "queue": "codes.fifo", "arrival": {"kind": "constant", "per_second": 1}, "message_groups": 3}
        ],
        "consumers": [
            {"name": "worker", "queue": "orders_v2", "visibility_timeout": 60, "processing": {"kind": "fixed", "seconds": 1}},
            {"name": "sender", "queue": "codes.fifo", "max_number_of_messages": 1, "processing": {"kind": "fixed", "seconds": 1}}
        ]
    });
    let awkward = Scenario::from_json(&awkward.to_string()).expect("the awkward scenario is valid");
    all.push(("awkward".to_owned(), awkward));
    all.sort_by(|a, b| a.0.cmp(&b.0));
    all
}

/// Each queue's attributes as the scenario sets them, as the simulator answers
/// GetQueueAttributes (RedrivePolicy apart: its ARN names another account), and each redrive.
fn expected(scenario: &Scenario) -> Value {
    let sim = Simulation::new(scenario.clone(), 1);
    let mut attributes = BTreeMap::new();
    let mut redrive = BTreeMap::new();
    for spec in &scenario.queues {
        let queue = sim.sqs().queue(&spec.name).unwrap();
        let rendered: BTreeMap<&str, String> = spec
            .attributes
            .keys()
            .filter(|name| *name != "RedrivePolicy")
            .map(|name| (name.as_str(), queue.attributes.render(name).unwrap()))
            .collect();
        attributes.insert(spec.name.as_str(), rendered);
        if let Some((dlq, count)) = spec.dead_letter_target() {
            redrive.insert(spec.name.as_str(), json!([dlq, count]));
        }
    }
    // Each Lambda consumer's function and mapping, and each autoscaled fleet's policy, as the
    // scenario states them.
    let mut functions = BTreeMap::new();
    let mut scaling = BTreeMap::new();
    for consumer in &scenario.consumers {
        if let Some((mapping, function)) = consumer.lambda() {
            functions.insert(
                consumer.name.as_str(),
                json!({
                    "queue": consumer.queue,
                    "timeout": function.timeout,
                    "memory_size": function.memory_size,
                    "reserved_concurrent_executions": function.reserved_concurrent_executions,
                    "batch_size": mapping.batch_size,
                    "maximum_batching_window_in_seconds": mapping.maximum_batching_window_in_seconds,
                    "function_response_types": mapping.function_response_types,
                    "maximum_concurrency": mapping.scaling_config.maximum_concurrency,
                }),
            );
        }
        if let Some(policy) = &consumer.autoscaling {
            scaling.insert(
                consumer.name.as_str(),
                json!({
                    "min": policy.min,
                    "max": policy.max,
                    "target_backlog_per_instance": policy.target_backlog_per_instance,
                    "warmup_seconds": policy.warmup_seconds.round() as u64,
                    "queue": consumer.queue,
                    "expression": "visible / instances",
                }),
            );
        }
    }
    json!({"attributes": attributes, "redrive": redrive, "functions": functions, "scaling": scaling})
}

/// A fresh directory for one kind of export.
fn scratch(kind: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sqs-sim-exports-{}/{kind}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn tool(path: &str) -> PathBuf {
    let tool = root().join(".tools/python/bin").join(path);
    assert!(
        tool.exists(),
        "{} is missing: run scripts/setup.sh test",
        tool.display()
    );
    tool
}

fn succeeded(output: Output, what: &str) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{what} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

#[test]
fn boto3_scripts_build_the_scenarios_queues_in_moto() {
    let dir = scratch("boto3");
    let scenarios = scenarios();
    for (name, scenario) in &scenarios {
        fs::write(
            dir.join(format!("{name}.py")),
            Format::Boto3.export(scenario),
        )
        .unwrap();
        fs::write(
            dir.join(format!("{name}.expected.json")),
            expected(scenario).to_string(),
        )
        .unwrap();
    }
    let output = Command::new(tool("python"))
        .arg(root().join("tests/exports/check_boto3.py"))
        .arg(&dir)
        .output()
        .unwrap();
    let report = succeeded(output, "the boto3 exports in moto");
    assert_eq!(report.lines().count(), scenarios.len(), "{report}");
    assert!(report.contains("awkward: 5 queues as expected"), "{report}");
}

#[test]
fn cloudformation_templates_pass_cfn_lint() {
    let dir = scratch("cloudformation");
    let mut files = Vec::new();
    for (name, scenario) in scenarios() {
        let file = dir.join(format!("{name}.yaml"));
        fs::write(&file, Format::CloudFormation.export(&scenario)).unwrap();
        files.push(file);
    }
    succeeded(
        Command::new(tool("cfn-lint"))
            .args(&files)
            .output()
            .unwrap(),
        "cfn-lint",
    );
    // The linter does judge: a visibility timeout above SQS's 12 hours is refused.
    let broken = dir.join("broken.yaml");
    let template = fs::read_to_string(&files[0]).unwrap();
    assert!(template.contains("VisibilityTimeout: "), "{template}");
    let too_long: Vec<&str> = template
        .lines()
        .map(
            |line| match line.trim_start().starts_with("VisibilityTimeout:") {
                true => "      VisibilityTimeout: 99999",
                false => line,
            },
        )
        .collect();
    refused_by_cfn_lint(
        &broken,
        &too_long.join("\n"),
        "99999 is greater than the maximum of 43200",
    );
    // And the Lambda resources: a mapping's MaximumConcurrency below 2 is refused.
    let lambda = files
        .iter()
        .find(|f| f.ends_with("lambda-throttling.yaml"))
        .unwrap();
    let template = fs::read_to_string(lambda).unwrap();
    for resource in [
        "Type: AWS::Lambda::Function",
        "Type: AWS::Lambda::EventSourceMapping",
        "ReservedConcurrentExecutions: 10",
    ] {
        assert!(template.contains(resource), "{resource}: {template}");
    }
    refused_by_cfn_lint(
        &dir.join("broken-lambda.yaml"),
        &template.replace(
            "      BatchSize: 10\n",
            "      BatchSize: 10\n      ScalingConfig:\n        MaximumConcurrency: 1\n",
        ),
        "1 is less than the minimum of 2",
    );
}

/// Writes `template` to `file` and asserts that cfn-lint refuses it, saying `why`.
fn refused_by_cfn_lint(file: &Path, template: &str, why: &str) {
    fs::write(file, template).unwrap();
    let output = Command::new(tool("cfn-lint")).arg(file).output().unwrap();
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        !output.status.success(),
        "cfn-lint accepted {}",
        file.display()
    );
    assert!(said.contains(why), "{said}");
}

/// A stand-in for the AWS CLI: records each call's arguments (NUL after each, a newline
/// after each call) and answers create-queue with a URL and get-queue-attributes with an ARN.
const FAKE_AWS: &str = r#"#!/usr/bin/env bash
printf '%s\0' "$@" >>"$AWS_LOG"
printf '\n' >>"$AWS_LOG"
previous=""
for arg in "$@"; do
	case "$previous" in
	--queue-name) echo "https://sqs.us-east-1.amazonaws.com/123456789012/$arg" ;;
	--queue-url) echo "arn:aws:sqs:us-east-1:123456789012:${arg##*/}" ;;
	esac
	previous=$arg
done
"#;

#[test]
fn aws_cli_scripts_pass_shellcheck_and_create_the_scenarios_queues() {
    let dir = scratch("aws-cli");
    let bin = dir.join("bin");
    fs::create_dir_all(&bin).unwrap();
    fs::write(bin.join("aws"), FAKE_AWS).unwrap();
    Command::new("chmod")
        .arg("+x")
        .arg(bin.join("aws"))
        .status()
        .unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    for (name, scenario) in scenarios() {
        let script = dir.join(format!("{name}.sh"));
        fs::write(&script, Format::AwsCli.export(&scenario)).unwrap();
        succeeded(
            Command::new("bash")
                .arg("-n")
                .arg(&script)
                .output()
                .unwrap(),
            "bash -n",
        );
        succeeded(
            Command::new("shellcheck")
                .arg(&script)
                .output()
                .expect("shellcheck is installed (scripts/setup.sh test)"),
            &format!("shellcheck {name}"),
        );
        let log = dir.join(format!("{name}.log"));
        let output = Command::new("bash")
            .arg(&script)
            .env("PATH", &path)
            .env("AWS_LOG", &log)
            .output()
            .unwrap();
        let printed = succeeded(output, &format!("{name}.sh"));
        assert_eq!(printed.lines().count(), scenario.queues.len(), "{printed}");

        // Each create-queue call: the queue's name and its attributes, the redrive policy
        // naming the dead-letter queue's ARN as get-queue-attributes gave it.
        let calls = fs::read_to_string(&log).unwrap();
        let mut created = BTreeMap::new();
        for call in calls.lines() {
            let args: Vec<&str> = call.split('\0').collect();
            if args[1] != "create-queue" {
                continue;
            }
            let after = |flag: &str| args.iter().position(|a| *a == flag).map(|i| args[i + 1]);
            let queue = after("--queue-name").unwrap();
            let attributes: BTreeMap<String, String> = after("--attributes")
                .map(|json| serde_json::from_str(json).unwrap())
                .unwrap_or_default();
            created.insert(queue.to_owned(), attributes);
        }
        for spec in &scenario.queues {
            let mut attributes = created
                .remove(&spec.name)
                .unwrap_or_else(|| panic!("{name}: {} not created", spec.name));
            let policy = attributes
                .remove("RedrivePolicy")
                .map(|p| serde_json::from_str::<Value>(&p).unwrap());
            let expected_policy = spec.dead_letter_target().map(|(dlq, count)| {
                json!({"deadLetterTargetArn": format!("arn:aws:sqs:us-east-1:123456789012:{dlq}"), "maxReceiveCount": count.to_string()})
            });
            assert_eq!(policy, expected_policy, "{name}: {}", spec.name);
            let mut set = spec.attributes.clone();
            set.remove("RedrivePolicy");
            assert_eq!(attributes, set, "{name}: {}", spec.name);
        }
    }
}
