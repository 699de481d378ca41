//! Recommenders on tiny hand-made stores where the right answer is obvious,
//! plus seen-item exclusion, cold start, explanations and segment lists.

use crate::common::{load_files, write};
use pushbench::data::Dataset;
use pushbench::jobs::JobCtx;
use pushbench::recommend::{
    Als, AlsParams, Interactions, Method, Models, Query, RecConfig, Recommender, Weights,
};

const ITEMS: &str = "item_id,title,category,brand,price
A,Paperback Mystery Novel,Books,Inkwell,12.99
B,Hardcover Cookbook Classics,Books,Inkwell,24.99
C,Garden Hose Deluxe,Garden,Greenly,39.00
D,Ceramic Plant Pot,Garden,Greenly,15.00
E,Wireless Earbuds,Electronics,Voltix,59.00
F,Paperback Mystery Thriller,Books,Inkwell,13.49
";

/// A and B are bought together by u1..u4; C is viewed by everybody but u5 (the
/// most popular item); u5 bought only A; u6 viewed C and D; F is never
/// interacted with.
fn events() -> String {
    let mut s = String::from("user_id,item_id,event,timestamp\n");
    let mut t = 1_700_000_000i64;
    let mut ev = |s: &mut String, u: &str, i: &str, e: &str| {
        t += 60;
        s.push_str(&format!("{u},{i},{e},{t}\n"));
    };
    for u in ["u1", "u2", "u3", "u4"] {
        ev(&mut s, u, "A", "view");
        ev(&mut s, u, "A", "purchase");
        ev(&mut s, u, "B", "view");
        ev(&mut s, u, "B", "purchase");
    }
    for u in ["u1", "u2", "u3", "u4", "u6", "u7", "u8"] {
        ev(&mut s, u, "C", "view");
    }
    for u in ["u7", "u8"] {
        ev(&mut s, u, "D", "view");
        ev(&mut s, u, "E", "cart");
    }
    ev(&mut s, "u5", "A", "purchase");
    ev(&mut s, "u6", "D", "view");
    s
}

fn tiny() -> (tempfile::TempDir, Dataset) {
    let dir = tempfile::tempdir().unwrap();
    let e = write(dir.path(), "events.csv", &events());
    let i = write(dir.path(), "items.csv", ITEMS);
    let ds = load_files(&e, Some(&i), "").expect("tiny store loads");
    (dir, ds)
}

fn fit(ds: &Dataset, cfg: &RecConfig) -> Models {
    Models::fit(ds, cfg, &JobCtx::none()).expect("fit")
}

fn ids(ds: &Dataset, recs: &[pushbench::recommend::Rec]) -> Vec<String> {
    recs.iter()
        .map(|r| ds.items.name(r.item).to_string())
        .collect()
}

#[test]
fn item_knn_recommends_the_co_purchased_item() {
    let (_d, ds) = tiny();
    let m = fit(&ds, &RecConfig::default());
    let u5 = ds.users.get("u5").unwrap();
    let recs = m.recommend(Method::ItemKnn, u5, 3);
    assert_eq!(ids(&ds, &recs)[0], "B", "{recs:?}");
    assert_eq!(
        recs[0].explanation,
        "bought together with Paperback Mystery Novel"
    );
    assert_eq!(recs[0].because, ds.items.get("A"));
    // popularity would have put the everybody-viewed C first
    let pop = m.recommend(Method::Popularity, u5, 1);
    assert_eq!(ids(&ds, &pop), vec!["C"]);
    assert_eq!(pop[0].explanation, "popular in Garden");
}

#[test]
fn content_recommends_same_category_for_a_new_user_including_unseen_items() {
    let (_d, ds) = tiny();
    let m = fit(&ds, &RecConfig::default());
    let a = ds.items.get("A").unwrap();
    let recs = m.recommend_seed(Method::Content, &[a], 2);
    // F was never interacted with, but shares category, brand, price band and words
    assert_eq!(ids(&ds, &recs), vec!["F", "B"], "{recs:?}");
    assert!(
        recs[0]
            .explanation
            .starts_with("similar to Paperback Mystery Novel"),
        "{}",
        recs[0].explanation
    );
    assert!(recs.iter().all(|r| r.item != a), "the seed is excluded");
    // a user with no history at all gets the popular items
    let cold = m.recommend_seed(Method::Content, &[], 1);
    assert_eq!(ids(&ds, &cold), vec!["C"]);
}

#[test]
fn seen_items_are_excluded_unless_repeat_purchases_are_kept() {
    let (_d, ds) = tiny();
    let u1 = ds.users.get("u1").unwrap();
    let m = fit(&ds, &RecConfig::default());
    for method in m.methods() {
        let recs = m.recommend(method, u1, 6);
        let got = ids(&ds, &recs);
        assert!(
            !got.iter().any(|i| i == "A" || i == "B" || i == "C"),
            "{method}: {got:?}"
        );
        assert_eq!(got.len(), 3, "{method}: the three unseen items remain");
    }
    let keep = fit(
        &ds,
        &RecConfig {
            repeat_purchases: true,
            ..RecConfig::default()
        },
    );
    let got = ids(&ds, &keep.recommend(Method::Popularity, u1, 6));
    assert!(
        got.contains(&"A".to_string()) && got.contains(&"B".to_string()),
        "{got:?}"
    );
    assert!(
        !got.contains(&"C".to_string()),
        "C was only viewed: {got:?}"
    );
}

#[test]
fn hybrid_switches_cold_users_to_content_and_popularity() {
    let (_d, ds) = tiny();
    let m = fit(&ds, &RecConfig::default());
    let u6 = ds.users.get("u6").unwrap();
    assert!(m.is_cold(u6));
    // u6 viewed C and D: four unseen items remain, each with an explanation
    let recs = m.recommend(Method::Hybrid, u6, 5);
    assert_eq!(recs.len(), 4);
    assert!(recs.iter().all(|r| !r.explanation.is_empty()));
    let u1 = ds.users.get("u1").unwrap();
    assert!(!m.is_cold(u1));
}

#[test]
fn segment_lists_aggregate_members_and_name_the_segment() {
    let (_d, ds) = tiny();
    let m = fit(&ds, &RecConfig::default());
    let members: Vec<u32> = ["u1", "u2", "u3", "u4"]
        .iter()
        .map(|u| ds.users.get(u).unwrap())
        .collect();
    let recs = m.recommend_for_segment(Method::Popularity, &members, 3, "Bookworms");
    assert!(ids(&ds, &recs).contains(&"A".to_string()), "{recs:?}");
    assert!(
        recs.iter().all(|r| r.explanation == "popular in Bookworms"),
        "{recs:?}"
    );
    let hyb = m.recommend_for_users(Method::Hybrid, &members, 6, None);
    assert_eq!(hyb.len(), 6);
    for method in m.methods() {
        assert_eq!(
            m.recommend_for_users(method, &members, 4, Some("x")).len(),
            4,
            "{method}"
        );
    }
    // many users at once, in parallel
    let all: Vec<u32> = (0..ds.n_users() as u32).collect();
    let many = m.recommend_many(Method::Als, &all, 2);
    assert_eq!(many.len(), all.len());
}

/// Two blocks: users 0..10 like items 0..5, users 10..20 like items 5..10;
/// one pair per user held back.
fn blocks() -> Interactions {
    let mut t = Vec::new();
    for u in 0..20u32 {
        let base = if u < 10 { 0 } else { 5 };
        for i in 0..5u32 {
            if i != u % 5 {
                t.push((u, base + i, 1.0 + (u + i) as f32 % 3.0));
            }
        }
    }
    Interactions::from_triplets(20, 10, &t)
}

#[test]
fn als_loss_decreases_and_reconstructs_blocks() {
    let train = blocks();
    let p = AlsParams {
        factors: 4,
        iterations: 10,
        regularization: 0.1,
        alpha: Some(2.0),
        track_loss: true,
        ..AlsParams::default()
    };
    let als = Als::fit(&train, &p, &JobCtx::none()).unwrap();
    assert_eq!(als.loss.len(), 10);
    for w in als.loss.windows(2) {
        assert!(w[1] <= w[0] * (1.0 + 1e-4), "loss went up: {:?}", als.loss);
    }
    assert!(als.loss[9] < als.loss[0] * 0.9, "{:?}", als.loss);
    let mut out = vec![0f32; 10];
    for u in [0u32, 3, 12, 17] {
        let q = Query {
            user: Some(u),
            items: train.items(u),
            weights: train.weights(u),
            kinds: train.kinds_of(u),
        };
        als.score(&q, &mut out);
        let held = (if u < 10 { 0 } else { 5 }) + u % 5;
        let other: Vec<f32> = if u < 10 {
            out[5..].to_vec()
        } else {
            out[..5].to_vec()
        };
        assert!(
            other.iter().all(|&s| s < out[held as usize]),
            "user {u}: held-out {} vs other block {other:?}",
            out[held as usize]
        );
    }
    // a user the model never saw, folded in from two items of block 2
    let q = Query {
        user: None,
        items: &[5, 6],
        weights: &[1.0, 1.0],
        kinds: &[1, 1],
    };
    als.score(&q, &mut out);
    assert!(out[7] > out[0] && out[8] > out[1], "{out:?}");
}

#[test]
fn cancelled_fit_stops() {
    let (_d, ds) = tiny();
    let ctx = JobCtx::none();
    ctx.cancel();
    let r = Models::fit(&ds, &RecConfig::default(), &ctx);
    assert!(matches!(r, Err(pushbench::Error::Cancelled)));
}

#[test]
fn method_names_and_aliases() {
    assert_eq!(Method::parse("svd"), Some(Method::Als));
    assert_eq!(Method::parse("item-knn"), Some(Method::ItemKnn));
    assert!(Method::Als.title().contains("SVD"));
    for m in Method::ALL {
        assert_eq!(Method::parse(m.name()), Some(m));
    }
}

#[test]
fn weights_per_event_type_with_time_decay() {
    let dir = tempfile::tempdir().unwrap();
    let day = 86_400;
    let e = write(
        dir.path(),
        "events.csv",
        &format!(
            "user_id,item_id,event,timestamp\nu,a,view,{}\nu,a,purchase,{}\nu,b,cart,{}\n",
            1_700_000_000,
            1_700_000_000 + 2 * day,
            1_700_000_000 + 2 * day
        ),
    );
    let ds = crate::common::load_one(&e).unwrap();
    let plain = Interactions::from_dataset(&ds, &Weights::default());
    let (a, b) = (ds.items.get("a").unwrap(), ds.items.get("b").unwrap());
    let u = ds.users.get("u").unwrap();
    let w = |i: &Interactions, item: u32| i.matrix.get(u as usize, item);
    assert_eq!((w(&plain, a), w(&plain, b)), (6.0, 3.0));
    let decayed = Interactions::from_dataset(
        &ds,
        &Weights {
            half_life_days: Some(2.0),
            ..Weights::default()
        },
    );
    // the view is one half-life older than the newest event
    assert!((w(&decayed, a) - 5.5).abs() < 1e-4, "{}", w(&decayed, a));
    assert_eq!(w(&decayed, b), 3.0);
    assert_eq!(plain.kinds_of(u).len(), 2);
}

#[test]
fn models_and_reports_can_move_to_job_threads() {
    fn send_sync<T: Send + Sync + 'static>() {}
    send_sync::<Models>();
    send_sync::<pushbench::eval::EvalReport>();
    send_sync::<RecConfig>();
}
