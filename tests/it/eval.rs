//! Offline evaluation: metrics on hand-computed cases, splits, the sample
//! store's quality bar, and the real binary with `--train/--test` files.

use crate::common::write;
use pushbench::data::{bundled, load};
use pushbench::eval::{self, metrics, EvalConfig, SplitKind};
use pushbench::jobs::JobCtx;
use pushbench::recommend::{Interactions, Weights};
use std::process::Command;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-4
}

#[test]
fn metrics_on_known_ranks() {
    // hits at ranks 2 and 5, three relevant items, K = 5
    let m = metrics::user_metrics(&[1, 2, 3, 4, 5], &[2, 5, 9], 5);
    assert!(close(m.precision, 0.4), "{m:?}");
    assert!(close(m.recall, 2.0 / 3.0));
    assert!(close(m.f1, 0.5));
    let dcg = 1.0 / 3f64.log2() + 1.0 / 6f64.log2();
    let idcg = 1.0 + 1.0 / 3f64.log2() + 0.5;
    assert!(close(m.ndcg, dcg / idcg), "{}", m.ndcg);
    assert!(close(m.ap, (1.0 / 2.0 + 2.0 / 5.0) / 3.0));
    assert_eq!(m.hit, 1.0);
    // IDCG over min(|relevant|, K): one relevant item at the top is perfect
    let m = metrics::user_metrics(&[7, 1, 2], &[7], 3);
    assert!(close(m.ndcg, 1.0) && close(m.ap, 1.0) && close(m.precision, 1.0 / 3.0));
    // only the first K count
    let m = metrics::user_metrics(&[1, 2, 3], &[3], 2);
    assert_eq!((m.hit, m.ndcg, m.recall), (0.0, 0.0, 0.0));
    // more relevant items than K: AP and NDCG normalised by K
    let m = metrics::user_metrics(&[1, 2], &[1, 2, 3, 4], 2);
    assert!(close(m.ndcg, 1.0) && close(m.ap, 1.0) && close(m.recall, 0.5));
}

#[test]
fn beyond_accuracy_metrics() {
    assert!(close(
        metrics::intra_list_diversity(&[1, 2, 3], |_, _| 1.0),
        0.0
    ));
    assert!(close(
        metrics::intra_list_diversity(&[1, 2, 3], |_, _| 0.0),
        1.0
    ));
    assert!(close(
        metrics::intra_list_diversity(&[1, 2, 3], |a, b| if a + b == 3 { 1.0 } else { 0.0 }),
        2.0 / 3.0
    ));
    // an item every user had carries no information; one user's item the most
    let users = [8u32, 1];
    assert!(close(metrics::novelty(&[0], &users, 8), 0.0));
    assert!(close(metrics::novelty(&[1], &users, 8), 1.0));
    assert!(close(metrics::novelty(&[0, 1], &users, 8), 0.5));
    assert!(close(metrics::popularity_bias(&[0, 1], &[1.0, 0.0]), 0.5));
}

fn pairs() -> Interactions {
    let mut t = Vec::new();
    for u in 0..50u32 {
        for i in 0..(u % 12) {
            t.push((u, (u + i * 7) % 40, 1.0 + i as f32));
        }
    }
    Interactions::from_triplets(50, 40, &t)
}

#[test]
fn random_split_is_seeded_disjoint_and_respects_minimum() {
    let all = pairs();
    let a = eval::random_split(&all, 0.2, 7, 5);
    let b = eval::random_split(&all, 0.2, 7, 5);
    let c = eval::random_split(&all, 0.2, 8, 5);
    assert_eq!(a.test, b.test);
    assert_ne!(a.test, c.test);
    for u in 0..50u32 {
        let n = all.items(u).len();
        let test = &a.test[u as usize];
        if n < 5 {
            assert!(test.is_empty());
        } else {
            assert_eq!(test.len(), ((n as f64 * 0.2).round() as usize).max(1));
        }
        let train = a.train.items(u);
        assert!(test.iter().all(|i| train.binary_search(i).is_err()));
        assert_eq!(train.len() + test.len(), n);
    }
}

#[test]
fn last_and_time_splits_hold_out_the_latest() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = String::from("user_id,item_id,event,timestamp\n");
    for (k, item) in ["a", "b", "c", "d", "e", "b"].iter().enumerate() {
        s.push_str(&format!(
            "u1,{item},view,{}\n",
            1_700_000_000 + k as i64 * 86_400
        ));
        s.push_str(&format!(
            "u2,{item},view,{}\n",
            1_700_000_000 + k as i64 * 86_400
        ));
    }
    let e = write(dir.path(), "events.csv", &s);
    let ds = crate::common::load_one(&e).unwrap();
    let all = Interactions::from_dataset(&ds, &Weights::default());
    let last = eval::last_split(&ds, &all, 5);
    let u1 = ds.users.get("u1").unwrap() as usize;
    // b came back last, but e was the newest item
    assert_eq!(last.test[u1], vec![ds.items.get("e").unwrap()]);
    let time = eval::time_split(&ds, &Weights::default(), 0.7);
    assert_eq!(time.test[u1], vec![ds.items.get("e").unwrap()]);
    assert_eq!(time.train.items(u1 as u32).len(), 4);
}

#[test]
fn hybrid_beats_popularity_on_the_bundled_sample() {
    let ds = load(&bundled::options(), &JobCtx::none()).unwrap();
    let cfg = EvalConfig {
        split: SplitKind::Random,
        seed: 42,
        ..EvalConfig::default()
    };
    let n = ds.n_users();
    let labels: Vec<usize> = (0..n).map(|u| u % 2).collect();
    let names = vec!["even".to_string(), "odd".to_string()];
    let r = eval::evaluate_with_segments(&ds, &cfg, &JobCtx::none(), &labels, &names).unwrap();
    let ndcg = |m: &str| r.method(m).unwrap().ndcg;
    assert!(ndcg("hybrid") > 2.0 * ndcg("popularity"), "{r}");
    assert!(
        ndcg("als").max(ndcg("item_knn")) > 2.0 * ndcg("popularity"),
        "{r}"
    );
    assert!(r.users > 1000);
    assert_eq!(r.segments.len(), 2);
    assert_eq!(r.segments[0].users + r.segments[1].users, r.users);
    for m in &r.methods {
        for v in [
            m.precision,
            m.recall,
            m.f1,
            m.ndcg,
            m.map,
            m.hit_rate,
            m.coverage,
            m.diversity,
            m.novelty,
        ] {
            assert!((0.0..=1.0).contains(&v), "{m:?}");
        }
    }
}

/// Every method's metrics with the timings zeroed, for bit-for-bit comparison.
fn metrics_only(mut r: eval::EvalReport) -> serde_json::Value {
    r.evaluate_seconds = 0.0;
    for m in r.methods.iter_mut() {
        m.fit_seconds = 0.0;
    }
    serde_json::to_value(&r.methods).unwrap()
}

/// Evaluates `ds` on a rayon pool of `threads` threads.
fn evaluate_on(
    ds: &pushbench::data::Dataset,
    cfg: &EvalConfig,
    threads: usize,
) -> serde_json::Value {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    metrics_only(
        pool.install(|| eval::evaluate(ds, cfg, &JobCtx::none()))
            .unwrap(),
    )
}

#[test]
fn evaluate_is_identical_run_to_run() {
    // The binary twice on the sample, as separate processes (hash seeds differ)
    // with different thread counts: every metric of every method must agree.
    let home = tempfile::tempdir().unwrap();
    let sample = |f: &str| format!("{}/sample_data/{f}", env!("CARGO_MANIFEST_DIR"));
    let run = |threads: &str| -> serde_json::Value {
        let out = bin(home.path())
            .env("RAYON_NUM_THREADS", threads)
            .args(["evaluate", "--events", &sample("events.csv"), "--items"])
            .args([&sample("items.csv"), "--k", "10", "--format", "json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut methods = v["methods"].clone();
        for m in methods.as_array_mut().unwrap() {
            m["fit_seconds"] = 0.0.into();
        }
        methods
    };
    let (a, b) = (run("1"), run("3"));
    let names: Vec<&str> = a
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["name"].as_str())
        .collect();
    for m in ["popularity", "content", "item_knn", "als", "ease", "hybrid"] {
        assert!(names.contains(&m), "{m} missing: {names:?}");
    }
    assert_eq!(a, b, "two runs of evaluate on the sample differ");

    // In process, on a store with more than 3 x 4096 users, so that ALS's
    // Gram matrices are summed from several parallel chunks.
    let dir = tempfile::tempdir().unwrap();
    let spec = pushbench::sample::SampleSpec {
        users: 12_500,
        items: 400,
        seed: 7,
        days: 30,
    };
    let st = pushbench::sample::write_sample(&spec, dir.path()).unwrap();
    let opts = pushbench::data::LoadOptions::new(pushbench::data::Source::path(&st.events_path))
        .items(Some(pushbench::data::Source::path(&st.items_path)));
    let ds = load(&opts, &JobCtx::none()).unwrap();
    let cfg = EvalConfig {
        max_users: Some(1500),
        ..EvalConfig::default()
    };
    let one = evaluate_on(&ds, &cfg, 1);
    assert_eq!(one, evaluate_on(&ds, &cfg, 3), "1 thread vs 3 threads");
    assert_eq!(one, evaluate_on(&ds, &cfg, 2), "1 thread vs 2 threads");
}

fn bin(home: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_pushbench"));
    c.env("PUSHBENCH_HOME", home).env_remove("RUST_BACKTRACE");
    c
}

/// Two taste groups: users c0..c29 like items p0..p9, users d0..d29 like q0..q9.
fn write_pair_files(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let (mut train, mut test) = (String::from("user,item\n"), String::from("user,item\n"));
    for g in ["c", "d"] {
        let it = if g == "c" { "p" } else { "q" };
        for u in 0..30 {
            for i in 0..10 {
                let line = format!("{g}{u},{it}{i}\n");
                if (u + i) % 5 == 0 {
                    test.push_str(&line);
                } else if (u * 3 + i) % 4 != 0 {
                    train.push_str(&line);
                }
            }
        }
    }
    train.push_str("c0,q0\n");
    (
        write(dir, "train.csv", &train),
        write(dir, "test.csv", &test),
    )
}

#[test]
fn evaluate_with_plain_train_test_files_prints_the_json_shape() {
    let dir = tempfile::tempdir().unwrap();
    let (train, test) = write_pair_files(dir.path());
    let out = bin(dir.path())
        .args([
            "evaluate",
            "--train",
            train.to_str().unwrap(),
            "--test",
            test.to_str().unwrap(),
        ])
        .args(["--k", "5", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["k"], 5);
    assert_eq!(v["split"], "files");
    let methods = v["methods"].as_array().unwrap();
    let names: Vec<&str> = methods
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    for want in ["popularity", "item_knn", "als", "hybrid"] {
        assert!(names.contains(&want), "{names:?}");
    }
    // content ranks only with a catalogue; without one it says so
    let unavailable: Vec<&str> = v["unavailable"]
        .as_array()
        .map(|a| a.iter().filter_map(|u| u["method"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        names.contains(&"content") != unavailable.contains(&"content"),
        "{names:?} {unavailable:?}"
    );
    for m in methods {
        for key in [
            "precision",
            "recall",
            "f1",
            "ndcg",
            "map",
            "hit_rate",
            "coverage",
            "diversity",
            "novelty",
        ] {
            let x = m[key]
                .as_f64()
                .unwrap_or_else(|| panic!("{key} missing in {m}"));
            assert!((0.0..=1.0).contains(&x), "{key} = {x}");
        }
        assert!(m["fit_seconds"].as_f64().unwrap() >= 0.0);
    }
    let get = |n: &str| {
        methods.iter().find(|m| m["name"] == n).unwrap()["ndcg"]
            .as_f64()
            .unwrap()
    };
    assert!(
        get("item_knn") > get("popularity") + 0.2,
        "CF finds the taste groups: {v}"
    );
}

#[test]
fn bad_rows_in_split_files_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let (train, _) = write_pair_files(dir.path());
    let test = write(dir.path(), "bad_test.csv", "user,item\nc1,p1\nc2\n");
    let out = bin(dir.path())
        .args([
            "evaluate",
            "--train",
            train.to_str().unwrap(),
            "--test",
            test.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad_test.csv, row 3"), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    // with an events file, ids must exist in it
    let root = env!("CARGO_MANIFEST_DIR");
    let out = bin(dir.path())
        .args([
            "evaluate",
            "--events",
            &format!("{root}/sample_data/events.csv"),
        ])
        .args([
            "--train",
            train.to_str().unwrap(),
            "--test",
            train.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("train.csv, row 2, column 'user'") && err.contains("unknown user"),
        "{err}"
    );
}

#[test]
fn write_split_round_trips_through_train_test_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let data = [
        "--events".to_string(),
        format!("{root}/sample_data/events.csv"),
        "--items".to_string(),
        format!("{root}/sample_data/items.csv"),
    ];
    let split = dir.path().join("split");
    let run = |extra: &[&str]| {
        let out = bin(dir.path())
            .arg("evaluate")
            .args(&data)
            .args(["--format", "json", "--methods", "popularity,item_knn"])
            .args(extra)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let a = run(&["--write-split", split.to_str().unwrap()]);
    let b = run(&[
        "--train",
        split.join("train.csv").to_str().unwrap(),
        "--test",
        split.join("test.csv").to_str().unwrap(),
    ]);
    assert_eq!(a["split"], "random");
    assert_eq!(b["split"], "files");
    for i in 0..2 {
        let (x, y) = (&a["methods"][i], &b["methods"][i]);
        assert_eq!(x["name"], y["name"]);
        assert!(
            (x["ndcg"].as_f64().unwrap() - y["ndcg"].as_f64().unwrap()).abs() < 1e-9,
            "{x} vs {y}"
        );
    }
}

#[test]
fn recommend_command_shows_methods_and_rejects_unknown_users() {
    let dir = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let ev = format!("{root}/sample_data/events.csv");
    let it = format!("{root}/sample_data/items.csv");
    let out = bin(dir.path())
        .args([
            "recommend",
            "--events",
            &ev,
            "--items",
            &it,
            "--user",
            "U000002",
            "--k",
            "5",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let methods = v["methods"].as_array().unwrap();
    assert!(methods.len() >= 5);
    for m in methods {
        let items = m["items"].as_array().unwrap();
        assert_eq!(items.len(), 5, "{m}");
        assert!(items
            .iter()
            .all(|i| !i["explanation"].as_str().unwrap().is_empty()));
    }
    let out = bin(dir.path())
        .args([
            "recommend",
            "--events",
            &ev,
            "--items",
            &it,
            "--user",
            "nobody",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown user") && err.contains("--seed-item"),
        "{err}"
    );
}
