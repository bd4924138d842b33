//! The Yew front end: components that read the model and send messages, nothing else.
//!
//! Pure presentation logic (layout, playback arithmetic) lives in plain modules tested
//! natively; components stay thin. The animation-frame driver in `frames` is the only code in the
//! crate that reads wall time.

pub mod app;
pub mod charts;
pub mod comparison;
pub mod controls;
pub mod event_log;
pub mod frames;
pub mod injections;
pub mod inspector;
pub mod layout;
pub mod metrics_view;
pub mod playback;
pub mod presets;
pub mod scenario_editor;
pub mod scenario_form;
pub mod session;
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
