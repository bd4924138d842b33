//! The jobs a worker does, and their outcomes: plain serde types, converted to and from
//! JSON text at the `postMessage` boundary, and tested here as
//! plain Rust.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::export::Format;
use crate::sim::{Scenario, ScenarioError};
use crate::sweep::{self, Measures, Plan};
use crate::ui::compare::{self, VariantRun};
use crate::ui::planner;

/// The worker's first message: it has loaded and listens (a message sent to a worker before
/// its wasm has loaded is lost).
pub const READY: &str = "sqs-sim-worker: ready";

/// Something to do. (Enums here keep serde's plain representation, `{"export": {...}}`: an
/// internally tagged one would be read through serde's buffering of the whole object, which
/// costs the page's download some 8 KB.)
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Job {
    /// Write the scenario (its JSON text) in an export format.
    Export { scenario: String, format: Format },
    /// Run the scenario (its JSON text) to its end on `seed`, for a comparison.
    Run {
        label: String,
        scenario: String,
        seed: u64,
    },
    /// Plan a sweep: every point's scenario (checked) and the seeds, or why it cannot run.
    Plan { sweep: SweepSpec },
    /// Run the scenario (its JSON text) to its end on `seed`, for a sweep: its summary's
    /// numbers only.
    Measure { scenario: String, seed: u64 },
    /// A sweep's report from the runs that have come in (`slots`, in `Plan::run_at`'s order).
    Report {
        sweep: SweepSpec,
        #[serde(with = "exact")]
        slots: Vec<Option<Measures>>,
    },
}

/// A sweep as the planner's form states it; the worker reads it into a `sweep::Plan` (whose
/// code, with the report's, stays out of the page's download).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepSpec {
    pub scenario: String,
    /// One or two `PATH=RANGE`.
    pub sets: Vec<String>,
    pub seeds: u64,
    pub first_seed: u64,
    pub metrics: Vec<String>,
    pub goal: Option<String>,
}

impl SweepSpec {
    pub fn plan(&self) -> Result<Plan, String> {
        Plan::new(
            &read(&self.scenario)?,
            &self.sets,
            self.seeds,
            self.first_seed,
            self.metrics.clone(),
            self.goal.as_deref(),
        )
    }
}

/// A planned sweep as the page needs it: each point's scenario as JSON text (to send to a
/// worker, and to open in the workspace) and the seeds. Run `i` is point `i / seeds.len()` on
/// seed `seeds[i % seeds.len()]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlannedSweep {
    pub scenarios: Vec<String>,
    pub seeds: Vec<u64>,
}

/// A sweep's results as the page shows and downloads them.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SweepReport {
    /// The verdict, chart or heat map, and table (`planner::report`).
    pub html: String,
    /// Every run as CSV, and the results as JSON: once every run is in, empty before.
    pub csv: String,
    pub json: String,
}

/// What came of a job. Written by serde in the worker; read by `Reply::read` in the page.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The export's code.
    Export {
        code: String,
    },
    /// The run, as a comparison shows it.
    Run {
        run: VariantRun,
    },
    Plan {
        planned: PlannedSweep,
    },
    /// The run's numbers (`sweep::Measures`).
    Measure {
        #[serde(serialize_with = "exact::measures")]
        measures: Measures,
    },
    Report {
        report: SweepReport,
    },
    /// Why the job could not be done (a scenario that does not read, a sweep that cannot
    /// be). One variant for every job's refusal: the page reads one kind of error.
    Refused {
        why: String,
    },
}

/// A sweep's numbers travel as the bits of each `f64`: a JSON decimal read back by
/// serde_json's fast parser may be a unit in the last place off (its exact one would add 8 KB
/// to the page's download), and a sweep in the page must give the command line's numbers.
pub(crate) mod exact {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    fn bits(numbers: &[f64]) -> Vec<u64> {
        numbers.iter().map(|x| x.to_bits()).collect()
    }

    pub fn measures<S: Serializer>(numbers: &[f64], to: S) -> Result<S::Ok, S::Error> {
        bits(numbers).serialize(to)
    }

    /// A comparison's chart lines: (time, value) points.
    pub fn lines<S: Serializer>(lines: &[Vec<(f64, f64)>], to: S) -> Result<S::Ok, S::Error> {
        let bits: Vec<Vec<(u64, u64)>> = (lines.iter())
            .map(|l| l.iter().map(|(t, v)| (t.to_bits(), v.to_bits())).collect())
            .collect();
        bits.serialize(to)
    }

    pub fn serialize<S: Serializer>(slots: &[Option<Vec<f64>>], to: S) -> Result<S::Ok, S::Error> {
        let slots: Vec<Option<Vec<u64>>> = slots.iter().map(|s| s.as_deref().map(bits)).collect();
        slots.serialize(to)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        from: D,
    ) -> Result<Vec<Option<Vec<f64>>>, D::Error> {
        let slots = Vec::<Option<Vec<u64>>>::deserialize(from)?;
        Ok(slots
            .into_iter()
            .map(|s| s.map(|s| s.into_iter().map(f64::from_bits).collect()))
            .collect())
    }
}

/// A job with the number its answer comes back under.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    pub id: u32,
    pub job: Job,
}

/// A job's outcome, under the request's number.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reply {
    pub id: u32,
    pub outcome: Outcome,
}

impl Reply {
    /// A reply's JSON text as the page reads it, or None if it is not one.
    ///
    /// Read from a `serde_json::Value` by hand rather than by a derived `Deserialize`: serde's
    /// readers of these types were 16 KB of the page's download (5 KB gzipped), for data the
    /// page's own worker writes.
    pub fn read(text: &str) -> Option<Reply> {
        let reply: Value = serde_json::from_str(text).ok()?;
        let id = u32::try_from(reply.get("id")?.as_u64()?).ok()?;
        let (kind, body) = reply.get("outcome")?.as_object()?.iter().next()?;
        let text = |value: &Value, key: &str| Some(value.get(key)?.as_str()?.to_owned());
        // Numbers travel as their bits (`exact`).
        let numbers = |value: &Value| -> Option<Vec<f64>> {
            let items = value.as_array()?.iter();
            items.map(|x| x.as_u64().map(f64::from_bits)).collect()
        };
        let outcome = match kind.as_str() {
            "export" => Outcome::Export {
                code: text(body, "code")?,
            },
            "refused" => Outcome::Refused {
                why: text(body, "why")?,
            },
            "measure" => Outcome::Measure {
                measures: numbers(body.get("measures")?)?,
            },
            "report" => {
                let report = body.get("report")?;
                Outcome::Report {
                    report: SweepReport {
                        html: text(report, "html")?,
                        csv: text(report, "csv")?,
                        json: text(report, "json")?,
                    },
                }
            }
            "plan" => {
                let planned = body.get("planned")?;
                let scenarios = planned.get("scenarios")?.as_array()?.iter();
                let seeds = planned.get("seeds")?.as_array()?.iter();
                Outcome::Plan {
                    planned: PlannedSweep {
                        scenarios: scenarios
                            .map(|s| s.as_str().map(str::to_owned))
                            .collect::<Option<_>>()?,
                        seeds: seeds.map(Value::as_u64).collect::<Option<_>>()?,
                    },
                }
            }
            "run" => {
                let run = body.get("run")?;
                let point = |p: Vec<f64>| (p.len() == 2).then(|| (p[0], p[1]));
                let line = |line: &Value| -> Option<Vec<(f64, f64)>> {
                    let points = line.as_array()?.iter();
                    points.map(|p| numbers(p).and_then(point)).collect()
                };
                let lines = run.get("lines")?.as_array()?.iter();
                Outcome::Run {
                    run: VariantRun {
                        label: text(run, "label")?,
                        metrics: numbers(run.get("metrics")?)?,
                        lines: lines.map(line).collect::<Option<_>>()?,
                        end_s: run.get("end_s")?.as_f64()?,
                    },
                }
            }
            _ => return None,
        };
        Some(Reply { id, outcome })
    }
}

/// Does a job.
pub fn run(job: Job) -> Outcome {
    let outcome = match job {
        Job::Export { scenario, format } => read(&scenario).map(|scenario| Outcome::Export {
            code: format.export(&scenario),
        }),
        Job::Run {
            label,
            scenario,
            seed,
        } => read(&scenario).map(|scenario| Outcome::Run {
            run: compare::run(label, scenario, seed),
        }),
        Job::Plan { sweep } => sweep.plan().map(|plan| Outcome::Plan {
            planned: PlannedSweep {
                scenarios: plan.scenarios.iter().map(to_text).collect(),
                seeds: plan.seeds,
            },
        }),
        Job::Measure { scenario, seed } => read(&scenario).map(|scenario| Outcome::Measure {
            measures: sweep::run(scenario, seed),
        }),
        Job::Report { sweep, slots } => sweep.plan().map(|plan| Outcome::Report {
            report: report(&plan, &slots),
        }),
    };
    outcome.unwrap_or_else(|why| Outcome::Refused { why })
}

/// A scenario as the JSON editor shows it.
fn to_text(scenario: &Scenario) -> String {
    serde_json::to_string_pretty(scenario).expect("a scenario serialises")
}

/// The report of a plan's runs so far; the downloads once all are in.
fn report(plan: &Plan, slots: &[Option<Measures>]) -> SweepReport {
    let finished = slots.iter().all(Option::is_some);
    let results = plan.results(slots);
    SweepReport {
        html: planner::report(plan, &results, finished),
        csv: if finished {
            plan.csv(&results)
        } else {
            String::new()
        },
        json: if finished {
            serde_json::to_string_pretty(&plan.json(&results)).expect("JSON values serialise")
        } else {
            String::new()
        },
    }
}

/// The scenario a text reads as, or every problem with it in one line.
fn read(text: &str) -> Result<Scenario, String> {
    Scenario::from_json(text).map_err(|errors: Vec<ScenarioError>| {
        errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::presets::PRESETS;

    #[test]
    fn an_export_job_writes_what_the_exporter_writes() {
        let scenario = Scenario::from_json(PRESETS[0].json()).unwrap();
        let Outcome::Export { code } = run(Job::Export {
            scenario: PRESETS[0].json().to_owned(),
            format: Format::CloudFormation,
        }) else {
            panic!("an export job gives an export");
        };
        assert_eq!(code, Format::CloudFormation.export(&scenario));
        let Outcome::Refused { why } = run(Job::Export {
            scenario: "{".to_owned(),
            format: Format::Boto3,
        }) else {
            panic!("a scenario that does not read is refused");
        };
        assert!(why.starts_with("(scenario): EOF"));
    }

    #[test]
    fn a_run_job_is_the_comparisons_run() {
        let scenario = Scenario::from_json(PRESETS[1].json()).unwrap();
        let Outcome::Run { run: ours } = run(Job::Run {
            label: "A".into(),
            scenario: PRESETS[1].json().to_owned(),
            seed: 9,
        }) else {
            panic!("a run job gives a run");
        };
        assert_eq!(ours, compare::run("A".into(), scenario, 9));
    }

    #[test]
    fn a_measure_job_is_the_sweeps_run() {
        let scenario = Scenario::from_json(PRESETS[2].json()).unwrap();
        let outcome = run(Job::Measure {
            scenario: PRESETS[2].json().to_owned(),
            seed: 4,
        });
        assert_eq!(
            outcome,
            Outcome::Measure {
                measures: sweep::run(scenario, 4)
            }
        );
    }

    #[test]
    fn the_page_reads_every_outcome_the_worker_writes() {
        let outcomes = [
            run(Job::Export {
                scenario: PRESETS[0].json().to_owned(),
                format: Format::Boto3,
            }),
            run(Job::Run {
                label: "B: x = 2".into(),
                scenario: PRESETS[1].json().to_owned(),
                seed: 3,
            }),
            run(Job::Measure {
                scenario: PRESETS[2].json().to_owned(),
                seed: 4,
            }),
            Outcome::Plan {
                planned: PlannedSweep {
                    scenarios: vec!["{}".into(), "{\"a\": 1}".into()],
                    seeds: vec![1, 2, u64::from(u32::MAX) + 1],
                },
            },
            Outcome::Report {
                report: SweepReport {
                    html: "<p>ok</p>".into(),
                    csv: "a,b\n1,2\n".into(),
                    json: "[]".into(),
                },
            },
            Outcome::Refused { why: "no".into() },
        ];
        for (id, outcome) in outcomes.into_iter().enumerate() {
            let reply = Reply {
                id: id as u32,
                outcome,
            };
            let text = serde_json::to_string(&reply).unwrap();
            assert_eq!(Reply::read(&text), Some(reply), "{text}");
        }
        // A sweep's numbers come back to the bit, NaN included; a report's slots too.
        let measures = vec![0.1 + 0.2, 9.948010204081633, f64::NAN, f64::INFINITY];
        let text = serde_json::to_string(&Reply {
            id: 1,
            outcome: Outcome::Measure {
                measures: measures.clone(),
            },
        })
        .unwrap();
        let Some(Reply {
            outcome: Outcome::Measure { measures: back },
            ..
        }) = Reply::read(&text)
        else {
            panic!("a measure reads");
        };
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&back), bits(&measures));
        let job = Job::Report {
            sweep: SweepSpec {
                scenario: String::new(),
                sets: vec![],
                seeds: 1,
                first_seed: 1,
                metrics: vec![],
                goal: None,
            },
            slots: vec![Some(measures.clone()), None],
        };
        let Job::Report { slots, .. } =
            serde_json::from_str(&serde_json::to_string(&job).unwrap()).unwrap()
        else {
            panic!("a report job reads");
        };
        assert_eq!(bits(slots[0].as_ref().unwrap()), bits(&measures));
        assert_eq!(slots[1], None);
        assert_eq!(Reply::read(r#"{"id":1,"outcome":{"fly":{}}}"#), None);
    }

    #[test]
    fn requests_and_replies_travel_as_json_objects() {
        let request = Request {
            id: 7,
            job: Job::Export {
                scenario: "{}".to_owned(),
                format: Format::AwsCli,
            },
        };
        let text = serde_json::to_string(&request).unwrap();
        assert_eq!(
            text,
            r#"{"id":7,"job":{"export":{"scenario":"{}","format":"aws_cli"}}}"#
        );
        assert_eq!(serde_json::from_str::<Request>(&text).unwrap(), request);
    }
}
