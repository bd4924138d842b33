//! Numbers as people type them ("2", "0.5", ".5", "+3", "1e3"): fields, ranges, goals, links.
//!
//! Read by serde_json's number reader rather than `str::parse::<f64>`: the standard library's
//! exact reader brings a 10 KB table of powers of five into the page's download (about 13.5
//! KB gzipped with its code, by a breakdown of the page's wasm), while serde_json's reader is there already for scenarios, which the
//! page, its workers and the command line all read with it. For up to 15 significant digits
//! and a decimal exponent within ±22 (any number a field, a range or a link holds) it is exact:
//! one multiplication or division of two exactly representable numbers, correctly rounded. A
//! longer number can come out one unit in the last place off, in the page and natively alike.

/// The number `text` holds (surrounding spaces allowed), if it is a finite one.
pub fn parse(text: &str) -> Option<f64> {
    let text = text.trim();
    // JSON has no leading `+`, no leading or trailing `.` and no leading zeros: write the
    // number as JSON does, then read it.
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.strip_prefix('+').unwrap_or(text)),
    };
    let (mantissa, exponent) =
        unsigned.split_at(unsigned.find(['e', 'E']).unwrap_or(unsigned.len()));
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty() || !digits(whole) || !digits(fraction) {
        return None;
    }
    let whole = match whole.trim_start_matches('0') {
        "" => "0",
        digits => digits,
    };
    let point = if fraction.is_empty() { "" } else { "." };
    serde_json::from_str(&format!("{sign}{whole}{point}{fraction}{exponent}")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn what_people_type_reads_as_the_standard_library_reads_it() {
        for text in [
            "2", "0.5", ".5", "5.", "+3", "-0.25", "-.5", "007", "1e3", "2.5E-2", " 12 ",
        ] {
            assert_eq!(parse(text), text.trim().parse::<f64>().ok(), "{text}");
        }
    }

    #[test]
    fn what_is_not_a_finite_number_is_refused() {
        for text in [
            "", ".", "-", "+-1", "--1", "0-1", "1.-2", "1e", "e5", "1.2.3", "0x10", "1_000", "inf",
            "NaN", "1e400", "two",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }

    proptest! {
        /// Up to 15 significant digits with a decimal exponent within ±22: the same bits as
        /// the standard library's exact reader.
        #[test]
        fn exact_within_its_range(
            sign in "[-+]?",
            whole in "[0-9]{0,8}",
            point in "[.]?",
            fraction in "[0-9]{0,7}",
            exponent in proptest::option::of(-15i32..=15),
        ) {
            prop_assume!(!whole.is_empty() || !fraction.is_empty());
            let exponent = exponent.map_or(String::new(), |e| format!("e{e}"));
            let text = format!("{sign}{whole}{point}{fraction}{exponent}");
            let ours = parse(&text).expect("a number");
            let std = text.parse::<f64>().unwrap();
            // Equal non-zero floats have equal bits; zero may differ in sign only.
            prop_assert_eq!(ours, std, "{}", text);
        }
    }
}
