//! Metrics: what CloudWatch would show for each queue, and what the system's users feel.
//!
//! Queue metrics carry CloudWatch's names (namespace `AWS/SQS`; Developer Guide,
//! `sqs-available-cloudwatch-metrics`) and are sampled every period. The series stays bounded on
//! long runs: past `MAX_SAMPLES` points, neighbouring samples are merged and the period doubles,
//! as a zoomed-out chart would. End-to-end latency (send to successful delete) and queue wait
//! (send to first receive) go into HDR histograms for exact-enough percentiles.

use hdrhistogram::Histogram;
use serde::Serialize;

use crate::time::SimTime;

/// The most samples a queue's series keeps.
pub const MAX_SAMPLES: usize = 4096;

/// One sample of one queue, with CloudWatch's metric names.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct QueueSample {
    /// Virtual seconds at the end of the period.
    #[serde(rename = "time_s")]
    pub time_s: f64,
    pub approximate_number_of_messages_visible: u64,
    pub approximate_number_of_messages_not_visible: u64,
    pub approximate_number_of_messages_delayed: u64,
    pub approximate_age_of_oldest_message: f64,
    /// Counts during the period.
    pub number_of_messages_sent: u64,
    pub number_of_messages_received: u64,
    pub number_of_messages_deleted: u64,
    pub number_of_empty_receives: u64,
    /// Average size of the messages sent during the period, in bytes.
    pub sent_message_size: f64,
}

/// The sampled series of one queue.
#[derive(Clone, Debug, Default)]
pub struct QueueSeries {
    pub queue: String,
    pub samples: Vec<QueueSample>,
    /// Counters at the previous sample, to turn totals into per-period counts.
    last_totals: [u64; 5],
}

impl QueueSeries {
    pub fn new(queue: &str) -> QueueSeries {
        QueueSeries {
            queue: queue.to_owned(),
            ..QueueSeries::default()
        }
    }

    /// Records a sample from the queue's gauges and cumulative totals
    /// `[sent, received, deleted, empty receives, sent bytes]`.
    pub fn record(&mut self, mut sample: QueueSample, totals: [u64; 5]) {
        let delta = |i: usize| totals[i].saturating_sub(self.last_totals[i]);
        sample.number_of_messages_sent = delta(0);
        sample.number_of_messages_received = delta(1);
        sample.number_of_messages_deleted = delta(2);
        sample.number_of_empty_receives = delta(3);
        sample.sent_message_size = if delta(0) == 0 {
            0.0
        } else {
            delta(4) as f64 / delta(0) as f64
        };
        self.last_totals = totals;
        self.samples.push(sample);
        if self.samples.len() > MAX_SAMPLES {
            self.halve();
        }
    }

    /// Merges neighbouring samples: gauges keep the later value, counts add up.
    fn halve(&mut self) {
        let merged = self
            .samples
            .chunks(2)
            .map(|pair| {
                let mut last = pair[pair.len() - 1].clone();
                if pair.len() == 2 {
                    let first = &pair[0];
                    let sent = first.number_of_messages_sent + last.number_of_messages_sent;
                    let bytes = first.sent_message_size * first.number_of_messages_sent as f64
                        + last.sent_message_size * last.number_of_messages_sent as f64;
                    last.sent_message_size = if sent == 0 { 0.0 } else { bytes / sent as f64 };
                    last.number_of_messages_sent = sent;
                    last.number_of_messages_received += first.number_of_messages_received;
                    last.number_of_messages_deleted += first.number_of_messages_deleted;
                    last.number_of_empty_receives += first.number_of_empty_receives;
                }
                last
            })
            .collect();
        self.samples = merged;
    }
}

/// A distribution of durations, in milliseconds.
/// The whole run at one sampling instant: latency so far and the running request cost.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RunSample {
    pub time_s: f64,
    pub latency_p50_s: f64,
    pub latency_p99_s: f64,
    pub requests: u64,
    pub cost_usd: f64,
    /// The old way's orders so far (direct calls), and those lost.
    pub direct_orders: u64,
    pub direct_orders_lost: u64,
    /// Messages in every queue now (visible, in flight or delayed): the SQS way's backlog.
    pub queued: u64,
}

/// `RunSample`s, bounded like a queue's series: past `MAX_SAMPLES`, every other one is dropped
/// (these are running totals and percentiles so far, so dropping loses resolution only).
#[derive(Clone, Debug, Default)]
pub struct RunSeries {
    pub samples: Vec<RunSample>,
}

impl RunSeries {
    pub fn record(&mut self, sample: RunSample) {
        self.samples.push(sample);
        bound(&mut self.samples);
    }
}

/// Past `MAX_SAMPLES`, drops every other sample: for series of running totals and gauges,
/// which lose resolution only.
pub fn bound<T>(samples: &mut Vec<T>) {
    if samples.len() > MAX_SAMPLES {
        let mut keep = false;
        samples.retain(|_| {
            keep = !keep;
            keep
        });
    }
}

/// An autoscaled fleet at one sampling instant: the instances the policy wants, those in
/// service, and those still warming up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct FleetSample {
    pub time_s: f64,
    pub desired: u32,
    pub in_service: u32,
    pub warming: u32,
}

/// The samples of one autoscaled fleet (bounded as `RunSeries` is).
#[derive(Clone, Debug, Default)]
pub struct FleetSeries {
    pub consumer: String,
    pub samples: Vec<FleetSample>,
}

impl FleetSeries {
    pub fn record(&mut self, sample: FleetSample) {
        self.samples.push(sample);
        bound(&mut self.samples);
    }
}

/// A Lambda function at one sampling instant, with CloudWatch's metric names: the totals so
/// far (a period's figure is the difference of two samples), the most invocations running at
/// once during the period, and the mapping's concurrency.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct LambdaSample {
    pub time_s: f64,
    pub invocations: u64,
    pub errors: u64,
    pub throttles: u64,
    /// Seconds of all invocations so far (Duration's sum).
    pub duration_s: f64,
    pub concurrent_executions: u32,
    pub pollers: u32,
}

/// One Lambda consumer's totals and samples.
#[derive(Clone, Debug, Default)]
pub struct LambdaMetrics {
    pub function: String,
    pub invocations: u64,
    pub errors: u64,
    pub throttles: u64,
    pub duration_s: f64,
    /// Its requests and GB-seconds at Lambda's prices.
    pub cost_usd: f64,
    pub samples: Vec<LambdaSample>,
}

impl LambdaMetrics {
    /// The totals so far, as a sample (without time and gauges).
    pub fn totals(&self) -> LambdaSample {
        LambdaSample {
            invocations: self.invocations,
            errors: self.errors,
            throttles: self.throttles,
            duration_s: self.duration_s,
            ..LambdaSample::default()
        }
    }
}

#[derive(Clone, Debug)]
pub struct DurationStats {
    histogram: Histogram<u32>,
    sum_ms: f64,
}

impl Default for DurationStats {
    fn default() -> Self {
        // Up to 30 days in milliseconds with three significant digits.
        let histogram =
            Histogram::new_with_bounds(1, 30 * 86_400_000, 3).expect("valid histogram bounds");
        DurationStats {
            histogram,
            sum_ms: 0.0,
        }
    }
}

impl DurationStats {
    pub fn record(&mut self, from: SimTime, to: SimTime) {
        let ms = to.as_millis().saturating_sub(from.as_millis());
        self.sum_ms += ms as f64;
        // The histogram's lowest bucket is 1 ms; zero waits are recorded there (the mean is exact).
        self.histogram.saturating_record(ms.max(1));
    }

    pub fn count(&self) -> u64 {
        self.histogram.len()
    }

    /// The exact sum, in seconds.
    pub fn sum_seconds(&self) -> f64 {
        self.sum_ms / 1000.0
    }

    /// The exact mean, in seconds.
    pub fn mean_seconds(&self) -> f64 {
        if self.count() == 0 {
            0.0
        } else {
            self.sum_ms / self.count() as f64 / 1000.0
        }
    }

    /// A percentile (0..=100), in seconds.
    pub fn percentile_seconds(&self, percentile: f64) -> f64 {
        if self.count() == 0 {
            0.0
        } else {
            self.histogram.value_at_percentile(percentile) as f64 / 1000.0
        }
    }
}

/// SQS request prices in US dollars per million requests (us-east-1, first tier; SQS_SEMANTICS
/// §2.20, from secondary sources dated 2026). The free tier is not subtracted.
pub const STANDARD_PRICE_PER_MILLION: f64 = 0.40;
pub const FIFO_PRICE_PER_MILLION: f64 = 0.50;
/// Every 64 KB chunk of a request's payload is billed as one request.
pub const BILLING_CHUNK_BYTES: u64 = 65_536;

/// Requests made, counted as SQS bills them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RequestCount {
    pub standard: u64,
    pub fifo: u64,
}

impl RequestCount {
    /// Counts one request with `payload_bytes` of payload on a standard or FIFO queue.
    pub fn add(&mut self, fifo: bool, payload_bytes: u64) {
        let billed = payload_bytes.div_ceil(BILLING_CHUNK_BYTES).max(1);
        if fifo {
            self.fifo += billed;
        } else {
            self.standard += billed;
        }
    }

    pub fn total(&self) -> u64 {
        self.standard + self.fifo
    }

    pub fn cost_usd(&self) -> f64 {
        (self.standard as f64 * STANDARD_PRICE_PER_MILLION
            + self.fifo as f64 * FIFO_PRICE_PER_MILLION)
            / 1e6
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_is_billed_per_64_kb_chunk() {
        let mut count = RequestCount::default();
        count.add(false, 0);
        count.add(false, 65_536);
        count.add(false, 65_537);
        count.add(true, 1_048_576);
        assert_eq!((count.standard, count.fifo), (1 + 1 + 2, 16));
        assert!((count.cost_usd() - (4.0 * 0.40 + 16.0 * 0.50) / 1e6).abs() < 1e-15);
    }

    #[test]
    fn series_turn_totals_into_per_period_counts_and_stay_bounded() {
        let mut series = QueueSeries::new("q");
        for i in 0..(MAX_SAMPLES as u64 + 1) {
            series.record(
                QueueSample {
                    time_s: i as f64,
                    ..QueueSample::default()
                },
                [i * 10, 0, 0, 0, i * 1000],
            );
        }
        assert!(series.samples.len() <= MAX_SAMPLES);
        let total_sent: u64 = series
            .samples
            .iter()
            .map(|s| s.number_of_messages_sent)
            .sum();
        assert_eq!(
            total_sent,
            MAX_SAMPLES as u64 * 10,
            "merging keeps every count"
        );
        assert!(series
            .samples
            .iter()
            .skip(1)
            .all(|s| (s.sent_message_size - 100.0).abs() < 1e-9));
    }

    #[test]
    fn duration_stats_keep_an_exact_mean_and_close_percentiles() {
        let mut stats = DurationStats::default();
        for ms in 1..=1000 {
            stats.record(SimTime(0), SimTime(ms));
        }
        assert!((stats.mean_seconds() - 0.5005).abs() < 1e-9);
        assert!((stats.percentile_seconds(50.0) - 0.5).abs() < 0.002);
        assert!((stats.percentile_seconds(99.0) - 0.99).abs() < 0.002);
    }
}
