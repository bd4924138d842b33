//! The app's guided lesson: where the clock stops for the next step, the learner's moves,
//! the nodes a step points at.

use std::rc::Rc;

use yew::prelude::*;

use super::{App, Msg};
use crate::sim::guide;
use crate::ui::lesson::LessonProgress;
use crate::ui::lesson_view::{lesson_view, LessonAction, LessonProps};
use crate::ui::playback::Speed;
use crate::ui::protocol::{EventKind, Post};

impl App {
    /// Finds where the clock stops for the lesson's next step, from the clock as it stands
    /// (after a seek or a command, the moment of an event may have moved).
    pub(super) fn plan_lesson(&mut self) {
        let (Some(guide), Some(step)) = (&self.guide, self.lesson.as_ref().map(|l| l.step)) else {
            return;
        };
        let stop = guide
            .steps
            .get(step + 1)
            .and_then(|next| guide::moment(next, self.session.simulation(), self.end()));
        if let Some(lesson) = &mut self.lesson {
            lesson.stop = stop;
        }
    }

    /// When the clock has got to the lesson's next step: pauses there and shows it.
    pub(super) fn lesson_arrived(&mut self) -> bool {
        let (Some(guide), Some(lesson)) = (&self.guide, &mut self.lesson) else {
            return false;
        };
        if !lesson.arrived(self.session.now()) {
            return false;
        }
        self.session.settle();
        self.playback.pause();
        lesson.advance(guide);
        self.plan_lesson();
        self.tell_step();
        true
    }

    /// Tells the subscribed host which lesson step the learner has reached.
    pub(super) fn tell_step(&self) {
        let (Some(guide), Some(lesson)) = (&self.guide, &self.lesson) else {
            return;
        };
        if let Some(step) = guide.steps.get(lesson.step) {
            self.tell(EventKind::LessonStep, || Post::LessonStep {
                step: lesson.step,
                steps: guide.steps.len(),
                text: step.text.clone(),
            });
        }
    }

    pub(super) fn lesson_action(&mut self, action: LessonAction) {
        let Some(guide) = self.guide.clone() else {
            return;
        };
        match action {
            LessonAction::Start => {
                self.playback.pause();
                self.restart(self.session.seed());
                self.lesson = Some(LessonProgress::default());
                self.plan_lesson();
                self.tell_step();
            }
            LessonAction::Choose(choice) => {
                if let Some(lesson) = &mut self.lesson {
                    lesson.chosen = Some(choice);
                }
            }
            LessonAction::GoOn => {
                let may_go_on = self.lesson.as_ref().is_some_and(|l| l.may_go_on(&guide));
                // A step whose moment is now (or past) is shown at once.
                if !may_go_on || self.lesson_arrived() {
                    return;
                }
                let Some(lesson) = &mut self.lesson else {
                    return;
                };
                if lesson.stop.is_some() {
                    if let Some(speed) = guide.steps.get(lesson.step + 1).and_then(|s| s.speed) {
                        self.playback.set_speed(Speed::at_most(speed));
                    }
                    self.playback.play();
                    self.request_frame();
                } else if lesson.advance(&guide) {
                    self.plan_lesson();
                    self.tell_step();
                } else {
                    self.lesson = None;
                }
            }
            LessonAction::Leave => self.lesson = None,
        }
    }

    /// The names of the nodes the lesson's step points at.
    pub(super) fn highlighted(&self) -> Rc<Vec<String>> {
        let step = self
            .lesson
            .as_ref()
            .zip(self.guide.as_ref())
            .and_then(|(lesson, guide)| guide.steps.get(lesson.step));
        Rc::new(step.map(|s| s.highlight.clone()).unwrap_or_default())
    }

    /// The guided lesson's panel; a scenario without a lesson has none.
    pub(super) fn lesson_panel(&self, ctx: &Context<Self>) -> Html {
        match &self.guide {
            Some(guide) => lesson_view(&LessonProps {
                guide: guide.clone(),
                progress: self.lesson.clone(),
                on_action: ctx.link().callback(Msg::Lesson),
            }),
            None => Html::default(),
        }
    }
}
