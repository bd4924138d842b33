//! The app's side of the postMessage protocol (`ui::protocol`): what it tells a subscribed
//! host page.

use super::App;
use crate::ui::protocol::{self, EventKind, Post};

impl App {
    /// The run's state as the protocol tells it.
    pub(super) fn state(&self) -> protocol::State {
        protocol::State::of(
            self.session.now(),
            self.end(),
            self.playback.is_playing(),
            &self.snapshot,
        )
    }

    /// Posts an event to the subscribed host, if it asked for this kind.
    pub(super) fn tell(&self, kind: EventKind, post: impl FnOnce() -> Post) {
        if let Some((host, subscription, _)) = &self.host {
            if subscription.events.contains(&kind) {
                protocol::post(host, &wasm_bindgen::JsValue::UNDEFINED, &post());
            }
        }
    }

    /// Tells the subscribed host of each check that started or stopped passing.
    pub(super) fn tell_checks(&mut self) {
        if self.host.is_none() {
            return;
        }
        let lines = self.check_lines();
        self.told_checks.resize(lines.len(), None);
        for (i, line) in lines.iter().enumerate() {
            let passed = line.verdict.as_ref().map(|v| v.passed);
            if passed.is_some() && passed != self.told_checks[i] {
                self.told_checks[i] = passed;
                self.tell(EventKind::Check, || Post::Check {
                    name: line.expects.clone(),
                    metric: line.metric.clone(),
                    passed: passed == Some(true),
                });
            }
        }
    }
}
