//! The baseline: items ranked by how many users interacted with them.

use super::interactions::Interactions;
use super::{Method, Query, Reason, Recommender};

#[derive(Debug, Clone)]
pub struct Popularity {
    /// Distinct users per item in the training data.
    pub users: Vec<u32>,
    /// `users` scaled into [0, 1] (the most popular item scores 1).
    pub score: Vec<f32>,
    /// Popularity percentile per item in [0, 1] (1 = the most popular).
    pub percentile: Vec<f32>,
}

impl Popularity {
    pub fn fit(train: &Interactions) -> Popularity {
        let users = train.item_users();
        let max = users.iter().copied().max().unwrap_or(0).max(1) as f32;
        let score = users.iter().map(|&c| c as f32 / max).collect();
        let n = users.len();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| users[i]);
        let mut percentile = vec![0f32; n];
        let mut i = 0;
        while i < n {
            // ties share the percentile of their highest rank
            let mut j = i;
            while j + 1 < n && users[order[j + 1]] == users[order[i]] {
                j += 1;
            }
            let p = if n > 1 {
                j as f32 / (n - 1) as f32
            } else {
                1.0
            };
            for &o in &order[i..=j] {
                percentile[o] = p;
            }
            i = j + 1;
        }
        Popularity {
            users,
            score,
            percentile,
        }
    }
}

impl Recommender for Popularity {
    fn method(&self) -> Method {
        Method::Popularity
    }
    fn score(&self, _q: &Query, out: &mut [f32]) {
        out.copy_from_slice(&self.score);
    }
    fn explain(&self, _q: &Query, _item: u32) -> Option<Reason> {
        None
    }
}
