//! CSV (RFC 4180: comma, double quotes, CRLF; UTF-8), one row per targeted
//! user, control users included. Cells that a spreadsheet would run as a
//! formula (starting with `=`, `+`, `-`, `@`, tab or CR) are prefixed with `'`.

use super::Sink;
use crate::atomic::{AtomicFile, Staged};
use crate::campaign::assign::Arm;
use crate::campaign::plan::{Plan, Row};
use crate::error::{Error, Result};
use std::borrow::Cow;
use std::path::Path;

pub const HEADER: [&str; 11] = [
    "user_id",
    "segment_id",
    "segment",
    "arm",
    "variant",
    "item_ids",
    "title",
    "body",
    "deep_link",
    "send_at",
    "send_timezone",
];

/// Neutralises spreadsheet formulas.
pub fn guard(cell: &str) -> Cow<'_, str> {
    match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

pub struct CsvSink {
    w: csv::Writer<AtomicFile>,
    path: std::path::PathBuf,
    rows: u64,
}

fn err(path: &Path, e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::io(path, io),
        other => Error::Other(format!("{}: {other:?}", path.display())),
    }
}

impl CsvSink {
    pub fn create(path: &Path) -> Result<CsvSink> {
        let f = AtomicFile::create(path)?;
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(f);
        w.write_record(HEADER).map_err(|e| err(path, e))?;
        Ok(CsvSink {
            w,
            path: path.to_path_buf(),
            rows: 0,
        })
    }
}

impl Sink for CsvSink {
    fn row(&mut self, _plan: &Plan, r: &Row) -> Result<()> {
        let seg = r.segment_id.to_string();
        let arm = match r.arm {
            Arm::Control => "control",
            Arm::Variant(_) => "variant",
        };
        let items = r.items.join("|");
        let cells = [
            r.user_id.as_str(),
            &seg,
            &r.segment_name,
            arm,
            r.variant.as_deref().unwrap_or(""),
            &items,
            &r.title,
            &r.body,
            &r.deep_link,
            &r.send_at,
            if r.arm == Arm::Control {
                ""
            } else {
                r.send_timezone
            },
        ];
        for c in cells {
            self.w
                .write_field(guard(c).as_bytes())
                .map_err(|e| err(&self.path, e))?;
        }
        self.w
            .write_record(None::<&[u8]>)
            .map_err(|e| err(&self.path, e))?;
        self.rows += 1;
        Ok(())
    }

    fn finish(self: Box<Self>, _plan: &Plan) -> Result<(Staged, u64)> {
        let rows = self.rows;
        let f = self
            .w
            .into_inner()
            .map_err(|e| Error::Other(format!("CSV export: {}", e.error())))?;
        Ok((f.finish()?, rows))
    }
}
