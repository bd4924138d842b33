//! Reading the scenario format's tagged objects (`{"kind": "poisson", "per_second": 5}`)
//! through a flat record of every member any kind may have, checked against the kind.
//!
//! Why not serde's internally tagged enums: to read one, serde buffers the whole object in a
//! generic value first and then runs a separate visitor per variant, which for the commands,
//! arrivals and distributions came to about 40 KB of the browser's download. A flat record is
//! one small visitor. The errors say what serde's would: `missing field `x``, and
//! `unknown field `x`, expected `a`` naming the members the kind has.

/// The error for a member the kind does not have, worded as serde words it.
pub(crate) fn unknown_field(name: &str, expected: &[&str]) -> String {
    match expected {
        [] => format!("unknown field `{name}`, there are no fields"),
        [one] => format!("unknown field `{name}`, expected `{one}`"),
        many => format!(
            "unknown field `{name}`, expected one of {}",
            many.iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Refuses the first member that is present but not one of `allowed`.
pub(crate) fn only(present: &[(&str, bool)], allowed: &[&str]) -> Result<(), String> {
    match present
        .iter()
        .find(|(name, here)| *here && !allowed.contains(name))
    {
        Some((name, _)) => Err(unknown_field(name, allowed)),
        None => Ok(()),
    }
}

/// A member the kind needs.
pub(crate) fn required<T>(value: Option<T>, name: &str) -> Result<T, String> {
    value.ok_or_else(|| format!("missing field `{name}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_worded_as_serde_words_them() {
        assert_eq!(
            unknown_field("x", &[]),
            "unknown field `x`, there are no fields"
        );
        assert_eq!(
            unknown_field("x", &["a"]),
            "unknown field `x`, expected `a`"
        );
        assert_eq!(
            unknown_field("x", &["a", "b"]),
            "unknown field `x`, expected one of `a`, `b`"
        );
        assert_eq!(only(&[("a", true), ("b", false)], &["a"]), Ok(()));
        assert!(only(&[("a", true), ("b", true)], &["a"]).is_err());
        assert_eq!(required::<u8>(None, "q").unwrap_err(), "missing field `q`");
    }
}
