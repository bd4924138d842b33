//! Autoscaled consumer fleets: target tracking on backlog per instance.
//!
//! AWS recommends scaling an SQS consumer fleet on *backlog per instance*:
//! ApproximateNumberOfMessagesVisible divided by the instances in service, held near a target
//! (<https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-using-sqs-queue.html>). Once a
//! metric period, the policy asks for ceil(visible ÷ target) instances within min..max. It
//! scales out at most once per scale-out cooldown, and scales in only when the scale-in
//! cooldown has passed since the last change of either kind (target tracking's 300 s by
//! default). A launched instance starts polling after its warm-up. The decision is plain
//! arithmetic, here; the simulation applies it.

use serde::Serialize;

use super::scenario::Autoscaling;
use crate::time::SimTime;

/// A fleet's scaling state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FleetScaling {
    /// The instances the fleet has (in service or warming up).
    pub capacity: u32,
    pub last_scale_out: Option<SimTime>,
    /// The last change of either kind.
    pub last_change: Option<SimTime>,
}

/// One scaling decision, for the event log.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScalingActivity {
    pub at: SimTime,
    /// The consumer fleet's index in the scenario.
    pub consumer: usize,
    pub from: u32,
    pub to: u32,
    /// The queue's visible messages, and the instances in service, when it was decided.
    pub visible: u64,
    pub in_service: u32,
}

impl ScalingActivity {
    /// "4 → 12 instances: 9,000 visible, 2,250 per instance in service (target 500)".
    pub fn describe(&self, target: f64) -> String {
        let per = self.visible as f64 / f64::from(self.in_service.max(1));
        format!(
            "{} → {} instances: {} visible, {per:.0} per instance in service (target {target})",
            self.from, self.to, self.visible
        )
    }
}

impl FleetScaling {
    pub fn new(capacity: u32) -> FleetScaling {
        FleetScaling {
            capacity,
            ..FleetScaling::default()
        }
    }

    /// The capacity the policy asks for at `now` given `visible` messages, if it changes.
    pub fn decide(&mut self, policy: &Autoscaling, visible: u64, now: SimTime) -> Option<u32> {
        let wanted = (visible as f64 / policy.target_backlog_per_instance).ceil();
        let desired = (wanted.min(f64::from(policy.max)) as u32).clamp(policy.min, policy.max);
        let since = |at: Option<SimTime>| at.map_or(f64::INFINITY, |at| seconds(now) - seconds(at));
        let change = if desired > self.capacity {
            since(self.last_scale_out) >= policy.scale_out_cooldown_seconds
        } else if desired < self.capacity {
            since(self.last_change) >= policy.scale_in_cooldown_seconds
        } else {
            false
        };
        if !change {
            return None;
        }
        if desired > self.capacity {
            self.last_scale_out = Some(now);
        }
        self.last_change = Some(now);
        self.capacity = desired;
        Some(desired)
    }
}

fn seconds(at: SimTime) -> f64 {
    at.as_millis() as f64 / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> Autoscaling {
        Autoscaling {
            min: 2,
            max: 20,
            target_backlog_per_instance: 100.0,
            period_seconds: 60.0,
            scale_out_cooldown_seconds: 120.0,
            scale_in_cooldown_seconds: 300.0,
            warmup_seconds: 60.0,
        }
    }

    fn at(seconds: u64) -> SimTime {
        SimTime(seconds * 1000)
    }

    #[test]
    fn the_fleet_asks_for_the_backlog_over_the_target_within_min_and_max() {
        let mut fleet = FleetScaling::new(2);
        assert_eq!(fleet.decide(&policy(), 950, at(60)), Some(10));
        let mut fleet = FleetScaling::new(2);
        assert_eq!(fleet.decide(&policy(), 1_000_000, at(60)), Some(20), "max");
        let mut fleet = FleetScaling::new(5);
        assert_eq!(fleet.decide(&policy(), 0, at(60)), Some(2), "min");
        let mut fleet = FleetScaling::new(10);
        assert_eq!(fleet.decide(&policy(), 1000, at(60)), None, "on target");
    }

    #[test]
    fn cooldowns_space_the_changes() {
        let mut fleet = FleetScaling::new(2);
        assert_eq!(fleet.decide(&policy(), 500, at(60)), Some(5));
        // The scale-out cooldown (120 s) holds the next scale-out back a period.
        assert_eq!(fleet.decide(&policy(), 900, at(120)), None);
        assert_eq!(fleet.decide(&policy(), 900, at(180)), Some(9));
        // Scale-in waits 300 s after the last change of either kind.
        assert_eq!(fleet.decide(&policy(), 0, at(240)), None);
        assert_eq!(fleet.decide(&policy(), 0, at(420)), None);
        assert_eq!(fleet.decide(&policy(), 0, at(480)), Some(2));
        assert_eq!(fleet.capacity, 2);
    }
}
