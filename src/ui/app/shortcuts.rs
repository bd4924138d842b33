//! The keyboard: which key asks for what, and the help dialog that lists the keys.

use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::{html, Html};

use crate::ui::injections::{Injection, INJECTIONS};

/// What a keyboard shortcut asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    TogglePlay,
    Step,
    ToggleHelp,
    CloseHelp,
    Inject(Injection),
    Undo,
    Redo,
    /// Delete the selected node or connection.
    Delete,
}

impl Shortcut {
    /// The shortcut for a key pressed anywhere but in a form field (where keys type, and
    /// Ctrl+Z undoes typing).
    pub(super) fn of(event: &KeyboardEvent) -> Option<Shortcut> {
        let in_field = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        // A key a control has handled (arrows in the tab list, Enter on a node) is not also
        // a shortcut.
        if in_field || event.alt_key() || event.default_prevented() {
            return None;
        }
        let key = event.key();
        if event.ctrl_key() || event.meta_key() {
            return match key.as_str() {
                "z" | "Z" if event.shift_key() => Some(Shortcut::Redo),
                "z" | "Z" => Some(Shortcut::Undo),
                "y" | "Y" => Some(Shortcut::Redo),
                _ => None,
            };
        }
        match key.as_str() {
            " " => Some(Shortcut::TogglePlay),
            "ArrowRight" => Some(Shortcut::Step),
            "?" => Some(Shortcut::ToggleHelp),
            "Escape" => Some(Shortcut::CloseHelp),
            "Delete" | "Backspace" => Some(Shortcut::Delete),
            key => Injection::shortcut(key).map(Shortcut::Inject),
        }
    }
}

pub(super) fn help_dialog() -> Html {
    let mut keys = vec![
        ("Space", "play / pause"),
        ("→", "step to the next event"),
        ("Ctrl+Z", "undo a change to the design"),
        ("Ctrl+Shift+Z", "redo it"),
        ("Delete", "delete the selected node or connection"),
        ("Tab, Enter", "select a node or a connection on the diagram"),
        ("?", "show or hide this help"),
    ];
    keys.extend(INJECTIONS.iter().map(|i| (i.key(), i.label())));
    html! {
        <div id="help" class="help" role="dialog" aria-label="Keyboard shortcuts">
            <h2>{ "Keyboard shortcuts" }</h2>
            <dl>
                { for keys.into_iter().map(|(key, what)| html! { <><dt><kbd>{ key }</kbd></dt><dd>{ what }</dd></> }) }
            </dl>
            <p class="hint">{ "Press ? or Escape to close." }</p>
        </div>
    }
}
