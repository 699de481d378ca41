//! Saved campaigns: one JSON file per campaign in `<data_dir>/campaigns/`,
//! written atomically on every save, plus a `last` pointer for resuming the
//! last session. A killed process loses at most the edit it was saving.

use super::atomic;
use super::model::{valid_id, Campaign};
use crate::config::Paths;
use crate::error::{Error, Location, Result};
use serde::Serialize;
use std::path::{Path, PathBuf};

const LAST: &str = "last";

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

    /// Writes the campaign as it is and makes it the last session.
    pub fn save(&self, c: &Campaign) -> Result<()> {
        let path = self.file(&c.id)?;
        let json = serde_json::to_vec_pretty(c)
            .map_err(|e| Error::Other(format!("encoding campaign {}: {e}", c.id)))?;
        atomic::write(&path, &json)?;
        atomic::write(&self.dir.join(LAST), c.id.as_bytes())?;
        Ok(())
    }

    /// Records an edit ([`Campaign::touch`]) and saves: what the TUI calls
    /// after every change.
    pub fn autosave(&self, c: &mut Campaign) -> Result<()> {
        c.touch();
        self.save(c)
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
        let p = self.dir.join(LAST);
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

    /// All saved campaigns, most recently updated first. Unreadable files are
    /// listed with a problem rather than hidden.
    pub fn list(&self) -> Result<Vec<Summary>> {
        let rd = std::fs::read_dir(&self.dir).map_err(|e| Error::io(&self.dir, e))?;
        let mut out = Vec::new();
        for entry in rd {
            let entry = entry.map_err(|e| Error::io(&self.dir, e))?;
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || !name.ends_with(".json") {
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

    /// Deletes a campaign (and the last-session pointer if it pointed to it).
    pub fn delete(&self, id_or_name: &str) -> Result<Campaign> {
        let c = self.load(id_or_name)?;
        let p = self.file(&c.id)?;
        std::fs::remove_file(&p).map_err(|e| Error::io(&p, e))?;
        let last = self.dir.join(LAST);
        if std::fs::read_to_string(&last).is_ok_and(|s| s.trim() == c.id) {
            std::fs::remove_file(&last).map_err(|e| Error::io(&last, e))?;
        }
        Ok(c)
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
