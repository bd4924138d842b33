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
