//! Claims a push makes about the world (scarcity, deadlines, newness, stock,
//! the user's cart, a refill being due, ratings, sizes, low prices) and the
//! facts that back them. A claim with no fact behind it is refused: by the
//! generator, `pushbench copy check`, the Copy screen and every export.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What kind of fact a claim needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Claim {
    /// "Ends at midnight", "Last chance today": an end date for the offer.
    Deadline,
    /// "Only 3 left", "Selling fast": stock levels.
    Scarcity,
    /// "Back in stock", "Available again": a restock.
    Restock,
    /// "Just released", "New in": the item is new.
    Newness,
    /// "Still in your cart": the item is in this user's cart, not bought.
    Cart,
    /// "Made up your mind yet?", "Caught your eye": this user looked at the
    /// item (viewed, saved or carted it) and has not bought it since.
    Viewed,
    /// "Running low?", "Time to reorder": the user buys it and is due.
    Refill,
    /// "Top rated", "Bestseller", "Loved by": ratings or popularity.
    Popularity,
    /// "only $9.99", "for just": a discount behind the price.
    LowPrice,
    /// "Best price this month", "lowest price": price history (none is kept).
    PriceHistory,
    /// "For members", "members only": a membership the data does not record.
    Membership,
    /// "Free shipping", "free returns": shop terms no data layout records.
    Terms,
    /// "Clinically proven", "doctor recommended": health or efficacy claims.
    Efficacy,
    /// "Welcome aboard", "your first order": the user has not bought yet.
    FirstOrder,
    /// "We've missed you", "welcome back": the user has lapsed.
    Lapsed,
    /// "In your size": the user's size.
    Size,
}

impl Claim {
    /// Whether the claim is about the user (their cart, their refill, their
    /// first order, their lapsing): true for some users of a segment only.
    pub fn is_personal(self) -> bool {
        matches!(
            self,
            Claim::Cart | Claim::Viewed | Claim::Refill | Claim::FirstOrder | Claim::Lapsed
        )
    }

    /// The fact that would back it, for messages.
    pub fn needs(self) -> &'static str {
        match self {
            Claim::Deadline => "an end date for the offer (pushbench has none to give)",
            Claim::Scarcity => "stock data showing the item is low (a catalogue `stock` column)",
            Claim::Restock => {
                "a restock recorded in the catalogue (`restocked_at` or `back_in_stock`)"
            }
            Claim::Newness => "the item first appearing in the data within the new-arrival window",
            Claim::Cart => "the item in this user's cart and not bought since",
            Claim::Viewed => "the user having looked at this item and not bought it since",
            Claim::Refill => "a purchase of this item by the user whose usual interval has passed",
            Claim::Popularity => "ratings or sales that put the item at the top",
            Claim::LowPrice => "a discount on the offer",
            Claim::PriceHistory => "price history (pushbench keeps none)",
            Claim::Membership => "a membership (no data layout records one)",
            Claim::Terms => {
                "the shop's shipping, returns and gift terms (no data layout records them)"
            }
            Claim::Efficacy => {
                "evidence for a health, efficacy or composition claim (none is kept)"
            }
            Claim::FirstOrder => "a user who has not bought anything yet",
            Claim::Lapsed => "a user with no activity in the last 30 days of the data",
            Claim::Size => "the user's size (no data layout carries it)",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Claim::Deadline => "deadline",
            Claim::Scarcity => "scarcity",
            Claim::Restock => "restock",
            Claim::Newness => "newness",
            Claim::Cart => "cart",
            Claim::Viewed => "looked at it",
            Claim::Refill => "refill",
            Claim::Popularity => "popularity",
            Claim::LowPrice => "low price",
            Claim::PriceHistory => "price history",
            Claim::Membership => "membership",
            Claim::Terms => "shop terms",
            Claim::Efficacy => "efficacy or composition",
            Claim::FirstOrder => "first order",
            Claim::Lapsed => "lapsed",
            Claim::Size => "size",
        }
    }
}

impl fmt::Display for Claim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The facts true of one product (and, where known, one user) that claims
/// may rest on. `Default` backs nothing but plain description.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Backing {
    /// Discount in percent the offer backs.
    pub discount: Option<f32>,
    pub deadline: bool,
    pub low_stock: bool,
    pub restocked: bool,
    pub new_item: bool,
    pub in_cart: bool,
    /// The user looked at the item (a view, save or cart) and has not bought it.
    pub viewed: bool,
    pub refill_due: bool,
    pub popular: bool,
    /// The user has not bought anything yet / has lapsed.
    pub first_order: bool,
    pub lapsed: bool,
    /// The product's category key ([`super::controls::category_key`]); lines
    /// the corpus says only of other categories are refused. `None`: not checked.
    pub category_key: Option<String>,
}

impl Backing {
    pub fn backs(&self, c: Claim) -> bool {
        match c {
            Claim::Deadline => self.deadline,
            Claim::Scarcity => self.low_stock,
            Claim::Restock => self.restocked,
            Claim::Newness => self.new_item,
            Claim::Cart => self.in_cart,
            Claim::Viewed => self.viewed || self.in_cart,
            Claim::Refill => self.refill_due,
            Claim::Popularity => self.popular,
            Claim::FirstOrder => self.first_order,
            Claim::Lapsed => self.lapsed,
            Claim::LowPrice => self.discount.is_some_and(|d| d > 0.0),
            Claim::PriceHistory
            | Claim::Membership
            | Claim::Terms
            | Claim::Efficacy
            | Claim::Size => false,
        }
    }
}

mod detect;
mod phrases;

pub use detect::{claims_in, kinds, normalise, unbacked};

#[cfg(test)]
mod tests;
