//! The page's side of the workers: a pool that starts its workers when first asked, gives each
//! idle one the next job once it says it is ready, and hands each outcome to the callback its
//! job came with.
//!
//! Jobs wait in the page, not in the workers' message queues: a worker gets its next job when it
//! answers the last one, so a slow run does not hold back jobs another worker could do, and
//! Cancel only has to end the workers and forget what waits.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Worker};

use super::jobs::{Job, Outcome, Reply, Request, READY};

/// The worker's loader, as Trunk writes it (index.html's worker link asks for the shim).
const SCRIPT: &str = "./sqs-sim-worker_loader.js";

/// What a job's callback gets: the outcome, or why no worker could give one.
pub type Answer = Result<Outcome, String>;

type Callback = Box<dyn FnOnce(Answer)>;

/// A worker's message or error handler.
type Handler = Closure<dyn FnMut(JsValue)>;

/// A job that waits for a worker: its number, its message, its callback.
struct Waiting {
    id: u32,
    message: JsValue,
    answer: Callback,
}

/// One worker of the pool.
#[derive(Default)]
struct Slot {
    worker: Option<Worker>,
    /// It has loaded and listens (a message sent before is lost).
    ready: bool,
    /// The job it is doing.
    doing: Option<(u32, Callback)>,
    /// Its handlers, kept as long as it lives.
    handlers: Vec<Handler>,
}

impl Slot {
    /// Ends the worker. Its handlers are leaked, not dropped: this may run inside one of them
    /// (a worker's error), and a closure must not be freed while it runs; two small closures a
    /// stopped worker is a fair price.
    fn retire(&mut self) {
        if let Some(worker) = self.worker.take() {
            worker.terminate();
        }
        self.ready = false;
        for handler in self.handlers.drain(..) {
            handler.forget();
        }
    }
}

struct Pool {
    slots: Vec<Slot>,
    waiting: VecDeque<Waiting>,
    next: u32,
}

/// A pool of workers (cheap to clone: clones share it).
#[derive(Clone)]
pub struct Workers(Rc<RefCell<Pool>>);

/// One worker: the exports and comparisons need no more.
impl Default for Workers {
    fn default() -> Self {
        Workers::new(1)
    }
}

/// The same pool when it is the same handle (for component props).
impl PartialEq for Workers {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// What to do with the workers once the borrow is dropped (callbacks may submit more jobs).
enum After {
    Nothing,
    Answer(Callback, Answer),
    Fail(Vec<Callback>, String),
}

impl After {
    fn run(self) {
        match self {
            After::Nothing => {}
            After::Answer(answer, outcome) => answer(outcome),
            After::Fail(answers, why) => {
                for answer in answers {
                    answer(Err(why.clone()));
                }
            }
        }
    }
}

impl Workers {
    /// A pool of at most `size` workers (at least one).
    pub fn new(size: usize) -> Workers {
        Workers(Rc::new(RefCell::new(Pool {
            slots: (0..size.max(1)).map(|_| Slot::default()).collect(),
            waiting: VecDeque::new(),
            next: 0,
        })))
    }

    /// As many workers as the browser has cores (`navigator.hardwareConcurrency`), at most 8.
    pub fn per_core() -> Workers {
        let cores = web_sys::window().map_or(1.0, |w| w.navigator().hardware_concurrency());
        Workers::new((cores as usize).clamp(1, 8))
    }

    /// How many workers the pool may run.
    pub fn size(&self) -> usize {
        self.0.borrow().slots.len()
    }

    /// Queues `job`; `answer` gets its outcome.
    pub fn submit(&self, job: Job, answer: impl FnOnce(Answer) + 'static) {
        let mut pool = self.0.borrow_mut();
        let id = pool.next;
        pool.next += 1;
        // JSON text both ways: the page already reads and writes JSON, and one serialiser is
        // smaller to download than two.
        let Ok(message) = serde_json::to_string(&Request { id, job }).map(JsValue::from) else {
            drop(pool);
            answer(Err("the job could not be written for the worker".to_owned()));
            return;
        };
        pool.waiting.push_back(Waiting {
            id,
            message,
            answer: Box::new(answer),
        });
        drop(pool);
        self.dispatch();
    }

    /// Ends every worker and forgets every job, without answering them: the next job starts
    /// new workers.
    pub fn cancel(&self) {
        let mut pool = self.0.borrow_mut();
        pool.waiting.clear();
        for slot in &mut pool.slots {
            slot.retire();
            slot.doing = None;
        }
    }

    /// Gives each idle, ready worker the next waiting job, and starts workers for jobs that
    /// wait while slots are empty.
    fn dispatch(&self) {
        let after = self.dispatch_now();
        after.run();
    }

    fn dispatch_now(&self) -> After {
        let mut pool = self.0.borrow_mut();
        for index in 0..pool.slots.len() {
            if pool.waiting.is_empty() {
                break;
            }
            if pool.slots[index].worker.is_none() {
                match start(&self.0, index) {
                    Ok((worker, handlers)) => {
                        let slot = &mut pool.slots[index];
                        slot.worker = Some(worker);
                        slot.handlers = handlers;
                    }
                    Err(why) => {
                        let answers = pool.waiting.drain(..).map(|w| w.answer).collect();
                        return After::Fail(answers, why);
                    }
                }
                continue;
            }
            let slot = &pool.slots[index];
            if !slot.ready || slot.doing.is_some() {
                continue;
            }
            let Some(next) = pool.waiting.pop_front() else {
                break;
            };
            let slot = &mut pool.slots[index];
            if let Some(worker) = &slot.worker {
                let _ = worker.post_message(&next.message);
            }
            slot.doing = Some((next.id, next.answer));
        }
        After::Nothing
    }

    fn receive(&self, index: usize, data: JsValue) {
        let after = {
            let mut pool = self.0.borrow_mut();
            let Some(slot) = pool.slots.get_mut(index) else {
                return;
            };
            if data.as_string().as_deref() == Some(READY) {
                slot.ready = true;
                After::Nothing
            } else {
                let text = data.as_string().unwrap_or_default();
                match Reply::read(&text) {
                    Some(reply) if slot.doing.as_ref().is_some_and(|(id, _)| *id == reply.id) => {
                        let (_, answer) = slot.doing.take().expect("just checked");
                        After::Answer(answer, Ok(reply.outcome))
                    }
                    _ => After::Nothing,
                }
            }
        };
        after.run();
        self.dispatch();
    }

    /// A worker stopped: its job learns why; if it never loaded, no worker will, and every
    /// waiting job learns why too. The next job starts a new worker in its slot.
    fn fail(&self, index: usize, why: &str) {
        let answers = {
            let mut pool = self.0.borrow_mut();
            let Some(slot) = pool.slots.get_mut(index) else {
                return;
            };
            let loaded = slot.ready;
            slot.retire();
            let mut answers: Vec<Callback> =
                slot.doing.take().map(|(_, a)| a).into_iter().collect();
            if !loaded {
                answers.extend(pool.waiting.drain(..).map(|w| w.answer));
            }
            answers
        };
        After::Fail(answers, why.to_owned()).run();
        self.dispatch();
    }
}

/// Starts the worker of slot `index`, its messages and errors routed back to the pool.
fn start(pool: &Rc<RefCell<Pool>>, index: usize) -> Result<(Worker, Vec<Handler>), String> {
    let worker =
        Worker::new(SCRIPT).map_err(|_| "this browser could not start a Web Worker".to_owned())?;
    let on = |act: fn(&Workers, usize, JsValue)| {
        let weak = Rc::downgrade(pool);
        Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            if let Some(pool) = weak.upgrade() {
                act(&Workers(pool), index, event);
            }
        })
    };
    let on_message = on(|workers, index, event| {
        if let Some(event) = event.dyn_ref::<MessageEvent>() {
            workers.receive(index, event.data());
        }
    });
    let on_error = on(|workers, index, _| {
        workers.fail(
            index,
            "the worker stopped (it could not load, or it crashed)",
        )
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok((worker, vec![on_message, on_error]))
}
