//! The Yew front end: components that read the model and send messages, nothing else.
//!
//! Pure presentation logic (layout, playback arithmetic) lives in plain modules tested
//! natively; components stay thin. The animation-frame driver in `frames` is the only code in the
//! crate that reads wall time.

pub mod app;
pub mod controls;
pub mod frames;
pub mod layout;
pub mod playback;
pub mod session;
pub mod topology_view;

/// Mounts the app on the page's `<body>`.
pub fn start() {
    yew::Renderer::<app::App>::new().render();
}
