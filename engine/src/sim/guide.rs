//! Guided lessons: steps of text that stop the clock at chosen moments or events, point at the
//! nodes they talk about and ask the learner to predict what happens next.
//!
//! A lesson is data in the scenario file, so a teacher can write one without touching code:
//!
//! ```json
//! "guide": {"steps": [
//!   {"text": "Orders arrive every 2 s; each takes 6–10 s to process.", "highlight": ["orders"]},
//!   {"text": "A consumer has just received an order. What happens 5 s from now?",
//!    "on": {"event": "received", "queue": "orders"},
//!    "predict": {"choices": ["Nothing", "It is received again"], "answer": 1}},
//!   {"text": "The visibility timeout ran out.", "on": {"event": "visibility_expired"}},
//!   {"text": "Two minutes in: count the duplicates.", "at_seconds": 120, "speed": 10}
//! ]}
//! ```
//!
//! A step is reached when the clock gets to `at_seconds`, or at the first trace event after the
//! previous step that matches `on`; a step with neither follows the previous one at once. The
//! page finds that moment by running a copy of the simulation ahead (`moment`), so it can stop
//! the clock exactly there rather than a frame later.

use serde::{Deserialize, Serialize};

use super::simulation::Simulation;
use super::trace::{TraceEvent, TraceKind};
use super::Scenario;
use crate::time::SimTime;

/// A lesson: its steps, in order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guide {
    pub steps: Vec<GuideStep>,
}

/// One step: what to read, when it comes, what to look at, what to predict.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuideStep {
    pub text: String,
    /// The step comes when the clock reaches this many seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_seconds: Option<f64>,
    /// The step comes with the first matching trace event after the previous step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<EventMatch>,
    /// Names of the nodes the text talks about (queues, producers, consumers, services…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub highlight: Vec<String>,
    /// A question answered by playing on to the next step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predict: Option<Prediction>,
    /// How fast the page plays to this step (virtual seconds per wall second), so that a step
    /// minutes away does not keep the learner waiting; the learner's speed when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speed: Option<f64>,
}

/// Which trace event a step waits for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventMatch {
    pub event: TraceKind,
    /// Only events of this queue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue: Option<String>,
    /// Only events at this ApproximateReceiveCount (2 is the first redelivery).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receive_count: Option<u32>,
}

/// A multiple-choice prediction; the next step shows whether it was right.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prediction {
    pub choices: Vec<String>,
    /// The right choice's position in `choices`, from 0.
    pub answer: usize,
    /// Why the answer is right, shown with the verdict.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub explain: String,
}

impl Guide {
    /// Each problem with the lesson, as (path under `guide`, reason).
    pub fn problems(&self, scenario: &Scenario) -> Vec<(String, String)> {
        let mut problems = Vec::new();
        if self.steps.is_empty() {
            problems.push((
                "steps".to_owned(),
                "a lesson needs at least one step".to_owned(),
            ));
        }
        let mut push = |i: usize, member: &str, why: String| {
            problems.push((format!("steps[{i}].{member}"), why));
        };
        for (i, step) in self.steps.iter().enumerate() {
            if step.text.trim().is_empty() {
                push(i, "text", "must not be empty".to_owned());
            }
            if let Some(at) = step.at_seconds {
                if step.on.is_some() {
                    push(i, "on", "give at_seconds or on, not both".to_owned());
                }
                if !(at.is_finite() && (0.0..=scenario.duration_seconds).contains(&at)) {
                    push(
                        i,
                        "at_seconds",
                        format!(
                            "must be between 0 and duration_seconds ({})",
                            scenario.duration_seconds
                        ),
                    );
                }
            }
            if step.speed.is_some_and(|s| !(s.is_finite() && s > 0.0)) {
                push(i, "speed", "must be a number above 0".to_owned());
            }
            if let Some(queue) = step.on.as_ref().and_then(|on| on.queue.as_ref()) {
                if scenario.queue_index(queue).is_none() {
                    push(i, "on.queue", format!("no queue is named \"{queue}\""));
                }
            }
            for name in &step.highlight {
                if !scenario.has_node_named(name) {
                    push(
                        i,
                        "highlight",
                        format!("nothing in the scenario is named \"{name}\""),
                    );
                }
            }
            if let Some(predict) = &step.predict {
                if predict.choices.len() < 2 || predict.choices.iter().any(|c| c.trim().is_empty())
                {
                    push(
                        i,
                        "predict.choices",
                        "give at least two choices, none empty".to_owned(),
                    );
                } else if predict.answer >= predict.choices.len() {
                    push(
                        i,
                        "predict.answer",
                        format!(
                            "must be the position of a choice, 0 to {}",
                            predict.choices.len() - 1
                        ),
                    );
                }
            }
        }
        problems
    }
}

impl EventMatch {
    /// Whether `event` is one this step waits for (`queue` is the matched queue's index).
    fn matches(&self, event: &TraceEvent, queue: Option<usize>) -> bool {
        event.kind == self.event
            && queue.is_none_or(|q| q == event.queue)
            && self.receive_count.is_none_or(|n| n == event.receive_count)
    }
}

/// Virtual time a look-ahead runs between looks at the trace: short enough that the copy's
/// trace never drops an event between looks.
const LOOK_AHEAD_SLICE: std::time::Duration = std::time::Duration::from_secs(1);

/// When `step` comes, looking from `sim`'s present to `end`: `None` for a step that follows at
/// once (no `at_seconds`, no `on`), `end` for an event that never comes. A moment already
/// passed is now.
///
/// `#[inline]` so that the copy of the simulation is made by the caller's crate, which already
/// copies simulations (the page's checkpoints): a second crate doing so would compile a second
/// copy of `Simulation::clone` into the browser's download.
#[inline]
pub fn moment(step: &GuideStep, sim: &Simulation, end: SimTime) -> Option<SimTime> {
    if let Some(at) = step.at_seconds.and_then(SimTime::from_seconds) {
        return Some(at.clamp(sim.now(), end.max(sim.now())));
    }
    let on = step.on.as_ref()?;
    let queue = on
        .queue
        .as_ref()
        .and_then(|q| sim.scenario().queue_index(q));
    let mut ahead = sim.clone();
    // A fresh trace, large enough for a slice of any scenario.
    ahead.set_trace_capacity(super::trace::DEFAULT_CAPACITY);
    while ahead.now() < end {
        ahead.run_until((ahead.now() + LOOK_AHEAD_SLICE).min(end));
        if let Some(event) = ahead.drain_trace().iter().find(|e| on.matches(e, queue)) {
            return Some(event.at);
        }
    }
    Some(end.max(sim.now()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(guide: &str) -> Result<Scenario, Vec<String>> {
        let json = format!(
            r#"{{"version": 1, "title": "t", "duration_seconds": 60,
                "queues": [{{"name": "orders", "attributes": {{"VisibilityTimeout": "5"}}}}],
                "producers": [{{"name": "checkout", "queue": "orders", "arrival": {{"kind": "constant", "per_second": 0.5}}}}],
                "consumers": [{{"name": "worker", "queue": "orders", "count": 4, "processing": {{"kind": "fixed", "seconds": 8}}}}],
                "guide": {guide}}}"#
        );
        Scenario::from_json(&json).map_err(|e| e.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn a_bad_lesson_is_refused_naming_each_member() {
        let errors = scenario(
            r#"{"steps": [
                {"text": " ", "at_seconds": 90},
                {"text": "x", "at_seconds": 1, "on": {"event": "received"}},
                {"text": "x", "on": {"event": "received", "queue": "nope"}, "highlight": ["ghost"]},
                {"text": "x", "predict": {"choices": ["a", "b"], "answer": 2}},
                {"text": "x", "predict": {"choices": ["a"], "answer": 0}, "speed": 0}
            ]}"#,
        )
        .unwrap_err();
        assert_eq!(
            errors,
            [
                "guide.steps[0].text: must not be empty",
                "guide.steps[0].at_seconds: must be between 0 and duration_seconds (60)",
                "guide.steps[1].on: give at_seconds or on, not both",
                "guide.steps[2].on.queue: no queue is named \"nope\"",
                "guide.steps[2].highlight: nothing in the scenario is named \"ghost\"",
                "guide.steps[3].predict.answer: must be the position of a choice, 0 to 1",
                "guide.steps[4].speed: must be a number above 0",
                "guide.steps[4].predict.choices: give at least two choices, none empty",
            ]
        );
        assert!(scenario(r#"{"steps": []}"#).unwrap_err()[0].starts_with("guide.steps: "));
        let unknown = scenario(r#"{"steps": [{"text": "x", "on": {"event": "exploded"}}]}"#);
        assert!(unknown.unwrap_err()[0].contains("exploded"));
    }

    #[test]
    fn a_step_comes_at_its_time_at_its_event_or_at_once() {
        let scenario = scenario(
            r#"{"steps": [
                {"text": "start", "highlight": ["orders", "worker", "checkout"]},
                {"text": "redelivered", "on": {"event": "received", "receive_count": 2}},
                {"text": "later", "at_seconds": 30},
                {"text": "never", "on": {"event": "moved_to_dead_letter_queue"}}
            ]}"#,
        )
        .unwrap();
        let steps = scenario.guide.clone().unwrap().steps;
        let end = SimTime::from_seconds(60.0).unwrap();
        let mut sim = Simulation::new(scenario, 7);
        assert_eq!(moment(&steps[0], &sim, end), None);
        // The first message is received at 0 and visible again 5 s later, while its worker
        // takes 8 s; the messages of 2 s and 4 s keep two more busy, and the fourth worker
        // receives the first one again at 5 s.
        let redelivered = moment(&steps[1], &sim, end).unwrap();
        assert_eq!(redelivered, SimTime::from_seconds(5.0).unwrap());
        // The look-ahead left the simulation where it was.
        assert_eq!(sim.now(), SimTime::ZERO);
        sim.run_until(redelivered);
        let received = sim.trace().recent(1)[0];
        assert_eq!(
            (received.kind, received.receive_count),
            (TraceKind::Received, 2)
        );
        assert_eq!(moment(&steps[2], &sim, end), SimTime::from_seconds(30.0));
        sim.run_until(SimTime::from_seconds(40.0).unwrap());
        // A time already passed is now; an event that never comes is the end.
        assert_eq!(moment(&steps[2], &sim, end), Some(sim.now()));
        assert_eq!(moment(&steps[3], &sim, end), Some(end));
    }
}
