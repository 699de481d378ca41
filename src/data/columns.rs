//! Conversion of polars columns into the typed vectors of the data model, with
//! errors that name the file, row, column and value.

use super::timestamp::{self, TsFormat};
use super::Interner;
use crate::error::{Error, Location, Result};
use polars::prelude::*;
use std::borrow::Cow;
use std::collections::HashMap;

/// A column of a loaded table together with what is needed to report errors.
pub struct Col<'a> {
    pub file: &'a str,
    pub name: &'a str,
    /// Row number of the first record (2 for CSV with header, else 1).
    pub first_row: usize,
    pub series: &'a Series,
}

impl<'a> Col<'a> {
    pub fn loc(&self, idx: usize) -> Location {
        Location::file(self.file)
            .row(idx + self.first_row)
            .column(self.name)
    }

    pub fn len(&self) -> usize {
        self.series.len()
    }

    /// Visits every value as text (numbers formatted; integral floats without
    /// a fraction, so 17850.0 reads as 17850).
    pub fn for_each_str(&self, mut f: impl FnMut(usize, Option<&str>) -> Result<()>) -> Result<()> {
        let s = self.series;
        match s.dtype() {
            DataType::String => {
                for (i, v) in s.str().map_err(|e| self.polars(e))?.iter().enumerate() {
                    f(i, v)?;
                }
            }
            dt if dt.is_integer() => {
                let c = s.cast(&DataType::Int64).map_err(|e| self.polars(e))?;
                let mut buf = itoa_buf();
                for (i, v) in c.i64().map_err(|e| self.polars(e))?.iter().enumerate() {
                    match v {
                        Some(v) => {
                            buf.clear();
                            use std::fmt::Write;
                            let _ = write!(buf, "{v}");
                            f(i, Some(&buf))?
                        }
                        None => f(i, None)?,
                    }
                }
            }
            dt if dt.is_float() => {
                let c = s.cast(&DataType::Float64).map_err(|e| self.polars(e))?;
                for (i, v) in c.f64().map_err(|e| self.polars(e))?.iter().enumerate() {
                    match v {
                        Some(v) => f(i, Some(&fmt_float(v)))?,
                        None => f(i, None)?,
                    }
                }
            }
            DataType::Boolean => {
                for (i, v) in s.bool().map_err(|e| self.polars(e))?.iter().enumerate() {
                    f(i, v.map(|b| if b { "true" } else { "false" }))?;
                }
            }
            _ => {
                let c = s.cast(&DataType::String).map_err(|e| {
                    Error::input(
                        Location::file(self.file).column(self.name),
                        format!("unsupported column type {}: {e}", s.dtype()),
                    )
                })?;
                for (i, v) in c.str().map_err(|e| self.polars(e))?.iter().enumerate() {
                    f(i, v)?;
                }
            }
        }
        Ok(())
    }

    fn polars(&self, e: PolarsError) -> Error {
        Error::input(Location::file(self.file).column(self.name), e.to_string())
    }

    /// Interns ids; rows with a missing id get `None`.
    pub fn ids(&self, interner: &mut Interner) -> Result<Vec<Option<u32>>> {
        let s = self.series;
        if s.dtype().is_integer() {
            // fast path: intern integers without formatting each row
            let c = s.cast(&DataType::Int64).map_err(|e| self.polars(e))?;
            let mut cache: HashMap<i64, u32> = HashMap::new();
            let mut out = Vec::with_capacity(s.len());
            for v in c.i64().map_err(|e| self.polars(e))?.iter() {
                out.push(v.map(|v| {
                    *cache
                        .entry(v)
                        .or_insert_with(|| interner.intern(&v.to_string()))
                }));
            }
            return Ok(out);
        }
        let mut out = Vec::with_capacity(s.len());
        self.for_each_str(|_, v| {
            out.push(match v.map(str::trim) {
                Some(v) if !v.is_empty() => Some(interner.intern(v)),
                _ => None,
            });
            Ok(())
        })?;
        Ok(out)
    }

    /// Numbers as f32, NaN where missing; a value that is not a number is an error.
    pub fn numbers(&self) -> Result<Vec<f32>> {
        let s = self.series;
        if s.dtype().is_primitive_numeric() {
            let c = s.cast(&DataType::Float64).map_err(|e| self.polars(e))?;
            return Ok(c
                .f64()
                .map_err(|e| self.polars(e))?
                .iter()
                .map(|v| v.map(|v| v as f32).unwrap_or(f32::NAN))
                .collect());
        }
        let mut out = Vec::with_capacity(s.len());
        self.for_each_str(|i, v| {
            let v = v.map(str::trim).unwrap_or("");
            if v.is_empty() || v.eq_ignore_ascii_case("nan") || v.eq_ignore_ascii_case("null") {
                out.push(f32::NAN);
                return Ok(());
            }
            match parse_number(v) {
                Some(x) => {
                    out.push(x);
                    Ok(())
                }
                None => Err(Error::input(self.loc(i).value(v), "expected a number")),
            }
        })?;
        Ok(out)
    }

    /// Optional strings (trimmed, empty as None).
    pub fn strings(&self) -> Result<Vec<Option<String>>> {
        let mut out = Vec::with_capacity(self.len());
        self.for_each_str(|_, v| {
            out.push(
                v.map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_string),
            );
            Ok(())
        })?;
        Ok(out)
    }

    /// Timestamps in epoch seconds; the format is detected from a sample.
    pub fn timestamps(&self) -> Result<(Vec<i64>, TsFormat)> {
        let s = self.series;
        let missing = |i: usize| Error::input(self.loc(i), "missing timestamp");
        match s.dtype() {
            DataType::Datetime(unit, _) => {
                let c = s.cast(&DataType::Int64).map_err(|e| self.polars(e))?;
                let fmt = match unit {
                    TimeUnit::Milliseconds => TsFormat::EpochMillis,
                    TimeUnit::Microseconds => TsFormat::EpochMicros,
                    TimeUnit::Nanoseconds => TsFormat::EpochNanos,
                };
                let mut out = Vec::with_capacity(s.len());
                for (i, v) in c.i64().map_err(|e| self.polars(e))?.iter().enumerate() {
                    out.push(fmt.int_to_seconds(v.ok_or_else(|| missing(i))?));
                }
                Ok((out, fmt))
            }
            dt if dt.is_primitive_numeric() => {
                let c = s.cast(&DataType::Int64).map_err(|e| self.polars(e))?;
                let ca = c.i64().map_err(|e| self.polars(e))?;
                let sample: Vec<i64> = ca.iter().flatten().take(1000).collect();
                let fmt = timestamp::detect_int(&sample);
                let mut out = Vec::with_capacity(s.len());
                for (i, v) in ca.iter().enumerate() {
                    out.push(fmt.int_to_seconds(v.ok_or_else(|| missing(i))?));
                }
                Ok((out, fmt))
            }
            _ => {
                let mut sample: Vec<String> = Vec::new();
                self.for_each_str(|_, v| {
                    if let Some(v) = v.filter(|v| !v.trim().is_empty()) {
                        if sample.len() < 200 {
                            sample.push(v.to_string());
                        }
                    }
                    Ok(())
                })?;
                let refs: Vec<&str> = sample.iter().map(String::as_str).collect();
                let fmt = match timestamp::detect_str(&refs) {
                    Some(f) => f,
                    None => {
                        // name the first value that no known format accepts
                        let mut bad = None;
                        self.for_each_str(|i, v| {
                            if bad.is_none() {
                                if let Some(v) = v.filter(|v| !v.trim().is_empty()) {
                                    if timestamp::detect_str(&[v]).is_none() {
                                        bad = Some((i, v.to_string()));
                                    }
                                }
                            }
                            Ok(())
                        })?;
                        let (i, v) = bad.unwrap_or((0, refs.first().unwrap_or(&"").to_string()));
                        return Err(Error::input(
                            self.loc(i).value(v),
                            "unrecognised timestamp (expected epoch seconds/milliseconds or an ISO 8601 / common date-time)",
                        ));
                    }
                };
                let mut out = Vec::with_capacity(s.len());
                self.for_each_str(|i, v| {
                    let v = v.map(str::trim).unwrap_or("");
                    if v.is_empty() {
                        return Err(missing(i));
                    }
                    match fmt.parse_str(v) {
                        Some(t) => {
                            out.push(t);
                            Ok(())
                        }
                        None => Err(Error::input(
                            self.loc(i).value(v),
                            format!(
                                "timestamp does not match the file's format ({})",
                                fmt.describe()
                            ),
                        )),
                    }
                })?;
                Ok((out, fmt))
            }
        }
    }
}

fn itoa_buf() -> String {
    String::with_capacity(24)
}

/// Formats a float, without a fraction when it is integral.
pub fn fmt_float(v: f64) -> Cow<'static, str> {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        Cow::Owned(format!("{}", v as i64))
    } else {
        Cow::Owned(format!("{v}"))
    }
}

/// Parses a number, accepting a leading currency sign and thousands separators.
pub fn parse_number(s: &str) -> Option<f32> {
    let t = s.trim().trim_start_matches(['$', '€', '£', '¥']);
    t.parse::<f32>()
        .ok()
        .or_else(|| t.replace(',', "").parse::<f32>().ok())
        .filter(|v| v.is_finite())
}
