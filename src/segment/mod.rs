//! User segments: behaviour features clustered with linfa (k-means by default,
//! Gaussian mixture or DBSCAN), k chosen by silhouette or forced, a 2-D PCA
//! projection, and named, explained segment profiles.
//!
//! Everything is deterministic for a seed: samples, restarts and the order of
//! segment ids (size descending, DBSCAN's "Unclustered" last).

mod auto_k;
pub mod bench;
mod cluster;
mod dbscan;
pub mod metrics;
mod naming;
mod profile;
mod project;

pub use metrics::{adjusted_rand_index, silhouette};

use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::features::{self, FeatureMatrix};
use crate::jobs::JobCtx;
use std::time::Instant;

/// Label of points that belong to no cluster (DBSCAN noise).
pub const NOISE: usize = usize::MAX;

/// How many segments to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KChoice {
    /// Try every k in `min..=max` and keep the best silhouette.
    Auto {
        min: usize,
        max: usize,
    },
    Fixed(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Algo {
    #[default]
    KMeans,
    Gmm,
    Dbscan,
}

impl Algo {
    pub fn label(self) -> &'static str {
        match self {
            Algo::KMeans => "kmeans",
            Algo::Gmm => "gmm",
            Algo::Dbscan => "dbscan",
        }
    }
}

#[derive(Debug, Clone)]
pub struct SegmentOptions {
    pub k: KChoice,
    pub algo: Algo,
    pub seed: u64,
    /// k-means restarts (k-means++ each); the lowest inertia wins.
    pub restarts: usize,
    /// Users in the seeded sample the silhouette is computed on.
    pub sample_for_silhouette: usize,
    /// Users the candidate models of `k auto`, the k-means restarts and the
    /// Gaussian mixture are fitted on; the final k-means pass and every
    /// assignment use everyone.
    pub fit_sample: usize,
    /// Users DBSCAN runs on; the others join the nearest cluster.
    pub dbscan_sample: usize,
    /// DBSCAN neighbourhood radius in scaled units (default: the radius with
    /// the best silhouette x clustered share among quantiles of the
    /// neighbour distances).
    pub dbscan_eps: Option<f64>,
    pub dbscan_min_points: Option<usize>,
}

impl Default for SegmentOptions {
    fn default() -> Self {
        SegmentOptions {
            k: KChoice::Auto { min: 3, max: 10 },
            algo: Algo::KMeans,
            seed: 42,
            restarts: 10,
            sample_for_silhouette: 3000,
            fit_sample: 10_000,
            dbscan_sample: 3000,
            dbscan_eps: None,
            dbscan_min_points: None,
        }
    }
}

/// One segment, explained.
#[derive(Debug, Clone)]
pub struct SegmentProfile {
    pub id: usize,
    pub name: String,
    pub description: String,
    pub size: usize,
    /// Share of all users.
    pub share: f64,
    /// Top categories with their share of the segment's categorised events.
    pub top_categories: Vec<(String, f64)>,
    pub top_brands: Vec<(String, f64)>,
    /// Share of the segment's events in each hour of the day (UTC).
    pub active_hours: [f64; 24],
    /// The segment's share of all purchase events.
    pub purchase_share: f64,
    /// Share of the segment's users with at least one purchase.
    pub buyer_share: f64,
    /// Segment mean / population mean of each feature (raw units).
    pub lifts: Vec<(String, f64)>,
    /// Segment mean minus population mean in standardised units.
    pub z: Vec<(String, f64)>,
    /// Segment mean of each feature in raw units.
    pub means: Vec<(String, f64)>,
    pub population_means: Vec<(String, f64)>,
    /// DBSCAN noise.
    pub unclustered: bool,
}

/// The result of one segmentation run.
#[derive(Debug, Clone)]
pub struct Segmentation {
    /// Number of clusters found (DBSCAN's "Unclustered" is not counted).
    pub k: usize,
    pub algo: Algo,
    pub seed: u64,
    /// Mean silhouette of the final assignment on the seeded sample.
    pub silhouette: f64,
    /// (k, silhouette) of every k tried by `k auto`; empty for a forced k.
    pub silhouette_curve: Vec<(usize, f64)>,
    /// Segment id of every user index.
    pub assignment: Vec<usize>,
    pub segments: Vec<SegmentProfile>,
    /// PCA coordinates of every user index.
    pub projection: Vec<[f64; 2]>,
    pub features: FeatureMatrix,
    pub notes: Vec<String>,
    /// Seconds spent per stage.
    pub timings: Vec<(String, f64)>,
}

impl Segmentation {
    /// User indices of a segment.
    pub fn members(&self, id: usize) -> Vec<u32> {
        self.assignment
            .iter()
            .enumerate()
            .filter(|(_, &s)| s == id)
            .map(|(i, _)| i as u32)
            .collect()
    }

    /// Renames a segment; names stay unique (case-insensitive) and printable.
    pub fn rename(&mut self, id: usize, name: &str) -> Result<()> {
        let clean = crate::text::sanitize(name).trim().to_string();
        if clean.is_empty() {
            return Err(Error::Other("a segment name cannot be empty".into()));
        }
        if clean.chars().count() > 60 {
            return Err(Error::Other(
                "a segment name can have at most 60 characters".into(),
            ));
        }
        if id >= self.segments.len() {
            return Err(Error::Other(format!(
                "no segment {id} (ids are 0 to {})",
                self.segments.len().saturating_sub(1)
            )));
        }
        let lower = clean.to_lowercase();
        if let Some(other) = self
            .segments
            .iter()
            .find(|s| s.id != id && s.name.to_lowercase() == lower)
        {
            return Err(Error::Other(format!(
                "segment {} is already called '{}'",
                other.id, other.name
            )));
        }
        self.segments[id].name = clean;
        Ok(())
    }

    /// A segment id from an id ("3") or a name (case-insensitive).
    pub fn find(&self, id_or_name: &str) -> Option<usize> {
        let q = id_or_name.trim();
        if let Ok(id) = q.parse::<usize>() {
            if id < self.segments.len() {
                return Some(id);
            }
        }
        let lower = q.to_lowercase();
        self.segments
            .iter()
            .find(|s| s.name.to_lowercase() == lower)
            .map(|s| s.id)
    }
}

/// Computes the features and segments the users.
pub fn run(ds: &Dataset, opts: &SegmentOptions, ctx: &JobCtx) -> Result<Segmentation> {
    let t = Instant::now();
    let fm = features::build(ds, ctx, &|f, m| ctx.progress(0.3 * f, m))?;
    let secs = t.elapsed().as_secs_f64();
    let mut s = segment_features(ds, fm, opts, ctx)?;
    s.timings.insert(0, ("features".into(), secs));
    Ok(s)
}

/// Segments users from an already computed feature matrix (re-running with
/// another k or algorithm does not need the features again).
pub fn segment_features(
    ds: &Dataset,
    fm: FeatureMatrix,
    opts: &SegmentOptions,
    ctx: &JobCtx,
) -> Result<Segmentation> {
    let n = fm.n_users();
    if n != ds.n_users() {
        return Err(Error::Other(format!(
            "the feature matrix has {n} users but the dataset has {}",
            ds.n_users()
        )));
    }
    let mut notes = fm.notes.clone();
    let mut timings = Vec::new();
    let x = fm.scaled.view();
    let (k_lo, k_hi) = match opts.k {
        KChoice::Fixed(k) => (k, k),
        KChoice::Auto { min, max } => (min, max),
    };
    if k_lo < 2 || k_lo > k_hi {
        return Err(Error::Other(format!(
            "k must be at least 2 (and min <= max for k auto); got {k_lo}..{k_hi}"
        )));
    }
    let distinct = distinct_rows(x, k_hi + 1);
    if distinct < 2 {
        return Err(Error::Other(format!(
            "all {n} users have identical behaviour features; there is nothing to segment"
        )));
    }
    let t = Instant::now();
    let mut curve = Vec::new();
    let k = match (opts.k, opts.algo) {
        (_, Algo::Dbscan) => {
            if let KChoice::Fixed(_) = opts.k {
                notes.push("DBSCAN finds the number of segments itself; --k is ignored".into());
            }
            0
        }
        (KChoice::Fixed(k), _) => {
            if n < k {
                return Err(Error::Other(format!(
                    "{n} users, but k = {k} segments needs at least {k} users"
                )));
            }
            if distinct < k {
                return Err(Error::Other(format!(
                    "only {distinct} distinct behaviour profiles among {n} users, fewer than k = {k}; \
                     choose a smaller k"
                )));
            }
            k
        }
        (KChoice::Auto { min, max }, algo) => {
            let hi = max.min(distinct).min(n.saturating_sub(1));
            if hi < min {
                return Err(Error::Other(format!(
                    "k auto needs at least {} users with distinct behaviour to try k = {min}..{max} \
                     ({n} users, {distinct} distinct); give a smaller --k",
                    min + 1
                )));
            }
            if hi < max {
                notes.push(format!(
                    "k auto tried {min}..{hi} only: {n} users, {distinct} distinct"
                ));
            }
            let progress = |f: f64, m: &str| ctx.progress(0.3 + 0.45 * f, m);
            let choice = auto_k::choose(x, algo, min, hi, opts, ctx, &progress)?;
            curve = choice.curve;
            choice.k
        }
    };
    if !curve.is_empty() {
        timings.push(("choose k".to_string(), t.elapsed().as_secs_f64()));
    }
    ctx.check()?;
    ctx.progress(0.78, "clustering all users");
    let t = Instant::now();
    let fit_progress = |f: f64, m: &str| ctx.progress(0.78 + 0.07 * f, m);
    let labels = cluster::fit(x, opts.algo, k, opts, ctx, &mut notes, &fit_progress)?;
    let (assignment, k_found, noise) = canonical(&labels);
    timings.push(("clustering".to_string(), t.elapsed().as_secs_f64()));
    if k_found == 0 {
        return Err(Error::Other(
            "DBSCAN found no dense group of users (everyone is noise); try --algo kmeans".into(),
        ));
    }
    if opts.algo != Algo::Dbscan && k_found < k {
        notes.push(format!("asked for {k} segments, {k_found} are non-empty"));
    }
    ctx.check()?;
    ctx.progress(0.85, "silhouette");
    let t = Instant::now();
    let sil_rows = metrics::sample_indices(n, opts.sample_for_silhouette, opts.seed ^ 0x5117);
    let sil_labels: Vec<usize> = assignment
        .iter()
        .map(|&a| if a >= k_found { NOISE } else { a })
        .collect();
    let sil = silhouette(x, &sil_labels, &sil_rows);
    timings.push(("silhouette".to_string(), t.elapsed().as_secs_f64()));
    ctx.progress(0.9, "projection");
    let t = Instant::now();
    let projection = match project::pca2(x, opts.seed, ctx) {
        Ok(p) => p,
        Err(Error::Cancelled) => return Err(Error::Cancelled),
        Err(e) => {
            notes.push(format!("no scatter projection: {e}"));
            vec![[0.0, 0.0]; n]
        }
    };
    timings.push(("projection".to_string(), t.elapsed().as_secs_f64()));
    ctx.check()?;
    ctx.progress(0.95, "profiles");
    let t = Instant::now();
    let n_seg = k_found + usize::from(noise);
    let mut segments = profile::build(ds, &fm, &assignment, n_seg);
    if noise {
        if let Some(last) = segments.last_mut() {
            last.unclustered = true;
        }
    }
    naming::name_all(&mut segments);
    timings.push(("profiles".to_string(), t.elapsed().as_secs_f64()));
    ctx.progress(1.0, "segments ready");
    Ok(Segmentation {
        k: k_found,
        algo: opts.algo,
        seed: opts.seed,
        silhouette: sil,
        silhouette_curve: curve,
        assignment,
        segments,
        projection,
        features: fm,
        notes,
        timings,
    })
}

/// Number of distinct rows, counting up to `cap`.
fn distinct_rows(x: ndarray::ArrayView2<f64>, cap: usize) -> usize {
    let mut seen = std::collections::HashSet::new();
    for row in x.rows() {
        seen.insert(row.iter().map(|v| v.to_bits()).collect::<Vec<u64>>());
        if seen.len() >= cap {
            break;
        }
    }
    seen.len()
}

/// Relabels clusters by size (descending, ties by first member); noise gets
/// the id after the last cluster. Returns (assignment, clusters, any noise).
fn canonical(labels: &[usize]) -> (Vec<usize>, usize, bool) {
    let mut stats: std::collections::BTreeMap<usize, (usize, usize)> = Default::default();
    for (i, &l) in labels.iter().enumerate() {
        if l != NOISE {
            stats.entry(l).or_insert((0, i)).0 += 1;
        }
    }
    let mut order: Vec<(usize, usize, usize)> =
        stats.iter().map(|(&l, &(c, f))| (l, c, f)).collect();
    order.sort_by_key(|&(_, c, f)| (std::cmp::Reverse(c), f));
    let map: std::collections::HashMap<usize, usize> = order
        .iter()
        .enumerate()
        .map(|(new, &(old, _, _))| (old, new))
        .collect();
    let k = order.len();
    let noise = labels.contains(&NOISE);
    let out = labels
        .iter()
        .map(|l| map.get(l).copied().unwrap_or(k))
        .collect();
    (out, k, noise)
}
