//! Writing the feature matrix (raw values, user id first) to CSV or Parquet.

use super::FeatureMatrix;
use crate::data::Interner;
use crate::error::{Error, Result};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

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
        "csv" => atomic_write(path, |f| write_csv(fm, users, f)),
        "parquet" | "pq" => atomic_write(path, |f| write_parquet(fm, users, f)),
        _ => Err(Error::Other(format!(
            "{}: unknown feature file type '{ext}' (use .csv or .parquet)",
            path.display()
        ))),
    }
}

fn write_csv(fm: &FeatureMatrix, users: &Interner, f: &mut File) -> Result<()> {
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

fn write_parquet(fm: &FeatureMatrix, users: &Interner, f: &mut File) -> Result<()> {
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

/// Writes through a temporary file in the same folder, then renames it over
/// `path`, so readers never see a half-written file.
pub(crate) fn atomic_write(path: &Path, write: impl FnOnce(&mut File) -> Result<()>) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(Error::io(
            path,
            std::io::Error::new(std::io::ErrorKind::NotFound, "the folder does not exist"),
        ));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
        write(&mut f)?;
        f.flush().map_err(|e| Error::io(&tmp, e))?;
        f.sync_all().map_err(|e| Error::io(&tmp, e))?;
        std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
