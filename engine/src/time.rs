//! Virtual time, shared by the engine (`sqs`, which takes `now` as an argument) and the
//! simulation (`sim`, which owns the clock).
//!
//! `SimTime` is milliseconds since the run started, as an integer: floating-point time would
//! make the order of events depend on rounding, and the same run must give the same trace on
//! every platform. SQS itself works in whole seconds for its parameters (VisibilityTimeout,
//! DelaySeconds, WaitTimeSeconds) and milliseconds for its timestamps (SentTimestamp), so a
//! millisecond resolution represents both exactly.

use std::fmt;
use std::ops::{Add, AddAssign};
use std::time::Duration;

/// An instant on the virtual clock: milliseconds since the start of the run.
/// Serialized as the plain number of milliseconds.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(transparent)]
pub struct SimTime(pub u64);

impl SimTime {
    /// The start of every run.
    pub const ZERO: SimTime = SimTime(0);

    /// Milliseconds since the start of the run.
    pub fn as_millis(self) -> u64 {
        self.0
    }

    /// The instant `seconds` after the start, rounded to the millisecond; `None` for a
    /// negative, infinite or NaN number (as people and pages write instants).
    pub fn from_seconds(seconds: f64) -> Option<SimTime> {
        (seconds.is_finite() && seconds >= 0.0).then(|| SimTime((seconds * 1000.0).round() as u64))
    }

    /// The span from `earlier` to `self`, or zero if `earlier` is later (time never runs back,
    /// so a caller asking for a negative span has its arguments swapped; zero is the safe answer).
    pub fn since(self, earlier: SimTime) -> Duration {
        Duration::from_millis(self.0.saturating_sub(earlier.0))
    }
}

impl Add<Duration> for SimTime {
    type Output = SimTime;

    /// Adds a span, truncated to whole milliseconds and saturating at the end of time rather
    /// than wrapping (a "never" deadline must stay in the future).
    fn add(self, span: Duration) -> SimTime {
        // In 64 bits: `Duration::as_millis` is a u128, which wasm32 multiplies in software,
        // and this runs for every event.
        let millis = span
            .as_secs()
            .saturating_mul(1000)
            .saturating_add(u64::from(span.subsec_millis()));
        SimTime(self.0.saturating_add(millis))
    }
}

impl AddAssign<Duration> for SimTime {
    fn add_assign(&mut self, span: Duration) {
        *self = *self + span;
    }
}

impl fmt::Display for SimTime {
    /// `hh:mm:ss.mmm`, with hours growing past two digits on very long runs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = self.0 % 1000;
        let total_seconds = self.0 / 1000;
        let (h, m, s) = (
            total_seconds / 3600,
            total_seconds / 60 % 60,
            total_seconds % 60,
        );
        write!(f, "{h:02}:{m:02}:{s:02}.{ms:03}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adding_a_span_moves_the_clock_forward_in_whole_milliseconds() {
        let t = SimTime(1_000) + Duration::from_micros(2_500);
        assert_eq!(t, SimTime(1_002));
    }

    #[test]
    fn seconds_become_instants_to_the_millisecond() {
        assert_eq!(SimTime::from_seconds(120.5), Some(SimTime(120_500)));
        assert_eq!(SimTime::from_seconds(0.0004), Some(SimTime(0)));
        assert_eq!(SimTime::from_seconds(0.0005), Some(SimTime(1)));
        for bad in [-0.001, f64::INFINITY, f64::NAN] {
            assert_eq!(SimTime::from_seconds(bad), None, "{bad}");
        }
    }

    #[test]
    fn adding_a_huge_span_saturates_instead_of_wrapping() {
        assert_eq!(SimTime(5) + Duration::MAX, SimTime(u64::MAX));
    }

    #[test]
    fn since_is_never_negative() {
        assert_eq!(SimTime(10).since(SimTime(4)), Duration::from_millis(6));
        assert_eq!(SimTime(4).since(SimTime(10)), Duration::ZERO);
    }

    #[test]
    fn display_shows_hours_minutes_seconds_and_milliseconds() {
        assert_eq!(SimTime(0).to_string(), "00:00:00.000");
        assert_eq!(SimTime(3_723_045).to_string(), "01:02:03.045");
        assert_eq!(SimTime(100 * 3_600_000).to_string(), "100:00:00.000");
    }
}
