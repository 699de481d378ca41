//! The pretrained backend: a llama-family instruct model in GGUF (for example
//! SmolLM2-135M-Instruct Q4_1) run with candle-transformers' quantized llama,
//! with the tokenizer rebuilt from the file's metadata. The prompt carries the
//! segment profile, tone, offer and product; the reply is parsed into a title
//! and a body, which then meet the same guardrails and critic as the
//! default model.

use super::bpe::BpeTokenizer;
use super::corpus::Line;
use super::sampling::Sampler;
use super::{CopyRequest, Product};
use crate::error::{Error, Result};
use crate::jobs::JobCtx;
use candle_core::quantized::{gguf_file, GgmlDType, QTensor};
use candle_core::{Device, Tensor};
use candle_transformers::models::quantized_llama::ModelWeights;
use rand_chacha::ChaCha8Rng;
use std::path::Path;

pub struct GgufLm {
    model: ModelWeights,
    pub tok: BpeTokenizer,
    /// File name, used as the model id.
    pub id: String,
    stops: Vec<u32>,
    /// The copy corpus, for the worked example in prompts.
    corpus: Vec<Line>,
}

/// What one reply gave.
#[derive(Debug, Clone)]
pub struct Reply {
    pub title: String,
    pub body: String,
    pub tokens: usize,
}

/// A model that has read a prompt prefix (its cache holds it).
#[derive(Clone)]
pub struct Prefilled {
    model: ModelWeights,
    len: usize,
    /// Tokens read.
    pub tokens: usize,
}

/// Longest reply, in tokens.
const MAX_REPLY: usize = 60;

impl GgufLm {
    pub fn load(path: &Path) -> Result<GgufLm> {
        let mut f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let ct = gguf_file::Content::read(&mut f).map_err(|e| {
            Error::Other(format!("{}: not a readable GGUF file: {e}", path.display()))
        })?;
        let arch = ct
            .metadata
            .get("general.architecture")
            .and_then(|v| v.to_string().ok())
            .cloned()
            .unwrap_or_default();
        if arch != "llama" {
            return Err(Error::Other(format!(
                "{}: architecture '{arch}' is not supported (llama-family GGUF only)",
                path.display()
            )));
        }
        let tok = BpeTokenizer::from_gguf(&ct)?;
        let model = load_weights(ct, &mut f)?;
        let mut stops: Vec<u32> = ["<|im_end|>", "<|endoftext|>", "<|eot_id|>", "</s>"]
            .iter()
            .filter_map(|s| tok.id(s))
            .collect();
        stops.extend(tok.eos);
        let id = path
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "gguf".into());
        Ok(GgufLm {
            model,
            tok,
            id,
            stops,
            corpus: super::corpus::bundled()?,
        })
    }

    /// Reads the shared prompt prefix of a request.
    pub fn prefill(&self, req: &CopyRequest, seed: u64) -> Result<Prefilled> {
        let text = super::gguf_prompt::prefix(&self.corpus, req, seed);
        let ids = self.tok.encode(&text);
        let mut model = self.model.clone();
        let input = Tensor::new(ids.as_slice(), &Device::Cpu)?.unsqueeze(0)?;
        model.forward(&input, 0)?;
        Ok(Prefilled {
            model,
            len: ids.len(),
            tokens: ids.len(),
        })
    }

    /// Samples `n` replies for one product after the prefix.
    #[allow(clippy::too_many_arguments)]
    pub fn sample(
        &self,
        pre: &Prefilled,
        req: &CopyRequest,
        p: &Product,
        n: usize,
        sampler: &Sampler,
        rng: &mut ChaCha8Rng,
        ctx: &JobCtx,
    ) -> Result<Vec<Reply>> {
        let dev = Device::Cpu;
        let ids = self.tok.encode(&super::gguf_prompt::suffix(req, p));
        let mut base = pre.model.clone();
        let input = Tensor::new(ids.as_slice(), &dev)?.unsqueeze(0)?;
        let first = base
            .forward(&input, pre.len)?
            .squeeze(0)?
            .to_vec1::<f32>()?;
        let start = pre.len + ids.len();
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            ctx.check()?;
            let mut m = base.clone();
            let mut logits = first.clone();
            let mut gen: Vec<u32> = Vec::new();
            for step in 0..MAX_REPLY {
                let t = sampler.sample(&mut logits, &gen, rng);
                if self.stops.contains(&t) {
                    break;
                }
                gen.push(t);
                if self.tok.decode(&[t]).contains('\n') {
                    let text = self.tok.decode(&gen);
                    let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
                    if lines >= 2 && text.ends_with('\n') {
                        break;
                    }
                }
                let x = Tensor::new(&[t], &dev)?.unsqueeze(0)?;
                logits = m.forward(&x, start + step)?.squeeze(0)?.to_vec1::<f32>()?;
            }
            let (title, body) = parse_reply(&self.tok.decode(&gen));
            out.push(Reply {
                title,
                body,
                tokens: gen.len(),
            });
        }
        Ok(out)
    }
}

/// Quantisations whose CPU dot product candle runs without SIMD: their
/// tensors are re-quantised to Q8_0 (AVX kernels) once at load, which makes
/// SmolLM2's Q4_1 file several times faster to run.
fn slow_on_cpu(t: GgmlDType) -> bool {
    matches!(t, GgmlDType::Q4_1 | GgmlDType::Q5_0 | GgmlDType::Q5_1)
}

fn load_weights(ct: gguf_file::Content, f: &mut std::fs::File) -> Result<ModelWeights> {
    let cpu = Device::Cpu;
    if !ct.tensor_infos.values().any(|t| slow_on_cpu(t.ggml_dtype)) {
        return Ok(ModelWeights::from_gguf(ct, f, &cpu)?);
    }
    let mut names: Vec<&String> = ct.tensor_infos.keys().collect();
    names.sort();
    let mut tensors = Vec::with_capacity(names.len());
    for name in names {
        let q = ct.tensor(f, name, &cpu)?;
        let q = if slow_on_cpu(q.dtype()) && q.shape().dims().last().is_some_and(|d| d % 32 == 0) {
            QTensor::quantize(&q.dequantize(&cpu)?, GgmlDType::Q8_0)?
        } else {
            q
        };
        tensors.push((name.as_str(), q));
    }
    let metadata: Vec<(&str, &gguf_file::Value)> =
        ct.metadata.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let refs: Vec<(&str, &QTensor)> = tensors.iter().map(|(n, q)| (*n, q)).collect();
    let mut buf = std::io::Cursor::new(Vec::new());
    gguf_file::write(&mut buf, &metadata, &refs)?;
    drop(tensors);
    buf.set_position(0);
    let ct2 = gguf_file::Content::read(&mut buf)?;
    Ok(ModelWeights::from_gguf(ct2, &mut buf, &cpu)?)
}

fn clean(s: &str) -> String {
    let s = s.replace("**", "").replace(['\u{201c}', '\u{201d}'], "\"");
    let s = s
        .trim()
        .trim_matches(|c| c == '"' || c == '\'' || c == '*' || c == '#')
        .trim();
    crate::text::sanitize(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Splits "<title>\nBody: <body>" (the reply after the `Title:` we wrote).
pub fn parse_reply(text: &str) -> (String, String) {
    let mut title = String::new();
    let mut body = String::new();
    let mut in_body = false;
    for (i, line) in text.lines().enumerate() {
        let l = line.trim();
        if l.is_empty() {
            continue;
        }
        let lower = l.to_lowercase();
        if let Some(rest) = ["body:", "message:", "text:"]
            .iter()
            .find_map(|p| lower.starts_with(p).then(|| &l[p.len()..]))
        {
            body = clean(rest);
            in_body = true;
            continue;
        }
        if i == 0 && title.is_empty() {
            title = clean(l.trim_start_matches("Title:"));
        } else if in_body && body.is_empty() {
            body = clean(l);
        } else if !in_body && body.is_empty() && !title.is_empty() {
            body = clean(l);
            in_body = true;
        }
    }
    (title, body)
}

/// Cuts a body after its last whole sentence that fits `max` cells.
pub fn fit_sentences(body: &str, max: usize, liquid_width: usize) -> String {
    let w = |s: &str| super::platform::visible_width(s, liquid_width);
    if w(body) <= max {
        return body.to_string();
    }
    let mut best = String::new();
    for (i, c) in body.char_indices() {
        if matches!(c, '.' | '!' | '?') {
            let cand = body[..i + c.len_utf8()].trim();
            if w(cand) <= max {
                best = cand.to_string();
            }
        }
    }
    if best.is_empty() {
        body.to_string()
    } else {
        best
    }
}
