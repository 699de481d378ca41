//! Behaviour features: what is computed on rich data, what is left out (with
//! a note) on purchases-only layouts, and that those layouts still segment.

use pushbench::data::{load, Dataset, LoadOptions, Source};
use pushbench::features::{user_features, write_features};
use pushbench::jobs::JobCtx;
use pushbench::segment::{self, adjusted_rand_index, Algo, KChoice, SegmentOptions};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::path::Path;

fn load_file(path: &Path, items: Option<&Path>) -> Dataset {
    let opts = LoadOptions::new(Source::path(path)).items(items.map(Source::path));
    load(&opts, &JobCtx::none()).unwrap()
}

const T0: i64 = 1_700_000_000;
const DAY: i64 = 86_400;

/// `YYYY-MM-DD HH:MM:SS` of Unix seconds (UTC), via chrono.
fn iso(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0)
        .unwrap()
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

/// UCI Online Retail layout, purchases only, no catalogue file. Three kinds
/// of customers (120 each): frequent small morning orders, rare big evening
/// baskets, one-off recent afternoon buyers. Returns the file and the truth.
fn online_retail(dir: &Path) -> (std::path::PathBuf, Vec<(String, usize)>) {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let mut s = String::from(
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n",
    );
    let mut truth = Vec::new();
    let mut invoice = 500_000;
    for c in 0..360usize {
        let kind = c % 3;
        let customer = format!("{}", 12_000 + c);
        truth.push((customer.clone(), kind));
        let (orders, lines, price, hour) = match kind {
            0 => (rng.gen_range(8..13), 1..4, 1.0..3.0, 8..11),
            1 => (rng.gen_range(2..5), 8..16, 10.0..40.0, 18..21),
            _ => (1, 2..5, 3.0..8.0, 13..16),
        };
        for _ in 0..orders {
            invoice += 1;
            let day = if kind == 2 {
                rng.gen_range(0..20)
            } else {
                rng.gen_range(0..90)
            };
            let ts = T0 - day * DAY + rng.gen_range(hour.clone()) * 3600 + rng.gen_range(0..3600);
            for _ in 0..rng.gen_range(lines.clone()) {
                let item = rng.gen_range(0..200);
                s.push_str(&format!(
                    "{invoice},85{item:03},ITEM {item},{},{},{:.2},{customer},United Kingdom\n",
                    rng.gen_range(1..6),
                    iso(ts),
                    rng.gen_range(price.clone())
                ));
            }
        }
    }
    let p = dir.join("online_retail.csv");
    std::fs::write(&p, s).unwrap();
    (p, truth)
}

#[test]
fn rich_sample_features_are_finite_and_complete() {
    let dir = tempfile::tempdir().unwrap();
    let spec = pushbench::sample::SampleSpec {
        users: 600,
        items: 300,
        seed: 3,
        days: 90,
    };
    pushbench::sample::write_sample(&spec, dir.path()).unwrap();
    let ds = load_file(
        &dir.path().join("events.csv"),
        Some(&dir.path().join("items.csv")),
    );
    let fm = user_features(&ds, &JobCtx::none()).unwrap();
    assert_eq!(fm.raw.dim(), (ds.n_users(), fm.names.len()));
    assert_eq!(fm.scaled.dim(), fm.raw.dim());
    for name in [
        "recency_days",
        "tenure_days",
        "active_days",
        "sessions",
        "purchases",
        "spend",
        "aov",
        "view_to_cart",
        "cart_to_purchase",
        "avg_dwell_s",
        "distinct_items",
        "distinct_categories",
        "top_category_share",
        "price_band",
        "hour_evening",
        "weekend_share",
    ] {
        assert!(
            fm.column(name).is_some(),
            "missing {name} in {:?}",
            fm.names
        );
    }
    assert!(fm.names.iter().any(|n| n.starts_with("category:")));
    assert!(fm.raw.iter().chain(fm.scaled.iter()).all(|v| v.is_finite()));
    assert!(fm.scaled.iter().all(|v| v.abs() <= 5.0 + 1e-9));
    for share in [
        "view_to_cart",
        "top_category_share",
        "price_band",
        "hour_night",
    ] {
        let j = fm.column(share).unwrap();
        assert!(
            fm.raw.column(j).iter().all(|v| (0.0..=1.0).contains(v)),
            "{share}"
        );
    }
    let notes = fm.notes.join("\n");
    assert!(
        !notes.contains("dwell") && !notes.contains("no prices"),
        "{notes}"
    );

    let out = dir.path().join("f.csv");
    write_features(&fm, &ds.users, &out).unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    let header = text.lines().next().unwrap();
    assert!(header.starts_with("user_id,recency_days,"), "{header}");
    assert_eq!(text.lines().count(), ds.n_users() + 1);
    let e = write_features(&fm, &ds.users, &dir.path().join("f.xlsx")).unwrap_err();
    assert!(e.to_string().contains(".csv or .parquet"), "{e}");
}

#[test]
fn online_retail_purchases_only_segments_with_notes() {
    let dir = tempfile::tempdir().unwrap();
    let (path, truth) = online_retail(dir.path());
    let ds = load_file(&path, None);
    let opts = SegmentOptions {
        k: KChoice::Fixed(3),
        ..Default::default()
    };
    let s = segment::run(&ds, &opts, &JobCtx::none()).unwrap();
    let notes = s.notes.join("\n");
    for expected in [
        "only one event type (purchase)",
        "no dwell",
        "no item categories",
    ] {
        assert!(
            notes.contains(expected),
            "notes lack '{expected}':\n{notes}"
        );
    }
    for f in ["spend", "aov", "sessions", "recency_days"] {
        assert!(
            s.features.column(f).is_some(),
            "{f} in {:?}",
            s.features.names
        );
    }
    assert!(
        s.features.column("avg_dwell_s").is_none() && s.features.column("view_to_cart").is_none()
    );
    let labels: Vec<usize> = truth
        .iter()
        .map(|(c, k)| (ds.users.get(c).unwrap(), *k))
        .fold(vec![0; ds.n_users()], |mut v, (u, k)| {
            v[u as usize] = k;
            v
        });
    let ari = adjusted_rand_index(&labels, &s.assignment);
    assert!(ari >= 0.6, "ARI {ari:.3}");
    assert!(s
        .segments
        .iter()
        .all(|p| !p.name.is_empty() && !p.description.is_empty()));
    let auto = segment::run(&ds, &SegmentOptions::default(), &JobCtx::none()).unwrap();
    assert!((3..=10).contains(&auto.k));
}

#[test]
fn movielens_and_price_free_purchases_segment() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let mut ml = String::from("userId,movieId,rating,timestamp\n");
    let mut buys = String::from("user_id,item_id,event,timestamp\n");
    for u in 0..300 {
        let (n, lo, hi) = match u % 3 {
            0 => (rng.gen_range(40..80), 3.5, 5.0),
            1 => (rng.gen_range(20..40), 0.5, 3.0),
            _ => (rng.gen_range(3..8), 2.0, 4.5),
        };
        for _ in 0..n {
            let t = T0 - rng.gen_range(0..400) * DAY - rng.gen_range(0..DAY);
            let r: f64 = rng.gen_range(lo..hi);
            ml.push_str(&format!(
                "{u},{},{:.1},{t}\n",
                rng.gen_range(1..150),
                (r * 2.0).round() / 2.0
            ));
        }
        for _ in 0..rng.gen_range(1..(2 + u % 7)) {
            let t = T0 - rng.gen_range(0..60) * DAY;
            buys.push_str(&format!("c{u},sku{},purchase,{t}\n", rng.gen_range(0..90)));
        }
    }
    let (mlp, bp) = (dir.path().join("ratings.csv"), dir.path().join("buys.csv"));
    std::fs::write(&mlp, ml).unwrap();
    std::fs::write(&bp, buys).unwrap();

    let ds = load_file(&mlp, None);
    let s = segment::run(&ds, &SegmentOptions::default(), &JobCtx::none()).unwrap();
    assert!((3..=10).contains(&s.k));
    assert!(s.features.column("avg_rating").is_some());
    let notes = s.notes.join("\n");
    assert!(
        notes.contains("no prices") && notes.contains("no item categories"),
        "{notes}"
    );

    let ds = load_file(&bp, None);
    let s = segment::run(
        &ds,
        &SegmentOptions {
            algo: Algo::KMeans,
            ..Default::default()
        },
        &JobCtx::none(),
    )
    .unwrap();
    let notes = s.notes.join("\n");
    for expected in [
        "no prices",
        "only one event type (purchase)",
        "no item prices",
        "sessions inferred",
    ] {
        assert!(
            notes.contains(expected),
            "notes lack '{expected}':\n{notes}"
        );
    }
    assert!(s.features.column("spend").is_none() && s.features.column("price_band").is_none());
    assert!(s.segments.iter().all(|p| !p.name.is_empty()));
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
    load_file(&p, None)
}

fn err_text(ds: &Dataset, o: &SegmentOptions) -> String {
    match segment::run(ds, o, &JobCtx::none()) {
        Ok(s) => panic!("expected an error, got {} segments", s.k),
        Err(e) => e.to_string(),
    }
}

fn fixed(k: usize, algo: Algo) -> SegmentOptions {
    SegmentOptions {
        k: KChoice::Fixed(k),
        algo,
        ..Default::default()
    }
}

#[test]
fn identical_users() {
    let rows: Vec<_> = (0..50)
        .flat_map(|u| {
            [
                (format!("u{u}"), "a".to_string(), "view", T0),
                (format!("u{u}"), "a".to_string(), "purchase", T0 + 60),
            ]
        })
        .collect();
    let e = err_text(&events(&rows), &SegmentOptions::default());
    assert!(e.contains("identical"), "{e}");
}

#[test]
fn one_event_type_and_one_event_users_still_segment() {
    // 300 users, views only, each with a single event at varied times and items.
    let rows: Vec<_> = (0..300i64)
        .map(|u| {
            (
                format!("u{u}"),
                format!("i{}", u % 17),
                "view",
                T0 - (u * 7919 % 90) * 86_400 - (u * 3571 % 86_400),
            )
        })
        .collect();
    let ds = events(&rows);
    let s = segment::run(&ds, &fixed(3, Algo::KMeans), &JobCtx::none()).unwrap();
    let notes = s.notes.join("\n");
    assert!(notes.contains("only one event type (view)"), "{notes}");
    assert!(
        notes.contains("300 users (100%) have a single event"),
        "{notes}"
    );
    assert!(s.features.raw.iter().all(|v| v.is_finite()));
    assert!(s.segments.iter().all(|p| !p.name.is_empty()));
}
