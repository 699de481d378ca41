//! Dataset summary: counts, date range, funnel, activity distribution, top
//! categories and the daily activity series.

use super::{timestamp, Dataset, Dropped, EventKind};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct Funnel {
    pub users_viewed: usize,
    pub users_carted: usize,
    pub users_purchased: usize,
    /// Share of viewing users who also added to cart.
    pub view_to_cart: f64,
    /// Share of carting users who also purchased.
    pub cart_to_purchase: f64,
    /// Share of viewing users who purchased.
    pub view_to_purchase: f64,
}

impl Funnel {
    /// The stages this data has, in funnel order, with the users at each
    /// (a stage with no user has no events of its type in the data).
    pub fn stages(&self) -> Vec<(&'static str, usize)> {
        [
            ("viewed", self.users_viewed),
            ("carted", self.users_carted),
            ("bought", self.users_purchased),
        ]
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .collect()
    }

    /// Conversion between consecutive stages the data has.
    pub fn steps(&self) -> Vec<(&'static str, f64)> {
        let has = |n: usize| n > 0;
        let (v, c, p) = (
            has(self.users_viewed),
            has(self.users_carted),
            has(self.users_purchased),
        );
        let mut out = Vec::new();
        if v && c {
            out.push(("view→cart", self.view_to_cart));
        }
        if c && p {
            out.push(("cart→buy", self.cart_to_purchase));
        }
        if v && p && !c {
            out.push(("view→buy", self.view_to_purchase));
        }
        out
    }

    /// What the data lacks for a full funnel, in words (None: nothing).
    pub fn missing_note(&self) -> Option<String> {
        let missing: Vec<&str> = [
            ("view", self.users_viewed),
            ("cart", self.users_carted),
            ("purchase", self.users_purchased),
        ]
        .iter()
        .filter(|(_, n)| *n == 0)
        .map(|(k, _)| *k)
        .collect();
        match missing.len() {
            0 => None,
            _ if self.stages().len() < 2 => Some(format!(
                "no {} events in this data, so no funnel",
                missing.join(" or ")
            )),
            _ => Some(format!(
                "no {} events in this data: that stage is left out",
                missing.join(" or ")
            )),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Distribution {
    pub min: f64,
    pub p25: f64,
    pub median: f64,
    pub p75: f64,
    pub p90: f64,
    pub max: f64,
    pub mean: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryCount {
    pub category: String,
    pub events: usize,
    pub share: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct DayCount {
    pub date: String,
    pub events: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub layout: String,
    pub layout_title: String,
    pub format: String,
    pub events_file: String,
    pub items_file: Option<String>,
    pub timestamp_format: String,
    pub rows_read: usize,
    pub users: usize,
    pub items: usize,
    pub items_in_catalogue: usize,
    pub categories: usize,
    pub events: usize,
    pub events_by_type: BTreeMap<String, usize>,
    pub first_event: String,
    pub last_event: String,
    pub days: i64,
    pub revenue: Option<f64>,
    pub funnel: Funnel,
    pub events_per_user: Distribution,
    pub top_categories: Vec<CategoryCount>,
    pub daily: Vec<DayCount>,
    pub dropped: Vec<Dropped>,
    pub notes: Vec<String>,
}

pub fn summarize(ds: &Dataset) -> Summary {
    let ev = &ds.events;
    let n_users = ds.n_users();
    let mut by_type: BTreeMap<String, usize> = EventKind::ALL
        .iter()
        .map(|k| (k.label().to_string(), 0))
        .collect();
    let mut kind_counts = [0usize; 5];
    for k in &ev.kind {
        kind_counts[*k as usize] += 1;
    }
    for k in EventKind::ALL {
        by_type.insert(k.label().into(), kind_counts[k as usize]);
    }

    // Per-user funnel flags and event counts.
    let mut flags = vec![0u8; n_users];
    let mut per_user = vec![0usize; n_users];
    for (u, k) in ev.user.iter().zip(&ev.kind) {
        let u = *u as usize;
        per_user[u] += 1;
        flags[u] |= match k {
            EventKind::View | EventKind::Search | EventKind::Favorite => 1,
            EventKind::Cart => 2,
            EventKind::Purchase => 4,
        };
    }
    let viewed = flags.iter().filter(|f| *f & 1 != 0).count();
    let carted = flags.iter().filter(|f| *f & 2 != 0).count();
    let purchased = flags.iter().filter(|f| *f & 4 != 0).count();
    let carted_and_bought = flags.iter().filter(|f| *f & 6 == 6).count();
    let viewed_and_carted = flags.iter().filter(|f| *f & 3 == 3).count();
    let viewed_and_bought = flags.iter().filter(|f| *f & 5 == 5).count();
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };

    let first = ev.ts.iter().min().copied().unwrap_or(0);
    let last = ev.ts.iter().max().copied().unwrap_or(0);

    // Category counts.
    let cat = &ds.catalogue;
    let mut cat_counts = vec![0usize; cat.categories.len()];
    let mut with_cat = 0usize;
    for it in &ev.item {
        if let Some(c) = cat.category[*it as usize] {
            cat_counts[c as usize] += 1;
            with_cat += 1;
        }
    }
    let mut top: Vec<(usize, usize)> = cat_counts.iter().copied().enumerate().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let top_categories = top
        .into_iter()
        .take(10)
        .filter(|(_, n)| *n > 0)
        .map(|(c, n)| CategoryCount {
            category: cat.categories.name(c as u32).to_string(),
            events: n,
            share: ratio(n, with_cat),
        })
        .collect();

    // Daily series.
    let mut daily_map: BTreeMap<i64, usize> = BTreeMap::new();
    for t in &ev.ts {
        *daily_map.entry(t.div_euclid(86_400)).or_default() += 1;
    }
    let daily = match (daily_map.keys().next(), daily_map.keys().last()) {
        (Some(&a), Some(&b)) if b - a < 20_000 => (a..=b)
            .map(|d| DayCount {
                date: timestamp::date(d * 86_400),
                events: daily_map.get(&d).copied().unwrap_or(0),
            })
            .collect(),
        _ => daily_map
            .iter()
            .map(|(d, n)| DayCount {
                date: timestamp::date(d * 86_400),
                events: *n,
            })
            .collect(),
    };

    let revenue = ev.price.as_ref().map(|p| {
        let total: f64 = ev
            .kind
            .iter()
            .enumerate()
            .filter(|(_, k)| **k == EventKind::Purchase)
            .map(|(i, _)| {
                let q = ev
                    .quantity
                    .as_ref()
                    .map(|q| q[i])
                    .filter(|q| q.is_finite())
                    .unwrap_or(1.0);
                let p = p[i];
                if p.is_finite() {
                    (p * q) as f64
                } else {
                    0.0
                }
            })
            .sum::<f64>();
        (total * 100.0).round() / 100.0
    });

    Summary {
        layout: ds.source.layout.name().into(),
        layout_title: ds.source.layout.title().into(),
        format: ds.source.format.clone(),
        events_file: ds.source.events_file.clone(),
        items_file: ds.source.items_file.clone(),
        timestamp_format: ds.source.timestamp_format.clone(),
        rows_read: ds.source.rows_read,
        users: n_users,
        items: ds.n_items(),
        items_in_catalogue: cat.from_file,
        categories: cat.categories.len(),
        events: ev.len(),
        events_by_type: by_type,
        first_event: timestamp::iso(first),
        last_event: timestamp::iso(last),
        days: (last - first) / 86_400 + 1,
        revenue,
        funnel: Funnel {
            users_viewed: viewed,
            users_carted: carted,
            users_purchased: purchased,
            view_to_cart: ratio(viewed_and_carted, viewed),
            cart_to_purchase: ratio(carted_and_bought, carted),
            view_to_purchase: ratio(viewed_and_bought, viewed),
        },
        events_per_user: distribution(&per_user),
        top_categories,
        daily,
        dropped: ds.source.dropped.clone(),
        notes: ds.source.notes.clone(),
    }
}

fn distribution(v: &[usize]) -> Distribution {
    if v.is_empty() {
        return Distribution {
            min: 0.0,
            p25: 0.0,
            median: 0.0,
            p75: 0.0,
            p90: 0.0,
            max: 0.0,
            mean: 0.0,
        };
    }
    let mut s: Vec<usize> = v.to_vec();
    s.sort_unstable();
    let q = |p: f64| s[((s.len() - 1) as f64 * p).round() as usize] as f64;
    Distribution {
        min: s[0] as f64,
        p25: q(0.25),
        median: q(0.5),
        p75: q(0.75),
        p90: q(0.9),
        max: s[s.len() - 1] as f64,
        mean: s.iter().sum::<usize>() as f64 / s.len() as f64,
    }
}

impl Summary {
    /// A plain-text table for the terminal.
    pub fn to_table(&self) -> String {
        use std::fmt::Write;
        let mut o = String::new();
        let _ = writeln!(o, "layout        {} ({})", self.layout_title, self.format);
        let _ = writeln!(o, "timestamps    {}", self.timestamp_format);
        let _ = writeln!(o, "users         {}", self.users);
        let _ = writeln!(
            o,
            "items         {} ({} in catalogue, {} categories)",
            self.items, self.items_in_catalogue, self.categories
        );
        let _ = writeln!(o, "events        {}", self.events);
        for (k, v) in &self.events_by_type {
            if *v > 0 {
                let _ = writeln!(o, "  {k:<12}{v}");
            }
        }
        let _ = writeln!(
            o,
            "period        {} .. {} ({} days)",
            self.first_event, self.last_event, self.days
        );
        if let Some(r) = self.revenue {
            let _ = writeln!(o, "revenue       {r:.2}");
        }
        let f = &self.funnel;
        let stages: Vec<String> = f.stages().iter().map(|(k, n)| format!("{k} {n}")).collect();
        let steps: Vec<String> = f
            .steps()
            .iter()
            .map(|(k, x)| format!("{} {:.1}%", k.replace('→', "->"), x * 100.0))
            .collect();
        let _ = writeln!(
            o,
            "funnel        {} users{}{}",
            stages.join(" -> "),
            if steps.is_empty() {
                String::new()
            } else {
                format!("; {}", steps.join(", "))
            },
            f.missing_note()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default()
        );
        let d = &self.events_per_user;
        let _ = writeln!(
            o,
            "events/user   min {} p25 {} median {} p75 {} p90 {} max {} mean {:.1}",
            d.min, d.p25, d.median, d.p75, d.p90, d.max, d.mean
        );
        if !self.top_categories.is_empty() {
            let _ = writeln!(o, "top categories");
            for c in &self.top_categories {
                let _ = writeln!(
                    o,
                    "  {:<24}{:>9} {:>5.1}%",
                    crate::text::truncate(&crate::text::sanitize(&c.category), 24),
                    c.events,
                    c.share * 100.0
                );
            }
        }
        for d in &self.dropped {
            let _ = writeln!(o, "dropped       {} rows: {}", d.rows, d.reason);
        }
        for n in &self.notes {
            let _ = writeln!(o, "note          {n}");
        }
        o
    }
}
