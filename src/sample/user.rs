//! Simulation of one user's sessions and events.

use std::io::Write;

type Result<T> = std::result::Result<T, csv::Error>;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Gamma, Poisson, StandardNormal};

use super::catalog::{Catalog, Item, N_CATEGORIES};
use super::persona::{Params, Persona, Window};
use super::words::{BARGAIN_QUERY_WORDS, CATEGORIES, GENERIC_QUERY_WORDS};
use super::{lognormal, pick, EventKind, EventRow, EventSink, Period, DAY};

/// Poisson draw that tolerates a zero or negative mean.
fn poisson(rng: &mut ChaCha8Rng, mean: f64) -> u64 {
    if mean <= 0.0 {
        return 0;
    }
    Poisson::new(mean).map_or(0, |d| d.sample(rng) as u64)
}

fn gamma(rng: &mut ChaCha8Rng, shape: f64) -> f64 {
    Gamma::new(shape, 1.0).map_or(1.0, |d| d.sample(rng))
}

/// Per-user category distribution as cumulative weights.
fn category_cdf(rng: &mut ChaCha8Rng, p: &Params, catalog: &Catalog) -> [f64; N_CATEGORIES] {
    // Favourite categories: weighted sampling without replacement by affinity,
    // restricted to categories that actually have items.
    let mut affinity = p.affinity;
    for (c, a) in affinity.iter_mut().enumerate() {
        if !catalog.has_category(c) {
            *a = 0.0;
        }
    }
    let (lo, hi) = p.favorite_categories;
    let k = rng.gen_range(lo..=hi);
    let mut favorites: Vec<usize> = Vec::with_capacity(k);
    for _ in 0..k {
        let total: f64 = affinity.iter().sum();
        if total <= 0.0 {
            break;
        }
        let mut x = rng.gen::<f64>() * total;
        let mut chosen = None;
        for (c, a) in affinity.iter().enumerate() {
            if *a > 0.0 {
                chosen = Some(c);
                if x < *a {
                    break;
                }
                x -= a;
            }
        }
        if let Some(c) = chosen {
            favorites.push(c);
            affinity[c] = 0.0;
        }
    }

    let mut weights = [0.0; N_CATEGORIES];
    let noise = p.category_noise / N_CATEGORIES as f64;
    for w in weights.iter_mut() {
        *w = noise;
    }
    let mut rest: &[usize] = &favorites;
    let mut mass = 1.0 - p.category_noise;
    if let (Some(top), Some((&first, others))) = (p.top_share, favorites.split_first()) {
        let share = (top + 0.03 * rng.sample::<f64, _>(StandardNormal)).clamp(0.75, 0.93);
        weights[first] += share;
        mass = (mass - share).max(0.0);
        rest = others;
    }
    // Dirichlet(2) split of the remaining mass over the favourites.
    let draws: Vec<f64> = rest.iter().map(|_| gamma(rng, 2.0)).collect();
    let sum: f64 = draws.iter().sum();
    if sum > 0.0 {
        for (&c, d) in rest.iter().zip(&draws) {
            weights[c] += mass * d / sum;
        }
    }
    let mut acc = 0.0;
    for w in weights.iter_mut() {
        acc += *w;
        *w = acc;
    }
    weights
}

fn pick_category(rng: &mut ChaCha8Rng, cdf: &[f64; N_CATEGORIES]) -> usize {
    let x = rng.gen::<f64>() * cdf[N_CATEGORIES - 1];
    cdf.partition_point(|&c| c <= x).min(N_CATEGORIES - 1)
}

/// Inclusive day range (0-based, within the period) in which sessions start.
pub(crate) fn window_days(window: Window, days: u32) -> (u32, u32) {
    let last = days.saturating_sub(1);
    match window {
        Window::Full => (0, last),
        Window::LastDays(n) => (days.saturating_sub(n), last),
        Window::EarlyOnly { quiet_days } => {
            let half = (days / 2).max(1);
            let end = if days > quiet_days + 1 {
                half.min(days - quiet_days)
            } else {
                half
            };
            (0, end - 1)
        }
    }
}

/// Second of the day at which a session starts, from the persona's hours.
fn start_second(rng: &mut ChaCha8Rng, p: &Params) -> i64 {
    let hour = if rng.gen::<f64>() < p.hour_noise {
        rng.gen::<f64>() * 24.0
    } else {
        let total: f64 = p.hours.iter().map(|h| h.2).sum();
        let mut x = rng.gen::<f64>() * total;
        let mut comp = p.hours[p.hours.len() - 1];
        for h in p.hours {
            if x < h.2 {
                comp = *h;
                break;
            }
            x -= h.2;
        }
        let z: f64 = rng.sample(StandardNormal);
        (comp.0 + comp.1 * z).rem_euclid(24.0)
    };
    ((hour * 3600.0) as i64).clamp(0, DAY - 1)
}

/// Search text a user might type to find `item`.
fn make_query(rng: &mut ChaCha8Rng, item: &Item, bargain: bool, out: &mut String) {
    out.clear();
    if bargain && rng.gen_bool(0.6) {
        out.push_str(pick(rng, BARGAIN_QUERY_WORDS));
        out.push(' ');
    } else if rng.gen_bool(0.12) {
        out.push_str(pick(rng, GENERIC_QUERY_WORDS));
        out.push(' ');
    } else if rng.gen_bool(0.1) {
        out.push_str(&item.brand.to_lowercase());
        out.push(' ');
    }
    if !item.qualifier.is_empty() && rng.gen_bool(0.55) {
        out.push_str(&item.qualifier.to_lowercase());
        out.push(' ');
    }
    out.push_str(&item.noun.to_lowercase());
}

/// Units bought in one purchase row.
fn quantity(rng: &mut ChaCha8Rng, item: &Item) -> u32 {
    match CATEGORIES[item.category].name {
        "Grocery" => 1 + poisson(rng, 1.2).min(7) as u32,
        "Pet Supplies" | "Baby" | "Health" => 1 + u32::from(rng.gen_bool(0.25)),
        _ => 1 + u32::from(rng.gen_bool(0.05)),
    }
}

/// Price paid by a bargain hunter: sale price, sometimes a coupon on top.
fn bargain_price(rng: &mut ChaCha8Rng, item: &Item) -> f64 {
    let mut price = item.price * (1.0 - item.discount);
    if item.discount == 0.0 && rng.gen_bool(0.3) {
        price *= 1.0 - rng.gen_range(0.05..0.15);
    }
    ((price * 100.0).round() / 100.0).max(0.01)
}

/// Per-user state shared by the sessions of one user.
struct UserState<'a> {
    p: &'static Params,
    persona: Persona,
    catalog: &'a Catalog,
    categories: [f64; N_CATEGORIES],
    dwell_median: f64,
    p_cart: f64,
    p_purchase: f64,
    steps_scale: f64,
    cart: Vec<(usize, f64)>,
    query: String,
}

impl UserState<'_> {
    /// Simulates one session starting at `start`; returns its last timestamp.
    fn session<W: Write>(
        &mut self,
        rng: &mut ChaCha8Rng,
        start: i64,
        sink: &mut EventSink<W>,
    ) -> Result<i64> {
        let p = self.p;
        sink.begin_session();
        let steps = 1 + poisson(rng, (p.steps_mean - 1.0) * self.steps_scale);
        let mut t = start;
        let mut category = pick_category(rng, &self.categories);
        self.cart.clear();
        for _ in 0..steps {
            if rng.gen_bool(0.3) {
                category = pick_category(rng, &self.categories);
            }
            let item = self.catalog.pick_item(rng, category, p.price);
            let it = &self.catalog.items[item];
            if rng.gen::<f64>() < p.p_search {
                let bargain = self.persona == Persona::BargainHunter;
                make_query(rng, it, bargain, &mut self.query);
                sink.write(&EventRow::new(item, EventKind::Search, t).query(&self.query))?;
                t += rng.gen_range(3..=20);
            }
            let dwell = lognormal(rng, self.dwell_median, p.dwell_sigma)
                .round()
                .clamp(2.0, 1800.0) as u32;
            sink.write(&EventRow::new(item, EventKind::View, t).dwell(dwell))?;
            t += i64::from(dwell);
            if rng.gen::<f64>() < p.p_favorite {
                sink.write(&EventRow::new(item, EventKind::Favorite, t))?;
                t += rng.gen_range(1..=4);
            }
            if rng.gen::<f64>() < self.p_cart {
                let price = if self.persona == Persona::BargainHunter {
                    bargain_price(rng, it)
                } else {
                    it.price
                };
                self.cart.push((item, price));
                sink.write(&EventRow::new(item, EventKind::Cart, t).price(price))?;
                t += rng.gen_range(2..=8);
            }
            t += rng.gen_range(2..=25);
        }
        if !self.cart.is_empty() {
            t += rng.gen_range(20..=240);
            for &(item, price) in &self.cart {
                if rng.gen::<f64>() < self.p_purchase {
                    let qty = quantity(rng, &self.catalog.items[item]);
                    let row = EventRow::new(item, EventKind::Purchase, t);
                    sink.write(&row.price(price).quantity(qty))?;
                }
            }
        }
        Ok(t)
    }
}

/// Generates all sessions of one user, in time order, into `sink`.
pub(crate) fn simulate_user<W: Write>(
    rng: &mut ChaCha8Rng,
    persona: Persona,
    period: &Period,
    catalog: &Catalog,
    sink: &mut EventSink<W>,
) -> Result<()> {
    let p = persona.params();
    // Per-user noise around the persona's parameters.
    let activity = lognormal(rng, 1.0, 0.2);
    let funnel = lognormal(rng, 1.0, 0.15);
    let mut state = UserState {
        p,
        persona,
        catalog,
        categories: category_cdf(rng, p, catalog),
        dwell_median: p.dwell_median * lognormal(rng, 1.0, 0.2),
        p_cart: (p.p_cart * funnel).min(0.95),
        p_purchase: (p.p_purchase * funnel).min(0.97),
        steps_scale: lognormal(rng, 1.0, 0.2),
        cart: Vec::new(),
        query: String::new(),
    };

    let (first_day, last_day) = window_days(p.window, period.days);
    let extra = (p.sessions_mean * activity - p.sessions_min as f64).max(0.0);
    let n_sessions = p.sessions_min + poisson(rng, extra).min(500);
    let mut starts: Vec<i64> = (0..n_sessions)
        .map(|_| {
            let day = i64::from(rng.gen_range(first_day..=last_day));
            period.start + day * DAY + start_second(rng, p)
        })
        .collect();
    starts.sort_unstable();
    let window_end = period.start + (i64::from(last_day) + 1) * DAY - 1;
    let mut prev_end: Option<i64> = None;
    for s in starts {
        let start = match prev_end {
            // Sessions never overlap: at least 20 minutes between them.
            Some(end) => s.max(end + 1200 + rng.gen_range(0..3600)),
            None => s,
        };
        if start > window_end {
            break;
        }
        prev_end = Some(state.session(rng, start, sink)?);
    }
    Ok(())
}
