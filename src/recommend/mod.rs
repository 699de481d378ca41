//! Recommenders: popularity, content-based, item-kNN, ALS matrix factorisation
//! (implicit "SVD"), EASE and a hybrid, behind one [`Recommender`] trait, fitted
//! together as [`Models`] and shown side by side with explanations.
//!
//! ```no_run
//! use pushbench::recommend::{Method, Models, RecConfig};
//! # fn main() -> pushbench::Result<()> {
//! let ds = pushbench::data::load(&pushbench::data::bundled::options(), &Default::default())?;
//! let models = Models::fit(&ds, &RecConfig::default(), &Default::default())?;
//! for rec in models.recommend(Method::Hybrid, 0, 10) {
//!     println!("{} {:.3} {}", ds.item_title(rec.item), rec.score, rec.explanation);
//! }
//! # Ok(()) }
//! ```

pub mod als;
pub mod content;
pub mod csr;
pub mod ease;
mod group;
pub mod hybrid;
pub mod interactions;
pub mod item_knn;
pub use pushbench_kernels as kernels;
mod models;
pub mod popularity;

pub use als::{Als, AlsParams};
pub use content::{Content, ContentParams};
pub use ease::{Ease, EaseParams};
pub use hybrid::{Blend, Hybrid};
pub use interactions::{kind_bit, Interactions, Weights};
pub use item_knn::{ItemKnn, KnnParams};
pub use models::Models;
pub use popularity::Popularity;

use serde::{Deserialize, Serialize};

/// The recommenders, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Popularity,
    Content,
    ItemKnn,
    Als,
    Ease,
    Hybrid,
}

impl Method {
    pub const ALL: [Method; 6] = [
        Method::Popularity,
        Method::Content,
        Method::ItemKnn,
        Method::Als,
        Method::Ease,
        Method::Hybrid,
    ];

    /// Machine name (JSON, CLI).
    pub fn name(self) -> &'static str {
        match self {
            Method::Popularity => "popularity",
            Method::Content => "content",
            Method::ItemKnn => "item_knn",
            Method::Als => "als",
            Method::Ease => "ease",
            Method::Hybrid => "hybrid",
        }
    }

    /// Human title.
    /// Short name for people (tables, status lines).
    pub fn label(self) -> &'static str {
        match self {
            Method::Popularity => "popularity",
            Method::Content => "content",
            Method::ItemKnn => "item-kNN",
            Method::Als => "ALS",
            Method::Ease => "EASE",
            Method::Hybrid => "hybrid",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Method::Popularity => "Popularity (baseline)",
            Method::Content => "Content-based (catalogue)",
            Method::ItemKnn => "Item-kNN (cosine, co-interaction)",
            Method::Als => "ALS matrix factorisation (implicit SVD)",
            Method::Ease => "EASE (linear item-item)",
            Method::Hybrid => "Hybrid (CF + content, cold-start switching)",
        }
    }

    /// Parses a name or a familiar alias ("svd", "mf", "knn", "pop").
    pub fn parse(s: &str) -> Option<Method> {
        let s = s.trim().to_ascii_lowercase().replace('-', "_");
        Some(match s.as_str() {
            "popularity" | "pop" | "popular" | "baseline" => Method::Popularity,
            "content" | "content_based" | "cb" => Method::Content,
            "item_knn" | "itemknn" | "knn" | "item" | "cosine" => Method::ItemKnn,
            "als"
            | "svd"
            | "mf"
            | "wals"
            | "ials"
            | "matrix_factorisation"
            | "matrix_factorization" => Method::Als,
            "ease" => Method::Ease,
            "hybrid" => Method::Hybrid,
            _ => return None,
        })
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The collaborative model inside the hybrid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CfModel {
    ItemKnn,
    #[default]
    Als,
    Ease,
}

impl CfModel {
    pub const ALL: [CfModel; 3] = [CfModel::ItemKnn, CfModel::Als, CfModel::Ease];
    pub fn method(self) -> Method {
        match self {
            CfModel::ItemKnn => Method::ItemKnn,
            CfModel::Als => Method::Als,
            CfModel::Ease => Method::Ease,
        }
    }
    /// The next model (for a key that cycles through them).
    pub fn next(self) -> CfModel {
        match self {
            CfModel::ItemKnn => CfModel::Als,
            CfModel::Als => CfModel::Ease,
            CfModel::Ease => CfModel::ItemKnn,
        }
    }
}

/// Everything that shapes the recommenders.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RecConfig {
    pub weights: Weights,
    pub content: ContentParams,
    pub knn: KnnParams,
    pub als: AlsParams,
    pub ease: EaseParams,
    /// Collaborative model used by the hybrid.
    pub cf_model: CfModel,
    /// Share of the collaborative model in the hybrid, in [0, 1].
    pub hybrid_weight: f32,
    pub blend: Blend,
    /// Users with fewer interactions get content + popularity in the hybrid.
    pub cold_user_threshold: usize,
    /// Share of popularity for those users.
    pub cold_popularity_weight: f32,
    /// Items nobody interacted with get this share of their content score as
    /// their collaborative score in the hybrid (0..1).
    pub cold_item_weight: f32,
    /// Leave out items the user already interacted with.
    pub exclude_seen: bool,
    /// With `exclude_seen`, still allow items the user bought (replenishment).
    pub repeat_purchases: bool,
}

impl Default for RecConfig {
    fn default() -> Self {
        RecConfig {
            weights: Weights::default(),
            content: ContentParams::default(),
            knn: KnnParams::default(),
            als: AlsParams::default(),
            ease: EaseParams::default(),
            cf_model: CfModel::default(),
            hybrid_weight: 0.8,
            blend: Blend::default(),
            cold_user_threshold: 3,
            cold_popularity_weight: 0.5,
            cold_item_weight: 0.5,
            exclude_seen: true,
            repeat_purchases: false,
        }
    }
}

/// The history a recommendation is made for: a training user's row, a seed
/// item for a new user, or a segment's aggregated interactions.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<'a> {
    /// The training row, when the user is known to the models.
    pub user: Option<u32>,
    /// Items (sorted ascending), their weights and event-type bits.
    pub items: &'a [u32],
    pub weights: &'a [f32],
    pub kinds: &'a [u8],
}

/// Why an item was recommended (turned into text by [`Models`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The history item that contributed most, with its event-type bits.
    SimilarTo { item: u32, kinds: u8 },
    /// The item's category is one the user interacts with.
    MatchesCategory(u32),
}

/// One recommendation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rec {
    pub item: u32,
    pub score: f32,
    pub explanation: String,
    /// The history item the explanation refers to, if any.
    pub because: Option<u32>,
}

/// A fitted recommender: scores every item for a query.
pub trait Recommender: Send + Sync {
    fn method(&self) -> Method;
    /// Writes a score for every item into `out` (length = number of items);
    /// higher is better. Items without evidence score 0.
    fn score(&self, q: &Query, out: &mut [f32]);
    /// Why `item` scored: None means "no personal reason" (popularity).
    fn explain(&self, q: &Query, item: u32) -> Option<Reason>;
    fn explain_many(&self, q: &Query, items: &[u32]) -> Vec<Option<Reason>> {
        items.iter().map(|&i| self.explain(q, i)).collect()
    }
}

impl<T: Recommender + ?Sized> Recommender for &T {
    fn method(&self) -> Method {
        (**self).method()
    }
    fn score(&self, q: &Query, out: &mut [f32]) {
        (**self).score(q, out)
    }
    fn explain(&self, q: &Query, item: u32) -> Option<Reason> {
        (**self).explain(q, item)
    }
    fn explain_many(&self, q: &Query, items: &[u32]) -> Vec<Option<Reason>> {
        (**self).explain_many(q, items)
    }
}
