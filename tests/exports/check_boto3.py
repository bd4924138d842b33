"""Runs sqs-sim's boto3 exports against moto's in-process SQS mock.

    python check_boto3.py DIR

DIR holds pairs NAME.py (an export) and NAME.expected.json, which the Rust test writes:
{"attributes": {queue: {attribute: value}}, "redrive": {queue: [dead_letter_queue, count]},
 "functions": {function: {mapping and function settings}}, "scaling": {fleet: {policy}}}.
Each script's create_queues() must create queues whose attributes are the expected ones (the
simulator's own GetQueueAttributes answers); then each producer sends three orders and each
consumer's loop must receive, process and delete them all. Then create_functions() must
deploy each Lambda consumer with its event source mapping, and scale_fleets() must put each
autoscaled fleet's policy on an Auto Scaling group. Prints one line per scenario; exits with
1 naming the first difference.
"""

import contextlib
import importlib.util
import io
import json
import os
import sys
from pathlib import Path

os.environ.update(
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_DEFAULT_REGION="us-east-1",
)

import boto3  # noqa: E402
from moto import mock_aws  # noqa: E402


# Attributes moto (5.x) accepts but does not keep: GetQueueAttributes calls them unknown. The
# AWS CLI test checks that the exports pass them on.
NOT_KEPT_BY_MOTO = {"RedriveAllowPolicy"}


def same(actual, expected):
    """Equal values; policies (JSON) equal once parsed, since moto rewrites their spacing."""
    if actual is not None and expected.startswith("{"):
        return json.loads(actual) == json.loads(expected)
    return actual == expected


def fail(scenario, why):
    sys.exit(f"{scenario}: {why}")


def check(script, expected):
    name = script.stem
    with mock_aws():
        spec = importlib.util.spec_from_file_location(f"export_{name.replace('-', '_')}", script)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        urls = module.create_queues()
        sqs = boto3.client("sqs")
        if sorted(urls) != sorted(expected["attributes"]):
            fail(name, f"created {sorted(urls)}, expected {sorted(expected['attributes'])}")
        arns = {}
        for queue, url in urls.items():
            attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
            arns[queue] = attributes["QueueArn"]
            for attribute, value in expected["attributes"][queue].items():
                if attribute not in NOT_KEPT_BY_MOTO and not same(attributes.get(attribute), value):
                    fail(name, f"{queue}.{attribute} is {attributes.get(attribute)!r}, expected {value!r}")
            redrive = expected["redrive"].get(queue)
            policy = json.loads(attributes["RedrivePolicy"]) if "RedrivePolicy" in attributes else None
            if redrive is None and policy is not None:
                fail(name, f"{queue} has a redrive policy it should not have: {policy}")
            if redrive is not None:
                dead_letter_queue, count = redrive
                if policy is None:
                    fail(name, f"{queue} has no redrive policy")
                if policy["deadLetterTargetArn"] != arns.get(dead_letter_queue) or int(policy["maxReceiveCount"]) != count:
                    fail(name, f"{queue}'s redrive policy is {policy}, expected {dead_letter_queue} after {count}")

        # The producer and consumer loops: what is sent is received, processed and deleted.
        with contextlib.redirect_stdout(io.StringIO()):
            run_loops(module, urls)
        sent = {q for p in module.PRODUCERS for q in p["queues"]}
        for queue in sent & {c["queue"] for c in module.CONSUMERS}:
            left = sqs.get_queue_attributes(
                QueueUrl=urls[queue],
                AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
            )["Attributes"]
            if left != {"ApproximateNumberOfMessages": "0", "ApproximateNumberOfMessagesNotVisible": "0"}:
                fail(name, f"the consumer loop left messages in {queue}: {left}")
        # After the loops: moto invokes a mapped function when a message is sent, in Docker.
        check_functions(name, module, urls, arns, expected["functions"])
        check_scaling(name, module, urls, expected["scaling"])
    print(f"{name}: {len(urls)} queues as expected; orders sent, processed and deleted")


def check_functions(name, module, urls, arns, expected):
    mappings = module.create_functions(urls)
    if sorted(mappings) != sorted(expected):
        fail(name, f"deployed {sorted(mappings)}, expected {sorted(expected)}")
    lam = boto3.client("lambda")
    for function, want in expected.items():
        config = lam.get_function_configuration(FunctionName=function)
        got = {"timeout": config["Timeout"], "memory_size": config["MemorySize"]}
        concurrency = lam.get_function_concurrency(FunctionName=function)
        got["reserved_concurrent_executions"] = concurrency.get("ReservedConcurrentExecutions")
        mapping = lam.get_event_source_mapping(UUID=mappings[function])
        got.update(
            queue_arn=mapping["EventSourceArn"],
            batch_size=mapping["BatchSize"],
            maximum_batching_window_in_seconds=mapping.get("MaximumBatchingWindowInSeconds", 0),
            function_response_types=mapping.get("FunctionResponseTypes") or [],
            maximum_concurrency=(mapping.get("ScalingConfig") or {}).get("MaximumConcurrency"),
        )
        want = dict(want, queue_arn=arns[want.pop("queue")])
        if got != want:
            fail(name, f"{function} is {got}, expected {want}")


def check_scaling(name, module, urls, expected):
    autoscaling = boto3.client("autoscaling")
    groups = {}
    for fleet in expected:
        group = f"{fleet}-group"
        autoscaling.create_launch_configuration(
            LaunchConfigurationName=f"{fleet}-launch", ImageId="ami-12c6146b", InstanceType="t3.micro"
        )
        autoscaling.create_auto_scaling_group(
            AutoScalingGroupName=group,
            LaunchConfigurationName=f"{fleet}-launch",
            MinSize=1,
            MaxSize=1,
            AvailabilityZones=["us-east-1a"],
        )
        groups[fleet] = group
    module.scale_fleets(urls, groups)
    for fleet, want in expected.items():
        group = autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=[groups[fleet]])["AutoScalingGroups"][0]
        policies = autoscaling.describe_policies(AutoScalingGroupName=groups[fleet])["ScalingPolicies"]
        if len(policies) != 1:
            fail(name, f"{fleet} has {len(policies)} scaling policies")
        tracking = policies[0]["TargetTrackingConfiguration"]
        metrics = tracking["CustomizedMetricSpecification"]["Metrics"]
        queue = next(m for m in metrics if m["Id"] == "visible")["MetricStat"]["Metric"]["Dimensions"][0]["Value"]
        got = {
            "min": group["MinSize"],
            "max": group["MaxSize"],
            "target_backlog_per_instance": tracking["TargetValue"],
            "warmup_seconds": policies[0]["EstimatedInstanceWarmup"],
            "queue": queue,
            "expression": next(m for m in metrics if m.get("ReturnData"))["Expression"],
        }
        if got != want:
            fail(name, f"{fleet}'s scaling is {got}, expected {want}")


def run_loops(module, urls):
    """Each producer sends three orders; each consumer of a queue that got some polls it."""
    for producer in module.PRODUCERS:
        for number in range(3):
            for queue in producer["queues"]:
                module.place_order(urls[queue], number, producer["message_groups"])
    sent = {q for p in module.PRODUCERS for q in p["queues"]}
    for consumer in module.CONSUMERS:
        if consumer["queue"] in sent:
            # No waiting in a test: a long poll on an emptied queue would wait its 20 s.
            quick = dict(consumer, wait_time_seconds=0)
            for _ in range(10):
                module.order_processor(urls[consumer["queue"]], quick, rounds=1)


def main():
    directory = Path(sys.argv[1])
    scripts = sorted(directory.glob("*.py"))
    if not scripts:
        sys.exit(f"no exports in {directory}")
    for script in scripts:
        expected = json.loads(script.with_suffix(".expected.json").read_text())
        check(script, expected)


if __name__ == "__main__":
    main()
