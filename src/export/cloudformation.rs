//! The CloudFormation export: a template of `AWS::SQS::Queue` resources (a queue's access
//! policy, if it has one, as an `AWS::SQS::QueuePolicy`); each Lambda consumer as its
//! function, role and `AWS::Lambda::EventSourceMapping`; each autoscaled fleet's target
//! tracking policy on backlog per instance, for an Auto Scaling group the template takes as a
//! parameter. Written as YAML whose scalars are JSON-quoted and whose policies are JSON flow
//! mappings, both of which YAML reads as JSON does.

use std::fmt::Write;

use super::{one_line, quoted, unique_name, PlannedQueue, LAMBDA_HANDLER};
use crate::sim::Scenario;

/// How a queue attribute is written as an `AWS::SQS::Queue` property (the property names are
/// the attribute names).
#[derive(Clone, Copy)]
enum Kind {
    Integer,
    Boolean,
    Text,
    Json,
}

/// The attributes CreateQueue takes that are properties of `AWS::SQS::Queue` under the same
/// name (RedrivePolicy is written with the DLQ's `!GetAtt`; Policy is a resource of its own).
const PROPERTIES: [(&str, Kind); 13] = [
    ("ContentBasedDeduplication", Kind::Boolean),
    ("DeduplicationScope", Kind::Text),
    ("DelaySeconds", Kind::Integer),
    ("FifoQueue", Kind::Boolean),
    ("FifoThroughputLimit", Kind::Text),
    ("KmsDataKeyReusePeriodSeconds", Kind::Integer),
    ("KmsMasterKeyId", Kind::Text),
    ("MaximumMessageSize", Kind::Integer),
    ("MessageRetentionPeriod", Kind::Integer),
    ("ReceiveMessageWaitTimeSeconds", Kind::Integer),
    ("RedriveAllowPolicy", Kind::Json),
    ("SqsManagedSseEnabled", Kind::Boolean),
    ("VisibilityTimeout", Kind::Integer),
];

/// `prefix` and a name in Pascal case (`orders-dlq` → `QueueOrdersDlq`): letters and digits.
fn pascal(prefix: &str, name: &str) -> String {
    let mut id = String::from(prefix);
    for word in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            id.push(first.to_ascii_uppercase());
            id.extend(chars);
        }
    }
    id
}

/// A logical id made of the queue's name (`orders-dlq` → `QueueOrdersDlq`), unique in the
/// plan.
fn logical_id(queues: &[PlannedQueue], at: usize) -> String {
    unique_name(queues, at, |name| pascal("Queue", name), "")
}

/// A logical id made of consumer `c`'s name, unique among the consumers.
fn consumer_id(scenario: &Scenario, prefix: &str, c: usize) -> String {
    let id = pascal(prefix, &scenario.consumers[c].name);
    let same = (scenario.consumers.iter())
        .filter(|other| pascal(prefix, &other.name) == id)
        .count();
    if same > 1 {
        format!("{id}{}", c + 1)
    } else {
        id
    }
}

/// Each Lambda consumer: its role (with AWS's managed policy for reading SQS), its function
/// and its event source mapping.
fn functions(scenario: &Scenario, queues: &[PlannedQueue], out: &mut String) {
    for (c, consumer) in scenario.consumers.iter().enumerate() {
        let Some((mapping, function)) = consumer.lambda() else {
            continue;
        };
        let Some(queue) = queues.iter().position(|q| q.name == consumer.queue) else {
            continue;
        };
        let id = consumer_id(scenario, "Function", c);
        let _ = write!(
            out,
            "  {id}Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {{\"Version\": \"2012-10-17\", \"Statement\": [{{\"Effect\": \"Allow\", \"Principal\": {{\"Service\": \"lambda.amazonaws.com\"}}, \"Action\": \"sts:AssumeRole\"}}]}}\n      ManagedPolicyArns:\n        - \"arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole\"\n"
        );
        let _ = write!(
            out,
            "  {id}:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: {}\n      Runtime: \"python3.12\"\n      Handler: \"index.handler\"\n      Role: !GetAtt {id}Role.Arn\n      Timeout: {}\n      MemorySize: {}\n",
            quoted(&consumer.name),
            function.timeout,
            function.memory_size
        );
        if let Some(reserved) = function.reserved_concurrent_executions {
            let _ = writeln!(out, "      ReservedConcurrentExecutions: {reserved}");
        }
        out.push_str("      Code:\n        ZipFile: |\n");
        let report = match mapping.reports_batch_item_failures() {
            true => "True",
            false => "False",
        };
        let _ = writeln!(out, "          REPORT_BATCH_ITEM_FAILURES = {report}");
        for line in LAMBDA_HANDLER.lines() {
            if line.is_empty() {
                out.push('\n');
            } else {
                let _ = writeln!(out, "          {line}");
            }
        }
        let _ = write!(
            out,
            "  {id}Mapping:\n    Type: AWS::Lambda::EventSourceMapping\n    Properties:\n      EventSourceArn: !GetAtt {}.Arn\n      FunctionName: !Ref {id}\n      BatchSize: {}\n      MaximumBatchingWindowInSeconds: {}\n",
            logical_id(queues, queue),
            mapping.batch_size,
            mapping.maximum_batching_window_in_seconds
        );
        if mapping.reports_batch_item_failures() {
            out.push_str("      FunctionResponseTypes:\n        - \"ReportBatchItemFailures\"\n");
        }
        if let Some(maximum) = mapping.scaling_config.maximum_concurrency {
            let _ = write!(
                out,
                "      ScalingConfig:\n        MaximumConcurrency: {maximum}\n"
            );
        }
    }
}

/// Each autoscaled fleet: a target tracking policy that holds backlog per instance (the
/// queue's ApproximateNumberOfMessagesVisible over the group's in-service instances, by metric
/// math) at the scenario's target, for the Auto Scaling group named by a parameter. The
/// group's MinSize and MaxSize are the policy's min and max; EC2 Auto Scaling's target
/// tracking has no cooldowns of its own, only the instance warm-up.
fn scaling(
    scenario: &Scenario,
    queues: &[PlannedQueue],
    out: &mut String,
    parameters: &mut String,
) {
    for (c, consumer) in scenario.consumers.iter().enumerate() {
        let (Some(policy), Some(queue)) = (
            consumer.autoscaling.as_ref(),
            queues.iter().position(|q| q.name == consumer.queue),
        ) else {
            continue;
        };
        let id = consumer_id(scenario, "Fleet", c);
        let _ = write!(
            parameters,
            "  {id}Group:\n    Type: String\n    Description: {}\n",
            quoted(&format!(
                "The Auto Scaling group whose instances run {} (MinSize {}, MaxSize {})",
                consumer.name, policy.min, policy.max
            ))
        );
        let _ = write!(
            out,
            "  {id}Scaling:\n    Type: AWS::AutoScaling::ScalingPolicy\n    Properties:\n      AutoScalingGroupName: !Ref {id}Group\n      PolicyType: TargetTrackingScaling\n      EstimatedInstanceWarmup: {}\n      TargetTrackingConfiguration:\n        TargetValue: {}\n        CustomizedMetricSpecification:\n          Metrics:\n            - Id: visible\n              MetricStat:\n                Metric:\n                  Namespace: \"AWS/SQS\"\n                  MetricName: ApproximateNumberOfMessagesVisible\n                  Dimensions:\n                    - Name: QueueName\n                      Value: !GetAtt {}.QueueName\n                Stat: Sum\n              ReturnData: false\n            - Id: instances\n              MetricStat:\n                Metric:\n                  Namespace: \"AWS/AutoScaling\"\n                  MetricName: GroupInServiceInstances\n                  Dimensions:\n                    - Name: AutoScalingGroupName\n                      Value: !Ref {id}Group\n                Stat: Average\n              ReturnData: false\n            - Id: backlog\n              Label: Backlog per instance\n              Expression: visible / instances\n              ReturnData: true\n",
            policy.warmup_seconds.round() as u64,
            policy.target_backlog_per_instance,
            logical_id(queues, queue)
        );
    }
}

/// The template for `scenario`, whose queues are planned as `queues`.
pub fn template(scenario: &Scenario, queues: &[PlannedQueue]) -> String {
    let description: String = format!(
        "Amazon SQS queues of the sqs-sim scenario: {}",
        one_line(&scenario.title)
    )
    .chars()
    .take(1024)
    .collect();
    let mut out = format!(
        "# Generated by sqs-sim. Deploy with:\n\
         #   aws cloudformation deploy --template-file queues.yaml --stack-name STACK_NAME\n\
         AWSTemplateFormatVersion: \"2010-09-09\"\n\
         Description: {}\n\
         Resources:\n",
        quoted(&description)
    );
    let mut outputs = String::new();
    for (at, queue) in queues.iter().enumerate() {
        let id = logical_id(queues, at);
        let _ = write!(
            out,
            "  {id}:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: {}\n",
            quoted(queue.name)
        );
        for (name, kind) in PROPERTIES {
            let Some(value) = queue.attributes.get(name) else {
                continue;
            };
            let value = match kind {
                Kind::Integer => value.trim().to_owned(),
                Kind::Boolean => value.trim().to_ascii_lowercase(),
                Kind::Text => quoted(value),
                Kind::Json => flow(value),
            };
            let _ = writeln!(out, "      {name}: {value}");
        }
        if let Some((dlq, count)) = queue.redrive {
            let _ = write!(
                out,
                "      RedrivePolicy:\n        deadLetterTargetArn: !GetAtt {}.Arn\n        maxReceiveCount: {count}\n",
                logical_id(queues, dlq)
            );
        }
        if let Some(policy) = queue.attributes.get("Policy") {
            let _ = write!(
                out,
                "  {id}Policy:\n    Type: AWS::SQS::QueuePolicy\n    Properties:\n      Queues:\n        - !Ref {id}\n      PolicyDocument: {}\n",
                flow(policy)
            );
        }
        let _ = write!(
            outputs,
            "  {id}Url:\n    Description: {}\n    Value: !Ref {id}\n",
            quoted(&format!("URL of {}", queue.name))
        );
    }
    functions(scenario, queues, &mut out);
    let mut parameters = String::new();
    scaling(scenario, queues, &mut out, &mut parameters);
    if !parameters.is_empty() {
        out.push_str("Parameters:\n");
        out.push_str(&parameters);
    }
    if !outputs.is_empty() {
        out.push_str("Outputs:\n");
        out.push_str(&outputs);
    }
    out
}

/// A JSON attribute (a policy) as a YAML flow mapping: the JSON itself, on one line; text
/// that is not JSON stays a string, for CloudFormation to refuse with its own message.
fn flow(json: &str) -> String {
    serde_json::from_str::<serde_json::Value>(json)
        .map(|value| value.to_string())
        .unwrap_or_else(|_| quoted(json))
}
