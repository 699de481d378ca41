//! Quality and speed figures: share of raw candidates passing the guardrails,
//! distinct share, share not verbatim in the corpus, distinct-2, candidates
//! and tokens per second, and sample lines per tone.

use super::corpus::{key, Line};
use super::generate::Generator;
use super::guard::Rules;
use super::rerank::Candidate;
use super::{CopyRequest, GenOptions, Limits, Offer, Product, Tone};
use crate::error::Result;
use crate::jobs::JobCtx;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use std::collections::HashSet;
use std::time::Instant;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Quality {
    pub candidates: usize,
    /// Share passing every guardrail (and naming a product) before filtering.
    pub pass_share: f64,
    /// Share of distinct filled lines.
    pub distinct_share: f64,
    /// Share whose template is not verbatim in the corpus (`None` for
    /// backends that write no templates).
    pub novel_share: Option<f64>,
    /// Distinct word bigrams over all bigrams.
    pub distinct2: f64,
}

/// Word n-grams: unique over total, across all texts.
pub fn distinct_n(texts: &[String], n: usize) -> f64 {
    let mut total = 0usize;
    let mut seen = HashSet::new();
    for t in texts {
        let words: Vec<String> = t
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .filter(|w| !w.is_empty())
            .map(|w| w.to_string())
            .collect();
        for g in words.windows(n) {
            total += 1;
            seen.insert(g.to_vec());
        }
    }
    if total == 0 {
        0.0
    } else {
        seen.len() as f64 / total as f64
    }
}

pub fn corpus_keys(lines: &[Line]) -> HashSet<String> {
    lines.iter().map(|l| key(&l.title, &l.body)).collect()
}

pub fn quality(cands: &[Candidate], corpus: &HashSet<String>) -> Quality {
    let n = cands.len().max(1) as f64;
    let texts: Vec<String> = cands
        .iter()
        .map(|c| format!("{} {}", c.variant.title, c.variant.body))
        .collect();
    let distinct: HashSet<String> = texts.iter().map(|t| t.to_lowercase()).collect();
    let templates: Vec<&(String, String)> = cands
        .iter()
        .filter_map(|c| c.variant.template.as_ref())
        .collect();
    let novel_share = (!templates.is_empty()).then(|| {
        templates
            .iter()
            .filter(|(t, b)| !corpus.contains(&key(t, b)))
            .count() as f64
            / templates.len() as f64
    });
    Quality {
        candidates: cands.len(),
        pass_share: cands.iter().filter(|c| c.passes()).count() as f64 / n,
        distinct_share: distinct.len() as f64 / n,
        novel_share,
        distinct2: distinct_n(&texts, 2),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub model_id: String,
    pub quality: Quality,
    pub seconds: f64,
    pub candidates_per_s: f64,
    pub tokens: usize,
    pub tokens_per_s: f64,
    /// Full pipeline (surplus, critic, rerank) runs of 5 variants, one per tone.
    pub pipeline_variants_per_s: f64,
    /// Ten passing lines per tone ("title | body").
    pub samples: Vec<(Tone, Vec<String>)>,
}

/// The facts an offer rests on, taken as given by the benchmark (the
/// products are the data's, the offers every one of them): new for new
/// arrivals, restocked for back in stock, in the cart for a cart reminder,
/// due for a refill.
fn assumed_facts(offer: Offer) -> super::claims::Backing {
    super::claims::Backing {
        new_item: offer == Offer::NewArrival,
        restocked: offer == Offer::BackInStock,
        in_cart: offer == Offer::CartReminder,
        viewed: offer == Offer::CartReminder,
        refill_due: offer == Offer::Replenishment,
        ..Default::default()
    }
}

/// Samples `total` raw candidates spread over tones and offers for the
/// products, then times the full pipeline once per tone.
pub fn bench(
    g: &Generator,
    products: &[Product],
    total: usize,
    seed: u64,
    corpus: &HashSet<String>,
    ctx: &JobCtx,
) -> Result<BenchReport> {
    let limits = Limits::for_platform(super::Platform::Ios);
    let rules = Rules::new(limits);
    let opts = GenOptions {
        seed,
        ..GenOptions::default()
    };
    let mut all: Vec<Candidate> = Vec::new();
    let mut samples = Vec::new();
    let started = Instant::now();
    let per_tone = total.div_ceil(Tone::ALL.len());
    for (ti, &tone) in Tone::ALL.iter().enumerate() {
        let mut mine: Vec<Candidate> = Vec::new();
        let per_offer = per_tone.div_ceil(Offer::ALL.len());
        for (oi, &offer) in Offer::ALL.iter().enumerate() {
            let count = per_offer.min(per_tone - mine.len().min(per_tone));
            if count == 0 {
                break;
            }
            let mut req = CopyRequest::new("Mainstream users", "");
            req.tone = tone;
            req.offer = offer;
            req.products = products.to_vec();
            for p in &mut req.products {
                p.discount = (offer == Offer::Discount).then_some(20.0);
                p.facts = assumed_facts(offer);
            }
            let s = seed.wrapping_add((ti * 31 + oi) as u64);
            let mut rng = ChaCha8Rng::seed_from_u64(s);
            mine.extend(g.candidates(&req, &opts, &rules, count, oi, s, &mut rng, ctx)?);
            ctx.progress((all.len() + mine.len()) as f64 / total as f64, "sampling");
        }
        // passing lines, taken in turn from each offer
        let mut seen = HashSet::new();
        let groups: Vec<Vec<String>> = Offer::ALL
            .iter()
            .map(|o| {
                mine.iter()
                    .filter(|c| c.passes() && c.variant.offer == *o)
                    .map(|c| format!("{} | {}", c.variant.title, c.variant.body))
                    .filter(|l| seen.insert(l.clone()))
                    .collect()
            })
            .collect();
        let mut lines = Vec::new();
        for k in 0..per_tone {
            lines.extend(groups.iter().filter_map(|g| g.get(k).cloned()));
        }
        lines.truncate(10);
        samples.push((tone, lines));
        all.extend(mine);
    }
    let seconds = started.elapsed().as_secs_f64();
    let tokens: usize = all.iter().map(|c| c.tokens).sum();
    let p0 = Instant::now();
    let mut kept = 0usize;
    for &tone in Tone::ALL {
        let mut req = CopyRequest::new("Mainstream users", "");
        req.tone = tone;
        req.products = products.to_vec();
        for p in &mut req.products {
            p.facts = assumed_facts(req.offer);
        }
        kept += g
            .generate(
                &req,
                &GenOptions {
                    n: 5,
                    seed,
                    ..GenOptions::default()
                },
                ctx,
            )?
            .len();
    }
    let pipeline = p0.elapsed().as_secs_f64();
    Ok(BenchReport {
        model_id: g.model_id().to_string(),
        quality: quality(&all, corpus),
        seconds,
        candidates_per_s: all.len() as f64 / seconds.max(1e-9),
        tokens,
        tokens_per_s: tokens as f64 / seconds.max(1e-9),
        pipeline_variants_per_s: kept as f64 / pipeline.max(1e-9),
        samples,
    })
}
