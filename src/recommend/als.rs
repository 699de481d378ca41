//! Implicit-feedback matrix factorisation: weighted alternating least squares
//! after Hu, Koren and Volinsky (2008), the "SVD" of implicit data. Each
//! interaction has preference 1 and confidence `1 + alpha * ln(1 + weight)`;
//! every other cell has preference 0 and confidence 1. Each half-step solves
//! all rows with a few warm-started conjugate-gradient steps (as `implicit`
//! does), in parallel with rayon.

use super::csr::{axpy, dot, Csr};
use super::interactions::Interactions;
use super::kernels::{rows_dot, rows_times, sparse_apply};
use super::{Method, Query, Reason, Recommender};
use crate::error::Result;
use crate::jobs::JobCtx;
use ndarray::linalg::general_mat_mul;
use ndarray::{Array2, ArrayView2};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AlsParams {
    pub factors: usize,
    pub iterations: usize,
    pub regularization: f32,
    /// Confidence scale: c = 1 + alpha * ln(1 + weight). None: chosen from
    /// the data's sparsity ([`auto_alpha`]).
    pub alpha: Option<f32>,
    pub cg_steps: usize,
    pub seed: u64,
    /// Compute the training loss after every iteration (costs one pass).
    pub track_loss: bool,
}

impl Default for AlsParams {
    fn default() -> Self {
        AlsParams {
            factors: 64,
            iterations: 15,
            regularization: 20.0,
            alpha: None,
            cg_steps: 3,
            seed: 42,
            track_loss: false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Als {
    pub factors: usize,
    /// n_users x factors, row-major.
    pub user_factors: Vec<f32>,
    /// n_items x factors, row-major.
    pub item_factors: Vec<f32>,
    pub regularization: f32,
    pub alpha: f32,
    /// Training loss after each iteration, when tracked.
    pub loss: Vec<f64>,
}

/// The confidence scale used when none is given: sparse data (many items per
/// user interaction) needs more confidence on the observed pairs,
/// `(items / mean items per user) / 50`, clamped to [1, 40]. About 1 for
/// MovieLens-100K or the 2,500-user sample, about 28 for 100k users x 20k items.
pub fn auto_alpha(train: &Interactions) -> f32 {
    let users = (0..train.n_users() as u32)
        .filter(|&u| !train.items(u).is_empty())
        .count();
    let items = train.item_users().iter().filter(|&&c| c > 0).count();
    if users == 0 || train.nnz() == 0 {
        return 1.0;
    }
    let per_user = train.nnz() as f32 / users as f32;
    (items as f32 / per_user / 50.0).clamp(1.0, 40.0)
}

/// `alpha * ln(1 + w)`: the confidence above the baseline of 1.
fn extra_confidence(m: &Csr, alpha: f32) -> Csr {
    m.map_values(|w| alpha * w.max(0.0).ln_1p())
}

/// `Y^T Y` of a row-major n x f matrix (matrixmultiply's sgemm per chunk of
/// rows, chunks in parallel). The partial products are added in chunk order,
/// so the result does not depend on the thread count or on work stealing (a
/// rayon `reduce` would sum them in a timing-dependent tree).
fn gram(y: &[f32], f: usize) -> Vec<f32> {
    let parts: Vec<Vec<f32>> = y
        .par_chunks(f * 4096)
        .map(|chunk| {
            let rows = chunk.len() / f;
            let a = ArrayView2::from_shape((rows, f), chunk).expect("row-major factors");
            let mut g = Array2::<f32>::zeros((f, f));
            general_mat_mul(1.0, &a.t(), &a, 0.0, &mut g);
            g.into_raw_vec_and_offset().0
        })
        .collect();
    let mut g = vec![0f32; f * f];
    for part in &parts {
        axpy(1.0, part, &mut g);
    }
    g
}

/// Rows solved together (one rayon task).
const BLOCK: usize = 128;

/// f of an f x f matrix.
fn conf_factors(g: &[f32]) -> usize {
    (g.len() as f64).sqrt().round() as usize
}

/// A few conjugate-gradient steps on
/// `(G + sum_i c_i' y_i y_i^T) x = sum_i (1 + c_i') y_i` for every row of the
/// block `xb` (rows `first..`), warm-started from the current values. `G`
/// already holds `Y^T Y + reg I`; `c'` is the confidence above 1.
fn cg_block(xb: &mut [f32], first: usize, g: &[f32], y: &[f32], conf: &Csr, steps: usize) {
    let f = conf_factors(g);
    let rows = xb.len() / f;
    let mut r = Array2::<f32>::zeros((rows, f));
    let mut ap = Array2::<f32>::zeros((rows, f));
    rows_times(xb, g, f, -1.0, r.as_slice_mut().expect("contiguous"));
    let r0 = r.as_slice_mut().expect("contiguous");
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for k in 0..rows {
        let (idx, c) = conf.row(first + k);
        let (xk, rk) = (&xb[k * f..(k + 1) * f], &mut r0[k * f..(k + 1) * f]);
        // r += sum_i ((1 + c_i) - c_i (y_i . x)) y_i
        a.clear();
        a.extend(c.iter().map(|c| 1.0 + c));
        b.clear();
        b.extend(c.iter().map(|c| -c));
        sparse_apply(y, f, idx, Some(&a), &b, xk, rk);
    }
    let mut p = r.clone();
    let mut rs: Vec<f32> = r.rows().into_iter().map(|v| v.dot(&v)).collect();
    let mut active: Vec<bool> = rs.iter().map(|&v| v > 1e-12).collect();
    for _ in 0..steps {
        if !active.iter().any(|a| *a) {
            break;
        }
        rows_times(
            p.as_slice().expect("contiguous"),
            g,
            f,
            1.0,
            ap.as_slice_mut().expect("contiguous"),
        );
        let ps = p.as_slice_mut().expect("contiguous");
        let aps = ap.as_slice_mut().expect("contiguous");
        let rsl = r.as_slice_mut().expect("contiguous");
        for k in 0..rows {
            if !active[k] {
                continue;
            }
            let span = k * f..(k + 1) * f;
            let (pk, apk) = (&mut ps[span.clone()], &mut aps[span.clone()]);
            let (idx, c) = conf.row(first + k);
            sparse_apply(y, f, idx, None, c, pk, apk);
            let pap = dot(pk, apk);
            if pap <= 0.0 {
                active[k] = false;
                continue;
            }
            let a = rs[k] / pap;
            axpy(a, pk, &mut xb[span.clone()]);
            let rk = &mut rsl[span];
            axpy(-a, apk, rk);
            let rs_new = dot(rk, rk);
            let beta = rs_new / rs[k];
            for (pv, &rv) in pk.iter_mut().zip(rk.iter()) {
                *pv = rv + beta * *pv;
            }
            rs[k] = rs_new;
            active[k] = rs_new > 1e-12;
        }
    }
}

/// One half-step: solve every row of `x` given the fixed factors `y`.
fn half_step(x: &mut [f32], y: &[f32], conf: &Csr, f: usize, reg: f32, steps: usize) {
    let mut g = gram(y, f);
    for a in 0..f {
        g[a * f + a] += reg;
    }
    x.par_chunks_mut(f * BLOCK)
        .enumerate()
        .for_each(|(b, xb)| cg_block(xb, b * BLOCK, &g, y, conf, steps));
}

impl Als {
    pub fn fit(train: &Interactions, p: &AlsParams, ctx: &JobCtx) -> Result<Als> {
        let f = p.factors.max(1);
        let alpha = p.alpha.unwrap_or_else(|| auto_alpha(train));
        let conf = extra_confidence(&train.matrix, alpha);
        let conf_t = conf.transpose();
        let mut rng = ChaCha8Rng::seed_from_u64(p.seed);
        let mut init =
            |n: usize| -> Vec<f32> { (0..n * f).map(|_| rng.gen::<f32>() * 0.01).collect() };
        let mut m = Als {
            factors: f,
            user_factors: init(train.n_users()),
            item_factors: init(train.n_items()),
            regularization: p.regularization,
            alpha,
            loss: Vec::new(),
        };
        for it in 0..p.iterations {
            ctx.check()?;
            ctx.progress(it as f64 / p.iterations.max(1) as f64, "ALS iterations");
            half_step(
                &mut m.user_factors,
                &m.item_factors,
                &conf,
                f,
                p.regularization,
                p.cg_steps,
            );
            ctx.check()?;
            half_step(
                &mut m.item_factors,
                &m.user_factors,
                &conf_t,
                f,
                p.regularization,
                p.cg_steps,
            );
            if p.track_loss {
                m.loss.push(m.loss_of(train));
            }
        }
        ctx.progress(1.0, "ALS iterations");
        Ok(m)
    }

    /// The weighted squared loss plus regularisation over all user x item cells.
    pub fn loss_of(&self, train: &Interactions) -> f64 {
        let f = self.factors;
        let conf = extra_confidence(&train.matrix, self.alpha);
        let g = gram(&self.item_factors, f);
        let (x, y) = (&self.user_factors, &self.item_factors);
        let data: f64 = (0..train.n_users())
            .into_par_iter()
            .map_init(
                || vec![0f32; f],
                |gx, u| {
                    let xu = &x[u * f..(u + 1) * f];
                    for (a, o) in gx.iter_mut().enumerate() {
                        *o = dot(&g[a * f..(a + 1) * f], xu);
                    }
                    let mut l = f64::from(dot(xu, gx));
                    let (idx, c) = conf.row(u);
                    for (&i, &c) in idx.iter().zip(c) {
                        let s = f64::from(dot(xu, &y[i as usize * f..(i as usize + 1) * f]));
                        l += f64::from(1.0 + c) * (1.0 - s) * (1.0 - s) - s * s;
                    }
                    l
                },
            )
            .collect::<Vec<f64>>()
            .iter()
            .sum(); // summed in user order: the same bits whatever the threads
        let norms: f64 = x.iter().chain(y.iter()).map(|v| f64::from(v * v)).sum();
        data + f64::from(self.regularization) * norms
    }

    fn item(&self, i: u32) -> &[f32] {
        &self.item_factors[i as usize * self.factors..(i as usize + 1) * self.factors]
    }

    /// The user vector: the trained one, or solved exactly from the history
    /// for users the model has not seen.
    pub fn user_vector(&self, q: &Query) -> Vec<f32> {
        let f = self.factors;
        if let Some(u) = q
            .user
            .filter(|&u| (u as usize + 1) * f <= self.user_factors.len())
        {
            return self.user_factors[u as usize * f..(u as usize + 1) * f].to_vec();
        }
        let mut a = gram(&self.item_factors, f);
        let mut b = vec![0f32; f];
        for d in 0..f {
            a[d * f + d] += self.regularization;
        }
        for (&i, &w) in q.items.iter().zip(q.weights) {
            let c = self.alpha * w.max(0.0).ln_1p();
            let y = self.item(i);
            for r in 0..f {
                axpy(c * y[r], y, &mut a[r * f..(r + 1) * f]);
            }
            axpy(1.0 + c, y, &mut b);
        }
        super::ease::cholesky_solve(&mut a, &mut b, f);
        b
    }
}

impl Recommender for Als {
    fn method(&self) -> Method {
        Method::Als
    }
    fn score(&self, q: &Query, out: &mut [f32]) {
        let x = self.user_vector(q);
        rows_dot(&self.item_factors, &x, out);
    }
    /// The history item whose factors point the most in the same direction.
    fn explain(&self, q: &Query, item: u32) -> Option<Reason> {
        let yi = self.item(item);
        let ni = dot(yi, yi).sqrt();
        let mut best: Option<(f32, usize)> = None;
        for (h, &j) in q.items.iter().enumerate() {
            if j == item {
                continue;
            }
            let yj = self.item(j);
            let c = dot(yi, yj) / (ni * dot(yj, yj).sqrt() + 1e-9);
            if c > 0.0 && best.is_none_or(|b| c > b.0) {
                best = Some((c, h));
            }
        }
        best.map(|(_, h)| Reason::SimilarTo {
            item: q.items[h],
            kinds: q.kinds.get(h).copied().unwrap_or(0),
        })
    }
}
