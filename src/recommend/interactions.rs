//! Implicit feedback: one entry per (user, item) pair, its weight summed over
//! the pair's events (per event type, optionally decayed with age), the set of
//! event types seen, and the explicit rating where the data has one.

use super::csr::Csr;
use crate::data::{Dataset, EventKind};
use serde::{Deserialize, Serialize};

/// Weight of one event per type, and optional exponential time decay.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Weights {
    pub view: f32,
    pub search: f32,
    pub cart: f32,
    pub favorite: f32,
    pub purchase: f32,
    /// Half-life in days: an event this old counts half. None: no decay.
    pub half_life_days: Option<f32>,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            view: 1.0,
            search: 1.0,
            cart: 3.0,
            favorite: 2.0,
            purchase: 5.0,
            half_life_days: None,
        }
    }
}

impl Weights {
    pub fn of(&self, k: EventKind) -> f32 {
        match k {
            EventKind::View => self.view,
            EventKind::Search => self.search,
            EventKind::Cart => self.cart,
            EventKind::Favorite => self.favorite,
            EventKind::Purchase => self.purchase,
        }
    }
}

/// Bit of an event type in [`Interactions::kinds`].
pub fn kind_bit(k: EventKind) -> u8 {
    1 << (k as u8)
}

/// The user x item interaction matrix.
#[derive(Debug, Clone, Default)]
pub struct Interactions {
    /// user x item, summed event weights.
    pub matrix: Csr,
    /// Per stored entry: bit set of the event types seen ([`kind_bit`]).
    pub kinds: Vec<u8>,
    /// Per stored entry: the highest explicit rating (NaN when none), when the
    /// data has ratings.
    pub rating: Option<Vec<f32>>,
}

impl Interactions {
    /// All events of the dataset.
    pub fn from_dataset(ds: &Dataset, w: &Weights) -> Interactions {
        Self::from_events(ds, w, |_| true)
    }

    /// The events for which `keep(row)` holds.
    pub fn from_events(ds: &Dataset, w: &Weights, keep: impl Fn(usize) -> bool) -> Interactions {
        let ev = &ds.events;
        let n_users = ds.n_users();
        let offsets = ev.user_offsets(n_users);
        let t_ref = ev.ts.iter().copied().max().unwrap_or(0);
        let decay = w
            .half_life_days
            .filter(|h| *h > 0.0)
            .map(|h| std::f64::consts::LN_2 / (f64::from(h) * 86_400.0));
        let mut indptr = Vec::with_capacity(n_users + 1);
        indptr.push(0usize);
        let mut indices = Vec::new();
        let mut data = Vec::new();
        let mut kinds = Vec::new();
        let mut rating = ev.rating.as_ref().map(|_| Vec::new());
        let mut rows: Vec<(u32, f32, u8, f32)> = Vec::new();
        for u in 0..n_users {
            rows.clear();
            for r in offsets[u]..offsets[u + 1] {
                if !keep(r) {
                    continue;
                }
                let k = ev.kind[r];
                let mut x = w.of(k);
                if let Some(l) = decay {
                    x *= (-(l * (t_ref - ev.ts[r]) as f64)).exp() as f32;
                }
                let rt = ev.rating.as_ref().map_or(f32::NAN, |v| v[r]);
                rows.push((ev.item[r], x, kind_bit(k), rt));
            }
            rows.sort_unstable_by_key(|a| a.0);
            let mut last = None;
            for &(item, x, bit, rt) in &rows {
                if last == Some(item) {
                    *data.last_mut().expect("entry") += x;
                    *kinds.last_mut().expect("entry") |= bit;
                    if let Some(rv) = rating.as_mut() {
                        let e: &mut f32 = rv.last_mut().expect("entry");
                        if rt.is_finite() && !(e.is_finite() && *e >= rt) {
                            *e = rt;
                        }
                    }
                    continue;
                }
                last = Some(item);
                indices.push(item);
                data.push(x);
                kinds.push(bit);
                if let Some(rv) = rating.as_mut() {
                    rv.push(rt);
                }
            }
            indptr.push(indices.len());
        }
        Interactions {
            matrix: Csr {
                n_rows: n_users,
                n_cols: ds.n_items(),
                indptr,
                indices,
                data,
            },
            kinds,
            rating,
        }
    }

    /// From (user, item, weight) triplets; event types unknown (treated as views).
    pub fn from_triplets(n_users: usize, n_items: usize, t: &[(u32, u32, f32)]) -> Interactions {
        let matrix = Csr::from_triplets(n_users, n_items, t);
        let kinds = vec![kind_bit(EventKind::View); matrix.nnz()];
        Interactions {
            matrix,
            kinds,
            rating: None,
        }
    }

    pub fn n_users(&self) -> usize {
        self.matrix.n_rows
    }
    pub fn n_items(&self) -> usize {
        self.matrix.n_cols
    }
    pub fn nnz(&self) -> usize {
        self.matrix.nnz()
    }
    /// Items of user `u` (sorted).
    pub fn items(&self, u: u32) -> &[u32] {
        self.matrix.row(u as usize).0
    }
    pub fn weights(&self, u: u32) -> &[f32] {
        self.matrix.row(u as usize).1
    }
    /// Event-type bits of user `u`'s entries, aligned with [`Self::items`].
    pub fn kinds_of(&self, u: u32) -> &[u8] {
        let (a, b) = (
            self.matrix.indptr[u as usize],
            self.matrix.indptr[u as usize + 1],
        );
        &self.kinds[a..b]
    }

    /// The entries (by global position) for which `keep` holds.
    pub fn filter(&self, keep: impl Fn(usize) -> bool) -> Interactions {
        let m = &self.matrix;
        let mut indptr = Vec::with_capacity(m.n_rows + 1);
        indptr.push(0);
        let (mut indices, mut data, mut kinds) = (Vec::new(), Vec::new(), Vec::new());
        let mut rating = self.rating.as_ref().map(|_| Vec::new());
        for r in 0..m.n_rows {
            for p in m.indptr[r]..m.indptr[r + 1] {
                if keep(p) {
                    indices.push(m.indices[p]);
                    data.push(m.data[p]);
                    kinds.push(self.kinds[p]);
                    if let (Some(out), Some(src)) = (rating.as_mut(), self.rating.as_ref()) {
                        out.push(src[p]);
                    }
                }
            }
            indptr.push(indices.len());
        }
        Interactions {
            matrix: Csr {
                n_rows: m.n_rows,
                n_cols: m.n_cols,
                indptr,
                indices,
                data,
            },
            kinds,
            rating,
        }
    }

    /// Number of distinct users per item.
    pub fn item_users(&self) -> Vec<u32> {
        let mut c = vec![0u32; self.n_items()];
        for &i in &self.matrix.indices {
            c[i as usize] += 1;
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triplets_sum_duplicates() {
        let i = Interactions::from_triplets(2, 3, &[(0, 1, 1.0), (0, 1, 2.0), (1, 0, 1.0)]);
        assert_eq!(i.items(0), &[1]);
        assert_eq!(i.weights(0), &[3.0]);
        assert_eq!(i.item_users(), vec![1, 1, 0]);
        let f = i.filter(|p| p == 1);
        assert_eq!(f.nnz(), 1);
        assert_eq!(f.items(1), &[0]);
    }
}
