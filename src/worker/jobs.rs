//! The jobs a worker does, and their outcomes: plain serde types, converted to and from
//! JavaScript objects at the `postMessage` boundary (serde-wasm-bindgen), and tested here as
//! plain Rust.

use serde::{Deserialize, Serialize};

use crate::export::Format;
use crate::sim::Scenario;

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
}

/// What came of a job.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The export's code, or why there is none.
    Export { code: Result<String, String> },
}

/// A job with the number its answer comes back under.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    pub id: u32,
    pub job: Job,
}

/// A job's outcome, under the request's number.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    pub id: u32,
    pub outcome: Outcome,
}

/// Does a job.
pub fn run(job: Job) -> Outcome {
    match job {
        Job::Export { scenario, format } => Outcome::Export {
            code: Scenario::from_json(&scenario)
                .map(|scenario| format.export(&scenario))
                .map_err(|errors| {
                    errors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; ")
                }),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::presets::PRESETS;

    #[test]
    fn an_export_job_writes_what_the_exporter_writes() {
        let scenario = Scenario::from_json(PRESETS[0].json).unwrap();
        let Outcome::Export { code } = run(Job::Export {
            scenario: PRESETS[0].json.to_owned(),
            format: Format::CloudFormation,
        });
        assert_eq!(code.unwrap(), Format::CloudFormation.export(&scenario));
        let Outcome::Export { code } = run(Job::Export {
            scenario: "{".to_owned(),
            format: Format::Boto3,
        });
        assert!(code.unwrap_err().starts_with("(scenario): EOF"));
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
