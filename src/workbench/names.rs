//! Segment names a person gave, kept per dataset and per segmentation (the
//! algorithm, k and seed decide which users a segment id stands for), so a
//! rename survives a restart and reaches every screen and export.

use crate::atomic;
use crate::data::Fingerprint;
use crate::error::{Error, Location, Result};
use crate::segment::Segmentation;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Names by segmentation key, then by segment id.
type Names = BTreeMap<String, BTreeMap<usize, String>>;

/// Which segmentation a name belongs to.
pub fn key(seg: &Segmentation) -> String {
    format!("{}-k{}-seed{}", seg.algo.label(), seg.k, seg.seed)
}

/// The names file of one dataset inside the campaign folder.
pub fn file(store_dir: &Path, fp: &Fingerprint) -> PathBuf {
    store_dir
        .join("segment-names")
        .join(format!("{}.json", fp.short()))
}

fn read(path: &Path) -> Result<Names> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text).map_err(|e| {
            Error::input(
                Location::file(path.display().to_string()).row(e.line()),
                format!("not a readable segment-names file: {e}"),
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Names::new()),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Applies the saved names of this segmentation (names that no longer fit,
/// e.g. a segment id past k, are skipped).
pub fn apply(path: &Path, seg: &mut Segmentation) -> Result<usize> {
    let names = read(path)?;
    let mut n = 0;
    if let Some(these) = names.get(&key(seg)) {
        for (&id, name) in these {
            if seg.rename(id, name).is_ok() {
                n += 1;
            }
        }
    }
    Ok(n)
}

/// Records a rename (atomically; the campaign store's lock is not needed:
/// the last rename of a segment wins, as a person expects).
pub fn save(path: &Path, seg: &Segmentation, id: usize, name: &str) -> Result<()> {
    let mut names = read(path)?;
    names
        .entry(key(seg))
        .or_default()
        .insert(id, name.to_string());
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let json = serde_json::to_vec_pretty(&names)
        .map_err(|e| Error::Other(format!("encoding segment names: {e}")))?;
    atomic::write(path, &json).map(|_| ())
}
