//! Ranking metrics at K with binary relevance. `relevant` is sorted; `recs` is
//! the ranked list (only its first K entries count). Definitions (shared with
//! `bench/peer_implicit.py`):
//!
//! - precision = hits / K; recall = hits / |relevant|; F1 per user from both
//! - NDCG = DCG / IDCG with DCG = sum over hits at rank r (1-based) of
//!   1 / log2(r + 1) and IDCG over min(|relevant|, K) hits at the top
//! - AP = sum over hits at rank r of (hits so far / r), over min(|relevant|, K)
//! - hit = 1 when at least one hit
//!
//! Beyond accuracy: intra-list diversity = 1 - mean pairwise similarity of the
//! list's items; novelty = mean -log2(popularity share) / log2(users), so in
//! [0, 1]; popularity bias = mean popularity percentile of the list's items.

/// Per-user accuracy figures.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct UserMetrics {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub ndcg: f64,
    pub ap: f64,
    pub hit: f64,
}

/// 1-based ranks of the hits among the first k recommendations.
pub fn hit_ranks(recs: &[u32], relevant: &[u32], k: usize) -> Vec<usize> {
    recs.iter()
        .take(k)
        .enumerate()
        .filter(|(_, i)| relevant.binary_search(i).is_ok())
        .map(|(r, _)| r + 1)
        .collect()
}

pub fn precision_at_k(recs: &[u32], relevant: &[u32], k: usize) -> f64 {
    user_metrics(recs, relevant, k).precision
}

pub fn recall_at_k(recs: &[u32], relevant: &[u32], k: usize) -> f64 {
    user_metrics(recs, relevant, k).recall
}

pub fn ndcg_at_k(recs: &[u32], relevant: &[u32], k: usize) -> f64 {
    user_metrics(recs, relevant, k).ndcg
}

pub fn average_precision_at_k(recs: &[u32], relevant: &[u32], k: usize) -> f64 {
    user_metrics(recs, relevant, k).ap
}

pub fn user_metrics(recs: &[u32], relevant: &[u32], k: usize) -> UserMetrics {
    if k == 0 || relevant.is_empty() {
        return UserMetrics::default();
    }
    let ranks = hit_ranks(recs, relevant, k);
    let h = ranks.len() as f64;
    let precision = h / k as f64;
    let recall = h / relevant.len() as f64;
    let f1 = if h > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    let dcg: f64 = ranks.iter().map(|&r| 1.0 / ((r + 1) as f64).log2()).sum();
    let idcg: f64 = (1..=relevant.len().min(k))
        .map(|r| 1.0 / ((r + 1) as f64).log2())
        .sum();
    let ap: f64 = ranks
        .iter()
        .enumerate()
        .map(|(n, &r)| (n + 1) as f64 / r as f64)
        .sum::<f64>()
        / relevant.len().min(k) as f64;
    UserMetrics {
        precision,
        recall,
        f1,
        ndcg: dcg / idcg,
        ap,
        hit: if h > 0.0 { 1.0 } else { 0.0 },
    }
}

/// 1 - mean pairwise similarity (similarities in [0, 1]); 0 for fewer than two items.
pub fn intra_list_diversity(recs: &[u32], sim: impl Fn(u32, u32) -> f32) -> f64 {
    let n = recs.len();
    if n < 2 {
        return 0.0;
    }
    let mut s = 0f64;
    for a in 0..n {
        for b in a + 1..n {
            s += f64::from(sim(recs[a], recs[b]).clamp(0.0, 1.0));
        }
    }
    1.0 - s / (n * (n - 1) / 2) as f64
}

/// Mean self-information of the items, normalised by log2(users) into [0, 1].
/// `item_users[i]` = training users of item i (items nobody had count as one).
pub fn novelty(recs: &[u32], item_users: &[u32], n_users: usize) -> f64 {
    if recs.is_empty() || n_users < 2 {
        return 0.0;
    }
    let n = n_users as f64;
    let s: f64 = recs
        .iter()
        .map(|&i| -((item_users[i as usize].max(1) as f64).min(n) / n).log2())
        .sum();
    (s / recs.len() as f64 / n.log2()).clamp(0.0, 1.0)
}

/// Mean popularity percentile of the items (1 = only the most popular).
pub fn popularity_bias(recs: &[u32], percentile: &[f32]) -> f64 {
    if recs.is_empty() {
        return 0.0;
    }
    recs.iter()
        .map(|&i| f64::from(percentile[i as usize]))
        .sum::<f64>()
        / recs.len() as f64
}
