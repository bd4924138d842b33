//! Messages: what a producer sends and SQS stores, and the rules a message must follow.
//!
//! AWS SQS API Reference, SendMessage and `MessageAttributeValue`; Developer Guide,
//! `sqs-message-metadata` (attribute names, types and values) and `quotas-messages`. The size
//! SQS checks against `MaximumMessageSize` counts the UTF-8 body plus, for every message
//! attribute, its name, data type and value; system attributes (AWSTraceHeader) do not count.

use std::collections::BTreeMap;

use base64::Engine;
use serde::{Deserialize, Serialize};

use super::error::{ErrorCode, SqsError, SqsResult};
use super::limits::{MAX_ATTRIBUTE_NAME_LEN, MAX_ID_PARAMETER_LEN, MAX_MESSAGE_ATTRIBUTES};
use crate::time::SimTime;

/// A message attribute's value, as the JSON protocol carries it (blobs base64-encoded).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct MessageAttributeValue {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub string_value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "base64_blob")]
    pub binary_value: Option<Vec<u8>>,
    /// Reserved by AWS ("not implemented"); accepted and ignored, as SQS does.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub string_list_values: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub binary_list_values: Vec<serde_json::Value>,
    pub data_type: String,
}

/// Message attributes by name; a `BTreeMap` so that iteration (and so every digest and every
/// output) is in one stable order.
pub type MessageAttributes = BTreeMap<String, MessageAttributeValue>;

impl MessageAttributeValue {
    /// A String or Number attribute (`data_type` may carry a custom label, `String.json`).
    pub fn string(data_type: &str, value: &str) -> MessageAttributeValue {
        MessageAttributeValue {
            string_value: Some(value.to_owned()),
            data_type: data_type.to_owned(),
            ..Default::default()
        }
    }

    /// A Binary attribute.
    pub fn binary(data_type: &str, value: Vec<u8>) -> MessageAttributeValue {
        MessageAttributeValue {
            binary_value: Some(value),
            data_type: data_type.to_owned(),
            ..Default::default()
        }
    }

    /// The base type before any custom label: `String`, `Number` or `Binary`.
    pub fn base_type(&self) -> &str {
        self.data_type.split('.').next().unwrap_or("")
    }

    pub fn is_binary(&self) -> bool {
        self.base_type() == "Binary"
    }

    /// Bytes this attribute adds to the message size: name + data type + value.
    pub fn size_with_name(&self, name: &str) -> usize {
        let value = match (&self.binary_value, &self.string_value) {
            (Some(binary), _) if self.is_binary() => binary.len(),
            (_, Some(text)) => text.len(),
            _ => 0,
        };
        name.len() + self.data_type.len() + value
    }
}

/// Serde for base64 blobs, as the JSON protocol encodes `BinaryValue`.
mod base64_blob {
    use super::*;
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(
        value: &Option<Vec<u8>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(bytes) => {
                serializer.serialize_str(&base64::engine::general_purpose::STANDARD.encode(bytes))
            }
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Vec<u8>>, D::Error> {
        let text: Option<String> = Option::deserialize(deserializer)?;
        text.map(|text| {
            base64::engine::general_purpose::STANDARD
                .decode(text.as_bytes())
                .map_err(|e| {
                    serde::de::Error::custom(format!("BinaryValue is not valid base64: {e}"))
                })
        })
        .transpose()
    }
}

/// True for the characters SQS allows in a body and in String attribute values:
/// `#x9 | #xA | #xD | #x20–#xD7FF | #xE000–#xFFFD | #x10000–#x10FFFF` (XML 1.0 characters).
pub fn is_allowed_char(c: char) -> bool {
    matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// True when every byte is in 0x20..=0x7F. A word at a time: subtracting 0x20 from each byte
/// sets a byte's top bit exactly when it is below 0x20 (a borrow into the next byte needs a
/// byte below 0x20 first), and OR-ing the word itself adds the bytes of 0x80 and above. The
/// wasm build has no SIMD, so this is 8 times fewer steps than a loop over bytes.
fn printable_ascii(bytes: &[u8]) -> bool {
    const SPACES: u64 = u64::from_ne_bytes([0x20; 8]);
    const TOP_BITS: u64 = u64::from_ne_bytes([0x80; 8]);
    let (words, rest) = bytes.as_chunks::<8>();
    let any_outside = words.iter().fold(0, |any, word| {
        let word = u64::from_le_bytes(*word);
        any | word.wrapping_sub(SPACES) | word
    });
    any_outside & TOP_BITS == 0 && rest.iter().all(|b| (0x20..0x80).contains(b))
}

/// Checks a message body's characters (`InvalidMessageContents` otherwise).
pub fn validate_body_characters(body: &str) -> SqsResult<()> {
    // This runs for every message sent. Most bodies are printable ASCII, which eight bytes at
    // a time settle; anything else (tabs, line breaks, other scripts) is checked by character.
    if printable_ascii(body.as_bytes()) || body.chars().all(is_allowed_char) {
        Ok(())
    } else {
        // AWS's text is unconfirmed (SQS_SEMANTICS.md §3.1); this names the allowed set.
        Err(SqsError::new(
            ErrorCode::InvalidMessageContents,
            "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF",
        ))
    }
}

/// Validates `MessageGroupId`, `MessageDeduplicationId` and `ReceiveRequestAttemptId`:
/// 1..=128 characters, each alphanumeric or ASCII punctuation (no spaces).
pub fn validate_id_parameter(parameter: &str, value: &str) -> SqsResult<()> {
    let well_formed = !value.is_empty()
        && value.chars().count() <= MAX_ID_PARAMETER_LEN
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c.is_ascii_punctuation());
    if well_formed {
        return Ok(());
    }
    Err(SqsError::invalid_value(
        parameter,
        value,
        &format!("{parameter} can only include alphanumeric and punctuation characters. 1 to 128 in length."),
    ))
}

/// A letter of Latin-1 outside ASCII (`char::is_alphabetic` below U+0100, spelt out: the
/// general Unicode tables would cost the browser's download several KB for 65 characters).
fn is_latin1_letter(c: char) -> bool {
    matches!(c, 'ª' | 'µ' | 'º') || (('\u{C0}'..='\u{FF}').contains(&c) && c != '×' && c != '÷')
}

/// Validates one message attribute's name (Developer Guide, `sqs-message-metadata`).
fn validate_attribute_name(name: &str) -> SqsResult<()> {
    let lower = name.to_ascii_lowercase();
    // AWS also accepts Latin-1 letters such as ø, ß, ä in names (SQS_SEMANTICS.md §1.2).
    let chars_ok = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') || is_latin1_letter(c));
    let reason = if name.is_empty() {
        Some("Message attribute name must not be empty.")
    } else if name.chars().count() > MAX_ATTRIBUTE_NAME_LEN {
        Some("Message attribute name can be up to 256 characters long.")
    } else if !chars_ok {
        Some("Message attribute name can only contain alphanumeric characters, hyphens, underscores and periods.")
    } else if lower.starts_with("aws.") || lower.starts_with("amazon.") {
        Some("Message attribute name must not start with AWS. or Amazon. (any case).")
    } else if name.starts_with('.') || name.ends_with('.') || name.contains("..") {
        Some("Message attribute name must not start or end with a period or have successive periods.")
    } else {
        None
    };
    // Texts for bad names are unconfirmed on AWS (only the code is observed).
    match reason {
        Some(reason) => Err(SqsError::new(
            ErrorCode::InvalidParameterValue,
            format!("Message (user) attribute name '{name}' is invalid. Reason: {reason}"),
        )),
        None => Ok(()),
    }
}

/// Validates a Number attribute value: up to 38 significant digits, within 10^-128..10^+126.
fn is_valid_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => match e.parse::<i64>() {
            Ok(e) => (m, e),
            Err(_) => return false,
        },
        None => (unsigned, 0),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int_part.is_empty() && frac_part.is_empty() {
        return false;
    }
    if !int_part
        .chars()
        .chain(frac_part.chars())
        .all(|c| c.is_ascii_digit())
    {
        return false;
    }
    let digits: String = int_part.chars().chain(frac_part.chars()).collect();
    let significant = digits.trim_start_matches('0').trim_end_matches('0');
    if significant.len() > 38 {
        return false;
    }
    if significant.is_empty() {
        return true; // zero
    }
    // Decimal exponent of the leading significant digit.
    let leading_zeros = digits.len() - digits.trim_start_matches('0').len();
    let magnitude = exponent.saturating_add(int_part.len() as i64 - 1 - leading_zeros as i64);
    (-128..=126).contains(&magnitude)
}

/// Validates the message attributes of one message.
pub fn validate_message_attributes(attributes: &MessageAttributes) -> SqsResult<()> {
    if attributes.len() > MAX_MESSAGE_ATTRIBUTES {
        return Err(SqsError::new(
            ErrorCode::InvalidParameterValue,
            format!("Number of message attributes [{}] exceeds the allowed maximum [{MAX_MESSAGE_ATTRIBUTES}].", attributes.len()),
        ));
    }
    for (name, value) in attributes {
        validate_attribute_name(name)?;
        let label_ok = value
            .data_type
            .split_once('.')
            .is_none_or(|(_, label)| !label.is_empty());
        let base = value.base_type();
        if !matches!(base, "String" | "Number" | "Binary")
            || !label_ok
            || value.data_type.chars().count() > MAX_ATTRIBUTE_NAME_LEN
        {
            return Err(SqsError::new(
                ErrorCode::InvalidParameterValue,
                format!("The message attribute '{name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String."),
            ));
        }
        match base {
            "Binary" => {
                if value.binary_value.is_none() {
                    return Err(SqsError::new(
                        ErrorCode::InvalidParameterValue,
                        format!("Message (user) attribute '{name}' must contain a non-empty value of type 'Binary'."),
                    ));
                }
            }
            _ => {
                let text = value.string_value.as_deref().unwrap_or("");
                if text.is_empty() {
                    return Err(SqsError::new(
                        ErrorCode::InvalidParameterValue,
                        format!("Message (user) attribute '{name}' must contain a non-empty value of type '{base}'."),
                    ));
                }
                if !text.chars().all(is_allowed_char) {
                    return Err(SqsError::new(
                        ErrorCode::InvalidParameterValue,
                        format!("Message (user) attribute '{name}' contains invalid characters."),
                    ));
                }
                if base == "Number" && !is_valid_number(text) {
                    return Err(SqsError::new(
                        ErrorCode::InvalidParameterValue,
                        format!("Could not cast message attribute '{name}' value to number."),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Validates `MessageSystemAttributes`: only `AWSTraceHeader`, a String.
pub fn validate_system_attributes(attributes: &MessageAttributes) -> SqsResult<()> {
    for (name, value) in attributes {
        if name != "AWSTraceHeader" {
            return Err(SqsError::new(
                ErrorCode::InvalidParameterValue,
                format!("Message system attribute name '{name}' is invalid."),
            ));
        }
        if value.base_type() != "String" || value.string_value.as_deref().is_none_or(str::is_empty)
        {
            return Err(SqsError::new(
                ErrorCode::InvalidParameterValue,
                "Message system attribute 'AWSTraceHeader' must contain a non-empty value of type 'String'.",
            ));
        }
    }
    Ok(())
}

/// The size SQS compares with `MaximumMessageSize`.
pub fn message_size(body: &str, attributes: &MessageAttributes) -> usize {
    body.len()
        + attributes
            .iter()
            .map(|(name, value)| value.size_with_name(name))
            .sum::<usize>()
}

/// A fixed-length ASCII string stored inline: message ids and MD5 digests. No allocation when
/// a message is stored, and nothing to follow when a receive reads a message that has gone
/// cold in memory (at a million stored messages, each pointer chase is a cache miss).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct InlineStr<const N: usize>([u8; N]);

impl<const N: usize> InlineStr<N> {
    /// The string, if it is ASCII of exactly `N` bytes.
    pub fn new(text: &str) -> Option<InlineStr<N>> {
        let bytes: [u8; N] = text.as_bytes().try_into().ok()?;
        bytes.is_ascii().then_some(InlineStr(bytes))
    }

    /// From bytes the caller knows are ASCII (hex digits, dashes).
    pub(crate) fn from_ascii(bytes: [u8; N]) -> InlineStr<N> {
        debug_assert!(bytes.is_ascii());
        InlineStr(bytes)
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("ASCII by construction")
    }
}

impl<const N: usize> std::fmt::Debug for InlineStr<N> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl<const N: usize> std::fmt::Display for InlineStr<N> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<const N: usize> PartialEq<&str> for InlineStr<N> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// A MessageId: a version-4 UUID, kept as its 128 bits and written in its 36-character form
/// (8-4-4-4-12 lower-case hex digits). Bits rather than text: ids are made, hashed and
/// compared for every message, and shown only when someone looks.
///
/// Two 64-bit words (high, then low, so the derived order is the 128-bit number's) rather than
/// one `u128`: a `u128` is 16-byte aligned, which makes every `Box<Message>` an over-aligned
/// allocation; on wasm32, dlmalloc serves those through its slow `memalign` path.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MessageId {
    high: u64,
    low: u64,
}

/// Where the dashes of the 36-character form are.
const DASHES: [usize; 4] = [8, 13, 18, 23];

impl MessageId {
    pub fn from_bytes(bytes: [u8; 16]) -> MessageId {
        MessageId::from_bits(u128::from_be_bytes(bytes))
    }

    fn from_bits(bits: u128) -> MessageId {
        MessageId {
            high: (bits >> 64) as u64,
            low: bits as u64,
        }
    }

    fn bits(self) -> u128 {
        u128::from(self.high) << 64 | u128::from(self.low)
    }

    /// Reads the 36-character form (lower-case, as SQS writes it).
    pub fn new(text: &str) -> Option<MessageId> {
        let bytes = text.as_bytes();
        if bytes.len() != 36 || DASHES.iter().any(|&i| bytes[i] != b'-') {
            return None;
        }
        bytes
            .iter()
            .enumerate()
            .filter(|(i, _)| !DASHES.contains(i))
            .try_fold(0u128, |id, (_, &c)| {
                let digit = match c {
                    b'0'..=b'9' => c - b'0',
                    b'a'..=b'f' => c - b'a' + 10,
                    _ => return None,
                };
                Some(id << 4 | u128::from(digit))
            })
            .map(MessageId::from_bits)
    }

    /// The 36-character form.
    pub fn to_ascii(self) -> [u8; 36] {
        let mut out = [b'-'; 36];
        let mut bits = self.bits();
        for i in (0..36).rev().filter(|i| !DASHES.contains(i)) {
            out[i] = b"0123456789abcdef"[(bits & 0xf) as usize];
            bits >>= 4;
        }
        out
    }
}

impl std::fmt::Display for MessageId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ascii = self.to_ascii();
        f.write_str(std::str::from_utf8(&ascii).expect("hex digits and dashes"))
    }
}

impl std::fmt::Debug for MessageId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "\"{self}\"")
    }
}

impl PartialEq<&str> for MessageId {
    fn eq(&self, other: &&str) -> bool {
        MessageId::new(other) == Some(*self)
    }
}
/// An MD5 digest in hex.
pub type Md5Hex = InlineStr<32>;

/// Where a message is in its life. Time-bounded states carry the instant they end; the queue
/// moves a message on when that instant has come (see `queue.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageState {
    /// Sent with a delay (queue DelaySeconds or a message timer); receivable from `until`.
    Delayed { until: SimTime },
    /// Receivable. `since` is when it last became available and `order` counts availability
    /// events in the queue: together the ordering key across FIFO groups (SQS_SEMANTICS.md
    /// §2.10.4, where a message made visible again sorts after one never received at the same
    /// instant) and best-effort order in a standard queue.
    Visible { since: SimTime, order: u64 },
    /// Received and not yet deleted; hidden until `until`. `receive` numbers the receive that
    /// issued the current handle; `received_at` anchors the 12-hour cap.
    InFlight {
        until: SimTime,
        receive: u32,
        received_at: SimTime,
    },
}

/// One stored message.
#[derive(Clone, Debug)]
pub struct Message {
    /// Position in the queue's send order: FIFO order, receipt-handle key, stable tie-break.
    pub seq: u64,
    pub message_id: MessageId,
    pub body: String,
    /// MD5OfBody, computed on first use: the simulation's messages often never need it.
    pub body_md5: std::cell::OnceCell<Md5Hex>,
    /// Its MessageAttributes. Their MD5 is computed by each ReceiveMessage over the ones it
    /// returns (`MessageAttributeNames` may select some), so none is stored.
    pub attributes: MessageAttributes,
    /// `MessageSystemAttributes` (only AWSTraceHeader exists).
    pub system_attributes: MessageAttributes,
    /// Bytes counted against MaximumMessageSize.
    pub size: usize,
    /// `SentTimestamp`: when the message was first sent (kept across DLQ moves).
    pub sent_at: SimTime,
    /// When retention starts counting: the send, or a FIFO DLQ move.
    pub enqueued_at: SimTime,
    /// When the message entered this queue (the send, or the DLQ move): its age for
    /// ApproximateAgeOfOldestMessage.
    pub arrived_at: SimTime,
    pub state: MessageState,
    /// `ApproximateReceiveCount`: receives so far, carried into a DLQ.
    pub receive_count: u32,
    /// `ApproximateFirstReceiveTimestamp`.
    pub first_received_at: Option<SimTime>,
    pub group_id: Option<String>,
    pub deduplication_id: Option<String>,
    pub sequence_number: Option<String>,
    /// `DeadLetterQueueSourceArn`, set when a redrive moved the message here.
    pub dead_letter_source_arn: Option<String>,
    /// The standard-queue delivery model's copy state (see `delivery.rs`).
    pub copies: Copies,
}

/// Whether a delete has missed one of a standard message's stored copies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Copies {
    /// No delete has missed a copy.
    #[default]
    Intact,
    /// A delete succeeded but missed a copy: the message will be delivered again when its
    /// visibility lapses.
    SurvivedDelete,
    /// That surviving copy has been delivered; the next delete is final.
    Redelivered,
}

impl Message {
    /// `MD5OfBody`: hex MD5 of the body.
    pub fn md5_of_body(&self) -> Md5Hex {
        *self
            .body_md5
            .get_or_init(|| super::digest::md5_of_body(&self.body))
    }

    pub fn is_in_flight(&self) -> bool {
        matches!(self.state, MessageState::InFlight { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_letters_are_the_alphabetic_characters_below_u0100_outside_ascii() {
        for c in (0x80u32..0x100).filter_map(char::from_u32) {
            assert_eq!(is_latin1_letter(c), c.is_alphabetic(), "{c}");
        }
    }

    #[test]
    fn size_counts_body_and_attribute_names_types_and_values() {
        let attributes = MessageAttributes::from([(
            "k".to_string(),
            MessageAttributeValue::string("String", "x"),
        )]);
        // "k" + "String" + "x" = 8 bytes, as in SQS_SEMANTICS.md SQS-013.
        assert_eq!(message_size("abc", &attributes), 3 + 8);
        assert_eq!(
            message_size("é", &MessageAttributes::new()),
            2,
            "UTF-8 bytes, not characters"
        );
    }

    #[test]
    fn body_characters_follow_the_xml_set() {
        assert!(validate_body_characters("tab\there\r\n ok ✓ 𝄞").is_ok());
        for bad in ["\u{0}", "\u{8}", "\u{13}", "\u{FFFF}"] {
            assert_eq!(
                validate_body_characters(bad).unwrap_err().code,
                ErrorCode::InvalidMessageContents,
                "{bad:?}"
            );
        }
    }

    #[test]
    fn the_word_check_agrees_with_a_byte_check_at_every_position() {
        // Every byte value at every place in a word and in the tail, next to printable bytes
        // on both sides (where a wrong borrow would show).
        for len in [1, 7, 8, 9, 16, 21] {
            for at in 0..len {
                for byte in 0..=255u8 {
                    let mut bytes = vec![b'~'; len];
                    bytes[at] = byte;
                    let expected = (0x20..0x80).contains(&byte);
                    assert_eq!(
                        printable_ascii(&bytes),
                        expected,
                        "{byte:#x} at {at} of {len}"
                    );
                }
            }
        }
        assert!(printable_ascii(b""));
    }

    #[test]
    fn id_parameters_allow_alphanumerics_and_punctuation_only() {
        assert!(validate_id_parameter("MessageGroupId", "customer-42:eu/#1").is_ok());
        let err = validate_id_parameter("MessageGroupId", "group 123").unwrap_err();
        assert_eq!(
            err.message,
            "Value group 123 for parameter MessageGroupId is invalid. Reason: MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length."
        );
        assert!(validate_id_parameter("MessageGroupId", "")
            .unwrap_err()
            .message
            .starts_with("Value  for"));
        assert!(validate_id_parameter("MessageDeduplicationId", &"a".repeat(129)).is_err());
        assert!(validate_id_parameter("MessageDeduplicationId", &"a".repeat(128)).is_ok());
    }

    #[test]
    fn attribute_rules_reject_bad_names_types_and_values() {
        let ok = |name: &str, value: MessageAttributeValue| {
            validate_message_attributes(&MessageAttributes::from([(name.to_string(), value)]))
        };
        assert!(ok("Hello", MessageAttributeValue::string("String", "There")).is_ok());
        assert!(ok(
            "ø.ß-ä_1",
            MessageAttributeValue::string("String.custom", "v")
        )
        .is_ok());
        assert!(ok("AWS.thing", MessageAttributeValue::string("String", "v")).is_err());
        assert!(ok("amazon.thing", MessageAttributeValue::string("String", "v")).is_err());
        assert!(ok(".dot", MessageAttributeValue::string("String", "v")).is_err());
        assert!(ok("a..b", MessageAttributeValue::string("String", "v")).is_err());
        assert!(ok("a", MessageAttributeValue::string("Text", "v")).is_err());
        assert_eq!(
            ok("ErrorDetails", MessageAttributeValue::string("String", "")).unwrap_err().message,
            "Message (user) attribute 'ErrorDetails' must contain a non-empty value of type 'String'."
        );
        assert!(ok("n", MessageAttributeValue::string("Number", "12.50")).is_ok());
        assert!(ok("n", MessageAttributeValue::string("Number", "-1e126")).is_ok());
        assert!(ok("n", MessageAttributeValue::string("Number", "1e127")).is_err());
        assert!(ok("n", MessageAttributeValue::string("Number", "twelve")).is_err());
        assert!(ok(
            "n",
            MessageAttributeValue::string("Number", "1e9223372036854775807")
        )
        .is_err());
        assert!(ok(
            "n",
            MessageAttributeValue::string("Number", &"9".repeat(39))
        )
        .is_err());
        assert!(ok("b", MessageAttributeValue::binary("Binary", vec![0, 1, 2])).is_ok());
        let eleven: MessageAttributes = (0..11)
            .map(|i| {
                (
                    format!("a{i}"),
                    MessageAttributeValue::string("String", "v"),
                )
            })
            .collect();
        assert!(validate_message_attributes(&eleven).is_err());
    }

    #[test]
    fn binary_values_travel_as_base64() {
        let value: MessageAttributeValue =
            serde_json::from_str(r#"{"DataType": "Binary", "BinaryValue": "AAEC"}"#).unwrap();
        assert_eq!(value.binary_value.as_deref(), Some(&[0u8, 1, 2][..]));
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            r#"{"BinaryValue":"AAEC","DataType":"Binary"}"#
        );
        assert!(serde_json::from_str::<MessageAttributeValue>(
            r#"{"DataType": "Binary", "BinaryValue": "***"}"#
        )
        .is_err());
    }
}
