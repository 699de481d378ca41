//! The pretrained backend: a llama-family instruct model in GGUF (for example
//! SmolLM2-135M-Instruct Q4_1) run with candle-transformers' quantized llama,
//! with the tokenizer rebuilt from the file's metadata. The prompt carries the
//! segment profile, tone, offer and product; the reply is parsed into a title
//! and a body, which then meet the same guardrails and critic as the
//! default model.

//! The pretrained backend: a GGUF model run with candle-transformers, either
//! a llama-family instruct model (SmolLM2-135M-Instruct, ChatML prompts) or
//! Gemma 3 (the 270M base model, few-shot prompts), with the tokenizer
//! rebuilt from the file's metadata. Decoding is constrained to the reply's
//! shape: a title line, then the `Body:` we write, then a body line; tokens
//! that could open a tag, a link or markup are never drawn. The reply is
//! turned back into a template (product, brand, price as slots) so every
//! user gets it filled for their own product, and meets the same claim
//! checks and guardrails as the default model.

use super::bpe::BpeTokenizer;
use super::corpus::Line;
use super::gguf_prompt::Style;
use super::sampling::Sampler;
use super::spm::SpmTokenizer;
use super::{CopyRequest, Product};
use crate::error::{Error, Result};
use crate::jobs::JobCtx;
use candle_core::quantized::{gguf_file, GgmlDType, QTensor};
use candle_core::{Device, Tensor};
use candle_transformers::models::{quantized_gemma3, quantized_llama};
use rand_chacha::ChaCha8Rng;
use std::path::Path;

/// The network, by architecture.
#[derive(Clone)]
enum Weights {
    Llama(quantized_llama::ModelWeights),
    Gemma3(quantized_gemma3::ModelWeights),
}

impl Weights {
    /// Reads `ids` from position `pos`; the logits after the last one.
    fn feed(&mut self, ids: &[u32], pos: usize) -> Result<Vec<f32>> {
        let dev = Device::Cpu;
        let out = match self {
            Weights::Llama(m) => {
                let x = Tensor::new(ids, &dev)?.unsqueeze(0)?;
                m.forward(&x, pos)?
            }
            Weights::Gemma3(m) => {
                // candle's Gemma 3 masks a multi-token step after position 0
                // wrongly, so only the first read is batched
                if pos == 0 {
                    let x = Tensor::new(ids, &dev)?.unsqueeze(0)?;
                    m.forward(&x, 0)?
                } else {
                    let mut last = None;
                    for (i, t) in ids.iter().enumerate() {
                        let x = Tensor::new(&[*t], &dev)?.unsqueeze(0)?;
                        last = Some(m.forward(&x, pos + i)?);
                    }
                    last.ok_or_else(|| Error::Other("copy: empty model input".into()))?
                }
            }
        };
        Ok(out.squeeze(0)?.to_vec1::<f32>()?)
    }
}

/// The tokenizer, by the file's tokenizer model.
enum Tok {
    Bpe(Box<BpeTokenizer>),
    Spm(Box<SpmTokenizer>),
}

impl Tok {
    fn encode(&self, s: &str) -> Vec<u32> {
        match self {
            Tok::Bpe(t) => t.encode(s),
            Tok::Spm(t) => t.encode(s),
        }
    }
    fn decode(&self, ids: &[u32]) -> String {
        match self {
            Tok::Bpe(t) => t.decode(ids),
            Tok::Spm(t) => t.decode(ids),
        }
    }
    fn id(&self, s: &str) -> Option<u32> {
        match self {
            Tok::Bpe(t) => t.id(s),
            Tok::Spm(t) => t.id(s),
        }
    }
    fn eos(&self) -> Option<u32> {
        match self {
            Tok::Bpe(t) => t.eos,
            Tok::Spm(t) => t.eos,
        }
    }
    fn bos(&self) -> Option<u32> {
        match self {
            Tok::Bpe(_) => None,
            Tok::Spm(t) => t.bos,
        }
    }
}

pub struct GgufLm {
    model: Weights,
    tok: Tok,
    style: Style,
    /// File name, used as the model id.
    pub id: String,
    stops: Vec<u32>,
    /// Tokens never drawn: control tokens, and any whose text holds a
    /// character of markup, tags or links.
    banned: Vec<u32>,
    /// Tokens whose text holds a line break (they end the title or body).
    breaks: Vec<bool>,
    /// `\nBody:`, written by us after the title.
    body_tag: Vec<u32>,
    /// The copy corpus, for the worked examples in prompts.
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
    model: Weights,
    len: usize,
    /// Tokens read.
    pub tokens: usize,
    /// Prefix tokens not read yet, to read with the suffix.
    pending: Vec<u32>,
}

/// Longest title and body, in tokens.
const MAX_TITLE: usize = 16;
const MAX_BODY: usize = 40;

/// Characters no push copy needs that open markup, tags, templates or links.
fn unsafe_piece(text: &str) -> bool {
    text.chars()
        .any(|c| "{}<>[]|#*_`@~^\\=".contains(c) || c.is_control() && c != '\n')
        || text.contains("http")
        || text.contains("www")
}

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
        let bad = |e: candle_core::Error| {
            Error::Other(format!("{}: not a usable GGUF model: {e}", path.display()))
        };
        let (tok, model, style) = match arch.as_str() {
            "llama" => {
                let tok = Tok::Bpe(Box::new(BpeTokenizer::from_gguf(&ct).map_err(bad)?));
                let model = Weights::Llama(load_llama(ct, &mut f).map_err(bad)?);
                (tok, model, Style::ChatMl)
            }
            "gemma3" => {
                let tok = Tok::Spm(Box::new(SpmTokenizer::from_gguf(&ct).map_err(bad)?));
                let cpu = Device::Cpu;
                let model =
                    quantized_gemma3::ModelWeights::from_gguf(ct, &mut f, &cpu).map_err(bad)?;
                (tok, Weights::Gemma3(model), Style::FewShot)
            }
            _ => {
                return Err(Error::Other(format!(
                    "{}: architecture '{arch}' is not supported (llama-family or Gemma 3 GGUF)",
                    path.display()
                )))
            }
        };
        let mut stops: Vec<u32> = [
            "<|im_end|>",
            "<|endoftext|>",
            "<|eot_id|>",
            "</s>",
            "<end_of_turn>",
            "<eos>",
        ]
        .iter()
        .filter_map(|s| tok.id(s))
        .collect();
        stops.extend(tok.eos());
        let vocab = match &tok {
            Tok::Bpe(t) => t.vocab_size(),
            Tok::Spm(t) => t.vocab_size(),
        };
        let mut banned = Vec::new();
        let mut breaks = vec![false; vocab];
        for id in 0..vocab as u32 {
            if stops.contains(&id) {
                continue;
            }
            let special = match &tok {
                Tok::Bpe(t) => t.is_special(id),
                Tok::Spm(t) => t.is_control(id),
            };
            let text = tok.decode(&[id]);
            if text.contains('\n') {
                breaks[id as usize] = true;
            }
            if special || text.is_empty() || unsafe_piece(&text) {
                banned.push(id);
            }
        }
        let body_tag = tok.encode("\nBody:");
        let id = path
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "gguf".into());
        Ok(GgufLm {
            model,
            tok,
            style,
            id,
            stops,
            banned,
            breaks,
            body_tag,
            corpus: super::corpus::bundled()?,
        })
    }

    /// Reads the shared prompt prefix of a request.
    pub fn prefill(&self, req: &CopyRequest, seed: u64) -> Result<Prefilled> {
        let text = super::gguf_prompt::prefix(self.style, &self.corpus, req, seed);
        let mut ids: Vec<u32> = self.tok.bos().into_iter().collect();
        ids.extend(self.tok.encode(&text));
        let mut model = self.model.clone();
        let len = ids.len();
        if matches!(model, Weights::Gemma3(_)) {
            // read with each product's suffix in one batch (see `Weights::feed`)
            return Ok(Prefilled {
                model,
                len: 0,
                tokens: len,
                pending: ids,
            });
        }
        model.feed(&ids, 0)?;
        Ok(Prefilled {
            model,
            len,
            tokens: len,
            pending: Vec::new(),
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
        let mut ids = pre.pending.clone();
        ids.extend(
            self.tok
                .encode(&super::gguf_prompt::suffix(self.style, req, p)),
        );
        let mut base = pre.model.clone();
        let first = base.feed(&ids, pre.len)?;
        let start = pre.len + ids.len();
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            ctx.check()?;
            out.push(self.reply(base.clone(), first.clone(), start, sampler, rng)?);
        }
        Ok(out)
    }

    /// One reply: title tokens until a line break (or the title's length),
    /// then our `Body:`, then body tokens until a line break or a stop.
    fn reply(
        &self,
        mut m: Weights,
        mut logits: Vec<f32>,
        mut pos: usize,
        sampler: &Sampler,
        rng: &mut ChaCha8Rng,
    ) -> Result<Reply> {
        let mut title: Vec<u32> = Vec::new();
        let mut body: Vec<u32> = Vec::new();
        let mut in_body = false;
        let mut read = 0;
        loop {
            for &b in &self.banned {
                logits[b as usize] = f32::NEG_INFINITY;
            }
            let now = if in_body { &body } else { &title };
            if now.len() < 2 {
                // a title or body of at least two tokens, and no early stop
                for &s in &self.stops {
                    logits[s as usize] = f32::NEG_INFINITY;
                }
                for (i, b) in self.breaks.iter().enumerate() {
                    if *b {
                        logits[i] = f32::NEG_INFINITY;
                    }
                }
            }
            let history: Vec<u32> = title.iter().chain(&body).copied().collect();
            let t = sampler.sample(&mut logits, &history, rng);
            read += 1;
            let ends = self.stops.contains(&t) || self.breaks[t as usize];
            if in_body {
                if ends || body.len() >= MAX_BODY {
                    break;
                }
                body.push(t);
                logits = m.feed(&[t], pos)?;
                pos += 1;
            } else if ends || title.len() >= MAX_TITLE {
                if self.stops.contains(&t) {
                    break;
                }
                logits = m.feed(&self.body_tag, pos)?;
                pos += self.body_tag.len();
                in_body = true;
            } else {
                title.push(t);
                logits = m.feed(&[t], pos)?;
                pos += 1;
            }
        }
        Ok(Reply {
            title: clean(&self.tok.decode(&title)),
            body: clean(&self.tok.decode(&body)),
            tokens: read,
        })
    }
}

/// Quantisations whose CPU dot product candle runs without SIMD: their
/// tensors are re-quantised to Q8_0 (AVX kernels) once at load, which makes
/// SmolLM2's Q4_1 file several times faster to run.
fn slow_on_cpu(t: GgmlDType) -> bool {
    matches!(t, GgmlDType::Q4_1 | GgmlDType::Q5_0 | GgmlDType::Q5_1)
}

fn load_llama(
    ct: gguf_file::Content,
    f: &mut std::fs::File,
) -> candle_core::Result<quantized_llama::ModelWeights> {
    let cpu = Device::Cpu;
    if !ct.tensor_infos.values().any(|t| slow_on_cpu(t.ggml_dtype)) {
        return quantized_llama::ModelWeights::from_gguf(ct, f, &cpu);
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
    quantized_llama::ModelWeights::from_gguf(ct2, &mut buf, &cpu)
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
