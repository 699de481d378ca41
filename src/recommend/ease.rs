//! EASE (Steck 2019): a closed-form item-item linear model,
//! `B = I - P diag(1/diag(P))` with `P = (X^T X + lambda I)^-1` and a zero
//! diagonal. Dense in items, so only fitted when the catalogue is small enough.

use super::csr::axpy;
use super::interactions::Interactions;
use super::item_knn::knn_value;
use super::{Method, Query, Reason, Recommender};
use crate::error::{Error, Result};
use crate::jobs::JobCtx;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EaseParams {
    pub lambda: f32,
    /// Larger catalogues are not fitted (memory grows with items squared).
    pub max_items: usize,
}

impl Default for EaseParams {
    fn default() -> Self {
        EaseParams {
            lambda: 500.0,
            max_items: 2500,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Ease {
    n: usize,
    /// n x n row-major: row j holds the weights from item j to every item.
    b: Vec<f32>,
}

/// In-place inverse of a symmetric positive definite n x n matrix
/// (Gauss-Jordan without pivoting, rows updated in parallel).
pub fn invert_spd(a: &mut [f64], n: usize, ctx: &JobCtx) -> Result<()> {
    let mut pivot_row = vec![0f64; n];
    for k in 0..n {
        if k % 64 == 0 {
            ctx.check()?;
            ctx.progress(k as f64 / n as f64, "EASE inverse");
        }
        let piv = a[k * n + k];
        if piv.abs() < 1e-12 || !piv.is_finite() {
            return Err(Error::Other(
                "EASE: the item Gram matrix is singular".into(),
            ));
        }
        {
            let row = &mut a[k * n..(k + 1) * n];
            for v in row.iter_mut() {
                *v /= piv;
            }
            row[k] = 1.0 / piv;
            pivot_row.copy_from_slice(row);
        }
        let pr = &pivot_row;
        a.par_chunks_mut(n).enumerate().for_each(|(i, row)| {
            if i == k {
                return;
            }
            let f = row[k];
            if f == 0.0 {
                return;
            }
            for (v, &p) in row.iter_mut().zip(pr) {
                *v -= f * p;
            }
            row[k] = -f * pr[k];
        });
    }
    Ok(())
}

/// Solves `A x = b` for a small symmetric positive definite `A` (Cholesky);
/// `a` is overwritten, the solution replaces `b`.
pub fn cholesky_solve(a: &mut [f32], b: &mut [f32], n: usize) {
    for j in 0..n {
        let mut d = a[j * n + j];
        for k in 0..j {
            d -= a[j * n + k] * a[j * n + k];
        }
        let d = d.max(1e-12).sqrt();
        a[j * n + j] = d;
        for i in j + 1..n {
            let mut s = a[i * n + j];
            for k in 0..j {
                s -= a[i * n + k] * a[j * n + k];
            }
            a[i * n + j] = s / d;
        }
    }
    for i in 0..n {
        let mut s = b[i];
        for k in 0..i {
            s -= a[i * n + k] * b[k];
        }
        b[i] = s / a[i * n + i];
    }
    for i in (0..n).rev() {
        let mut s = b[i];
        for k in i + 1..n {
            s -= a[k * n + i] * b[k];
        }
        b[i] = s / a[i * n + i];
    }
}

impl Ease {
    /// None when the catalogue has more than `max_items` items.
    pub fn fit(train: &Interactions, p: &EaseParams, ctx: &JobCtx) -> Result<Option<Ease>> {
        let n = train.n_items();
        if n > p.max_items || n == 0 {
            return Ok(None);
        }
        let x = train.matrix.map_values(knn_value);
        let xt = x.transpose();
        // G = X^T X, one row per item
        let mut g = vec![0f64; n * n];
        g.par_chunks_mut(n).enumerate().for_each(|(i, row)| {
            let (users, vals) = xt.row(i);
            for (&u, &vu) in users.iter().zip(vals) {
                let (items, wv) = x.row(u as usize);
                for (&j, &vj) in items.iter().zip(wv) {
                    row[j as usize] += f64::from(vu * vj);
                }
            }
            row[i] += f64::from(p.lambda);
        });
        invert_spd(&mut g, n, ctx)?;
        let diag: Vec<f64> = (0..n).map(|i| g[i * n + i]).collect();
        let mut b = vec![0f32; n * n];
        b.par_chunks_mut(n).enumerate().for_each(|(j, row)| {
            for (i, v) in row.iter_mut().enumerate() {
                *v = if i == j {
                    0.0
                } else {
                    (-g[j * n + i] / diag[i]) as f32
                };
            }
        });
        ctx.progress(1.0, "EASE");
        Ok(Some(Ease { n, b }))
    }

    fn weight(&self, from: u32, to: u32) -> f32 {
        self.b[from as usize * self.n + to as usize]
    }
}

impl Recommender for Ease {
    fn method(&self) -> Method {
        Method::Ease
    }
    fn score(&self, q: &Query, out: &mut [f32]) {
        out.fill(0.0);
        for (&j, &w) in q.items.iter().zip(q.weights) {
            let row = &self.b[j as usize * self.n..(j as usize + 1) * self.n];
            axpy(knn_value(w), row, out);
        }
    }
    fn explain(&self, q: &Query, item: u32) -> Option<Reason> {
        let mut best: Option<(f32, usize)> = None;
        for (h, (&j, &w)) in q.items.iter().zip(q.weights).enumerate() {
            let s = self.weight(j, item) * knn_value(w);
            if s > 0.0 && best.is_none_or(|b| s > b.0) {
                best = Some((s, h));
            }
        }
        best.map(|(_, h)| Reason::SimilarTo {
            item: q.items[h],
            kinds: q.kinds.get(h).copied().unwrap_or(0),
        })
    }
}
