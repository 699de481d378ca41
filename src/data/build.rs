//! Assembling a [`Dataset`] from loaded tables: interning ids, parsing event
//! labels and timestamps, layout-specific rules, and sorting by user and time.

use super::columns::Col;
use super::layout::{norm, Detected, Layout, Role};
use super::load::Table;
use super::sniff::Format;
use super::{Catalogue, Dataset, Dropped, EventKind, Events, Interner, SourceInfo};
use crate::error::{Error, Location, Result};
use crate::jobs::JobCtx;

/// Stock codes in Online Retail that are not products (postage, fees, manual
/// adjustments); their rows are dropped and counted.
const NON_PRODUCT_CODES: &[&str] = &[
    "POST",
    "DOT",
    "M",
    "D",
    "C2",
    "CRUK",
    "PADS",
    "BANK CHARGES",
    "AMAZONFEE",
    "S",
    "B",
    "ADJUST",
    "ADJUST2",
    "TEST001",
    "TEST002",
];

fn col<'a>(t: &'a Table, name: &'a str) -> Result<Col<'a>> {
    let c = t.df.column(name).map_err(|_| {
        Error::input(
            Location::file(&t.name).column(name),
            "column not found in the file",
        )
    })?;
    Ok(Col {
        file: &t.name,
        name,
        first_row: t.first_row,
        series: c.as_materialized_series(),
    })
}

pub fn build(t: &Table, items: Option<&Table>, det: &Detected, ctx: &JobCtx) -> Result<Dataset> {
    let mut item_ids = Interner::default();
    let mut catalogue = Catalogue::default();
    let mut notes = Vec::new();
    if let Some(it) = items {
        super::catalogue_read(it, &mut item_ids, &mut catalogue, &mut notes)?;
    }
    catalogue.from_file = item_ids.len();
    let n = t.df.height();
    let role = |r: Role| det.map.get(r);
    let mut users = Interner::default();

    let user_col = col(t, role(Role::User).unwrap_or("user"))?;
    let item_col = col(t, role(Role::Item).unwrap_or("item"))?;
    let user_raw = user_col.ids(&mut users)?;
    ctx.check()?;
    let item_raw = item_col.ids(&mut item_ids)?;
    ctx.check()?;

    let mut keep = vec![true; n];
    let mut dropped: Vec<Dropped> = Vec::new();
    let mut drop_where = |reason: &str, keep: &mut [bool], pred: &dyn Fn(usize) -> bool| {
        let mut c = 0;
        for (i, k) in keep.iter_mut().enumerate() {
            if *k && pred(i) {
                *k = false;
                c += 1;
            }
        }
        if c > 0 {
            dropped.push(Dropped {
                reason: reason.to_string(),
                rows: c,
            });
        }
    };

    // Optional numeric columns.
    let num = |r: Role| -> Result<Option<Vec<f32>>> {
        match role(r) {
            Some(c) => Ok(Some(col(t, c)?.numbers()?)),
            None => Ok(None),
        }
    };
    let mut price = num(Role::Price)?;
    let quantity = num(Role::Quantity)?;
    let dwell = num(Role::Dwell)?;
    let rating = num(Role::Rating)?;

    if det.layout == Layout::OnlineRetail {
        let invoices = col(t, role(Role::Invoice).unwrap_or("InvoiceNo"))?.strings()?;
        drop_where(
            "cancelled invoice (InvoiceNo starts with C)",
            &mut keep,
            &|i| {
                invoices[i]
                    .as_deref()
                    .is_some_and(|s| s.starts_with(['C', 'c']))
            },
        );
        drop_where("missing CustomerID", &mut keep, &|i| user_raw[i].is_none());
        let codes: Vec<Option<&str>> = item_raw
            .iter()
            .map(|v| v.map(|i| item_ids.name(i)))
            .collect();
        drop_where(
            "non-product stock code (postage, fees, adjustments)",
            &mut keep,
            &|i| {
                codes[i]
                    .is_some_and(|c| NON_PRODUCT_CODES.contains(&c.to_ascii_uppercase().as_str()))
            },
        );
        if let Some(q) = &quantity {
            drop_where("non-positive quantity", &mut keep, &|i| {
                q[i].is_nan() || q[i] <= 0.0
            });
        }
        if let Some(p) = &price {
            drop_where("zero or negative unit price", &mut keep, &|i| {
                p[i].is_nan() || p[i] <= 0.0
            });
        }
        if keep.iter().all(|k| !k) {
            return Err(Error::input(
                Location::file(&t.name),
                format!("every row was dropped ({})", describe_drops(&dropped)),
            ));
        }
    } else {
        // a missing user or item id is an error in the other layouts
        for (i, (u, it)) in user_raw.iter().zip(&item_raw).enumerate() {
            if u.is_none() {
                return Err(Error::input(user_col.loc(i), "missing user id"));
            }
            if it.is_none() {
                return Err(Error::input(item_col.loc(i), "missing item id"));
            }
        }
    }

    // Event kinds.
    let kinds: Vec<EventKind> = match (det.layout, role(Role::Event)) {
        (Layout::OnlineRetail, _) => vec![EventKind::Purchase; n],
        (_, Some(ev)) => {
            let c = col(t, ev)?;
            let mut out = Vec::with_capacity(n);
            let mut cache: std::collections::HashMap<String, EventKind> = Default::default();
            c.for_each_str(|i, v| {
                let v = v.map(str::trim).unwrap_or("");
                if v.is_empty() {
                    return Err(Error::input(c.loc(i), "missing event type"));
                }
                let k = match cache.get(v) {
                    Some(k) => *k,
                    None => {
                        let k = EventKind::parse(v).ok_or_else(|| {
                            Error::input(
                                c.loc(i).value(v),
                                "unknown event type (accepted: view/pv/detail, search, cart/addtocart, favorite/fav, purchase/buy/transaction)",
                            )
                        })?;
                        cache.insert(v.to_string(), k);
                        k
                    }
                };
                out.push(k);
                Ok(())
            })?;
            out
        }
        (_, None) => {
            // ratings: >= 4 is a positive interaction, lower ones are weak views
            let r = rating.as_ref().ok_or_else(|| {
                Error::input(Location::file(&t.name), "no event or rating column")
            })?;
            let rc = col(t, role(Role::Rating).unwrap_or("rating"))?;
            let mut out = Vec::with_capacity(n);
            for (i, &x) in r.iter().enumerate() {
                if x.is_nan() {
                    return Err(Error::input(rc.loc(i), "missing rating"));
                }
                out.push(if x >= 4.0 {
                    EventKind::Purchase
                } else {
                    EventKind::View
                });
            }
            notes.push("ratings >= 4 count as positive (purchase), lower ratings as views; the rating is kept".into());
            out
        }
    };
    ctx.check()?;

    // Timestamps.
    let (ts, ts_format) = match role(Role::Timestamp) {
        Some(c) => {
            let (v, f) = col(t, c)?.timestamps()?;
            (v, f.describe())
        }
        None => {
            notes.push("no timestamp column: events keep file order at time 0".into());
            ((0..n as i64).collect(), "none (row order)".to_string())
        }
    };

    // Item metadata carried in the events file.
    if let Some(cat) = role(Role::Category) {
        let cats = col(t, cat)?.strings()?;
        attach_item_attr(
            &item_raw,
            &cats,
            &mut item_ids,
            &mut catalogue,
            |cat, i, v| {
                if cat.category[i].is_none() {
                    cat.category[i] = Some(cat.categories.intern(v));
                }
            },
        );
        if det.layout == Layout::TaobaoUserBehavior {
            notes.push("Taobao category ids become the catalogue's categories".into());
        }
    }
    if let Some(title) = role(Role::Title) {
        let titles = col(t, title)?.strings()?;
        attach_item_attr(
            &item_raw,
            &titles,
            &mut item_ids,
            &mut catalogue,
            |cat, i, v| {
                if i >= cat.from_file && cat.title[i].is_empty() {
                    cat.title[i] = v.to_string();
                }
            },
        );
    }
    // Price per unit in events also fills a missing catalogue price.
    if let Some(p) = price.as_mut() {
        grow_catalogue(&mut catalogue, item_ids.len());
        for (i, it) in item_raw.iter().enumerate() {
            if let Some(it) = it {
                let slot = &mut catalogue.price[*it as usize];
                if slot.is_none() && p[i].is_finite() && p[i] > 0.0 && keep[i] {
                    *slot = Some(p[i]);
                }
            }
        }
    }
    grow_catalogue(&mut catalogue, item_ids.len());
    for (i, title) in catalogue.title.iter_mut().enumerate() {
        if title.is_empty() {
            *title = item_ids.name(i as u32).to_string();
        }
    }

    let session = match role(Role::Session).or_else(|| {
        (det.layout == Layout::OnlineRetail)
            .then(|| role(Role::Invoice))
            .flatten()
    }) {
        Some(c) => {
            let mut s = Interner::default();
            Some(
                col(t, c)?
                    .ids(&mut s)?
                    .into_iter()
                    .map(|v| v.unwrap_or(u32::MAX))
                    .collect::<Vec<u32>>(),
            )
        }
        None => None,
    };
    let query = match role(Role::Query) {
        Some(c) => Some(
            col(t, c)?
                .strings()?
                .into_iter()
                .map(|v| v.map(String::into_boxed_str))
                .collect::<Vec<_>>(),
        ),
        None => None,
    };
    ctx.check()?;
    ctx.progress(0.85, "sorting events");

    // Keep, then order by (user, time, original row).
    let mut order: Vec<u32> = (0..n as u32).filter(|&i| keep[i as usize]).collect();
    order.sort_by_key(|&i| {
        let i = i as usize;
        (user_raw[i].unwrap_or(u32::MAX), ts[i], i)
    });
    let pick_u32 = |v: &[Option<u32>]| order.iter().map(|&i| v[i as usize].unwrap_or(0)).collect();
    let pick_f = |v: &Option<Vec<f32>>| {
        v.as_ref()
            .map(|v| order.iter().map(|&i| v[i as usize]).collect::<Vec<f32>>())
    };
    // Re-number users so that ids of dropped-only users disappear.
    let user_sorted: Vec<u32> = pick_u32(&user_raw);
    let (users, user_sorted) = compact_users(&users, user_sorted);
    let events = Events {
        user: user_sorted,
        item: pick_u32(&item_raw),
        kind: order.iter().map(|&i| kinds[i as usize]).collect(),
        ts: order.iter().map(|&i| ts[i as usize]).collect(),
        dwell: pick_f(&dwell),
        price: pick_f(&price),
        quantity: pick_f(&quantity),
        rating: pick_f(&rating),
        session: session.map(|s| order.iter().map(|&i| s[i as usize]).collect()),
        query: query.map(|q| order.iter().map(|&i| q[i as usize].clone()).collect()),
    };

    let format = match &t.format {
        Format::Csv { .. } | Format::Parquet | Format::JsonLines => t.format.describe(),
    };
    Ok(Dataset {
        events,
        users,
        items: item_ids,
        catalogue,
        source: SourceInfo {
            events_file: t.name.clone(),
            items_file: items.map(|i| i.name.clone()),
            layout: det.layout,
            format,
            timestamp_format: ts_format,
            rows_read: n,
            dropped,
            notes,
        },
    })
}

fn describe_drops(d: &[Dropped]) -> String {
    d.iter()
        .map(|d| format!("{}: {}", d.reason, d.rows))
        .collect::<Vec<_>>()
        .join("; ")
}

fn compact_users(users: &Interner, sorted: Vec<u32>) -> (Interner, Vec<u32>) {
    let mut remap = vec![u32::MAX; users.len()];
    let mut out = Interner::default();
    let mut v = sorted;
    for u in v.iter_mut() {
        let r = &mut remap[*u as usize];
        if *r == u32::MAX {
            *r = out.intern(users.name(*u));
        }
        *u = *r;
    }
    (out, v)
}

pub(super) fn grow_catalogue(c: &mut Catalogue, n: usize) {
    if c.title.len() < n {
        c.title.resize(n, String::new());
        c.category.resize(n, None);
        c.brand.resize(n, None);
        c.price.resize(n, None);
        c.tags.resize(n, Vec::new());
        c.description.resize(n, None);
        for (_, v) in c.numeric.iter_mut() {
            v.resize(n, f32::NAN);
        }
    }
}

fn attach_item_attr(
    items: &[Option<u32>],
    values: &[Option<String>],
    ids: &mut Interner,
    cat: &mut Catalogue,
    mut set: impl FnMut(&mut Catalogue, usize, &str),
) {
    grow_catalogue(cat, ids.len());
    for (it, v) in items.iter().zip(values) {
        if let (Some(it), Some(v)) = (it, v) {
            set(cat, *it as usize, v);
        }
    }
}

/// Normalised catalogue column names per attribute.
pub(super) fn catalogue_roles(columns: &[String]) -> CatalogueColumns {
    let find = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| columns.iter().find(|c| norm(c) == *n).cloned())
    };
    CatalogueColumns {
        id: find(&[
            "itemid",
            "item",
            "productid",
            "sku",
            "id",
            "movieid",
            "stockcode",
            "product",
        ]),
        title: find(&["title", "name", "productname", "itemname"]),
        category: find(&[
            "category",
            "categoryid",
            "categoryname",
            "genres",
            "genre",
            "cat",
        ]),
        brand: find(&["brand", "brandname", "manufacturer", "vendor"]),
        price: find(&["price", "unitprice", "listprice"]),
        tags: find(&["tags", "keywords", "labels"]),
        description: find(&["description", "desc", "details"]),
    }
}

pub(super) struct CatalogueColumns {
    pub id: Option<String>,
    pub title: Option<String>,
    pub category: Option<String>,
    pub brand: Option<String>,
    pub price: Option<String>,
    pub tags: Option<String>,
    pub description: Option<String>,
}

/// Helper used by the catalogue reader.
pub(super) fn table_col<'a>(t: &'a Table, name: &'a str) -> Result<Col<'a>> {
    col(t, name)
}

/// Numeric dtype test for extra catalogue columns.
pub(super) fn is_numeric(t: &Table, name: &str) -> bool {
    t.df.column(name)
        .map(|c| c.dtype().is_primitive_numeric())
        .unwrap_or(false)
}
