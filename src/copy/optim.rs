//! AdamW with its moments exposed, so a checkpoint can hold them and training
//! resumes exactly; global-norm gradient clipping; the learning-rate schedule.

use candle_core::backprop::GradStore;
use candle_core::{Tensor, Var};
use std::collections::HashMap;

type CResult<T> = candle_core::Result<T>;

pub struct AdamW {
    pub names: Vec<String>,
    pub vars: Vec<Var>,
    m: Vec<Tensor>,
    v: Vec<Tensor>,
    pub t: usize,
    pub beta1: f64,
    pub beta2: f64,
    pub eps: f64,
    pub weight_decay: f64,
}

impl AdamW {
    pub fn new(params: Vec<(String, Var)>, weight_decay: f64) -> CResult<AdamW> {
        let mut names = Vec::new();
        let mut vars = Vec::new();
        let mut m = Vec::new();
        let mut v = Vec::new();
        for (n, var) in params {
            m.push(var.as_tensor().zeros_like()?);
            v.push(var.as_tensor().zeros_like()?);
            names.push(n);
            vars.push(var);
        }
        Ok(AdamW {
            names,
            vars,
            m,
            v,
            t: 0,
            beta1: 0.9,
            beta2: 0.98,
            eps: 1e-8,
            weight_decay,
        })
    }

    /// One update with learning rate `lr`; gradients are clipped to a global
    /// norm of `clip`. Returns the gradient norm before clipping.
    pub fn step(&mut self, grads: &GradStore, lr: f64, clip: f64) -> CResult<f64> {
        let mut sq = 0f64;
        for var in &self.vars {
            if let Some(g) = grads.get(var.as_tensor()) {
                sq += g.sqr()?.sum_all()?.to_scalar::<f32>()? as f64;
            }
        }
        let norm = sq.sqrt();
        let scale = if norm > clip { clip / norm } else { 1.0 };
        self.t += 1;
        let bc1 = 1.0 - self.beta1.powi(self.t as i32);
        let bc2 = 1.0 - self.beta2.powi(self.t as i32);
        for i in 0..self.vars.len() {
            let var = &self.vars[i];
            let Some(g) = grads.get(var.as_tensor()) else {
                continue;
            };
            let g = (g * scale)?;
            self.m[i] = ((&self.m[i] * self.beta1)? + (&g * (1.0 - self.beta1))?)?;
            self.v[i] = ((&self.v[i] * self.beta2)? + (g.sqr()? * (1.0 - self.beta2))?)?;
            let mhat = (&self.m[i] / bc1)?;
            let vhat = (&self.v[i] / bc2)?;
            let upd = (mhat / (vhat.sqrt()? + self.eps)?)?;
            let decay = if var.rank() >= 2 {
                self.weight_decay
            } else {
                0.0
            };
            let cur = var.as_tensor();
            let next = ((cur * (1.0 - lr * decay))? - (upd * lr)?)?;
            var.set(&next)?;
        }
        Ok(norm)
    }

    /// Parameters and moments as named tensors (`p.*`, `m.*`, `v.*`).
    pub fn state(&self) -> HashMap<String, Tensor> {
        let mut out = HashMap::new();
        for (i, n) in self.names.iter().enumerate() {
            out.insert(format!("p.{n}"), self.vars[i].as_tensor().detach());
            out.insert(format!("m.{n}"), self.m[i].clone());
            out.insert(format!("v.{n}"), self.v[i].clone());
        }
        out
    }

    /// Restores parameters and moments saved by [`AdamW::state`].
    pub fn restore(&mut self, state: &HashMap<String, Tensor>, t: usize) -> CResult<()> {
        for (i, n) in self.names.iter().enumerate() {
            let get = |k: String| {
                state
                    .get(&k)
                    .cloned()
                    .ok_or_else(|| candle_core::Error::Msg(format!("checkpoint lacks {k}")))
            };
            let p = get(format!("p.{n}"))?;
            if p.dims() != self.vars[i].dims() {
                candle_core::bail!("checkpoint tensor {n} has another shape");
            }
            self.vars[i].set(&p)?;
            self.m[i] = get(format!("m.{n}"))?;
            self.v[i] = get(format!("v.{n}"))?;
        }
        self.t = t;
        Ok(())
    }
}

/// Linear warm-up, then cosine decay to 10% of the peak.
pub fn lr_at(step: usize, total: usize, warmup: usize, peak: f64) -> f64 {
    if step < warmup {
        return peak * (step + 1) as f64 / warmup as f64;
    }
    let p = (step - warmup) as f64 / (total.saturating_sub(warmup)).max(1) as f64;
    let p = p.min(1.0);
    peak * (0.1 + 0.9 * 0.5 * (1.0 + (std::f64::consts::PI * p).cos()))
}
