//! The one way a segment becomes a copy request: its profile, its
//! recommended products and the copy settings, with one seed rule, so the
//! TUI, `pushbench copy generate` and `pushbench campaign run` write the same
//! drafts for the same segment and settings.

use crate::copy::{CopyRequest, Offer, Platform, Product, Tone};
use crate::data::Dataset;
use crate::recommend::{Method, Models};
use crate::segment::Segmentation;

/// What the copy is asked for, besides the segment.
#[derive(Debug, Clone, PartialEq)]
pub struct BriefSpec {
    pub tone: Tone,
    pub offer: Offer,
    pub platform: Platform,
    pub currency: String,
    /// Discount in percent the offer backs (None: no price cut may be promised).
    pub discount: Option<f32>,
    /// The recommender whose top items for the segment the copy may name.
    pub method: Method,
    /// How many products the copy may name.
    pub products: usize,
}

impl Default for BriefSpec {
    fn default() -> Self {
        BriefSpec {
            tone: Tone::Friendly,
            offer: Offer::NewArrival,
            platform: Platform::Ios,
            currency: "$".into(),
            discount: None,
            method: Method::Hybrid,
            products: 5,
        }
    }
}

/// Why no request could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BriefError {
    #[error("no segment {0}")]
    NoSegment(usize),
    #[error("no products to promote to {0}")]
    NoProducts(String),
}

/// The request for `segment`: its name and description, and its top
/// recommended products (best first) with the spec's discount.
pub fn request(
    ds: &Dataset,
    seg: &Segmentation,
    models: &Models,
    segment: usize,
    spec: &BriefSpec,
) -> Result<CopyRequest, BriefError> {
    let profile = seg
        .segments
        .iter()
        .find(|s| s.id == segment)
        .ok_or(BriefError::NoSegment(segment))?;
    let recs = models.recommend_for_segment(
        spec.method,
        &seg.members(segment),
        spec.products.max(1),
        &profile.name,
    );
    let mut req = CopyRequest::new(profile.name.clone(), profile.description.clone());
    req.tone = spec.tone;
    req.offer = spec.offer;
    req.platform = spec.platform;
    req.currency = spec.currency.clone();
    req.products = recs
        .iter()
        .map(|r| Product {
            discount: spec.discount,
            ..Product::from_dataset(ds, r.item)
        })
        .collect();
    if req.products.is_empty() {
        return Err(BriefError::NoProducts(profile.name.clone()));
    }
    Ok(req)
}

/// The sampling seed of a segment's `round`-th request (0 for the first):
/// a different stream per segment and per regeneration, reproducible.
pub fn seed(base: u64, segment: usize, round: u64) -> u64 {
    base.wrapping_add((segment as u64).wrapping_mul(1_000_003))
        .wrapping_add(round.wrapping_mul(7919))
}
