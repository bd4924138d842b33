//! The worker's side: reads each request, does its job, posts the outcome under the request's
//! number. Its first message says it is ready.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use super::jobs::{run, Reply, Request, READY};

/// Listens for jobs until the page ends the worker.
pub fn start() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        // The page and this worker ship together: a request that does not read is a bug in
        // the pair, and the page learns of it when the worker reports an error instead.
        let text = event.data().as_string().unwrap_or_default();
        let request: Request = serde_json::from_str(&text).expect("the page's requests read");
        let reply = Reply {
            id: request.id,
            outcome: run(request.job),
        };
        if let Ok(message) = serde_json::to_string(&reply) {
            let _ = replies.post_message(&message.into());
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let _ = scope.post_message(&READY.into());
}
