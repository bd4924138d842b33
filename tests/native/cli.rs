//! The command-line face, run as a user runs it.

use std::process::Command;

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
