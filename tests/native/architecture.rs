//! The dependency rule: `ui → sim → sqs`, and the engine never touches the web.
//!
//! `src/sqs` and `src/sim` must build and behave the same natively and in wasm32, and be
//! reproducible, so they may not mention the browser crates. This reads the sources as text:
//! a `use`, a path or a macro naming one of them is caught alike.

use std::fs;
use std::path::{Path, PathBuf};

const WEB_CRATES: [&str; 5] = ["yew", "web_sys", "js_sys", "gloo", "wasm_bindgen"];

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    files
}

/// The web crates a piece of source mentions as whole words (`gloo` matches `gloo_render`'s
/// `gloo` prefix too, since every gloo crate is a web crate).
fn web_crates_mentioned(source: &str) -> Vec<&'static str> {
    let words: Vec<&str> = source
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .collect();
    WEB_CRATES
        .into_iter()
        .filter(|krate| {
            words
                .iter()
                .any(|word| word == krate || (*krate == "gloo" && word.starts_with("gloo_")))
        })
        .collect()
}

#[test]
fn the_engine_and_the_simulation_never_mention_web_crates() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut offenders = Vec::new();
    let mut checked = 0;
    for layer in ["sqs", "sim"] {
        for file in rust_files(&root.join(layer)) {
            checked += 1;
            let source = fs::read_to_string(&file).unwrap();
            for krate in web_crates_mentioned(&source) {
                offenders.push(format!("{} mentions {krate}", file.display()));
            }
        }
    }
    assert!(
        checked >= 2,
        "expected to find the sqs and sim sources, found {checked} files"
    );
    assert!(
        offenders.is_empty(),
        "web crates inside the engine:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn the_check_catches_each_web_crate_in_its_usual_forms() {
    assert_eq!(web_crates_mentioned("use yew::prelude::*;"), ["yew"]);
    assert_eq!(
        web_crates_mentioned("let w = web_sys::window();"),
        ["web_sys"]
    );
    assert_eq!(web_crates_mentioned("js_sys::Date::now()"), ["js_sys"]);
    assert_eq!(
        web_crates_mentioned("use gloo_timers::callback::Timeout;"),
        ["gloo"]
    );
    assert_eq!(
        web_crates_mentioned("#[wasm_bindgen] fn f() {}"),
        ["wasm_bindgen"]
    );
    assert!(web_crates_mentioned("let yewtree = 1; // a yew_like name").is_empty());
}
