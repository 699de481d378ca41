//! Writing the feature matrix (raw values, user id first) to CSV or Parquet.

use super::FeatureMatrix;
use crate::atomic::{self, AtomicFile};
use crate::data::Interner;
use crate::error::{Error, Result};
use std::path::Path;

/// Writes `fm.raw` with a leading `user_id` column; the format follows the
/// extension (`.csv` or `.parquet`). The file appears atomically.
pub fn write_features(fm: &FeatureMatrix, users: &Interner, path: &Path) -> Result<()> {
    if users.len() != fm.n_users() {
        return Err(Error::Other(format!(
            "feature matrix has {} rows but the dataset has {} users",
            fm.n_users(),
            users.len()
        )));
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "csv" => atomic::write_with(path, |f| write_csv(fm, users, f)).map(drop),
        "parquet" | "pq" => atomic::write_with(path, |f| write_parquet(fm, users, f)).map(drop),
        _ => Err(Error::Other(format!(
            "{}: unknown feature file type '{ext}' (use .csv or .parquet)",
            path.display()
        ))),
    }
}

fn write_csv(fm: &FeatureMatrix, users: &Interner, f: &mut AtomicFile) -> Result<()> {
    let mut w = csv::Writer::from_writer(std::io::BufWriter::new(f));
    let err = |e: csv::Error| Error::Other(format!("writing features: {e}"));
    let mut header = vec!["user_id".to_string()];
    header.extend(fm.names.iter().cloned());
    w.write_record(&header).map_err(err)?;
    let mut rec: Vec<String> = Vec::with_capacity(header.len());
    for (i, row) in fm.raw.rows().into_iter().enumerate() {
        rec.clear();
        rec.push(users.name(i as u32).to_string());
        rec.extend(row.iter().map(|v| format_value(*v)));
        w.write_record(&rec).map_err(err)?;
    }
    w.flush()
        .map_err(|e| Error::Other(format!("writing features: {e}")))
}

/// Up to six significant decimals, without trailing zeros.
fn format_value(v: f64) -> String {
    if v == v.trunc() && v.abs() < 1e15 {
        return format!("{}", v as i64);
    }
    let s = format!("{v:.6}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn write_parquet(fm: &FeatureMatrix, users: &Interner, f: &mut AtomicFile) -> Result<()> {
    use polars::prelude::*;
    let n = fm.n_users();
    let mut cols: Vec<Column> = Vec::with_capacity(fm.n_features() + 1);
    cols.push(Column::new("user_id".into(), users.names().to_vec()));
    for (j, name) in fm.names.iter().enumerate() {
        let v: Vec<f64> = fm.raw.column(j).to_vec();
        cols.push(Column::new(name.as_str().into(), v));
    }
    let mut df =
        DataFrame::new(n, cols).map_err(|e| Error::Other(format!("features table: {e}")))?;
    ParquetWriter::new(f)
        .finish(&mut df)
        .map_err(|e| Error::Other(format!("writing Parquet: {e}")))?;
    Ok(())
}
