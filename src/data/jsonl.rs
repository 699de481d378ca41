//! Checks JSON lines before polars reads them, so that hostile input gets a
//! message naming the row and field instead of a crash inside the reader:
//! blank lines inside the file, lines that are not JSON objects, nesting
//! deeper than serde_json's limit (no stack overflow), and integers that do
//! not fit in 64 bits (polars would infer a 128-bit type it cannot build).
//! Blank lines at the very end are dropped.

use crate::error::{Error, Location, Result};
use serde_json::value::RawValue;
use std::collections::HashMap;

/// The text of a JSON-lines file, checked; row numbers are line numbers.
pub fn checked(name: &str, bytes: &[u8]) -> Result<Vec<u8>> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        Error::input(
            Location::file(name).row(line),
            "not UTF-8 text: JSON lines must be UTF-8 (convert the file first, e.g. with iconv)",
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let body = text.trim_end();
    for (i, line) in body.lines().enumerate() {
        check_line(name, i + 1, line)?;
    }
    let mut out = body.as_bytes().to_vec();
    out.push(b'\n');
    Ok(out)
}

fn check_line(name: &str, row: usize, line: &str) -> Result<()> {
    let loc = || Location::file(name).row(row);
    if line.trim().is_empty() {
        return Err(Error::input(
            loc(),
            "a blank line: JSON lines needs one object on every line",
        ));
    }
    // a full parse first: it stops at serde_json's nesting limit, where the
    // raw pass below (and polars) would recurse without one
    let bad = |e: serde_json::Error| {
        let what = if e.is_data() {
            "expected a JSON object ({\"field\": value, ...})".to_string()
        } else {
            format!("not valid JSON at character {}: {e}", e.column())
        };
        Error::input(loc(), what)
    };
    let value: serde_json::Value = serde_json::from_str(line).map_err(bad)?;
    if !value.is_object() {
        return Err(Error::input(
            loc(),
            "expected a JSON object ({\"field\": value, ...})",
        ));
    }
    let fields: HashMap<String, &RawValue> = serde_json::from_str(line).map_err(|e| {
        let what = if e.is_data() {
            "expected a JSON object ({\"field\": value, ...})".to_string()
        } else {
            format!("not valid JSON at character {}: {e}", e.column())
        };
        Error::input(loc(), what)
    })?;
    for (field, raw) in &fields {
        let v = raw.get().trim();
        let integer = v
            .strip_prefix('-')
            .unwrap_or(v)
            .bytes()
            .all(|b| b.is_ascii_digit());
        if integer && !v.is_empty() && v.parse::<i64>().is_err() {
            return Err(Error::input(
                loc().column(field.as_str()),
                format!("the integer {} does not fit in 64 bits", abbreviate(v)),
            ));
        }
    }
    Ok(())
}

fn abbreviate(v: &str) -> String {
    if v.len() > 24 {
        format!("{}… ({} digits)", &v[..20], v.len())
    } else {
        v.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        checked("x.jsonl", text.as_bytes()).unwrap_err().to_string()
    }

    #[test]
    fn hostile_lines_are_named() {
        let ok = "{\"user_id\":\"u1\",\"ts\":1700000000}\n";
        assert_eq!(
            checked("x.jsonl", format!("{ok}   \n\n").as_bytes()).unwrap(),
            ok.as_bytes()
        );
        let e = err(&format!("{ok}   \n{ok}"));
        assert!(
            e.contains("x.jsonl") && e.contains('2') && e.contains("blank line"),
            "{e}"
        );
        let e = err(&format!(
            "{ok}{{\"user_id\":\"u1\",\"n\":99999999999999999999}}\n"
        ));
        assert!(
            e.contains("n") && e.contains("64 bits") && e.contains('2'),
            "{e}"
        );
        let e = err(&format!("{ok}[1,2]\n"));
        assert!(e.contains("expected a JSON object"), "{e}");
        let deep = format!("{{\"a\":{}1{}}}", "[".repeat(200_000), "]".repeat(200_000));
        let e = err(&deep);
        assert!(
            e.contains("not valid JSON") && e.contains("recursion"),
            "{}",
            &e[..e.len().min(300)]
        );
        let e = checked("x.jsonl", b"{\"a\":\"\xff\"}\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("UTF-8"), "{e}");
    }

    #[test]
    fn ordinary_numbers_pass() {
        let t = "{\"a\":-9223372036854775808,\"b\":1.5e300,\"c\":\"99999999999999999999\"}\n";
        assert!(checked("x.jsonl", t.as_bytes()).is_ok());
    }
}
