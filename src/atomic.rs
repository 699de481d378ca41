//! Atomic file writes: data goes to a temporary file in the target's folder,
//! is flushed and synced, then renamed over the target. A crash, a full disk
//! or an error leaves either the old file or the new one, never half of one;
//! the temporary file is removed when the writer is dropped unfinished.

use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Size and SHA-256 of a written file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub path: PathBuf,
    pub bytes: u64,
    pub sha256: String,
}

/// A file being written; becomes visible only on [`AtomicFile::finish`] +
/// [`Staged::commit`].
pub struct AtomicFile {
    path: PathBuf,
    tmp: PathBuf,
    out: Option<BufWriter<File>>,
    hasher: Sha256,
    bytes: u64,
}

/// A complete, synced temporary file waiting to be renamed into place.
pub struct Staged {
    written: Written,
    tmp: Option<PathBuf>,
}

fn temp_name(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!(".{name}.tmp-{}-{n}", std::process::id()))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl AtomicFile {
    pub fn create(path: &Path) -> Result<AtomicFile> {
        let tmp = temp_name(path);
        let f = File::create(&tmp).map_err(|e| Error::io(path, e))?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            tmp,
            out: Some(BufWriter::with_capacity(1 << 16, f)),
            hasher: Sha256::new(),
            bytes: 0,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes, naming the target file in the error.
    pub fn put(&mut self, data: &[u8]) -> Result<()> {
        self.write_all(data).map_err(|e| Error::io(&self.path, e))
    }

    /// Flushes and syncs the temporary file.
    pub fn finish(mut self) -> Result<Staged> {
        let out = self.out.take();
        let tmp = std::mem::take(&mut self.tmp);
        let r = (|| {
            let out = out.ok_or_else(|| std::io::Error::other("writer already finished"))?;
            let f = out.into_inner().map_err(|e| e.into_error())?;
            f.sync_all()
        })();
        if let Err(e) = r {
            let _ = std::fs::remove_file(&tmp);
            return Err(Error::io(&self.path, e));
        }
        let sha = std::mem::take(&mut self.hasher).finalize();
        Ok(Staged {
            written: Written {
                path: self.path.clone(),
                bytes: self.bytes,
                sha256: hex(&sha),
            },
            tmp: Some(tmp),
        })
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let out = self
            .out
            .as_mut()
            .ok_or_else(|| std::io::Error::other("writer already finished"))?;
        let n = out.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self.out.as_mut() {
            Some(o) => o.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.out.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

impl Staged {
    pub fn written(&self) -> &Written {
        &self.written
    }

    /// Renames the file into place (replacing any old one) and syncs the folder.
    pub fn commit(mut self) -> Result<Written> {
        let tmp = self.tmp.take().unwrap_or_default();
        if let Err(e) = std::fs::rename(&tmp, &self.written.path) {
            let _ = std::fs::remove_file(&tmp);
            return Err(Error::io(&self.written.path, e));
        }
        if let Some(dir) = self.written.path.parent() {
            // Best effort: makes the rename itself durable on Linux.
            if let Ok(d) = File::open(dir) {
                let _ = d.sync_all();
            }
        }
        Ok(self.written.clone())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Some(t) = self.tmp.take() {
            let _ = std::fs::remove_file(t);
        }
    }
}

/// Writes `data` to `path` atomically.
pub fn write(path: &Path, data: &[u8]) -> Result<Written> {
    write_with(path, |f| f.put(data))
}

/// Writes `path` atomically through a writer (CSV, Parquet, ...): the file
/// appears complete or not at all, and an error leaves the old one.
pub fn write_with(
    path: &Path,
    fill: impl FnOnce(&mut AtomicFile) -> Result<()>,
) -> Result<Written> {
    let mut f = AtomicFile::create(path)?;
    fill(&mut f)?;
    f.finish()?.commit()
}

/// For writers that only take a path (e.g. safetensors): `fill` writes the
/// temporary path it is given, which is then synced and renamed over `path`.
pub fn write_via_path(path: &Path, fill: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    let tmp = temp_name(path);
    // Staged removes the temporary file on every early return; nobody reads
    // its size and hash here, so the file is not read back to fill them.
    let staged = Staged {
        written: Written {
            path: path.to_path_buf(),
            bytes: 0,
            sha256: String::new(),
        },
        tmp: Some(tmp.clone()),
    };
    fill(&tmp)?;
    File::open(&tmp)
        .and_then(|f| f.sync_all())
        .map_err(|e| Error::io(path, e))?;
    staged.commit().map(drop)
}

/// SHA-256 and size of an existing file, read in chunks.
pub fn hash_file(path: &Path) -> Result<(u64, String)> {
    use std::io::Read;
    let mut f = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut n_total = 0u64;
    loop {
        let n = f.read(&mut buf).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
        n_total += n as u64;
    }
    Ok((n_total, hex(&h.finalize())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropped_writer_leaves_nothing() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("out.csv");
        {
            let mut f = AtomicFile::create(&p).unwrap();
            f.put(b"half").unwrap();
        }
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 0);
        let w = write(&p, b"abc").unwrap();
        assert_eq!(w.bytes, 3);
        assert_eq!(
            w.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(std::fs::read(&p).unwrap(), b"abc");
        assert_eq!(hash_file(&p).unwrap().1, w.sha256);
    }
}
