//! The one way a segment becomes a copy request: its profile, its
//! recommended products and the copy settings, with one seed rule, so the
//! TUI, `pushbench copy generate` and `pushbench campaign run` write the same
//! drafts for the same segment and settings.

use crate::copy::claims::Backing;
use crate::copy::facts::{has_title, DataFacts};
use crate::copy::{CopyRequest, Offer, Platform, Product, Tone};
use crate::data::Dataset;
use crate::recommend::{Method, Models};
use crate::segment::Segmentation;

/// What the copy is asked for, besides the segment.
#[derive(Debug, Clone, PartialEq)]
pub struct BriefSpec {
    pub tone: Tone,
    /// What the push is about; `None`: the offer the data backs best for
    /// the segment ([`crate::copy::facts::OfferFit::best`]).
    pub offer: Option<Offer>,
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
            offer: None,
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
    /// The catalogue gives no product names (ids only): every line names one.
    #[error("the data names no products (items are ids only, no catalogue titles), so no copy can name one; load a catalogue with --items")]
    NoTitles,
    #[error("{offer} is not backed for segment {segment}: {why}")]
    Unbacked {
        offer: Offer,
        segment: String,
        why: String,
    },
    #[error("no offer is backed for segment {0}: no new or restocked products, no carts, no refills due and no discount set (set a discount)")]
    NoOffer(String),
}

/// The request for `segment`: its name and description, the offer (the
/// spec's, or the one the data backs best) and the products it may name,
/// best first, each with the facts that back claims about it: for a cart
/// reminder the items in the members' carts, for a refill the items they are
/// due to reorder, for new arrivals the new recommended items, else the
/// segment's recommendations.
pub fn request(
    ds: &Dataset,
    facts: &DataFacts,
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
    let members = seg.members(segment);
    let n = spec.products.max(1);
    // a wider pool, so an offer that needs new or restocked items finds some
    let recs: Vec<u32> = models
        .recommend_for_segment(spec.method, &members, (n * 8).max(40), &profile.name)
        .iter()
        .map(|r| r.item)
        .collect();
    if !recs.iter().any(|&i| has_title(ds, i)) && !recs.is_empty() {
        return Err(BriefError::NoTitles);
    }
    let fit = facts.offer_fit(ds, &members, &recs, spec.discount.is_some());
    let offer = match spec.offer {
        Some(o) => {
            fit.backs(o).map_err(|why| BriefError::Unbacked {
                offer: o,
                segment: profile.name.clone(),
                why,
            })?;
            o
        }
        None => fit
            .best()
            .ok_or_else(|| BriefError::NoOffer(profile.name.clone()))?,
    };
    let items: Vec<u32> = match offer {
        Offer::CartReminder => facts.cart_items(ds, &members),
        Offer::Replenishment => facts.refill_items(ds, &members),
        Offer::NewArrival => recs.iter().copied().filter(|&i| facts.is_new(i)).collect(),
        Offer::BackInStock => recs
            .iter()
            .copied()
            .filter(|&i| facts.item(ds, i).restocked)
            .collect(),
        Offer::Discount => recs,
    };
    let mut req = CopyRequest::new(profile.name.clone(), profile.description.clone());
    req.tone = spec.tone;
    req.offer = offer;
    req.platform = spec.platform;
    req.currency = spec.currency.clone();
    req.products = items
        .into_iter()
        .filter(|&i| has_title(ds, i))
        .take(n)
        .map(|i| Product {
            discount: spec.discount,
            // the cart, the refill, a first order and lapsing are each
            // user's: checked again per user when the campaign is exported
            facts: Backing {
                in_cart: offer == Offer::CartReminder,
                viewed: offer == Offer::CartReminder,
                refill_due: offer == Offer::Replenishment,
                first_order: fit.first_timers > 0,
                lapsed: fit.lapsed > 0,
                ..facts.item(ds, i)
            },
            ..Product::from_dataset(ds, i)
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
