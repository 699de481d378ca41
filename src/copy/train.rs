//! Training the copy model: seeded, with validation loss, progress and
//! checkpoints it can resume from (parameters and AdamW moments).

use super::corpus::{encode_line, Line, PROMPT_LEN};
use super::model::{init_params, CopyLm, LmConfig};
use super::optim::{lr_at, AdamW};
use super::tokenizer::{Tokenizer, PAD};
use crate::error::{Error, Result};
use crate::jobs::JobCtx;
use candle_core::{DType, Device, Tensor, Var, D};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub steps: usize,
    pub batch: usize,
    pub lr: f64,
    pub warmup: usize,
    pub weight_decay: f64,
    pub seed: u64,
    pub eval_every: usize,
    pub checkpoint_every: usize,
    /// Stop early (keeping the model) after this many minutes.
    pub max_minutes: Option<f64>,
    /// Share of corpus lines held out for validation.
    pub val_share: f64,
    /// Where checkpoints go; `None` disables checkpoints.
    pub checkpoint_dir: Option<PathBuf>,
    /// Continue from the checkpoint in `checkpoint_dir` when there is one.
    pub resume: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            steps: 1200,
            batch: 32,
            lr: 2e-3,
            warmup: 60,
            weight_decay: 0.01,
            seed: 7,
            eval_every: 100,
            checkpoint_every: 100,
            max_minutes: None,
            val_share: 0.05,
            checkpoint_dir: None,
            resume: false,
        }
    }
}

/// Loss at one evaluation point.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LossPoint {
    pub step: usize,
    pub train_loss: f32,
    pub val_loss: f32,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TrainReport {
    pub steps: usize,
    pub seconds: f64,
    pub train_loss: f32,
    pub val_loss: f32,
    pub params: usize,
    pub train_lines: usize,
    pub val_lines: usize,
    pub tokens_seen: usize,
    pub seed: u64,
    pub history: Vec<LossPoint>,
}

#[derive(Serialize, Deserialize)]
struct CheckpointMeta {
    step: usize,
    seconds: f64,
    tokens_seen: usize,
    seed: u64,
    config: LmConfig,
    history: Vec<LossPoint>,
}

/// Splits lines into (train, val) sequences, deterministically for a seed.
pub fn split_sequences(
    lines: &[Line],
    tok: &Tokenizer,
    val_share: f64,
    seed: u64,
    max_len: usize,
) -> (Vec<Vec<u32>>, Vec<Vec<u32>>) {
    let mut seqs: Vec<Vec<u32>> = lines
        .iter()
        .map(|l| encode_line(tok, l))
        .filter(|s| s.len() <= max_len)
        .collect();
    seqs.shuffle(&mut ChaCha8Rng::seed_from_u64(seed ^ 0x5eed));
    let n_val = ((seqs.len() as f64) * val_share).round() as usize;
    let n_val = n_val.min(seqs.len().saturating_sub(1));
    let train = seqs.split_off(n_val);
    (train, seqs)
}

/// Inputs, targets and loss mask for a batch of sequences (right-padded).
pub fn make_batch(
    seqs: &[&Vec<u32>],
    dev: &Device,
) -> candle_core::Result<(Tensor, Tensor, Tensor)> {
    let t = seqs.iter().map(|s| s.len()).max().unwrap_or(2).max(2) - 1;
    let b = seqs.len();
    let mut inp = vec![PAD; b * t];
    let mut tgt = vec![PAD; b * t];
    let mut mask = vec![0f32; b * t];
    for (r, s) in seqs.iter().enumerate() {
        for i in 0..s.len().saturating_sub(1) {
            inp[r * t + i] = s[i];
            tgt[r * t + i] = s[i + 1];
            // the conditioning prefix is given, not predicted
            if i + 1 >= PROMPT_LEN {
                mask[r * t + i] = 1.0;
            }
        }
    }
    Ok((
        Tensor::from_vec(inp, (b, t), dev)?,
        Tensor::from_vec(tgt, (b, t), dev)?,
        Tensor::from_vec(mask, (b, t), dev)?,
    ))
}

/// Mean next-token cross-entropy over unmasked positions.
pub fn lm_loss(model: &CopyLm, seqs: &[&Vec<u32>], train: bool) -> candle_core::Result<Tensor> {
    let dev = Device::Cpu;
    let (inp, tgt, mask) = make_batch(seqs, &dev)?;
    let logits = model.forward(&inp, 0, None, train)?;
    let logp = candle_nn::ops::log_softmax(&logits, D::Minus1)?;
    let picked = logp.gather(&tgt.unsqueeze(2)?, 2)?.squeeze(2)?;
    let n = mask.sum_all()?.to_scalar::<f32>()?.max(1.0);
    (picked * mask)?.sum_all()?.neg()? / n as f64
}

fn eval_loss(model: &CopyLm, seqs: &[Vec<u32>]) -> candle_core::Result<f32> {
    let mut total = 0f64;
    let mut n = 0usize;
    for chunk in seqs.chunks(64) {
        let refs: Vec<&Vec<u32>> = chunk.iter().collect();
        let l = lm_loss(model, &refs, false)?.to_scalar::<f32>()? as f64;
        total += l * chunk.len() as f64;
        n += chunk.len();
    }
    Ok((total / n.max(1) as f64) as f32)
}

/// Trains from scratch (or resumes); returns the trained weights.
pub fn train_lm(
    train: &[Vec<u32>],
    val: &[Vec<u32>],
    cfg: &LmConfig,
    opts: &TrainOptions,
    ctx: &JobCtx,
) -> Result<(HashMap<String, Tensor>, TrainReport)> {
    if train.is_empty() {
        return Err(Error::Other("copy train: no training sequences".into()));
    }
    let dev = Device::Cpu;
    let params = init_params(cfg, opts.seed, &dev)?;
    let vars: Vec<(String, Var)> = params
        .into_iter()
        .map(|(n, t)| Ok((n, Var::from_tensor(&t)?)))
        .collect::<candle_core::Result<_>>()?;
    let tensors: HashMap<String, Tensor> = vars
        .iter()
        .map(|(n, v)| (n.clone(), v.as_tensor().clone()))
        .collect();
    let model = CopyLm::from_tensors(cfg, &tensors)?;
    let mut opt = AdamW::new(vars, opts.weight_decay)?;
    let mut meta = CheckpointMeta {
        step: 0,
        seconds: 0.0,
        tokens_seen: 0,
        seed: opts.seed,
        config: cfg.clone(),
        history: Vec::new(),
    };
    if let (true, Some(dir)) = (opts.resume, &opts.checkpoint_dir) {
        if let Some((m, state)) = read_checkpoint(dir)? {
            if m.config != *cfg || m.seed != opts.seed {
                return Err(Error::Other(format!(
                    "copy train: the checkpoint in {} was made with another model size or seed",
                    dir.display()
                )));
            }
            opt.restore(&state, m.step)?;
            meta = m;
            ctx.progress(meta.step as f64 / opts.steps as f64, "resumed");
        }
    }
    let started = Instant::now();
    let base_seconds = meta.seconds;
    let mut recent = Vec::new();
    let mut order_epoch = usize::MAX;
    let mut order: Vec<usize> = Vec::new();
    while meta.step < opts.steps {
        ctx.check()?;
        let step = meta.step;
        // deterministic data order: a seeded permutation per epoch
        let mut batch = Vec::with_capacity(opts.batch);
        for j in 0..opts.batch {
            let g = step * opts.batch + j;
            let epoch = g / train.len();
            if epoch != order_epoch {
                order = (0..train.len()).collect();
                order.shuffle(&mut ChaCha8Rng::seed_from_u64(
                    opts.seed.wrapping_add(epoch as u64),
                ));
                order_epoch = epoch;
            }
            batch.push(&train[order[g % train.len()]]);
        }
        let loss = lm_loss(&model, &batch, true)?;
        let grads = loss.backward()?;
        let lr = lr_at(step, opts.steps, opts.warmup, opts.lr);
        opt.step(&grads, lr, 1.0)?;
        let l = loss.to_scalar::<f32>()?;
        recent.push(l);
        meta.tokens_seen += batch.iter().map(|s| s.len()).sum::<usize>();
        meta.step += 1;
        meta.seconds = base_seconds + started.elapsed().as_secs_f64();
        let last = meta.step == opts.steps;
        let out_of_time = opts.max_minutes.is_some_and(|m| meta.seconds > m * 60.0);
        if meta.step.is_multiple_of(opts.eval_every) || last || out_of_time {
            let tl = recent.iter().sum::<f32>() / recent.len().max(1) as f32;
            recent.clear();
            let vl = if val.is_empty() {
                f32::NAN
            } else {
                eval_loss(&model, val)?
            };
            meta.history.push(LossPoint {
                step: meta.step,
                train_loss: tl,
                val_loss: vl,
            });
        }
        ctx.progress(
            meta.step as f64 / opts.steps as f64,
            &format!("step {}/{} loss {l:.3}", meta.step, opts.steps),
        );
        if let Some(dir) = &opts.checkpoint_dir {
            if meta.step.is_multiple_of(opts.checkpoint_every) || last || out_of_time {
                write_checkpoint(dir, &meta, &opt)?;
            }
        }
        if out_of_time {
            break;
        }
    }
    let lastp = meta.history.last().cloned();
    let report = TrainReport {
        steps: meta.step,
        seconds: meta.seconds,
        train_loss: lastp.as_ref().map_or(f32::NAN, |p| p.train_loss),
        val_loss: lastp.as_ref().map_or(f32::NAN, |p| p.val_loss),
        params: cfg.n_params(),
        train_lines: train.len(),
        val_lines: val.len(),
        tokens_seen: meta.tokens_seen,
        seed: opts.seed,
        history: meta.history,
    };
    let weights = opt
        .names
        .iter()
        .zip(&opt.vars)
        .map(|(n, v)| (n.clone(), v.as_tensor().detach()))
        .collect();
    Ok((weights, report))
}

fn write_checkpoint(dir: &Path, meta: &CheckpointMeta, opt: &AdamW) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let json = serde_json::to_string_pretty(meta).map_err(|e| Error::Other(e.to_string()))?;
    // The weights first: state.json names a step only once its weights are in place.
    crate::atomic::write_via_path(&dir.join("state.safetensors"), |tmp| {
        Ok(candle_core::safetensors::save(&opt.state(), tmp)?)
    })?;
    crate::atomic::write(&dir.join("state.json"), json.as_bytes()).map(drop)
}

fn read_checkpoint(dir: &Path) -> Result<Option<(CheckpointMeta, HashMap<String, Tensor>)>> {
    let js = dir.join("state.json");
    let st = dir.join("state.safetensors");
    if !js.exists() || !st.exists() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&js).map_err(|e| Error::io(&js, e))?;
    let meta: CheckpointMeta =
        serde_json::from_str(&text).map_err(|e| Error::Other(format!("{}: {e}", js.display())))?;
    let state = candle_core::safetensors::load(&st, &Device::Cpu)?;
    Ok(Some((meta, state)))
}

/// Saves weights as f16 safetensors (halves the committed size).
pub fn save_weights_f16(w: &HashMap<String, Tensor>, path: &Path) -> Result<()> {
    let half: HashMap<String, Tensor> = w
        .iter()
        .map(|(k, v)| Ok((k.clone(), v.to_dtype(DType::F16)?)))
        .collect::<candle_core::Result<_>>()?;
    crate::atomic::write_via_path(path, |tmp| Ok(candle_core::safetensors::save(&half, tmp)?))
}
