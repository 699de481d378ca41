//! The generator: samples candidates in surplus from a backend, fills slots,
//! applies the guardrails, scores with the critic and keeps the best diverse
//! variants; samples again (new round, derived seed) until enough pass.

use super::assets::{self, Bundle};
use super::controls::{category_key, LenBucket};
use super::corpus::{prompt_ids, split_output};
use super::critic::Critic;
use super::gguf::{fit_sentences, GgufLm};
use super::gguf_prompt::echoes;
use super::guard::{check_text, unbacked_prices, Issue, Rules};
use super::model::CopyLm;
use super::native::NativeLm;
use super::rerank::{deslot, mentions, select, width, Candidate};
use super::sampling::Sampler;
use super::slots::{fill, format_price, SlotError};
use super::tokenizer::Tokenizer;
use super::{CopyRequest, GenOptions, Limits, Offer, Product, Variant};
use crate::error::{Error, Result};
use crate::jobs::JobCtx;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::path::Path;
use std::time::Instant;

enum Backend {
    Native(NativeLm),
    Gguf(Box<GgufLm>),
}

/// Loads once, generates many times; `Send`, so it can live in a job thread.
pub struct Generator {
    backend: Backend,
    critic: Critic,
    /// The copy tokenizer (the critic reads with it whatever the backend).
    tok: Tokenizer,
    model_id: String,
}

/// What one `generate` call did, for benchmarks and the TUI.
#[derive(Debug, Clone)]
pub struct Report {
    pub variants: Vec<Variant>,
    pub candidates: Vec<Candidate>,
    pub tokens: usize,
    pub seconds: f64,
}

impl Generator {
    /// The copy model committed in assets/copy (embedded in the binary).
    pub fn load_default() -> Result<Generator> {
        Self::from_bundle(assets::bundled()?)
    }

    /// A model folder written by `pushbench copy train`.
    pub fn load_dir(dir: &Path) -> Result<Generator> {
        Self::from_bundle(assets::load_dir(dir)?)
    }

    fn from_bundle(b: Bundle) -> Result<Generator> {
        let model = CopyLm::from_tensors(&b.card.lm, &b.lm)?;
        let critic = Critic::from_tensors(&b.card.critic, &b.critic)?;
        Ok(Generator {
            backend: Backend::Native(NativeLm::new(model, b.tok.clone())),
            critic,
            tok: b.tok,
            model_id: b.card.model_id,
        })
    }

    /// A pretrained llama-family GGUF model; the bundled critic reranks.
    pub fn load_gguf(path: &Path) -> Result<Generator> {
        let b = assets::bundled()?;
        let critic = Critic::from_tensors(&b.card.critic, &b.critic)?;
        let lm = GgufLm::load(path)?;
        Ok(Generator {
            model_id: lm.id.clone(),
            backend: Backend::Gguf(Box::new(lm)),
            critic,
            tok: b.tok,
        })
    }

    pub fn model_id(&self) -> &str {
        &self.model_id
    }

    pub fn is_gguf(&self) -> bool {
        matches!(self.backend, Backend::Gguf(_))
    }

    /// `opts.n` variants, best first.
    pub fn generate(
        &self,
        req: &CopyRequest,
        opts: &GenOptions,
        ctx: &JobCtx,
    ) -> Result<Vec<Variant>> {
        Ok(self.generate_report(req, opts, ctx)?.variants)
    }

    pub fn generate_report(
        &self,
        req: &CopyRequest,
        opts: &GenOptions,
        ctx: &JobCtx,
    ) -> Result<Report> {
        if req.products.is_empty() {
            return Err(Error::Other(
                "copy: no products to write about (the segment has no recommendations)".into(),
            ));
        }
        if opts.n == 0 {
            return Err(Error::Other("copy: --n must be at least 1".into()));
        }
        if req.offer == Offer::Discount
            && !req
                .products
                .iter()
                .any(|p| p.discount.is_some_and(|d| d > 0.0))
        {
            // every discount line would promise a cut the data cannot back
            return Err(Error::Other(
                "copy: a discount offer needs a discount to promise (--discount PCT)".into(),
            ));
        }
        let started = Instant::now();
        let limits = opts
            .limits
            .unwrap_or_else(|| Limits::for_platform(req.platform));
        let rules = Rules::new(limits).ban(&opts.banned_words);
        let per_round = if self.is_gguf() {
            opts.n * 2
        } else {
            (opts.n * opts.surplus.max(1)).max(8)
        };
        let mut all: Vec<Candidate> = Vec::new();
        let mut variants = Vec::new();
        for round in 0..opts.max_rounds.max(1) {
            ctx.check()?;
            let seed = opts.seed.wrapping_add(round as u64 * 7919);
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let start = all.len();
            let new = self.candidates(req, opts, &rules, per_round, start, seed, &mut rng, ctx)?;
            all.extend(new);
            variants = select(&all, opts.n, &limits);
            ctx.progress(
                ((round + 1) as f64 / opts.max_rounds.max(1) as f64)
                    .max(variants.len() as f64 / opts.n as f64),
                &format!("{} of {} variants", variants.len(), opts.n),
            );
            if variants.len() >= opts.n {
                break;
            }
        }
        if variants.is_empty() {
            let mut why: Vec<String> = all
                .iter()
                .flat_map(|c| c.issues.iter().map(|i| i.to_string()))
                .collect();
            why.sort();
            why.dedup();
            why.truncate(6);
            return Err(Error::Other(format!(
                "copy: none of {} candidates passed the guardrails ({})",
                all.len(),
                why.join("; ")
            )));
        }
        Ok(Report {
            variants,
            tokens: all.iter().map(|c| c.tokens).sum(),
            candidates: all,
            seconds: started.elapsed().as_secs_f64(),
        })
    }

    /// Samples `count` candidates (no selection); `offset` numbers products.
    #[allow(clippy::too_many_arguments)]
    pub fn candidates(
        &self,
        req: &CopyRequest,
        opts: &GenOptions,
        rules: &Rules,
        count: usize,
        offset: usize,
        seed: u64,
        rng: &mut ChaCha8Rng,
        ctx: &JobCtx,
    ) -> Result<Vec<Candidate>> {
        let sampler = Sampler::from_opts(opts);
        let persona = req.persona();
        let products: Vec<&Product> = (0..count)
            .map(|i| &req.products[(offset + i) % req.products.len()])
            .collect();
        let mut out = Vec::with_capacity(count);
        match &self.backend {
            Backend::Native(lm) => {
                let buckets = LenBucket::fitting(rules.limits.body);
                let prompts: Vec<Vec<u32>> = products
                    .iter()
                    .enumerate()
                    .map(|(i, p)| {
                        let cat = category_key(p.category.as_deref());
                        prompt_ids(
                            &self.tok,
                            req.tone,
                            req.offer,
                            cat,
                            persona,
                            buckets[i % buckets.len()],
                        )
                    })
                    .collect();
                let mut rows = Vec::with_capacity(count);
                for chunk in prompts.chunks(32) {
                    ctx.check()?;
                    rows.extend(lm.sample(chunk, &sampler, rng)?);
                }
                let templates: Vec<(String, String)> =
                    rows.iter().map(|r| split_output(&self.tok, r)).collect();
                let cats: Vec<&str> = products
                    .iter()
                    .map(|p| category_key(p.category.as_deref()))
                    .collect();
                let scores = self
                    .critic
                    .score(&self.tok, &templates, &cats, req.tone, persona)?;
                for (i, (tt, bt)) in templates.into_iter().enumerate() {
                    let p = products[i];
                    let mut slot_issues = Vec::new();
                    let title = fill_or_keep(&tt, p, req, true, &rules.limits, &mut slot_issues);
                    let body = fill_or_keep(&bt, p, req, false, &rules.limits, &mut slot_issues);
                    let names = tt.contains("{product}") || bt.contains("{product}");
                    // the corpus names the product once per field
                    if tt.matches("{product}").count() > 1 || bt.matches("{product}").count() > 1 {
                        slot_issues.push(Issue::Repetition {
                            text: "{product}".into(),
                        });
                    }
                    let v = self.variant(
                        req,
                        p,
                        title,
                        body,
                        scores[i].score,
                        Some((tt, bt)),
                        seed,
                        &rules.limits,
                    );
                    out.push(candidate(v, p, rules, slot_issues, names, rows[i].len()));
                }
            }
            Backend::Gguf(lm) => {
                let pre = lm.prefill(req, seed)?;
                let mut i = 0;
                while i < count {
                    let p = products[i];
                    let k = (count - i).min(2);
                    for r in lm.sample(&pre, req, p, k, &sampler, rng, ctx)? {
                        let body =
                            fit_sentences(&r.body, rules.limits.body, rules.limits.liquid_width);
                        // the reply as a template, so each user's product fills it
                        let pair = (
                            deslot(&r.title, p, &req.currency),
                            deslot(&body, p, &req.currency),
                        );
                        let cat = [category_key(p.category.as_deref())];
                        let score = self.critic.score(
                            &self.tok,
                            std::slice::from_ref(&pair),
                            &cat,
                            req.tone,
                            persona,
                        )?[0]
                            .score;
                        let names = mentions(&format!("{} {}", r.title, body), p);
                        let prices: Vec<String> = p
                            .price
                            .map(|x| {
                                vec![
                                    format_price(x, None, &req.currency),
                                    format_price(x, p.discount, &req.currency),
                                ]
                            })
                            .unwrap_or_default();
                        let mut wrong = unbacked_prices(
                            &format!("{} {}", r.title, body),
                            &req.currency,
                            &prices,
                        );
                        if let Some(text) = echoes(req, &r.title, &body) {
                            wrong.push(Issue::PromptEcho { text });
                        }
                        if let Some(word) = product_bound(&pair.0, &pair.1, p) {
                            wrong.push(Issue::ProductBound { word });
                        }
                        let v = self.variant(
                            req,
                            p,
                            r.title,
                            body,
                            score,
                            Some(pair),
                            seed,
                            &rules.limits,
                        );
                        out.push(candidate(v, p, rules, wrong, names, r.tokens));
                    }
                    i += k;
                    ctx.progress(i as f64 / count as f64, &format!("{i}/{count} candidates"));
                }
            }
        }
        Ok(out)
    }

    #[allow(clippy::too_many_arguments)]
    fn variant(
        &self,
        req: &CopyRequest,
        p: &Product,
        title: String,
        body: String,
        critic_score: f32,
        template: Option<(String, String)>,
        seed: u64,
        limits: &Limits,
    ) -> Variant {
        Variant {
            title_chars: width(&title, limits),
            body_chars: width(&body, limits),
            title,
            body,
            tone: req.tone,
            offer: req.offer,
            products: vec![p.item_id.clone()],
            critic_score,
            model_id: self.model_id.clone(),
            seed,
            discount: p.discount.filter(|d| *d > 0.0),
            template,
        }
    }
}

fn candidate(
    v: Variant,
    p: &Product,
    rules: &Rules,
    mut issues: Vec<Issue>,
    names: bool,
    tokens: usize,
) -> Candidate {
    // the product's facts (newness, stock, the users' carts, ...) back its claims
    for i in check_text(&v.title, &v.body, &p.backing(), rules) {
        if !issues.contains(&i) {
            issues.push(i);
        }
    }
    Candidate {
        variant: v,
        issues,
        names_product: names,
        tokens,
    }
}

/// A word of the product's own name, brand or category the template still
/// says outside its slots ("Your lamp is waiting" after `{product}` took
/// "Lumo Cedar Desk Lamp"): filled for another user's product it would be
/// wrong.
pub fn product_bound(title: &str, body: &str, p: &Product) -> Option<String> {
    const COMMON: &[&str] = &[
        "with", "your", "this", "that", "from", "pack", "more", "best", "home", "just", "the",
        "and", "for", "new", "set", "one", "all",
    ];
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 3)
            .map(|w| w.to_lowercase())
            .collect()
    };
    let own: Vec<String> = [
        Some(p.title.as_str()),
        p.brand.as_deref(),
        p.category.as_deref(),
    ]
    .into_iter()
    .flatten()
    .flat_map(words)
    .filter(|w| !COMMON.contains(&w.as_str()) && !w.chars().all(|c| c.is_ascii_digit()))
    .collect();
    let mut text = String::new();
    let mut in_slot = false;
    for c in format!("{title} {body}").chars() {
        match c {
            '{' => in_slot = true,
            '}' => {
                in_slot = false;
                text.push(' ');
            }
            _ if !in_slot => text.push(c),
            _ => {}
        }
    }
    words(&text).into_iter().find(|w| {
        own.iter()
            .any(|o| o == w || o.strip_suffix('s') == Some(w) || w.strip_suffix('s') == Some(o))
    })
}

/// Fills a template; on failure keeps it as is and records why.
fn fill_or_keep(
    t: &str,
    p: &Product,
    req: &CopyRequest,
    title: bool,
    l: &Limits,
    issues: &mut Vec<Issue>,
) -> String {
    let max = if title { l.title } else { l.body };
    match fill(t, p, &req.currency, max, l.liquid_width) {
        Ok(s) => s,
        Err(e) => {
            issues.push(match e {
                SlotError::Unknown(tag) => Issue::UnknownTag { tag },
                SlotError::NoValue(s) if s == "{discount}" => Issue::UnbackedDiscount { text: s },
                SlotError::NoValue(slot) => Issue::UnfilledSlot { slot },
                SlotError::TooLong if title => Issue::TitleTooLong {
                    width: width(t, l),
                    max,
                },
                SlotError::TooLong => Issue::BodyTooLong {
                    width: width(t, l),
                    max,
                },
            });
            t.to_string()
        }
    }
}
