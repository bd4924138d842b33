//! The app's capacity planner: the form, the sweep under way and its messages.
//!
//! A worker (the page's helper) plans the sweep (`sweep::Plan`, which checks every point's
//! scenario) and writes its reports (`planner::report`); the planner's workers, one per core,
//! do the runs; the page hands the runs out and counts them in. So the planning and the
//! report's code stay out of the page's download, and the page keeps answering while a sweep
//! runs.

use std::rc::Rc;

use yew::prelude::*;

use super::{App, Msg};
use crate::sim::Scenario;
use crate::ui::fields::knobs;
use crate::ui::frames::wall_ms;
use crate::ui::page_io::download;
use crate::ui::planner::{opened, Sweeping};
use crate::ui::planner_view::{planner_panel, Form, FormField, PlannerProps};
use crate::worker::client::{Answer, Workers};
use crate::worker::jobs::{Job, Outcome, SweepSpec};

/// The planner's state.
pub(super) struct Planner {
    pub form: Form,
    pub sweeping: Option<Sweeping>,
    /// Why the last sweep could not be planned or run.
    pub error: Option<String>,
    /// Which sweep is current: answers for an older one are dropped.
    pub generation: u32,
    /// The runs' workers, one per core.
    pub workers: Workers,
}

impl Default for Planner {
    fn default() -> Self {
        Planner {
            form: Form::default(),
            sweeping: None,
            error: None,
            generation: 0,
            workers: Workers::per_core(),
        }
    }
}

/// What the planner reacts to.
pub enum SweepMsg {
    Field(FormField, String),
    Metric(&'static str),
    Run,
    Cancel,
    /// The helper planned sweep `generation`.
    Planned(u32, Rc<SweepSpec>, Answer),
    /// Run `index` of sweep `generation` came back.
    Measured(u32, usize, Answer),
    /// A report of sweep `generation` came back.
    Reported(u32, Answer),
    /// A click on the report: a mark's name and value (`data-open`, `data-download`).
    Report(&'static str, String),
}

impl App {
    pub(super) fn planner_update(&mut self, msg: SweepMsg) -> bool {
        let current = self.planner.generation;
        match msg {
            SweepMsg::Field(field, value) => self.planner.form = self.planner.form.with(field, value),
            SweepMsg::Metric(metric) => self.planner.form = self.planner.form.toggled(metric),
            SweepMsg::Run => self.plan_sweep(),
            SweepMsg::Cancel => self.stop_sweep(),
            SweepMsg::Planned(generation, _, _) | SweepMsg::Measured(generation, _, _)
                if generation != current =>
            {
                return false
            }
            SweepMsg::Planned(_, spec, answer) => match answer {
                Ok(Outcome::Plan { planned }) => {
                    self.planner.error = None;
                    let mut sweeping = Sweeping::new(spec, Rc::new(planned), wall_ms());
                    sweeping.generation = current;
                    for index in 0..sweeping.total() {
                        let (point, seed) = sweeping.run_at(index);
                        let job = Job::Measure {
                            scenario: sweeping.planned.scenarios[point].clone(),
                            seed,
                        };
                        let scope = self.scope.clone();
                        self.planner.workers.submit(job, move |answer| {
                            scope.send_message(Msg::Sweep(SweepMsg::Measured(current, index, answer)))
                        });
                    }
                    self.planner.sweeping = Some(sweeping);
                }
                Ok(Outcome::Refused { why }) => self.planner.error = Some(why),
                Ok(_) => {}
                Err(why) => {
                    self.planner.error = Some(format!(
                        "Sweeps run in Web Workers, and this page could not start one ({why}); `sqs-sim sweep` runs the same sweep from the command line"
                    ))
                }
            },
            SweepMsg::Measured(_, index, answer) => match answer {
                Ok(Outcome::Measure { measures }) => {
                    if let Some(sweeping) = &mut self.planner.sweeping {
                        sweeping.record(index, measures, wall_ms());
                    }
                    self.ask_report();
                }
                Ok(Outcome::Refused { why }) | Err(why) => {
                    self.stop_sweep();
                    self.planner.error = Some(format!("A run stopped: {why}"));
                }
                Ok(_) => {}
            },
            // A report is kept whatever the sweep (a cancelled sweep's still describes its
            // runs), but only the current sweep's.
            SweepMsg::Reported(generation, answer) => {
                let Some(sweeping) = &mut self.planner.sweeping else {
                    return false;
                };
                if generation == sweeping.generation {
                    if let Ok(Outcome::Report { report }) = answer {
                        sweeping.report = Rc::new(report);
                    }
                    sweeping.reporting = false;
                    if std::mem::take(&mut sweeping.stale) {
                        self.ask_report();
                    }
                }
            }
            SweepMsg::Report(mark, value) => {
                let Some(sweeping) = &self.planner.sweeping else {
                    return false;
                };
                match mark {
                    "data-open" => {
                        let Some((point, seed)) = opened(&value) else {
                            return false;
                        };
                        let Some(text) = sweeping.planned.scenarios.get(point) else {
                            return false;
                        };
                        let Ok(scenario) = Scenario::from_json(text) else {
                            return false;
                        };
                        self.open(AttrValue::from(text.clone()), scenario, seed);
                    }
                    "data-download" if value == "csv" => {
                        download("sweep.csv", "text/csv", &sweeping.report.csv)
                    }
                    "data-download" => {
                        download("sweep.json", "application/json", &sweeping.report.json)
                    }
                    _ => return false,
                }
            }
        }
        true
    }

    /// Asks the helper to plan the form's sweep of the design.
    fn plan_sweep(&mut self) {
        self.stop_sweep();
        let form = &self.planner.form;
        let Ok(seeds) = form.seeds.trim().parse::<u64>() else {
            self.planner.error = Some(format!("seeds: \"{}\" is not a whole number", form.seeds));
            return;
        };
        let spec = Rc::new(SweepSpec {
            scenario: self.document.source().to_string(),
            sets: form.sets(&knobs(self.document.scenario())),
            seeds,
            first_seed: self.session.seed(),
            metrics: form.metrics.iter().map(|m| m.to_string()).collect(),
            goal: Some(form.goal.trim().to_owned()).filter(|g| !g.is_empty()),
        });
        let (scope, generation) = (self.scope.clone(), self.planner.generation);
        let job = Job::Plan {
            sweep: (*spec).clone(),
        };
        self.workers.submit(job, move |answer| {
            scope.send_message(Msg::Sweep(SweepMsg::Planned(generation, spec, answer)))
        });
    }

    /// Ends the current sweep's runs (the workers stop at once); what came in stays shown.
    fn stop_sweep(&mut self) {
        self.planner.workers.cancel();
        self.planner.generation += 1;
        if let Some(sweeping) = &mut self.planner.sweeping {
            sweeping.cancelled = !sweeping.finished();
        }
    }

    /// Asks the helper for the report of the runs so far: one request at a time, and one more
    /// when runs came in while it was out.
    fn ask_report(&mut self) {
        let Some(sweeping) = &mut self.planner.sweeping else {
            return;
        };
        if sweeping.reporting {
            sweeping.stale = true;
            return;
        }
        sweeping.reporting = true;
        let job = Job::Report {
            sweep: (*sweeping.spec).clone(),
            slots: sweeping.slots.clone(),
        };
        let (scope, generation) = (self.scope.clone(), sweeping.generation);
        self.workers.submit(job, move |answer| {
            scope.send_message(Msg::Sweep(SweepMsg::Reported(generation, answer)))
        });
    }

    pub(super) fn planner_view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let planner = &self.planner;
        planner_panel(&PlannerProps {
            knobs: &knobs(self.document.scenario()),
            form: &planner.form,
            sweeping: planner.sweeping.as_ref(),
            error: planner.error.as_deref(),
            first_seed: self.session.seed(),
            workers: planner.workers.size(),
            on_field: link.callback(|(field, value)| Msg::Sweep(SweepMsg::Field(field, value))),
            on_metric: link.callback(|metric| Msg::Sweep(SweepMsg::Metric(metric))),
            on_run: link.callback(|_| Msg::Sweep(SweepMsg::Run)),
            on_cancel: link.callback(|_| Msg::Sweep(SweepMsg::Cancel)),
            on_report: link.callback(|(mark, value)| Msg::Sweep(SweepMsg::Report(mark, value))),
        })
    }
}
