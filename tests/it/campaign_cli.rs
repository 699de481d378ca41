//! `pushbench campaign ...` through the real binary, with PUSHBENCH_HOME in a
//! temporary folder: the headless run (the done-when), exit codes,
//! and list / show / duplicate / rm on saved campaigns.

use pushbench::campaign::Store;
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Output};

fn bin(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_pushbench"));
    c.env("PUSHBENCH_HOME", home)
        .env("NO_COLOR", "1")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn run(home: &Path, args: &[&str]) -> Output {
    bin(home).args(args).output().expect("run pushbench")
}

/// Targeted users an export left out and counted (the copy's claims do not
/// hold for them, a category line, the limits, missing details).
fn left_out(counts: &Value) -> u64 {
    [
        "unbacked",
        "over_limit",
        "other_category",
        "missing_details",
    ]
    .iter()
    .map(|k| counts[k].as_u64().unwrap())
    .sum()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn jsonl(p: &Path) -> Vec<Value> {
    std::fs::read_to_string(p)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Reads every sent push as its customer would, against the data on its own:
/// each claim (new, back, low stock, in your cart, looked at, your usual,
/// first order, missed you, a price) is true for that user and the product
/// the push names, and each category line is said of that product's category.
fn audit_claims(rows: &[Value]) {
    use pushbench::copy::{claims, controls, facts::DataFacts, guard};
    let ds = pushbench::data::load(
        &pushbench::data::LoadOptions::new(pushbench::data::Source::path("sample_data/events.csv"))
            .items(Some(pushbench::data::Source::path("sample_data/items.csv"))),
        &pushbench::jobs::JobCtx::none(),
    )
    .unwrap();
    let facts = DataFacts::build(&ds);
    let mut checked = 0;
    for r in rows.iter().filter(|r| r["arm"] == "variant") {
        let (t, b) = (r["title"].as_str().unwrap(), r["body"].as_str().unwrap());
        let user = ds.users.get(r["user_id"].as_str().unwrap()).unwrap();
        let lead = r["items"][0].as_str().unwrap();
        let item = ds.items.get(lead).unwrap();
        let mut backing = facts.item(&ds, item);
        // the example campaign offers 15%
        backing.discount = Some(15.0);
        facts.user(&ds, user).apply(item, &mut backing);
        let wrong = claims::unbacked(t, b, &backing);
        assert!(
            wrong.is_empty(),
            "{}: {t} | {b}: {wrong:?} not true of {lead}",
            r["user_id"]
        );
        let cat = controls::category_key(ds.item_category(item));
        for (line, c) in guard::category_lines(t, b) {
            assert_eq!(c, cat, "'{line}' said of {lead} ({cat})");
        }
        checked += 1;
    }
    assert!(checked > 1000, "{checked} pushes read");
}

#[test]
fn headless_run_exports_every_non_control_user_once() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("out");
    let o = run(
        home.path(),
        &[
            "campaign",
            "run",
            "--events",
            "sample_data/events.csv",
            "--items",
            "sample_data/items.csv",
            "--config",
            "assets/campaign.example.toml",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(
        o.status.success(),
        "exit {:?}\n{}",
        o.status.code(),
        text(&o.stderr)
    );
    let summary: Value = serde_json::from_slice(&o.stdout).expect("JSON summary on stdout");
    let counts = &summary["export"]["counts"];
    let sent = counts["sent"].as_u64().unwrap() as usize;
    assert!(sent > 0);
    for f in [
        "campaign.csv",
        "campaign.jsonl",
        "onesignal.jsonl",
        "fcm.jsonl",
        "manifest.json",
    ] {
        assert!(out.join(f).is_file(), "{f} written");
    }
    // Every user of the targeted segments (all of them here) is in the JSONL
    // exactly once, or left out and counted (the copy's claims do not hold
    // for them); every non-control user is in each push format once.
    let rows = jsonl(&out.join("campaign.jsonl"));
    assert_eq!(
        rows.len() as u64 + left_out(counts),
        counts["targeted"].as_u64().unwrap()
    );
    let mut seen = HashMap::new();
    for r in &rows {
        *seen
            .entry(r["user_id"].as_str().unwrap().to_string())
            .or_insert(0) += 1;
    }
    assert!(seen.values().all(|&n| n == 1));
    let non_control: Vec<String> = rows
        .iter()
        .filter(|r| r["arm"] == "variant")
        .map(|r| r["user_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(non_control.len(), sent);
    let mut os: HashMap<String, usize> = HashMap::new();
    for b in jsonl(&out.join("onesignal.jsonl")) {
        for id in b["include_aliases"]["external_id"].as_array().unwrap() {
            *os.entry(id.as_str().unwrap().into()).or_default() += 1;
        }
    }
    let mut fcm: HashMap<String, usize> = HashMap::new();
    for m in jsonl(&out.join("fcm.jsonl")) {
        *fcm.entry(m["message"]["token"].as_str().unwrap().into())
            .or_default() += 1;
    }
    let mut csv_ids: HashMap<String, usize> = HashMap::new();
    let mut r = csv::Reader::from_path(out.join("campaign.csv")).unwrap();
    for rec in r.records() {
        let rec = rec.unwrap();
        if &rec[3] == "variant" {
            *csv_ids.entry(rec[0].to_string()).or_default() += 1;
        }
    }
    for id in &non_control {
        assert_eq!(os.get(id), Some(&1), "{id} in onesignal");
        assert_eq!(fcm.get(id), Some(&1), "{id} in fcm");
        assert_eq!(csv_ids.get(id), Some(&1), "{id} in csv");
    }
    assert_eq!((os.len(), fcm.len(), csv_ids.len()), (sent, sent, sent));
    // Every user's text is the same in every file, as previewed (no Liquid
    // tag left for one service to fill and another to print), and within the
    // platform's limits (nothing over is exported; left-out users are counted).
    let mut texts: HashMap<String, Vec<(String, String)>> = HashMap::new();
    let mut add = |id: &str, t: &str, b: &str| {
        texts
            .entry(id.to_string())
            .or_default()
            .push((t.to_string(), b.to_string()));
    };
    let unguard = |s: &str| s.strip_prefix('\'').unwrap_or(s).to_string();
    let mut r = csv::Reader::from_path(out.join("campaign.csv")).unwrap();
    for rec in r.records() {
        let rec = rec.unwrap();
        if &rec[3] == "variant" {
            add(&rec[0], &unguard(&rec[6]), &unguard(&rec[7]));
        }
    }
    for r in rows.iter().filter(|r| r["arm"] == "variant") {
        add(
            r["user_id"].as_str().unwrap(),
            r["title"].as_str().unwrap(),
            r["body"].as_str().unwrap(),
        );
    }
    for b in jsonl(&out.join("onesignal.jsonl")) {
        for id in b["include_aliases"]["external_id"].as_array().unwrap() {
            add(
                id.as_str().unwrap(),
                b["headings"]["en"].as_str().unwrap(),
                b["contents"]["en"].as_str().unwrap(),
            );
        }
    }
    for m in jsonl(&out.join("fcm.jsonl")) {
        let n = &m["message"]["notification"];
        add(
            m["message"]["token"].as_str().unwrap(),
            n["title"].as_str().unwrap(),
            n["body"].as_str().unwrap(),
        );
    }
    // the campaign's own limits (the example file targets Android)
    let (tl, bl) = pushbench::campaign::Platform::Android.limits();
    for (id, all) in &texts {
        assert_eq!(all.len(), 4, "{id}");
        assert!(all.iter().all(|x| x == &all[0]), "{id}: {all:?}");
        let (t, b) = &all[0];
        assert!(!t.contains("{{") && !b.contains("{{"), "{id}: {t} {b}");
        assert!(pushbench::text::width(t) <= tl, "{id}: {t}");
        assert!(pushbench::text::width(b) <= bl, "{id}: {b}");
    }
    // The pushes name real recommended products and leave no slot unfilled.
    for r in rows.iter().filter(|r| r["arm"] == "variant").take(200) {
        let t = format!("{} {}", r["title"], r["body"]);
        assert!(!t.contains("{product}") && !t.contains("{price}"), "{t}");
    }
    audit_claims(&rows);
    let m: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["dataset"]["files"].as_array().unwrap().len(), 2);
    assert!(m["copy"]["settings"]["model_id"].is_string());

    // The run was saved and can be listed, shown and re-exported.
    let id = summary["campaign_id"].as_str().unwrap();
    let o = run(home.path(), &["campaign", "list", "--format", "json"]);
    assert!(text(&o.stdout).contains(id));
    // Re-export refuses to overwrite without --force (bad input: exit 2).
    let o = run(
        home.path(),
        &[
            "campaign",
            "export",
            id,
            "--events",
            "sample_data/events.csv",
            "--items",
            "sample_data/items.csv",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("--force"));
}

#[test]
fn config_errors_name_file_and_line() {
    let home = tempfile::tempdir().unwrap();
    let example = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/campaign.example.toml"
    ))
    .unwrap();
    let bad = home.path().join("bad.toml");
    std::fs::write(
        &bad,
        example.replace("split = [50, 50]", "split = [50, 40]"),
    )
    .unwrap();
    let o = run(
        home.path(),
        &[
            "campaign",
            "run",
            "--campaign",
            bad.to_str().unwrap(),
            "--out",
            home.path().join("o").to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let e = text(&o.stderr);
    let line = example
        .lines()
        .position(|l| l.starts_with("split ="))
        .unwrap()
        + 1;
    assert!(
        e.contains("bad.toml") && e.contains(&format!("line {line}")) && e.contains("90%"),
        "{e}"
    );
    assert!(!home.path().join("o").exists());
}

#[test]
fn list_show_duplicate_rm() {
    let home = tempfile::tempdir().unwrap();
    let o = run(home.path(), &["campaign", "list"]);
    assert!(o.status.success());
    assert!(text(&o.stdout).contains("no saved campaigns"));
    let store = Store::at(home.path().join("data").join("campaigns")).unwrap();
    store.save(&crate::campaign_support::campaign()).unwrap();
    let o = run(
        home.path(),
        &["campaign", "show", "fixture", "--format", "json"],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let back: pushbench::campaign::Campaign = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(back, crate::campaign_support::campaign());
    let o = run(home.path(), &["campaign", "show", "last"]);
    assert!(text(&o.stdout).contains("Cosy homebodies"));
    let o = run(home.path(), &["campaign", "duplicate", "fixture"]);
    assert!(o.status.success());
    let list: Vec<Value> =
        serde_json::from_slice(&run(home.path(), &["campaign", "list", "--format", "json"]).stdout)
            .unwrap();
    assert_eq!(list.len(), 2);
    let o = run(home.path(), &["campaign", "rm", "fixture"]);
    assert!(o.status.success());
    let o = run(home.path(), &["campaign", "show", "fixture"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("no saved campaign"));
}

/// The fixture campaign as if approved in the TUI on the sample data (k = 3).
fn saved_fixture(home: &Path) -> pushbench::campaign::Campaign {
    let mut c = crate::campaign_support::campaign();
    // As saved before provenance was typed: the same JSON still reads.
    c.provenance.segmentation =
        serde_json::from_value(serde_json::json!({ "algo": "kmeans", "k": 3, "seed": 42 }))
            .unwrap();
    c.provenance.recommender =
        serde_json::from_value(serde_json::json!({ "method": "hybrid", "items_per_user": 3 }))
            .unwrap();
    let ds = pushbench::data::load(
        &pushbench::data::bundled::options(),
        &pushbench::jobs::JobCtx::none(),
    )
    .unwrap();
    c.dataset = Some(pushbench::campaign::DatasetBinding::new(
        pushbench::data::fingerprint(&ds),
        "events.csv",
    ));
    let store = Store::at(home.join("data").join("campaigns")).unwrap();
    store.save(&c).unwrap();
    c
}

#[test]
fn saved_campaign_reexports_with_the_same_split() {
    let home = tempfile::tempdir().unwrap();
    saved_fixture(home.path());
    let export = |dir: &Path| {
        let o = run(
            home.path(),
            &[
                "campaign",
                "export",
                "fixture",
                "--events",
                "sample_data/events.csv",
                "--items",
                "sample_data/items.csv",
                "--out",
                dir.to_str().unwrap(),
            ],
        );
        assert!(o.status.success(), "{}", text(&o.stderr));
        serde_json::from_slice::<Value>(&o.stdout).unwrap()
    };
    let a = home.path().join("a");
    let b = home.path().join("b");
    let s = export(&a);
    export(&b);
    // Segments 0 and 1 of 3 are targeted: their users, and only theirs.
    let rows = jsonl(&a.join("campaign.jsonl"));
    assert!(rows
        .iter()
        .all(|r| r["segment_id"] == 0 || r["segment_id"] == 1));
    // every targeted user is exported or counted as left out (no item of
    // theirs backs the copy's claims, or the text would be over the limit)
    let counts = &s["export"]["counts"];
    assert_eq!(
        rows.len() as u64 + left_out(counts),
        counts["targeted"].as_u64().unwrap()
    );
    // Same campaign, same data: byte-identical files (deterministic split,
    // idempotency keys and texts).
    for f in [
        "campaign.csv",
        "campaign.jsonl",
        "onesignal.jsonl",
        "fcm.jsonl",
    ] {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn failed_validation_exits_with_3() {
    let home = tempfile::tempdir().unwrap();
    let mut c = saved_fixture(home.path());
    // Approvals that do not cover every targeted segment.
    let o = run(
        home.path(),
        &[
            "campaign",
            "run",
            "--events",
            "sample_data/events.csv",
            "--items",
            "sample_data/items.csv",
            "--campaign",
            "assets/campaign.example.toml",
            "--approvals-from",
            "fixture",
            "--out",
            home.path().join("o").to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(3), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("has no approved variant for segment 2"),
        "{}",
        text(&o.stderr)
    );
    assert!(!home.path().join("o").exists());
    // A saved campaign whose A/B split does not add up.
    c.segments[0].variants[0].split = 10;
    Store::at(home.path().join("data").join("campaigns"))
        .unwrap()
        .save(&c)
        .unwrap();
    let o = run(
        home.path(),
        &[
            "campaign",
            "export",
            "fixture",
            "--out",
            home.path().join("o").to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(3));
    assert!(
        text(&o.stderr).contains("adds up to 50%"),
        "{}",
        text(&o.stderr)
    );
}

/// The first `n` data rows of the sample events: other data.
fn other_events(home: &Path, n: usize) -> std::path::PathBuf {
    let text = std::fs::read_to_string("sample_data/events.csv").unwrap();
    let head: Vec<&str> = text.lines().take(n + 1).collect();
    let p = home.join("other.csv");
    std::fs::write(&p, head.join("\n") + "\n").unwrap();
    p
}

#[test]
fn export_on_other_data_is_refused_unless_rebound() {
    let home = tempfile::tempdir().unwrap();
    saved_fixture(home.path());
    let other = other_events(home.path(), 4000);
    let out = home.path().join("o");
    let export = |extra: &[&str]| {
        let mut args = vec![
            "campaign",
            "export",
            "fixture",
            "--events",
            other.to_str().unwrap(),
            "--items",
            "sample_data/items.csv",
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        run(home.path(), &args)
    };
    let o = export(&[]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(
        err.contains("does not match the data")
            && err.contains("other.csv")
            && err.contains("--rebind"),
        "{err}"
    );
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
    assert!(!out.exists(), "nothing written");
    // Resolved against the new data on request: exported, and bound to it.
    let o = export(&["--rebind"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(out.join("campaign.csv").exists());
    let c = Store::at(home.path().join("data").join("campaigns"))
        .unwrap()
        .load("fixture")
        .unwrap();
    let bound = c.dataset.expect("bound");
    assert!(bound.label.ends_with("other.csv"), "{}", bound.label);
    // now the sample data is the other data
    let o = run(
        home.path(),
        &[
            "campaign",
            "export",
            "fixture",
            "--out",
            home.path().join("p").to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
}

#[test]
fn two_processes_approving_into_one_campaign_lose_nothing() {
    let home = tempfile::tempdir().unwrap();
    let before = saved_fixture(home.path());
    let seg = before.segments[0].id;
    let per_process = 6;
    let workers: Vec<_> = ["north", "south"]
        .into_iter()
        .map(|who| {
            let home = home.path().to_path_buf();
            std::thread::spawn(move || {
                for i in 0..per_process {
                    let title = format!("Picked for you, {who} {i}");
                    let o = run(
                        &home,
                        &[
                            "campaign",
                            "approve",
                            "fixture",
                            "--segment",
                            &seg.to_string(),
                            "--title",
                            &title,
                            "--body",
                            "Have a look at what is new this week.",
                        ],
                    );
                    assert!(o.status.success(), "{}", text(&o.stderr));
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    let c = Store::at(home.path().join("data").join("campaigns"))
        .unwrap()
        .load("fixture")
        .unwrap();
    let plan = c.segment(seg).unwrap();
    assert_eq!(
        plan.variants.len(),
        before.segment(seg).unwrap().variants.len() + 2 * per_process,
        "every approval is kept"
    );
    for who in ["north", "south"] {
        for i in 0..per_process {
            let title = format!("Picked for you, {who} {i}");
            assert!(
                plan.variants.iter().any(|v| v.title == title),
                "{title} lost"
            );
        }
    }
    let mut labels: Vec<&str> = plan.variants.iter().map(|v| v.label.as_str()).collect();
    labels.sort();
    labels.dedup();
    assert_eq!(labels.len(), plan.variants.len(), "labels are unique");
    assert_eq!(plan.variants.iter().map(|v| v.split).sum::<u32>(), 100);
    assert_eq!(c.revision, before.revision + 2 * per_process as u64);
    // the guardrails apply to approvals from the command line too
    let o = run(
        home.path(),
        &[
            "campaign",
            "approve",
            "fixture",
            "--segment",
            "0",
            "--title",
            "",
            "--body",
            "x",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
}

/// `copy check` names each claim the facts do not back and exits non-zero;
/// given the facts (or an item whose data backs them), the same line passes.
#[test]
fn copy_check_names_every_unbacked_claim() {
    let home = tempfile::tempdir().unwrap();
    let o = run(
        home.path(),
        &[
            "copy",
            "check",
            "--title",
            "Only 3 left!",
            "--body",
            "Ends at midnight",
        ],
    );
    assert!(!o.status.success());
    let s = text(&o.stdout);
    assert!(s.contains("'Only 3 left' claims scarcity"), "{s}");
    assert!(s.contains("'Ends at midnight' claims deadline"), "{s}");
    let o = run(
        home.path(),
        &[
            "copy",
            "check",
            "--title",
            "Only 3 left!",
            "--body",
            "Ends at midnight",
            "--facts",
            "low_stock,deadline",
        ],
    );
    assert!(o.status.success(), "{}", text(&o.stdout));
    // the sample store has no new items: "just released" is refused for any
    let o = run(
        home.path(),
        &[
            "copy",
            "check",
            "--title",
            "Oakmere just released it",
            "--body",
            "Take a look.",
            "--item",
            "I00001",
            "--format",
            "json",
        ],
    );
    assert!(!o.status.success());
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["issues"][0]["kind"]["claim"], "newness");
    // and the learnt critic reports what it has
    let o = run(home.path(), &["copy", "taste", "--format", "json"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["decisions"], 0);
    assert_eq!(v["score_shown"], false);
}
