//! GPT-2 style byte-level BPE, rebuilt from a GGUF file's metadata
//! (`tokenizer.ggml.tokens`, `tokenizer.ggml.merges`, `token_type`), as
//! SmolLM2 and other llama-family GGUF models carry it.

use candle_core::quantized::gguf_file::{Content, Value};
use std::collections::HashMap;

type CResult<T> = candle_core::Result<T>;

pub struct BpeTokenizer {
    tokens: Vec<String>,
    index: HashMap<String, u32>,
    ranks: HashMap<(String, String), usize>,
    /// Control / user-defined tokens matched literally in text.
    specials: Vec<(String, u32)>,
    is_special: Vec<bool>,
    byte_enc: [char; 256],
    byte_dec: HashMap<char, u8>,
    pub bos: Option<u32>,
    pub eos: Option<u32>,
}

fn bytes_to_unicode() -> [char; 256] {
    let mut map = ['\0'; 256];
    let mut n = 0u32;
    for b in 0..256u32 {
        let printable =
            (0x21..=0x7e).contains(&b) || (0xa1..=0xac).contains(&b) || (0xae..=0xff).contains(&b);
        map[b as usize] = if printable {
            char::from_u32(b).unwrap_or('?')
        } else {
            let c = char::from_u32(256 + n).unwrap_or('?');
            n += 1;
            c
        };
    }
    map
}

fn strings(v: &Value) -> CResult<Vec<String>> {
    v.to_vec()?
        .iter()
        .map(|x| Ok(x.to_string()?.clone()))
        .collect()
}

impl BpeTokenizer {
    /// Rebuilds the tokenizer from GGUF metadata.
    pub fn from_gguf(ct: &Content) -> CResult<BpeTokenizer> {
        let md = |k: &str| {
            ct.metadata
                .get(k)
                .ok_or_else(|| candle_core::Error::Msg(format!("GGUF metadata lacks {k}")))
        };
        let model = md("tokenizer.ggml.model")?.to_string()?.clone();
        if model != "gpt2" {
            candle_core::bail!(
                "GGUF tokenizer model '{model}' is not supported (only byte-level BPE, 'gpt2')"
            );
        }
        let tokens = strings(md("tokenizer.ggml.tokens")?)?;
        let merges = strings(md("tokenizer.ggml.merges")?)?;
        let types: Vec<i64> = match ct.metadata.get("tokenizer.ggml.token_type") {
            Some(v) => v
                .to_vec()?
                .iter()
                .map(|x| {
                    x.to_i32()
                        .map(|i| i as i64)
                        .or_else(|_| x.to_u32().map(|u| u as i64))
                })
                .collect::<CResult<_>>()?,
            None => vec![1; tokens.len()],
        };
        let id = |k: &str| ct.metadata.get(k).and_then(|v| v.to_u32().ok());
        Ok(Self::new(
            tokens,
            &merges,
            &types,
            id("tokenizer.ggml.bos_token_id"),
            id("tokenizer.ggml.eos_token_id"),
        ))
    }

    pub fn new(
        tokens: Vec<String>,
        merges: &[String],
        types: &[i64],
        bos: Option<u32>,
        eos: Option<u32>,
    ) -> BpeTokenizer {
        let mut index = HashMap::with_capacity(tokens.len());
        for (i, t) in tokens.iter().enumerate() {
            index.entry(t.clone()).or_insert(i as u32);
        }
        let ranks = merges
            .iter()
            .enumerate()
            .filter_map(|(r, m)| {
                m.split_once(' ')
                    .map(|(a, b)| ((a.to_string(), b.to_string()), r))
            })
            .collect();
        let is_special: Vec<bool> = (0..tokens.len())
            .map(|i| matches!(types.get(i), Some(3) | Some(4)))
            .collect();
        let mut specials: Vec<(String, u32)> = tokens
            .iter()
            .enumerate()
            .filter(|(i, t)| is_special[*i] && !t.is_empty())
            .map(|(i, t)| (t.clone(), i as u32))
            .collect();
        specials.sort_by_key(|s| std::cmp::Reverse(s.0.len()));
        let byte_enc = bytes_to_unicode();
        let byte_dec = byte_enc
            .iter()
            .enumerate()
            .map(|(b, c)| (*c, b as u8))
            .collect();
        BpeTokenizer {
            tokens,
            index,
            ranks,
            specials,
            is_special,
            byte_enc,
            byte_dec,
            bos,
            eos,
        }
    }

    pub fn vocab_size(&self) -> usize {
        self.tokens.len()
    }

    pub fn id(&self, token: &str) -> Option<u32> {
        self.index.get(token).copied()
    }

    pub fn is_special(&self, id: u32) -> bool {
        self.is_special.get(id as usize).copied().unwrap_or(false)
    }

    /// Encodes text; special tokens written literally (`<|im_start|>`) become
    /// their single ids.
    pub fn encode(&self, text: &str) -> Vec<u32> {
        let mut out = Vec::new();
        let mut rest = text;
        while !rest.is_empty() {
            let hit = rest
                .char_indices()
                .filter(|(_, c)| *c == '<')
                .find_map(|(i, _)| {
                    self.specials
                        .iter()
                        .find(|(s, _)| rest[i..].starts_with(s.as_str()))
                        .map(|(s, id)| (i, s.len(), *id))
                });
            match hit {
                Some((at, len, id)) => {
                    self.encode_plain(&rest[..at], &mut out);
                    out.push(id);
                    rest = &rest[at + len..];
                }
                None => {
                    self.encode_plain(rest, &mut out);
                    rest = "";
                }
            }
        }
        out
    }

    fn encode_plain(&self, text: &str, out: &mut Vec<u32>) {
        for piece in pretokenize(text) {
            let mapped: String = piece.bytes().map(|b| self.byte_enc[b as usize]).collect();
            if let Some(id) = self.id(&mapped) {
                out.push(id);
                continue;
            }
            let mut syms: Vec<String> = mapped.chars().map(|c| c.to_string()).collect();
            while syms.len() > 1 {
                let best = (0..syms.len() - 1)
                    .filter_map(|i| {
                        self.ranks
                            .get(&(syms[i].clone(), syms[i + 1].clone()))
                            .map(|r| (*r, i))
                    })
                    .min();
                let Some((_, i)) = best else { break };
                let merged = format!("{}{}", syms[i], syms[i + 1]);
                syms.splice(i..i + 2, [merged]);
            }
            for s in syms {
                match self.id(&s) {
                    Some(id) => out.push(id),
                    None => out.extend(s.chars().filter_map(|c| self.id(&c.to_string()))),
                }
            }
        }
    }

    /// Decodes ids to text; special tokens are dropped.
    pub fn decode(&self, ids: &[u32]) -> String {
        let mut bytes = Vec::new();
        for &id in ids {
            if self.is_special(id) {
                continue;
            }
            if let Some(t) = self.tokens.get(id as usize) {
                bytes.extend(t.chars().filter_map(|c| self.byte_dec.get(&c).copied()));
            }
        }
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

#[derive(PartialEq, Clone, Copy)]
enum Class {
    Letter,
    Digit,
    Space,
    Other,
}

fn class(c: char) -> Class {
    if c.is_alphabetic() {
        Class::Letter
    } else if c.is_numeric() {
        Class::Digit
    } else if c.is_whitespace() {
        Class::Space
    } else {
        Class::Other
    }
}

/// GPT-2 pre-tokenisation with single digits (SmolLM2's `Digits` + `ByteLevel`):
/// contractions, ` ?letters`, digits one by one, ` ?other`, whitespace runs.
pub fn pretokenize(text: &str) -> Vec<String> {
    let cs: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < cs.len() {
        if cs[i] == '\'' {
            let rest: String = cs[i + 1..cs.len().min(i + 3)].iter().collect();
            let n = ["re", "ve", "ll"]
                .iter()
                .find(|s| rest.starts_with(*s))
                .map(|_| 3)
                .or_else(|| {
                    rest.chars()
                        .next()
                        .filter(|c| "stmd".contains(*c))
                        .map(|_| 2)
                });
            if let Some(n) = n {
                out.push(cs[i..i + n].iter().collect());
                i += n;
                continue;
            }
        }
        let start = i;
        let mut j = i;
        if cs[j] == ' '
            && j + 1 < cs.len()
            && matches!(class(cs[j + 1]), Class::Letter | Class::Other)
        {
            j += 1;
        }
        match class(cs[j]) {
            Class::Letter => {
                while j < cs.len() && class(cs[j]) == Class::Letter {
                    j += 1;
                }
            }
            Class::Digit => j += 1,
            Class::Other => {
                while j < cs.len() && class(cs[j]) == Class::Other {
                    j += 1;
                }
            }
            Class::Space => {
                while j < cs.len() && class(cs[j]) == Class::Space {
                    j += 1;
                }
                if j < cs.len() && j - start > 1 && cs[j - 1] == ' ' && class(cs[j]) != Class::Digit
                {
                    j -= 1;
                }
            }
        }
        out.push(cs[start..j].iter().collect());
        i = j;
    }
    out
}
