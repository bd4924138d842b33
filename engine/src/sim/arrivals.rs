//! When a producer's (or a direct-call client's) next message arrives, for each arrival process.
//! Times are exact seconds in `f64`; the simulation rounds them to milliseconds when it
//! schedules, so rounding never accumulates.

use super::random::SimRng;
use super::scenario::{Arrival, RateSegment};

impl Arrival {
    /// The first arrival at or after `start_seconds` (infinity if there is none).
    pub fn first_due(&self, start_seconds: f64, rng: &mut SimRng) -> f64 {
        match self {
            Arrival::Constant { .. } => start_seconds,
            Arrival::Poisson { per_second } => start_seconds + rng.exponential_seconds(*per_second),
            Arrival::Spike { at_seconds, .. } => *at_seconds,
            Arrival::Schedule { segments } => {
                next_in_schedule(segments, start_seconds, rng).unwrap_or(f64::INFINITY)
            }
        }
    }

    /// The gap from the arrival at `due` to the next, when each arrival is a batch of `batch`
    /// messages (batches arrive at rate per_second / batch so that messages arrive at
    /// per_second). `None` when nothing more arrives.
    pub fn next_gap(&self, batch: u32, due: f64, rng: &mut SimRng) -> Option<f64> {
        match self {
            Arrival::Constant { per_second } => Some(f64::from(batch) / per_second),
            Arrival::Poisson { per_second } => Some(
                (0..batch)
                    .map(|_| rng.exponential_seconds(*per_second))
                    .sum(),
            ),
            Arrival::Spike { .. } => None,
            Arrival::Schedule { segments } => {
                let mut t = due;
                for _ in 0..batch {
                    t = next_in_schedule(segments, t, rng)?;
                }
                Some(t - due)
            }
        }
    }
}

/// The next arrival after `t` of a Poisson process whose rate is piecewise constant: an
/// exponential gap at the current rate, restarted at each rate change (memorylessness makes
/// the restart exact).
fn next_in_schedule(segments: &[RateSegment], mut t: f64, rng: &mut SimRng) -> Option<f64> {
    loop {
        let i = segments.partition_point(|s| s.from_seconds <= t);
        let rate = if i == 0 {
            0.0
        } else {
            segments[i - 1].per_second
        };
        let boundary = segments.get(i).map(|s| s.from_seconds);
        if rate <= 0.0 {
            t = boundary?;
            continue;
        }
        let candidate = t + rng.exponential_seconds(rate);
        match boundary {
            Some(b) if candidate >= b => t = b,
            _ => return Some(candidate),
        }
    }
}
