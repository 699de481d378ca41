//! The whole training run behind `pushbench copy train`: tokenizer, language
//! model, samples of it as critic negatives, critic, model folder.

use super::assets::{fnv1a, write_dir, ModelCard};
use super::controls::{category_keys, LenBucket, Offer, Persona, Tone};
use super::corpus::{prompt_ids, split_output, Line};
use super::critic::CriticConfig;
use super::critic_train::{train_critic, CriticTrainOptions};
use super::model::{CopyLm, LmConfig};
use super::native::NativeLm;
use super::sampling::Sampler;
use super::tokenizer::Tokenizer;
use super::train::{split_sequences, train_lm, TrainOptions};
use crate::error::Result;
use crate::jobs::JobCtx;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::path::Path;

#[derive(Debug, Clone)]
pub struct TrainAll {
    pub lm: TrainOptions,
    pub critic: CriticTrainOptions,
    /// Model size; `None` takes [`LmConfig::default_for`].
    pub d_model: Option<usize>,
    pub n_layer: Option<usize>,
    pub n_head: Option<usize>,
    /// Copy-model samples used as critic negatives.
    pub lm_samples: usize,
    pub model_id: String,
}

impl Default for TrainAll {
    fn default() -> Self {
        TrainAll {
            lm: TrainOptions::default(),
            critic: CriticTrainOptions::default(),
            d_model: None,
            n_layer: None,
            n_head: None,
            lm_samples: 1500,
            model_id: "pushbench-copy-v1".into(),
        }
    }
}

/// Samples lines from the model at a high temperature with random controls.
pub fn sample_lines(
    lm: &NativeLm,
    n: usize,
    temperature: f32,
    seed: u64,
) -> Result<Vec<(String, String)>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let cats = category_keys();
    let sampler = Sampler {
        temperature,
        top_k: 0,
        top_p: 1.0,
        repeat_penalty: 1.0,
    };
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let prompts: Vec<Vec<u32>> = (0..32.min(n - out.len()))
            .map(|_| {
                prompt_ids(
                    &lm.tok,
                    Tone::ALL[rng.gen_range(0..Tone::ALL.len())],
                    Offer::ALL[rng.gen_range(0..Offer::ALL.len())],
                    cats[rng.gen_range(0..cats.len())],
                    Persona::ALL[rng.gen_range(0..Persona::ALL.len())],
                    LenBucket::ALL[rng.gen_range(0..LenBucket::ALL.len())],
                )
            })
            .collect();
        for row in lm.sample(&prompts, &sampler, &mut rng)? {
            out.push(split_output(&lm.tok, &row));
        }
    }
    Ok(out)
}

/// Trains everything and writes the model folder `out`; `corpus_text` is
/// recorded by hash in the model card.
pub fn train_all(
    lines: &[Line],
    corpus_text: &str,
    opts: &TrainAll,
    out: &Path,
    lm_ctx: &JobCtx,
    critic_ctx: &JobCtx,
) -> Result<ModelCard> {
    let tok = Tokenizer::build(
        lines
            .iter()
            .flat_map(|l| [l.title.as_str(), l.body.as_str()]),
        1,
    );
    let mut cfg = LmConfig::default_for(tok.vocab_size());
    cfg.d_model = opts.d_model.unwrap_or(cfg.d_model);
    cfg.n_layer = opts.n_layer.unwrap_or(cfg.n_layer);
    cfg.n_head = opts.n_head.unwrap_or(cfg.n_head);
    if cfg.n_head == 0 || !cfg.d_model.is_multiple_of(cfg.n_head) {
        return Err(crate::Error::Other(
            "copy train: --d-model must be a multiple of --heads".into(),
        ));
    }
    cfg.d_ff = 3 * cfg.d_model;
    let (train, val) = split_sequences(lines, &tok, opts.lm.val_share, opts.lm.seed, cfg.max_len);
    let (weights, report) = train_lm(&train, &val, &cfg, &opts.lm, lm_ctx)?;
    let lm = NativeLm::new(CopyLm::from_tensors(&cfg, &weights)?, tok.clone());
    critic_ctx.progress(0.0, "sampling negatives");
    let samples = sample_lines(&lm, opts.lm_samples, 1.3, opts.critic.seed)?;
    let ccfg = CriticConfig::default_for(tok.vocab_size());
    let (cw, creport) = train_critic(lines, &tok, &samples, &ccfg, &opts.critic, critic_ctx)?;
    let card = ModelCard {
        model_id: opts.model_id.clone(),
        lm: cfg,
        critic: ccfg,
        corpus_lines: lines.len(),
        corpus_hash: fnv1a(corpus_text),
        train: Some(report),
        critic_train: Some(creport),
    };
    write_dir(out, &card, &tok, &weights, &cw)?;
    Ok(card)
}
