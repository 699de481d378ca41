//! 2-D projection of the scaled features for a scatter plot: PCA
//! (linfa-reduction) fitted on a seeded sample, applied to every user.

use super::metrics::sample_indices;
use crate::error::{Error, Result};
use crate::jobs::JobCtx;
use linfa::prelude::*;
use linfa::DatasetBase;
use linfa_reduction::Pca;
use ndarray::{Array1, Array2, ArrayView2, Axis};

/// Rows used to fit the projection.
const FIT_ROWS: usize = 20_000;

/// PCA to two components; the sign of each axis is fixed so that its largest
/// loading is positive. With a single feature the second axis is zero.
pub(crate) fn pca2(x: ArrayView2<f64>, seed: u64, ctx: &JobCtx) -> Result<Vec<[f64; 2]>> {
    let (n, d) = x.dim();
    if n == 0 {
        return Ok(Vec::new());
    }
    if d < 2 {
        return Ok(x.rows().into_iter().map(|r| [r[0], 0.0]).collect());
    }
    let rows = sample_indices(n, FIT_ROWS, seed ^ 0x9ca);
    let sub: Array2<f64> = x.select(Axis(0), &rows);
    let model = Pca::params(2)
        .fit(&DatasetBase::from(sub))
        .map_err(|e| Error::Other(format!("PCA projection: {e}")))?;
    ctx.check()?;
    // Components as rows (2 x d); rank-deficient data can yield fewer than
    // two, the missing axis stays zero.
    let c = model.components();
    let mut comps = Array2::<f64>::zeros((2, d));
    if c.ncols() == d {
        for (i, row) in c.rows().into_iter().take(2).enumerate() {
            comps.row_mut(i).assign(&row);
        }
    } else if c.nrows() == d {
        for (i, col) in c.columns().into_iter().take(2).enumerate() {
            comps.row_mut(i).assign(&col);
        }
    } else {
        return Err(Error::Other(format!(
            "PCA projection: unexpected component shape {:?}",
            c.dim()
        )));
    }
    let mean: Array1<f64> = model.mean().to_owned();
    if mean.len() != d {
        return Err(Error::Other(
            "PCA projection: unexpected mean length".into(),
        ));
    }
    let sign: Vec<f64> = comps
        .rows()
        .into_iter()
        .map(|c| {
            let big = c
                .iter()
                .copied()
                .fold(0.0f64, |a, v| if v.abs() > a.abs() { v } else { a });
            if big < 0.0 {
                -1.0
            } else {
                1.0
            }
        })
        .collect();
    let mut out = Vec::with_capacity(n);
    for chunk in x.axis_chunks_iter(Axis(0), 65_536) {
        ctx.check()?;
        let centred = &chunk - &mean;
        let p = centred.dot(&comps.t());
        out.extend(p.rows().into_iter().map(|r| {
            let v = [r[0] * sign[0], r[1] * sign[1]];
            if v[0].is_finite() && v[1].is_finite() {
                v
            } else {
                [0.0, 0.0]
            }
        }));
    }
    Ok(out)
}
