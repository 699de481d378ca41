//! `pushbench bench ...`: measured runs on generated data (time, throughput,
//! peak memory). Figures are reported, never asserted in tests.

use crate::data::{self, LoadOptions, Source};
use crate::error::{Error, Result};
use crate::jobs::JobCtx;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Debug, Serialize)]
pub struct LoadBench {
    pub users: usize,
    pub events: usize,
    pub file_mb: f64,
    pub generate_seconds: Option<f64>,
    pub load_seconds: f64,
    pub summary_seconds: f64,
    pub mb_per_second: f64,
    pub events_per_second: f64,
    pub peak_rss_mb: Option<f64>,
}

impl std::fmt::Display for LoadBench {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(g) = self.generate_seconds {
            writeln!(f, "generate     {g:.2} s")?;
        }
        writeln!(
            f,
            "load         {:.2} s  ({} events, {} users, {:.0} MB, {:.1} MB/s, {:.2} M events/s)",
            self.load_seconds,
            self.events,
            self.users,
            self.file_mb,
            self.mb_per_second,
            self.events_per_second / 1e6
        )?;
        writeln!(f, "summary      {:.2} s", self.summary_seconds)?;
        match self.peak_rss_mb {
            Some(m) => write!(f, "peak memory  {m:.0} MB"),
            None => write!(f, "peak memory  unavailable"),
        }
    }
}

/// Peak resident set size of this process, from /proc (Linux).
pub fn peak_rss_mb() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Generates a store of `users` and `items` into `dir` unless it is already
/// there; returns the paths of its events and items files and, when it had
/// to be generated, how long that took.
pub fn generated_store(
    users: usize,
    items: usize,
    dir: &Path,
) -> Result<(PathBuf, PathBuf, Option<f64>)> {
    let events_path = dir.join("events.csv");
    let items_path = dir.join("items.csv");
    let mut generate_seconds = None;
    if !events_path.exists() || !items_path.exists() {
        eprintln!("generating {users} users into {} ...", dir.display());
        let t = Instant::now();
        let spec = crate::sample::SampleSpec {
            users,
            items,
            ..Default::default()
        };
        crate::sample::write_sample(&spec, dir).map_err(|e| Error::Other(format!("{e:#}")))?;
        generate_seconds = Some(t.elapsed().as_secs_f64());
    }
    Ok((events_path, items_path, generate_seconds))
}

pub fn bench_load(users: usize, items: usize, dir: &Path) -> Result<LoadBench> {
    let (events_path, items_path, generate_seconds) = generated_store(users, items, dir)?;
    let size = std::fs::metadata(&events_path)
        .map_err(|e| Error::io(&events_path, e))?
        .len() as f64
        / 1e6;
    let opts = LoadOptions::new(Source::path(&events_path)).items(Some(Source::path(&items_path)));
    let t = Instant::now();
    let ds = data::load(&opts, &JobCtx::none())?;
    let load_seconds = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let s = data::summarize(&ds);
    let summary_seconds = t.elapsed().as_secs_f64();
    Ok(LoadBench {
        users: s.users,
        events: s.events,
        file_mb: size,
        generate_seconds,
        load_seconds,
        summary_seconds,
        mb_per_second: size / load_seconds,
        events_per_second: s.events as f64 / load_seconds,
        peak_rss_mb: peak_rss_mb(),
    })
}
