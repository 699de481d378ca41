//! Tests of the synthetic store generator (`pushbench::sample`).

use std::collections::{BTreeMap, BTreeSet};

use pushbench::sample::*;

const DAY: i64 = 86_400;

struct Output {
    events: Vec<u8>,
    items: Vec<u8>,
    personas: Vec<u8>,
    count: usize,
}

fn run(spec: &SampleSpec) -> Output {
    let (mut events, mut items, mut personas) = (Vec::new(), Vec::new(), Vec::new());
    let count = generate(spec, &mut events, &mut items, &mut personas).expect("generate");
    Output {
        events,
        items,
        personas,
        count,
    }
}

fn small_spec() -> SampleSpec {
    SampleSpec {
        users: 300,
        items: 200,
        seed: 7,
        days: 90,
    }
}

/// Header line and parsed records of a CSV byte buffer.
fn parse(bytes: &[u8]) -> (String, Vec<csv::StringRecord>) {
    let text = std::str::from_utf8(bytes).expect("utf-8");
    assert!(!text.contains('\r'), "CSV must use \\n line endings");
    let header = text.lines().next().unwrap_or_default().to_string();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes);
    let records = reader
        .records()
        .collect::<Result<Vec<_>, _>>()
        .expect("valid CSV");
    (header, records)
}

fn parse_ts(s: &str) -> i64 {
    assert!(s.len() == 20 && s.ends_with('Z'), "timestamp format: {s}");
    chrono::DateTime::parse_from_rfc3339(s)
        .unwrap_or_else(|e| panic!("bad timestamp {s}: {e}"))
        .timestamp()
}

#[test]
fn default_spec_values() {
    let spec = SampleSpec::default();
    assert_eq!(
        (spec.users, spec.items, spec.seed, spec.days),
        (2500, 1000, 42, 90)
    );
    let (start, end) = spec.period_unix();
    assert_eq!(end, PERIOD_END_UNIX);
    assert_eq!(end - start + 1, 90 * DAY);
}

#[test]
fn persona_labels_are_snake_case_and_round_trip() {
    let labels: Vec<&str> = Persona::ALL.iter().map(|p| p.label()).collect();
    assert_eq!(
        labels,
        [
            "bargain_hunter",
            "loyal_high_spender",
            "window_shopper",
            "new_visitor",
            "lapsed_customer",
            "category_specialist"
        ]
    );
    for p in Persona::ALL {
        assert_eq!(Persona::from_label(p.label()), Some(p));
    }
    let total: f64 = Persona::ALL.iter().map(|p| p.share()).sum();
    assert!((total - 1.0).abs() < 1e-9, "shares sum to {total}");
}

#[test]
fn same_spec_gives_identical_bytes_and_seed_changes_them() {
    let spec = SampleSpec {
        users: 150,
        items: 120,
        seed: 11,
        days: 60,
    };
    let a = run(&spec);
    let b = run(&spec);
    assert!(a.count > 0);
    assert_eq!(a.count, b.count);
    assert!(a.events == b.events, "events.csv differs between runs");
    assert!(a.items == b.items, "items.csv differs between runs");
    assert!(
        a.personas == b.personas,
        "personas.csv differs between runs"
    );

    let c = run(&SampleSpec { seed: 12, ..spec });
    assert!(a.events != c.events, "events.csv ignores the seed");
    assert!(a.items != c.items, "items.csv ignores the seed");
    assert!(a.personas != c.personas, "personas.csv ignores the seed");
}

#[test]
fn write_sample_writes_the_same_bytes_as_generate() {
    let spec = SampleSpec {
        users: 80,
        items: 60,
        seed: 3,
        days: 30,
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let out_dir = dir.path().join("nested").join("sample");
    let stats = write_sample(&spec, &out_dir).expect("write_sample");
    let expected = run(&spec);
    assert_eq!(stats.users, 80);
    assert_eq!(stats.items, 60);
    assert_eq!(stats.events, expected.count);
    assert_eq!(stats.events_path, out_dir.join("events.csv"));
    let read = |p: &std::path::Path| std::fs::read(p).expect("read output");
    assert!(read(&stats.events_path) == expected.events);
    assert!(read(&stats.items_path) == expected.items);
    assert!(read(&stats.personas_path) == expected.personas);
}

#[test]
fn write_sample_reports_unwritable_directory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, b"x").expect("write");
    let target = blocker.join("sub");
    let err = write_sample(&small_spec(), &target).expect_err("must fail");
    let shown = target.display().to_string();
    assert!(
        format!("{err:#}").contains(&shown),
        "error lacks path: {err:#}"
    );
}

#[test]
fn invalid_specs_are_rejected_and_zero_users_is_fine() {
    let mut sink = (Vec::new(), Vec::new(), Vec::new());
    let no_items = SampleSpec {
        items: 0,
        ..small_spec()
    };
    assert!(generate(&no_items, &mut sink.0, &mut sink.1, &mut sink.2).is_err());
    let no_days = SampleSpec {
        days: 0,
        ..small_spec()
    };
    assert!(generate(&no_days, &mut sink.0, &mut sink.1, &mut sink.2).is_err());

    let out = run(&SampleSpec {
        users: 0,
        ..small_spec()
    });
    assert_eq!(out.count, 0);
    assert_eq!(parse(&out.events).1.len(), 0);
    assert_eq!(parse(&out.personas).1.len(), 0);
    assert_eq!(parse(&out.items).1.len(), 200);
}

#[test]
fn default_spec_has_realistic_volume() {
    let out = run(&SampleSpec::default());
    let per_user = out.count as f64 / 2500.0;
    assert!(
        (25.0..=45.0).contains(&per_user),
        "{per_user} events per user"
    );
    let (_, items) = parse(&out.items);
    assert_eq!(items.len(), 1000);
    assert_eq!(&items[0][0], "I00001");
    assert_eq!(&items[999][0], "I01000");
}

/// Per-user aggregates used by the behavioural checks.
#[derive(Default)]
struct UserAgg {
    first: i64,
    last: i64,
    events: usize,
    purchases: usize,
    purchase_price_sum: f64,
    categories: BTreeMap<String, usize>,
}

#[test]
fn small_spec_is_structurally_valid_and_personas_behave() {
    let spec = small_spec();
    let out = run(&spec);
    let (start, end) = spec.period_unix();

    // items.csv
    let (items_header, items) = parse(&out.items);
    assert_eq!(
        items_header,
        "item_id,title,category,brand,price,tags,description"
    );
    assert_eq!(items.len(), 200);
    let mut item_category: BTreeMap<String, String> = BTreeMap::new();
    let mut item_price: BTreeMap<String, f64> = BTreeMap::new();
    for (i, r) in items.iter().enumerate() {
        assert_eq!(&r[0], format!("I{:05}", i + 1));
        assert!(r[1].split(' ').count() >= 2, "title too short: {}", &r[1]);
        assert!(r[1].starts_with(&r[3]), "title should start with the brand");
        let price: f64 = r[4].parse().expect("price");
        assert!(price > 0.0 && r[4].split('.').nth(1).map(str::len) == Some(2));
        let tags = r[5].split('|').count();
        assert!((2..=4).contains(&tags), "tags: {}", &r[5]);
        assert!(
            r[6].ends_with('.') && r[6].len() > 20,
            "description: {}",
            &r[6]
        );
        item_category.insert(r[0].to_string(), r[2].to_string());
        item_price.insert(r[0].to_string(), price);
    }
    let categories: BTreeSet<&String> = item_category.values().collect();
    assert!(
        categories.len() >= 10,
        "only {} categories",
        categories.len()
    );
    let mean_price = |cat: &str| {
        let ps: Vec<f64> = items
            .iter()
            .filter(|r| &r[2] == cat)
            .map(|r| r[4].parse::<f64>().unwrap_or(0.0))
            .collect();
        ps.iter().sum::<f64>() / ps.len().max(1) as f64
    };
    assert!(mean_price("Electronics") > 3.0 * mean_price("Grocery"));

    // personas.csv
    let (personas_header, personas) = parse(&out.personas);
    assert_eq!(personas_header, "user_id,persona");
    assert_eq!(personas.len(), 300);
    let mut persona_of: BTreeMap<String, Persona> = BTreeMap::new();
    for (i, r) in personas.iter().enumerate() {
        assert_eq!(&r[0], format!("U{:06}", i + 1));
        let p = Persona::from_label(&r[1]).expect("known persona label");
        persona_of.insert(r[0].to_string(), p);
    }
    let present: BTreeSet<Persona> = persona_of.values().copied().collect();
    assert_eq!(present.len(), 6, "all personas present");

    // events.csv
    let (events_header, events) = parse(&out.events);
    assert_eq!(
        events_header,
        "user_id,item_id,event,timestamp,session_id,dwell_seconds,price,quantity,query"
    );
    assert_eq!(events.len(), out.count);
    let allowed = ["view", "search", "cart", "favorite", "purchase"];
    let mut users: BTreeMap<String, UserAgg> = BTreeMap::new();
    let mut finished_users: BTreeSet<String> = BTreeSet::new();
    let mut prev: Option<(String, i64, String)> = None;
    let mut kinds_seen: BTreeSet<String> = BTreeSet::new();
    let mut discounted_rows = 0usize;
    // [other categories, grocery]
    let (mut quantity_sum, mut quantity_rows) = ([0.0f64; 2], [0.0f64; 2]);
    for (i, r) in events.iter().enumerate() {
        let (user, item, kind) = (&r[0], &r[1], &r[2]);
        assert!(persona_of.contains_key(user), "unknown user {user}");
        let category = item_category
            .get(item)
            .expect("event item exists in items.csv");
        assert!(allowed.contains(&kind), "bad event {kind}");
        kinds_seen.insert(kind.to_string());
        let ts = parse_ts(&r[3]);
        assert!(
            (start..=end).contains(&ts),
            "timestamp {} outside period",
            &r[3]
        );
        assert!(
            r[4].starts_with('S') && r[4].len() >= 8,
            "session id {}",
            &r[4]
        );
        assert_eq!(r[5].is_empty(), kind != "view", "dwell only on views");
        if kind == "view" {
            assert!(r[5].parse::<u32>().expect("dwell integer") >= 1);
        }
        assert_eq!(r[6].is_empty(), kind != "cart" && kind != "purchase");
        assert_eq!(r[7].is_empty(), kind != "purchase");
        assert_eq!(r[8].is_empty(), kind != "search");
        if kind == "search" {
            // The clicked result is viewed right after the search.
            let next = &events[i + 1];
            assert_eq!((&next[0], &next[1], &next[2]), (user, item, "view"));
        }

        // Users are contiguous; time and sessions never go backwards.
        if let Some((pu, pts, ps)) = &prev {
            if pu == user {
                assert!(ts >= *pts, "time goes backwards for {user}");
                assert!(r[4] >= **ps, "sessions out of order for {user}");
            } else {
                assert!(finished_users.insert(pu.clone()));
                assert!(!finished_users.contains(user), "{user} is not contiguous");
                assert!(user > pu.as_str(), "users written in id order");
            }
        }
        prev = Some((user.to_string(), ts, r[4].to_string()));

        let agg = users.entry(user.to_string()).or_insert(UserAgg {
            first: i64::MAX,
            ..UserAgg::default()
        });
        agg.first = agg.first.min(ts);
        agg.last = agg.last.max(ts);
        agg.events += 1;
        *agg.categories.entry(category.clone()).or_default() += 1;
        if kind == "cart" || kind == "purchase" {
            let paid: f64 = r[6].parse().expect("price");
            let list = item_price[item];
            if persona_of[user] == Persona::BargainHunter {
                assert!(paid > 0.0 && paid <= list, "{paid} vs list {list}");
                discounted_rows += usize::from(paid < list);
            } else {
                assert_eq!(paid, list, "only bargain hunters get discounts");
            }
        }
        if kind == "purchase" {
            let q: f64 = r[7].parse().expect("quantity");
            let slot = usize::from(category == "Grocery");
            quantity_sum[slot] += q;
            quantity_rows[slot] += 1.0;
            assert!(r[7].parse::<u32>().expect("quantity") >= 1);
            agg.purchases += 1;
            agg.purchase_price_sum += r[6].parse::<f64>().expect("price");
        }
    }
    assert_eq!(kinds_seen.len(), allowed.len(), "all event kinds occur");
    assert_eq!(users.len(), 300, "every user has events");
    assert!(
        discounted_rows >= 20,
        "bargain hunters rarely get discounts"
    );
    let mean_qty = |slot: usize| quantity_sum[slot] / quantity_rows[slot].max(1.0);
    assert!(quantity_rows[1] >= 10.0, "too few grocery purchases");
    assert!(
        mean_qty(1) > 1.5 && mean_qty(0) < 1.3,
        "grocery buys in bulk"
    );

    // Persona-specific behaviour.
    let mut totals: BTreeMap<Persona, (usize, usize, f64, usize, f64)> = BTreeMap::new();
    for (user, agg) in &users {
        let persona = persona_of[user];
        match persona {
            Persona::NewVisitor => assert!(
                agg.first > end - 14 * DAY,
                "new visitor {user} first seen too early"
            ),
            Persona::LapsedCustomer => assert!(
                agg.last < end - 40 * DAY,
                "lapsed customer {user} active in the last 40 days"
            ),
            _ => {}
        }
        let top = agg.categories.values().max().copied().unwrap_or(0);
        let t = totals.entry(persona).or_default();
        t.0 += agg.events;
        t.1 += agg.purchases;
        t.2 += agg.purchase_price_sum;
        t.3 += 1;
        t.4 += top as f64 / agg.events as f64;
    }
    let purchase_rate = |p: Persona| totals[&p].1 as f64 / totals[&p].0 as f64;
    let avg_paid = |p: Persona| totals[&p].2 / totals[&p].1.max(1) as f64;
    let top_share = |p: Persona| totals[&p].4 / totals[&p].3 as f64;
    assert!(purchase_rate(Persona::WindowShopper) < purchase_rate(Persona::LoyalHighSpender));
    assert!(purchase_rate(Persona::WindowShopper) < 0.02);
    assert!(avg_paid(Persona::BargainHunter) * 2.0 < avg_paid(Persona::LoyalHighSpender));
    assert!(top_share(Persona::CategorySpecialist) > 0.75);
    for p in [
        Persona::BargainHunter,
        Persona::LoyalHighSpender,
        Persona::WindowShopper,
    ] {
        assert!(top_share(p) < 0.65, "{p} too concentrated");
    }
    // Established personas span the period, new visitors do not.
    let tenure = |p: Persona| {
        let v: Vec<i64> = users
            .iter()
            .filter(|(u, _)| persona_of[*u] == p)
            .map(|(_, a)| a.last - a.first)
            .collect();
        v.iter().sum::<i64>() as f64 / v.len() as f64 / DAY as f64
    };
    assert!(tenure(Persona::LoyalHighSpender) > 40.0);
    assert!(tenure(Persona::NewVisitor) < 10.0);
}

/// Scale check: `cargo test --test it sample_gen -- --ignored --nocapture`.
/// Users default to 1,000,000 (override with `PUSHBENCH_SAMPLE_USERS`).
#[test]
#[ignore]
fn large_sample_streams_to_disk() {
    let users = std::env::var("PUSHBENCH_SAMPLE_USERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let spec = SampleSpec {
        users,
        ..SampleSpec::default()
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let started = std::time::Instant::now();
    let stats = write_sample(&spec, dir.path()).expect("write_sample");
    let elapsed = started.elapsed();
    let bytes = std::fs::metadata(&stats.events_path)
        .map(|m| m.len())
        .unwrap_or(0);
    println!(
        "{} users -> {} events, events.csv {} bytes, {:.1?}",
        users, stats.events, bytes, elapsed
    );
    assert!(stats.events > users * 20);
}
