//! Choosing the variants to keep: among candidates that pass the guardrails
//! and name a product, greedily take the best by critic score and length fit,
//! penalised by similarity to those already kept (and skipping near
//! duplicates), preferring products not yet used.

use super::platform::{visible_width, Limits};
use super::{guard::Issue, Product, Variant};
use std::collections::HashSet;

/// A sampled, filled and checked line.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub variant: Variant,
    pub issues: Vec<Issue>,
    /// The line names one of the request's products.
    pub names_product: bool,
    /// Tokens the model generated for it.
    pub tokens: usize,
}

impl Candidate {
    pub fn passes(&self) -> bool {
        self.issues.is_empty() && self.names_product
    }
}

/// How well a field uses its budget: 1 between `lo` and 100% of the limit.
fn fit(width: usize, limit: usize, lo: f32) -> f32 {
    let r = width as f32 / limit.max(1) as f32;
    if r > 1.0 {
        0.0
    } else if r >= lo {
        1.0
    } else {
        r / lo
    }
}

pub fn length_fit(v: &Variant, l: &Limits) -> f32 {
    0.4 * fit(v.title_chars, l.title, 0.3) + 0.6 * fit(v.body_chars, l.body, 0.35)
}

/// Lower-case word bigrams of title and body.
pub fn bigrams(v: &Variant) -> HashSet<(String, String)> {
    let text = format!("{} {}", v.title, v.body).to_lowercase();
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_string())
        .collect();
    words
        .windows(2)
        .map(|w| (w[0].clone(), w[1].clone()))
        .collect()
}

pub fn similarity(a: &HashSet<(String, String)>, b: &HashSet<(String, String)>) -> f32 {
    let inter = a.intersection(b).count();
    let union = a.len() + b.len() - inter;
    if union == 0 {
        1.0
    } else {
        inter as f32 / union as f32
    }
}

/// A passing candidate: index, base score and its word bigrams.
type Pooled = (usize, f32, HashSet<(String, String)>);

/// Picks up to `n` variants (see the module doc).
pub fn select(cands: &[Candidate], n: usize, limits: &Limits) -> Vec<Variant> {
    let pool: Vec<Pooled> = cands
        .iter()
        .enumerate()
        .filter(|(_, c)| c.passes())
        .map(|(i, c)| {
            let v = &c.variant;
            (
                i,
                0.7 * v.critic_score + 0.3 * length_fit(v, limits),
                bigrams(v),
            )
        })
        .collect();
    let mut chosen: Vec<usize> = Vec::new();
    let mut taken = vec![false; pool.len()];
    while chosen.len() < n {
        let mut best: Option<(usize, f32)> = None;
        for (k, (i, base, grams)) in pool.iter().enumerate() {
            if taken[k] {
                continue;
            }
            let v = &cands[*i].variant;
            let mut max_sim = 0f32;
            let mut dup = false;
            let mut same_product = false;
            for &j in &chosen {
                let (ci, _, cg) = &pool[j];
                let w = &cands[*ci].variant;
                let s = similarity(grams, cg);
                max_sim = max_sim.max(s);
                dup |= s > 0.8
                    || w.title.eq_ignore_ascii_case(&v.title)
                    || w.body.eq_ignore_ascii_case(&v.body);
                same_product |= w.products == v.products;
            }
            if dup {
                taken[k] = true;
                continue;
            }
            let score = base - 0.5 * max_sim - if same_product { 0.1 } else { 0.0 };
            if best.is_none_or(|(_, b)| score > b) {
                best = Some((k, score));
            }
        }
        let Some((k, _)) = best else { break };
        taken[k] = true;
        chosen.push(k);
    }
    chosen
        .into_iter()
        .map(|k| cands[pool[k].0].variant.clone())
        .collect()
}

/// Replaces a product's name, brand, category, price and discount in filled
/// text by slots, so the critic reads text of any backend as a template.
pub fn deslot(text: &str, p: &Product, currency: &str) -> String {
    let mut out = text.to_string();
    let mut subs: Vec<(String, &str)> = vec![(p.title.clone(), "{product}")];
    if let Some(s) = super::slots::shorten_name(&p.title, p.brand.as_deref(), 26, false) {
        subs.push((s, "{product}"));
    }
    if let Some(b) = &p.brand {
        subs.push((b.clone(), "{brand}"));
    }
    if let Some(c) = &p.category {
        subs.push((c.clone(), "{category}"));
    }
    if let Some(x) = p.price {
        subs.push((
            super::slots::format_price(x, p.discount, currency),
            "{price}",
        ));
    }
    if let Some(d) = p.discount {
        subs.push((super::slots::format_discount(d), "{discount}"));
    }
    subs.sort_by_key(|s| std::cmp::Reverse(s.0.len()));
    for (from, to) in subs {
        if from.trim().is_empty() {
            continue;
        }
        out = replace_ci(&out, &from, to);
    }
    out
}

fn replace_ci(text: &str, from: &str, to: &str) -> String {
    let lower = text.to_lowercase();
    let f = from.to_lowercase();
    if lower.len() != text.len() || f.is_empty() {
        return text.replace(from, to);
    }
    let mut out = String::new();
    let mut i = 0;
    while let Some(pos) = lower[i..].find(&f) {
        out.push_str(&text[i..i + pos]);
        out.push_str(to);
        i += pos + f.len();
    }
    out.push_str(&text[i..]);
    out
}

/// Whether free text names the product: its short name or its head noun.
pub fn mentions(text: &str, p: &Product) -> bool {
    let t = text.to_lowercase();
    if t.contains(&p.title.to_lowercase()) {
        return true;
    }
    if let Some(s) = super::slots::shorten_name(&p.title, p.brand.as_deref(), 26, true) {
        if t.contains(&s.to_lowercase()) {
            return true;
        }
    }
    let words: Vec<&str> = p.title.split_whitespace().collect();
    words
        .iter()
        .rev()
        .find(|w| w.chars().all(|c| c.is_alphabetic() || c == '-') && w.chars().count() >= 4)
        .is_some_and(|head| {
            t.split(|c: char| !(c.is_alphanumeric() || c == '-'))
                .any(|w| w == head.to_lowercase() || w == format!("{}s", head.to_lowercase()))
        })
}

/// Width of a field as the variant records it.
pub fn width(text: &str, l: &Limits) -> usize {
    visible_width(text, l.liquid_width)
}
