//! One pass over each user's events: the raw (unscaled) feature values.

use super::plan::*;
use super::SESSION_GAP_SECONDS;
use crate::data::{Dataset, EventKind};
use crate::error::Result;
use crate::jobs::JobCtx;
use ndarray::Array2;
use rayon::prelude::*;

#[derive(Default)]
struct Scratch {
    full: Vec<f64>,
    items: Vec<u32>,
    sessions: Vec<u32>,
    orders: Vec<u32>,
    cat_counts: Vec<u32>,
    touched: Vec<u32>,
}

/// Computes the raw matrix (NaN where a value is undefined for a user).
pub(super) fn compute(
    ds: &Dataset,
    plan: &Plan,
    ctx: &JobCtx,
    progress: &dyn Fn(f64, &str),
) -> Result<(Array2<f64>, Vec<Spec>)> {
    let specs = plan.specs();
    let d = specs.len();
    let n = ds.n_users();
    let offsets = ds.events.user_offsets(n);
    let mut cols: Vec<usize> = plan.include.clone();
    cols.extend((0..plan.top_cats.len()).map(|j| N_BASE + j));
    let mut flat = vec![0.0f64; n * d];
    const BLOCK: usize = 32_768;
    for (b, block) in flat.chunks_mut(BLOCK * d).enumerate() {
        ctx.check()?;
        progress(
            0.75 * (b * BLOCK) as f64 / n as f64,
            "features: per-user pass",
        );
        block
            .par_chunks_mut(d)
            .enumerate()
            .for_each_init(Scratch::default, |s, (i, row)| {
                let u = b * BLOCK + i;
                user_row(ds, plan, offsets[u], offsets[u + 1], s);
                for (dst, &c) in row.iter_mut().zip(&cols) {
                    *dst = s.full[c];
                }
            });
    }
    let raw = Array2::from_shape_vec((n, d), flat)
        .map_err(|e| crate::error::Error::Other(format!("feature matrix shape: {e}")))?;
    Ok((raw, specs))
}

fn user_row(ds: &Dataset, plan: &Plan, lo: usize, hi: usize, s: &mut Scratch) {
    let ev = &ds.events;
    let cat = &ds.catalogue;
    s.full.clear();
    s.full.resize(N_BASE + plan.top_cats.len(), f64::NAN);
    if hi <= lo {
        return;
    }
    let f = &mut s.full;
    let n_ev = (hi - lo) as f64;
    let (first, last) = (ev.ts[lo], ev.ts[hi - 1]);
    f[RECENCY] = ((plan.end_ts - last) as f64 / DAY as f64).max(0.0);
    f[TENURE] = ((last - first) as f64 / DAY as f64).max(0.0);

    let mut counts = [0usize; 5];
    let (mut days, mut prev_day) = (0usize, i64::MIN);
    let mut hours = [0usize; 4];
    let mut weekend = 0usize;
    let (mut inferred, mut inferred_orders, mut last_order) = (0usize, 0usize, usize::MAX);
    let (mut spend, mut priced_purchases) = (0.0f64, 0usize);
    let (mut dwell_sum, mut dwell_n, mut rating_sum, mut rating_n) = (0.0, 0usize, 0.0, 0usize);
    let (mut pct_sum, mut pct_n) = (0.0f64, 0usize);
    let (mut disc, mut disc_n) = (0usize, 0usize);
    s.items.clear();
    s.sessions.clear();
    s.orders.clear();
    for r in lo..hi {
        let kind = ev.kind[r];
        counts[kind as usize] += 1;
        let ts = ev.ts[r];
        let day = ts.div_euclid(DAY);
        if day != prev_day {
            days += 1;
            prev_day = day;
        }
        hours[(ts.rem_euclid(DAY) / (6 * 3600)).clamp(0, 3) as usize] += 1;
        if (day + 3).rem_euclid(7) >= 5 {
            weekend += 1;
        }
        if r == lo || ts - ev.ts[r - 1] > SESSION_GAP_SECONDS {
            inferred += 1;
        }
        let item = ev.item[r] as usize;
        s.items.push(ev.item[r]);
        if let Some(sess) = &ev.session {
            s.sessions.push(sess[r]);
        }
        let paid = ev
            .price
            .as_ref()
            .map(|p| p[r])
            .filter(|p| p.is_finite() && *p > 0.0);
        let list = cat.price.get(item).copied().flatten();
        if kind == EventKind::Purchase {
            if let Some(sess) = &ev.session {
                s.orders.push(sess[r]);
            } else if last_order != inferred {
                inferred_orders += 1;
                last_order = inferred;
            }
            if let Some(p) = paid.or(list) {
                let q = ev
                    .quantity
                    .as_ref()
                    .map(|q| q[r])
                    .filter(|q| q.is_finite() && *q > 0.0);
                spend += f64::from(p) * f64::from(q.unwrap_or(1.0));
                priced_purchases += 1;
            }
        }
        if matches!(kind, EventKind::Cart | EventKind::Purchase) {
            if let (Some(p), Some(l)) = (paid, list) {
                disc_n += 1;
                if p < DISCOUNT_BELOW * l {
                    disc += 1;
                }
            }
        }
        if let Some(d) = ev
            .dwell
            .as_ref()
            .map(|d| d[r])
            .filter(|d| d.is_finite() && *d > 0.0)
        {
            dwell_sum += f64::from(d);
            dwell_n += 1;
        }
        if let Some(x) = ev.rating.as_ref().map(|x| x[r]).filter(|x| x.is_finite()) {
            rating_sum += f64::from(x);
            rating_n += 1;
        }
        if let Some(p) = plan.item_pct.get(item).filter(|p| p.is_finite()) {
            pct_sum += f64::from(*p);
            pct_n += 1;
        }
    }
    let distinct = |v: &mut Vec<u32>| {
        v.sort_unstable();
        v.dedup();
        v.len()
    };
    let (sessions, orders) = if ev.session.is_some() {
        (distinct(&mut s.sessions), distinct(&mut s.orders))
    } else {
        (inferred, inferred_orders)
    };
    let c = |k: EventKind| counts[k as usize] as f64;
    let purchases = c(EventKind::Purchase);
    f[ACTIVE_DAYS] = days as f64;
    f[SESSIONS] = sessions as f64;
    f[EV_PER_SESSION] = n_ev / sessions.max(1) as f64;
    f[PURCHASES] = purchases;
    f[SPEND] = if purchases == 0.0 {
        0.0
    } else if priced_purchases > 0 {
        spend
    } else {
        f64::NAN
    };
    f[AOV] = if orders > 0 && priced_purchases > 0 {
        spend / orders as f64
    } else {
        f64::NAN
    };
    f[VIEW_TO_CART] =
        (c(EventKind::Cart) + SMOOTHING * plan.p_cart) / (c(EventKind::View) + SMOOTHING);
    f[CART_TO_PURCHASE] =
        (purchases + SMOOTHING * plan.p_purchase) / (c(EventKind::Cart) + SMOOTHING);
    f[PURCHASE_RATIO] = purchases / n_ev;
    f[SEARCH_SHARE] = c(EventKind::Search) / n_ev;
    f[AVG_DWELL] = if dwell_n > 0 {
        dwell_sum / dwell_n as f64
    } else {
        f64::NAN
    };
    f[AVG_RATING] = if rating_n > 0 {
        rating_sum / rating_n as f64
    } else {
        f64::NAN
    };
    f[DISTINCT_ITEMS] = distinct(&mut s.items) as f64;
    f[PRICE_BAND] = if pct_n > 0 {
        pct_sum / pct_n as f64
    } else {
        f64::NAN
    };
    f[DISCOUNT_SHARE] = if disc_n > 0 {
        disc as f64 / disc_n as f64
    } else {
        f64::NAN
    };
    for (j, h) in hours.iter().enumerate() {
        f[HOURS + j] = *h as f64 / n_ev;
    }
    f[WEEKEND] = weekend as f64 / n_ev;

    // Categories.
    if !plan.top_cats.is_empty() {
        s.cat_counts.resize(plan.n_categories, 0);
        s.touched.clear();
        let mut n_cat = 0u32;
        for r in lo..hi {
            if let Some(Some(cx)) = cat.category.get(ev.item[r] as usize) {
                let slot = &mut s.cat_counts[*cx as usize];
                if *slot == 0 {
                    s.touched.push(*cx);
                }
                *slot += 1;
                n_cat += 1;
            }
        }
        f[DISTINCT_CATS] = s.touched.len() as f64;
        if n_cat > 0 {
            let max = s
                .touched
                .iter()
                .map(|&t| s.cat_counts[t as usize])
                .max()
                .unwrap_or(0);
            f[TOP_CAT_SHARE] = f64::from(max) / f64::from(n_cat);
            for (j, &t) in plan.top_cats.iter().enumerate() {
                f[N_BASE + j] = f64::from(s.cat_counts[t as usize]) / f64::from(n_cat);
            }
        }
        for &t in &s.touched {
            s.cat_counts[t as usize] = 0;
        }
    }
}
