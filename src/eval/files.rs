//! Explicit split files: `user,item[,weight]` CSV with a header, ids as in the
//! events file. Written by `--write-split DIR` so other tools (the Python peer
//! script) can use the identical split.

use super::split::Split;
use crate::data::EventKind;
use crate::data::{Catalogue, Dataset, Events, Interner, Layout, SourceInfo};
use crate::error::{Error, Location, Result};
use crate::recommend::{kind_bit, Interactions, Weights};
use std::path::Path;

struct Row {
    user: String,
    item: String,
    weight: Option<f32>,
    line: usize,
}

struct PairFile {
    name: String,
    user_col: String,
    item_col: String,
    rows: Vec<Row>,
}

fn read_pairs(path: &Path) -> Result<PairFile> {
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(file);
    let bad = |line: usize, col: Option<&str>, msg: String| {
        let mut loc = Location::file(&name).row(line);
        if let Some(c) = col {
            loc = loc.column(c);
        }
        Error::input(loc, msg)
    };
    let header: Vec<String> = rdr
        .headers()
        .map_err(|e| bad(1, None, format!("cannot read the header: {e}")))?
        .iter()
        .map(str::to_string)
        .collect();
    if header.len() < 2 {
        return Err(bad(
            1,
            None,
            "expected a header with at least two columns: user,item[,weight]".into(),
        ));
    }
    let weight_col = header.iter().position(|h| {
        let h = h.to_ascii_lowercase();
        h == "weight" || h == "value" || h == "confidence"
    });
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            bad(line, None, format!("unreadable CSV row: {e}"))
        })?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        if rec.iter().all(|f| f.is_empty()) {
            continue;
        }
        if rec.len() < 2 {
            return Err(bad(
                line,
                None,
                format!(
                    "expected {},{} but the row has {} field(s)",
                    header[0],
                    header[1],
                    rec.len()
                ),
            ));
        }
        for (c, v) in [(0, &rec[0]), (1, &rec[1])] {
            if v.is_empty() {
                return Err(bad(line, Some(&header[c]), "empty id".into()));
            }
        }
        let weight = match weight_col {
            Some(c) => {
                let v = rec.get(c).unwrap_or("");
                match v.parse::<f32>() {
                    Ok(w) if w.is_finite() && w >= 0.0 => Some(w),
                    _ => {
                        return Err(Error::input(
                            Location::file(&name).row(line).column(&header[c]).value(v),
                            "weight must be a non-negative number",
                        ))
                    }
                }
            }
            None => None,
        };
        rows.push(Row {
            user: rec[0].to_string(),
            item: rec[1].to_string(),
            weight,
            line,
        });
    }
    if rows.is_empty() {
        return Err(Error::input(
            Location::file(&name),
            "no rows after the header",
        ));
    }
    Ok(PairFile {
        user_col: header[0].clone(),
        item_col: header[1].clone(),
        name,
        rows,
    })
}

/// A dataset with no events and no catalogue, its ids taken from the two files
/// (for evaluating plain `user,item` files without an events file).
pub fn dataset_from_files(train: &Path, test: &Path) -> Result<Dataset> {
    let mut users = Interner::default();
    let mut items = Interner::default();
    for p in [train, test] {
        for r in read_pairs(p)?.rows {
            users.intern(&r.user);
            items.intern(&r.item);
        }
    }
    let n = items.len();
    let catalogue = Catalogue {
        title: items.names().to_vec(),
        category: vec![None; n],
        brand: vec![None; n],
        price: vec![None; n],
        tags: vec![Vec::new(); n],
        description: vec![None; n],
        ..Default::default()
    };
    Ok(Dataset {
        events: Events::default(),
        users,
        items,
        catalogue,
        source: SourceInfo {
            events_file: train.display().to_string(),
            items_file: None,
            layout: Layout::Generic,
            format: "CSV user,item pairs".into(),
            timestamp_format: "none".into(),
            rows_read: 0,
            dropped: Vec::new(),
            notes: Vec::new(),
        },
    })
}

/// Reads a train/test pair of files against the dataset's ids. Train weights
/// come from the file's `weight` column, else from the pair's events, else 1.
/// Test pairs that are also in train are dropped (they could never be hit).
pub fn split_from_files(ds: &Dataset, train: &Path, test: &Path, w: &Weights) -> Result<Split> {
    let all = Interactions::from_dataset(ds, w);
    let lookup = |f: &PairFile, r: &Row| -> Result<(u32, u32)> {
        let u =
            ds.users.get(&r.user).ok_or_else(|| {
                Error::input(
                Location::file(&f.name).row(r.line).column(&f.user_col).value(&r.user),
                "unknown user: not in the events file (ids must match the events file's user ids)",
            )
            })?;
        let i = ds.items.get(&r.item).ok_or_else(|| {
            Error::input(
                Location::file(&f.name)
                    .row(r.line)
                    .column(&f.item_col)
                    .value(&r.item),
                "unknown item: not in the events or items file",
            )
        })?;
        Ok((u, i))
    };
    let pos = |u: u32, i: u32| {
        all.items(u)
            .binary_search(&i)
            .ok()
            .map(|p| all.matrix.indptr[u as usize] + p)
    };
    let tr = read_pairs(train)?;
    let mut triplets = Vec::with_capacity(tr.rows.len());
    let mut kinds_of = std::collections::HashMap::new();
    for r in &tr.rows {
        let (u, i) = lookup(&tr, r)?;
        let p = pos(u, i);
        let weight = r.weight.or(p.map(|p| all.matrix.data[p])).unwrap_or(1.0);
        kinds_of.insert(
            (u, i),
            p.map_or(kind_bit(EventKind::View), |p| all.kinds[p]),
        );
        triplets.push((u, i, weight));
    }
    if tr.rows.iter().all(|r| r.weight.is_none()) {
        // without a weight column a repeated pair is the same pair
        triplets.sort_unstable_by_key(|t| (t.0, t.1));
        triplets.dedup_by_key(|t| (t.0, t.1));
    }
    let mut train_i = Interactions::from_triplets(ds.n_users(), ds.n_items(), &triplets);
    for u in 0..train_i.n_users() {
        for p in train_i.matrix.indptr[u]..train_i.matrix.indptr[u + 1] {
            train_i.kinds[p] = kinds_of[&(u as u32, train_i.matrix.indices[p])];
        }
    }
    let te = read_pairs(test)?;
    let mut test_pairs = Vec::with_capacity(te.rows.len());
    for r in &te.rows {
        let (u, i) = lookup(&te, r)?;
        if train_i.items(u).binary_search(&i).is_err() {
            test_pairs.push((u, i));
        }
    }
    test_pairs.sort_unstable();
    test_pairs.dedup();
    let mut test_items = vec![Vec::new(); ds.n_users()];
    let mut test_kinds = vec![Vec::new(); ds.n_users()];
    for (u, i) in test_pairs {
        test_items[u as usize].push(i);
        test_kinds[u as usize].push(pos(u, i).map_or(0xFF, |p| all.kinds[p]));
    }
    Ok(Split {
        name: "files".into(),
        train: train_i,
        test: test_items,
        test_kinds,
    })
}

/// Emits one CSV record.
type Emit<'a> = dyn FnMut(&[&str]) -> csv::Result<()> + 'a;

/// Writes a CSV file: the header, then whatever `rows` emits.
fn write_csv(
    path: &Path,
    header: &[&str],
    rows: impl FnOnce(&mut Emit<'_>) -> csv::Result<()>,
) -> Result<()> {
    let err = |e: csv::Error| Error::Other(format!("{}: {e}", path.display()));
    let mut w = csv::Writer::from_path(path).map_err(err)?;
    w.write_record(header).map_err(err)?;
    rows(&mut |r: &[&str]| w.write_record(r)).map_err(err)?;
    w.flush().map_err(|e| Error::io(path, e))
}

/// Writes `train.csv` (user,item,weight) and `test.csv` (user,item) with the
/// dataset's original ids.
pub fn write_split(ds: &Dataset, split: &Split, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    write_csv(
        &dir.join("train.csv"),
        &["user", "item", "weight"],
        |emit| {
            for u in 0..split.train.n_users() as u32 {
                for (&i, &wt) in split.train.items(u).iter().zip(split.train.weights(u)) {
                    emit(&[ds.users.name(u), ds.items.name(i), &format!("{wt}")])?;
                }
            }
            Ok(())
        },
    )?;
    write_csv(&dir.join("test.csv"), &["user", "item"], |emit| {
        for (u, items) in split.test.iter().enumerate() {
            for &i in items {
                emit(&[ds.users.name(u as u32), ds.items.name(i)])?;
            }
        }
        Ok(())
    })
}
