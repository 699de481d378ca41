//! Push copy: a small transformer language model trained with candle on a
//! corpus written for this project, a critic that reranks candidates, slot
//! filling from recommended products, guardrails for platform limits and
//! style, and an optional pretrained GGUF backend (llama family, for example
//! SmolLM2-135M-Instruct).
//!
//! ```no_run
//! use pushbench::copy::{CopyRequest, GenOptions, Generator, Product};
//! use pushbench::jobs::JobCtx;
//! let g = Generator::load_default()?;
//! let mut req = CopyRequest::new("Bargain hunters", "buy on discount twice as often");
//! req.products.push(Product::new("I1", "Aurora Wireless Headphones"));
//! let variants = g.generate(&req, &GenOptions::default(), &JobCtx::none())?;
//! # Ok::<(), pushbench::Error>(())
//! ```

pub mod assets;
pub mod bpe;
pub mod claims;
pub mod controls;
pub mod corpus;
pub mod critic;
pub mod critic_train;
pub mod facts;
pub mod generate;
pub mod gguf;
pub mod gguf_prompt;
pub mod guard;
pub mod metrics;
pub mod model;
pub mod native;
pub mod optim;
pub mod pipeline;
pub mod platform;
pub mod preview;
pub mod rerank;
pub mod sampling;
pub mod slots;
pub mod spm;
pub mod taste;
pub mod tokenizer;
pub mod train;

pub use controls::{LenBucket, Offer, Persona, Tone};
pub use generate::Generator;
pub use guard::Issue;
pub use platform::{Limits, Platform};

use serde::{Deserialize, Serialize};

/// A product the copy may name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Product {
    pub item_id: String,
    pub title: String,
    pub category: Option<String>,
    pub brand: Option<String>,
    pub price: Option<f32>,
    /// Discount in percent (20 for 20% off), when the product is on offer.
    pub discount: Option<f32>,
    /// What the data says of it (newness, stock, and for the users the copy
    /// is for, their cart or a refill); claims only these back are allowed.
    #[serde(default)]
    pub facts: claims::Backing,
}

impl Product {
    pub fn new(item_id: impl Into<String>, title: impl Into<String>) -> Product {
        Product {
            item_id: item_id.into(),
            title: title.into(),
            category: None,
            brand: None,
            price: None,
            discount: None,
            facts: claims::Backing::default(),
        }
    }

    /// The facts claims about this product may rest on: its own, its
    /// discount and its category.
    pub fn backing(&self) -> claims::Backing {
        claims::Backing {
            discount: self.discount.filter(|d| *d > 0.0),
            category_key: Some(controls::category_key(self.category.as_deref()).to_string()),
            ..self.facts.clone()
        }
    }

    /// The product as a dataset's catalogue describes it.
    pub fn from_dataset(ds: &crate::data::Dataset, item: u32) -> Product {
        let c = &ds.catalogue;
        let i = item as usize;
        Product {
            item_id: ds.items.name(item).to_string(),
            title: facts::display_name(&crate::text::sanitize(ds.item_title(item))),
            category: ds.item_category(item).map(crate::text::sanitize),
            brand: c
                .brand
                .get(i)
                .copied()
                .flatten()
                .map(|b| crate::text::sanitize(c.brands.name(b))),
            price: c
                .price
                .get(i)
                .copied()
                .flatten()
                .filter(|p| p.is_finite() && *p > 0.0),
            discount: None,
            facts: claims::Backing::default(),
        }
    }
}

/// What to write for: the audience, the voice, the offer and the products.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CopyRequest {
    pub segment_name: String,
    pub segment_description: String,
    /// Persona to write for; inferred from the segment when `None`.
    pub persona: Option<Persona>,
    pub tone: Tone,
    pub offer: Offer,
    pub platform: Platform,
    /// Recommended products, best first; variants rotate through them.
    pub products: Vec<Product>,
    /// Currency symbol put before prices.
    pub currency: String,
}

impl CopyRequest {
    pub fn new(segment_name: impl Into<String>, description: impl Into<String>) -> CopyRequest {
        CopyRequest {
            segment_name: segment_name.into(),
            segment_description: description.into(),
            persona: None,
            tone: Tone::Friendly,
            offer: Offer::NewArrival,
            platform: Platform::Ios,
            products: Vec::new(),
            currency: "$".into(),
        }
    }

    pub fn persona(&self) -> Persona {
        self.persona
            .unwrap_or_else(|| Persona::infer(&self.segment_name, &self.segment_description))
    }
}

/// How to generate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GenOptions {
    /// Variants wanted.
    pub n: usize,
    pub seed: u64,
    pub temperature: f32,
    /// 0 disables top-k.
    pub top_k: usize,
    /// 1.0 disables nucleus sampling.
    pub top_p: f32,
    /// > 1 discourages repeating tokens already written.
    pub repeat_penalty: f32,
    /// Candidates sampled per wanted variant in each round.
    pub surplus: usize,
    /// Sampling rounds before giving up on reaching `n`.
    pub max_rounds: usize,
    /// Platform limits; `None` takes the request platform's defaults.
    pub limits: Option<Limits>,
    /// Extra banned words (added to the default list).
    pub banned_words: Vec<String>,
}

impl Default for GenOptions {
    fn default() -> Self {
        GenOptions {
            n: 5,
            seed: 42,
            temperature: 0.9,
            top_k: 40,
            top_p: 0.95,
            repeat_penalty: 1.15,
            surplus: 4,
            // claims each product's facts do not back are refused, so more
            // rounds may be needed to reach `n`
            max_rounds: 8,
            limits: None,
            banned_words: Vec::new(),
        }
    }
}

/// One generated push notification, filled and checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Variant {
    pub title: String,
    pub body: String,
    pub tone: Tone,
    pub offer: Offer,
    /// Item ids of the products the variant names.
    pub products: Vec<String>,
    /// Critic score in [0, 1]: reads like real copy and fits tone and persona.
    pub critic_score: f32,
    /// Display width of the title as a device shows it (Liquid tags counted
    /// at the limits' typical name width).
    pub title_chars: usize,
    pub body_chars: usize,
    pub model_id: String,
    pub seed: u64,
    /// The discount (percent) the variant may promise, if any.
    pub discount: Option<f32>,
    /// The line before slot filling (`{product}`, ...), when the model wrote one.
    pub template: Option<(String, String)>,
}
