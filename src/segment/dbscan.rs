//! DBSCAN (linfa) on a seeded sample of users. Without a given radius, the
//! radius is chosen among quantiles of the distance to the `min_points`-th
//! neighbour by silhouette x share of users clustered. Clusters smaller than
//! 1% of the sample count as noise; users outside the sample join the
//! nearest cluster centroid when within that cluster's reach.

use super::metrics::{sample_indices, SilhouetteSample};
use super::{SegmentOptions, NOISE};
use crate::error::{Error, Result};
use crate::jobs::JobCtx;
use linfa::prelude::*;
use linfa_clustering::Dbscan;
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};
use rayon::prelude::*;

/// Default minimum neighbours of a core point.
const MIN_POINTS: usize = 10;

fn sq(a: ArrayView1<f64>, b: ArrayView1<f64>) -> f64 {
    a.iter().zip(b.iter()).map(|(x, y)| (x - y) * (x - y)).sum()
}

/// Distances of a sample of points to their `min_points`-th nearest neighbour.
fn k_distances(x: ArrayView2<f64>, min_points: usize, seed: u64) -> Vec<f64> {
    let q = sample_indices(x.nrows(), 400, seed ^ 0xe95);
    q.par_iter()
        .map(|&i| {
            let mut d: Vec<f64> = (0..x.nrows())
                .filter(|&j| j != i)
                .map(|j| sq(x.row(i), x.row(j)))
                .collect();
            if d.is_empty() {
                return 0.0;
            }
            let m = min_points.clamp(1, d.len()) - 1;
            let (_, v, _) = d.select_nth_unstable_by(m, f64::total_cmp);
            v.sqrt()
        })
        .collect()
}

/// One DBSCAN run; clusters below `min_size` become noise; labels are dense.
fn run_once(
    x: ArrayView2<f64>,
    min_points: usize,
    eps: f64,
    min_size: usize,
) -> Result<Vec<usize>> {
    let params = Dbscan::params(min_points)
        .tolerance(eps)
        .check()
        .map_err(|e| Error::Other(format!("DBSCAN parameters: {e}")))?;
    let found: Array1<Option<usize>> = params.transform(&x);
    let k = found.iter().flatten().max().map_or(0, |m| m + 1);
    let mut size = vec![0usize; k];
    for c in found.iter().flatten() {
        size[*c] += 1;
    }
    let mut remap = vec![NOISE; k];
    let mut next = 0;
    for c in 0..k {
        if size[c] >= min_size {
            remap[c] = next;
            next += 1;
        }
    }
    Ok(found
        .iter()
        .map(|l| l.map_or(NOISE, |c| remap[c]))
        .collect())
}

pub(crate) fn fit(
    x: ArrayView2<f64>,
    opts: &SegmentOptions,
    ctx: &JobCtx,
    notes: &mut Vec<String>,
) -> Result<Vec<usize>> {
    let n = x.nrows();
    let rows = sample_indices(n, opts.dbscan_sample, opts.seed ^ 0xdb);
    let sub: Array2<f64> = x.select(Axis(0), &rows);
    let m = rows.len();
    let min_points = opts.dbscan_min_points.unwrap_or(MIN_POINTS).max(2);
    let min_size = min_points.max(m.div_ceil(100));
    let (eps, found) = match opts.dbscan_eps {
        Some(e) if e > 0.0 && e.is_finite() => (e, run_once(sub.view(), min_points, e, min_size)?),
        Some(e) => {
            return Err(Error::Other(format!(
                "the DBSCAN radius must be positive (got {e})"
            )))
        }
        None => {
            let mut kd = k_distances(sub.view(), min_points, opts.seed);
            kd.sort_by(f64::total_cmp);
            let sil = SilhouetteSample::new(sub.view(), &sample_indices(m, 1500, opts.seed ^ 0x51));
            let mut best: Option<(f64, f64, Vec<usize>)> = None;
            let mut tried = Vec::new();
            for q in 2..=8 {
                ctx.check()?;
                // Identical neighbours give 0: a tiny radius then groups identical users.
                let eps = kd[(kd.len() - 1) * q / 10].max(1e-9);
                if tried.contains(&eps.to_bits()) {
                    continue;
                }
                tried.push(eps.to_bits());
                let labels = run_once(sub.view(), min_points, eps, min_size)?;
                let clustered = labels.iter().filter(|&&l| l != NOISE).count() as f64 / m as f64;
                let score = sil.score(&labels) * clustered;
                if best.as_ref().is_none_or(|b| score > b.0 + 1e-12) {
                    best = Some((score, eps, labels));
                }
            }
            match best {
                Some((_, eps, labels)) => (eps, labels),
                None => {
                    return Err(Error::Other(
                        "DBSCAN: most users have identical features, so no neighbourhood radius can be chosen"
                            .into(),
                    ))
                }
            }
        }
    };
    notes.push(format!(
        "DBSCAN radius {eps:.2}, at least {min_points} neighbours, groups under {min_size} users count as unclustered{}",
        if m < n {
            format!("; fitted on {m} sampled users, the others join the nearest group within its reach")
        } else {
            String::new()
        }
    ));
    let k = found
        .iter()
        .filter(|&&l| l != NOISE)
        .max()
        .map_or(0, |c| c + 1);
    let mut labels = vec![NOISE; n];
    for (s, &r) in rows.iter().enumerate() {
        labels[r] = found[s];
    }
    if k == 0 || m == n {
        return Ok(labels);
    }
    // Users outside the sample: nearest centroid, if within that group's reach.
    let mut cent = Array2::<f64>::zeros((k, x.ncols()));
    let mut cnt = vec![0usize; k];
    for (s, &c) in found.iter().enumerate() {
        if c != NOISE {
            let mut row = cent.row_mut(c);
            row += &sub.row(s);
            cnt[c] += 1;
        }
    }
    for (c, &m) in cnt.iter().enumerate() {
        cent.row_mut(c).mapv_inplace(|v| v / m.max(1) as f64);
    }
    let mut reach = vec![0.0f64; k];
    for (s, &c) in found.iter().enumerate() {
        if c != NOISE {
            reach[c] = reach[c].max(sq(sub.row(s), cent.row(c)));
        }
    }
    let mut in_sample = vec![false; n];
    for &r in &rows {
        in_sample[r] = true;
    }
    const CHUNK: usize = 65_536;
    for (ci, chunk) in labels.chunks_mut(CHUNK).enumerate() {
        ctx.check()?;
        chunk.par_iter_mut().enumerate().for_each(|(j, l)| {
            let i = ci * CHUNK + j;
            if in_sample[i] {
                return;
            }
            let (c, d) = (0..k)
                .map(|c| (c, sq(x.row(i), cent.row(c))))
                .fold((0, f64::INFINITY), |a, b| if b.1 < a.1 { b } else { a });
            if d <= reach[c] {
                *l = c;
            }
        });
    }
    Ok(labels)
}
