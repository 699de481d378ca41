//! Reading the item catalogue: ids, titles, categories, brands, prices, tags,
//! descriptions and any extra numeric columns.

use super::build::{catalogue_roles, grow_catalogue, is_numeric, table_col};
use super::load::Table;
use super::{Catalogue, Interner};
use crate::error::{Error, Location, Result};

pub(super) fn catalogue_read(
    t: &Table,
    ids: &mut Interner,
    cat: &mut Catalogue,
    notes: &mut Vec<String>,
) -> Result<()> {
    let columns: Vec<String> =
        t.df.get_column_names()
            .iter()
            .map(|s| s.to_string())
            .collect();
    let roles = catalogue_roles(&columns);
    let id_name = roles.id.clone().ok_or_else(|| {
        Error::input(
            Location::file(&t.name).column("item_id"),
            format!(
                "the catalogue has no item id column (looked for item_id, product_id, sku, id, movieId, StockCode; the file has: {})",
                columns.join(", ")
            ),
        )
    })?;
    let id_col = table_col(t, &id_name)?;
    let mut local = Interner::default();
    let raw = id_col.ids(&mut local)?;
    let strings = |c: &Option<String>| -> Result<Option<Vec<Option<String>>>> {
        match c {
            Some(c) => Ok(Some(table_col(t, c)?.strings()?)),
            None => Ok(None),
        }
    };
    let titles = strings(&roles.title)?;
    let categories = strings(&roles.category)?;
    let brands = strings(&roles.brand)?;
    let tags = strings(&roles.tags)?;
    let descriptions = strings(&roles.description)?;
    let prices = match &roles.price {
        Some(c) => Some(table_col(t, c)?.numbers()?),
        None => None,
    };
    let used: Vec<&Option<String>> = vec![
        &roles.id,
        &roles.title,
        &roles.category,
        &roles.brand,
        &roles.price,
        &roles.tags,
        &roles.description,
    ];
    let extra: Vec<String> = columns
        .iter()
        .filter(|c| !used.iter().any(|u| u.as_deref() == Some(c.as_str())))
        .filter(|c| is_numeric(t, c))
        .cloned()
        .collect();
    let extra_values: Vec<(String, Vec<f32>)> = extra
        .iter()
        .map(|c| Ok((c.clone(), table_col(t, c)?.numbers()?)))
        .collect::<Result<_>>()?;
    for (name, _) in &extra_values {
        cat.numeric.push((name.clone(), Vec::new()));
    }

    let mut duplicates = 0usize;
    for (row, id) in raw.iter().enumerate() {
        let id = match id {
            Some(i) => local.name(*i),
            None => return Err(Error::input(id_col.loc(row), "missing item id")),
        };
        if ids.get(id).is_some() {
            duplicates += 1;
            continue;
        }
        let i = ids.intern(id) as usize;
        grow_catalogue(cat, i + 1);
        let get = |v: &Option<Vec<Option<String>>>| v.as_ref().and_then(|v| v[row].clone());
        cat.title[i] = get(&titles).unwrap_or_default();
        if let Some(c) = get(&categories) {
            // MovieLens genres "Action|Comedy": the first is the category, all are tags
            let first = c.split('|').next().unwrap_or(&c).trim().to_string();
            cat.category[i] = Some(cat.categories.intern(&first));
            if c.contains('|') {
                cat.tags[i].extend(c.split('|').map(|s| s.trim().to_string()));
            }
        }
        if let Some(b) = get(&brands) {
            cat.brand[i] = Some(cat.brands.intern(&b));
        }
        if let Some(p) = prices.as_ref().map(|p| p[row]).filter(|p| p.is_finite()) {
            if p < 0.0 {
                let c = table_col(t, roles.price.as_deref().unwrap_or("price"))?;
                return Err(Error::input(
                    c.loc(row).value(p.to_string()),
                    "negative price",
                ));
            }
            cat.price[i] = Some(p);
        }
        if let Some(tg) = get(&tags) {
            cat.tags[i].extend(
                tg.split(['|', ';', ','])
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty()),
            );
        }
        cat.description[i] = get(&descriptions);
        for (k, (_, values)) in extra_values.iter().enumerate() {
            cat.numeric[k].1[i] = values[row];
        }
    }
    if duplicates > 0 {
        notes.push(format!(
            "{}: {duplicates} duplicate item rows ignored (first kept)",
            t.name
        ));
    }
    if !extra.is_empty() {
        notes.push(format!("extra numeric item columns: {}", extra.join(", ")));
    }
    Ok(())
}
