//! Export: from a scenario, the code that builds the same queues on AWS.
//!
//! ```text
//! boto3            a Python script: the queues, and a producer and a consumer loop like the
//!                  seed article's
//! aws_cli          a bash script of `aws sqs` calls
//! cloudformation   a template of AWS::SQS::Queue (and QueuePolicy) resources
//! ```
//!
//! All three start from one plan (`plan`): the queues in an order that creates a dead-letter
//! queue before the queues whose RedrivePolicy names it, since a redrive policy names its
//! dead-letter queue by ARN and AWS only knows that ARN once the queue exists. The ARN the
//! simulator uses (its own account) is never exported: each format looks the real one up.

mod aws_cli;
mod boto3;
mod cloudformation;

use std::collections::BTreeMap;

use crate::sim::Scenario;

/// The Lambda handler both exports deploy, after a line that sets REPORT_BATCH_ITEM_FAILURES
/// (the mapping's FunctionResponseTypes): it processes each record; a failure raises, and the
/// whole batch comes back, unless the function reports the failed messages only.
const LAMBDA_HANDLER: &str = r#"import json


def handler(event, context):
    failures = []
    for record in event["Records"]:
        try:
            order = json.loads(record["body"])
            print(f"processed order {order['order_number']}")
        except Exception:
            if not REPORT_BATCH_ITEM_FAILURES:
                raise
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
"#;

/// What an export is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Boto3,
    AwsCli,
    CloudFormation,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Boto3, Format::AwsCli, Format::CloudFormation];

    /// The name the format goes by on a button and in `sqs-sim export --format`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Boto3 => "boto3",
            Format::AwsCli => "aws-cli",
            Format::CloudFormation => "cloudformation",
        }
    }

    /// The file a download is saved as.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Boto3 => "sqs_queues.py",
            Format::AwsCli => "create-queues.sh",
            Format::CloudFormation => "queues.yaml",
        }
    }

    /// The code for `scenario`.
    pub fn export(self, scenario: &Scenario) -> String {
        let queues = plan(scenario);
        match self {
            Format::Boto3 => boto3::script(scenario, &queues),
            Format::AwsCli => aws_cli::script(scenario, &queues),
            Format::CloudFormation => cloudformation::template(scenario, &queues),
        }
    }
}

/// One queue as an export creates it.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedQueue<'a> {
    pub name: &'a str,
    /// CreateQueue's attributes but the redrive policy (which needs the DLQ's real ARN).
    pub attributes: BTreeMap<&'a str, &'a str>,
    /// The dead-letter queue's place in the plan (always earlier), and maxReceiveCount.
    pub redrive: Option<(usize, u32)>,
}

/// The scenario's queues in creation order, dead-letter queues before their sources.
pub fn plan(scenario: &Scenario) -> Vec<PlannedQueue<'_>> {
    let order = scenario.creation_order();
    order
        .iter()
        .enumerate()
        .map(|(here, &i)| {
            let queue = &scenario.queues[i];
            let redrive = queue.dead_letter_target().and_then(|(dlq, count)| {
                let at = order.iter().position(|&j| scenario.queues[j].name == dlq)?;
                (at < here).then_some((at, count))
            });
            PlannedQueue {
                name: &queue.name,
                attributes: queue
                    .attributes
                    .iter()
                    .filter(|(k, _)| k.as_str() != "RedrivePolicy")
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect(),
                redrive,
            }
        })
        .collect()
}

/// A name `make` builds from the queue at `at`, unique in the plan: when another queue's name
/// gives the same one, the queue's place (from 1) is appended after `separator`.
fn unique_name(
    queues: &[PlannedQueue],
    at: usize,
    make: impl Fn(&str) -> String,
    separator: &str,
) -> String {
    let name = make(queues[at].name);
    match queues.iter().filter(|q| make(q.name) == name).count() > 1 {
        true => format!("{name}{separator}{}", at + 1),
        false => name,
    }
}

/// `text` as a double-quoted string literal that JSON, YAML and Python all read the same way.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string always serialises")
}

/// The scenario's title on one line, for a comment.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(queues: &str) -> Scenario {
        Scenario::from_json(&format!(
            r#"{{"version": 1, "title": "t", "queues": {queues}}}"#
        ))
        .unwrap()
    }

    #[test]
    fn a_dead_letter_queue_is_created_before_the_queues_that_name_it() {
        let scenario = scenario(
            r#"[{"name": "a", "redrive": {"dead_letter_queue": "b", "max_receive_count": 3}},
                {"name": "b", "redrive": {"dead_letter_queue": "c", "max_receive_count": 5}},
                {"name": "c", "attributes": {"VisibilityTimeout": "7"}}]"#,
        );
        let plan = plan(&scenario);
        let names: Vec<&str> = plan.iter().map(|q| q.name).collect();
        assert_eq!(names, ["c", "b", "a"]);
        assert_eq!(plan[1].redrive, Some((0, 5)));
        assert_eq!(plan[2].redrive, Some((1, 3)));
        assert_eq!(
            plan[0].attributes,
            BTreeMap::from([("VisibilityTimeout", "7")])
        );
    }

    #[test]
    fn names_made_from_queue_names_stay_unique() {
        let scenario = scenario(r#"[{"name": "a-b"}, {"name": "a_b"}, {"name": "c"}]"#);
        let plan = plan(&scenario);
        let underscores = |name: &str| name.replace('-', "_");
        let names: Vec<String> = (0..3)
            .map(|at| unique_name(&plan, at, underscores, "_"))
            .collect();
        assert_eq!(names, ["a_b_1", "a_b_2", "c"]);
        // In the exports: two variables and two logical ids.
        let cli = Format::AwsCli.export(&scenario);
        assert!(
            cli.contains("a_b_1_url=") && cli.contains("a_b_2_url="),
            "{cli}"
        );
        let template = Format::CloudFormation.export(&scenario);
        assert!(
            template.contains("  QueueAB1:\n") && template.contains("  QueueAB2:\n"),
            "{template}"
        );
    }

    #[test]
    fn a_redrive_policy_written_as_an_attribute_is_planned_by_name() {
        let scenario = scenario(
            r#"[{"name": "dlq"},
                {"name": "orders", "attributes": {"RedrivePolicy": "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:123456789012:dlq\",\"maxReceiveCount\":\"4\"}"}}]"#,
        );
        let plan = plan(&scenario);
        assert_eq!(plan[1].redrive, Some((0, 4)));
        assert!(
            plan[1].attributes.is_empty(),
            "the ARN of the simulator's account is not exported"
        );
    }
}
