//! A dataset's identity by content: the same users, items, events and
//! catalogue give the same fingerprint whatever the file's name, format or row
//! order, and any changed event, id, title or price gives another one.
//! Campaigns record it so they are never shown or exported against other data.

use super::Dataset;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Content hash plus the counts a person can check at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// SHA-256 (hex) over the dataset's content, independent of row order.
    pub hash: String,
    pub users: usize,
    pub items: usize,
    pub events: usize,
}

impl Fingerprint {
    /// The first 16 hex digits: enough to tell datasets apart in file names.
    pub fn short(&self) -> &str {
        &self.hash[..self.hash.len().min(16)]
    }
}

fn fold(digest: &[u8]) -> u128 {
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest[..16]);
    u128::from_le_bytes(b)
}

fn put_str(h: &mut Sha256, s: &str) {
    h.update((s.len() as u64).to_le_bytes());
    h.update(s.as_bytes());
}

fn put_opt_f32(h: &mut Sha256, v: Option<f32>) {
    match v {
        Some(x) => {
            h.update([1]);
            h.update(x.to_bits().to_le_bytes());
        }
        None => h.update([0]),
    }
}

/// Fingerprints a loaded dataset (a fraction of a second per million events).
pub fn fingerprint(ds: &Dataset) -> Fingerprint {
    let ev = &ds.events;
    let offsets = ev.user_offsets(ds.n_users());
    let opt = |col: &Option<Vec<f32>>, i: usize| col.as_ref().map(|c| c[i]);
    // One digest per user over their events in a canonical order; the sum of
    // the digests does not depend on the order users appear in the file.
    let users: u128 = (0..ds.n_users())
        .into_par_iter()
        .map(|u| {
            let rows = offsets[u]..offsets[u + 1];
            let mut order: Vec<usize> = rows.collect();
            order.sort_by(|&a, &b| {
                (ev.ts[a], ds.items.name(ev.item[a]), ev.kind[a] as u8).cmp(&(
                    ev.ts[b],
                    ds.items.name(ev.item[b]),
                    ev.kind[b] as u8,
                ))
            });
            let mut h = Sha256::new();
            put_str(&mut h, ds.users.name(u as u32));
            for i in order {
                put_str(&mut h, ds.items.name(ev.item[i]));
                h.update([ev.kind[i] as u8]);
                h.update(ev.ts[i].to_le_bytes());
                for col in [&ev.price, &ev.quantity, &ev.rating, &ev.dwell] {
                    put_opt_f32(&mut h, opt(col, i));
                }
            }
            fold(&h.finalize())
        })
        .reduce(|| 0, u128::wrapping_add);
    let cat = &ds.catalogue;
    let items: u128 = (0..ds.n_items())
        .into_par_iter()
        .map(|i| {
            let mut h = Sha256::new();
            put_str(&mut h, ds.items.name(i as u32));
            put_str(&mut h, &cat.title[i]);
            put_str(&mut h, ds.item_category(i as u32).unwrap_or(""));
            let brand = cat.brand[i].map(|b| cat.brands.name(b)).unwrap_or("");
            put_str(&mut h, brand);
            put_opt_f32(&mut h, cat.price[i]);
            fold(&h.finalize())
        })
        .reduce(|| 0, u128::wrapping_add);
    let mut h = Sha256::new();
    h.update(b"pushbench-dataset-1");
    for n in [ds.n_users(), ds.n_items(), ev.len()] {
        h.update((n as u64).to_le_bytes());
    }
    h.update(users.to_le_bytes());
    h.update(items.to_le_bytes());
    let hash = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Fingerprint {
        hash,
        users: ds.n_users(),
        items: ds.n_items(),
        events: ev.len(),
    }
}
