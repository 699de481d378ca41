//! The copy language model: a small decoder-only transformer (pre-norm, learned
//! positions, tied input/output embeddings) written with candle.
//!
//! Training uses only ops with a backward pass (`ops::softmax` over the last
//! dim, `ops::layer_norm_slow`); inference switches to the fused kernels.

use candle_core::{DType, Device, Tensor, D};
use candle_nn::{Linear, Module};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

type CResult<T> = candle_core::Result<T>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LmConfig {
    pub vocab: usize,
    pub d_model: usize,
    pub n_layer: usize,
    pub n_head: usize,
    pub d_ff: usize,
    /// Longest sequence (prompt + title + body) the model handles.
    pub max_len: usize,
}

impl LmConfig {
    /// The default size of the shipped model.
    pub fn default_for(vocab: usize) -> LmConfig {
        LmConfig {
            vocab,
            d_model: 128,
            n_layer: 4,
            n_head: 4,
            d_ff: 384,
            max_len: 96,
        }
    }

    /// Number of parameters.
    pub fn n_params(&self) -> usize {
        let d = self.d_model;
        let block = 2 * 2 * d + 3 * d * d + 3 * d + d * d + d + self.d_ff * d * 2 + self.d_ff + d;
        self.vocab * d + self.max_len * d + self.n_layer * block + 2 * d
    }
}

/// Per-layer key/value cache for incremental decoding.
#[derive(Debug, Clone, Default)]
pub struct KvCache {
    layers: Vec<Option<(Tensor, Tensor)>>,
}

impl KvCache {
    pub fn new(n_layer: usize) -> Self {
        KvCache {
            layers: vec![None; n_layer],
        }
    }
}

struct Block {
    ln1: (Tensor, Tensor),
    qkv: Linear,
    proj: Linear,
    ln2: (Tensor, Tensor),
    fc: Linear,
    out: Linear,
}

pub struct CopyLm {
    pub cfg: LmConfig,
    wte: Tensor,
    wpe: Tensor,
    blocks: Vec<Block>,
    lnf: (Tensor, Tensor),
}

/// Names and shapes of every parameter.
pub fn param_shapes(cfg: &LmConfig) -> Vec<(String, Vec<usize>)> {
    let (d, f) = (cfg.d_model, cfg.d_ff);
    let mut v = vec![
        ("wte".to_string(), vec![cfg.vocab, d]),
        ("wpe".to_string(), vec![cfg.max_len, d]),
        ("lnf.w".to_string(), vec![d]),
        ("lnf.b".to_string(), vec![d]),
    ];
    for l in 0..cfg.n_layer {
        for (n, s) in [
            ("ln1.w", vec![d]),
            ("ln1.b", vec![d]),
            ("qkv.w", vec![3 * d, d]),
            ("qkv.b", vec![3 * d]),
            ("proj.w", vec![d, d]),
            ("proj.b", vec![d]),
            ("ln2.w", vec![d]),
            ("ln2.b", vec![d]),
            ("fc.w", vec![f, d]),
            ("fc.b", vec![f]),
            ("out.w", vec![d, f]),
            ("out.b", vec![d]),
        ] {
            v.push((format!("h{l}.{n}"), s));
        }
    }
    v
}

/// Seeded initial parameters: N(0, 0.02) weights (residual projections scaled
/// by 1/sqrt(2 layers)), unit norms, zero biases.
pub fn init_params(cfg: &LmConfig, seed: u64, dev: &Device) -> CResult<Vec<(String, Tensor)>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let resid = 0.02 / (2.0 * cfg.n_layer as f64).sqrt();
    param_shapes(cfg)
        .into_iter()
        .map(|(name, shape)| {
            let n: usize = shape.iter().product();
            let data: Vec<f32> = if name.ends_with(".b") {
                vec![0.0; n]
            } else if name.starts_with("ln") || name.contains(".ln") {
                vec![1.0; n]
            } else {
                let std = if name.ends_with("proj.w") || name.ends_with("out.w") {
                    resid
                } else {
                    0.02
                };
                let dist =
                    Normal::new(0.0, std).map_err(|e| candle_core::Error::Msg(e.to_string()))?;
                (0..n).map(|_| dist.sample(&mut rng) as f32).collect()
            };
            Ok((name, Tensor::from_vec(data, shape, dev)?))
        })
        .collect()
}

fn ln(x: &Tensor, p: &(Tensor, Tensor), train: bool) -> CResult<Tensor> {
    if train {
        candle_nn::ops::layer_norm_slow(x, &p.0, &p.1, 1e-5)
    } else {
        candle_nn::ops::layer_norm(&x.contiguous()?, &p.0, &p.1, 1e-5)
    }
}

impl CopyLm {
    /// Builds the model over existing tensors (variables while training).
    pub fn from_tensors(cfg: &LmConfig, t: &HashMap<String, Tensor>) -> CResult<CopyLm> {
        let get = |n: &str| -> CResult<Tensor> {
            t.get(n)
                .cloned()
                .ok_or_else(|| candle_core::Error::Msg(format!("copy model: missing tensor {n}")))
        };
        let lin = |p: &str| -> CResult<Linear> {
            Ok(Linear::new(
                get(&format!("{p}.w"))?,
                Some(get(&format!("{p}.b"))?),
            ))
        };
        let mut blocks = Vec::with_capacity(cfg.n_layer);
        for l in 0..cfg.n_layer {
            let p = format!("h{l}");
            blocks.push(Block {
                ln1: (get(&format!("{p}.ln1.w"))?, get(&format!("{p}.ln1.b"))?),
                qkv: lin(&format!("{p}.qkv"))?,
                proj: lin(&format!("{p}.proj"))?,
                ln2: (get(&format!("{p}.ln2.w"))?, get(&format!("{p}.ln2.b"))?),
                fc: lin(&format!("{p}.fc"))?,
                out: lin(&format!("{p}.out"))?,
            });
        }
        let wte = get("wte")?;
        if wte.dims() != [cfg.vocab, cfg.d_model] {
            candle_core::bail!(
                "copy model: embedding shape {:?} does not match the config",
                wte.dims()
            );
        }
        Ok(CopyLm {
            cfg: cfg.clone(),
            wte,
            wpe: get("wpe")?,
            blocks,
            lnf: (get("lnf.w")?, get("lnf.b")?),
        })
    }

    /// Logits `(batch, seq, vocab)` for token ids `(batch, seq)` placed at
    /// positions `pos0..`. With a cache, keys and values are appended to it.
    pub fn forward(
        &self,
        ids: &Tensor,
        pos0: usize,
        mut cache: Option<&mut KvCache>,
        train: bool,
    ) -> CResult<Tensor> {
        let (b, t) = ids.dims2()?;
        if pos0 + t > self.cfg.max_len {
            candle_core::bail!("copy model: sequence longer than {}", self.cfg.max_len);
        }
        let d = self.cfg.d_model;
        let h = self.cfg.n_head;
        let hd = d / h;
        let tok = self
            .wte
            .index_select(&ids.flatten_all()?, 0)?
            .reshape((b, t, d))?;
        let mut x = tok.broadcast_add(&self.wpe.narrow(0, pos0, t)?)?;
        let total = pos0 + t;
        let mask = if t > 1 {
            let m: Vec<f32> = (0..t)
                .flat_map(|i| (0..total).map(move |j| if j > pos0 + i { -1e9 } else { 0.0 }))
                .collect();
            Some(Tensor::from_vec(m, (t, total), ids.device())?)
        } else {
            None
        };
        let scale = 1.0 / (hd as f64).sqrt();
        for (l, blk) in self.blocks.iter().enumerate() {
            let a = ln(&x, &blk.ln1, train)?;
            let qkv = blk.qkv.forward(&a)?;
            let split = |i: usize| -> CResult<Tensor> {
                qkv.narrow(2, i * d, d)?
                    .reshape((b, t, h, hd))?
                    .transpose(1, 2)?
                    .contiguous()
            };
            let (q, mut k, mut v) = (split(0)?, split(1)?, split(2)?);
            if let Some(c) = cache.as_deref_mut() {
                if let Some((pk, pv)) = &c.layers[l] {
                    k = Tensor::cat(&[pk, &k], 2)?;
                    v = Tensor::cat(&[pv, &v], 2)?;
                }
                c.layers[l] = Some((k.clone(), v.clone()));
            }
            let mut att = (q.matmul(&k.t()?.contiguous()?)? * scale)?;
            if let Some(m) = &mask {
                att = att.broadcast_add(m)?;
            }
            let att = if train {
                candle_nn::ops::softmax(&att, D::Minus1)?
            } else {
                candle_nn::ops::softmax_last_dim(&att)?
            };
            let y = att.matmul(&v)?.transpose(1, 2)?.reshape((b, t, d))?;
            x = (x + blk.proj.forward(&y)?)?;
            let m = ln(&x, &blk.ln2, train)?;
            let m = blk.out.forward(&blk.fc.forward(&m)?.gelu()?)?;
            x = (x + m)?;
        }
        let x = ln(&x, &self.lnf, train)?;
        x.broadcast_matmul(&self.wte.t()?)
    }
}

/// Loads weights from safetensors bytes (any float dtype) as f32.
pub fn load_weights(bytes: &[u8], dev: &Device) -> CResult<HashMap<String, Tensor>> {
    candle_core::safetensors::load_buffer(bytes, dev)?
        .into_iter()
        .map(|(k, v)| Ok((k, v.to_dtype(DType::F32)?)))
        .collect()
}
