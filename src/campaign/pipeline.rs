//! The headless pipeline: segmentation, recommendation, copy generation,
//! approval (automatic or from a saved campaign), validation, autosave and
//! export, with progress through [`JobCtx`] and a machine-readable summary.

use super::approve::approve;
use super::config::{Approval, PipelineConfig, Target};
use super::export::{self, fingerprint_source, DatasetFingerprint, ExportInputs, ExportReport};
use super::model::{
    CopyProvenance, DatasetBinding, Invalid, KRequested, Platform, RecommenderProvenance,
    SegmentRef, SegmentationProvenance,
};
use super::source::DatasetSource;
use super::store::Store;
use crate::data::{Dataset, LoadOptions, Source};
use crate::error::Error;
use crate::jobs::JobCtx;
use crate::recommend::{Method, Models, RecConfig};
use crate::segment::{self, Algo, KChoice, SegmentOptions, Segmentation};
use crate::workbench::Session;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Why a run failed: validation (exit 3) or anything else (its own code).
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("{0}")]
    Invalid(Invalid),
    #[error("{0}")]
    Error(#[from] Error),
}

impl PipelineError {
    /// 3 failed validation, 2 bad input or configuration, 1 internal.
    pub fn exit_code(&self) -> i32 {
        match self {
            PipelineError::Invalid(_) => 3,
            PipelineError::Error(e) => e.exit_code(),
        }
    }
}

impl From<Invalid> for PipelineError {
    fn from(i: Invalid) -> Self {
        PipelineError::Invalid(i)
    }
}

/// A generated message, ready to approve.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Draft {
    pub title: String,
    pub body: String,
    pub tone: String,
    pub offer: Option<String>,
    /// Item ids the copy was written for.
    pub products: Vec<String>,
    pub critic_score: f32,
    pub model_id: String,
    pub seed: u64,
}

/// What copy generation is asked for one segment.
pub struct Brief<'a> {
    pub ds: &'a Dataset,
    pub facts: &'a crate::copy::facts::DataFacts,
    pub segmentation: &'a Segmentation,
    pub models: &'a Models,
    pub segment: usize,
    /// The recommender whose top items the copy may name, and how many.
    pub method: Method,
    pub n_products: usize,
    pub tone: Option<&'a str>,
    pub n: usize,
    pub seed: u64,
    pub platform: Platform,
}

impl Brief<'_> {
    /// The segment's recommended items, best first (as the copy sees them).
    pub fn products(&self) -> Vec<u32> {
        let name = self
            .segmentation
            .segments
            .iter()
            .find(|s| s.id == self.segment)
            .map(|s| s.name.as_str())
            .unwrap_or("");
        self.models
            .recommend_for_segment(
                self.method,
                &self.segmentation.members(self.segment),
                self.n_products,
                name,
            )
            .into_iter()
            .map(|r| r.item)
            .collect()
    }
}

/// Writes candidate messages for a segment (the copy module, or a stand-in).
pub trait Copywriter {
    /// Settings recorded in the manifest (model id, seed, sampling).
    fn settings(&self) -> Option<CopyProvenance>;
    /// Candidates, in any order; the pipeline ranks them by critic score.
    fn drafts(&self, brief: &Brief, ctx: &JobCtx) -> crate::Result<Vec<Draft>>;
}

/// What approval works from: the session's data, store, segmentation and
/// models, the targeted segments and the data's binding.
pub(crate) struct Approving<'a> {
    pub ds: &'a Dataset,
    pub facts: &'a crate::copy::facts::DataFacts,
    pub store: &'a Store,
    pub seg: &'a Segmentation,
    pub models: &'a Models,
    pub targets: &'a [usize],
    pub data: &'a DatasetBinding,
}

/// Inputs of a run besides the configuration and the session (which holds
/// the data, the store and the owner from the program configuration).
pub struct RunInputs<'a> {
    pub copywriter: &'a dyn Copywriter,
    /// Approvals taken from a saved campaign built on other data are
    /// resolved against this data instead of refused.
    pub rebind: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ApprovedSummary {
    pub label: String,
    pub split: u32,
    pub title: String,
    pub body: String,
    pub critic_score: f32,
}

#[derive(Debug, Clone, Serialize)]
pub struct SegmentSummary {
    pub id: usize,
    pub name: String,
    pub size: usize,
    pub approved: Vec<ApprovedSummary>,
}

/// The machine-readable result (printed as JSON by `campaign run`).
#[derive(Debug, Clone, Serialize)]
pub struct RunSummary {
    pub campaign_id: String,
    pub name: String,
    pub saved_to: PathBuf,
    pub out_dir: PathBuf,
    pub k: usize,
    pub segments: Vec<SegmentSummary>,
    pub export: ExportReport,
    pub timings: Vec<(String, f64)>,
}

fn stage(ctx: &JobCtx, lo: f64, hi: f64) -> JobCtx {
    let p = ctx.clone();
    JobCtx::with_reporter(move |f, m| p.progress(lo + f * (hi - lo), m))
}

fn segment_options(cfg: &PipelineConfig) -> SegmentOptions {
    SegmentOptions {
        k: match cfg.k {
            Some(k) => KChoice::Fixed(k),
            None => KChoice::Auto {
                min: cfg.k_range.0,
                max: cfg.k_range.1,
            },
        },
        algo: match cfg.algo.as_str() {
            "gmm" => Algo::Gmm,
            "dbscan" => Algo::Dbscan,
            _ => Algo::KMeans,
        },
        seed: cfg.segment_seed,
        ..SegmentOptions::default()
    }
}

fn targeted(cfg: &PipelineConfig, seg: &Segmentation) -> Result<Vec<usize>, Invalid> {
    let Some(ts) = &cfg.targets else {
        return Ok(seg
            .segments
            .iter()
            .filter(|s| s.size > 0)
            .map(|s| s.id)
            .collect());
    };
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for t in ts {
        let found = match t {
            Target::Id(i) => seg.segments.iter().find(|s| s.id == *i).map(|s| s.id),
            Target::Name(n) => seg.find(n),
        };
        match found {
            Some(id) if !out.contains(&id) => out.push(id),
            Some(_) => {}
            None => problems.push(format!(
                "{}: target {t:?} is not a segment of this data (segments: {})",
                cfg.file,
                seg.segments
                    .iter()
                    .map(|s| format!("{} {}", s.id, s.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Invalid(problems))
    }
}

/// A data source as the manifest names it.
pub fn source_name(s: &Source) -> String {
    match s {
        Source::Path(p) => p.display().to_string(),
        Source::Bytes { name, .. } => name.clone(),
    }
}

/// The manifest's record of the files a dataset was loaded from.
pub fn dataset_fingerprint(
    ds: &Dataset,
    load: Option<&LoadOptions>,
) -> crate::Result<DatasetFingerprint> {
    let mut files = Vec::new();
    if let Some(l) = load {
        files.push(fingerprint_source(
            "events",
            &l.events,
            Some(ds.source.rows_read),
        )?);
        if let Some(i) = &l.items {
            files.push(fingerprint_source(
                "items",
                i,
                Some(ds.catalogue.from_file),
            )?);
        }
    }
    Ok(DatasetFingerprint {
        files,
        users: ds.n_users(),
        items: ds.n_items(),
        events: ds.events.len(),
    })
}

/// Provenance of a segmentation, as recorded in campaigns and manifests.
pub fn segmentation_provenance(
    seg: &Segmentation,
    k_requested: KRequested,
) -> SegmentationProvenance {
    SegmentationProvenance {
        algo: seg.algo.label().to_string(),
        k: seg.k,
        k_requested,
        seed: seg.seed,
        silhouette: seg.silhouette,
        segments: seg
            .segments
            .iter()
            .map(|s| SegmentRef {
                id: s.id,
                name: s.name.clone(),
                size: s.size,
            })
            .collect(),
    }
}

/// Runs everything on `session` (data and store attached, as
/// [`Session::headless`] makes it) and exports into `out`. The session ends
/// holding the segmentation (with the names saved for this data), the
/// fitted models and the campaign, as the TUI would.
pub fn run(
    cfg: &PipelineConfig,
    session: &mut Session,
    inp: &RunInputs,
    out: &Path,
    force: bool,
    ctx: &JobCtx,
) -> Result<RunSummary, PipelineError> {
    let (Some(ds), Some(data), Some(store)) = (
        session.dataset().cloned(),
        session.binding(),
        session.store.clone(),
    ) else {
        return Err(
            Error::Other("campaign run needs loaded data and a campaign store".into()).into(),
        );
    };
    let load = session.load_options().cloned();
    let mut timings = Vec::new();
    let t = Instant::now();
    ctx.progress(0.0, "segmenting");
    session.k_requested = cfg.k.map_or(KRequested::Auto, KRequested::Fixed);
    let seg = segment::run(&ds, &segment_options(cfg), &stage(ctx, 0.0, 0.3))?;
    let seg = session.set_segmentation(seg).clone();
    timings.push(("segment".to_string(), t.elapsed().as_secs_f64()));
    let targets = targeted(cfg, &seg)?;
    ctx.check()?;

    let t = Instant::now();
    let method = Method::parse(&cfg.method).unwrap_or(Method::Hybrid);
    let rec_cfg = RecConfig::default();
    let models = Models::fit(&ds, &rec_cfg, &stage(ctx, 0.3, 0.55))?;
    let models = session.set_models(models).clone();
    timings.push(("recommend".to_string(), t.elapsed().as_secs_f64()));
    ctx.check()?;

    let t = Instant::now();
    let owner = cfg.campaign.owner.clone().or_else(|| session.owner.clone());
    let mut c = cfg.campaign.clone();
    c.owner = owner.clone();
    let facts = session
        .facts()
        .cloned()
        .ok_or_else(|| Error::Other("campaign run needs loaded data".into()))?;
    let approving = Approving {
        ds: &ds,
        facts: &facts,
        store: &store,
        seg: &seg,
        models: &models,
        targets: &targets,
        data: &data,
    };
    c.segments = approve(cfg, inp, &approving, &stage(ctx, 0.55, 0.75))?;
    c.dataset = Some(data);
    // What the session knows (files, segmentation), with this run's
    // recommender and copy settings.
    c.provenance = session.provenance();
    c.provenance.recommender = Some(RecommenderProvenance {
        method: method.name().to_string(),
        items_per_user: cfg.items_per_user,
        config: Some(rec_cfg.clone()),
    });
    c.provenance.copy = inp.copywriter.settings();
    timings.push(("copy".to_string(), t.elapsed().as_secs_f64()));
    c.validate()?;
    let re_export = matches!(&cfg.approval, Approval::Saved { from } if *from == c.id);
    if !re_export {
        store.save(&c)?;
    } else if inp.rebind {
        // Only the binding and provenance change: edits made meanwhile stay.
        let (dataset, provenance) = (c.dataset.clone(), c.provenance.clone());
        store.update(&c, Vec::new(), |s| {
            s.dataset = dataset;
            s.provenance = provenance;
        })?;
    }
    session.campaign = c.clone();
    ctx.check()?;

    let t = Instant::now();
    let k = cfg.items_per_user;
    let source = DatasetSource::new(&ds, &seg.assignment, |users: &[u32]| {
        models.top_items(method, users, k)
    })
    .with_facts(&facts);
    let dataset = dataset_fingerprint(&ds, load.as_ref())?;
    let inputs = ExportInputs {
        source: &source,
        dataset: Some(dataset),
        config: serde_json::to_value(cfg).unwrap_or_default(),
        now: None,
    };
    let report = export::export(
        &c,
        &inputs,
        &cfg.formats,
        out,
        force,
        &stage(ctx, 0.75, 1.0),
    )?;
    timings.push(("export".to_string(), t.elapsed().as_secs_f64()));
    Ok(RunSummary {
        campaign_id: c.id.clone(),
        name: c.name.clone(),
        saved_to: store.dir().join(format!("{}.json", c.id)),
        out_dir: out.to_path_buf(),
        k: seg.k,
        segments: c
            .segments
            .iter()
            .map(|s| SegmentSummary {
                id: s.id,
                name: s.name.clone(),
                size: s.size.unwrap_or(0),
                approved: s
                    .variants
                    .iter()
                    .map(|v| ApprovedSummary {
                        label: v.label.clone(),
                        split: v.split,
                        title: v.title.clone(),
                        body: v.body.clone(),
                        critic_score: v.critic_score,
                    })
                    .collect(),
            })
            .collect(),
        export: report,
        timings,
    })
}
