//! Choosing k by silhouette: each candidate is fitted on a seeded sample of
//! users (all of them for small data) and scored on a smaller seeded sample.

use super::cluster;
use super::metrics::{sample_indices, SilhouetteSample};
use super::{Algo, SegmentOptions};
use crate::error::Result;
use crate::jobs::JobCtx;
use ndarray::{Array2, ArrayView2, Axis};

/// The chosen k and the silhouette curve.
pub(crate) struct Choice {
    pub k: usize,
    pub curve: Vec<(usize, f64)>,
}

/// Tries every k in `min..=max`; the best silhouette wins (the smaller k on ties).
pub(crate) fn choose(
    x: ArrayView2<f64>,
    algo: Algo,
    min: usize,
    max: usize,
    opts: &SegmentOptions,
    ctx: &JobCtx,
    progress: &dyn Fn(f64, &str),
) -> Result<Choice> {
    let n = x.nrows();
    let rows = sample_indices(n, opts.fit_sample, opts.seed ^ 0x5e1);
    let owned: Option<Array2<f64>> = (rows.len() < n).then(|| x.select(Axis(0), &rows));
    let sel = match &owned {
        Some(a) => a.view(),
        None => x.view(),
    };
    let sil = SilhouetteSample::new(
        sel,
        &sample_indices(sel.nrows(), opts.sample_for_silhouette, opts.seed ^ 0x5117),
    );
    let mut curve = Vec::new();
    let mut best: Option<(usize, f64)> = None;
    let mut scratch = Vec::new();
    // Candidates need a good-enough fit only: fewer restarts than the final fit.
    let quick = SegmentOptions {
        restarts: opts.restarts.clamp(1, 3),
        ..opts.clone()
    };
    let span = (max - min + 1) as f64;
    for (i, k) in (min..=max).enumerate() {
        ctx.check()?;
        progress(i as f64 / span, &format!("trying k = {k}"));
        let labels = cluster::fit(sel, algo, k, &quick, ctx, &mut scratch, &|_, _| {})?;
        let s = sil.score(&labels);
        curve.push((k, s));
        if best.as_ref().is_none_or(|b| s > b.1 + 1e-12) {
            best = Some((k, s));
        }
    }
    progress(1.0, "k chosen");
    let k = best.map_or(min, |b| b.0);
    Ok(Choice { k, curve })
}
