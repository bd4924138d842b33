//! The path (`producers[0].arrival`) of the member at a position in a JSON text, for naming
//! where a scenario went wrong.
//!
//! serde_json says where it stopped (line and column); this walks the text up to there,
//! keeping the stack of open objects and arrays, and names the member being read. It stands in
//! for `serde_path_to_error` on the scenario: that crate wraps every step of deserialisation,
//! which for the scenario's many types cost about 13 KB of the browser's download (measured),
//! while this is one small loop. A test holds it to that crate's answers on hundreds of broken
//! scenarios. One difference remains: serde_json notices a bad command in a timeline entry
//! only when the entry has closed, so the path names the entry (`timeline[0]`) rather than
//! its command (`timeline[0].command`); the message still names the field.

/// One open container.
enum Open {
    /// An object, with the key last read (the member being read, or just read).
    Object { key: Option<String> },
    /// An array, with the index of the element being read.
    Array { index: usize },
}

/// The byte offset of 1-based `line` and `column` (as serde_json counts them) in `text`.
fn offset(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column).min(text.len())
}

/// The path at `line`/`column` of `text` in serde_path_to_error's notation: keys joined by
/// dots, indexes in brackets; "." at the top level.
pub fn path_at(text: &str, line: usize, column: usize) -> String {
    let mut end = offset(text, line, column);
    // A stop at an opening bracket is serde_json peeking at a value of the wrong kind (an
    // array where a name of an event was due): the error is the member's, not its first
    // element's, so the bracket is not entered.
    if end > 0 && matches!(text.as_bytes()[end - 1], b'[' | b'{') {
        end -= 1;
    }
    let bytes = &text.as_bytes()[..end];
    // Bytes, not characters: every byte the walk looks for is ASCII, and no UTF-8 sequence
    // contains an ASCII byte, so a stop inside a character cannot mislead it.
    let mut stack: Vec<Open> = Vec::new();
    let mut expecting_key = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                // A string: its end (or the end of the text), escapes skipped.
                let start = i + 1;
                i = start;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if expecting_key {
                    if let Some(Open::Object { key }) = stack.last_mut() {
                        // Lossy: the walk may stop inside a character (or an escape).
                        let raw = String::from_utf8_lossy(&bytes[start.min(i)..i.min(bytes.len())]);
                        *key = Some(
                            serde_json::from_str(&format!("\"{raw}\""))
                                .unwrap_or_else(|_| raw.into_owned()),
                        );
                    }
                    expecting_key = false;
                }
            }
            b'{' => {
                stack.push(Open::Object { key: None });
                expecting_key = true;
            }
            b'[' => {
                stack.push(Open::Array { index: 0 });
                expecting_key = false;
            }
            b'}' | b']' => {
                stack.pop();
                expecting_key = false;
            }
            b',' => match stack.last_mut() {
                Some(Open::Array { index }) => *index += 1,
                Some(Open::Object { .. }) => expecting_key = true,
                None => {}
            },
            b':' => expecting_key = false,
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for open in &stack {
        match open {
            Open::Object { key: Some(key) } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Open::Object { key: None } => {}
            Open::Array { index } => path.push_str(&format!("[{index}]")),
        }
    }
    if path.is_empty() {
        ".".to_owned()
    } else {
        path
    }
}

#[cfg(test)]
mod tests {
    use super::path_at;

    fn at_end(text: &str) -> String {
        let lines: Vec<&str> = text.split('\n').collect();
        path_at(text, lines.len(), lines.last().unwrap().len())
    }

    #[test]
    fn names_the_member_being_read() {
        assert_eq!(
            at_end(r#"{"queues": [{"name": "a"}, {"name": 7"#),
            "queues[1].name"
        );
        assert_eq!(
            at_end(r#"{"producers": [{"arrival": {"kind": "x"}"#),
            "producers[0].arrival"
        );
        assert_eq!(at_end(r#"{"a": "with \"quotes\" and ] and }", "b"#), "b");
        assert_eq!(at_end(r#"{"a": [[1, 2], [3"#), "a[1][0]");
        assert_eq!(at_end(r#"{"#), ".");
        assert_eq!(at_end(""), ".");
    }

    #[test]
    fn any_stop_in_any_text_gives_a_path_without_panicking() {
        let text = "{\"clé\": [\"a\\\"é\", {\"ü\\u00e9\": 1}], \"x\": \"日本\"}";
        for line in 0..3 {
            for column in 0..=text.len() + 2 {
                path_at(text, line, column);
            }
        }
        assert_eq!(path_at(text, 1, 12), "clé[0]");
    }

    #[test]
    fn lines_and_columns_count_as_serde_json_counts_them() {
        let text = "{\n  \"a\": 1,\n  \"b\": \"x\"\n}";
        // serde_json stops after the value of b: line 3, column 10.
        assert_eq!(path_at(text, 3, 10), "b");
        assert_eq!(path_at(text, 2, 8), "a");
    }
}
