//! `pushbench recommend`, `pushbench evaluate`, `pushbench bench recommend`
//! (the last two in `recommend/evaluate.rs`).

use super::{load_options, load_with_progress, to_json, Context, DataArgs, OutputFormat};
use crate::data::Dataset;
use crate::error::{Error, Location, Result};

use crate::recommend::{Blend, CfModel, Method, Models, Rec, RecConfig};
use crate::text::sanitize;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CfArg {
    Als,
    ItemKnn,
    Ease,
}

/// Options shared by the commands that fit models.
#[derive(Debug, Clone, Args)]
pub struct ModelArgs {
    /// Share of the collaborative model in the hybrid (0..1).
    #[arg(long, default_value_t = 0.8)]
    pub hybrid_weight: f32,
    /// Collaborative model inside the hybrid.
    #[arg(long, value_enum, default_value = "als")]
    pub cf: CfArg,
    /// Keep items the user bought among the candidates (replenishment).
    #[arg(long)]
    pub repeat_purchases: bool,
    /// ALS latent factors.
    #[arg(long, default_value_t = 64)]
    pub factors: usize,
    /// ALS iterations.
    #[arg(long, default_value_t = 15)]
    pub iterations: usize,
    /// ALS confidence scale: c = 1 + alpha * ln(1 + weight) (default: from the data's sparsity).
    #[arg(long)]
    pub als_alpha: Option<f32>,
    /// ALS L2 regularisation.
    #[arg(long)]
    pub als_reg: Option<f32>,
    /// Item-kNN neighbours kept per item.
    #[arg(long)]
    pub knn_neighbours: Option<usize>,
    /// Item-kNN cosine shrinkage.
    #[arg(long)]
    pub knn_shrinkage: Option<f32>,
    /// EASE L2 regularisation.
    #[arg(long)]
    pub ease_lambda: Option<f32>,
    /// Time decay of event weights: an event this many days older than the
    /// newest counts half.
    #[arg(long, value_name = "DAYS")]
    pub half_life_days: Option<f32>,
    /// Score normalisation before blending in the hybrid.
    #[arg(long, value_enum, default_value = "min-max")]
    pub blend: BlendArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum BlendArg {
    MinMax,
    Rank,
}

impl ModelArgs {
    fn config(&self) -> Result<RecConfig> {
        if !(0.0..=1.0).contains(&self.hybrid_weight) {
            return Err(Error::Other(
                "--hybrid-weight must be between 0 and 1".into(),
            ));
        }
        if self.factors == 0 {
            return Err(Error::Other("--factors must be at least 1".into()));
        }
        let mut c = RecConfig {
            hybrid_weight: self.hybrid_weight,
            cf_model: match self.cf {
                CfArg::Als => CfModel::Als,
                CfArg::ItemKnn => CfModel::ItemKnn,
                CfArg::Ease => CfModel::Ease,
            },
            repeat_purchases: self.repeat_purchases,
            ..RecConfig::default()
        };
        c.als.factors = self.factors;
        c.als.iterations = self.iterations;
        if let Some(v) = self.als_alpha {
            c.als.alpha = Some(v);
        }
        if let Some(v) = self.als_reg {
            c.als.regularization = v;
        }
        if let Some(v) = self.knn_neighbours {
            c.knn.neighbours = v;
        }
        if let Some(v) = self.knn_shrinkage {
            c.knn.shrinkage = v;
        }
        if let Some(h) = self.half_life_days {
            if h.is_nan() || h <= 0.0 {
                return Err(Error::Other("--half-life-days must be positive".into()));
            }
            c.weights.half_life_days = Some(h);
        }
        if let Some(v) = self.ease_lambda {
            c.ease.lambda = v;
        }
        c.blend = match self.blend {
            BlendArg::MinMax => Blend::MinMax,
            BlendArg::Rank => Blend::Rank,
        };
        Ok(c)
    }
}

fn parse_methods(names: &[String]) -> Result<Option<Vec<Method>>> {
    if names.is_empty() {
        return Ok(None);
    }
    names
        .iter()
        .map(|n| {
            Method::parse(n).ok_or_else(|| {
                let all: Vec<&str> = Method::ALL.iter().map(|m| m.name()).collect();
                Error::Other(format!(
                    "unknown method '{}' (one of: {})",
                    sanitize(n),
                    all.join(", ")
                ))
            })
        })
        .collect::<Result<Vec<_>>>()
        .map(Some)
}

#[derive(Debug, Args)]
pub struct RecommendArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// User id, as in the events file's user column.
    #[arg(long)]
    pub user: Option<String>,
    /// Item id(s) a new user is looking at (comma-separated); used when the user is unknown or not given.
    #[arg(long = "seed-item", value_delimiter = ',', value_name = "ITEM")]
    pub seed_items: Vec<String>,
    /// Recommendations per method.
    #[arg(long, default_value_t = 10)]
    pub k: usize,
    /// Methods to show (comma-separated; default: all).
    #[arg(long, value_delimiter = ',')]
    pub methods: Vec<String>,
    #[command(flatten)]
    pub model: ModelArgs,
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum, Default)]
pub enum SplitArg {
    #[default]
    Random,
    Last,
    Time,
}

#[derive(Debug, Clone, Copy, ValueEnum, Default)]
pub enum PositivesArg {
    /// Every held-out item.
    #[default]
    All,
    /// Held-out items carted, bought or saved.
    Strong,
}

#[derive(Debug, Args)]
pub struct EvaluateArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// How to split: per-user random holdout, per-user leave-last-out, global time cutoff.
    #[arg(long, value_enum, default_value_t)]
    pub split: SplitArg,
    /// Training pairs: CSV `user,item[,weight]` with header (use with --test).
    #[arg(long, requires = "test", value_name = "FILE")]
    pub train: Option<PathBuf>,
    /// Test pairs: CSV `user,item` with header (use with --train).
    #[arg(long, requires = "train", value_name = "FILE")]
    pub test: Option<PathBuf>,
    #[arg(long, default_value_t = 10)]
    pub k: usize,
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Share of each user's items held out (random split).
    #[arg(long, default_value_t = 0.2)]
    pub test_fraction: f32,
    /// Users with fewer items are not held out from (random and last splits).
    #[arg(long, default_value_t = 5)]
    pub min_items: usize,
    /// Time split: cutoff at this quantile of event times.
    #[arg(long, default_value_t = 0.8)]
    pub time_quantile: f32,
    #[arg(long, value_enum, default_value_t)]
    pub positives: PositivesArg,
    /// Write the train.csv/test.csv used into this folder (for other tools).
    #[arg(long, value_name = "DIR")]
    pub write_split: Option<PathBuf>,
    /// Per-segment metrics: CSV user,segment_id[,segment_name] with header (as `pushbench segment --out` writes).
    #[arg(long, value_name = "FILE")]
    pub segments: Option<PathBuf>,
    /// Evaluate a seeded sample of at most this many users.
    #[arg(long)]
    pub max_users: Option<usize>,
    /// Methods to evaluate (comma-separated; default: all).
    #[arg(long, value_delimiter = ',')]
    pub methods: Vec<String>,
    #[command(flatten)]
    pub model: ModelArgs,
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct BenchRecommendArgs {
    /// Users to generate.
    #[arg(long, default_value_t = 100_000)]
    pub users: usize,
    #[arg(long, default_value_t = 20_000)]
    pub items: usize,
    #[arg(long, default_value_t = 10)]
    pub k: usize,
    /// Evaluate a seeded sample of at most this many users (0: all).
    #[arg(long, default_value_t = 50_000)]
    pub eval_users: usize,
    /// Folder for the generated data (reused when present).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

fn unknown_user(ds: &Dataset, id: &str) -> Error {
    let examples: Vec<String> = ds
        .users
        .names()
        .iter()
        .take(3)
        .map(|s| sanitize(s))
        .collect();
    Error::input(
        Location::file(&ds.source.events_file).column("user").value(id),
        format!(
            "unknown user. User ids are the values of the events file's user column (for example {}); \
             `pushbench summary` describes the file and the TUI's Data screen lists users. \
             For a new user, pass --seed-item ITEM instead.",
            examples.join(", ")
        ),
    )
}

pub fn run_recommend(a: RecommendArgs, ctx: &Context) -> Result<()> {
    if a.k == 0 {
        return Err(Error::Other("--k must be at least 1".into()));
    }
    if a.user.is_none() && a.seed_items.is_empty() {
        return Err(Error::Other(
            "give --user ID (or --seed-item ITEM for a new user)".into(),
        ));
    }
    let methods = parse_methods(&a.methods)?;
    let cfg = a.model.config()?;
    let ds = load_with_progress(&load_options(&a.data, ctx)?)?;
    let user = match &a.user {
        Some(id) => match ds.users.get(id) {
            Some(u) => Some(u),
            None if a.seed_items.is_empty() => return Err(unknown_user(&ds, id)),
            None => None,
        },
        None => None,
    };
    let seeds: Vec<u32> = a
        .seed_items
        .iter()
        .map(|s| {
            ds.items.get(s).ok_or_else(|| {
                Error::input(
                    Location::file(&ds.source.events_file)
                        .column("item")
                        .value(s),
                    "unknown item: not in the events or items file",
                )
            })
        })
        .collect::<Result<_>>()?;
    let models = fit_with_progress(&ds, &cfg)?;
    let methods = methods.unwrap_or_else(|| models.methods());
    let (interactions, lists): (usize, Vec<Vec<Rec>>) = match user {
        Some(u) => (
            models.history_len(u),
            methods
                .iter()
                .map(|&m| models.recommend(m, u, a.k))
                .collect(),
        ),
        None => (
            seeds.len(),
            methods
                .iter()
                .map(|&m| models.recommend_seed(m, &seeds, a.k))
                .collect(),
        ),
    };
    let cold = interactions < cfg.cold_user_threshold;
    let out = RecommendOut {
        user: a.user.clone(),
        interactions,
        cold,
        k: a.k,
        methods: methods
            .iter()
            .zip(&lists)
            .map(|(m, recs)| MethodRecs {
                name: m.name(),
                title: m.title(),
                items: recs
                    .iter()
                    .map(|r| RecJson {
                        item: ds.items.name(r.item).to_string(),
                        title: ds.item_title(r.item).to_string(),
                        category: ds.item_category(r.item).map(str::to_string),
                        score: r.score,
                        explanation: r.explanation.clone(),
                    })
                    .collect(),
            })
            .collect(),
    };
    match a.format {
        OutputFormat::Json => println!("{}", to_json(&out)?),
        OutputFormat::Table => print_recommendations(&out, &ds, user, &models, &lists),
    }
    Ok(())
}

fn fit_with_progress(ds: &Dataset, cfg: &RecConfig) -> Result<Models> {
    super::progress::with_bar(|ctx| Models::fit(ds, cfg, ctx))
}

mod evaluate;
mod show;
pub use evaluate::{bench, run_evaluate};
use show::{print_recommendations, MethodRecs, RecJson, RecommendOut};
