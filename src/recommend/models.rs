//! All recommenders fitted on one training set, with ranking, seen-item
//! exclusion and explanations in words.

use super::csr::top_k;
use super::*;
use crate::data::{Dataset, EventKind};
use crate::error::{Error, Result};
use crate::jobs::JobCtx;
use rayon::prelude::*;
use std::time::Instant;

/// The fitted models. Plain data: `Send + Sync`, cheap to share in an `Arc`.
#[derive(Debug, Clone)]
pub struct Models {
    pub config: RecConfig,
    /// The interactions the models were fitted on.
    pub train: Interactions,
    pub popularity: Popularity,
    pub content: Content,
    pub item_knn: ItemKnn,
    pub als: Als,
    /// None when the catalogue is too large for EASE.
    pub ease: Option<Ease>,
    /// Wall-clock fit time per method (the hybrid's is that of its parts).
    pub fit_seconds: Vec<(Method, f64)>,
    pub(super) titles: Vec<String>,
    pub(super) item_category: Vec<Option<u32>>,
    pub(super) category_names: Vec<String>,
    pub(super) explicit_ratings: bool,
}

fn timed<T>(f: impl FnOnce() -> Result<T>) -> Result<(T, f64)> {
    let t = Instant::now();
    let v = f()?;
    Ok((v, t.elapsed().as_secs_f64()))
}

/// A title made safe for a terminal and short enough for an explanation,
/// shortened by whole words from both ends ("Inkwell Press…Large Print").
pub(super) fn short_title(t: &str) -> String {
    crate::text::abbreviate_middle(&crate::text::sanitize(t), 48)
}

impl Models {
    /// Fits every model on all events of the dataset.
    pub fn fit(ds: &Dataset, cfg: &RecConfig, ctx: &JobCtx) -> Result<Models> {
        let train = Interactions::from_dataset(ds, &cfg.weights);
        Self::fit_interactions(ds, train, cfg, ctx)
    }

    /// Fits every model on the given interactions; the dataset supplies the
    /// catalogue (its users and items must match the interactions' shape).
    pub fn fit_interactions(
        ds: &Dataset,
        train: Interactions,
        cfg: &RecConfig,
        ctx: &JobCtx,
    ) -> Result<Models> {
        if train.n_items() != ds.n_items() || train.n_users() > ds.n_users() {
            return Err(Error::Other(format!(
                "interactions are {} users x {} items but the dataset has {} x {}",
                train.n_users(),
                train.n_items(),
                ds.n_users(),
                ds.n_items()
            )));
        }
        let (popularity, t_pop) = timed(|| Ok(Popularity::fit(&train)))?;
        ctx.progress(0.0, "content vectors");
        let (content, t_content) =
            timed(|| Ok(Content::fit(&ds.catalogue, ds.n_items(), &cfg.content)))?;
        let (item_knn, t_knn) = timed(|| ItemKnn::fit(&train, &cfg.knn, ctx))?;
        let (als, t_als) = timed(|| Als::fit(&train, &cfg.als, ctx))?;
        let (ease, t_ease) = timed(|| Ease::fit(&train, &cfg.ease, ctx))?;
        let cf_time = match cfg.cf_model {
            CfModel::ItemKnn => t_knn,
            CfModel::Als => t_als,
            CfModel::Ease if ease.is_some() => t_ease,
            CfModel::Ease => t_knn,
        };
        let mut fit_seconds = vec![
            (Method::Popularity, t_pop),
            (Method::Content, t_content),
            (Method::ItemKnn, t_knn),
            (Method::Als, t_als),
        ];
        if ease.is_some() {
            fit_seconds.push((Method::Ease, t_ease));
        }
        fit_seconds.push((Method::Hybrid, t_pop + t_content + cf_time));
        let cat = &ds.catalogue;
        Ok(Models {
            config: cfg.clone(),
            popularity,
            content,
            item_knn,
            als,
            ease,
            fit_seconds,
            titles: (0..ds.n_items())
                .map(|i| ds.item_title(i as u32).to_string())
                .collect(),
            item_category: (0..ds.n_items())
                .map(|i| cat.category.get(i).copied().flatten())
                .collect(),
            category_names: cat.categories.names().to_vec(),
            explicit_ratings: ds.events.rating.is_some(),
            train,
        })
    }

    /// The methods that were fitted (EASE is skipped on large catalogues).
    /// The methods these models can rank with (see [`Models::unavailable`]).
    pub fn methods(&self) -> Vec<Method> {
        Method::ALL
            .into_iter()
            .filter(|m| self.missing(*m).is_none())
            .collect()
    }

    /// Why a method cannot rank on this data (None: it can).
    pub fn missing(&self, m: Method) -> Option<String> {
        match m {
            Method::Content if !self.content.has_features() => Some(
                "needs a catalogue with titles, categories or brands; none was loaded with this data, so it is not shown (it would only repeat popularity)"
                    .into(),
            ),
            Method::Ease if self.ease.is_none() => Some(format!(
                "not fitted: the catalogue has {} items and EASE's item-by-item matrix is limited to {}",
                self.n_items(),
                self.config.ease.max_items
            )),
            _ => None,
        }
    }

    /// Methods left out, each with why.
    pub fn unavailable(&self) -> Vec<(Method, String)> {
        Method::ALL
            .into_iter()
            .filter_map(|m| self.missing(m).map(|why| (m, why)))
            .collect()
    }

    pub fn fit_seconds(&self, m: Method) -> f64 {
        self.fit_seconds
            .iter()
            .find(|x| x.0 == m)
            .map_or(0.0, |x| x.1)
    }

    pub fn n_items(&self) -> usize {
        self.popularity.users.len()
    }

    /// Changes the hybrid's blend without refitting.
    pub fn set_hybrid(&mut self, weight: f32, cf_model: CfModel) {
        self.config.hybrid_weight = weight.clamp(0.0, 1.0);
        self.config.cf_model = cf_model;
    }

    /// The recommender behind a method (EASE falls back to item-kNN when it
    /// was not fitted).
    pub fn recommender(&self, m: Method) -> Box<dyn Recommender + '_> {
        match m {
            Method::Popularity => Box::new(&self.popularity),
            Method::Content => Box::new(&self.content),
            Method::ItemKnn => Box::new(&self.item_knn),
            Method::Als => Box::new(&self.als),
            Method::Ease => match &self.ease {
                Some(e) => Box::new(e),
                None => Box::new(&self.item_knn),
            },
            Method::Hybrid => self.hybrid(self.config.hybrid_weight, self.config.cf_model),
        }
    }

    /// The hybrid at a given blend (the fitted models unchanged).
    pub fn hybrid(&self, weight: f32, cf_model: CfModel) -> Box<dyn Recommender + '_> {
        Box::new(Hybrid {
            content: &self.content,
            cf: self.cf_for(cf_model),
            popularity: &self.popularity,
            weight: weight.clamp(0.0, 1.0),
            blend: self.config.blend,
            cold_user_threshold: self.config.cold_user_threshold,
            cold_popularity_weight: self.config.cold_popularity_weight,
            cold_item_weight: self.config.cold_item_weight,
        })
    }

    pub(super) fn cf(&self) -> &dyn Recommender {
        self.cf_for(self.config.cf_model)
    }

    fn cf_for(&self, cf_model: CfModel) -> &dyn Recommender {
        match (cf_model, &self.ease) {
            (CfModel::ItemKnn, _) | (CfModel::Ease, None) => &self.item_knn,
            (CfModel::Als, _) => &self.als,
            (CfModel::Ease, Some(e)) => e,
        }
    }

    /// A training user's history (empty for users outside the training data).
    pub fn query(&self, user: u32) -> Query<'_> {
        if (user as usize) < self.train.n_users() {
            Query {
                user: Some(user),
                items: self.train.items(user),
                weights: self.train.weights(user),
                kinds: self.train.kinds_of(user),
            }
        } else {
            Query::default()
        }
    }

    /// Interactions of a user in the training data.
    pub fn history_len(&self, user: u32) -> usize {
        self.query(user).items.len()
    }

    /// Whether the hybrid treats this user as cold (content + popularity).
    pub fn is_cold(&self, user: u32) -> bool {
        self.history_len(user) < self.config.cold_user_threshold
    }

    /// The k best items for a query, seen items excluded as configured; ties
    /// (and items without evidence) are ordered by popularity. `buf` is
    /// scratch space reused across calls.
    pub fn rank(
        &self,
        rec: &dyn Recommender,
        q: &Query,
        k: usize,
        buf: &mut Vec<f32>,
    ) -> Vec<(u32, f32)> {
        buf.resize(self.n_items(), 0.0);
        if q.items.is_empty() {
            buf.copy_from_slice(&self.popularity.score);
        } else {
            rec.score(q, buf);
        }
        // excluded items become NaN, which top_k skips
        let cfg = &self.config;
        if cfg.exclude_seen {
            let purchase = kind_bit(EventKind::Purchase);
            for (p, &i) in q.items.iter().enumerate() {
                let bought = q.kinds.get(p).is_some_and(|k| k & purchase != 0);
                if !(cfg.repeat_purchases && bought) {
                    if let Some(v) = buf.get_mut(i as usize) {
                        *v = f32::NAN;
                    }
                }
            }
        }
        top_k(buf, &self.popularity.score, k, |_| true)
    }

    /// Recommendations for a training user.
    pub fn recommend(&self, m: Method, user: u32, k: usize) -> Vec<Rec> {
        let q = self.query(user);
        self.recommend_query(m, &q, k)
    }

    /// Recommendations for a new user known only by some items (for example
    /// the product they are looking at).
    pub fn recommend_seed(&self, m: Method, seed_items: &[u32], k: usize) -> Vec<Rec> {
        let mut items: Vec<u32> = seed_items
            .iter()
            .copied()
            .filter(|&i| (i as usize) < self.n_items())
            .collect();
        items.sort_unstable();
        items.dedup();
        let weights = vec![self.config.weights.view; items.len()];
        let kinds = vec![kind_bit(EventKind::View); items.len()];
        let q = Query {
            user: None,
            items: &items,
            weights: &weights,
            kinds: &kinds,
        };
        self.recommend_query(m, &q, k)
    }

    /// Recommendations with explanations for any query.
    pub fn recommend_query(&self, m: Method, q: &Query, k: usize) -> Vec<Rec> {
        let rec = self.recommender(m);
        let mut buf = Vec::new();
        let top = self.rank(rec.as_ref(), q, k, &mut buf);
        let personal = m != Method::Popularity && !q.items.is_empty();
        let reasons = if personal {
            let items: Vec<u32> = top.iter().map(|t| t.0).collect();
            rec.explain_many(q, &items)
        } else {
            vec![None; top.len()]
        };
        top.into_iter()
            .zip(reasons)
            .map(|((item, score), reason)| {
                let reason =
                    reason.filter(|_| score > 0.0 || m == Method::Als || m == Method::Hybrid);
                Rec {
                    item,
                    score,
                    explanation: self.reason_text(reason, item, None),
                    because: match reason {
                        Some(Reason::SimilarTo { item, .. }) => Some(item),
                        _ => None,
                    },
                }
            })
            .collect()
    }

    /// Top-k item ids and scores for many users at once (in parallel, no
    /// explanations): for exports.
    pub fn recommend_many(&self, m: Method, users: &[u32], k: usize) -> Vec<Vec<(u32, f32)>> {
        let rec = self.recommender(m);
        let rec = rec.as_ref();
        users
            .par_iter()
            .map_init(Vec::new, |buf, &u| self.rank(rec, &self.query(u), k, buf))
            .collect()
    }

    /// [`Models::recommend_many`] without the scores: item indices, best first.
    pub fn top_items(&self, m: Method, users: &[u32], k: usize) -> Vec<Vec<u32>> {
        self.recommend_many(m, users, k)
            .into_iter()
            .map(|r| r.into_iter().map(|(i, _)| i).collect())
            .collect()
    }

    /// Explanation text. `group` names a segment for segment-level lists.
    pub(super) fn reason_text(
        &self,
        reason: Option<Reason>,
        item: u32,
        group: Option<&str>,
    ) -> String {
        let cat = |c: u32| {
            crate::text::sanitize(
                self.category_names
                    .get(c as usize)
                    .map(String::as_str)
                    .unwrap_or("?"),
            )
        };
        match (reason, group) {
            (Some(Reason::SimilarTo { item: j, .. }), Some(g)) => {
                format!(
                    "similar to {}, a favourite in {g}",
                    short_title(&self.titles[j as usize])
                )
            }
            (Some(Reason::SimilarTo { item: j, kinds }), None) => {
                let t = short_title(&self.titles[j as usize]);
                let has = |k: EventKind| kinds & kind_bit(k) != 0;
                if self.explicit_ratings {
                    if has(EventKind::Purchase) {
                        format!("similar to {t} you rated highly")
                    } else {
                        format!("similar to {t} you rated")
                    }
                } else if has(EventKind::Purchase) {
                    format!("bought together with {t}")
                } else if has(EventKind::Cart) {
                    format!("similar to {t} you added to cart")
                } else if has(EventKind::Favorite) {
                    format!("similar to {t} you saved")
                } else {
                    format!("similar to {t} you viewed")
                }
            }
            (Some(Reason::MatchesCategory(c)), Some(g)) => {
                format!("matches {g}'s interest in {}", cat(c))
            }
            (Some(Reason::MatchesCategory(c)), None) => {
                format!("matches your interest in {}", cat(c))
            }
            (None, Some(g)) => format!("popular in {g}"),
            (None, None) => match self.item_category.get(item as usize).copied().flatten() {
                Some(c) => format!("popular in {}", cat(c)),
                None => "popular overall".to_string(),
            },
        }
    }

    /// Item title (as in the catalogue).
    pub fn title(&self, item: u32) -> &str {
        &self.titles[item as usize]
    }
}
