//! The preset scenarios, built into the app (no network request at run time): the files in
//! `static/scenarios/`, each telling one lesson of the seed article.

/// One preset: its file name and its JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    pub file: &'static str,
    pub json: &'static str,
}

macro_rules! preset {
    ($file:literal) => {
        Preset {
            file: $file,
            json: include_str!(concat!("../../static/scenarios/", $file)),
        }
    };
}

/// "New scenario": nothing yet, to build on the diagram.
pub const BLANK: &str = r#"{
  "version": 1,
  "title": "New scenario",
  "lesson": "Built on the diagram: add a queue, then producers and consumers.",
  "duration_seconds": 600,
  "queues": []
}"#;

/// In the order a course would take them; the first is the default.
pub const PRESETS: &[Preset] = &[
    preset!("order-processing.json"),
    preset!("visibility-timeout-too-short.json"),
    preset!("dlq-hospital.json"),
    preset!("payments-fifo.json"),
    preset!("long-vs-short-polling.json"),
    preset!("traffic-spike.json"),
    preset!("old-way-vs-sqs-way.json"),
    preset!("mmc.json"),
    preset!("benchmark-r1.json"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Scenario;

    #[test]
    fn every_preset_parses_and_has_a_title_and_a_lesson() {
        for preset in PRESETS {
            let scenario = Scenario::from_json(preset.json)
                .unwrap_or_else(|e| panic!("{}: {e:?}", preset.file));
            assert!(!scenario.title.is_empty(), "{}", preset.file);
            assert!(!scenario.lesson.is_empty(), "{}", preset.file);
        }
    }

    #[test]
    fn every_file_in_the_scenarios_folder_is_a_preset() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/static/scenarios");
        let mut files: Vec<String> = std::fs::read_dir(folder)
            .expect("the scenarios folder")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|name| name.ends_with(".json"))
            .collect();
        files.sort();
        let mut presets: Vec<&str> = PRESETS.iter().map(|p| p.file).collect();
        presets.sort();
        assert_eq!(files, presets);
    }
}
