//! Content-based recommendations: item vectors from the catalogue (category,
//! brand, price band within the category, TF-IDF of title, description and tag
//! words, banded numeric columns), a user profile as the weighted sum of the
//! vectors of the items the user interacted with, ranked by cosine.
//! Works for items nobody interacted with, and for new users given a seed item.

use super::csr::{sparse_dot, Csr};
use super::{Method, Query, Reason, Recommender};
use crate::data::Catalogue;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Relative weight of each block of the item vector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContentParams {
    pub category: f32,
    pub brand: f32,
    pub price: f32,
    pub text: f32,
    pub numeric: f32,
    /// Number of price (and numeric) quantile bands.
    pub bands: usize,
}

impl Default for ContentParams {
    fn default() -> Self {
        ContentParams {
            category: 1.0,
            brand: 0.3,
            price: 0.3,
            text: 1.0,
            numeric: 0.3,
            bands: 5,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Content {
    /// item x feature; every non-empty row has unit length, all values >= 0.
    pub vectors: Csr,
    /// Feature names ("category:Books", "word:cotton", "price_band:2", ...).
    pub features: Vec<String>,
    /// feature x item: the transpose of `vectors`, for scoring.
    by_feature: Csr,
    /// Category per item (for explanations).
    category: Vec<Option<u32>>,
}

const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on",
    "or", "the", "to", "with", "your", "you", "this", "that", "our", "its", "into", "all", "any",
];

/// Lower-case words of two or more letters or digits, without stopwords.
pub fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(|w| w.to_lowercase())
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
}

/// Quantile band (0..bands) of each value within its group; None for missing.
fn bands_by_group(values: &[Option<f32>], group: &[usize], bands: usize) -> Vec<Option<usize>> {
    let mut groups: HashMap<usize, Vec<(f32, usize)>> = HashMap::new();
    for (i, v) in values.iter().enumerate() {
        if let Some(v) = v.filter(|v| v.is_finite()) {
            groups.entry(group[i]).or_default().push((v, i));
        }
    }
    let mut out = vec![None; values.len()];
    for (_, mut g) in groups {
        g.sort_by(|a, b| a.0.total_cmp(&b.0));
        let n = g.len();
        let mut r = 0;
        while r < n {
            // equal values share a band
            let mut e = r;
            while e + 1 < n && g[e + 1].0 == g[r].0 {
                e += 1;
            }
            let band = (r * bands / n).min(bands - 1);
            for &(_, i) in &g[r..=e] {
                out[i] = Some(band);
            }
            r = e + 1;
        }
    }
    out
}

impl Content {
    /// Builds the item vectors of `n_items` items from the catalogue.
    pub fn fit(cat: &Catalogue, n_items: usize, p: &ContentParams) -> Content {
        let bands = p.bands.max(1);
        let mut features: Vec<String> = Vec::new();
        let mut rows: Vec<Vec<(u32, f32)>> = vec![Vec::new(); n_items];
        let category: Vec<Option<u32>> = (0..n_items)
            .map(|i| cat.category.get(i).copied().flatten())
            .collect();
        // one block at a time: rows get (feature, value) pairs, normalised per block
        let push_block = |rows: &mut Vec<Vec<(u32, f32)>>, block: Vec<Vec<(u32, f32)>>, w: f32| {
            if w <= 0.0 {
                return;
            }
            for (row, b) in rows.iter_mut().zip(block) {
                let norm = b.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
                if norm > 0.0 {
                    let s = w.sqrt() / norm;
                    row.extend(b.into_iter().map(|(f, v)| (f, v * s)));
                }
            }
        };
        let one_hot =
            |ids: &[Option<u32>], prefix: &str, names: &[String], features: &mut Vec<String>| {
                let base = features.len() as u32;
                features.extend(names.iter().map(|n| format!("{prefix}:{n}")));
                ids.iter()
                    .map(|c| c.map(|c| vec![(base + c, 1.0)]).unwrap_or_default())
                    .collect::<Vec<_>>()
            };
        let block = one_hot(&category, "category", cat.categories.names(), &mut features);
        push_block(&mut rows, block, p.category);
        let brand: Vec<Option<u32>> = (0..n_items)
            .map(|i| cat.brand.get(i).copied().flatten())
            .collect();
        let block = one_hot(&brand, "brand", cat.brands.names(), &mut features);
        push_block(&mut rows, block, p.brand);

        // price band within the item's category (items without one: their own group)
        let price: Vec<Option<f32>> = (0..n_items)
            .map(|i| cat.price.get(i).copied().flatten())
            .collect();
        let group: Vec<usize> = category
            .iter()
            .map(|c| c.map_or(usize::MAX, |c| c as usize))
            .collect();
        let band = bands_by_group(&price, &group, bands);
        let base = features.len() as u32;
        features.extend((0..bands).map(|b| format!("price_band:{b}")));
        let block = band
            .iter()
            .map(|b| b.map(|b| vec![(base + b as u32, 1.0)]).unwrap_or_default())
            .collect();
        push_block(&mut rows, block, p.price);

        // TF-IDF of words from title, description and tags
        let mut vocab: HashMap<String, u32> = HashMap::new();
        let mut docs: Vec<HashMap<u32, u32>> = vec![HashMap::new(); n_items];
        for (i, doc) in docs.iter_mut().enumerate() {
            let title = cat.title.get(i).map(String::as_str).unwrap_or("");
            let desc = cat
                .description
                .get(i)
                .and_then(|d| d.as_deref())
                .unwrap_or("");
            let tags = cat.tags.get(i).map(|t| t.join(" ")).unwrap_or_default();
            for t in tokens(title).chain(tokens(desc)).chain(tokens(&tags)) {
                let n = vocab.len() as u32;
                let id = *vocab.entry(t).or_insert(n);
                *doc.entry(id).or_insert(0) += 1;
            }
        }
        let mut df = vec![0u32; vocab.len()];
        for d in &docs {
            for &t in d.keys() {
                df[t as usize] += 1;
            }
        }
        let mut names = vec![String::new(); vocab.len()];
        for (w, &id) in &vocab {
            names[id as usize] = w.clone();
        }
        // words in a single item connect nothing; words in most items say nothing
        let n_docs = docs.iter().filter(|d| !d.is_empty()).count().max(1);
        let mut remap = vec![u32::MAX; vocab.len()];
        for (t, &d) in df.iter().enumerate() {
            if d >= 2 && (n_docs < 20 || (d as usize) * 2 <= n_docs) {
                remap[t] = features.len() as u32;
                features.push(format!("word:{}", names[t]));
            }
        }
        let block = docs
            .iter()
            .map(|d| {
                let mut v: Vec<(u32, f32)> = d
                    .iter()
                    .filter(|(t, _)| remap[**t as usize] != u32::MAX)
                    .map(|(&t, &tf)| {
                        let idf =
                            ((1.0 + n_docs as f32) / (1.0 + df[t as usize] as f32)).ln() + 1.0;
                        (remap[t as usize], (1.0 + (tf as f32).ln()) * idf)
                    })
                    .collect();
                v.sort_unstable_by_key(|x| x.0);
                v
            })
            .collect();
        push_block(&mut rows, block, p.text);

        // extra numeric columns, banded
        let n_num = cat.numeric.len().max(1) as f32;
        for (name, values) in &cat.numeric {
            let vals: Vec<Option<f32>> = (0..n_items)
                .map(|i| values.get(i).copied().filter(|v| v.is_finite()))
                .collect();
            let band = bands_by_group(&vals, &vec![0; n_items], bands);
            let base = features.len() as u32;
            features.extend((0..bands).map(|b| format!("{name}:band{b}")));
            let block = band
                .iter()
                .map(|b| b.map(|b| vec![(base + b as u32, 1.0)]).unwrap_or_default())
                .collect();
            push_block(&mut rows, block, p.numeric / n_num);
        }

        let mut triplets = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            let norm = row.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
            for &(f, v) in row {
                triplets.push((i as u32, f, v / norm));
            }
        }
        let vectors = Csr::from_triplets(n_items, features.len(), &triplets);
        Content {
            by_feature: vectors.transpose(),
            vectors,
            features,
            category,
        }
    }

    /// Cosine similarity of two items' vectors (0 when either has none).
    pub fn similarity(&self, a: u32, b: u32) -> f32 {
        let (ia, va) = self.vectors.row(a as usize);
        let (ib, vb) = self.vectors.row(b as usize);
        sparse_dot(ia, va, ib, vb)
    }

    /// Whether any item has a content vector.
    pub fn has_features(&self) -> bool {
        self.vectors.nnz() > 0
    }

    /// Weight of a history entry in the profile.
    fn profile_weight(w: f32) -> f32 {
        w.max(0.0).ln_1p()
    }

    /// The user profile: weighted sum of the history's item vectors.
    pub fn profile(&self, q: &Query) -> Vec<f32> {
        let mut p = vec![0f32; self.vectors.n_cols];
        for (&j, &w) in q.items.iter().zip(q.weights) {
            let (idx, val) = self.vectors.row(j as usize);
            let g = Self::profile_weight(w);
            for (&f, &v) in idx.iter().zip(val) {
                p[f as usize] += g * v;
            }
        }
        p
    }
}

impl Recommender for Content {
    fn method(&self) -> Method {
        Method::Content
    }

    /// Cosine between the user profile and every item vector, in [0, 1]
    /// (accumulated feature by feature over the profile's non-zero features).
    fn score(&self, q: &Query, out: &mut [f32]) {
        out.fill(0.0);
        let p = self.profile(q);
        let norm = p.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm <= 0.0 {
            return;
        }
        for (f, &pv) in p.iter().enumerate() {
            if pv == 0.0 {
                continue;
            }
            let (items, vals) = self.by_feature.row(f);
            let w = pv / norm;
            for (&i, &v) in items.iter().zip(vals) {
                out[i as usize] += w * v;
            }
        }
    }

    fn explain(&self, q: &Query, item: u32) -> Option<Reason> {
        let mut best: Option<(f32, usize)> = None;
        for (h, (&j, &w)) in q.items.iter().zip(q.weights).enumerate() {
            if j == item {
                continue;
            }
            let s = Self::profile_weight(w) * self.similarity(j, item);
            if s > 0.0 && best.is_none_or(|b| s > b.0) {
                best = Some((s, h));
            }
        }
        match best {
            Some((_, h)) => Some(Reason::SimilarTo {
                item: q.items[h],
                kinds: q.kinds.get(h).copied().unwrap_or(0),
            }),
            None => self
                .category
                .get(item as usize)
                .copied()
                .flatten()
                .map(Reason::MatchesCategory),
        }
    }
}
