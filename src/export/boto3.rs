//! The boto3 export: a Python script that creates the scenario's queues and runs producers and
//! consumers shaped like the seed article's (drop the order and move on; long-poll, process,
//! delete only after success); that deploys each Lambda consumer with its event source
//! mapping; and that puts each autoscaled fleet's target tracking policy on its Auto Scaling
//! group.

use std::fmt::Write;

use super::{one_line, quoted, PlannedQueue, LAMBDA_HANDLER};
use crate::sim::Scenario;

/// The part of the script that is the same for every scenario.
const BODY: &str = r#"


def create_queues():
    """Creates every queue (CreateQueue returns an existing queue's URL); returns URLs by name."""
    urls = {}
    for queue in QUEUES:
        attributes = dict(queue["attributes"])
        if "dead_letter_queue" in queue:
            # A redrive policy names its dead-letter queue by ARN, known once the queue exists.
            arn = sqs.get_queue_attributes(
                QueueUrl=urls[queue["dead_letter_queue"]], AttributeNames=["QueueArn"]
            )["Attributes"]["QueueArn"]
            attributes["RedrivePolicy"] = json.dumps(
                {"deadLetterTargetArn": arn, "maxReceiveCount": str(queue["max_receive_count"])}
            )
        response = sqs.create_queue(QueueName=queue["name"], Attributes=attributes)
        urls[queue["name"]] = response["QueueUrl"]
    return urls


def place_order(queue_url, order_number, message_groups=1):
    """The producer: drop the order on the queue and move on."""
    order_id = str(uuid.uuid4())
    message = {"order_id": order_id, "order_number": order_number}
    fifo = {}
    if queue_url.endswith(".fifo"):
        # A message group per customer keeps each customer's orders in order; the order id as
        # deduplication id makes a retried send harmless.
        fifo = {
            "MessageGroupId": f"customer-{order_number % message_groups}",
            "MessageDeduplicationId": order_id,
        }
    sqs.send_message(QueueUrl=queue_url, MessageBody=json.dumps(message), **fifo)


def process_single_order(order):
    """Stands for the real work: reserve inventory, charge, ship, email."""
    print(f"processed order {order['order_number']}")


def order_processor(queue_url, consumer, rounds=None):
    """The consumer: long-poll, process, and delete only after success."""
    receive = {
        "QueueUrl": queue_url,
        "MaxNumberOfMessages": consumer["max_number_of_messages"],
        "WaitTimeSeconds": consumer["wait_time_seconds"],
    }
    if "visibility_timeout" in consumer:
        receive["VisibilityTimeout"] = consumer["visibility_timeout"]
    done = 0
    while rounds is None or done < rounds:
        done += 1
        for message in sqs.receive_message(**receive).get("Messages", []):
            try:
                process_single_order(json.loads(message["Body"]))
                sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
            except Exception as error:  # noqa: BLE001 - any failure leaves the message for a retry
                print(f"order processing failed: {error}")


HANDLER = """{LAMBDA_HANDLER}"""

LAMBDA_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
    ],
}

LAMBDA_SQS_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
            "Resource": "*",
        },
        {
            "Effect": "Allow",
            "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": "*",
        },
    ],
}


def create_functions(urls):
    """Deploys each Lambda consumer: a role that may read SQS, the function, its reserved
    concurrency and its event source mapping. Returns the mappings' UUIDs by function."""
    if not FUNCTIONS:
        return {}
    iam = boto3.client("iam")
    lam = boto3.client("lambda")
    role = iam.create_role(
        RoleName="sqs-sim-lambda-sqs", AssumeRolePolicyDocument=json.dumps(LAMBDA_TRUST)
    )["Role"]["Arn"]
    # What AWS's managed AWSLambdaSQSQueueExecutionRole grants, inline.
    iam.put_role_policy(
        RoleName="sqs-sim-lambda-sqs",
        PolicyName="read-sqs-and-log",
        PolicyDocument=json.dumps(LAMBDA_SQS_POLICY),
    )
    mappings = {}
    for function in FUNCTIONS:
        report = "ReportBatchItemFailures" in function["function_response_types"]
        code = io.BytesIO()
        with zipfile.ZipFile(code, "w") as archive:
            archive.writestr("index.py", f"REPORT_BATCH_ITEM_FAILURES = {report}\n\n" + HANDLER)
        for attempt in range(10):
            try:
                lam.create_function(
                    FunctionName=function["name"],
                    Runtime="python3.12",
                    Role=role,
                    Handler="index.handler",
                    Code={"ZipFile": code.getvalue()},
                    Timeout=function["timeout"],
                    MemorySize=function["memory_size"],
                )
                break
            except lam.exceptions.InvalidParameterValueException:
                # A new role takes a few seconds to be usable by Lambda.
                time.sleep(3)
        if function["reserved_concurrent_executions"] is not None:
            lam.put_function_concurrency(
                FunctionName=function["name"],
                ReservedConcurrentExecutions=function["reserved_concurrent_executions"],
            )
        arn = sqs.get_queue_attributes(QueueUrl=urls[function["queue"]], AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]
        mapping = {
            "EventSourceArn": arn,
            "FunctionName": function["name"],
            "BatchSize": function["batch_size"],
            "MaximumBatchingWindowInSeconds": function["maximum_batching_window_in_seconds"],
            "FunctionResponseTypes": function["function_response_types"],
        }
        if function["maximum_concurrency"] is not None:
            mapping["ScalingConfig"] = {"MaximumConcurrency": function["maximum_concurrency"]}
        mappings[function["name"]] = lam.create_event_source_mapping(**mapping)["UUID"]
    return mappings


def scale_fleets(urls, groups):
    """Puts each autoscaled fleet's policy on its Auto Scaling group (groups: fleet name to
    group name): min and max, and target tracking on backlog per instance, the queue's
    ApproximateNumberOfMessagesVisible over the group's instances in service."""
    autoscaling = boto3.client("autoscaling")
    for fleet in SCALING:
        group = groups[fleet["name"]]
        autoscaling.update_auto_scaling_group(
            AutoScalingGroupName=group, MinSize=fleet["min"], MaxSize=fleet["max"]
        )
        queue_name = urls[fleet["queue"]].rsplit("/", 1)[-1]

        def metric(namespace, name, dimension, value, stat):
            return {
                "Metric": {
                    "Namespace": namespace,
                    "MetricName": name,
                    "Dimensions": [{"Name": dimension, "Value": value}],
                },
                "Stat": stat,
            }

        autoscaling.put_scaling_policy(
            AutoScalingGroupName=group,
            PolicyName=f"{fleet['name']}-backlog-per-instance",
            PolicyType="TargetTrackingScaling",
            EstimatedInstanceWarmup=fleet["warmup_seconds"],
            TargetTrackingConfiguration={
                "TargetValue": fleet["target_backlog_per_instance"],
                "CustomizedMetricSpecification": {
                    "Metrics": [
                        {
                            "Id": "visible",
                            "MetricStat": metric(
                                "AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", queue_name, "Sum"
                            ),
                            "ReturnData": False,
                        },
                        {
                            "Id": "instances",
                            "MetricStat": metric(
                                "AWS/AutoScaling", "GroupInServiceInstances", "AutoScalingGroupName", group, "Average"
                            ),
                            "ReturnData": False,
                        },
                        {
                            "Id": "backlog",
                            "Label": "Backlog per instance",
                            "Expression": "visible / instances",
                            "ReturnData": True,
                        },
                    ]
                },
            },
        )


def main(argv):
    command = argv[1] if len(argv) > 1 else "create"
    if command not in ("create", "produce", "consume", "scale"):
        sys.exit(f"unknown command {command!r}: create, produce [N], consume or scale FLEET=GROUP ...")
    urls = create_queues()
    if command == "create":
        for name, url in urls.items():
            print(f"{name}: {url}")
        for name, uuid_ in create_functions(urls).items():
            print(f"{name}: event source mapping {uuid_}")
    elif command == "scale":
        scale_fleets(urls, dict(pair.split("=", 1) for pair in argv[2:]))
    elif command == "produce":
        count = int(argv[2]) if len(argv) > 2 else 10
        for producer in PRODUCERS:
            for number in range(count):
                for queue in producer["queues"]:
                    place_order(urls[queue], number, producer["message_groups"])
    else:
        # The fleets take turns here; in production each fleet's workers run side by side.
        while True:
            for consumer in CONSUMERS:
                order_processor(urls[consumer["queue"]], consumer, rounds=1)


if __name__ == "__main__":
    main(sys.argv)
"#;

/// The script for `scenario`, whose queues are planned as `queues`.
pub fn script(scenario: &Scenario, queues: &[PlannedQueue]) -> String {
    let mut out = format!(
        r#"#!/usr/bin/env python3
"""Amazon SQS queues of an sqs-sim scenario, with a producer and a consumer loop.

Generated by sqs-sim. boto3 reads credentials and the region from the environment as usual.

    python3 sqs_queues.py create          create the queues (and the Lambda consumers) and print them
    python3 sqs_queues.py produce [N]     send N orders (10 by default) as each producer does
    python3 sqs_queues.py consume         receive, process and delete until stopped
    python3 sqs_queues.py scale F=G ...   put fleet F's scaling policy on Auto Scaling group G
"""
# Scenario: {}

import io
import json
import sys
import time
import uuid
import zipfile

import boto3

sqs = boto3.client("sqs")

# The queues, in the order they are created: a dead-letter queue before the queues whose
# RedrivePolicy names it.
QUEUES = [
"#,
        one_line(&scenario.title)
    );
    for queue in queues {
        let attributes: Vec<String> = queue
            .attributes
            .iter()
            .map(|(k, v)| format!("{}: {}", quoted(k), quoted(v)))
            .collect();
        let _ = write!(
            out,
            "    {{\"name\": {}, \"attributes\": {{{}}}",
            quoted(queue.name),
            attributes.join(", ")
        );
        if let Some((dlq, count)) = queue.redrive {
            let _ = write!(
                out,
                ", \"dead_letter_queue\": {}, \"max_receive_count\": {count}",
                quoted(queues[dlq].name)
            );
        }
        out.push_str("},\n");
    }
    out.push_str("]\n\n# Who sends: each producer's queues (a topic's are its subscriptions) and FIFO message groups.\nPRODUCERS = [\n");
    for producer in &scenario.producers {
        let targets: Vec<String> = scenario
            .targets(&producer.queue)
            .into_iter()
            .map(quoted)
            .collect();
        let _ = writeln!(
            out,
            "    {{\"name\": {}, \"queues\": [{}], \"message_groups\": {}}},",
            quoted(&producer.name),
            targets.join(", "),
            producer.message_groups.max(1)
        );
    }
    out.push_str("]\n\n# Who receives, and how: ReceiveMessage's parameters per consumer fleet.\nCONSUMERS = [\n");
    for consumer in scenario.consumers.iter().filter(|c| c.lambda().is_none()) {
        let _ = write!(
            out,
            "    {{\"name\": {}, \"queue\": {}, \"max_number_of_messages\": {}, \"wait_time_seconds\": {}",
            quoted(&consumer.name),
            quoted(&consumer.queue),
            consumer.max_number_of_messages,
            consumer.wait_time_seconds
        );
        if let Some(timeout) = consumer.visibility_timeout {
            let _ = write!(out, ", \"visibility_timeout\": {timeout}");
        }
        out.push_str("},\n");
    }
    out.push_str("]\n\n# Lambda consumers: the function and its event source mapping (the Lambda API's values).\nFUNCTIONS = [\n");
    let or_none = |value: Option<u32>| value.map_or("None".to_owned(), |v| v.to_string());
    for consumer in &scenario.consumers {
        let Some((mapping, function)) = consumer.lambda() else {
            continue;
        };
        let types: Vec<String> = mapping
            .function_response_types
            .iter()
            .map(|t| quoted(t))
            .collect();
        let _ = writeln!(
            out,
            "    {{\"name\": {}, \"queue\": {}, \"timeout\": {}, \"memory_size\": {}, \"reserved_concurrent_executions\": {}, \"batch_size\": {}, \"maximum_batching_window_in_seconds\": {}, \"function_response_types\": [{}], \"maximum_concurrency\": {}}},",
            quoted(&consumer.name),
            quoted(&consumer.queue),
            function.timeout,
            function.memory_size,
            or_none(function.reserved_concurrent_executions),
            mapping.batch_size,
            mapping.maximum_batching_window_in_seconds,
            types.join(", "),
            or_none(mapping.scaling_config.maximum_concurrency)
        );
    }
    out.push_str(
        "]\n\n# Autoscaled fleets: target tracking on backlog per instance.\nSCALING = [\n",
    );
    for consumer in &scenario.consumers {
        let Some(policy) = &consumer.autoscaling else {
            continue;
        };
        let _ = writeln!(
            out,
            "    {{\"name\": {}, \"queue\": {}, \"min\": {}, \"max\": {}, \"target_backlog_per_instance\": {:?}, \"warmup_seconds\": {}}},",
            quoted(&consumer.name),
            quoted(&consumer.queue),
            policy.min,
            policy.max,
            policy.target_backlog_per_instance,
            policy.warmup_seconds.round() as u64
        );
    }
    out.push(']');
    out.push_str(&BODY.replace("{LAMBDA_HANDLER}", LAMBDA_HANDLER));
    out
}
