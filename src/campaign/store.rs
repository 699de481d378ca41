//! Saved campaigns: one JSON file per campaign in `<data_dir>/campaigns/`,
//! written atomically on every save, plus `last` pointers for resuming the
//! last session (one overall, one per dataset). A killed process loses at
//! most the edit it was saving.
//!
//! Writers take an exclusive lock on `.lock` in the folder for each
//! read-modify-write: [`Store::update`] applies edits to the latest saved
//! version, so two processes editing one campaign both keep their changes,
//! and a process learns when someone else changed the campaign.

use super::edit::{apply_all, Applied, Edit};
use super::model::{valid_id, Campaign};
use crate::atomic;
use crate::config::Paths;
use crate::data::Fingerprint;
use crate::error::{Error, Location, Result};
use serde::Serialize;
use std::path::{Path, PathBuf};

const LAST: &str = "last";
const LOCK: &str = ".lock";

/// The pointer to the last campaign of one dataset.
fn last_for(fp_hash: &str) -> String {
    format!("last-{}", &fp_hash[..fp_hash.len().min(16)])
}

/// Result of [`Store::update`].
#[derive(Debug, Clone)]
pub struct Updated {
    /// The campaign as saved: the latest version plus the edits.
    pub campaign: Campaign,
    pub applied: Applied,
    /// True when the saved version had changed since the caller's copy
    /// (another process edited it): the caller should show the new version.
    pub changed_elsewhere: bool,
}

/// Held while a writer reads, changes and writes; released on drop.
struct Lock(std::fs::File);

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

/// One line of `campaign list`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub id: String,
    pub name: String,
    pub owner: Option<String>,
    pub created: String,
    pub updated: String,
    pub revision: u64,
    pub segments: usize,
    pub variants: usize,
    /// The data it was built on (None for campaigns saved before that was recorded).
    pub dataset: Option<super::model::DatasetBinding>,
    /// Set when the file could not be read; the other fields are then empty.
    pub problem: Option<String>,
}

/// The campaign folder. Cheap to clone; `Send + Sync`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// The store in the data folder (created when missing).
    pub fn open(paths: &Paths) -> Result<Store> {
        Store::at(paths.data_dir.join("campaigns"))
    }

    /// A store in any folder (created when missing).
    pub fn at(dir: impl Into<PathBuf>) -> Result<Store> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        Ok(Store { dir })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn file(&self, id: &str) -> Result<PathBuf> {
        if !valid_id(id) {
            return Err(Error::input(
                Location::file(self.dir.display().to_string()).value(id),
                "not a campaign id (lower-case letters, digits, '-' and '_')",
            ));
        }
        Ok(self.dir.join(format!("{id}.json")))
    }

    fn lock(&self) -> Result<Lock> {
        let p = self.dir.join(LOCK);
        let f = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&p)
            .map_err(|e| Error::io(&p, e))?;
        f.lock().map_err(|e| Error::io(&p, e))?;
        Ok(Lock(f))
    }

    /// Writes the file and the last-session pointers; the caller holds the lock.
    fn write_locked(&self, c: &Campaign) -> Result<()> {
        let path = self.file(&c.id)?;
        let json = serde_json::to_vec_pretty(c)
            .map_err(|e| Error::Other(format!("encoding campaign {}: {e}", c.id)))?;
        atomic::write(&path, &json)?;
        self.point_to(c)
    }

    /// Makes `c` the last session (overall and of its data) without writing it.
    pub fn mark_last(&self, c: &Campaign) -> Result<()> {
        let _lock = self.lock()?;
        self.point_to(c)
    }

    fn point_to(&self, c: &Campaign) -> Result<()> {
        atomic::write(&self.dir.join(LAST), c.id.as_bytes())?;
        if let Some(d) = &c.dataset {
            atomic::write(
                &self.dir.join(last_for(&d.fingerprint.hash)),
                c.id.as_bytes(),
            )?;
        }
        Ok(())
    }

    /// Writes the campaign as it is and makes it the last session: for new
    /// campaigns. Edits of saved ones go through [`Store::update`].
    pub fn save(&self, c: &Campaign) -> Result<()> {
        let _lock = self.lock()?;
        self.write_locked(c)
    }

    /// Applies `edits` to the latest saved version of `mine` (or to `mine`
    /// when it was never saved), records the edit ([`Campaign::touch`]) and
    /// saves, all under the store's lock: no other writer's change is lost.
    /// `also` runs on the campaign after the edits (e.g. to record provenance).
    pub fn update(
        &self,
        mine: &Campaign,
        edits: Vec<Edit>,
        also: impl FnOnce(&mut Campaign),
    ) -> Result<Updated> {
        let _lock = self.lock()?;
        let path = self.file(&mine.id)?;
        let saved = if path.exists() {
            Some(read(&path)?)
        } else {
            None
        };
        let changed_elsewhere = saved
            .as_ref()
            .is_some_and(|s| s.revision != mine.revision || s.updated != mine.updated);
        let mut c = saved.unwrap_or_else(|| mine.clone());
        let applied = apply_all(edits, &mut c);
        also(&mut c);
        c.touch();
        self.write_locked(&c)?;
        Ok(Updated {
            campaign: c,
            applied,
            changed_elsewhere,
        })
    }

    /// The saved version of a campaign when it differs from `mine` (another
    /// process changed it), for reloading before showing it.
    pub fn newer(&self, mine: &Campaign) -> Result<Option<Campaign>> {
        let path = self.file(&mine.id)?;
        if !path.exists() {
            return Ok(None);
        }
        let saved = read(&path)?;
        Ok((saved.revision != mine.revision || saved.updated != mine.updated).then_some(saved))
    }

    /// Opens a campaign by id, or by exact name when no id matches.
    pub fn load(&self, id_or_name: &str) -> Result<Campaign> {
        if valid_id(id_or_name) {
            let p = self.dir.join(format!("{id_or_name}.json"));
            if p.exists() {
                return read(&p);
            }
        }
        let found: Vec<Summary> = self
            .list()?
            .into_iter()
            .filter(|s| s.problem.is_none() && s.name == id_or_name)
            .collect();
        match found.as_slice() {
            [one] => read(&self.dir.join(format!("{}.json", one.id))),
            [] => Err(Error::input(
                Location::file(self.dir.display().to_string()).value(id_or_name),
                "no saved campaign with this id or name (see `pushbench campaign list`)",
            )),
            _ => Err(Error::input(
                Location::file(self.dir.display().to_string()).value(id_or_name),
                "several campaigns have this name; use the id",
            )),
        }
    }

    /// The campaign of the last session, if there is one.
    pub fn load_last(&self) -> Result<Option<Campaign>> {
        self.load_pointer(LAST)
    }

    /// The last campaign of the dataset with this fingerprint, if any.
    pub fn load_last_for(&self, fp: &Fingerprint) -> Result<Option<Campaign>> {
        let c = self.load_pointer(&last_for(&fp.hash))?;
        Ok(c.filter(|c| c.is_for(fp)))
    }

    fn load_pointer(&self, name: &str) -> Result<Option<Campaign>> {
        let p = self.dir.join(name);
        let id = match std::fs::read_to_string(&p) {
            Ok(s) => s.trim().to_string(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(p, e)),
        };
        let file = self.file(&id)?;
        if !file.exists() {
            return Ok(None);
        }
        read(&file).map(Some)
    }

    /// The saved campaigns built on the dataset with this fingerprint, most
    /// recently updated first.
    pub fn list_for(&self, fp: &Fingerprint) -> Result<Vec<Summary>> {
        Ok(self
            .list()?
            .into_iter()
            .filter(|s| {
                s.dataset
                    .as_ref()
                    .is_some_and(|d| d.fingerprint.hash == fp.hash)
            })
            .collect())
    }

    /// All saved campaigns, most recently updated first. Unreadable files are
    /// listed with a problem rather than hidden.
    pub fn list(&self) -> Result<Vec<Summary>> {
        let rd = std::fs::read_dir(&self.dir).map_err(|e| Error::io(&self.dir, e))?;
        let mut out = Vec::new();
        for entry in rd {
            let entry = entry.map_err(|e| Error::io(&self.dir, e))?;
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || !name.ends_with(".json") || !path.is_file() {
                continue;
            }
            let id = name.trim_end_matches(".json").to_string();
            out.push(match read(&path) {
                Ok(c) => Summary {
                    segments: c.segments.len(),
                    variants: c.segments.iter().map(|s| s.variants.len()).sum(),
                    id: c.id,
                    name: c.name,
                    owner: c.owner,
                    created: c.created,
                    updated: c.updated,
                    revision: c.revision,
                    dataset: c.dataset,
                    problem: None,
                },
                Err(e) => Summary {
                    id,
                    name: String::new(),
                    owner: None,
                    created: String::new(),
                    updated: String::new(),
                    revision: 0,
                    segments: 0,
                    variants: 0,
                    dataset: None,
                    problem: Some(e.to_string()),
                },
            });
        }
        out.sort_by(|a, b| b.updated.cmp(&a.updated).then(a.id.cmp(&b.id)));
        Ok(out)
    }

    /// Saves a copy under a new id and name; returns it.
    pub fn duplicate(&self, id_or_name: &str) -> Result<Campaign> {
        let src = self.load(id_or_name)?;
        let mut c = Campaign::new(&format!("{} (copy)", src.name), src.owner.clone());
        let (id, name, created, updated) = (c.id, c.name, c.created, c.updated);
        c = Campaign {
            id,
            name,
            created,
            updated,
            revision: 0,
            ..src
        };
        self.save(&c)?;
        Ok(c)
    }

    /// Deletes a campaign, its saved drafts and the last-session pointers
    /// that pointed to it.
    pub fn delete(&self, id_or_name: &str) -> Result<Campaign> {
        let c = self.load(id_or_name)?;
        let _lock = self.lock()?;
        let p = self.file(&c.id)?;
        std::fs::remove_file(&p).map_err(|e| Error::io(&p, e))?;
        let drafts = self.drafts_file(&c.id);
        if drafts.exists() {
            std::fs::remove_file(&drafts).map_err(|e| Error::io(&drafts, e))?;
        }
        let mut pointers = vec![self.dir.join(LAST)];
        if let Some(d) = &c.dataset {
            pointers.push(self.dir.join(last_for(&d.fingerprint.hash)));
        }
        for last in pointers {
            if std::fs::read_to_string(&last).is_ok_and(|s| s.trim() == c.id) {
                std::fs::remove_file(&last).map_err(|e| Error::io(&last, e))?;
            }
        }
        Ok(c)
    }

    /// Where the TUI keeps a campaign's unapproved drafts.
    pub fn drafts_file(&self, id: &str) -> PathBuf {
        self.dir.join("drafts").join(format!("{id}.json"))
    }
}

fn read(path: &Path) -> Result<Campaign> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    serde_json::from_str(&text).map_err(|e| {
        Error::input(
            Location::file(path.display().to_string()).row(e.line()),
            format!("not a readable campaign: {e}"),
        )
    })
}
