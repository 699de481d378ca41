//! `pushbench segment` and `pushbench bench segment`.

use super::{load_options, load_with_progress, to_json, Context, DataArgs, OutputFormat};
use crate::error::{Error, Result};
use crate::segment::{self, Algo, KChoice, SegmentOptions, Segmentation};
use crate::text::{sanitize, truncate};
use clap::{Args, ValueEnum};
use serde_json::{json, Map, Value};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, ValueEnum, Default, PartialEq, Eq)]
pub enum AlgoArg {
    #[default]
    Kmeans,
    Gmm,
    Dbscan,
}

/// `auto` or a number of segments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KArg(pub Option<usize>);

fn parse_k(s: &str) -> std::result::Result<KArg, String> {
    if s.eq_ignore_ascii_case("auto") {
        return Ok(KArg(None));
    }
    match s.parse::<usize>() {
        Ok(k) if k >= 2 => Ok(KArg(Some(k))),
        _ => Err(format!(
            "expected 'auto' or a number of segments >= 2, got '{s}'"
        )),
    }
}

#[derive(Debug, Args)]
pub struct SegmentArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Number of segments: `auto` (best silhouette in --k-min..=--k-max) or a number.
    #[arg(long, default_value = "auto", value_parser = parse_k)]
    pub k: KArg,
    #[arg(long, default_value_t = 3)]
    pub k_min: usize,
    #[arg(long, default_value_t = 10)]
    pub k_max: usize,
    #[arg(long, value_enum, default_value_t)]
    pub algo: AlgoArg,
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// k-means restarts (k-means++ each).
    #[arg(long, default_value_t = 10)]
    pub restarts: usize,
    /// DBSCAN neighbourhood radius in scaled feature units (default: chosen from the data).
    #[arg(long)]
    pub eps: Option<f64>,
    /// DBSCAN minimum neighbours of a core user.
    #[arg(long)]
    pub min_points: Option<usize>,
    /// Write user_id,segment_id,segment_name to this CSV file.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Write the per-user feature matrix (raw values) to a .csv or .parquet file.
    #[arg(long, value_name = "FILE")]
    pub features_out: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct BenchSegmentArgs {
    /// Users to generate (reused from the cache folder when present).
    #[arg(long, default_value_t = 100_000)]
    pub users: usize,
    #[arg(long, default_value_t = 20_000)]
    pub items: usize,
    /// k of the fixed-k k-means run.
    #[arg(long, default_value_t = 6)]
    pub k: usize,
    /// Folder for the generated data.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

fn options(a: &SegmentArgs) -> SegmentOptions {
    SegmentOptions {
        k: match a.k.0 {
            Some(k) => KChoice::Fixed(k),
            None => KChoice::Auto {
                min: a.k_min,
                max: a.k_max,
            },
        },
        algo: match a.algo {
            AlgoArg::Kmeans => Algo::KMeans,
            AlgoArg::Gmm => Algo::Gmm,
            AlgoArg::Dbscan => Algo::Dbscan,
        },
        seed: a.seed,
        restarts: a.restarts.max(1),
        dbscan_eps: a.eps,
        dbscan_min_points: a.min_points,
        ..Default::default()
    }
}

pub fn run(a: SegmentArgs, ctx: &Context) -> Result<()> {
    let opts = options(&a);
    let ds = load_with_progress(&load_options(&a.data, ctx)?)?;
    let seg = super::progress::with_bar(|job| segment::run(&ds, &opts, job))?;
    if let Some(path) = &a.features_out {
        crate::features::write_features(&seg.features, &ds.users, path)?;
        eprintln!(
            "wrote features of {} users to {}",
            ds.n_users(),
            path.display()
        );
    }
    if let Some(path) = &a.out {
        write_assignment(&seg, &ds.users, path)?;
        eprintln!(
            "wrote segments of {} users to {}",
            ds.n_users(),
            path.display()
        );
    }
    match a.format {
        OutputFormat::Json => println!("{}", to_json(&json_view(&seg, &opts))?),
        OutputFormat::Table => print!("{}", table(&seg, &opts)),
    }
    Ok(())
}

/// `user_id,segment_id,segment_name`, written atomically.
fn write_assignment(
    seg: &Segmentation,
    users: &crate::data::Interner,
    path: &std::path::Path,
) -> Result<()> {
    crate::atomic::write_with(path, |f| {
        let mut w = csv::Writer::from_writer(std::io::BufWriter::new(f));
        let err = |e: csv::Error| Error::Other(format!("{}: {e}", path.display()));
        w.write_record(["user_id", "segment_id", "segment_name"])
            .map_err(err)?;
        for (i, &s) in seg.assignment.iter().enumerate() {
            let name = seg.segments.get(s).map_or("", |p| p.name.as_str());
            w.write_record([users.name(i as u32), &s.to_string(), name])
                .map_err(err)?;
        }
        w.flush().map_err(|e| Error::io(path, e))
    })
    .map(drop)
}

fn round(x: f64) -> Value {
    let r = (x * 10_000.0).round() / 10_000.0;
    if r.is_finite() {
        json!(r)
    } else {
        Value::Null
    }
}

fn json_view(seg: &Segmentation, opts: &SegmentOptions) -> Value {
    let segments: Vec<Value> = seg
        .segments
        .iter()
        .map(|p| {
            let map = |v: &[(String, f64)]| -> Map<String, Value> {
                v.iter().map(|(n, x)| (n.clone(), round(*x))).collect()
            };
            json!({
                "id": p.id,
                "name": p.name,
                "description": p.description,
                "size": p.size,
                "share": round(p.share),
                "top_categories": p.top_categories.iter().map(|c| c.0.clone()).collect::<Vec<_>>(),
                "top_brands": p.top_brands.iter().map(|c| c.0.clone()).collect::<Vec<_>>(),
                "purchase_share": round(p.purchase_share),
                "buyer_share": round(p.buyer_share),
                "active_hours": p.active_hours.iter().map(|h| round(*h)).collect::<Vec<_>>(),
                "unclustered": p.unclustered,
                "features": map(&p.lifts),
                "z": map(&p.z),
            })
        })
        .collect();
    json!({
        "k": seg.k,
        "silhouette": round(seg.silhouette),
        "algo": seg.algo.label(),
        "seed": seg.seed,
        "k_auto": matches!(opts.k, KChoice::Auto { .. }) && seg.algo != Algo::Dbscan,
        "silhouette_curve": seg.silhouette_curve.iter()
            .map(|(k, s)| json!({"k": k, "silhouette": round(*s)})).collect::<Vec<_>>(),
        "users": seg.assignment.len(),
        "features_used": seg.features.names,
        "notes": seg.notes,
        "timings": seg.timings.iter().map(|(n, t)| (n.clone(), round(*t))).collect::<Map<String, Value>>(),
        "segments": segments,
    })
}

/// Word-wraps `s` at `width` cells, each line prefixed by `indent`.
fn wrap(s: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for w in s.split_whitespace() {
        if !line.is_empty() && crate::text::width(&line) + 1 + crate::text::width(w) > width {
            out.push_str(indent);
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(w);
    }
    if !line.is_empty() {
        out.push_str(indent);
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn table(seg: &Segmentation, opts: &SegmentOptions) -> String {
    let mut o = Vec::new();
    let how = match (opts.k, seg.algo) {
        (_, Algo::Dbscan) => "dbscan".to_string(),
        (KChoice::Auto { .. }, a) => format!("{}, k auto", a.label()),
        (KChoice::Fixed(_), a) => format!("{}, k fixed", a.label()),
    };
    let _ = writeln!(
        o,
        "{} segments of {} users ({how}, seed {}, silhouette {:.3})",
        seg.k,
        seg.assignment.len(),
        seg.seed,
        seg.silhouette
    );
    if !seg.silhouette_curve.is_empty() {
        let curve: Vec<String> = seg
            .silhouette_curve
            .iter()
            .map(|(k, s)| format!("{k}:{s:.3}"))
            .collect();
        let _ = write!(
            o,
            "{}",
            wrap(&format!("silhouette by k  {}", curve.join("  ")), 78, "")
        );
    }
    let _ = writeln!(
        o,
        "\n id  {:<36} {:>8} {:>7} {:>7}",
        "segment", "users", "share", "buyers"
    );
    for p in &seg.segments {
        let _ = writeln!(
            o,
            "{:>3}  {:<36} {:>8} {:>6.1}% {:>6.0}%",
            p.id,
            truncate(&sanitize(&p.name), 36),
            p.size,
            100.0 * p.share,
            100.0 * p.buyer_share
        );
        let _ = write!(o, "{}", wrap(&sanitize(&p.description), 74, "     "));
    }
    if !seg.notes.is_empty() {
        let _ = writeln!(o, "\nnotes:");
        for n in &seg.notes {
            let w = wrap(&sanitize(n), 74, "    ");
            let _ = write!(o, "  - {}", w.trim_start());
        }
    }
    String::from_utf8_lossy(&o).into_owned()
}

pub fn bench(a: BenchSegmentArgs, ctx: &Context) -> Result<()> {
    if a.users < 10 || a.items == 0 || a.k < 2 {
        return Err(Error::Other(
            "--users must be at least 10, --items at least 1, --k at least 2".into(),
        ));
    }
    let dir = a.dir.clone().unwrap_or_else(|| {
        ctx.paths
            .data_dir
            .join("bench")
            .join(format!("u{}_i{}", a.users, a.items))
    });
    let r = segment::bench::bench_segment(a.users, a.items, a.k, &dir)?;
    match a.format {
        OutputFormat::Json => println!("{}", to_json(&r)?),
        OutputFormat::Table => println!("{r}"),
    }
    Ok(())
}
