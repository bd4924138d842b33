//! The app's comparison of two variants: the form, the two runs (in the page's worker, or on
//! the page where it cannot), and the result.

use std::rc::Rc;

use yew::prelude::*;

use super::{App, Msg};
use crate::sim::Scenario;
use crate::ui::compare::{self, VariantRun};
use crate::ui::compare_view::{compare_panel, CompareProps};
use crate::ui::fields::knobs;
use crate::worker::client::Answer;
use crate::worker::jobs::{Job, Outcome};

#[derive(Default)]
pub(super) struct Comparing {
    knob: usize,
    /// What was typed for B (none: the setting's current value).
    typed: Option<String>,
    running: bool,
    result: Option<Result<Rc<[VariantRun; 2]>, String>>,
    /// Why the variants ran on the page rather than in the worker, if they did.
    fallback: Option<String>,
    /// The design and seed the form and result are about: another design or seed clears them.
    about: (AttrValue, u64),
    /// The variants under way, and the runs that have come back.
    variants: Option<Rc<[(String, Scenario); 2]>>,
    runs: [Option<VariantRun>; 2],
    /// Which comparison is current: answers for an older one are dropped.
    generation: u32,
}

pub enum CompareMsg {
    Knob(usize),
    Value(String),
    Run,
    /// Variant `index` of comparison `generation` came back from the worker.
    Ran(u32, usize, Answer),
}

impl App {
    /// The design and seed now.
    fn compared(&self) -> (AttrValue, u64) {
        (self.document.source().clone(), self.session.seed())
    }

    pub(super) fn compare_update(&mut self, msg: CompareMsg) -> bool {
        if self.comparing.about != self.compared() {
            self.comparing = Comparing {
                about: self.compared(),
                generation: self.comparing.generation + 1,
                ..Comparing::default()
            };
        }
        let comparing = &mut self.comparing;
        match msg {
            CompareMsg::Knob(knob) => {
                comparing.knob = knob;
                comparing.typed = None;
            }
            CompareMsg::Value(value) => comparing.typed = Some(value),
            CompareMsg::Run => {
                let scenario = self.document.scenario();
                let all = knobs(scenario);
                let Some(knob) = all.get(comparing.knob).or(all.first()) else {
                    return false;
                };
                let value = comparing
                    .typed
                    .clone()
                    .unwrap_or_else(|| knob.current().to_owned());
                comparing.generation += 1;
                comparing.runs = [None, None];
                comparing.fallback = None;
                match compare::variants(scenario, knob, &value) {
                    Err(why) => comparing.result = Some(Err(why)),
                    Ok(variants) => {
                        comparing.result = None;
                        comparing.running = true;
                        let variants = Rc::new(variants);
                        comparing.variants = Some(variants.clone());
                        for (index, (label, scenario)) in variants.iter().enumerate() {
                            let job = Job::Run {
                                label: label.clone(),
                                scenario: serde_json::to_string_pretty(scenario)
                                    .expect("a scenario serialises"),
                                seed: self.session.seed(),
                            };
                            let (scope, generation) = (self.scope.clone(), comparing.generation);
                            self.workers.submit(job, move |answer| {
                                scope.send_message(Msg::Compare(CompareMsg::Ran(
                                    generation, index, answer,
                                )))
                            });
                        }
                    }
                }
            }
            CompareMsg::Ran(generation, _, _) if generation != comparing.generation => {
                return false
            }
            CompareMsg::Ran(_, index, answer) => {
                let Some((label, scenario)) = comparing.variants.as_ref().map(|v| v[index].clone())
                else {
                    return false;
                };
                let seed = self.session.seed();
                let run = match answer {
                    Ok(Outcome::Run { run }) => run,
                    Ok(_) => compare::run(label, scenario, seed),
                    Err(why) => {
                        comparing.fallback = Some(why);
                        compare::run(label, scenario, seed)
                    }
                };
                comparing.runs[index] = Some(run);
                if let [Some(a), Some(b)] = &comparing.runs {
                    comparing.result = Some(Ok(Rc::new([a.clone(), b.clone()])));
                    comparing.running = false;
                }
            }
        }
        true
    }

    pub(super) fn compare_view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let all = knobs(self.document.scenario());
        let fresh = self.comparing.about == self.compared();
        let comparing = &self.comparing;
        let knob = if fresh { comparing.knob } else { 0 };
        let value = comparing
            .typed
            .clone()
            .filter(|_| fresh)
            .or_else(|| {
                all.get(knob)
                    .or(all.first())
                    .map(|k| k.current().to_owned())
            })
            .unwrap_or_default();
        compare_panel(&CompareProps {
            seed: self.session.seed(),
            knobs: &all,
            knob,
            value,
            running: fresh && comparing.running,
            result: comparing.result.as_ref().filter(|_| fresh),
            fallback: comparing.fallback.as_deref(),
            on_knob: link.callback(|knob| Msg::Compare(CompareMsg::Knob(knob))),
            on_value: link.callback(|value| Msg::Compare(CompareMsg::Value(value))),
            on_run: link.callback(|_| Msg::Compare(CompareMsg::Run)),
        })
    }
}
