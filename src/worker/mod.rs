//! Work done off the page's thread, in a Web Worker.
//!
//! ```text
//! jobs      what the page asks a worker for, and what comes back (serde types; pure)
//! client    the page's side: starts the worker, queues jobs until it is ready, answers
//!           each job's callback
//! service   the worker's side: reads jobs, does them, posts the outcomes
//! ```
//!
//! The worker is its own binary (`sqs-sim-worker`, built by Trunk as a worker target), so the
//! code only it needs is not in the page's download (the exports' writers), and its engine is
//! built for speed (`[profile.wasm-worker]`) while the page's is built for size. It writes the
//! exports and runs the comparisons' variants, off the page's thread; it is fetched the first
//! time the page asks it for something.

pub mod client;
pub mod jobs;
pub mod service;
