//! Item-based k-nearest-neighbours: cosine similarity between the items' user
//! vectors with shrinkage (`dot / (|a| |b| + shrink)`), keeping the top N
//! neighbours per item. A user's score for item i is the sum over the history
//! items j of `sim(j, i) * weight(j)`.

use super::csr::{top_k, Csr};
use super::interactions::Interactions;
use super::{Method, Query, Reason, Recommender};
use crate::error::Result;
use crate::jobs::JobCtx;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct KnnParams {
    /// Neighbours kept per item.
    pub neighbours: usize,
    /// Shrinkage added to the cosine denominator (damps pairs with little support).
    pub shrinkage: f32,
}

impl Default for KnnParams {
    fn default() -> Self {
        KnnParams {
            neighbours: 100,
            shrinkage: 10.0,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ItemKnn {
    /// item x item: row j holds the top-N items most similar to j.
    pub neighbours: Csr,
}

/// Value of an interaction weight in the item vectors and the user's query.
pub fn knn_value(w: f32) -> f32 {
    w.max(0.0).ln_1p()
}

impl ItemKnn {
    pub fn fit(train: &Interactions, p: &KnnParams, ctx: &JobCtx) -> Result<ItemKnn> {
        let x = train.matrix.map_values(knn_value);
        let xt = x.transpose();
        let n = x.n_cols;
        let norms: Vec<f32> = (0..n)
            .map(|i| xt.row(i).1.iter().map(|v| v * v).sum::<f32>().sqrt())
            .collect();
        let k = p.neighbours.max(1);
        let mut rows: Vec<Vec<(u32, f32)>> = Vec::with_capacity(n);
        let chunk = 256;
        for start in (0..n).step_by(chunk) {
            ctx.check()?;
            ctx.progress(start as f64 / n.max(1) as f64, "item-kNN similarities");
            let end = (start + chunk).min(n);
            let part: Vec<Vec<(u32, f32)>> = (start..end)
                .into_par_iter()
                .map_init(
                    || (vec![0f32; n], Vec::<u32>::new(), vec![0f32; n]),
                    |(acc, touched, tie), i| {
                        let (users, vals) = xt.row(i);
                        for (&u, &vu) in users.iter().zip(vals) {
                            let (items, wv) = x.row(u as usize);
                            for (&j, &vj) in items.iter().zip(wv) {
                                if acc[j as usize] == 0.0 {
                                    touched.push(j);
                                }
                                acc[j as usize] += vu * vj;
                            }
                        }
                        let mut cand: Vec<(u32, f32)> = Vec::with_capacity(touched.len());
                        for &j in touched.iter() {
                            let d = acc[j as usize];
                            acc[j as usize] = 0.0;
                            if j as usize != i && d > 0.0 {
                                cand.push((j, d / (norms[i] * norms[j as usize] + p.shrinkage)));
                            }
                        }
                        touched.clear();
                        if cand.len() > k {
                            // select the k best without touching all n entries
                            let scores: Vec<f32> = cand.iter().map(|c| c.1).collect();
                            let best = top_k(&scores, &tie[..cand.len()], k, |_| true);
                            let mut out: Vec<(u32, f32)> =
                                best.iter().map(|&(p, s)| (cand[p as usize].0, s)).collect();
                            out.sort_unstable_by_key(|c| c.0);
                            out
                        } else {
                            cand.sort_unstable_by_key(|c| c.0);
                            cand
                        }
                    },
                )
                .collect();
            rows.extend(part);
        }
        let mut indptr = Vec::with_capacity(n + 1);
        indptr.push(0);
        let (mut indices, mut data) = (Vec::new(), Vec::new());
        for r in rows {
            for (j, s) in r {
                indices.push(j);
                data.push(s);
            }
            indptr.push(indices.len());
        }
        ctx.progress(1.0, "item-kNN similarities");
        Ok(ItemKnn {
            neighbours: Csr {
                n_rows: n,
                n_cols: n,
                indptr,
                indices,
                data,
            },
        })
    }

    /// Similarity of `to` among the neighbours of `from` (0 when not kept).
    pub fn similarity(&self, from: u32, to: u32) -> f32 {
        self.neighbours.get(from as usize, to)
    }
}

impl Recommender for ItemKnn {
    fn method(&self) -> Method {
        Method::ItemKnn
    }

    fn score(&self, q: &Query, out: &mut [f32]) {
        out.fill(0.0);
        for (&j, &w) in q.items.iter().zip(q.weights) {
            let (idx, sims) = self.neighbours.row(j as usize);
            let v = knn_value(w);
            for (&i, &s) in idx.iter().zip(sims) {
                out[i as usize] += s * v;
            }
        }
    }

    fn explain(&self, q: &Query, item: u32) -> Option<Reason> {
        let mut best: Option<(f32, usize)> = None;
        for (h, (&j, &w)) in q.items.iter().zip(q.weights).enumerate() {
            let s = self.similarity(j, item) * knn_value(w);
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
