//! The replay scripts in `tests/replay/`, run through `sqs-sim replay`'s runner and compared
//! with outputs written by hand from the SQS documentation (see tests/replay/README.md).

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use serde_json::Value;
use sqs_sim::replay::{run_script, ReplayOptions};

/// Replaces opaque values by symbols, as the expected files write them.
fn normalise(lines: &[Value]) -> Vec<Value> {
    let mut symbols: HashMap<String, String> = HashMap::new();
    for line in lines {
        let n = line["line"].as_u64().unwrap_or(0);
        let response = &line["response"];
        match line["action"].as_str() {
            Some("SendMessage") => {
                if let Some(id) = response["MessageId"].as_str() {
                    symbols.entry(id.to_owned()).or_insert(format!("M{n}"));
                }
            }
            Some("SendMessageBatch") => {
                for entry in response["Successful"].as_array().into_iter().flatten() {
                    let id = entry["MessageId"].as_str().unwrap().to_owned();
                    symbols
                        .entry(id)
                        .or_insert(format!("M{n}:{}", entry["Id"].as_str().unwrap()));
                }
            }
            Some("ReceiveMessage") => {
                for (i, m) in response["Messages"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .enumerate()
                {
                    let id = m["MessageId"].as_str().unwrap().to_owned();
                    symbols.entry(id).or_insert(format!("M?{n}.{i}"));
                }
            }
            _ => {}
        }
    }
    lines.iter().map(|line| rewrite(line, &symbols)).collect()
}

fn rewrite(value: &Value, symbols: &HashMap<String, String>) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| !matches!(k.as_str(), "SequenceNumber" | "SenderId"))
                .map(|(k, v)| {
                    let v = match (k.as_str(), v) {
                        ("ReceiptHandle", _) => Value::String("<rh>".into()),
                        ("TaskHandle", _) => Value::String("<task>".into()),
                        ("MessageId", Value::String(id)) => {
                            Value::String(symbols.get(id).cloned().unwrap_or_else(|| id.clone()))
                        }
                        _ => rewrite(v, symbols),
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| rewrite(v, symbols)).collect()),
        other => other.clone(),
    }
}

/// Keeps only the error members the expected line states (code always).
fn trim_error(ours: &mut Value, expected: &Value) {
    if let (Some(error), Some(wanted)) = (
        ours.get_mut("error").and_then(Value::as_object_mut),
        expected.get("error"),
    ) {
        error.retain(|k, _| wanted.get(k).is_some());
    }
}

#[test]
fn every_replay_case_gives_its_expected_output() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/replay");
    let mut cases = 0;
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let Some(stem) = name
            .strip_suffix(".jsonl")
            .filter(|s| !s.ends_with(".expected"))
        else {
            continue;
        };
        cases += 1;
        let script = fs::read_to_string(&path).unwrap();
        let expected_text = fs::read_to_string(dir.join(format!("{stem}.expected.jsonl"))).unwrap();
        let (lines, problems) = run_script(&script, &ReplayOptions::default());
        assert!(problems.is_empty(), "{stem}: {problems:?}");
        let ours: Vec<Value> = lines
            .iter()
            .skip(1)
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let expected: Vec<Value> = expected_text
            .lines()
            .skip(1)
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let mut ours = normalise(&ours);
        assert_eq!(ours.len(), expected.len(), "{stem}: number of lines");
        for (o, e) in ours.iter_mut().zip(&expected) {
            trim_error(o, e);
            assert_eq!(o, e, "{stem}, line {}", e["line"]);
        }
    }
    assert!(cases >= 3, "found only {cases} replay cases");
}
