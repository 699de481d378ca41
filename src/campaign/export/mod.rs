//! Exports: CSV, JSON lines, OneSignal and FCM request bodies, and a
//! `manifest.json` beside them. Rows stream batch by batch from the
//! [`UserSource`], so memory stays bounded whatever the number of users; each
//! file is written to a temporary file and renamed into place only when every
//! file is complete (manifest last).

mod csv;
mod fcm;
mod jsonl;
pub mod manifest;
mod onesignal;

pub use manifest::{fingerprint, fingerprint_source, DatasetFile, DatasetFingerprint};

use super::assign::Arm;
use super::model::Campaign;
use super::plan::{Exclusion, Plan, Row};
use super::source::UserSource;
use crate::atomic::{Staged, Written};
use crate::error::{Error, Result};
use crate::jobs::JobCtx;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Users rendered per batch.
const BATCH: usize = 8192;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Csv,
    Jsonl,
    #[value(name = "onesignal")]
    #[serde(rename = "onesignal")]
    OneSignal,
    Fcm,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Csv, Format::Jsonl, Format::OneSignal, Format::Fcm];

    pub fn file_name(self) -> &'static str {
        match self {
            Format::Csv => "campaign.csv",
            Format::Jsonl => "campaign.jsonl",
            Format::OneSignal => "onesignal.jsonl",
            Format::Fcm => "fcm.jsonl",
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
            Format::OneSignal => "onesignal",
            Format::Fcm => "fcm",
        }
    }
    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.name() == s.trim().to_ascii_lowercase())
    }
}

pub const MANIFEST: &str = "manifest.json";

/// Everything an export needs besides the campaign.
pub struct ExportInputs<'a> {
    pub source: &'a dyn UserSource,
    /// Files the audience was computed from.
    pub dataset: Option<DatasetFingerprint>,
    /// The configuration used (recorded in the manifest).
    pub config: serde_json::Value,
    /// Fixed export time (tests, reproducible exports); default: now.
    pub now: Option<String>,
}

impl<'a> ExportInputs<'a> {
    pub fn new(source: &'a dyn UserSource) -> Self {
        ExportInputs {
            source,
            dataset: None,
            config: serde_json::Value::Null,
            now: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VariantCount {
    pub label: String,
    pub split: u32,
    pub users: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SegmentCount {
    pub id: usize,
    pub name: String,
    pub users: usize,
    pub control: usize,
    pub variants: Vec<VariantCount>,
}

/// Users per segment, variant and control group.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Counts {
    /// All users of the source.
    pub users: usize,
    /// Users of the targeted segments.
    pub targeted: usize,
    pub control: usize,
    /// Users who get a push.
    pub sent: usize,
    /// Targeted users left out because their text, filled with any of their
    /// items, is longer than the platform shows (nothing over is exported).
    pub over_limit: usize,
    /// Targeted users left out because none of their items backs what the
    /// copy claims (a cart reminder and an empty cart, "new" and no new item).
    pub unbacked: usize,
    /// Of those, how many for each claim no item of theirs backs.
    pub unbacked_by_claim: std::collections::BTreeMap<String, usize>,
    /// Targeted users left out because the copy has a line said of a
    /// category none of their items is in.
    pub other_category: usize,
    /// Targeted users left out because none of their items has what the copy
    /// names (a product name, a price, a category or a brand).
    pub missing_details: usize,
    pub segments: Vec<SegmentCount>,
}

impl Counts {
    fn new(c: &Campaign, users: usize) -> Counts {
        Counts {
            users,
            segments: c
                .segments
                .iter()
                .map(|s| SegmentCount {
                    id: s.id,
                    name: s.name.clone(),
                    users: 0,
                    control: 0,
                    variants: s
                        .variants
                        .iter()
                        .map(|v| VariantCount {
                            label: v.label.clone(),
                            split: v.split,
                            users: 0,
                        })
                        .collect(),
                })
                .collect(),
            ..Counts::default()
        }
    }

    /// Targeted users who get no push although not in the control group.
    pub fn left_out(&self) -> usize {
        self.unbacked + self.over_limit + self.other_category + self.missing_details
    }

    fn add(&mut self, r: &Row) {
        self.targeted += 1;
        match &r.excluded {
            Some(Exclusion::OverLimit) => self.over_limit += 1,
            Some(Exclusion::Unbacked(claims)) => {
                self.unbacked += 1;
                for c in claims {
                    *self
                        .unbacked_by_claim
                        .entry(c.label().to_string())
                        .or_default() += 1;
                }
            }
            Some(Exclusion::MissingDetails) => self.missing_details += 1,
            Some(Exclusion::OtherCategory) => self.other_category += 1,
            None => {}
        }
        let seg = self.segments.iter_mut().find(|s| s.id == r.segment_id);
        match r.arm {
            Arm::Control => {
                self.control += 1;
                if let Some(s) = seg {
                    s.users += 1;
                    s.control += 1;
                }
            }
            Arm::Variant(i) => {
                if let Some(s) = seg {
                    s.users += 1;
                    if let Some(v) = s.variants.get_mut(i).filter(|_| r.excluded.is_none()) {
                        v.users += 1;
                    }
                }
                self.sent += usize::from(r.excluded.is_none());
            }
        }
    }
}

/// One written file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileReport {
    pub format: String,
    pub name: String,
    pub bytes: u64,
    pub sha256: String,
    /// Lines (JSONL), data rows (CSV) or request bodies.
    pub records: u64,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportReport {
    pub dir: PathBuf,
    pub files: Vec<FileReport>,
    pub manifest: PathBuf,
    pub counts: Counts,
    pub seconds: f64,
    pub notes: Vec<String>,
}

/// A format writer: rows in, a staged temporary file out.
pub(crate) trait Sink {
    fn row(&mut self, plan: &Plan, r: &Row) -> Result<()>;
    /// Flushes and syncs; returns the staged file and its record count.
    fn finish(self: Box<Self>, plan: &Plan) -> Result<(Staged, u64)>;
}

fn open_sink(f: Format, path: &Path, c: &Campaign) -> Result<Box<dyn Sink>> {
    Ok(match f {
        Format::Csv => Box::new(csv::CsvSink::create(path)?),
        Format::Jsonl => Box::new(jsonl::JsonlSink::create(path)?),
        Format::OneSignal => Box::new(onesignal::OneSignalSink::create(path, c)?),
        Format::Fcm => Box::new(fcm::FcmSink::create(path, c)?),
    })
}

/// Target paths of an export, checked against overwriting.
fn targets(formats: &[Format], dir: &Path, force: bool) -> Result<Vec<(Format, PathBuf)>> {
    let mut out: Vec<(Format, PathBuf)> = Vec::new();
    for &f in formats {
        if !out.iter().any(|(g, _)| *g == f) {
            out.push((f, dir.join(f.file_name())));
        }
    }
    if out.is_empty() {
        return Err(Error::Other("no export format chosen".into()));
    }
    if !force {
        let manifest = dir.join(MANIFEST);
        for p in out.iter().map(|(_, p)| p).chain(std::iter::once(&manifest)) {
            if p.exists() {
                return Err(Error::Exists { path: p.clone() });
            }
        }
    }
    Ok(out)
}

/// Exports a campaign in the given formats into `dir` (created if missing).
/// Existing files are only replaced with `force`. Nothing becomes visible
/// unless every file was written completely.
pub fn export(
    c: &Campaign,
    inputs: &ExportInputs,
    formats: &[Format],
    dir: &Path,
    force: bool,
    ctx: &JobCtx,
) -> Result<ExportReport> {
    let t0 = Instant::now();
    let plan = Plan::new(c, inputs.source).map_err(|e| Error::Other(e.to_string()))?;
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let targets = targets(formats, dir, force)?;
    let mut sinks: Vec<(Format, Box<dyn Sink>)> = Vec::new();
    for (f, p) in &targets {
        sinks.push((*f, open_sink(*f, p, c)?));
    }
    let n = inputs.source.n_users();
    let mut counts = Counts::new(c, n);
    let mut start = 0;
    while start < n {
        ctx.check()?;
        let end = (start + BATCH).min(n);
        let rows = plan.batch(start..end);
        for r in &rows {
            counts.add(r);
            if r.excluded.is_some() {
                continue;
            }
            for (_, s) in sinks.iter_mut() {
                s.row(&plan, r)?;
            }
        }
        ctx.progress(end as f64 / n as f64, "exporting");
        start = end;
    }
    ctx.check()?;
    let mut staged: Vec<(Format, Staged, u64)> = Vec::new();
    for (f, s) in sinks {
        let (st, records) = s.finish(&plan)?;
        staged.push((f, st, records));
    }
    let mut files = Vec::new();
    for (f, st, records) in staged {
        let w: Written = st.commit()?;
        files.push(FileReport {
            format: f.name().into(),
            name: f.file_name().into(),
            bytes: w.bytes,
            sha256: w.sha256,
            records,
        });
    }
    let mut notes = manifest::notes(&plan, formats);
    for (n, why) in [
        (
            counts.unbacked,
            "none of their items backs what the copy claims for them (see counts.unbacked_by_claim)",
        ),
        (counts.over_limit, "their text is over the platform limit with every item of theirs"),
        (
            counts.other_category,
            "the copy has a line said of a category none of their items is in",
        ),
        (
            counts.missing_details,
            "none of their items has what the copy names (a product name, price, category or brand)",
        ),
    ] {
        if n > 0 {
            notes.push(format!("{n} targeted user(s) get no push: {why}"));
        }
    }
    let mut report = ExportReport {
        dir: dir.to_path_buf(),
        files,
        manifest: dir.join(MANIFEST),
        counts,
        seconds: 0.0,
        notes,
    };
    let m = manifest::build(&plan, inputs, &report);
    let json = serde_json::to_vec_pretty(&m).map_err(|e| Error::Other(format!("manifest: {e}")))?;
    crate::atomic::write(&report.manifest, &json)?;
    report.seconds = t0.elapsed().as_secs_f64();
    ctx.progress(1.0, "exported");
    Ok(report)
}
