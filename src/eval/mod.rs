//! Offline evaluation: split the interactions, fit every recommender on the
//! training part, rank items for each user with held-out items (training items
//! excluded), and compare the top K with the held-out items.
//!
//! Test positives: by default every held-out item, whatever the event type
//! (`Positives::All`); `Positives::Strong` keeps only held-out items the user
//! carted, bought or saved. The peer script uses the same positives because it
//! reads the same `test.csv`.

pub mod files;
pub mod metrics;
mod report;
pub mod split;

pub use files::{dataset_from_files, split_from_files, write_split};
pub use report::{EvalReport, MethodMetrics, SegmentMetrics, Unavailable};
pub use split::{last_split, random_split, time_split, Split, SplitKind};

use crate::data::{Dataset, EventKind};
use crate::error::{Error, Result};
use crate::jobs::JobCtx;
use crate::recommend::{kind_bit, CfModel, Interactions, Method, Models, RecConfig};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::time::Instant;

/// Which held-out items count as relevant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Positives {
    /// Every held-out item.
    #[default]
    All,
    /// Held-out items with a cart, purchase or favourite event.
    Strong,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EvalConfig {
    pub k: usize,
    pub split: SplitKind,
    /// Share of each user's items held out (random split).
    pub test_fraction: f32,
    pub seed: u64,
    /// Users with fewer items are not held out from (random and last splits).
    pub min_user_items: usize,
    /// Time split: the cutoff is this quantile of event times.
    pub time_quantile: f32,
    pub positives: Positives,
    pub rec: RecConfig,
    /// Methods to evaluate (None: every fitted method).
    pub methods: Option<Vec<Method>>,
    /// Evaluate a seeded sample of at most this many test users.
    pub max_users: Option<usize>,
}

impl Default for EvalConfig {
    fn default() -> Self {
        EvalConfig {
            k: 10,
            split: SplitKind::Random,
            test_fraction: 0.2,
            seed: 42,
            min_user_items: 5,
            time_quantile: 0.8,
            positives: Positives::All,
            rec: RecConfig::default(),
            methods: None,
            max_users: None,
        }
    }
}

/// The split described by the configuration.
pub fn make_split(ds: &Dataset, cfg: &EvalConfig) -> Split {
    match cfg.split {
        SplitKind::Random => {
            let all = Interactions::from_dataset(ds, &cfg.rec.weights);
            random_split(&all, cfg.test_fraction, cfg.seed, cfg.min_user_items)
        }
        SplitKind::Last => {
            let all = Interactions::from_dataset(ds, &cfg.rec.weights);
            last_split(ds, &all, cfg.min_user_items)
        }
        SplitKind::Time => time_split(ds, &cfg.rec.weights, cfg.time_quantile),
    }
}

/// Splits, fits and evaluates.
pub fn evaluate(ds: &Dataset, cfg: &EvalConfig, ctx: &JobCtx) -> Result<EvalReport> {
    evaluate_split(ds, make_split(ds, cfg), cfg, ctx, None)
}

/// Like [`evaluate`], with metrics per segment as well: `labels[user]` indexes
/// `names` (users beyond `labels` or with an out-of-range label are only counted
/// overall).
pub fn evaluate_with_segments(
    ds: &Dataset,
    cfg: &EvalConfig,
    ctx: &JobCtx,
    labels: &[usize],
    names: &[String],
) -> Result<EvalReport> {
    evaluate_split(ds, make_split(ds, cfg), cfg, ctx, Some((labels, names)))
}

/// Per-user outcome of one method.
struct UserResult {
    user: u32,
    m: metrics::UserMetrics,
    diversity: f64,
    novelty: f64,
    popularity_bias: f64,
    recs: Vec<u32>,
}

/// A split with the models fitted on its training part: everything needed to
/// score a method again (the hybrid at another weight) without refitting.
pub struct Prepared {
    name: String,
    k: usize,
    users: Vec<u32>,
    relevant: Vec<Vec<u32>>,
    n_train_users: usize,
    pub models: Models,
}

/// Fits on `split.train` and evaluates on `split.test`.
pub fn evaluate_split(
    ds: &Dataset,
    split: Split,
    cfg: &EvalConfig,
    ctx: &JobCtx,
    segments: Option<(&[usize], &[String])>,
) -> Result<EvalReport> {
    let started = Instant::now();
    let prep = prepare(ds, split, cfg, ctx)?;
    let methods: Vec<Method> = match &cfg.methods {
        Some(ms) => prep
            .models
            .methods()
            .into_iter()
            .filter(|m| ms.contains(m))
            .collect(),
        None => prep.models.methods(),
    };
    let mut report = prep.score(&methods, ctx, segments, None)?;
    report.evaluate_seconds = started.elapsed().as_secs_f64();
    ctx.progress(1.0, "evaluation done");
    Ok(report)
}

/// Evaluates every method the data allows, keeping the fitted models so the
/// hybrid can be scored again at another blend ([`Prepared::score`]).
pub fn evaluate_prepared(
    ds: &Dataset,
    cfg: &EvalConfig,
    ctx: &JobCtx,
) -> Result<(EvalReport, Prepared)> {
    let started = Instant::now();
    let prep = prepare(ds, make_split(ds, cfg), cfg, ctx)?;
    let mut report = prep.score(&prep.models.methods(), ctx, None, None)?;
    report.evaluate_seconds = started.elapsed().as_secs_f64();
    Ok((report, prep))
}

/// Splits relevance and fits the models on the training part.
pub fn prepare(ds: &Dataset, split: Split, cfg: &EvalConfig, ctx: &JobCtx) -> Result<Prepared> {
    let k = cfg.k.max(1);
    let Split {
        name,
        train,
        test,
        test_kinds,
    } = split;
    let strong =
        kind_bit(EventKind::Cart) | kind_bit(EventKind::Purchase) | kind_bit(EventKind::Favorite);
    let relevant: Vec<Vec<u32>> = test
        .into_iter()
        .zip(test_kinds)
        .map(|(items, kinds)| match cfg.positives {
            Positives::All => items,
            Positives::Strong => items
                .into_iter()
                .zip(kinds)
                .filter(|(_, k)| k & strong != 0)
                .map(|x| x.0)
                .collect(),
        })
        .collect();
    let mut users: Vec<u32> = (0..relevant.len() as u32)
        .filter(|&u| !relevant[u as usize].is_empty() && !train.items(u).is_empty())
        .collect();
    if users.is_empty() {
        return Err(Error::Other(format!(
            "the {name} split left no user with both training and held-out items (users need at least {} items)",
            cfg.min_user_items
        )));
    }
    if let Some(max) = cfg.max_users.filter(|m| *m < users.len()) {
        users.shuffle(&mut ChaCha8Rng::seed_from_u64(cfg.seed));
        users.truncate(max);
        users.sort_unstable();
    }
    let n_train_users = (0..train.n_users() as u32)
        .filter(|&u| !train.items(u).is_empty())
        .count();
    let models = Models::fit_interactions(ds, train, &cfg.rec, ctx)?;
    Ok(Prepared {
        name,
        k,
        users,
        relevant,
        n_train_users,
        models,
    })
}

impl Prepared {
    /// Scores `methods`; the hybrid at `hybrid` (weight, CF model) when
    /// given, else at the settings it was fitted with.
    pub fn score(
        &self,
        methods: &[Method],
        ctx: &JobCtx,
        segments: Option<(&[usize], &[String])>,
        hybrid: Option<(f32, CfModel)>,
    ) -> Result<EvalReport> {
        let (models, users, k) = (&self.models, &self.users, self.k);
        let content_sim = models.content.has_features();
        let sim = |a: u32, b: u32| -> f32 {
            if content_sim {
                models.content.similarity(a, b)
            } else {
                // no catalogue features: cosine of the ALS item factors
                let f = models.als.factors;
                let (x, y) = (
                    &models.als.item_factors[a as usize * f..][..f],
                    &models.als.item_factors[b as usize * f..][..f],
                );
                let d = crate::recommend::csr::dot;
                d(x, y) / (d(x, x).sqrt() * d(y, y).sqrt() + 1e-9)
            }
        };
        let mut report = EvalReport::new(k, &self.name, users.len());
        report.unavailable = models
            .unavailable()
            .into_iter()
            .map(|(m, reason)| report::Unavailable {
                method: m.name().to_string(),
                reason,
            })
            .collect();
        let mut groups =
            segments.map(|(labels, names)| (labels, names, report::SegmentAcc::new(names.len())));
        for (mi, &m) in methods.iter().enumerate() {
            let rec = match (m, hybrid) {
                (Method::Hybrid, Some((w, cf))) => models.hybrid(w, cf),
                _ => models.recommender(m),
            };
            let rec = rec.as_ref();
            let mut results: Vec<UserResult> = Vec::with_capacity(users.len());
            for (ci, chunk) in users.chunks(4096).enumerate() {
                ctx.check()?;
                let done =
                    (mi as f64 + ci as f64 * 4096.0 / users.len() as f64) / methods.len() as f64;
                ctx.progress(done, &format!("evaluating {}", m.name()));
                let part: Vec<UserResult> = chunk
                    .par_iter()
                    .map_init(Vec::new, |buf, &u| {
                        let recs: Vec<u32> = models
                            .rank(rec, &models.query(u), k, buf)
                            .into_iter()
                            .map(|x| x.0)
                            .collect();
                        UserResult {
                            user: u,
                            m: metrics::user_metrics(&recs, &self.relevant[u as usize], k),
                            diversity: metrics::intra_list_diversity(&recs, sim),
                            novelty: metrics::novelty(
                                &recs,
                                &models.popularity.users,
                                self.n_train_users,
                            ),
                            popularity_bias: metrics::popularity_bias(
                                &recs,
                                &models.popularity.percentile,
                            ),
                            recs,
                        }
                    })
                    .collect();
                results.extend(part);
            }
            let fit = models.fit_seconds(m);
            report
                .methods
                .push(report::aggregate(m, results.iter(), models.n_items(), fit));
            if let Some((labels, names, acc)) = groups.as_mut() {
                acc.add(m, &results, labels, names, models.n_items(), fit);
            }
        }
        if let Some((_, _, acc)) = groups {
            report.segments = acc.finish();
        }
        Ok(report)
    }
}
