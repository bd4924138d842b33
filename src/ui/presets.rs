//! The preset scenarios: the files in `static/scenarios/`, each telling one lesson of the seed
//! article.
//!
//! Natively every preset is built in. In the browser none is: each is fetched from
//! `scenarios/` (Trunk copies the folder into `dist/`) the first time it is opened, by the
//! picker or by a link that names one (the first, a first visit's page, before the app
//! starts), so their text is not part of the page's download (5 KB gzipped for the twelve).

#[cfg(target_arch = "wasm32")]
use std::cell::RefCell;

/// One preset: its file name, its title (for the picker, before its text is here) and its
/// text where it is built in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    pub file: &'static str,
    pub title: &'static str,
    built_in: Option<&'static str>,
}

/// A preset's text: built in natively; the browser fetches it instead.
#[cfg(not(target_arch = "wasm32"))]
macro_rules! fetched {
    ($file:literal) => {
        Some(include_str!(concat!("../../static/scenarios/", $file)))
    };
}
#[cfg(target_arch = "wasm32")]
macro_rules! fetched {
    ($file:literal) => {
        None
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
    Preset {
        file: "order-processing.json",
        title: "Order processing with a dead-letter queue",
        built_in: fetched!("order-processing.json"),
    },
    Preset {
        file: "visibility-timeout-too-short.json",
        title: "A visibility timeout shorter than the processing time",
        built_in: fetched!("visibility-timeout-too-short.json"),
    },
    Preset {
        file: "dlq-hospital.json",
        title: "The dead-letter queue as a hospital for broken messages",
        built_in: fetched!("dlq-hospital.json"),
    },
    Preset {
        file: "payments-fifo.json",
        title: "Payments on a FIFO queue: order per customer, retries deduplicated",
        built_in: fetched!("payments-fifo.json"),
    },
    Preset {
        file: "long-vs-short-polling.json",
        title: "Long polling versus short polling",
        built_in: fetched!("long-vs-short-polling.json"),
    },
    Preset {
        file: "traffic-spike.json",
        title: "A spike of 10,000 orders",
        built_in: fetched!("traffic-spike.json"),
    },
    Preset {
        file: "autoscaling-spike.json",
        title: "Autoscaling lags a spike",
        built_in: fetched!("autoscaling-spike.json"),
    },
    Preset {
        file: "lambda-throttling.json",
        title: "Lambda throttling fills the dead-letter queue",
        built_in: fetched!("lambda-throttling.json"),
    },
    Preset {
        file: "lambda-partial-batch.json",
        title: "Partial batch failures: ReportBatchItemFailures",
        built_in: fetched!("lambda-partial-batch.json"),
    },
    Preset {
        file: "old-way-vs-sqs-way.json",
        title: "The old way vs the SQS way: a two-minute payment outage",
        built_in: fetched!("old-way-vs-sqs-way.json"),
    },
    Preset {
        file: "mmc.json",
        title: "M/M/c: a queue that theory can check",
        built_in: fetched!("mmc.json"),
    },
    Preset {
        file: "benchmark-r1.json",
        title: "Benchmark R1: an hour of orders with retries and a dead-letter queue",
        built_in: fetched!("benchmark-r1.json"),
    },
];

#[cfg(target_arch = "wasm32")]
thread_local! {
    /// Presets fetched so far: file name and text (kept for the page's life, as built-in
    /// texts are).
    static FETCHED: RefCell<Vec<(&'static str, &'static str)>> = const { RefCell::new(Vec::new()) };
}

impl Preset {
    /// The preset's text, if the page has it: built in, or fetched before.
    pub fn text(&self) -> Option<&'static str> {
        #[cfg(target_arch = "wasm32")]
        if self.built_in.is_none() {
            return FETCHED.with_borrow(|fetched| {
                fetched
                    .iter()
                    .find(|(file, _)| *file == self.file)
                    .map(|(_, text)| *text)
            });
        }
        self.built_in
    }

    /// The preset's text: natively, every preset is built in.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn json(&self) -> &'static str {
        self.built_in.expect("every preset is built in natively")
    }

    /// The preset's name in links: its file name without `.json`.
    pub fn id(&self) -> &'static str {
        self.file.strip_suffix(".json").unwrap_or(self.file)
    }

    /// The preset that is this text unchanged, if any.
    pub fn of(text: &str) -> Option<usize> {
        PRESETS.iter().position(|p| p.text() == Some(text))
    }

    /// Fetches the preset's text from `scenarios/`, if the page does not have it yet; `Err`
    /// says why it could not. (Natively every text is here already.)
    #[cfg(not(target_arch = "wasm32"))]
    pub async fn fetch(&self) -> Result<&'static str, String> {
        Ok(self.json())
    }

    #[cfg(target_arch = "wasm32")]
    pub async fn fetch(&self) -> Result<&'static str, String> {
        use wasm_bindgen::JsCast;
        use wasm_bindgen_futures::JsFuture;
        if let Some(text) = self.text() {
            return Ok(text);
        }
        let failed = |what: &str| format!("could not load scenarios/{}: {what}", self.file);
        let window = web_sys::window().ok_or_else(|| failed("no window"))?;
        let url = format!("scenarios/{}", self.file);
        let response: web_sys::Response = JsFuture::from(window.fetch_with_str(&url))
            .await
            .map_err(|_| failed("the request failed"))?
            .unchecked_into();
        if !response.ok() {
            return Err(failed(&format!("HTTP {}", response.status())));
        }
        let body = response.text().map_err(|_| failed("no text"))?;
        let text = JsFuture::from(body)
            .await
            .ok()
            .and_then(|t| t.as_string())
            .ok_or_else(|| failed("no text"))?;
        let text: &'static str = Box::leak(text.into_boxed_str());
        FETCHED.with_borrow_mut(|fetched| fetched.push((self.file, text)));
        Ok(text)
    }
}

/// The preset a share link's fragment names (`preset=ID`), if any.
pub fn named_in_link(fragment: &str) -> Option<&'static Preset> {
    let id = fragment
        .split('&')
        .find_map(|pair| pair.strip_prefix("preset="))?;
    PRESETS.iter().find(|p| p.id() == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Scenario;

    #[test]
    fn every_preset_parses_and_has_its_title_and_a_lesson() {
        for preset in PRESETS {
            let scenario = Scenario::from_json(preset.json())
                .unwrap_or_else(|e| panic!("{}: {e:?}", preset.file));
            assert_eq!(scenario.title, preset.title, "{}", preset.file);
            assert!(!scenario.lesson.is_empty(), "{}", preset.file);
        }
    }

    #[test]
    fn a_text_names_its_preset_and_a_link_its_preset() {
        assert_eq!(Preset::of(PRESETS[2].json()), Some(2));
        assert_eq!(Preset::of("{}"), None);
        assert_eq!(
            named_in_link("v=1&seed=3&preset=dlq-hospital&t=2").map(|p| p.file),
            Some("dlq-hospital.json")
        );
        assert_eq!(named_in_link("v=1&seed=3&scenario=e30"), None);
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
