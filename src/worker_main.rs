//! The Web Worker's binary (`sqs-sim-worker`): Trunk builds it as a worker target beside the
//! page. Natively it only says where it belongs.

#[cfg(target_arch = "wasm32")]
fn main() {
    sqs_sim::worker::service::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "sqs-sim-worker runs in a browser's Web Worker, beside the page; natively, use sqs-sim"
    );
}
