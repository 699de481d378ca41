//! Compressed sparse rows and the small dense helpers the models share.

/// A sparse matrix in compressed-sparse-row form with `f32` values. Column
/// indices within a row are sorted and unique.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Csr {
    pub n_rows: usize,
    pub n_cols: usize,
    pub indptr: Vec<usize>,
    pub indices: Vec<u32>,
    pub data: Vec<f32>,
}

impl Csr {
    /// An empty matrix of the given shape.
    pub fn empty(n_rows: usize, n_cols: usize) -> Csr {
        Csr {
            n_rows,
            n_cols,
            indptr: vec![0; n_rows + 1],
            indices: Vec::new(),
            data: Vec::new(),
        }
    }

    /// Builds a matrix from (row, column, value) triplets; duplicates are summed.
    pub fn from_triplets(n_rows: usize, n_cols: usize, triplets: &[(u32, u32, f32)]) -> Csr {
        let mut t: Vec<(u32, u32, f32)> = triplets.to_vec();
        t.sort_unstable_by_key(|a| (a.0, a.1));
        let mut indptr = vec![0usize; n_rows + 1];
        let mut indices = Vec::with_capacity(t.len());
        let mut data: Vec<f32> = Vec::with_capacity(t.len());
        let mut last: Option<(u32, u32)> = None;
        for &(r, c, v) in &t {
            assert!(
                (r as usize) < n_rows && (c as usize) < n_cols,
                "triplet out of range"
            );
            if last == Some((r, c)) {
                if let Some(d) = data.last_mut() {
                    *d += v;
                }
                continue;
            }
            last = Some((r, c));
            indptr[r as usize + 1] += 1;
            indices.push(c);
            data.push(v);
        }
        for i in 0..n_rows {
            indptr[i + 1] += indptr[i];
        }
        Csr {
            n_rows,
            n_cols,
            indptr,
            indices,
            data,
        }
    }

    pub fn nnz(&self) -> usize {
        self.indices.len()
    }

    /// Column indices and values of row `r`.
    pub fn row(&self, r: usize) -> (&[u32], &[f32]) {
        let (a, b) = (self.indptr[r], self.indptr[r + 1]);
        (&self.indices[a..b], &self.data[a..b])
    }

    pub fn row_len(&self, r: usize) -> usize {
        self.indptr[r + 1] - self.indptr[r]
    }

    /// Value at (r, c), zero when absent.
    pub fn get(&self, r: usize, c: u32) -> f32 {
        let (idx, val) = self.row(r);
        idx.binary_search(&c).map(|p| val[p]).unwrap_or(0.0)
    }

    /// The transpose (counting sort; rows of the result stay sorted).
    pub fn transpose(&self) -> Csr {
        let mut indptr = vec![0usize; self.n_cols + 1];
        for &c in &self.indices {
            indptr[c as usize + 1] += 1;
        }
        for i in 0..self.n_cols {
            indptr[i + 1] += indptr[i];
        }
        let mut next = indptr.clone();
        let mut indices = vec![0u32; self.nnz()];
        let mut data = vec![0f32; self.nnz()];
        for r in 0..self.n_rows {
            let (idx, val) = self.row(r);
            for (&c, &v) in idx.iter().zip(val) {
                let p = &mut next[c as usize];
                indices[*p] = r as u32;
                data[*p] = v;
                *p += 1;
            }
        }
        Csr {
            n_rows: self.n_cols,
            n_cols: self.n_rows,
            indptr,
            indices,
            data,
        }
    }

    /// Same pattern with every value replaced by `f(value)`.
    pub fn map_values(&self, f: impl Fn(f32) -> f32) -> Csr {
        Csr {
            data: self.data.iter().map(|&v| f(v)).collect(),
            ..self.clone()
        }
    }
}

/// Dot product of two slices (over the shorter length), vectorised with the
/// widest SIMD the running CPU has (see [`super::kernels`]).
#[inline]
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    super::kernels::dot(a, b)
}

/// `y += alpha * x` (over the shorter length), vectorised like [`dot`].
#[inline(always)]
pub fn axpy(alpha: f32, x: &[f32], y: &mut [f32]) {
    let n = x.len().min(y.len());
    #[cfg(all(
        target_arch = "x86_64",
        target_feature = "avx2",
        target_feature = "fma"
    ))]
    {
        // SAFETY: as in `dot`; stores write 8 floats inside `y` (i + 8 <= n).
        unsafe {
            use std::arch::x86_64::*;
            let (px, py) = (x.as_ptr(), y.as_mut_ptr());
            let va = _mm256_set1_ps(alpha);
            let mut i = 0;
            while i + 8 <= n {
                let r = _mm256_fmadd_ps(va, _mm256_loadu_ps(px.add(i)), _mm256_loadu_ps(py.add(i)));
                _mm256_storeu_ps(py.add(i), r);
                i += 8;
            }
            while i < n {
                y[i] += alpha * x[i];
                i += 1;
            }
        }
    }
    #[cfg(not(all(
        target_arch = "x86_64",
        target_feature = "avx2",
        target_feature = "fma"
    )))]
    for (yi, xi) in y[..n].iter_mut().zip(&x[..n]) {
        *yi += alpha * xi;
    }
}

/// Dot product of two sparse vectors with sorted indices.
pub fn sparse_dot(ia: &[u32], va: &[f32], ib: &[u32], vb: &[f32]) -> f32 {
    let (mut p, mut q, mut s) = (0, 0, 0f32);
    while p < ia.len() && q < ib.len() {
        match ia[p].cmp(&ib[q]) {
            std::cmp::Ordering::Less => p += 1,
            std::cmp::Ordering::Greater => q += 1,
            std::cmp::Ordering::Equal => {
                s += va[p] * vb[q];
                p += 1;
                q += 1;
            }
        }
    }
    s
}

/// The `k` best candidates by `(score, tie)` descending, then by index
/// ascending. Candidates whose score is NaN are skipped.
pub fn top_k(
    scores: &[f32],
    tie: &[f32],
    k: usize,
    allowed: impl Fn(usize) -> bool,
) -> Vec<(u32, f32)> {
    if k == 0 {
        return Vec::new();
    }
    let better = |a: usize, b: usize| -> bool {
        // true when a ranks before b
        match scores[a].partial_cmp(&scores[b]) {
            Some(std::cmp::Ordering::Greater) => true,
            Some(std::cmp::Ordering::Less) => false,
            _ => match tie[a].partial_cmp(&tie[b]) {
                Some(std::cmp::Ordering::Greater) => true,
                Some(std::cmp::Ordering::Less) => false,
                _ => a < b,
            },
        }
    };
    // A small sorted buffer beats a heap for the k <= 100 used here.
    let mut best: Vec<usize> = Vec::with_capacity(k + 1);
    for (i, s) in scores.iter().enumerate() {
        if s.is_nan() || !allowed(i) {
            continue;
        }
        if best.len() == k && (*s < scores[best[k - 1]] || !better(i, best[k - 1])) {
            continue;
        }
        let pos = best.partition_point(|&b| better(b, i));
        best.insert(pos, i);
        if best.len() > k {
            best.pop();
        }
    }
    best.into_iter().map(|i| (i as u32, scores[i])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triplets_transpose_and_get() {
        let m = Csr::from_triplets(2, 3, &[(1, 2, 1.0), (0, 1, 2.0), (1, 2, 0.5), (1, 0, 3.0)]);
        assert_eq!(m.indptr, vec![0, 1, 3]);
        assert_eq!(m.get(1, 2), 1.5);
        let t = m.transpose();
        assert_eq!(t.n_rows, 3);
        assert_eq!(t.row(2), (&[1u32][..], &[1.5f32][..]));
        assert_eq!(t.transpose(), m);
    }

    #[test]
    fn top_k_orders_by_score_then_tie() {
        let s = [0.5, 0.9, 0.5, f32::NAN, 0.1];
        let t = [0.0, 0.0, 1.0, 0.0, 0.0];
        let r = top_k(&s, &t, 3, |i| i != 4);
        assert_eq!(r.iter().map(|x| x.0).collect::<Vec<_>>(), vec![1, 2, 0]);
        assert!((dot(&[1.0; 11], &[2.0; 11]) - 22.0).abs() < 1e-6);
    }
}
