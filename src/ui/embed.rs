//! The embed player's options, read from the page address's query string.
//!
//! `index.html?embed` shows a chrome-less player for documentation pages; the scenario comes
//! from a share link's fragment as usual. Options:
//!
//! ```text
//! embed                     the player instead of the whole app (required)
//! autoplay                  start playing at once
//! loop                      at the stop time, go back to the start and go on
//! start=SECONDS             open at this moment (default 0)
//! stop=SECONDS              stop (or loop) here (default: the scenario's end)
//! speed=FACTOR|max          0.1 ... 1000, or max for as fast as possible (default 1)
//! panels=controls,topology,chart,lesson   which parts show, in that order (default the
//!                           first three; `lesson` is the scenario's guided lesson, if it has one)
//! readonly                  no live commands from the keyboard
//! ```
//!
//! A host page drives a player with `postMessage` (see `static/embed-example.html`).

use super::playback::Speed;
use crate::sim::SimTime;

/// The parts a player can show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    Topology,
    Chart,
    Controls,
    Lesson,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EmbedOptions {
    pub autoplay: bool,
    pub looped: bool,
    pub start: SimTime,
    pub stop: Option<SimTime>,
    pub speed: Speed,
    pub panels: Vec<Panel>,
    pub read_only: bool,
}

impl Default for EmbedOptions {
    /// A player that shows everything, paused at the start, at real time.
    fn default() -> EmbedOptions {
        EmbedOptions {
            autoplay: false,
            looped: false,
            start: SimTime::ZERO,
            stop: None,
            speed: Speed::REAL_TIME,
            panels: vec![Panel::Controls, Panel::Topology, Panel::Chart],
            read_only: false,
        }
    }
}

/// Reads a query string (with or without `?`): `None` unless it asks for `embed`, else the
/// options or why they cannot be read.
pub fn parse(query: &str) -> Option<Result<EmbedOptions, String>> {
    let query = query.strip_prefix('?').unwrap_or(query);
    let members: Vec<(&str, Option<&str>)> = query
        .split('&')
        .filter(|m| !m.is_empty())
        .map(|m| match m.split_once('=') {
            Some((k, v)) => (k, Some(v)),
            None => (m, None),
        })
        .collect();
    members
        .iter()
        .any(|(k, _)| *k == "embed")
        .then(|| read(&members))
}

/// The options of an embed query's members.
fn read(members: &[(&str, Option<&str>)]) -> Result<EmbedOptions, String> {
    let mut options = EmbedOptions::default();
    let seconds = |name: &str, value: Option<&str>| {
        value
            .and_then(crate::decimal::parse)
            .and_then(SimTime::from_seconds)
            .ok_or_else(|| format!("{name}: must be a number of seconds, 0 or more"))
    };
    for &(name, value) in members {
        match name {
            "embed" => {}
            "autoplay" => options.autoplay = true,
            "loop" => options.looped = true,
            "readonly" => options.read_only = true,
            "start" => options.start = seconds(name, value)?,
            "stop" => options.stop = Some(seconds(name, value)?),
            "speed" => {
                options.speed = match value {
                    Some("max") => Speed::AS_FAST_AS_POSSIBLE,
                    _ => value
                        .and_then(crate::decimal::parse)
                        .and_then(Speed::from_factor)
                        .filter(|s| !s.is_unpaced())
                        .ok_or_else(|| {
                            let factors: Vec<String> = Speed::CHOICES
                                .iter()
                                .filter(|s| !s.is_unpaced())
                                .map(|s| s.factor().to_string())
                                .collect();
                            format!("speed: one of {} or max", factors.join(", "))
                        })?,
                }
            }
            "panels" => {
                options.panels = value
                    .unwrap_or_default()
                    .split(',')
                    .map(|p| match p {
                        "topology" => Ok(Panel::Topology),
                        "chart" => Ok(Panel::Chart),
                        "controls" => Ok(Panel::Controls),
                        "lesson" => Ok(Panel::Lesson),
                        other => Err(format!(
                            "panels: \"{other}\" is not one of topology, chart, controls, lesson"
                        )),
                    })
                    .collect::<Result<_, _>>()?;
            }
            other => {
                return Err(format!(
                    "{other}: not an option (embed, autoplay, loop, start, stop, speed, panels, readonly)"
                ))
            }
        }
    }
    if options.stop.is_some_and(|stop| stop <= options.start) {
        return Err("stop: must come after start".to_owned());
    }
    Ok(options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_embed_it_is_the_whole_app() {
        assert_eq!(parse(""), None);
        assert_eq!(parse("?autoplay"), None);
    }

    #[test]
    fn every_option_is_read() {
        let options = parse(
            "?embed&autoplay&loop&start=30&stop=90.5&speed=10&panels=chart,topology,lesson&readonly",
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            options,
            EmbedOptions {
                autoplay: true,
                looped: true,
                start: SimTime(30_000),
                stop: Some(SimTime(90_500)),
                speed: Speed::from_factor(10.0).unwrap(),
                panels: vec![Panel::Chart, Panel::Topology, Panel::Lesson],
                read_only: true,
            }
        );
        assert!(!options.panels.contains(&Panel::Controls));
        let defaults = parse("embed").unwrap().unwrap();
        assert_eq!(defaults.speed, Speed::REAL_TIME);
        assert!(defaults.panels.contains(&Panel::Controls) && !defaults.autoplay);
        assert_eq!(
            parse("?embed&speed=max").unwrap().unwrap().speed,
            Speed::AS_FAST_AS_POSSIBLE
        );
    }

    #[test]
    fn a_bad_option_is_named_with_the_reason() {
        let cases = [
            ("?embed&speed=3", "speed: one of 0.1, 0.25"),
            ("?embed&start=soon", "start: must be a number of seconds"),
            (
                "?embed&panels=topology,log",
                "panels: \"log\" is not one of",
            ),
            ("?embed&autoplya", "autoplya: not an option"),
            ("?embed&start=60&stop=30", "stop: must come after start"),
        ];
        for (query, expected) in cases {
            let error = parse(query).unwrap().unwrap_err();
            assert!(error.starts_with(expected), "{query}: {error}");
        }
    }
}
