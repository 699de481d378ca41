//! User segments on generated data: persona recovery (ARI), determinism,
//! k auto and names, purchases-only layouts, degenerate input, CLI JSON.

use pushbench::data::{load, Dataset, LoadOptions, Source};
use pushbench::jobs::JobCtx;
use pushbench::segment::bench::persona_truth;
use pushbench::segment::{self, adjusted_rand_index, Algo, KChoice, SegmentOptions};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
    ds: Dataset,
    truth: Vec<usize>,
}

/// 2000 generated users (six personas), generated and loaded once.
fn sample() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let spec = pushbench::sample::SampleSpec {
            users: 2000,
            items: 800,
            seed: 7,
            days: 90,
        };
        pushbench::sample::write_sample(&spec, dir.path()).unwrap();
        let path = dir.path().to_path_buf();
        let ds = load_dir(&path);
        let truth = persona_truth(&ds, &path.join("personas.csv")).unwrap();
        Fixture {
            _dir: dir,
            path,
            ds,
            truth,
        }
    })
}

fn load_dir(p: &Path) -> Dataset {
    let opts = LoadOptions::new(Source::path(p.join("events.csv")))
        .items(Some(Source::path(p.join("items.csv"))));
    load(&opts, &JobCtx::none()).unwrap()
}

fn fixed(k: usize, algo: Algo) -> SegmentOptions {
    SegmentOptions {
        k: KChoice::Fixed(k),
        algo,
        ..Default::default()
    }
}

/// The bundled sample (compiled into the binary) and its persona truth.
fn bundled() -> (Dataset, Vec<usize>) {
    let ds = load(&pushbench::data::bundled::options(), &JobCtx::none()).unwrap();
    let personas = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/personas.csv");
    let truth = persona_truth(&ds, &personas).unwrap();
    (ds, truth)
}

#[test]
fn bundled_sample_recovers_personas() {
    let (ds, truth) = bundled();
    let s = segment::run(&ds, &fixed(6, Algo::KMeans), &JobCtx::none()).unwrap();
    let ari = adjusted_rand_index(&truth, &s.assignment);
    assert!(ari >= 0.6, "ARI {ari:.3} on the bundled sample");
}

#[test]
#[ignore = "report: prints ARI and timings per algorithm"]
fn report_ari_per_algo() {
    let f = sample();
    let (bds, btruth) = bundled();
    for (ds, truth, label) in [
        (&f.ds, &f.truth, "generated seed 7"),
        (&bds, &btruth, "bundled"),
    ] {
        println!("== {label}: {} users", ds.n_users());
        for (name, opts) in [
            ("kmeans k=6", fixed(6, Algo::KMeans)),
            ("kmeans auto", SegmentOptions::default()),
            ("gmm k=6", fixed(6, Algo::Gmm)),
            (
                "gmm auto",
                SegmentOptions {
                    algo: Algo::Gmm,
                    ..Default::default()
                },
            ),
            ("dbscan", fixed(6, Algo::Dbscan)),
        ] {
            let t = std::time::Instant::now();
            let s = segment::run(ds, &opts, &JobCtx::none()).unwrap();
            let ari = adjusted_rand_index(truth, &s.assignment);
            println!(
                "{name:12} k={} ari={ari:.3} sil={:.3} {:.2}s {:?}",
                s.k,
                s.silhouette,
                t.elapsed().as_secs_f64(),
                s.timings
            );
            for p in &s.segments {
                println!("   {:3} {:5} {:32} {}", p.id, p.size, p.name, p.description);
            }
        }
    }
}

#[test]
fn ari_of_known_partitions() {
    assert_eq!(
        adjusted_rand_index(&[0, 0, 1, 1, 2, 2], &[5, 5, 3, 3, 9, 9]),
        1.0
    );
    let v = adjusted_rand_index(&[0, 0, 1, 1], &[0, 0, 1, 2]);
    assert!((v - 0.571_428_571_428_571_5).abs() < 1e-12, "{v}");
    assert!((adjusted_rand_index(&[0, 0, 1, 1], &[0, 1, 0, 1]) + 0.5).abs() < 1e-12);
}

#[test]
fn kmeans_recovers_generator_personas() {
    let f = sample();
    let s = segment::run(&f.ds, &fixed(6, Algo::KMeans), &JobCtx::none()).unwrap();
    let ari = adjusted_rand_index(&f.truth, &s.assignment);
    assert!(ari >= 0.6, "ARI {ari:.3} against the generator's personas");
    assert_eq!(s.k, 6);
}

#[test]
fn same_seed_same_segments_and_names() {
    let f = sample();
    let o = SegmentOptions::default();
    let a = segment::run(&f.ds, &o, &JobCtx::none()).unwrap();
    let b = segment::run(&load_dir(&f.path), &o, &JobCtx::none()).unwrap();
    assert_eq!(a.assignment, b.assignment);
    assert_eq!(a.silhouette.to_bits(), b.silhouette.to_bits());
    assert_eq!(a.silhouette_curve, b.silhouette_curve);
    assert_eq!(a.projection, b.projection);
    for (x, y) in a.segments.iter().zip(&b.segments) {
        assert_eq!(
            (&x.name, &x.description, x.size),
            (&y.name, &y.description, y.size)
        );
    }
}

#[test]
fn k_auto_picks_from_range_and_names_every_segment() {
    let f = sample();
    let n = f.ds.n_users();
    let s = segment::run(&f.ds, &SegmentOptions::default(), &JobCtx::none()).unwrap();
    assert!((3..=10).contains(&s.k), "k = {}", s.k);
    let ks: Vec<usize> = s.silhouette_curve.iter().map(|c| c.0).collect();
    assert_eq!(ks, (3..=10).collect::<Vec<_>>());
    let best = s
        .silhouette_curve
        .iter()
        .map(|c| c.1)
        .fold(f64::MIN, f64::max);
    assert!(s.silhouette_curve.iter().any(|c| c.0 == s.k && c.1 == best));
    assert_eq!(s.segments.len(), s.k);
    assert_eq!(s.segments.iter().map(|p| p.size).sum::<usize>(), n);
    let mut names: Vec<String> = s.segments.iter().map(|p| p.name.to_lowercase()).collect();
    for (i, p) in s.segments.iter().enumerate() {
        assert_eq!(p.id, i);
        assert!(
            !p.name.trim().is_empty() && !p.description.trim().is_empty(),
            "{p:?}"
        );
        assert!(
            i == 0 || s.segments[i - 1].size >= p.size,
            "ids ordered by size"
        );
        assert!(p.lifts.iter().chain(&p.z).all(|(_, v)| v.is_finite()));
        assert!((p.active_hours.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(!p.top_categories.is_empty() && !p.top_brands.is_empty());
    }
    names.sort();
    names.dedup();
    assert_eq!(names.len(), s.segments.len(), "names are unique");
    assert_eq!(s.projection.len(), n);
    assert!(s
        .projection
        .iter()
        .all(|p| p[0].is_finite() && p[1].is_finite()));
    assert!(s
        .features
        .raw
        .iter()
        .chain(s.features.scaled.iter())
        .all(|v| v.is_finite()));
    assert!((s.segments.iter().map(|p| p.purchase_share).sum::<f64>() - 1.0).abs() < 1e-9);
}

#[test]
fn gmm_and_dbscan_alternatives() {
    let f = sample();
    let g = segment::run(&f.ds, &fixed(6, Algo::Gmm), &JobCtx::none()).unwrap();
    assert_eq!(g.k, 6);
    let ari = adjusted_rand_index(&f.truth, &g.assignment);
    assert!(ari >= 0.5, "GMM ARI {ari:.3}");
    let d = segment::run(&f.ds, &fixed(6, Algo::Dbscan), &JobCtx::none()).unwrap();
    assert!(d.k >= 1);
    assert!(d.assignment.iter().all(|&a| a < d.segments.len()));
    if let Some(u) = d.segments.iter().find(|p| p.unclustered) {
        assert_eq!(u.name, "Unclustered");
        assert_eq!(u.id, d.segments.len() - 1, "noise is the last segment");
    }
    assert!(d.notes.iter().any(|n| n.contains("DBSCAN radius")));
}

#[test]
fn members_rename_and_find() {
    let f = sample();
    let mut s = segment::run(&f.ds, &fixed(4, Algo::KMeans), &JobCtx::none()).unwrap();
    for p in &s.segments {
        let m = s.members(p.id);
        assert_eq!(m.len(), p.size);
        assert!(m.iter().all(|&u| s.assignment[u as usize] == p.id));
    }
    let first = s.segments[1].name.clone();
    assert_eq!(s.find(&first.to_uppercase()), Some(1));
    assert_eq!(s.find("2"), Some(2));
    assert_eq!(s.find("no such segment"), None);
    s.rename(1, "  Spring sale audience ").unwrap();
    assert_eq!(s.segments[1].name, "Spring sale audience");
    assert_eq!(s.find("spring SALE audience"), Some(1));
    let taken = s.segments[0].name.to_lowercase();
    assert!(s
        .rename(1, &taken)
        .unwrap_err()
        .to_string()
        .contains("already called"));
    assert!(s.rename(1, "   ").is_err());
    assert!(s.rename(99, "x").is_err());
}

#[test]
fn results_can_move_to_a_job_thread() {
    fn send<T: Send + 'static>() {}
    send::<pushbench::segment::Segmentation>();
    send::<SegmentOptions>();
}

#[test]
fn cancelled_job_stops() {
    let f = sample();
    let ctx = JobCtx::none();
    ctx.cancel();
    let r = segment::run(&f.ds, &SegmentOptions::default(), &ctx);
    assert!(matches!(r, Err(pushbench::Error::Cancelled)));
}

/// Loads a generic `user_id,item_id,event,timestamp` file made of `rows`.
fn events(rows: &[(String, String, &str, i64)]) -> Dataset {
    let dir = tempfile::tempdir().unwrap();
    let mut s = String::from("user_id,item_id,event,timestamp\n");
    for (u, i, e, t) in rows {
        s.push_str(&format!("{u},{i},{e},{t}\n"));
    }
    let p = dir.path().join("events.csv");
    std::fs::write(&p, s).unwrap();
    load(&LoadOptions::new(Source::path(&p)), &JobCtx::none()).unwrap()
}

const T0: i64 = 1_700_000_000;

fn err_text(ds: &Dataset, o: &SegmentOptions) -> String {
    match segment::run(ds, o, &JobCtx::none()) {
        Ok(s) => panic!("expected an error, got {} segments", s.k),
        Err(e) => e.to_string(),
    }
}

#[test]
fn fewer_users_than_k() {
    let rows: Vec<_> = (0..4)
        .flat_map(|u| {
            (0..=u).map(move |j| {
                (
                    format!("u{u}"),
                    format!("i{j}"),
                    "view",
                    T0 + 3600 * (u * 7 + j),
                )
            })
        })
        .collect();
    let e = err_text(&events(&rows), &fixed(6, Algo::KMeans));
    assert!(e.contains("4 users") && e.contains("k = 6"), "{e}");
    let three: Vec<_> = rows.iter().filter(|r| r.0 != "u3").cloned().collect();
    let e = err_text(&events(&three), &SegmentOptions::default());
    assert!(e.contains("k auto needs") && e.contains("3 users"), "{e}");
}

fn bin(home: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_pushbench"));
    c.env("PUSHBENCH_HOME", home).env_remove("RUST_BACKTRACE");
    c
}

#[test]
fn cli_json_shape_and_output_files() {
    let f = sample();
    let tmp = tempfile::tempdir().unwrap();
    let (out, feats) = (
        tmp.path().join("segments.csv"),
        tmp.path().join("features.parquet"),
    );
    let o = bin(tmp.path())
        .arg("segment")
        .args(["--events", &f.path.join("events.csv").display().to_string()])
        .args(["--items", &f.path.join("items.csv").display().to_string()])
        .args([
            "--k",
            "auto",
            "--format",
            "json",
            "--out",
            &out.display().to_string(),
        ])
        .args(["--features-out", &feats.display().to_string()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let k = v["k"].as_u64().unwrap();
    assert!((3..=10).contains(&k), "{k}");
    assert!(v["silhouette"].as_f64().is_some());
    let segs = v["segments"].as_array().unwrap();
    assert_eq!(segs.len() as u64, k);
    for s in segs {
        for key in ["id", "size"] {
            assert!(s[key].as_u64().is_some(), "{key}: {s}");
        }
        assert!(!s["name"].as_str().unwrap().is_empty());
        assert!(!s["description"].as_str().unwrap().is_empty());
        assert!(s["share"].as_f64().unwrap() > 0.0);
        assert!(s["top_categories"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c.is_string()));
        let feats = s["features"].as_object().unwrap();
        assert!(feats.contains_key("recency_days") && feats.values().all(|x| x.is_f64()));
    }
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.starts_with("user_id,segment_id,segment_name\n"));
    assert_eq!(csv.lines().count(), f.ds.n_users() + 1);
    assert_eq!(&std::fs::read(&feats).unwrap()[..4], b"PAR1");
}

#[test]
fn cli_table_fits_80_columns_and_bad_k_is_refused() {
    let f = sample();
    let tmp = tempfile::tempdir().unwrap();
    let ev = f.path.join("events.csv").display().to_string();
    let o = bin(tmp.path())
        .args(["segment", "--events", &ev, "--k", "6"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.starts_with("6 segments of 2000 users"), "{text}");
    for line in text.lines() {
        assert!(pushbench::text::width(line) <= 80, "too wide: {line}");
    }
    let o = bin(tmp.path())
        .args(["segment", "--events", &ev, "--k", "1"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "clap usage error");
    let o = bin(tmp.path())
        .args(["segment", "--events", &ev, "--k", "5000"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("k = 5000") && !e.contains("panicked"), "{e}");
}
