//! Standardisation: log1p for heavy-tailed counts, then z-scores, or robust
//! median/IQR scaling where the tails dominate; clipped and weighted.

use super::{FeatureInfo, Transform};
use ndarray::{Array2, Axis};
use rayon::prelude::*;

/// Scaled values are clipped to this many scale units, so a handful of extreme
/// users cannot pull a centroid on their own.
pub const CLIP: f64 = 5.0;

/// How one column was standardised: `(transform(x) - center) / scale * weight`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scaling {
    pub center: f64,
    pub scale: f64,
    /// True for median/IQR scaling, false for mean/standard deviation.
    pub robust: bool,
}

impl Default for Scaling {
    fn default() -> Self {
        Scaling {
            center: 0.0,
            scale: 1.0,
            robust: false,
        }
    }
}

impl Transform {
    pub fn apply(self, x: f64) -> f64 {
        match self {
            Transform::Identity => x,
            Transform::Log1p => x.max(0.0).ln_1p(),
        }
    }
}

/// The `q` quantile (0..=1) of finite values, linear interpolation; 0 when empty.
pub fn quantile(values: &[f64], q: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut v = values.to_vec();
    quantile_in_place(&mut v, q)
}

fn quantile_in_place(v: &mut [f64], q: f64) -> f64 {
    let n = v.len();
    if n == 0 {
        return 0.0;
    }
    let pos = q.clamp(0.0, 1.0) * (n - 1) as f64;
    let k = pos.floor() as usize;
    let frac = pos - k as f64;
    let (_, at, right) = v.select_nth_unstable_by(k, f64::total_cmp);
    let lo = *at;
    if frac == 0.0 || right.is_empty() {
        return lo;
    }
    let hi = right.iter().copied().fold(f64::INFINITY, f64::min);
    lo + frac * (hi - lo)
}

/// Chooses each column's scaling (stored in `info`) and returns the scaled matrix.
pub(super) fn scale(raw: &Array2<f64>, info: &mut [FeatureInfo]) -> Array2<f64> {
    let scalings: Vec<Scaling> = (0..raw.ncols())
        .into_par_iter()
        .map(|j| {
            let t = info[j].transform;
            let mut v: Vec<f64> = raw.column(j).iter().map(|&x| t.apply(x)).collect();
            fit_scaling(&mut v)
        })
        .collect();
    for (f, s) in info.iter_mut().zip(&scalings) {
        f.scaling = *s;
    }
    let mut out = raw.clone();
    let params: Vec<(Transform, Scaling, f64)> = info
        .iter()
        .map(|f| (f.transform, f.scaling, f.weight))
        .collect();
    out.axis_iter_mut(Axis(0))
        .into_par_iter()
        .for_each(|mut row| {
            for (x, (t, s, w)) in row.iter_mut().zip(&params) {
                *x = ((t.apply(*x) - s.center) / s.scale).clamp(-CLIP, CLIP) * w;
            }
        });
    out
}

fn fit_scaling(v: &mut [f64]) -> Scaling {
    let n = v.len().max(1) as f64;
    let mean = v.iter().sum::<f64>() / n;
    let var = v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n;
    let sd = var.sqrt();
    let q1 = quantile_in_place(v, 0.25);
    let q3 = quantile_in_place(v, 0.75);
    let median = quantile_in_place(v, 0.5);
    let iqr_sd = (q3 - q1) / 1.349;
    if iqr_sd > 1e-12 && sd > 1.5 * iqr_sd {
        Scaling {
            center: median,
            scale: iqr_sd,
            robust: true,
        }
    } else if sd > 1e-12 {
        Scaling {
            center: mean,
            scale: sd,
            robust: false,
        }
    } else {
        Scaling {
            center: mean,
            scale: 1.0,
            robust: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate() {
        let v = [4.0, 1.0, 3.0, 2.0];
        assert_eq!(quantile(&v, 0.0), 1.0);
        assert_eq!(quantile(&v, 1.0), 4.0);
        assert!((quantile(&v, 0.5) - 2.5).abs() < 1e-12);
        assert_eq!(quantile(&[], 0.5), 0.0);
    }

    #[test]
    fn heavy_tails_get_robust_scaling() {
        let mut v: Vec<f64> = (0..100).map(|i| (i % 10) as f64).collect();
        v.extend([1000.0; 5]);
        assert!(fit_scaling(&mut v).robust);
        let mut w: Vec<f64> = (0..100).map(|i| (i % 10) as f64).collect();
        assert!(!fit_scaling(&mut w).robust);
    }
}
