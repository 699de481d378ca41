//! Reading event and catalogue files (CSV, Parquet, JSON lines) with polars.

use super::build;
use super::layout::{self, ColumnMap};
use super::sniff::{self, Format};
use super::Dataset;
use crate::error::{Error, Location, Result};
use crate::jobs::JobCtx;
use polars::prelude::*;
use std::io::Cursor;
use std::path::PathBuf;

/// Where a table comes from: a file, or bytes in memory (the embedded sample).
#[derive(Debug, Clone)]
pub enum Source {
    Path(PathBuf),
    Bytes { name: String, bytes: Arc<Vec<u8>> },
}

impl Source {
    pub fn path(p: impl Into<PathBuf>) -> Self {
        Source::Path(p.into())
    }
    pub fn bytes(name: &str, bytes: impl Into<Vec<u8>>) -> Self {
        Source::Bytes {
            name: name.to_string(),
            bytes: Arc::new(bytes.into()),
        }
    }
    /// The name used in messages.
    pub fn name(&self) -> String {
        match self {
            Source::Path(p) => p.display().to_string(),
            Source::Bytes { name, .. } => name.clone(),
        }
    }
    fn head(&self, n: usize) -> Result<Vec<u8>> {
        match self {
            Source::Path(p) => {
                if p.is_dir() {
                    return Err(Error::input(
                        Location::file(self.name()),
                        "is a folder, expected a data file",
                    ));
                }
                // a pipe or device cannot be read twice (sniffed, then
                // loaded) and may never end
                if std::fs::metadata(p).is_ok_and(|m| !m.is_file()) {
                    return Err(Error::input(
                        Location::file(self.name()),
                        "is not a regular file (a pipe, device or socket): save the data to a file first",
                    ));
                }
                sniff::head_bytes(p, n)
            }
            Source::Bytes { bytes, .. } => Ok(bytes[..bytes.len().min(n)].to_vec()),
        }
    }
    /// Size in bytes (for throughput figures).
    pub fn size(&self) -> u64 {
        match self {
            Source::Path(p) => std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
            Source::Bytes { bytes, .. } => bytes.len() as u64,
        }
    }
}

#[derive(Debug, Clone)]
pub struct LoadOptions {
    pub events: Source,
    pub items: Option<Source>,
    /// User-supplied column mapping for the events file.
    pub map: ColumnMap,
}

impl LoadOptions {
    pub fn new(events: Source) -> Self {
        LoadOptions {
            events,
            items: None,
            map: ColumnMap::default(),
        }
    }
    pub fn items(mut self, items: Option<Source>) -> Self {
        self.items = items;
        self
    }
    pub fn map(mut self, map: ColumnMap) -> Self {
        self.map = map;
        self
    }
}

/// A table read from a file, with what is needed to interpret and report on it.
pub struct Table {
    pub name: String,
    pub format: Format,
    pub df: DataFrame,
    /// Row number of the first record in messages.
    pub first_row: usize,
}

/// Loads events (and the catalogue when given) into a [`Dataset`].
pub fn load(opts: &LoadOptions, ctx: &JobCtx) -> Result<Dataset> {
    ctx.progress(0.02, "reading events");
    let events_name = opts.events.name();
    let (columns, sample, format) = peek(&opts.events)?;
    let header = !matches!(format, Format::Csv { header: false, .. });
    let detected = layout::detect(&events_name, &columns, &sample, header, &opts.map)?;
    let wanted: Vec<String> = detected.map.columns.values().cloned().collect();
    let table = read_table(&opts.events, format, &wanted)?;
    ctx.check()?;
    ctx.progress(0.45, "parsing events");
    let items_table = match &opts.items {
        Some(src) => {
            ctx.progress(0.55, "reading catalogue");
            let (_, _, f) = peek(src)?;
            Some(read_table(src, f, &[])?)
        }
        None => None,
    };
    ctx.check()?;
    ctx.progress(0.65, "building dataset");
    let ds = build::build(&table, items_table.as_ref(), &detected, ctx)?;
    ctx.progress(1.0, "loaded");
    Ok(ds)
}

/// Column names, a few sample rows (as text) and the format of a source.
pub fn peek(src: &Source) -> Result<(Vec<String>, Vec<Vec<String>>, Format)> {
    let name = src.name();
    let head = src.head(64 * 1024)?;
    let format = sniff::sniff(&name, &head)?;
    match &format {
        Format::Csv { delimiter, header } => {
            let mut rdr = csv::ReaderBuilder::new()
                .delimiter(*delimiter)
                .has_headers(false)
                .flexible(true)
                .from_reader(head.as_slice());
            let mut rows: Vec<Vec<String>> = Vec::new();
            for rec in rdr.records().take(21) {
                match rec {
                    Ok(r) => rows.push(r.iter().map(|s| s.trim().to_string()).collect()),
                    Err(_) => break,
                }
            }
            if rows.is_empty() {
                return Err(Error::input(Location::file(&name), "the file is empty"));
            }
            let columns: Vec<String> = if *header {
                let mut h = rows.remove(0);
                if let Some(first) = h.first_mut() {
                    *first = first.trim_start_matches('\u{feff}').to_string();
                }
                h
            } else {
                (1..=rows[0].len()).map(|i| format!("column_{i}")).collect()
            };
            if *header && rows.is_empty() {
                return Err(Error::input(
                    Location::file(&name).row(2),
                    "the file has a header but no data rows",
                ));
            }
            // drop a possibly cut-off last row of the sample
            if rows.len() > 1 && head.len() == 64 * 1024 {
                rows.pop();
            }
            Ok((columns, rows, format))
        }
        Format::JsonLines => {
            let text = String::from_utf8_lossy(&head);
            let mut columns: Vec<String> = Vec::new();
            let mut rows = Vec::new();
            for (i, line) in text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .take(20)
                .enumerate()
            {
                let v: serde_json::Value = match serde_json::from_str(line) {
                    Ok(v) => v,
                    Err(e) if i == 0 => {
                        return Err(Error::input(
                            Location::file(&name).row(1),
                            format!("not valid JSON: {e}"),
                        ))
                    }
                    Err(_) => break,
                };
                let obj = v.as_object().ok_or_else(|| {
                    Error::input(Location::file(&name).row(i + 1), "expected a JSON object")
                })?;
                for k in obj.keys() {
                    if !columns.contains(k) {
                        columns.push(k.clone());
                    }
                }
                rows.push(Vec::new());
            }
            Ok((columns, rows, format))
        }
        Format::Parquet => {
            let mut reader = match src {
                Source::Path(p) => {
                    let f = std::fs::File::open(p).map_err(|e| Error::io(p, e))?;
                    let mut r = ParquetReader::new(f);
                    let schema = r.schema().map_err(|e| polars_err(&name, e))?;
                    return Ok((
                        schema.iter_names().map(|n| n.to_string()).collect(),
                        Vec::new(),
                        format,
                    ));
                }
                Source::Bytes { bytes, .. } => ParquetReader::new(Cursor::new(bytes.to_vec())),
            };
            let schema = reader.schema().map_err(|e| polars_err(&name, e))?;
            Ok((
                schema.iter_names().map(|n| n.to_string()).collect(),
                Vec::new(),
                format,
            ))
        }
    }
}

fn polars_err(name: &str, e: PolarsError) -> Error {
    let msg = e.to_string();
    let msg = msg.lines().next().unwrap_or("").to_string();
    Error::input(Location::file(name), format!("cannot read the file: {msg}"))
}

/// Reads the table, keeping only `columns` when non-empty (projection pushdown).
pub fn read_table(src: &Source, format: Format, columns: &[String]) -> Result<Table> {
    let name = src.name();
    let projection: Option<Arc<[PlSmallStr]>> = if columns.is_empty() {
        None
    } else {
        Some(
            columns
                .iter()
                .map(|c| PlSmallStr::from(c.as_str()))
                .collect(),
        )
    };
    let (df, first_row) = match &format {
        Format::Csv { delimiter, header } => {
            let read = |infer: Option<usize>| -> PolarsResult<DataFrame> {
                let opts = CsvReadOptions::default()
                    .with_has_header(*header)
                    .with_infer_schema_length(infer)
                    .with_columns(projection.clone())
                    .with_parse_options(
                        CsvParseOptions::default()
                            .with_separator(*delimiter)
                            .with_missing_is_null(true),
                    );
                match src {
                    Source::Path(p) => opts
                        .try_into_reader_with_file_path(Some(p.clone()))?
                        .finish(),
                    Source::Bytes { bytes, .. } => opts
                        .into_reader_with_file_handle(Cursor::new(bytes.to_vec()))
                        .finish(),
                }
            };
            // Fast path with inferred types; on a parse failure read as text so
            // our own parsers can name the offending row.
            let df = read(Some(1000))
                .or_else(|_| read(Some(0)))
                .map_err(|e| polars_err(&name, e))?;
            (df, if *header { 2 } else { 1 })
        }
        Format::Parquet => {
            let cols = if columns.is_empty() {
                None
            } else {
                Some(columns.to_vec())
            };
            let df = match src {
                Source::Path(p) => {
                    let f = std::fs::File::open(p).map_err(|e| Error::io(p, e))?;
                    ParquetReader::new(f).with_columns(cols).finish()
                }
                Source::Bytes { bytes, .. } => ParquetReader::new(Cursor::new(bytes.to_vec()))
                    .with_columns(cols)
                    .finish(),
            }
            .map_err(|e| polars_err(&name, e))?;
            (df, 1)
        }
        Format::JsonLines => {
            let proj = projection.as_ref().map(|p| p.to_vec());
            // checked first: polars' reader panics on some hostile lines
            let text = match src {
                Source::Path(p) => {
                    super::jsonl::checked(&name, &std::fs::read(p).map_err(|e| Error::io(p, e))?)?
                }
                Source::Bytes { bytes, .. } => super::jsonl::checked(&name, bytes)?,
            };
            let df = JsonReader::new(Cursor::new(text))
                .with_json_format(JsonFormat::JsonLines)
                .infer_schema_len(std::num::NonZeroUsize::new(1000))
                .with_projection(proj)
                .finish()
                .map_err(|e| polars_err(&name, e))?;
            (df, 1)
        }
    };
    if df.height() == 0 {
        return Err(Error::input(
            Location::file(&name),
            "the file has no data rows",
        ));
    }
    Ok(Table {
        name,
        format,
        df,
        first_row,
    })
}
