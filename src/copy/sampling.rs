//! Token sampling shared by both backends: temperature, top-k, top-p
//! (nucleus) and a repeat penalty, driven by a seeded RNG.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

#[derive(Debug, Clone, PartialEq)]
pub struct Sampler {
    /// 0 picks the most likely token.
    pub temperature: f32,
    /// 0 disables top-k.
    pub top_k: usize,
    /// 1 disables nucleus sampling.
    pub top_p: f32,
    pub repeat_penalty: f32,
}

impl Sampler {
    pub fn from_opts(o: &super::GenOptions) -> Sampler {
        Sampler {
            temperature: o.temperature.max(0.0),
            top_k: o.top_k,
            top_p: o.top_p.clamp(0.01, 1.0),
            repeat_penalty: o.repeat_penalty.max(1.0),
        }
    }

    /// Draws a token from `logits` (changed in place). Tokens in `history`
    /// are penalised; tokens set to `-inf` by the caller are never drawn.
    pub fn sample(&self, logits: &mut [f32], history: &[u32], rng: &mut ChaCha8Rng) -> u32 {
        if self.repeat_penalty > 1.0 {
            let mut seen = history.to_vec();
            seen.sort_unstable();
            seen.dedup();
            for &t in &seen {
                if let Some(l) = logits.get_mut(t as usize) {
                    *l = if *l > 0.0 {
                        *l / self.repeat_penalty
                    } else {
                        *l * self.repeat_penalty
                    };
                }
            }
        }
        let best = argmax(logits);
        if self.temperature <= 1e-4 {
            return best;
        }
        let mut idx: Vec<u32> = (0..logits.len() as u32)
            .filter(|&i| logits[i as usize].is_finite())
            .collect();
        if idx.is_empty() {
            return best;
        }
        let by_logit = |a: &u32, b: &u32| logits[*b as usize].total_cmp(&logits[*a as usize]);
        if self.top_k > 0 && self.top_k < idx.len() {
            idx.select_nth_unstable_by(self.top_k - 1, by_logit);
            idx.truncate(self.top_k);
        }
        idx.sort_unstable_by(by_logit);
        let max = logits[idx[0] as usize];
        let mut probs: Vec<f64> = idx
            .iter()
            .map(|&i| (((logits[i as usize] - max) / self.temperature) as f64).exp())
            .collect();
        let total: f64 = probs.iter().sum();
        if self.top_p < 1.0 {
            let mut acc = 0.0;
            let mut keep = probs.len();
            for (j, p) in probs.iter().enumerate() {
                acc += p / total;
                if acc >= self.top_p as f64 {
                    keep = j + 1;
                    break;
                }
            }
            probs.truncate(keep);
            idx.truncate(keep);
        }
        let total: f64 = probs.iter().sum();
        let mut x = rng.gen::<f64>() * total;
        for (j, p) in probs.iter().enumerate() {
            x -= p;
            if x <= 0.0 {
                return idx[j];
            }
        }
        idx[idx.len() - 1]
    }
}

pub fn argmax(v: &[f32]) -> u32 {
    let mut best = 0usize;
    for (i, x) in v.iter().enumerate() {
        if *x > v[best] || !v[best].is_finite() && x.is_finite() {
            best = i;
        }
    }
    best as u32
}
