//! Segment profiles: size, share, feature lifts and z-scores against the
//! population, top categories and brands, active hours, purchase share.

use super::{SegmentProfile, NOISE};
use crate::data::{Dataset, EventKind};
use crate::features::FeatureMatrix;

/// How many categories and brands a profile lists.
const TOP_N: usize = 5;

/// Builds one profile per segment id `0..n_segments`; `assignment` holds the
/// segment id of every user. Names and descriptions are filled in later.
pub(crate) fn build(
    ds: &Dataset,
    fm: &FeatureMatrix,
    assignment: &[usize],
    n_segments: usize,
) -> Vec<SegmentProfile> {
    let n = assignment.len();
    let d = fm.n_features();
    let k = n_segments;
    let mut size = vec![0usize; k];
    let mut sum_raw = vec![vec![0.0f64; d]; k];
    let mut sum_z = vec![vec![0.0f64; d]; k];
    let mut pop_raw = vec![0.0f64; d];
    let weights: Vec<f64> = fm
        .info
        .iter()
        .map(|f| if f.weight > 0.0 { f.weight } else { 1.0 })
        .collect();
    for (i, &s) in assignment.iter().enumerate() {
        let raw = fm.raw.row(i);
        for j in 0..d {
            pop_raw[j] += raw[j];
        }
        if s == NOISE || s >= k {
            continue;
        }
        size[s] += 1;
        let z = fm.scaled.row(i);
        for j in 0..d {
            sum_raw[s][j] += raw[j];
            sum_z[s][j] += z[j] / weights[j];
        }
    }
    let pop_mean: Vec<f64> = pop_raw.iter().map(|v| v / n.max(1) as f64).collect();
    let pop_z: Vec<f64> = (0..d)
        .map(|j| fm.scaled.column(j).iter().sum::<f64>() / weights[j] / n.max(1) as f64)
        .collect();

    // One pass over the events for categories, brands, hours and purchases.
    let cat = &ds.catalogue;
    let n_cat = cat.categories.len();
    let n_brand = cat.brands.len();
    let mut cats = vec![vec![0u64; n_cat]; k];
    let mut brands = vec![vec![0u64; n_brand]; k];
    let mut hours = vec![[0u64; 24]; k];
    let mut purchases = vec![0u64; k];
    let mut buyers = vec![0usize; k];
    let mut total_purchases = 0u64;
    let ev = &ds.events;
    let mut last_buyer = u32::MAX;
    for r in 0..ev.len() {
        let u = ev.user[r];
        let s = assignment.get(u as usize).copied().unwrap_or(NOISE);
        let is_purchase = ev.kind[r] == EventKind::Purchase;
        if is_purchase {
            total_purchases += 1;
        }
        if s == NOISE || s >= k {
            continue;
        }
        let item = ev.item[r] as usize;
        if let Some(Some(c)) = cat.category.get(item) {
            cats[s][*c as usize] += 1;
        }
        if let Some(Some(b)) = cat.brand.get(item) {
            brands[s][*b as usize] += 1;
        }
        hours[s][(ev.ts[r].rem_euclid(86_400) / 3600) as usize] += 1;
        if is_purchase {
            purchases[s] += 1;
            if last_buyer != u {
                buyers[s] += 1;
                last_buyer = u;
            }
        }
    }
    let top = |counts: &[u64], names: &crate::data::Interner| -> Vec<(String, f64)> {
        let total: u64 = counts.iter().sum();
        if total == 0 {
            return Vec::new();
        }
        let mut idx: Vec<usize> = (0..counts.len()).filter(|&i| counts[i] > 0).collect();
        idx.sort_by_key(|&i| (std::cmp::Reverse(counts[i]), i));
        idx.truncate(TOP_N);
        idx.iter()
            .map(|&i| {
                (
                    names.name(i as u32).to_string(),
                    counts[i] as f64 / total as f64,
                )
            })
            .collect()
    };

    (0..k)
        .map(|s| {
            let m = size[s].max(1) as f64;
            let lifts = (0..d)
                .map(|j| {
                    let seg = sum_raw[s][j] / m;
                    let lift = if pop_mean[j].abs() > 1e-12 {
                        seg / pop_mean[j]
                    } else {
                        1.0
                    };
                    (
                        fm.names[j].clone(),
                        if lift.is_finite() { lift } else { 1.0 },
                    )
                })
                .collect();
            let z = (0..d)
                .map(|j| (fm.names[j].clone(), finite(sum_z[s][j] / m - pop_z[j])))
                .collect();
            let means = (0..d)
                .map(|j| (fm.names[j].clone(), finite(sum_raw[s][j] / m)))
                .collect();
            let hour_total: u64 = hours[s].iter().sum();
            let mut active_hours = [0.0; 24];
            for h in 0..24 {
                active_hours[h] = hours[s][h] as f64 / hour_total.max(1) as f64;
            }
            SegmentProfile {
                id: s,
                name: String::new(),
                description: String::new(),
                size: size[s],
                share: size[s] as f64 / n.max(1) as f64,
                top_categories: top(&cats[s], &cat.categories),
                top_brands: top(&brands[s], &cat.brands),
                active_hours,
                purchase_share: purchases[s] as f64 / total_purchases.max(1) as f64,
                buyer_share: buyers[s] as f64 / m,
                lifts,
                z,
                means,
                population_means: fm
                    .names
                    .iter()
                    .cloned()
                    .zip(pop_mean.iter().copied())
                    .collect(),
                unclustered: false,
            }
        })
        .collect()
}

fn finite(v: f64) -> f64 {
    if v.is_finite() {
        v
    } else {
        0.0
    }
}
