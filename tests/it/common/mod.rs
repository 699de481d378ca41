#![allow(dead_code)]
//! Helpers shared by the integration tests.

use pushbench::data::{load, ColumnMap, Dataset, LoadOptions, Source};
use pushbench::jobs::JobCtx;
use std::path::{Path, PathBuf};

pub fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, content).expect("write fixture");
    p
}

pub fn load_files(events: &Path, items: Option<&Path>, map: &str) -> pushbench::Result<Dataset> {
    let opts = LoadOptions::new(Source::path(events))
        .items(items.map(Source::path))
        .map(ColumnMap::parse(map)?);
    load(&opts, &JobCtx::none())
}

pub fn load_one(events: &Path) -> pushbench::Result<Dataset> {
    load_files(events, None, "")
}

/// Count of events of a kind.
pub fn count(ds: &Dataset, k: pushbench::data::EventKind) -> usize {
    ds.events.kind.iter().filter(|x| **x == k).count()
}
