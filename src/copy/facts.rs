//! What the data says about each item and each user, for claims and for
//! choosing the offer: an item's newness, stock and popularity; a user's
//! cart (carted, not bought since), refills that are due, whether they have
//! lapsed. Built once per dataset in one pass over the events.

use super::claims::Backing;
use super::controls::{category_key, Offer};
use crate::data::{Dataset, EventKind};
use std::collections::HashMap;

const DAY: i64 = 86_400;

/// Settings of the facts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FactRules {
    /// An item first seen within this many days before the data ends is new.
    pub new_days: u32,
    /// A user with no event in this many days before the data ends has lapsed.
    pub lapsed_days: u32,
    /// Stock at or below this (above 0) is low.
    pub low_stock: f32,
    /// Share of items (by buyers) that counts as popular.
    pub popular_share: f64,
    /// Fewest buyers for an item to count as popular.
    pub popular_min_users: usize,
}

impl Default for FactRules {
    fn default() -> Self {
        FactRules {
            new_days: 30,
            lapsed_days: 30,
            low_stock: 10.0,
            popular_share: 0.05,
            popular_min_users: 10,
        }
    }
}

/// Item facts of a dataset; user facts on demand.
#[derive(Debug, Clone)]
pub struct DataFacts {
    pub rules: FactRules,
    /// Last event time (seconds); the "now" of every fact.
    pub end: i64,
    /// First event time: an item seen this early may be older than the data.
    pub start: i64,
    first_seen: Vec<i64>,
    popular: Vec<bool>,
    low_stock: Vec<bool>,
    restocked: Vec<bool>,
    /// Typical days between two purchases of the item by one user.
    interval_days: Vec<Option<f64>>,
    /// Repurchases of the item seen (gaps of a day or more).
    repurchases: Vec<usize>,
    offsets: Vec<usize>,
    /// Whether the data has cart and purchase events at all.
    pub has_carts: bool,
    pub has_purchases: bool,
}

/// One user's state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UserFacts {
    /// Items carted and not bought since, most recent first.
    pub in_cart: Vec<u32>,
    /// Items looked at (viewed, saved or carted) and not bought since, most
    /// recent first.
    pub viewed: Vec<u32>,
    /// Items the user bought whose usual interval has passed, most overdue first.
    pub refill_due: Vec<u32>,
    /// Items the user bought.
    pub bought: Vec<u32>,
    pub lapsed: bool,
}

impl UserFacts {
    /// Adds what is true of `item` for this user to `b`: their cart, their
    /// refill, whether they have bought before, whether they have lapsed.
    pub fn apply(&self, item: u32, b: &mut Backing) {
        b.in_cart = self.in_cart.contains(&item);
        b.viewed = self.viewed.contains(&item);
        b.refill_due = self.refill_due.contains(&item);
        b.first_order = self.bought.is_empty();
        b.lapsed = self.lapsed;
    }
}

fn numeric<'a>(ds: &'a Dataset, names: &[&str]) -> Option<&'a [f32]> {
    ds.catalogue
        .numeric
        .iter()
        .find(|(n, _)| names.contains(&n.to_lowercase().as_str()))
        .map(|(_, v)| v.as_slice())
}

/// Categories whose products are used up and bought again.
const CONSUMABLE: &[&str] = &["grocery", "beauty", "health", "pets", "baby"];

impl DataFacts {
    pub fn build(ds: &Dataset) -> DataFacts {
        Self::with_rules(ds, FactRules::default())
    }

    pub fn with_rules(ds: &Dataset, rules: FactRules) -> DataFacts {
        let n_items = ds.n_items();
        let ev = &ds.events;
        let end = ev.ts.iter().copied().max().unwrap_or(0);
        let start = ev.ts.iter().copied().min().unwrap_or(0);
        let mut first_seen = vec![i64::MAX; n_items];
        let mut buyers = vec![0usize; n_items];
        let mut gaps: Vec<Vec<f64>> = vec![Vec::new(); n_items];
        let offsets = ev.user_offsets(ds.n_users());
        let mut has_carts = false;
        let mut has_purchases = false;
        for i in 0..ev.len() {
            let it = ev.item[i] as usize;
            first_seen[it] = first_seen[it].min(ev.ts[i]);
            has_carts |= ev.kind[i] == EventKind::Cart;
            has_purchases |= ev.kind[i] == EventKind::Purchase;
        }
        for u in 0..ds.n_users() {
            let mut last: HashMap<u32, i64> = HashMap::new();
            for i in offsets[u]..offsets[u + 1] {
                if ev.kind[i] != EventKind::Purchase {
                    continue;
                }
                let it = ev.item[i];
                match last.insert(it, ev.ts[i]) {
                    None => buyers[it as usize] += 1,
                    Some(t) if ev.ts[i] - t >= DAY => {
                        gaps[it as usize].push((ev.ts[i] - t) as f64 / DAY as f64)
                    }
                    Some(_) => {}
                }
            }
        }
        let repurchases = gaps.iter().map(Vec::len).collect();
        let interval_days = gaps
            .iter_mut()
            .map(|g| {
                if g.len() < 2 {
                    return None;
                }
                g.sort_by(f64::total_cmp);
                Some(g[g.len() / 2])
            })
            .collect();
        // the top share of bought items, by buyers
        let mut counts: Vec<usize> = buyers.iter().copied().filter(|&b| b > 0).collect();
        counts.sort_unstable_by(|a, b| b.cmp(a));
        let k = ((counts.len() as f64 * rules.popular_share).ceil() as usize).max(1);
        let cut = counts.get(k - 1).copied().unwrap_or(usize::MAX);
        let popular = buyers
            .iter()
            .map(|&b| b >= cut && b >= rules.popular_min_users)
            .collect();
        let stock = numeric(
            ds,
            &["stock", "inventory", "stock_level", "quantity_available"],
        );
        let low_stock = (0..n_items)
            .map(|i| {
                stock
                    .and_then(|s| s.get(i))
                    .is_some_and(|&v| v > 0.0 && v <= rules.low_stock)
            })
            .collect();
        let back = numeric(ds, &["back_in_stock", "restocked"]);
        let restocked = (0..n_items)
            .map(|i| back.and_then(|s| s.get(i)).is_some_and(|&v| v == 1.0))
            .collect();
        DataFacts {
            rules,
            end,
            start,
            first_seen,
            popular,
            low_stock,
            restocked,
            interval_days,
            repurchases,
            offsets,
            has_carts,
            has_purchases,
        }
    }

    /// Whether the item first appears within the new-arrival window, and
    /// at least a week after the data starts (so it was not simply there
    /// before the log began).
    pub fn is_new(&self, item: u32) -> bool {
        self.first_seen.get(item as usize).is_some_and(|&t| {
            t != i64::MAX
                && self.end - t <= self.rules.new_days as i64 * DAY
                && t - self.start >= 7 * DAY
        })
    }

    /// What is true of the item whoever receives it.
    pub fn item(&self, ds: &Dataset, item: u32) -> Backing {
        let i = item as usize;
        Backing {
            new_item: self.is_new(item),
            low_stock: self.low_stock.get(i).copied().unwrap_or(false),
            restocked: self.restocked.get(i).copied().unwrap_or(false),
            popular: self.popular.get(i).copied().unwrap_or(false),
            category_key: Some(category_key(ds.item_category(item)).to_string()),
            ..Backing::default()
        }
    }

    pub fn user(&self, ds: &Dataset, user: u32) -> UserFacts {
        let ev = &ds.events;
        let u = user as usize;
        let Some(range) = self.offsets.get(u).zip(self.offsets.get(u + 1)) else {
            return UserFacts::default();
        };
        let (lo, hi) = (*range.0, *range.1);
        let mut carted: HashMap<u32, i64> = HashMap::new();
        let mut looked: HashMap<u32, i64> = HashMap::new();
        let mut bought: HashMap<u32, (i64, usize, i64)> = HashMap::new(); // last, count, first
        let mut last_seen = i64::MIN;
        for i in lo..hi {
            let it = ev.item[i];
            last_seen = last_seen.max(ev.ts[i]);
            match ev.kind[i] {
                EventKind::Cart => {
                    carted.insert(it, ev.ts[i]);
                    looked.insert(it, ev.ts[i]);
                }
                EventKind::View | EventKind::Favorite => {
                    looked.insert(it, ev.ts[i]);
                }
                EventKind::Purchase => {
                    carted.remove(&it);
                    looked.remove(&it);
                    let e = bought.entry(it).or_insert((ev.ts[i], 0, ev.ts[i]));
                    e.0 = e.0.max(ev.ts[i]);
                    e.1 += 1;
                    e.2 = e.2.min(ev.ts[i]);
                }
                _ => {}
            }
        }
        let recent_first = |m: HashMap<u32, i64>| {
            let mut v: Vec<(u32, i64)> = m.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            v.into_iter().map(|(i, _)| i).collect::<Vec<u32>>()
        };
        let in_cart = recent_first(carted);
        let viewed = recent_first(looked);
        let mut due: Vec<(u32, f64)> = bought
            .iter()
            .filter_map(|(&it, &(last, n, first))| {
                let own = (n >= 2 && last - first >= DAY)
                    .then(|| (last - first) as f64 / DAY as f64 / (n - 1) as f64);
                let typical = self.interval_days.get(it as usize).copied().flatten();
                // used up and bought again: a consumable category, or (for
                // categories pushbench does not know) bought again often
                // (a category pushbench knows as consumable, or one it does not
                // know) with repurchases seen: by this user, or by others
                let key = category_key(ds.item_category(it));
                let seen = n >= 2 || self.repurchases.get(it as usize).is_some_and(|&r| r >= 3);
                let used_up = (CONSUMABLE.contains(&key) && looks_consumable(ds.item_title(it)))
                    || key == "general";
                let consumable = seen && used_up;
                let interval = own.or(typical)?;
                let since = (self.end - last) as f64 / DAY as f64;
                (consumable && since >= interval).then_some((it, since / interval))
            })
            .collect();
        due.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut bought: Vec<u32> = bought.into_keys().collect();
        bought.sort_unstable();
        UserFacts {
            in_cart,
            viewed,
            refill_due: due.into_iter().map(|(i, _)| i).collect(),
            bought,
            lapsed: hi > lo && self.end - last_seen > self.rules.lapsed_days as i64 * DAY,
        }
    }

    /// Items in the members' carts (not bought since), most carted first.
    pub fn cart_items(&self, ds: &Dataset, members: &[u32]) -> Vec<u32> {
        self.most_common(members, |u| self.user(ds, u).in_cart)
    }

    /// Items due for a refill among the members, most common first.
    pub fn refill_items(&self, ds: &Dataset, members: &[u32]) -> Vec<u32> {
        self.most_common(members, |u| self.user(ds, u).refill_due)
    }

    fn most_common(&self, members: &[u32], f: impl Fn(u32) -> Vec<u32>) -> Vec<u32> {
        let mut count: HashMap<u32, usize> = HashMap::new();
        for &u in members {
            for i in f(u) {
                *count.entry(i).or_default() += 1;
            }
        }
        let mut v: Vec<(u32, usize)> = count.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v.into_iter().map(|(i, _)| i).collect()
    }

    /// How many of the members each offer could reach truthfully, and the
    /// offer the data backs best (see [`OfferFit::best`]).
    pub fn offer_fit(
        &self,
        ds: &Dataset,
        members: &[u32],
        recommended: &[u32],
        discount: bool,
    ) -> OfferFit {
        let mut fit = OfferFit {
            members: members.len(),
            discount,
            new_items: recommended.iter().filter(|&&i| self.is_new(i)).count(),
            restocked_items: recommended
                .iter()
                .filter(|&&i| self.restocked.get(i as usize).copied().unwrap_or(false))
                .count(),
            ..OfferFit::default()
        };
        for &u in members {
            let f = self.user(ds, u);
            fit.with_cart += usize::from(!f.in_cart.is_empty());
            fit.with_refill += usize::from(!f.refill_due.is_empty());
            fit.lapsed += usize::from(f.lapsed);
            fit.first_timers += usize::from(f.bought.is_empty());
        }
        fit
    }
}

/// What the data backs for one segment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OfferFit {
    pub members: usize,
    pub discount: bool,
    /// Recommended items that are new / restocked.
    pub new_items: usize,
    pub restocked_items: usize,
    /// Members with an item in their cart / a refill due / lapsed / no
    /// purchase yet.
    pub with_cart: usize,
    pub with_refill: usize,
    pub lapsed: usize,
    pub first_timers: usize,
}

impl OfferFit {
    /// Whether the facts back the offer for at least some members, and why not.
    pub fn backs(&self, offer: Offer) -> Result<(), String> {
        match offer {
            Offer::Discount if !self.discount => {
                Err("a discount offer needs a discount to promise (set one)".into())
            }
            Offer::NewArrival if self.new_items == 0 => Err(
                "no recommended product first appears in the data's last 30 days, so none is new"
                    .into(),
            ),
            Offer::BackInStock if self.restocked_items == 0 => Err(
                "no recommended product is marked restocked (a catalogue `back_in_stock` column)"
                    .into(),
            ),
            Offer::CartReminder if self.with_cart == 0 => {
                Err("no user of the segment has an item left in their cart".into())
            }
            Offer::Replenishment if self.with_refill == 0 => {
                Err("no user of the segment is due to reorder something they buy".into())
            }
            _ => Ok(()),
        }
    }

    /// The offer to start from: a discount when one is set; a cart reminder
    /// when at least a fifth of the segment has a cart; a refill when a fifth
    /// is due; new arrivals when there are any; else whichever reaches most.
    pub fn best(&self) -> Option<Offer> {
        let fifth = self.members.div_ceil(5).max(1);
        if self.discount {
            return Some(Offer::Discount);
        }
        if self.with_cart >= fifth {
            return Some(Offer::CartReminder);
        }
        if self.with_refill >= fifth {
            return Some(Offer::Replenishment);
        }
        if self.new_items > 0 {
            return Some(Offer::NewArrival);
        }
        if self.restocked_items > 0 {
            return Some(Offer::BackInStock);
        }
        match (self.with_cart, self.with_refill) {
            (0, 0) => None,
            (c, r) if c >= r => Some(Offer::CartReminder),
            _ => Some(Offer::Replenishment),
        }
    }
}

/// The product name as a push shows it: catalogue spelling, a word repeated
/// later in the name dropped ("Hardcover Thriller Hardcover" → "Hardcover
/// Thriller").
pub fn display_name(title: &str) -> String {
    let mut seen: Vec<String> = Vec::new();
    let mut out: Vec<&str> = Vec::new();
    for w in title.split_whitespace() {
        let key: String = w
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_lowercase();
        if key.chars().count() >= 4 && seen.contains(&key) {
            continue;
        }
        seen.push(key);
        out.push(w);
    }
    out.join(" ")
}

/// Quantity units that mark a product that is used up ("100 Bags", "50 ml").
const UNITS: &[&str] = &[
    "ml", "l", "cl", "g", "kg", "oz", "lb", "lbs", "count", "ct", "pack", "pk", "bags", "capsules",
    "tablets", "pods", "sachets", "servings", "rolls", "wipes", "pcs",
];
/// Product nouns that are used up and bought again.
const USED_UP: &[&str] = &[
    "tea",
    "coffee",
    "diapers",
    "nappies",
    "gummies",
    "vitamins",
    "vitamin",
    "supplement",
    "probiotic",
    "shampoo",
    "conditioner",
    "soap",
    "detergent",
    "toothpaste",
    "wipes",
    "food",
    "treats",
    "litter",
    "granola",
    "cereal",
    "snacks",
    "sunscreen",
    "mascara",
    "cleanser",
    "moisturiser",
    "moisturizer",
    "serum",
    "lotion",
    "capsules",
    "tablets",
    "powder",
    "oil",
    "honey",
    "chocolate",
    "pasta",
    "rice",
    "beans",
    "formula",
    "kibble",
    "razor",
    "blades",
    "filters",
    "pods",
    "refill",
];

/// Whether a product title reads as something used up: a quantity with a
/// unit of content ("60 Count", "340 g") or a used-up noun ("Green Tea").
pub fn looks_consumable(title: &str) -> bool {
    let words: Vec<String> = title
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let unit = words
        .windows(2)
        .any(|w| w[0].chars().all(|c| c.is_ascii_digit()) && UNITS.contains(&w[1].as_str()))
        || words.iter().any(|w| {
            // "340g", "50ml"
            let digits = w.trim_end_matches(|c: char| c.is_alphabetic());
            !digits.is_empty()
                && digits.chars().all(|c| c.is_ascii_digit())
                && UNITS.contains(&&w[digits.len()..])
        });
    unit || words.iter().any(|w| USED_UP.contains(&w.as_str()))
}

/// Whether the catalogue names the item (not only its id).
pub fn has_title(ds: &Dataset, item: u32) -> bool {
    let t = ds.item_title(item).trim();
    !t.is_empty() && t != ds.items.name(item)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_drop_repeats() {
        assert_eq!(
            display_name("Hardcover Psychological Thriller Hardcover"),
            "Hardcover Psychological Thriller"
        );
        assert_eq!(display_name("Tea for Two for You"), "Tea for Two for You");
    }

    #[test]
    fn consumables_by_their_names() {
        for t in [
            "Blue Hen Jasmine Green Tea 100 Bags",
            "Clearwell Night Magnesium Gummies 60 Count",
            "Velvea Mineral Sunscreen 50 ml",
            "Harvest Lane Wildflower Honey 340g",
            "Little Lumen Overnight Diapers Size 3",
        ] {
            assert!(looks_consumable(t), "{t}");
        }
        for t in [
            "Pawsley Calming Pet Bed",
            "Barkhaven Nylon Leash 2 m",
            "Clearwell Clinical Digital Thermometer",
            "Little Lumen Essential Teething Ring",
        ] {
            assert!(!looks_consumable(t), "{t}");
        }
    }

    #[test]
    fn best_offer_follows_the_facts() {
        let mut f = OfferFit {
            members: 10,
            ..OfferFit::default()
        };
        assert_eq!(f.best(), None);
        assert!(f.backs(Offer::NewArrival).is_err());
        f.with_refill = 1;
        assert_eq!(f.best(), Some(Offer::Replenishment));
        f.with_cart = 2;
        assert_eq!(f.best(), Some(Offer::CartReminder));
        f.discount = true;
        assert_eq!(f.best(), Some(Offer::Discount));
    }
}
