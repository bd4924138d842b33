//! Autosave: the scenario being worked on and its seed, in the browser's localStorage, so that
//! a reload loses nothing; and the recent work that a new, duplicated or opened scenario
//! replaced, so that replacing loses nothing either. Only scenarios that validated are saved.

use serde_json::Value;
use web_sys::Storage;

const KEY: &str = "sqs-sim/v1/work";
const RECENT_KEY: &str = "sqs-sim/v1/recent";
/// Replaced scenarios kept, newest first.
const RECENT: usize = 8;

/// What is saved: the scenario's JSON text (as the person wrote it) and the seed.
#[derive(Clone, Debug, PartialEq)]
pub struct Saved {
    pub scenario: String,
    pub seed: u64,
}

impl Saved {
    /// Read from and written as a JSON value by hand: derived code is 3 KB more of the page's
    /// download for two members.
    fn from_value(value: &Value) -> Option<Saved> {
        Some(Saved {
            scenario: value.get("scenario")?.as_str()?.to_owned(),
            seed: value.get("seed")?.as_u64()?,
        })
    }

    fn to_value(&self) -> Value {
        let mut object = serde_json::Map::new();
        object.insert("scenario".to_owned(), Value::from(self.scenario.as_str()));
        object.insert("seed".to_owned(), Value::from(self.seed));
        Value::Object(object)
    }
}

fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn read(key: &str) -> Option<Value> {
    let text = storage()?.get_item(key).ok()??;
    serde_json::from_str(&text).ok()
}

/// Storage that is full or refused (private windows) is not an error worth interrupting
/// anyone for.
fn write(key: &str, value: &Value) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(key, &value.to_string());
    }
}

/// The saved work, if there is any and it reads back.
pub fn load() -> Option<Saved> {
    Saved::from_value(&read(KEY)?)
}

pub fn save(saved: &Saved) {
    write(KEY, &saved.to_value());
}

/// The scenarios that were replaced, newest first.
pub fn recent() -> Vec<Saved> {
    let list = read(RECENT_KEY);
    let items = list
        .as_ref()
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    items.filter_map(Saved::from_value).collect()
}

/// Keeps a scenario that is being replaced at the head of the recent list (once).
pub fn remember(saved: Saved) {
    let mut list = recent();
    list.retain(|s| s.scenario != saved.scenario);
    list.insert(0, saved);
    list.truncate(RECENT);
    write(
        RECENT_KEY,
        &Value::Array(list.iter().map(Saved::to_value).collect()),
    );
}
