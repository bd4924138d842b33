//! Playback: turning wall-clock time into virtual time.
//!
//! The animation-frame driver hands in each frame's wall timestamp (milliseconds, as
//! `requestAnimationFrame` gives them); `Playback` answers how much *virtual* time to run. It is
//! plain Rust with no browser types so that the arithmetic is tested natively.
//!
//! Two details make it trustworthy at every speed:
//! * Fractions carry over. At 0.1× a 16.7 ms frame is 1.67 virtual ms; dropping the fraction
//!   each frame would make the clock run 40 % slow.
//! * Long gaps are capped. Browsers stop animation frames in background tabs; when the tab
//!   returns, the first frame's gap can be minutes. The clock resumes where it stopped rather
//!   than leaping ahead.

use std::time::Duration;

/// The longest wall gap between two frames that counts in full.
pub const MAX_FRAME_GAP_MS: f64 = 100.0;

/// A playback speed: virtual seconds per wall second.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Speed(f64);

impl Speed {
    /// The speeds the speed control offers, slowest first.
    pub const CHOICES: [Speed; 11] = [
        Speed(0.1),
        Speed(0.25),
        Speed(0.5),
        Speed(1.0),
        Speed(2.0),
        Speed(5.0),
        Speed(10.0),
        Speed(30.0),
        Speed(100.0),
        Speed(1000.0),
        Speed::AS_FAST_AS_POSSIBLE,
    ];
    /// No wall-clock pacing: each frame simulates for as long as a frame allows.
    pub const AS_FAST_AS_POSSIBLE: Speed = Speed(f64::INFINITY);
    /// Real time.
    pub const REAL_TIME: Speed = Speed(1.0);

    /// Virtual seconds per wall second.
    pub fn factor(self) -> f64 {
        self.0
    }

    /// True for "as fast as possible".
    pub fn is_unpaced(self) -> bool {
        self.0.is_infinite()
    }

    /// The label the control shows, e.g. `0.25×` or `1000×`.
    pub fn label(self) -> String {
        if self.is_unpaced() {
            "as fast as possible".to_owned()
        } else {
            format!("{}×", self.0)
        }
    }

    /// The paced choice nearest to `factor` from below (the slowest one for less): how a
    /// lesson's step asks for a speed without knowing the control's choices.
    pub fn at_most(factor: f64) -> Speed {
        Speed::CHOICES
            .into_iter()
            .rev()
            .find(|s| !s.is_unpaced() && s.0 <= factor)
            .unwrap_or(Speed::CHOICES[0])
    }

    /// The speed with this label's factor among `CHOICES`, if any.
    pub fn from_factor(factor: f64) -> Option<Speed> {
        Speed::CHOICES.into_iter().find(|speed| speed.0 == factor)
    }
}

/// Play/pause state, speed, and the bookkeeping that converts frames into virtual time.
#[derive(Clone, Debug)]
pub struct Playback {
    playing: bool,
    speed: Speed,
    /// The wall timestamp of the previous frame while playing; `None` until the first frame
    /// after Play, which only sets the baseline.
    last_frame_ms: Option<f64>,
    /// Virtual milliseconds owed but not yet handed out (always in `0.0..1.0`).
    carry_ms: f64,
}

impl Default for Playback {
    fn default() -> Self {
        Playback {
            playing: false,
            speed: Speed::REAL_TIME,
            last_frame_ms: None,
            carry_ms: 0.0,
        }
    }
}

impl Playback {
    pub fn is_playing(&self) -> bool {
        self.playing
    }

    pub fn speed(&self) -> Speed {
        self.speed
    }

    /// Starts playing; the next frame sets the baseline.
    pub fn play(&mut self) {
        self.playing = true;
        self.last_frame_ms = None;
    }

    /// Stops playing; frames that still arrive advance nothing.
    pub fn pause(&mut self) {
        self.playing = false;
        self.last_frame_ms = None;
    }

    /// Changes speed. Time already elapsed at the old speed is unaffected.
    pub fn set_speed(&mut self, speed: Speed) {
        self.speed = speed;
    }

    /// Called with each animation frame's wall timestamp; returns the virtual time to run.
    /// Unpaced playback owes no particular amount (the caller runs until its frame budget is
    /// spent): zero.
    pub fn on_frame(&mut self, wall_ms: f64) -> Duration {
        if !self.playing || self.speed.is_unpaced() {
            return Duration::ZERO;
        }
        let Some(last) = self.last_frame_ms.replace(wall_ms) else {
            return Duration::ZERO;
        };
        // A timestamp that goes backwards (or is not a number) counts as no time at all.
        let gap = (wall_ms - last).clamp(0.0, MAX_FRAME_GAP_MS);
        let gap = if gap.is_nan() { 0.0 } else { gap };
        let owed = gap * self.speed.factor() + self.carry_ms;
        let whole = owed.floor();
        self.carry_ms = owed - whole;
        Duration::from_millis(whole as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `frames` frames `frame_ms` apart after a baseline frame at t=0 and sums the result.
    fn run(playback: &mut Playback, frames: u32, frame_ms: f64) -> Duration {
        playback.on_frame(0.0);
        (1..=frames)
            .map(|i| playback.on_frame(f64::from(i) * frame_ms))
            .sum()
    }

    #[test]
    fn a_paused_clock_does_not_advance() {
        let mut playback = Playback::default();
        assert_eq!(run(&mut playback, 60, 16.0), Duration::ZERO);
    }

    #[test]
    fn the_first_frame_after_play_only_sets_the_baseline() {
        let mut playback = Playback::default();
        playback.play();
        assert_eq!(playback.on_frame(5_000.0), Duration::ZERO);
        assert_eq!(playback.on_frame(5_016.0), Duration::from_millis(16));
    }

    #[test]
    fn at_real_time_one_wall_second_is_one_virtual_second() {
        let mut playback = Playback::default();
        playback.play();
        assert_eq!(run(&mut playback, 100, 10.0), Duration::from_secs(1));
    }

    #[test]
    fn speed_multiplies_virtual_time() {
        let mut playback = Playback::default();
        playback.play();
        playback.set_speed(Speed(10.0));
        assert_eq!(run(&mut playback, 100, 10.0), Duration::from_secs(10));
    }

    #[test]
    fn slow_speeds_carry_fractions_instead_of_losing_them() {
        let mut playback = Playback::default();
        playback.play();
        playback.set_speed(Speed(0.1));
        // 600 frames of 16.666… ms is ten wall seconds: one virtual second at 0.1×.
        let total = run(&mut playback, 600, 1000.0 / 60.0);
        let millis = total.as_millis();
        assert!((999..=1000).contains(&millis), "got {millis} ms");
    }

    #[test]
    fn a_long_gap_counts_as_one_capped_frame() {
        let mut playback = Playback::default();
        playback.play();
        playback.on_frame(0.0);
        assert_eq!(
            playback.on_frame(60_000.0),
            Duration::from_millis(MAX_FRAME_GAP_MS as u64)
        );
    }

    #[test]
    fn a_timestamp_going_backwards_adds_nothing() {
        let mut playback = Playback::default();
        playback.play();
        playback.on_frame(1_000.0);
        assert_eq!(playback.on_frame(900.0), Duration::ZERO);
        assert_eq!(playback.on_frame(f64::NAN), Duration::ZERO);
    }

    #[test]
    fn pause_then_play_does_not_count_the_paused_time() {
        let mut playback = Playback::default();
        playback.play();
        playback.on_frame(0.0);
        playback.on_frame(50.0);
        playback.pause();
        playback.play();
        assert_eq!(playback.on_frame(10_000.0), Duration::ZERO);
        assert_eq!(playback.on_frame(10_020.0), Duration::from_millis(20));
    }

    #[test]
    fn every_choice_round_trips_through_its_factor() {
        for speed in Speed::CHOICES {
            assert_eq!(Speed::from_factor(speed.factor()), Some(speed));
        }
        assert_eq!(Speed::from_factor(3.0), None);
        assert_eq!(Speed::at_most(3.0), Speed(2.0));
        assert_eq!(Speed::at_most(30.0), Speed(30.0));
        assert_eq!(Speed::at_most(1e9), Speed(1000.0));
        assert_eq!(Speed::at_most(0.01), Speed(0.1));
        assert_eq!(Speed(0.25).label(), "0.25×");
    }
}
