//! Batched sampling from the copy model with a key/value cache. Every row of
//! a batch has its own control prompt; a small grammar keeps the output in
//! the form `title <body> body <eos>`.

use super::model::{CopyLm, KvCache};
use super::sampling::Sampler;
use super::tokenizer::{Tokenizer, BODY, EOS, PAD};
use candle_core::{Device, Tensor};
use rand_chacha::ChaCha8Rng;

/// The copy model with its tokenizer.
pub struct NativeLm {
    pub model: CopyLm,
    pub tok: Tokenizer,
    /// Tokens that the repeat penalty applies to (words, not slots or punctuation).
    penalised: Vec<bool>,
}

/// Longest title and body, in tokens.
pub const MAX_TITLE: usize = 18;
pub const MAX_BODY: usize = 64;

impl NativeLm {
    pub fn new(model: CopyLm, tok: Tokenizer) -> NativeLm {
        let penalised = (0..tok.vocab_size() as u32)
            .map(|i| {
                !tok.is_control(i)
                    && !tok.is_slot(i)
                    && tok.token(i).chars().filter(|c| c.is_alphabetic()).count() >= 3
            })
            .collect();
        NativeLm {
            model,
            tok,
            penalised,
        }
    }

    /// Samples one continuation per prompt (all prompts the same length).
    /// Returns the generated ids of each row (title, `<body>`, body, `<eos>`).
    pub fn sample(
        &self,
        prompts: &[Vec<u32>],
        sampler: &Sampler,
        rng: &mut ChaCha8Rng,
    ) -> candle_core::Result<Vec<Vec<u32>>> {
        let b = prompts.len();
        if b == 0 {
            return Ok(Vec::new());
        }
        let p = prompts[0].len();
        if prompts.iter().any(|x| x.len() != p) {
            candle_core::bail!("copy model: prompts of different lengths");
        }
        let dev = Device::Cpu;
        let v = self.tok.vocab_size();
        let mut cache = KvCache::new(self.model.cfg.n_layer);
        let flat: Vec<u32> = prompts.iter().flatten().copied().collect();
        let ids = Tensor::from_vec(flat, (b, p), &dev)?;
        let logits = self.model.forward(&ids, 0, Some(&mut cache), false)?;
        let mut last = logits.narrow(1, p - 1, 1)?.squeeze(1)?.to_vec2::<f32>()?;
        let mut out: Vec<Vec<u32>> = vec![Vec::new(); b];
        let mut in_body = vec![false; b];
        let mut part_len = vec![0usize; b];
        let mut done = vec![false; b];
        let max_steps = self.model.cfg.max_len - p;
        for step in 0..max_steps {
            let mut next = vec![PAD; b];
            for r in 0..b {
                if done[r] {
                    continue;
                }
                let row = &mut last[r];
                row.truncate(v);
                for (id, l) in row.iter_mut().enumerate() {
                    if self.tok.is_control(id as u32) && id as u32 != BODY && id as u32 != EOS {
                        *l = f32::NEG_INFINITY;
                    }
                }
                let last_step = step + 1 == max_steps;
                if in_body[r] {
                    row[BODY as usize] = f32::NEG_INFINITY;
                    if part_len[r] < 3 {
                        row[EOS as usize] = f32::NEG_INFINITY;
                    }
                    if part_len[r] >= MAX_BODY || last_step {
                        force(row, EOS);
                    }
                } else {
                    row[EOS as usize] = f32::NEG_INFINITY;
                    if part_len[r] < 2 {
                        row[BODY as usize] = f32::NEG_INFINITY;
                    }
                    if part_len[r] >= MAX_TITLE {
                        force(row, BODY);
                    }
                }
                let history: Vec<u32> = out[r]
                    .iter()
                    .copied()
                    .filter(|&t| self.penalised[t as usize])
                    .collect();
                let t = sampler.sample(row, &history, rng);
                out[r].push(t);
                next[r] = t;
                part_len[r] += 1;
                if t == BODY {
                    in_body[r] = true;
                    part_len[r] = 0;
                } else if t == EOS {
                    done[r] = true;
                }
            }
            if done.iter().all(|d| *d) {
                break;
            }
            let ids = Tensor::from_vec(next, (b, 1), &dev)?;
            let logits = self
                .model
                .forward(&ids, p + step, Some(&mut cache), false)?;
            last = logits.squeeze(1)?.to_vec2::<f32>()?;
        }
        Ok(out)
    }
}

fn force(row: &mut [f32], id: u32) {
    for (i, l) in row.iter_mut().enumerate() {
        if i as u32 != id {
            *l = f32::NEG_INFINITY;
        }
    }
    row[id as usize] = 0.0;
}
