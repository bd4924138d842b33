//! Autosave: the scenario being worked on and its seed, in the browser's localStorage, so that
//! a reload loses nothing. Only a scenario that validated is saved.

use web_sys::Storage;

const KEY: &str = "sqs-sim/v1/work";

/// What is saved: the scenario's JSON text (as the person wrote it) and the seed.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Saved {
    pub scenario: String,
    pub seed: u64,
}

fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The saved work, if there is any and it reads back.
pub fn load() -> Option<Saved> {
    let text = storage()?.get_item(KEY).ok()??;
    serde_json::from_str(&text).ok()
}

/// Saves the work; storage that is full or refused (private windows) is not an error worth
/// interrupting anyone for.
pub fn save(saved: &Saved) {
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(saved)) {
        let _ = storage.set_item(KEY, &text);
    }
}
