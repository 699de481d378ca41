//! Per-user behaviour features: recency, frequency, monetary value, funnel
//! rates, engagement, breadth, category affinity, price band, time-of-day
//! profile and tenure, computed from the event log and scaled for clustering.
//!
//! Features the data cannot supply (no prices, no dwell, no categories) are
//! left out with a note instead of being filled with zeros. Values that are
//! undefined for one user (the order value of a user without orders) get the
//! population median, which is neutral after scaling.

mod export;
mod plan;
mod scale;
mod user;

pub use export::write_features;
pub use scale::{quantile, Scaling};

use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::jobs::JobCtx;
use ndarray::{Array2, Axis};

/// How a raw value is transformed before scaling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transform {
    Identity,
    /// `ln(1 + x)`, for heavy-tailed counts and amounts.
    Log1p,
}

/// Feature families; used for weighting and for naming segments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Recency,
    Frequency,
    Monetary,
    Funnel,
    Engagement,
    Breadth,
    Category,
    Price,
    Time,
    Tenure,
}

/// Metadata of one feature column.
#[derive(Debug, Clone)]
pub struct FeatureInfo {
    pub name: String,
    /// Human-readable label ("days since last visit").
    pub label: String,
    pub group: Group,
    pub transform: Transform,
    /// Column weight applied after standardisation: each family of behaviour
    /// (group, or multi-column block such as the category shares) shares one
    /// unit, `1/sqrt(columns)` per column.
    pub weight: f64,
    pub scaling: Scaling,
    /// Users whose value was undefined and replaced by the median.
    pub imputed: usize,
}

/// The feature matrix: row `i` is user index `i` of the dataset.
#[derive(Debug, Clone)]
pub struct FeatureMatrix {
    pub names: Vec<String>,
    /// Values in natural units (days, counts, currency, shares).
    pub raw: Array2<f64>,
    /// Transformed, standardised, clipped to +-5 and weighted: what clustering sees.
    pub scaled: Array2<f64>,
    pub info: Vec<FeatureInfo>,
    /// What was left out or assumed, in plain words.
    pub notes: Vec<String>,
}

impl FeatureMatrix {
    pub fn n_users(&self) -> usize {
        self.raw.nrows()
    }
    pub fn n_features(&self) -> usize {
        self.raw.ncols()
    }
    /// Column index of a feature by name.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }
}

/// "12%", or "0.2%" / "<0.1%" for small shares.
pub(crate) fn percent(part: usize, whole: usize) -> String {
    let p = 100.0 * part as f64 / whole.max(1) as f64;
    if p >= 1.0 || p == 0.0 {
        format!("{p:.0}%")
    } else if p >= 0.1 {
        format!("{p:.1}%")
    } else {
        "<0.1%".to_string()
    }
}

/// Sessions are inferred from gaps longer than this when the data has no session ids.
pub const SESSION_GAP_SECONDS: i64 = 30 * 60;
/// Number of global top categories that get an affinity column.
pub const TOP_CATEGORIES: usize = 8;

/// Computes and scales the behaviour features of every user.
pub fn user_features(ds: &Dataset, ctx: &JobCtx) -> Result<FeatureMatrix> {
    build(ds, ctx, &|f, m| ctx.progress(f, m))
}

/// [`user_features`] reporting progress (0..1) through `progress`.
pub(crate) fn build(
    ds: &Dataset,
    ctx: &JobCtx,
    progress: &dyn Fn(f64, &str),
) -> Result<FeatureMatrix> {
    let n = ds.n_users();
    if n == 0 || ds.events.is_empty() {
        return Err(Error::Other(
            "the dataset has no events, so there are no users to describe".into(),
        ));
    }
    progress(0.0, "features: preparing");
    let plan = plan::Plan::new(ds);
    let mut notes = plan.notes.clone();
    let (mut raw, specs) = user::compute(ds, &plan, ctx, progress)?;
    ctx.check()?;
    progress(0.8, "features: scaling");

    let mut info = Vec::new();
    let mut kept = Vec::new();
    let mut constant = Vec::new();
    let mut imputed_notes = Vec::new();
    for (j, spec) in specs.into_iter().enumerate() {
        let mut col = raw.column_mut(j);
        let defined: Vec<f64> = col.iter().copied().filter(|v| v.is_finite()).collect();
        if defined.is_empty() {
            notes.push(format!("{}: undefined for every user, left out", spec.name));
            continue;
        }
        let median = scale::quantile(&defined, 0.5);
        let imputed = n - defined.len();
        drop(defined);
        col.mapv_inplace(|v| if v.is_finite() { v } else { median });
        let (lo, hi) = col
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                (a.min(v), b.max(v))
            });
        if hi - lo <= 1e-12 * (1.0 + hi.abs()) {
            constant.push(spec.name);
            continue;
        }
        if imputed > 0 {
            imputed_notes.push(format!("{} ({})", spec.name, percent(imputed, n)));
        }
        info.push(FeatureInfo {
            name: spec.name,
            label: spec.label,
            group: spec.group,
            transform: spec.transform,
            weight: if spec.shared { -1.0 } else { 1.0 },
            scaling: Scaling::default(),
            imputed,
        });
        kept.push(j);
    }
    if !constant.is_empty() {
        notes.push(format!(
            "left out because every user has the same value: {}",
            constant.join(", ")
        ));
    }
    if !imputed_notes.is_empty() {
        notes.push(format!(
            "undefined for some users and set to the median: {}",
            imputed_notes.join(", ")
        ));
    }
    if kept.is_empty() {
        return Err(Error::Other(format!(
            "all {n} users have identical behaviour features; there is nothing to segment \
             (every feature was constant: {})",
            constant.join(", ")
        )));
    }
    if kept.len() < raw.ncols() {
        raw = raw.select(Axis(1), &kept);
    }
    // Each family of behaviour (a group, or a multi-column block such as the
    // category shares, marked -1 above) carries the same total weight, so
    // four correlated frequency counts or eight category shares do not
    // outvote recency: a family of m columns gets 1/sqrt(m) per column.
    let family = |f: &FeatureInfo| (f.group, f.weight < 0.0);
    let keys: Vec<(Group, bool)> = info.iter().map(family).collect();
    for (f, key) in info.iter_mut().zip(&keys) {
        let m = keys.iter().filter(|k| *k == key).count().max(1);
        f.weight = 1.0 / (m as f64).sqrt();
    }
    let scaled = scale::scale(&raw, &mut info);
    progress(1.0, "features: done");
    Ok(FeatureMatrix {
        names: info.iter().map(|f| f.name.clone()).collect(),
        raw,
        scaled,
        info,
        notes,
    })
}
