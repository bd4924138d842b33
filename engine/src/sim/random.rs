//! Randomness: one seeded generator per simulation, and the distributions scenarios name.
//!
//! Xoshiro256++ (`rand_xoshiro`) is a named, platform-independent algorithm: the same seed gives
//! the same numbers natively and in wasm32 (`seed_from_u64` expands the seed with SplitMix64,
//! also fixed). It is a simulation generator, not a cryptographic one, which is all a
//! simulation needs; it replaced ChaCha8, which runs without SIMD in wasm and took a tenth of
//! the browser's simulation time. Distributions come from `rand_distr`.

use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution as _, Exp, LogNormal};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// A duration distribution, in seconds, as scenarios write it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    deny_unknown_fields,
    try_from = "RawDistribution"
)]
pub enum DurationDistribution {
    /// Always `seconds`.
    Fixed { seconds: f64 },
    /// Exponential with mean `mean_seconds` (memoryless service, as in M/M/c).
    Exponential { mean_seconds: f64 },
    /// Log-normal with the given mean and the standard deviation of the underlying normal.
    LogNormal { mean_seconds: f64, sigma: f64 },
    /// Uniform between `min_seconds` and `max_seconds`.
    Uniform { min_seconds: f64, max_seconds: f64 },
}

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum DistributionKind {
    Fixed,
    Exponential,
    LogNormal,
    Uniform,
}

/// A distribution as a file writes it, every member optional (see `tagged`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDistribution {
    kind: DistributionKind,
    seconds: Option<f64>,
    mean_seconds: Option<f64>,
    sigma: Option<f64>,
    min_seconds: Option<f64>,
    max_seconds: Option<f64>,
}

impl TryFrom<RawDistribution> for DurationDistribution {
    type Error = String;

    fn try_from(raw: RawDistribution) -> Result<DurationDistribution, String> {
        use super::tagged::{only, required};
        let present = [
            ("seconds", raw.seconds.is_some()),
            ("mean_seconds", raw.mean_seconds.is_some()),
            ("sigma", raw.sigma.is_some()),
            ("min_seconds", raw.min_seconds.is_some()),
            ("max_seconds", raw.max_seconds.is_some()),
        ];
        let mean = || required(raw.mean_seconds, "mean_seconds");
        Ok(match raw.kind {
            DistributionKind::Fixed => {
                only(&present, &["seconds"])?;
                DurationDistribution::Fixed {
                    seconds: required(raw.seconds, "seconds")?,
                }
            }
            DistributionKind::Exponential => {
                only(&present, &["mean_seconds"])?;
                DurationDistribution::Exponential {
                    mean_seconds: mean()?,
                }
            }
            DistributionKind::LogNormal => {
                only(&present, &["mean_seconds", "sigma"])?;
                DurationDistribution::LogNormal {
                    mean_seconds: mean()?,
                    sigma: required(raw.sigma, "sigma")?,
                }
            }
            DistributionKind::Uniform => {
                only(&present, &["min_seconds", "max_seconds"])?;
                DurationDistribution::Uniform {
                    min_seconds: required(raw.min_seconds, "min_seconds")?,
                    max_seconds: required(raw.max_seconds, "max_seconds")?,
                }
            }
        })
    }
}

impl DurationDistribution {
    /// The reason this distribution cannot be sampled, if any.
    pub fn problem(&self) -> Option<&'static str> {
        let finite_non_negative = |x: f64| x.is_finite() && x >= 0.0;
        match *self {
            DurationDistribution::Fixed { seconds } if !finite_non_negative(seconds) => {
                Some("seconds must be a number >= 0")
            }
            DurationDistribution::Exponential { mean_seconds }
                if !(mean_seconds.is_finite() && mean_seconds > 0.0) =>
            {
                Some("mean_seconds must be a number > 0")
            }
            DurationDistribution::LogNormal {
                mean_seconds,
                sigma,
            } if !(mean_seconds.is_finite()
                && mean_seconds > 0.0
                && (0.0..=5.0).contains(&sigma)) =>
            {
                Some("mean_seconds must be > 0 and sigma between 0 and 5")
            }
            DurationDistribution::Uniform {
                min_seconds,
                max_seconds,
            } if !(finite_non_negative(min_seconds)
                && max_seconds.is_finite()
                && max_seconds >= min_seconds) =>
            {
                Some("min_seconds must be >= 0 and max_seconds >= min_seconds")
            }
            _ => None,
        }
    }

    /// The mean, in seconds.
    pub fn mean_seconds(&self) -> f64 {
        match *self {
            DurationDistribution::Fixed { seconds } => seconds,
            DurationDistribution::Exponential { mean_seconds }
            | DurationDistribution::LogNormal { mean_seconds, .. } => mean_seconds,
            DurationDistribution::Uniform {
                min_seconds,
                max_seconds,
            } => (min_seconds + max_seconds) / 2.0,
        }
    }
}

/// The simulation's random number generator.
#[derive(Clone, Debug)]
pub struct SimRng(Xoshiro256PlusPlus);

impl SimRng {
    pub fn new(seed: u64) -> SimRng {
        SimRng(Xoshiro256PlusPlus::seed_from_u64(seed))
    }

    /// True with probability `p` (clamped to 0..=1).
    pub fn chance(&mut self, p: f64) -> bool {
        p > 0.0 && (p >= 1.0 || self.0.random_bool(p))
    }

    /// A uniform integer in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.0.random_range(0..n.max(1))
    }

    /// A uniform float in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        self.0.random()
    }

    /// A seed for another generator (so that each part of a simulation can have its own stream).
    pub fn fork(&mut self) -> u64 {
        self.0.random()
    }

    /// An exponential interval with the given rate per second, in seconds.
    pub fn exponential_seconds(&mut self, rate_per_second: f64) -> f64 {
        Exp::new(rate_per_second)
            .map(|d| d.sample(&mut self.0))
            .unwrap_or(f64::INFINITY)
    }

    /// A duration drawn from `distribution` (validated beforehand; a bad one gives zero).
    pub fn duration(&mut self, distribution: &DurationDistribution) -> Duration {
        let seconds = match *distribution {
            DurationDistribution::Fixed { seconds } => seconds,
            DurationDistribution::Exponential { mean_seconds } => Exp::new(1.0 / mean_seconds)
                .map(|d| d.sample(&mut self.0))
                .unwrap_or(0.0),
            DurationDistribution::LogNormal {
                mean_seconds,
                sigma,
            } => {
                // mean = exp(mu + sigma^2 / 2)
                let mu = mean_seconds.ln() - sigma * sigma / 2.0;
                LogNormal::new(mu, sigma)
                    .map(|d| d.sample(&mut self.0))
                    .unwrap_or(0.0)
            }
            DurationDistribution::Uniform {
                min_seconds,
                max_seconds,
            } => min_seconds + (max_seconds - min_seconds) * self.unit(),
        };
        seconds_to_duration(seconds)
    }
}

/// Seconds to a duration, rounded to the millisecond, negative and NaN as zero, capped at a year.
pub fn seconds_to_duration(seconds: f64) -> Duration {
    if seconds.is_nan() || seconds <= 0.0 {
        return Duration::ZERO;
    }
    Duration::from_millis((seconds.min(365.0 * 86_400.0) * 1000.0).round() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_draws() {
        let draw = |seed| {
            let mut rng = SimRng::new(seed);
            (0..5)
                .map(|_| rng.duration(&DurationDistribution::Exponential { mean_seconds: 0.1 }))
                .collect::<Vec<_>>()
        };
        assert_eq!(draw(3), draw(3));
        assert_ne!(draw(3), draw(4));
    }

    #[test]
    fn sample_means_match_the_distributions() {
        let mut rng = SimRng::new(11);
        for distribution in [
            DurationDistribution::Exponential { mean_seconds: 2.0 },
            DurationDistribution::LogNormal {
                mean_seconds: 2.0,
                sigma: 0.5,
            },
            DurationDistribution::Uniform {
                min_seconds: 1.0,
                max_seconds: 3.0,
            },
            DurationDistribution::Fixed { seconds: 2.0 },
        ] {
            let n = 20_000;
            let mean = (0..n)
                .map(|_| rng.duration(&distribution).as_secs_f64())
                .sum::<f64>()
                / f64::from(n);
            assert!((mean - 2.0).abs() < 0.06, "{distribution:?}: mean {mean}");
        }
    }

    #[test]
    fn bad_parameters_are_named_and_never_panic() {
        assert!(DurationDistribution::Exponential { mean_seconds: 0.0 }
            .problem()
            .is_some());
        assert!(DurationDistribution::Uniform {
            min_seconds: 2.0,
            max_seconds: 1.0
        }
        .problem()
        .is_some());
        assert!(DurationDistribution::Fixed { seconds: f64::NAN }
            .problem()
            .is_some());
        assert_eq!(seconds_to_duration(f64::NAN), Duration::ZERO);
        assert_eq!(seconds_to_duration(-1.0), Duration::ZERO);
    }
}
