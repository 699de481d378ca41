//! `pushbench copy train|generate|bench|check`.

use super::args::{DataArgs, OutputFormat};
use super::{load_options, load_with_progress, out, to_json, Context};
use crate::copy::claims::Backing;
use crate::copy::facts::DataFacts;
use crate::copy::guard::{check_text, Rules};
use crate::copy::pipeline::{train_all, TrainAll};
use crate::copy::slots::deliver_liquid;
use crate::copy::{corpus, metrics, GenOptions, Generator, Limits, Offer, Platform, Product, Tone};
use crate::error::{Error, Result};
use crate::jobs::JobCtx;
use clap::{Args, Subcommand};
use serde_json::json;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum CopyCmd {
    /// Train the copy model and its critic on the corpus; writes a model folder.
    Train(TrainArgs),
    /// Write push variants for a segment and its recommended products.
    Generate(GenerateArgs),
    /// Generation speed and quality figures (raw candidates, pass share, diversity).
    Bench(BenchArgs),
    /// Check a hand-written title and body against the guardrails.
    Check(CheckArgs),
    /// The critic learnt from your approvals, rejections and edits: how many
    /// decisions it has and how well it agrees with held-out ones.
    Taste {
        #[arg(long, value_enum, default_value_t)]
        format: OutputFormat,
    },
}

#[derive(Debug, Args)]
pub struct TrainArgs {
    /// Model folder to write (default: models/copy in the data folder).
    /// `--out assets/copy` replaces the bundled model.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Corpus TSV (default: the bundled assets/copy/corpus.tsv).
    #[arg(long, value_name = "FILE")]
    corpus: Option<PathBuf>,
    #[arg(long, default_value_t = 1200)]
    steps: usize,
    #[arg(long, default_value_t = 32)]
    batch: usize,
    #[arg(long, default_value_t = 2e-3)]
    lr: f64,
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Stop after this many minutes (the model trained so far is kept).
    #[arg(long)]
    minutes: Option<f64>,
    /// Continue from the checkpoint folder.
    #[arg(long)]
    resume: bool,
    /// Checkpoint folder (default: models/copy-checkpoint in the data folder).
    #[arg(long, value_name = "DIR")]
    checkpoint: Option<PathBuf>,
    #[arg(long)]
    d_model: Option<usize>,
    #[arg(long)]
    layers: Option<usize>,
    #[arg(long)]
    heads: Option<usize>,
    #[arg(long, default_value_t = 500)]
    critic_steps: usize,
}

#[derive(Debug, Args)]
pub struct GenOpts {
    #[arg(long, default_value = "friendly")]
    tone: String,
    /// discount, back_in_stock, new_arrival, cart_reminder, replenishment
    /// (default: the offer the data backs best for the segment: discount with
    /// --discount, else a cart reminder or a refill where users have one,
    /// else new arrivals when there are new products). An offer the data does
    /// not back is refused.
    #[arg(long)]
    offer: Option<String>,
    #[arg(long, default_value_t = 5)]
    n: usize,
    #[arg(long, default_value = "ios")]
    platform: String,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// A llama-family GGUF instruct model (for example SmolLM2-135M-Instruct).
    #[arg(long, value_name = "PATH.gguf")]
    model: Option<PathBuf>,
    /// A model folder from `copy train` instead of the bundled model.
    #[arg(long, value_name = "DIR")]
    copy_model: Option<PathBuf>,
    /// Discount in percent that the offer backs (enables `{discount}`).
    #[arg(long)]
    discount: Option<f32>,
    #[arg(long, default_value = "$")]
    currency: String,
    #[arg(long)]
    title_max: Option<usize>,
    #[arg(long)]
    body_max: Option<usize>,
    /// Extra banned words, one per line.
    #[arg(long, value_name = "FILE")]
    banned_words: Option<PathBuf>,
    /// Sampling temperature (default 0.9; 0.6 with --model).
    #[arg(long)]
    temperature: Option<f32>,
    #[arg(long, default_value_t = 40)]
    top_k: usize,
    #[arg(long, default_value_t = 0.95)]
    top_p: f32,
    #[arg(long, default_value_t = 1.15)]
    repeat_penalty: f32,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Segment id or name (from `pushbench segment`, default options).
    #[arg(long)]
    segment: String,
    #[command(flatten)]
    gen: GenOpts,
    /// Recommended products to write about.
    #[arg(long, default_value_t = 8)]
    products: usize,
    /// Recommender for the segment (hybrid, als, item_knn, content, popularity).
    #[arg(long, default_value = "hybrid")]
    method: String,
    #[arg(long, value_enum, default_value_t)]
    format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Raw candidates to sample for the quality figures.
    #[arg(long, default_value_t = 200)]
    count: usize,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    #[arg(long, value_name = "PATH.gguf")]
    model: Option<PathBuf>,
    /// A model folder from `copy train` instead of the bundled model.
    #[arg(long, value_name = "DIR")]
    copy_model: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[arg(long)]
    title: String,
    #[arg(long)]
    body: String,
    #[arg(long, default_value = "ios")]
    platform: String,
    /// The discount in percent the offer backs.
    #[arg(long)]
    discount: Option<f32>,
    /// Check against this item's facts in the data (newness, stock,
    /// popularity, category); with --user, that user's cart and refills too.
    #[arg(long, value_name = "ITEM_ID")]
    item: Option<String>,
    #[arg(long, value_name = "USER_ID", requires = "item")]
    user: Option<String>,
    #[command(flatten)]
    data: DataArgs,
    /// Facts to take as given, comma-separated: new, low_stock, restocked,
    /// in_cart, viewed, refill_due, popular, deadline.
    #[arg(long, value_name = "FACT,...", value_delimiter = ',')]
    facts: Vec<String>,
    /// The product's category (its category lines are allowed, others not).
    #[arg(long)]
    category: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: OutputFormat,
}

pub fn run(cmd: CopyCmd, ctx: &Context) -> Result<()> {
    match cmd {
        CopyCmd::Train(a) => train(a, ctx),
        CopyCmd::Generate(a) => generate(a, ctx),
        CopyCmd::Bench(a) => bench(a, ctx),
        CopyCmd::Check(a) => check(a, ctx),
        CopyCmd::Taste { format } => taste(format, ctx),
    }
}

/// The facts `copy check` checks against: the item's (and user's) in the
/// data, and the ones given with --facts, --discount and --category.
fn check_backing(a: &CheckArgs, ctx: &Context) -> Result<Backing> {
    let mut b = Backing {
        discount: a.discount,
        category_key: a
            .category
            .as_deref()
            .map(|c| crate::copy::controls::category_key(Some(c)).to_string()),
        ..Backing::default()
    };
    if let Some(id) = &a.item {
        let ds = load_with_progress(&load_options(&a.data, ctx)?)?;
        let item = ds.items.get(id).ok_or_else(|| {
            Error::Other(format!(
                "--item {id}: no such item in {}",
                ds.source.events_file
            ))
        })?;
        let facts = DataFacts::build(&ds);
        let mut own = facts.item(&ds, item);
        if let Some(uid) = &a.user {
            let user = ds.users.get(uid).ok_or_else(|| {
                Error::Other(format!(
                    "--user {uid}: no such user in {}",
                    ds.source.events_file
                ))
            })?;
            facts.user(&ds, user).apply(item, &mut own);
        }
        b = Backing {
            discount: b.discount,
            category_key: b.category_key.or(own.category_key.clone()),
            ..own
        };
    }
    for f in &a.facts {
        let flag = match f.trim() {
            "new" => &mut b.new_item,
            "low_stock" => &mut b.low_stock,
            "restocked" => &mut b.restocked,
            "in_cart" => &mut b.in_cart,
            "viewed" => &mut b.viewed,
            "refill_due" => &mut b.refill_due,
            "popular" => &mut b.popular,
            "deadline" => &mut b.deadline,
            other => {
                return Err(Error::Other(format!(
                    "--facts: unknown fact '{other}' (expected new, low_stock, restocked, in_cart, viewed, refill_due, popular, deadline)"
                )))
            }
        };
        *flag = true;
    }
    Ok(b)
}

fn taste(format: OutputFormat, ctx: &Context) -> Result<()> {
    use crate::copy::taste::{Log, Taste, MIN_PER_CLASS, SHOW_AUC};
    let store = crate::campaign::Store::open(&ctx.paths)?;
    let log = Log::in_dir(store.dir());
    let (ds, unreadable) = log.read()?;
    let liked = ds.iter().filter(|d| d.liked).count();
    let t = Taste::fit(&ds);
    let auc = t.as_ref().and_then(|t| t.auc);
    let shown = t.as_ref().is_some_and(|t| t.trusted());
    match format {
        OutputFormat::Json => out(&to_json(&json!({
            "log": log.path(), "decisions": ds.len(), "liked": liked, "not_liked": ds.len() - liked,
            "unreadable_lines": unreadable, "held_out_auc": auc, "score_shown": shown,
            "needs": {"per_class": MIN_PER_CLASS, "auc": SHOW_AUC},
        }))?),
        OutputFormat::Table => {
            let mut s = format!(
                "{} decisions in {} ({liked} approved or edited to, {} rejected or edited away)\n",
                ds.len(),
                log.path().display(),
                ds.len() - liked
            );
            s += &match auc {
                Some(a) if shown => format!("held-out agreement AUC {a:.3}: its score is shown and orders new drafts"),
                Some(a) => format!("held-out agreement AUC {a:.3} (below {SHOW_AUC}): no score is shown yet"),
                None => format!("not fitted yet: needs {MIN_PER_CLASS} approvals and {MIN_PER_CLASS} rejections"),
            };
            out(&s);
        }
    }
    Ok(())
}

fn check(a: CheckArgs, ctx: &Context) -> Result<()> {
    let p: Platform = a.platform.parse().map_err(Error::Other)?;
    let backing = check_backing(&a, ctx)?;
    let issues = check_text(
        &a.title,
        &a.body,
        &backing,
        &Rules::new(Limits::for_platform(p)),
    );
    match a.format {
        OutputFormat::Json => out(&to_json(&json!({
            "ok": issues.is_empty(),
            "issues": issues.iter().map(|i| json!({"kind": i, "message": i.to_string()})).collect::<Vec<_>>(),
        }))?),
        OutputFormat::Table if issues.is_empty() => out("ok"),
        OutputFormat::Table => {
            let lines: Vec<String> = issues.iter().map(|i| format!("- {i}")).collect();
            out(&lines.join("\n"));
        }
    }
    if issues.is_empty() {
        Ok(())
    } else {
        Err(Error::Other(format!("{} guardrail issue(s)", issues.len())))
    }
}

fn train(a: TrainArgs, ctx: &Context) -> Result<()> {
    let text = match &a.corpus {
        Some(p) => std::fs::read_to_string(p).map_err(|e| Error::io(p, e))?,
        None => corpus::BUNDLED.to_string(),
    };
    let name = a
        .corpus
        .as_ref()
        .map_or("assets/copy/corpus.tsv".into(), |p| p.display().to_string());
    let lines = corpus::parse(&text, &name)?;
    let models = ctx.paths.data_dir.join("models");
    let out_dir = a.out.unwrap_or_else(|| models.join("copy"));
    let mut opts = TrainAll::default();
    opts.lm.steps = a.steps.max(1);
    opts.lm.batch = a.batch.max(1);
    opts.lm.lr = a.lr;
    opts.lm.seed = a.seed;
    opts.lm.max_minutes = a.minutes;
    opts.lm.resume = a.resume;
    opts.lm.checkpoint_dir = Some(
        a.checkpoint
            .unwrap_or_else(|| models.join("copy-checkpoint")),
    );
    opts.critic.steps = a.critic_steps.max(1);
    opts.d_model = a.d_model;
    opts.n_layer = a.layers;
    opts.n_head = a.heads;
    eprintln!("training on {} lines of {name}", lines.len());
    let (bar, lm_ctx) = super::progress::labelled("model  ");
    let (cbar, critic_ctx) = super::progress::labelled("critic ");
    let r = train_all(&lines, &text, &opts, &out_dir, &lm_ctx, &critic_ctx);
    bar.finish_and_clear();
    cbar.finish_and_clear();
    let card = r?;
    let mut msg = format!(
        "wrote {} ({} parameters)\n",
        out_dir.display(),
        card.lm.n_params()
    );
    if let Some(t) = &card.train {
        msg += &format!(
            "model: {} steps in {:.0}s, train loss {:.3}, validation loss {:.3}\n",
            t.steps, t.seconds, t.train_loss, t.val_loss
        );
    }
    if let Some(c) = &card.critic_train {
        msg += &format!(
            "critic: {} steps in {:.0}s, held-out real/fake accuracy {:.3}, tone accuracy {:.3}",
            c.steps, c.seconds, c.real_accuracy, c.tone_accuracy
        );
    }
    out(&msg);
    Ok(())
}

fn load_generator(model: &Option<PathBuf>, copy_model: &Option<PathBuf>) -> Result<Generator> {
    match (model, copy_model) {
        (Some(g), _) => Generator::load_gguf(g),
        (None, Some(d)) => Generator::load_dir(d),
        (None, None) => Generator::load_default(),
    }
}

fn gen_options(g: &GenOpts, platform: Platform) -> Result<GenOptions> {
    let mut limits = Limits::for_platform(platform);
    limits.title = g.title_max.unwrap_or(limits.title);
    limits.body = g.body_max.unwrap_or(limits.body);
    let banned = match &g.banned_words {
        Some(p) => std::fs::read_to_string(p)
            .map_err(|e| Error::io(p, e))?
            .lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect(),
        None => Vec::new(),
    };
    Ok(GenOptions {
        n: g.n,
        seed: g.seed,
        temperature: g
            .temperature
            .unwrap_or(if g.model.is_some() { 0.6 } else { 0.9 }),
        top_k: g.top_k,
        top_p: g.top_p,
        repeat_penalty: g.repeat_penalty,
        limits: Some(limits),
        banned_words: banned,
        ..GenOptions::default()
    })
}

fn generate(a: GenerateArgs, ctx: &Context) -> Result<()> {
    let g = &a.gen;
    let tone: Tone = g.tone.parse().map_err(Error::Other)?;
    // no --offer: the offer the data backs best for the segment
    let offer: Option<Offer> = match &g.offer {
        Some(o) => Some(o.parse().map_err(Error::Other)?),
        None => None,
    };
    let platform: Platform = g.platform.parse().map_err(Error::Other)?;
    if offer == Some(Offer::Discount) && g.discount.is_none() {
        return Err(Error::Other(
            "--offer discount needs --discount PCT (the percentage the offer backs)".into(),
        ));
    }
    if let Some(d) = g.discount {
        if !(d > 0.0 && d < 100.0) {
            return Err(Error::Other(
                "--discount must be a percentage between 0 and 100".into(),
            ));
        }
    }
    let method = crate::recommend::Method::parse(&a.method)
        .ok_or_else(|| Error::Other(format!("unknown recommender '{}'", a.method)))?;
    let mut opts = gen_options(g, platform)?;
    let load = load_options(&a.data, ctx)?;
    let ds = std::sync::Arc::new(load_with_progress(&load)?);
    // The same session as the TUI's, without a UI: segment names saved for
    // this data apply, and the brief and seed rule are the session's.
    let store = crate::campaign::Store::open(&ctx.paths)?;
    let mut session = crate::workbench::Session::headless(ds.clone(), Some(load), store, None);
    let (bar, job) = super::progress::bar();
    job.progress(0.0, "segmenting");
    let seg = crate::segment::run(
        &ds,
        &crate::segment::SegmentOptions::default(),
        &JobCtx::none(),
    );
    let seg = session
        .set_segmentation(seg.inspect_err(|_| bar.finish_and_clear())?)
        .clone();
    let Some(id) = seg.find(&a.segment) else {
        bar.finish_and_clear();
        let names: Vec<String> = seg
            .segments
            .iter()
            .map(|s| format!("{} ({})", s.id, s.name))
            .collect();
        return Err(Error::Other(format!(
            "no segment '{}'; segments: {}",
            a.segment,
            names.join(", ")
        )));
    };
    let profile = &seg.segments[id];
    job.progress(0.2, "recommending");
    let models = crate::recommend::Models::fit(
        &ds,
        &crate::recommend::RecConfig::default(),
        &JobCtx::none(),
    )
    .inspect_err(|_| bar.finish_and_clear())?;
    session.set_models(models);
    // The session's one brief builder and seed rule: the same drafts as the
    // TUI's first ones for this segment and these settings.
    let spec = crate::workbench::BriefSpec {
        tone,
        offer,
        platform,
        currency: g.currency.clone(),
        discount: g.discount,
        method,
        products: a.products.max(1),
    };
    let req = session
        .brief(id, &spec)
        .map_err(Error::Other)
        .inspect_err(|_| bar.finish_and_clear())?;
    opts.seed = crate::workbench::brief::seed(g.seed, id, 0);
    job.progress(0.4, "loading the copy model");
    let generator =
        load_generator(&g.model, &g.copy_model).inspect_err(|_| bar.finish_and_clear())?;
    let variants = generator.generate(&req, &opts, &job);
    bar.finish_and_clear();
    let variants = variants?;
    let limits = opts
        .limits
        .unwrap_or_else(|| Limits::for_platform(platform));
    match a.format {
        OutputFormat::Json => {
            let v = json!({
                "segment": {"id": profile.id, "name": profile.name, "description": profile.description, "size": profile.size},
                "model": generator.model_id(),
                "offer": req.offer,
                "platform": platform,
                "limits": {"title": limits.title, "body": limits.body},
                "variants": variants.iter().map(|v| json!({
                    "title": deliver_liquid(&v.title), "body": deliver_liquid(&v.body), "tone": v.tone, "offer": v.offer,
                    "products": v.products,
                    "title_chars": v.title_chars, "body_chars": v.body_chars, "seed": v.seed,
                })).collect::<Vec<_>>(),
            });
            out(&to_json(&v)?);
        }
        OutputFormat::Table => {
            let mut s = format!(
                "segment {} {} ({} users), {} {} on {}, model {}\n",
                profile.id,
                profile.name,
                profile.size,
                tone,
                req.offer,
                platform,
                generator.model_id()
            );
            for (i, v) in variants.iter().enumerate() {
                s += &format!(
                    "\n{}. {}  ({}/{} cells)\n   {}  ({}/{} cells)\n   products: {}\n",
                    i + 1,
                    deliver_liquid(&v.title),
                    v.title_chars,
                    limits.title,
                    deliver_liquid(&v.body),
                    v.body_chars,
                    limits.body,
                    v.products.join(", ")
                );
            }
            out(&s);
        }
    }
    Ok(())
}

/// One product per category (the most active item of each), for benchmarks.
fn bench_products(ds: &crate::data::Dataset) -> Vec<Product> {
    let mut count = vec![0usize; ds.n_items()];
    for &i in &ds.events.item {
        count[i as usize] += 1;
    }
    let mut order: Vec<u32> = (0..ds.n_items() as u32).collect();
    order.sort_by(|a, b| count[*b as usize].cmp(&count[*a as usize]).then(a.cmp(b)));
    let mut seen = std::collections::HashSet::new();
    order
        .into_iter()
        .filter(|&i| seen.insert(ds.item_category(i).map(|s| s.to_string())))
        .take(12)
        .map(|i| Product::from_dataset(ds, i))
        .collect()
}

fn bench(a: BenchArgs, ctx: &Context) -> Result<()> {
    let ds = load_with_progress(&load_options(&a.data, ctx)?)?;
    let products = bench_products(&ds);
    let generator = load_generator(&a.model, &a.copy_model)?;
    let keys = metrics::corpus_keys(&corpus::bundled()?);
    let (bar, job) = super::progress::bar();
    let r = metrics::bench(&generator, &products, a.count.max(4), a.seed, &keys, &job);
    bar.finish_and_clear();
    let r = r?;
    match a.format {
        OutputFormat::Json => out(&to_json(&r)?),
        OutputFormat::Table => {
            let q = &r.quality;
            let mut s = format!(
                "model {}\n{} raw candidates in {:.1}s: {:.2} candidates/s, {:.0} tokens/s\n\
                 full pipeline (5 variants per request): {:.2} variants/s\n\
                 passing guardrails before filtering {:.1}%\ndistinct {:.1}%\n",
                r.model_id,
                q.candidates,
                r.seconds,
                r.candidates_per_s,
                r.tokens_per_s,
                r.pipeline_variants_per_s,
                100.0 * q.pass_share,
                100.0 * q.distinct_share
            );
            match q.novel_share {
                Some(n) => s += &format!("not verbatim in the corpus {:.1}%\n", 100.0 * n),
                None => s += "not verbatim in the corpus: n/a (no templates)\n",
            }
            s += &format!("distinct-2 {:.3}\n", q.distinct2);
            for (tone, lines) in &r.samples {
                s += &format!("\n{tone}:\n");
                for l in lines {
                    s += &format!("  {l}\n");
                }
            }
            out(&s);
        }
    }
    Ok(())
}
