//! Guardrails: platform limits, unfilled or unknown slots, banned words,
//! shouting, punctuation runs, promises the data cannot back, duplicates.
//! The TUI calls [`check`] on an edited line to show which rule it breaks.

use super::claims::{self, Backing, Claim};
use super::platform::{visible_width, Limits};
use super::slots::slots_in;
use super::tokenizer::SLOTS;
use super::Variant;
use serde::Serialize;
use std::fmt;

/// Words and phrases never sent by default (spam triggers, claims a shop
/// cannot make in a push). Extend with [`Rules::banned`].
pub const DEFAULT_BANNED: &[&str] = &[
    "guaranteed",
    "guarantee",
    "miracle",
    "risk-free",
    "cure",
    "cures",
    "click here",
    "winner",
    "cash prize",
    "act now",
    "100% free",
    "no catch",
    "lowest price ever",
    "casino",
    "viagra",
    "weight loss",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "issue", rename_all = "snake_case")]
pub enum Issue {
    TitleTooLong {
        width: usize,
        max: usize,
    },
    BodyTooLong {
        width: usize,
        max: usize,
    },
    EmptyTitle,
    EmptyBody,
    /// A known slot left unfilled (`{product}`).
    UnfilledSlot {
        slot: String,
    },
    /// A `{...}` or Liquid tag the push service would not understand.
    UnknownTag {
        tag: String,
    },
    BannedWord {
        word: String,
    },
    ExcessiveCaps,
    ExcessivePunctuation,
    /// A percentage promised without a matching discount behind it.
    UnbackedDiscount {
        text: String,
    },
    /// A price that is not the product's.
    UnbackedPrice {
        text: String,
    },
    /// A sentence or word said twice in a row or twice in the body.
    Repetition {
        text: String,
    },
    /// Same text as the variant at `of`.
    Duplicate {
        of: usize,
    },
    /// A line the corpus only says about another category ("Your next great
    /// read." about a candle).
    OffCategory {
        text: String,
        category: String,
    },
    /// Prompt text written back instead of copy (GGUF backend).
    PromptEcho {
        text: String,
    },
    /// A claim (scarcity, deadline, newness, ...) no fact backs.
    UnbackedClaim {
        claim: Claim,
        text: String,
    },
    /// Control or bidi-override characters that would garble the display.
    ControlCharacter {
        code: String,
    },
    /// A word of the preview product's name left outside the slots: other
    /// users' products would be called by it.
    ProductBound {
        word: String,
    },
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Issue::TitleTooLong { width, max } => write!(f, "title is {width} cells, limit {max}"),
            Issue::BodyTooLong { width, max } => write!(f, "body is {width} cells, limit {max}"),
            Issue::EmptyTitle => write!(f, "empty title"),
            Issue::EmptyBody => write!(f, "empty body"),
            Issue::UnfilledSlot { slot } => write!(f, "unfilled slot {slot}"),
            Issue::UnknownTag { tag } => write!(f, "unknown tag {tag}"),
            Issue::BannedWord { word } => write!(f, "banned word '{word}'"),
            Issue::ExcessiveCaps => write!(f, "too many capitals"),
            Issue::ExcessivePunctuation => write!(f, "too much punctuation"),
            Issue::UnbackedDiscount { text } => {
                write!(f, "'{text}' promises a discount the offer does not have")
            }
            Issue::UnbackedPrice { text } => write!(f, "'{text}' is not the product's price"),
            Issue::Repetition { text } => write!(f, "repeats '{text}'"),
            Issue::Duplicate { of } => write!(f, "duplicate of variant {}", of + 1),
            Issue::PromptEcho { text } => write!(f, "'{text}' repeats the prompt"),
            Issue::UnbackedClaim { claim, text } => {
                write!(
                    f,
                    "'{text}' claims {claim} but nothing backs it: it needs {}",
                    claim.needs()
                )
            }
            Issue::ControlCharacter { code } => {
                write!(f, "control or direction-changing character {code}")
            }
            Issue::ProductBound { word } => write!(
                f,
                "'{word}' fits this product only, not every user's own product"
            ),
            Issue::OffCategory { text, category } => {
                write!(f, "'{text}' is said of {category}, not of this product")
            }
        }
    }
}

/// The rule set: limits, banned words and style thresholds.
#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    pub limits: Limits,
    /// Lower-case words or phrases, matched on word boundaries.
    pub banned: Vec<String>,
    /// Most all-capital words (3+ letters) allowed in title + body.
    pub max_caps_words: usize,
    /// Most `!` in one field.
    pub max_exclamations: usize,
}

impl Rules {
    pub fn new(limits: Limits) -> Rules {
        Rules {
            limits,
            banned: DEFAULT_BANNED.iter().map(|s| s.to_string()).collect(),
            max_caps_words: 2,
            max_exclamations: 2,
        }
    }

    /// Adds banned words (one per entry; blank entries and `#` comments skipped).
    pub fn ban<I: IntoIterator<Item = S>, S: AsRef<str>>(mut self, words: I) -> Rules {
        for w in words {
            let w = w.as_ref().trim().to_lowercase();
            if !w.is_empty() && !w.starts_with('#') && !self.banned.contains(&w) {
                self.banned.push(w);
            }
        }
        self
    }
}

/// Checks a variant against the default rules with these limits; claims
/// other than its discount count as unbacked (no facts given).
pub fn check(v: &Variant, limits: &Limits) -> Vec<Issue> {
    let b = Backing {
        discount: v.discount,
        ..Backing::default()
    };
    check_text(&v.title, &v.body, &b, &Rules::new(*limits))
}

/// Checks a title and body against the rules and the facts in `b` (the
/// discount the offer backs, the product's and the user's state).
pub fn check_text(title: &str, body: &str, b: &Backing, rules: &Rules) -> Vec<Issue> {
    let discount = b.discount;
    let mut out = Vec::new();
    for field in [title, body] {
        for c in field.chars() {
            if crate::text::is_unsafe_char(c) && c != '\n' {
                let issue = Issue::ControlCharacter {
                    code: format!("U+{:04X}", c as u32),
                };
                if !out.contains(&issue) {
                    out.push(issue);
                }
            }
        }
    }
    let lw = rules.limits.liquid_width;
    if title.trim().is_empty() {
        out.push(Issue::EmptyTitle);
    }
    if body.trim().is_empty() {
        out.push(Issue::EmptyBody);
    }
    let tw = visible_width(title, lw);
    if tw > rules.limits.title {
        out.push(Issue::TitleTooLong {
            width: tw,
            max: rules.limits.title,
        });
    }
    let bw = visible_width(body, lw);
    if bw > rules.limits.body {
        out.push(Issue::BodyTooLong {
            width: bw,
            max: rules.limits.body,
        });
    }
    for field in [title, body] {
        tags(field, &mut out);
        let shouting = field.matches('!').count() > rules.max_exclamations
            || ["!!", "??", "?!", "!?", "...."]
                .iter()
                .any(|r| field.contains(r));
        if shouting && !out.contains(&Issue::ExcessivePunctuation) {
            out.push(Issue::ExcessivePunctuation);
        }
    }
    let all = format!("{title} {body}");
    let plain = strip_liquid(&all);
    let norm = format!(" {} ", words_only(&plain));
    for b in &rules.banned {
        let nb = words_only(b);
        if !nb.is_empty() && norm.contains(&format!(" {nb} ")) {
            out.push(Issue::BannedWord { word: b.clone() });
        }
    }
    let caps = plain
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 3 && w.chars().all(|c| c.is_uppercase()))
        .count();
    let letters: Vec<char> = plain.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    if caps > rules.max_caps_words || (letters.len() >= 12 && upper * 2 > letters.len()) {
        out.push(Issue::ExcessiveCaps);
    }
    if let Some(text) = repetition(title).or_else(|| repetition(body)) {
        out.push(Issue::Repetition { text });
    }
    if !discount.is_some_and(|d| d > 0.0) {
        for p in PRICE_CUT {
            if norm.contains(&format!(" {p} ")) {
                out.push(Issue::UnbackedDiscount {
                    text: p.to_string(),
                });
            }
        }
    }
    for pct in percentages(&plain) {
        let backed = discount
            .is_some_and(|d| pct.trim_end_matches('%').parse::<f32>().ok() == Some(d.round()));
        if !backed {
            out.push(Issue::UnbackedDiscount { text: pct });
        }
    }
    for (claim, text) in claims::unbacked(title, body, b) {
        // a percentage or price cut is already named above
        if claim == Claim::LowPrice
            && out
                .iter()
                .any(|i| matches!(i, Issue::UnbackedDiscount { .. }))
        {
            continue;
        }
        out.push(Issue::UnbackedClaim { claim, text });
    }
    if let Some(key) = &b.category_key {
        out.extend(off_category(title, body, key));
    }
    out
}

/// Phrases (as [`words_only`] writes them) that promise a price cut; without
/// a discount behind the offer they are unbacked.
const PRICE_CUT: &[&str] = &[
    "prices go back up",
    "price drop",
    "just got cheaper",
    "on sale",
    "dropped to",
    "drops to",
];

/// Sentences the corpus only says about another category than
/// `category_key` (the product's, as [`super::controls::category_key`] gives it).
pub fn off_category(title: &str, body: &str, category_key: &str) -> Vec<Issue> {
    category_lines(title, body)
        .filter(|(_, c)| *c != category_key)
        .map(|(s, c)| Issue::OffCategory {
            text: s.to_string(),
            category: c.to_string(),
        })
        .collect()
}

/// The corpus's category sentences in the text, with the category key each
/// is said of.
pub fn category_lines<'a>(
    title: &'a str,
    body: &'a str,
) -> impl Iterator<Item = (&'static str, &'static str)> + 'a {
    super::corpus::bundled_category_sentences()
        .iter()
        .filter(move |(s, _)| title.contains(s.as_str()) || body.contains(s.as_str()))
        .map(|(s, c)| (s.as_str(), c.as_str()))
}

fn tags(field: &str, out: &mut Vec<Issue>) {
    for s in slots_in(field) {
        let issue = if SLOTS.contains(&s.as_str()) {
            Issue::UnfilledSlot { slot: s }
        } else {
            Issue::UnknownTag { tag: s }
        };
        if !out.contains(&issue) {
            out.push(issue);
        }
    }
    let mut rest = field;
    while let Some(start) = rest.find("{{") {
        let Some(end) = rest[start..].find("}}") else {
            out.push(Issue::UnknownTag {
                tag: rest[start..].to_string(),
            });
            break;
        };
        let tag = &rest[start..start + end + 2];
        if !liquid_ok(tag) {
            out.push(Issue::UnknownTag {
                tag: tag.to_string(),
            });
        }
        rest = &rest[start + end + 2..];
    }
    // a lone brace left over
    let stripped = strip_liquid(field);
    if stripped.matches('{').count() != stripped.matches('}').count() {
        out.push(Issue::UnknownTag {
            tag: "unbalanced { }".into(),
        });
    }
}

/// `{{ first_name }}` or `{{ first_name | default: "..." }}`.
pub fn liquid_ok(tag: &str) -> bool {
    let inner = tag.trim_start_matches("{{").trim_end_matches("}}").trim();
    let mut parts = inner.splitn(2, '|');
    let var = parts.next().unwrap_or("").trim();
    if var != "first_name" {
        return false;
    }
    match parts.next() {
        None => true,
        Some(f) => {
            let f = f.trim();
            f.strip_prefix("default:")
                .map(|v| {
                    let v = v.trim();
                    v.len() >= 2
                        && v.starts_with('"')
                        && v.ends_with('"')
                        && !v[1..v.len() - 1].contains('"')
                })
                .unwrap_or(false)
        }
    }
}

fn strip_liquid(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        match rest[start..].find("}}") {
            Some(end) => rest = &rest[start + end + 2..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

fn words_only(s: &str) -> String {
    s.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '%' || c == '-'))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A sentence said twice, or a word twice in a row.
fn repetition(field: &str) -> Option<String> {
    // "Tap, tap" and "knock knock" are style, "the the" is a slip
    const DOUBLED: &[&str] = &["knock", "tap", "ha", "yay", "bye", "yum", "ding", "go"];
    let raw: Vec<&str> = field.split_whitespace().collect();
    for w in raw.windows(2) {
        let a = w[0].to_lowercase();
        let b = w[1]
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if a == b && a.chars().any(|c| c.is_alphabetic()) && !DOUBLED.contains(&a.as_str()) {
            return Some(format!("{a} {b}"));
        }
    }
    let mut seen = std::collections::HashSet::new();
    if let Some(s) = field
        .split(['.', '!', '?'])
        .map(words_only)
        .filter(|s| s.split(' ').count() >= 2)
        .find(|s| !seen.insert(s.clone()))
    {
        return Some(s);
    }
    // a phrase said twice ("Going fast: New from Northvale, going fast"):
    // two content words in a row, seen twice, once not in Title Case (names
    // such as "Harvest Lane" may repeat)
    const STOP: &[&str] = &[
        "a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "is", "it", "you", "your",
        "our", "we", "be", "at", "with", "this", "that", "from", "by",
    ];
    let plain = strip_liquid(field);
    let words: Vec<&str> = plain
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    let title_case = |w: &str| w.chars().next().is_some_and(|c| c.is_uppercase());
    let mut pairs: std::collections::HashMap<String, bool> = Default::default();
    for w in words.windows(2) {
        let (a, b) = (w[0].to_lowercase(), w[1].to_lowercase());
        let content = |x: &str| x.chars().any(|c| c.is_alphabetic()) && !STOP.contains(&x);
        if !content(&a) || !content(&b) {
            continue;
        }
        let name = title_case(w[0]) && title_case(w[1]);
        let key = format!("{a} {b}");
        match pairs.get(&key) {
            Some(&was_name) if !was_name || !name => return Some(key),
            Some(_) => {}
            None => {
                pairs.insert(key, name);
            }
        }
    }
    None
}

/// Prices written after `currency` (`$12.99`) that are not in `allowed`.
pub fn unbacked_prices(text: &str, currency: &str, allowed: &[String]) -> Vec<Issue> {
    if currency.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(currency) {
        let after = &rest[i + currency.len()..];
        let num: String = after
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
            .collect();
        let num = num.trim_end_matches(['.', ',']);
        if !num.is_empty() {
            let price = format!("{currency}{num}");
            if !allowed.contains(&price) {
                out.push(Issue::UnbackedPrice { text: price });
            }
        }
        rest = after;
    }
    out
}

/// What a percentage can describe besides a price cut ("100% organic"):
/// the claim checker names those as claims about the product.
const COMPOSITION: &[&str] = &[
    "organic",
    "cotton",
    "natural",
    "pure",
    "recycled",
    "recyclable",
    "wool",
    "silk",
    "linen",
    "vegan",
    "cocoa",
    "juice",
    "cashmere",
    "merino",
    "biodegradable",
    "plastic-free",
    "satisfaction",
];

/// Every "<number>%" in the text that reads as a price cut.
fn percentages(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if c != '%' {
            continue;
        }
        let next: String = chars[i + 1..]
            .iter()
            .skip_while(|c| c.is_whitespace())
            .take_while(|c| c.is_alphanumeric() || **c == '-')
            .collect::<String>()
            .to_lowercase();
        if COMPOSITION.contains(&next.as_str()) {
            continue;
        }
        let mut j = i;
        while j > 0 && (chars[j - 1].is_ascii_digit() || chars[j - 1] == '.') {
            j -= 1;
        }
        if j < i {
            out.push(chars[j..=i].iter().collect());
        }
    }
    out
}

/// Pairs (later, earlier) of variants whose text is the same once case,
/// spacing and punctuation are ignored.
pub fn duplicates(vs: &[Variant]) -> Vec<(usize, usize)> {
    let keys: Vec<String> = vs
        .iter()
        .map(|v| words_only(&format!("{} {}", v.title, v.body)))
        .collect();
    let mut out = Vec::new();
    for i in 0..keys.len() {
        if let Some(j) = (0..i).find(|&j| keys[j] == keys[i]) {
            out.push((i, j));
        }
    }
    out
}
