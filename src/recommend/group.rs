//! Recommendations for a group of users (a segment): member scores aggregated.
//! Popularity counts members; ALS scores the mean member factor (the mean of
//! the members' scores); content, item-kNN and EASE score the members' pooled
//! history (each member's weights averaged, the 300 strongest items kept).
//! Items members already have are not excluded: a segment-level list shows
//! what the segment likes; per-user exclusion happens per user.

use super::csr::top_k;
use super::hybrid::normalise;
use super::*;

/// Items of the pooled history used as the group's profile.
const POOLED_ITEMS: usize = 300;
/// The group's most popular items are explained as "popular in <group>".
const GROUP_TOP: usize = 10;

struct Pooled {
    /// Members per item, over the number of members.
    share: Vec<f32>,
    items: Vec<u32>,
    weights: Vec<f32>,
    kinds: Vec<u8>,
    members: Vec<u32>,
}

impl Models {
    /// Recommendations for a group of users; `label` names the group in the
    /// explanations ("popular in <label>", default "these users").
    pub fn recommend_for_users(
        &self,
        m: Method,
        users: &[u32],
        k: usize,
        label: Option<&str>,
    ) -> Vec<Rec> {
        let label = label.map_or_else(|| "these users".to_string(), crate::text::sanitize);
        self.group(m, users, k, &label)
    }

    /// Recommendations for a named segment ("popular in <name>").
    pub fn recommend_for_segment(
        &self,
        m: Method,
        users: &[u32],
        k: usize,
        name: &str,
    ) -> Vec<Rec> {
        self.group(m, users, k, &crate::text::sanitize(name))
    }

    fn pool(&self, users: &[u32]) -> Pooled {
        let n = self.n_items();
        let mut count = vec![0f32; n];
        let mut sum = vec![0f32; n];
        let mut members = Vec::new();
        for &u in users {
            let q = self.query(u);
            if q.items.is_empty() {
                continue;
            }
            members.push(u);
            for (&i, &w) in q.items.iter().zip(q.weights) {
                count[i as usize] += 1.0;
                sum[i as usize] += w;
            }
        }
        let m = members.len().max(1) as f32;
        let share: Vec<f32> = count.iter().map(|c| c / m).collect();
        let mut items: Vec<u32> = (0..n as u32).filter(|&i| sum[i as usize] > 0.0).collect();
        items.sort_by(|&a, &b| sum[b as usize].total_cmp(&sum[a as usize]).then(a.cmp(&b)));
        items.truncate(POOLED_ITEMS);
        items.sort_unstable();
        let weights = items.iter().map(|&i| sum[i as usize] / m).collect();
        let kinds = vec![0u8; items.len()];
        Pooled {
            share,
            items,
            weights,
            kinds,
            members,
        }
    }

    /// Mean member factor scored against every item.
    fn als_group_scores(&self, members: &[u32], out: &mut [f32]) {
        let f = self.als.factors;
        let mut mean = vec![0f32; f];
        for &u in members {
            let x = &self.als.user_factors[u as usize * f..(u as usize + 1) * f];
            super::csr::axpy(1.0 / members.len().max(1) as f32, x, &mut mean);
        }
        super::kernels::rows_dot(&self.als.item_factors, &mean, out);
    }

    fn group(&self, m: Method, users: &[u32], k: usize, label: &str) -> Vec<Rec> {
        let p = self.pool(users);
        let n = self.n_items();
        if p.members.is_empty() {
            // nobody with a history: the overall favourites
            return top_k(&self.popularity.score, &self.popularity.score, k, |_| true)
                .into_iter()
                .map(|(item, score)| Rec {
                    item,
                    score,
                    explanation: self.reason_text(None, item, None),
                    because: None,
                })
                .collect();
        }
        let q = Query {
            user: None,
            items: &p.items,
            weights: &p.weights,
            kinds: &p.kinds,
        };
        let cf_scores = |method: Method, out: &mut [f32]| {
            if method == Method::Als {
                self.als_group_scores(&p.members, out);
            } else {
                self.recommender(method).score(&q, out);
            }
        };
        let mut scores = vec![0f32; n];
        // per item: true when the content part explains it (hybrid only)
        let mut content_led = vec![m == Method::Content; n];
        match m {
            Method::Popularity => scores.copy_from_slice(&p.share),
            Method::Hybrid => {
                let mut c = vec![0f32; n];
                self.content.score(&q, &mut c);
                normalise(&mut c, &[], self.config.blend);
                cf_scores(self.cf().method(), &mut scores);
                normalise(&mut scores, &[], self.config.blend);
                let w = self.config.hybrid_weight.clamp(0.0, 1.0);
                for i in 0..n {
                    let cf = if self.popularity.users[i] == 0 {
                        self.config.cold_item_weight * c[i]
                    } else {
                        scores[i]
                    };
                    content_led[i] = (1.0 - w) * c[i] >= w * cf;
                    scores[i] = w * cf + (1.0 - w) * c[i];
                }
            }
            other => cf_scores(other, &mut scores),
        }
        let top = top_k(&scores, &p.share, k, |_| true);
        let mut by_share: Vec<u32> = (0..n as u32).collect();
        by_share.sort_by(|&a, &b| {
            p.share[b as usize]
                .total_cmp(&p.share[a as usize])
                .then(a.cmp(&b))
        });
        by_share.truncate(GROUP_TOP);
        let own = self.recommender(m);
        let cf: &dyn Recommender = if m == Method::Hybrid {
            self.cf()
        } else {
            own.as_ref()
        };
        top.into_iter()
            .map(|(item, score)| {
                let reason = if m == Method::Popularity || by_share.contains(&item) {
                    None
                } else if content_led[item as usize] {
                    self.content.explain(&q, item)
                } else {
                    cf.explain(&q, item)
                };
                Rec {
                    item,
                    score,
                    explanation: self.reason_text(reason, item, Some(label)),
                    because: match reason {
                        Some(Reason::SimilarTo { item, .. }) => Some(item),
                        _ => None,
                    },
                }
            })
            .collect()
    }
}
