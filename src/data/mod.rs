//! Behaviour data: the event log and the item catalogue, loaded from CSV, Parquet
//! or JSON lines in any of the recognised layouts.

mod build;
pub mod bundled;
mod catalogue;
mod columns;
pub mod fingerprint;
mod jsonl;
pub mod kind;
pub mod layout;
pub mod load;
pub mod sniff;
pub mod summary;
pub mod timestamp;

use catalogue::catalogue_read;
pub use fingerprint::{fingerprint, Fingerprint};
pub use kind::EventKind;
pub use layout::{ColumnMap, Layout};
pub use load::{load, LoadOptions, Source};
pub use summary::{summarize, Summary};

use serde::Serialize;

/// Interned string ids: index <-> original id.
#[derive(Debug, Clone, Default)]
pub struct Interner {
    ids: Vec<String>,
    index: std::collections::HashMap<String, u32>,
}

impl Interner {
    pub fn intern(&mut self, id: &str) -> u32 {
        if let Some(&i) = self.index.get(id) {
            return i;
        }
        let i = self.ids.len() as u32;
        self.ids.push(id.to_string());
        self.index.insert(id.to_string(), i);
        i
    }
    pub fn get(&self, id: &str) -> Option<u32> {
        self.index.get(id).copied()
    }
    pub fn name(&self, i: u32) -> &str {
        &self.ids[i as usize]
    }
    pub fn len(&self) -> usize {
        self.ids.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
    pub fn names(&self) -> &[String] {
        &self.ids
    }
}

/// The event log, column-oriented, sorted by (user, timestamp).
#[derive(Debug, Clone, Default)]
pub struct Events {
    pub user: Vec<u32>,
    pub item: Vec<u32>,
    pub kind: Vec<EventKind>,
    /// Seconds since the Unix epoch, UTC.
    pub ts: Vec<i64>,
    pub dwell: Option<Vec<f32>>,
    pub price: Option<Vec<f32>>,
    pub quantity: Option<Vec<f32>>,
    pub rating: Option<Vec<f32>>,
    pub session: Option<Vec<u32>>,
    /// Search query per event (None where the event has none).
    pub query: Option<Vec<Option<Box<str>>>>,
}

impl Events {
    pub fn len(&self) -> usize {
        self.user.len()
    }
    pub fn is_empty(&self) -> bool {
        self.user.is_empty()
    }
    /// Row ranges per user (events are sorted by user): `offsets[u]..offsets[u+1]`.
    pub fn user_offsets(&self, n_users: usize) -> Vec<usize> {
        let mut offsets = vec![0usize; n_users + 1];
        for &u in &self.user {
            offsets[u as usize + 1] += 1;
        }
        for i in 0..n_users {
            offsets[i + 1] += offsets[i];
        }
        offsets
    }
}

/// The item catalogue. Items seen in events but absent from the catalogue file
/// are present with their id as title and no category.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    pub title: Vec<String>,
    pub category: Vec<Option<u32>>,
    pub brand: Vec<Option<u32>>,
    pub price: Vec<Option<f32>>,
    pub tags: Vec<Vec<String>>,
    pub description: Vec<Option<String>>,
    /// Extra numeric columns (name, values with NaN for missing).
    pub numeric: Vec<(String, Vec<f32>)>,
    pub categories: Interner,
    pub brands: Interner,
    /// Number of items that came from a catalogue file (the rest only from events).
    pub from_file: usize,
}

/// A count of rows left out on purpose, reported to the user.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Dropped {
    pub reason: String,
    pub rows: usize,
}

/// Where the data came from and what was detected.
#[derive(Debug, Clone, Serialize)]
pub struct SourceInfo {
    pub events_file: String,
    pub items_file: Option<String>,
    pub layout: Layout,
    pub format: String,
    pub timestamp_format: String,
    pub rows_read: usize,
    pub dropped: Vec<Dropped>,
    pub notes: Vec<String>,
}

/// Everything loaded: events, catalogue and id dictionaries.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub events: Events,
    pub users: Interner,
    pub items: Interner,
    pub catalogue: Catalogue,
    pub source: SourceInfo,
}

impl Dataset {
    pub fn n_users(&self) -> usize {
        self.users.len()
    }
    pub fn n_items(&self) -> usize {
        self.items.len()
    }
    pub fn item_title(&self, item: u32) -> &str {
        &self.catalogue.title[item as usize]
    }
    pub fn item_category(&self, item: u32) -> Option<&str> {
        self.catalogue.category[item as usize].map(|c| self.catalogue.categories.name(c))
    }
}
