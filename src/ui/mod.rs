//! The Yew front end: components that read snapshots of the simulation and send it commands,
//! nothing else.
//!
//! ```text
//! app          the root: owns the session and playback, routes messages, lays out the panels
//! session      the page's simulation: checkpoints, seek back and forth, commands replayed (pure)
//! playback     wall time to virtual time, speeds (pure)
//! frames       requestAnimationFrame; the only code in the crate that reads wall time
//! layout       where nodes go and the curve of every edge (pure)
//! tokens       which message tokens are on their way, and where (pure)
//! topology_view  the diagram (SVG) with live state, and the token canvas
//! controls     play, step, reset, speed, seed, timeline scrubber
//! charts       CloudWatch metrics over the run (SVG)
//! metrics_view, comparison   the numbers now; the old way vs the SQS way
//! inspector    a node's settings or a message's life
//! lesson, lesson_view   a guided lesson: where the learner stands (pure), and its panel
//! checks_view  the scenario's checks, passing or failing
//! share, share_panel, embed, remote   links to a run, the embedded player and its host API
//! export_panel the scenario's queues as boto3, AWS CLI or CloudFormation code
//! compare, compare_view   two variants of the scenario on one seed (pure), overlaid
//! page_io      file downloads and the clipboard
//! event_log    every step of every message, filterable
//! injections   break things on purpose: buttons and keys
//! presets, scenario_form, scenario_editor, storage   scenarios: built in, knobs, JSON, autosave
//! ```
//!
//! Pure presentation logic lives in plain modules tested natively; components stay thin.

pub mod app;
pub mod charts;
pub mod checks_view;
pub mod compare;
pub mod compare_view;
pub mod comparison;
pub mod controls;
pub mod embed;
pub mod event_log;
pub mod export_panel;
pub mod frames;
pub mod injections;
pub mod inspector;
pub mod layout;
pub mod lesson;
pub mod lesson_view;
pub mod metrics_view;
pub mod page_io;
pub mod playback;
pub mod presets;
pub mod remote;
pub mod scenario_editor;
pub mod scenario_form;
pub mod session;
pub mod share;
pub mod share_panel;
pub mod storage;
pub mod tokens;
pub mod topology_view;

/// Mounts the app on the page's `<body>`, after installing a panic hook that replaces a dead
/// page with a readable error.
pub fn start() {
    std::panic::set_hook(Box::new(|info| show_panic(&info.to_string())));
    yew::Renderer::<app::App>::new().render();
}

/// Puts the panic message at the top of the page (a panic in wasm stops the app; this at least
/// says what happened and how to report it).
pub fn show_panic(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let (Ok(banner), Some(body)) = (document.create_element("div"), document.body()) else {
        return;
    };
    banner.set_id("panic");
    banner.set_attribute("role", "alert").ok();
    banner.set_text_content(Some(&format!(
        "sqs-sim stopped: {message}. Reload the page to start again (your scenario is kept)."
    )));
    body.prepend_with_node_1(&banner).ok();
}
