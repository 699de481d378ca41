//! The critic: a small classifier (bag of word and hashed word-pair
//! embeddings, one hidden layer, three heads) that scores how much a line
//! reads like real copy (corpus lines against corrupted and sampled ones) and
//! how well it fits the requested tone, persona and product category.

use super::controls::{category_keys, Persona, Tone};
use super::tokenizer::{Tokenizer, BODY};
use candle_core::{Device, Tensor, D};
use candle_nn::{Linear, Module};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

type CResult<T> = candle_core::Result<T>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriticConfig {
    pub vocab: usize,
    pub dim: usize,
    /// Hash buckets for word pairs.
    pub buckets: usize,
    pub hidden: usize,
}

impl CriticConfig {
    pub fn default_for(vocab: usize) -> CriticConfig {
        CriticConfig {
            vocab,
            dim: 48,
            buckets: 8192,
            hidden: 64,
        }
    }
}

/// The critic's judgement of one line.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CriticScore {
    /// Probability the line is real copy.
    pub real: f32,
    /// Probability of the requested tone.
    pub tone: f32,
    /// Probability of the requested persona.
    pub persona: f32,
    /// Probability of the product's category.
    pub category: f32,
    /// Combined score in [0, 1].
    pub score: f32,
}

pub struct Critic {
    pub cfg: CriticConfig,
    uni: Tensor,
    bi: Tensor,
    /// 1 for word-pair buckets seen in real training lines (not trained).
    seen: Tensor,
    hidden: Linear,
    real: Linear,
    tone: Linear,
    persona: Linear,
    category: Linear,
}

/// Names and shapes of the critic's parameters.
pub fn param_shapes(c: &CriticConfig) -> Vec<(String, Vec<usize>)> {
    let (d, h) = (c.dim, c.hidden);
    let np = Persona::ALL.len();
    let nt = Tone::ALL.len();
    let nc = category_keys().len();
    [
        ("uni", vec![c.vocab, d]),
        ("bi", vec![c.buckets, d]),
        ("hidden.w", vec![h, 2 * d + 1]),
        ("hidden.b", vec![h]),
        ("real.w", vec![1, h]),
        ("real.b", vec![1]),
        ("tone.w", vec![nt, h]),
        ("tone.b", vec![nt]),
        ("persona.w", vec![np, h]),
        ("persona.b", vec![np]),
        ("category.w", vec![nc, h]),
        ("category.b", vec![nc]),
    ]
    .into_iter()
    .map(|(n, s)| (n.to_string(), s))
    .collect()
}

pub fn init_params(c: &CriticConfig, seed: u64, dev: &Device) -> CResult<Vec<(String, Tensor)>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    param_shapes(c)
        .into_iter()
        .map(|(n, s)| {
            let count: usize = s.iter().product();
            // unseen word pairs stay at zero: no evidence either way
            let data: Vec<f32> = if n.ends_with(".b") || n == "bi" {
                vec![0.0; count]
            } else {
                let std = if n.ends_with(".w") {
                    (1.0 / s[1] as f64).sqrt()
                } else {
                    0.05
                };
                let dist =
                    Normal::new(0.0, std).map_err(|e| candle_core::Error::Msg(e.to_string()))?;
                (0..count).map(|_| dist.sample(&mut rng) as f32).collect()
            };
            Ok((n, Tensor::from_vec(data, s, dev)?))
        })
        .collect()
}

pub fn pair_bucket(a: u32, b: u32, buckets: usize) -> u32 {
    let h = (a as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ (b as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    ((h ^ (h >> 29)) % buckets as u64) as u32
}

/// Token ids of a (title, body) pair as the critic reads it.
pub fn encode_pair(tok: &Tokenizer, title: &str, body: &str) -> Vec<u32> {
    let mut v = tok.encode(title);
    v.push(BODY);
    v.extend(tok.encode(body));
    v
}

impl Critic {
    pub fn from_tensors(cfg: &CriticConfig, t: &HashMap<String, Tensor>) -> CResult<Critic> {
        let get = |n: &str| {
            t.get(n)
                .cloned()
                .ok_or_else(|| candle_core::Error::Msg(format!("critic: missing tensor {n}")))
        };
        let lin = |p: &str| -> CResult<Linear> {
            Ok(Linear::new(
                get(&format!("{p}.w"))?,
                Some(get(&format!("{p}.b"))?),
            ))
        };
        Ok(Critic {
            cfg: cfg.clone(),
            uni: get("uni")?,
            bi: get("bi")?,
            seen: get("seen")?,
            hidden: lin("hidden")?,
            real: lin("real")?,
            tone: lin("tone")?,
            persona: lin("persona")?,
            category: lin("category")?,
        })
    }

    /// Logits of the heads for a batch of token sequences.
    /// `shares` overrides the seen-pair share of each line (training passes
    /// leave-one-out shares so that real lines do not see themselves).
    pub fn forward(&self, seqs: &[Vec<u32>], shares: Option<Vec<f32>>) -> CResult<Heads> {
        let dev = Device::Cpu;
        let b = seqs.len();
        let t = seqs.iter().map(|s| s.len()).max().unwrap_or(1).max(2);
        let mut uni = vec![0u32; b * t];
        let mut bi = vec![0u32; b * t];
        let mut mu = vec![0f32; b * t];
        let mut mb = vec![0f32; b * t];
        for (r, s) in seqs.iter().enumerate() {
            for (i, &x) in s.iter().enumerate() {
                uni[r * t + i] = x.min(self.cfg.vocab as u32 - 1);
                mu[r * t + i] = 1.0;
                if i + 1 < s.len() {
                    bi[r * t + i] = pair_bucket(x, s[i + 1], self.cfg.buckets);
                    mb[r * t + i] = 1.0;
                }
            }
        }
        let pool = |table: &Tensor, ids: Vec<u32>, mask: Vec<f32>| -> CResult<Tensor> {
            let d = self.cfg.dim;
            let ids = Tensor::from_vec(ids, b * t, &dev)?;
            let e = table.index_select(&ids, 0)?.reshape((b, t, d))?;
            let m = Tensor::from_vec(mask, (b, t, 1), &dev)?;
            let n = m.sum(1)?.clamp(1f32, f32::MAX)?;
            e.broadcast_mul(&m)?.sum(1)?.broadcast_div(&n)
        };
        // share of the line's word pairs that real copy uses
        let seen = if let Some(sh) = shares {
            Tensor::from_vec(sh, (b, 1), &dev)?
        } else {
            let ids = Tensor::from_vec(bi.clone(), b * t, &dev)?;
            let s = self.seen.index_select(&ids, 0)?.reshape((b, t))?;
            let m = Tensor::from_vec(mb.clone(), (b, t), &dev)?;
            let n = m.sum_keepdim(1)?.clamp(1f32, f32::MAX)?;
            (s * &m)?.sum_keepdim(1)?.broadcast_div(&n)?
        };
        let x = Tensor::cat(
            &[pool(&self.uni, uni, mu)?, pool(&self.bi, bi, mb)?, seen],
            1,
        )?;
        let h = self.hidden.forward(&x)?.relu()?;
        Ok(Heads {
            real: self.real.forward(&h)?.squeeze(1)?,
            tone: self.tone.forward(&h)?,
            persona: self.persona.forward(&h)?,
            category: self.category.forward(&h)?,
        })
    }

    /// Scores (title, body) templates for a tone and persona; `categories`
    /// holds each pair's category key (`home`, ..., `general`).
    pub fn score(
        &self,
        tok: &Tokenizer,
        pairs: &[(String, String)],
        categories: &[&str],
        tone: Tone,
        persona: Persona,
    ) -> CResult<Vec<CriticScore>> {
        let keys = category_keys();
        let mut out = Vec::with_capacity(pairs.len());
        for (ci, chunk) in pairs.chunks(64).enumerate() {
            let seqs: Vec<Vec<u32>> = chunk.iter().map(|(t, b)| encode_pair(tok, t, b)).collect();
            let h = self.forward(&seqs, None)?;
            let real = candle_nn::ops::sigmoid(&h.real)?.to_vec1::<f32>()?;
            let prob = |x: &Tensor| candle_nn::ops::softmax(x, D::Minus1)?.to_vec2::<f32>();
            let (tp, pp, cp) = (prob(&h.tone)?, prob(&h.persona)?, prob(&h.category)?);
            for i in 0..chunk.len() {
                let key = categories.get(ci * 64 + i).copied().unwrap_or("general");
                let c = keys
                    .iter()
                    .position(|k| *k == key)
                    .unwrap_or(keys.len() - 1);
                let tone_p = tp[i][tone.index()];
                let persona_p = pp[i][persona.index()];
                let cat_p = cp[i][c];
                // "general" lines and personas carry little signal: their
                // weight goes to realness
                let wp = if persona == Persona::General {
                    0.0
                } else {
                    0.1
                };
                let wc = if key == "general" { 0.0 } else { 0.15 };
                let score =
                    (0.75 - wp - wc) * real[i] + 0.25 * tone_p + wp * persona_p + wc * cat_p;
                out.push(CriticScore {
                    real: real[i],
                    tone: tone_p,
                    persona: persona_p,
                    category: cat_p,
                    score,
                });
            }
        }
        Ok(out)
    }
}

/// Head logits: realness `(b)`, tone, persona and category `(b, classes)`.
pub struct Heads {
    pub real: Tensor,
    pub tone: Tensor,
    pub persona: Tensor,
    pub category: Tensor,
}
