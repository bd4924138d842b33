//! The dependency rule: `ui → sim → sqs`, and the engine never touches the web.
//!
//! The engine crate (`engine/`: `sqs`, `sim`, `time`) must build and behave the same natively
//! and in wasm32, and be reproducible, so it may neither depend on nor mention the browser
//! crates. Its manifest is checked, and its sources are read as text: a `use`, a path or a
//! macro naming one of them is caught alike.

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

fn engine_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("engine")
}

/// The crate names under a manifest's `[dependencies]` (and target-specific ones), with `-`
/// read as `_` as Rust code names them.
fn dependencies(manifest: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut in_dependencies = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_dependencies = line.ends_with("dependencies]") && !line.contains("dev-");
        } else if let Some((name, _)) = line.split_once('=').filter(|_| in_dependencies) {
            if !line.starts_with('#') {
                names.push(name.trim().replace('-', "_"));
            }
        }
    }
    names
}

#[test]
fn the_engine_crate_depends_on_no_web_crate() {
    let manifest = fs::read_to_string(engine_dir().join("Cargo.toml")).unwrap();
    let names = dependencies(&manifest);
    assert!(
        names.iter().any(|n| n == "serde"),
        "the engine's dependencies were not found: {names:?}"
    );
    let web: Vec<&String> = names
        .iter()
        .filter(|n| WEB_CRATES.iter().any(|w| n.starts_with(w)))
        .collect();
    assert!(web.is_empty(), "web crates in engine/Cargo.toml: {web:?}");
}

#[test]
fn the_manifest_reader_sees_dependencies_and_skips_dev_dependencies() {
    let manifest = "[package]\nname = \"x\"\n[dependencies]\nweb-sys = \"1\"\n# gloo = \"1\"\n[target.'cfg(unix)'.dependencies]\nyew = \"1\"\n[dev-dependencies]\njs-sys = \"1\"\n";
    assert_eq!(dependencies(manifest), ["web_sys", "yew"]);
}

#[test]
fn the_engine_and_the_simulation_never_mention_web_crates() {
    let mut offenders = Vec::new();
    let mut checked = 0;
    for file in rust_files(&engine_dir().join("src")) {
        checked += 1;
        let source = fs::read_to_string(&file).unwrap();
        for krate in web_crates_mentioned(&source) {
            offenders.push(format!("{} mentions {krate}", file.display()));
        }
    }
    assert!(
        checked >= 20,
        "expected to find the engine's sources, found {checked} files"
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
