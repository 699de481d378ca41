//! The clustering algorithms (linfa): k-means++ with seeded restarts, a
//! Gaussian mixture, and DBSCAN with noise. All return one label per row,
//! [`NOISE`] for DBSCAN's unclustered points.

use super::metrics::sample_indices;
use super::{Algo, SegmentOptions};
use crate::error::{Error, Result};
use crate::jobs::JobCtx;
use linfa::prelude::*;
use linfa::DatasetBase;
use linfa_clustering::{GaussianMixtureModel, KMeans, KMeansInit};
use ndarray::{Array1, Array2, ArrayView2, Axis};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// k-means stops when the centroids move less than this (summed L2) ...
const TOLERANCE: f64 = 1e-4;
/// ... or after this many iterations.
const MAX_ITER: u64 = 200;

/// A seed for one (k, restart) pair, derived from the user's seed.
pub(crate) fn mix(seed: u64, a: u64, b: u64) -> u64 {
    let mut z =
        seed ^ a.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ b.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Labels for every row of `x`.
pub(crate) fn fit(
    x: ArrayView2<f64>,
    algo: Algo,
    k: usize,
    opts: &SegmentOptions,
    ctx: &JobCtx,
    notes: &mut Vec<String>,
    progress: &dyn Fn(f64, &str),
) -> Result<Vec<usize>> {
    match algo {
        Algo::KMeans => kmeans(x, k, opts, ctx, progress),
        Algo::Gmm => gmm(x, k, opts, ctx),
        Algo::Dbscan => super::dbscan::fit(x, opts, ctx, notes),
    }
}

fn kmeans(
    x: ArrayView2<f64>,
    k: usize,
    opts: &SegmentOptions,
    ctx: &JobCtx,
    progress: &dyn Fn(f64, &str),
) -> Result<Vec<usize>> {
    let n = x.nrows();
    // Restarts run on a seeded sample for large data; the best centroids then
    // seed a single k-means run over everyone.
    let rows = sample_indices(n, opts.fit_sample.max(k), opts.seed ^ 0x4b);
    let sub: Option<Array2<f64>> = (rows.len() < n).then(|| x.select(Axis(0), &rows));
    let fit_on = match &sub {
        Some(s) => s.view(),
        None => x.view(),
    };
    let data = DatasetBase::from(fit_on);
    let mut best = None;
    let restarts = opts.restarts.max(1);
    for r in 0..restarts {
        ctx.check()?;
        progress(
            r as f64 / (restarts + 1) as f64,
            &format!("k-means restart {}/{restarts}", r + 1),
        );
        let rng = ChaCha8Rng::seed_from_u64(mix(opts.seed, k as u64, r as u64));
        let model = KMeans::params_with_rng(k, rng)
            .n_runs(1)
            .init_method(KMeansInit::KMeansPlusPlus)
            .max_n_iterations(MAX_ITER)
            .tolerance(TOLERANCE)
            .fit(&data)
            .map_err(|e| Error::Other(format!("k-means with k = {k}: {e}")))?;
        let better = match &best {
            Some(b) => model.inertia() < KMeans::inertia(b),
            None => true,
        };
        if better {
            best = Some(model);
        }
    }
    let mut model = best.ok_or_else(|| Error::Other("k-means produced no model".into()))?;
    if sub.is_some() {
        ctx.check()?;
        progress(
            restarts as f64 / (restarts + 1) as f64,
            "k-means on all users",
        );
        let rng = ChaCha8Rng::seed_from_u64(mix(opts.seed, k as u64, u64::MAX));
        model = KMeans::params_with_rng(k, rng)
            .n_runs(1)
            .init_method(KMeansInit::Precomputed(model.centroids().clone()))
            .max_n_iterations(MAX_ITER)
            .tolerance(TOLERANCE)
            .fit(&DatasetBase::from(x))
            .map_err(|e| Error::Other(format!("k-means with k = {k}: {e}")))?;
    }
    let labels: Array1<usize> = model.predict(&x);
    Ok(labels.to_vec())
}

fn gmm(x: ArrayView2<f64>, k: usize, opts: &SegmentOptions, ctx: &JobCtx) -> Result<Vec<usize>> {
    let rows = sample_indices(x.nrows(), opts.fit_sample.max(k), opts.seed ^ 0x6d6d);
    let sub: Array2<f64> = x.select(Axis(0), &rows);
    let data = DatasetBase::from(sub);
    let mut last_err = String::new();
    // Collinear features can make a covariance singular: retry with more regularisation.
    for reg in [1e-3, 1e-2, 1e-1] {
        ctx.check()?;
        let rng = ChaCha8Rng::seed_from_u64(mix(opts.seed, k as u64, 0x6a));
        let fitted = GaussianMixtureModel::params_with_rng(k, rng)
            .n_runs(opts.restarts.clamp(1, 3) as u64)
            .reg_covariance(reg)
            .tolerance(1e-3)
            .max_n_iterations(150)
            .fit(&data);
        match fitted {
            Ok(model) => {
                let mut out = Vec::with_capacity(x.nrows());
                for chunk in x.axis_chunks_iter(Axis(0), 65_536) {
                    ctx.check()?;
                    let l: Array1<usize> = model.predict(&chunk);
                    out.extend(l.iter().copied());
                }
                return Ok(out);
            }
            Err(e) => last_err = e.to_string(),
        }
    }
    Err(Error::Other(format!(
        "the Gaussian mixture with k = {k} did not fit ({last_err}); try fewer segments or --algo kmeans"
    )))
}
