//! Arbitrary bytes as a scenario file: parsing and validation must never panic.
//!
//! Errors are fine (they are what a person with a broken file sees); a panic is a bug. A
//! scenario that parses is also checked to survive a save and a reload: serializing it must
//! give JSON that parses and validates again.

#![no_main]

use libfuzzer_sys::fuzz_target;
use sqs_sim::sim::Scenario;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Scenario::from_json(text) {
        Ok(scenario) => {
            assert!(
                scenario.validate().is_empty(),
                "from_json accepted a scenario that validate() rejects"
            );
            let saved = serde_json::to_string(&scenario).expect("a scenario serializes");
            if let Err(problems) = Scenario::from_json(&saved) {
                panic!("a saved scenario does not load again: {problems:?}\n{saved}");
            }
        }
        Err(problems) => {
            assert!(!problems.is_empty(), "from_json failed with no problem");
            // The messages are shown to people: rendering them must not panic either.
            for problem in &problems {
                let _ = problem.to_string();
            }
        }
    }
});
