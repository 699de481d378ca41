//! The inner loops that dominate ALS and ranking: dot products, the sparse
//! and dense parts of a conjugate-gradient product, and scoring every item
//! against a user vector.
//!
//! Written once over `pulp`'s portable SIMD types and dispatched at run time
//! to the widest instruction set the CPU has (AVX2+FMA on most x86-64, NEON on
//! ARM, plain scalar code elsewhere), so one binary runs on every machine of
//! its architecture: nothing here depends on `target-cpu` or on assembly.
//! Each reduction runs in a fixed order, so results repeat run to run.

use pulp::{Arch, Simd, WithSimd};

/// `sum a_i b_i` over one SIMD register width at a time (two accumulators).
#[inline(always)]
fn dot_in<S: Simd>(s: S, a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().min(b.len());
    let (av, at) = S::as_simd_f32s(&a[..n]);
    let (bv, bt) = S::as_simd_f32s(&b[..n]);
    let mut acc0 = s.splat_f32s(0.0);
    let mut acc1 = s.splat_f32s(0.0);
    let pairs = av.len() / 2;
    for i in 0..pairs {
        acc0 = s.mul_add_f32s(av[2 * i], bv[2 * i], acc0);
        acc1 = s.mul_add_f32s(av[2 * i + 1], bv[2 * i + 1], acc1);
    }
    if av.len() % 2 == 1 {
        acc0 = s.mul_add_f32s(av[av.len() - 1], bv[av.len() - 1], acc0);
    }
    let mut sum = s.reduce_sum_f32s(s.add_f32s(acc0, acc1));
    for (x, y) in at.iter().zip(bt) {
        sum += x * y;
    }
    sum
}

/// `out += c * x` (over the shorter length).
#[inline(always)]
fn axpy_in<S: Simd>(s: S, c: f32, x: &[f32], out: &mut [f32]) {
    let n = x.len().min(out.len());
    let (xv, xt) = S::as_simd_f32s(&x[..n]);
    let (ov, ot) = S::as_mut_simd_f32s(&mut out[..n]);
    let cv = s.splat_f32s(c);
    for (o, &v) in ov.iter_mut().zip(xv) {
        *o = s.mul_add_f32s(cv, v, *o);
    }
    for (o, &v) in ot.iter_mut().zip(xt) {
        *o += c * v;
    }
}

struct Dot<'a>(&'a [f32], &'a [f32]);
impl WithSimd for Dot<'_> {
    type Output = f32;
    #[inline(always)]
    fn with_simd<S: Simd>(self, s: S) -> f32 {
        dot_in(s, self.0, self.1)
    }
}

/// Dot product of two slices (over the shorter length).
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    Arch::new().dispatch(Dot(a, b))
}

struct SparseApply<'a> {
    y: &'a [f32],
    f: usize,
    idx: &'a [u32],
    a: Option<&'a [f32]>,
    b: &'a [f32],
    p: &'a [f32],
    out: &'a mut [f32],
}
impl WithSimd for SparseApply<'_> {
    type Output = ();
    #[inline(always)]
    fn with_simd<S: Simd>(self, s: S) {
        let f = self.f;
        let p = &self.p[..f];
        let out = &mut self.out[..f];
        for (j, &i) in self.idx.iter().enumerate() {
            let yi = &self.y[i as usize * f..(i as usize + 1) * f];
            let coef = self.a.map_or(0.0, |a| a[j]) + self.b[j] * dot_in(s, yi, p);
            axpy_in(s, coef, yi, out);
        }
    }
}

/// `out += sum_j (a_j + b_j * (y_{idx_j} . p)) * y_{idx_j}` where `y` holds
/// rows of `f` floats and `a` is all zeros when None.
pub fn sparse_apply(
    y: &[f32],
    f: usize,
    idx: &[u32],
    a: Option<&[f32]>,
    b: &[f32],
    p: &[f32],
    out: &mut [f32],
) {
    let n = idx.len();
    assert!(
        b.len() == n && a.is_none_or(|a| a.len() == n),
        "aligned weights"
    );
    assert!(p.len() >= f && out.len() >= f, "vectors of f floats");
    if n == 0 || f == 0 {
        return;
    }
    Arch::new().dispatch(SparseApply {
        y,
        f,
        idx,
        a,
        b,
        p,
        out,
    });
}

struct RowsDot<'a> {
    y: &'a [f32],
    x: &'a [f32],
    out: &'a mut [f32],
}
impl WithSimd for RowsDot<'_> {
    type Output = ();
    #[inline(always)]
    fn with_simd<S: Simd>(self, s: S) {
        for (o, yi) in self.out.iter_mut().zip(self.y.chunks_exact(self.x.len())) {
            *o = dot_in(s, yi, self.x);
        }
    }
}

/// `out[i] = y_i . x` for every row of `y` (rows of `f = x.len()` floats);
/// entries of `out` past the last row are set to 0.
pub fn rows_dot(y: &[f32], x: &[f32], out: &mut [f32]) {
    let f = x.len();
    let n = y.len().checked_div(f).unwrap_or(0).min(out.len());
    if n > 0 {
        Arch::new().dispatch(RowsDot {
            y: &y[..n * f],
            x,
            out: &mut out[..n],
        });
    }
    out[n..].fill(0.0);
}

struct RowsTimes<'a> {
    p: &'a [f32],
    g: &'a [f32],
    f: usize,
    scale: f32,
    out: &'a mut [f32],
}
impl WithSimd for RowsTimes<'_> {
    type Output = ();
    #[inline(always)]
    fn with_simd<S: Simd>(self, s: S) {
        let f = self.f;
        let lanes = std::mem::size_of::<S::f32s>() / std::mem::size_of::<f32>();
        if !f.is_multiple_of(lanes) {
            for (prow, orow) in self.p.chunks_exact(f).zip(self.out.chunks_exact_mut(f)) {
                orow.fill(0.0);
                for (a, &pv) in prow.iter().enumerate() {
                    axpy_in(s, self.scale * pv, &self.g[a * f..(a + 1) * f], orow);
                }
            }
            return;
        }
        // Whole registers per row: keep a block of output columns in
        // accumulators across all of G's rows, written once at the end.
        let nv = f / lanes;
        let (gv, _) = S::as_simd_f32s(&self.g[..f * f]);
        let scale = s.splat_f32s(self.scale);
        let zero = s.splat_f32s(0.0);
        for (prow, orow) in self.p.chunks_exact(f).zip(self.out.chunks_exact_mut(f)) {
            let (ov, _) = S::as_mut_simd_f32s(orow);
            let mut c = 0;
            while c + 4 <= nv {
                let mut acc = [zero; 4];
                for (a, &pv) in prow.iter().enumerate() {
                    let w = s.splat_f32s(pv);
                    let g = &gv[a * nv + c..a * nv + c + 4];
                    for (x, &gk) in acc.iter_mut().zip(g) {
                        *x = s.mul_add_f32s(w, gk, *x);
                    }
                }
                for (o, x) in ov[c..c + 4].iter_mut().zip(acc) {
                    *o = s.mul_f32s(x, scale);
                }
                c += 4;
            }
            while c < nv {
                let mut acc = zero;
                for (a, &pv) in prow.iter().enumerate() {
                    acc = s.mul_add_f32s(s.splat_f32s(pv), gv[a * nv + c], acc);
                }
                ov[c] = s.mul_f32s(acc, scale);
                c += 1;
            }
        }
    }
}

/// `out[r] = scale * (p[r] G)` for every row r of `p` (rows of f floats) with
/// `G` an f x f row-major matrix: a matrix product too thin for a packed GEMM
/// to pay off (the conjugate-gradient step's dense part).
pub fn rows_times(p: &[f32], g: &[f32], f: usize, scale: f32, out: &mut [f32]) {
    assert!(
        f > 0 && g.len() >= f * f && out.len() >= p.len() && p.len().is_multiple_of(f),
        "rows of f floats and an f x f matrix"
    );
    Arch::new().dispatch(RowsTimes {
        p,
        g,
        f,
        scale,
        out,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(
        y: &[f32],
        f: usize,
        idx: &[u32],
        a: Option<&[f32]>,
        b: &[f32],
        p: &[f32],
    ) -> Vec<f32> {
        let mut out = vec![0.5f32; f];
        for (j, &i) in idx.iter().enumerate() {
            let yi = &y[i as usize * f..(i as usize + 1) * f];
            let d: f32 = yi.iter().zip(p).map(|(x, y)| x * y).sum();
            let c = a.map_or(0.0, |a| a[j]) + b[j] * d;
            for (o, v) in out.iter_mut().zip(yi) {
                *o += c * v;
            }
        }
        out
    }

    #[test]
    fn kernels_match_plain_loops() {
        for f in [8usize, 16, 24, 64, 7] {
            let y: Vec<f32> = (0..10 * f)
                .map(|i| ((i * 37) % 11) as f32 * 0.1 - 0.4)
                .collect();
            let p: Vec<f32> = (0..f).map(|i| (i % 5) as f32 * 0.2).collect();
            let idx = [3u32, 0, 9, 3];
            let a = [1.0f32, 2.0, 0.5, 0.0];
            let b = [0.3f32, -1.0, 2.0, 0.7];
            for a in [Some(&a[..]), None] {
                let mut out = vec![0.5f32; f];
                sparse_apply(&y, f, &idx, a, &b, &p, &mut out);
                let want = naive(&y, f, &idx, a, &b, &p);
                for (x, w) in out.iter().zip(&want) {
                    assert!((x - w).abs() < 1e-4, "f={f}: {out:?} vs {want:?}");
                }
            }
            let mut scores = vec![9f32; 12];
            rows_dot(&y, &p, &mut scores);
            for r in 0..10 {
                let w: f32 = y[r * f..(r + 1) * f]
                    .iter()
                    .zip(&p)
                    .map(|(x, y)| x * y)
                    .sum();
                assert!((scores[r] - w).abs() < 1e-4);
            }
            assert_eq!(&scores[10..], &[0.0, 0.0]);
            let g: Vec<f32> = (0..f * f)
                .map(|i| ((i * 13) % 7) as f32 * 0.25 - 0.5)
                .collect();
            let rows = &y[..3 * f];
            let mut out = vec![0f32; 3 * f];
            rows_times(rows, &g, f, -2.0, &mut out);
            for r in 0..3 {
                for c in 0..f {
                    let w: f32 = (0..f).map(|a| rows[r * f + a] * g[a * f + c]).sum::<f32>() * -2.0;
                    assert!((out[r * f + c] - w).abs() < 1e-3, "f={f} r={r} c={c}");
                }
            }
        }
    }
}
