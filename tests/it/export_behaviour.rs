//! Export behaviour: field names of OneSignal and FCM bodies, formula
//! injection, unicode, no overwrite without --force, atomic writes, every
//! non-control user exactly once, OneSignal chunking.

use pushbench::campaign::{export, ExportInputs, FcmTarget, Format, OwnedItem, VecSource};
use pushbench::jobs::JobCtx;
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

fn lines(p: &Path) -> Vec<Value> {
    std::fs::read_to_string(p)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

fn run(dir: &Path) -> pushbench::campaign::ExportReport {
    let c = crate::campaign_support::campaign();
    let src = crate::campaign_support::source();
    export(
        &c,
        &ExportInputs::new(&src),
        &Format::ALL,
        dir,
        false,
        &JobCtx::none(),
    )
    .unwrap()
}

#[test]
fn onesignal_bodies_have_the_api_fields() {
    let d = tempfile::tempdir().unwrap();
    run(d.path());
    let bodies = lines(&d.path().join("onesignal.jsonl"));
    // One body per distinct message, so each user gets the text rendered
    // for them: as many bodies as distinct (title, body) pairs sent.
    let sent = lines(&d.path().join("campaign.jsonl"));
    let distinct: std::collections::HashSet<(String, String)> = sent
        .iter()
        .filter(|r| r["title"].is_string() && r["title"] != "")
        .map(|r| (r["title"].to_string(), r["body"].to_string()))
        .collect();
    assert!(
        distinct.len() > 3,
        "the fixture names several lead products"
    );
    assert_eq!(
        bodies.len(),
        distinct.len(),
        "one body per segment variant and lead product"
    );
    for b in &bodies {
        for key in [
            "app_id",
            "include_aliases",
            "target_channel",
            "headings",
            "contents",
            "url",
            "idempotency_key",
            "send_after",
        ] {
            assert!(b.get(key).is_some(), "missing {key}: {b}");
        }
        assert_eq!(b["target_channel"], "push");
        assert!(b["include_aliases"]["external_id"]
            .as_array()
            .is_some_and(|a| !a.is_empty()));
        assert!(b["headings"]["en"].is_string() && b["contents"]["en"].is_string());
        assert_eq!(b["isIos"], true);
        let key = b["idempotency_key"].as_str().unwrap();
        assert_eq!(key.len(), 36);
        assert_eq!(&key[14..15], "4", "UUID version 4: {key}");
        // 23:00 +01:00 is in quiet hours 22:00-08:00: moved to 08:00 next day.
        assert_eq!(b["send_after"], "2026-11-04 08:00:00 GMT+0100");
    }
    let keys: std::collections::HashSet<_> = bodies
        .iter()
        .map(|b| b["idempotency_key"].clone())
        .collect();
    assert_eq!(keys.len(), bodies.len(), "one idempotency key per body");
}

#[test]
fn fcm_messages_have_the_v1_fields() {
    let d = tempfile::tempdir().unwrap();
    let r = run(d.path());
    let msgs = lines(&d.path().join("fcm.jsonl"));
    assert_eq!(msgs.len(), r.counts.sent);
    for m in &msgs {
        let msg = &m["message"];
        assert!(msg["token"].is_string());
        assert!(msg["notification"]["title"].is_string());
        assert!(msg["notification"]["body"].is_string());
        assert!(msg["notification"]["image"]
            .as_str()
            .unwrap()
            .starts_with("https://"));
        assert!(msg["android"].is_object() && msg["apns"]["payload"]["aps"].is_object());
        assert!(msg["webpush"]["fcm_options"]["link"]
            .as_str()
            .unwrap()
            .starts_with("https://"));
        // FCM data values must all be strings.
        for (k, v) in msg["data"].as_object().unwrap() {
            assert!(v.is_string(), "data.{k} is not a string");
        }
        // Liquid is not rendered by FCM: defaults are used.
        assert!(!msg["notification"]["body"].as_str().unwrap().contains("{{"));
    }
}

#[test]
fn fcm_topic_mode_sends_one_message_per_variant() {
    let mut c = crate::campaign_support::campaign();
    c.delivery.fcm_target = FcmTarget::Topic;
    let src = crate::campaign_support::source();
    let d = tempfile::tempdir().unwrap();
    export(
        &c,
        &ExportInputs::new(&src),
        &[Format::Fcm],
        d.path(),
        false,
        &JobCtx::none(),
    )
    .unwrap();
    let msgs = lines(&d.path().join("fcm.jsonl"));
    assert_eq!(msgs.len(), 3);
    for m in msgs {
        let t = m["message"]["topic"].as_str().unwrap();
        assert!(
            t.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.~%".contains(c)),
            "{t}"
        );
    }
}

#[test]
fn formula_cells_are_guarded_and_unicode_kept() {
    let d = tempfile::tempdir().unwrap();
    run(d.path());
    let mut r = csv::Reader::from_path(d.path().join("campaign.csv")).unwrap();
    let mut ids = Vec::new();
    for rec in r.records() {
        let rec = rec.unwrap();
        for cell in rec.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "unguarded cell {cell:?}"
            );
        }
        ids.push(rec[0].to_string());
    }
    assert!(ids.contains(&"'=HYPERLINK(\"http://evil.example\")".to_string()));
    assert!(ids.contains(&"'+cmd|' /C calc'!A0".to_string()));
    assert!(ids.contains(&"'-2+3".to_string()));
    assert!(ids.contains(&"'@SUM(1)".to_string()));
    assert!(ids.contains(&"'\tTabbed".to_string()));
    assert!(ids.contains(&"ユーザー🎉".to_string()));
    // JSON lines keep the raw ids (no guard needed there) and the emoji.
    let rows = lines(&d.path().join("campaign.jsonl"));
    assert!(rows
        .iter()
        .any(|r| r["user_id"] == "=HYPERLINK(\"http://evil.example\")"));
    let text = std::fs::read_to_string(d.path().join("campaign.jsonl")).unwrap();
    assert!(text.contains("🧦") && text.contains("日本茶"));
    // Control characters and escapes from product names never reach a push,
    // and braces from data cannot open a Liquid tag.
    assert!(!text.contains('\u{1b}') && !text.contains("{{ secret"));
}

#[test]
fn every_non_control_user_is_in_each_format_exactly_once() {
    let d = tempfile::tempdir().unwrap();
    let r = run(d.path());
    let src = crate::campaign_support::source();
    let targeted: Vec<&str> = src
        .users
        .iter()
        .filter(|u| u.1 != 2)
        .map(|u| u.0.as_str())
        .collect();
    let rows = lines(&d.path().join("campaign.jsonl"));
    assert_eq!(rows.len(), targeted.len(), "control users are listed too");
    let sent: Vec<String> = rows
        .iter()
        .filter(|r| r["arm"] == "variant")
        .map(|r| r["user_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(sent.len(), r.counts.sent);
    assert!(r.counts.control > 0 && r.counts.sent > 0);
    let mut os: HashMap<String, usize> = HashMap::new();
    for b in lines(&d.path().join("onesignal.jsonl")) {
        for id in b["include_aliases"]["external_id"].as_array().unwrap() {
            *os.entry(id.as_str().unwrap().to_string()).or_default() += 1;
        }
    }
    let mut fcm: HashMap<String, usize> = HashMap::new();
    for m in lines(&d.path().join("fcm.jsonl")) {
        *fcm.entry(m["message"]["token"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    for id in &sent {
        assert_eq!(os.get(id), Some(&1), "{id} in OneSignal");
        assert_eq!(fcm.get(id), Some(&1), "{id} in FCM");
    }
    assert_eq!(os.len(), sent.len());
    assert_eq!(fcm.len(), sent.len());
}

#[test]
fn refuses_to_overwrite_without_force() {
    let d = tempfile::tempdir().unwrap();
    run(d.path());
    let before = std::fs::read(d.path().join("campaign.csv")).unwrap();
    let c = crate::campaign_support::campaign();
    let src = crate::campaign_support::source();
    let e = export(
        &c,
        &ExportInputs::new(&src),
        &Format::ALL,
        d.path(),
        false,
        &JobCtx::none(),
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("already exists") && e.to_string().contains("--force"),
        "{e}"
    );
    assert_eq!(e.exit_code(), 2);
    assert_eq!(
        std::fs::read(d.path().join("campaign.csv")).unwrap(),
        before
    );
    export(
        &c,
        &ExportInputs::new(&src),
        &Format::ALL,
        d.path(),
        true,
        &JobCtx::none(),
    )
    .unwrap();
    let names: Vec<String> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 5, "no temporary files left: {names:?}");
}

#[test]
fn unwritable_folder_gives_a_clear_error_and_no_files() {
    let d = tempfile::tempdir().unwrap();
    let blocker = d.path().join("not-a-folder");
    std::fs::write(&blocker, "x").unwrap();
    let c = crate::campaign_support::campaign();
    let src = crate::campaign_support::source();
    let e = export(
        &c,
        &ExportInputs::new(&src),
        &Format::ALL,
        &blocker.join("out"),
        false,
        &JobCtx::none(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("not-a-folder"), "{e}");
    assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1);
}

#[test]
fn cancelled_export_leaves_nothing_behind() {
    let d = tempfile::tempdir().unwrap();
    let c = crate::campaign_support::campaign();
    let src = crate::campaign_support::source();
    let ctx = JobCtx::none();
    ctx.cancel();
    let e = export(
        &c,
        &ExportInputs::new(&src),
        &Format::ALL,
        d.path(),
        false,
        &ctx,
    )
    .unwrap_err();
    assert!(matches!(e, pushbench::Error::Cancelled));
    assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 0);
}

#[test]
fn onesignal_splits_audiences_over_20000_ids() {
    let mut c = crate::campaign_support::campaign();
    c.control_percent = 0.0;
    c.segments.truncate(1);
    c.segments[0].variants.truncate(1);
    c.segments[0].variants[0].split = 100;
    let src = VecSource {
        users: (0..45_000).map(|i| (format!("u{i}"), 0, vec![0])).collect(),
        items: vec![OwnedItem {
            id: "I001".into(),
            title: "Socks".into(),
            category: Some("Fashion".into()),
            price: Some(9.5),
            ..OwnedItem::default()
        }],
    };
    let d = tempfile::tempdir().unwrap();
    export(
        &c,
        &ExportInputs::new(&src),
        &[Format::OneSignal],
        d.path(),
        false,
        &JobCtx::none(),
    )
    .unwrap();
    let sizes: Vec<usize> = lines(&d.path().join("onesignal.jsonl"))
        .iter()
        .map(|b| {
            b["include_aliases"]["external_id"]
                .as_array()
                .unwrap()
                .len()
        })
        .collect();
    assert_eq!(sizes, vec![20_000, 20_000, 5_000]);
}

/// What each user receives through OneSignal is the text rendered for them:
/// their own lead product, exactly their campaign.jsonl (and CSV) row's
/// title, body and link.
#[test]
fn onesignal_gives_every_user_their_own_text() {
    let d = tempfile::tempdir().unwrap();
    run(d.path());
    let text = |v: &Value, k: &str| v[k].as_str().unwrap().to_string();
    let want: HashMap<String, (String, String, String)> = lines(&d.path().join("campaign.jsonl"))
        .iter()
        .filter(|r| r["arm"] != "control")
        .map(|r| {
            (
                text(r, "user_id"),
                (text(r, "title"), text(r, "body"), text(r, "deep_link")),
            )
        })
        .collect();
    let leads: std::collections::HashSet<&str> = want.values().map(|w| w.2.as_str()).collect();
    assert!(
        leads.len() > 3,
        "the fixture's users have different lead products"
    );
    let mut seen = 0;
    for body in lines(&d.path().join("onesignal.jsonl")) {
        let got = (
            text(&body["headings"], "en"),
            text(&body["contents"], "en"),
            text(&body, "url"),
        );
        for id in body["include_aliases"]["external_id"].as_array().unwrap() {
            let id = id.as_str().unwrap();
            assert_eq!(Some(&got), want.get(id), "OneSignal text of {id}");
            seen += 1;
        }
    }
    assert_eq!(seen, want.len(), "every targeted user once");
}

/// Copy that claims what no fact backs ("New in", a cart) reaches nobody: the
/// users are left out of every file and counted, never sent an untrue line.
#[test]
fn users_whose_items_do_not_back_the_claims_are_left_out_and_counted() {
    let mut c = crate::campaign_support::campaign();
    c.segments.truncate(1);
    c.segments[0].variants.truncate(1);
    c.segments[0].variants[0].split = 100;
    c.segments[0].variants[0].title = "New in: {product}".into();
    c.segments[0].variants[0].body = "It is still in your cart.".into();
    let src = crate::campaign_support::source();
    let d = tempfile::tempdir().unwrap();
    let r = export(
        &c,
        &ExportInputs::new(&src),
        &Format::ALL,
        d.path(),
        false,
        &JobCtx::none(),
    )
    .unwrap();
    assert_eq!(r.counts.sent, 0);
    assert!(r.counts.unbacked > 0);
    assert_eq!(r.counts.unbacked, r.counts.targeted - r.counts.control);
    assert!(
        r.notes.iter().any(|n| n.contains("get no push")),
        "{:?}",
        r.notes
    );
    let csv = std::fs::read_to_string(d.path().join("campaign.csv")).unwrap();
    assert!(!csv.contains("New in"), "{csv}");
    assert!(lines(&d.path().join("onesignal.jsonl")).is_empty());
    assert!(lines(&d.path().join("fcm.jsonl")).is_empty());
}

/// "Welcome back" is said only to users who have lapsed; the fixture's users
/// have no history, so nobody gets it, and the count names the claim.
#[test]
fn lines_about_the_users_history_need_that_history() {
    let mut c = crate::campaign_support::campaign();
    c.segments.truncate(1);
    c.segments[0].variants.truncate(1);
    c.segments[0].variants[0].split = 100;
    c.segments[0].variants[0].body = "Welcome back. {product} is here.".into();
    let src = crate::campaign_support::source();
    let d = tempfile::tempdir().unwrap();
    let r = export(
        &c,
        &ExportInputs::new(&src),
        &[Format::Csv],
        d.path(),
        false,
        &JobCtx::none(),
    )
    .unwrap();
    assert_eq!(r.counts.sent, 0);
    assert_eq!(
        r.counts.unbacked_by_claim.get("lapsed"),
        Some(&r.counts.unbacked)
    );
    assert_eq!(r.counts.left_out(), r.counts.targeted - r.counts.control);
}
