//! base64url without padding (RFC 4648 §5), for share links.
//!
//! Written here rather than taken from the `base64` crate: its general engine was 7 KB of the
//! page's download (2 KB gzipped) for the one alphabet links use, and the budget has no room.
//! Decoding is strict as the crate's is: only the URL-safe alphabet, no padding, no length
//! that leaves a lone symbol, and no bits set past the last whole byte. A property test holds
//! both directions to the crate's answers.

use std::fmt;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Why a text is not base64url.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// A symbol outside the alphabet, at its offset.
    InvalidSymbol(usize, char),
    /// A length of 4n + 1 symbols: the last one carries less than a byte.
    InvalidLength,
    /// The last symbol has bits set past the last whole byte.
    InvalidLastSymbol(usize, char),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::InvalidSymbol(at, c) => write!(f, "invalid symbol {c:?} at offset {at}"),
            DecodeError::InvalidLength => f.write_str("invalid length"),
            DecodeError::InvalidLastSymbol(at, c) => {
                write!(f, "invalid last symbol {c:?} at offset {at}")
            }
        }
    }
}

pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        // 3 bytes give 4 symbols; 2 give 3; 1 gives 2.
        for k in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * k) & 63) as usize]));
        }
    }
    out
}

pub fn decode(text: &str) -> Result<Vec<u8>, DecodeError> {
    let symbols = text.as_bytes();
    if symbols.len() % 4 == 1 {
        return Err(DecodeError::InvalidLength);
    }
    let mut out = Vec::with_capacity(symbols.len() / 4 * 3 + 2);
    for (c, chunk) in symbols.chunks(4).enumerate() {
        let mut n = 0u32;
        for (i, &s) in chunk.iter().enumerate() {
            let value = ALPHABET
                .iter()
                .position(|&a| a == s)
                .ok_or_else(|| DecodeError::InvalidSymbol(c * 4 + i, char::from(s)))?;
            n |= (value as u32) << (18 - 6 * i);
        }
        let bytes = chunk.len() - 1;
        // The bits past the last whole byte must be zero (a canonical encoding).
        if n & (0xFF_FFFF >> (8 * bytes)) != 0 {
            let at = c * 4 + chunk.len() - 1;
            return Err(DecodeError::InvalidLastSymbol(
                at,
                char::from(chunk[chunk.len() - 1]),
            ));
        }
        out.extend((0..bytes).map(|k| (n >> (16 - 8 * k)) as u8));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    use proptest::prelude::*;

    #[test]
    fn rfc_4648_test_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(encode(plain.as_bytes()), encoded);
            assert_eq!(decode(encoded).unwrap(), plain.as_bytes());
        }
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn what_is_not_base64url_is_refused_with_where() {
        assert_eq!(decode("Zm9v+"), Err(DecodeError::InvalidLength));
        assert_eq!(decode("Zm+v"), Err(DecodeError::InvalidSymbol(2, '+')));
        assert_eq!(decode("Zm9v%%"), Err(DecodeError::InvalidSymbol(4, '%')));
        assert_eq!(decode("Zh"), Err(DecodeError::InvalidLastSymbol(1, 'h')));
        assert_eq!(
            decode("Zm9vYg==").unwrap_err().to_string(),
            "invalid symbol '=' at offset 6"
        );
    }

    proptest! {
        #[test]
        fn the_same_as_the_base64_crate(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let ours = encode(&bytes);
            prop_assert_eq!(&ours, &URL_SAFE_NO_PAD.encode(&bytes));
            prop_assert_eq!(decode(&ours).unwrap(), bytes);
        }

        #[test]
        fn refuses_what_the_base64_crate_refuses(text in "[A-Za-z0-9_=+/-]{0,12}") {
            prop_assert_eq!(decode(&text).is_ok(), URL_SAFE_NO_PAD.decode(&text).is_ok());
        }
    }
}
