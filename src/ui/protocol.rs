//! The page's `postMessage` protocol, version 1: how a host page drives an embedded player
//! (or any sqs-sim page it frames) and hears back from it.
//!
//! Every message either way is an object whose `sqs-sim` member is the protocol's version;
//! messages without that member are someone else's and are ignored (a page gets messages from
//! many sources). A request may carry an `id` (any JSON value), echoed in its reply.
//!
//! ```js
//! // host → player
//! { 'sqs-sim': 1, type: 'play' }                 // answered { type: 'done', request: 'play' }
//! { 'sqs-sim': 1, type: 'pause' }
//! { 'sqs-sim': 1, type: 'seek', seconds: 30 }
//! { 'sqs-sim': 1, type: 'read', id: 7 }          // answered { type: 'state', id: 7, ...state }
//! { 'sqs-sim': 1, type: 'subscribe', ticks_per_second: 2, events: ['tick', 'lesson_step', 'check', 'ended'] }
//! { 'sqs-sim': 1, type: 'unsubscribe' }
//! // player → host
//! { 'sqs-sim': 1, type: 'ready' }                 // to the parent page, once, when it starts
//! { 'sqs-sim': 1, type: 'state' | 'tick' | 'ended', seconds, end_seconds, playing,
//!   messages_sent, messages_deleted, moved_to_dlq, messages_in_queues }
//! { 'sqs-sim': 1, type: 'lesson_step', step, steps, text }
//! { 'sqs-sim': 1, type: 'check', name, metric, passed }
//! { 'sqs-sim': 1, type: 'error', error }          // what was wrong with a request
//! ```
//!
//! The requests and posts are serde types, read from and written to JavaScript objects
//! through their JSON text, and read and written as JSON in the native tests. The player only reads and moves its own clock, so any page may drive it.

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Window};

use crate::sim::{SimTime, Snapshot};

/// The protocol version this build speaks.
pub const VERSION: u32 = 1;
/// The member that marks the protocol's messages.
const KEY: &str = "sqs-sim";
/// Ticks a second when a subscription does not say, and the most it may ask for.
const DEFAULT_TICKS: f64 = 1.0;
const MAX_TICKS: f64 = 60.0;

/// A request as a host writes it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Message {
    #[serde(rename = "sqs-sim")]
    pub version: u32,
    #[serde(rename = "type")]
    pub kind: Kind,
    /// Echoed in the reply (read from the object as it came, any value).
    #[serde(default, rename = "id")]
    _id: IgnoredAny,
    #[serde(default)]
    seconds: Option<f64>,
    #[serde(default)]
    ticks_per_second: Option<f64>,
    #[serde(default)]
    events: Option<Vec<EventKind>>,
}

/// What a request asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Play,
    Pause,
    Seek,
    Read,
    Subscribe,
    Unsubscribe,
}

impl Kind {
    /// The request's `type`, as a host writes it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Play => "play",
            Kind::Pause => "pause",
            Kind::Seek => "seek",
            Kind::Read => "read",
            Kind::Subscribe => "subscribe",
            Kind::Unsubscribe => "unsubscribe",
        }
    }
}

/// The events a host can subscribe to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// The clock, at the subscription's rate, while playing.
    Tick,
    /// A guided lesson's step was reached.
    LessonStep,
    /// A check of the scenario started or stopped passing.
    Check,
    /// The run reached its end.
    Ended,
}

/// A valid request.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    Play,
    Pause,
    Seek(SimTime),
    Read,
    Subscribe(Subscription),
    Unsubscribe,
}

/// What a host subscribed to.
#[derive(Clone, Debug, PartialEq)]
pub struct Subscription {
    /// Wall milliseconds between ticks.
    pub tick_ms: u32,
    pub events: Vec<EventKind>,
}

impl Message {
    /// The request, or what is wrong with it (in words a host's developer can act on).
    pub fn request(&self) -> Result<Request, String> {
        if self.version != VERSION {
            return Err(format!(
                "this player speaks version {VERSION} of the sqs-sim protocol, not {}",
                self.version
            ));
        }
        let stray = |member: &str, present: bool| {
            if present {
                Err(format!(
                    "{member}: not a member of a {} request",
                    self.kind.name()
                ))
            } else {
                Ok(())
            }
        };
        if self.kind != Kind::Seek {
            stray("seconds", self.seconds.is_some())?;
        }
        if self.kind != Kind::Subscribe {
            stray("ticks_per_second", self.ticks_per_second.is_some())?;
            stray("events", self.events.is_some())?;
        }
        Ok(match self.kind {
            Kind::Play => Request::Play,
            Kind::Pause => Request::Pause,
            Kind::Read => Request::Read,
            Kind::Unsubscribe => Request::Unsubscribe,
            Kind::Seek => {
                let seconds = self.seconds.ok_or("seconds: missing (a seek needs it)")?;
                Request::Seek(SimTime::from_seconds(seconds).ok_or_else(|| {
                    format!("seconds: {seconds} is not a moment of a run (a number >= 0)")
                })?)
            }
            Kind::Subscribe => {
                let ticks = self.ticks_per_second.unwrap_or(DEFAULT_TICKS);
                if !(ticks > 0.0 && ticks <= MAX_TICKS) {
                    return Err(format!(
                        "ticks_per_second: {ticks} is not between 0 (excluded) and {MAX_TICKS}"
                    ));
                }
                Request::Subscribe(Subscription {
                    tick_ms: (1000.0 / ticks).round() as u32,
                    events: self.events.clone().unwrap_or_else(|| {
                        vec![
                            EventKind::Tick,
                            EventKind::LessonStep,
                            EventKind::Check,
                            EventKind::Ended,
                        ]
                    }),
                })
            }
        })
    }
}

/// The run's state, as `read` is answered and `tick` and `ended` carry it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct State {
    pub seconds: f64,
    pub end_seconds: f64,
    pub playing: bool,
    pub messages_sent: u64,
    pub messages_deleted: u64,
    pub moved_to_dlq: u64,
    pub messages_in_queues: u64,
}

impl State {
    pub fn of(now: SimTime, end: SimTime, playing: bool, snapshot: &Snapshot) -> State {
        let summary = &snapshot.summary;
        State {
            seconds: now.as_millis() as f64 / 1000.0,
            end_seconds: end.as_millis() as f64 / 1000.0,
            playing,
            messages_sent: summary.messages_sent,
            messages_deleted: summary.messages_deleted,
            moved_to_dlq: summary.moved_to_dlq,
            messages_in_queues: snapshot.messages_in_queues() as u64,
        }
    }
}

/// What the player posts to a host.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Post {
    /// The player has started and listens (sent to the parent page of a framed player).
    Ready,
    State(State),
    /// A request was carried out.
    Done {
        request: Kind,
    },
    Error {
        error: String,
    },
    Tick(State),
    LessonStep {
        step: usize,
        steps: usize,
        text: String,
    },
    Check {
        name: String,
        metric: String,
        passed: bool,
    },
    Ended(State),
}

/// A message from a window, for this protocol: its sender, its `id`, and the request or what
/// is wrong with it. `None` for messages that are not this protocol's, or whose sender cannot
/// be answered.
pub fn receive(event: &MessageEvent) -> Option<(Window, JsValue, Result<Request, String>)> {
    let data = event.data();
    if !data.is_object() || !js_sys::Reflect::has(&data, &KEY.into()).unwrap_or(false) {
        return None;
    }
    // The host's window belongs to another realm, where `instanceof Window` is false: a source
    // with a `parent` is a window (the alternatives are ports and workers).
    let source = event.source()?;
    if !js_sys::Reflect::has(&source, &"parent".into()).unwrap_or(false) {
        return None;
    }
    let id = js_sys::Reflect::get(&data, &"id".into()).unwrap_or(JsValue::UNDEFINED);
    Some((source.unchecked_into(), id, read(&data)))
}

/// A host's message object as a request, or what is wrong with it. Read through its JSON
/// text, as the page reads everything else: one deserialiser to download.
pub fn read(data: &JsValue) -> Result<Request, String> {
    let text = js_sys::JSON::stringify(data)
        .ok()
        .and_then(|t| t.as_string())
        .unwrap_or_default();
    serde_json::from_str::<Message>(&text)
        .map_err(|e| e.to_string())
        .and_then(|message| message.request())
}

/// A post as the plain object the host receives (through its JSON text, as `read`).
pub fn object(post: &Post) -> Option<JsValue> {
    let text = serde_json::to_string(post).ok()?;
    js_sys::JSON::parse(&text).ok()
}

/// Tells the page that frames this one, if any, that it is ready for requests.
pub fn announce() {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(Some(parent)) = window.parent() {
        if parent != window {
            post(&parent, &JsValue::UNDEFINED, &Post::Ready);
        }
    }
}

/// Posts to `host`, with the protocol's version and the request's `id` if it had one.
pub fn post(host: &Window, id: &JsValue, post: &Post) {
    let Some(object) = object(post) else {
        return;
    };
    let _ = js_sys::Reflect::set(&object, &KEY.into(), &VERSION.into());
    if !id.is_undefined() {
        let _ = js_sys::Reflect::set(&object, &"id".into(), id);
    }
    let _ = host.post_message(&object, "*");
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request(value: serde_json::Value) -> Result<Request, String> {
        serde_json::from_value::<Message>(value)
            .map_err(|e| e.to_string())
            .and_then(|m| m.request())
    }

    #[test]
    fn requests_read_with_their_members() {
        assert_eq!(
            request(json!({"sqs-sim": 1, "type": "play"})),
            Ok(Request::Play)
        );
        assert_eq!(
            request(json!({"sqs-sim": 1, "type": "seek", "seconds": 2.5, "id": "a"})),
            Ok(Request::Seek(SimTime::from_seconds(2.5).unwrap()))
        );
        assert_eq!(
            request(
                json!({"sqs-sim": 1, "type": "subscribe", "ticks_per_second": 4, "events": ["tick", "ended"]})
            ),
            Ok(Request::Subscribe(Subscription {
                tick_ms: 250,
                events: vec![EventKind::Tick, EventKind::Ended]
            }))
        );
        let Ok(Request::Subscribe(all)) = request(json!({"sqs-sim": 1, "type": "subscribe"}))
        else {
            panic!("a bare subscribe reads");
        };
        assert_eq!(all.events.len(), 4);
        assert_eq!(all.tick_ms, 1000);
    }

    #[test]
    fn malformed_requests_say_what_is_wrong() {
        let error = |value| request(value).unwrap_err();
        assert!(error(json!({"sqs-sim": 2, "type": "play"})).contains("version 1"));
        assert!(error(json!({"sqs-sim": 1, "type": "jump"})).contains("unknown variant `jump`"));
        assert!(error(json!({"sqs-sim": 1})).contains("missing field `type`"));
        assert_eq!(
            error(json!({"sqs-sim": 1, "type": "seek"})),
            "seconds: missing (a seek needs it)"
        );
        assert!(
            error(json!({"sqs-sim": 1, "type": "seek", "seconds": -1})).starts_with("seconds: -1")
        );
        assert!(error(json!({"sqs-sim": 1, "type": "play", "seconds": 3}))
            .starts_with("seconds: not a member of a play request"));
        assert!(
            error(json!({"sqs-sim": 1, "type": "play", "colour": "red"}))
                .contains("unknown field `colour`")
        );
        assert!(
            error(json!({"sqs-sim": 1, "type": "subscribe", "ticks_per_second": 0}))
                .starts_with("ticks_per_second")
        );
        assert!(
            error(json!({"sqs-sim": 1, "type": "subscribe", "events": ["boom"]}))
                .contains("unknown variant `boom`")
        );
    }

    #[test]
    fn posts_carry_their_type_and_members() {
        let state = State {
            seconds: 1.5,
            end_seconds: 60.0,
            playing: true,
            messages_sent: 3,
            messages_deleted: 2,
            moved_to_dlq: 0,
            messages_in_queues: 1,
        };
        assert_eq!(
            serde_json::to_value(Post::Tick(state)).unwrap(),
            json!({"type": "tick", "seconds": 1.5, "end_seconds": 60.0, "playing": true,
                   "messages_sent": 3, "messages_deleted": 2, "moved_to_dlq": 0, "messages_in_queues": 1})
        );
        assert_eq!(
            serde_json::to_value(Post::Done {
                request: Kind::Seek
            })
            .unwrap(),
            json!({"type": "done", "request": "seek"})
        );
    }
}
