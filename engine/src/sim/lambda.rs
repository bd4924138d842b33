//! Lambda consumers: a function behind an SQS event source mapping.
//!
//! The mapping's pollers long-poll the queue, gather a batch (up to `BatchSize`, for at most
//! `MaximumBatchingWindowInSeconds`) and invoke the function with it. The numbers below are
//! the Lambda Developer Guide's:
//! - scaling (<https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html>): "When
//!   messages are available, Lambda starts processing five batches at a time", adds "up to 300
//!   more instances per minute" while messages remain, at most 1,000 batches at once, and
//!   "when traffic is low, Lambda scales back the processing to five concurrent batches";
//!   `ScalingConfig.MaximumConcurrency` (2–1,000) caps it;
//! - errors and throttles
//!   (<https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html>): a
//!   function error returns the whole batch after the visibility timeout, except what
//!   `ReportBatchItemFailures` leaves out; a throttled invocation is retried "until the
//!   message's timestamp exceeds your queue's visibility timeout, at which point Lambda drops
//!   the message" (it becomes visible again, its receive count one higher). Event source
//!   mappings do not know about reserved concurrency, so pollers beyond it throttle: healthy
//!   messages reach the dead-letter queue (the pitfall MaximumConcurrency exists to avoid);
//! - limits (<https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html>):
//!   BatchSize 1–10,000 (FIFO 1–10, default 10), a batching window of 0–300 s (at least 1
//!   when BatchSize is above 10; not supported for FIFO queues), Timeout 1–900 s (default 3),
//!   MemorySize 128–10,240 MB (default 128).
//!
//! The decisions are plain arithmetic, here; the simulation applies them.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::scenario::{error, ScenarioError};

/// The event source mapping, with the Lambda API's member names. Read by hand (`members`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", try_from = "Map<String, Value>")]
pub struct EventSourceMapping {
    pub batch_size: u32,
    pub maximum_batching_window_in_seconds: u32,
    /// `["ReportBatchItemFailures"]`, or empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub function_response_types: Vec<String>,
    #[serde(skip_serializing_if = "is_default")]
    pub scaling_config: ScalingConfig,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScalingConfig {
    /// None: no cap but Lambda's own (1,000).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_concurrency: Option<u32>,
}

/// Whether a setting is its default, so that a scenario leaves it out.
pub fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// The function, with the Lambda API's member names, and how its work goes. Read by hand
/// (`members`).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", try_from = "Map<String, Value>")]
pub struct LambdaFunction {
    /// Seconds an invocation may run before Lambda stops it (an error).
    pub timeout: u32,
    pub memory_size: u32,
    /// PutFunctionConcurrency's limit: invocations beyond it are throttled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reserved_concurrent_executions: Option<u32>,
    /// Whether the consumer's `processing` time and `failure_probability` apply to each
    /// message of a batch (the handler loops over the records) or to the batch as a whole.
    #[serde(rename = "processing_per")]
    pub processing_per: Per,
}

/// Reading the two objects from their members, by hand: serde's derived readers of these
/// structs were 4.5 KB of the browser's download. Unknown members and wrong types are refused
/// in serde's words (`tagged::unknown_field`), so the scenario reader explains them the same way.
mod members {
    use serde_json::{Map, Value};

    use super::{EventSourceMapping, LambdaFunction, Per};
    use crate::sim::tagged::unknown_field;

    const MAPPING: &[&str] = &[
        "BatchSize",
        "MaximumBatchingWindowInSeconds",
        "FunctionResponseTypes",
        "ScalingConfig",
    ];
    const FUNCTION: &[&str] = &[
        "Timeout",
        "MemorySize",
        "ReservedConcurrentExecutions",
        "processing_per",
    ];

    fn whole(value: &Value) -> Result<u32, String> {
        (value.as_u64())
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| {
                format!("invalid value: {value}, expected a whole number from 0 to 4294967295")
            })
    }

    /// A whole number, or none for `null`.
    fn maybe_whole(value: &Value) -> Result<Option<u32>, String> {
        match value {
            Value::Null => Ok(None),
            value => whole(value).map(Some),
        }
    }

    impl TryFrom<Map<String, Value>> for EventSourceMapping {
        type Error = String;
        fn try_from(members: Map<String, Value>) -> Result<Self, String> {
            let mut mapping = EventSourceMapping::default();
            for (name, value) in &members {
                match name.as_str() {
                    "BatchSize" => mapping.batch_size = whole(value)?,
                    "MaximumBatchingWindowInSeconds" => {
                        mapping.maximum_batching_window_in_seconds = whole(value)?
                    }
                    "FunctionResponseTypes" => {
                        let types = value.as_array().map(|items| {
                            items
                                .iter()
                                .map(|t| t.as_str().map(str::to_owned))
                                .collect()
                        });
                        mapping.function_response_types = types.flatten().ok_or_else(|| {
                            format!("invalid value: {value}, expected a list of names")
                        })?
                    }
                    "ScalingConfig" => {
                        let config = value
                            .as_object()
                            .ok_or_else(|| format!("invalid value: {value}, expected an object"))?;
                        for (name, value) in config {
                            match name.as_str() {
                                "MaximumConcurrency" => {
                                    mapping.scaling_config.maximum_concurrency = maybe_whole(value)?
                                }
                                _ => return Err(unknown_field(name, &["MaximumConcurrency"])),
                            }
                        }
                    }
                    _ => return Err(unknown_field(name, MAPPING)),
                }
            }
            Ok(mapping)
        }
    }

    impl TryFrom<Map<String, Value>> for LambdaFunction {
        type Error = String;
        fn try_from(members: Map<String, Value>) -> Result<Self, String> {
            let mut function = LambdaFunction::default();
            for (name, value) in &members {
                match name.as_str() {
                    "Timeout" => function.timeout = whole(value)?,
                    "MemorySize" => function.memory_size = whole(value)?,
                    "ReservedConcurrentExecutions" => {
                        function.reserved_concurrent_executions = maybe_whole(value)?
                    }
                    "processing_per" => {
                        let name = value.as_str().unwrap_or_default().to_owned();
                        function.processing_per = Per::try_from(name)?
                    }
                    _ => return Err(unknown_field(name, FUNCTION)),
                }
            }
            Ok(function)
        }
    }
}

/// Read from its name as a plain string: smaller in the browser's download than serde's
/// enum visitor.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum Per {
    #[default]
    Message,
    Batch,
}

impl TryFrom<String> for Per {
    type Error = String;
    fn try_from(name: String) -> Result<Per, String> {
        match name.as_str() {
            "message" => Ok(Per::Message),
            "batch" => Ok(Per::Batch),
            _ => Err(format!("\"{name}\" is not message or batch")),
        }
    }
}

impl From<Per> for &'static str {
    fn from(per: Per) -> &'static str {
        match per {
            Per::Message => "message",
            Per::Batch => "batch",
        }
    }
}

impl Default for EventSourceMapping {
    fn default() -> Self {
        EventSourceMapping {
            batch_size: 10,
            maximum_batching_window_in_seconds: 0,
            function_response_types: Vec::new(),
            scaling_config: ScalingConfig::default(),
        }
    }
}

impl Default for LambdaFunction {
    fn default() -> Self {
        LambdaFunction {
            timeout: 3,
            memory_size: 128,
            reserved_concurrent_executions: None,
            processing_per: Per::Message,
        }
    }
}

/// The response type that lets a function return only its failed messages.
pub const REPORT_BATCH_ITEM_FAILURES: &str = "ReportBatchItemFailures";

/// Concurrent batches when messages first arrive, and when traffic falls.
pub const STARTING_CONCURRENCY: u32 = 5;
/// Batches added per minute while messages remain.
pub const CONCURRENCY_STEP_PER_MINUTE: u32 = 300;
/// The most batches one mapping processes at once.
pub const MAXIMUM_CONCURRENCY: u32 = 1_000;

/// Lambda's prices, us-east-1, x86 (<https://aws.amazon.com/lambda/pricing/>, December 2026):
/// $0.20 per million requests and $0.0000166667 per GB-second, free tier not counted.
pub const PRICE_PER_MILLION_REQUESTS: f64 = 0.20;
pub const PRICE_PER_GB_SECOND: f64 = 0.000_016_666_7;

impl EventSourceMapping {
    pub fn reports_batch_item_failures(&self) -> bool {
        self.function_response_types
            .iter()
            .any(|t| t == REPORT_BATCH_ITEM_FAILURES)
    }

    /// The most batches the mapping processes at once.
    pub fn concurrency_cap(&self) -> u32 {
        self.scaling_config
            .maximum_concurrency
            .unwrap_or(MAXIMUM_CONCURRENCY)
    }

    /// Problems with the mapping on a queue (`fifo`), at `at(field)`.
    pub fn problems(&self, fifo: bool, at: impl Fn(&str) -> String) -> Vec<ScenarioError> {
        let mut problems = Vec::new();
        let most = if fifo { 10 } else { 10_000 };
        if !(1..=most).contains(&self.batch_size) {
            let queue = if fifo {
                "a FIFO queue"
            } else {
                "a standard queue"
            };
            problems.push(error(
                at("BatchSize"),
                format!("must be between 1 and {most} on {queue}"),
            ));
        }
        let window = self.maximum_batching_window_in_seconds;
        if window > 300 {
            problems.push(error(
                at("MaximumBatchingWindowInSeconds"),
                "must be between 0 and 300",
            ));
        } else if fifo && window > 0 {
            problems.push(error(
                at("MaximumBatchingWindowInSeconds"),
                "must be 0: a batching window is not supported for FIFO queues",
            ));
        } else if self.batch_size > 10 && window == 0 && !fifo {
            problems.push(error(
                at("MaximumBatchingWindowInSeconds"),
                "must be at least 1 when BatchSize is greater than 10",
            ));
        }
        for (i, kind) in self.function_response_types.iter().enumerate() {
            if kind != REPORT_BATCH_ITEM_FAILURES {
                problems.push(error(
                    at(&format!("FunctionResponseTypes[{i}]")),
                    format!("\"{kind}\" is not ReportBatchItemFailures"),
                ));
            }
        }
        if let Some(maximum) = self.scaling_config.maximum_concurrency {
            if !(2..=MAXIMUM_CONCURRENCY).contains(&maximum) {
                problems.push(error(
                    at("ScalingConfig.MaximumConcurrency"),
                    "must be between 2 and 1000",
                ));
            }
        }
        problems
    }
}

impl LambdaFunction {
    /// Problems with the function, at `at(field)`.
    pub fn problems(&self, at: impl Fn(&str) -> String) -> Vec<ScenarioError> {
        let mut problems = Vec::new();
        if !(1..=900).contains(&self.timeout) {
            problems.push(error(at("Timeout"), "must be between 1 and 900 seconds"));
        }
        if !(128..=10_240).contains(&self.memory_size) {
            problems.push(error(at("MemorySize"), "must be between 128 and 10240 MB"));
        }
        if self
            .reserved_concurrent_executions
            .is_some_and(|r| r > 1_000)
        {
            problems.push(error(
                at("ReservedConcurrentExecutions"),
                "must be between 0 and 1000 (the account's default concurrency limit)",
            ));
        }
        problems
    }

    /// What CreateEventSourceMapping says when the queue's visibility timeout is shorter
    /// than the function's timeout (it refuses the mapping; the simulation runs it anyway, to
    /// show why: messages come back while the function still works on them).
    pub fn visibility_warning(&self, queue_visibility_timeout: u32) -> Option<String> {
        (queue_visibility_timeout < self.timeout).then(|| {
            format!(
                "InvalidParameterValueException: Queue visibility timeout: {queue_visibility_timeout} seconds is less than Function timeout: {} seconds",
                self.timeout
            )
        })
    }

    /// The price of one invocation that ran `millis` (billed by the millisecond).
    pub fn invocation_cost_usd(&self, millis: u64) -> f64 {
        let gb_seconds = f64::from(self.memory_size) / 1024.0 * millis as f64 / 1000.0;
        PRICE_PER_MILLION_REQUESTS / 1e6 + gb_seconds * PRICE_PER_GB_SECOND
    }
}

/// A mapping's concurrency: how many batches it may process at once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pollers {
    /// Batches it processes at once now (one poller each, in this model).
    pub concurrency: u32,
    /// Invocations throttled since the last decision.
    pub throttled_recently: bool,
}

impl Pollers {
    pub fn new(mapping: &EventSourceMapping) -> Pollers {
        Pollers {
            concurrency: STARTING_CONCURRENCY.min(mapping.concurrency_cap()),
            throttled_recently: false,
        }
    }

    /// The minute's decision: up by 300 (to the cap) while messages remain visible, held
    /// while invocations are throttled (Lambda backs off rather than adding pollers), and back
    /// to five when the queue has nothing waiting. On a FIFO queue, `groups` is the number of
    /// message groups with messages: the function "can scale in concurrency to the number of
    /// active message groups", and no further.
    pub fn decide(
        &mut self,
        mapping: &EventSourceMapping,
        backlog: bool,
        groups: Option<u32>,
    ) -> u32 {
        let cap = mapping.concurrency_cap();
        let grown = (self.concurrency + CONCURRENCY_STEP_PER_MINUTE)
            .min(groups.map_or(u32::MAX, |g| g.max(self.concurrency)));
        self.concurrency = if !backlog {
            STARTING_CONCURRENCY.min(cap)
        } else if self.throttled_recently {
            self.concurrency.min(cap)
        } else {
            grown.min(cap)
        };
        self.throttled_recently = false;
        self.concurrency
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping(batch: u32, window: u32, maximum: Option<u32>) -> EventSourceMapping {
        EventSourceMapping {
            batch_size: batch,
            maximum_batching_window_in_seconds: window,
            scaling_config: ScalingConfig {
                maximum_concurrency: maximum,
            },
            ..EventSourceMapping::default()
        }
    }

    fn paths(problems: Vec<ScenarioError>) -> Vec<String> {
        problems.into_iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn the_mapping_is_checked_against_the_lambda_api_ranges() {
        let at = |f: &str| format!("m.{f}");
        assert!(mapping(10, 0, None).problems(true, at).is_empty());
        assert!(mapping(10_000, 300, Some(2)).problems(false, at).is_empty());
        assert_eq!(
            paths(mapping(20, 0, None).problems(true, at)),
            ["m.BatchSize: must be between 1 and 10 on a FIFO queue"]
        );
        assert_eq!(
            paths(mapping(10_001, 1, None).problems(false, at)),
            ["m.BatchSize: must be between 1 and 10000 on a standard queue"]
        );
        assert_eq!(
            paths(mapping(10, 301, Some(1)).problems(false, at)),
            [
                "m.MaximumBatchingWindowInSeconds: must be between 0 and 300",
                "m.ScalingConfig.MaximumConcurrency: must be between 2 and 1000"
            ]
        );
        assert_eq!(
            paths(mapping(11, 0, None).problems(false, at)),
            ["m.MaximumBatchingWindowInSeconds: must be at least 1 when BatchSize is greater than 10"]
        );
        assert_eq!(
            paths(mapping(5, 2, None).problems(true, at)),
            ["m.MaximumBatchingWindowInSeconds: must be 0: a batching window is not supported for FIFO queues"]
        );
        let mut odd = mapping(10, 0, None);
        odd.function_response_types = vec!["ReportFailures".into()];
        assert_eq!(
            paths(odd.problems(false, at)),
            ["m.FunctionResponseTypes[0]: \"ReportFailures\" is not ReportBatchItemFailures"]
        );
    }

    #[test]
    fn the_function_is_checked_and_a_short_visibility_timeout_gets_aws_words() {
        let at = |f: &str| format!("f.{f}");
        let mut f = LambdaFunction::default();
        assert!(f.problems(at).is_empty());
        f.timeout = 901;
        f.memory_size = 64;
        assert_eq!(
            paths(f.problems(at)),
            [
                "f.Timeout: must be between 1 and 900 seconds",
                "f.MemorySize: must be between 128 and 10240 MB"
            ]
        );
        f.timeout = 60;
        assert_eq!(
            f.visibility_warning(30).as_deref(),
            Some("InvalidParameterValueException: Queue visibility timeout: 30 seconds is less than Function timeout: 60 seconds")
        );
        assert_eq!(f.visibility_warning(60), None);
    }

    #[test]
    fn concurrency_starts_at_five_adds_300_a_minute_to_1000_and_falls_back_to_five() {
        let m = mapping(10, 0, None);
        let mut p = Pollers::new(&m);
        assert_eq!(p.concurrency, 5);
        let ramp: Vec<u32> = (0..5).map(|_| p.decide(&m, true, None)).collect();
        assert_eq!(ramp, [305, 605, 905, 1000, 1000]);
        p.throttled_recently = true;
        assert_eq!(p.decide(&m, true, None), 1000);
        assert_eq!(p.decide(&m, false, None), 5);
        let capped = mapping(10, 0, Some(40));
        let mut p = Pollers::new(&capped);
        assert_eq!((p.concurrency, p.decide(&capped, true, None)), (5, 40));
        // FIFO: no more than the groups with messages.
        let mut p = Pollers::new(&m);
        assert_eq!(p.decide(&m, true, Some(3)), 5);
        assert_eq!(p.decide(&m, true, Some(120)), 120);
        let tiny = mapping(10, 0, Some(2));
        assert_eq!(Pollers::new(&tiny).concurrency, 2);
    }

    #[test]
    fn an_invocation_costs_a_request_and_its_gb_seconds() {
        let f = LambdaFunction {
            memory_size: 1024,
            ..LambdaFunction::default()
        };
        let cost = f.invocation_cost_usd(1000);
        assert!((cost - (0.20 / 1e6 + 0.000_016_666_7)).abs() < 1e-15);
    }
}
