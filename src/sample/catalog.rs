//! Synthetic product catalogue: items with titles, prices, discounts and a
//! Zipf-like popularity, plus samplers used by the user simulation.

use std::collections::HashSet;
use std::io::Write;

use super::words::{choose, CATEGORIES};
use super::{lognormal, pick};
type Result<T> = std::result::Result<T, csv::Error>;
use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// Number of categories in the word banks.
pub(crate) const N_CATEGORIES: usize = CATEGORIES.len();

/// Zipf exponent of item popularity.
const ZIPF_EXPONENT: f64 = 1.0;
/// Rank offset of the Zipf law (flattens the very top a little).
const ZIPF_OFFSET: f64 = 3.0;
/// Share of items that are on sale.
const SALE_SHARE: f64 = 0.2;
const SALE_DISCOUNTS: [f64; 6] = [0.10, 0.15, 0.20, 0.25, 0.30, 0.40];

/// One catalogue item.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub id: String,
    pub category: usize,
    pub brand: &'static str,
    pub title: String,
    /// List price, rounded to cents.
    pub price: f64,
    /// Sale discount as a fraction (0 when the item is not on sale).
    pub discount: f64,
    /// Percentile of the price within its category (0 = cheapest, 1 = dearest).
    pub price_pct: f64,
    pub noun: &'static str,
    pub qualifier: &'static str,
    pub tags: String,
    pub description: String,
}

/// How a user trades price against popularity when picking items.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum PricePref {
    /// Prefers cheap and discounted items.
    Cheap,
    /// Prefers the expensive end of each category.
    Expensive,
    /// Slight preference for the upper-middle of the range.
    Quality,
    /// Picks by popularity only.
    Neutral,
}

/// Popularity sampler over a set of items (cumulative weights).
#[derive(Debug, Clone, Default)]
struct Cdf {
    items: Vec<usize>,
    cumulative: Vec<f64>,
}

impl Cdf {
    fn push(&mut self, item: usize, weight: f64) {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        self.items.push(item);
        self.cumulative.push(total + weight);
    }

    fn sample(&self, rng: &mut ChaCha8Rng) -> Option<usize> {
        let total = *self.cumulative.last()?;
        let x = rng.gen::<f64>() * total;
        let pos = self.cumulative.partition_point(|&c| c <= x);
        self.items.get(pos.min(self.items.len() - 1)).copied()
    }
}

/// The whole catalogue plus per-category popularity samplers.
#[derive(Debug)]
pub(crate) struct Catalog {
    pub items: Vec<Item>,
    by_category: Vec<Cdf>,
    all: Cdf,
}

/// Spread of list prices around a noun's typical price (log-normal sigma).
const PRICE_SPREAD: f64 = 0.3;
/// Bounds of a list price, as factors of the noun's typical price.
const PRICE_RANGE: (f64, f64) = (0.55, 2.0);
/// Draws of a title before an item falls back to a numbered one.
const TITLE_ATTEMPTS: usize = 64;

/// A word-bank noun entry `"Qual1,Qual2/Noun/Variant1|Variant2/Price"`, split.
struct NounEntry {
    noun: &'static str,
    qualifiers: Vec<&'static str>,
    /// `|`-separated variants (may be empty).
    variants: &'static str,
    /// Typical list price of the noun in dollars.
    price: f64,
}

fn split_noun(entry: &'static str) -> NounEntry {
    let mut parts = entry.splitn(4, '/');
    let quals = parts.next().unwrap_or("");
    let noun = parts.next().unwrap_or(entry);
    let variants = parts.next().unwrap_or("");
    let price = parts.next().and_then(|p| p.parse().ok()).unwrap_or(20.0);
    NounEntry {
        noun,
        qualifiers: quals.split(',').filter(|q| !q.is_empty()).collect(),
        variants,
        price,
    }
}

fn round_cents(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Draws a list price near `typical` with retail-style endings (.99, .49,
/// .95, .00).
fn draw_price(rng: &mut ChaCha8Rng, typical: f64) -> f64 {
    let raw = lognormal(rng, typical, PRICE_SPREAD)
        .clamp(typical * PRICE_RANGE.0, typical * PRICE_RANGE.1)
        .max(0.99);
    if raw < 10.0 {
        // Cheap goods end in .49 or .99 of their whole dollar.
        let ending = pick(rng, &[0.99, 0.49, 0.99]);
        return round_cents(raw.floor() + ending);
    }
    let ending = pick(rng, &[0.99, 0.99, 0.49, 0.0, 0.95]);
    round_cents(raw.floor() + ending)
}

/// Whether a title repeats a word ("Hardcover ... Hardcover",
/// "Ultra-Slim Slim"), compared case-blind on the parts between spaces and
/// hyphens.
fn repeats_a_word(title: &str) -> bool {
    let mut seen = std::collections::HashSet::new();
    title
        .split([' ', '-'])
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .any(|w| !seen.insert(w.to_lowercase()))
}

fn pick_category(rng: &mut ChaCha8Rng, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let mut x = rng.gen::<f64>() * total;
    for (c, w) in weights.iter().enumerate() {
        if x < *w {
            return c;
        }
        x -= w;
    }
    N_CATEGORIES - 1
}

/// The wording of an item: its category, brand, noun and title.
struct Naming {
    category: usize,
    brand: &'static str,
    entry: NounEntry,
    qualifier: &'static str,
    /// Qualifiers and noun, as the description names the product.
    phrase: String,
    title: String,
}

fn draw_naming(rng: &mut ChaCha8Rng, weights: &[f64]) -> Naming {
    let category = pick_category(rng, weights);
    let cat = &CATEGORIES[category];
    let brand = choose(rng, cat.brands);
    let entry = split_noun(pick(rng, cat.nouns));
    let mut title = String::with_capacity(48);
    title.push_str(brand);
    let use_adjective = rng.gen_bool(0.35);
    if use_adjective {
        title.push(' ');
        title.push_str(choose(rng, cat.adjectives));
    }
    // One or two qualifiers, kept in word-bank order so titles read naturally.
    let quals = &entry.qualifiers;
    let mut qualifier = "";
    let mut phrase = String::new();
    if !quals.is_empty() {
        let first = rng.gen_range(0..quals.len());
        qualifier = quals[first];
        let two = !use_adjective && first + 1 < quals.len() && rng.gen_bool(0.4);
        let last = if two { first + 1 } else { first };
        for q in &quals[first..=last] {
            phrase.push_str(q);
            phrase.push(' ');
        }
    }
    phrase.push_str(entry.noun);
    title.push(' ');
    title.push_str(&phrase);
    if !entry.variants.is_empty() && rng.gen_bool(0.45) {
        title.push(' ');
        title.push_str(choose(rng, entry.variants));
    }
    Naming {
        category,
        brand,
        entry,
        qualifier,
        phrase,
        title,
    }
}

/// Draws names until one reads well (no repeated word) and no earlier item
/// has it; after [`TITLE_ATTEMPTS`] the last draw is numbered instead.
fn unique_naming(
    rng: &mut ChaCha8Rng,
    weights: &[f64],
    number: usize,
    taken: &mut HashSet<String>,
) -> Naming {
    let mut naming = draw_naming(rng, weights);
    for _ in 1..TITLE_ATTEMPTS {
        if !repeats_a_word(&naming.title) && !taken.contains(&naming.title) {
            break;
        }
        naming = draw_naming(rng, weights);
    }
    if repeats_a_word(&naming.title) || taken.contains(&naming.title) {
        naming.title = format!("{} {} No. {number}", naming.brand, naming.phrase);
    }
    taken.insert(naming.title.clone());
    naming
}

fn build_item(
    rng: &mut ChaCha8Rng,
    index: usize,
    width: usize,
    weights: &[f64],
    taken: &mut HashSet<String>,
) -> Item {
    let naming = unique_naming(rng, weights, index + 1, taken);
    let (category, brand, entry) = (naming.category, naming.brand, naming.entry);
    let (qualifier, phrase, title) = (naming.qualifier, naming.phrase, naming.title);
    let cat = &CATEGORIES[category];
    let noun = entry.noun;
    let price = draw_price(rng, entry.price);
    let discount = if rng.gen_bool(SALE_SHARE) {
        pick(rng, &SALE_DISCOUNTS)
    } else {
        0.0
    };

    // The noun as a tag, then 1-3 generic category tags; "sale" when discounted.
    let noun_tag: String = noun
        .to_lowercase()
        .replace(' ', "-")
        .chars()
        .filter(|c| *c != '\'')
        .collect();
    let generic: Vec<&str> = cat.tags.split('|').collect();
    let n_generic = rng.gen_range(1..=3usize);
    let mut tags = vec![noun_tag.as_str()];
    tags.extend(generic.choose_multiple(rng, n_generic).copied());
    if discount > 0.0 {
        if tags.len() == 4 {
            tags.pop();
        }
        tags.push("sale");
    }
    let description = format!("{phrase} by {brand}, {}.", choose(rng, cat.benefits));
    Item {
        id: format!("I{:0width$}", index + 1),
        category,
        brand,
        title,
        price,
        discount,
        price_pct: 0.5,
        noun,
        qualifier,
        tags: tags.join("|"),
        description,
    }
}

impl Catalog {
    /// Builds `n` items deterministically from `rng`.
    pub fn build(rng: &mut ChaCha8Rng, n: usize) -> Catalog {
        let width = n.to_string().len().max(5);
        let weights: Vec<f64> = CATEGORIES.iter().map(|c| c.catalog_weight).collect();
        let mut taken = HashSet::with_capacity(n);
        let mut items: Vec<Item> = (0..n)
            .map(|i| build_item(rng, i, width, &weights, &mut taken))
            .collect();

        // Price percentile within each category (ties broken by index).
        for c in 0..N_CATEGORIES {
            let mut idx: Vec<usize> = (0..n).filter(|&i| items[i].category == c).collect();
            idx.sort_by(|&a, &b| items[a].price.total_cmp(&items[b].price).then(a.cmp(&b)));
            let denom = idx.len().saturating_sub(1).max(1) as f64;
            for (rank, &i) in idx.iter().enumerate() {
                items[i].price_pct = if idx.len() == 1 {
                    0.5
                } else {
                    rank as f64 / denom
                };
            }
        }

        // Zipf-like popularity over a random ranking of the items.
        let mut ranks: Vec<usize> = (0..n).collect();
        ranks.shuffle(rng);
        let mut by_category = vec![Cdf::default(); N_CATEGORIES];
        let mut all = Cdf::default();
        for (i, &rank) in ranks.iter().enumerate() {
            let w = 1.0 / (rank as f64 + ZIPF_OFFSET).powf(ZIPF_EXPONENT);
            by_category[items[i].category].push(i, w);
            all.push(i, w);
        }
        Catalog {
            items,
            by_category,
            all,
        }
    }

    /// Whether category `c` has at least one item.
    pub fn has_category(&self, c: usize) -> bool {
        !self.by_category[c].items.is_empty()
    }

    /// Picks an item of category `c` (or of any category if `c` is empty),
    /// by popularity, filtered by the user's price preference.
    pub fn pick_item(&self, rng: &mut ChaCha8Rng, c: usize, pref: PricePref) -> usize {
        let cdf = if self.has_category(c) {
            &self.by_category[c]
        } else {
            &self.all
        };
        let mut chosen = 0;
        for _ in 0..12 {
            let Some(i) = cdf.sample(rng) else { return 0 };
            chosen = i;
            let it = &self.items[i];
            let accept = match pref {
                PricePref::Neutral => 1.0,
                PricePref::Cheap if it.discount > 0.0 => 0.9,
                PricePref::Cheap => (1.0 - it.price_pct).powi(3),
                PricePref::Expensive => it.price_pct.powf(2.5),
                PricePref::Quality => 0.35 + 0.65 * it.price_pct,
            };
            if rng.gen::<f64>() < accept {
                break;
            }
        }
        chosen
    }

    /// Writes `items.csv` (header included).
    pub fn write_csv<W: Write>(&self, out: W) -> Result<()> {
        let mut wtr = csv_writer(out);
        wtr.write_record(super::ITEMS_HEADER)?;
        for it in &self.items {
            let price = format!("{:.2}", it.price);
            wtr.write_record([
                it.id.as_str(),
                it.title.as_str(),
                CATEGORIES[it.category].name,
                it.brand,
                price.as_str(),
                it.tags.as_str(),
                it.description.as_str(),
            ])?;
        }
        wtr.flush()?;
        Ok(())
    }
}

/// A CSV writer with the crate's fixed dialect (comma, `\n`).
pub(crate) fn csv_writer<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .delimiter(b',')
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn repeated_words_are_found_across_hyphens_and_case() {
        assert!(repeats_a_word(
            "Larkspur Books Hardcover Cookbook Hardcover"
        ));
        assert!(repeats_a_word("Pixelon Ultra-Slim Slim Power Bank"));
        assert!(repeats_a_word("Verde natural Natural Honey"));
        assert!(!repeats_a_word("Pip & Puzzle Kinfolk & Co Scarf"));
        assert!(!repeats_a_word("Verde Raw Wildflower Honey 340 g"));
    }

    #[test]
    fn titles_are_unique_read_well_and_prices_fit_the_product() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let catalog = Catalog::build(&mut rng, 3000);
        let mut titles = HashSet::new();
        for it in &catalog.items {
            assert!(titles.insert(it.title.as_str()), "{} twice", it.title);
            assert!(!repeats_a_word(&it.title), "{}", it.title);
            let typical = CATEGORIES[it.category]
                .nouns
                .iter()
                .map(|e| split_noun(e))
                .find(|e| e.noun == it.noun)
                .map(|e| e.price)
                .unwrap();
            // within the drawn range, plus the cents of a retail ending
            let (lo, hi) = (typical * PRICE_RANGE.0 - 1.0, typical * PRICE_RANGE.1 + 1.0);
            assert!(
                it.price >= lo && it.price <= hi,
                "{} at {}",
                it.title,
                it.price
            );
        }
        let candle = catalog.items.iter().filter(|i| i.noun == "Candle");
        assert!(candle.clone().count() > 5);
        assert!(candle.clone().all(|i| i.price < 40.0));
    }

    #[test]
    fn every_word_bank_noun_names_its_price() {
        for cat in CATEGORIES {
            for e in cat.nouns {
                let price = e.rsplit('/').next().unwrap();
                assert!(price.parse::<f64>().is_ok_and(|p| p > 0.0), "{e}");
            }
        }
    }
}
