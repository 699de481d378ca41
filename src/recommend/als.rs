//! Implicit-feedback matrix factorisation: weighted alternating least squares
//! after Hu, Koren and Volinsky (2008), the "SVD" of implicit data. Each
//! interaction has preference 1 and confidence `1 + alpha * ln(1 + weight)`;
//! every other cell has preference 0 and confidence 1. Each half-step solves
//! all rows with a few warm-started conjugate-gradient steps (as `implicit`
//! does), in parallel with rayon.

use super::csr::{axpy, dot, Csr};
use super::interactions::Interactions;
use super::{Method, Query, Reason, Recommender};
use crate::error::Result;
use crate::jobs::JobCtx;
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
    /// Confidence scale: c = 1 + alpha * ln(1 + weight).
    pub alpha: f32,
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
            alpha: 1.0,
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

/// `alpha * ln(1 + w)`: the confidence above the baseline of 1.
fn extra_confidence(m: &Csr, alpha: f32) -> Csr {
    m.map_values(|w| alpha * w.max(0.0).ln_1p())
}

/// `Y^T Y` of a row-major n x f matrix.
fn gram(y: &[f32], f: usize) -> Vec<f32> {
    y.par_chunks(f * 2048)
        .map(|chunk| {
            let mut g = vec![0f32; f * f];
            for row in chunk.chunks_exact(f) {
                for (a, &ya) in row.iter().enumerate() {
                    axpy(ya, row, &mut g[a * f..(a + 1) * f]);
                }
            }
            g
        })
        .reduce(
            || vec![0f32; f * f],
            |mut a, b| {
                axpy(1.0, &b, &mut a);
                a
            },
        )
}

/// `out = G v` for a symmetric f x f matrix.
#[inline]
fn matvec(g: &[f32], v: &[f32], out: &mut [f32]) {
    let f = v.len();
    for (a, o) in out.iter_mut().enumerate() {
        *o = dot(&g[a * f..(a + 1) * f], v);
    }
}

/// A few CG steps on `(G + sum c_i' y_i y_i^T) x = sum (1 + c_i') y_i`,
/// starting from the current `x`.
fn cg_row(
    x: &mut [f32],
    g: &[f32],
    y: &[f32],
    idx: &[u32],
    conf: &[f32],
    steps: usize,
    s: &mut [Vec<f32>; 3],
) {
    let f = x.len();
    let [r, p, ap] = s;
    matvec(g, x, r);
    for v in r.iter_mut() {
        *v = -*v;
    }
    for (&i, &c) in idx.iter().zip(conf) {
        let yi = &y[i as usize * f..(i as usize + 1) * f];
        let coef = (1.0 + c) - c * dot(yi, x);
        axpy(coef, yi, r);
    }
    p.copy_from_slice(r);
    let mut rs = dot(r, r);
    for _ in 0..steps {
        if rs < 1e-12 {
            break;
        }
        matvec(g, p, ap);
        for (&i, &c) in idx.iter().zip(conf) {
            let yi = &y[i as usize * f..(i as usize + 1) * f];
            axpy(c * dot(yi, p), yi, ap);
        }
        let pap = dot(p, ap);
        if pap <= 0.0 {
            break;
        }
        let a = rs / pap;
        axpy(a, p, x);
        axpy(-a, ap, r);
        let rs_new = dot(r, r);
        let beta = rs_new / rs;
        for (pv, &rv) in p.iter_mut().zip(r.iter()) {
            *pv = rv + beta * *pv;
        }
        rs = rs_new;
    }
}

/// One half-step: solve every row of `x` given the fixed factors `y`.
fn half_step(x: &mut [f32], y: &[f32], conf: &Csr, f: usize, reg: f32, steps: usize) {
    let mut g = gram(y, f);
    for a in 0..f {
        g[a * f + a] += reg;
    }
    x.par_chunks_mut(f).enumerate().for_each_init(
        || [vec![0f32; f], vec![0f32; f], vec![0f32; f]],
        |s, (u, xu)| {
            let (idx, c) = conf.row(u);
            cg_row(xu, &g, y, idx, c, steps, s);
        },
    );
}

impl Als {
    pub fn fit(train: &Interactions, p: &AlsParams, ctx: &JobCtx) -> Result<Als> {
        let f = p.factors.max(1);
        let conf = extra_confidence(&train.matrix, p.alpha);
        let conf_t = conf.transpose();
        let mut rng = ChaCha8Rng::seed_from_u64(p.seed);
        let mut init =
            |n: usize| -> Vec<f32> { (0..n * f).map(|_| rng.gen::<f32>() * 0.01).collect() };
        let mut m = Als {
            factors: f,
            user_factors: init(train.n_users()),
            item_factors: init(train.n_items()),
            regularization: p.regularization,
            alpha: p.alpha,
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
                    matvec(&g, xu, gx);
                    let mut l = f64::from(dot(xu, gx));
                    let (idx, c) = conf.row(u);
                    for (&i, &c) in idx.iter().zip(c) {
                        let s = f64::from(dot(xu, &y[i as usize * f..(i as usize + 1) * f]));
                        l += f64::from(1.0 + c) * (1.0 - s) * (1.0 - s) - s * s;
                    }
                    l
                },
            )
            .sum();
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
        let f = self.factors;
        for (o, y) in out.iter_mut().zip(self.item_factors.chunks_exact(f)) {
            *o = dot(&x, y);
        }
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
