//! The pipeline's copywriter: the copy module's generator (the trained model
//! bundled with pushbench, or a GGUF model) behind the [`Copywriter`] trait.

use super::config::PipelineConfig;
use super::model::{CopyProvenance, Platform};
use super::pipeline::{Brief, Copywriter, Draft};
use super::render::percent;
use crate::config::Paths;
use crate::copy::{self, GenOptions, Generator, Offer, Tone};
use crate::error::Result;
use crate::jobs::JobCtx;
use crate::workbench::brief::{self, BriefSpec};

/// The copy module's generator with the run's settings.
pub struct CopyModule {
    pub generator: Generator,
    pub tone: Option<Tone>,
    /// None: the offer the data backs best, per segment.
    pub offer: Option<Offer>,
    pub currency: String,
    pub discount: Option<f32>,
    pub seed: u64,
}

/// The default copywriter for a run: the model the campaign file names (a
/// GGUF file or a folder from `pushbench copy train`), else the bundled one.
pub fn default_copywriter(cfg: &PipelineConfig, _paths: &Paths) -> Result<Box<dyn Copywriter>> {
    let generator = match &cfg.copy_model {
        // A folder written by `pushbench copy train --out DIR`.
        Some(p) if p.is_dir() => Generator::load_dir(p)?,
        Some(p) => Generator::load_gguf(p)?,
        None => Generator::load_default()?,
    };
    let discount = cfg.campaign.discount.as_deref().and_then(percent);
    let offer = cfg.offer.as_deref().and_then(|o| o.parse::<Offer>().ok());
    Ok(Box::new(CopyModule {
        generator,
        tone: cfg.tone.as_deref().and_then(|t| t.parse().ok()),
        offer,
        currency: cfg.campaign.currency.clone(),
        discount,
        seed: cfg.copy_seed,
    }))
}

fn platform(p: Platform) -> copy::Platform {
    match p {
        Platform::Android => copy::Platform::Android,
        Platform::Web => copy::Platform::Web,
        // "all": the tightest title limit
        Platform::Ios | Platform::All => copy::Platform::Ios,
    }
}

impl Copywriter for CopyModule {
    fn settings(&self) -> Option<CopyProvenance> {
        Some(CopyProvenance {
            model_id: self.generator.model_id().to_string(),
            backend: if self.generator.is_gguf() {
                "gguf"
            } else {
                "native"
            }
            .into(),
            seed: Some(self.seed),
            tone: self.tone.map(|t| t.label().to_string()),
            offer: Some(
                self.offer
                    .map_or("chosen per segment from the data", |o| o.label())
                    .to_string(),
            ),
            platform: None,
            sampling: Some(GenOptions::default()),
        })
    }

    fn drafts(&self, b: &Brief, ctx: &JobCtx) -> Result<Vec<Draft>> {
        let spec = BriefSpec {
            tone: self.tone.unwrap_or(Tone::Friendly),
            offer: self.offer,
            platform: platform(b.platform),
            currency: self.currency.clone(),
            discount: self.discount,
            method: b.method,
            products: b.n_products,
        };
        let req = brief::request(b.ds, b.facts, b.segmentation, b.models, b.segment, &spec)
            .map_err(|e| crate::Error::Other(e.to_string()))?;
        let opts = GenOptions {
            n: b.n,
            seed: brief::seed(b.seed, b.segment, 0),
            ..GenOptions::default()
        };
        let variants = self.generator.generate(&req, &opts, ctx)?;
        Ok(variants
            .into_iter()
            .map(|v| {
                // Keep the slots, so each user's own product fills them.
                let (title, body) = v
                    .template
                    .clone()
                    .unwrap_or((v.title.clone(), v.body.clone()));
                Draft {
                    title,
                    body,
                    tone: v.tone.label().to_string(),
                    offer: Some(v.offer.label().to_string()),
                    products: v.products,
                    critic_score: v.critic_score,
                    model_id: v.model_id,
                    seed: v.seed,
                }
            })
            .collect())
    }
}

/// Stands in when approvals come from a saved campaign: nothing is written,
/// the saved copy settings are recorded.
pub struct SavedCopy(pub Option<CopyProvenance>);

impl Copywriter for SavedCopy {
    fn settings(&self) -> Option<CopyProvenance> {
        self.0.clone()
    }
    fn drafts(&self, _b: &Brief, _ctx: &JobCtx) -> Result<Vec<Draft>> {
        Err(crate::Error::Other(
            "internal: no copywriter for a run with saved approvals".into(),
        ))
    }
}

/// The copywriter a run needs: the copy model for automatic approval, none
/// (the saved settings) when approvals come from a saved campaign.
pub fn for_run(cfg: &PipelineConfig, paths: &Paths) -> Result<Box<dyn Copywriter>> {
    match cfg.approval {
        super::config::Approval::Auto { .. } => default_copywriter(cfg, paths),
        super::config::Approval::Saved { .. } => {
            Ok(Box::new(SavedCopy(cfg.campaign.provenance.copy.clone())))
        }
    }
}
