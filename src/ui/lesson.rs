//! Where a learner stands in a scenario's guided lesson (`sim::guide`): the step shown, the
//! prediction chosen, and where the clock stops for the next step. Pure, tested natively; the
//! app finds the stop with `guide::moment` and moves the clock.

use crate::sim::guide::Guide;
use crate::sim::SimTime;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LessonProgress {
    /// The step shown, from 0.
    pub step: usize,
    /// The choice picked for this step's prediction.
    pub chosen: Option<usize>,
    /// The previous step's prediction and the choice picked: shown with the verdict.
    pub verdict: Option<(usize, usize)>,
    /// Where the clock stops to show the next step; `None` when it follows at once.
    pub stop: Option<SimTime>,
}

impl LessonProgress {
    /// True when the clock has got to the next step.
    pub fn arrived(&self, now: SimTime) -> bool {
        self.stop.is_some_and(|stop| now >= stop)
    }

    /// Shows the next step, keeping this one's prediction for the verdict. False when this
    /// was the last step.
    pub fn advance(&mut self, guide: &Guide) -> bool {
        if self.step + 1 >= guide.steps.len() {
            return false;
        }
        let predicted = guide.steps[self.step].predict.is_some();
        self.verdict = self.chosen.filter(|_| predicted).map(|c| (self.step, c));
        self.step += 1;
        self.chosen = None;
        self.stop = None;
        true
    }

    /// Whether the learner may move on: a prediction asked for must be made first.
    pub fn may_go_on(&self, guide: &Guide) -> bool {
        self.chosen.is_some()
            || guide
                .steps
                .get(self.step)
                .is_some_and(|s| s.predict.is_none())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::guide::{GuideStep, Prediction};

    fn step(predict: bool) -> GuideStep {
        GuideStep {
            text: "x".into(),
            at_seconds: None,
            on: None,
            highlight: Vec::new(),
            predict: predict.then(|| Prediction {
                choices: vec!["a".into(), "b".into()],
                answer: 1,
                explain: String::new(),
            }),
            speed: None,
        }
    }

    #[test]
    fn a_prediction_is_made_before_moving_on_and_judged_on_the_next_step() {
        let guide = Guide {
            steps: vec![step(true), step(false), step(false)],
        };
        let mut progress = LessonProgress::default();
        assert!(!progress.may_go_on(&guide));
        progress.chosen = Some(0);
        assert!(progress.may_go_on(&guide));
        progress.stop = Some(SimTime(5_000));
        assert!(!progress.arrived(SimTime(4_999)));
        assert!(progress.arrived(SimTime(5_000)));
        assert!(progress.advance(&guide));
        assert_eq!(
            (progress.step, progress.verdict, progress.stop),
            (1, Some((0, 0)), None)
        );
        // A step without a prediction leaves no verdict behind, and the last one ends.
        assert!(progress.advance(&guide));
        assert_eq!(progress.verdict, None);
        assert!(!progress.advance(&guide));
        assert_eq!(progress.step, 2);
    }
}
