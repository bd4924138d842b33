//! Checks: what a scenario expects of its run ("no message in the dead-letter queue", "p99
//! latency below 2 s", "no order charged twice"), judged against the run's summary.
//!
//! They make a scenario an exercise (change the settings until every check passes) and a
//! regression test (`sqs-sim run --check` fails when one does not). A check names one number
//! of the summary, the same names `sqs-sim run --json` prints, and one bound:
//!
//! ```json
//! {"name": "No order is charged twice", "metric": "duplicates_processed", "equals": 0}
//! {"metric": "latency_p99_s", "below": 2.0}
//! ```

use serde::{Deserialize, Serialize};

use super::simulation::RunSummary;

/// One expectation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// What the check means, in words (the metric and bound are shown when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A number of the run's summary (`metric_names`).
    pub metric: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equals: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub below: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub above: Option<f64>,
}

/// Reads one number of a summary.
type Reader = fn(&RunSummary) -> f64;

/// The summary's numbers a check can name (as `sqs-sim run --json` names them), each with
/// how to read it: one table, so that a name and its reading cannot drift apart.
const METRICS: [(&str, Reader); 22] = [
    ("messages_sent", |s| s.messages_sent as f64),
    ("messages_deleted", |s| s.messages_deleted as f64),
    ("moved_to_dlq", |s| s.moved_to_dlq as f64),
    ("receives", |s| s.receives as f64),
    ("empty_receives", |s| s.empty_receives as f64),
    ("duplicates_delivered", |s| s.duplicates_delivered as f64),
    ("duplicates_processed", |s| s.duplicates_processed as f64),
    ("processing_failures", |s| s.processing_failures as f64),
    ("messages_lost", |s| s.messages_lost as f64),
    ("direct_orders", |s| s.direct_orders as f64),
    ("direct_orders_lost", |s| s.direct_orders_lost as f64),
    ("latency_mean_s", |s| s.latency_mean_s),
    ("latency_p50_s", |s| s.latency_p50_s),
    ("latency_p99_s", |s| s.latency_p99_s),
    ("queue_wait_mean_s", |s| s.queue_wait_mean_s),
    ("max_depth", |s| s.max_depth as f64),
    ("requests", |s| s.requests as f64),
    ("lambda_invocations", |s| s.lambda_invocations as f64),
    ("lambda_errors", |s| s.lambda_errors as f64),
    ("lambda_throttles", |s| s.lambda_throttles as f64),
    ("lambda_duration_mean_s", |s| s.lambda_duration_mean_s),
    ("cost_usd", |s| s.cost_usd),
];

/// The names a check's `metric` may take.
pub fn metric_names() -> impl Iterator<Item = &'static str> {
    METRICS.iter().map(|(name, _)| *name)
}

impl RunSummary {
    /// The number a check's `metric` names.
    pub fn metric(&self, name: &str) -> Option<f64> {
        METRICS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, read)| read(self))
    }
}

/// How a check came out.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    pub passed: bool,
    /// The metric's value in the run.
    pub actual: f64,
}

/// One bound of a check: its word, its value, and whether an actual value keeps it.
struct Bound {
    word: &'static str,
    value: f64,
    holds: fn(f64, f64) -> bool,
}

impl Check {
    /// The bounds given (exactly one in a check that can be judged).
    fn bounds(&self) -> Vec<Bound> {
        let bound =
            |word, value: Option<f64>, holds| value.map(|value| Bound { word, value, holds });
        [
            bound("equals", self.equals, |a, b| a == b),
            bound("at most", self.at_most, |a, b| a <= b),
            bound("at least", self.at_least, |a, b| a >= b),
            bound("below", self.below, |a, b| a < b),
            bound("above", self.above, |a, b| a > b),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// Why this check cannot be judged, if it cannot: a metric the summary does not have, or
    /// not exactly one finite bound.
    pub fn problem(&self) -> Option<String> {
        if !metric_names().any(|name| name == self.metric) {
            return Some(format!(
                "metric \"{}\" is not a number of the run; one of {}",
                self.metric,
                metric_names().collect::<Vec<_>>().join(", ")
            ));
        }
        match self.bounds().as_slice() {
            [bound] if bound.value.is_finite() => None,
            [_] => Some("the bound must be a finite number".to_owned()),
            _ => Some("give exactly one of equals, at_most, at_least, below, above".to_owned()),
        }
    }

    /// What the check expects, in words: its name, or "metric bound value".
    pub fn describe(&self) -> String {
        if let Some(name) = &self.name {
            return name.clone();
        }
        let bounds = self.bounds();
        match bounds.first() {
            Some(bound) => format!("{} {} {}", self.metric, bound.word, bound.value),
            None => self.metric.clone(),
        }
    }

    /// Judges the check against a run's summary (`None` when it cannot be judged).
    pub fn judge(&self, summary: &RunSummary) -> Option<Verdict> {
        let actual = summary.metric(&self.metric)?;
        let bounds = self.bounds();
        let [bound] = bounds.as_slice() else {
            return None;
        };
        Some(Verdict {
            passed: (bound.holds)(actual, bound.value),
            actual,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(json: &str) -> Check {
        serde_json::from_str(json).unwrap()
    }

    fn summary() -> RunSummary {
        RunSummary {
            messages_sent: 100,
            messages_deleted: 97,
            moved_to_dlq: 3,
            receives: 120,
            empty_receives: 5,
            duplicates_delivered: 0,
            duplicates_processed: 0,
            processing_failures: 20,
            messages_lost: 0,
            direct_orders: 0,
            direct_orders_lost: 0,
            latency_mean_s: 0.5,
            latency_p50_s: 0.2,
            latency_p99_s: 2.5,
            queue_wait_mean_s: 0.1,
            max_depth: 12,
            events: 1000,
            requests: 300,
            lambda_invocations: 40,
            lambda_errors: 2,
            lambda_throttles: 7,
            lambda_duration_mean_s: 0.4,
            cost_usd: 0.00012,
            sim_seconds: 60.0,
        }
    }

    #[test]
    fn each_bound_judges_as_its_word_says() {
        let cases = [
            (r#"{"metric": "moved_to_dlq", "equals": 3}"#, true),
            (r#"{"metric": "moved_to_dlq", "equals": 0}"#, false),
            (r#"{"metric": "moved_to_dlq", "at_most": 3}"#, true),
            (r#"{"metric": "moved_to_dlq", "at_least": 4}"#, false),
            (r#"{"metric": "latency_p99_s", "below": 2.5}"#, false),
            (r#"{"metric": "latency_p99_s", "below": 2.6}"#, true),
            (r#"{"metric": "cost_usd", "above": 0.0001}"#, true),
        ];
        for (json, passed) in cases {
            let verdict = check(json).judge(&summary()).unwrap();
            assert_eq!(verdict.passed, passed, "{json}");
        }
        assert_eq!(
            check(r#"{"metric": "max_depth", "at_most": 20}"#)
                .judge(&summary())
                .unwrap()
                .actual,
            12.0
        );
    }

    #[test]
    fn every_metric_named_is_in_the_summary() {
        let summary = summary();
        for name in metric_names() {
            assert!(summary.metric(name).is_some(), "{name}");
        }
        // And the names are the ones `sqs-sim run --json` prints.
        let json = serde_json::to_value(&summary).unwrap();
        for name in metric_names() {
            assert_eq!(json[name].as_f64(), summary.metric(name), "{name}");
        }
    }

    #[test]
    fn a_check_that_cannot_be_judged_says_why() {
        let unknown = check(r#"{"metric": "latency_p95_s", "below": 1}"#)
            .problem()
            .unwrap();
        assert!(
            unknown.contains("\"latency_p95_s\" is not a number of the run"),
            "{unknown}"
        );
        let two = check(r#"{"metric": "receives", "below": 1, "above": 0}"#)
            .problem()
            .unwrap();
        assert!(two.contains("exactly one of"), "{two}");
        let none = check(r#"{"metric": "receives"}"#).problem().unwrap();
        assert!(none.contains("exactly one of"), "{none}");
        assert_eq!(
            check(r#"{"metric": "receives", "at_least": 1}"#).problem(),
            None
        );
        assert_eq!(
            check(r#"{"metric": "receives", "at_least": 1}"#).describe(),
            "receives at least 1"
        );
    }
}
