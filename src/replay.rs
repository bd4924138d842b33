//! `sqs-sim replay`: runs a script of timed SQS API calls on the virtual clock.
//!
//! The script and output formats are shared with other SQS implementations so that outputs can
//! be compared (REPLAY_FORMAT.md in the project's reference material): JSON Lines in, one JSON
//! line per call out. The runner applies the format's substitutions (queue names as URLs,
//! `${arn:NAME}` / `${url:NAME}`, `$rL.i` / `$mL.i` references to earlier results, `$$` for a
//! literal `$`), keeps one sequential client (a call starts at `max(at, end of the previous
//! call)`; a long poll ends when it is answered), and uses the fixed account, region and epoch.
//!
//! A line that cannot run — invalid JSON, an unknown action, a time going backwards — produces
//! an error line naming the line and the reason; the other lines still run.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use crate::sqs::dispatch::{decode, ACTIONS};
use crate::sqs::{DeliveryModel, Sqs, SqsConfig, SqsError};
use crate::time::SimTime;

/// How the replay's engine is set up.
#[derive(Clone, Debug, PartialEq)]
pub struct ReplayOptions {
    /// The standard-queue delivery model; the format expects `ideal` (the default).
    pub delivery: DeliveryModel,
    pub seed: u64,
}

impl Default for ReplayOptions {
    fn default() -> Self {
        ReplayOptions {
            delivery: DeliveryModel::ideal(),
            seed: 0,
        }
    }
}

/// What an earlier call returned that later lines may refer to.
#[derive(Default)]
struct Results {
    /// Line → receipt handles of a ReceiveMessage's messages.
    handles: HashMap<usize, Vec<String>>,
    /// Line → message ids (of received messages, a SendMessage, or a batch's Successful).
    message_ids: HashMap<usize, Vec<String>>,
}

/// Why a line did not become a call.
enum LineProblem {
    /// The line is not a valid call (named in the output as `RunnerInvalidLine`).
    Invalid(String),
    /// A `$r` / `$m` reference could not be resolved (`RunnerRefUnresolved`).
    Unresolved(String),
}

/// Runs a script; returns the output lines (without trailing newlines) and, separately, a
/// human-readable message for each line that could not run.
pub fn run_script(script: &str, options: &ReplayOptions) -> (Vec<String>, Vec<String>) {
    let config = SqsConfig {
        delivery: options.delivery,
        seed: options.seed,
        ..SqsConfig::default()
    };
    let epoch_seconds = config.epoch_ms / 1000;
    let mut sqs = Sqs::new(config);
    let mut results = Results::default();
    let mut out = vec![json!({"meta": {"impl": "sqs-sim", "version": env!("CARGO_PKG_VERSION"), "epoch": epoch_seconds}}).to_string()];
    let mut problems = Vec::new();
    // The end of the previous call, in milliseconds, and the last `at` seen.
    let mut clock_ms: u64 = 0;
    let mut last_at: f64 = 0.0;

    for (index, raw) in script.lines().enumerate() {
        let line = index + 1;
        let text = raw.trim();
        if text.is_empty() || text.starts_with('#') || text.starts_with("//") {
            continue;
        }
        let record: Value = match serde_json::from_str(text) {
            Ok(value) => value,
            Err(e) => {
                report(
                    &mut out,
                    &mut problems,
                    line,
                    None,
                    LineProblem::Invalid(format!("invalid JSON: {e}")),
                );
                continue;
            }
        };
        let Some(object) = record.as_object() else {
            report(
                &mut out,
                &mut problems,
                line,
                None,
                LineProblem::Invalid("a line must be a JSON object".into()),
            );
            continue;
        };
        if object.keys().all(|k| k == "meta" || k == "comment") {
            continue;
        }
        let call = match parse_call(object, last_at) {
            Ok(call) => call,
            Err(reason) => {
                let at = object.get("at").and_then(Value::as_f64);
                let action = object.get("action").and_then(Value::as_str);
                report_call(
                    &mut out,
                    &mut problems,
                    line,
                    at,
                    action,
                    LineProblem::Invalid(reason),
                );
                continue;
            }
        };
        last_at = call.at;
        let params = match substitute(&call.params, &sqs, &results) {
            Ok(params) => params,
            Err(problem) => {
                report_call(
                    &mut out,
                    &mut problems,
                    line,
                    Some(call.at),
                    Some(&call.action),
                    problem,
                );
                continue;
            }
        };
        let queue = queue_name(&call.action, &params, &sqs);
        let at_ms = (call.at * 1000.0).round() as u64;
        let start_ms = at_ms.max(clock_ms);
        let start = SimTime(start_ms);
        let (response, end) = if call.action == "ReceiveMessage" {
            match decode(params).and_then(|input| sqs.receive_message_waiting(start, input)) {
                Ok((output, end)) => (
                    Ok(serde_json::to_value(output).expect("responses serialise")),
                    end,
                ),
                Err(e) => (Err(e), start),
            }
        } else {
            (sqs.call(start, &call.action, params), start)
        };
        clock_ms = end.as_millis().max(start_ms);

        let mut entry = Map::new();
        entry.insert("line".into(), json!(line));
        entry.insert("at".into(), json!(call.at));
        if start_ms > at_ms {
            entry.insert("start".into(), json!(seconds(start_ms)));
        }
        if clock_ms > start_ms {
            entry.insert("end".into(), json!(seconds(clock_ms)));
        }
        entry.insert("action".into(), json!(call.action));
        if let Some(queue) = queue {
            entry.insert("queue".into(), json!(queue));
        }
        match response {
            Ok(response) => {
                remember(&mut results, line, &call.action, &response);
                entry.insert("ok".into(), json!(true));
                entry.insert("response".into(), response);
            }
            Err(error) => {
                entry.insert("ok".into(), json!(false));
                entry.insert("error".into(), error_json(&error));
            }
        }
        out.push(Value::Object(entry).to_string());
    }
    (out, problems)
}

/// One call line, checked.
struct Call {
    at: f64,
    action: String,
    params: Value,
}

fn parse_call(object: &Map<String, Value>, last_at: f64) -> Result<Call, String> {
    if let Some(unknown) = object
        .keys()
        .find(|k| !matches!(k.as_str(), "at" | "action" | "params" | "comment" | "meta"))
    {
        return Err(format!(
            "unknown key \"{unknown}\" (a call has at, action and params)"
        ));
    }
    let at = object
        .get("at")
        .ok_or("missing \"at\" (virtual time in seconds)")?;
    let at = at
        .as_f64()
        .filter(|t| t.is_finite() && *t >= 0.0)
        .ok_or("\"at\" must be a number of seconds >= 0")?;
    if at < last_at {
        return Err(format!(
            "time goes backwards: at {at} is before the previous call's {last_at}"
        ));
    }
    let action = object
        .get("action")
        .and_then(Value::as_str)
        .ok_or("missing \"action\"")?;
    if !ACTIONS.contains(&action) {
        return Err(format!("unknown action \"{action}\""));
    }
    let params = object.get("params").cloned().unwrap_or_else(|| json!({}));
    if !params.is_object() {
        return Err("\"params\" must be a JSON object".into());
    }
    Ok(Call {
        at,
        action: action.to_owned(),
        params,
    })
}

/// Seconds as the output writes them.
fn seconds(ms: u64) -> f64 {
    ms as f64 / 1000.0
}

fn error_json(error: &SqsError) -> Value {
    json!({
        "code": error.code.as_str(),
        "message": error.message,
        "query_code": error.code.query_code(),
        "http_status": error.code.http_status(),
    })
}

fn report(
    out: &mut Vec<String>,
    problems: &mut Vec<String>,
    line: usize,
    at: Option<f64>,
    problem: LineProblem,
) {
    report_call(out, problems, line, at, None, problem)
}

/// Writes the error line of a call that was not made.
fn report_call(
    out: &mut Vec<String>,
    problems: &mut Vec<String>,
    line: usize,
    at: Option<f64>,
    action: Option<&str>,
    problem: LineProblem,
) {
    let (code, message) = match problem {
        LineProblem::Invalid(message) => ("RunnerInvalidLine", message),
        LineProblem::Unresolved(message) => ("RunnerRefUnresolved", message),
    };
    problems.push(format!("line {line}: {message}"));
    let mut entry = Map::new();
    entry.insert("line".into(), json!(line));
    if let Some(at) = at {
        entry.insert("at".into(), json!(at));
    }
    if let Some(action) = action {
        entry.insert("action".into(), json!(action));
    }
    entry.insert("ok".into(), json!(false));
    entry.insert("error".into(), json!({"code": code, "message": message}));
    out.push(Value::Object(entry).to_string());
}

/// The queue a call addresses: the name in its QueueUrl, or CreateQueue's QueueName.
fn queue_name(action: &str, params: &Value, sqs: &Sqs) -> Option<String> {
    if action == "CreateQueue" {
        return params
            .get("QueueName")
            .and_then(Value::as_str)
            .map(str::to_owned);
    }
    let url = params.get("QueueUrl")?.as_str()?;
    sqs.name_from_url(url).ok().map(str::to_owned)
}

/// Applies the format's substitutions to a call's parameters.
fn substitute(params: &Value, sqs: &Sqs, results: &Results) -> Result<Value, LineProblem> {
    let mut params = substitute_value(params, sqs, results)?;
    // A QueueUrl with no "/" is a queue name.
    if let Some(Value::String(url)) = params.get_mut("QueueUrl") {
        if !url.contains('/') {
            *url = sqs.queue_url(url);
        }
    }
    Ok(params)
}

fn substitute_value(value: &Value, sqs: &Sqs, results: &Results) -> Result<Value, LineProblem> {
    Ok(match value {
        Value::String(text) => Value::String(substitute_string(text, sqs, results)?),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|v| substitute_value(v, sqs, results))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| Ok((k.clone(), substitute_value(v, sqs, results)?)))
                .collect::<Result<_, _>>()?,
        ),
        other => other.clone(),
    })
}

fn substitute_string(text: &str, sqs: &Sqs, results: &Results) -> Result<String, LineProblem> {
    if let Some(rest) = text.strip_prefix("$$") {
        return Ok(format!("${rest}"));
    }
    if let Some(reference) = parse_reference(text) {
        let (kind, line, index) = reference;
        let table = if kind == 'r' {
            &results.handles
        } else {
            &results.message_ids
        };
        return table
            .get(&line)
            .and_then(|values| values.get(index))
            .cloned()
            .ok_or_else(|| {
                LineProblem::Unresolved(format!(
                    "{text}: line {line} gave no result number {index}"
                ))
            });
    }
    // ${arn:NAME} and ${url:NAME} anywhere in the string.
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let inner = &after[..end];
        match inner.split_once(':') {
            Some(("arn", name)) => out.push_str(&sqs.queue_arn(name)),
            Some(("url", name)) => out.push_str(&sqs.queue_url(name)),
            _ => out.push_str(&rest[start..start + 2 + end + 1]),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// `$r<L>.<i>` or `$m<L>.<i>`, the whole string.
fn parse_reference(text: &str) -> Option<(char, usize, usize)> {
    let rest = text.strip_prefix('$')?;
    let kind = rest.chars().next().filter(|c| *c == 'r' || *c == 'm')?;
    let (line, index) = rest[1..].split_once('.')?;
    Some((kind, line.parse().ok()?, index.parse().ok()?))
}

/// Records what later lines may refer to.
fn remember(results: &mut Results, line: usize, action: &str, response: &Value) {
    let strings = |items: Option<&Value>, key: &str| -> Vec<String> {
        items
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(|m| m.get(key)?.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    match action {
        "ReceiveMessage" => {
            results
                .handles
                .insert(line, strings(response.get("Messages"), "ReceiptHandle"));
            results
                .message_ids
                .insert(line, strings(response.get("Messages"), "MessageId"));
        }
        "SendMessage" => {
            let id = response
                .get("MessageId")
                .and_then(Value::as_str)
                .map(str::to_owned);
            results.message_ids.insert(line, id.into_iter().collect());
        }
        "SendMessageBatch" => {
            results
                .message_ids
                .insert(line, strings(response.get("Successful"), "MessageId"));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(script: &str) -> Vec<Value> {
        let (lines, _) = run_script(script, &ReplayOptions::default());
        lines
            .iter()
            .skip(1)
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    #[test]
    fn a_bad_line_is_reported_and_the_others_still_run() {
        let out = run(concat!(
            "{\"at\": 0, \"action\": \"CreateQueue\", \"params\": {\"QueueName\": \"q\"}}\n",
            "{not json\n",
            "{\"at\": 1, \"action\": \"Frobnicate\"}\n",
            "{\"at\": 1, \"action\": \"ListQueues\"}\n",
            "{\"at\": 0.5, \"action\": \"ListQueues\"}\n",
            "{\"at\": 2, \"action\": \"GetQueueUrl\", \"params\": {\"QueueName\": \"q\"}}\n",
        ));
        assert_eq!(out.len(), 6);
        assert_eq!(out[1]["line"], 2);
        assert_eq!(out[1]["error"]["code"], "RunnerInvalidLine");
        assert!(out[2]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("unknown action \"Frobnicate\""));
        assert_eq!(out[2]["line"], 3);
        assert_eq!(out[3]["ok"], true);
        assert!(out[4]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("time goes backwards"));
        assert_eq!(out[5]["ok"], true);
    }

    #[test]
    fn references_to_results_that_do_not_exist_are_unresolved() {
        let out = run(concat!(
            "{\"at\": 0, \"action\": \"CreateQueue\", \"params\": {\"QueueName\": \"q\"}}\n",
            "{\"at\": 0, \"action\": \"ReceiveMessage\", \"params\": {\"QueueUrl\": \"q\"}}\n",
            "{\"at\": 0, \"action\": \"DeleteMessage\", \"params\": {\"QueueUrl\": \"q\", \"ReceiptHandle\": \"$r2.0\"}}\n",
        ));
        assert_eq!(out[2]["error"]["code"], "RunnerRefUnresolved");
        assert_eq!(out[2]["action"], "DeleteMessage");
    }

    #[test]
    fn arn_and_url_placeholders_and_escaped_dollars_are_substituted() {
        let sqs = Sqs::new(SqsConfig::default());
        let results = Results::default();
        let text = substitute_string(
            "{\"t\": \"${arn:dlq}\", \"u\": \"${url:q}\"}",
            &sqs,
            &results,
        )
        .ok()
        .unwrap();
        assert_eq!(
            text,
            "{\"t\": \"arn:aws:sqs:us-east-1:123456789012:dlq\", \"u\": \"https://sqs.us-east-1.amazonaws.com/123456789012/q\"}"
        );
        assert_eq!(
            substitute_string("$$r1.0", &sqs, &results).ok().unwrap(),
            "$r1.0"
        );
    }
}
