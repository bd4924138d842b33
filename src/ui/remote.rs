//! The embed player's `postMessage` API: a host page plays, pauses, seeks and reads counters.
//!
//! A request is an object with an `sqs-sim` member naming what to do:
//!
//! ```js
//! player.contentWindow.postMessage({ 'sqs-sim': 'play' }, '*');
//! player.contentWindow.postMessage({ 'sqs-sim': 'pause' }, '*');
//! player.contentWindow.postMessage({ 'sqs-sim': 'seek', seconds: 30 }, '*');
//! player.contentWindow.postMessage({ 'sqs-sim': 'read' }, '*');
//! // answered with { 'sqs-sim': 'state', seconds, playing, messages_sent, messages_deleted,
//! //                 moved_to_dlq, messages_in_queues } posted back to the asking window
//! ```
//!
//! Anything else is ignored: pages get messages from many sources. The player only reads
//! and moves its own clock, so any page may drive it.

use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Window};

use crate::sim::{SimTime, Snapshot};

/// The name of the member that marks this API's messages.
const KEY: &str = "sqs-sim";

/// What a host page asks of a player.
pub enum Remote {
    Play,
    Pause,
    Seek(SimTime),
    /// Post the player's state back to this window.
    Read(Window),
}

/// The request a message carries, if it is one.
pub fn request(event: &MessageEvent) -> Option<Remote> {
    let data = event.data();
    let verb = Reflect::get(&data, &KEY.into()).ok()?.as_string()?;
    match verb.as_str() {
        "play" => Some(Remote::Play),
        "pause" => Some(Remote::Pause),
        "seek" => {
            let seconds = Reflect::get(&data, &"seconds".into()).ok()?.as_f64()?;
            SimTime::from_seconds(seconds).map(Remote::Seek)
        }
        // The host's window belongs to another realm, where `instanceof Window` is false: a
        // source with a `parent` is a window (the alternatives are ports and workers).
        "read" => {
            let source = event.source()?;
            Reflect::has(&source, &"parent".into())
                .unwrap_or(false)
                .then(|| Remote::Read(source.unchecked_into::<Window>()))
        }
        _ => None,
    }
}

/// Posts the player's state to `host`.
pub fn answer(host: &Window, now: SimTime, playing: bool, snapshot: &Snapshot) {
    let state = Object::new();
    let summary = &snapshot.summary;
    let members: [(&str, JsValue); 7] = [
        (KEY, "state".into()),
        ("seconds", (now.as_millis() as f64 / 1000.0).into()),
        ("playing", playing.into()),
        ("messages_sent", (summary.messages_sent as f64).into()),
        ("messages_deleted", (summary.messages_deleted as f64).into()),
        ("moved_to_dlq", (summary.moved_to_dlq as f64).into()),
        (
            "messages_in_queues",
            (snapshot.messages_in_queues() as f64).into(),
        ),
    ];
    for (name, value) in members {
        let _ = Reflect::set(&state, &name.into(), &value);
    }
    let _ = host.post_message(&state, "*");
}
