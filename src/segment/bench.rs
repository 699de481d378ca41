//! `pushbench bench segment`: features and clustering on generated users,
//! timed per stage, with peak memory and agreement with the generator's personas.

use super::{adjusted_rand_index, segment_features, Algo, KChoice, SegmentOptions};
use crate::data::{self, Dataset, LoadOptions, Source};
use crate::error::{Error, Result};
use crate::jobs::JobCtx;
use serde::Serialize;
use std::path::Path;
use std::time::Instant;

#[derive(Debug, Serialize)]
pub struct SegmentBench {
    pub users: usize,
    pub events: usize,
    pub features: usize,
    pub generate_seconds: Option<f64>,
    pub load_seconds: f64,
    pub features_seconds: f64,
    /// k-means with the fixed k, all users.
    pub fixed_k: usize,
    pub fixed_cluster_seconds: f64,
    pub fixed_ari: Option<f64>,
    /// k auto: choosing k (3..=10 on the fit sample) and the final fit.
    pub auto_k: usize,
    pub auto_choose_seconds: f64,
    pub auto_cluster_seconds: f64,
    pub auto_ari: Option<f64>,
    pub silhouette_seconds: f64,
    pub projection_seconds: f64,
    pub profiles_seconds: f64,
    /// Peak resident memory right after loading (the rest is segmentation).
    pub peak_rss_after_load_mb: Option<f64>,
    pub peak_rss_mb: Option<f64>,
}

impl std::fmt::Display for SegmentBench {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ari = |a: Option<f64>| a.map_or(String::new(), |a| format!(", ARI vs personas {a:.3}"));
        if let Some(g) = self.generate_seconds {
            writeln!(f, "generate        {g:8.2} s")?;
        }
        writeln!(
            f,
            "load            {:8.2} s  ({} users, {} events)",
            self.load_seconds, self.users, self.events
        )?;
        writeln!(
            f,
            "features        {:8.2} s  ({} features)",
            self.features_seconds, self.features
        )?;
        writeln!(
            f,
            "k-means k={:<2}    {:8.2} s{}",
            self.fixed_k,
            self.fixed_cluster_seconds,
            ari(self.fixed_ari)
        )?;
        writeln!(
            f,
            "k auto: choose  {:8.2} s  (k = {})",
            self.auto_choose_seconds, self.auto_k
        )?;
        writeln!(
            f,
            "k auto: fit     {:8.2} s{}",
            self.auto_cluster_seconds,
            ari(self.auto_ari)
        )?;
        writeln!(f, "silhouette      {:8.2} s", self.silhouette_seconds)?;
        writeln!(f, "PCA projection  {:8.2} s", self.projection_seconds)?;
        writeln!(f, "profiles        {:8.2} s", self.profiles_seconds)?;
        match (self.peak_rss_after_load_mb, self.peak_rss_mb) {
            (Some(l), Some(m)) => {
                write!(f, "peak memory     {m:8.0} MB  ({l:.0} MB after loading)")
            }
            _ => write!(f, "peak memory     unavailable"),
        }
    }
}

/// Persona label index of every user from a generator's `personas.csv`.
pub fn persona_truth(ds: &Dataset, path: &Path) -> Result<Vec<usize>> {
    let mut rdr = csv::Reader::from_path(path)
        .map_err(|e| Error::Other(format!("{}: {e}", path.display())))?;
    let mut truth = vec![usize::MAX; ds.n_users()];
    let mut names: Vec<String> = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| Error::Other(format!("{}: {e}", path.display())))?;
        let (Some(u), Some(p)) = (rec.get(0), rec.get(1)) else {
            continue;
        };
        let label = match names.iter().position(|n| n == p) {
            Some(i) => i,
            None => {
                names.push(p.to_string());
                names.len() - 1
            }
        };
        if let Some(i) = ds.users.get(u) {
            truth[i as usize] = label;
        }
    }
    if truth.contains(&usize::MAX) {
        return Err(Error::Other(format!(
            "{}: not every user has a persona",
            path.display()
        )));
    }
    Ok(truth)
}

fn stage(t: &[(String, f64)], name: &str) -> f64 {
    t.iter().filter(|(n, _)| n == name).map(|(_, s)| s).sum()
}

pub fn bench_segment(users: usize, items: usize, k: usize, dir: &Path) -> Result<SegmentBench> {
    let (events_path, items_path, generate_seconds) =
        crate::bench::generated_store(users, items, dir)?;
    let ctx = JobCtx::none();
    let opts = LoadOptions::new(Source::path(&events_path)).items(Some(Source::path(&items_path)));
    let t = Instant::now();
    let ds = data::load(&opts, &ctx)?;
    let load_seconds = t.elapsed().as_secs_f64();
    let peak_rss_after_load_mb = crate::bench::peak_rss_mb();
    let truth = persona_truth(&ds, &dir.join("personas.csv")).ok();

    let t = Instant::now();
    let fm = crate::features::user_features(&ds, &ctx)?;
    let features_seconds = t.elapsed().as_secs_f64();
    let n_features = fm.n_features();

    let fixed_opts = SegmentOptions {
        k: KChoice::Fixed(k),
        algo: Algo::KMeans,
        ..Default::default()
    };
    let fixed = segment_features(&ds, fm.clone(), &fixed_opts, &ctx)?;
    let fixed_ari = truth
        .as_ref()
        .map(|t| adjusted_rand_index(t, &fixed.assignment));
    let fixed_t = fixed.timings.clone();
    let fixed_k = fixed.k;
    drop(fixed);

    let auto = segment_features(&ds, fm, &SegmentOptions::default(), &ctx)?;
    let auto_ari = truth
        .as_ref()
        .map(|t| adjusted_rand_index(t, &auto.assignment));
    Ok(SegmentBench {
        users: ds.n_users(),
        events: ds.events.len(),
        features: n_features,
        generate_seconds,
        load_seconds,
        features_seconds,
        fixed_k,
        fixed_cluster_seconds: stage(&fixed_t, "clustering"),
        fixed_ari,
        auto_k: auto.k,
        auto_choose_seconds: stage(&auto.timings, "choose k"),
        auto_cluster_seconds: stage(&auto.timings, "clustering"),
        auto_ari,
        silhouette_seconds: stage(&fixed_t, "silhouette"),
        projection_seconds: stage(&fixed_t, "projection"),
        profiles_seconds: stage(&fixed_t, "profiles"),
        peak_rss_after_load_mb,
        peak_rss_mb: crate::bench::peak_rss_mb(),
    })
}
