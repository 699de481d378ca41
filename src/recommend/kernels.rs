//! The inner loops that dominate ALS: the sparse and dense parts of a
//! conjugate-gradient product, and scoring every item against a user vector.
//!
//! On x86-64 with AVX2 and FMA enabled at compile time (`target-cpu=native`, as
//! `.cargo/config.toml` sets) each loop is one block of inline assembly, so its
//! speed does not depend on the optimisation level: the dev profile compiles
//! this crate at opt-level 1 with debug assertions, where the same loops written
//! with intrinsics run about nine times slower. Elsewhere (or when the factor
//! count is not a multiple of 8) plain Rust loops are used.
//!
//! The blocks end without `vzeroupper`: it clears the upper halves of every
//! ymm register, including ones the compiler may keep live across the block
//! and that are not declared as clobbered (all code here is built with VEX
//! encodings, so a dirty upper state costs nothing).

use super::csr::dot;

#[cfg(all(
    target_arch = "x86_64",
    target_feature = "avx2",
    target_feature = "fma"
))]
const ASM: bool = true;
#[cfg(not(all(
    target_arch = "x86_64",
    target_feature = "avx2",
    target_feature = "fma"
)))]
const ASM: bool = false;

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
    let rows = y.len() / f.max(1);
    assert!(
        idx.iter().all(|&i| (i as usize) < rows),
        "row index in range"
    );
    if n == 0 || f == 0 {
        return;
    }
    if ASM && f.is_multiple_of(8) {
        #[cfg(all(
            target_arch = "x86_64",
            target_feature = "avx2",
            target_feature = "fma"
        ))]
        {
            let zero = 0f32;
            let (pa, sa) = match a {
                Some(a) => (a.as_ptr(), 4usize),
                None => (&zero as *const f32, 0usize),
            };
            // SAFETY: checked above: every row index is below `rows`, so each
            // row read stays inside `y`; `p` and `out` hold at least f floats
            // (f a positive multiple of 8, read and written 8 at a time);
            // `a` (when given) and `b` hold n floats, `zero` is read with stride 0.
            unsafe {
                std::arch::asm!(
                    "2:",
                    "mov {row:e}, dword ptr [{pidx}]",
                    "imul {row}, {fb}",
                    "add {row}, {py}",
                    "vxorps {acc:y}, {acc:y}, {acc:y}",
                    "xor {k}, {k}",
                    "3:",
                    "vmovups {t:y}, [{row} + {k}]",
                    "vfmadd231ps {acc:y}, {t:y}, [{pp} + {k}]",
                    "add {k}, 32",
                    "cmp {k}, {fb}",
                    "jb 3b",
                    "vextractf128 {t:x}, {acc:y}, 1",
                    "vaddps {acc:x}, {acc:x}, {t:x}",
                    "vmovhlps {t:x}, {t:x}, {acc:x}",
                    "vaddps {acc:x}, {acc:x}, {t:x}",
                    "vmovshdup {t:x}, {acc:x}",
                    "vaddss {acc:x}, {acc:x}, {t:x}",
                    "vmulss {acc:x}, {acc:x}, dword ptr [{pb}]",
                    "vaddss {acc:x}, {acc:x}, dword ptr [{pa}]",
                    "vbroadcastss {acc:y}, {acc:x}",
                    "xor {k}, {k}",
                    "4:",
                    "vmovups {t:y}, [{po} + {k}]",
                    "vfmadd231ps {t:y}, {acc:y}, [{row} + {k}]",
                    "vmovups [{po} + {k}], {t:y}",
                    "add {k}, 32",
                    "cmp {k}, {fb}",
                    "jb 4b",
                    "add {pidx}, 4",
                    "add {pb}, 4",
                    "add {pa}, {sa}",
                    "cmp {pidx}, {pend}",
                    "jb 2b",
                    pidx = inout(reg) idx.as_ptr() => _,
                    pend = in(reg) idx.as_ptr().add(n),
                    pb = inout(reg) b.as_ptr() => _,
                    pa = inout(reg) pa => _,
                    sa = in(reg) sa,
                    py = in(reg) y.as_ptr(),
                    pp = in(reg) p.as_ptr(),
                    po = in(reg) out.as_mut_ptr(),
                    fb = in(reg) f * 4,
                    row = out(reg) _,
                    k = out(reg) _,
                    acc = out(xmm_reg) _,
                    t = out(xmm_reg) _,
                    options(nostack),
                );
            }
            return;
        }
    }
    for (j, &i) in idx.iter().enumerate() {
        let yi = &y[i as usize * f..(i as usize + 1) * f];
        let coef = a.map_or(0.0, |a| a[j]) + b[j] * dot(yi, &p[..f]);
        for (o, &v) in out[..f].iter_mut().zip(yi) {
            *o += coef * v;
        }
    }
}

/// `out[i] = y_i . x` for every row of `y` (rows of `f = x.len()` floats).
pub fn rows_dot(y: &[f32], x: &[f32], out: &mut [f32]) {
    let f = x.len();
    let n = y.len().checked_div(f).unwrap_or(0).min(out.len());
    if n == 0 {
        out.fill(0.0);
        return;
    }
    if ASM && f.is_multiple_of(8) {
        #[cfg(all(
            target_arch = "x86_64",
            target_feature = "avx2",
            target_feature = "fma"
        ))]
        {
            // SAFETY: n rows of f floats are inside `y`, n floats inside `out`,
            // f floats inside `x`; f is a positive multiple of 8.
            unsafe {
                std::arch::asm!(
                    "2:",
                    "vxorps {acc:y}, {acc:y}, {acc:y}",
                    "xor {k}, {k}",
                    "3:",
                    "vmovups {t:y}, [{py} + {k}]",
                    "vfmadd231ps {acc:y}, {t:y}, [{px} + {k}]",
                    "add {k}, 32",
                    "cmp {k}, {fb}",
                    "jb 3b",
                    "vextractf128 {t:x}, {acc:y}, 1",
                    "vaddps {acc:x}, {acc:x}, {t:x}",
                    "vmovhlps {t:x}, {t:x}, {acc:x}",
                    "vaddps {acc:x}, {acc:x}, {t:x}",
                    "vmovshdup {t:x}, {acc:x}",
                    "vaddss {acc:x}, {acc:x}, {t:x}",
                    "vmovss dword ptr [{po}], {acc:x}",
                    "add {py}, {fb}",
                    "add {po}, 4",
                    "cmp {po}, {pend}",
                    "jb 2b",
                    py = inout(reg) y.as_ptr() => _,
                    po = inout(reg) out.as_mut_ptr() => _,
                    pend = in(reg) out.as_mut_ptr().add(n),
                    px = in(reg) x.as_ptr(),
                    fb = in(reg) f * 4,
                    k = out(reg) _,
                    acc = out(xmm_reg) _,
                    t = out(xmm_reg) _,
                    options(nostack),
                );
            }
            out[n..].fill(0.0);
            return;
        }
    }
    for (o, yi) in out.iter_mut().zip(y.chunks_exact(f)) {
        *o = dot(yi, x);
    }
    out[n..].fill(0.0);
}

/// `out[r] = scale * (p[r] G)` for every row r of `p` (rows of f floats) with
/// `G` an f x f row-major matrix: a matrix product too thin for a packed GEMM
/// to pay off (the conjugate-gradient step's dense part).
pub fn rows_times(p: &[f32], g: &[f32], f: usize, scale: f32, out: &mut [f32]) {
    assert!(
        f > 0 && g.len() >= f * f && out.len() >= p.len() && p.len().is_multiple_of(f),
        "shapes"
    );
    let rows = p.len() / f;
    if ASM && f.is_multiple_of(8) {
        #[cfg(all(
            target_arch = "x86_64",
            target_feature = "avx2",
            target_feature = "fma"
        ))]
        {
            let fb = f * 4;
            for r in 0..rows {
                let mut c = 0;
                while c < f {
                    // 32 columns at a time (four accumulators), then 8 at a time
                    let wide = f - c >= 32;
                    // SAFETY: row r of p and out has f floats; G has f rows of f
                    // floats; columns c..c+32 (or c..c+8) are inside a row.
                    unsafe {
                        let prow = p.as_ptr().add(r * f);
                        let gcol = g.as_ptr().add(c);
                        let orow = out.as_mut_ptr().add(r * f + c);
                        if wide {
                            std::arch::asm!(
                                "vxorps {a0:y}, {a0:y}, {a0:y}",
                                "vxorps {a1:y}, {a1:y}, {a1:y}",
                                "vxorps {a2:y}, {a2:y}, {a2:y}",
                                "vxorps {a3:y}, {a3:y}, {a3:y}",
                                "xor {k}, {k}",
                                "2:",
                                "vbroadcastss {b:y}, dword ptr [{pp} + {k}*4]",
                                "vfmadd231ps {a0:y}, {b:y}, [{pg}]",
                                "vfmadd231ps {a1:y}, {b:y}, [{pg} + 32]",
                                "vfmadd231ps {a2:y}, {b:y}, [{pg} + 64]",
                                "vfmadd231ps {a3:y}, {b:y}, [{pg} + 96]",
                                "add {pg}, {fb}",
                                "inc {k}",
                                "cmp {k}, {f}",
                                "jb 2b",
                                "vbroadcastss {b:y}, {s:x}",
                                "vmulps {a0:y}, {a0:y}, {b:y}",
                                "vmulps {a1:y}, {a1:y}, {b:y}",
                                "vmulps {a2:y}, {a2:y}, {b:y}",
                                "vmulps {a3:y}, {a3:y}, {b:y}",
                                "vmovups [{po}], {a0:y}",
                                "vmovups [{po} + 32], {a1:y}",
                                "vmovups [{po} + 64], {a2:y}",
                                "vmovups [{po} + 96], {a3:y}",
                                pp = in(reg) prow,
                                pg = inout(reg) gcol => _,
                                po = in(reg) orow,
                                fb = in(reg) fb,
                                f = in(reg) f,
                                s = in(xmm_reg) scale,
                                k = out(reg) _,
                                a0 = out(xmm_reg) _, a1 = out(xmm_reg) _,
                                a2 = out(xmm_reg) _, a3 = out(xmm_reg) _,
                                b = out(xmm_reg) _,
                                options(nostack),
                            );
                        } else {
                            std::arch::asm!(
                                "vxorps {a0:y}, {a0:y}, {a0:y}",
                                "xor {k}, {k}",
                                "2:",
                                "vbroadcastss {b:y}, dword ptr [{pp} + {k}*4]",
                                "vfmadd231ps {a0:y}, {b:y}, [{pg}]",
                                "add {pg}, {fb}",
                                "inc {k}",
                                "cmp {k}, {f}",
                                "jb 2b",
                                "vbroadcastss {b:y}, {s:x}",
                                "vmulps {a0:y}, {a0:y}, {b:y}",
                                "vmovups [{po}], {a0:y}",
                                pp = in(reg) prow,
                                pg = inout(reg) gcol => _,
                                po = in(reg) orow,
                                fb = in(reg) fb,
                                f = in(reg) f,
                                s = in(xmm_reg) scale,
                                k = out(reg) _,
                                a0 = out(xmm_reg) _,
                                b = out(xmm_reg) _,
                                options(nostack),
                            );
                        }
                    }
                    c += if wide { 32 } else { 8 };
                }
            }
            return;
        }
    }
    for r in 0..rows {
        let o = &mut out[r * f..(r + 1) * f];
        o.fill(0.0);
        for (a, &pv) in p[r * f..(r + 1) * f].iter().enumerate() {
            for (ov, &gv) in o.iter_mut().zip(&g[a * f..(a + 1) * f]) {
                *ov += scale * pv * gv;
            }
        }
    }
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
