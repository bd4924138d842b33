//! Links that carry a whole run: the scenario, the seed and the clock position, in the URL's
//! fragment (never sent to a server), so that a link opens the same state anywhere.
//!
//! The fragment is a short query string, versioned by its first member:
//!
//! ```text
//! #v=1&seed=42&t=120.5&preset=dlq-hospital          a built-in scenario, by its file name
//! #v=1&seed=42&t=120.5&scenario=eyJ2ZXJzaW9uIjox...  any other scenario: compact JSON, base64url
//!     ...&commands=W3siYXRfc2Vjb25kcyI6...           the commands given live, if any
//! ```
//!
//! The commands given live (a crash, a burst, a purge...) travel with their instants, written
//! as a scenario's timeline writes commands (`{"at_seconds", "command"}`, JSON in base64url),
//! so that reading them back reuses the scenario reader's code. The link then opens the run
//! the person saw, not just the scenario it started from.
//!
//! A built-in scenario travels by name, so the common link is a few dozen characters. A
//! fragment without `v=` is not a share link (an ordinary anchor); one with a `v` this version
//! does not read is refused with a reason, never half-read.

use super::base64url;

use super::presets::{Preset, PRESETS};
use super::session::Session;
use crate::sim::{Command, Scenario, SimTime, TimedCommand};

/// The link format this version writes and reads.
pub const FORMAT: u32 = 1;

/// What a link carries.
#[derive(Clone, Debug, PartialEq)]
pub struct Shared {
    /// The scenario's JSON text.
    pub scenario: String,
    pub seed: u64,
    /// The clock position.
    pub at: SimTime,
    /// The commands given live, in order, each at its instant.
    pub commands: Vec<(SimTime, Command)>,
}

impl Shared {
    /// The run the link describes, given its scenario as parsed from `self.scenario`: the
    /// scenario and seed, the live commands given again at their instants (so each lands on
    /// the state it was given in), and the clock at `at`.
    pub fn session(&self, scenario: Scenario) -> Session {
        let mut session = Session::new(scenario, self.seed);
        let end = session.end();
        for (at, command) in &self.commands {
            session.seek((*at).min(end));
            // It worked when it was given, on the same state; a hand-made link may not.
            let _ = session.apply(command.clone());
        }
        session.seek(self.at.min(end));
        session
    }
}

/// Why a link cannot be opened: the member of the fragment and the reason.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("this link uses format {found}, and this version of sqs-sim reads format {FORMAT}{hint}", hint = if found.parse::<u32>().is_ok_and(|v| v > FORMAT) { " (it was made by a newer version)" } else { "" })]
    Format { found: String },
    #[error("{member}: missing")]
    Missing { member: &'static str },
    #[error("{member}: {reason}")]
    Invalid {
        member: &'static str,
        reason: String,
    },
    #[error("scenario: {0}")]
    Scenario(String),
}

/// The fragment (without `#`) for a run of `scenario` (JSON text) with `seed`, at `at`, with
/// the commands given live.
pub fn encode<'a>(
    scenario: &str,
    seed: u64,
    at: SimTime,
    commands: impl IntoIterator<Item = (SimTime, &'a Command)>,
) -> String {
    let mut fragment = format!("v={FORMAT}&seed={seed}&t={}", seconds(at));
    match Preset::of(scenario).map(|i| &PRESETS[i]) {
        Some(preset) => {
            fragment.push_str("&preset=");
            fragment.push_str(preset.id());
        }
        None => {
            // Compact JSON (no indentation); the text as written if it does not even parse.
            let compact = serde_json::from_str::<serde_json::Value>(scenario)
                .map(|value| value.to_string())
                .unwrap_or_else(|_| scenario.to_owned());
            fragment.push_str("&scenario=");
            fragment.push_str(&base64url::encode(compact.as_bytes()));
        }
    }
    let commands: Vec<TimedCommand> = commands
        .into_iter()
        .map(|(at, command)| TimedCommand {
            at_seconds: at.as_millis() as f64 / 1000.0,
            command: command.clone(),
        })
        .collect();
    if !commands.is_empty() {
        // Written as the scenario's timeline is (one serialiser for commands in the page's
        // download), then made compact.
        let pretty = serde_json::to_string_pretty(&commands).expect("commands serialise");
        let json = serde_json::from_str::<serde_json::Value>(&pretty)
            .expect("it reads back")
            .to_string();
        fragment.push_str("&commands=");
        fragment.push_str(&base64url::encode(json.as_bytes()));
    }
    fragment
}

/// Seconds with the millisecond, without trailing zeros.
fn seconds(at: SimTime) -> String {
    let (whole, ms) = (at.as_millis() / 1000, at.as_millis() % 1000);
    if ms == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{ms:03}").trim_end_matches('0').to_owned()
    }
}

/// Reads a fragment (with or without `#`). `Ok(None)` when it is not a share link at all.
pub fn decode(fragment: &str) -> Result<Option<Shared>, LinkError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let members: Vec<(&str, &str)> = fragment
        .split('&')
        .filter_map(|member| member.split_once('='))
        .collect();
    let get = |name: &str| members.iter().find(|(k, _)| *k == name).map(|(_, v)| *v);
    let Some(format) = get("v") else {
        return Ok(None);
    };
    if format != FORMAT.to_string() {
        return Err(LinkError::Format {
            found: format.to_owned(),
        });
    }
    let seed = get("seed")
        .ok_or(LinkError::Missing { member: "seed" })?
        .parse::<u64>()
        .map_err(|_| {
            invalid(
                "seed",
                "must be a whole number from 0 to 18446744073709551615",
            )
        })?;
    let at = match get("t") {
        None => SimTime::ZERO,
        Some(text) => crate::decimal::parse(text)
            .and_then(SimTime::from_seconds)
            .ok_or_else(|| invalid("t", "must be a number of seconds, 0 or more"))?,
    };
    let scenario = match (get("preset"), get("scenario")) {
        (Some(_), Some(_)) => {
            return Err(invalid(
                "preset",
                "a link names a preset or carries a scenario, not both",
            ))
        }
        (None, None) => return Err(LinkError::Missing { member: "scenario" }),
        (Some(id), None) => PRESETS
            .iter()
            .find(|p| p.id() == id)
            .ok_or_else(|| {
                invalid(
                    "preset",
                    &format!("no built-in scenario is called \"{id}\""),
                )
            })?
            .text()
            // The page fetches a preset a link names before it starts (`ui::start`).
            .ok_or_else(|| invalid("preset", &format!("\"{id}\" could not be loaded")))?
            .to_owned(),
        (None, Some(encoded)) => base64url_text("scenario", encoded)?,
    };
    if let Err(errors) = Scenario::from_json(&scenario) {
        let listed: Vec<String> = errors.iter().map(ToString::to_string).collect();
        return Err(LinkError::Scenario(listed.join("; ")));
    }
    let commands = match get("commands") {
        None => Vec::new(),
        Some(encoded) => {
            let text = base64url_text("commands", encoded)?;
            crate::sim::command::timed_commands_from_json(&text)
                .map_err(|e| invalid("commands", &e.to_string()))?
                .into_iter()
                .map(|c| (SimTime((c.at_seconds * 1000.0).round() as u64), c.command))
                .collect()
        }
    };
    Ok(Some(Shared {
        scenario,
        seed,
        at,
        commands,
    }))
}

/// The text a member carries in base64url.
fn base64url_text(member: &'static str, encoded: &str) -> Result<String, LinkError> {
    let bytes =
        base64url::decode(encoded).map_err(|e| invalid(member, &format!("not base64url: {e}")))?;
    String::from_utf8(bytes).map_err(|_| invalid(member, "not UTF-8 text"))
}

fn invalid(member: &'static str, reason: &str) -> LinkError {
    LinkError::Invalid {
        member,
        reason: reason.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CUSTOM: &str = r#"{
        "version": 1, "title": "Mine",
        "queues": [{"name": "jobs"}],
        "producers": [{"name": "p", "queue": "jobs", "arrival": {"kind": "poisson", "per_second": 2}}]
    }"#;

    #[test]
    fn a_preset_travels_by_name_and_comes_back_whole() {
        let preset = &PRESETS[2];
        let fragment = encode(preset.json(), 7, SimTime(120_500), []);
        assert_eq!(
            fragment,
            format!("v=1&seed=7&t=120.5&preset={}", preset.id())
        );
        let shared = decode(&format!("#{fragment}")).unwrap().unwrap();
        assert_eq!(
            shared,
            Shared {
                scenario: preset.json().to_owned(),
                seed: 7,
                at: SimTime(120_500),
                commands: Vec::new(),
            }
        );
    }

    #[test]
    fn any_other_scenario_travels_as_compact_json() {
        let fragment = encode(CUSTOM, u64::MAX, SimTime(3_000), []);
        assert!(
            fragment.starts_with("v=1&seed=18446744073709551615&t=3&scenario="),
            "{fragment}"
        );
        assert!(!fragment.contains(' ') && !fragment.contains('+') && !fragment.contains('/'));
        let shared = decode(&fragment).unwrap().unwrap();
        assert_eq!(shared.seed, u64::MAX);
        assert_eq!(shared.at, SimTime(3_000));
        assert_eq!(
            Scenario::from_json(&shared.scenario).unwrap(),
            Scenario::from_json(CUSTOM).unwrap()
        );
    }

    /// The session a decoded link opens, its scenario parsed as the page parses it.
    fn open(shared: &Shared) -> Session {
        shared.session(Scenario::from_json(&shared.scenario).unwrap())
    }

    #[test]
    fn a_link_opens_its_run_at_its_moment() {
        let shared = decode(&encode(PRESETS[0].json(), 5, SimTime(90_000), []))
            .unwrap()
            .unwrap();
        let opened = open(&shared);
        let mut original = Session::new(Scenario::from_json(PRESETS[0].json()).unwrap(), 5);
        original.seek(SimTime(90_000));
        assert_eq!(opened.now(), SimTime(90_000));
        assert_eq!(opened.snapshot(), original.snapshot());
        // A moment past the end opens at the end.
        let late = decode(&encode(PRESETS[0].json(), 5, SimTime(u64::MAX / 2), []))
            .unwrap()
            .unwrap();
        let late = open(&late);
        assert_eq!(late.now(), late.end());
    }

    #[test]
    fn live_commands_travel_and_the_link_opens_the_run_they_made() {
        let crash = Command::CrashConsumers {
            consumer: "order-processor".into(),
            count: 1,
            restart_after_seconds: 5.0,
        };
        let burst = Command::SendMessages {
            queue: "orders".into(),
            count: 100,
            poison: true,
        };
        let given = [(SimTime(60_000), &crash), (SimTime(61_250), &burst)];
        let fragment = encode(PRESETS[0].json(), 1, SimTime(90_000), given);
        assert!(fragment.contains("&commands="), "{fragment}");
        let shared = decode(&fragment).unwrap().unwrap();
        assert_eq!(
            shared.commands,
            vec![(SimTime(60_000), crash), (SimTime(61_250), burst)]
        );
        // The run it opens is the one that was shared, commands and all.
        let mut original = Session::new(Scenario::from_json(PRESETS[0].json()).unwrap(), 1);
        for (at, command) in &shared.commands {
            original.seek(*at);
            original.apply(command.clone()).unwrap();
        }
        original.seek(SimTime(90_000));
        let opened = open(&shared);
        assert_eq!(opened.now(), SimTime(90_000));
        assert_eq!(opened.snapshot(), original.snapshot());
        let mut without = Session::new(Scenario::from_json(PRESETS[0].json()).unwrap(), 1);
        without.seek(SimTime(90_000));
        let sent = |s: &Session| s.snapshot().summary.messages_sent;
        // The burst of 100 is in the run (arrivals differ a little: the crash draws on the RNG).
        let (with_commands, plain) = (sent(&opened), sent(&without));
        assert!(with_commands > plain + 50, "{with_commands} vs {plain}");
        let garbled = fragment.replace("&commands=", "&commands=e30");
        let error = decode(&garbled).unwrap_err().to_string();
        assert!(error.starts_with("commands: "), "{error}");
    }

    #[test]
    fn a_fragment_without_a_format_is_not_a_link() {
        assert_eq!(decode(""), Ok(None));
        assert_eq!(decode("#charts"), Ok(None));
    }

    #[test]
    fn a_link_this_version_cannot_read_says_why() {
        let newer = decode("v=2&seed=1&preset=order-processing").unwrap_err();
        assert_eq!(newer, LinkError::Format { found: "2".into() });
        assert!(
            newer.to_string().contains("made by a newer version"),
            "{newer}"
        );
        let cases = [
            ("v=1&preset=order-processing", "seed: missing"),
            (
                "v=1&seed=-3&preset=order-processing",
                "seed: must be a whole number",
            ),
            (
                "v=1&seed=1&t=soon&preset=order-processing",
                "t: must be a number of seconds",
            ),
            (
                "v=1&seed=1&preset=nope",
                "preset: no built-in scenario is called \"nope\"",
            ),
            ("v=1&seed=1", "scenario: missing"),
            ("v=1&seed=1&scenario=%%%", "scenario: not base64url"),
        ];
        for (fragment, expected) in cases {
            let error = decode(fragment).unwrap_err().to_string();
            assert!(error.starts_with(expected), "{fragment}: {error}");
        }
        // A scenario that decodes but does not validate names the path inside it.
        let bad = CUSTOM.replace("\"poisson\"", "\"sometimes\"");
        let fragment = format!("v=1&seed=1&scenario={}", base64url::encode(bad.as_bytes()));
        let error = decode(&fragment).unwrap_err().to_string();
        assert!(
            error.starts_with("scenario: producers[0].arrival"),
            "{error}"
        );
    }
}
