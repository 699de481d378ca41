//! SentencePiece BPE, rebuilt from a GGUF file's metadata
//! (`tokenizer.ggml.model = "llama"`: tokens, scores, token types), as Gemma
//! 3 and older llama GGUF files carry it. Encoding merges the adjacent pair
//! whose joined piece scores highest until none is in the vocabulary, then
//! falls back to byte tokens (`<0xE2>`); spaces are `▁`.
//!
//! Only user-defined pieces (runs of newlines and spaces, in Gemma) are
//! matched literally in text: control tokens (`<start_of_turn>`, `<eos>`)
//! never come from text, so a product title cannot end or steer a prompt.

use aho_corasick::{AhoCorasick, MatchKind};
use candle_core::quantized::gguf_file::{Content, Value};
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

type CResult<T> = candle_core::Result<T>;

/// GGUF token types.
const CONTROL: i64 = 3;
const USER_DEFINED: i64 = 4;
const BYTE: i64 = 6;

pub struct SpmTokenizer {
    tokens: Vec<String>,
    scores: Vec<f32>,
    index: HashMap<String, u32>,
    /// Byte fallback pieces, by byte value.
    bytes: [Option<u32>; 256],
    is_byte: Vec<bool>,
    is_control: Vec<bool>,
    user: Option<(AhoCorasick, Vec<u32>)>,
    add_space_prefix: bool,
    pub bos: Option<u32>,
    pub eos: Option<u32>,
    unk: Option<u32>,
}

/// A candidate merge: the joined piece's score, then leftmost first.
#[derive(PartialEq)]
struct Pair {
    score: f32,
    left: usize,
    len: usize,
}

impl Eq for Pair {}

impl Ord for Pair {
    fn cmp(&self, o: &Self) -> Ordering {
        self.score
            .total_cmp(&o.score)
            .then_with(|| o.left.cmp(&self.left))
    }
}

impl PartialOrd for Pair {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

fn int_list(v: &Value) -> CResult<Vec<i64>> {
    v.to_vec()?
        .iter()
        .map(|x| {
            x.to_i32()
                .map(|i| i as i64)
                .or_else(|_| x.to_u32().map(|u| u as i64))
        })
        .collect()
}

impl SpmTokenizer {
    pub fn from_gguf(ct: &Content) -> CResult<SpmTokenizer> {
        let md = |k: &str| {
            ct.metadata
                .get(k)
                .ok_or_else(|| candle_core::Error::Msg(format!("GGUF metadata lacks {k}")))
        };
        let tokens: Vec<String> = md("tokenizer.ggml.tokens")?
            .to_vec()?
            .iter()
            .map(|x| Ok(x.to_string()?.clone()))
            .collect::<CResult<_>>()?;
        let scores: Vec<f32> = match ct.metadata.get("tokenizer.ggml.scores") {
            Some(v) => v
                .to_vec()?
                .iter()
                .map(|x| x.to_f32())
                .collect::<CResult<_>>()?,
            None => vec![0.0; tokens.len()],
        };
        let types = match ct.metadata.get("tokenizer.ggml.token_type") {
            Some(v) => int_list(v)?,
            None => vec![1; tokens.len()],
        };
        let id = |k: &str| ct.metadata.get(k).and_then(|v| v.to_u32().ok());
        let flag = |k: &str| ct.metadata.get(k).and_then(|v| v.to_bool().ok());
        let mut t = Self::new(tokens, scores, &types);
        t.bos = id("tokenizer.ggml.bos_token_id");
        t.eos = id("tokenizer.ggml.eos_token_id");
        t.unk = id("tokenizer.ggml.unknown_token_id");
        t.add_space_prefix = flag("tokenizer.ggml.add_space_prefix").unwrap_or(true);
        Ok(t)
    }

    pub fn new(tokens: Vec<String>, mut scores: Vec<f32>, types: &[i64]) -> SpmTokenizer {
        scores.resize(tokens.len(), 0.0);
        let ty = |i: usize| types.get(i).copied().unwrap_or(1);
        let mut index = HashMap::with_capacity(tokens.len());
        let mut bytes = [None; 256];
        for (i, t) in tokens.iter().enumerate() {
            if ty(i) == BYTE {
                if let Some(b) = t
                    .strip_prefix("<0x")
                    .and_then(|h| h.strip_suffix('>'))
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    bytes[b as usize] = Some(i as u32);
                }
            } else if ty(i) != CONTROL {
                index.entry(t.clone()).or_insert(i as u32);
            }
        }
        let user: Vec<(String, u32)> = tokens
            .iter()
            .enumerate()
            .filter(|(i, t)| ty(*i) == USER_DEFINED && !t.is_empty())
            .map(|(i, t)| (t.clone(), i as u32))
            .collect();
        let user = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(user.iter().map(|u| u.0.as_str()))
            .ok()
            .map(|ac| (ac, user.iter().map(|u| u.1).collect()));
        SpmTokenizer {
            is_byte: (0..tokens.len()).map(|i| ty(i) == BYTE).collect(),
            is_control: (0..tokens.len()).map(|i| ty(i) == CONTROL).collect(),
            tokens,
            scores,
            index,
            bytes,
            user,
            add_space_prefix: false,
            bos: None,
            eos: None,
            unk: None,
        }
    }

    pub fn vocab_size(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_control(&self, id: u32) -> bool {
        self.is_control.get(id as usize).copied().unwrap_or(false)
    }

    /// The id of a piece, control tokens included (for stop tokens).
    pub fn id(&self, token: &str) -> Option<u32> {
        self.index.get(token).copied().or_else(|| {
            self.tokens
                .iter()
                .position(|t| t == token)
                .map(|i| i as u32)
        })
    }

    pub fn encode(&self, text: &str) -> Vec<u32> {
        let mut out = Vec::new();
        let mut at = 0;
        if let Some((ac, ids)) = &self.user {
            for m in ac.find_iter(text) {
                self.encode_piece(&text[at..m.start()], at == 0, &mut out);
                out.push(ids[m.pattern().as_usize()]);
                at = m.end();
            }
        }
        self.encode_piece(&text[at..], at == 0, &mut out);
        out
    }

    fn encode_piece(&self, text: &str, first: bool, out: &mut Vec<u32>) {
        if text.is_empty() {
            return;
        }
        let mut s = String::with_capacity(text.len() + 3);
        if first && self.add_space_prefix {
            s.push('▁');
        }
        s.push_str(&text.replace(' ', "▁"));
        // symbols as byte ranges of `s`, linked left and right
        let start: Vec<usize> = s.char_indices().map(|(i, _)| i).collect();
        let n = start.len();
        let mut len: Vec<usize> = (0..n)
            .map(|i| start.get(i + 1).copied().unwrap_or(s.len()) - start[i])
            .collect();
        let mut prev: Vec<Option<usize>> = (0..n).map(|i| i.checked_sub(1)).collect();
        let mut next: Vec<Option<usize>> = (0..n).map(|i| (i + 1 < n).then_some(i + 1)).collect();
        let mut heap = BinaryHeap::new();
        let push =
            |heap: &mut BinaryHeap<Pair>, l: usize, r: usize, start: &[usize], len: &[usize]| {
                let piece = &s[start[l]..start[r] + len[r]];
                if let Some(&id) = self.index.get(piece) {
                    heap.push(Pair {
                        score: self.scores[id as usize],
                        left: l,
                        len: piece.len(),
                    });
                }
            };
        for i in 1..n {
            push(&mut heap, i - 1, i, &start, &len);
        }
        while let Some(p) = heap.pop() {
            let l = p.left;
            let Some(r) = next[l] else { continue };
            // stale: one side merged since this pair was queued
            if len[l] == 0 || len[l] + len[r] != p.len {
                continue;
            }
            len[l] += len[r];
            len[r] = 0;
            next[l] = next[r];
            if let Some(nr) = next[r] {
                prev[nr] = Some(l);
            }
            if let Some(pl) = prev[l] {
                push(&mut heap, pl, l, &start, &len);
            }
            if let Some(nl) = next[l] {
                push(&mut heap, l, nl, &start, &len);
            }
        }
        let mut i = Some(0);
        while let Some(k) = i {
            let piece = &s[start[k]..start[k] + len[k]];
            match self.index.get(piece) {
                Some(&id) => out.push(id),
                None => {
                    for b in piece.bytes() {
                        if let Some(id) = self.bytes[b as usize].or(self.unk) {
                            out.push(id);
                        }
                    }
                }
            }
            i = next[k];
        }
    }

    pub fn decode(&self, ids: &[u32]) -> String {
        let mut buf: Vec<u8> = Vec::new();
        for &id in ids {
            let i = id as usize;
            let Some(t) = self.tokens.get(i) else {
                continue;
            };
            if self.is_control[i] {
                continue;
            }
            if self.is_byte[i] {
                if let Some(b) = (0..256).find(|b| self.bytes[*b] == Some(id)) {
                    buf.push(b as u8);
                }
            } else {
                buf.extend_from_slice(t.replace('▁', " ").as_bytes());
            }
        }
        String::from_utf8_lossy(&buf).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok() -> SpmTokenizer {
        let pieces = [
            ("<eos>", CONTROL, 0.0),
            ("\n", USER_DEFINED, 0.0),
            ("<0x21>", BYTE, 0.0),
            ("▁", 1, -1.0),
            ("h", 1, -5.0),
            ("e", 1, -5.0),
            ("l", 1, -5.0),
            ("o", 1, -5.0),
            ("he", 1, -3.0),
            ("ll", 1, -2.0),
            ("hell", 1, -1.5),
            ("hello", 1, -1.0),
            ("▁hello", 1, -0.5),
        ];
        SpmTokenizer::new(
            pieces.iter().map(|p| p.0.to_string()).collect(),
            pieces.iter().map(|p| p.2).collect(),
            &pieces.iter().map(|p| p.1).collect::<Vec<_>>(),
        )
    }

    #[test]
    fn merges_by_score_and_falls_back_to_bytes() {
        let t = tok();
        // "hello ▁hello" + byte fallback for '!' + the literal newline
        let ids = t.encode("hello hello!\n<eos>");
        assert_eq!(&ids[..3], &[11, 12, 2]);
        assert_eq!(ids[3], 1);
        // "<eos>" in text is not the control token
        assert!(!ids[4..].contains(&0));
        assert_eq!(t.decode(&ids[..4]), "hello hello!\n");
    }
}
