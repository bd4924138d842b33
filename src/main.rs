//! One binary, two faces: in the browser (wasm32) it mounts the Yew app; natively it is the
//! `sqs-sim` command-line tool.

#[cfg(target_arch = "wasm32")]
fn main() {
    sqs_sim::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    sqs_sim::cli::main()
}
