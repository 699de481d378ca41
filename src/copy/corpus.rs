//! The training corpus (assets/copy/corpus.tsv, embedded): lines of push copy
//! with slots, labelled with tone, offer, category and persona. See
//! assets/copy/README.md for its provenance.

use super::controls::{category_key, category_token, LenBucket, Offer, Persona, Tone};
use super::tokenizer::{Tokenizer, BODY, BOS, EOS, TITLE};
use crate::error::{Error, Result};

/// The bundled corpus.
pub const BUNDLED: &str = include_str!("../../assets/copy/corpus.tsv");

/// Estimated display width of each slot once filled, for length budgets.
pub const SLOT_WIDTH: &[(&str, usize)] = &[
    ("{product}", 24),
    ("{brand}", 10),
    ("{category}", 11),
    ("{discount}", 3),
    ("{price}", 6),
];

#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub tone: Tone,
    pub offer: Offer,
    /// Category control key (`electronics`, ..., `general`).
    pub category: String,
    pub persona: Persona,
    pub title: String,
    pub body: String,
}

impl Line {
    pub fn len_bucket(&self) -> LenBucket {
        LenBucket::of_width(estimate_width(&self.body, 10))
    }

    /// The text the critic sees: title and body.
    pub fn text(&self) -> String {
        format!("{} | {}", self.title, self.body)
    }
}

/// Width of a template with slots and Liquid tags replaced by typical widths.
pub fn estimate_width(template: &str, liquid_width: usize) -> usize {
    let mut s = template.to_string();
    let mut extra = 0usize;
    for (slot, w) in SLOT_WIDTH {
        let n = s.matches(slot).count();
        extra += n * w;
        s = s.replace(slot, "");
    }
    while let Some(start) = s.find("{{") {
        match s[start..].find("}}") {
            Some(end) => {
                s.replace_range(start..start + end + 2, "");
                extra += liquid_width;
            }
            None => break,
        }
    }
    crate::text::width(&s) + extra
}

/// Parses corpus TSV (header: tone, offer, category, persona, title, body).
pub fn parse(text: &str, name: &str) -> Result<Vec<Line>> {
    let mut out = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        if n == 0 || raw.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = raw.split('\t').collect();
        let bad = |m: String| Error::input(crate::error::Location::file(name).row(n + 1), m);
        if f.len() != 6 {
            return Err(bad(format!(
                "expected 6 tab-separated fields, found {}",
                f.len()
            )));
        }
        let category = if f[2] == "general" {
            "general".to_string()
        } else {
            category_key(Some(f[2])).to_string()
        };
        out.push(Line {
            tone: f[0].parse().map_err(bad)?,
            offer: f[1].parse().map_err(bad)?,
            category,
            persona: f[3].parse().map_err(bad)?,
            title: f[4].trim().to_string(),
            body: f[5].trim().to_string(),
        });
    }
    if out.is_empty() {
        return Err(Error::input(
            crate::error::Location::file(name),
            "the corpus has no lines",
        ));
    }
    Ok(out)
}

/// The bundled corpus, parsed.
pub fn bundled() -> Result<Vec<Line>> {
    parse(BUNDLED, "assets/copy/corpus.tsv")
}

/// The sentences of a body: split after `.`, `!` or `?` followed by a space.
pub fn sentences(body: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev_end = false;
    for (i, c) in body.char_indices() {
        if c.is_whitespace() && prev_end {
            let s = body[start..i].trim();
            if !s.is_empty() {
                out.push(s);
            }
            start = i;
        }
        prev_end = matches!(c, '.' | '!' | '?');
    }
    let s = body[start..].trim();
    if !s.is_empty() {
        out.push(s);
    }
    out
}

/// Body sentences that belong to one category, with its key: sentences
/// without slots seen at least 5 times, at least 90% of them in lines of one
/// category other than `general` ("Your next great read." is about books).
/// A variant that says one about a product of another category is off.
pub fn category_sentences(lines: &[Line]) -> Vec<(String, String)> {
    let mut seen: std::collections::BTreeMap<&str, std::collections::BTreeMap<&str, usize>> =
        Default::default();
    for l in lines {
        for s in sentences(&l.body) {
            if !s.contains('{') {
                *seen.entry(s).or_default().entry(&l.category).or_default() += 1;
            }
        }
    }
    seen.into_iter()
        .filter_map(|(s, cats)| {
            let total: usize = cats.values().sum();
            let (cat, n) = cats.into_iter().max_by_key(|(_, n)| *n)?;
            (total >= 5 && n * 10 >= total * 9 && cat != "general")
                .then(|| (s.to_string(), cat.to_string()))
        })
        .collect()
}

/// [`category_sentences`] of the bundled corpus, computed once.
pub fn bundled_category_sentences() -> &'static [(String, String)] {
    static CELL: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    CELL.get_or_init(|| {
        bundled()
            .map(|l| category_sentences(&l))
            .unwrap_or_default()
    })
}

/// The conditioning prefix: `<bos> tone offer category persona len <title>`.
pub fn prompt_ids(
    tok: &Tokenizer,
    tone: Tone,
    offer: Offer,
    category: &str,
    persona: Persona,
    len: LenBucket,
) -> Vec<u32> {
    let mut v = vec![BOS];
    for t in [
        tone.token(),
        offer.token(),
        category_token(category),
        persona.token(),
        len.token(),
    ] {
        v.push(tok.id(&t).unwrap_or(super::tokenizer::UNK));
    }
    v.push(TITLE);
    v
}

/// Length of [`prompt_ids`].
pub const PROMPT_LEN: usize = 7;

/// A full training sequence: prompt, title, `<body>`, body, `<eos>`.
pub fn encode_line(tok: &Tokenizer, l: &Line) -> Vec<u32> {
    let mut v = prompt_ids(tok, l.tone, l.offer, &l.category, l.persona, l.len_bucket());
    v.extend(tok.encode(&l.title));
    v.push(BODY);
    v.extend(tok.encode(&l.body));
    v.push(EOS);
    v
}

/// Splits generated ids (after the prompt) into title and body text.
pub fn split_output(tok: &Tokenizer, ids: &[u32]) -> (String, String) {
    let cut = ids.iter().position(|&t| t == BODY).unwrap_or(ids.len());
    let end = ids.iter().position(|&t| t == EOS).unwrap_or(ids.len());
    let title = tok.decode(&ids[..cut]);
    let body = if cut < end {
        tok.decode(&ids[cut + 1..end])
    } else {
        String::new()
    };
    (title, body)
}

/// Normalised key for "is this line verbatim in the corpus".
pub fn key(title: &str, body: &str) -> String {
    format!(
        "{}|{}",
        super::tokenizer::normalize(title).to_lowercase(),
        super::tokenizer::normalize(body).to_lowercase()
    )
}
