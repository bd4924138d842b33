//! Identifiers SQS hands out: message ids and receipt handles.
//!
//! Both come from the service's seeded RNG or counters, never from OS entropy, so the same run
//! gives the same ids. A message id looks like AWS's (a version-4 UUID). A receipt handle is
//! opaque to callers, as in SQS, but carries what the engine needs to resolve it without keeping
//! every handle ever issued: the queue instance, the message and the number of the receive that
//! issued it, sealed with a checksum keyed by a per-service secret so that a mangled or made-up
//! handle is recognised as one SQS never issued (`ReceiptHandleIsInvalid`).

use base64::Engine;

use super::message::MessageId;
use rand::{Rng, RngExt};

/// Prefix of every handle, as AWS handles begin.
const HANDLE_PREFIX: &str = "AQEB";

/// A version-4 UUID drawn from `rng`, in the usual 8-4-4-4-12 form.
pub fn message_id(rng: &mut impl Rng) -> MessageId {
    let mut bytes: [u8; 16] = rng.random();
    // The version (4) and variant (10xx) bits of a random UUID.
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    MessageId::from_bytes(bytes)
}

/// What a receipt handle names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HandleKey {
    /// The queue instance (a re-created queue of the same name has another).
    pub queue_uid: u64,
    /// The message's position in that queue.
    pub seq: u64,
    /// Which receive of the message issued the handle (1 for the first).
    pub receive: u32,
}

/// A 64-bit mix (SplitMix64's finaliser): cheap, and enough to tell our handles from others.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn checksum(secret: u64, key: HandleKey) -> u64 {
    mix(secret ^ mix(key.queue_uid ^ mix(key.seq ^ mix(u64::from(key.receive)))))
}

/// Encodes a handle.
pub fn encode_handle(secret: u64, key: HandleKey) -> String {
    let mut bytes = [0u8; 28];
    bytes[0..8].copy_from_slice(&key.queue_uid.to_be_bytes());
    bytes[8..16].copy_from_slice(&key.seq.to_be_bytes());
    bytes[16..20].copy_from_slice(&key.receive.to_be_bytes());
    bytes[20..28].copy_from_slice(&checksum(secret, key).to_be_bytes());
    let mut out = String::with_capacity(HANDLE_PREFIX.len() + 40);
    out.push_str(HANDLE_PREFIX);
    base64::engine::general_purpose::STANDARD.encode_string(bytes, &mut out);
    out
}

/// Decodes a handle this service issued; `None` for anything else.
pub fn decode_handle(secret: u64, handle: &str) -> Option<HandleKey> {
    let body = handle.strip_prefix(HANDLE_PREFIX)?;
    // 28 bytes are 40 base64 characters; decoding into a fixed buffer needs no allocation.
    if body.len() != 40 {
        return None;
    }
    let mut buffer = [0u8; 30];
    let written = base64::engine::general_purpose::STANDARD
        .decode_slice(body, &mut buffer)
        .ok()?;
    let bytes: [u8; 28] = buffer[..written].try_into().ok()?;
    let word = |range: std::ops::Range<usize>| u64::from_be_bytes(bytes[range].try_into().unwrap());
    let key = HandleKey {
        queue_uid: word(0..8),
        seq: word(8..16),
        receive: u32::from_be_bytes(bytes[16..20].try_into().unwrap()),
    };
    (word(20..28) == checksum(secret, key)).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus;

    #[test]
    fn message_ids_are_uuid_v4_shaped_and_reproducible() {
        let id = message_id(&mut Xoshiro256PlusPlus::seed_from_u64(7));
        let id = id.to_string();
        assert_eq!(id.len(), 36);
        assert_eq!(id.as_bytes()[14], b'4');
        assert!(matches!(id.as_bytes()[19], b'8' | b'9' | b'a' | b'b'));
        assert_eq!(
            id,
            message_id(&mut Xoshiro256PlusPlus::seed_from_u64(7)).to_string()
        );
        assert_ne!(
            id,
            message_id(&mut Xoshiro256PlusPlus::seed_from_u64(8)).to_string()
        );
        assert_eq!(MessageId::new(&id).map(|m| m.to_string()), Some(id));
    }

    #[test]
    fn handles_round_trip_and_reject_tampering() {
        let key = HandleKey {
            queue_uid: 3,
            seq: 41,
            receive: 2,
        };
        let handle = encode_handle(99, key);
        assert!(handle.starts_with("AQEB"));
        assert_eq!(decode_handle(99, &handle), Some(key));
        assert_eq!(decode_handle(98, &handle), None, "another service's secret");
        assert_eq!(decode_handle(99, "garbage"), None);
        assert_eq!(decode_handle(99, ""), None);
        let mut tampered = handle.clone().into_bytes();
        let last = tampered.len() - 3;
        tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
        assert_eq!(
            decode_handle(99, std::str::from_utf8(&tampered).unwrap()),
            None
        );
    }
}
