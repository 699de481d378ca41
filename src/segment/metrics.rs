//! Cluster quality: silhouette (on a sample) and the adjusted Rand index.

use super::NOISE;
use ndarray::ArrayView2;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use std::collections::HashMap;

/// Up to `m` distinct row indices out of `n`, seeded, in ascending order
/// (all rows when `m >= n`).
pub fn sample_indices(n: usize, m: usize, seed: u64) -> Vec<usize> {
    if m >= n {
        return (0..n).collect();
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut v = rand::seq::index::sample(&mut rng, n, m).into_vec();
    v.sort_unstable();
    v
}

/// Pairwise distances of a fixed sample of rows, computed once and reused to
/// score several labelings (every k tried by `k auto`).
pub struct SilhouetteSample {
    idx: Vec<usize>,
    /// Row-major `m x m` Euclidean distances.
    dist: Vec<f32>,
}

impl SilhouetteSample {
    pub fn new(x: ArrayView2<f64>, idx: &[usize]) -> Self {
        let m = idx.len();
        let rows: Vec<Vec<f64>> = idx.iter().map(|&i| x.row(i).to_vec()).collect();
        let mut dist = vec![0.0f32; m * m];
        dist.par_chunks_mut(m.max(1))
            .enumerate()
            .for_each(|(a, out)| {
                let ra = &rows[a];
                for (b, o) in out.iter_mut().enumerate() {
                    let rb = &rows[b];
                    let mut s = 0.0f64;
                    for t in 0..ra.len() {
                        let d = ra[t] - rb[t];
                        s += d * d;
                    }
                    *o = s.sqrt() as f32;
                }
            });
        SilhouetteSample {
            idx: idx.to_vec(),
            dist,
        }
    }

    /// Mean silhouette of the sample under `labels` (one per row of the data;
    /// [`NOISE`] rows are ignored). Points alone in their cluster count 0;
    /// 0 when fewer than two clusters are present.
    pub fn score(&self, labels: &[usize]) -> f64 {
        let m = self.idx.len();
        let pts: Vec<usize> = (0..m).filter(|&a| labels[self.idx[a]] != NOISE).collect();
        let mut ids: Vec<usize> = pts.iter().map(|&a| labels[self.idx[a]]).collect();
        ids.sort_unstable();
        ids.dedup();
        if ids.len() < 2 {
            return 0.0;
        }
        let slot: HashMap<usize, usize> = ids.iter().enumerate().map(|(s, &c)| (c, s)).collect();
        let k = ids.len();
        let mut lab = vec![usize::MAX; m];
        let mut size = vec![0usize; k];
        for &a in &pts {
            let l = slot[&labels[self.idx[a]]];
            lab[a] = l;
            size[l] += 1;
        }
        // Collected in order and summed sequentially: identical bits on every run.
        let per_point: Vec<f64> = pts
            .par_iter()
            .map(|&a| {
                let mut sums = vec![0.0f64; k];
                let row = &self.dist[a * m..(a + 1) * m];
                for &b in &pts {
                    sums[lab[b]] += f64::from(row[b]);
                }
                let own = lab[a];
                if size[own] <= 1 {
                    return 0.0;
                }
                let ai = sums[own] / (size[own] - 1) as f64;
                let bi = (0..k)
                    .filter(|&c| c != own && size[c] > 0)
                    .map(|c| sums[c] / size[c] as f64)
                    .fold(f64::INFINITY, f64::min);
                let mx = ai.max(bi);
                if mx > 0.0 && mx.is_finite() {
                    (bi - ai) / mx
                } else {
                    0.0
                }
            })
            .collect();
        per_point.iter().sum::<f64>() / pts.len() as f64
    }
}

/// Mean silhouette of the rows `idx` of `x` with cluster `labels` (one per row
/// of `x`; [`NOISE`] rows are ignored). Points alone in their cluster count 0.
/// Returns 0 when fewer than two clusters are present.
pub fn silhouette(x: ArrayView2<f64>, labels: &[usize], idx: &[usize]) -> f64 {
    SilhouetteSample::new(x, idx).score(labels)
}

/// Adjusted Rand index of two partitions of the same items (Hubert & Arabie):
/// 1 for identical partitions (up to relabelling), about 0 for random ones.
pub fn adjusted_rand_index(a: &[usize], b: &[usize]) -> f64 {
    let n = a.len().min(b.len());
    if n < 2 {
        return 1.0;
    }
    let mut table: HashMap<(usize, usize), u64> = HashMap::new();
    let mut ra: HashMap<usize, u64> = HashMap::new();
    let mut rb: HashMap<usize, u64> = HashMap::new();
    for i in 0..n {
        *table.entry((a[i], b[i])).or_default() += 1;
        *ra.entry(a[i]).or_default() += 1;
        *rb.entry(b[i]).or_default() += 1;
    }
    let c2 = |x: u64| (x as f64) * (x as f64 - 1.0) / 2.0;
    let index: f64 = table.values().map(|&x| c2(x)).sum();
    let sa: f64 = ra.values().map(|&x| c2(x)).sum();
    let sb: f64 = rb.values().map(|&x| c2(x)).sum();
    let expected = sa * sb / c2(n as u64);
    let max = (sa + sb) / 2.0;
    if (max - expected).abs() < 1e-12 {
        // Both partitions trivial (all singletons or one cluster): identical or not.
        return if (index - expected).abs() < 1e-12 {
            1.0
        } else {
            0.0
        };
    }
    (index - expected) / (max - expected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn ari_known_values() {
        assert!((adjusted_rand_index(&[0, 0, 1, 1], &[1, 1, 0, 0]) - 1.0).abs() < 1e-12);
        // scikit-learn: adjusted_rand_score([0,0,1,1],[0,0,1,2]) = 0.5714285714285715
        assert!(
            (adjusted_rand_index(&[0, 0, 1, 1], &[0, 0, 1, 2]) - 0.571_428_571_428_571_5).abs()
                < 1e-12
        );
        // adjusted_rand_score([0,0,1,1],[0,1,0,1]) = -0.5
        assert!((adjusted_rand_index(&[0, 0, 1, 1], &[0, 1, 0, 1]) + 0.5).abs() < 1e-12);
        assert_eq!(adjusted_rand_index(&[0, 0, 0], &[0, 0, 0]), 1.0);
    }

    #[test]
    fn silhouette_of_separated_blobs_is_high() {
        let x = array![
            [0.0, 0.0],
            [0.1, 0.0],
            [0.0, 0.1],
            [10.0, 10.0],
            [10.1, 10.0],
            [10.0, 10.1]
        ];
        let labels = [0, 0, 0, 1, 1, 1];
        let s = silhouette(x.view(), &labels, &[0, 1, 2, 3, 4, 5]);
        assert!(s > 0.95, "{s}");
        let bad = [0, 1, 0, 1, 0, 1];
        assert!(silhouette(x.view(), &bad, &[0, 1, 2, 3, 4, 5]) < 0.0);
        assert_eq!(silhouette(x.view(), &[0; 6], &[0, 1, 2]), 0.0);
    }

    #[test]
    fn samples_are_seeded_and_sorted() {
        let a = sample_indices(1000, 10, 7);
        assert_eq!(a, sample_indices(1000, 10, 7));
        assert!(a.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(sample_indices(5, 10, 1), vec![0, 1, 2, 3, 4]);
    }
}
