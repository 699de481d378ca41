//! File sniffing: format from the extension and content, CSV delimiter and
//! whether the first line is a header.

use crate::error::{Error, Location, Result};
use std::io::Read;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    Csv { delimiter: u8, header: bool },
    Parquet,
    JsonLines,
}

impl Format {
    pub fn describe(&self) -> String {
        match self {
            Format::Csv { delimiter, header } => format!(
                "CSV ({} separated, {})",
                match delimiter {
                    b'\t' => "tab".to_string(),
                    b',' => "comma".to_string(),
                    b';' => "semicolon".to_string(),
                    b'|' => "pipe".to_string(),
                    d => format!("'{}'", *d as char),
                },
                if *header { "header" } else { "no header" }
            ),
            Format::Parquet => "Parquet".into(),
            Format::JsonLines => "JSON lines".into(),
        }
    }
}

/// The first bytes of a file, enough to sniff its shape.
pub fn head_bytes(path: &Path, n: usize) -> Result<Vec<u8>> {
    let mut f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut buf = vec![0u8; n];
    let mut read = 0;
    loop {
        let k = f.read(&mut buf[read..]).map_err(|e| Error::io(path, e))?;
        if k == 0 {
            break;
        }
        read += k;
        if read == n {
            break;
        }
    }
    buf.truncate(read);
    Ok(buf)
}

/// Why the first bytes are not text a data file can hold: UTF-16 (with or
/// without its byte-order mark) or binary (NUL bytes, mostly undecodable).
fn not_text(head: &[u8]) -> Option<&'static str> {
    const UTF16: &str =
        "the file is UTF-16 text: convert it to UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)";
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Some(UTF16);
    }
    let sample = &head[..head.len().min(4096)];
    let nul = sample.iter().filter(|&&b| b == 0).count();
    if nul == 0 {
        return None;
    }
    // text in UTF-16 without a mark: every other byte is NUL
    let odd_nul = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let even_nul = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let half = sample.len() / 2;
    if half > 0 && (odd_nul * 10 >= half * 9 || even_nul * 10 >= half * 9) {
        return Some(UTF16);
    }
    Some("the file is binary (it holds NUL bytes), not CSV, JSON lines or Parquet")
}

/// Detects the format of a file from its first bytes (and name).
pub fn sniff(name: &str, head: &[u8]) -> Result<Format> {
    let loc = Location::file(name);
    if head.is_empty() {
        return Err(Error::input(loc, "the file is empty"));
    }
    if head.starts_with(b"PAR1") {
        return Ok(Format::Parquet);
    }
    if let Some(what) = not_text(head) {
        return Err(Error::input(loc, what));
    }
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".parquet") || lower.ends_with(".pq") {
        return Err(Error::input(
            loc,
            "the file is named .parquet but does not start with the Parquet magic bytes 'PAR1'",
        ));
    }
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}');
    let first = text.trim_start();
    if first.starts_with('{') {
        return Ok(Format::JsonLines);
    }
    if lower.ends_with(".json") || lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
        return Err(Error::input(
            loc.row(1),
            "expected JSON lines (one object per line, starting with '{')",
        ));
    }
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    // The last line of the head may be cut off; drop it when there are others.
    let lines = if lines.len() > 2 && !head.ends_with(b"\n") {
        &lines[..lines.len() - 1]
    } else {
        &lines[..]
    };
    if lines.is_empty() {
        return Err(Error::input(loc, "the file is empty"));
    }
    let delimiter = detect_delimiter(lines);
    let header = detect_header(lines, delimiter);
    Ok(Format::Csv { delimiter, header })
}

fn split(line: &str, d: u8) -> Vec<&str> {
    line.split(d as char)
        .map(|f| f.trim().trim_matches('"'))
        .collect()
}

fn detect_delimiter(lines: &[&str]) -> u8 {
    let mut best = (b',', 0usize);
    for d in [b',', b'\t', b';', b'|'] {
        let counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, d)).collect();
        let first = counts[0];
        if first == 0 {
            continue;
        }
        let consistent = counts.iter().filter(|&&c| c == first).count();
        // prefer the delimiter that is consistent across most lines, then more fields
        let score = consistent * 1000 + first;
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

fn count_outside_quotes(line: &str, d: u8) -> usize {
    let mut inq = false;
    let mut n = 0;
    for b in line.bytes() {
        if b == b'"' {
            inq = !inq;
        } else if b == d && !inq {
            n += 1;
        }
    }
    n
}

fn looks_numeric(s: &str) -> bool {
    !s.is_empty() && s.parse::<f64>().is_ok()
}

/// A first line is a header when none of its fields is a number while some
/// field of the following lines is, or when its fields are all identifier-like
/// words and differ in shape from the rest.
fn detect_header(lines: &[&str], d: u8) -> bool {
    let first = split(lines[0], d);
    if first.iter().any(|f| looks_numeric(f)) {
        return false;
    }
    if lines.len() == 1 {
        return true;
    }
    let rest_numeric = lines[1..]
        .iter()
        .any(|l| split(l, d).iter().any(|f| looks_numeric(f)));
    if rest_numeric {
        return true;
    }
    // no numbers anywhere: header if the first line's words are unique
    // identifiers that never reappear as values below
    let below: std::collections::HashSet<&str> =
        lines[1..].iter().flat_map(|l| split(l, d)).collect();
    first.iter().all(|f| !below.contains(f))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_binary_and_utf16_files() {
        let e = |b: &[u8]| sniff("x.csv", b).unwrap_err().to_string();
        assert!(e(b"\xff\xfeu\0s\0e\0r\0").contains("UTF-16"));
        assert!(e(b"u\0s\0e\0r\0,\0i\0t\0e\0m\0\n\0").contains("UTF-16"));
        assert!(e(b"\x7fELF\x02\x01\x01\0\0\0\0\0\x03\0>\0").contains("binary"));
        assert!(sniff("x.csv", b"user_id,item_id\nu1,i1\n").is_ok());
    }

    #[test]
    fn sniffs_delimiters_and_headers() {
        let f = sniff("x.csv", b"user_id,item_id,event\nu1,i1,view\n").unwrap();
        assert_eq!(
            f,
            Format::Csv {
                delimiter: b',',
                header: true
            }
        );
        let f = sniff(
            "u.data",
            b"196\t242\t3\t881250949\n186\t302\t3\t891717742\n",
        )
        .unwrap();
        assert_eq!(
            f,
            Format::Csv {
                delimiter: b'\t',
                header: false
            }
        );
        let f = sniff("t.csv", b"1,2268318,2520377,pv,1511544070\n").unwrap();
        assert_eq!(
            f,
            Format::Csv {
                delimiter: b',',
                header: false
            }
        );
        let f = sniff("s.csv", b"a;b;c\n1;2;3\n").unwrap();
        assert_eq!(
            f,
            Format::Csv {
                delimiter: b';',
                header: true
            }
        );
        assert_eq!(sniff("e.jsonl", b"{\"a\":1}\n").unwrap(), Format::JsonLines);
        assert!(sniff("e.csv", b"").is_err());
    }
}
