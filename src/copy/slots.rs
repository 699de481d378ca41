//! Filling `{product}`, `{category}`, `{brand}`, `{discount}` and `{price}`
//! from a recommended product. Product names are shortened at word boundaries
//! to fit the platform limit; Liquid tags (`{{ first_name | default: "there" }}`)
//! are kept for the push service.

use super::platform::visible_width;
use super::Product;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlotError {
    /// A `{name}` that is not one of the known slots.
    Unknown(String),
    /// A slot the product cannot back (no price, no discount, no brand).
    NoValue(String),
    /// Even the shortest product name does not fit the limit.
    TooLong,
}

impl fmt::Display for SlotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SlotError::Unknown(s) => write!(f, "unknown slot {s}"),
            SlotError::NoValue(s) => write!(f, "no value for {s}"),
            SlotError::TooLong => write!(f, "the product name does not fit"),
        }
    }
}

/// Every single-brace `{name}` in the text (Liquid `{{ }}` tags excluded).
pub fn slots_in(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'{' {
            if b.get(i + 1) == Some(&b'{') {
                match text[i..].find("}}") {
                    Some(end) => i += end + 2,
                    None => i += 2,
                }
                continue;
            }
            if let Some(end) = text[i..].find('}') {
                out.push(text[i..i + end + 1].to_string());
                i += end + 1;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Price after discount, with the currency symbol: `$12.99`.
pub fn format_price(price: f32, discount: Option<f32>, currency: &str) -> String {
    let p = price * (1.0 - discount.unwrap_or(0.0).clamp(0.0, 95.0) / 100.0);
    format!("{currency}{p:.2}")
}

pub fn format_discount(d: f32) -> String {
    format!("{}%", d.round() as i64)
}

fn is_spec(word: &str) -> bool {
    const UNITS: &[&str] = &[
        "ml", "l", "g", "kg", "oz", "cup", "cups", "pack", "set", "of", "inch", "mm", "cm", "qt",
        "size", "litre", "liter", "ages", "w", "gb", "tb", "pcs", "count",
    ];
    word.chars().any(|c| c.is_ascii_digit()) || UNITS.contains(&word.to_lowercase().as_str())
}

fn is_connector(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "of" | "with" | "for" | "&" | "and" | "-" | "in" | "by" | "the" | "a"
    )
}

/// The longest form of a product title, cut at word boundaries, that fits
/// `max` cells: the full title if it fits (and `drop_brand` is false), else a
/// window of the title without its brand that keeps the head noun (the last
/// word before trailing sizes such as "150 ml").
pub fn shorten_name(
    title: &str,
    brand: Option<&str>,
    max: usize,
    drop_brand: bool,
) -> Option<String> {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        return None;
    }
    if !drop_brand && crate::text::width(&title) <= max {
        return Some(title);
    }
    let mut words: Vec<&str> = title.split(' ').collect();
    if let Some(b) = brand.filter(|b| !b.trim().is_empty()) {
        let bw: Vec<&str> = b.split_whitespace().collect();
        let starts = words.len() > bw.len()
            && words
                .iter()
                .zip(&bw)
                .all(|(a, b)| a.eq_ignore_ascii_case(b));
        if starts {
            words.drain(..bw.len());
        }
    }
    let n = words.len();
    let head = (0..n).rev().find(|&i| !is_spec(words[i])).unwrap_or(n - 1);
    let mut best: Option<String> = None;
    // windows that keep the head noun; one-word names only as a last resort
    for min_words in [2usize.min(n), 1] {
        for start in 0..=head {
            for end in [n, head + 1] {
                let window = &words[start..end];
                if window.len() < min_words
                    || is_connector(window[0])
                    || window.last().is_some_and(|w| is_connector(w))
                    || (window.len() == 1 && n > 1 && window[0].chars().count() < 4)
                {
                    continue;
                }
                let s = window.join(" ");
                let w = crate::text::width(&s);
                if w <= max && best.as_ref().is_none_or(|b| crate::text::width(b) < w) {
                    best = Some(s);
                }
            }
        }
        if best.is_some() {
            break;
        }
    }
    best
}

fn at_sentence_start(before: &str) -> bool {
    let t = before.trim_end();
    // nothing but emoji or punctuation before ("🎉 {category} deals")
    !t.chars().any(char::is_alphanumeric) || t.ends_with(['.', '!', '?', ':'])
}

/// Fills the slots of one field (title or body) so that it fits `max_width`
/// cells. The product name is shortened to what is left after the rest.
pub fn fill(
    template: &str,
    p: &Product,
    currency: &str,
    max_width: usize,
    liquid_width: usize,
) -> Result<String, SlotError> {
    let mut text = String::with_capacity(template.len() + 32);
    let mut rest = template;
    // first pass: everything but {product}
    while let Some(start) = rest.find('{') {
        if rest[start..].starts_with("{{") {
            let end = rest[start..]
                .find("}}")
                .map_or(rest.len(), |e| start + e + 2);
            text.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let Some(end) = rest[start..].find('}').map(|e| start + e + 1) else {
            break;
        };
        text.push_str(&rest[..start]);
        let slot = &rest[start..end];
        let value = match slot {
            "{product}" => "{product}".to_string(),
            "{brand}" => p
                .brand
                .clone()
                .filter(|b| !b.trim().is_empty())
                .ok_or_else(|| SlotError::NoValue(slot.into()))?,
            "{category}" => {
                let c = p
                    .category
                    .clone()
                    .ok_or_else(|| SlotError::NoValue(slot.into()))?;
                if at_sentence_start(&text) {
                    c
                } else {
                    c.to_lowercase()
                }
            }
            "{discount}" => p
                .discount
                .filter(|d| *d > 0.0)
                .map(format_discount)
                .ok_or_else(|| SlotError::NoValue(slot.into()))?,
            "{price}" => p
                .price
                .map(|x| format_price(x, p.discount, currency))
                .ok_or_else(|| SlotError::NoValue(slot.into()))?,
            other => return Err(SlotError::Unknown(other.to_string())),
        };
        text.push_str(&value);
        rest = &rest[end..];
    }
    text.push_str(rest);
    // the copy's own words get sentence capitals; product names stay as the
    // catalogue spells them
    let text = capitalise_sentences(&text);
    let k = text.matches("{product}").count();
    if k == 0 {
        return Ok(text);
    }
    let fixed = visible_width(&text.replace("{product}", ""), liquid_width);
    let budget = max_width.saturating_sub(fixed) / k;
    let drop_brand = p
        .brand
        .as_ref()
        .is_some_and(|b| !b.is_empty() && text.contains(b.as_str()));
    let name =
        shorten_name(&p.title, p.brand.as_deref(), budget, drop_brand).ok_or(SlotError::TooLong)?;
    let text = if is_plural(&name) {
        plural_verbs(&text)
    } else {
        text
    };
    Ok(text.replace("{product}", &name))
}

/// A name whose head noun is plural ("Wireless Earbuds", "Bed Sheets").
fn is_plural(name: &str) -> bool {
    let last = name
        .split_whitespace()
        .rev()
        .find(|w| !is_spec(w))
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    const SINGULAR_ENDINGS: &[&str] = &[
        "ss", "us", "is", "ics", "ous", "news", "lens", "series", "species", "gas",
    ];
    last.chars().count() > 3
        && last.ends_with('s')
        && !SINGULAR_ENDINGS.iter().any(|e| last.ends_with(e))
}

/// The verb right after `{product}` made to agree with a plural name
/// ("{product} misses you" for "Wireless Earbuds" → "miss").
fn plural_verbs(text: &str) -> String {
    const VERBS: &[(&str, &str)] = &[
        ("is", "are"),
        ("isn't", "aren't"),
        ("has", "have"),
        ("hasn't", "haven't"),
        ("was", "were"),
        ("does", "do"),
        ("doesn't", "don't"),
        ("misses", "miss"),
        ("goes", "go"),
        ("'s", " are"),
        ("\u{2019}s", " are"),
    ];
    const S_VERBS: &[&str] = &[
        "deserves", "awaits", "looks", "makes", "needs", "wants", "feels", "sounds", "comes",
        "fits", "brings", "keeps", "belongs", "pairs", "works", "arrives", "says", "waits",
        "shines", "stays", "gets", "loves", "means", "ships", "lands", "matches", "checks",
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("{product}") {
        let after = &rest[i + "{product}".len()..];
        out.push_str(&rest[..i + "{product}".len()]);
        let (gap, tail) = match after.strip_prefix(' ') {
            Some(t) => (" ", t),
            None => ("", after),
        };
        let word_len = tail
            .find(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
            .unwrap_or(tail.len());
        let word = &tail[..word_len];
        let swap = VERBS
            .iter()
            .find(|(from, _)| {
                if from.starts_with(['\'', '\u{2019}']) {
                    gap.is_empty() && word == *from
                } else {
                    !gap.is_empty() && word == *from
                }
            })
            .map(|(_, to)| to.to_string())
            .or_else(|| {
                (!gap.is_empty() && S_VERBS.contains(&word)).then(|| {
                    word.strip_suffix("es")
                        .filter(|w| w.ends_with("ch") || w.ends_with("sh"))
                        .or_else(|| word.strip_suffix('s'))
                        .unwrap_or(word)
                        .to_string()
                })
            });
        match swap {
            Some(to) => {
                out.push_str(gap);
                out.push_str(&to);
                rest = &tail[word_len..];
            }
            None => rest = after,
        }
    }
    out.push_str(rest);
    out
}

/// Text as the user receives it: no data layout carries first names, so a
/// Liquid name tag becomes its default ("Hi {{ first_name | default: "there"
/// }}!" → "Hi there!"), and a name addressed after a comma is left out
/// ("Welcome back, {{ first_name | default: "there" }}." → "Welcome back.").
/// The preview and every export use this, so what is previewed is sent.
pub fn deliver_liquid(text: &str) -> String {
    if !text.contains("{{") && !text.contains("{%") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let next = [rest.find("{{"), rest.find("{%")]
            .into_iter()
            .flatten()
            .min();
        let Some(start) = next else { break };
        let close = if rest[start..].starts_with("{{") {
            "}}"
        } else {
            "%}"
        };
        let Some(end) = rest[start..].find(close).map(|e| start + e + 2) else {
            break;
        };
        out.push_str(&rest[..start]);
        let tag = &rest[start + 2..end - 2];
        let default = if close == "}}" {
            tag.split_once("default:")
                .map(|(_, d)| d.trim().trim_matches(|c| c == '"' || c == '\'').to_string())
                .unwrap_or_default()
        } else {
            String::new()
        };
        rest = &rest[end..];
        let addressed = out.trim_end().ends_with(',')
            && rest
                .trim_start()
                .chars()
                .next()
                .is_none_or(|c| ".!?,;:".contains(c));
        if addressed || default.is_empty() {
            // drop the comma (and the space) that led to the name
            let keep = out.trim_end().trim_end_matches(',').len();
            if addressed {
                out.truncate(keep);
            } else {
                while out.ends_with(' ')
                    && rest
                        .trim_start()
                        .chars()
                        .next()
                        .is_some_and(|c| ".!?,;:".contains(c))
                {
                    out.pop();
                }
            }
        } else {
            out.push_str(&default);
        }
    }
    out.push_str(rest);
    out
}

/// Capitalises an all-lower-case word that starts the field (after any emoji)
/// or a sentence: "🎉 fashion deals" → "🎉 Fashion deals", "Guess what? brand
/// new" → "Guess what? Brand new". Mixed-case names ("iPhone") stay.
pub fn capitalise_sentences(s: &str) -> String {
    let mut start = true;
    let words: Vec<String> = s
        .split(' ')
        .map(|w| {
            let mut w = w.to_string();
            if start && w.chars().any(|c| c.is_alphanumeric() || c == '{') {
                let lower = w
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(|c| c.is_lowercase());
                if lower && w.starts_with(|c: char| c.is_alphabetic()) {
                    let mut cs = w.chars();
                    let first = cs.next().map(|c| c.to_uppercase().collect::<String>());
                    w = first.unwrap_or_default() + cs.as_str();
                }
                start = false;
            }
            if w.ends_with(['.', '!', '?']) {
                start = true;
            }
            w
        })
        .collect();
    words.join(" ")
}
