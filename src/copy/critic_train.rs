//! Training the critic: corpus lines are "real"; corrupted lines (shuffled,
//! stuttering, spliced, truncated, token soup) and high-temperature samples
//! of the copy model are "not real". Tone and persona heads learn from the
//! real lines only.

use super::controls::category_keys;
use super::corpus::Line;
use super::critic::{encode_pair, init_params, pair_bucket, Critic, CriticConfig};
use super::optim::{lr_at, AdamW};
use super::tokenizer::{Tokenizer, BODY};
use crate::error::Result;
use crate::jobs::JobCtx;
use candle_core::{Device, Tensor, Var, D};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::time::Instant;

#[derive(Debug, Clone)]
pub struct CriticTrainOptions {
    pub steps: usize,
    pub batch: usize,
    pub lr: f64,
    pub seed: u64,
}

impl Default for CriticTrainOptions {
    fn default() -> Self {
        CriticTrainOptions {
            steps: 500,
            batch: 128,
            lr: 3e-3,
            seed: 11,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CriticReport {
    pub steps: usize,
    pub seconds: f64,
    pub loss: f32,
    /// Real-vs-not accuracy on held-out examples.
    pub real_accuracy: f32,
    /// Tone accuracy on held-out real lines.
    pub tone_accuracy: f32,
    pub heldout: usize,
}

struct Example {
    ids: Vec<u32>,
    real: bool,
    tone: usize,
    persona: usize,
    category: usize,
    /// Share of the line's word pairs seen in other real training lines.
    share: f32,
}

/// A corrupted copy of a (title `<body>` body) sequence.
pub fn corrupt(seq: &[u32], other: &[u32], vocab: &[u32], rng: &mut ChaCha8Rng) -> Vec<u32> {
    let cut = seq.iter().position(|&t| t == BODY).unwrap_or(0);
    let (title, body) = (&seq[..cut], &seq[(cut + 1).min(seq.len())..]);
    let mut body = body.to_vec();
    match rng.gen_range(0..6) {
        0 => body.shuffle(rng),
        1 => body.retain(|_| rng.gen_bool(0.65)),
        2 if body.len() > 4 => {
            let len = rng.gen_range(2..=4.min(body.len() - 1));
            let at = rng.gen_range(0..body.len() - len);
            let span: Vec<u32> = body[at..at + len].to_vec();
            for _ in 0..rng.gen_range(1..=2) {
                body.splice(at..at, span.iter().copied());
            }
        }
        3 => {
            let ocut = other.iter().position(|&t| t == BODY).map_or(0, |c| c + 1);
            let ob = &other[ocut.min(other.len())..];
            let a = rng.gen_range(0..=body.len());
            let b = rng.gen_range(0..=ob.len());
            body.truncate(a);
            body.extend_from_slice(&ob[b..]);
        }
        4 if body.len() > 3 => body.truncate(rng.gen_range(1..body.len() - 1)),
        _ => {
            let n = body.len().max(4);
            body = (0..n)
                .map(|_| vocab[rng.gen_range(0..vocab.len())])
                .collect();
        }
    }
    let mut out = title.to_vec();
    if rng.gen_bool(0.3) {
        out.shuffle(rng);
    }
    out.push(BODY);
    out.extend(body);
    out
}

fn loss_of(c: &Critic, batch: &[&Example]) -> candle_core::Result<Tensor> {
    let dev = Device::Cpu;
    let seqs: Vec<Vec<u32>> = batch.iter().map(|e| e.ids.clone()).collect();
    let h = c.forward(&seqs, Some(batch.iter().map(|e| e.share).collect()))?;
    let r = &h.real;
    let y: Vec<f32> = batch
        .iter()
        .map(|e| if e.real { 1.0 } else { 0.0 })
        .collect();
    let y = Tensor::from_vec(y, batch.len(), &dev)?;
    // BCE with logits: max(x,0) - x*y + log(1 + exp(-|x|))
    let bce = ((r.relu()? - (r * &y)?)? + ((r.abs()?.neg()?.exp()? + 1.0)?.log()?))?.mean_all()?;
    let ce = |logits: &Tensor, labels: Vec<u32>| -> candle_core::Result<Tensor> {
        let n = labels.len();
        let lp = candle_nn::ops::log_softmax(logits, D::Minus1)?;
        let l = Tensor::from_vec(labels, (n, 1), &dev)?;
        let picked = lp.gather(&l, 1)?.squeeze(1)?;
        let denom = y.sum_all()?.to_scalar::<f32>()?.max(1.0) as f64;
        (picked * &y)?.sum_all()?.neg()? / denom
    };
    let tl = ce(&h.tone, batch.iter().map(|e| e.tone as u32).collect())?;
    let pl = ce(&h.persona, batch.iter().map(|e| e.persona as u32).collect())?;
    let cl = ce(
        &h.category,
        batch.iter().map(|e| e.category as u32).collect(),
    )?;
    bce + (tl * 0.5)? + (pl * 0.3)? + (cl * 0.3)?
}

/// Trains the critic; `samples` are copy-model outputs used as negatives.
pub fn train_critic(
    lines: &[Line],
    tok: &Tokenizer,
    samples: &[(String, String)],
    cfg: &CriticConfig,
    opts: &CriticTrainOptions,
    ctx: &JobCtx,
) -> Result<(HashMap<String, Tensor>, CriticReport)> {
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let pos: Vec<Vec<u32>> = lines
        .iter()
        .map(|l| encode_pair(tok, &l.title, &l.body))
        .collect();
    let vocab: Vec<u32> = pos
        .iter()
        .flatten()
        .copied()
        .filter(|&t| t != BODY)
        .collect();
    let keys = category_keys();
    let mut data: Vec<Example> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        data.push(Example {
            ids: pos[i].clone(),
            real: true,
            tone: l.tone.index(),
            persona: l.persona.index(),
            category: keys
                .iter()
                .position(|k| *k == l.category)
                .unwrap_or(keys.len() - 1),
            share: 0.0,
        });
        let other = &pos[rng.gen_range(0..pos.len())];
        data.push(Example {
            ids: corrupt(&pos[i], other, &vocab, &mut rng),
            real: false,
            tone: 0,
            persona: 0,
            category: 0,
            share: 0.0,
        });
    }
    for (t, b) in samples {
        data.push(Example {
            ids: encode_pair(tok, t, b),
            real: false,
            tone: 0,
            persona: 0,
            category: 0,
            share: 0.0,
        });
    }
    data.shuffle(&mut rng);
    let n_held = (data.len() / 10).max(1).min(data.len().saturating_sub(1));
    let (held, train) = data.split_at(n_held);
    let dev = Device::Cpu;
    let vars: Vec<(String, Var)> = init_params(cfg, opts.seed, &dev)?
        .into_iter()
        .map(|(n, t)| Ok((n, Var::from_tensor(&t)?)))
        .collect::<candle_core::Result<_>>()?;
    // word pairs of real training lines; each line's own pairs are left out
    // of its share, so real lines look as they will at inference
    let buckets_of = |ids: &[u32]| -> Vec<u32> {
        let mut v: Vec<u32> = ids
            .windows(2)
            .map(|w| pair_bucket(w[0], w[1], cfg.buckets))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let mut count = vec![0u32; cfg.buckets];
    for e in train.iter().filter(|e| e.real) {
        for b in buckets_of(&e.ids) {
            count[b as usize] += 1;
        }
    }
    let share = |e: &Example, own: bool| -> f32 {
        let pairs: Vec<u32> = e
            .ids
            .windows(2)
            .map(|w| pair_bucket(w[0], w[1], cfg.buckets))
            .collect();
        let mine = if own { buckets_of(&e.ids) } else { Vec::new() };
        let known = pairs
            .iter()
            .filter(|b| count[**b as usize] > u32::from(mine.binary_search(b).is_ok()))
            .count();
        known as f32 / pairs.len().max(1) as f32
    };
    let train: Vec<Example> = train
        .iter()
        .map(|e| Example {
            share: share(e, e.real),
            ids: e.ids.clone(),
            ..*e
        })
        .collect();
    let held: Vec<Example> = held
        .iter()
        .map(|e| Example {
            share: share(e, false),
            ids: e.ids.clone(),
            ..*e
        })
        .collect();
    let seen: Vec<f32> = count.iter().map(|&c| f32::from(u8::from(c > 0))).collect();
    let seen = Tensor::from_vec(seen, cfg.buckets, &dev)?;
    let mut tensors: HashMap<String, Tensor> = vars
        .iter()
        .map(|(n, v)| (n.clone(), v.as_tensor().clone()))
        .collect();
    tensors.insert("seen".into(), seen.clone());
    let critic = Critic::from_tensors(cfg, &tensors)?;
    let mut opt = AdamW::new(vars, 0.0)?;
    let started = Instant::now();
    let mut last = f32::NAN;
    for step in 0..opts.steps {
        ctx.check()?;
        let batch: Vec<&Example> = (0..opts.batch)
            .map(|_| &train[rng.gen_range(0..train.len())])
            .collect();
        let loss = loss_of(&critic, &batch)?;
        let grads = loss.backward()?;
        opt.step(&grads, lr_at(step, opts.steps, 20, opts.lr), 5.0)?;
        last = loss.to_scalar::<f32>()?;
        ctx.progress(
            (step + 1) as f64 / opts.steps as f64,
            &format!("critic loss {last:.3}"),
        );
    }
    // held-out accuracy
    let mut right = 0usize;
    let mut tone_right = 0usize;
    let mut n_real = 0usize;
    for chunk in held.chunks(256) {
        let seqs: Vec<Vec<u32>> = chunk.iter().map(|e| e.ids.clone()).collect();
        let h = critic.forward(&seqs, Some(chunk.iter().map(|e| e.share).collect()))?;
        let r = h.real.to_vec1::<f32>()?;
        let t = h.tone.to_vec2::<f32>()?;
        for (i, e) in chunk.iter().enumerate() {
            if (r[i] > 0.0) == e.real {
                right += 1;
            }
            if e.real {
                n_real += 1;
                if super::sampling::argmax(&t[i]) as usize == e.tone {
                    tone_right += 1;
                }
            }
        }
    }
    let mut weights: HashMap<String, Tensor> = opt
        .names
        .iter()
        .zip(&opt.vars)
        .map(|(n, v)| (n.clone(), v.as_tensor().detach()))
        .collect();
    weights.insert("seen".into(), seen);
    Ok((
        weights,
        CriticReport {
            steps: opts.steps,
            seconds: started.elapsed().as_secs_f64(),
            loss: last,
            real_accuracy: right as f32 / held.len().max(1) as f32,
            tone_accuracy: tone_right as f32 / n_real.max(1) as f32,
            heldout: held.len(),
        },
    ))
}
