//! Hybrid: normalised blending of a collaborative model and the content model,
//! with switching for cold start. Users with fewer than N interactions get
//! content + popularity; items nobody interacted with get their content score
//! in place of the (empty) collaborative one.

use super::content::Content;
use super::popularity::Popularity;
use super::{Method, Query, Reason, Recommender};
use serde::{Deserialize, Serialize};

/// How component scores are put on a common scale before blending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Blend {
    /// (x - min) / (max - min) over the candidate items.
    #[default]
    MinMax,
    /// Percentile rank among the candidate items.
    Rank,
}

pub struct Hybrid<'a> {
    pub content: &'a Content,
    pub cf: &'a dyn Recommender,
    pub popularity: &'a Popularity,
    /// Share of the collaborative model, in [0, 1].
    pub weight: f32,
    pub blend: Blend,
    /// Users with fewer interactions than this get content + popularity.
    pub cold_user_threshold: usize,
    /// Share of popularity for those users.
    pub cold_popularity_weight: f32,
    /// Items nobody interacted with take `cold_item_weight * content` as
    /// their collaborative score (0: they only get the content share).
    pub cold_item_weight: f32,
}

/// Normalises `x` in place over the items not in `skip` (sorted); skipped items
/// are normalised too but do not set the scale.
pub fn normalise(x: &mut [f32], skip: &[u32], blend: Blend) {
    // hide the skipped items (as NaN) while the scale is computed
    let n = x.len();
    let saved: Vec<(usize, f32)> = skip
        .iter()
        .filter(|&&i| (i as usize) < n)
        .map(|&i| (i as usize, std::mem::replace(&mut x[i as usize], f32::NAN)))
        .collect();
    match blend {
        Blend::MinMax => {
            let (mut lo, mut hi) = (f32::INFINITY, f32::NEG_INFINITY);
            for &v in x.iter().filter(|v| v.is_finite()) {
                lo = lo.min(v);
                hi = hi.max(v);
            }
            let range = hi - lo;
            let scale = |v: f32| {
                if range > 0.0 && v.is_finite() {
                    ((v - lo) / range).clamp(0.0, 1.0)
                } else {
                    0.0
                }
            };
            for v in x.iter_mut() {
                *v = scale(*v);
            }
            for (i, v) in saved {
                x[i] = scale(v);
            }
        }
        Blend::Rank => {
            let mut order: Vec<u32> = (0..x.len() as u32)
                .filter(|&i| !x[i as usize].is_nan())
                .collect();
            order.sort_by(|&a, &b| x[a as usize].total_cmp(&x[b as usize]));
            let n = order.len().max(2) - 1;
            let mut out = vec![0f32; x.len()];
            let mut r = 0;
            while r < order.len() {
                let mut e = r;
                while e + 1 < order.len() && x[order[e + 1] as usize] == x[order[r] as usize] {
                    e += 1;
                }
                for &i in &order[r..=e] {
                    out[i as usize] = e as f32 / n as f32;
                }
                r = e + 1;
            }
            for (i, _) in saved {
                out[i] = 1.0;
            }
            x.copy_from_slice(&out);
        }
    }
}

impl Hybrid<'_> {
    fn is_cold_user(&self, q: &Query) -> bool {
        q.items.len() < self.cold_user_threshold
    }

    /// Normalised (content, other) component scores, `other` being popularity
    /// for cold users and the collaborative model otherwise.
    fn components(&self, q: &Query) -> (Vec<f32>, Vec<f32>) {
        let n = self.popularity.score.len();
        let mut skip: Vec<u32> = q.items.to_vec();
        skip.sort_unstable();
        let mut c = vec![0f32; n];
        self.content.score(q, &mut c);
        normalise(&mut c, &skip, self.blend);
        let mut o = vec![0f32; n];
        if self.is_cold_user(q) {
            o.copy_from_slice(&self.popularity.score);
            normalise(&mut o, &skip, self.blend);
        } else {
            self.cf.score(q, &mut o);
            normalise(&mut o, &skip, self.blend);
            for (i, v) in o.iter_mut().enumerate() {
                if self.popularity.users[i] == 0 {
                    *v = self.cold_item_weight * c[i];
                }
            }
        }
        (c, o)
    }

    fn other_weight(&self, q: &Query) -> f32 {
        if self.is_cold_user(q) {
            self.cold_popularity_weight
        } else {
            self.weight
        }
        .clamp(0.0, 1.0)
    }
}

impl Recommender for Hybrid<'_> {
    fn method(&self) -> Method {
        Method::Hybrid
    }

    fn score(&self, q: &Query, out: &mut [f32]) {
        if q.items.is_empty() {
            out.copy_from_slice(&self.popularity.score);
            return;
        }
        let (c, o) = self.components(q);
        let w = self.other_weight(q);
        for ((v, c), o) in out.iter_mut().zip(&c).zip(&o) {
            *v = w * o + (1.0 - w) * c;
        }
    }

    fn explain(&self, q: &Query, item: u32) -> Option<Reason> {
        self.explain_many(q, &[item]).pop().flatten()
    }

    fn explain_many(&self, q: &Query, items: &[u32]) -> Vec<Option<Reason>> {
        if q.items.is_empty() {
            return vec![None; items.len()];
        }
        let (c, o) = self.components(q);
        let w = self.other_weight(q);
        let cold = self.is_cold_user(q);
        items
            .iter()
            .map(|&i| {
                let content_part = (1.0 - w) * c[i as usize];
                let other_part = w * o[i as usize];
                if content_part >= other_part {
                    self.content.explain(q, i)
                } else if cold {
                    None
                } else {
                    self.cf.explain(q, i).or_else(|| self.content.explain(q, i))
                }
            })
            .collect()
    }
}
