//! What the dataset supports: which feature columns to compute, decided once
//! before the per-user pass, with notes on what is left out and why.

use super::{Group, Transform, TOP_CATEGORIES};
use crate::data::{Dataset, EventKind};

pub(super) const DAY: i64 = 86_400;
/// Pseudo-count of the funnel-rate smoothing (towards the population rate).
pub(super) const SMOOTHING: f64 = 5.0;
/// Paid price below this fraction of the list price counts as a discount.
pub(super) const DISCOUNT_BELOW: f32 = 0.98;

// Column positions in the full per-user row.
pub(super) const RECENCY: usize = 0;
pub(super) const TENURE: usize = 1;
pub(super) const ACTIVE_DAYS: usize = 2;
pub(super) const SESSIONS: usize = 3;
pub(super) const EV_PER_SESSION: usize = 4;
pub(super) const PURCHASES: usize = 5;
pub(super) const SPEND: usize = 6;
pub(super) const AOV: usize = 7;
pub(super) const VIEW_TO_CART: usize = 8;
pub(super) const CART_TO_PURCHASE: usize = 9;
pub(super) const PURCHASE_RATIO: usize = 10;
pub(super) const SEARCH_SHARE: usize = 11;
pub(super) const AVG_DWELL: usize = 12;
pub(super) const AVG_RATING: usize = 13;
pub(super) const DISTINCT_ITEMS: usize = 14;
pub(super) const DISTINCT_CATS: usize = 15;
pub(super) const TOP_CAT_SHARE: usize = 16;
pub(super) const PRICE_BAND: usize = 17;
pub(super) const DISCOUNT_SHARE: usize = 18;
pub(super) const HOURS: usize = 19; // four columns: night, morning, afternoon, evening
pub(super) const WEEKEND: usize = 23;
pub(super) const N_BASE: usize = 24;

use Group as G;
use Transform::{Identity as Id, Log1p as Log};
#[rustfmt::skip]
const BASE: [(&str, &str, Group, Transform); N_BASE] = [
    ("recency_days", "days since last activity", G::Recency, Id),
    ("tenure_days", "days between first and last activity", G::Tenure, Id),
    ("active_days", "active days", G::Frequency, Log),
    ("sessions", "sessions", G::Frequency, Log),
    ("events_per_session", "events per session", G::Frequency, Log),
    ("purchases", "purchases", G::Frequency, Log),
    ("spend", "spend", G::Monetary, Log),
    ("aov", "average order value", G::Monetary, Log),
    ("view_to_cart", "view-to-cart rate", G::Funnel, Id),
    ("cart_to_purchase", "cart-to-purchase rate", G::Funnel, Id),
    ("purchase_ratio", "share of events that are purchases", G::Funnel, Id),
    ("search_share", "share of events that are searches", G::Engagement, Id),
    ("avg_dwell_s", "average dwell time (s)", G::Engagement, Log),
    ("avg_rating", "average rating", G::Engagement, Id),
    ("distinct_items", "distinct items", G::Breadth, Log),
    ("distinct_categories", "distinct categories", G::Breadth, Log),
    ("top_category_share", "share of the top category", G::Category, Id),
    ("price_band", "price percentile within category", G::Price, Id),
    ("discount_share", "share of carts and purchases at a discount", G::Price, Id),
    ("hour_night", "share of activity at night (0-6h)", G::Time, Id),
    ("hour_morning", "share of activity in the morning (6-12h)", G::Time, Id),
    ("hour_afternoon", "share of activity in the afternoon (12-18h)", G::Time, Id),
    ("hour_evening", "share of activity in the evening (18-24h)", G::Time, Id),
    ("weekend_share", "share of activity at weekends", G::Time, Id),
];

/// A column to compute.
pub(super) struct Spec {
    pub name: String,
    pub label: String,
    pub group: Group,
    pub transform: Transform,
    /// Part of a multi-column family that shares one unit of weight.
    pub shared: bool,
}

/// What the dataset supports, decided once before the per-user pass.
pub(super) struct Plan {
    pub notes: Vec<String>,
    pub(super) include: Vec<usize>,
    pub(super) specs_cat: Vec<String>,
    pub(super) end_ts: i64,
    pub(super) p_cart: f64,
    pub(super) p_purchase: f64,
    pub(super) item_pct: Vec<f32>,
    pub(super) top_cats: Vec<u32>,
    pub(super) n_categories: usize,
}

impl Plan {
    pub fn new(ds: &Dataset) -> Plan {
        let ev = &ds.events;
        let cat = &ds.catalogue;
        let mut notes = Vec::new();
        let mut counts = [0usize; 5];
        for k in &ev.kind {
            counts[*k as usize] += 1;
        }
        let c = |k: EventKind| counts[k as usize];
        let kinds_present = counts.iter().filter(|&&x| x > 0).count();
        let end_ts = ev.ts.iter().copied().max().unwrap_or(0);
        let timed = !ds.source.timestamp_format.starts_with("none");
        let mut inc: Vec<usize> = Vec::new();

        if timed {
            inc.extend([RECENCY, TENURE, ACTIVE_DAYS]);
        } else {
            notes.push(
                "no timestamps: recency, tenure, active days and time-of-day features left out"
                    .into(),
            );
        }
        if ev.session.is_some() {
            inc.extend([SESSIONS, EV_PER_SESSION]);
        } else if timed {
            inc.extend([SESSIONS, EV_PER_SESSION]);
            notes.push("no session ids: sessions inferred from 30-minute gaps".into());
        }
        if kinds_present == 1 {
            let only = EventKind::ALL
                .into_iter()
                .find(|k| c(*k) > 0)
                .map_or("?", |k| k.label());
            notes.push(format!(
                "only one event type ({only}): funnel rates and event-type shares left out"
            ));
        }
        if c(EventKind::Purchase) > 0 {
            inc.push(PURCHASES);
        } else {
            notes.push(
                "no purchase events: purchase, spend and order-value features left out".into(),
            );
        }
        // Prices: the event's paid price, else the catalogue price.
        let priced = |r: usize| {
            ev.price
                .as_ref()
                .is_some_and(|p| p[r].is_finite() && p[r] > 0.0)
                || cat
                    .price
                    .get(ev.item[r] as usize)
                    .copied()
                    .flatten()
                    .is_some()
        };
        let purchase_priced = (0..ev.len()).any(|r| ev.kind[r] == EventKind::Purchase && priced(r));
        if purchase_priced {
            inc.extend([SPEND, AOV]);
        } else if c(EventKind::Purchase) > 0 {
            notes.push("no prices: spend and average order value left out".into());
        }
        let (p_cart, p_purchase) = (
            c(EventKind::Cart) as f64 / c(EventKind::View).max(1) as f64,
            c(EventKind::Purchase) as f64 / c(EventKind::Cart).max(1) as f64,
        );
        if c(EventKind::View) > 0 && c(EventKind::Cart) > 0 {
            inc.push(VIEW_TO_CART);
        }
        if c(EventKind::Cart) > 0 && c(EventKind::Purchase) > 0 {
            inc.push(CART_TO_PURCHASE);
        }
        if c(EventKind::Cart) == 0 && kinds_present >= 2 && c(EventKind::Purchase) > 0 {
            inc.push(PURCHASE_RATIO);
            notes.push(
                "no cart events: the purchase share of events stands in for funnel rates".into(),
            );
        }
        if c(EventKind::Search) > 0 && kinds_present >= 2 {
            inc.push(SEARCH_SHARE);
        }
        if ev
            .dwell
            .as_ref()
            .is_some_and(|d| d.iter().any(|x| x.is_finite() && *x > 0.0))
        {
            inc.push(AVG_DWELL);
        } else {
            notes.push("no dwell times: average dwell left out".into());
        }
        if ev
            .rating
            .as_ref()
            .is_some_and(|r| r.iter().any(|x| x.is_finite()))
        {
            inc.push(AVG_RATING);
        }
        inc.push(DISTINCT_ITEMS);

        // Categories: breadth, top-category share and affinity to the global top.
        let mut cat_events = vec![0usize; cat.categories.len()];
        for it in &ev.item {
            if let Some(Some(cx)) = cat.category.get(*it as usize) {
                cat_events[*cx as usize] += 1;
            }
        }
        let mut top: Vec<u32> = (0..cat_events.len() as u32)
            .filter(|&i| cat_events[i as usize] > 0)
            .collect();
        top.sort_by_key(|&i| (std::cmp::Reverse(cat_events[i as usize]), i));
        let mut specs_cat = Vec::new();
        if top.len() >= 2 {
            inc.extend([DISTINCT_CATS, TOP_CAT_SHARE]);
            top.truncate(TOP_CATEGORIES);
            for &t in &top {
                specs_cat.push(cat.categories.name(t).to_string());
            }
        } else {
            top.clear();
            notes.push(if cat_events.iter().any(|&x| x > 0) {
                "a single item category: category features left out".into()
            } else {
                "no item categories: category features left out (give --items with a category column)".into()
            });
        }

        // Price band: percentile of the item's price within its category.
        let item_pct = price_percentiles(ds);
        if item_pct.iter().any(|p| p.is_finite()) {
            inc.push(PRICE_BAND);
        } else {
            notes.push("no item prices: price-band preference left out".into());
        }
        let list_prices = cat.from_file > 0 && cat.price.iter().any(|p| p.is_some());
        if list_prices && ev.price.is_some() && c(EventKind::Cart) + c(EventKind::Purchase) > 0 {
            inc.push(DISCOUNT_SHARE);
        }
        if timed {
            inc.extend([HOURS, HOURS + 1, HOURS + 2, HOURS + 3, WEEKEND]);
        }
        let single = ev
            .user_offsets(ds.n_users())
            .windows(2)
            .filter(|w| w[1] - w[0] == 1)
            .count();
        if single > 0 {
            notes.push(format!(
                "{single} users ({}) have a single event; their rates lean on the population average",
                super::percent(single, ds.n_users())
            ));
        }
        Plan {
            notes,
            include: inc,
            specs_cat,
            end_ts,
            p_cart,
            p_purchase,
            item_pct,
            n_categories: cat.categories.len(),
            top_cats: top,
        }
    }

    pub(super) fn specs(&self) -> Vec<Spec> {
        let mut out: Vec<Spec> = self
            .include
            .iter()
            .map(|&i| {
                let (name, label, group, transform) = BASE[i];
                Spec {
                    name: name.into(),
                    label: label.into(),
                    group,
                    transform,
                    shared: (HOURS..HOURS + 4).contains(&i),
                }
            })
            .collect();
        for c in &self.specs_cat {
            out.push(Spec {
                name: format!("category:{c}"),
                label: format!("share of activity in {c}"),
                group: Group::Category,
                transform: Transform::Identity,
                shared: true,
            });
        }
        out
    }
}

/// Price percentile (0 cheapest .. 1 dearest) of every item within its
/// category (items without a category are ranked together); NaN when unpriced.
fn price_percentiles(ds: &Dataset) -> Vec<f32> {
    let cat = &ds.catalogue;
    let n = cat.price.len();
    let mut out = vec![f32::NAN; n];
    let mut groups: std::collections::BTreeMap<Option<u32>, Vec<(f32, usize)>> = Default::default();
    for i in 0..n {
        if let Some(p) = cat.price[i].filter(|p| p.is_finite()) {
            groups.entry(cat.category[i]).or_default().push((p, i));
        }
    }
    for (_, mut v) in groups {
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
        let m = v.len();
        let mut s = 0;
        while s < m {
            let mut e = s;
            while e + 1 < m && v[e + 1].0 == v[s].0 {
                e += 1;
            }
            let mid = (s + e) as f32 / 2.0;
            let pct = if m > 1 { mid / (m - 1) as f32 } else { 0.5 };
            for x in &v[s..=e] {
                out[x.1] = pct;
            }
            s = e + 1;
        }
    }
    out
}
