//! Digests SQS returns and uses: MD5 of bodies and attributes, SHA-256 for content-based
//! deduplication.
//!
//! The attribute digest follows the Developer Guide (`sqs-message-metadata`, "Calculating the
//! MD5 message digest for message attributes"): attributes sorted by name; for each, the
//! name, the data type and the value, each preceded by its 4-byte big-endian length, with a
//! transport byte (1 for String and Number, 2 for Binary) before the value.

use md5::{Digest, Md5};
use sha2::Sha256;

use super::message::{Md5Hex, MessageAttributeValue, MessageAttributes};

/// Writes the lower-case hex of `bytes` into `out` (twice as long).
pub(crate) fn write_hex(bytes: &[u8], out: &mut [u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for (byte, pair) in bytes.iter().zip(out.chunks_exact_mut(2)) {
        pair[0] = DIGITS[usize::from(byte >> 4)];
        pair[1] = DIGITS[usize::from(byte & 0xf)];
    }
}

/// Lower-case hex of a digest.
fn hex(bytes: &[u8]) -> String {
    let mut out = vec![0u8; bytes.len() * 2];
    write_hex(bytes, &mut out);
    String::from_utf8(out).expect("hex digits are ASCII")
}

/// `MD5OfMessageBody` / `MD5OfBody`: hex MD5 of the UTF-8 body.
pub fn md5_of_body(body: &str) -> Md5Hex {
    let mut out = [0u8; 32];
    write_hex(&Md5::digest(body.as_bytes()), &mut out);
    Md5Hex::from_ascii(out)
}

/// Feeds `bytes` preceded by its length as a 4-byte big-endian integer.
fn length_prefixed(hasher: &mut Md5, bytes: &[u8]) {
    hasher.update((bytes.len() as u32).to_be_bytes());
    hasher.update(bytes);
}

/// `MD5OfMessageAttributes` (and `MD5OfMessageSystemAttributes`): `None` when there are none,
/// since SQS then omits the member.
pub fn md5_of_attributes<'a>(
    attributes: impl IntoIterator<Item = (&'a String, &'a MessageAttributeValue)>,
) -> Option<String> {
    let mut sorted: Vec<(&String, &MessageAttributeValue)> = attributes.into_iter().collect();
    if sorted.is_empty() {
        return None;
    }
    // Names are unique: an unstable sort gives the same order, in less code.
    sorted.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut hasher = Md5::new();
    for (name, value) in sorted {
        length_prefixed(&mut hasher, name.as_bytes());
        length_prefixed(&mut hasher, value.data_type.as_bytes());
        match value.binary_value.as_ref() {
            Some(binary) if value.is_binary() => {
                hasher.update([2u8]);
                length_prefixed(&mut hasher, binary);
            }
            _ => {
                hasher.update([1u8]);
                length_prefixed(
                    &mut hasher,
                    value.string_value.as_deref().unwrap_or("").as_bytes(),
                );
            }
        }
    }
    Some(hex(&hasher.finalize()))
}

/// Convenience for a whole attribute map.
pub fn md5_of_message_attributes(attributes: &MessageAttributes) -> Option<String> {
    md5_of_attributes(attributes.iter())
}

/// The deduplication id content-based deduplication derives from a body: lower-case hex
/// SHA-256 of the UTF-8 body, attributes ignored. (AWS documents SHA-256 of the body; the
/// exact text form of the id is unconfirmed — SQS_SEMANTICS.md §2.10.2 — hex is the convention.)
pub fn content_deduplication_id(body: &str) -> String {
    hex(&Sha256::digest(body.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sqs::message::MessageAttributeValue;
    use std::collections::BTreeMap;

    fn strings(pairs: &[(&str, &str)]) -> MessageAttributes {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), MessageAttributeValue::string("String", v)))
            .collect()
    }

    // Test vectors from AWS responses recorded in SQS_SEMANTICS.md §2.17.
    #[test]
    fn body_digests_match_aws() {
        assert_eq!(
            md5_of_body("message-body-1"),
            "19c9e282d65f9733bc6b35d50062c7ee"
        );
        assert_eq!(md5_of_body("msg"), "6e2baaf3b97dbeef01c0043275f9a0e7");
        assert_eq!(md5_of_body("test"), "098f6bcd4621d373cade4e832627b4f6");
        assert_eq!(md5_of_body("a"), "0cc175b9c0f1b6a831c399e269772661");
    }

    #[test]
    fn attribute_digests_match_aws() {
        assert_eq!(
            md5_of_message_attributes(&strings(&[("Foo", "Bar")])).unwrap(),
            "ae7155c6026991b6d54b11589678bf9c"
        );
        assert_eq!(
            md5_of_message_attributes(&strings(&[("MyAttribute", "foobar")])).unwrap(),
            "adb59cd4678ea5a855436b949cd07ab6"
        );
        assert_eq!(
            md5_of_message_attributes(&strings(&[("k", "x")])).unwrap(),
            "a45daa70926828a2f0a1db3418e6feb4"
        );
        let number: MessageAttributes = BTreeMap::from([(
            "timestamp".to_string(),
            MessageAttributeValue::string("Number", "1493147359900"),
        )]);
        assert_eq!(
            md5_of_message_attributes(&number).unwrap(),
            "235c5c510d26fb653d073faed50ae77c"
        );
        let three = strings(&[("General", "Kenobi"), ("Hello", "There"), ("Help.Me", "Me")]);
        assert_eq!(
            md5_of_message_attributes(&three).unwrap(),
            "4c360f3fdafd970e05fae2f149d997f5"
        );
        assert_eq!(
            md5_of_message_attributes(&strings(&[("Hello", "There"), ("Help.Me", "Me")])).unwrap(),
            "83fee93c1bcd8b9a5a923ffacdc636c7"
        );
        let binary: MessageAttributes = BTreeMap::from([(
            "attr1".to_string(),
            MessageAttributeValue::binary(
                "Binary",
                b"traceparent\x1e00-774062d6c37081a5a0b9b5b88e30627c-2d2482211f6489da-01".to_vec(),
            ),
        )]);
        assert_eq!(
            md5_of_message_attributes(&binary).unwrap(),
            "8cbe4db156db8a94db8b801b7addb984"
        );
        assert_eq!(md5_of_message_attributes(&BTreeMap::new()), None);
    }

    #[test]
    fn system_attribute_digest_matches_aws() {
        let trace = strings(&[(
            "AWSTraceHeader",
            "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
        )]);
        assert_eq!(
            md5_of_message_attributes(&trace).unwrap(),
            "5ae4d5d7636402d80f4eb6d213245a88"
        );
    }

    #[test]
    fn content_deduplication_id_is_hex_sha256_of_the_body() {
        assert_eq!(
            content_deduplication_id("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
