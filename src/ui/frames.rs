//! The animation-frame driver: the one place in the crate that reads the wall clock.
//!
//! A single closure lives as long as the driver and is handed to `requestAnimationFrame`
//! again and again; at most one frame is outstanding at a time. "As fast as possible" asks for
//! a task instead (a message to itself on a `MessageChannel`): an animation frame would leave
//! the rest of each 16.7 ms display frame idle once the work is done, while a task runs as soon
//! as the browser has handled input and painted. Pausing does not cancel the
//! outstanding frame: it fires once more and the app ignores it. This avoids
//! `cancelAnimationFrame` altogether, whose handle web-sys types as `i32` even though browsers
//! (and test clocks) may hand out larger ids; a cancel that misses would invoke a freed closure.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use yew::Callback;

/// The page's clock in milliseconds (`performance.now()`), for frame budgets.
pub fn wall_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

pub struct FrameDriver {
    /// `Some` for the driver's whole life; taken only in `drop`.
    closure: Option<Closure<dyn FnMut(f64)>>,
    /// The channel whose messages run the tasks, and its handler (kept alive with it).
    tasks: Option<(web_sys::MessageChannel, Closure<dyn FnMut()>)>,
    /// True while a requested frame or task has not run yet.
    outstanding: Rc<Cell<bool>>,
}

impl FrameDriver {
    /// A driver that calls `on_frame` with each frame's timestamp (ms, the page's clock).
    pub fn new(on_frame: Callback<f64>) -> FrameDriver {
        let outstanding = Rc::new(Cell::new(false));
        let flag = outstanding.clone();
        let on_task = on_frame.clone();
        let closure = Closure::<dyn FnMut(f64)>::new(move |wall_ms: f64| {
            flag.set(false);
            on_frame.emit(wall_ms);
        });
        let flag = outstanding.clone();
        let task = Closure::<dyn FnMut()>::new(move || {
            flag.set(false);
            on_task.emit(wall_ms());
        });
        let tasks = web_sys::MessageChannel::new().ok().map(|channel| {
            channel
                .port1()
                .set_onmessage(Some(task.as_ref().unchecked_ref()));
            (channel, task)
        });
        FrameDriver {
            closure: Some(closure),
            tasks,
            outstanding,
        }
    }

    /// Asks for a call as soon as the browser is free (a task), unless a frame or task is
    /// already on its way. Falls back to an animation frame if there is no channel.
    pub fn request_task(&self) {
        if self.outstanding.get() {
            return;
        }
        match &self.tasks {
            Some((channel, _)) if channel.port2().post_message(&JsValue::NULL).is_ok() => {
                self.outstanding.set(true);
            }
            _ => self.request(),
        }
    }

    /// Asks for one more frame, unless one is already on its way.
    pub fn request(&self) {
        if self.outstanding.get() {
            return;
        }
        let (Some(window), Some(closure)) = (web_sys::window(), self.closure.as_ref()) else {
            return;
        };
        if window
            .request_animation_frame(closure.as_ref().unchecked_ref())
            .is_ok()
        {
            self.outstanding.set(true);
        }
    }
}

impl Drop for FrameDriver {
    fn drop(&mut self) {
        // A frame still on its way would call a freed closure; leak it instead (this only
        // happens when the whole app is torn down).
        if let Some(closure) = self.closure.take() {
            if self.outstanding.get() {
                closure.forget();
            }
        }
        if let Some((channel, task)) = self.tasks.take() {
            channel.port1().set_onmessage(None);
            drop(task);
        }
    }
}
