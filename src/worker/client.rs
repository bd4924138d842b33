//! The page's side of the worker: starts it when first asked, holds requests until it says it
//! is ready, and hands each outcome to the callback its job came with.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Worker};

use super::jobs::{Job, Outcome, Reply, Request, READY};

/// The worker's loader, as Trunk writes it (index.html's worker link asks for the shim).
const SCRIPT: &str = "./sqs-sim-worker_loader.js";

/// What a job's callback gets: the outcome, or why the worker could not give one.
pub type Answer = Result<Outcome, String>;

#[derive(Default)]
struct Inner {
    worker: Option<Worker>,
    ready: bool,
    /// Requests made before the worker was ready.
    waiting: Vec<JsValue>,
    answers: BTreeMap<u32, Box<dyn FnOnce(Answer)>>,
    next: u32,
    /// The worker's handlers, kept as long as it lives.
    handlers: Vec<Closure<dyn FnMut(JsValue)>>,
}

/// The page's worker (cheap to clone: one worker for the page).
#[derive(Clone, Default)]
pub struct Workers(Rc<RefCell<Inner>>);

/// The same worker when it is the same handle (for component props).
impl PartialEq for Workers {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Workers {
    /// Sends `job` to the worker (starting it if need be); `answer` gets its outcome.
    pub fn submit(&self, job: Job, answer: impl FnOnce(Answer) + 'static) {
        if self.0.borrow().worker.is_none() {
            if let Err(why) = self.start() {
                answer(Err(why));
                return;
            }
        }
        let mut inner = self.0.borrow_mut();
        let id = inner.next;
        inner.next += 1;
        let Ok(message) = serde_wasm_bindgen::to_value(&Request { id, job }) else {
            drop(inner);
            answer(Err("the job could not be written for the worker".to_owned()));
            return;
        };
        inner.answers.insert(id, Box::new(answer));
        match (&inner.worker, inner.ready) {
            (Some(worker), true) => {
                let _ = worker.post_message(&message);
            }
            _ => inner.waiting.push(message),
        }
    }

    fn start(&self) -> Result<(), String> {
        let worker = Worker::new(SCRIPT)
            .map_err(|_| "this browser could not start a Web Worker".to_owned())?;
        let on = |inner: &Rc<RefCell<Inner>>, act: fn(&Workers, JsValue)| {
            let weak = Rc::downgrade(inner);
            Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                if let Some(inner) = weak.upgrade() {
                    act(&Workers(inner), event);
                }
            })
        };
        let on_message = on(&self.0, |workers, event| {
            if let Some(event) = event.dyn_ref::<MessageEvent>() {
                workers.receive(event.data());
            }
        });
        let on_error = on(&self.0, |workers, _| {
            workers.fail("the worker stopped (it could not load, or it crashed)")
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let mut inner = self.0.borrow_mut();
        inner.worker = Some(worker);
        inner.handlers = vec![on_message, on_error];
        Ok(())
    }

    fn receive(&self, data: JsValue) {
        if data.as_string().as_deref() == Some(READY) {
            let mut inner = self.0.borrow_mut();
            inner.ready = true;
            let waiting = std::mem::take(&mut inner.waiting);
            if let Some(worker) = &inner.worker {
                for message in waiting {
                    let _ = worker.post_message(&message);
                }
            }
            return;
        }
        let Ok(reply) = serde_wasm_bindgen::from_value::<Reply>(data) else {
            return;
        };
        // The callback may submit another job: it runs with nothing borrowed.
        let answer = self.0.borrow_mut().answers.remove(&reply.id);
        if let Some(answer) = answer {
            answer(Ok(reply.outcome));
        }
    }

    /// Every waiting job learns why it will not be done; the next job starts a new worker.
    fn fail(&self, why: &str) {
        let answers = {
            let mut inner = self.0.borrow_mut();
            if let Some(worker) = inner.worker.take() {
                worker.terminate();
            }
            inner.ready = false;
            inner.waiting.clear();
            std::mem::take(&mut inner.answers)
        };
        for (_, answer) in answers {
            answer(Err(why.to_owned()));
        }
    }
}
