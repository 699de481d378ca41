//! `pushbench evaluate` and `pushbench bench recommend`.

use super::{parse_methods, BenchRecommendArgs, EvaluateArgs, PositivesArg, SplitArg};
use crate::cli::{load_options, load_with_progress, to_json, Context, OutputFormat};
use crate::data::{Dataset, LoadOptions, Source};
use crate::error::{Error, Location, Result};
use crate::eval::{self, EvalConfig, EvalReport, Positives, Split, SplitKind};
use serde::Serialize;
use std::path::Path;
use std::time::Instant;

fn eval_config(a: &EvaluateArgs) -> Result<EvalConfig> {
    if a.k == 0 {
        return Err(Error::Other("--k must be at least 1".into()));
    }
    if !(a.test_fraction > 0.0 && a.test_fraction < 1.0) {
        return Err(Error::Other(
            "--test-fraction must be between 0 and 1 (exclusive)".into(),
        ));
    }
    if !(0.0..=1.0).contains(&a.time_quantile) {
        return Err(Error::Other(
            "--time-quantile must be between 0 and 1".into(),
        ));
    }
    Ok(EvalConfig {
        k: a.k,
        split: match a.split {
            SplitArg::Random => SplitKind::Random,
            SplitArg::Last => SplitKind::Last,
            SplitArg::Time => SplitKind::Time,
        },
        test_fraction: a.test_fraction,
        seed: a.seed,
        min_user_items: a.min_items,
        time_quantile: a.time_quantile,
        positives: match a.positives {
            PositivesArg::All => Positives::All,
            PositivesArg::Strong => Positives::Strong,
        },
        rec: a.model.config()?,
        methods: parse_methods(&a.methods)?,
        max_users: a.max_users,
    })
}

/// Reads `user,segment_id[,segment_name]` (header first): a label per user.
fn read_segments(ds: &Dataset, path: &Path) -> Result<(Vec<usize>, Vec<String>)> {
    let name = path.display().to_string();
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_path(path)
        .map_err(|e| Error::input(Location::file(&name), format!("cannot open: {e}")))?;
    let header: Vec<String> = rdr
        .headers()
        .map_err(|e| {
            Error::input(
                Location::file(&name).row(1),
                format!("cannot read the header: {e}"),
            )
        })?
        .iter()
        .map(str::to_string)
        .collect();
    let mut labels = vec![usize::MAX; ds.n_users()];
    let mut ids: Vec<String> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for rec in rdr.records() {
        let rec = rec
            .map_err(|e| Error::input(Location::file(&name), format!("unreadable CSV row: {e}")))?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        if rec.len() < 2 {
            return Err(Error::input(
                Location::file(&name).row(line),
                "expected user,segment_id[,segment_name]",
            ));
        }
        let u = ds.users.get(&rec[0]).ok_or_else(|| {
            Error::input(
                Location::file(&name)
                    .row(line)
                    .column(header.first().cloned().unwrap_or_default())
                    .value(&rec[0]),
                "unknown user: not in the events file",
            )
        })?;
        let s = match ids.iter().position(|i| i == &rec[1]) {
            Some(s) => s,
            None => {
                ids.push(rec[1].to_string());
                names.push(
                    rec.get(2)
                        .filter(|n| !n.is_empty())
                        .map_or_else(|| format!("segment {}", &rec[1]), str::to_string),
                );
                ids.len() - 1
            }
        };
        labels[u as usize] = s;
    }
    Ok((labels, names))
}

pub fn run_evaluate(a: EvaluateArgs, ctx: &Context) -> Result<()> {
    let cfg = eval_config(&a)?;
    let standalone =
        a.train.is_some() && a.data.events.is_none() && ctx.config.data.events.is_none();
    let ds = match (&a.train, &a.test) {
        (Some(tr), Some(te)) if standalone => eval::dataset_from_files(tr, te)?,
        _ => load_with_progress(&load_options(&a.data, ctx)?)?,
    };
    let split = match (&a.train, &a.test) {
        (Some(tr), Some(te)) => eval::split_from_files(&ds, tr, te, &cfg.rec.weights)?,
        _ => eval::make_split(&ds, &cfg),
    };
    if let Some(dir) = &a.write_split {
        eval::write_split(&ds, &split, dir)?;
        eprintln!(
            "wrote {} and {}",
            dir.join("train.csv").display(),
            dir.join("test.csv").display()
        );
    }
    let segments = a
        .segments
        .as_deref()
        .map(|p| read_segments(&ds, p))
        .transpose()?;
    let (bar, jctx) = crate::cli::progress::bar();
    let report = eval::evaluate_split(
        &ds,
        split,
        &cfg,
        &jctx,
        segments.as_ref().map(|(l, n)| (l.as_slice(), n.as_slice())),
    );
    bar.finish_and_clear();
    let report = report?;
    match a.format {
        OutputFormat::Json => println!("{}", to_json(&report)?),
        OutputFormat::Table => print!("{report}"),
    }
    Ok(())
}

#[derive(Serialize)]
struct BenchOut {
    users: usize,
    items: usize,
    events: usize,
    generate_seconds: Option<f64>,
    load_seconds: f64,
    split_seconds: f64,
    train_interactions: usize,
    evaluated_users: usize,
    fit_seconds: Vec<(String, f64)>,
    /// Split excluded: fitting every method plus ranking and scoring.
    evaluate_seconds: f64,
    peak_rss_mb: Option<f64>,
    report: EvalReport,
}

pub fn bench(a: BenchRecommendArgs, ctx: &Context) -> Result<()> {
    if a.users == 0 || a.items == 0 || a.k == 0 {
        return Err(Error::Other(
            "--users, --items and --k must be at least 1".into(),
        ));
    }
    let dir = a.dir.clone().unwrap_or_else(|| {
        ctx.paths
            .data_dir
            .join("bench")
            .join(format!("u{}_i{}", a.users, a.items))
    });
    let (events_path, items_path, generate_seconds) =
        crate::bench::generated_store(a.users, a.items, &dir)?;
    let t = Instant::now();
    let opts = LoadOptions::new(Source::path(&events_path)).items(Some(Source::path(&items_path)));
    let ds = load_with_progress(&opts)?;
    let load_seconds = t.elapsed().as_secs_f64();
    let cfg = EvalConfig {
        k: a.k,
        max_users: (a.eval_users > 0).then_some(a.eval_users),
        ..EvalConfig::default()
    };
    let t = Instant::now();
    let split: Split = eval::make_split(&ds, &cfg);
    let split_seconds = t.elapsed().as_secs_f64();
    let train_interactions = split.train.nnz();
    let (bar, jctx) = crate::cli::progress::bar();
    let t = Instant::now();
    let report = eval::evaluate_split(&ds, split, &cfg, &jctx, None);
    bar.finish_and_clear();
    let report = report?;
    let out = BenchOut {
        users: ds.n_users(),
        items: ds.n_items(),
        events: ds.events.len(),
        generate_seconds,
        load_seconds,
        split_seconds,
        train_interactions,
        evaluated_users: report.users,
        fit_seconds: report
            .methods
            .iter()
            .map(|m| (m.name.clone(), m.fit_seconds))
            .collect(),
        evaluate_seconds: t.elapsed().as_secs_f64(),
        peak_rss_mb: crate::bench::peak_rss_mb(),
        report,
    };
    match a.format {
        OutputFormat::Json => println!("{}", to_json(&out)?),
        OutputFormat::Table => {
            if let Some(g) = out.generate_seconds {
                println!("generate      {g:.2} s");
            }
            println!(
                "load          {:.2} s  ({} users, {} items, {} events)",
                out.load_seconds, out.users, out.items, out.events
            );
            println!(
                "split         {:.2} s  ({} training pairs)",
                out.split_seconds, out.train_interactions
            );
            for (m, s) in &out.fit_seconds {
                println!("fit {m:<10}{s:>8.2} s");
            }
            println!(
                "evaluate      {:.2} s  (fit all + rank/score {} users at K={})",
                out.evaluate_seconds, out.evaluated_users, a.k
            );
            match out.peak_rss_mb {
                Some(m) => println!("peak memory   {m:.0} MB"),
                None => println!("peak memory   unavailable"),
            }
            println!();
            print!("{}", out.report);
        }
    }
    Ok(())
}
