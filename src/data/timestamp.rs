//! Timestamp detection: epoch seconds / milliseconds / microseconds and ISO 8601
//! or common date-time strings, decided once per file from a sample of values.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TsFormat {
    EpochSeconds,
    EpochMillis,
    EpochMicros,
    EpochNanos,
    /// RFC 3339 / ISO 8601 with an offset or `Z`.
    Rfc3339,
    /// A naive date-time pattern, read as UTC.
    Naive(&'static str),
    /// A date without time, read as midnight UTC.
    Date(&'static str),
}

impl TsFormat {
    pub fn describe(&self) -> String {
        match self {
            TsFormat::EpochSeconds => "epoch seconds".into(),
            TsFormat::EpochMillis => "epoch milliseconds".into(),
            TsFormat::EpochMicros => "epoch microseconds".into(),
            TsFormat::EpochNanos => "epoch nanoseconds".into(),
            TsFormat::Rfc3339 => "ISO 8601 with offset".into(),
            TsFormat::Naive(p) | TsFormat::Date(p) => format!("date-time '{p}' (UTC)"),
        }
    }

    /// Converts an integer timestamp in this format to epoch seconds.
    pub fn int_to_seconds(&self, v: i64) -> i64 {
        match self {
            TsFormat::EpochMillis => v.div_euclid(1_000),
            TsFormat::EpochMicros => v.div_euclid(1_000_000),
            TsFormat::EpochNanos => v.div_euclid(1_000_000_000),
            _ => v,
        }
    }

    /// Parses a string value to epoch seconds.
    pub fn parse_str(&self, s: &str) -> Option<i64> {
        let s = s.trim();
        match self {
            TsFormat::Rfc3339 => DateTime::parse_from_rfc3339(s)
                .or_else(|_| DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f%:z"))
                .or_else(|_| DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f%#z"))
                .ok()
                .map(|d| d.timestamp()),
            TsFormat::Naive(p) => NaiveDateTime::parse_from_str(s, p)
                .ok()
                .map(|d| Utc.from_utc_datetime(&d).timestamp()),
            TsFormat::Date(p) => NaiveDate::parse_from_str(s, p)
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|d| Utc.from_utc_datetime(&d).timestamp()),
            epoch => {
                let v: i64 = s
                    .parse()
                    .ok()
                    .or_else(|| s.parse::<f64>().ok().map(|f| f as i64))?;
                Some(epoch.int_to_seconds(v))
            }
        }
    }
}

const NAIVE: &[&str] = &[
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
];
const DATES: &[&str] = &["%Y-%m-%d", "%Y/%m/%d", "%m/%d/%Y", "%d/%m/%Y", "%d.%m.%Y"];

/// Picks the epoch unit from the magnitude of integer values (their median).
pub fn detect_int(sample: &[i64]) -> TsFormat {
    let mut v: Vec<i64> = sample.iter().map(|x| x.abs()).collect();
    v.sort_unstable();
    let m = v.get(v.len() / 2).copied().unwrap_or(0);
    if m >= 100_000_000_000_000_000 {
        TsFormat::EpochNanos
    } else if m >= 100_000_000_000_000 {
        TsFormat::EpochMicros
    } else if m >= 100_000_000_000 {
        TsFormat::EpochMillis
    } else {
        TsFormat::EpochSeconds
    }
}

/// Picks the first format that parses every sampled string; None when none does.
pub fn detect_str(sample: &[&str]) -> Option<TsFormat> {
    let sample: Vec<&str> = sample
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    if sample.is_empty() {
        return None;
    }
    if sample.iter().all(|s| {
        s.bytes()
            .all(|b| b.is_ascii_digit() || b == b'-' || b == b'.')
    }) && sample.iter().all(|s| s.parse::<f64>().is_ok())
    {
        let ints: Vec<i64> = sample
            .iter()
            .filter_map(|s| s.parse::<f64>().ok().map(|f| f as i64))
            .collect();
        return Some(detect_int(&ints));
    }
    let mut candidates = vec![TsFormat::Rfc3339];
    candidates.extend(NAIVE.iter().map(|p| TsFormat::Naive(p)));
    candidates.extend(DATES.iter().map(|p| TsFormat::Date(p)));
    candidates
        .into_iter()
        .find(|f| sample.iter().all(|s| f.parse_str(s).is_some()))
}

/// Formats epoch seconds as ISO 8601 UTC.
pub fn iso(ts: i64) -> String {
    DateTime::<Utc>::from_timestamp(ts, 0)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_else(|| ts.to_string())
}

/// Formats epoch seconds as a date.
pub fn date(ts: i64) -> String {
    DateTime::<Utc>::from_timestamp(ts, 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| ts.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_epoch_units() {
        assert_eq!(detect_int(&[1_511_544_070]), TsFormat::EpochSeconds);
        assert_eq!(detect_int(&[1_433_221_332_117]), TsFormat::EpochMillis);
        assert_eq!(
            TsFormat::EpochMillis.int_to_seconds(1_433_221_332_117),
            1_433_221_332
        );
    }

    #[test]
    fn detects_strings() {
        let f = detect_str(&["2026-09-14T18:03:27Z"]).unwrap();
        assert_eq!(f, TsFormat::Rfc3339);
        assert_eq!(f.parse_str("2026-09-14T18:03:27Z"), Some(1_789_409_007));
        let f = detect_str(&["12/1/2010 8:26", "12/13/2010 9:01"]).unwrap();
        assert_eq!(f, TsFormat::Naive("%m/%d/%Y %H:%M"));
        let f = detect_str(&["13/1/2010 8:26"]).unwrap();
        assert_eq!(f, TsFormat::Naive("%d/%m/%Y %H:%M"));
        let f = detect_str(&["2010-12-01 08:26:00"]).unwrap();
        assert_eq!(f.parse_str("2010-12-01 08:26:00"), Some(1_291_191_960));
        assert_eq!(detect_str(&["yesterday"]), None);
        assert_eq!(detect_str(&["881250949"]), Some(TsFormat::EpochSeconds));
    }
}
