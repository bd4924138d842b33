//! The Yew front end: components that read snapshots of the simulation and send it commands,
//! nothing else.
//!
//! ```text
//! app          the root: owns the design, the session and playback, routes messages, lays
//!              out the workspace (clock bar, palette, canvas, inspector, tabs)
//! document     the design: the scenario's text, parsed, with undo and redo (pure)
//! fields       every setting of a node as an editable field, written through validation (pure)
//! session      the page's simulation: checkpoints, seek back and forth, commands replayed (pure)
//! playback     wall time to virtual time, speeds (pure)
//! frames       requestAnimationFrame; the only code in the crate that reads wall time
//! layout       where nodes go (saved positions or automatic) and the curve of every edge (pure)
//! viewport     pan and zoom of the diagram (pure)
//! tokens       which message tokens are on their way, and where (pure)
//! canvas       the diagram as a workspace: pan, zoom, select, move, connect
//! topology_view  drawing a node with its live state, an edge, the token canvas
//! palette      what can be added to the design
//! tabs         the bottom area's tabs and its splitter
//! controls     play, step, reset, speed, seed, timeline scrubber
//! charts       CloudWatch metrics over the run (SVG)
//! metrics_view, comparison   the numbers now; the old way vs the SQS way
//! inspector    the selection's fields, connections and Delete, or a message's life
//! lesson, lesson_view   a guided lesson: where the learner stands (pure), and its panel
//! checks_view  the scenario's checks, passing or failing
//! share, base64url, share_panel, embed, protocol   links to a run (in base64url), the embedded
//!              player, the postMessage protocol
//! export_panel the scenario's queues as boto3, AWS CLI or CloudFormation code
//! compare, compare_view   two variants of the scenario on one seed (pure), overlaid
//! planner, planner_view   sweeps of a setting: progress, chart and heat map (pure), the panel
//! page_io      file downloads and the clipboard
//! shared       Rc with identity for equality, for props that change every frame
//! event_log    every step of every message, filterable
//! injections   break things on purpose: buttons and keys
//! presets, scenario_editor, storage   scenarios: built in, JSON, autosave and recent work
//! ```
//!
//! Pure presentation logic lives in plain modules tested natively; components stay thin.

pub mod app;
pub mod base64url;
pub mod canvas;
pub mod charts;
pub mod checks_view;
pub mod compare;
pub mod compare_view;
pub mod comparison;
pub mod controls;
pub mod document;
pub mod embed;
pub mod event_log;
pub mod export_panel;
pub mod fields;
pub mod frames;
pub mod injections;
pub mod inspector;
pub mod layout;
pub mod lesson;
pub mod lesson_view;
pub mod metrics_view;
pub mod page_io;
pub mod palette;
pub mod planner;
pub mod planner_view;
pub mod playback;
pub mod presets;
pub mod protocol;
pub mod scenario_editor;
pub mod session;
pub mod share;
pub mod share_panel;
pub mod shared;
pub mod storage;
pub mod tabs;
pub mod tokens;
pub mod topology_view;
pub mod viewport;

/// Mounts the app on the page's `<body>`, after installing a panic hook that replaces a dead
/// page with a readable error.
pub fn start() {
    std::panic::set_hook(Box::new(|info| show_panic(&info.to_string())));
    // The first preset (a first visit's page), and the preset a link names, are fetched
    // before the app starts, so that it opens them as it would any other (a failed fetch is
    // the link's error, shown by the app; without the first preset the page starts blank).
    let fragment = share_panel::current_fragment();
    let linked = presets::named_in_link(&fragment);
    wasm_bindgen_futures::spawn_local(async move {
        let _ = presets::PRESETS[0].fetch().await;
        if let Some(preset) = linked {
            let _ = preset.fetch().await;
        }
        yew::Renderer::<app::App>::new().render();
    });
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
