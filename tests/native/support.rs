//! A small client for engine tests: calls actions by name at a virtual time in seconds.

use serde_json::{json, Value};
use sqs_sim::sqs::{DeliveryModel, ErrorCode, Sqs, SqsConfig, SqsError};
use sqs_sim::time::SimTime;

pub struct Client {
    pub sqs: Sqs,
}

/// Seconds (possibly fractional) as a virtual instant.
pub fn at(seconds: f64) -> SimTime {
    SimTime((seconds * 1000.0).round() as u64)
}

impl Client {
    /// A service with the ideal delivery model: exact, as a teacher's example needs.
    pub fn new() -> Client {
        Client::with_model(DeliveryModel::ideal(), 1)
    }

    pub fn with_model(delivery: DeliveryModel, seed: u64) -> Client {
        Client {
            sqs: Sqs::new(SqsConfig {
                delivery,
                seed,
                ..SqsConfig::default()
            }),
        }
    }

    pub fn url(&self, name: &str) -> String {
        self.sqs.queue_url(name)
    }

    pub fn arn(&self, name: &str) -> String {
        self.sqs.queue_arn(name)
    }

    /// Calls an action; `QueueUrl` may be given as a bare queue name.
    pub fn try_call(&mut self, t: f64, action: &str, mut params: Value) -> Result<Value, SqsError> {
        if let Some(Value::String(url)) = params.get_mut("QueueUrl") {
            if !url.contains('/') {
                *url = self.sqs.queue_url(url);
            }
        }
        self.sqs.call(at(t), action, params)
    }

    /// Calls an action that must succeed.
    pub fn call(&mut self, t: f64, action: &str, params: Value) -> Value {
        let shown = params.to_string();
        self.try_call(t, action, params)
            .unwrap_or_else(|e| panic!("{action} {shown} failed: {e}"))
    }

    /// Calls an action that must fail; returns the error.
    pub fn fail(&mut self, t: f64, action: &str, params: Value) -> SqsError {
        let shown = params.to_string();
        match self.try_call(t, action, params) {
            Ok(response) => panic!("{action} {shown} succeeded with {response}"),
            Err(e) => e,
        }
    }

    pub fn create(&mut self, t: f64, name: &str, attributes: Value) -> String {
        self.call(
            t,
            "CreateQueue",
            json!({"QueueName": name, "Attributes": attributes}),
        );
        self.url(name)
    }

    pub fn send(&mut self, t: f64, queue: &str, body: &str) -> String {
        let response = self.call(
            t,
            "SendMessage",
            json!({"QueueUrl": queue, "MessageBody": body}),
        );
        response["MessageId"].as_str().unwrap().to_owned()
    }

    pub fn send_fifo(&mut self, t: f64, queue: &str, body: &str, group: &str) -> Value {
        self.call(
            t,
            "SendMessage",
            json!({"QueueUrl": queue, "MessageBody": body, "MessageGroupId": group}),
        )
    }

    /// ReceiveMessage with extra parameters; returns the messages (empty when none).
    pub fn receive_with(&mut self, t: f64, queue: &str, mut params: Value) -> Vec<Value> {
        params["QueueUrl"] = json!(queue);
        let response = self.call(t, "ReceiveMessage", params);
        response
            .get("Messages")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    }

    /// ReceiveMessage of up to 10 with all system attributes.
    pub fn receive(&mut self, t: f64, queue: &str) -> Vec<Value> {
        self.receive_with(
            t,
            queue,
            json!({"MaxNumberOfMessages": 10, "MessageSystemAttributeNames": ["All"]}),
        )
    }

    /// Bodies of received messages, in order.
    pub fn bodies(messages: &[Value]) -> Vec<String> {
        messages
            .iter()
            .map(|m| m["Body"].as_str().unwrap().to_owned())
            .collect()
    }

    /// The three counters, as (visible, not visible, delayed).
    pub fn counts(&mut self, t: f64, queue: &str) -> (u64, u64, u64) {
        let r = self.call(
            t,
            "GetQueueAttributes",
            json!({"QueueUrl": queue, "AttributeNames": ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"]}),
        );
        let n = |k: &str| r["Attributes"][k].as_str().unwrap().parse::<u64>().unwrap();
        (
            n("ApproximateNumberOfMessages"),
            n("ApproximateNumberOfMessagesNotVisible"),
            n("ApproximateNumberOfMessagesDelayed"),
        )
    }

    pub fn delete(&mut self, t: f64, queue: &str, handle: &Value) -> Result<Value, SqsError> {
        self.try_call(
            t,
            "DeleteMessage",
            json!({"QueueUrl": queue, "ReceiptHandle": handle}),
        )
    }

    pub fn change_visibility(
        &mut self,
        t: f64,
        queue: &str,
        handle: &Value,
        timeout: i64,
    ) -> Result<Value, SqsError> {
        self.try_call(
            t,
            "ChangeMessageVisibility",
            json!({"QueueUrl": queue, "ReceiptHandle": handle, "VisibilityTimeout": timeout}),
        )
    }
}

/// Asserts an error's code and exact message.
pub fn assert_error(error: &SqsError, code: ErrorCode, message: &str) {
    assert_eq!(error.code, code, "{}", error.message);
    assert_eq!(error.message, message);
}
