//! The copy model's own tokenizer: whole words (with a leading-space marker
//! `▁`), punctuation and emoji as single tokens, slots and the Liquid name tag
//! as single tokens, control tokens, and single characters as the fallback for
//! words it has not seen (so any text can be encoded, for the critic).

use super::controls::{category_keys, category_token, LenBucket, Offer, Persona, Tone};
use crate::error::{Error, Result};
use std::collections::{BTreeMap, HashMap};

pub const PAD: u32 = 0;
pub const UNK: u32 = 1;
pub const BOS: u32 = 2;
pub const EOS: u32 = 3;
pub const TITLE: u32 = 4;
pub const BODY: u32 = 5;
const SPACE: &str = "▁";

/// The slots the copy model writes and the filler understands.
pub const SLOTS: &[&str] = &[
    "{product}",
    "{category}",
    "{brand}",
    "{discount}",
    "{price}",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tokenizer {
    tokens: Vec<String>,
    index: HashMap<String, u32>,
    /// Ids at or below this are special or control tokens.
    last_control: u32,
}

/// Special and control tokens, in id order.
fn fixed_tokens() -> Vec<String> {
    let mut v: Vec<String> = ["<pad>", "<unk>", "<bos>", "<eos>", "<title>", "<body>"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    v.extend(Tone::ALL.iter().map(|t| t.token()));
    v.extend(Offer::ALL.iter().map(|t| t.token()));
    v.extend(Persona::ALL.iter().map(|t| t.token()));
    v.extend(LenBucket::ALL.iter().map(|t| t.token()));
    v.extend(category_keys().iter().map(|k| category_token(k)));
    v
}

impl Tokenizer {
    /// Builds the vocabulary from corpus texts: every pre-token seen at least
    /// `min_count` times, every character seen, and printable ASCII.
    pub fn build<'a>(texts: impl Iterator<Item = &'a str>, min_count: usize) -> Tokenizer {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        let mut chars: BTreeMap<String, ()> = BTreeMap::new();
        for t in texts {
            for piece in pretokenize(t) {
                for c in piece.trim_start_matches(SPACE).chars() {
                    chars.insert(c.to_string(), ());
                }
                *counts.entry(piece).or_default() += 1;
            }
        }
        for c in (0x21u8..0x7f).map(|b| (b as char).to_string()) {
            chars.insert(c, ());
        }
        let mut tokens = fixed_tokens();
        let last_control = tokens.len() as u32 - 1;
        tokens.push(SPACE.to_string());
        tokens.extend(chars.into_keys());
        let mut words: Vec<(String, usize)> = counts
            .into_iter()
            .filter(|(_, n)| *n >= min_count)
            .collect();
        words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        tokens.extend(words.into_iter().map(|(w, _)| w));
        Self::from_tokens_inner(tokens, last_control)
    }

    fn from_tokens_inner(tokens: Vec<String>, last_control: u32) -> Tokenizer {
        let mut index = HashMap::with_capacity(tokens.len());
        for (i, t) in tokens.iter().enumerate() {
            index.entry(t.clone()).or_insert(i as u32);
        }
        Tokenizer {
            tokens,
            index,
            last_control,
        }
    }

    /// Reads the `tokenizer.json` written by [`Tokenizer::to_json`].
    pub fn from_json(text: &str) -> Result<Tokenizer> {
        #[derive(serde::Deserialize)]
        struct File {
            tokens: Vec<String>,
        }
        let f: File =
            serde_json::from_str(text).map_err(|e| Error::Other(format!("copy tokenizer: {e}")))?;
        let fixed = fixed_tokens();
        if f.tokens.len() < fixed.len() || f.tokens[..fixed.len()] != fixed[..] {
            return Err(Error::Other(
                "copy tokenizer: control tokens do not match this build".into(),
            ));
        }
        Ok(Self::from_tokens_inner(f.tokens, fixed.len() as u32 - 1))
    }

    pub fn to_json(&self) -> String {
        serde_json::json!({ "kind": "pushbench-copy-wordpiece", "tokens": self.tokens }).to_string()
    }

    pub fn vocab_size(&self) -> usize {
        self.tokens.len()
    }

    pub fn id(&self, token: &str) -> Option<u32> {
        self.index.get(token).copied()
    }

    pub fn token(&self, id: u32) -> &str {
        self.tokens
            .get(id as usize)
            .map(|s| s.as_str())
            .unwrap_or("<unk>")
    }

    /// True for special and control tokens (never part of the text).
    pub fn is_control(&self, id: u32) -> bool {
        id <= self.last_control
    }

    /// Encodes text (no special tokens added).
    pub fn encode(&self, text: &str) -> Vec<u32> {
        let mut out = Vec::new();
        for piece in pretokenize(text) {
            if let Some(id) = self.id(&piece) {
                out.push(id);
                continue;
            }
            let bare = match piece.strip_prefix(SPACE) {
                Some(rest) => {
                    out.push(self.id(SPACE).unwrap_or(UNK));
                    rest
                }
                None => piece.as_str(),
            };
            if let Some(id) = self.id(bare) {
                out.push(id);
                continue;
            }
            for c in bare.chars() {
                out.push(self.id(c.encode_utf8(&mut [0u8; 4])).unwrap_or(UNK));
            }
        }
        out
    }

    /// Decodes ids to text; special and control tokens are skipped.
    pub fn decode(&self, ids: &[u32]) -> String {
        let mut s = String::new();
        for &id in ids {
            if self.is_control(id) && id != UNK {
                continue;
            }
            let t = self.token(id);
            match t.strip_prefix(SPACE) {
                Some(rest) => {
                    s.push(' ');
                    s.push_str(rest);
                }
                None => s.push_str(t),
            }
        }
        s.trim().to_string()
    }

    /// True when the token is one of the [`SLOTS`] (with or without space).
    pub fn is_slot(&self, id: u32) -> bool {
        let t = self.token(id).trim_start_matches(SPACE);
        SLOTS.contains(&t)
    }
}

/// Whitespace collapsed to single spaces and trimmed: what `decode(encode(s))`
/// gives back for text whose characters are all in the vocabulary.
pub fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_joiner(c: char) -> bool {
    matches!(
        c,
        '\u{fe0f}' | '\u{fe0e}' | '\u{200d}' | '\u{1f3fb}'..='\u{1f3ff}' | '\u{20e3}'
    )
}

/// Splits text into pieces: words (letters, digits, inner apostrophes and
/// hyphens), `{slot}`s, `{{ liquid }}` tags, and single other characters
/// (emoji with their joiners kept together). A piece preceded by whitespace
/// starts with `▁`.
pub fn pretokenize(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    let mut space = false;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            space = true;
            i += 1;
            continue;
        }
        let start = i;
        if c == '{' {
            let rest: String = chars[i..].iter().collect();
            if rest.starts_with("{{") {
                if let Some(end) = rest.find("}}") {
                    i += rest[..end + 2].chars().count();
                }
            } else if let Some(end) = rest.find('}') {
                let inner = &rest[1..end];
                if !inner.is_empty() && inner.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                {
                    i += end + 1;
                }
            }
        }
        if i == start {
            if c.is_alphanumeric() {
                while i < chars.len() {
                    let d = chars[i];
                    let inner = (d == '\'' || d == '’' || d == '-')
                        && i + 1 < chars.len()
                        && chars[i + 1].is_alphanumeric();
                    if d.is_alphanumeric() || (inner && i > start) {
                        i += 1;
                    } else {
                        break;
                    }
                }
            } else {
                i += 1;
                while i < chars.len() && is_joiner(chars[i]) {
                    i += 1;
                    if chars[i - 1] == '\u{200d}' && i < chars.len() {
                        i += 1;
                    }
                }
            }
        }
        let atom: String = chars[start..i].iter().collect();
        out.push(if space {
            format!("{SPACE}{atom}")
        } else {
            atom
        });
        space = false;
    }
    out
}
